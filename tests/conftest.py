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


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`zwgk serve` over a build of the real catalogues whose URI base is the server's own address."""
    from .servers import free_port, running_server
    port = free_port()
    var = tmp_path_factory.mktemp("served")
    settings = Settings(base=f"http://127.0.0.1:{port}", var=var, catalogues=PROJECT_DIR / "catalogues",
                        mappings=PROJECT_DIR / "mappings" / "catalogues")
    build(settings, progress=lambda msg: None)
    # small pages, so that listings really page on the real data
    with running_server(settings.store, settings.dumps, port, env={"ZWGK_PAGE_SIZE": "20"}) as base:
        yield base
