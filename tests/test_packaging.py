"""pyproject.toml lists the packages by hand (the code lives in several top-level folders mapped into `zwgk`):
every Python package in those folders must be listed, or an installed zwgk (a wheel, not the editable install the
tests run from) goes without it."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_python_package_is_in_the_wheel_list():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed, dirs = set(tool["packages"]), tool["package-dir"]
    found = set()
    for package, folder in dirs.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            rel = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *rel)))
    assert "zwgk.publish" in found
    assert found <= listed, sorted(found - listed)
