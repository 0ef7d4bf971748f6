"""Catalogues in, disclosure-item records out: readers (one per layout), mapping files (one per
catalogue, in mappings/catalogues/), and the record → RDF minting (`zwgk.mappings.mint`).

    read_catalogue(mapping, catalogues_dir, base) -> Catalogue
"""
from __future__ import annotations

import re

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ..ontology import code_lists
from .readers import READERS, WORKBOOKS, RawTable, ReadError, ReadOptions, assemble
from .cells import title_at
from .readers.base import printable
from .records import Record, build_records, header_probe
from .spec import Mapping, MappingError, MappingPattern, load_mapping

HERE = Path(__file__).parent
MAPPINGS_DIR = HERE / "catalogues"


@dataclass
class Catalogue:
    mapping: Mapping
    source_path: Path
    source_file: str              # as recorded in provenance: catalogues/<file>
    table: RawTable
    records: list[Record]
    warnings: list[str] = field(default_factory=list)
    # what the mapping's `preamble` read from the text before the table: title, description, phone …
    metadata: dict[str, str] = field(default_factory=dict)


def mapping_files(directory: Path = MAPPINGS_DIR) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def read_catalogue(mapping: Mapping, catalogues_dir: Path, base: str) -> Catalogue:
    """The catalogue's records, read from its file as the mapping says.

    The cyclic garbage collector is paused while one catalogue is read: reading makes millions of small
    acyclic objects (cells, rows, records), and each full collection walks all of them again; measured on a
    100,000-row text catalogue: 16.9 s with it, 9.7 s without. It runs again as soon as the catalogue is read."""
    import gc
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read_catalogue(mapping, catalogues_dir, base)
    finally:
        if paused:
            gc.enable()


def _read_catalogue(mapping: Mapping, catalogues_dir: Path, base: str) -> Catalogue:
    from .spec import confine_source
    # untrusted: the source must stay inside the catalogues folder (no '..', absolute path or symlink out)
    path = confine_source(mapping, catalogues_dir)
    source_file = f"catalogues/{mapping.source}"
    probe = header_probe(mapping)
    document = READERS[mapping.reader](source_file, path, ReadOptions(mapping.ncols, mapping.header_rows, probe,
                                                                      mapping.encoding))
    if not document.merges_seen:
        mapping = mapping.with_merges_lost()
    table = assemble(document, mapping.ncols, mapping.header_rows, probe, mapping.tables,
                     check_width=mapping.structured, unit="sheet" if mapping.reader in WORKBOOKS else "table")
    records, warnings = build_records(table, mapping, code_lists(base), source_file)
    if not records:
        raise ReadError(source_file, None, "no disclosure items found in the table")
    metadata, missing = read_preamble(table.preamble, mapping.preamble, mapping, source_file)
    # a row across the table read as a section's title: said unless the mapping says what titles are
    sections = [] if mapping.titles or mapping.title_levels else [f"{where}: a row spanning the whole table is not an item; read as the "
                                          f"title of the rows below: '{title[:60]}'" for where, title in table.sections]
    warnings = table.warnings + sections + warnings + [f"{source_file}: preamble: no {f} found in the text before "
                                                       "the table" for f in missing]
    # a text file names no encoding: say which one was detected (a web page's reader says so itself,
    # only when its declared charset was missing or wrong)
    if mapping.reader in ("tsv", "cell-per-line") and table.encoding and not mapping.encoding \
            and table.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.insert(0, f"{source_file}: decoded as {table.encoding} (detected); "
                           f"name it in the mapping ('encoding: {table.encoding}') once checked")
    # what the document says overrides the mapping's fallback title/description
    mapping = dataclasses.replace(mapping, title=metadata.get("title") or mapping.title,
                                  description=metadata.get("description") or mapping.description)
    # one line each, whatever the file holds or is named (cell text in a warning: new lines, bidi controls)
    warnings = [printable(w) for w in warnings]
    return Catalogue(mapping, path, source_file, table, records, warnings, metadata)


def read_preamble(lines: list[str], rules: dict[str, str], mapping: Mapping,
                  source_file: str) -> tuple[dict[str, str], list[str]]:
    """(field → value, fields not found): `first-line` is the first line before the table; a regular
    expression is searched in all of them (under a time limit: `MappingPattern`), its first group (or
    whole match) being the value."""
    text = "\n".join(lines)
    found, missing = {}, []
    for name, rule in rules.items():
        if rule == "first-line":
            value = title_at(lines, 0) if lines else ""   # with its second line, if wrapped
        else:
            m = MappingPattern(mapping, f"preamble.{name}", rule,
                               lambda: f"the text before the table in {source_file}").search(text)
            value = (m.group(1) if m and m.groups() else m.group(0) if m else "") or ""
        if name == "phone":       # a number wrapped over two lines of a PDF's text is one number
            value = re.sub(r"\s+", "", value)
        if value.strip():
            found[name] = value.strip()
        else:
            missing.append(name)
    return found, missing


__all__ = ["Catalogue", "Mapping", "MappingError", "ReadError", "Record", "load_mapping",
           "mapping_files", "read_catalogue", "MAPPINGS_DIR"]
