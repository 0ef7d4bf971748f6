"""The `zwgk` command line. Each subcommand lives in its own module, which provides
`add_parser(subparsers)`; this file only lists them."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from .config import Settings

#: modules (under zwgk.) that provide a subcommand, in the order `zwgk --help` lists them
COMMAND_MODULES = ["build", "validate", "coverage", "serve", "publish", "query", "mappings.draft"]


#: the command a module provides, where it is not the module's name
COMMAND_NAMES = {"mappings.draft": "mapping"}


def named_command(argv: list[str]) -> str | None:
    """The command `argv` names: its first word that is neither an option nor the value of `--config`."""
    after_config = False
    for arg in argv:
        if after_config:
            after_config = False
        elif arg == "--config":
            after_config = True
        elif not arg.startswith("-"):
            return arg
    return None


def add_common(p: argparse.ArgumentParser) -> None:
    """Options every subcommand shares."""
    p.add_argument("--base", help="URI base of every minted IRI (env ZWGK_BASE; default http://127.0.0.1:8000)")
    p.add_argument("--store", help="embedded store directory (env ZWGK_STORE; default var/store)")
    p.add_argument("--dumps", type=Path, help="dump directory (env ZWGK_DUMPS; default var/dumps)")
    add_vocab(p)


def add_vocab(p: argparse.ArgumentParser) -> None:
    p.add_argument("--vocab", help="namespace of the ontology, shapes and code lists, the same in every deployment "
                                   "(env ZWGK_VOCAB; default https://w3id.org/zwgk/)")


def use_vocab(args: argparse.Namespace, command: str = "zwgk") -> None:
    """Check the vocabulary namespace (--vocab, else ZWGK_VOCAB) and make it the one every IRI of this run
    uses (zwgk.uris.vocab() reads ZWGK_VOCAB); a namespace that cannot be one is a usage error (exit 2)."""
    import os
    from .uris import VOCAB_ENV, VocabError, vocab
    if getattr(args, "vocab", None):
        os.environ[VOCAB_ENV] = args.vocab
    try:
        vocab()
    except VocabError as e:
        print(f"{command}: error: {e}", file=sys.stderr)
        raise SystemExit(2) from None


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
    use_vocab(args)
    return settings


def open_built_store(settings: Settings, command: str):
    """The built store, read-only, or None after telling the user to build first."""
    import pyoxigraph as ox
    if not Path(settings.store).exists():
        print(f"zwgk {command}: no store at {settings.store}; run `zwgk build` first", file=sys.stderr)
        return None
    return ox.Store.read_only(str(settings.store))


def config_option(argv: list[str]) -> str | None:
    """The value of `--config FILE` given before the command (after it, `zwgk publish --config` and `zwgk query
    --config` name their [sparql] credentials file)."""
    for i, arg in enumerate(argv):
        if arg == "--config":
            return argv[i + 1] if i + 1 < len(argv) else None
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            return None
    return None


def main(argv: list[str] | None = None) -> int:
    from . import __version__
    from .config import ConfigError, apply_config, config_path
    argv = sys.argv[1:] if argv is None else list(argv)
    try:  # before the parsers are made: their defaults read the environment the config file fills
        apply_config(config_path(config_option(argv)))
    except ConfigError as e:
        print(f"zwgk: error: {e}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="zwgk", description="Publish government disclosure catalogues as linked data.")
    parser.add_argument("--version", action="version", version=f"zwgk {__version__}")
    parser.add_argument("--config", metavar="FILE",
                        help="settings file (TOML; env ZWGK_CONFIG; default ./zwgk.toml when it exists): keys are the "
                             "ZWGK_* variables' names in lower case; options and the environment win over it")
    sub = parser.add_subparsers(dest="command", required=True)
    # only the named command's module is imported when argv names one: `zwgk serve` starts without the build's
    # libraries (0.8 CPU-s of imports; issue 13 wants the server answering within 2 s of its start)
    named = [m for m in COMMAND_MODULES if COMMAND_NAMES.get(m, m) == named_command(argv)]
    for name in named or COMMAND_MODULES:
        importlib.import_module(f"zwgk.{name}").add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:     # `zwgk validate | head`: the reader left; no traceback (Python's recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
