"""Layout `cell-per-line`: each table cell starts on a line beginning with a tab; lines without a tab
continue the cell above (a cell with several paragraphs). Rows are separated by blank lines, but a
blank line may also sit inside a cell, so a row is complete only once it has as many cells as the
table has columns (`ncols`, from the mapping file). An extraction with no blank line between its cell
lines at all runs its rows together: they are cut every `ncols` cells. Blocks before the first block
matching the header (a title, 第一部分 概述 with tab-led lines …) are preamble; the header printed again
(a new page, a new table) is skipped; a loose line between two tables is that table's title row.
A copy of a table whose items span several rows prints, for the rows below an item's first, only the cells
not merged down (one or two): a block short of the columns that cannot make up a row with the blocks after
it (too many cells, or the next starts with an item's number where rows do) is a row of its own, and then
every block of the file is (a blank line inside a cell then cuts its row, unless a loose line after it, the
cell's next paragraph, tells it); a loose line after such rows is a title row. `assemble` and the records tell what each is.
A copy with no tab at all, one cell a line (`untabbed`), prints an empty cell as an empty line, like the blank
line ending a row: its rows are placed by the header's width (`placed`) before being read so.
"""
from __future__ import annotations

import re

from pathlib import Path

from .base import PHONE_ALONE, Cell, Document, Grid, ReadError, ReadOptions, read_text_file

_CELL_START = re.compile(r"^ *\t")   # some extractions put a stray space before the tab


def _blocks(text: str):
    """Yield (cells, trailing_text_lines) per blank-line-separated block of cell lines."""
    cells: list[Cell] = []
    blank_seen = False
    for no, line in enumerate(text.split("\n"), 1):
        m = _CELL_START.match(line)
        if m:
            if blank_seen and cells:
                yield cells, no
                cells = []
            blank_seen = False
            cells.append(Cell(line[m.end():], no, no))
        elif not line.strip():
            blank_seen = True
        elif cells and not blank_seen:
            cells[-1].text += "\n" + line
            cells[-1].last_line = no
        else:
            # text after a blank line: a paragraph inside the last cell, or prose outside the table;
            # the caller decides, knowing whether the row is complete.
            if cells:
                yield cells, no
                cells = []
            yield [Cell(line, no, no)], -no  # negative marker: a loose text line
            blank_seen = False
    if cells:
        yield cells, 0


def untabbed(text: str) -> bool:
    """A copy with one cell a line and no tab anywhere, rows apart by blank lines (a Word table pasted as plain
    paragraphs, a 'table to text' conversion with paragraph marks): no line starts with a tab, and blocks of
    the same number of lines (three at least: the header's and its items') are most of the blocks of several
    lines, or, where empty cells (empty lines) split the rows, the lines tile as rows of a block's width
    (`_tiled`). Each line is then a cell (`placed`; a cell's second paragraph shows as a cell too many)."""
    if "\t" in text:
        return False
    sizes: list[int] = []
    size = 0
    for line in text.split("\n") + [""]:
        if line.strip():
            size += 1
        elif size:
            sizes.append(size)
            size = 0
    several = [n for n in sizes if n > 1]
    if not several:
        return False
    common = max(set(several), key=several.count)
    if common >= 3 and several.count(common) >= 3 and several.count(common) >= 0.5 * len(several):
        return True
    return _tiled(text.split("\n"))


def _tiled(lines: list[str]) -> bool:
    """Whether the lines after one of the first runs of three lines or more (the header's cells) tile as rows of
    its width (`_tiling`) where empty cells (empty lines) split most rows in blocks of other sizes: at least
    three rows, holding nearly all the lines after it, and most of their cells not empty."""
    runs = [(a, b) for a, b in _runs(lines[:4000]) if b - a >= 3][:10]
    for a, b in runs:
        n, body = b - a, lines[b + 1:b + 2001]       # (the first two thousand lines tell)
        rows = [(i, j) for kind, i, j in _tiling(body, n, _numbered(body, n)) if kind == "row"]
        filled = sum(1 for i, _ in rows for line in body[i:i + n] if line.strip())
        lines_after = sum(1 for line in body if line.strip())
        if len(rows) >= 3 and filled >= 0.8 * lines_after and filled >= 0.75 * n * len(rows):
            return True
    return False


def tab_led(text: str) -> str:
    """An `untabbed` text with each of its lines led by a tab."""
    return "\n".join("\t" + line if line.strip() else line for line in text.split("\n"))


def placed(path: str, text: str, options: ReadOptions) -> str:
    """An `untabbed` text as a tab-led one whose rows are the header's width: there an empty cell is an empty line
    too (a row under a merged category, an empty remark), so a blank line may end a row or be a cell; its lines
    are tiled in rows of as many lines as the header has cells, each followed by a blank line (`_tiling`), and
    its empty cells written as a tab alone. Lines keep their numbers. A row whose cells cannot be placed is
    refused at its line (`_unplaced`), not glued to the next row."""
    lines = text.split("\n")
    runs = _runs(lines)
    head = next((k for k, (a, b) in enumerate(runs) if options.header_probe(lines[a:b])), None)
    if head is None or head + options.header_rows > len(runs):
        return tab_led(text)                 # no header: refused as before, by `_rows`
    n = options.ncols or runs[head][1] - runs[head][0]
    start = runs[head + options.header_rows - 1][1]
    start += start < len(lines) and not lines[start].strip()      # the blank line after the header
    body = lines[start:]
    numbered = _numbered(body, n)
    if numbered and _cells_left_out(body, n):
        return tab_led(text)                 # each run of lines a row, a short one re-seated by content (`_rows`)
    tiles = _tiling(body, n, numbered)
    _unplaced(path, body, start, tiles, n, numbered)
    out = tab_led("\n".join(lines[:start])).split("\n")[:start]
    for kind, a, b in tiles:
        size = sum(1 for line in body[a:b] if line.strip())
        for k, line in enumerate(body[a:b]):
            # a row's n lines are its cells, blank or not; a block short of a row (a title's or a note's lines) is
            # one cell of its lines; a longer one, a cell a line, is refused by `_rows`
            cell = k < n if kind == "row" else bool(line.strip()) and (k == 0 or size >= n)
            out.append("\t" + line if cell else line)
    return "\n".join(out)


def _cells_left_out(body: list[str], n: int) -> bool:
    """Whether a copy whose rows start with an item's number prints no empty cell, leaving out the cells a row
    has none of (a row under a merged 类别 copied from a web page: its cell is not there, not an empty line): every
    run of lines is a row of the header's width or a shorter one, each starting with an item's number and followed
    by another, by the header printed again or by the end, or a title of a line or two over a row; one short row
    at least; and the same number of blank lines between every two runs (an empty last cell would add one:
    `_tiling` reads those)."""
    runs = _runs(body)
    gaps = {b - a for (_, a), (b, _) in zip(runs, runs[1:])}
    if len(gaps) > 1:
        return False
    short = False
    for k, (a, b) in enumerate(runs):
        numbered = bool(_ITEM_NUMBER.fullmatch(body[a]))
        # followed by the end, a row's number or a run of the header's width (the header printed again)
        next_numbered = k + 1 == len(runs) or bool(_ITEM_NUMBER.fullmatch(body[runs[k + 1][0]])) \
            or runs[k + 1][1] - runs[k + 1][0] == n
        if b - a == n:
            continue
        if b - a < n and numbered and next_numbered:
            short = True
        elif not (b - a <= 2 and not numbered and next_numbered):
            return False
    return short


def _runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each run of non-blank lines."""
    runs, first = [], None
    for i, line in enumerate(lines + [""]):
        if line.strip() and first is None:
            first = i
        elif not line.strip() and first is not None:
            runs.append((first, i))
            first = None
    return runs


def _numbered(body: list[str], n: int) -> bool:
    """Whether rows start with an item's number: half the rows the lines make up, at least two, have one on a
    line after a blank line."""
    starts = sum(1 for i, line in enumerate(body)
                 if _ITEM_NUMBER.fullmatch(line) and (i == 0 or not body[i - 1].strip()))
    return starts >= max(2, len(body) // (n + 1) // 2)


def _tiling(body: list[str], n: int, numbered: bool) -> list[tuple[str, int, int]]:
    """The body's lines as (kind, first, end) pieces: `row` (n lines, blank ones empty cells, then the blank line
    ending it or the end), `block` (a run of lines that makes no row: a title over the rows below, a note, a row
    cut), `blank` (a blank line more). Rows are parted by one blank line, or by as many as most rows are (a copy
    with blank lines between rows too): the tiling is made again with that gap."""
    tiles = _tiles(body, n, numbered, 0)
    gaps = _gaps(tiles)
    gap = max(set(gaps), key=gaps.count) if gaps else 0
    return _tiles(body, n, numbered, gap) if gap else tiles


def _gaps(tiles: list[tuple[str, int, int]]) -> list[int]:
    """The blank lines more between each two rows with nothing else between them."""
    kinds = "".join({"row": "r", "block": "k", "blank": " "}[kind] for kind, _, _ in tiles)
    return [len(m.group(1)) for m in re.finditer(r"(?=r( *)r)", kinds)]


def _tiles(body: list[str], n: int, numbered: bool, gap: int) -> list[tuple[str, int, int]]:
    """`_tiling` for rows parted by 1 + `gap` blank lines: the tiling with the fewest lines outside rows; among
    those, where rows start with an item's number, the one with the most rows that do (an empty last cell and a
    blank line more, or a blank line more and an empty first cell, tile alike)."""
    m = len(body)
    blank = [not line.strip() for line in body] + [True] * (gap + 1)
    filled = [0]                     # non-blank lines before each line
    for b in blank:
        filled.append(filled[-1] + (not b))
    run_end = [m] * (m + 1)          # the first blank line from each line on
    for i in range(m - 1, -1, -1):
        run_end[i] = i if blank[i] else run_end[i + 1]
    best: list[tuple[float, tuple[str, int, int] | None]] = [(0.0, None)] * (m + 1)
    for i in range(m - 1, -1, -1):
        choices = []
        if blank[i]:
            choices.append((1 + best[i + 1][0], ("blank", i, i + 1)))
        if i + n <= m and blank[i + n] and filled[i + n] > filled[i]:
            end = min(i + n + 1 + gap if filled[i + n + 1 + gap] == filled[i + n] else i + n + 1, m)
            doubt = numbered and not _ITEM_NUMBER.fullmatch(body[i])
            choices.append((0.001 * doubt + best[end][0], ("row", i, end)))
        if not blank[i]:
            end = run_end[i]
            choices.append((end - i + best[min(end + 1, m)][0], ("block", i, min(end + 1, m))))
        best[i] = min(choices, key=lambda c: (c[0], c[1][0] != "row"))
    tiles, i = [], 0
    while i < m:
        tiles.append(best[i][1])
        i = best[i][1][2]
    return tiles


def _unplaced(path: str, body: list[str], start: int, tiles: list[tuple[str, int, int]], n: int,
              numbered: bool) -> None:
    """Refuse a row the tiling could not place. Each row has the header's width in this form: a block short of
    it is a row whose empty cell the copy left out, or whose cell of two paragraphs moved a blank line, where it
    starts with an item's number (where rows do), or stands between rows with more lines than a title has (two
    where rows start with numbers, else one); else it is a title over the rows below, or a note after them.
    And where one gap of blank lines parts the rows as a rule and rows have empty cells, a blank line more
    between two rows (an empty cell or a row's end cannot be told apart there). A block longer than a row is
    refused by `_rows`."""
    last_row = max((k for k, t in enumerate(tiles) if t[0] == "row"), default=-1)
    empty = any(not x.strip() for kind, a, _ in tiles if kind == "row" for x in body[a:a + n])
    gaps = _gaps(tiles)
    regular = 2 * sum(map(bool, gaps)) < len(gaps)
    how = ("in a copy without tabs, one cell a line, an empty cell is an empty line and a blank line ends a row, "
           "each row as many lines as the header has cells")
    for k, (kind, a, b) in enumerate(tiles):
        lines = [x for x in body[a:b] if x.strip()]
        if kind == "block" and len(lines) < n and (numbered and _ITEM_NUMBER.fullmatch(lines[0])
                                                   or len(lines) > 1 + numbered and k < last_row):
            raise ReadError(path, start + a + 1,
                            f"a row of {len(lines)} line{'s' * (len(lines) > 1)} before a blank line where the "
                            f"header has {n} cells: {how}; this row's cells cannot be told apart (an empty cell "
                            "the copy left out, or a cell of two paragraphs): fill or join its cells, or give the "
                            "original")
        if kind == "blank" and empty and regular and k and tiles[k - 1][0] == "row" and \
                next((t[0] for t in tiles[k:] if t[0] != "blank"), None) == "row":
            raise ReadError(path, start + a + 1,
                            f"a blank line more between two rows: {how}, and here a blank line is an empty cell "
                            "of one of them or a line no row has (a cell of two paragraphs in it?): remove the line "
                            "or fill the cell, or give the original")


def read_cell_per_line(path: str, file: Path, options: ReadOptions) -> Document:
    text, encoding, notes = read_text_file(file, options.encoding, path)
    if untabbed(text):
        text = placed(path, text, options)
    rows, before, after, short, over = _rows(path, text, options, False)
    if short:
        # rows below rowspans print fewer cells, each block a row of its own: a block short of the columns is no
        # part of a row a blank line inside a cell split (the two would be read as one where they make up as
        # many cells as the columns: a row that lost a first level's merge and the item's next row)
        rows, before, after, _, over = _rows(path, text, options, True)
    numbers = [r[0].first_line for r in rows]
    for r, no in zip(rows, numbers):
        for i, c in enumerate(r, 1):
            c.col = i
    over = {numbers[i] for i in over}
    return Document(path, [Grid("the table", 1, rows, numbers, before=before, over_header=over)],
                    after=[t for t, _ in after],
                    encoding=encoding,
                    warnings=notes)


def _rows(path: str, text: str, options: ReadOptions, whole: bool):
    """(rows, text before the table, loose lines after it, whether blocks short of the columns were read as rows
    of their own, the indexes of the rows right over the header printed again: a page's title, never an item's).
    `whole`: every block is a row of its own, none joined to the next but across a loose line (a paragraph of the
    cell a blank line cut) that leaves them as many cells as the columns."""
    ncols, header_rows, header_probe = options.ncols, options.header_rows, options.header_probe
    short = False                 # blocks short of the columns read as rows of their own
    before: list[str] = []
    after: list[tuple[str, int]] = []   # loose lines after a complete row: (text, line)
    rows: list[list[Cell]] = []
    pending: list[Cell] = []
    cuts: list[int] = []          # where each block of the pending cells starts
    held: list[Cell] = []         # loose lines after the pending cells: their paragraphs, or titles after them
    numbered = False              # the last whole row starts with an item's number (1, 2 …)
    header: list[str] = []        # the first header row's texts, to recognise it printed again
    repeat = 0                    # blocks of a repeated header still to skip
    started = False
    over: set[int] = set()        # rows over the header printed again (skipped): a page's title or footer
    # no blank line between the cell lines anywhere: rows run together, the header's and the items' cells
    # one run; cut in rows of as many cells as the mapping's columns (a row missing a cell shows as a last
    # row left incomplete, below)
    flowing = ncols > 0 and _flowing(text)
    for cells, marker in (_cut(_blocks(text), ncols, header_probe) if flowing else _blocks(text)):
        if marker < 0:  # a loose text line
            line = cells[0]
            if not started:
                before.append(line.text.strip())
            elif pending:
                held.append(line)   # a paragraph inside the open cell, or a title after rows below a rowspan
            elif len(rows) > header_rows and not after and PHONE_ALONE.fullmatch(line.text.strip()):
                # a number alone after a complete row: the last cell's paragraph (a second phone), no title
                rows[-1][-1].text += "\n\n" + line.text
                rows[-1][-1].last_line = line.last_line
            else:
                after.append((line.text.strip(), line.first_line))
            continue
        texts = [c.text for c in cells]
        if not started:
            if not header_probe(texts):
                # text before the table (第一部分 概述, tab-led lines …) is preamble, wherever the header starts
                before.extend(t.strip() for t in texts if t.strip())
                continue
            started = True
            header = [_compact(t) for t in texts]
        if len(rows) < header_rows:
            rows.append(cells)
            continue
        again = repeat or _reads(texts, header)
        if pending and (whole and not (held and len(pending) + len(cells) == ncols) or again
                        or len(pending) + len(cells) > ncols or numbered and _ITEM_NUMBER.fullmatch(texts[0])):
            # the cells collected are no part of a row with these: rows below a rowspan (a web page's or Word
            # table's copy) that printed only their own cells, each block a row; `assemble` and the records
            # tell what each is (the rest of the item above, a title)
            rows.extend(pending[a:b] for a, b in zip(cuts, cuts[1:] + [len(pending)]))
            if again:       # the lines right over the header printed again: the last block, or the loose lines
                over.update(range(len(rows), len(rows) + len(held)) if held else {len(rows) - 1})
            rows.extend([c] for c in held)   # a loose line after them: a title over the rows below
            pending, cuts, held, short = [], [], [], True
        for line in held:                    # a loose line inside the open row: a paragraph of its open cell
            pending[-1].text += "\n\n" + line.text
            pending[-1].last_line = line.last_line
        held = []
        if after:   # text between two tables: the start of the next table's preamble, not a note
            (title, no), after = after[-1], []
            if again:
                over.add(len(rows))
            rows.append([Cell(title, no, no)])     # its last line: the next table's title row
        if not pending and again:
            # the header printed again (a new page or a new table): never an item
            repeat = header_rows - 1 if not repeat else repeat - 1
            continue
        cuts.append(len(pending))
        pending.extend(cells)
        if len(pending) < ncols:
            continue  # a blank line inside a cell split the row, or a row below a rowspan; keep collecting
        if len(pending) > ncols:
            raise ReadError(path, pending[0].first_line,
                            f"row has {len(pending)} cells, the mapping declares {ncols} columns: a row from here "
                            "lacks a cell line (its cells ran on into the next row's), or a blank line is missing "
                            f"between two rows before line {pending[-1].last_line}; in a copy without tabs, one "
                            "cell a line, a cell of two paragraphs is two lines: join them, or give the original")
        rows.append(pending)
        numbered = bool(_ITEM_NUMBER.fullmatch(pending[0].text))
        pending, cuts = [], []
    if pending and len(rows) > header_rows:
        # rows below a rowspan after the last whole row (see above)
        rows.extend(pending[a:b] for a, b in zip(cuts, cuts[1:] + [len(pending)]))
        after += [(c.text.strip(), c.first_line) for c in held]
        pending, short = [], True
    if pending:
        raise ReadError(path, pending[0].first_line,
                        f"last row is incomplete: {len(pending)} cells, the mapping declares {ncols} columns")
    if not started:
        if not any(m >= 0 for _, m in _blocks(text)):
            raise ReadError(path, None, "no cell lines (lines starting with a tab) found")
        raise ReadError(path, None, "no header row: no block of cells matches the mapping's column headers")
    return rows, before, after, short, over


def _flowing(text: str) -> bool:
    """No blank line between the first cell line and the last (a line of a tab alone is an empty cell)."""
    lines = text.split("\n")
    at = [i for i, line in enumerate(lines) if _CELL_START.match(line)]
    return len(at) > 1 and all(line.strip() or _CELL_START.match(line) for line in lines[at[0]:at[-1] + 1])


def _cut(blocks, n: int, probe):
    """The blocks of cells cut in runs of n cells, from the first run that reads as the header (the cells
    before it, a preamble's, as one block); loose lines as they are."""
    found = False
    for cells, marker in blocks:
        if marker < 0 or len(cells) <= n:
            found = found or marker >= 0 and probe([c.text for c in cells])
            yield cells, marker
            continue
        start = 0
        if not found:
            start = next((i for i in range(len(cells) - n + 1) if probe([c.text for c in cells[i:i + n]])), 0)
            found = True
            if start:
                yield cells[:start], marker
        for k in range(start, len(cells), n):
            yield cells[k:k + n], marker


#: an item's number alone in a row's first cell: 1, 12, 3.
_ITEM_NUMBER = re.compile(r"\s*[1-9]\d{0,3}\s*[.、．]?\s*")


_WHITESPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _WHITESPACE.sub("", text)


def _reads(texts: list[str], keys: list[str]) -> bool:
    """The texts, whitespace removed, are `keys` (the header printed again), told at the first that differs."""
    return len(texts) == len(keys) and all(_compact(t) == k for t, k in zip(texts, keys))
