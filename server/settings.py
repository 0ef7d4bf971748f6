"""Server settings: each has a `zwgk serve` option and a ZWGK_* environment variable."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ZWGK_{name}", default)


@dataclass
class ServerSettings:
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("PORT", "8000")))
    base: str | None = field(default_factory=lambda: os.environ.get("ZWGK_BASE"))
    # a path, or an http(s) endpoint; both below ZWGK_VAR (var/) unless given, as for `zwgk build`
    store: str = field(default_factory=lambda: _env("STORE", os.path.join(_env("VAR", "var"), "store")))
    dumps: str = field(default_factory=lambda: _env("DUMPS", os.path.join(_env("VAR", "var"), "dumps")))
    query_timeout: float = field(default_factory=lambda: float(_env("QUERY_TIMEOUT", "10")))
    max_rows: int = field(default_factory=lambda: int(_env("MAX_ROWS", "10000")))
    query_workers: int = field(default_factory=lambda: int(_env("QUERY_WORKERS", "2")))
    allow_service: bool = field(default_factory=lambda: _env("ALLOW_SERVICE", "0") in ("1", "true", "yes"))
    page_size: int = field(default_factory=lambda: int(_env("PAGE_SIZE", "50")))
    query_cache: int = field(default_factory=lambda: int(_env("QUERY_CACHE", "512")))  # results kept; 0: off
    page_cache: int = field(default_factory=lambda: int(_env("PAGE_CACHE", "4096")))   # representations kept
    access_log: str | None = field(default_factory=lambda: _env("ACCESS_LOG", "") or None)  # '-': stdout; a file

    def __post_init__(self):
        if not self.base:
            self.base = f"http://{self.host}:{self.port}"
        self.base = self.base.rstrip("/")

    def environment(self) -> dict[str, str]:
        """These settings as the ZWGK_* variables that make them again: how `zwgk serve --http-workers N` hands
        them to its worker processes (each makes its application from the environment)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f"ZWGK_{f.name.upper()}"] = ("1" if value else "0") if isinstance(value, bool) else \
                "" if value is None else str(value)
        return out
