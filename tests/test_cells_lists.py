"""Plain-text list cells in the concept columns, read as a person reads them (mappings/cells.py,
Interpreter.concepts): separators, numbering, spaces, run-together labels, labels of other code lists."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from zwgk.mappings.cells import match_run, split_list, strip_filler
from zwgk.mappings.records import Interpreter
from zwgk.ontology import code_lists

from .conftest import BASE


def read(role: str, cell: str, convention: str = "glyphs"):
    """(labels of the role, {other role: labels}, warnings) for one cell."""
    codes = code_lists(BASE)
    warnings: list[str] = []
    interp = Interpreter(SimpleNamespace(checkboxes=convention, code_pattern=None, catalogue_id="t", reader="pdf", columns=[]),
                         codes, "t.txt", lambda line, msg: warnings.append(msg))
    extra: dict[str, list[str]] = {}
    got = interp.concepts(role, cell, 1, extra)
    return ([codes.label(i) for i in got], {r: [codes.label(i) for i in v] for r, v in extra.items()}, warnings)


@pytest.mark.parametrize("cell,want", [
    ("政府网站、政务微博", ["政府网站", "政务微博"]),
    ("政府网站，政务微信", ["政府网站", "政务微信"]),
    ("政府网站,政务微信;政府公报", ["政府网站", "政务微信", "政府公报"]),
    ("政府网站；政务微博", ["政府网站", "政务微博"]),
    ("政府网站 政务微博 两微一端", ["政府网站", "政务微博", "两微一端"]),
    ("政府网站　政务微博", ["政府网站", "政务微博"]),
    ("政府网站\n政务微博\n政府公报", ["政府网站", "政务微博", "政府公报"]),
    ("1.政府网站 2.两微一端 3.政务微博", ["政府网站", "两微一端", "政务微博"]),
    ("1、政府网站\n2、政务微博", ["政府网站", "政务微博"]),
    ("①政府网站②政务微博", ["政府网站", "政务微博"]),
    ("（1）政府网站（2）政务微信", ["政府网站", "政务微信"]),
    ("(1)政府网站 (2)公开栏", ["政府网站", "信息公告栏"]),
    ("政府网站微信平台等", ["政府网站", "政务微信"]),
    ("政府网站等", ["政府网站"]),
    ("门户网站、微信公众号、微博", ["政府网站", "政务微信", "政务微博"]),
    ("政务服务大厅、便民服务中心、公示栏", ["政务服务中心", "便民服务中心", "信息公告栏"]),
    ("新闻发布会、报刊、广播电视", ["发布会", "报刊", "广播电视"]),
    ("通过政府网站、政务微博等平台公开", ["政府网站", "政务微博"]),
    # wrapped in a narrow PDF column: a label cut at the line's end is joined again, whatever the separator
    ("政府网站、信息\n公告栏、广播", ["政府网站", "信息公告栏", "广播"]),
    ("广播 政府网站 信息\n公告栏", ["广播", "政府网站", "信息公告栏"]),
    # the site's address beside it: no channel of its own (it was one, 'wwwxxgovcn')
    ("政府网站（www.xx.gov.cn）、政务微博", ["政府网站", "政务微博"]),
    ("政府网站 http://www.xx.gov.cn/col/1.html", ["政府网站"]),
])
def test_channel_lists(cell, want):
    got, extra, warnings = read("channels", cell)
    assert got == want and not extra and not warnings, (got, extra, warnings)


def test_levels_joined_by_a_slash_or_ji():
    """市级/区级 and 市级及村级 name two levels each (they were one uncontrolled level); a label holding / (入户/现场)
    stays one."""
    for cell, want in (("市级/区级", ["市级", "区级"]), ("市级及村级", ["市级", "村级"]), ("县级、乡级", ["县级", "乡级"])):
        got, extra, warnings = read("level", cell)
        assert got == want and not warnings, (cell, got, warnings)
    got, _, warnings = read("channels", "入户/现场")
    assert got == ["入户/现场"] and not warnings, got


def test_a_list_never_becomes_one_concept():
    got, _, warnings = read("channels", "政府网站、政务微博")
    assert "政府网站、政务微博" not in got and not warnings
    # a checked box whose label is a list is read as its entries too
    got, _, _ = read("channels", "■政府网站、政务微博 □政府公报")
    assert got == ["政府网站", "政务微博"]


def test_spaces_split_only_between_known_labels():
    # 脱密（脱 敏）公开: an extraction space inside one label, not a list
    got, _, warnings = read("methods", "脱密（脱 敏）公开")
    assert got == ["脱密（脱敏）公开"] and not warnings


def test_audience_cell_naming_a_disclosure_type_too():
    got, extra, warnings = read("audience", "全社会范围主动公开")
    assert got == ["全社会"] and extra == {"disclosure_type": ["主动公开"]} and not warnings


def test_disclosure_type_with_a_method_in_brackets():
    got, extra, warnings = read("disclosure_type", "主动公开（全文发布）")
    assert got == ["主动公开"] and extra == {"methods": ["全文发布"]} and not warnings


def test_whole_label_of_another_list_goes_to_its_role():
    got, extra, _ = read("audience", "全社会、主动公开")
    assert got == ["全社会"] and extra == {"disclosure_type": ["主动公开"]}


def test_unknown_labels_become_uncontrolled_concepts_one_per_entry():
    got, _, warnings = read("channels", "政府网站、某某平台、微博/小程序")
    assert got == ["政府网站", "某某平台", "政务微博", "小程序"]
    assert warnings == [f"'{w}' is not in the channel code list; kept as a concept of this catalogue's "
                        "uncontrolled scheme for review" for w in ("某某平台", "小程序")]


def test_uncontrolled_concepts_belong_to_the_catalogue_not_the_code_list():
    codes = code_lists(BASE)
    interp = Interpreter(SimpleNamespace(checkboxes="glyphs", code_pattern=None, catalogue_id="cat-a", reader="pdf", columns=[]),
                         codes, "t.txt", lambda line, msg: None)
    first = interp.concepts("channels", "某某平台", 1)
    assert first == [f"{BASE}/id/concept/uncontrolled/cat-a/channel/某某平台"]
    assert interp.concepts("channels", "某某 平台", 2) == first          # one concept per label in a catalogue
    assert codes.lookup("channel", "某某平台") is None                  # the shared code list is unchanged
    other = Interpreter(SimpleNamespace(checkboxes="glyphs", code_pattern=None, catalogue_id="cat-b", reader="pdf", columns=[]),
                        codes, "t.txt", lambda line, msg: None)
    assert other.concepts("channels", "某某平台", 1)[0].split("/uncontrolled/")[1].startswith("cat-b/channel/")


@pytest.mark.parametrize("cell,want", [
    ("区政府网站", ["政府网站"]),                       # whose website: the channel is a government website
    ("学校公示栏", ["信息公告栏"]),
    ("征收范围内公告栏", ["信息公告栏"]),
    ("国家税务总局河南省税务局网站", ["政府网站"]),
    ("“平安武陟”微信公众号", ["政务微信"]),
    ("“信用中国（湖南）”网站", ["信用网站"]),   # a 信用中国 site, a place in brackets in its name (was 政府网站)
    ("村务公开栏", ["社区/企事业单位/村公示栏（电子屏）"]),   # a label of its own
    ("政府网站、镇政府公示栏", ["政府网站", "信息公告栏"]),
])
def test_words_glued_before_a_label_qualify_it(cell, want):
    """A channel named with whose it is (村务公开栏, 学校公示栏, “平安武陟”微信公众号) is that channel: the words
    before the label are no channel of their own (they were read as one: ~村务, ~学校, with a warning)."""
    got, _, warnings = read("channels", cell)
    assert got == want and not warnings


@pytest.mark.parametrize("cell,want", [
    # a label printed with a quoted name in it is that label (it was the label the quotes were glued to)
    ("“信用中国”网站", ["信用网站"]), ("政府网站、“信用中国”网站", ["政府网站", "信用网站"]),
    ("信用中国（湖南）网站", ["信用网站"]),      # a place in brackets inside a label, unquoted (was 信用网站, ~湖南, 政府网站)
    ("政府网站　“信用中国”网站", ["政府网站", "信用网站"]),
    ("“平安武陟”微信公众号", ["政务微信"]), ("微信公众号“某县发布”", ["政务微信"]),   # a name is no label: as before
    # words glued after a label naming a part of it: a column of the website is the website
    ("政府网站预决算公开专栏", ["政府网站"]), ("政府网站“通知公告”栏目", ["政府网站"]), ("某县电视台新闻频道", ["电视"]),
    # a bureau's service hall is a service hall
    ("医保服务大厅", ["政务服务中心"]), ("人社服务大厅", ["政务服务中心"]), ("便民服务大厅", ["便民服务中心"]),
    ("办税服务大厅", ["办税服务厅"]),
])
def test_quoted_names_parts_and_halls(cell, want):
    got, _, warnings = read("channels", cell)
    assert got == want and not warnings


def test_words_after_a_label_naming_no_part_of_it_stay():
    got, _, warnings = read("channels", "政府网站工作动态")
    assert got == ["政府网站", "工作动态"] and warnings


@pytest.mark.parametrize("cell,want", [
    ("办税服务厅公告栏", ["信息公告栏"]),                # the board at the hall: one channel
    ("政务服务中心电子显示屏", ["电子信息屏"]),
    ("便民服务中心公开查阅点", ["公开查阅点"]),
    ("办税服务厅、公告栏", ["办税服务厅", "信息公告栏"]),   # a separator: two channels
    ("政府网站公告栏", ["政府网站", "信息公告栏"]),        # a website is no place a board stands at
    ("公告栏办税服务厅", ["信息公告栏", "办税服务厅"]),
])
def test_a_place_glued_before_a_channel_standing_there_qualifies_it(cell, want):
    """A place's name glued to a channel that stands at places (办税服务厅公告栏) names one channel, the one
    at the place, as other words before a label do (it was read as two: the hall and the board). The
    channels placed at sites, and the sites, are two SKOS collections of the channel code list."""
    got, _, warnings = read("channels", cell)
    assert got == want and not warnings


def test_a_label_inside_a_longer_name_is_not_taken_for_it():
    # a word going on after the label (电视台: a station, not the medium) keeps the whole wording
    got, _, warnings = read("channels", "县电视台")
    assert got == ["县电视台"] and len(warnings) == 1


def test_run_together_leftover_kept_as_its_own_label():
    got, _, warnings = read("channels", "政府网站某某客户平台")
    assert got == ["政府网站", "某某客户"] and len(warnings) == 1


def test_stage_cells_keep_their_rules():
    assert read("stage", "决策和执行")[0] == ["决策", "执行"]
    assert read("stage", "决策、结果公开")[0] == ["决策", "结果"]
    # a section name in the stage column is no stage, and no new concept either
    got, extra, warnings = read("stage", "政务服务事项")
    assert got == [] and not extra and not warnings


@pytest.mark.parametrize("raw,convention,want", [
    ('<input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政务微博', "html", ["政府网站"]),
    ("■政府网站   ■政府公报\n□两微一端   □发布会", "glyphs", ["政府网站", "政府公报"]),
    ("政府网站                     □政府公报\n□政务微博", "lost-glyph", ["政府网站"]),
    ("□预公开\n全文发布\n□脱密脱敏公开\n其他", "lost-glyph", ["全文发布", "其他"]),
])
def test_box_cells_unchanged(raw, convention, want):
    role = "methods" if "公开" in raw else "channels"
    assert read(role, raw, convention)[0] == want


@pytest.mark.parametrize("raw,want", [
    ("政府网站☐ 政府公报☑ 两微一端☐", ["政府公报"]),          # each box after its option (WPS templates)
    ("政府网站☑\n政府公报☐\n两微一端☑", ["政府网站", "两微一端"]),
    ("政府网站□政府公报■", ["政府公报"]),
    ("●政府网站 ○政府公报 ●信息公告栏", ["政府网站", "信息公告栏"]),   # ●/○ as boxes
    ("○政府网站 ○政务微博", ["政府网站", "政务微博"]),                # ○ alone: bullets
])
def test_boxes_after_their_options_and_round_ones(raw, want):
    """A box printed after its option was read as the next option's (政府网站☐ 政府公报☑ gave 政府网站 and
    every option its left neighbour's mark); ● and ○ mark options as ■ and □ do."""
    assert read("channels", raw)[0] == want


def test_lost_glyph_cell_with_every_option_selected():
    """With `lost-glyph`, a cell of several words and no box at all is every option selected, each word one
    (州级 县级 became one uncontrolled label 州级县级); 州级 and 旗级 are the city and county levels."""
    assert read("level", "州级 县级", "lost-glyph") == (["市级", "县级"], {}, [])
    assert read("level", "州级 □县级", "lost-glyph")[0] == ["市级"]
    assert read("level", "盟级\n旗级", "lost-glyph")[0] == ["市级", "县级"]


def test_box_options_wrapped_inside_a_narrow_column():
    """A print's narrow column wraps each option's label over lines (政府 / 网站 / □政 / 府公 / 报): a box opens an
    option and a line with none continues it where the lines make a label (the pieces were read as options of
    their own: uncontrolled 政府, 府公, 报 beside the selected 政府网站, or with `lost-glyph` every piece selected)."""
    lost = "政府\n网站\n□政\n府公\n报\n□政\n务微\n博\n□其\n他"
    assert read("channels", lost, "lost-glyph") == (["政府网站"], {}, [])
    assert read("methods", "□预\n公开\n全文\n发布\n□政\n策解\n读", "lost-glyph")[0] == ["全文发布"]
    assert read("channels", "■政府\n网站\n□政务\n微博\n■信息\n公告栏")[0] == ["政府网站", "信息公告栏"]
    assert read("channels", "政府\n网站☑\n政府公\n报☐")[0] == ["政府网站"]
    # options of their own on each line stay apart, selected or not
    assert read("channels", "政府网站\n政务微博\n□政府公报", "lost-glyph")[0] == ["政府网站", "政务微博"]
    assert read("channels", "■政府网站\n■政务微博\n□政府公报")[0] == ["政府网站", "政务微博"]


def test_split_list_and_helpers():
    assert split_list("1.政府网站 2.两微一端 3.政务微博") == ["政府网站", "两微一端", "政务微博"]
    assert split_list("政府网站<br/>政务微博") == ["政府网站", "政务微博"]
    assert split_list("脱密（脱敏）公开") == ["脱密（脱敏）公开"]
    assert strip_filler("等") == "" and strip_filler("范围") == "" and strip_filler("）") == ""
    assert match_run("政府网站公开栏", {"政府网站": 1, "公开栏": 2}) == [("政府网站", 1), ("公开栏", 2)]
    assert match_run("微信/小程序", {"政府网站": 1}) is None


def test_whose_channel_wrapped_before_it_in_a_narrow_column():
    """湖南省人民政府 / 门户网站 (a PDF cell's wrap before the label): the province government's site, one channel
    (it was an uncontrolled 湖南省人民政府 besides 政府网站); 湖南日报 / 信息公告栏 stay two."""
    assert read("channels", "湖南省人民政府\n门户网站\n政务服务中心")[0] == ["政府网站", "政务服务中心"]
    assert read("channels", "湖南日报\n信息公告栏")[0] == ["湖南日报", "信息公告栏"]
    # two labels run together, the second cut by the wrap (政务微博政务 / 微信): its start and the next line
    assert read("channels", "政务微博政务\n微信")[0] == ["政务微博", "政务微信"]
    # a line that stops well short of the cell's longest ends its entry, whatever it ends with: 医保经办服务 /
    # 大厅 is one entry, the hall, and 政务微信 another (大厅 ends as a body's name, 教育厅, does: the hall was
    # read as whose the WeChat account is, and dropped without a word): a bureau's service hall, 政务服务中心
    assert read("channels", "政府网站\n医保经办服务\n大厅\n政务微信")[0] == ["政府网站", "政务服务中心", "政务微信"]


def test_a_list_wrapped_in_a_narrow_column_is_not_split_at_the_wrap():
    """A PDF's narrow column wraps 政府网站、政务微博 as 政府网站、政 / 务微博, or one character per line;
    a break between two labels still separates them."""
    assert read("channels", "政府网站、政\n务微博")[0] == ["政府网站", "政务微博"]
    assert read("channels", "政\n府\n网\n站")[0] == ["政府网站"]
    assert read("channels", "政府网站\n政务微博")[0] == ["政府网站", "政务微博"]
    assert read("channels", "政府网站\n某某平台")[0] == ["政府网站", "某某平台"]


@pytest.mark.parametrize("raw,want", [
    ("国务院令第71\n1号", "国务院令第711号"),     # a number wrapped in a narrow PDF column is one number
    ("01\n00\n00", "010000"),
    ("0574-8740\n6586", "0574-87406586"),
    ("Word\nExcel", "Word Excel"),              # Latin words stay apart
    ("政府\n网站", "政府网站"),
    # a line that printed a space at its end wrapped at it: kept beside a digit, not between Chinese characters
    ("变更之日起 20 \n个工作日内", "变更之日起 20 个工作日内"),
    ("国务院令第 711 \n号", "国务院令第 711 号"),
    ("政府网站 \n政务微博", "政府网站政务微博"),
    ("国务院令第71 \n1号", "国务院令第711号"),
])
def test_wrapped_lines_join_as_printed(raw, want):
    from zwgk.mappings.cells import clean_text
    assert clean_text(raw) == want
