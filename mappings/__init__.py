"""Catalogues in, disclosure-item records out: readers (one per layout), mapping files (one per
catalogue, in mappings/catalogues/), and the record → RDF minting (`zwgk.mappings.mint`).

    read_catalogue(mapping, catalogues_dir, base) -> Catalogue
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..ontology import code_lists
from .readers import READERS, RawTable, ReadError, read_text
from .records import Record, build_records, header_probe
from .spec import Mapping, MappingError, load_mapping

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


def mapping_files(directory: Path = MAPPINGS_DIR) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def read_catalogue(mapping: Mapping, catalogues_dir: Path, base: str) -> Catalogue:
    path = Path(catalogues_dir) / mapping.source
    text = read_text(path)
    source_file = f"catalogues/{mapping.source}"
    reader = READERS[mapping.reader]
    table = reader(source_file, text, mapping.ncols, mapping.header_rows, header_probe(mapping))
    records, warnings = build_records(table, mapping, code_lists(base), source_file)
    if not records:
        raise ReadError(source_file, None, "no disclosure items found in the table")
    return Catalogue(mapping, path, source_file, table, records, warnings)


__all__ = ["Catalogue", "Mapping", "MappingError", "ReadError", "Record", "load_mapping",
           "mapping_files", "read_catalogue", "MAPPINGS_DIR"]
