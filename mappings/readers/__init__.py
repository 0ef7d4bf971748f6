"""Readers turn a catalogue file into a `Document`: its tables as grids of cells with their merges and
provenance (`base.py`); `assemble.py` turns that into the catalogue's `RawTable`, the same way for
every form.

One module per published form. A reader knows how cells, merges and rows are written in its form and
nothing about what the columns mean; that comes from the catalogue's mapping file
(see `zwgk.mappings.spec`). Every reader is `read(path, file, options) -> Document`.
"""
from __future__ import annotations

import importlib
from typing import Callable

from .assemble import assemble
from .base import Cell, Document, Grid, RawRow, RawTable, ReadError, ReadOptions, read_text, with_title_tables

Reader = Callable[[str, object, ReadOptions], Document]


def _lazy(module: str, function: str) -> Reader:
    """Import a reader's module on first use (pdfplumber, openpyxl … load only when needed)."""
    def read(path, file, options=None):
        doc = getattr(importlib.import_module(f"{__name__}.{module}"), function)(path, file, options or ReadOptions())
        # (in a flowing document; a workbook's sheet of one text is a cover, no title of the next sheet)
        return with_title_tables(doc) if module in FLOWING else doc
    read.__name__ = function
    return read


#: reader name used in mapping files → its function. Text layouts form rows from lines; the others
#: read the file's real cells and merges ("structured": a blank cell is just blank).
READERS: dict[str, Reader] = {
    "tsv": _lazy("tsv", "read_tsv"),
    "cell-per-line": _lazy("cell_per_line", "read_cell_per_line"),
    "html": _lazy("html", "read_html"),
    "pdf": _lazy("pdf", "read_pdf"),
    "docx": _lazy("docx", "read_docx"),
    "xlsx": _lazy("xlsx", "read_xlsx"),
    "xls": _lazy("xls", "read_xls"),
    "doc": _lazy("doc", "read_doc"),
    "ods": _lazy("ods", "read_ods"),
}
#: readers of documents whose tables stand in a flow of text, one under another (a table of one text there
#: titles the next: `with_title_tables`)
FLOWING = ("html", "docx", "doc")
#: readers of files with real cells and merges (not text extractions)
STRUCTURED = ("html", "pdf", "docx", "xlsx", "xls", "doc", "ods")
#: readers of workbooks: their tables are sheets, named by `sheet:` (a name or a number)
WORKBOOKS = ("xlsx", "xls", "ods")
#: the file suffixes of each reader (for `zwgk mapping draft` and messages)
SUFFIXES = {"tsv": (".txt", ".tsv", ".csv", ".md"), "cell-per-line": (".txt",), "html": (".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml"),
            "pdf": (".pdf",), "docx": (".docx",), "xlsx": (".xlsx",), "xls": (".xls",),
            "doc": (".doc", ".wps", ".rtf", ".odt"), "ods": (".ods", ".xml")}

__all__ = ["Cell", "Document", "Grid", "RawRow", "RawTable", "ReadError", "ReadOptions", "READERS", "STRUCTURED",
           "SUFFIXES", "WORKBOOKS", "assemble", "read_text"]
