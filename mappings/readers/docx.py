"""Layout `docx`: the tables of a Word document, read cell by cell from the document XML.

Every top-level table becomes a `Grid` (numbered from 1; a table laid around another, larger one, as a web
page pasted into Word leaves, is looked through: the tables in its cells are the top-level ones); which of them hold the catalogue is decided
by `zwgk.mappings.readers.assemble` (the mapping's `tables:`, else every table with the header). Merges come from the XML: w:gridSpan
(one cell across several grid columns: every column gets its text) and w:vMerge (one cell down several
rows: every row gets its text, flagged `merged`). A cell's paragraphs and line breaks become lines.
Check boxes in every form agencies use become the glyphs ■/□ (✓ for a tick): Wingdings w:sym runs,
symbol-font characters, w14:checkbox content controls and legacy FORMCHECKBOX fields.
Paragraphs before a table are its `before` text (title, 概述 …), paragraphs after the last the trailer.
Row numbers are table rows, 1-based, header rows included; provenance is `file.docx#table=N&row=R`.
"""
from __future__ import annotations

import re
from pathlib import Path

from .base import Document, ReadOptions, column_part
from .office import (Slot, UNKNOWN_SYMBOL, check_office_file, normalise_glyphs, slots_to_grid, symbol_glyph,
                     symbol_text, unreadable)

_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
       "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
       "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


W_P, W_TBL, W_TR, W_TC, W_R, W_T, W_SDT = (q(n) for n in ("w:p", "w:tbl", "w:tr", "w:tc", "w:r", "w:t", "w:sdt"))
W_TXBX = q("w:txbxContent")
W_VAL = q("w:val")
# elements whose content is not the cell's visible text
_SKIP = {q(n) for n in ("w:pPr", "w:rPr", "w:tcPr", "w:trPr", "w:del", "w:moveFrom", "w:instrText",
                        "w:delText", "w:footnoteReference", "w:commentReference",
                        # ruby (拼音指南): the guide text printed small over the base text is no part of it
                        "w:rt", "w:rubyPr", "w:customXmlPr")} | {q("mc:Fallback")}
#: a custom XML element (w:customXml) wraps rows, cells, tables or runs as a content control does
W_CUSTOM = q("w:customXml")


_CN = "〇一二三四五六七八九"
#: financial numerals (chineseLegalSimplified: 壹、贰、叁)
_LEGAL = str.maketrans("〇一二三四五六七八九十百千", "零壹贰叁肆伍陆柒捌玖拾佰仟")


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (Word's chineseCounting, up to 99; beyond, the digits)."""
    if n < 10:
        return _CN[n]
    if n < 100:
        return ("" if n // 10 == 1 else _CN[n // 10]) + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


#: Word's number formats (w:numFmt) as text; a bullet or an unknown format shows no number here
_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese, "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "lowerLetter": _letters, "upperLetter": lambda n: _letters(n).upper(), "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})", "decimalEnclosedFullstop": lambda n: f"{n}.",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalHalfWidth": str,
    # what LibreOffice writes for 一、二、 when it turns a .doc, .odt or .rtf into .docx, and their kin
    "taiwaneseCountingThousand": _chinese, "taiwaneseCounting": _chinese, "japaneseCounting": _chinese,
    "ideographDigital": lambda n: "".join(_CN[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n).translate(_LEGAL),
    "ideographZodiac": lambda n: "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12],
}


class Numbering:
    """Word's automatic numbering (编号): a numbered paragraph shows its number (1. 2. / 一、 / （1）) before
    its text, though the number is in no run: it is counted here, in document order, per list and level,
    from numbering.xml and the paragraph styles that carry a numbering (List Number). 序号 columns made so
    would read blank without it. Read from the same styles: `hidden_styles`, the character styles that hide
    the runs set in them."""
    hidden_styles: frozenset[str] = frozenset()

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # numId → level → (start, format, text)
        self.abstract: dict[str, str] = {}                              # numId → its abstractNum
        self.styles: dict[str, tuple[str, int]] = {}                     # styleId → (numId, level)
        self.counts: dict[str, list[int]] = {}                           # abstractNum → count per level
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            abstract = {}
            for a in root.findall("w:abstractNum", _NS):
                levels = {}
                for lvl in a.findall("w:lvl", _NS):
                    try:
                        k = int(lvl.get(q("w:ilvl"), "0"))
                        start = int(_val(lvl, "w:start") or 1)
                    except ValueError:
                        continue
                    levels[k] = (start, _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "")
                abstract[a.get(q("w:abstractNumId"))] = levels
            for num in root.findall("w:num", _NS):
                aid = _val(num, "w:abstractNumId")
                if aid in abstract:
                    nid = num.get(q("w:numId"))
                    self.abstract[nid] = aid
                    levels = dict(abstract[aid])
                    for o in num.findall("w:lvlOverride", _NS):   # a restart of the list: its own counter
                        start = _val(o, "w:startOverride")
                        if start is not None and start.isdecimal():
                            k = _number(o.get(q("w:ilvl")), 0)
                            levels[k] = (int(start), *levels.get(k, (1, "decimal", f"%{k + 1}."))[1:])
                            self.abstract[nid] = f"{aid}/{nid}"
                    self.levels[nid] = levels
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None and self.levels:
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for st in styles.findall("w:style", _NS):
                sid = st.get(q("w:styleId"))
                parent = _val(st, "w:basedOn")
                if parent:
                    based[sid] = parent
                numpr = st.find("w:pPr/w:numPr", _NS)
                if numpr is not None:
                    own[sid] = (_val(numpr, "w:numId") or "", _number(_val(numpr, "w:ilvl"), 0))
            for sid in set(based) | set(own):
                s = _defining(sid, based, own)
                if s in own:
                    self.styles[sid] = own[s]
        self.hidden_styles = _hidden_styles(styles) if styles is not None else frozenset()

    def label(self, p) -> str:
        """The number a paragraph shows ("" for none), counting it."""
        if not self.levels:
            return ""
        numpr = p.find("w:pPr/w:numPr", _NS)
        nid, level = None, 0
        if numpr is not None:
            nid, ilvl = _val(numpr, "w:numId"), _val(numpr, "w:ilvl") or "0"
            level = int(ilvl) if ilvl.isdecimal() else 0
        if nid is None:
            style = _val(p, "w:pPr/w:pStyle")
            if style not in self.styles:
                return ""
            nid, level = self.styles[style]
        levels = self.levels.get(nid)
        if not levels or level not in levels or level > 8:
            return ""             # numId 0: numbering removed
        counts = self.counts.setdefault(self.abstract[nid], [0] * 9)
        counts[level] += 1
        for k in range(level + 1, 9):
            counts[k] = 0
        start, fmt, text = levels[level]
        if fmt not in _FORMATS:
            return ""

        def shown(m) -> str:
            k = int(m.group(1)) - 1
            if k > level or k not in levels:
                return ""
            s, f, _ = levels[k]
            return _FORMATS.get(f, str)(s + max(counts[k], 1) - 1)
        return re.sub(r"%([1-9])", shown, text)


def _number(text: str | None, default: int, base: int = 10) -> int:
    """An attribute's number as Word writes it (ASCII digits), `default` if missing or malformed (a hostile
    file's w:ilvl="²" or w:char="zz" is not a reason to refuse the catalogue)."""
    try:
        return int(text, base) if text and text.isascii() else default
    except ValueError:
        return default


def _val(el, path: str) -> str | None:
    node = el.find(path, _NS)
    return node.get(W_VAL) if node is not None else None


class _Text:
    """Collects one cell's text, and the Word symbols it could not read."""

    def __init__(self, numbering: Numbering | None = None, boxes: bool = False):
        self.parts: list[str] = []
        self.unknown: list[str] = []
        self.numbering = numbering
        self.boxes = boxes      # a text box's paragraphs are this text's (a cell's), not blocks of their own

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


def _hidden(run, hidden_styles: frozenset[str] = frozenset()) -> bool:
    """A run of hidden text (w:vanish: Word neither shows nor prints it), set so or in a character style that
    is (`hidden_styles`), unless the run says otherwise. (w:webHidden hides a run in the web layout only:
    printed and shown in the print layout, it is read.)"""
    props = run.find("w:rPr", _NS)
    if props is None:
        return False
    v = props.find("w:vanish", _NS)
    if v is not None:
        return v.get(W_VAL, "1") not in ("0", "false", "off")
    return bool(hidden_styles) and _val(props, "w:rStyle") in hidden_styles


def _hidden_styles(styles) -> frozenset[str]:
    """The ids of the character styles whose runs are hidden (w:vanish in the style or in one it is based on)."""
    vanish: dict[str, bool] = {}
    based: dict[str, str] = {}
    for st in styles.findall("w:style", _NS):
        if st.get(q("w:type")) != "character":
            continue
        sid = st.get(q("w:styleId"))
        v = st.find("w:rPr/w:vanish", _NS)
        if v is not None:
            vanish[sid] = v.get(W_VAL, "1") not in ("0", "false", "off")
        if _val(st, "w:basedOn"):
            based[sid] = _val(st, "w:basedOn")
    return frozenset(sid for sid in set(vanish) | set(based) if vanish.get(_defining(sid, based, vanish)))


def _defining(sid: str, based: dict[str, str], defined) -> str | None:
    """The style that gives `sid` a property: itself, or the first it is based on (w:basedOn, a chain that may
    loop) in `defined`; None when none is."""
    seen, s = set(), sid
    while s and s not in defined and s not in seen:
        seen.add(s)
        s = based.get(s)
    return s if s in defined else None


def _placeholder(sdt) -> bool:
    """A content control showing its placeholder (单击或点击此处输入文字。): greyed prompt, nothing written."""
    return sdt.find("w:sdtPr/w:showingPlcHdr", _NS) is not None


def _walk(el, out: _Text, font: str | None = None) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP or tag == W_R and _hidden(child, out.numbering.hidden_styles if out.numbering else frozenset()):
            continue
        if tag == W_TXBX and not out.boxes:
            continue      # a text box's content: read as blocks of its own (`_blocks`), not as this text
        if tag == W_T:
            out.parts.append(symbol_text(font, child.text or ""))
        elif tag in (q("w:tab"), q("w:ptab")):
            out.parts.append(" ")
        elif tag in (q("w:br"), q("w:cr")):
            out.parts.append("\n")
        elif tag == q("w:noBreakHyphen"):
            out.parts.append("-")
        elif tag == q("w:sym"):
            out.symbol(child.get(q("w:font")), _number(child.get(q("w:char")), 0, 16))
        elif tag == q("w:fldChar"):
            state = _form_checkbox(child)
            if state is not None:
                out.parts.append("■" if state else "□")
        elif tag == W_SDT and _checkbox_state(child) is not None:
            # the control shows ☒/☐ in some font; its state is what counts
            out.parts.append("■" if _checkbox_state(child) else "□")
        elif tag == W_SDT and _placeholder(child):
            continue
        elif tag == W_TBL:
            # a table nested in the cell: a line per row, its cells apart by a space (they were glued: 领导姓名职务)
            for tr in _children(child, W_TR):
                if out.parts:
                    out.parts.append("\n")
                for k, tc in enumerate(_children(tr, W_TC)):
                    inner = _Text(out.numbering, out.boxes)
                    _walk(tc, inner, font)
                    out.unknown += inner.unknown
                    out.parts.append((" " if k else "") + " ".join("".join(inner.parts).split("\n")).strip())
        elif tag == W_P:
            if out.parts:
                out.parts.append("\n")   # a new paragraph inside the cell: a new line
            if out.numbering is not None:
                out.parts.append(out.numbering.label(child))
            _walk(child, out, font)
        else:   # runs, hyperlinks, insertions, smart tags, content controls, nested tables
            _walk(child, out, _run_font(child) or font if tag == W_R else font)


def cell_text(tc, numbering: Numbering | None = None) -> tuple[str, list[str]]:
    """(the cell's text with its lines, unknown symbols). A text box in the cell (its Word 2010 drawing; the VML
    copy in mc:Fallback left out) is part of it, its paragraphs as lines."""
    out = _Text(numbering, boxes=True)
    _walk(tc, out)
    lines = "".join(out.parts).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()   # Word ends many cells with an empty paragraph
    return normalise_glyphs("\n".join(lines)), out.unknown


def _children(el, tag: str):
    """Direct children with this tag, looking through content controls and custom XML wrapping them."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM:
            yield from _children(child, tag)


def _int_prop(el, path: str, default: int) -> int:
    node = el.find(path, _NS)
    try:
        return int(node.get(W_VAL)) if node is not None else default
    except (TypeError, ValueError):
        return default


def table_grid(tbl, numbering: Numbering | None = None) -> tuple[list[list[Slot]], list[str]]:
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
            text, unknown = cell_text(tc, numbering)
            notes += [f"row {n}: Word symbol {u} is not a known check box or tick; read as {UNKNOWN_SYMBOL}"
                      for u in unknown]
            # identity of the real cell: where it starts (lxml proxies are transient, their id() is not)
            row.extend(Slot(text, False, (n, col)) for _ in range(span))
        grid.append(row)
    return grid, notes


def _blocks(body):
    """Top-level paragraphs and tables of the body, in order (looking through content controls, through
    layout tables: the blocks in their cells, and through text boxes: a paragraph holding one is followed
    by the box's blocks)."""
    for child in body:
        if child.tag == W_TBL and _layout(child):
            for tr in _children(child, W_TR):
                for tc in _children(tr, W_TC):
                    yield from _blocks(tc)
        elif child.tag == W_P:
            yield child
            # a text box anchored in the paragraph (wps:txbx in mc:Choice; its VML copy in mc:Fallback or
            # a w:pict of older files is the same box): its tables are the document's
            seen = False
            for box in child.iter(W_TXBX):
                above = []
                for a in box.iterancestors():
                    if a is child:
                        break
                    above.append(a.tag)
                if W_TXBX in above or seen and q("mc:Fallback") in above:
                    continue      # a box inside a box (read with it), the VML copy of the one just read
                seen = True
                yield from _blocks(box)
        elif child.tag == W_TBL:
            yield child
        elif child.tag == W_SDT:
            content = child.find("w:sdtContent", _NS)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == W_CUSTOM:
            yield from _blocks(child)


def _layout(tbl) -> bool:
    """A table laid around others (a web page pasted into Word: the catalogue inside a one-cell table): one
    holding a table with at least as many rows as itself. A table with a small table in one of its cells
    is no layout."""
    rows = sum(1 for _ in _children(tbl, W_TR))
    return any(sum(1 for _ in _children(inner, W_TR)) >= max(rows, 2) for inner in tbl.iter(W_TBL) if inner is not tbl)


def _paragraph(p, numbering: Numbering | None = None) -> str:
    out = _Text(numbering)
    if numbering is not None:
        out.parts.append(numbering.label(p))
    _walk(p, out)
    return "".join(out.parts).strip()


def read_docx(path: str, file: Path, options: ReadOptions | None = None) -> Document:
    """Every top-level table of the document as a Grid, with the paragraphs between them."""
    check_office_file(path, Path(file), "docx")
    try:
        import docx
        document = docx.Document(str(file))
        body = document.element.body
        numbering = Numbering(document)
    except Exception as e:   # python-docx: PackageNotFoundError, ValueError (not Word), KeyError, lxml errors
        raise unreadable(path, "docx", e) from None
    doc = Document(path)
    text: list[str] = []      # paragraphs since the last table
    for block in _blocks(body):
        if block.tag == W_P:
            t = _paragraph(block, numbering)
            if t:
                text.append(t)
            continue
        index = len(doc.tables) + 1
        slots, notes = table_grid(block, numbering)

        def fragment(first: int, last: int, columns: tuple[int, int] | None = None, index: int = index) -> str:
            return f"table={index}&row={first}" + (f"-{last}" if last != first else "") + column_part(columns)

        doc.tables.append(slots_to_grid(f"table {index}", index, slots, list(range(1, len(slots) + 1)),
                                        fragment, text))
        doc.warnings += [f"{path}#table={index}: {n}" for n in notes]
        text = []
    doc.after = text
    return doc
