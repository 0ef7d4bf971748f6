"""The `zwgk` command line: build, and (as their issues land) validate, serve, query, publish."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import Settings


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", help="URI base of every minted IRI (env ZWGK_BASE; default http://127.0.0.1:8000)")
    p.add_argument("--store", type=Path, help="embedded store directory (env ZWGK_STORE; default var/store)")
    p.add_argument("--dumps", type=Path, help="dump directory (env ZWGK_DUMPS; default var/dumps)")


def settings_from(args: argparse.Namespace) -> Settings:
    kw = {k: v for k, v in (("base", args.base), ("store", args.store), ("dumps", args.dumps),
                            ("catalogues", getattr(args, "catalogues", None)),
                            ("mappings", getattr(args, "mappings", None))) if v}
    return Settings(**kw)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build, summary_table
    settings = settings_from(args)
    try:
        result = build(settings, only=args.only)
    except BuildError as e:
        print(f"zwgk build: error: {e}", file=sys.stderr)
        print("zwgk build: nothing was changed; the previous store and dumps are kept", file=sys.stderr)
        return 1
    for c in result.catalogues:
        for w in c.warnings:
            print(f"warning: {w}", file=sys.stderr)
    print(summary_table(result))
    print(f"store: {result.store}   dumps: {result.dumps}   ({result.seconds:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zwgk", description="Publish government disclosure catalogues as linked data.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="read every catalogue, load the embedded store, write the dumps")
    _common(b)
    b.add_argument("--catalogues", type=Path, help="folder of catalogue files (default ./catalogues)")
    b.add_argument("--mappings", type=Path, help="folder of mapping files (default mappings/catalogues)")
    b.add_argument("--only", nargs="+", metavar="ID", help="build only these catalogue ids")
    b.set_defaults(func=cmd_build)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
