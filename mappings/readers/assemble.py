"""Document → RawTable: the one place where the tables a reader found become the catalogue's table.

The same rules for every form (web page, PDF, Word, Excel, text):
  - which tables: those the mapping names (`tables:`), else every table with a row matching the header;
  - where a table's header starts: the first row matching the mapping's column headers, wherever it is
    (text before it — title, 第一部分 概述, contact details — is the preamble, never an error);
  - header rows printed again (before every table, at the top of every PDF page, before every item)
    are dropped, never read as items; so is one with one character of one cell otherwise (a misprint, a
    scan's OCR misreading: 公开吋限), with a warning;
  - a row that is one cell across the table is not an item: before the header it is a title, between
    items a section title for the rows below it, after the last item a note (trailer); in a text copy, one
    under an item's row may be that item's next row instead, its merged cells not printed (`_below_rowspans`);
  - a row numbering the columns (1 2 3 … under the header, as many forms print) is no item;
  - a row whose one text notes or signs the table (注：…, 单位：… 日期：…, 填报人：…) is a note (trailer),
    wherever it stands, merged across the row or not;
  - a table's title (its <caption>, a title row above its header, or the last line of text before it, or
    the numbered heading a line or two above a sentence introducing the table) travels with its rows,
    for the mapping's `titles:` to use.
Nothing here knows what a column means.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

from .base import (CONTINUED_MARK, SECTION_NUMBER, Cell, Document, Grid, RawRow, RawTable, ReadError, page_furniture,
                   section_number)

#: the last words of section titles in text copies (`_below_rowspans`)
SECTION_TITLES_FILE = Path(__file__).parent.parent / "section-titles.yaml"
_SPACES = re.compile(r"\s+")
#: a row of one cell that notes or signs the table (注：…, 单位：… 日期：…, 填报人：…, 填报单位（盖章）：…): no
#: item, wherever it stands; a signature typed one part a cell is one too
_NOTE = re.compile(r"^\s*(?:注|说明|填表说明|填报说明|备注|附注|备考|填报单位|制表单位|单位|制表人|制表|填表人|填报人|"
                   r"填报日期|制表日期|日期|联系人|联系电话|审核人|负责人|签发人|审批人)\s*\d*\s*"
                   r"(?:[（(][^（()）]{1,6}[)）])?\s*[:：]")
#: the site's footer or page tools after a web page's content: no note of the catalogue
_SITE_FOOTER = re.compile(r"(?:主办单位|承办单位|技术支持|分享到)\s*[:：]|网站标识码|ICP备|ICP证|公网安备|版权所有|打印本页|"
                          r"关闭窗口|【打印】|【关闭】|网站地图")
#: a cell naming the note in the cell beside it (备注 | 本目录动态调整…, 合计 | 共16项)
#: a note opening what is appended after the catalogue (附：联系方式, 附件1：…, 附表): no row after it is an item
_APPENDIX = re.compile(r"^\s*附\s*(?:件|表|录)?\s*\d*\s*[:：]|^\s*附\s*(?:件|表|录)\s*\d*\s*$")
#: a title naming the agency's contacts, over a small table of them after the items (联系方式, 二、咨询监督电话)
_CONTACTS = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+\s*[、.．]\s*)?(?:附\s*[:：]?\s*)?"
                       r"(?:各?(?:科室|单位|部门)?(?:联系方式|联系电话|咨询电话|监督电话|咨询监督电话|监督举报电话|联系我们|通讯录))\s*$")
_NOTE_LABEL = re.compile(r"^\s*(?:注|说明|填表说明|填报说明|备注|附注|备考|合\s*计|总\s*计|小\s*计)\s*[:：]?\s*$")


def _key(texts: list[str]) -> tuple[str, ...]:
    out = [_SPACES.sub("", t) for t in texts]
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def _misread_of(key: tuple[str, ...], keys: list[tuple[str, ...]]) -> bool:
    """`key` is one of `keys`, or one of them but for one character of one cell (公开吋限 for 公开时限: a header
    printed again on a scan's next page, one character misread by the OCR, or a misprint; other columns, a cell
    swapped or reworded, differ more)."""
    for k in keys:
        differ = [(a, b) for a, b in zip(key, k) if a != b]
        if key == k or len(key) == len(k) and len(differ) == 1 and _one_off(*differ[0]):
            return True
    return False


def _one_off(a: str, b: str) -> bool:
    """Two texts of one length, three characters or more, that differ in one character."""
    return len(a) == len(b) >= 3 and sum(x != y for x, y in zip(a, b)) == 1


def _differing(key: tuple[str, ...], first: tuple[str, ...]) -> str:
    return ", ".join(f"'{a}' where the first reads '{b}' (column {j + 1})"
                     for j, (a, b) in enumerate(zip(key, first)) if a != b)


def _blank(row: list[Cell]) -> bool:
    """No text of its own: its cells blank, or covered by a merge from a row above (an empty row inside a
    merged 事项类别 is no item)."""
    return all(c.blank or c.merged for c in row)


def header_start(grid: Grid, probe: Callable[..., bool], header_rows: int = 1) -> int | None:
    """The header's first row: the first matching the mapping's headers on its own, or with the header rows
    under it (a two-row header whose upper row holds few of the texts: 公开对象 over 全社会 | 特定群众 …)."""
    for i, row in enumerate(grid.rows):
        texts = [c.text for c in row]
        if probe(texts) or header_rows > 1 and probe(texts, [c.text for r in grid.rows[i + 1:i + header_rows]
                                                              for c in r]):
            return i
    return None


# Blocks side by side: one domain's items in columns A:L, another's in N:Y under the same header (or a 依申请公开
# block with fewer columns), one empty column between them or none, their headers on one row or not, a title row
# over each. Read as one table, the second block's items were lost (or joined cell by cell to the first's rows).
# The sheet is cut, left to right, at a column empty in every row (but for a title merged across it) or, with
# none, where a header row prints its first wording again (序号 | … | 序号 | …); a cut stands when both sides
# have a header of their own (the mapping's wordings, three cells at least) and the two look alike (the same
# first wording, or most wordings shared), or both name items over rows of their own (a small table of items
# beside the catalogue). A box of another kind beside the catalogue (a legend, the offices' phones) is no
# block: its columns stay the table's as they were, told when they look like one (`doubts`).

def _own(c: Cell) -> bool:
    """A cell with text of its own: not blank, not the part of a merge from its left (a title across)."""
    return not c.blank and not (c.origin is not None and c.origin[1] < c.col)


def _part(grid: Grid, a: int, b: int, first: bool) -> Grid:
    """Columns a to b (not included) of the grid, as a grid: the rows and numbering of the sheet (its rows' provenance
    the cells of these columns: `Grid.columns`); the text before the grid goes with the first part only."""
    rows = [[row[j] if j < len(row) else Cell("", no, no, col=j + 1) for j in range(a, b)]
            for row, no in zip(grid.rows, grid.numbers)]
    return Grid(f"{grid.name} (columns {a + 1}-{b})", grid.index, rows, grid.numbers, grid.fragment,
                grid.before if first else [], grid.caption if first else "", (a + 1, b), grid.over_header)


def _head(grid: Grid, a: int, b: int, probe) -> tuple[int, list[str]] | None:
    """The first row whose cells in columns a to b match the headers, or are header wordings all but one, three
    of their own at least (a small table's: fewer columns than the probe looks for): (its index, its own
    texts)."""
    known = getattr(probe, "known", None)
    for i, row in enumerate(grid.rows):
        cells = row[a:b]
        own = [_SPACES.sub("", c.text) for c in cells if _own(c)]
        if len(own) >= 3 and (probe([c.text for c in cells])
                              or known is not None and sum(map(known, own)) >= max(3, len(own) - 1)):
            return i, own
    return None


def _alike(left: list[str], right: list[str]) -> bool:
    """Two headers of blocks of one catalogue: the same first wording (序号), or most wordings shared."""
    shared = len(set(left) & set(right))
    return left[0] == right[0] or shared >= max(2, math.ceil(0.6 * min(len(set(left)), len(set(right)))))


def _apart(grid: Grid, left: tuple[int, int, int], right: tuple[int, int, int], probe) -> bool:
    """Two headers unlike each other, each naming items (事项名称 …: the probe's `names`), over rows that are not
    the same ones (a table of another kind beside the catalogue, its items its own; not one table whose columns
    an empty column parts, its rows filled on both sides). `left`, `right`: (header row, first column, end)."""
    names = getattr(probe, "names", None)
    if names is None:
        return False
    def heads(i, a, b):
        return names([c.text for c in grid.rows[i][a:b]])
    return heads(*left) and heads(*right) and _filled(grid, *left) != _filled(grid, *right)


def _filled(grid: Grid, i: int, a: int, b: int) -> set[int]:
    """The rows under row i with text of their own in columns a to b."""
    return {k for k in range(i + 1, len(grid.rows)) if any(_own(c) for c in grid.rows[k][a:b])}


def _repeats(grid: Grid, a: int, b: int, probe) -> list[int]:
    """The columns within a to b where a header row prints its first wording again (序号 | … | 序号 | …, with
    the mapping's headers on both sides): where a block beside the first starts, no empty column between."""
    firsts = set()
    for row in grid.rows:
        cells = row[a:b]
        own = [c for c in cells if _own(c)]
        if len(own) >= 3 and probe([c.text for c in cells]):
            firsts.add(_SPACES.sub("", own[0].text))
    if not firsts:
        return []
    cuts = set()
    for row in grid.rows:
        texts = None
        for k in range(a + 3, min(b, len(row))):
            if _own(row[k]) and _SPACES.sub("", row[k].text) in firsts:
                if texts is None:
                    texts = [row[j].text if j < len(row) else "" for j in range(a, b)]
                if probe(texts[k - a:]):
                    cuts.add(k)
    return sorted(cuts)


def side_by_side(grid: Grid, probe: Callable[..., bool], doubts: list[tuple[int, int, str]] | None = None) -> list[Grid]:
    """The blocks of a grid standing side by side, left to right (see above); the grid itself when it has one.
    Columns that look like another block but are not cut off (a header's wordings printed again, no header of
    their own, or one unlike the block's beside them) are told in `doubts`: (first column, end, what), counted
    from 0 in the grid."""
    width = grid.width
    if width < 6:
        return [grid]
    gap = [all(j >= len(row) or not _own(row[j]) for row in grid.rows) for j in range(width)]
    segments, a = [], None
    for j in range(width + 1):
        if j < width and not gap[j]:
            a = j if a is None else a
        elif a is not None:
            segments.append((a, j))
            a = None
    parts = []
    for a, b in segments:
        edges = [a, *_repeats(grid, a, b, probe), b]
        parts += list(zip(edges, edges[1:]))
    if len(parts) < 2:
        return [grid]
    kept = [parts[0]]
    for a, b in parts[1:]:
        left, right = _head(grid, *kept[-1], probe), _head(grid, a, b, probe)
        if left is not None and right is not None and (_alike(left[1], right[1]) or _apart(
                grid, (left[0], *kept[-1]), (right[0], a, b), probe)):
            kept.append((a, b))
            continue
        if doubts is not None and right is None and left is not None:
            texts = [_SPACES.sub("", c.text) for row in grid.rows for c in row[a:b] if _own(c)]
            again = [t for t in dict.fromkeys(texts) if t in left[1]]
            if len(again) >= 2:
                doubts.append((a, b, f"{grid.name}: columns {a + 1}-{b} repeat the header's wordings "
                              f"({', '.join(again[:4])}) without a header of their own: read as columns of the "
                              "table, not as a block of items beside it; check them"))
        elif doubts is not None and right is not None and left is not None \
                and _filled(grid, left[0], *kept[-1]) != _filled(grid, right[0], a, b):
            # (not one table an empty column parts, its rows filled on both sides)
            doubts.append((a, b, f"{grid.name}: columns {a + 1}-{b} have a header of their own ({', '.join(right[1][:4])} …) "
                          "unlike the one beside them: read as columns of the table, not as a block of items "
                          "beside it; check them"))
        kept[-1] = (kept[-1][0], b)
    if len(kept) < 2:
        return [grid]
    return [_part(grid, a, b, n == 0) for n, (a, b) in enumerate(kept)]


def blocks(grid: Grid, probe: Callable[..., bool], header_rows: int = 1,
           doubts: list[tuple[int, int, str]] | None = None) -> list[Grid]:
    """The blocks of a grid, in reading order: those side by side (`side_by_side`), left first, each cut where
    another block starts under it (`stacked`). `doubts`: where columns looked like another block but were
    not cut off, told."""
    return [b for part in side_by_side(grid, probe, doubts) for b in stacked(part, probe, header_rows)]


def stacked(grid: Grid, probe: Callable[..., bool], header_rows: int = 1) -> list[Grid]:
    """A grid cut where another block of the catalogue starts under a header of its own: a row matching the
    mapping's headers with other texts than the header of the block in force, after an empty row or a title row
    (一、主动公开 / 二、依申请公开 on one sheet, the second with its own columns; a third with the first's again).
    Each block is read as a table of its own (lined up by its header), with the rows and the numbering of the
    grid; the title rows above a block's header are its title. A header printed again with the texts of the
    block in force, or right under an item (a page's), cuts nothing."""
    start = header_start(grid, probe, header_rows)
    if start is None:
        return [grid]
    current = _key([c.text for c in grid.rows[start]])       # the header of the block in force
    cuts = []
    for i in range(start + 1, len(grid.rows)):
        texts = [c.text for c in grid.rows[i]]
        if _key(texts) == current or not probe(texts):
            continue
        k = i
        while k > start + 1 and sum(not c.blank for c in grid.real_cells(k - 1)) == 1:
            k -= 1          # its title rows (二、依申请公开事项: one text, across the row or not)
        if k > start + 1 and (k < i or _blank(grid.rows[k - 1])) and (not cuts or k > cuts[-1]):
            cuts.append(k)
            current = _key(texts)
    if not cuts:
        return [grid]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(grid.rows)]):
        out.append(Grid(grid.name, grid.index, grid.rows[a:b], grid.numbers[a:b], grid.fragment,
                        grid.before if a == 0 else [], grid.caption if a == 0 else "", grid.columns, grid.over_header))
    return out


#: an item's number alone in a cell: 1, 1., 1、 (a list numbering's text)
_ITEM_NUMBER = re.compile(r"\d+[.．、)）]?")


def header_depth(grid: Grid, start: int, header_rows: int, probe) -> int:
    """How many rows this table's header has, from `start`: tables of one document may print it in one row or
    two (a 领域's table with 公开对象 as words, another's over 全社会 | 特定群众 ticks). A row under the header's
    first is header while its own cells (not merged from above) are mostly the mapping's header wordings and
    none a number, or a row of group names with such a row under it (公开属性 over 公开对象 | 公开方式 over 全社会 |
    特定群众 | 主动 | 依申请: three rows; its cells the wordings do not know each spanning columns, whatever the
    number of cells: 一级事项 | 二级事项 | 公开对象 | 公开方式 | 乡级, a group of one leaf merged down beside them); the
    mapping's `header_rows` when its wordings are not known (a draft's probe)."""
    every = getattr(probe, "every", None)
    if not every:
        return header_rows
    def own(k: int) -> list[str]:
        return [_SPACES.sub("", c.text) for c in grid.rows[k] if not c.blank and not c.merged]

    def cells(k: int) -> int:                   # its own cells, a merge across columns once
        return sum(1 for c in grid.real_cells(k) if not c.blank and not c.merged)

    def numbered(texts: list[str]) -> bool:     # an item's number: 1, 1., 1、
        return any(_ITEM_NUMBER.fullmatch(t) for t in texts)

    def worded(k: int) -> bool:
        texts = own(k)
        return not numbered(texts) and sum(t in every for t in texts) >= max(1, math.ceil(0.5 * len(texts)))

    def groups_over(k: int) -> bool:            # its cells the wordings do not know each span columns: groups
        unknown = [c for c in grid.real_cells(k) if not c.blank and not c.merged and _SPACES.sub("", c.text) not in every]
        return bool(unknown) and all(c.span[1] >= 2 for c in unknown)

    depth = 1
    while depth < 3 and start + depth < len(grid.rows):
        if worded(start + depth):
            depth += 1
        elif depth == 1 and start + 2 < len(grid.rows) and own(start + 1) and not numbered(own(start + 1)) \
                and (cells(start + 1) < cells(start + 2) or groups_over(start + 1)) and worded(start + 2):
            # a row of group names (公开对象 over 全社会 | 特定群众) between two header rows: fewer cells than the
            # row under it, each spanning some (an item between two printings of the header fills its row)
            depth = 3
        else:
            break
    return depth


def _used_width(grid: Grid) -> int:
    """A grid's width without the columns at its right that hold nothing of their own: blank in every row, or
    the part of a cell spanning from the left (a header's colspan over-running the table by one: <td
    colspan="5"> over four columns, a column no browser shows)."""
    width = grid.width
    while width > 1 and all(len(row) < width or row[width - 1].blank
                            or row[width - 1].origin is not None and row[width - 1].origin[1] < width
                            for row in grid.rows):
        width -= 1
    return width


def continues(grid: Grid, chosen: Grid | None, tables: list[Grid] = ()) -> bool:
    """A table with no header of its own right after a table of the catalogue, as wide (but for columns at the
    catalogue's right that hold nothing of their own: `_used_width`), with no text between them but a numbered
    heading (二、政策文件: a section's title) and page furniture (- 1 -, 第1页, a web page's pager: 共2页 上一页
    1 2 下一页; in lines or in small tables of their own: `tables`, the document's; base.page_furniture): the
    rest of it (a Word table split in two, a web table cut in parts, one table per 一级事项 whose header only the
    first prints), read as its continuation, under that heading."""
    if chosen is None or grid.index <= chosen.index or not _used_width(chosen) <= grid.width <= chosen.width \
            or grid.width < 2:
        return False
    skipped = [t for t in tables if chosen.index < t.index < grid.index]
    if len(skipped) != grid.index - chosen.index - 1 or not all(map(_pager_table, skipped)):
        return False
    between = [t.strip() for t in [*(b for s in skipped for b in s.before), *grid.before]
               if t.strip() and not page_furniture(t) and not CONTINUED_MARK.search(t)]
    if not between:
        return True
    number = SECTION_NUMBER.match(between[-1])
    # (after a heading, its first row an item's: numbered, as 附：二、联系方式's table of offices is not)
    first = next((r for r in grid.rows if not _blank(r)), None)
    return len(between) <= 2 and all(len(t) <= 40 for t in between) and number is not None \
        and bool(between[-1][number.end():]) and first is not None \
        and _ITEM_NUMBER.fullmatch(_SPACES.sub("", first[0].text)) is not None


def _pager_table(grid: Grid) -> bool:
    """A table of two rows at most holding page furniture only (第1页, a web page's pager: 上一页 | 1 | 2 | 下一页),
    with none but page furniture before it."""
    texts = [c.text for row in grid.rows for c in row if c.text.strip()] + [t for t in grid.before if t.strip()]
    return len(grid.rows) <= 2 and all(map(page_furniture, texts))


def unread_rests(doc: Document, chosen: list[Grid], probe: Callable[..., bool], header_rows: int = 1) -> list[str]:
    """Warnings naming each table left unread that may be the rest of one of the catalogue's: the next table after
    it (past pager tables), as wide (`continues`' widths), with no header of its own and rows of several cells,
    yet not taken, for text between them that is not page furniture (a pager of unknown wordings) or because the
    mapping names other tables. Its items would be lost without a word."""
    read = {g.index for g in chosen}
    out = []
    for c in chosen:
        g = next((t for t in doc.tables if t.index > c.index and not _pager_table(t)), None)
        if g is None or g.index in read or not _used_width(c) <= g.width <= c.width or g.width < 2 \
                or header_start(g, probe, header_rows) is not None \
                or not any(len({x.text for x in row if not x.blank and not x.merged}) >= 2 for row in g.rows):
            continue
        between = [b.strip() for t in doc.tables if c.index < t.index <= g.index for b in t.before if b.strip()]
        said = f" (text between them: '{' / '.join(between)[:80]}')" if between else ""
        rows = sum(1 for row in g.rows if not _blank(row))
        out.append(f"{doc.path}: {g.name} ({rows} rows) is as wide as {c.name} and has no header of its own, but is "
                   f"not read{said}; if it is {c.name}'s rest (a table cut in parts by a pager or a page break), "
                   "its items are left out: name both in `tables:`")
    return out


def _lists_items(grid: Grid, start: int, probe: Callable[..., bool], header_rows: int) -> bool:
    """A table after the catalogue's first, its header at row `start`, lists the catalogue's items: its header heads
    enough of the mapping's columns (the probe's `lists_items`), not only 序号 and a name (a 相关文件 table of
    序号 | 文件名称 | 发布日期 after the catalogue: its files are no items)."""
    check = getattr(probe, "lists_items", None)
    return check is None or check([c.text for row in grid.rows[start:start + header_rows] for c in row])


def choose_tables(doc: Document, probe: Callable[..., bool], wanted: list[int | str] | None,
                  unit: str = "table", header_rows: int = 1) -> list[Grid]:
    """The grids the mapping names (numbers counted from 1, or sheet names), else every grid with a
    row matching the header. `unit` is what the form calls a table ("sheet" in a workbook)."""
    if not doc.tables:
        raise ReadError(doc.path, None, "the document has no table")
    if wanted:
        out = []
        names = {g.name: g for g in doc.tables}
        for n in wanted:
            if isinstance(n, str):
                g = names.get(f"{unit} '{n}'")
                if g is None:
                    listed = [g.name.split("'", 1)[-1].rstrip("'") for g in doc.tables]
                    raise ReadError(doc.path, None, f"the workbook has no {unit} '{n}'; its {unit}s: {listed}")
                out.append(g)
            elif not 1 <= n <= len(doc.tables):
                whole = "workbook" if unit == "sheet" else "document"
                raise ReadError(doc.path, None, f"the mapping asks for {unit} {n}, the {whole} has {len(doc.tables)}")
            else:
                out.append(doc.tables[n - 1])
        return out
    out = []
    for g in doc.tables:
        start = header_start(g, probe, header_rows)
        if start is not None and (not out or _lists_items(g, start, probe, header_rows)) \
                or start is None and continues(g, out[-1] if out else None, doc.tables):
            out.append(g)
    if not out:
        g = doc.tables[0]
        first = next((g.row_text(i) for i in range(len(g.rows)) if g.row_text(i)), "(empty)")
        many = f" (nor in the {len(doc.tables) - 1} other tables)" if len(doc.tables) > 1 else ""
        raise ReadError(doc.path, None, f"{g.name}: no row matches the mapping's column headers{many} "
                                        f"(no header row found; first row reads '{first[:60]}'); check 'columns' and the table")
    return out


def assemble(doc: Document, ncols: int, header_rows: int, probe: Callable[[list[str]], bool],
             tables: list[int | str] | None = None, check_width: bool = True, unit: str = "table") -> RawTable:
    """The catalogue's table from the document's tables. `check_width`: refuse a table narrower than
    the mapping's columns unless its headers line it up with them (off for text layouts, whose rows are as
    wide as their cells and whose header rows lost their merges)."""
    chosen = choose_tables(doc, probe, tables, unit, header_rows)
    table = RawTable(path=doc.path, encoding=doc.encoding)
    table.warnings = list(doc.warnings) + unread_rests(doc, chosen, probe, header_rows)
    header_keys: list[tuple[str, ...]] = []
    order, title = None, ""
    heads: list[str] = []       # lines that may head the next row (RawRow.headings), met since the row before
    doubts: list[tuple[int, int, str]] = []
    chosen = [b for g in chosen for b in blocks(g, probe, header_rows, doubts)]
    table.warnings += list(dict.fromkeys(f"{doc.path}: {what}" for _, _, what in doubts))
    for n, grid in enumerate(chosen):
        if grid.fragment:
            table.fragments[grid.index] = grid.fragment
        start = header_start(grid, probe, header_rows)
        if start is None and grid.columns:      # a small table beside the catalogue, its header of its wordings
            start = (_head(grid, 0, grid.width, probe) or (None,))[0]
        if start is None and n and continues(grid, chosen[n - 1], doc.tables):
            # the rest of the table before: its rows, lined up as its were, in its title
            table.continued[grid.index] = table.continued.get(chosen[n - 1].index, chosen[n - 1].index)
            if order is not None:
                grid = _lined_up(grid, order, None, header_rows, probe, table)
            # (the page furniture between them is no heading: a pager would title the rows, their category lost)
            heading = [t for t in grid.before if t.strip() and not page_furniture(t) and not CONTINUED_MARK.search(t)]
            heads += heading
            title = _body(table, grid, 0, [], header_keys, probe, _title(heading) if heading else title, heads)
            continue
        align = getattr(probe, "align", None)
        depth = header_depth(grid, start, header_rows, probe) if start is not None and check_width else header_rows
        # a table may lack columns of the mapping only beside others that have them (one table per domain)
        # (a text copy's tables are lined up when there are several: one with another's columns, or fewer)
        # (a small table beside the catalogue: lined up by the few columns its header has)
        order = align([[c.text for c in grid.rows[i]] for i in range(start, min(start + depth, len(grid.rows)))],
                      lacking=len(chosen) > 1, lost_merges=not check_width,
                      need=3 if grid.columns and grid.width < ncols else None) \
            if align is not None and start is not None and (check_width or len(chosen) > 1) else None
        if order is not None:       # a table whose columns are not the mapping's: lined up by their headers
            grid = _lined_up(grid, order, start, depth, probe, table)
            table.lined_up.add(grid.index)
        if start is None:
            first = next((grid.row_text(i) for i in range(len(grid.rows)) if grid.row_text(i)), "(empty)")
            raise ReadError(doc.path, None, f"{grid.name}: no row matches the mapping's column headers "
                                            f"(no header row found; first row reads '{first[:60]}'); check 'columns' and the table")
        if check_width and grid.width < ncols:
            raise table.error(grid.numbers[start], f"{grid.name} has {grid.width} columns, the mapping declares "
                                                   f"{ncols}", grid.index)
        above = [t for t in (grid.row_text(i) for i in range(start)) if t]
        if n == 0:      # what stands before the catalogue: before its first table, and before tables it passed
            earlier = [t for g in doc.tables if g.index < grid.index for t in g.before if t]   # (contents)
            table.preamble = earlier + [t for t in grid.before if t] + above
        head = list(range(start, min(start + depth, len(grid.rows))))
        keys = [_key([c.text for c in grid.rows[i]]) for i in head]
        own = grid.caption or _title([t for t in grid.before if t] + above) or (
            _sheet_name(grid) if unit == "sheet" else "")
        if n and keys == header_keys and start == 0 and unit != "sheet" and not own \
                and continues(grid, chosen[n - 1], doc.tables):
            # its header copied over the rest of a table split by a page break, nothing between them: still its
            # rest, under its title (a 一级事项 merge the split cut goes on across it)
            table.continued[grid.index] = table.continued.get(chosen[n - 1].index, chosen[n - 1].index)
        else:
            title = own
        rows = _header_rows(grid, head)
        table.headers.append(rows)          # every table's header is checked against the mapping
        if n == 0 or not table.header:
            table.header = rows
        header_keys = keys
        heads += _lines_above(grid, chosen[n - 1] if n else None, unit, above,
                              earlier if n == 0 else [])
        title = _body(table, grid, start, head, header_keys, probe, title, heads)
    # the text after the catalogue: after its last table, up to the next table (a web page's share bar or footer
    # is one) or the end, and not the site's footer (主办单位 … 网站标识码, 备案号, 【打印本页】)
    last = chosen[-1].index if chosen else 0
    following = next((g for g in doc.tables if g.index > last), None)
    after = following.before if following is not None else doc.after
    for t in after:
        if _SITE_FOOTER.search(t):
            break
        if t:
            table.trailer.append(t)
    return table


def _lines_above(grid: Grid, before: Grid | None, unit: str, above: list[str], earlier: list[str]) -> list[str]:
    """The lines above a table's header that may head its rows, in document order: a sheet's name (a block of a
    sheet after its first has none of its own), the text before it (for the first table, the text before the
    tables it passed), its caption, its title rows."""
    name = _sheet_name(grid) if unit == "sheet" and (before is None or before.index != grid.index) else ""
    return [t for t in [name, *earlier, *grid.before, grid.caption, *above] if t.strip()]


def _body(table: RawTable, grid: Grid, start: int, head: list[int], header_keys: list[tuple[str, ...]], probe,
          title: str, heads: list[str]) -> str:
    """The rows of a grid under its header (`head`: the header's rows, from `start`) into the table; the title
    in force after its last row (a section's). `heads`: the lines met since the last row that may head the
    next (RawRow.headings), the grid's section rows added; emptied into each row."""
    # what each body row is, decided once: blank, the header printed again, one cell across, an item
    kinds = []
    for i in range(start + len(head), len(grid.rows)):
        row = grid.rows[i]
        kinds.append((i, "blank" if _blank(row) or _column_numbers(row) or _continued(row) else "header"
                      if _is_header(row, header_keys, probe) else "note" if _note(row)
                      else "one-cell" if grid.one_cell(i) or _section(grid, i) or _code_heading(grid, i)
                      else "item"))
    # a long line across the table printed again and again among the items (a page's running header or footer
    # left in a copy: 某局政务公开办公室 制, the title with a date) is the page's, not a section's title (a numbered
    # one is; so is a short one repeated under several sections: 主动公开事项)
    again = Counter(grid.row_text(i) for i, kind in kinds if kind == "one-cell")
    kinds = [(i, "blank" if kind == "one-cell" and again[grid.row_text(i)] > 1 and len(grid.row_text(i)) >= 10
              and not SECTION_NUMBER.match(grid.row_text(i)) else kind) for i, kind in kinds]
    # an appendix after the items (附：联系方式 over a table of the offices' phones) ends them: its rows are notes;
    # so does a title naming contacts (联系方式 across the table) over rows of a few cells (科室 | 电话 | 地址). One
    # over the catalogue's header printed again titles the next block of items (附件2：…领域…目录, the attachments
    # of a guideline stacked on one sheet)
    appendix = next((n for n, (i, kind) in enumerate(kinds) if kind != "blank" and any(k == "item" for _, k in kinds[:n])
                     and (_appendix(grid.rows[i]) and not _header_again(grid, kinds[n + 1:], header_keys)
                          or kind == "one-cell" and _CONTACTS.match(grid.row_text(i))
                          and _few_cells_after(grid, kinds, n))), None)
    if appendix is not None:
        kinds[appendix:] = [(i, "blank" if kind == "blank" else "note") for i, kind in kinds[appendix:]]
    if grid.fragment is None:       # lines of a text: a row below a rowspan may print one cell alone
        kinds = _below_rowspans(grid, kinds)
    last_item = max((i for i, kind in kinds if kind in ("item", "under")), default=None)
    skip_header = 0
    for i, kind in kinds:
        row, no = grid.rows[i], grid.numbers[i]
        if skip_header and kind != "blank" and _misread_of(_key([c.text for c in row]), header_keys):
            skip_header -= 1
            continue
        skip_header = 0
        if kind == "blank":
            continue
        if last_item is None or i > last_item or kind == "note":
            text = grid.row_text(i)      # notes (注：…) after the last item, or one among the items
            if text and kind != "header":
                table.trailer.append(text)
            continue
        if kind == "header":
            skip_header = len(header_keys) - 1    # the header printed again (a new page, a new table)
            key = _key([c.text for c in row])
            if _misread_of(key, header_keys[:1]):
                if key != header_keys[0]:
                    table.warnings.append(f"{_where(table, grid, no)}: the header printed again reads "
                                          f"{_differing(key, header_keys[0])}: read as the same header (a misprint, "
                                          "or a scan's OCR misreading)")
            else:                                 # with other texts: checked too
                table.headers.append(_header_rows(grid, [k for k, _ in kinds if i <= k < i + len(header_keys)]))
            continue
        if kind == "one-cell":
            title = grid.row_text(i)
            table.sections.append((_where(table, grid, no), title))
            heads.append(title)
            continue
        if kind == "under":      # the rest of the item above: its own cell(s), the merged ones not printed
            table.rows.append(RawRow(list(row), no, max((c.last_line for c in row), default=no), grid.index, title,
                                     (), continues=True, columns=grid.columns))
            continue
        if grid.fragment:        # rows of a table: every cell has the row's number
            table.rows.append(RawRow(list(row), no, no, grid.index, title, tuple(heads), columns=grid.columns))
        else:                    # lines of a text: a row's cells may run over several lines
            first = min((c.first_line for c in row), default=no)
            last = max((c.last_line for c in row), default=no)
            table.rows.append(RawRow(list(row), first, last, grid.index, title, tuple(heads), columns=grid.columns))
        heads.clear()
    return title


def _numbering(text: str) -> str:
    """How a title is numbered: 一、 / （一） / 第一部分 / 1. / （1）, or "" (not numbered)."""
    text = text.strip()
    for style, pattern in _NUMBERINGS:
        if pattern.match(text):
            return style
    return ""


_NUMBERINGS = [("一、", re.compile(r"[一二三四五六七八九十]{1,3}\s*[、.．]")),
               ("（一）", re.compile(r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]")),
               ("第一", re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:部分|章|节|类)")),
               ("1.", re.compile(r"\d{1,2}\s*[、.．](?!\d)")),
               ("（1）", re.compile(r"[（(]?\s*\d{1,2}\s*[)）]"))]


def _below_rowspans(grid: Grid, kinds: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """In a text copy of a table whose items span several rows (序号, 事项名称, 公开依据 … merged down, one
    公开内容 element a row), the rows below the item's first print only their own cell, alone on its line, as a
    title across the table is printed. Such a one-cell row is the item's ("under": joined to it by the records)
    when it follows an item's row (or another such row) and the table's titles are told apart otherwise:
      - the titles no item row precedes (under the header, or under such a title) show how this table numbers
        its titles; a table with an unnumbered one among them (机构信息 over its items) titles groups with
        unnumbered rows: then every one-cell row stays a title;
      - a row numbered as a section (一、 （一） 第一部分) or as those titles are (1.) is a title, and so is every
        one-cell row under it;
      - a row over an item numbered 1 again, after items numbered before, is a title (the numbering restarts);
      - so is a row numbered otherwise than the item's own cells are (2.行政处罚类 under items whose elements
        are not numbered so), one worded as a group's title (行政许可类, 养老服务领域: `title_endings`; 依申请公开事项,
        执法信息 where a title no item precedes ends so too), and the rows of a run over the header printed again
        (a page's title or footer, `Grid.over_header`): as before, a title or note, never glued to the item's
        公开内容;
      - after the last item, one only when rows of other items were read so, and not a sentence (…。): a note.
    """
    runs: list[tuple[str, list[int]]] = []    # (the kind of the row above the run, the run's one-cell rows)
    before = "header"
    for n, (i, kind) in enumerate(kinds):
        if kind == "blank":
            continue
        if kind == "one-cell":
            if not runs or runs[-1][1][-1] != _last_kept(kinds, n):
                runs.append((before, []))
            runs[-1][1].append(i)
        before = kind
    styles = {_numbering(grid.row_text(i)) for above, run in runs if above != "item" for i in run
              if len(grid.rows[i]) == 1}
    if "" in styles:
        return kinds
    items = [i for i, kind in kinds if kind == "item"]
    strong, weak_end = title_endings()
    # the endings of the titles no item precedes: a row after an item ending so (…事项, …信息) titles too
    endings = {m.group(1) for above, run in runs if above != "item" for i in run
               if (m := weak_end.search(grid.row_text(i)))}
    under: set[int] = set()
    for above, run in runs:
        if above != "item":
            continue
        nxt = next((kind for i, kind in kinds if i > run[-1] and kind != "blank"), None)
        if nxt == "header" or any(grid.numbers[i] in grid.over_header for i in run):
            continue        # the header printed again below: a page's title or footer, no item's rows
        top = _last_kept(kinds, next(n for n, (i, _) in enumerate(kinds) if i == run[0]))
        own = {_numbering(c.text) for c in grid.rows[top][1:]} if top is not None else set()
        for i in run:
            text = grid.row_text(i)
            numbered = _numbering(text)
            if len(grid.rows[i]) != 1 or SECTION_NUMBER.match(text) or numbered in styles \
                    or numbered and numbered not in own or strong.search(text) \
                    or (weak := weak_end.search(text)) and weak.group(1) in endings:
                break
            under.add(i)
        after = next((k for k in items if k > run[-1]), None)
        if after is not None:
            first = _SPACES.sub("", grid.rows[after][0].text)
            earlier = [_SPACES.sub("", grid.rows[k][0].text) for k in items if k < run[0]]
            if _ITEM_NUMBER.fullmatch(first) and first.rstrip(".．、)）") == "1" \
                    and any(_ITEM_NUMBER.fullmatch(t) and t.rstrip(".．、)）") != "1" for t in earlier):
                under.discard(run[-1])
        elif not any(k < run[0] for k in under) or any(grid.row_text(i).rstrip().endswith(("。", "！", "!"))
                                                       for i in run if i in under):
            under -= set(run)
    return [(i, "under" if i in under else kind) for i, kind in kinds]


@lru_cache(maxsize=1)
def title_endings() -> tuple[re.Pattern, re.Pattern]:
    """How a group's title ends (mappings/section-titles.yaml), as patterns whose one group is the word: `strong`,
    words only titles end with (行政许可类, 养老服务领域: a one-cell row so worded after an item's row titles the
    items below rather than being the item's next 公开内容 element), and `weak`, words an element may end with as
    well (中标信息, 办理事项; 依申请公开事项, 执法信息 are titles), a title's only where a title no item precedes ends
    with them too. A colon may follow the word (行政许可类：)."""
    data = yaml.safe_load(SECTION_TITLES_FILE.read_text(encoding="utf-8"))

    def ending(words) -> re.Pattern:
        alternation = "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))
        return re.compile(f"({alternation})" + r"\s*[:：]?\s*$")
    return ending(data["strong"]), ending(data["weak"])


def _last_kept(kinds: list[tuple[int, str]], n: int) -> int | None:
    """The row before kinds[n] that is not blank."""
    return next((i for i, kind in reversed(kinds[:n]) if kind != "blank"), None)


def _header_rows(grid: Grid, indexes: list[int]) -> list[RawRow]:
    out = []
    for i in indexes:
        row = grid.rows[i]
        first = min((c.first_line for c in row), default=grid.numbers[i])
        last = max((c.last_line for c in row), default=grid.numbers[i])
        out.append(RawRow(list(row), first, last, grid.index, columns=grid.columns))
    return out


def _lined_up(grid: Grid, order: list[int | None], start: int | None, header_rows: int, probe,
              table: RawTable) -> Grid:
    """The grid with its columns where the mapping has them (`order`: the grid's column for each of the
    mapping's, None where it has none: blank there); what it lacks and what it has beyond the mapping are
    told."""
    def cell(row: list[Cell], j: int | None, no: int) -> Cell:
        return row[j] if j is not None and j < len(row) else Cell("", no, no)
    rows = [[cell(row, j, no) for j in order] for row, no in zip(grid.rows, grid.numbers)]
    lined = Grid(grid.name, grid.index, rows, grid.numbers, grid.fragment, grid.before, grid.caption, grid.columns,
                 grid.over_header)
    if start is None:            # the continuation of a table lined up so: told there
        return lined
    where = _where(table, grid, grid.numbers[start])
    head = grid.rows[start:start + header_rows]
    lacking = [probe.labels[k] for k, j in enumerate(order) if j is None]
    if lacking:
        table.warnings.append(f"{where}: {grid.name} has no column {', '.join(repr(t) for t in lacking)}: "
                              f"its rows leave {'it' if len(lacking) == 1 else 'them'} blank")
    used = {j for j in order if j is not None}
    for j in range(grid.width):
        text = next((r[j].text.strip() for r in reversed(head) if j < len(r) and r[j].text.strip()), "")
        if j not in used and text:
            table.warnings.append(f"{where}: column {j + 1} '{text}' of {grid.name} is not in the mapping: its cells "
                                  f"are not read; give it a role (extra keeps it as text)")
    found = [j for j in order if j is not None]
    if not lacking and found != sorted(found):      # (columns only left out are told above, one by one)
        table.warnings.append(f"{where}: the columns of {grid.name} are in another order than the mapping's: read "
                              f"by their headers")
    return lined


#: the names a spreadsheet program gives a sheet (Sheet1, 工作表2, 表1): no title
_DEFAULT_SHEET = re.compile(r"(?i)(?:sheet|工作表|表|页)?\s*\d*")


def _sheet_name(grid: Grid) -> str:
    """A sheet's name, its title when no line above its header gives one (one sheet per 一级事项, named after it),
    unless the program gave it (Sheet1)."""
    name = grid.name.partition("'")[2].rpartition("'")[0].strip()
    return "" if _DEFAULT_SHEET.fullmatch(name) else name


def _title(lines: list[str]) -> str:
    """A table's title from the lines above it: the last, unless it is a sentence (本部分公开…，共5项。) under a
    heading (一、概况信息, （二）…, 第二部分 …) one or two lines up: the heading."""
    if not lines:
        return ""
    last = lines[-1].strip()
    if last.endswith(("。", "；", ";", "：", ":")) or len(last) > 40:
        for line in reversed(lines[-3:-1]):
            if SECTION_NUMBER.match(line) and len(line.strip()) <= 40:
                return line.strip()
    return last


def _section(grid: Grid, i: int) -> bool:
    """A section's title typed in the first column (or a merge of the first few) only, running over the empty
    cells beside it (一、主动公开事项 in an Excel sheet, or its web page's `mso-ignore:colspan`), or numbered so
    alone in another column (the name's); or its number alone in the first column and its name in the
    second, the rest empty (一 | 机构信息 | | |): a section title, as one cell across is."""
    if len(grid.rows[i]) < 3:
        return False
    real = grid.real_cells(i)
    texts = [c for c in real if not c.blank]
    if len(texts) == 2 and texts == real[:2] and len(real) >= 3:
        return section_number(texts[0].text)
    if len(texts) != 1:
        return False
    m = SECTION_NUMBER.match(texts[0].text)      # (in any column: the name's too, 一、机构职能 alone on its row)
    return m is not None and bool(texts[0].text[m.end():].strip())


def _code_heading(grid: Grid, i: int) -> bool:
    """A category's row in a table of codes: its code in the first column (01, 1, 1.1), its name in one cell after
    it (across the row or beside empty cells), and the next row's code under it (0101: its code and more; 1.1,
    1-1: its number, a dot or dash and more), or the next row the first item under it, numbered afresh (1): an
    item numbered 1.1 with blank cells over the item 1.2 stays an item."""
    real = grid.real_cells(i)
    texts = [c for c in real if not c.blank]
    code = _SPACES.sub("", real[0].text) if real else ""
    if len(real) < 3 and len(grid.rows[i]) < 3 or len(texts) != 2 or texts[0] is not real[0] \
            or not _CODE.fullmatch(code) or texts[1] is not real[1]:
        return False
    below = next((r for r in grid.rows[i + 1:] if not _blank(r)), None)
    under = _SPACES.sub("", below[0].text) if below else ""
    return under.isdigit() and code.isdigit() and len(under) > len(code) and under.startswith(code) \
        or bool(re.fullmatch(re.escape(code) + r"[.．\-－](?:\d+[.．\-－])*\d+", under)) \
        or under in ("1", "1.", "1、", "01") and sum(not c.blank for c in below) >= 3


#: a category's code in a table of codes: digits (01, 0101), or numbers joined by dots (1.1, 2.3.1)
_CODE = re.compile(r"\d+(?:[.．]\d+)*")


def _note(row: list[Cell]) -> bool:
    """A row whose one text is a note or a signature (注：…, 单位：…): the text of one cell, or of one merged
    across the row; a signature typed a part a cell (填报单位（盖章）：… | 填报人：… | 填报日期：…); a cell
    naming a note or a total with its text beside it (备注 | 本目录…, 合计 | 共16项)."""
    texts = list(dict.fromkeys(c.text for c in row if not c.blank))
    if len(texts) == 1 or len(texts) >= 2 and all(_NOTE.match(t) for t in texts):
        return bool(_NOTE.match(texts[0]))
    return len(texts) == 2 and bool(_NOTE_LABEL.match(texts[0]))


def _few_cells_after(grid: Grid, kinds: list[tuple[int, str]], n: int) -> bool:
    """The rows after kinds[n], up to the next title, are there and each holds fewer texts than half the grid's
    columns (three at most): a small table of another kind, not items."""
    rows = []
    for i, kind in kinds[n + 1:]:
        if kind == "one-cell":
            break
        if kind != "blank":
            rows.append(len({c.text for c in grid.rows[i] if not c.blank}))
    return bool(rows) and all(k <= max(3, grid.width // 2 - 1) for k in rows)


def _header_again(grid: Grid, kinds: list[tuple[int, str]], header_keys: list[tuple[str, ...]]) -> bool:
    """The first row of `kinds` not blank is the table's header printed again (its first row's texts)."""
    i = next((i for i, kind in kinds if kind != "blank"), None)
    return i is not None and dict(kinds)[i] == "header" and _misread_of(_key([c.text for c in grid.rows[i]]),
                                                                        header_keys[:1])


def _one_text(row: list[Cell]) -> str | None:
    """The row's text when it has one (in one cell, or one merged over a few), else None."""
    texts = list(dict.fromkeys(c.text for c in row if not c.blank))
    return texts[0] if len(texts) == 1 else None


def _continued(row: list[Cell]) -> bool:
    """The row's one text marks the table's rest over a page break (续表, 某局目录（续）): no title, no item."""
    text = _one_text(row)
    return text is not None and bool(CONTINUED_MARK.search(text))


def _appendix(row: list[Cell]) -> bool:
    """The row's one text opens an appendix: 附：联系方式, 附件1：…."""
    text = _one_text(row)
    return text is not None and bool(_APPENDIX.match(text))


def _column_numbers(row: list[Cell]) -> bool:
    """A row numbering the table's columns: 1, 2, 3 … from the left, three at least, nothing else."""
    texts = [c.text for c in row if not c.blank]
    return len(texts) >= 3 and all(_SPACES.sub("", t) == str(k) for k, t in enumerate(texts, 1))


def _is_header(row: list[Cell], header_keys: list[tuple[str, ...]], probe) -> bool:
    """The first header row printed again: identical to it, or (a variant) matching the mapping's headers."""
    if not header_keys:
        return False
    texts = [c.text for c in row]
    if not probe(texts):
        first = header_keys[0]
        # identical to the first header row (a probe may miss a header without the mapping's aliases)
        return bool(first) and _key(texts[:1]) == first[:1] and _key(texts) == first
    return _key(texts) not in header_keys[1:]


def _where(table: RawTable, grid: Grid, no: int) -> str:
    frag = grid.locate(no, no)
    return f"{table.path}#{frag}" if frag else f"{table.path}:{no}"
