"""Layout `docx`: the tables of a Word document, read cell by cell from the document XML.

Every top-level table becomes a `Grid` (numbered from 1); which of them hold the catalogue is decided
by `zwgk.mappings.readers.assemble` (the mapping's `tables:`, else every table with the header). Merges come from the XML: w:gridSpan
(one cell across several grid columns: every column gets its text) and w:vMerge (one cell down several
rows: every row gets its text, flagged `merged`). A cell's paragraphs and line breaks become lines.
Check boxes in every form agencies use become the glyphs ■/□ (✓ for a tick): Wingdings w:sym runs,
symbol-font characters, w14:checkbox content controls and legacy FORMCHECKBOX fields.
Paragraphs before a table are its `before` text (title, 概述 …), paragraphs after the last the trailer.
Row numbers are table rows, 1-based, header rows included; provenance is `file.docx#table=N&row=R`.
"""
from __future__ import annotations

from pathlib import Path

from .base import Document, ReadOptions
from .office import (Slot, UNKNOWN_SYMBOL, check_office_file, normalise_glyphs, slots_to_grid, symbol_glyph,
                     symbol_text, unreadable)

_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
       "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
       "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


W_P, W_TBL, W_TR, W_TC, W_R, W_T, W_SDT = (q(n) for n in ("w:p", "w:tbl", "w:tr", "w:tc", "w:r", "w:t", "w:sdt"))
W_VAL = q("w:val")
# elements whose content is not the cell's visible text
_SKIP = {q(n) for n in ("w:pPr", "w:rPr", "w:tcPr", "w:trPr", "w:del", "w:moveFrom", "w:instrText",
                        "w:delText", "w:footnoteReference", "w:commentReference")} | {q("mc:Fallback")}


class _Text:
    """Collects one cell's text, and the Word symbols it could not read."""

    def __init__(self):
        self.parts: list[str] = []
        self.unknown: list[str] = []

    def symbol(self, font: str | None, code: int) -> None:
        glyph = symbol_glyph(font, code)
        if glyph is None:
            glyph = chr(code)     # a symbol in an ordinary font is the character itself
        if glyph == UNKNOWN_SYMBOL:
            self.unknown.append(f"{font} {code:04X}")
        self.parts.append(glyph)


def _checkbox_state(sdt) -> bool | None:
    """True/False for a w14:checkbox content control, None for any other content control."""
    box = sdt.find("w:sdtPr/w14:checkbox", _NS)
    if box is None:
        return None
    checked = box.find("w14:checked", _NS)
    return checked is not None and checked.get(q("w14:val"), "1") in ("1", "true", "on")


def _form_checkbox(fld) -> bool | None:
    """True/False for a legacy FORMCHECKBOX field (w:fldChar begin with w:ffData/w:checkBox)."""
    box = fld.find("w:ffData/w:checkBox", _NS)
    if box is None:
        return None
    state = box.find("w:checked", _NS)
    if state is None:
        state = box.find("w:default", _NS)
    return state is not None and state.get(W_VAL, "1") in ("1", "true", "on")


def _run_font(run) -> str | None:
    fonts = run.find("w:rPr/w:rFonts", _NS)
    if fonts is None:
        return None
    return fonts.get(q("w:ascii")) or fonts.get(q("w:hAnsi")) or fonts.get(q("w:cs"))


def _walk(el, out: _Text, font: str | None = None) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W_T:
            out.parts.append(symbol_text(font, child.text or ""))
        elif tag == q("w:tab"):
            out.parts.append(" ")
        elif tag in (q("w:br"), q("w:cr")):
            out.parts.append("\n")
        elif tag == q("w:noBreakHyphen"):
            out.parts.append("-")
        elif tag == q("w:sym"):
            out.symbol(child.get(q("w:font")), int(child.get(q("w:char"), "0"), 16))
        elif tag == q("w:fldChar"):
            state = _form_checkbox(child)
            if state is not None:
                out.parts.append("■" if state else "□")
        elif tag == W_SDT and _checkbox_state(child) is not None:
            # the control shows ☒/☐ in some font; its state is what counts
            out.parts.append("■" if _checkbox_state(child) else "□")
        elif tag == W_P:
            if out.parts:
                out.parts.append("\n")   # a new paragraph inside the cell: a new line
            _walk(child, out, font)
        else:   # runs, hyperlinks, insertions, smart tags, content controls, nested tables
            _walk(child, out, _run_font(child) or font if tag == W_R else font)


def cell_text(tc) -> tuple[str, list[str]]:
    """(the cell's text with its lines, unknown symbols)."""
    out = _Text()
    _walk(tc, out)
    lines = "".join(out.parts).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()   # Word ends many cells with an empty paragraph
    return normalise_glyphs("\n".join(lines)), out.unknown


def _children(el, tag: str):
    """Direct children with this tag, looking through content controls wrapping them."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                yield from _children(content, tag)


def _int_prop(el, path: str, default: int) -> int:
    node = el.find(path, _NS)
    try:
        return int(node.get(W_VAL)) if node is not None else default
    except (TypeError, ValueError):
        return default


def table_grid(tbl) -> tuple[list[list[Slot]], list[str]]:
    """The table as a grid of slots, merges resolved, and notes on unreadable symbols (by row)."""
    grid: list[list[Slot]] = []
    notes: list[str] = []
    for n, tr in enumerate(_children(tbl, W_TR), 1):
        row: list[Slot] = [Slot("", key=("before", n, i)) for i in range(_int_prop(tr, "w:trPr/w:gridBefore", 0))]
        for tc in _children(tr, W_TC):
            span = max(1, _int_prop(tc, "w:tcPr/w:gridSpan", 1))
            vmerge = tc.find("w:tcPr/w:vMerge", _NS)
            col = len(row)
            above = grid[-1][col] if grid and col < len(grid[-1]) else None
            if vmerge is not None and vmerge.get(W_VAL, "continue") == "continue" and above is not None:
                # w:vMerge without "restart": this cell continues the merged cell above
                row.extend(Slot(above.text, True, above.key) for _ in range(span))
                continue
            text, unknown = cell_text(tc)
            notes += [f"row {n}: Word symbol {u} is not a known check box or tick; read as {UNKNOWN_SYMBOL}"
                      for u in unknown]
            # identity of the real cell: where it starts (lxml proxies are transient, their id() is not)
            row.extend(Slot(text, False, (n, col)) for _ in range(span))
        grid.append(row)
    return grid, notes


def _blocks(body):
    """Top-level paragraphs and tables of the body, in order (looking through content controls)."""
    for child in body:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                yield from _blocks(content)


def _paragraph(p) -> str:
    out = _Text()
    _walk(p, out)
    return "".join(out.parts).strip()


def read_docx(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every top-level table of the document as a Grid, with the paragraphs between them."""
    check_office_file(path, Path(file), "docx")
    try:
        import docx
        body = docx.Document(str(file)).element.body
    except Exception as e:   # python-docx: PackageNotFoundError, ValueError (not Word), KeyError, lxml errors
        raise unreadable(path, "docx", e) from None
    doc = Document(path)
    text: list[str] = []      # paragraphs since the last table
    for block in _blocks(body):
        if block.tag == W_P:
            t = _paragraph(block)
            if t:
                text.append(t)
            continue
        index = len(doc.tables) + 1
        slots, notes = table_grid(block)

        def fragment(first: int, last: int, index: int = index) -> str:
            return f"table={index}&row={first}" + (f"-{last}" if last != first else "")

        doc.tables.append(slots_to_grid(f"table {index}", index, slots, list(range(1, len(slots) + 1)),
                                        fragment, text))
        doc.warnings += [f"{path}#table={index}: {n}" for n in notes]
        text = []
    doc.after = text
    return doc
