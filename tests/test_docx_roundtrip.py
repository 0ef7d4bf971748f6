"""Round trip: city-ybj rendered as a Word document reads back to the project's expected records.

How the document is made (`render_docx`): the cells come from the text extraction
(catalogues/004_a6dcdc66b462b985.txt) as the text reader seats them, after the mapping's declared
correction — raw cell text, never the interpreted records. `layout` rebuilds the Word structure the
extraction lost: the two-row header with its spans; a blank 过程 or 一级目录 cell becomes part of a
vertical merge (w:vMerge) with the cell above; a blank 二级目录 beside a first-level cell of the row's
own becomes one cell spanning both columns (w:gridSpan); a blank 二级目录 under a merged first level
continues the 二级目录 above. Boxes and ticks are written in Word's forms, row by row in turn: glyph
text, Wingdings w:sym runs (F0FE/F0A8, F0FC ✓) and w14:checkbox content controls; lines inside a cell
alternate between paragraphs and w:br breaks; the extraction's bookmark debris becomes real bookmarks.
The docx mapping (tests/data/office/city-ybj-docx.yaml) is the text mapping with reader docx and without
inherit/overrides: whatever is inherited must come from the document's merges.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from zwgk.config import PROJECT_DIR
from zwgk.mappings import load_mapping, read_catalogue
from zwgk.mappings.readers import READERS, ReadOptions, assemble
from zwgk.mappings.records import apply_overrides, header_probe, join_fragments, seat_rows

from .conftest import BASE, EXPECTED_DIR, load_expected
from .test_docx import BR, Bookmark, Box, Sym, fill_tc
from .test_fidelity import FIELDS_COMPARED, comparable_records

OFFICE = Path(__file__).parent / "data" / "office"
TEXT_MAPPING = PROJECT_DIR / "mappings" / "catalogues" / "city-ybj.yaml"
HEADER_ROWS = 2


@dataclass
class Span:
    """One real cell of the rendered table: its top-left position (0-based, header included) and size."""
    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1


# 序号 过程 公开事项(一级目录 二级目录) 公开内容 公开依据 公开时限 公开主体 公开渠道 公开对象(全社会 特定群众)
# 公开方式(主动 依申请公开) 责任科室 — as printed in the extraction's two header rows
HEADER = [Span(0, 0, "序号", rows=2), Span(0, 1, "过程", rows=2), Span(0, 2, "公开事项", cols=2),
          Span(0, 4, "公开内容（要素）", rows=2), Span(0, 5, "公  开  依  据", rows=2), Span(0, 6, "公开时限", rows=2),
          Span(0, 7, "公开主体", rows=2), Span(0, 8, "公开渠道和载体", rows=2), Span(0, 9, "公开对象", cols=2),
          Span(0, 11, "公开方式", cols=2), Span(0, 13, "责任科室（单位）", rows=2),
          Span(1, 2, "一级目录"), Span(1, 3, "二级目录"), Span(1, 9, "全社会"), Span(1, 10, "特定群众"),
          Span(1, 11, "主动"), Span(1, 12, "依申\n请公开")]
STAGE, CATEGORY, NAME, CHANNELS, TICKS = 1, 2, 3, 8, (9, 10, 11, 12)


def extracted_rows(mapping: Path = TEXT_MAPPING) -> list[list[str]]:
    """A shipped catalogue's table rows (city-ybj's by default) as its mapping's reader seats them, with the
    mapping's declared corrections."""
    m = load_mapping(mapping)
    from zwgk.ontology import code_lists
    probe = header_probe(m)
    document = READERS[m.reader]("x", PROJECT_DIR / "catalogues" / m.source, ReadOptions(m.ncols, m.header_rows, probe))
    table = assemble(document, m.ncols, m.header_rows, probe, check_width=False)
    seated = seat_rows(table, m, code_lists(BASE))
    apply_overrides(seated, m)
    return [r.cells for r in join_fragments(seated, m)]


def layout(rows: list[list[str]]) -> list[Span]:
    """The table's real cells: the extraction's blanks that stand for merges become merges."""
    spans: list[Span] = []
    owner: dict[tuple[int, int], Span] = {}   # (row, col) → the span covering it

    def place(span: Span) -> None:
        spans.append(span)
        owner[(span.row, span.col)] = span

    def extend_down(r: int, c: int) -> bool:
        above = owner.get((r - 1, c))
        if above is None or above.row < HEADER_ROWS:
            return False
        above.rows += 1
        for k in range(above.cols):
            owner[(r, c + k)] = above
        return True

    for n, cells in enumerate(rows):
        r = n + HEADER_ROWS
        blank = [not t.strip() for t in cells]
        for c, text in enumerate(cells):
            if (r, c) in owner:
                continue
            if c == STAGE and blank[c] and extend_down(r, c):
                continue
            if c == CATEGORY and blank[c]:
                above = owner.get((r - 1, c))
                # the cell above spans 一级目录+二级目录: continue it only if this row's name is blank too
                if above is not None and (above.cols == 1 or blank[NAME]) and extend_down(r, c):
                    continue
            if c == CATEGORY and not blank[c] and blank[NAME]:
                place(Span(r, c, text, cols=2))   # the first-level entry is itself the item
                owner[(r, NAME)] = spans[-1]
                continue
            if c == NAME and blank[c] and owner[(r, CATEGORY)].row < r:
                above = owner.get((r - 1, c))
                if above is not None and above.cols == 1 and extend_down(r, c):
                    continue
            place(Span(r, c, text))
    return spans


_BOOKMARK = re.compile(r"\[bookmark: ([^\]]*)\]")


def pieces(text: str, col: int, n: int) -> tuple:
    """A cell's text as Word content, in one of Word's forms chosen by the row number `n`."""
    out: list = []
    for name in _BOOKMARK.findall(text):
        out.append(Bookmark(name))
    text = _BOOKMARK.sub("", text)
    if col in TICKS and text.strip() == "√":
        return tuple(out) + (("√",) if n % 2 == 0 else (Sym("F0FC"),))
    for k, line in enumerate(text.split("\n")):
        if k:
            out.append("\n" if n % 2 == 0 else BR)   # a new paragraph, or a line break
        for part in re.split(r"([■□])", line):
            if part in ("■", "□") and col == CHANNELS and n % 3 == 1:
                out.append(Sym("F0FE" if part == "■" else "F0A8"))
            elif part in ("■", "□") and col == CHANNELS and n % 3 == 2:
                out.append(Box(part == "■"))
            elif part:
                out.append(part)
    # fill() starts a new paragraph at each "\n" inside a str: merge adjacent str pieces for that
    merged: list = []
    for p in out:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        else:
            merged.append(p)
    return tuple(merged)


def _tc(span: Span | None, start: bool):
    """A w:tc as Word writes it: w:gridSpan for a span across columns, w:vMerge restart/continue down."""
    tc = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    tc.append(pr)
    if span is not None and span.cols > 1:
        grid = OxmlElement("w:gridSpan")
        grid.set(qn("w:val"), str(span.cols))
        pr.append(grid)
    if span is not None and span.rows > 1:
        vmerge = OxmlElement("w:vMerge")
        if start:
            vmerge.set(qn("w:val"), "restart")
        pr.append(vmerge)   # no w:val: continues the merged cell above
    tc.append(OxmlElement("w:p"))
    return tc


def render_docx(path: Path, rows: list[list[str]]) -> None:
    d = docx.Document()
    d.add_paragraph("市医疗保障局政务公开事项标准目录")
    ncols = len(rows[0])
    table = d.add_table(rows=HEADER_ROWS + len(rows), cols=ncols)
    covering: dict[tuple[int, int], Span] = {}
    for s in HEADER + layout(rows):
        for r in range(s.row, s.row + s.rows):
            for c in range(s.col, s.col + s.cols):
                covering[(r, c)] = s
    # (python-docx's cell.merge writes the same XML, but its table.cell() is quadratic on a big table)
    for r, tr in enumerate(table._tbl.tr_lst):
        for tc in tr.tc_lst:
            tr.remove(tc)
        for c in range(ncols):
            s = covering[(r, c)]
            if c != s.col:
                continue   # inside a span across columns: the w:tc at its left covers it
            tc = _tc(s, start=(r == s.row))
            tr.append(tc)
            if r == s.row:
                fill_tc(tc, *pieces(s.text, s.col, s.row))
    d.save(path)


def comparable(cat) -> list[dict]:
    """The records as test_fidelity compares them."""
    return comparable_records(cat.records)


def assert_same_as_expected(cat) -> None:
    exp = load_expected(EXPECTED_DIR / "city-ybj.json")
    got = comparable(cat)
    assert [r["name"] for r in got] == [r["name"] for r in exp["records"]]
    problems = [f"row {w['row']} ({w['name']}) {f}: expected {w[f]!r}, got {h[f]!r}"
                for w, h in zip(exp["records"], got) for f in FIELDS_COMPARED
                if f != "source_lines" and h[f] != w[f]]
    assert not problems, "\n".join(problems)


def read_rendered(tmp: Path, name: str, render, folder: Path = OFFICE) -> object:
    """city-ybj rendered by `render` beside the mapping file `folder/name.yaml`, read back."""
    mapping = folder / f"{name}.yaml"
    m = load_mapping(mapping)
    render(tmp / m.source, extracted_rows())
    shutil.copy(mapping, tmp)
    return read_catalogue(m, tmp, BASE)


def test_city_ybj_from_word_equals_its_text_extraction(tmp_path):
    cat = read_rendered(tmp_path, "city-ybj-docx", render_docx)
    assert_same_as_expected(cat)
    # provenance: table rows (two header rows first), and the fragment into the document
    first, last = cat.records[0], cat.records[-1]
    assert (first.source_lines, first.source_fragment) == ("3", "table=1&row=3")
    assert (last.source_lines, last.source_fragment) == ("46", "table=1&row=46")
    assert cat.table.preamble == ["市医疗保障局政务公开事项标准目录"]


def test_rendering_uses_real_word_structure(tmp_path):
    """Guard on the fixture itself: merges, symbols and content controls are really in the XML."""
    render_docx(tmp_path / "c.docx", extracted_rows())
    xml = docx.Document(str(tmp_path / "c.docx")).element.body.xml
    assert xml.count("<w:vMerge") > 40 and xml.count("<w:gridSpan") > 10
    assert 'w:char="F0FE"' in xml and 'w:char="F0FC"' in xml and "w14:checkbox" in xml
    assert "<w:br/>" in xml and "<w:bookmarkStart" in xml and "[bookmark" not in xml
