"""Shared fixtures: one real build of the project's catalogues per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zwgk.build import build
from zwgk.config import PROJECT_DIR, Settings

BASE = "http://127.0.0.1:8000"
EXPECTED_DIR = Path(__file__).parent / "expected"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A build of catalogues/ into a temporary var/ directory: (settings, result)."""
    var = tmp_path_factory.mktemp("var")
    settings = Settings(base=BASE, var=var, catalogues=PROJECT_DIR / "catalogues",
                        mappings=PROJECT_DIR / "mappings" / "catalogues")
    result = build(settings, progress=lambda msg: None)
    return settings, result


def expected_files() -> list[Path]:
    return sorted(EXPECTED_DIR.glob("*.json"))


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
