"""What the Word (`docx`, `doc`) and spreadsheet (`xlsx`, `xls`, `ods`) readers share: refusing files they cannot
read (and telling their kinds apart), turning symbol-font check boxes into the glyphs `zwgk.mappings.cells` reads,
a workbook cell's value as shown, and turning a grid of real cells (merges already resolved) into the `Grid`
every reader produces.

Both readers first build a grid: one `Slot` per (row, grid column). A merged cell fills every slot it
covers with its text; slots below its first row are flagged `merged` (the value of the merged cell
above, which `zwgk.mappings.records` marks as inherited), slots to the right of its first column are
plain copies (one value across several columns).
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable

from .base import Cell, Grid, ReadError, check_regular, out_of_memory

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # OLE compound file: .doc/.xls, or an encrypted .docx/.xlsx
ZIP = b"PK\x03\x04"                            # Office Open XML packages are zip files
ODT = b"application/vnd.oasis.opendocument.text"           # the `mimetype` of OpenDocument packages
ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_LEGACY = {".doc": "Word 97-2003 (.doc)", ".xls": "Excel 97-2003 (.xls)", ".wps": "WPS (.wps)",
           ".et": "WPS (.et)"}
_SAVE_AS = {"docx": ".docx (Word)", "xlsx": ".xlsx (Excel)"}


def check_office_file(path: str, file: Path, kind: str) -> None:
    """Refuse, naming the file and the fix, what is not a readable .docx/.xlsx package."""
    check_regular(path, file)
    with open(file, "rb") as f:
        head = f.read(8)
    if not head:
        raise ReadError(path, None, "catalogue file is empty")
    fix = f"open it in Word, WPS or LibreOffice and save it as {_SAVE_AS[kind]}"
    if kind == "xlsx" and (file.suffix.lower() == ".xls" or head.startswith(OLE)):
        if is_workbook(file):
            raise ReadError(path, None, "an Excel 97-2003 (.xls) workbook: give its mapping `reader: xls`")
    legacy = file.suffix.lower() in _LEGACY and not head.startswith(ZIP)   # (a package named .xls is no .xls:
    # a site's 导出 button saves its .xlsx so; it is read by what it holds)
    if legacy and file.suffix.lower() in (".doc", ".wps") and kind == "docx":
        raise ReadError(path, None, f"legacy {_LEGACY[file.suffix.lower()]} file: give its mapping `reader: doc` "
                                    f"(LibreOffice converts it), or {fix}")
    if legacy:
        raise ReadError(path, None, f"legacy {_LEGACY[file.suffix.lower()]} file: zwgk reads {_SAVE_AS[kind]}; {fix}")
    if head.startswith(OLE):
        # An encrypted OOXML file is stored inside an OLE container, exactly like a legacy file.
        doc = "; a Word 97-2003 document is read with `reader: doc`" if kind == "docx" else ""
        raise ReadError(path, None, "password-protected or legacy format (an OLE compound file, not an Office "
                                    f"Open XML package): remove the password, or {fix}{doc}")
    if not head.startswith(ZIP):
        what = ("an RTF document" if head.startswith(b"{\\rtf") else
                "HTML or XML text" if head.lstrip().startswith(b"<") else "not a zip package")
        raise ReadError(path, None, f"not a {_SAVE_AS[kind]} file ({what}); {fix}")
    check_package(path, file, kind)


def encrypted_package(data: bytes) -> bool:
    """An Office file under a password: its package is stored as the EncryptedPackage stream of a compound file."""
    return "EncryptedPackage".encode("utf-16-le") in data


def zip_opens(file: Path) -> bool:
    """Whether a zip package's directory can be read (a download cut short loses it, at the file's end)."""
    try:
        with zipfile.ZipFile(file):
            return True
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def damaged_zip(path: str) -> ReadError:
    return ReadError(path, None, "a zip package (an Office or OpenDocument file) that cannot be opened: damaged or "
                                 "truncated (a download cut short?); download it again")


def open_document_type(file: Path) -> bytes | None:
    """The `mimetype` an OpenDocument package declares (None: not one)."""
    try:
        with zipfile.ZipFile(file) as z:
            return z.read("mimetype")[:100].strip() if "mimetype" in z.namelist() else None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None


class QuietLog:
    """xlrd's log (it writes warnings about odd records to stdout): kept out of the build's output."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def is_workbook(file: Path) -> bool:
    """A compound file holding a workbook xlrd opens (its Workbook or Book stream): .xls, not a .doc."""
    import xlrd
    try:
        xlrd.open_workbook(str(file), on_demand=True, logfile=QuietLog()).release_resources()
        return True
    except Exception:       # XLRDError "Can't find workbook in OLE2 compound document", a damaged file
        return False


#: limits on an Office package's parts once inflated (a real catalogue: a few MB)
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_PACKAGE_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200          # inflated / compressed, for parts over 1 MB (text XML rarely passes 30)


def check_package(path: str, file: Path, kind: str) -> None:
    """Refuse a zip bomb before any library inflates it: the sizes the zip's directory declares bound
    what zipfile will ever inflate, so checking them is enough."""
    import zipfile
    try:
        with zipfile.ZipFile(file) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise unreadable(path, kind, e) from None
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > 1 << 20 and ratio > MAX_RATIO) \
                or total > MAX_PACKAGE_BYTES:
            raise ReadError(path, None, f"refused: part '{info.filename}' inflates to {info.file_size:,} bytes "
                                        f"from {info.compress_size:,} (a zip bomb, or far beyond any catalogue)")


def unreadable(path: str, kind: str, error: Exception) -> ReadError:
    """A package the library could not open (corrupt zip, missing parts, another Office format). A library
    that ran out of memory (the build's budget met) raises MemoryError here instead: the file may be fine."""
    if out_of_memory(error):
        raise MemoryError(f"{path}: {type(error).__name__}: {error}") from None
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
    ("wingdings", 0x6C): "●",   # black circle: a bullet, or a selected option
    ("wingdings", 0x9F): "●",   # bullet
    ("wingdings", 0xA1): "○",
    ("wingdings", 0x75): "◆",
    ("wingdings", 0xA7): "▪",
    ("wingdings", 0xD8): "➢",
}
#: Adobe's Symbol encoding beyond its check marks: digits and most punctuation as in ASCII (a phone number set in
#: Symbol reads as itself), Greek letters, mathematical signs (信息形成之日起≤20个工作日内)
_SYMBOL_ENCODING = {
    **{c: chr(c) for c in range(0x20, 0x40) if c not in (0x22, 0x24, 0x27, 0x2A, 0x2D)},
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "-", 0x40: "≅", 0x5B: "[", 0x5D: "]", 0x5F: "_",
    0x7B: "{", 0x7C: "|", 0x7D: "}", 0x7E: "~",
    **dict(zip(range(0x41, 0x5B), "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ")),
    **dict(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ")),
    0xA3: "≤", 0xB3: "≥", 0xB9: "≠", 0xBB: "≈", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB0: "°", 0xB7: "•",
    0xA5: "∞", 0xAE: "→", 0xAC: "←", 0xDE: "⇒", 0xBC: "…",
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
    glyph = SYMBOLS.get((font, code))
    if glyph is None and font == "symbol":
        glyph = _SYMBOL_ENCODING.get(code)
    return UNKNOWN_SYMBOL if glyph is None else glyph


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


#: Wingdings boxes that arrive as private-use characters whatever the font (a web page converted from
#: Word, a PDF whose symbol font was substituted): U+F0FE/F0FD ticked, U+F0A8 empty, U+F0FC a tick
PRIVATE_USE_GLYPHS = {0xF0FE: "■", 0xF0FD: "■", 0xF0A8: "□", 0xF0FC: "✓"}


def normalise_glyphs(text: str) -> str:
    """Every reader's last step on a cell: private-use check boxes as glyphs, "×政府网站" as an unticked box."""
    text = text.translate(PRIVATE_USE_GLYPHS)
    return _CROSS_BOX.sub("□", text) if "×" in text else text


# ---------------------------------------------------------------------------------------------------
# Slots → Grid
# ---------------------------------------------------------------------------------------------------

_ZERO_PAD = re.compile(r"^0+$")
#: a format placing a number's digits among other characters: 0000-00000000 (a phone typed with its area
#: code's 0, stored as 31185021003, shown as 0311-85021003), 000-0000
_DIGITS_FORMAT = re.compile(r"^(?=.*0.*[-\s()（）].*0)[0#\-\s()（）]+$")


def _digits_format(fmt: str, digits: str) -> str:
    """The digits laid into the format's 0 and # from the right (a 0 with no digit left shows 0, a # shows
    nothing); the digits as they are when the format has fewer places."""
    places = sum(ch in "0#" for ch in fmt)
    if len(digits) > places:
        return digits
    out, rest = [], list(digits)
    for ch in reversed(fmt):
        if ch in "0#":
            out.append(rest.pop() if rest else ("0" if ch == "0" else ""))
        else:
            out.append(ch)
    return "".join(reversed(out)).strip()


def _plain_format(fmt: str) -> str:
    """A number format's section for positive numbers with its literals written plainly: `0000\\-00000000` and
    `0000"-"00000000` (how Excel and LibreOffice store a literal -) are 0000-00000000; [Red], [<=999] and the
    padding marks _x *x are gone."""
    fmt = fmt.split(";", 1)[0]
    fmt = re.sub(r"\[[^\]]*\]|_.|\*.", "", fmt)
    fmt = re.sub(r"\\(.)", r"\1", fmt)
    return re.sub(r'"([^"]*)"', r"\1", fmt)


#: a percentage and its decimal places (0%, 0.0%, 0.00%)
_PERCENT = re.compile(r"^[#,]*0(?:\.(0+))?%$")
#: fixed decimal places (0.00, #,##0.0)
_DECIMALS = re.compile(r"^[#,]*0\.(0+)$")


#: a number's digits with words around them, literals in the format (0"个工作日", "每月"0"日前", 第0项): the
#: number formatted by its part of digits, the words as written
_WORDED = re.compile(r"^(?P<pre>[^0#?A-Za-z]*)(?P<num>[#,]*0[0#,]*(?:\.0+)?)(?P<post>[^0#?A-Za-z]*)$")


def _number_part(value: float, fmt: str) -> str | None:
    """`value` by a format of digits only (000000, 0.00, #,##0 read as 0): None for any other format."""
    dec = _DECIMALS.match(fmt)
    if dec:
        return f"{value:.{len(dec.group(1))}f}"
    if not float(value).is_integer():
        return None
    text = str(int(value))
    digits = fmt.replace(",", "").replace("#", "")
    return text.zfill(len(digits)) if _ZERO_PAD.match(digits) else None


#: the number formats Excel built in for Chinese (zh-CN) workbooks: a file names them by number only, and
#: openpyxl knows the international ones alone (it read 2024年3月31日 as the number 45382), xlrd none of them
ZH_BUILTIN_FORMATS = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"'}

#: a date format of numbers between separators shown as it is: the year first (yyyy/m/d, yyyy-mm-dd, yyyy.m.d)
#: or no year (m/d, mm-dd: a yearly date, 6/30, that a year added would make a one-off); a short year or one
#: at the end (m/d/yy, Excel's built-in 14, shown in the reader's own locale, d/m/yyyy) is left to ISO
_NUMERIC_DATE = re.compile(r"yyyy(?P<s>[/.\-])mm?(?P=s)dd?|mm?(?P<t>[/.\-])dd?")


def _date_shown(value: dt.date, fmt: str) -> str | None:
    """A date by a format of years, months and days with words between (yyyy"年"m"月"d"日", m"月"d"日", Excel's
    Chinese built-in formats 27-31, 50-58) or of numbers between separators (`_NUMERIC_DATE`): as shown; None for
    other formats (times, 上午/下午, yy/m/d, m/d/yy …)."""
    plain = _plain_format(fmt).strip()
    if re.search(r"[hHsS]|上午|下午|AM|PM", plain) or re.search(r"mmm|ddd", plain.lower()):   # times, names
        return None
    if not re.search(r"[年月日]", plain) and not _NUMERIC_DATE.fullmatch(plain.lower()):
        return None
    tokens = {"yyyy": f"{value.year:04d}", "yy": f"{value.year % 100:02d}", "mm": f"{value.month:02d}",
              "m": str(value.month), "dd": f"{value.day:02d}", "d": str(value.day)}
    out = re.sub(r"yyyy|yy|mm|m|dd|d", lambda t: tokens[t.group(0)], plain.lower())
    return None if re.search(r"[a-z]", out) else out


def shown_text(value, number_format: str | None = None, font: str | None = None) -> str:
    """A workbook cell's value as the spreadsheet shows it (xlsx and xls): TRUE/FALSE as 是/否, whole numbers
    without ".0" and with the zeros a `000000` format pads (10100 shown as 010100) or a phone format lays out
    (0000-00000000, its - written as a literal \\- or "-"), percentages (0.95 as 95%) and fixed decimals as
    formatted, dates as YYYY-MM-DD (with the time when there is one), text with its line breaks as lines and a
    symbol font's check boxes as glyphs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        fmt = _plain_format(str(number_format or ""))
        pct = _PERCENT.match(fmt)
        if pct:
            return f"{value * 100:.{len(pct.group(1) or '')}f}%"
        dec = _DECIMALS.match(fmt)
        if dec:
            return f"{value:.{len(dec.group(1))}f}"
        worded = _WORDED.match(fmt)
        if worded and (worded.group("pre") or worded.group("post")):
            number = _number_part(value, worded.group("num"))
            if number is not None:
                return worded.group("pre") + number + worded.group("post")
        if float(value).is_integer():
            text = str(int(value))
            if _ZERO_PAD.match(fmt):
                return text.zfill(len(fmt))
            return _digits_format(fmt, text) if _DIGITS_FORMAT.match(fmt) and text.isdigit() else text
        # as Excel's General shows a number, to 15 significant digits (a formula's 1.0000000000000002 is 1)
        shown = f"{value:.15g}"
        return shown if "e" in shown else str(float(shown)).removesuffix(".0")
    if isinstance(value, (dt.datetime, dt.date)):
        midnight = not isinstance(value, dt.datetime) or value.time() == dt.time()
        shown = _date_shown(value, str(number_format or "")) if midnight else None
        if shown is not None:
            return shown
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if midnight else value.isoformat(sep=" ")
        return value.isoformat()
    # (a vertical tab is Word's line break pasted into a cell)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return normalise_glyphs(symbol_text(font, text))


def hidden_sheet(doc, path: str, sheet: str, index: int, has_values: bool) -> None:
    """A sheet the workbook hides (an old version kept out of sight): an empty Grid, keeping the sheets'
    numbers, and a warning when it holds values."""
    if has_values:
        doc.warnings.append(f"{path}: sheet '{sheet}' is hidden: not read")
    doc.tables.append(slots_to_grid(f"sheet '{sheet}'", index, [], [], sheet_fragment(sheet, 1, 1)))


def without_hidden(doc, path: str, sheet: str, slots: list, numbers: list[int], hidden) -> tuple[list, list[int]]:
    """A sheet's rows without those the workbook hides (`hidden(row number)`): no viewer shows them and no
    printer prints them (a withdrawn item kept out of sight); the document is told which."""
    gone = [k for k, r in enumerate(numbers) if hidden(r)]
    if not gone:
        return slots, numbers
    doc.warnings.append(f"{path}: sheet '{sheet}': hidden row(s) {', '.join(str(numbers[k]) for k in gone[:10])}"
                        f"{' …' if len(gone) > 10 else ''} not read")
    keep = [k for k in range(len(numbers)) if k not in set(gone)]
    return [slots[k] for k in keep], [numbers[k] for k in keep]


def without_hidden_columns(doc, path: str, sheet: str, slots: list, c0: int, hidden) -> list:
    """A sheet's rows without the columns the workbook hides (`hidden(column number, from 1)`): an agency's
    own 审核意见 or 备注 kept out of sight, which no viewer shows and no printer prints; the document is told
    which, when they hold anything."""
    width = max((len(r) for r in slots), default=0)
    gone = [k for k in range(width) if hidden(c0 + k)]
    if not gone:
        return slots
    from openpyxl.utils import get_column_letter
    filled = [k for k in gone if any(k < len(r) and str(r[k].text).strip() for r in slots)]
    if filled:
        doc.warnings.append(f"{path}: sheet '{sheet}': hidden column(s) "
                            f"{', '.join(get_column_letter(c0 + k) for k in filled)} not read")
    drop = set(gone)
    return [[s for k, s in enumerate(r) if k not in drop] for r in slots]


def sheet_fragment(sheet: str, c0: int, width: int) -> Callable[..., str]:
    """Provenance into a sheet (xlsx, xls): rows first-last over the table's columns from c0 (counted from 1), or
    over `columns` of the table only (first, last, from 1: a block beside another, A7:F7 or H7:M7; one field's
    cell, I7)."""
    name = fragment_value(sheet)

    def fragment(first: int, last: int, columns: tuple[int, int] | None = None) -> str:
        from openpyxl.utils import get_column_letter
        a, b = columns or (1, width)
        start, end = f"{get_column_letter(c0 + a - 1)}{first}", f"{get_column_letter(c0 + b - 1)}{last}"
        return f"sheet={name}&range={start}" + ("" if columns and start == end else f":{end}")
    return fragment


#: the most cells one sheet may span (a real catalogue: a few thousand rows × 20 columns)
MAX_SLOTS = 2_000_000


def check_used_range(where: str, sheet: str, r0: int, r1: int, c0: int, c1: int) -> None:
    """Refuse a sheet whose values span rows r0-r1 and columns c0-c1 (counted from 1) over MAX_SLOTS cells: a
    stray value far from the table, which would make millions of empty cells."""
    if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_SLOTS:
        raise ReadError(where, None, f"sheet '{sheet}' has values from row {r0} to {r1} and column {c0} to {c1}: "
                                     f"over {MAX_SLOTS:,} cells, not a catalogue table; delete the stray cells")


@dataclass
class Slot:
    text: str
    merged: bool = False          # a vertically merged cell below its first row
    key: Hashable = None          # identity of the real cell covering this slot (spans share it)


def fragment_value(text: str) -> str:
    """A sheet name as a URI fragment value: non-ASCII kept (IRI), ASCII delimiters percent-encoded."""
    return "".join(ch if ord(ch) > 127 or ch.isalnum() or ch in "-._~" else "%%%02X" % ord(ch) for ch in text)


def slots_to_grid(name: str, index: int, slots: list[list[Slot]], numbers: list[int],
                  fragment: Callable[[int, int], str], before: list[str] | None = None) -> Grid:
    """The `Grid` of one Word table / Excel sheet from its slots (one per row and grid column, a merged
    cell's text in every slot it covers): each real cell's top-left slot gets the merge's extent, the
    others its origin."""
    width = max((len(r) for r in slots), default=0)
    first: dict[Hashable, tuple[int, int]] = {}          # key → (row index, col index) of its top-left
    extent: dict[Hashable, list[int]] = {}               # key → [last row index, last col index]
    for r, row in enumerate(slots):
        for c, s in enumerate(row):
            if s.key not in first:
                first[s.key], extent[s.key] = (r, c), [r, c]
            else:
                e = extent[s.key]
                e[0], e[1] = max(e[0], r), max(e[1], c)
    rows: list[list[Cell]] = []
    for r, row in enumerate(slots):
        no = numbers[r]
        cells = []
        for c in range(width):
            if c >= len(row):
                cells.append(Cell("", no, no, col=c + 1))
                continue
            s = row[c]
            r0, c0 = first[s.key]
            if (r0, c0) == (r, c):
                e = extent[s.key]
                cells.append(Cell(s.text, no, no, col=c + 1, span=(e[0] - r0 + 1, e[1] - c0 + 1)))
            else:
                cells.append(Cell(s.text, no, no, merged=s.merged or r0 < r, col=c + 1,
                                  origin=(numbers[r0], c0 + 1)))
        rows.append(cells)
    return Grid(name=name, index=index, rows=rows, numbers=list(numbers), fragment=fragment,
                before=list(before or []))
