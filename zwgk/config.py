"""Settings: every knob has a command-line option and an environment variable (ZWGK_*), and can be written in
a config file (TOML: `zwgk --config FILE`, else $ZWGK_CONFIG, else ./zwgk.toml when there is one).

A command-line option wins over the environment, which wins over the config file, which wins over the
default. The config file's keys are the environment variables' names without `ZWGK_`, in lower case
(`port = 8000` is ZWGK_PORT=8000), so everything documented for one holds for the other. It is applied by
filling the environment variables that are not set yet, before any command reads them.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_ENV = "ZWGK_CONFIG"
DEFAULT_CONFIG = "zwgk.toml"

PATH, STR, INT, FLOAT, BOOL = "path", "string", "integer", "number", "boolean"
#: every key a config file may hold: its environment variable is ZWGK_{KEY.upper()}
KEYS = {
    "base": STR, "vocab": STR, "catalogues": PATH, "mappings": PATH, "var": PATH, "store": PATH, "dumps": PATH,
    "host": STR, "port": INT, "query_timeout": FLOAT, "max_rows": INT, "query_workers": INT,
    "http_workers": INT, "allow_service": BOOL, "page_size": INT, "query_cache": INT, "page_cache": INT, "access_log": PATH,
    "sparql_endpoint": STR, "sparql_user": STR, "sparql_config": PATH, "remote_dataset": STR,
    "remote_timeout": FLOAT, "remote_retries": INT, "vocab": STR, "search_dir": PATH, "workers": INT,
    "catalogue_memory": STR, "catalogue_timeout": FLOAT, "bulk_dir": PATH, "bulk_dir_remote": STR,
}
SECRETS = {"sparql_password"}


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file (and the line of the key)."""


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ZWGK_{name}", default)


def _project_folder(relative: str) -> str:
    """./catalogues (or ./mappings/catalogues) when run in a project folder, else the checkout's own."""
    here = Path(relative)
    return str(here if here.is_dir() else PROJECT_DIR / relative)


@dataclass
class Settings:
    # read when a Settings is made, not when this module is imported: a config file fills the environment first
    base: str = field(default_factory=lambda: _env("BASE", "http://127.0.0.1:8000"))
    catalogues: Path = field(default_factory=lambda: Path(_env("CATALOGUES", _project_folder("catalogues"))))
    mappings: Path = field(default_factory=lambda: Path(_env("MAPPINGS", _project_folder("mappings/catalogues"))))
    var: Path = field(default_factory=lambda: Path(_env("VAR", "var")))
    store: Path | None = None
    dumps: Path | None = None

    def __post_init__(self):
        self.base = self.base.rstrip("/")
        self.catalogues, self.mappings, self.var = Path(self.catalogues), Path(self.mappings), Path(self.var)
        self.store = Path(self.store) if self.store else Path(_env("STORE", str(self.var / "store")))
        self.dumps = Path(self.dumps) if self.dumps else Path(_env("DUMPS", str(self.var / "dumps")))


# -- the config file ---------------------------------------------------------------------------------------

def _line_of(text: str, key: str) -> str:
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return f":{n}"
    return ""


def read_config(path: str | Path) -> dict[str, str]:
    """The environment variables a config file sets: {"ZWGK_PORT": "8000", …}. Relative paths are taken
    from the config file's folder. Raises ConfigError naming the file and line."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {p} does not exist") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {p} cannot be read: {e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML: {e}") from None
    env: dict[str, str] = {}
    for key, value in data.items():
        where = f"{p}{_line_of(text, key)}"
        if key in SECRETS:
            raise ConfigError(f"{where}: {key} does not belong in a config file; set ZWGK_{key.upper()} in the "
                              "environment (or use the [sparql] file of `zwgk publish --config`)")
        if isinstance(value, dict):
            m = re.search(rf"^\s*\[+\s*[\"']?{re.escape(key)}\b", text, re.M)
            where = f"{p}:{text[:m.start()].count(chr(10)) + 1}" if m else str(p)
            raise ConfigError(f"{where}: [{key}]: a config file holds plain keys only, no tables (write port = 8000 "
                              "at the top, not under a [section])")
        kind = KEYS.get(key)
        if kind is None:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known keys: {', '.join(sorted(KEYS))}"
            raise ConfigError(f"{where}: unknown key '{key}'{hint}")
        env[f"ZWGK_{key.upper()}"] = _value(where, key, kind, value, p.parent)
    return env


def _value(where: str, key: str, kind: str, value, folder: Path) -> str:
    wrong = ConfigError(f"{where}: {key} must be {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not {value!r}")
    if kind == BOOL:
        if not isinstance(value, bool):
            raise wrong
        return "1" if value else "0"
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        raise wrong
    if kind == INT:
        if not isinstance(value, int):
            raise wrong
        return str(value)
    if kind == FLOAT:
        if not isinstance(value, (int, float)):
            raise wrong
        return str(value)
    if kind == STR and isinstance(value, int):   # catalogue_memory = 0
        return str(value)
    if not isinstance(value, str) or not value:
        raise wrong
    if kind == PATH and value != "-" and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        return str((folder / Path(value).expanduser()).resolve()) if not Path(value).expanduser().is_absolute() \
            else str(Path(value).expanduser())
    return value


def config_path(option: str | None, environ=os.environ) -> Path | None:
    """The config file in use: the option, else $ZWGK_CONFIG, else ./zwgk.toml if it exists."""
    chosen = option or environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(DEFAULT_CONFIG) if Path(DEFAULT_CONFIG).is_file() else None


def apply_config(path: Path | None, environ=os.environ) -> dict[str, str]:
    """Fill the environment from the config file, leaving every variable already set as it is; what was set."""
    if path is None:
        return {}
    applied = {}
    for name, value in read_config(path).items():
        if name not in environ:
            environ[name] = applied[name] = value
    return applied
