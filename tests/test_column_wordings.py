"""Columns and cell wordings of sectors' catalogues the shipped four do not show (a probe of 18 catalogues of
医保局, 统计局, 卫健委, 住建局, 水利局 …, drafted unedited): every column's text kept, in the role it has
(mappings/draft.py guesses the roles, mappings/records.py reads the cells)."""
from __future__ import annotations

import pytest

from zwgk.mappings.timelimit import parse_time_limit

from .officefiles import workbook
from .test_cells_lists import read
from .test_wordings import drafted


def sheet(folder, name: str, header: list[str], rows: list[list]) -> str:
    return workbook(folder / name, [["某县某局政务公开事项目录"], header, *rows])


def test_the_disclosure_time_limit_wins_over_a_service_time_limit(tmp_path):
    """办理时限 (how long a service takes) left of 公开时限: the latter is the item's time limit (the former was, and
    公开时限 was kept as text)."""
    name = sheet(tmp_path, "zjj.xlsx", ["序号", "事项名称", "设定依据", "办理时限", "承办科室", "公开时限"], [
        [1, "建筑工程施工许可", "《中华人民共和国建筑法》", "3个工作日", "行政审批科", "作出决定之日起7个工作日内"],
        [2, "商品房预售许可", "《城市商品房预售管理办法》", "10个工作日", "房地产市场科", "作出决定之日起7个工作日内"],
        [3, "燃气经营许可", "《城镇燃气管理条例》", "20个工作日", "城建科", "实时"]])
    cat, text = drafted(tmp_path, name)
    assert [(r.time_limit.text, r.extra) for r in cat.records] == [
        ("作出决定之日起7个工作日内", [("办理时限", "3个工作日")]), ("作出决定之日起7个工作日内", [("办理时限", "10个工作日")]),
        ("实时", [("办理时限", "20个工作日")])], text


def test_phones_beside_words_and_an_office_beside_its_phone(tmp_path):
    """A phone cell naming who answers or an e-mail keeps its text (only the numbers were kept); an office and its
    phone in one cell (承办科室及联系电话) give the office and the phone (the office's name held the number)."""
    name = sheet(tmp_path, "wjw.xlsx", ["序号", "事项名称", "公开内容", "承办科室及联系电话", "监督举报方式"], [
        [1, "医疗机构执业登记", "登记结果", "医政科 0530-1234567", "县纪委监委 12388"],
        [2, "护士执业注册", "注册结果", "医政科 0530-1234567", "投诉邮箱 ts@x.gov.cn"],
        [3, "卫生监督", "检查结果", "监督所", "0530-7654321"]])
    cat, text = drafted(tmp_path, name)
    got = [(r.responsible_unit, r.phones, r.extra) for r in cat.records]
    assert got == [("医政科", ["0530-1234567", "12388"], [("监督举报方式", "县纪委监委 12388")]),
                   ("医政科", ["0530-1234567"], [("监督举报方式", "投诉邮箱 ts@x.gov.cn")]),
                   ("监督所", ["0530-7654321"], [])], text


def test_lengths_of_time_dates_a_unit_in_the_header_and_yes_no_ticks(tmp_path):
    """公开期限 over 长期 / 5年 is how long the item stays up (it was a time limit of 5 years); 公开时间 over 2023年3月 is
    a date (it was the time limit); 公开时限（工作日） over 20 is 20 working days (no unit was read); 是否主动公开
    over 是 / 否 ticks 主动公开 (it ticked a concept of its own, 是否主动公开)."""
    name = sheet(tmp_path, "slj.xlsx", ["序号", "事项名称", "公开时间", "公开时限（工作日）", "公开期限", "是否主动公开"], [
        [1, "水资源公报", "2023年3月", 20, "长期", "是"],
        [2, "取水许可", "2023年5月", 7, "5年", "是"],
        [3, "防汛预案", "2023年6月", 20, "3年", "否"]])
    cat, text = drafted(tmp_path, name)
    got = [(r.time_limit.text, r.time_limit.amount, r.time_limit.unit, r.duration, r.extra,
            [d.rsplit("/", 1)[-1] for d in r.disclosure_type]) for r in cat.records]
    assert got == [("20", 20, "working-day", "长期", [("公开时间", "2023年3月")], ["proactive"]),
                   ("7", 7, "working-day", "5年", [("公开时间", "2023年5月")], ["proactive"]),
                   ("20", 20, "working-day", "3年", [("公开时间", "2023年6月")], [])], text


def test_a_person_responsible_is_no_office(tmp_path):
    """责任人 over people's names: kept as text (each name was minted an organisational unit)."""
    name = sheet(tmp_path, "sjj.xlsx", ["序号", "事项名称", "公开内容", "责任人"], [
        [1, "审计结果", "审计结果公告", "张三"], [2, "审计计划", "年度审计计划", "李四"]])
    cat, text = drafted(tmp_path, name)
    assert [(r.responsible_unit, r.extra) for r in cat.records] == [("", [("责任人", "张三")]), ("", [("责任人", "李四")])], text


@pytest.mark.parametrize("role,cell,want", [
    # wordings of sectors' catalogues that were the catalogue's own concepts, with a warning
    ("channels", "12345热线", ["政务服务热线"]), ("channels", "政府网站、12345政务服务热线", ["政府网站", "政务服务热线"]),
    ("channels", "当面告知", ["入户/现场"]),
    ("audience", "企业和群众", ["全社会"]), ("audience", "参保人员", ["特定群众"]),
    ("audience", "生产经营单位", ["特定群众"]),
])
def test_sector_wordings_of_code_lists(role, cell, want):
    got, _, warnings = read(role, cell)
    assert got == want and not warnings


def test_every_half_month_is_about_biweekly():
    assert parse_time_limit("每半月").period == "biweekly"


def test_a_stage_cell_naming_no_stage_is_kept(tmp_path):
    """A 五公开 cell naming no stage nor any category (全过程) is kept as text (it vanished: no stage, no text, no
    warning); stages run together (管理服务) are read, and do not make the draft take the column for sections."""
    name = sheet(tmp_path, "scjg.xlsx", ["序号", "公开事项", "事项名称", "公开内容", "五公开"], [
        [1, "知识产权", "商标质押登记", "登记结果", "全过程"],
        [2, "知识产权", "专利行政裁决", "裁决结果", "管理服务"],
        [3, "市场监管", "双随机抽查", "抽查结果", "结果"]])
    cat, text = drafted(tmp_path, name)
    got = [([s.rsplit("/", 1)[-1] for s in r.stage], r.extra) for r in cat.records]
    assert got == [([], [("五公开", "全过程")]), (["management", "service"], []), (["result"], [])], text


def test_an_area_code_the_text_before_the_table_prints(tmp_path):
    """Every item's phone printed without its area code, the preamble's with it (咨询电话：0391-3364001): the draft
    gives the area code (it gave none: the build minted tel:3364001;phone-context=+86, which cannot be dialled)."""
    workbook(tmp_path / "zjj.xlsx", [["某县住房和城乡建设局政务公开事项目录"], ["咨询电话：0391-3364001"],
                                     ["序号", "事项名称", "公开内容", "联系电话"], [1, "建筑工程施工许可", "许可结果", "3364001"],
                                     [2, "商品房预售许可", "许可结果", "3364002"]])
    cat, text = drafted(tmp_path, "zjj.xlsx")
    assert 'phone_area_code: "0391"' in text and cat.mapping.phone_area_code == "0391"


def test_the_publication_date_the_page_gives(tmp_path):
    """发布日期 above the table (a web page's metadata) is drafted as catalogue.published (dct:issued); it was left
    out, and nothing told the reviewer."""
    (tmp_path / "ybj.html").write_text(
        '<html><head><meta charset="utf-8"></head><body><p>某区医疗保障局政府信息公开目录</p><p>发布日期：2024年4月12日 '
        '来源：区医保局</p><table border=1><tr><td>序号</td><td>事项名称</td><td>公开内容</td></tr><tr><td>1</td>'
        '<td>机构职能</td><td>职能</td></tr><tr><td>2</td><td>领导信息</td><td>姓名</td></tr></table></body></html>',
        encoding="utf-8")
    cat, text = drafted(tmp_path, "ybj.html")
    assert "published: 2024-04-12" in text and str(cat.mapping.published) == "2024-04-12"


def test_a_label_no_code_list_knows_moves_no_cell(tmp_path):
    """A text copy (trailing empty 备注 cells dropped) whose 发布平台 (channels) cell names no known channel (家长群):
    the row's cells stay where they are (the draft re-seated the row by content: 家长群 became the time limit, 开学前
    the duration, 一学期 was lost)."""
    rows = [["序号", "公开事项", "公开内容", "公开途径", "发布平台", "公开时间", "公开时长", "备注"],
            ["1", "义务教育招生政策", "招生范围、条件、程序", "政府网站、公告栏", "县教育局官网", "每年招生前", "长期"],
            ["2", "学区划分", "学校学区范围", "政府网站，政务微信", "微信公众号", "每年6月30日前", "1年", "随招生政策发布"],
            ["3", "招生结果", "录取名单", "学校公示栏", "政府网站", "录取结束后5个工作日内", "公示期7天"],
            ["4", "校车安全管理", "校车线路、驾驶员信息", "公告栏", "家长群", "开学前", "一学期"],
            ["5", "教育收费", "收费项目、标准、依据", "政府网站；公示栏", "学校公示栏", "收费前", "长期", "物价部门核准"]]
    (tmp_path / "jyj.txt").write_text("某县教育局政务公开事项目录\n" + "\n".join("\t".join(r) for r in rows) + "\n",
                                      encoding="utf-8")
    cat, text = drafted(tmp_path, "jyj.txt")
    bus = next(r for r in cat.records if r.name == "校车安全管理")
    assert (bus.time_limit.text, bus.duration) == ("开学前", "一学期") and "realign: true" not in text, text


@pytest.mark.parametrize("word", ["目录类别", "信息类别", "事项分类", "公开事项"])
def test_a_text_copy_whose_levels_head_under_a_category_wording(tmp_path, word):
    """A page's two-row header with 目录类别 (信息类别, 事项分类) spanning 一级目录 | 二级目录 | 三级目录, selected and
    pasted as text: the two header rows line up as they do under 公开事项 (the wording spanning the levels was
    taken as the name column: the 二级 and 三级 columns were dropped and items named by their first level)."""
    rows = [f"序号\t{word}\t公开内容\t公开依据\t公开时限\t公开渠道\t公开对象", "一级目录\t二级目录\t三级目录\t社会公众\t特定对象",
            "1\t土地管理\t土地征收\t征收启动公告\t征收范围、征收目的\t《中华人民共和国土地管理法》\t拟征收土地前\t政府网站\t√\t",
            "2\t征地补偿安置方案\t补偿标准、安置方式\t《中华人民共和国土地管理法》\t方案拟定后30日内\t政府网站\t\t√",
            "3\t城乡规划\t规划许可\t建设工程规划许可证\t项目名称、建设位置\t《中华人民共和国城乡规划法》\t核发之日起7个工作日内\t政府网站\t√\t"]
    (tmp_path / "zrzy.txt").write_text("某县自然资源和规划局政务公开目录\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "zrzy.txt")
    assert [(r.name, r.category, r.time_limit.text) for r in cat.records] == [
        ("征收启动公告", ["土地管理", "土地征收"], "拟征收土地前"), ("征地补偿安置方案", ["土地管理", "土地征收"], "方案拟定后30日内"),
        ("建设工程规划许可证", ["城乡规划", "规划许可"], "核发之日起7个工作日内")], text


def test_a_channel_list_with_a_label_the_code_list_lacks_stays_a_channel_list_in_a_shifted_row(tmp_path):
    """A text copy whose 发布机构 is merged down the whole table (the rows below print no cell for it, the rest
    shifted left): a 公开形式 cell naming a channel the code list has beside one it lacks (政府网站、新华书店) is
    the row's channels (it was seated as the publishing body, and inherited by every item below)."""
    rows = ["序号\t信息名称\t公开内容\t公开时限\t发布机构\t公开形式\t公开范围",
            "1\t机构职能\t主要职责、内设机构\t信息形成之日起20个工作日内\t某市统计局\t政府网站\t全社会",
            "2\t统计年鉴\t年度统计资料汇编\t每年10月底前\t政府网站、新华书店\t全社会",
            "3\t统计公报\t国民经济统计公报\t每年3月31日前\t政府网站\t全社会"]
    (tmp_path / "tjj.txt").write_text("某市统计局政府信息公开目录\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cat, text = drafted(tmp_path, "tjj.txt")
    got = [(r.name, r.subject, [c.rsplit("/", 1)[-1] for c in r.channels]) for r in cat.records]
    assert [(n, s) for n, s, _ in got] == [("机构职能", "某市统计局"), ("统计年鉴", "某市统计局"), ("统计公报", "某市统计局")], text
    assert got[1][2][0] == "website" and len(got[1][2]) == 2, got     # 新华书店 kept, outside the code list


def test_offices_headed_as_chinese_catalogues_word_them_and_printed_media(tmp_path):
    """承办股室 (承办处室, 经办科室 …) heads the responsible office (it was kept as text under its header); a
    channel printed as a publication (统计年鉴（纸质）, 宣传册) is the print media (it was a label of its own)."""
    name = sheet(tmp_path, "jt.xlsx", ["序号", "事项名称", "公开内容", "承办股室", "公开渠道"], [
        [1, "统计年报", "年度统计数据", "综合股", "政府网站、统计年鉴（纸质）"],
        [2, "政策解读", "解读材料", "政策法规股", "宣传册"]])
    cat, text = drafted(tmp_path, name)
    assert [(r.responsible_unit, [c.rsplit("/", 1)[-1] for c in r.channels]) for r in cat.records] == [
        ("综合股", ["website", "print-media"]), ("政策法规股", ["print-media"])], text


def test_codes_printed_before_the_names(tmp_path):
    """A level's or an item's code before its name on one line (010000 建设工程管理, 01010001、施工许可证核发) is its
    code, as one printed after or under the name is (the code stayed inside the category's label, and no code was
    kept)."""
    name = sheet(tmp_path, "zjj.xlsx", ["序号", "一级事项", "二级事项", "事项名称", "公开内容"], [
        [1, "010000 建设工程管理", "010100 施工许可", "01010001、建筑工程施工许可证核发", "许可结果"],
        [2, "010000 建设工程管理", "010200 质量监督", "01020001、工程质量监督抽查", "抽查结果"],
        [3, "020000 住房保障", "020100 公租房", "02010001、公租房配租", "配租结果"]])
    cat, text = drafted(tmp_path, name)
    assert [(r.name, r.code, r.category, r.category_codes) for r in cat.records] == [
        ("建筑工程施工许可证核发", "01010001", ["建设工程管理", "施工许可"], ["010000", "010100"]),
        ("工程质量监督抽查", "01020001", ["建设工程管理", "质量监督"], ["010000", "010200"]),
        ("公租房配租", "02010001", ["住房保障", "公租房"], ["020000", "020100"])], text


LEVELS = [["序号", "一级事项", "二级事项", "三级事项", "公开内容"],
          [1, "土地管理", "土地征收", "征收启动公告", "征收范围"],
          [2, "土地管理", "土地征收", "征地补偿安置方案", "补偿标准"],
          [3, "机构信息", "机构信息", "机构职能", "职能"],
          [4, "政府信息公开年报", "政府信息公开年报", "政府信息公开年报", "年报"],
          [5, "规划管理", "规划公示", "规划公示", "规划"]]
#: rows 3-5 of LEVELS: a cell merged across 一级 | 二级, across all three, across 二级 | 三级
ACROSS = {3: (1, 2), 4: (1, 3), 5: (2, 3)}


def _levels_page() -> str:
    rows = []
    for n, row in enumerate(LEVELS):
        if n in ACROSS:
            a, b = ACROSS[n]
            row = row[:a] + [(row[a], b - a + 1)] + row[b + 1:]
        rows.append("<tr>" + "".join(f"<td colspan={c[1]}>{c[0]}</td>" if isinstance(c, tuple) else f"<td>{c}</td>"
                                     for c in row) + "</tr>")
    return (f'<html><head><meta charset="utf-8"></head><body><p>某县自然资源和规划局政务公开目录</p><table border=1>'
            f'{"".join(rows)}</table></body></html>')


@pytest.mark.parametrize("form", ["html", "xlsx"])
def test_a_level_cell_merged_across_is_read_once(tmp_path, form):
    """A level cell merged across the level to its right is one level (机构信息 over 一级 | 二级 was two alike); a
    second level merged across into the name column names the item and is no level (土地供应计划 over 二级 | 三级
    was a level and the name both); a first level across them all stays the item's category (as 税费统计 | — | —)."""
    if form == "html":
        (tmp_path / "zr.html").write_text(_levels_page(), encoding="utf-8")
        name = "zr.html"
    else:
        cols = "ABCDE"
        name = workbook(tmp_path / "zr.xlsx", [["某县自然资源和规划局政务公开目录"], *LEVELS],
                        merges=tuple(f"{cols[a]}{n + 2}:{cols[b]}{n + 2}" for n, (a, b) in ACROSS.items()))
    cat, text = drafted(tmp_path, name)
    assert [(r.name, r.category) for r in cat.records] == [
        ("征收启动公告", ["土地管理", "土地征收"]), ("征地补偿安置方案", ["土地管理", "土地征收"]), ("机构职能", ["机构信息"]),
        ("政府信息公开年报", ["政府信息公开年报"]), ("规划公示", ["规划管理"])], text


def test_tables_titled_by_a_labelled_domain(tmp_path):
    """A sheet per domain, each titled 领域：X beside an update date: X is the items' first level (the drafted
    pattern wanted words before 领域: every title was refused, with a warning, and every item lost its domain)."""
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for domain, rows in {"建设工程": [["建设工程管理", "施工许可核发"], ["建设工程管理", "质量监督抽查结果"]],
                         "住房保障": [["保障性住房", "公租房配租结果"], ["物业管理", "物业企业信用信息"]]}.items():
        ws = wb.create_sheet(domain)
        ws.append(["某市住房和城乡建设局政府信息公开目录"])
        ws.append([f"领域：{domain}          更新日期：2023年4月"])
        ws.append(["序号", "一级事项", "二级事项", "公开内容"])
        for n, (level, item) in enumerate(rows, 1):
            ws.append([n, level, item, f"{item}的信息"])
    wb.save(tmp_path / "zjj.xlsx")
    cat, text = drafted(tmp_path, "zjj.xlsx")
    assert [(r.category, r.name) for r in cat.records] == [
        (["建设工程", "建设工程管理"], "施工许可核发"), (["建设工程", "建设工程管理"], "质量监督抽查结果"),
        (["住房保障", "保障性住房"], "公租房配租结果"), (["住房保障", "物业管理"], "物业企业信用信息")], text
    assert not [w for w in cat.warnings if "titles.pattern" in w], cat.warnings
