"""Settings: every knob has a command-line option and an environment variable (ZWGK_*)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ZWGK_{name}", default)


def _project_folder(relative: str) -> str:
    """./catalogues (or ./mappings/catalogues) when run in a project folder, else the checkout's own."""
    here = Path(relative)
    return str(here if here.is_dir() else PROJECT_DIR / relative)


@dataclass
class Settings:
    base: str = _env("BASE", "http://127.0.0.1:8000")
    catalogues: Path = Path(_env("CATALOGUES", _project_folder("catalogues")))
    mappings: Path = Path(_env("MAPPINGS", _project_folder("mappings/catalogues")))
    var: Path = Path(_env("VAR", "var"))
    store: Path | None = None
    dumps: Path | None = None

    def __post_init__(self):
        self.base = self.base.rstrip("/")
        self.store = Path(self.store) if self.store else Path(_env("STORE", str(self.var / "store")))
        self.dumps = Path(self.dumps) if self.dumps else Path(_env("DUMPS", str(self.var / "dumps")))
