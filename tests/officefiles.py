"""Helpers the .docx and .xlsx reader tests share: a document (or workbook) saved beside its mapping file,
read back with the project's reader, and code-list labels of what was read."""
from __future__ import annotations

from pathlib import Path

import pytest

from zwgk.mappings import ReadError, load_mapping, read_catalogue
from zwgk.ontology import code_lists

from .conftest import BASE

CODES = code_lists(BASE)


def workbook(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> str:
    """An Excel file of one sheet holding `rows` (titles, header, items) from A1, its `merges` (B3:B6) merged;
    the file's name."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path.name


def mapping_file(tmp: Path, mapping: str, source: str, extra: str = "", **format) -> Path:
    """The mapping template filled in for `source`, saved in tmp; `extra` is appended as is (not a template)."""
    path = tmp / f"{source}.yaml"
    path.write_text(mapping.format(source=source, **format) + extra, encoding="utf-8")
    return path


def saved_with_mapping(tmp: Path, name: str, document, mapping: str, **format) -> Path:
    """Save the document (python-docx Document or openpyxl Workbook) and its mapping file in tmp;
    return the mapping's path."""
    document.save(tmp / name)
    return mapping_file(tmp, mapping, name, **format)


def read(tmp: Path, mapping_path: Path):
    return read_catalogue(load_mapping(mapping_path), tmp, BASE)


def labels(iris: list[str]) -> list[str]:
    return [CODES.label(i) for i in iris]


def assert_unreadable(tmp: Path, mapping: str, name: str, content: bytes, message: str) -> None:
    """A file of these bytes, named in a mapping, fails to read with an error naming it and saying why."""
    (tmp / name).write_bytes(content)
    with pytest.raises(ReadError) as e:
        read(tmp, mapping_file(tmp, mapping, name))
    assert str(e.value).startswith(f"catalogues/{name}: ") and message in str(e.value)
