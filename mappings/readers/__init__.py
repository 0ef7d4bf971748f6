"""Readers turn a catalogue file into a `RawTable`: rows of raw cell text with source line numbers.

One module per source layout. A reader knows how cells and rows are delimited in its layout and nothing
about what the columns mean; that comes from the catalogue's mapping file (see `zwgk.mappings.spec`).
"""
from __future__ import annotations

from typing import Callable

from .base import Cell, RawRow, RawTable, ReadError, read_text
from .cell_per_line import read_cell_per_line
from .tsv import read_tsv

#: reader name used in mapping files → function(path, text, ncols, header_rows) -> RawTable
READERS: dict[str, Callable[..., RawTable]] = {
    "tsv": read_tsv,
    "cell-per-line": read_cell_per_line,
}

__all__ = ["Cell", "RawRow", "RawTable", "ReadError", "READERS", "read_text"]
