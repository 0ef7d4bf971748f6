"""The data model every reader produces, and the checks every catalogue file must pass."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


class ReadError(Exception):
    """A catalogue file that cannot be read; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Cell:
    text: str          # raw text, lines joined with "\n"
    first_line: int    # 1-based line numbers in the source file (.docx/.xlsx: table/sheet row numbers)
    last_line: int
    # .docx/.xlsx only: a vertically merged cell below its first row, filled with the merged value
    # (a text extraction shows such a cell blank; records mark the field inherited either way)
    merged: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip().strip("\u3000")


@dataclass
class RawRow:
    cells: list[Cell]
    first_line: int
    last_line: int

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class RawTable:
    path: str
    preamble: list[str] = field(default_factory=list)   # text lines before the table (title …)
    header: list[RawRow] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)    # text lines after the table (notes 注：…)
    # .docx/.xlsx: (first row, last row) → URI fragment into the original ("table=1&row=7");
    # None for text files, whose rows are addressed by line (RFC 5147 "line=a,b")
    fragment: Callable[[int, int], str] | None = None
    warnings: list[str] = field(default_factory=list)   # what the reader met (unknown symbols …)

    def where(self, line: int) -> str:
        """A row's location for messages: file:line, or file#table=1&row=7."""
        return f"{self.path}#{self.fragment(line, line)}" if self.fragment else f"{self.path}:{line}"

    def error(self, line: int | None, message: str) -> ReadError:
        if self.fragment and line:
            return ReadError(self.where(line), None, message)
        return ReadError(self.path, line, message)


def read_text(path: str | Path) -> str:
    """The file's text, refusing what is not a text catalogue (missing, empty, binary, not UTF-8)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(p, None, "catalogue file not found")
    data = p.read_bytes()
    if not data.strip():
        raise ReadError(p, None, "catalogue file is empty")
    if b"\x00" in data[:8192]:
        raise ReadError(p, None, "catalogue file is binary, not a text extraction (NUL bytes found)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ReadError(p, line, f"not valid UTF-8 text ({e.reason} at byte {e.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
