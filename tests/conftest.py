"""Shared fixtures: one real build of the project's catalogues per test session."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zwgk.build import build
from zwgk.config import PROJECT_DIR, Settings

BASE = "http://127.0.0.1:8000"
# the tests write the vocabulary's IRIs as users paste them (https://w3id.org/zwgk/…): the default namespace
os.environ.pop("ZWGK_VOCAB", None)
EXPECTED_DIR = Path(__file__).parent / "expected"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A build of catalogues/ into a temporary var/ directory: (settings, result)."""
    var = tmp_path_factory.mktemp("var")
    settings = Settings(base=BASE, var=var, catalogues=PROJECT_DIR / "catalogues",
                        mappings=PROJECT_DIR / "mappings" / "catalogues")
    result = build(settings, progress=lambda msg: None)
    return settings, result


@pytest.fixture(scope="session")
def rebuilt(built, tmp_path_factory):
    """A second build of the same catalogues into another var/ directory (for what must not change
    between builds): its settings."""
    settings, _ = built
    again = Settings(base=BASE, var=tmp_path_factory.mktemp("var-again"), catalogues=settings.catalogues,
                     mappings=settings.mappings)
    build(again, progress=lambda msg: None)
    return again


def expected_files() -> list[Path]:
    return sorted(EXPECTED_DIR.glob("*.json"))


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def served_build(tmp_path_factory):
    """A build of the real catalogues for `server`, whose URI base is the server's own address: (settings, port)."""
    from .servers import free_port
    port = free_port()
    var = tmp_path_factory.mktemp("served")
    settings = Settings(base=f"http://127.0.0.1:{port}", var=var, catalogues=PROJECT_DIR / "catalogues",
                        mappings=PROJECT_DIR / "mappings" / "catalogues")
    build(settings, progress=lambda msg: None)
    return settings, port


@pytest.fixture(scope="session")
def server(served_build):
    """`zwgk serve` over a build of the real catalogues whose URI base is the server's own address."""
    from .servers import running_server
    settings, port = served_build
    # small pages, so that listings really page on the real data
    with running_server(settings.store, settings.dumps, port, env={"ZWGK_PAGE_SIZE": "20"}) as base:
        yield base


@pytest.fixture(scope="session")
def limited_server(served_build):
    """A second `zwgk serve` over the same store (same URI base) with tight limits: at most 5 result rows (set
    by the environment, ZWGK_MAX_ROWS=5) and a 2 s query deadline (set by the option, --timeout 2)."""
    from .servers import free_port, running_server
    settings, _ = served_build
    with running_server(settings.store, settings.dumps, free_port(), "--timeout", "2", "--base", settings.base,
                        env={"ZWGK_MAX_ROWS": "5"}) as base:
        yield base
