"""Mapping files are checked against pydantic models (mappings/spec_models.py): each problem is still one
MappingError naming the file, the line of the key at fault and what is wrong, in plain words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from zwgk.mappings import MappingError, load_mapping

# block style throughout: every key on its own line, so a wrong line number cannot pass by chance
MAPPING = """\
catalogue:
  id: errors
  source: t.txt
  title: 某局政府信息公开目录
agency:
  id: errors-agency
  name: 某局
reader: tsv
checkboxes: glyphs
names:
  when_blank: keep
inherit:
  category: always
columns:
  - role: seq
    header: 序号
  - role: name
    header: 事项名称
  - role: channels
    header: 公开渠道
    tick: 政府网站
"""


def error(tmp: Path, text: str) -> MappingError:
    path = tmp / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as e:
        load_mapping(path)
    assert str(e.value) == f"{path}:{e.value.line}: {e.value.message}"     # the file, the line, one line
    assert e.value.path == str(path)
    return e.value


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_the_mapping_reads(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    m = load_mapping(path)
    assert [(c.role, c.headers, c.tick, c.line) for c in m.columns] == [
        ("seq", ["序号"], None, 15), ("name", ["事项名称"], None, 17), ("channels", ["公开渠道"], "政府网站", 19)]


@pytest.mark.parametrize("old,new,says,at", [
    # an unknown key, with the closest known key as a hint, at any depth
    ("    header: 事项名称\n", "    headr: 事项名称\n",
     "column 2: unknown key 'headr' (did you mean 'header'?); known keys: role, header, tick, label", "headr:"),
    ("  when_blank: keep\n", "  when_blank: keep\n  marker: ★\n",
     "names: unknown key 'marker' (did you mean 'markers'?); known keys: markers, when_blank", "marker:"),
    # a list where a text is expected
    ("  title: 某局政府信息公开目录\n", "  title: [某局, 目录]\n", "'catalogue.title' must be text", "title:"),
    ("reader: tsv\n", "reader:\n  - tsv\n", "'reader' must be text", "reader:"),
    # a value that is not one of the allowed ones
    ("  when_blank: keep\n", "  when_blank: inherits\n",
     "names.when_blank must be one of ('keep', 'inherit', 'category-or-inherit')", "when_blank:"),
    ("  category: always\n", "  category: sometimes\n", "inherit.category must be one of always, category, never",
     "category: sometimes"),
    ("checkboxes: glyphs\n", "checkboxes: glyph\n",
     "checkboxes must be one of ('html', 'glyphs', 'lost-glyph'), not 'glyph' (did you mean 'glyphs'?)", "checkboxes:"),
    # a bad field of a column
    ("  - role: channels\n", "  - role: chanels\n", "column 3: unknown role 'chanels' (did you mean 'channels'?)",
     "chanels"),
    ("    tick: 政府网站\n", "    tick: [政府网站]\n", "column 3: 'tick' must be the label a tick selects (text)", "tick:"),
    ("  - role: seq\n", "  - role: seq\n    tick: 是\n", "column 1: 'tick' only applies to", "tick: 是"),
    # a key left out: named with its section, at the line where the section starts
    ("  id: errors\n", "", "catalogue: missing required key 'id'", "source: t.txt"),
    # a misspelt key is reported rather than the key it leaves missing
    ("  name: 某局\n", "  nmae: 某局\n", "agency: unknown key 'nmae' (did you mean 'name'?)", "nmae:"),
])
def test_a_problem_names_the_file_the_line_and_the_key(tmp_path, old, new, says, at):
    assert old in MAPPING
    text = MAPPING.replace(old, new, 1)
    e = error(tmp_path, text)
    assert says in e.message, e.message
    assert e.line == line_of(text, at), (e.line, e.message)


def test_one_wording_for_unknown_keys_everywhere(tmp_path):
    """Sections, columns, overrides, titles and its levels: `where: unknown key 'k' (hint); known keys: …`."""
    cases = [
        ("header:\n  rows: 1\n  row: 2\n", "header: unknown key 'row'"),
        ("overrides:\n  - line: 3\n    cells:\n      name: x\n    reason: r\n    reasn: r\n", "override: unknown key 'reasn'"),
        ("titles:\n  role: category\n  patern: x\n", "titles: unknown key 'patern'"),
        ("titles:\n  - role: subject\n    pattern: x\n    rol: y\n", "titles level 1: unknown key 'rol'"),
        ("codes:\n  parent:\n    prefix: 2\n    sufix: '0000'\n", "codes.parent: unknown key 'sufix'"),
        ("preamble:\n  title: first-line\n  fax: x\n", "preamble: unknown field 'fax'"),
    ]
    for extra, says in cases:
        text = MAPPING + extra
        e = error(tmp_path, text)
        key = re.search(r"unknown (?:key|field) '([^']+)'", says).group(1)
        assert e.message.startswith(says) and re.search(r"; known (keys|fields): \w", e.message), e.message
        assert e.line == line_of(text, f"{key}:"), (e.line, e.message)


def test_an_item_of_a_list_names_its_line(tmp_path):
    text = MAPPING + "continuation:\n  when_empty:\n    - name\n    - nmae\n"
    e = error(tmp_path, text)
    assert "continuation.when_empty names 'nmae', which is not a column role of this mapping" in e.message
    assert e.line == line_of(text, "- nmae")
    text = MAPPING.replace("  name: 某局\n", "  name: 某局\n  aliases:\n    - 某局\n    - [x]\n")
    e = error(tmp_path, text)
    assert e.message == "agency.aliases: item 2 must be a name (text)" and e.line == line_of(text, "- [x]")


def test_a_rule_across_keys_names_the_key_it_is_about(tmp_path):
    """What applies to one reader only, and a key whose value needs another key."""
    text = MAPPING + "sheet: 目录\n"
    e = error(tmp_path, text)
    assert e.message.startswith("'sheet' applies to readers xlsx, xls and ods (this mapping's reader is tsv)")
    assert e.line == line_of(text, "sheet:")
    text = MAPPING + "item_key: code\n"
    e = error(tmp_path, text)
    assert e.message == "item_key 'code' needs a 'code' column" and e.line == line_of(text, "item_key:")


def test_the_readme_lists_the_keys_the_models_know():
    """mappings/README.md is the format's reference: its tables name every key of the models, in their order
    (which is the order problems are looked for in), and no other."""
    from zwgk.mappings.spec_models import MappingFile, _model_in
    readme = (Path(__file__).parent.parent / "mappings" / "README.md").read_text(encoding="utf-8")
    keys = readme.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    sections = readme.split("\n## catalogue and agency\n", 1)[1].split("\n```", 1)[0]
    listed = re.findall(r"^\| `([a-z_.]+)` \|", keys + sections, re.M)
    top = list(dict.fromkeys(k.split(".")[0] for k in listed))
    assert top == list(MappingFile.model_fields)
    for name, field in MappingFile.model_fields.items():
        model = _model_in(field.annotation)
        if model is not None and name not in ("columns", "overrides", "titles", "preamble"):   # each has its own page
            assert [k.split(".", 1)[1] for k in listed if k.startswith(name + ".")] == list(model.model_fields), name
