"""Readers turn a catalogue file into a `RawTable`: rows of raw cell text with source line numbers.

One module per source layout. A reader knows how cells and rows are delimited in its layout and nothing
about what the columns mean; that comes from the catalogue's mapping file (see `zwgk.mappings.spec`).
"""
from __future__ import annotations

from typing import Callable

from .base import Cell, RawRow, RawTable, ReadError, read_text
from .cell_per_line import read_cell_per_line
from .docx import read_docx
from .tsv import read_tsv
from .xlsx import read_xlsx

#: readers of the agencies' original files, with real cells and merges:
#: function(path, file, ncols, header_rows, header_probe, which) -> RawTable, where `which` is the
#: mapping's `table` (docx) or `sheet` (xlsx)
FILE_READERS: dict[str, Callable[..., RawTable]] = {
    "docx": read_docx,
    "xlsx": read_xlsx,
}

#: reader name used in mapping files → function(path, text, ncols, header_rows, header_probe) -> RawTable
#: (text layouts), or a FILE_READERS function
READERS: dict[str, Callable[..., RawTable]] = {
    "tsv": read_tsv,
    "cell-per-line": read_cell_per_line,
    **FILE_READERS,
}

__all__ = ["Cell", "RawRow", "RawTable", "ReadError", "READERS", "FILE_READERS", "read_text"]
