"""Mapping files: one YAML file per catalogue says which reader to use and what every column means.

`load_mapping(path)` parses and checks a mapping file and returns a `Mapping`; every problem is a
`MappingError` naming the file and line. The accepted keys are documented in mappings/README.md and
in the example mapping files next to this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .readers import READERS, STRUCTURED

#: what a column can mean. Value roles hold text; list roles hold several values.
ROLES = {
    "seq": "序号",
    "code": "事项编码",
    "category": "事项类别 (first level)",
    "subcategory": "事项类别 (second level)",
    "name": "事项名称",
    "content": "公开内容",
    "spec": "内容规范",
    "legal_basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "responsible_unit": "责任科室（单位）",
    "channels": "公开渠道",
    "methods": "公开方式 (全文发布 …)",
    "disclosure_type": "公开属性 (主动/依申请)",
    "audience": "公开对象",
    "stage": "五公开 / 过程",
    "phones": "咨询电话",
    "ignore": "a column zwgk does not read",
}
#: roles whose cells name concepts of a code list (check boxes, ticks or plain labels)
CONCEPT_ROLES = ("channels", "methods", "disclosure_type", "audience", "stage")
INHERIT_SCOPES = ("always", "category")
CHECKBOX_CONVENTIONS = ("html", "glyphs", "lost-glyph")
NAME_WHEN_BLANK = ("keep", "inherit", "category-or-inherit")
#: catalogue metadata the `preamble` key can read from the text before the table
PREAMBLE_FIELDS = ("title", "description", "phone", "address", "email")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]*$")


class MappingError(Exception):
    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass
class Column:
    role: str
    headers: list[str]          # accepted header texts (aliases), compared without whitespace
    tick: str | None = None     # for a tick column: the concept label a tick selects
    line: int | None = None     # where the column is declared in the mapping file


@dataclass
class Override:
    line: int                   # a source line inside the row to correct
    cells: dict[str, str]       # role → replacement raw cell text
    reason: str
    mapping_line: int | None = None
    table: int | None = None    # in a document read from several tables: which one (None: any)


@dataclass
class Mapping:
    path: str
    catalogue_id: str
    source: str
    title: str | None
    description: str | None
    agency_id: str
    agency_name: str
    agency_region: str | None
    agency_aliases: list[str]
    phone_area_code: str | None
    reader: str
    header_rows: int
    columns: list[Column]
    checkboxes: str
    line_join: str
    inherit: dict[str, str]
    continuation_when_empty: list[str]
    realign: bool
    name_markers: str
    name_when_blank: str
    code_pattern: str | None
    code_parent: tuple[int, str] | None    # (prefix length, suffix) → parent code
    stage_spill_to_category: bool
    item_key: str
    overrides: list[Override] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # which tables (docx/html/pdf: numbers counted from 1; xlsx: sheet names or numbers); empty: every
    # table whose rows include the header
    tables: list[int | str] = field(default_factory=list)
    encoding: str | None = None            # text and web pages: the file's encoding (else detected)
    # what a table's title (caption, title row, the line before it) is to its items: None (nothing),
    # or "category": the first level of their category path; `titles_pattern`'s first group is kept
    titles: str | None = None
    titles_pattern: str | None = None
    preamble: dict[str, str] = field(default_factory=dict)   # metadata field → "first-line" or a regex

    @property
    def structured(self) -> bool:
        """Read from the original .docx/.xlsx: merges are real, so a blank cell is just blank."""
        return self.reader in STRUCTURED

    @property
    def ncols(self) -> int:
        return len(self.columns)

    def has_role(self, role: str) -> bool:
        return any(c.role == role for c in self.columns)


# libyaml's loader when PyYAML was built with it (10× faster on thousands of mapping files)
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """SafeLoader that remembers the line of every mapping node (as key '__line__')."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    d = loader.construct_mapping(node, deep=True)
    d["__line__"] = node.start_mark.line + 1
    return d


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_mapping(path: str | Path) -> Mapping:
    p = Path(path)
    try:
        raw = yaml.load(p.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        raise MappingError(p, None, "mapping file not found") from None
    except UnicodeDecodeError:
        raise MappingError(p, None, "mapping file is not UTF-8 text") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise MappingError(p, mark.line + 1 if mark else None, f"not valid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(raw, dict):
        raise MappingError(p, None, "a mapping file must be a YAML mapping (key: value)")
    return _Checker(p, raw).mapping()


class _Checker:
    """Turns the parsed YAML into a Mapping, failing with the file and line of the first problem."""

    KNOWN = {"catalogue", "agency", "reader", "header", "columns", "checkboxes", "text", "inherit",
             "continuation", "realign", "names", "codes", "stage", "item_key", "overrides", "notes",
             "table", "sheet", "tables", "encoding", "titles", "preamble"}

    def __init__(self, path: Path, raw: dict):
        self.path, self.raw = path, raw

    def fail(self, node, message: str):
        line = node.get("__line__") if isinstance(node, dict) else None
        raise MappingError(self.path, line, message)

    def section(self, name: str, required: bool = False) -> dict:
        v = self.raw.get(name)
        if v is None:
            if required:
                self.fail(self.raw, f"missing required section '{name}'")
            return {"__line__": self.raw.get("__line__")}
        if not isinstance(v, dict):
            self.fail(self.raw, f"'{name}' must be a mapping")
        return v

    def text(self, node: dict, key: str, required: bool = True) -> str | None:
        v = node.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.fail(node, f"missing required key '{key}'")
            return None
        if not isinstance(v, (str, int)):
            self.fail(node, f"'{key}' must be text")
        return str(v)

    def mapping(self) -> Mapping:
        unknown = sorted(k for k in self.raw if k not in self.KNOWN and k != "__line__")
        if unknown:
            self.fail(self.raw, f"unknown key(s) {unknown}; known keys: {sorted(self.KNOWN)}")
        cat, ag = self.section("catalogue", True), self.section("agency", True)
        cat_id, ag_id = self.text(cat, "id"), self.text(ag, "id")
        for what, slug, node in (("catalogue.id", cat_id, cat), ("agency.id", ag_id, ag)):
            if not _SLUG.match(slug):
                self.fail(node, f"{what} '{slug}' must be lower-case ASCII letters, digits and '-'")
        reader = self.text(self.raw, "reader")
        if reader not in READERS:
            self.fail(self.raw, f"unknown reader '{reader}'; known readers: {sorted(READERS)}")
        header = self.section("header")
        header_rows = header.get("rows", 1)
        if not isinstance(header_rows, int) or header_rows < 1:
            self.fail(header, "header.rows must be a positive integer")
        columns = self.columns()
        checkboxes = self.raw.get("checkboxes", "glyphs")
        if checkboxes not in CHECKBOX_CONVENTIONS:
            self.fail(self.raw, f"checkboxes must be one of {CHECKBOX_CONVENTIONS}, not '{checkboxes}'")
        text = self.section("text")
        line_join = text.get("line_join", "")
        inherit = self.inherit(reader in STRUCTURED)
        tables = self.tables(reader)
        encoding = self.encoding(reader)
        titles, titles_pattern = self.titles()
        cont = self.section("continuation")
        roles = {c.role for c in columns}
        when_empty = cont.get("when_empty", [r for r in ("category", "name") if r in roles])
        for r in when_empty if isinstance(when_empty, list) else [None]:
            if r not in roles:
                self.fail(cont, f"continuation.when_empty names '{r}', which is not a column role of this mapping")
        names = self.section("names")
        when_blank = names.get("when_blank", "keep")
        if when_blank not in NAME_WHEN_BLANK:
            self.fail(names, f"names.when_blank must be one of {NAME_WHEN_BLANK}")
        codes = self.section("codes")
        code_pattern = codes.get("pattern")
        if code_pattern is not None:
            try:
                re.compile(str(code_pattern))
            except re.error as e:
                self.fail(codes, f"codes.pattern is not a valid regular expression: {e}")
        parent = codes.get("parent")
        code_parent = None
        if parent is not None:
            if not (isinstance(parent, dict) and isinstance(parent.get("prefix"), int)):
                self.fail(codes, "codes.parent must be {prefix: N, suffix: '0000'}")
            code_parent = (parent["prefix"], str(parent.get("suffix", "")))
        stage = self.section("stage")
        item_key = self.raw.get("item_key", "name")
        if item_key not in ("name", "seq", "code"):
            self.fail(self.raw, "item_key must be one of name, seq, code")
        if item_key != "name" and item_key not in roles and not (item_key == "code" and code_pattern):
            self.fail(self.raw, f"item_key '{item_key}' needs a '{item_key}' column")
        notes = self.raw.get("notes") or []
        return Mapping(
            path=str(self.path), catalogue_id=cat_id, source=self.text(cat, "source"),
            title=self.text(cat, "title", False), description=self.text(cat, "description", False),
            agency_id=ag_id, agency_name=self.text(ag, "name"), agency_region=self.text(ag, "region", False),
            agency_aliases=[str(a) for a in ag.get("aliases") or []],
            phone_area_code=self.text(ag, "phone_area_code", False),
            reader=reader, header_rows=header_rows, columns=columns, checkboxes=checkboxes,
            line_join=str(line_join), inherit=inherit, continuation_when_empty=list(when_empty),
            realign=bool(self.raw.get("realign", False)), name_markers=str(names.get("markers", "")),
            name_when_blank=when_blank, code_pattern=str(code_pattern) if code_pattern else None,
            code_parent=code_parent, stage_spill_to_category=stage.get("not_a_stage") == "category",
            item_key=item_key, overrides=self.overrides(roles),
            notes=[str(n) for n in notes] if isinstance(notes, list) else [str(notes)],
            tables=tables, encoding=encoding, titles=titles, titles_pattern=titles_pattern,
            preamble=self.preamble(),
        )

    def tables(self, reader: str) -> list[int | str]:
        """`table: N` (docx, html, pdf) / `sheet: name-or-N` (xlsx) name one table; `tables: [...]` several."""
        table, sheet, many = self.raw.get("table"), self.raw.get("sheet"), self.raw.get("tables")
        if table is not None and reader == "xlsx":
            self.fail(self.raw, "'table' applies to reader docx, html or pdf (this mapping's reader is xlsx); "
                                "an xlsx catalogue names its 'sheet'")
        if table is not None and reader not in STRUCTURED:
            self.fail(self.raw, f"'table' applies to reader docx, html or pdf (this mapping's reader is {reader})")
        if sheet is not None and reader != "xlsx":
            self.fail(self.raw, f"'sheet' applies to reader xlsx (this mapping's reader is {reader}); "
                                "a docx catalogue names its 'table'")
        if many is not None and reader not in STRUCTURED:
            self.fail(self.raw, f"'tables' applies to readers {list(STRUCTURED)} (this mapping's reader is {reader})")
        given = [k for k in ("table", "sheet", "tables") if self.raw.get(k) is not None]
        if len(given) > 1:
            self.fail(self.raw, f"give one of 'table', 'sheet' and 'tables', not {given}")
        if table is not None and (isinstance(table, bool) or not isinstance(table, int) or table < 1):
            self.fail(self.raw, f"table must be a table number counted from 1, not {table!r}")
        if sheet is not None and not self._sheet_ok(sheet):
            self.fail(self.raw, f"sheet must be a sheet name or a sheet number counted from 1, not {sheet!r}")
        if many is None:
            return [table] if table is not None else [sheet] if sheet is not None else []
        if many == "all":
            return []
        if not isinstance(many, list) or not many:
            self.fail(self.raw, "tables must be 'all' or a list of table numbers counted from 1"
                                + (" or sheet names" if reader == "xlsx" else ""))
        for t in many:
            ok = self._sheet_ok(t) if reader == "xlsx" else (isinstance(t, int) and not isinstance(t, bool) and t >= 1)
            if not ok:
                self.fail(self.raw, f"tables: {t!r} is not a table number counted from 1"
                                    + (" or a sheet name" if reader == "xlsx" else ""))
        return list(many)

    @staticmethod
    def _sheet_ok(sheet) -> bool:
        return not isinstance(sheet, bool) and (isinstance(sheet, int) and sheet >= 1
                                                or isinstance(sheet, str) and bool(sheet.strip()))

    def encoding(self, reader: str) -> str | None:
        enc = self.raw.get("encoding")
        if enc is None:
            return None
        if reader not in ("tsv", "cell-per-line", "html"):
            self.fail(self.raw, f"'encoding' applies to text and web pages (this mapping's reader is {reader})")
        from .readers.base import is_text_encoding
        if not is_text_encoding(str(enc)):
            self.fail(self.raw, f"unknown encoding '{enc}' (e.g. utf-8, gb18030, gbk, utf-16)")
        return str(enc)

    def titles(self) -> tuple[str | None, str | None]:
        """`titles: category` or `titles: {role: category, pattern: '(.+?)领域'}`: a table's title is the
        first level of its items' category path (a pattern's first group, else the whole title)."""
        node = self.raw.get("titles")
        if node is None or node == "ignore":
            return None, None
        if isinstance(node, str):
            node = {"role": node}
        if not isinstance(node, dict):
            self.fail(self.raw, "titles must be 'category', 'ignore' or {role: category, pattern: regex}")
        role = node.get("role")
        if role not in ("category", "ignore"):
            self.fail(node, f"titles.role must be 'category' or 'ignore', not {role!r}")
        pattern = node.get("pattern")
        if pattern is not None:
            try:
                re.compile(str(pattern))
            except re.error as e:
                self.fail(node, f"titles.pattern is not a valid regular expression: {e}")
        unknown = sorted(k for k in node if k not in ("role", "pattern", "__line__"))
        if unknown:
            self.fail(node, f"titles: unknown key(s) {unknown}; known: role, pattern")
        return (None if role == "ignore" else role), (str(pattern) if pattern is not None else None)

    def preamble(self) -> dict[str, str]:
        """`preamble: {title: first-line, phone: '电话[:：]\\s*([\\d-]+)'}`: metadata read from the text
        before the table; a regex's first group (else its whole match) is the value."""
        node = self.raw.get("preamble") or {}
        if not isinstance(node, dict):
            self.fail(self.raw, "'preamble' must map a metadata field to 'first-line' or a regular expression")
        out = {}
        for key, rule in node.items():
            if key == "__line__":
                continue
            if key not in PREAMBLE_FIELDS:
                self.fail(node, f"preamble: unknown field '{key}'; known fields: {list(PREAMBLE_FIELDS)}")
            if not isinstance(rule, str) or not rule.strip():
                self.fail(node, f"preamble.{key} must be 'first-line' or a regular expression")
            if rule != "first-line":
                try:
                    re.compile(rule)
                except re.error as e:
                    self.fail(node, f"preamble.{key} is not a valid regular expression: {e}")
            out[key] = rule
        return out

    def columns(self) -> list[Column]:
        cols = self.raw.get("columns")
        if not isinstance(cols, list) or not cols:
            self.fail(self.raw, "'columns' must be a non-empty list, one entry per table column, left to right")
        out = []
        for i, c in enumerate(cols, 1):
            if isinstance(c, str):
                c = {"role": c}
            if not isinstance(c, dict):
                self.fail(self.raw, f"column {i} must be a role name or a mapping with 'role'")
            role = c.get("role")
            if role not in ROLES:
                self.fail(c, f"column {i}: unknown role '{role}'; known roles: {sorted(ROLES)}")
            headers = c.get("header") or []
            headers = [headers] if isinstance(headers, str) else [str(h) for h in headers]
            tick = c.get("tick")
            if tick is not None and role not in CONCEPT_ROLES:
                self.fail(c, f"column {i}: 'tick' only applies to {CONCEPT_ROLES}")
            out.append(Column(role, headers, str(tick) if tick is not None else None, c.get("__line__")))
        single = [c.role for c in out if c.role not in CONCEPT_ROLES and c.role != "ignore"]
        dupes = sorted({r for r in single if single.count(r) > 1})
        if dupes:
            self.fail(self.raw, f"roles {dupes} are given to more than one column")
        if "name" not in {c.role for c in out}:
            self.fail(self.raw, "no column has the role 'name' (事项名称)")
        return out

    def inherit(self, structured: bool = False) -> dict[str, str]:
        node = self.raw.get("inherit") or {}
        if not isinstance(node, dict):
            self.fail(self.raw, "'inherit' must map a role to 'always' or 'category'")
        # In a text extraction blank first level and 过程 cells are merged cells that lost their merge:
        # they always inherit. A .docx/.xlsx has its merges, so there a blank cell stays blank unless
        # the mapping says otherwise.
        scopes = {} if structured else {"category": "always", "stage": "always"}
        for role, scope in node.items():
            if role == "__line__":
                continue
            if role not in ROLES:
                self.fail(node, f"inherit: unknown role '{role}'")
            if scope not in INHERIT_SCOPES + ("never",):
                self.fail(node, f"inherit.{role} must be one of always, category, never")
            scopes[role] = scope
        return {r: s for r, s in scopes.items() if s != "never"}

    def overrides(self, roles: set[str]) -> list[Override]:
        out = []
        for o in self.raw.get("overrides") or []:
            if not isinstance(o, dict) or not isinstance(o.get("line"), int) or not isinstance(o.get("cells"), dict):
                self.fail(o if isinstance(o, dict) else self.raw, "an override needs 'line' (int) and 'cells' (role: text)")
            if not o.get("reason"):
                self.fail(o, "an override must give its 'reason'")
            cells = {k: ("" if v is None else str(v)) for k, v in o["cells"].items() if k != "__line__"}
            for k in cells:
                if k not in roles:
                    self.fail(o, f"override sets '{k}', which is not a column role of this mapping")
            table = o.get("table")
            if table is not None and (isinstance(table, bool) or not isinstance(table, int) or table < 1):
                self.fail(o, "an override's 'table' must be a table number counted from 1")
            unknown = sorted(k for k in o if k not in ("line", "cells", "reason", "table", "__line__"))
            if unknown:
                self.fail(o, f"override: unknown key(s) {unknown}; known: line, cells, reason, table")
            out.append(Override(o["line"], cells, str(o["reason"]), o.get("__line__"), table))
        return out
