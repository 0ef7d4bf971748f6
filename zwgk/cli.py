"""The `zwgk` command line. Each subcommand lives in its own module, which provides
`add_parser(subparsers)`; this file only lists them."""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .config import Settings

#: modules (under zwgk.) that provide a subcommand, in the order `zwgk --help` lists them
COMMAND_MODULES = ["build", "validate", "coverage", "serve", "publish", "query", "mappings.draft"]


def add_common(p: argparse.ArgumentParser) -> None:
    """Options every subcommand shares."""
    p.add_argument("--base", help="URI base of every minted IRI (env ZWGK_BASE; default http://127.0.0.1:8000)")
    p.add_argument("--store", help="embedded store directory (env ZWGK_STORE; default var/store)")
    p.add_argument("--dumps", type=Path, help="dump directory (env ZWGK_DUMPS; default var/dumps)")


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings of a command; a base IRI that would break every IRI minted is a usage error (exit 2)."""
    from .uris import BaseError, check_base
    kw = {k: getattr(args, k, None) for k in ("base", "store", "dumps", "catalogues", "mappings")}
    settings = Settings(**{k: v for k, v in kw.items() if v})
    try:
        settings.base = check_base(settings.base)
    except BaseError as e:
        print(f"zwgk: error: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    return settings


def open_built_store(settings: Settings, command: str):
    """The built store, read-only, or None after telling the user to build first."""
    import pyoxigraph as ox
    if not Path(settings.store).exists():
        print(f"zwgk {command}: no store at {settings.store}; run `zwgk build` first", file=sys.stderr)
        return None
    return ox.Store.read_only(str(settings.store))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk", description="Publish government disclosure catalogues as linked data.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"zwgk.{name}").add_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
