"""From a RawTable to disclosure-item records, following the catalogue's mapping file.

The steps, in order (each a function below):
  1. check the header against the mapping's columns            `check_header`
  2. seat each row's cells in the mapping's columns            `seat_row` (re-seating PDF rows that shifted)
  3. apply the mapping's declared corrections                  `apply_overrides`
  4. join continuation fragments to the row they continue      `is_continuation`
  5. interpret every field: clean text, codes, check boxes, legal bases, time limits, phones
  6. inherit blank cells from the row above where the mapping says so (and mark them inherited)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ..ontology import CodeLists
from . import cells as C
from .bodies import endings
from .legal import (LegalCitation, entry_lines, names_documents, parse_legal_basis, resolve_short_titles,
                    with_article_column)
from .readers import RawRow, RawTable, ReadError
from .readers.base import fragment_words
from .spec import CODE_PATTERN, CONCEPT_ROLES, Mapping, MappingPattern
from .timelimit import TimeLimit, parse_time_limit

#: shared code list ({vocab}concept/{code list}) for each concept role
SCHEME_OF_ROLE = {"channels": "channel", "methods": "method", "disclosure_type": "disclosure-type",
                  "audience": "audience", "stage": "stage", "level": "level", "domain": "domain"}


#: readers of files whose cells hold the line breaks their author typed (no line is cut by a column's width)
AUTHORED_BREAKS = ("docx", "doc", "xlsx", "xls", "ods", "html")


@dataclass
class Record:
    """One disclosure item as read from a catalogue: the fields of items.csv, before RDF."""
    row: int
    source_file: str
    first_line: int
    last_line: int
    seq: str = ""
    code: str = ""
    category: list[str] = field(default_factory=list)
    category_codes: list[str] = field(default_factory=list)
    subcategory: str = ""      # the last level of `category` when the catalogue has a subcategory column
    name: str = ""
    markers: str = ""
    content: str = ""
    spec: str = ""
    legal_basis: list[LegalCitation] = field(default_factory=list)
    time_limit: TimeLimit | None = None
    subject: str = ""
    responsible_unit: str = ""
    channels: list[str] = field(default_factory=list)      # concept IRIs
    methods: list[str] = field(default_factory=list)
    disclosure_type: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    stage: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    inherited: set[str] = field(default_factory=set)       # roles whose value came from the row above
    key: str = ""                                          # the item's natural key inside its catalogue
    notes: list[str] = field(default_factory=list)         # warnings about this row
    # .docx/.xlsx: where the row is in the original ("table=1&row=7", "sheet=S&range=A7:N7"; of a block beside
    # another, its own cells: "table=1&row=7&col=8-13", "sheet=S&range=H7:M7");
    # first_line/last_line are then table/sheet rows. Empty for text files (addressed by line).
    source_fragment: str = ""
    table: int = 1                                         # the document's table the row is in (1-based)
    # a row of a block beside another in its table: the block's columns in the table (from 1); None: the whole row
    columns: tuple[int, int] | None = None
    # where the fields were read from, made into `cells` only when asked (`mapping check --item N`; a build does not
    # use them): the fragment function of the row's table, the seated row, the mapping's columns
    cells_from: tuple | None = field(default=None, repr=False, compare=False)
    level: list[str] = field(default_factory=list)         # 公开层级: concepts of the level scheme
    domain: list[str] = field(default_factory=list)        # 领域: concepts of the domain scheme
    update_frequency: TimeLimit | None = None              # 更新频率: its text, structured where it parses
    duration: str = ""                                     # 公开时长 (长期, 5年)
    link: str = ""                                         # 公开链接 as printed (URLs or text)
    article_text: str = ""                                 # 条款内容
    extra: list[tuple[str, str]] = field(default_factory=list)   # role extra: (column label, text)

    @property
    def cells(self) -> list[tuple[str, str]]:
        """The cell each field was read from: (role, fragment into the original: "sheet=S&range=I7",
        "table=1&row=7&col=9"), a column at a time, in the mapping's order (files with cells only; none for a
        re-seated row)."""
        return field_cells(*self.cells_from) if self.cells_from else []

    @property
    def link_urls(self) -> list[str]:
        """The http(s) URLs of the 公开链接 cell (each a foaf:page); other text is kept as text."""
        return link_urls(self.link)

    @property
    def source_lines(self) -> str:
        """Where the row is, as items.csv gives it: its lines (text) or rows (a single-table Word or
        Excel file, a web page's first table); where rows alone are ambiguous — a PDF's pages, the
        second table of a document — the fragment into the original (page=3&table=1&row=4)."""
        frag = self.source_fragment
        # (a block beside another shares its rows with it: its cells tell them apart)
        if frag and ("page=" in frag or self.columns or not (frag.startswith("table=1&") or frag.startswith("sheet="))):
            return frag
        return str(self.first_line) if self.first_line == self.last_line else f"{self.first_line}-{self.last_line}"

    @property
    def source_label(self) -> str:
        """The place in words, for pages: 第12-13行, 第3页 表1 第4行, 工作表 目录 A7:N7."""
        if not self.source_fragment:
            return f"第{self.source_lines}行"
        return fragment_words(self.source_fragment)


_URL = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", re.ASCII | re.IGNORECASE)


def link_urls(text: str) -> list[str]:
    """The http(s) URLs in a 公开链接 cell, in order, without repeats (other text is not a URL)."""
    out = []
    for m in _URL.finditer(text or ""):
        url = m.group(0).rstrip(".,;)")
        if url not in out and "://" in url and len(url) > len("https://") + 1:
            out.append(url)
    return out


#: 更新频率 wordings the time-limit parser does not know, as the wording it does (1次/年 → 每年)
_FREQUENCY_WORDS = [(re.compile(r"^(?:1|一)次/?(?:每)?(年|季度|季|月|周)$"), {"年": "每年", "季度": "每季度", "季": "每季度",
                                                                          "月": "每月", "周": "每周"}),
                    (re.compile(r"^(?:每)?(年|季度|月|周)(?:1|一)次$"), {"年": "每年", "季度": "每季度", "月": "每月",
                                                                     "周": "每周"})]


def parse_update_frequency(text: str) -> TimeLimit | None:
    """更新频率 (实时, 每月, 每季度, 1次/年 …): the text, with the structure of a time limit where
    `parse_time_limit` reads it (1次/年 is read as 每年); the text alone otherwise."""
    if not text.strip():
        return None
    compact = re.sub(r"\s+", "", text)
    for pattern, words in _FREQUENCY_WORDS:
        m = pattern.match(compact)
        if m:
            parsed = parse_time_limit(words[m.group(1)])
            return replace(parsed, text=text)
    return parse_time_limit(text)


@dataclass
class Seated:
    """A table row with its cells seated in the mapping's columns (raw text per column index)."""
    cells: list[str]
    first_line: int
    last_line: int
    realigned: bool = False
    merged: frozenset[int] = frozenset()   # columns holding a vertically merged cell's value (.docx/.xlsx)
    table: int = 1                         # the document's table the row is in
    title: str = ""                        # the title of that table (or of the section the row is in)
    headings: tuple[str, ...] = ()         # the lines met since the row before that may head it (RawRow.headings)
    across: frozenset[int] = frozenset()   # columns a cell merged across from the left covers (its text again)
    continues: bool = False                # a text copy's row below a rowspan: the item above's next row
    columns: tuple[int, int] | None = None  # a block beside another: its columns in the table (RawRow.columns)
    # per mapping column, the cells its text was read from: (row number, column in the table), a merge's top-left
    # (empty: not known, a re-seated row or a text)
    sources: list[list[tuple[int, int]]] = field(default_factory=list)


def cell_sources(row: RawRow, ncols: int) -> list[list[tuple[int, int]]]:
    """Per mapping column, the cell a positionally seated row's text comes from: (row number, column), the top-left
    of a merge covering it; none where the reader gives no columns (a text)."""
    return [[c.origin or (c.first_line, c.col)] if c.col else [] for c in row.cells[:ncols]]


def merged_columns(row: RawRow, ncols: int) -> frozenset[int]:
    return frozenset(i for i, c in enumerate(row.cells[:ncols]) if c.merged)


def across_columns(row: RawRow, ncols: int) -> frozenset[int]:
    """The columns of a row a cell of it merged across from the left covers (公开内容 over 要素1 | 要素2 | 要素3 in
    one cell): their text is that cell's."""
    return frozenset(i for i, c in enumerate(row.cells[:ncols]) if i and c.origin is not None and not c.merged
                     and c.origin[0] == c.first_line)


# ---------------------------------------------------------------------------------------------------
# 1. header
# ---------------------------------------------------------------------------------------------------

#: roles any list has (序号, 备注, 发布日期): they tell nothing of what a table lists
ANY_LIST_ROLES = frozenset({"seq", "extra", "ignore"})


def lists_items(catalogue: set[str], table: set[str]) -> bool:
    """A table whose header heads columns of the roles `table` lists the catalogue's items, the catalogue's
    columns being of the roles `catalogue`: they share two roles at least besides those any list has (序号, 备注,
    发布日期), or all of the catalogue's when it has fewer (a second domain's table; a 依申请公开 table with
    columns of its own: 事项名称 | 公开内容 | 受理科室 …). A 相关文件 table after the catalogue (序号 | 文件名称 |
    发布日期) shares the name alone: its files are no items."""
    mine = set(catalogue) - ANY_LIST_ROLES
    return len(mine & set(table)) >= min(2, len(mine))


def header_probe(mapping: Mapping) -> "HeaderProbe":
    """A predicate telling a reader whether a row of cells is (the first row of) the header; its `align`
    lines up a table whose columns differ from the mapping's."""
    return HeaderProbe(mapping)


#: a unit in brackets in a header (公开时限（工作日）, 时限(天))
_HEADER_UNIT = re.compile(r"[（(]\s*(个?工作日|自然日|日|天|个月|月|年|小时)\s*[)）]")


class HeaderProbe:
    """The mapping's column headers, as the readers and `assemble` look for them."""

    def __init__(self, mapping: Mapping):
        self.columns = [(i, {C.compact(h) for h in col.headers}) for i, col in enumerate(mapping.columns)]
        self.aliases = [a for _, a in self.columns if a]
        self.every = set().union(*self.aliases) if self.aliases else set()
        self.need = max(2, int(0.4 * len(self.aliases)))
        self.ncols = mapping.ncols
        self.labels = [col.headers[0] if col.headers else col.role for col in mapping.columns]
        self.roles = [col.role for col in mapping.columns]
        # the answer per row: a reader and `assemble` ask about the same rows several times (looking for the header,
        # for blocks side by side, for the header printed again); one probe reads one catalogue
        self._answers: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = {}

    def __call__(self, texts: list[str], below: list[str] = ()) -> bool:
        """`texts` a row's cells; `below`: the cells of the rows under it that are the rest of the header (a
        two-row header whose upper row holds few of the texts: 公开对象 over 全社会 | 特定群众 …)."""
        key = (tuple(texts), tuple(below))
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = self._heads(texts, below)
        return found

    def _heads(self, texts: list[str], below: list[str]) -> bool:
        # most rows are items: two cells that are header texts are needed before anything else is done, one
        # of them at least in this row when the header's rows under it count (a text copy of 序号 | 公开事项 |
        # 公开对象 over 一级事项 | 二级事项 | 全社会 …: the groups' texts are no column's, 序号 the one leaf above)
        here = sum(1 for t in texts if len(t) < 40 and C.compact(t) in self.every)
        under = sum(1 for t in below if len(t) < 40 and C.compact(t) in self.every) if here else 0
        if here + under < min(2, self.need):
            return False
        present = {C.compact(t) for t in (*texts, *below)}
        hits = sum(1 for a in self.aliases if a & present)
        return bool(self.aliases) and hits >= self.need

    def known(self, text: str) -> bool:
        """`text` is one of the mapping's header texts."""
        return C.compact(text) in self.every

    def lists_items(self, texts: list[str]) -> bool:
        """A header's `texts` head enough of the mapping's columns for its table to list the catalogue's items
        (`lists_items`), not other things (相关文件: 序号 | 文件名称 | 发布日期)."""
        present = {C.compact(t) for t in texts}
        return lists_items({role for (_, a), role in zip(self.columns, self.roles) if a},
                           {role for (_, a), role in zip(self.columns, self.roles) if a & present})

    def names(self, texts: list[str]) -> bool:
        """A header's `texts` head what its items are: one heads the mapping's name, category or content."""
        present = {C.compact(t) for t in texts}
        return any(role in ("name", "category", "subcategory", "content") and aliases & present
                   for (_, aliases), role in zip(self.columns, self.roles))

    def align(self, header: list[list[str]], lacking: bool = True, lost_merges: bool = False,
              need: int | None = None) -> list[int | None] | None:
        """Where each of the mapping's columns is in a table whose header rows are `header` (the table's
        column, None when the table has none of its texts), found by header text (in the mapping's order,
        each the first column left free so headed);
        None when the table's columns are the mapping's, in its order (or cannot be lined up: a column
        with no header texts, too few found, the name column not found, or any not found unless
        `lacking`). `lost_merges`: a text copy's header, its rows as long as their cells (`leaves`). `need`: the
        columns to find, when not the probe's (a small table beside the catalogue, its header of three)."""
        if any(not a for _, a in self.columns) or not header:
            return None
        if lost_merges:
            leaf = self.leaves(header)
            if leaf is None:
                return None
            header = [leaf]
        rows = [[C.compact(t) for t in r] for r in header]
        leaf, width = rows[-1], max(len(r) for r in rows)
        used: set[int] = set()
        # the first free column the leaf row heads so, else (once every leaf has its column: a group's text
        # never takes a leaf another column of the mapping is headed by, 公开对象 over 全社会 | 特定群众 when the
        # mapping ticks 全社会) one any header row heads so (a cell merged down carries its text; a group
        # cell above, 公开对象, spans several columns)
        # the name first (a table must have it), the last column its wordings head (the deepest level): a table
        # of two levels whose 二级事项 names its items, beside one of three, gives it to the name, not to the
        # subcategory the three-level table heads so
        # (within the first block: a header printed again beside it, 序号 | … | 序号 | …, starts another table)
        order: list[int | None] = [None] * len(self.columns)
        name = self.roles.index("name") if "name" in self.roles else None
        block = next((j for j in range(1, len(leaf)) if leaf[0] and leaf[j] == leaf[0]), len(leaf))
        for k in ([name] if name is not None else []) + [k for k in range(len(self.columns)) if k != name]:
            headed = [j for j in range(len(leaf)) if j not in used and leaf[j] in self.columns[k][1]]
            deepest = [j for j in headed if j < block]
            j = ((deepest or headed)[-1] if k == name else headed[0]) if headed else None
            order[k] = j
            if j is not None:
                used.add(j)
        for k, (_, aliases) in enumerate(self.columns):
            if order[k] is None:
                j = next((j for j in range(width) if j not in used
                          and any(j < len(r) and r[j] in aliases for r in rows)), None)
                order[k] = j
                if j is not None:
                    used.add(j)
        found = sum(j is not None for j in order)
        if found < (need or self.need) or order == list(range(self.ncols)) or order[self.roles.index("name")] is None \
                or found < len(order) and not lacking:
            return None
        # a column not found where the table has a column of its own between its neighbours' is one headed
        # otherwise than the mapping says, not one the table lacks: left to the header check to name. When
        # every headed column of the table is one of the mapping's (in another order: a 依申请公开 table's
        # 受理科室 before its 办理时限), the table lacks it
        if all(j in used or not any(j < len(r) and r[j] for r in rows) for j in range(width)):
            return order
        for k, j in enumerate(order):
            if j is None:
                before = next((x for x in reversed(order[:k]) if x is not None), -1)
                after = next((x for x in order[k + 1:] if x is not None), width)
                if after - before > 1:
                    return None
        return order

    def leaves(self, header: list[list[str]]) -> list[str] | None:
        """The text heading each column of a text copy's header (its rows as long as their cells): one row as it
        is; two rows that kept a field under every cell (blank under a cell over both) by position; two rows
        that lost their merges (公开对象 over 全社会 | 特定群众 printed once, the children alone in the row under
        it) with each upper cell the mapping heads a column with a column, each other the group of the lower
        cells up to the first the mapping puts at or after the next such column (at least one each). None when
        the rows do not line up so."""
        rows = [[C.compact(t) for t in r] for r in header]
        for r in rows:
            while r and not r[-1]:
                r.pop()
        if len(rows) == 1:
            return rows[0]
        if len(rows) != 2:
            return None
        upper, lower = rows
        if any(not t for t in lower) or any(not t for t in upper) and len(lower) >= len(upper):
            # a field under every cell (a copy from Excel: blank under a cell over both, beside one spanning)
            return [lo or (upper[j] if j < len(upper) else "") for j, lo in
                    enumerate(lower + [""] * (len(upper) - len(lower)))]
        place = {}
        for k, aliases in self.columns:
            for a in aliases:
                place.setdefault(a, k)
        out: list[str] = []
        rest = list(lower)
        for n, up in enumerate(upper):
            if up in place:
                out.append(up)
                continue
            later = [place[u] for u in upper[n + 1:] if u in place]
            if later:
                take = 0
                while take < len(rest) and rest[take] in place and place[rest[take]] < later[0]:
                    take += 1
            else:       # the last groups: each one cell at least, the first the rest
                take = len(rest) - sum(1 for u in upper[n + 1:] if u not in place)
            if take < 1:
                return None
            out += rest[:take]
            rest = rest[take:]
        return None if rest else out


def check_header(table: RawTable, mapping: Mapping) -> None:
    """Every column the mapping names must carry one of its header aliases (leaf row first).

    A text copy of a multi-row header loses its merges: its rows are shorter than the table (公开对象
    over 全社会 | 特定群众 prints 公开对象 once, in row one). There each column's alias must appear in
    some header row, in left-to-right order within that row."""
    for header in table.headers or [table.header]:
        if not (header and header[0].table in table.lined_up):
            check_header_rows(table, header, mapping)


def check_header_rows(table: RawTable, header: list[RawRow], mapping: Mapping) -> None:
    """One table's header rows against the mapping's columns."""
    leaf = [C.compact(t) for t in header[-1].texts()] if header else []
    rows = [[C.compact(t) for t in r.texts()] for r in header]
    lost_merges = not mapping.structured and len(header) > 1 and len(leaf) < mapping.ncols
    anywhere = {t for row in rows for t in row}
    cursor = [0] * len(rows)          # lost merges: the next unmatched cell of each header row
    for i, col in enumerate(mapping.columns):
        if not col.headers:
            continue
        wanted = {C.compact(h) for h in col.headers}
        here = leaf[i] if i < len(leaf) else ""
        if lost_merges:
            ok = False
            for n, row in enumerate(rows):
                hit = next((k for k in range(cursor[n], len(row)) if row[k] in wanted), None)
                if hit is not None:
                    cursor[n], ok = hit + 1, True
                    break
        else:
            ok = here in wanted if here else bool(wanted & anywhere)
        if not ok:
            line = header[-1].first_line if header else None
            raise table.error(line,
                              f"column {i + 1} ({col.role}) should be headed {sorted(col.headers)}, "
                              f"found '{here or '(blank)'}'; fix the mapping's columns or header aliases"
                              + (f" ({Path(mapping.path).name}:{col.line})" if col.line and mapping.path else "")
                              + ("" if len(table.headers) < 2 else
                                 " (or name the tables to read with 'tables:')"),
                              header[-1].table if header else 1)


def unmapped_header_cells(table: RawTable, mapping: Mapping) -> dict[int, str]:
    """Column index → header text of the columns right of the mapping's (a file read with its real
    cells gives the table's full width): the leaf row's text, else the nearest header row's above."""
    header = table.header
    if not header or not mapping.structured:
        return {}
    width = max(len(r.cells) for r in header)
    out = {}
    for i in range(mapping.ncols, width):
        texts = [C.clean_text(r.cells[i].text, "") for r in reversed(header) if i < len(r.cells)]
        text = next((t for t in texts if t.strip()), "")
        if text:
            out[i] = text
    return out


def unmapped_columns(table: RawTable, mapping: Mapping) -> list[tuple[int | None, str]]:
    """A warning for each headed column the mapping does not name: its cells are not read."""
    line = table.header[-1].first_line if table.header else None
    return [(line, f"column {i + 1} '{text}' is not in the mapping: its cells are not read; "
                   "give it a role (extra keeps it as text)")
            for i, text in unmapped_header_cells(table, mapping).items()]


# ---------------------------------------------------------------------------------------------------
# 2. seating cells (and re-seating rows whose cells shifted)
# ---------------------------------------------------------------------------------------------------

class CellTypes:
    """How well a cell's text fits a column: used only to re-seat rows whose cells shifted."""

    #: words of a time limit or frequency (20个工作日, 之日起, 日内, 每季度, 实时 …); not a bare 内 or 前,
    #: which 内容 and 前期 hold
    TIME_WORDS = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)\s*个?\s*(?:工作日|日|天|月|年|周|小时)|之日|[日天月年周]内"
                            r"|[日天月年底末]前|每[年月季周日天]|\d+\s*次\s*/|季度|半年|及时|实时|随时|常态|定期|长期|动态更新|动态调整"
                            r"|更新|时限|立即")
    #: a frequency (实时, 每月, 1次/年, 常态化) rather than a deadline; a deadline (…之日起20个工作日内, 3月底前)
    FREQUENCY = re.compile(r"每[年月季周日天]|\d+\s*次\s*/|实时|常态|定期|随时|季度|半年")
    DEADLINE = re.compile(r"之日|工作日|[日天月年]内|[日月底末]前")
    TICK_ONLY = re.compile(r"\s*[√✓✔■☑]\s*")

    def __init__(self, mapping: Mapping, codes: CodeLists, well_formed: list[Seated]):
        self.mapping, self.codes = mapping, codes
        self.known: dict[int, set[str]] = {}   # values each free-text column holds in well-formed rows
        for i, col in enumerate(mapping.columns):
            if col.role in ("subject", "responsible_unit"):
                self.known[i] = {C.compact(r.cells[i]) for r in well_formed if r.cells[i].strip()}
        # what the code-list columns (公开渠道 …) hold in well-formed rows: see `body_named`
        self.concept_cells = [C.compact(r.cells[i]) for r in well_formed for i, col in enumerate(mapping.columns)
                              if col.role in CONCEPT_ROLES and col.tick is None and r.cells[i].strip()]
        # the columns every well-formed row fills
        self.filled = {i: bool(well_formed) and all(r.cells[i].strip() for r in well_formed)
                       for i in range(len(mapping.columns))}
        # Re-seating asks about the same cells again and again (each shifted row tries its cells in every
        # column, and `misfits` every cell of every row against the others): what a text is, is worked out once
        # per text for this table (the shipped juye catalogue's read: 96.9 → 79.5 M instructions).
        self._fits: dict[tuple[int, str], float] = {}
        self._shapes: dict[tuple[int, str], float] = {}
        self._schemes_memo: dict[str, frozenset[str]] = {}
        self._entries: dict[str, list[str]] = {}
        self._partly: dict[str, str | None] = {}
        self._schemes_of: dict[str, frozenset[str]] = {}

    def concept_fit(self, role: str, text: str) -> bool:
        """The cell names a concept of the role's code list: a checked or plain option, an entry of a
        plain list (政府网站、公告栏), or a label inside a run-together cell (全社会范围主动公开)."""
        scheme = SCHEME_OF_ROLE[role]
        opts = C.read_checkboxes(text, self.mapping.checkboxes)
        if any(self.codes.lookup(scheme, o.label) for o in opts):
            return True
        if C.has_checkboxes(text):
            return False
        return scheme in self.schemes_named(text)

    def partly_named(self, text: str) -> str | None:
        """The code list of a plain list of which at least half the entries are its labels and the others words no
        code list knows, none a body's name or a time (政府网站、新华书店: a channel the code list lacks beside one
        it has); None for anything else."""
        if text in self._partly:
            return self._partly[text]
        found = self._partly[text] = self._partly_named(text)
        return found

    def _partly_named(self, text: str) -> str | None:
        entries = self.entries(text)
        if len(entries) < 2 or C.has_checkboxes(text):
            return None
        schemes, known = set(), 0
        for entry in entries:
            hits = self.schemes_of(entry)
            if hits:
                schemes |= hits
                known += 1
            elif self.AGENCY.search(entry) or self.OFFICE.search(entry) or self.TIME_WORDS.search(entry):
                return None
        return next(iter(schemes)) if len(schemes) == 1 and 2 * known >= len(entries) else None

    def entries(self, text: str) -> list[str]:
        """The entries of a cell as a list (`C.split_list`), split once per text."""
        found = self._entries.get(text)
        if found is None:
            found = self._entries[text] = C.split_list(text)
        return found

    def schemes_of(self, entry: str) -> frozenset[str]:
        """The code lists one of whose labels the entry is."""
        found = self._schemes_of.get(entry)
        if found is None:
            found = self._schemes_of[entry] = frozenset(s for s in SCHEME_OF_ROLE.values()
                                                        if self.codes.lookup(s, entry))
        return found

    def schemes_named(self, text: str) -> frozenset[str]:
        """The code lists whose labels make up a plain-text cell: each entry a label, or labels run
        together with filler only (全社会范围主动公开); empty when any part of the cell is other text."""
        found = self._schemes_memo.get(text)
        if found is None:
            found = self._schemes_memo[text] = frozenset(self._schemes_named(text))
        return found

    def _schemes_named(self, text: str) -> set[str]:
        found: set[str] = set()
        for entry in self.entries(text):
            hits = self.schemes_of(entry)
            if not hits:
                labels, longest = self.run_labels()
                run = C.match_run(entry, labels, longest)
                if not run or not all(s for _, s in run):
                    return set()
                hits = {s for _, s in run}
            found |= hits
        return found

    def run_labels(self) -> tuple[dict[str, str], int]:
        """compact label → code list, for labels of at least two characters of every code list; the
        longest label's length."""
        if not hasattr(self, "_run"):
            run = {k: s for s in SCHEME_OF_ROLE.values() for k in self.codes.labels.get(s, {}) if len(k) >= 2}
            self._run = (run, max(map(len, run), default=0))
        return self._run

    #: list punctuation: a cell listing elements (公开内容) rather than naming one item
    LIST_MARKS = re.compile(r"[、，,；;]")

    #: how an agency's name ends (某镇人民政府, 民政局, 卫生健康委员会), and an office's inside it (办公室,
    #: 基金科, 财政所, 执法队, 社会事务办, 便民服务中心)
    AGENCY = re.compile(r"(?:政府|局|委员会|委|厅|院|办事处)\s*$")
    OFFICE = re.compile(r"(?:[科室股所队处办组]|(?<!网)站|中心)\s*$")
    #: what a legal basis holds: a title, a document number, an article
    LEGAL_WORDS = re.compile(r"[《》]|\d+\s*号|第.{1,6}条|法$|条例|办法|规定")

    def shape(self, i: int, text: str) -> float:
        """`_shape`, once per (column, text)."""
        value = self._shapes.get((i, text))
        if value is None:
            value = self._shapes[(i, text)] = self._shape(i, text)
        return value

    def _shape(self, i: int, text: str) -> float:
        """A soft preference used when re-seating (never a misfit on its own): a list of elements
        (检查对象、检查结果) is a 公开内容 rather than a name, a list of code-list labels neither; an agency
        (某镇人民政府) is a 公开主体, an office (财政所) a 责任科室; a time limit has time words (a frequency
        under 更新频率, a deadline under 公开时限), a legal basis a title or a number."""
        role = self.mapping.columns[i].role
        if role in ("category", "subcategory", "name", "content", "spec", "article_text") and \
                self.schemes_named(text):
            return -1          # 政府网站、政务微信 is a list of channels, not a name or a 公开内容
        if self.LIST_MARKS.search(text):
            if role == "name":
                return -1
            if role in ("content", "spec", "article_text"):
                return 1
        if role in ("time_limit", "update_frequency", "duration") and not self.TIME_WORDS.search(text):
            return -0.5
        if role == "update_frequency" and self.FREQUENCY.search(text) and not self.DEADLINE.search(text) or \
                role == "time_limit" and self.DEADLINE.search(text) and not self.FREQUENCY.search(text):
            return 0.5
        if role == "subject" and self.AGENCY.search(text) or role == "responsible_unit" and self.OFFICE.search(text):
            return 0.5
        if role == "legal_basis" and not self.LEGAL_WORDS.search(text):
            return -0.5
        return 0

    def fit(self, i: int, text: str) -> float:
        """How well the text fits column i (cached: re-seating tries each cell in many columns)."""
        value = self._fits.get((i, text))
        if value is None:
            value = self._fits[(i, text)] = self._fit(i, text)
        return value

    def _fit(self, i: int, text: str) -> float:
        col = self.mapping.columns[i]
        role = col.role
        if col.tick is not None:
            return 2 if C.is_ticked(text) else -3
        if role in ("content", "spec", "article_text", "legal_basis", *CONCEPT_ROLES) and names_documents(text):
            # 《政府工作报告》, 《…统计公报》: documents the item publishes, its 公开内容; no legal basis (an instrument)
            # and no channel (公报 read in the title)
            return 0 if role == "legal_basis" or role in CONCEPT_ROLES else 2
        if role in CONCEPT_ROLES:
            return 3 if self.concept_fit(role, text) else 1 if self.partly_named(text) == SCHEME_OF_ROLE[role] else -3
        if self.TICK_ONLY.fullmatch(text):
            return -3      # a lone √ belongs in a tick column
        if role == "phones":
            return 3 if C.split_phones(text) and not re.search(r"[\u4e00-\u9fff]", text) else -3
        if role == "seq":
            return 2 if re.fullmatch(r"\s*\d+\s*", C.strip_debris(text)) else -2   # 6 [bookmark: …] is 6
        if role in ("time_limit", "update_frequency", "duration"):
            return 2 if self.TIME_WORDS.search(text) else -1 if self.schemes_named(text) else 0
        if role in ("content", "spec", "article_text") and len(self.entries(text)) > 1 and self.schemes_named(text):
            return -1          # 政府网站、政务微信 where a 公开内容 belongs: the cells shifted
        if role == "link":
            return 2 if link_urls(text) else 0
        if role in ("subject", "responsible_unit"):
            if C.compact(text) in self.known.get(i, ()):
                return 3       # what full rows hold there (便民服务站 is an office and a channel)
            if self.TIME_WORDS.search(text) or (self.schemes_named(text) or self.partly_named(text)) \
                    and not self.body_named(text):
                return -1
            return 0
        if role == "legal_basis":
            return 2 if "《" in text or "》" in text else -1 if self.schemes_named(text) else 0
        return 0

    def body_named(self, text: str) -> bool:
        """A code-list label that names an office or agency (便民服务站, 便民服务中心 are channels and offices
        both): one entry in an office's or agency's shape that the code-list columns of the well-formed
        rows never hold. Where the table's own rows list it as a channel, it stays a channel."""
        if len(self.entries(text)) != 1 or not (self.OFFICE.search(text) or self.AGENCY.search(text)):
            return False
        key = C.compact(text)
        return not any(key in cell for cell in self.concept_cells)

    def misfits(self, cells: list[str]) -> bool:
        """Whether a cell misfits its column and fits another: a label no code list knows in a code-list column
        (家长群 under 发布平台) fits no column better, and moves nothing."""
        return any(t.strip() and self.fit(i, t) < 0 and any(self.fit(k, t) > 0 for k in range(len(cells)) if k != i)
                   for i, t in enumerate(cells))

    def score(self, cells: list[str]) -> float:
        """How well a row's cells fit their columns, all told (`fit` and `shape`)."""
        return sum(self.fit(i, t) + self.shape(i, t) for i, t in enumerate(cells) if t.strip())

    def count_misfits(self, cells: list[str]) -> int:
        return sum(1 for i, t in enumerate(cells) if t.strip() and self.fit(i, t) < 0)


def seat_positionally(row: RawRow, ncols: int) -> tuple[list[str], bool]:
    """Cells in printed order; True when non-blank cells overflow the declared columns."""
    texts = row.texts()
    overflow = any(t.strip() for t in texts[ncols:])
    return (texts + [""] * ncols)[:ncols], overflow


def realign(row: RawRow, types: CellTypes, ncols: int) -> list[str]:
    """Re-seat the non-blank cells of a shifted row, keeping their order, to fit the columns best.

    Dynamic programming over (cell, column): columns never go backwards; two neighbouring cells may
    share a column only where the column holds a list (check boxes), and then they are joined. The
    score rewards cells that fit their column, a filled name column, and staying near the printed position.
    """
    items = [(i, c.text) for i, c in enumerate(row.cells) if c.text.strip()]
    mergeable = {i for i, col in enumerate(types.mapping.columns) if col.role in CONCEPT_ROLES and col.tick is None}
    name_cols = {i for i, col in enumerate(types.mapping.columns) if col.role == "name"}
    NEG = float("-inf")
    best = [[NEG] * ncols for _ in items]
    back = [[-1] * ncols for _ in items]

    def gain(n: int, k: int) -> float:
        pos, text = items[n]
        return types.fit(k, text) + types.shape(k, text) + (2 if k in name_cols else 0) - 0.1 * abs(k - pos)

    for k in range(ncols):
        best[0][k] = gain(0, k)
    for n in range(1, len(items)):
        for k in range(ncols):
            g = gain(n, k)
            for j in range(k + 1):
                if best[n - 1][j] == NEG or (j == k and k not in mergeable):
                    continue
                score = best[n - 1][j] + g - (2 if k in name_cols and j == k else 0)
                if score > best[n][k]:
                    best[n][k], back[n][k] = score, j
    k = max(range(ncols), key=lambda c: best[-1][c])
    seats = [0] * len(items)
    for n in range(len(items) - 1, -1, -1):
        seats[n] = k
        k = back[n][k]
    out = [""] * ncols
    for (_, text), k in zip(items, seats):
        out[k] = f"{out[k]}\n{text}" if out[k] else text
    return out


#: roles whose cell every row prints for itself (a merge from above never covers them), but for the rows of an item
#: over several rows (its 序号, code and name merged down: `lost_item`)
_OWN_CELL_ROLES = ("seq", "code", "name", "content")
#: the cells naming an item: all merged down over the rows of an item spanning several
_IDENTITY_ROLES = ("seq", "code", "name")


def reseat_lost_merges(texts: list[str], types: "CellTypes", ncols: int,
                       above: list[str | None] | None, lost_item: bool = False) -> tuple[list[str], set[int]] | None:
    """A row of a text copy that lost the cells merged down from above (a web page's rowspans): it
    prints k = ncols - len(texts) cells fewer, blank cells included, and the rest moved left. Puts k
    blank columns back where the cells fit their columns best (`CellTypes.fit` and `shape`), keeping every
    printed cell, blank ones too, in its order, so that a tick column stays a tick column. Only columns a
    merge can cover are put back: not 序号, the name or its 公开内容; a lower category level only with the
    levels above it (a parent's merge spans its children's); a column lost in the row above too (None in `above`) is
    a likely one, a column blank in the row above an unlikely one. Ties go to the leftmost columns (the
    category levels, merged most often). (cells, the columns put back), or None when the row does not
    print fewer cells. `lost_item`: the row is an item's next row (its 序号, code and name merged down from its
    first row, `_IDENTITY_ROLES`): those columns are put back, always, and its printed cells go in the others,
    the 公开内容 column liked best (one element a row) but for a cell fitting another column better (政务微信 a
    公开渠道, 《…办法》 a 公开依据)."""
    k = ncols - len(texts)
    if k <= 0:
        return None
    roles = [c.role for c in types.mapping.columns]
    # (an item's next row may print its own 公开渠道 or 公开依据 alone, its 公开内容 merged down too: the 公开内容
    # is liked best, never forced, so that a channel or a law goes where it fits)
    droppable = [r not in _OWN_CELL_ROLES or lost_item for r in roles]
    forced = [lost_item and r in _IDENTITY_ROLES for r in roles]
    if k > sum(droppable) or k < sum(forced):
        return None
    if lost_item and "seq" in roles and texts and types.fit(roles.index("seq"), texts[0]) > 0:
        return None     # it starts with an item's number: an item's own row
    level_cols = [i for i, r in enumerate(roles) if r in ("category", "subcategory")]
    parent = {b: a for a, b in zip(level_cols, level_cols[1:])}      # a level column → the level above it
    # Alignment by dynamic programming over (columns seen, printed cells placed, the last level column was
    # put back): at each column, seat the next printed cell there or put the column back. O(ncols²).
    NEG = float("-inf")
    m = len(texts)
    best: dict[tuple[int, int, bool], float] = {(0, 0, False): 0.0}
    back: dict[tuple[int, int, bool], tuple[tuple[int, int, bool], bool]] = {}
    for c in range(ncols):
        nxt: dict[tuple[int, int, bool], float] = {}
        for (cc, j, last), score in best.items():
            is_level = c in level_cols
            # seat printed cell j in column c
            if j < m and not forced[c]:
                t = texts[j]
                gain = types.fit(c, t) + types.shape(c, t) if t.strip() else 0.0
                if lost_item and roles[c] == "content" and t.strip():
                    gain += 0.5
                state = (c + 1, j + 1, False if is_level else last)
                if score + gain > nxt.get(state, NEG):
                    nxt[state], back[state] = score + gain, ((cc, j, last), False)
            # put column c back (lost to a merge)
            if droppable[c] and (c not in parent or last):
                gain = 0.001 * (ncols - c)           # ties: the leftmost columns
                if above is not None:
                    gain += 0.5 if above[c] is None else 0.0 if above[c].strip() else -1.0
                state = (c + 1, j, True if is_level else last)
                if score + gain > nxt.get(state, NEG):
                    nxt[state], back[state] = score + gain, ((cc, j, last), True)
        best = nxt
    ends = [(score, state) for state, score in best.items() if state[1] == m]
    if not ends:
        return None
    state = max(ends)[1]
    cells, dropped = [""] * ncols, set()
    while state[0] > 0:
        prev, was_dropped = back[state]
        c = state[0] - 1
        if was_dropped:
            dropped.add(c)
        else:
            cells[c] = texts[prev[1]]
        state = prev
    return cells, dropped


def reseat(row: RawRow, types: "CellTypes", ncols: int,
           above: list[str | None] | None) -> tuple[list[str], set[int]]:
    """A shifted row re-seated: a row printing fewer cells than columns as one that lost merged cells
    (`reseat_lost_merges`) when that leaves no more misfits than re-seating its non-blank cells one by
    one (`realign`); otherwise `realign`. Under an item's row (`above`), a row whose cells fit with fewer misfits
    when its 序号 and name are put back too is that item's next row (`item_row_lost`). (cells, the columns it lost
    to merges: None in the next row's `above`)."""
    dp = realign(row, types, ncols)
    lost = reseat_lost_merges(row.texts(), types, ncols, above)
    if lost is not None and types.count_misfits(lost[0]) <= types.count_misfits(dp):
        best = lost
    else:
        best = dp, set()
    if above is not None and any(t.strip() for t in above if t is not None):
        rest = reseat_lost_merges(row.texts(), types, ncols, above, lost_item=True)
        # (as many misfits will do where the other reading leaves the 序号 or 公开内容 blank, no item's row, or
        # where its cells fit their columns clearly better: 部门决算 | 批准后20日内 as 公开内容 and 公开时限, not
        # as an item 部门决算 whose 公开内容 is a time limit)
        if rest is not None:
            fewer = types.count_misfits(rest[0]) - types.count_misfits(best[0])
            if fewer < 0 or fewer == 0 and (unowned_row(best[0], types)
                                            or types.score(rest[0]) > types.score(best[0]) + 1):
                return rest
    return best


def unowned_row(cells: list[str], types: "CellTypes") -> bool:
    """A row's cells leave its 序号 or its 公开内容 blank: no item's own row (every row prints them), when the
    table's rows that print every column fill them."""
    return any(c.role in ("seq", "content") and not cells[i].strip() and types.filled.get(i)
               for i, c in enumerate(types.mapping.columns))


def item_next_row(row: RawRow, cells: list[str], types: "CellTypes", ncols: int,
                  above: list[str | None] | None) -> tuple[list[str], set[int]] | None:
    """A row printing fewer cells than the columns, under an item's row, whose cells as printed (`cells`) fit
    their columns no worse than as that item's next row, but clearly less well (部门决算 | 批准后20日内: an item
    部门决算 whose 公开内容 is a time limit, where a 公开内容 element and its 公开时限 read right): re-seated so
    (cells, the columns lost to merges); None otherwise."""
    if not 1 < len(row.cells) < ncols or above is None or not any(t.strip() for t in above if t is not None):
        return None
    rest = reseat_lost_merges(row.texts(), types, ncols, above, lost_item=True)
    if rest is None or types.count_misfits(rest[0]) > types.count_misfits(cells) \
            or types.score(rest[0]) <= types.score(cells) + 1:
        return None
    return rest


def item_row_lost(dropped: set[int], mapping: Mapping) -> bool:
    """The columns a re-seated row lost to merges include the item's 序号, code and name (all it has): the row
    is the next row of the item above (`reseat_lost_merges(lost_item=True)`)."""
    identity = {i for i, c in enumerate(mapping.columns) if c.role in _IDENTITY_ROLES}
    return bool(identity) and identity <= dropped


def lost_cells(row: RawRow, ncols: int) -> bool:
    """A row of a text copy printing fewer cells than the columns, yet printed to its end (its last cell a
    blank one, a tab at the end of its line): cells merged from above were lost, whether or not the cells
    moved left fit their columns (the columns a row with no tick ends with hold nothing)."""
    return 1 < len(row.cells) < ncols and not row.cells[-1].text.strip()


def seat_rows(table: RawTable, mapping: Mapping, codes: CodeLists) -> list[Seated]:
    ncols = mapping.ncols
    continuing = continuation_columns(mapping)
    first = [(r, *seat_positionally(r, ncols)) for r in table.rows]
    unmapped = unmapped_header_cells(table, mapping)
    if unmapped:
        # cells under a headed column the mapping does not name are not read (a warning says so): no overflow
        first = [(r, cells, over and any(c.text.strip() for i, c in enumerate(r.cells[ncols:], ncols)
                                         if i not in unmapped)) for r, cells, over in first]
    # what a column holds is learnt from the rows that print every column (a row of a text copy that
    # printed fewer cells lost merged ones, and the rest of its cells moved)
    well_formed = [Seated(cells, r.first_line, r.last_line) for r, cells, over in first
                   if not over and len(r.cells) >= ncols] or \
        [Seated(cells, r.first_line, r.last_line) for r, cells, over in first if not over]
    types = CellTypes(mapping, codes, well_formed)
    seated: list[Seated] = []
    lost: set[int] = set()      # the columns the row above lost to merges
    for r, cells, overflow in first:
        above = [None if i in lost else t for i, t in enumerate(seated[-1].cells)] \
            if seated and _one_block(seated[-1], r) else None
        if r.continues:
            # a text copy's row below a rowspan that printed its own cell(s) only (assemble told it so): the next
            # row of the item above; its cells where they fit best, 序号 and name merged from the item's first row
            again = reseat_lost_merges(r.texts(), types, ncols, above, lost_item=True)
            if again is not None:
                lost = again[1]
                seated.append(Seated(again[0], r.first_line, r.last_line, table=r.table, title=r.title,
                                     headings=r.headings, merged=frozenset(lost), continues=True, columns=r.columns))
                continue
        # a fragment line never overflows; a shifted full row may look like one (its anchors moved)
        fragment = not overflow and is_continuation(cells, continuing)
        if mapping.realign and not fragment and (overflow or types.misfits(cells) or lost_cells(r, ncols)
                                                 or 1 < len(r.cells) < ncols and unowned_row(cells, types)):
            again, lost = reseat(r, types, ncols, above)
            rest = item_row_lost(lost, mapping)
            seated.append(Seated(again, r.first_line, r.last_line, not rest, table=r.table, title=r.title,
                                 headings=r.headings, merged=frozenset(lost) if rest else frozenset(), continues=rest,
                                 columns=r.columns))
            continue
        rest = item_next_row(r, cells, types, ncols, above) if mapping.realign and not fragment and not overflow \
            else None
        if rest is not None:
            lost = rest[1]
            seated.append(Seated(rest[0], r.first_line, r.last_line, table=r.table, title=r.title,
                                 headings=r.headings, merged=frozenset(lost), continues=True, columns=r.columns))
            continue
        lost = set()
        if overflow:
            raise table.error(r.first_line,
                              f"row has {sum(1 for c in r.cells if c.text.strip())} non-blank cells in "
                              f"{len(r.cells)} columns, the mapping declares {ncols}; set 'realign: true' "
                              "if the extraction shifted cells", r.table)
        else:
            seated.append(Seated(cells, r.first_line, r.last_line, merged=merged_columns(r, ncols), table=r.table,
                                 title=r.title, headings=r.headings, across=across_columns(r, ncols),
                                 columns=r.columns, sources=cell_sources(r, ncols)))
    return seated


# ---------------------------------------------------------------------------------------------------
# 3./4. overrides and continuation fragments
# ---------------------------------------------------------------------------------------------------

def apply_overrides(rows: list[Seated], mapping: Mapping, warn: Callable[..., None] = lambda *a: None) -> None:
    for o in mapping.overrides:
        target = _override_target(rows, mapping, o, warn)
        for role, text in o.cells.items():
            i = next(i for i, c in enumerate(mapping.columns) if c.role == role)
            target.cells[i] = text


def _override_target(rows: list[Seated], mapping: Mapping, o, warn) -> Seated:
    """The row an override names: the first table's with the line (or the one `table` names); in a table holding
    blocks side by side, sharing its rows, the row of the block `block` names (counted from the left), else of the
    leftmost block holding the line, told."""
    hits = [r for r in rows if r.first_line <= o.line <= r.last_line and (o.table is None or r.table == o.table)]
    if not hits:
        raise ReadError(mapping.source, o.line,
                        f"override (mapping line {o.mapping_line}) names a line that is in no table row")
    hits = [r for r in hits if r.table == hits[0].table]
    blocks = sorted({r.columns for r in rows if r.table == hits[0].table}, key=lambda c: c[0] if c else 0)
    if o.block is not None:
        target = next((r for r in hits if o.block <= len(blocks) and r.columns == blocks[o.block - 1]), None)
        if target is None:
            where = ", ".join(f"block {k} (columns {c[0]}-{c[1]})" for k, c in enumerate(blocks, 1) if c) \
                or "one block"
            raise ReadError(mapping.source, o.line, f"override (mapping line {o.mapping_line}) names block {o.block} "
                                                    f"at a line no row of that block holds; the table has {where}")
        return target
    held = [c for c in blocks if any(r.columns == c for r in hits)]
    if len(held) > 1:
        warn(o.line, f"override (mapping line {o.mapping_line}) names a row of {len(held)} blocks side by side ("
                     + ", ".join(f"block {blocks.index(c) + 1}: columns {c[0]}-{c[1]}" for c in held)
                     + "): applied to the leftmost; give the override 'block' to name one", hits[0].table)
    return next(r for c in blocks for r in hits if r.columns == c)


def continuation_columns(mapping: Mapping) -> list[int]:
    """The columns (`continuation.when_empty`) whose being all blank makes a row continue the row above."""
    return [i for i, c in enumerate(mapping.columns) if c.role in mapping.continuation_when_empty]


def is_continuation(cells: list[str], columns: list[int]) -> bool:
    """A row whose `continuation.when_empty` columns are all blank continues the row above."""
    return all(not cells[i].strip() for i in columns)


def _one_block(a: Seated | RawRow, b: Seated | RawRow) -> bool:
    """Two rows of one table, and of one block of it when it holds blocks side by side (each a table of its own:
    no row of one continues, or is inherited by, a row of the other)."""
    return a.table == b.table and a.columns == b.columns


#: roles whose cells list entries: the rows of one item join theirs line by line
_LISTED_ROLES = frozenset({"legal_basis", "channels", "methods", "audience", "disclosure_type", "level", "stage",
                           "phones", "domain", "link"})


def _same_item(r: Seated, prev: Seated | None, identity: list[int]) -> bool:
    """A row whose 序号, code and name cells are all merged with the row above's, in a file with real merges: one
    item over several rows (1 机构职能 over 机构职能 | 内设机构 | 办公地址, one element of its 公开内容 a row)."""
    return bool(identity) and prev is not None and _one_block(prev, r) and all(i in r.merged for i in identity)


def _joined_row(prev: Seated, r: Seated, mapping: Mapping) -> None:
    """An item's next row joined to it: each cell of its own (not merged with the one above) after the item's, a
    line of its own in a cell listing entries, else after a ； (机构职能；内设机构)."""
    for i, text in enumerate(r.cells):
        if not text.strip() or i in r.merged:
            continue
        _sourced(prev, r, i)
        have = prev.cells[i].rstrip()
        if not have:
            prev.cells[i] = text
        elif i < len(mapping.columns) and mapping.columns[i].role in _LISTED_ROLES:
            prev.cells[i] = f"{have}\n{text}"
        else:
            prev.cells[i] = f"{have}{'' if have[-1] in '。；;，,、' else '；'}{text.strip()}"
    prev.last_line = max(prev.last_line, r.last_line)


def join_fragments(rows: list[Seated], mapping: Mapping) -> list[Seated]:
    continuing = continuation_columns(mapping)
    # the item's own cells, when it has a 序号 (rows under one merged name without one may be items of their own,
    # each with its ticks: they inherit the name)
    # (not in a PDF, where a row the page break cut goes on under cells merged across the break: one text cut)
    apart = mapping.merges_real and mapping.reader != "pdf"
    identity = [i for i, c in enumerate(mapping.columns) if c.role in _IDENTITY_ROLES] \
        if apart and mapping.has_role("seq") else []
    # without a 序号, a row under a merged name holding nothing of its own but a 公开内容 element (机构职能 over
    # 内设机构 | 办公地址, every other cell merged down too or blank) is no item of its own either
    named = [i for i, c in enumerate(mapping.columns) if c.role in ("code", "name")] \
        if apart and not mapping.has_role("seq") else []
    elements = {i for i, c in enumerate(mapping.columns) if c.role in ("content", "spec")}
    out: list[Seated] = []
    carried: tuple[str, ...] = ()     # headings met before a row joined to the one above: they head the next
    for r in rows:
        if _same_item(r, out[-1] if out else None, identity) or \
                named and _same_item(r, out[-1] if out else None, named) and \
                all(i in elements for i, t in enumerate(r.cells) if t.strip() and i not in r.merged) or \
                r.continues and out and _one_block(out[-1], r):
            # (a text copy's row below a rowspan, its 序号 and name not printed: the same item)
            _joined_row(out[-1], r, mapping)
            carried += r.headings
        elif is_continuation(r.cells, continuing):
            if not any(c.strip() for c in r.cells):
                carried += r.headings
                continue  # an empty row
            if out and not _one_block(out[-1], r):
                # a table never continues the row of another table: the row stands alone (no name: skipped)
                out.append(_copied(r, carried))
                carried = ()
                continue
            if not out:
                raise ReadError(mapping.source, r.first_line, "the table starts with a continuation row")
            prev = out[-1]
            if apart:     # a file's cells: each a text of its own (机构职能；内设机构), not one text cut
                _joined_row(prev, r, mapping)
                carried += r.headings
                continue
            for i, text in enumerate(r.cells):
                if text.strip() and i not in r.merged:   # a merged cell's value is already in the row above
                    _sourced(prev, r, i)
                    # a PDF page/line break inside a cell: join with no separator, as the text was one
                    prev.cells[i] = f"{prev.cells[i]}\x00{text}" if prev.cells[i].strip() else text
            prev.last_line = max(prev.last_line, r.last_line)
            carried += r.headings
        else:
            out.append(_copied(r, carried))
            carried = ()
    return out


def _copied(r: Seated, carried: tuple[str, ...]) -> Seated:
    """A seated row as an item's first row, headed by the headings met before it too: its own cells and sources."""
    return replace(r, cells=list(r.cells), headings=carried + r.headings, sources=[list(s) for s in r.sources])


def _sourced(prev: Seated, r: Seated, i: int) -> None:
    """Column i of r joined to the item's row above: its cell is a source of the item's field too."""
    if i < len(r.sources) and i < len(prev.sources):
        prev.sources[i] += [s for s in r.sources[i] if s not in prev.sources[i]]


# ---------------------------------------------------------------------------------------------------
# 5./6. interpretation and inheritance
# ---------------------------------------------------------------------------------------------------

#: the end of a group of articles (第十九条, 第二十条第（一）项, 第三款。): a line after it starting with 第 is another's
_GROUP_ENDS = re.compile(r"[条款项]\s*[。，,、；;]?\s*$")


class Interpreter:
    def __init__(self, mapping: Mapping, codes: CodeLists, source_file: str, warn):
        self.m, self.codes, self.source_file, self.warn = mapping, codes, source_file, warn
        # the row being read, (line, table), and how to name it: for the mapping's patterns' time limits
        self.at, self.where = (0, 1), (lambda line, table: f"{source_file}:{line}")
        self.code_re = MappingPattern(mapping, "codes.pattern", CODE_PATTERN.format(mapping.code_pattern),
                                      lambda: self.where(*self.at)) if mapping.code_pattern else None
        self.category_of_code: dict[str, str] = {}
        self._entries: dict[tuple, list[str]] = {}     # list cells split once per text (plain_labels)
        self._unwrapped: dict[tuple[str, str], str] = {}   # check-box cells' lines joined once per text
        self._bases: dict[str, str] = {}               # 公开依据 cells' texts, each made once (basis_text)
        self._uncontrolled: dict[tuple[str, str], str] = {}   # (scheme, label key) → uncontrolled concept
        # phone numbers in a cell, and what it says besides them (`phones_in`, `beside_phones`), once per text
        self._phones: dict[str, tuple[str, ...]] = {}
        self._beside: dict[str, str] = {}
        self._boxed: dict[str, bool] = {}       # C.has_checkboxes once per text
        # roles read from several columns of plain text (not ticks, not extra): role → their columns
        by_role: dict[str, list[int]] = {}
        for i, col in enumerate(mapping.columns):
            if col.tick is None and col.role not in ("extra", "ignore"):
                by_role.setdefault(col.role, []).append(i)
        self.multi = {role: where for role, where in by_role.items() if len(where) > 1}
        self.ticked = {col.role for col in mapping.columns if col.tick is not None}   # roles read from ticks
        # the unit a time limit column's header gives its numbers (公开时限（工作日） over 20)
        self.limit_unit = next((m.group(1) for col in mapping.columns if col.role == "time_limit" for h in col.headers
                                if (m := _HEADER_UNIT.search(h))), None)
        self.ticks_seen: set[str] = set()  # of those, the roles some row ticks (`unticked_roles`)
        self.circles: set[str] = set()     # roles whose cells mark options ● / ○ (`note_circles`)
        self.remarked: set[str] = set()    # roles of the row whose cells had a remark on a label (`plain_labels`)

    def note_circles(self, rows: list[Seated]) -> None:
        """Roles of columns where some cell marks an option ● beside ○ or with text: there, ○ is an empty box
        (a row with no option selected: ○政府网站 ○政府公报), not a list bullet as in a column of ○ alone."""
        for r in rows:
            for i, cell in enumerate(r.cells[:len(self.m.columns)]):
                if "●" in cell and self.m.columns[i].tick is None:
                    self.circles.add(self.m.columns[i].role)

    # -- text helpers --------------------------------------------------------------------------
    # (a catalogue repeats its cells row after row, its offices', phones' and channels' above all: what is read
    # from one text is read once, per catalogue)
    def phones_in(self, raw: str) -> tuple[str, ...]:
        """`C.split_phones`, once per text."""
        found = self._phones.get(raw)
        if found is None:
            found = self._phones[raw] = tuple(C.split_phones(raw))
        return found

    def beside_phones(self, raw: str) -> str:
        """`C.beside_phones`, once per text."""
        found = self._beside.get(raw)
        if found is None:
            found = self._beside[raw] = C.beside_phones(raw)
        return found

    def has_checkboxes(self, raw: str) -> bool:
        """`C.has_checkboxes`, once per text."""
        found = self._boxed.get(raw)
        if found is None:
            found = self._boxed[raw] = C.has_checkboxes(raw)
        return found

    def text(self, raw: str) -> str:
        # \x00 marks a fragment join (a cell broken across PDF lines): glue without a separator
        return C.clean_text(raw.replace("\x00", ""), self.m.line_join) if "\x00" in raw else \
            C.clean_text(raw, self.m.line_join)

    def basis_text(self, raw: str) -> str:
        """A 公开依据 cell's text: its lines joined as `text` joins them, except that with the default
        line_join a line break ending one citation before another stays (legal.entry_lines), as parse_legal_basis
        separates citations at it. A PDF's continuation row (\x00) is a line break like any other."""
        if self.m.line_join != "":
            return self.text(raw)
        text = self._bases.get(raw)
        if text is None:    # catalogues repeat a basis row after row: its lines grouped once
            lines, spaced = C.clean_lines(raw.replace("\x00", "\n"))
            entries, k = [], 0
            for group in entry_lines(lines):
                entries.append(C.join_lines(group, frozenset(i - k for i in spaced if k <= i < k + len(group))))
                k += len(group)
            text = self._bases[raw] = "\n".join(entries)
        return text

    def article_lines(self, raw: str) -> str:
        """A 依据条款 cell's text, a line break kept where one group of articles ends and the next starts (第十四条 /
        第二十条: an instrument's each), a line a narrow column wrapped (第二十条第（一 / ）项) joined."""
        lines: list[str] = []
        for line in (self.text(ln) for ln in raw.replace("\x00", "\n").splitlines()):
            if not line:
                continue
            if lines and not (_GROUP_ENDS.search(lines[-1]) and line.startswith("第")):
                lines[-1] += line
            else:
                lines.append(line)
        return "\n".join(lines)

    def split_code(self, raw: str) -> tuple[str, str]:
        """(label, code) for a name cell like '政策法规\n010000', '规划计划030000' or '010000 建设工程管理'."""
        text = self.text(raw)
        if self.code_re:
            m = self.code_re.search(text)
            # a code is all the digits ending the text, never their tail (\d{6} in 01010001)
            if m and m.group(1) is not None and not (m.start(1) > 0 and text[m.start(1) - 1].isdigit()):
                return text[: m.start()].strip(), m.group(1)
            # or all the digits starting it, never their head
            if m and m.group(2) is not None and not text[m.end(2):m.end(2) + 1].isdigit():
                return text[m.end():].strip(), m.group(2)
        return text, ""

    def title_disclosure_type(self, title: str) -> list[str]:
        """The disclosure type a table's title names for its items (一、主动公开目录, 二、依申请公开目录, 某局政府信息
        主动公开基本目录): the one label of the code list, four characters at least, the title holds (none when
        it names two)."""
        memo = self.__dict__.setdefault("_title_types", {})
        if title not in memo:
            found = disclosure_types_named(self.codes, title)
            memo[title] = found if len(found) == 1 else []
        return list(memo[title])

    def strip_markers(self, text: str) -> tuple[str, str]:
        if not self.m.name_markers:
            return text, ""
        i = 0
        while i < len(text) and (text[i] in self.m.name_markers or text[i] == " "):
            i += 1
        return text[i:].strip(), text[:i].replace(" ", "")

    #: code lists a plain-text cell may name besides its own column's (全社会范围主动公开 read as 公开对象
    #: is also a 公开属性): scheme → the record's role that takes them
    CROSS_SCHEMES = {"audience": "audience", "disclosure-type": "disclosure_type", "method": "methods"}
    #: roles whose plain-text cells are also read as labels run together (not stage: a section name
    #: there must stay unmatched; not level/domain: their labels are words of longer names)
    RUN_TOGETHER_ROLES = ("channels", "methods", "disclosure_type", "audience")

    def concepts(self, role: str, raw: str, where: int, extra: dict[str, list[str]] | None = None) -> list[str]:
        """The concepts of the role's code list a cell names.

        A cell with check boxes: its checked options (an option printed as a list, 政府网站、政务微博, is
        read as its entries). A plain-text cell: its entries as a person reads them (see `plain_labels`);
        labels of the other code lists found in it go to `extra` (role → concept IRIs) when given.
        A label no code list knows becomes a concept of the catalogue's uncontrolled scheme (with a
        warning; `uncontrolled_concept`), one per entry; in the stage column it is dropped (a section name there is no stage)."""
        scheme = SCHEME_OF_ROLE[role]
        out = []
        # lost-glyph: the selected options lost their box, so a cell of several words and no box is every
        # option selected (州级 县级), each word one
        if self.has_checkboxes(raw) or self.m.checkboxes == "lost-glyph" and len(raw.split()) > 1:
            if "\n" in raw and self.m.checkboxes != "html":
                raw = self.unwrapped_boxes(scheme, raw)
            labels: list[tuple[str, str | None]] = []
            for opt in C.read_checkboxes(raw, self.m.checkboxes, role in self.circles):
                if not opt.checked:
                    continue
                iri = self.codes.lookup(scheme, opt.label)
                parts = C.split_list(opt.label) if iri is None else []
                if len(parts) > 1:
                    labels += [(p, self.codes.lookup(scheme, p)) for p in parts]
                else:
                    labels.append((opt.label, iri))
        else:
            labels = self.plain_labels(role, raw, extra)
        for label, iri in labels:
            if iri is None:
                if role == "stage":     # (run together, 决策执行 / 执行结果: the stages' names are two characters each)
                    for x in C.stage_pieces(label, lambda x: self.codes.lookup(scheme, x)):
                        iri_part = self.codes.lookup(scheme, x)
                        if iri_part and iri_part not in out:
                            out.append(iri_part)
                    continue
                iri = self.uncontrolled_concept(scheme, label, where)
            if iri not in out:
                out.append(iri)
        return out

    def unwrapped_boxes(self, scheme: str, raw: str) -> str:
        """A check-box cell with its options' labels wrapped inside a narrow column joined again (政府 / 网站 /
        □政 / 府公 / 报 → 政府网站 / □政府公报): a box opens an option, and a line that opens with none continues
        the one above as `unwrap` judges list entries (together a label; in a print, neither one)."""
        key = (scheme, raw)
        text = self._unwrapped.get(key)
        if text is None:
            text = self._unwrapped[key] = self.unwrap(C.lost_wingdings(raw), lambda p: bool(self.codes.lookup(scheme, p)),
                                                    self.m.reader not in AUTHORED_BREAKS)
        return text

    def uncontrolled_concept(self, scheme: str, label: str, where: int) -> str:
        """A label no code list knows: a concept of this catalogue's own "uncontrolled" scheme, one per
        (code list, label), so a reviewer sees it (build warning, SHACL warning zs:UncontrolledValueShape)
        and it never joins the shared code list (another catalogue's same wording stays its own)."""
        key = (scheme, C.compact(label))
        iri = self._uncontrolled.get(key)
        if iri is None:
            self.warn(where, f"'{label}' is not in the {scheme} code list; kept as a concept of this "
                             f"catalogue's uncontrolled scheme for review")
            iri = self.codes.uris.uncontrolled(self.m.catalogue_id, scheme, key[1])
            self._uncontrolled[key] = iri
            self.codes.pref[iri] = label
        return iri

    @staticmethod
    def unwrap(raw: str, known, wraps: bool = True) -> str:
        """A line break inside a list cell separates entries, unless it only wraps one (a narrow column in a
        PDF: 政府网站、政 / 务微博): lines are joined where the entries on either side of the break make a
        label together, or (`wraps`: a print or a copy of one, whose lines are cut by the column's width)
        neither is a label of the code lists. In a list separated by spaces the entries are the words either
        side of the break (广播 政府网站 信息 / 公告栏). In a file whose cells hold their own line breaks (Word,
        Excel, a web page) two unknown words on two lines stay two (短信 / 当面告知), and so do they after a line
        that stops well short of the cell's longest (it did not reach the column's edge)."""
        if "\n" not in raw:
            return raw
        lines = raw.split("\n")
        boxes = C.CHECKED_GLYPHS + C.UNCHECKED_GLYPHS
        # a line well short of the cell's longest ended before the column's edge: no wrap there (医保经办服务 /
        # 大厅 / 政务微信: the hall's name ends with its line, whatever it ends with)
        widths = [sum(2 if C.is_wide(ch) else 1 for ch in line.strip()) for line in lines]
        full = max(widths)
        out = [lines[0]]
        for k, line in enumerate(lines[1:], 1):
            if line.strip()[:1] in boxes and line.strip():
                out.append(line)     # a check box opens an option: the line is no wrap of the one above
                continue
            entries_above, entries_below = C.split_list(out[-1]), C.split_list(line)
            # a box before or after a label is no part of it (□政 / 府公报 makes 政府公报)
            tail = entries_above[-1].split(" ")[-1].strip(boxes) if entries_above else ""
            head = entries_below[0].split(" ")[0].strip(boxes) if entries_below else ""
            if tail and head and _wraps_onto(tail, head, known, wraps and widths[k - 1] >= full - 2):
                out[-1] = out[-1].rstrip() + line.strip()
            else:
                out.append(line)
        return "\n".join(out)

    def plain_labels(self, role: str, raw: str, extra: dict[str, list[str]] | None) -> list[tuple[str, str | None]]:
        """(label, concept IRI or None) for the entries of a plain-text list cell, in printed order.

        Entries: C.split_list (、，；, line breaks, 1. ① （1） numbering), then spaces where every piece is
        a known label. An entry that is no label of the role's code list (nor, with `extra`, of the
        audience / disclosure-type / method lists) is read as labels run together, longest first:
        政府网站微信平台等 → 政府网站, 政务微信; filler (等, 范围) is dropped, anything else is kept as a label."""
        scheme = SCHEME_OF_ROLE[role]
        run_together = role in self.RUN_TOGETHER_ROLES
        cross = {} if extra is None or not run_together else \
            {s: r for s, r in self.CROSS_SCHEMES.items() if s != scheme}

        def other(label: str) -> tuple[str, str] | None:
            for s in cross:
                iri = self.codes.lookup(s, label)
                if iri:
                    return s, iri
            return None

        def known(piece: str) -> bool:
            return bool(self.codes.lookup(scheme, piece) or other(piece))

        key = (role, raw, extra is None)
        entries = self._entries.get(key)
        if entries is None:   # catalogues repeat their list cells row after row: split each text once
            wraps = self.m.reader not in AUTHORED_BREAKS
            entries = self._entries[key] = [p for part in C.split_list(self.unwrap(raw, known, wraps))
                                            for e in C.split_spaces(part, known) for p in C.split_joined(e, known)]
        out: list[tuple[str, str | None]] = []
        for entry in entries:
            iri = self.codes.lookup(scheme, entry)
            if not iri and (said := _REMARK.fullmatch(entry)) and known(said.group(1).strip()) \
                    and not any(known(p) for p in re.split(r"[、，,；;/\s]+", said.group(2) or said.group(3)) if p):
                # a label and a remark on it (主动公开（全文）, 全社会（涉及个人隐私的除外）, 微信公众号“XX发布”):
                # the label is the concept; the cell's text, remark and all, is kept under the column
                entry = said.group(1).strip()
                iri = self.codes.lookup(scheme, entry)
                self.remarked.add(role)
            hit = None if iri else other(entry)
            run = None if iri or hit or not run_together else \
                C.match_run(entry, self.run_labels(scheme, tuple(cross)), qualifies=self.placed_at)
            if hit:
                extra.setdefault(cross[hit[0]], []).append(hit[1])
            elif run:
                for label, found in run:
                    if found is None or found[0] == scheme:
                        out.append((label, found and found[1]))
                    else:
                        extra.setdefault(cross[found[0]], []).append(found[1])
            else:
                out.append((entry, iri))
        return out

    def placed_at(self, site: tuple[str, str], found: tuple[str, str]) -> bool:
        """Two labels glued together where the first names the place of the second (办税服务厅公告栏)."""
        return self.codes.placed_at(site[1], found[1])

    def run_labels(self, scheme: str, cross: tuple[str, ...]) -> dict[str, tuple[str, str]]:
        """compact label → (scheme, IRI) for reading run-together cells: the vocabulary's labels of the
        scheme, and those of at least three characters of the other schemes (社会, 主动 are too short to
        be found inside other words). Concepts minted during the build are not among them."""
        cache = self.__dict__.setdefault("_run_labels", {})
        if (scheme, cross) not in cache:
            labels: dict[str, tuple[str, str]] = {}
            for s in (scheme, *cross):
                for key, iri in self.codes.labels.get(s, {}).items():
                    if iri in self.codes.pref_en and key not in labels and (s == scheme or len(key) >= 3):
                        labels[key] = (s, iri)
            cache[(scheme, cross)] = labels
        return cache[(scheme, cross)]

    # -- the pass ------------------------------------------------------------------------------
    def collect_category_codes(self, rows: list[Seated]) -> None:
        for r in rows:
            self.at = (r.first_line, r.table)
            for i, col in enumerate(self.m.columns):
                if col.role == "category" and r.cells[i].strip():
                    label, code = self.split_code(r.cells[i])
                    label, _ = self.strip_markers(label)
                    if code:
                        self.category_of_code.setdefault(code, label)

    def levels_named_across(self, r: Seated) -> frozenset[int]:
        """The lower level columns of a row a cell merged across from a level covers: its text is read once, in
        the first column (机构信息 over 一级事项 | 二级事项 is one level, not two alike), or, merged into the name
        column, as the item's name (土地供应计划 over 二级目录 | 三级目录 of an item with two levels: it was a level
        and the name both). A first level merged across to the name stays the item's category, as a first level
        with — in the lower ones does (税费统计 | — | — is the item 税费统计 in 税费统计)."""
        cols, out = self.m.columns, set()
        for k, col in enumerate(cols):
            if k in r.across and col.role in ("subcategory", "name"):
                s = k - 1
                while s > 0 and s in r.across:
                    s -= 1
                if all(cols[j].role in ("category", "subcategory") for j in range(s, k)):
                    out.update([k] if col.role == "subcategory" else
                               (j for j in range(s, k) if cols[j].role == "subcategory"))
        return frozenset(out)

    def record(self, n: int, r: Seated) -> tuple[Record, dict[str, str]]:
        self.at = (r.first_line, r.table)
        rec = Record(row=n, source_file=self.source_file, first_line=r.first_line, last_line=r.last_line)
        raw: dict[str, str] = {}
        named_across = self.levels_named_across(r) if r.across else frozenset()
        for i, col in enumerate(self.m.columns):
            text = r.cells[i]
            if col.role == "ignore" or not text.strip() or i in named_across:
                continue
            multi = col.role in self.multi
            if i in r.merged:
                # a vertically merged cell (.docx/.xlsx): the value of the cell above, marked inherited
                # like a blank-means-merged cell of a text extraction. A merged first-level cell means
                # the row has no category cell of its own: it is in the category of the row above.
                if col.role in ("category", "subcategory"):
                    raw.setdefault("__merged__", "")
                    raw["__merged__"] += f"|{col.role}"   # (not a role: says the level is the one above)
                    continue
                if col.tick is None or C.is_ticked(text):
                    rec.inherited.add(col.role)
            if multi:
                continue
            if col.role == "extra":         # several columns may be kept: one raw entry each
                if i not in r.across:       # (a cell merged across from the left is read once, in its column)
                    raw[f"extra\x1f{i}"] = text
                continue
            if col.tick is not None:
                if C.is_ticked(text):
                    self.ticks_seen.add(col.role)
                    scheme = SCHEME_OF_ROLE[col.role]
                    iri = (self.codes.lookup(scheme, col.tick)
                           or self.uncontrolled_concept(scheme, col.tick, r.first_line))
                    if iri not in getattr(rec, col.role):
                        getattr(rec, col.role).append(iri)
                    raw[col.role] = raw.get(col.role, "") + col.tick
                if _TICK_REMARK.search(text):     # √（涉及个人隐私的除外）: the remark is kept, under the column
                    raw[f"extra\x1f{i}"] = text
                continue
            if col.role in self.ticked:       # words beside another table's ticks (公开对象: 全社会)
                raw[f"__words__{col.role}"] = text
                continue
            raw[col.role] = text
        # a role on several columns (联系电话 and 监督电话; two channel lists): their cells, blank ones too, apart
        # (PARTS), so that a 同上 in one of them takes the cell above it (`same_as_above`)
        for role, where in self.multi.items():
            texts = [r.cells[i] if r.cells[i].strip() else "" for i in where]
            if any(texts):
                raw[role] = PARTS.join(texts)
        return rec, raw

    def fill(self, rec: Record, raw: dict[str, str]) -> None:
        where = rec.first_line
        if any(PARTS in v for v in raw.values()):    # the cells of a role's columns: one per line
            raw = {k: v.replace(PARTS, "\n") for k, v in raw.items()}
        # a cell saying there is nothing (/, —, 无) is no value (and, being no blank, takes none from above):
        # no time limit '/', no office '—', no channel '无'
        if any(k not in _OWN_TEXT and nothing(v) for k, v in raw.items()):
            raw = {k: "" if k not in _OWN_TEXT and nothing(v) else v for k, v in raw.items()}
        if "seq" in raw:      # a list number's mark is no part of it (Word's 编号 shows 1.)
            rec.seq = re.sub(r"(?<=\d)\s*[.．、]$", "", self.text(raw["seq"]))
        if "code" in raw:
            rec.code = self.text(raw["code"])
        if "name" in raw:
            name, code = self.split_code(raw["name"])
            rec.name, rec.markers = self.strip_markers(name)
            rec.code = rec.code or code
        for role in ("content", "spec", "subject", "responsible_unit"):
            if role in raw:
                setattr(rec, role, self.text(raw[role]))
        for role in ("subject", "responsible_unit"):
            # an office and its phone in one cell (承办科室及联系电话: 办公室 0530-1234567): the phone is the item's
            if role in raw and (phones := self.phones_in(raw[role])) and (rest := self.beside_phones(raw[role])):
                setattr(rec, role, self.text(re.sub(r"[\s：:，,；;]+$", "", rest)))
                rec.phones += [n for n in phones if n not in rec.phones]
        if "legal_basis" in raw:
            rec.legal_basis = list(parse_legal_basis(self.basis_text(raw["legal_basis"])))
        if "legal_articles" in raw:
            self.articles_beside(rec, raw["legal_articles"])
        if "time_limit" in raw:
            text = self.text(raw["time_limit"])
            rec.time_limit = parse_time_limit(text)
            if self.limit_unit and re.fullmatch(r"\d+|[一二两三四五六七八九十]+", text):    # 20 under 公开时限（工作日）
                rec.time_limit = replace(parse_time_limit(text + self.limit_unit), text=text)
        # in list cells a fragment join separates entries; in text cells it glues (see `text`)
        if "phones" in raw:
            cell = raw["phones"].replace("\x00", "\n")
            rec.phones += [n for n in self.phones_in(cell) if n not in rec.phones]
            if self.beside_phones(cell):
                # who answers, an e-mail (县纪委监委 12388; 投诉邮箱 ts@x.gov.cn): the cell is kept whole as text too
                col = next(c for c in self.m.columns if c.role == "phones")
                rec.extra.append((col.label or (col.headers[0] if col.headers else ""), self.text(raw["phones"])))
        self.fill_more(rec, raw)
        extra: dict[str, list[str]] = {}   # concepts of other code lists named in a concept cell
        self.remarked.clear()
        for role in CONCEPT_ROLES:
            if role in raw and role not in self.ticked:
                setattr(rec, role, self.concepts(role, raw[role].replace("\x00", "\n"), where, extra))
                if role in self.remarked:
                    self.remarked.discard(role)
                    col = next(c for c in self.m.columns if c.role == role)
                    rec.extra.append((col.label or (col.headers[0] if col.headers else ""), self.text(raw[role])))
            elif raw.get(f"__words__{role}"):     # a column of words of a role other tables tick
                have = getattr(rec, role)
                have.extend(i for i in self.concepts(role, raw[f"__words__{role}"].replace("\x00", "\n"), where,
                                                     extra) if i not in have)
        for role, iris in extra.items():
            have = getattr(rec, role)
            have.extend(i for i in dict.fromkeys(iris) if i not in have)

    def articles_beside(self, rec: Record, cell: str) -> None:
        """The 依据条款 column beside the 公开依据 one (第十九条、第二十条): its articles the instruments', one citation
        per instrument as if written in one cell; where they do not pair up one to one, the instruments stay as
        cited and the cell is kept as text under the column's header, told."""
        paired, ok = with_article_column(tuple(rec.legal_basis), self.article_lines(cell))
        rec.legal_basis = list(paired)
        if not ok:
            col = next(c for c in self.m.columns if c.role == "legal_articles")
            label = col.label or (col.headers[0] if col.headers else "依据条款")
            text = self.text(cell)
            rec.extra.append((label, text))
            self.warn(self.at[0], f"the articles '{text[:60]}' do not pair up one to one with the "
                                  f"{len(rec.legal_basis)} instrument(s) of the legal basis beside them (one group of "
                                  f"articles a line or between ；, each an instrument's, in order): the instruments are "
                                  f"cited without them, the articles kept as text under '{label}'", self.at[1])

    def fill_more(self, rec: Record, raw: dict[str, str]) -> None:
        """The roles update_frequency, duration, link, article_text, extra (and 领域 cells made ready for
        their code list: 城乡规划领域 is 城乡规划)."""
        for role in ("duration", "article_text"):
            if role in raw:
                setattr(rec, role, self.text(raw[role]))
        if "update_frequency" in raw:
            rec.update_frequency = parse_update_frequency(self.text(raw["update_frequency"]))
        if "link" in raw:
            lines = [ln.strip() for ln in raw["link"].replace("\x00", "").splitlines() if ln.strip()]
            # URLs one per line stay apart; a URL wrapped over lines (no scheme on the next) is glued
            if lines and all(re.match(r"https?://", ln, re.I) for ln in lines):
                rec.link = " ".join(lines)
            else:
                rec.link = self.text(raw["link"])
        if "domain" in raw:
            raw["domain"] = re.sub(r"领域(?=$|[\s、，,；;/□■☑☐✓✔√])", "", raw["domain"])
        for key in [k for k in raw if k.startswith("extra\x1f")]:
            text = self.text(raw[key])
            if text and not C.PLACEHOLDER.match(text):    # 无, /, —— in a 备注 column: no remark
                col = self.m.columns[int(key.split("\x1f")[1])]
                rec.extra.append((col.label or (col.headers[0] if col.tick and col.headers else ""), text))

    def category_cell(self, raw: dict[str, str]) -> tuple[str, str, str]:
        """(label, code, markers) of the row's own first-level cell."""
        if "category" not in raw:
            return "", "", ""
        label, code = self.split_code(raw["category"])
        label, markers = self.strip_markers(label)
        return label, code, markers


def field_cells(fragment: Callable | None, r: Seated, columns: list) -> list[tuple[str, str]]:
    """(role, fragment) of the cells each field of the row was read from (an extra column by its label), cells of one
    column over several rows as one range; `fragment`: the row's table's fragment function (RawTable.fragments)."""
    out = []
    for i, col in enumerate(columns):
        cells = r.sources[i] if i < len(r.sources) and r.cells[i].strip() else []
        if not cells or col.role == "ignore" or fragment is None:
            continue
        rows, cols = [k for k, _ in cells], [j for _, j in cells]
        frag = fragment(min(rows), max(rows), (min(cols), max(cols)))
        if frag:
            out.append((col.label or col.headers[0] if col.role == "extra" and (col.label or col.headers) else col.role,
                        frag))
    return out


def build_records(table: RawTable, mapping: Mapping, codes: CodeLists, source_file: str) -> tuple[list[Record], list[str]]:
    """Records for every item of the table, and the warnings met on the way (file:line: message)."""
    warnings: list[str] = []

    at = {"table": 1}     # the table of the row being read, for messages

    def warn(line: int, message: str, table_no: int | None = None) -> None:
        # file:line, or file#table=1&row=7
        warnings.append(f"{table.where(line, table_no or at['table'])}: {message}")

    check_header(table, mapping)
    for line, message in unmapped_columns(table, mapping):
        warn(line, message, 1)
    seated = seat_rows(table, mapping, codes)
    apply_overrides(seated, mapping, warn)
    rows = join_fragments(seated, mapping)
    for r in rows:
        if r.realigned:
            warn(r.first_line, "cells did not fit their columns (shifted extraction); re-seated by content", r.table)
    interp = Interpreter(mapping, codes, source_file, warn)
    interp.where = table.where
    interp.collect_category_codes(rows)
    interp.note_circles(rows)
    title_re = MappingPattern(mapping, "titles.pattern", mapping.titles_pattern,
                              lambda: table.where(*interp.at)) if mapping.titles_pattern else None
    levels = HeadingLevels(mapping, interp, lambda: table.where(*interp.at))
    records: list[Record] = []
    prev_raw: dict[str, str] = {}
    prev: Record | None = None
    part_of = table.continued.get      # a table read as the rest of the one before is that one
    section = ((part_of(rows[0].table, rows[0].table), rows[0].columns), rows[0].title, levels.state) if rows else None
    above: dict[str, str] = {}        # the last item row's raw values in this table: what 同上 points at
    stageless: list[tuple[Record, str]] = []      # items whose 五公开 cell names no stage, and its text
    for r in rows:
        at["table"] = r.table
        interp.at = (r.first_line, r.table)
        levels.read(r.headings)
        if ((part_of(r.table, r.table), r.columns), r.title, levels.state) != section:
            # a new table or a section title: nothing is inherited from the rows of the one before; 同上 under a
            # section title (二、统计公报) still means the item above it, in the same table
            if (part_of(r.table, r.table), r.columns) != (section or (None,))[0]:
                above = {}
            prev_raw, prev, section = {}, None, ((part_of(r.table, r.table), r.columns), r.title, levels.state)
        rec, raw = interp.record(len(records) + 1, r)
        rec.table, rec.columns = r.table, r.columns
        rec.source_fragment = table.locate(r.first_line, r.last_line, r.table, r.columns) or ""
        rec.cells_from = (table.fragments.get(r.table), r, mapping.columns)
        same = same_as_above(rec, raw, prev_raw or above,
                             lambda role: warn(r.first_line, f"'{raw[role].strip()}' in the {role} cell, with no row "
                                                             "above"))
        own_category = interp.category_cell(raw)
        inherit_raw(rec, raw, prev_raw, mapping, own_category)
        interp.fill(rec, raw)
        # a blank first-level cell takes the category above in a text extraction or a file that shows no
        # merges (a lost merge); in a file with real cells only when it is merged with the cell above or
        # the mapping says `inherit: category`
        merged_category = any(mapping.columns[i].role == "category" for i in r.merged)
        from_above = not mapping.merges_real or merged_category or "category" in mapping.inherit or "category" in same
        resolve_name_and_category(rec, raw, own_category, prev, interp, from_above)
        if mapping.titles == "category" and r.title and "category" not in rec.inherited:
            levels.given_codes.update(add_title_level(rec, r.title, title_re, interp))
        elif mapping.titles in ("subject", "responsible_unit") and r.title and not getattr(rec, mapping.titles):
            setattr(rec, mapping.titles, title_text(r.title, title_re, rec, interp))
        levels.give(rec)
        if r.title and not rec.disclosure_type:
            rec.disclosure_type = interp.title_disclosure_type(r.title)
        drop_empty_inheritance(rec)
        if not rec.name:
            warn(r.first_line, "row has no item name; skipped")
            continue
        records.append(rec)
        if raw.get("stage", "").strip() and not rec.stage:
            stageless.append((rec, interp.strip_markers(interp.text(raw["stage"]))[0]))
        prev_raw, prev, above = raw, rec, raw
    clashing_codes(records, levels.given_codes, warn)
    # a 五公开 cell naming no stage (全过程) is kept as text, unless it names a category of the catalogue (a
    # section's name printed in that column, or a merged first level's text printed on another row)
    sections = {label for rec in records for label in rec.category + [rec.subcategory]}
    col = next((c for c in mapping.columns if c.role == "stage" and c.tick is None), None)
    for rec, text in stageless if col else ():
        if text and text not in sections and not nothing(text):
            rec.extra.append((col.label or (col.headers[0] if col.headers else ""), text))
    # a table whose first items have no first level while the items after them have one: the rest of a merge
    # cut by a page split (page 2 of a catalogue saved page by page); nothing above to take it from: say so
    if mapping.has_role("category"):
        for n, rec in enumerate(records):
            if rec.category or (n and records[n - 1].table == rec.table):
                continue
            lacking = 0
            while n + lacking < len(records) and records[n + lacking].table == rec.table \
                    and not records[n + lacking].category:
                lacking += 1
            if n + lacking < len(records) and records[n + lacking].table == rec.table:
                warn(rec.first_line, f"the table's first {lacking} item(s) have no first-level category, the items "
                                     "after them have one: a merged cell cut off above (the table may go on from "
                                     "another page or file); give it with `overrides` if it is known", rec.table)
    for role in unticked_roles(interp, records):
        heads = [col.tick for col in mapping.columns if col.role == role and col.tick is not None]
        warn(records[0].first_line, f"the tick columns of {role.replace('_', ' ')} ({', '.join(heads)}) tick no "
                                    f"option in any of the {len(records)} items: if the file shows ticks there, "
                                    "they are drawn in a way zwgk does not read (an image of an unknown name, a "
                                    "picture font): check them, or map the columns otherwise", records[0].table)
    cited, unresolved = resolve_short_titles([r.legal_basis for r in records])
    for rec, citations in zip(records, cited):
        rec.legal_basis = list(citations)
    by_title: dict[str, list[int]] = {}
    might: dict[str, tuple[str, ...]] = {}
    for n, title, instruments in unresolved:
        by_title.setdefault(title, []).append(n)
        might[title] = instruments
    for title, where in by_title.items():    # once per title, at its first item
        first = records[where[0]]
        cites = (f"cites several it could stand for ({', '.join(might[title])})" if might[title] else
                 "cites none it could stand for")
        warn(first.first_line, f"legal basis '《{title}》' names no instrument by itself and the catalogue {cites} "
                               f"({len(where)} item(s)); kept as written", first.table)
    assign_keys(records, mapping)
    return records, warnings


def unticked_roles(interp: Interpreter, records: list[Record]) -> list[str]:
    """The roles read from tick columns of which no row ticks any (主动 and 依申请 both blank in every row: the
    ticks are there, in a form the reader did not see), in a catalogue of three items or more."""
    if len(records) < 3:
        return []
    return sorted(interp.ticked - interp.ticks_seen)


def title_text(title: str, pattern: MappingPattern | None, rec: Record, interp: Interpreter) -> str:
    """What of a table's title the mapping keeps (`titles.pattern`'s first group, else the whole title);
    empty, with a warning, when the pattern does not match."""
    return title_and_code(title, pattern, rec, interp)[0]


def title_and_code(title: str, pattern: MappingPattern | None, rec: Record,
                   interp: Interpreter) -> tuple[str, str]:
    """title_text, and the code its pattern's group named `code` finds ("" without one)."""
    code = ""
    if pattern is not None:
        m = pattern.search(title)
        if not m or not whole_code(m):
            interp.warn(rec.first_line, f"table title '{title[:60]}' does not match titles.pattern; not a "
                                        f"{interp.m.titles.replace('_', ' ')}")
            return "", ""
        title, code = heading_words(m), heading_code(m)
    return interp.strip_markers(interp.text(title))[0], code


# A heading's code (`code` group of a titles pattern): 2.1 of 2.1 最低生活保障, kept as its category's code. Its
# depth is its number of dotted parts: a pattern meant for codes of two parts (\d+\.\d+) finds 1.1 in 1.1.1 too, so a
# code the text goes on (a dot and a digit, or a digit, right after it, or right before it) is no code of that level.
_CODE_GOES_ON_AFTER = re.compile(r"[.．]?\d")
_CODE_GOES_ON_BEFORE = re.compile(r"[\d.．]$")


def whole_code(m) -> bool:
    """The match's `code` group, if it has one, is a whole code (not the start or end of a longer one)."""
    if "code" not in m.re.groupindex or m.group("code") is None:
        return True
    start, end = m.span("code")
    return not _CODE_GOES_ON_AFTER.match(m.string, end) and not _CODE_GOES_ON_BEFORE.search(m.string[:start])


def heading_code(m) -> str:
    """The code a heading's match found (its group named `code`), its closing dot left out; "" without one."""
    code = m.group("code") if "code" in m.re.groupindex else None
    return unicodedata.normalize("NFKC", code).strip().rstrip(".、 ") if code else ""


def heading_words(m) -> str:
    """The words a heading's match keeps: its first group other than `code`, else the whole match."""
    skip = m.re.groupindex.get("code")
    group = next((i for i in range(1, len(m.groups()) + 1) if i != skip), None)
    return (m.group(group) or "") if group is not None else m.group(0)


class HeadingLevels:
    """`titles:` given as levels, outer first: the heading of each level in force over the row being read. A line
    that may be a heading (above a table, a row across it: RawRow.headings) sets the first level whose pattern
    it matches (its first group, else the match; its group named `code`, a whole code, the category's code) and
    clears the levels after it, inner ones; a line no level matches changes nothing. With `titles` given as one
    rule there are no levels: nothing is read or given."""

    def __init__(self, mapping: Mapping, interp: Interpreter, where: Callable[[], str]):
        self.levels, self.interp = mapping.title_levels, interp
        self.patterns = [MappingPattern(mapping, level.what, level.pattern, where) for level in self.levels]
        self.current = [""] * len(self.levels)
        self.codes = [""] * len(self.levels)
        self.given_codes: set[str] = set()      # the codes headings gave categories (`clashing_codes`)

    @property
    def state(self) -> tuple[str, ...]:
        return tuple(self.current) + tuple(self.codes)

    def read(self, headings: tuple[str, ...]) -> None:
        for line in headings:
            for k, pattern in enumerate(self.patterns):
                m = pattern.search(line)
                if m and whole_code(m):
                    self.set(k, heading_words(m) or "", heading_code(m))
                    break

    def set(self, k: int, text: str, code: str = "") -> None:
        """Level k is now `text` (coded `code`); the levels inside it are cleared."""
        inner = [""] * (len(self.levels) - k - 1)
        self.current[k:] = [self.interp.strip_markers(self.interp.text(text))[0]] + inner
        self.codes[k:] = [code if self.levels[k].role == "category" else ""] + inner

    def give(self, rec: Record) -> None:
        """The levels in force to the item: category levels before its own category path (unless it took that
        path from the item above, which has them), the subject or office to an item naming none."""
        given = [(level.role, text, code) for level, text, code in zip(self.levels, self.current, self.codes)
                 if text]
        given = self.under_its_code(rec, given)
        path = [(text, code) for role, text, code in given if role == "category"]
        if path and "category" not in rec.inherited:
            rec.category = [text for text, _ in path] + rec.category
            rec.category_codes = [code for _, code in path] + rec.category_codes
            self.given_codes.update(code for _, code in path if code)
        for role, text, _ in given:
            if role in ("subject", "responsible_unit") and not getattr(rec, role):
                setattr(rec, role, text)


    @staticmethod
    def under_its_code(rec: Record, given: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """The levels in force that an item coded in the headings' codes is under: 2.2 临时救助 after 2 社会救助 and
        2.1 最低生活保障 is under 社会救助, not 最低生活保障 (a heading's code says which items are its: those whose
        code goes on from it). Items numbered otherwise (1, 2 …; 1.1 afresh under 2) take every level in force."""
        seq = unicodedata.normalize("NFKC", rec.seq or "").strip().rstrip(".、 ")
        coded = [code for role, _, code in given if role == "category" and code]
        if not coded or not re.fullmatch(r"\d+(?:\.\d+)+", seq) or not seq.startswith(coded[0] + "."):
            return given
        for k, (role, _, code) in enumerate(given):
            if role == "category" and code and not seq.startswith(code + "."):
                return given[:k]
        return given


def clashing_codes(records: list[Record], codes: set[str], warn) -> None:
    """Codes headings gave (1.1 of 1.1 行政许可) name one category each, as its key: numbered afresh under each
    body or table, one code may head several (1 行政权力 under one body, 1 公共服务 under the next). Such a code
    is left out of those categories (each then keyed by its path of names), said once."""
    paths: dict[str, dict[tuple[str, ...], Record]] = {}
    for rec in records:
        for level, code in enumerate(rec.category_codes):
            if code in codes:
                paths.setdefault(code, {}).setdefault(tuple(rec.category[:level + 1]), rec)
    for code, where in paths.items():
        if len(where) < 2:
            continue
        first = next(iter(where.values()))
        warn(first.first_line, f"the heading code '{code}' stands for {len(where)} categories ("
             + ", ".join(" › ".join(p) for p in list(where)[:3]) + "): kept by their names, without the code")
        for rec in records:
            rec.category_codes = ["" if c == code else c for c in rec.category_codes]


def add_title_level(rec: Record, title: str, pattern: MappingPattern | None, interp: Interpreter) -> set[str]:
    """The table's title as the first level of the item's category path (`titles: category`), coded by its
    pattern's group named `code`, if any; the code given (none: an empty set)."""
    label, code = title_and_code(title, pattern, rec, interp)
    if label:     # (a first level named as the domain is a level of its own: 社会救助领域 › 社会救助, as printed)
        rec.category, rec.category_codes = [label] + rec.category, [code] + rec.category_codes
    return {code} if label and code else set()


#: roles whose "—" or "/" is read where they are (a name, a level: records.NO_LEVEL; 公开依据: legal)
_OWN_TEXT = ("seq", "code", "name", "category", "subcategory", "legal_basis", "__merged__")


def _wraps_onto(tail: str, head: str, known, wraps: bool) -> bool:
    """Whether the last entry of a line (`tail`) and the first of the next (`head`) are one entry broken by the
    line's end: together a label; or, in a print's narrow column (`wraps`), with the tail no label of its own,
    the head none either, or the head a label the tail says whose it is (湖南省人民政府 / 门户网站) or begins
    (政务微博政务 / 微信)."""
    if known(tail + head):
        return True
    if not wraps or known(tail):
        return False
    return not known(head) or bool(_OWNER_END.search(tail)) or \
        any(known(tail[-k:] + head) for k in range(1, min(len(tail), 4) + 1))


#: the end of a body's or a place's name: words wrapped before a label in a narrow column that say whose it is
_OWNER_END = re.compile("(?:" + endings("government", "regions", "places") + ")$")
#: a list entry that is a label and a remark on it, in brackets or quotes: 主动公开（全文）, 微信公众号“莫干山发布”
_REMARK = re.compile(r"(.+?)\s*(?:[（(]([^（）()]+)[）)]|[“\"「『]([^”\"」』]+)[”\"」』])")
#: words in a tick cell beside its mark (√（涉及个人隐私的除外）): a remark on the tick; a cell that is only a tick
#: word (是 / 否 / 有 / Y / N, a drop-down's values) has none
_TICK_REMARK = re.compile(r"^(?!\s*(?:是|否|有|无|[YyNn]|YES|Yes|NO|No)\s*$).*[\u4e00-\u9fffA-Za-z0-9]", re.S)


def disclosure_types_named(codes: CodeLists, title: str) -> list[str]:
    """The disclosure types a title names (主动公开, 依申请公开: labels of four characters at least, within it)."""
    key = C.compact(unicodedata.normalize("NFKC", title))
    return sorted({iri for label, iri in codes.labels.get("disclosure-type", {}).items() if len(label) >= 4 and label in key})


def nothing(text: str) -> bool:
    """A cell saying there is nothing: /, —, 无, 暂无, 不涉及 (a tick mark is something)."""
    return bool(text.strip()) and C.PLACEHOLDER.match(text) is not None and not C.TICK.search(text)


#: what parts the cells of a role's columns in a row's raw values (`Interpreter.record`)
PARTS = "\x1e"
#: a cell saying "the same as the row above" (同上, 同上。, 〃): its value is the cell above's
_SAME_AS_ABOVE = re.compile(r"\s*(?:同\s*上|〃|仝上|见上|同前)\s*[。.]?\s*")
#: roles whose cell is the row's own (a 同上 there is no value of the row above)
_OWN_ROLES = ("seq", "name", "code")


def same_as_above(rec: Record, raw: dict[str, str], prev_raw: dict[str, str], alone) -> set[str]:
    """Cells saying 同上 (the same as above) take the raw value of the row above, marked inherited, whatever the
    mapping's `inherit`; the roles so taken. `alone(role)` is told of one with no row above."""
    out = set()
    for role, text in raw.items():
        if role.startswith("__") or role in _OWN_ROLES:
            continue
        if PARTS in text:       # a role's columns: each 同上 takes the cell above it
            parts, above = text.split(PARTS), prev_raw.get(role, "").split(PARTS)
            same = [j for j, t in enumerate(parts) if _SAME_AS_ABOVE.fullmatch(t)]
            if not same:
                continue
            if len(above) != len(parts):
                alone(role)
                continue
            raw[role] = PARTS.join(above[j] if j in same else t for j, t in enumerate(parts))
        elif not _SAME_AS_ABOVE.fullmatch(text):
            continue
        elif role in prev_raw:
            raw[role] = prev_raw[role]
        else:
            alone(role)
            continue
        rec.inherited.add(role)
        out.add(role)
    return out


def inherit_raw(rec: Record, raw: dict[str, str], prev_raw: dict[str, str], mapping: Mapping,
                own_category: tuple[str, str]) -> None:
    """Blank cells take the raw value of the row above where the mapping says so."""
    same_category = not own_category[0] and not own_category[1]  # no first-level cell of its own
    for role, scope in mapping.inherit.items():
        if role in ("category", "name") or raw.get(role, "").strip():
            continue
        if role not in prev_raw or not mapping.has_role(role):
            continue
        if scope == "category" and not same_category:
            continue
        raw[role] = prev_raw[role]
        rec.inherited.add(role)


def resolve_name_and_category(rec: Record, raw: dict[str, str], own_category: tuple[str, str],
                              prev: Record | None, interp: Interpreter, from_above: bool = True) -> None:
    """Decide the item's category path, name and code.

    Category, first rule that applies: the parent of the item's code (when the mapping gives a code
    hierarchy and that parent is a category of this catalogue); the row's own category cell; a stage
    cell that is not a stage (the mapping's `stage.not_a_stage: category`); the row above.
    """
    m = interp.m
    label, code, markers = own_category
    if rec.name in NO_LEVEL and not m.has_role("subcategory"):
        rec.name = ""         # a name printed "—" or "/" names nothing: as a blank one (`names.when_blank`)
    if not rec.name and m.name_when_blank in ("category-or-inherit",) and (label or code):
        rec.name, rec.code, rec.markers = label, rec.code or code, markers  # the first-level entry is the item
    elif not rec.name and m.name_when_blank in ("inherit", "category-or-inherit") and prev is not None:
        rec.name, rec.code, rec.markers = prev.name, rec.code or prev.code, prev.markers
        rec.inherited.add("name")
    category, category_code = label, code
    if m.code_parent and rec.code:
        prefix, suffix = m.code_parent
        parent = rec.code[:prefix] + suffix
        if parent in interp.category_of_code:
            if category_code and category_code != parent:
                interp.warn(rec.first_line, f"category cell '{label}' ({category_code}) does not match the "
                                            f"item code {rec.code}; category taken from the code ({parent})")
            category, category_code = interp.category_of_code[parent], parent
    if not category and m.stage_spill_to_category and raw.get("stage", "").strip() and not rec.stage:
        category = interp.strip_markers(interp.text(raw["stage"]))[0]
        if "stage" in rec.inherited:  # the spilled section name came from the merged cell above
            rec.inherited.add("category")
    if not category and prev is not None and from_above:
        rec.category, rec.category_codes = list(prev.category), list(prev.category_codes)
        rec.inherited.add("category")
        if prev.subcategory:     # the level below is the row's own (or inherited below)
            rec.category, rec.category_codes = rec.category[:-1], rec.category_codes[:-1]
    elif category:
        rec.category, rec.category_codes = [category], [category_code]
    if m.has_role("subcategory"):
        resolve_subcategory(rec, raw, prev, interp)


#: a subcategory cell saying "no level here"
NO_LEVEL = {"—", "——", "-", "－", "/", "／", "无", "/ ", "—/"}


def resolve_subcategory(rec: Record, raw: dict[str, str], prev: Record | None, interp: Interpreter) -> None:
    """The second level of the category path (二级事项 above a 三级事项 name). A blank cell merged with
    the one above (or, in a text extraction, blank under the same first level) is the level above's;
    '—', '/', '无' mean the item has no such level."""
    text = raw.get("subcategory", "")
    label, code = interp.split_code(text) if text.strip() else ("", "")
    label = interp.strip_markers(label)[0]
    if label in NO_LEVEL:
        if rec.name in NO_LEVEL and rec.category:
            # 税费统计 | — | —: no second or third level, the first level names the item (which stays in it)
            rec.name, rec.code = rec.category[-1], rec.code or (rec.category_codes[-1] if rec.category_codes else "")
        return
    merged = "subcategory" in raw.get("__merged__", "")
    # (the first level inherited, or the same as above with no first-level cell of its own, or in a merge:
    # taken from the item code's parent)
    same = rec.category[:1] == prev.category[:1] if prev is not None else False
    if not label and prev is not None and prev.subcategory and (
            "category" in rec.inherited or same and (merged or not raw.get("category", "").strip())):
        if merged or not interp.m.merges_real:
            label, code = prev.subcategory, prev.category_codes[-1] if prev.category_codes else ""
            rec.inherited.add("subcategory")
    if label and rec.name in NO_LEVEL:     # 三级事项 printed "—": the second level is the item itself
        rec.name, rec.code = label, rec.code or code
    elif label:
        rec.subcategory = label
        rec.category, rec.category_codes = rec.category + [label], rec.category_codes + [code]


def drop_empty_inheritance(rec: Record) -> None:
    """An inherited cell that yields no value (a section name in the 过程 column) is no inheritance."""
    for role in list(rec.inherited):
        value = getattr(rec, role, None)
        if not value:
            rec.inherited.discard(role)


def assign_keys(records: list[Record], mapping: Mapping) -> None:
    """The natural key of each item in its catalogue: seq, code or name as the mapping says.

    Keys are told apart as the IRI path segments they become (`uris.segment`: 行政许可/备案结果 and 行政许可-备案结果
    are one segment, so one IRI). Names repeated inside a catalogue are qualified with as many levels of their
    category as tell them apart (城乡规划-办事指南, or 城乡规划-办事服务-办事指南 where 城乡规划 has several: a row
    added under one category leaves the others' keys as they were); what still collides gets a numeric suffix
    in row order.
    """
    from collections import Counter, defaultdict

    from ..uris import segment

    def base_key(r: Record) -> str:
        return {"seq": r.seq, "code": r.code}.get(mapping.item_key) or r.name

    def qualified(r: Record, k: str, depth: int) -> str:
        return "-".join([*r.category[:depth], k])

    keys = [base_key(r) for r in records]
    groups: dict[str, list[int]] = defaultdict(list)    # one pass: keys.count(k) per row was quadratic in the rows
    for n, k in enumerate(keys):
        groups[segment(k)].append(n)
    for members in groups.values():
        if len(members) == 1:
            records[members[0]].key = keys[members[0]]
            continue
        open_ = list(members)
        for n in members:
            records[n].key = keys[n]
        for depth in range(1, max(len(records[n].category) for n in members) + 1):
            tried = {n: qualified(records[n], keys[n], depth) for n in members}
            counts = Counter(segment(t) for t in tried.values())
            for n in open_:
                if depth <= len(records[n].category):
                    records[n].key = tried[n]
            open_ = [n for n in open_ if counts[segment(tried[n])] > 1]
            if not open_:
                break
    seen: Counter = Counter()
    for r in records:
        seen[segment(r.key)] += 1
        if seen[segment(r.key)] > 1:
            r.key = f"{r.key}-{seen[segment(r.key)]}"
