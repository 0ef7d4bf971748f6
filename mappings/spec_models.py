"""The mapping file's format as pydantic models: what `load_mapping` checks a composed mapping file against.

pydantic does the checking: every key of every mapping (`extra="forbid"`: an unknown key is an error, with
the closest known key as a hint), every value's type, the allowed values (roles, readers, conventions …),
the defaults, and the semantic rules as field and model validators (ids, paths, URLs, dates, regular
expressions, what applies to which reader, roles given to one column only …). Its one error is turned
back into the file's words by `validate`: a `MappingError` naming the file and the line of the key at
fault, found by walking pydantic's error location (`loc`) down the composed YAML tree (`YMap.line_of`,
`YList.line_of`), and a message naming the key, in the words the mapping files' users have read so far.

Hand-written (mappings/spec.py), because pydantic cannot do it: composing the YAML (bounded size and
depth, no anchors, aliases, tags or duplicate keys, and the line of every key, for hostile files and for
messages), and the safety checks of regular expressions (`check_pattern`, `MappingPattern`'s timeouts).

Imported by `load_mapping` when it first reads a mapping file: importing pydantic and building the models
costs a process about 0.25 s once (measured: pydantic 120 ms, the classes 60 ms, the validator built at the
first file 65 ms), which `zwgk serve` and `query` need not pay; a file then takes about 0.3 ms more than the
hand-written checks took. This module imports mappings/spec.py, never the other way round.
"""
import re
import warnings
from collections import Counter
from typing import Annotated, Any, ClassVar, Literal, Optional, Union, get_args

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, StrictBool, StrictInt, Tag,
                      ValidationError, ValidationInfo, WrapValidator, field_validator, model_validator)
from pydantic.functional_validators import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from .readers import READERS, STRUCTURED, WORKBOOKS
from .readers.base import is_text_encoding
from .spec import (CHECKBOX_CONVENTIONS, CODE_PATTERN, CONCEPT_ROLES, INHERIT_SCOPES, MULTI_COLUMN_ROLES,
                   NAME_WHEN_BLANK, PREAMBLE_FIELDS, ROLE_ALIASES, ROLES, TITLE_ROLES, _ISO_DATE, _ORIGINAL_URL,
                   Column, Mapping, MappingError, Override, TitleLevel, YList, YMap, _real_day, check_pattern,
                   check_source, did_you_mean, id_problem)


# ---------------------------------------------------------------------------------------------------
# Problems: pydantic errors that carry the message as the mapping file's users read it
# ---------------------------------------------------------------------------------------------------

def problem(message: str, *at, prefix: str = "") -> PydanticCustomError:
    """The value being validated is wrong (or, with `at`, the key or item `at` inside it), said as `message`.
    `prefix` names the key before the message, from the error's place: "key" (catalogue.id is …), "quoted"
    ('catalogue.title' must be text), "in" (column 3: unknown role …) or "of" (titles level 1 needs …) its
    container, "missing" (catalogue: missing required key 'id')."""
    return PydanticCustomError("mapping", "{message}", {"message": message, "at": at, "prefix": prefix})


def says(message, prefix: str = "") -> WrapValidator:
    """A field whose type or range errors read as `message` (a text, or a function of the value given)."""
    def wrap(value, handler):
        try:
            return handler(value)
        except ValidationError:
            raise problem(message(value) if callable(message) else message, prefix=prefix) from None
    return WrapValidator(wrap)


def _is_int(v) -> bool:
    """An integer as YAML reads one (true and false are not 1 and 0 here)."""
    return isinstance(v, int) and not isinstance(v, bool)


def _text(value, required: bool) -> Optional[str]:
    """A text value (YAML may read 2024 as a number: it is the text 2024); blank is not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise problem("missing required key", prefix="missing")
        return None
    if not isinstance(value, str) and not _is_int(value):
        raise problem("must be text", prefix="quoted")
    return str(value)


#: a text that must be given (a number is read as its text; blank is missing)
Text = Annotated[str, BeforeValidator(lambda v: _text(v, True))]
#: a text that may be left out (blank: left out)
OptionalText = Annotated[Optional[str], BeforeValidator(lambda v: _text(v, False))]


def optional_text(*checks):
    """A text that may be left out (blank: left out), checked by the functions `checks` when given."""
    return Annotated[Optional[Annotated[(str, *map(AfterValidator, checks))]], BeforeValidator(lambda v: _text(v, False))]


def _regex_problem(pattern: str, used_as: Optional[str] = None) -> Optional[str]:
    """Why a mapping file's regular expression is refused (`used_as`: the whole expression it is searched as)."""
    why = check_pattern(pattern)
    if why:
        return why
    import regex    # imported when a mapping has a pattern (20 ms that `zwgk serve`/`query` need not pay)
    try:    # the shapes are checked by `re`'s parser; the catalogue is searched with `regex`
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            re.compile(used_as or pattern)
        regex.compile(used_as or pattern)
    except (re.error, regex.error) as e:
        return f"is not a valid regular expression: {e}"
    return None


def _checked_regex(pattern: str, used_as: Optional[str] = None) -> str:
    why = _regex_problem(pattern, used_as)
    if why:
        raise problem(why, prefix="key")
    return pattern


class Node(BaseModel):
    """A mapping of the file: every key is known (an unknown key is an error) and it keeps its YAML node."""
    # built when the first mapping file is validated, as part of MappingFile (not one validator per model)
    model_config = ConfigDict(extra="forbid", defer_build=True)
    #: what its keys are called in messages (preamble: fields)
    noun: ClassVar[str] = "key"
    _node: Any = PrivateAttr(None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_node(cls, data, handler):
        model = handler(data)
        if isinstance(data, YMap):
            model._node = data
        return model

    def line_of(self, key: str) -> Optional[int]:
        return self._node.line_of(key) if self._node is not None else None


def _absent():
    """A section left out is validated as given empty: its keys take their defaults."""
    return Field(default_factory=dict, validate_default=True)


class Section(Node):
    """A top-level section (header, text, names …): left out or given blank, every key takes its default."""

    @model_validator(mode="before")
    @classmethod
    def _blank_is_empty(cls, data):
        return {} if data is None else data


# ---------------------------------------------------------------------------------------------------
# catalogue and agency
# ---------------------------------------------------------------------------------------------------

def _required_section(data):
    if data is None:
        raise problem("missing required section", prefix="missing")
    return data


def _slug(value: str) -> str:
    why = id_problem(value)
    if why:
        raise problem(why, prefix="key")
    return value


def _source(source: str) -> str:
    why = check_source(source)
    if why:
        raise problem(f"catalogue.source '{source}' {why}")
    return source


def _original_url(url: str) -> str:
    """catalogue.url: the page or file where the agency publishes the catalogue (http or https)."""
    url = url.strip()
    if not _ORIGINAL_URL.fullmatch(url):
        raise problem(f"catalogue.url must be one http(s) URL without spaces or control characters, not {url[:80]!r}")
    import pyoxigraph as ox
    try:
        ox.NamedNode(url)           # it becomes an IRI (dcat:landingPage): RFC 3987 as the store reads it
    except ValueError as e:
        raise problem(f"catalogue.url {url[:80]!r} is not a valid IRI ({e}); percent-encode that character")
    return url


def _published(text: str) -> str:
    """catalogue.published: the date the agency published this version, ISO 8601 (2024-03-01, 2024-03, 2024)."""
    m = _ISO_DATE.fullmatch(text.strip())
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12) or (m.group(3) and not _real_day(text.strip())):
        raise problem(f"catalogue.published must be a date as 2024-03-01, 2024-03 or 2024, not {text!r}")
    return text.strip()


class Catalogue(Node):
    id: Annotated[Text, AfterValidator(_slug)]
    source: Annotated[Text, AfterValidator(_source)]
    title: OptionalText = None
    description: OptionalText = None
    url: optional_text(_original_url) = None
    published: optional_text(_published) = None
    version: OptionalText = None


def _aliases(aliases) -> list:
    if aliases is None:
        return []
    if not isinstance(aliases, list):
        raise problem("agency.aliases must be a list of names ([某某局, 某局]), not "
                      f"{'one text' if isinstance(aliases, str) else type(aliases).__name__}")
    for i, a in enumerate(aliases):
        if not (isinstance(a, str) or _is_int(a)) or not str(a).strip():
            raise problem(f"agency.aliases: item {i + 1} must be a name (text)", i)
    return [str(a) for a in aliases]


def _area_code(code) -> Optional[str]:
    if code is None:
        return None
    if _is_int(code) and code > 0:
        octal = f"{code:o}"     # unquoted 0531 is YAML's octal number 345
        raise problem(f"agency.phone_area_code must be quoted text: write \"0{octal}\" (unquoted, YAML reads "
                      f"0{octal} as the octal number {code})" if octal.isdigit() and len(octal) in (2, 3)
                      else f"agency.phone_area_code must be quoted text (\"0574\"), not {code!r}")
    if not isinstance(code, str):
        raise problem(f"agency.phone_area_code must be quoted text (\"0574\"), not {code!r}")
    if not re.fullmatch(r"0?[1-9][0-9]{1,2}", code, re.ASCII):
        raise problem(f"agency.phone_area_code '{code}' must be a Chinese area code such as \"0574\" or \"010\"")
    return code


class Agency(Node):
    id: Annotated[Text, AfterValidator(_slug)]
    name: Text
    region: OptionalText = None
    aliases: Annotated[list[str], BeforeValidator(_aliases)] = []
    phone_area_code: Annotated[Optional[str], BeforeValidator(_area_code)] = None


# ---------------------------------------------------------------------------------------------------
# columns
# ---------------------------------------------------------------------------------------------------

def _headers(headers) -> list[str]:
    headers = headers or []
    if isinstance(headers, str) or _is_int(headers):
        headers = [headers]
    if not isinstance(headers, list) or any(isinstance(h, (bool, list, dict)) or h is None for h in headers):
        raise problem("'header' must be a header text or a list of them", prefix="in")
    return [str(h) for h in headers]


class ColumnSpec(Node):
    """One column: `- name` (its role) or `- {role: name, header: [事项名称, 名称]}`."""
    role: Any = Field(None, validate_default=True)
    header: Annotated[list[str], BeforeValidator(_headers)] = []
    tick: Any = None
    label: Any = None

    @model_validator(mode="before")
    @classmethod
    def _role_alone(cls, data):
        if isinstance(data, str):
            return {"role": data}
        if not isinstance(data, dict):
            raise problem("must be a role name or a mapping with 'role'", prefix="key")
        return data

    @field_validator("role")
    @classmethod
    def _role(cls, role):
        if not isinstance(role, str) or role not in ROLES:
            raise problem(f"unknown role '{role}'{did_you_mean(role, ROLES)}; known roles: {sorted(ROLES)}",
                          prefix="in")
        return role

    @field_validator("tick")
    @classmethod
    def _tick(cls, tick, info: ValidationInfo):
        if tick is None or "role" not in info.data:
            return tick
        if info.data["role"] not in CONCEPT_ROLES:
            raise problem(f"'tick' only applies to {CONCEPT_ROLES}", prefix="in")
        if not isinstance(tick, str) and not _is_int(tick):
            raise problem("'tick' must be the label a tick selects (text)", prefix="in")
        return str(tick)

    @field_validator("label")
    @classmethod
    def _label(cls, label, info: ValidationInfo):
        if label is None or "role" not in info.data:
            return label
        if info.data["role"] != "extra":
            raise problem("'label' only applies to role extra", prefix="in")
        if isinstance(label, (bool, list, dict)) or not str(label).strip():
            raise problem("'label' must be the column's name (text)", prefix="in")
        return str(label)


def _columns(cols):
    if not isinstance(cols, list) or not cols:
        raise problem("'columns' must be a non-empty list, one entry per table column, left to right")
    return cols


# ---------------------------------------------------------------------------------------------------
# titles: one rule, or levels of headings
# ---------------------------------------------------------------------------------------------------

class _TitleRule(Node):
    #: how a wrong role is said: "key" (titles.role must be …) or "in" (titles level 2: role must be …)
    role_prefix: ClassVar[str] = "key"
    role: Any = Field(None, validate_default=True)

    @field_validator("role")
    @classmethod
    def _role(cls, role):
        if role not in (*TITLE_ROLES, "ignore"):
            named = "role " if cls.role_prefix == "in" else ""
            raise problem(f"{named}must be one of {', '.join(TITLE_ROLES)} or 'ignore', not {role!r}",
                          prefix=cls.role_prefix)
        return role


class TitlesRule(_TitleRule):
    """`titles: {role: category, pattern: '(.+?)领域'}`: a table's title gives its items' first category
    level (the pattern's first group, else the whole title), or their subject or office."""
    pattern: Annotated[Optional[str], says("must be a regular expression, quoted", "key"),
                       AfterValidator(lambda p: p if p is None else _checked_regex(p))] = None


def _level_pattern(pattern):
    if not isinstance(pattern, str) or not pattern.strip():
        raise problem("needs a pattern (quoted): the regular expression its headings match "
                      "('^[一二三四五六七八九十]+、(.+)$'); a line no level matches heads nothing", prefix="of")
    return _checked_regex(pattern)


class TitleLevelSpec(_TitleRule):
    """A level of headings (`titles:` as a list, outer first): the headings its pattern matches give its role."""
    role_prefix: ClassVar[str] = "in"
    pattern: Annotated[Any, AfterValidator(_level_pattern)] = Field(None, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, data):
        if not isinstance(data, dict):
            raise problem("must be {role: …, pattern: regex}", prefix="key")
        return data


def _levels(levels: list[TitleLevelSpec]) -> list[TitleLevelSpec]:
    """At most one level gives the subject and one the office."""
    if not levels:
        raise problem("titles: the list of levels is empty; give {role: …, pattern: regex} for each level "
                      "of headings, outer first")
    for i, level in enumerate(levels):
        twice = next((n for n, b in enumerate(levels[:i], 1) if b.role == level.role
                      and level.role in ("subject", "responsible_unit")), None)
        if twice is not None:
            raise problem(f"level {twice} already gives the {level.role.replace('_', ' ')}; a level of headings "
                          "inside it gives a category (role: category) or nothing (ignore)", i, "role",
                          prefix="in")
    return levels


def _title_role(role: str) -> str:
    if role != "ignore" and role not in TITLE_ROLES:
        raise problem(f"titles.role must be one of {', '.join(TITLE_ROLES)} or 'ignore', not {role!r}")
    return role


def _titles_form(value) -> Optional[str]:
    return ("<role>" if isinstance(value, str) else "<rule>" if isinstance(value, dict)
            else "<levels>" if isinstance(value, list) else "<none>" if value is None else None)


TitlesValue = Annotated[
    Union[Annotated[str, AfterValidator(_title_role), Tag("<role>")],
          Annotated[TitlesRule, Tag("<rule>")],
          Annotated[list[TitleLevelSpec], AfterValidator(_levels), Tag("<levels>")],
          Annotated[None, Tag("<none>")]],
    Discriminator(_titles_form, custom_error_type="mapping", custom_error_message="{message}",
                  custom_error_context={"message": "titles must be 'category', 'ignore', {role: category, pattern: "
                                                   "regex} or a list of levels ([{role: subject, pattern: regex}, "
                                                   "{role: category, pattern: regex}])"})]
#: the parts of an error's place that name a form of `titles`, not a key
_FORMS = {"<role>": None, "<rule>": TitlesRule, "<levels>": TitleLevelSpec, "<none>": None}


# ---------------------------------------------------------------------------------------------------
# the other sections
# ---------------------------------------------------------------------------------------------------

class Header(Section):
    rows: Annotated[StrictInt, Field(ge=1, le=100), says("header.rows must be a positive integer (at most 100)")] = 1


class TextSection(Section):
    line_join: Annotated[str, Field(strict=True),
                         says("text.line_join must be text (\"\", \" \", \"\\n\" …), quoted")] = ""


class Continuation(Section):
    #: the roles of the columns that, blank, make a row continue the one above (default: category and name)
    when_empty: Annotated[list[Any], says("continuation.when_empty must be a list of column roles")] = None


class Names(Section):
    markers: Annotated[str, Field(strict=True), says("names.markers must be text (the marks, e.g. \"★●◆\")")] = ""
    when_blank: Annotated[Literal[NAME_WHEN_BLANK], says(f"names.when_blank must be one of {NAME_WHEN_BLANK}")] = "keep"


class CodeParent(Node):
    """`codes.parent: {prefix: 4, suffix: '0000'}`: a code's parent is its first 4 characters and 0000."""
    prefix: StrictInt
    suffix: Annotated[str, BeforeValidator(lambda v: str(v) if _is_int(v) else v),
                      Field(strict=True), says("codes.parent.suffix must be text, quoted ('0000')")] = ""

    @model_validator(mode="before")
    @classmethod
    def _prefix(cls, data):
        prefix = data.get("prefix") if isinstance(data, dict) else None
        if not (_is_int(prefix) and prefix >= 0):
            raise problem("codes.parent must be {prefix: N, suffix: '0000'}")
        return data


class Codes(Section):
    # as the record builder searches it (inline flags such as (?i) must come first there)
    pattern: Annotated[Optional[str], says("codes.pattern must be a regular expression, quoted ('\\d{6}')"),
                       AfterValidator(lambda p: p if p is None else _checked_regex(p, CODE_PATTERN.format(p)))] = None
    parent: Optional[CodeParent] = None


class Stage(Section):
    not_a_stage: Annotated[Optional[Literal["category"]],
                           says(lambda v: f"stage.not_a_stage must be 'category', not {v!r}")] = None


def _preamble(data):
    if not data:
        return {}
    if not isinstance(data, dict):
        raise problem("'preamble' must map a metadata field to 'first-line' or a regular expression")
    return data


def _preamble_rule(rule):
    if not isinstance(rule, str) or not rule.strip():
        raise problem("must be 'first-line' or a regular expression", prefix="key")
    return rule if rule == "first-line" else _checked_regex(rule)


PreambleRule = Annotated[Any, AfterValidator(_preamble_rule)]


class Preamble(Node):
    """`preamble: {title: first-line, phone: '电话[:：]\\s*([\\d-]+)'}`: metadata read from the text before the
    table; a regular expression's first group (else its whole match) is the value."""
    noun: ClassVar[str] = "field"
    title: PreambleRule = None
    description: PreambleRule = None
    phone: PreambleRule = None
    address: PreambleRule = None
    email: PreambleRule = None

    def rules(self) -> dict[str, str]:
        """The fields given, in the file's order."""
        return {k: getattr(self, k) for k in (self._node or {})}


assert tuple(Preamble.model_fields) == PREAMBLE_FIELDS


def _cells(cells: dict) -> dict:
    for k, v in cells.items():
        if isinstance(v, (list, dict)):
            raise problem(f"override: cells.{k} must be the cell's text", k)
    return cells


def _reason(reason):
    if not reason:
        raise problem("an override must give its 'reason'")
    return reason


class OverrideSpec(Node):
    """A declared correction of one row: `{line: 698, cells: {time_limit: 20个工作日}, reason: …}`."""
    line: StrictInt
    cells: Annotated[dict[str, Any], AfterValidator(_cells)]
    reason: Annotated[Any, AfterValidator(_reason)] = Field(None, validate_default=True)
    table: Annotated[Optional[StrictInt], Field(ge=1),
                     says("an override's 'table' must be a table number counted from 1")] = None
    block: Annotated[Optional[StrictInt], Field(ge=1),
                     says("an override's 'block' must be a block number counted from 1, left to right")] = None

    @model_validator(mode="before")
    @classmethod
    def _structure(cls, data):
        if not isinstance(data, dict):
            raise problem("an override needs 'line' (int) and 'cells' (role: text)")
        line_ok = _is_int(data.get("line"))
        if not line_ok or not isinstance(data.get("cells"), dict):
            at = ("cells",) if line_ok and "cells" in data else ("line",) if "line" in data else ()
            raise problem("an override needs 'line' (int) and 'cells' (role: text)", *at)
        return data


# ---------------------------------------------------------------------------------------------------
# the mapping file
# ---------------------------------------------------------------------------------------------------

def _sheet_ok(sheet) -> bool:
    return _is_int(sheet) and sheet >= 1 or isinstance(sheet, str) and bool(sheet.strip())


def _with_tables(info: ValidationInfo) -> bool:
    """`tables` is given too: `table` and `sheet` leave the error to it (give one of …)."""
    return info.context["raw"].get("tables") is not None


def _inherit(node) -> dict:
    if not node:
        return {}
    if not isinstance(node, dict):
        raise problem("'inherit' must map a role to 'always' or 'category'")
    return node


def _inherit_role(role: str) -> str:
    if role not in ROLES:
        raise problem(f"inherit: unknown role '{role}'{did_you_mean(role, ROLES)}")
    return role


def _reader(value) -> str:
    reader = _text(value, True)
    if reader not in READERS:
        raise problem(f"unknown reader '{reader}'{did_you_mean(reader, READERS)}; known readers: {sorted(READERS)}")
    return reader


def _overrides(v):
    if not v:
        return []
    if not isinstance(v, list):
        raise problem("'overrides' must be a list of {line, cells, reason}")
    return v


def _table(table, reader: str, info: ValidationInfo):
    """`table: N` (docx, doc, html, pdf): the one table to read."""
    if reader in WORKBOOKS:
        raise problem(f"'table' applies to reader docx, doc, html or pdf (this mapping's reader is {reader}); "
                      f"an {reader} catalogue names its 'sheet'")
    if reader not in STRUCTURED:
        raise problem(f"'table' applies to reader docx, doc, html or pdf (this mapping's reader is {reader})")
    if (not _is_int(table) or table < 1) and not _with_tables(info):
        raise problem(f"table must be a table number counted from 1, not {table!r}")
    return table


def _sheet(sheet, reader: str, info: ValidationInfo):
    """`sheet: name-or-N` (xlsx, xls, ods): the one sheet to read."""
    if reader not in WORKBOOKS:
        raise problem(f"'sheet' applies to readers xlsx, xls and ods (this mapping's reader is {reader}); "
                      "a docx catalogue names its 'table'")
    if not _sheet_ok(sheet) and not _with_tables(info):
        raise problem(f"sheet must be a sheet name or a sheet number counted from 1, not {sheet!r}")
    return sheet


def _tables(many, reader: str, info: ValidationInfo):
    """`tables: all` or `tables: [1, 3]` (xlsx, xls, ods: numbers or sheet names)."""
    if reader not in STRUCTURED:
        raise problem(f"'tables' applies to readers {list(STRUCTURED)} (this mapping's reader is {reader})")
    given = [k for k in ("table", "sheet") if info.data.get(k) is not None]
    if given:
        raise problem(f"give one of 'table', 'sheet' and 'tables', not {[*given, 'tables']}")
    if many == "all":
        return many
    sheets = reader in WORKBOOKS
    if not isinstance(many, list) or not many:
        raise problem("tables must be 'all' or a list of table numbers counted from 1"
                      + (" or sheet names" if sheets else ""))
    for i, t in enumerate(many):
        if not (_sheet_ok(t) if sheets else _is_int(t) and t >= 1):
            raise problem(f"tables: {t!r} is not a table number counted from 1"
                          + (" or a sheet name" if sheets else ""), i)
    return many


def _encoding(enc, reader: str, info: ValidationInfo):
    """`encoding: gb18030` (text and web pages): the file's encoding, else detected."""
    if reader not in ("tsv", "cell-per-line", "html"):
        raise problem(f"'encoding' applies to text and web pages (this mapping's reader is {reader})")
    if not isinstance(enc, str) or not is_text_encoding(enc):
        raise problem(f"unknown encoding '{enc}' (e.g. utf-8, gb18030, gbk, utf-16)")
    return enc


_READER_KEYS = {"table": _table, "sheet": _sheet, "tables": _tables, "encoding": _encoding}


Scope = Literal[(*INHERIT_SCOPES, "never")]


class MappingFile(Node):
    """A mapping file as written. Its keys are validated in this order, that of mappings/README.md (## Keys);
    a key whose rule depends on another (what applies to the reader, the roles of the columns, item_key on
    codes) comes after it."""
    catalogue: Annotated[Catalogue, BeforeValidator(_required_section)]
    agency: Annotated[Agency, BeforeValidator(_required_section)]
    reader: Annotated[str, BeforeValidator(_reader)]
    header: Header = _absent()
    columns: Annotated[list[ColumnSpec], BeforeValidator(_columns)] = Field(None, validate_default=True)
    checkboxes: Annotated[Literal[CHECKBOX_CONVENTIONS], says(
        lambda v: f"checkboxes must be one of {CHECKBOX_CONVENTIONS}, not '{v}'{did_you_mean(v, CHECKBOX_CONVENTIONS)}"
    )] = "glyphs"
    text: TextSection = _absent()
    inherit: Annotated[dict[Annotated[str, AfterValidator(_inherit_role)],
                            Annotated[Scope, says("must be one of always, category, never", "key")]],
                       BeforeValidator(_inherit)] = {}
    continuation: Continuation = _absent()
    realign: Annotated[StrictBool, says(lambda v: f"realign must be true or false (unquoted), not {v!r}")] = False
    names: Names = _absent()
    codes: Codes = _absent()
    stage: Stage = _absent()
    item_key: Annotated[Literal["name", "seq", "code"], says("item_key must be one of name, seq, code")] = "name"
    overrides: Annotated[list[OverrideSpec], BeforeValidator(_overrides)] = []
    notes: Annotated[Any, BeforeValidator(lambda v: v or [])] = []     # a text or a list, not published
    table: Any = None
    sheet: Any = None
    tables: Any = None
    encoding: Any = None
    titles: TitlesValue = None
    preamble: Annotated[Preamble, BeforeValidator(_preamble)] = _absent()

    @field_validator("columns")
    @classmethod
    def _column_roles(cls, columns: list[ColumnSpec], info: ValidationInfo) -> list[ColumnSpec]:
        roles = [ROLE_ALIASES.get(c.role, c.role) for c in columns]
        counts = Counter(r for r in roles if r not in MULTI_COLUMN_ROLES)
        dupes = sorted(r for r, n in counts.items() if n > 1)
        if dupes:
            raise problem(f"roles {dupes} are given to more than one column")
        if "name" not in roles:
            raise problem("no column has the role 'name' (事项名称)")
        if "subcategory" in roles and "category" not in roles:
            # the second level's merged cells follow the first's: without one they read blank
            line = info.context["raw"]["columns"].line_of(roles.index("subcategory"))
            raise problem(f"a column has the role 'subcategory' (line {line}) but none the role 'category': the "
                          "first level of a category path is 'category' (give that column the role category)")
        if "legal_articles" in roles and "legal_basis" not in roles:
            # the articles are the instruments' of the 公开依据 beside them: without it they are no one's
            line = info.context["raw"]["columns"].line_of(roles.index("legal_articles"))
            raise problem(f"a column has the role 'legal_articles' (line {line}) but none the role 'legal_basis': "
                          "the articles are those of the instruments of a 公开依据 column (else give it article_text "
                          "or extra)")
        return columns

    @field_validator("table", "sheet", "tables", "encoding")
    @classmethod
    def _for_the_reader(cls, value, info: ValidationInfo):
        """Keys that apply to some readers only: checked when given, and the reader known (a wrong one is said)."""
        reader = info.data.get("reader")
        if value is None or reader is None:
            return value
        return _READER_KEYS[info.field_name](value, reader, info)

    @field_validator("continuation")
    @classmethod
    def _continuation(cls, cont: Continuation, info: ValidationInfo) -> Continuation:
        roles = _roles(info)
        if cont.when_empty is None or roles is None:
            return cont
        listed = isinstance(cont._node.get("when_empty"), YList)
        for i, r in enumerate(cont.when_empty):
            if not isinstance(r, str) or r not in roles:
                at = ("when_empty", i) if listed else ("when_empty",)
                raise problem(f"continuation.when_empty names '{r}', which is not a column role of this "
                              f"mapping{did_you_mean(r, sorted(roles))}", *at)
        return cont

    @field_validator("item_key")
    @classmethod
    def _item_key(cls, item_key: str, info: ValidationInfo) -> str:
        roles, codes = _roles(info), info.data.get("codes")
        if roles is None or codes is None:
            return item_key
        if item_key != "name" and item_key not in roles and not (item_key == "code" and codes.pattern):
            raise problem(f"item_key '{item_key}' needs a '{item_key}' column")
        return item_key

    @field_validator("overrides")
    @classmethod
    def _override_roles(cls, overrides: list[OverrideSpec], info: ValidationInfo) -> list[OverrideSpec]:
        roles = _roles(info)
        for i, o in enumerate(overrides if roles is not None else ()):
            for k in o.cells:
                if ROLE_ALIASES.get(k, k) not in roles:
                    raise problem(f"override sets '{k}', which is not a column role of this mapping"
                                  f"{did_you_mean(k, sorted(roles))}", i, "cells", k)
        return overrides

    def mapping(self, path: str, raw: YMap) -> Mapping:
        """The checked file as the `Mapping` the rest of zwgk reads."""
        cat, ag, codes = self.catalogue, self.agency, self.codes
        columns = []
        for i, c in enumerate(self.columns, 1):
            label = c.label
            if c.role == "extra" and label is None:
                label = c.header[0] if c.header else f"第{i}列"
            columns.append(Column(ROLE_ALIASES.get(c.role, c.role), c.header, c.tick, raw["columns"].line_of(i - 1),
                                  label))
        roles = {c.role for c in columns}
        titles, titles_pattern, levels = None, None, []
        pattern_lines: dict[str, Optional[int]] = {}
        if isinstance(self.titles, TitlesRule):
            titles = None if self.titles.role == "ignore" else self.titles.role
            titles_pattern = self.titles.pattern
            if titles_pattern is not None:
                pattern_lines["titles.pattern"] = self.titles.line_of("pattern")
        elif isinstance(self.titles, list):
            for n, level in enumerate(self.titles, 1):
                levels.append(TitleLevel(level.role, level.pattern, raw["titles"].line_of(n - 1), n))
                pattern_lines[levels[-1].what] = level.line_of("pattern")
        elif self.titles != "ignore":
            titles = self.titles
        if codes.pattern is not None:
            pattern_lines["codes.pattern"] = codes.line_of("pattern")
        preamble = self.preamble.rules()
        for key, rule in preamble.items():
            if rule != "first-line":
                pattern_lines[f"preamble.{key}"] = self.preamble.line_of(key)
        overrides = [Override(o.line, {ROLE_ALIASES.get(k, k): ("" if v is None else str(v)) for k, v in o.cells.items()},
                              str(o.reason), raw["overrides"].line_of(i), o.table, o.block)
                     for i, o in enumerate(self.overrides)]
        tables = (self.tables if isinstance(self.tables, list) else [] if self.tables is not None
                  else [self.table] if self.table is not None else [self.sheet] if self.sheet is not None else [])
        when_empty = self.continuation.when_empty
        notes = self.notes
        return Mapping(
            path=path, catalogue_id=cat.id, source=cat.source, title=cat.title, description=cat.description,
            original_url=cat.url, published=cat.published, version=cat.version,
            agency_id=ag.id, agency_name=ag.name, agency_region=ag.region, agency_aliases=ag.aliases,
            phone_area_code=ag.phone_area_code,
            reader=self.reader, header_rows=self.header.rows, columns=columns, checkboxes=self.checkboxes,
            line_join=self.text.line_join, inherit=self.scopes(self.reader in STRUCTURED),
            inherit_merges_lost=self.scopes(False),
            continuation_when_empty=list(when_empty) if when_empty is not None
            else [r for r in ("category", "name") if r in roles],
            realign=self.realign, name_markers=self.names.markers, name_when_blank=self.names.when_blank,
            code_pattern=codes.pattern or None,
            code_parent=(codes.parent.prefix, codes.parent.suffix) if codes.parent is not None else None,
            stage_spill_to_category=self.stage.not_a_stage == "category",
            item_key=self.item_key, overrides=overrides,
            notes=[str(n) for n in notes] if isinstance(notes, list) else [str(notes)],
            tables=list(tables), encoding=self.encoding, titles=titles, titles_pattern=titles_pattern,
            title_levels=levels, preamble=preamble, source_line=cat.line_of("source"), pattern_lines=pattern_lines,
        )

    def scopes(self, structured: bool) -> dict[str, str]:
        """`inherit` for a reader: in a text extraction blank first level and 过程 cells are merged cells that
        lost their merge, so they always inherit; a .docx/.xlsx has its merges, so there a blank cell stays
        blank unless the mapping says otherwise."""
        scopes = {} if structured else {"category": "always", "stage": "always"}
        for role, scope in self.inherit.items():
            scopes[ROLE_ALIASES.get(role, role)] = scope
        return {r: s for r, s in scopes.items() if s != "never"}


def _roles(info: ValidationInfo) -> Optional[set[str]]:
    """The roles of the mapping's columns (aliases resolved), None when the columns are wrong."""
    columns = info.data.get("columns")
    return None if columns is None else {ROLE_ALIASES.get(c.role, c.role) for c in columns}


# ---------------------------------------------------------------------------------------------------
# pydantic's error, said as a mapping error
# ---------------------------------------------------------------------------------------------------

def validate(path, raw: YMap) -> Mapping:
    """The mapping file `path`, composed as `raw`, checked: its `Mapping`, or a `MappingError` naming the first
    problem (an unknown key before the others: a misspelt key also leaves the key it should be missing)."""
    try:
        checked = MappingFile.model_validate(raw, context={"raw": raw})
    except ValidationError as e:
        errors = e.errors()
        error = next((x for x in errors if x["type"] == "extra_forbidden"), errors[0])
        raise _mapping_error(path, raw, error) from None
    return checked.mapping(str(path), raw)


def _mapping_error(path, raw: YMap, error: dict) -> MappingError:
    loc, kind, ctx = tuple(error["loc"]), error["type"], error.get("ctx") or {}
    if kind == "mapping":       # a problem() of a validator: its message, about `at` inside the value
        loc += tuple(ctx.get("at", ()))
        message, prefix = ctx["message"], ctx.get("prefix", "")
    elif kind == "extra_forbidden":
        message, prefix = _unknown_key(raw, loc), ""
    elif kind == "missing":
        message = "missing required " + ("section" if len(loc) == 1 and _model_at(loc) else "key")
        prefix = "missing"
    elif kind in _NOUNS:        # a type no validator words (each key's own wording is given with says())
        message, prefix = f"must be {_NOUNS[kind]}", "quoted"
    elif kind == "literal_error":
        message, prefix = f"must be {ctx.get('expected')}, not {error.get('input')!r}", "key"
    else:
        message, prefix = error["msg"], "in"
    key = [p for p in loc if p not in _FORMS and p != "[key]"]
    where = _name(key[:-1])
    if prefix == "key":
        message = f"{_name(key)} {message}"
    elif prefix == "quoted":
        message = f"'{_name(key)}' {message}"
    elif prefix == "missing":
        message = f"{where + ': ' if where else ''}{message} '{key[-1]}'"
    elif prefix == "in" and where:
        message = f"{where}: {message}"
    elif prefix == "of":
        message = f"{where} {message}"
    return MappingError(path, _line(raw, key), message)


_NOUNS = {"string_type": "text", "int_type": "an integer", "bool_type": "true or false", "list_type": "a list",
          "dict_type": "a mapping", "model_type": "a mapping"}


def _name(key) -> str:
    """What messages call the key at `key` (a path of keys and list indexes): catalogue.id, column 3, titles level 2 …"""
    out, parent = "", None
    for part in key:
        if isinstance(part, int):
            out = {"columns": f"column {part + 1}", "titles": f"titles level {part + 1}",
                   "overrides": "override"}.get(parent, f"{out} item {part + 1}")
        else:
            out = f"{out}.{part}" if out else str(part)
            parent = part
    return out


def _line(raw: YMap, key) -> Optional[int]:
    """The line of the key or item at `key` in the composed file; where a key is missing, the line where the
    mapping that should hold it starts."""
    node, line = raw, raw.line
    for part in key:
        if isinstance(node, YMap) and part in node:
            line, node = node.line_of(part), node[part]
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.line_of(part), node[part]
        else:
            if isinstance(node, (YMap, YList)):
                line = node.line
            break
    return line


def _model_at(loc) -> Optional[type[Node]]:
    """The model validating the mapping at `loc`."""
    model: Optional[type] = MappingFile
    for part in loc:
        if part in _FORMS:
            model = _FORMS[part]
        elif isinstance(part, str) and model is not None:
            field = model.model_fields.get(part)
            model = _model_in(field.annotation) if field is not None else None
    return model


def _model_in(annotation) -> Optional[type]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


#: the top-level keys in the order of the format
_SECTION_KEYS = {name: tuple(_model_in(MappingFile.model_fields[name].annotation).model_fields)
                 for name in ("catalogue", "agency", "header", "text", "continuation", "names", "codes", "stage")}


def _unknown_key(raw: YMap, loc) -> str:
    """The message for the unknown key at `loc`: the closest known key as a hint."""
    key = loc[-1]
    if len(loc) == 1:
        known = tuple(MappingFile.model_fields)
        unknown = sorted(k for k in raw if k not in known)
        first = min(unknown, key=lambda k: raw.line_of(k) or 0)
        home = sorted(name for name, keys in _SECTION_KEYS.items() if first in keys)
        if home:      # agency's name: written at the top level (its indent lost)
            return f"'{first}' belongs under {' or '.join(repr(h) for h in home)}: indent it as the other keys there"
        if "：" in str(first):
            return f"unknown key '{first}': a full-width colon '：' is no YAML colon; write ':'"
        return f"unknown key(s) {unknown}{did_you_mean(first, known)}; known keys: {sorted(known)}"
    model = _model_at(loc[:-1])
    known = tuple(model.model_fields) if model is not None else ()
    noun = model.noun if model is not None else "key"
    where = _name([p for p in loc[:-1] if p not in _FORMS])
    if "：" in str(key):
        return f"{where}: unknown {noun} '{key}': a full-width colon '：' is no YAML colon; write ':' and a space"
    return f"{where}: unknown {noun} '{key}'{did_you_mean(key, known)}; known {noun}s: {', '.join(known)}"
