"""What the Word (`docx`) and Excel (`xlsx`) readers share: refusing files they cannot read, turning
symbol-font check boxes into the glyphs `zwgk.mappings.cells` reads, and turning a grid of real cells
(merges already resolved) into a `RawTable`.

Both readers first build a grid: one `Slot` per (row, grid column). A merged cell fills every slot it
covers with its text; slots below its first row are flagged `merged` (the value of the merged cell
above, which `zwgk.mappings.records` marks as inherited), slots to the right of its first column are
plain copies (one value across several columns).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable

from .base import Cell, RawRow, RawTable, ReadError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"    # OLE compound file: .doc/.xls, or an encrypted .docx/.xlsx
_ZIP = b"PK\x03\x04"                           # Office Open XML packages are zip files
_LEGACY = {".doc": "Word 97-2003 (.doc)", ".xls": "Excel 97-2003 (.xls)", ".wps": "WPS (.wps)",
           ".et": "WPS (.et)"}
_SAVE_AS = {"docx": ".docx (Word)", "xlsx": ".xlsx (Excel)"}


def check_office_file(path: str, file: Path, kind: str) -> None:
    """Refuse, naming the file and the fix, what is not a readable .docx/.xlsx package."""
    if not file.exists():
        raise ReadError(path, None, "catalogue file not found")
    head = file.read_bytes()[:8]
    if not head:
        raise ReadError(path, None, "catalogue file is empty")
    fix = f"open it in Word, WPS or LibreOffice and save it as {_SAVE_AS[kind]}"
    if file.suffix.lower() in _LEGACY:
        raise ReadError(path, None, f"legacy {_LEGACY[file.suffix.lower()]} file: zwgk reads {_SAVE_AS[kind]}; {fix}")
    if head.startswith(_OLE):
        # An encrypted OOXML file is stored inside an OLE container, exactly like a legacy file.
        raise ReadError(path, None, "password-protected or legacy format (an OLE compound file, not an Office "
                                    f"Open XML package): remove the password, or {fix}")
    if not head.startswith(_ZIP):
        what = ("an RTF document" if head.startswith(b"{\\rtf") else
                "HTML or XML text" if head.lstrip().startswith(b"<") else "not a zip package")
        raise ReadError(path, None, f"not a {_SAVE_AS[kind]} file ({what}); {fix}")


def unreadable(path: str, kind: str, error: Exception) -> ReadError:
    """A package the library could not open (corrupt zip, missing parts, another Office format)."""
    return ReadError(path, None, f"cannot be read as {_SAVE_AS[kind]}: {type(error).__name__}: {error}")


# ---------------------------------------------------------------------------------------------------
# Check boxes printed with symbol fonts
# ---------------------------------------------------------------------------------------------------

#: (font, character code) → the glyph `cells.read_checkboxes` (convention "glyphs") understands.
#: Word writes these as <w:sym w:font="Wingdings" w:char="F0FE"/> or as private-use characters in a
#: run set in the font; Excel as ordinary characters in a cell set in the font.
SYMBOLS = {
    ("wingdings", 0xFE): "■",   # ☑ box with a tick
    ("wingdings", 0xFD): "■",   # ☒ box with a cross (Word's default "checked")
    ("wingdings", 0x78): "■",   # ☒
    ("wingdings", 0x6E): "■",   # ■ filled square
    ("wingdings", 0xA8): "□",   # ☐ empty box
    ("wingdings", 0x6F): "□",   # □
    ("wingdings", 0x71): "□",   # ❑
    ("wingdings", 0xFC): "✓",   # tick
    ("wingdings", 0xFB): "×",   # cross
    ("wingdings 2", 0x52): "■",  # ☑
    ("wingdings 2", 0x54): "■",  # ☒
    ("wingdings 2", 0xA3): "□",  # ☐
    ("wingdings 2", 0x50): "✓",
    ("wingdings 2", 0x4F): "×",
    ("symbol", 0xD6): "√",
}
SYMBOL_FONTS = {font for font, _ in SYMBOLS}
UNKNOWN_SYMBOL = "\ufffd"


def symbol_glyph(font: str | None, code: int) -> str | None:
    """The glyph for a character of a symbol font (None when the font is not a symbol font)."""
    font = (font or "").strip().lower()
    if font not in SYMBOL_FONTS:
        return None
    if 0xF000 <= code <= 0xF0FF:   # symbol fonts are addressed through the private-use area
        code -= 0xF000
    return SYMBOLS.get((font, code), UNKNOWN_SYMBOL)


def _in_symbol_range(ch: str) -> bool:
    o = ord(ch)
    return (0x21 <= o <= 0xFF and o != 0xA0) or 0xF021 <= o <= 0xF0FF


def symbol_text(font: str | None, text: str) -> str:
    """Text set in a symbol font, its symbol characters replaced by their glyphs (unchanged in other
    fonts). Characters the font does not have (Chinese, shown in a fallback font) stay as they are."""
    if (font or "").strip().lower() not in SYMBOL_FONTS:
        return text
    return "".join(symbol_glyph(font, ord(ch)) if _in_symbol_range(ch) else ch for ch in text)


# "×政府网站": a cross used as an unticked box before a label (a lone × in a tick column stays "not ticked")
_CROSS_BOX = re.compile(r"(?<![0-9A-Za-z])×(?=[ \u3000]?[\u4e00-\u9fff])")


def normalise_glyphs(text: str) -> str:
    return _CROSS_BOX.sub("□", text) if "×" in text else text


# ---------------------------------------------------------------------------------------------------
# Grid → RawTable
# ---------------------------------------------------------------------------------------------------

@dataclass
class Slot:
    text: str
    merged: bool = False          # a vertically merged cell below its first row
    key: Hashable = None          # identity of the real cell covering this slot (spans share it)


def fragment_value(text: str) -> str:
    """A sheet name as a URI fragment value: non-ASCII kept (IRI), ASCII delimiters percent-encoded."""
    return "".join(ch if ord(ch) > 127 or ch.isalnum() or ch in "-._~" else "%%%02X" % ord(ch) for ch in text)


def _row_text(row: list[Slot]) -> str:
    """A row's text as one line (for preamble/trailer): each real cell once."""
    seen, parts = set(), []
    for s in row:
        if s.key not in seen and s.text.strip():
            seen.add(s.key)
            parts.append(s.text.strip())
    return " ".join(parts)


def _spans_whole_row(row: list[Slot]) -> bool:
    """One real cell across the whole width: a title, section heading or note, not an item row."""
    return len(row) > 1 and len({s.key for s in row}) == 1 and not row[0].merged


def grid_to_table(path: str, where: str, grid: list[list[Slot]], numbers: list[int], ncols: int,
                  header_rows: int, header_probe, fragment: Callable[[int, int], str]) -> RawTable:
    """The RawTable of one Word table / Excel sheet. `numbers` are the rows' numbers as the user sees
    them (table row, sheet row); `where` names the table or sheet in error messages."""
    table = RawTable(path=path, fragment=fragment)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [Slot("", key=("pad", n, i)) for i in range(len(r), width)] for n, r in enumerate(grid)]
    start = next((i for i, r in enumerate(grid) if header_probe([s.text for s in r])), None)
    if start is None:
        first = next((_row_text(r) for r in grid if _row_text(r)), "(empty)")
        raise ReadError(path, None, f"{where}: no row matches the mapping's column headers "
                                    f"(first row reads '{first[:60]}'); check 'columns' and the table/sheet")
    if width < ncols:
        raise table.error(numbers[start], f"{where} has {width} columns, the mapping declares {ncols}")
    table.preamble = [t for t in (_row_text(r) for r in grid[:start]) if t]
    body = list(zip(grid[start:], numbers[start:]))
    for row, no in body[:header_rows]:
        table.header.append(RawRow([Cell(s.text, no, no) for s in row], no, no))
    rows = body[header_rows:]
    while rows and (_spans_whole_row(rows[-1][0]) or not _row_text(rows[-1][0])):
        text = _row_text(rows.pop()[0])   # notes (注：…) after the last item
        if text:
            table.trailer.insert(0, text)
    for row, no in rows:
        if _spans_whole_row(row):
            table.warnings.append(f"{table.where(no)}: a row spanning the whole table is not an item; "
                                  f"skipped: '{_row_text(row)[:60]}'")
            continue
        table.rows.append(RawRow([Cell(s.text, no, no, s.merged) for s in row], no, no))
    return table
