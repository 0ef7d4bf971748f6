"""公开依据 and 公开时限 as the catalogues of other agencies word them (a probe of 12 catalogues of 12 agencies,
read with unedited drafts): revision notes, numbers in other brackets and in Chinese numerals, standards, lists
of paragraphs and items, chapters and annexes, a lost 》 (mappings/legal.py); periods, Chinese numerals and
months of the year in time limits (mappings/timelimit.py)."""
from __future__ import annotations

import pytest

from zwgk.mappings import legal
from zwgk.mappings.legal import chinese_number, parse_legal_basis
from zwgk.mappings.timelimit import parse_time_limit

REG = "《中华人民共和国政府信息公开条例》"
OGI = "中华人民共和国政府信息公开条例"


@pytest.mark.parametrize("cell,want", [
    # a revision note after the title, alone, before the articles, after them, in the title, without brackets:
    # the instrument in force, no instrument of its own, the articles kept
    ("《中华人民共和国环境影响评价法》（2018年修正）第二十五条", [("中华人民共和国环境影响评价法", None, ("25",))]),
    ("《中华人民共和国职业病防治法》（2018年修正）", [("中华人民共和国职业病防治法", None, ())]),
    ("《中华人民共和国行政处罚法》（2021年修订版）第四十八条", [("中华人民共和国行政处罚法", None, ("48",))]),
    (f"{REG}2019年修订第二十条", [(OGI, None, ("20",))]),
    (f"{REG}第二十条（2019年修订）", [(OGI, None, ("20",))]),
    ("《中华人民共和国政府信息公开条例（2019年修订）》第二十条", [(OGI, None, ("20",))]),
    (f"2019年修订{REG}", [(OGI, None, ())]),
    ("中华人民共和国律师法（2017年修正）第二十三条", [("中华人民共和国律师法", None, ("23",))]),
    ("《中华人民共和国农业技术推广法》（1993年7月2日第八届全国人民代表大会常务委员会第二次会议通过，"
     "2012年8月31日修正）第十一条", [("中华人民共和国农业技术推广法", None, ("11",))]),
    ("《中华人民共和国公路法》（2017年修正）第二十条；《公路安全保护条例》（国务院令第593号）第二十七条",
     [("中华人民共和国公路法", None, ("20",)), ("公路安全保护条例", "国务院令第593号", ("27",))]),
    # an order's number in Chinese numerals, in 【】 [] 〔〕, in the word order 国务院第711号令
    ("《中华人民共和国医师法》（主席令第九十四号）第十三条", [("中华人民共和国医师法", "主席令第94号", ("13",))]),
    ("《中华人民共和国退役军人保障法》（中华人民共和国主席令第六十三号）", [("中华人民共和国退役军人保障法", "主席令第63号", ())]),
    ("《中华人民共和国审计法》【主席令第100号】第三十六条", [("中华人民共和国审计法", "主席令第100号", ("36",))]),
    ("《收费公路管理条例》[国务院令第417号]第三十二条", [("收费公路管理条例", "国务院令第417号", ("32",))]),
    ("《农村五保供养工作条例》〔国务院令第456号〕", [("农村五保供养工作条例", "国务院令第456号", ())]),
    (f"{REG}（国务院第711号令）第四十九条", [(OGI, "国务院令第711号", ("49",))]),
    (f"{REG}国务院第711号令", [(OGI, "国务院令第711号", ())]),
    ("《道路旅客运输及客运站管理规定》【交通运输部令2020年第17号】第十四条",
     [("道路旅客运输及客运站管理规定", "交通运输部令2020年第17号", ("14",))]),
    # a standard's number, after its title or before it, in brackets or not
    ("《环境空气质量标准》（GB 3095-2012）", [("环境空气质量标准", "GB3095-2012", ())]),
    ("《旅游景区质量等级的划分与评定》（GB/T 17775-2003）", [("旅游景区质量等级的划分与评定", "GB/T17775-2003", ())]),
    ("GB/T 40181-2021《一体化政务服务平台 政务服务事项基本目录编码要求》",
     [("一体化政务服务平台政务服务事项基本目录编码要求", "GB/T40181-2021", ())]),
    ("《建设项目环境影响评价技术导则 总纲》HJ 2.1-2016", [("建设项目环境影响评价技术导则总纲", "HJ2.1-2016", ())]),
    ("《公共机构能源资源计量器具配备和管理要求》（DB33/T 1234—2021）第五条",
     [("公共机构能源资源计量器具配备和管理要求", "DB33/T1234-2021", ("5",))]),
    # lists of paragraphs, items and articles, all of them
    (f"{REG}第二十条第（五）、（六）项", [(OGI, None, ("20(5)", "20(6)"))]),
    (f"{REG}第二十条第（一）项、第（五）项", [(OGI, None, ("20(1)", "20(5)"))]),
    ("《中华人民共和国特种设备安全法》第二十条第一款、第二款", [("中华人民共和国特种设备安全法", None, ("20.1", "20.2"))]),
    ("《中华人民共和国传染病防治法》（2013年修正）第三十八条第一款、第二款",
     [("中华人民共和国传染病防治法", None, ("38.1", "38.2"))]),
    (f"{REG}第二十、二十一条", [(OGI, None, ("20", "21"))]),
    (f"{REG}第三十八条第一、二款", [(OGI, None, ("38.1", "38.2"))]),
    (f"{REG}第十九条第一款第（三）、（四）项、第二款", [(OGI, None, ("19.1(3)", "19.1(4)", "19.2"))]),
    # a chapter, a section, an annex: no instrument, no article
    ("《突发事件应急预案管理办法》（国办发〔2024〕5号）第三章", [("突发事件应急预案管理办法", "国办发〔2024〕5号", ())]),
    ("《财政部关于印发〈地方预决算公开操作规程〉的通知》（财预〔2016〕143号）附件2",
     [("财政部关于印发〈地方预决算公开操作规程〉的通知", "财预〔2016〕143号", ())]),
    ("《党政主要领导干部和国有企事业单位主要领导人员经济责任审计规定》第二章、第四十条",
     [("党政主要领导干部和国有企事业单位主要领导人员经济责任审计规定", None, ("40",))]),
    (f"{REG}第四章第二节", [(OGI, None, ())]),
    # a title that lost its 》 before its articles
    ("《中华人民共和国环境保护法第五十四条", [("中华人民共和国环境保护法", None, ("54",))]),
    ("《中华人民共和国环境保护法第五十四条、《中华人民共和国大气污染防治法》第二十三条",
     [("中华人民共和国环境保护法", None, ("54",)), ("中华人民共和国大气污染防治法", None, ("23",))]),
])
def test_legal_basis_wordings(cell, want):
    got = parse_legal_basis(cell)
    assert [(c.title, c.doc_number, c.articles) for c in got] == want


@pytest.mark.parametrize("cell,text", [
    # what is read past stays in the citation's text, as the agency wrote it
    ("《突发事件应急预案管理办法》（国办发〔2024〕5号）第三章", "《突发事件应急预案管理办法》（国办发〔2024〕5号）第三章"),
    ("《中华人民共和国职业病防治法》（2018年修正）、三定方案", "《中华人民共和国职业病防治法》（2018年修正）"),
    ("1.《中华人民共和国环境影响评价法》（2018年修正）第二十五条\n2.《建设项目环境保护管理条例》（国务院令第682号）第九条",
     "《中华人民共和国环境影响评价法》（2018年修正）第二十五条"),
])
def test_what_is_read_past_stays_in_the_text(cell, text):
    assert parse_legal_basis(cell)[0].text == text


def test_one_law_whatever_the_spelling_of_its_number():
    a, = parse_legal_basis("《中华人民共和国医师法》（主席令第九十四号）第十三条")
    b, = parse_legal_basis("《中华人民共和国医师法》（主席令第94号）第二十二条")
    c, = parse_legal_basis("《中华人民共和国医师法》（中华人民共和国主席第94号令）")
    assert a.identifier == b.identifier == c.identifier == "主席令第94号" and a.number == "94"


@pytest.mark.parametrize("cell,kind", [
    # ministries numbering their orders by year: rules, as those numbered 第N号
    ("《城市公共汽车和电车客运管理规定》（交通运输部令2017年第5号）", "departmental-rule"),
    ("《农业行政处罚程序规定》（农业农村部令2021年第1号）", "departmental-rule"),
    ("《网络预约出租汽车经营服务管理暂行办法》（交通运输部 工业和信息化部 公安部 商务部 工商总局 质检总局 国家网信办令"
     "2016年第60号）", "departmental-rule"),
    # the State Council's and the Central Military Commission's joint orders: administrative regulations
    ("《退役士兵安置条例》（国务院、中央军委令第608号）", "administrative-regulation"),
    ("《中华人民共和国政府信息公开条例》（国务院第711号令）", "administrative-regulation"),
    ("《中华人民共和国审计法》【主席令第100号】", "law"),
    # a standard is no law, rule or document with a 文号
    ("《环境空气质量标准》（GB 3095-2012）", "other"),
    # local governments' orders are local government rules (地方政府规章), not ministries' rules
    ("《浙江省行政规范性文件管理办法》（浙江省人民政府令第372号）", "local-government-rule"),
    ("《杭州市政府信息公开规定》（杭州市政府令第300号）", "local-government-rule"),
    # announced by a local people's congress standing committee: local regulations (地方性法规)
    ("《江苏省物业管理条例》（江苏省人大常委会公告第9号）", "local-regulation"),
    ("《浙江省公共数据条例》（浙江省第十三届人民代表大会常务委员会公告第82号）", "local-regulation"),
])
def test_legal_types(cell, kind):
    [c] = parse_legal_basis(cell)
    assert c.legal_type == kind


def test_a_short_title_of_an_instrument_cited_with_and_without_its_number():
    """The number printed once, the title alone in other rows, a short title in a third: 《条例》 and 《安全生产法》
    are that one instrument (it was counted twice, the short title left unresolved)."""
    cells = [parse_legal_basis(f"{REG}（国务院令第711号）第十九条"), parse_legal_basis(f"{REG}第二十条"),
             parse_legal_basis("《条例》第四十九条、第五十条"),
             parse_legal_basis("《中华人民共和国安全生产法》（主席令第八十八号）第七十八条"),
             parse_legal_basis("《中华人民共和国安全生产法》第八十六条"), parse_legal_basis("《安全生产法》第七十条")]
    cited, unresolved = legal.resolve_short_titles(cells)
    assert [[(c.identifier, c.articles) for c in cs] for cs in cited] == [
        [("国务院令第711号", ("19",))], [("国务院令第711号", ("20",))], [("国务院令第711号", ("49", "50"))],
        [("主席令第88号", ("78",))], [("主席令第88号", ("86",))], [("主席令第88号", ("70",))]]
    assert not unresolved


@pytest.mark.parametrize("text,n", [("一〇〇", 100), ("七一一", 711)])
def test_numerals_digit_by_digit(text, n):
    assert chinese_number(text) == n


@pytest.mark.parametrize("text,amount,unit,deadline,period", [
    # periods worded as 更新频率 words them
    ("1次/年", None, None, None, "yearly"), ("年度", None, None, None, "yearly"), ("一年一次", None, None, None, "yearly"),
    ("每季", None, None, None, "quarterly"), ("按季", None, None, None, "quarterly"),
    ("1次/月", None, None, None, "monthly"), ("月度", None, None, None, "monthly"),
    # a quarter or a month named in a year is a time of the year, not a period or an amount of its own
    ("每年第一季度", None, None, None, "yearly"), ("每年1月份", None, None, None, "yearly"),
    ("每年3月15日", None, None, None, "yearly"),
    # schools publish by the school year and its terms (学校名录 每学年更新, 收费项目 每学期公示)
    ("每学年更新", None, None, None, "yearly"), ("每学期开学前", None, None, None, "half-yearly"),
    ("按学期公示", None, None, None, "half-yearly"),
    # Chinese numerals in deadlines and amounts
    ("每年一月底前", None, None, "--01-31", None), ("每年十二月三十一日前", None, None, "--12-31", None),
    ("信息形成或者变更之日起二十个工作日内", 20, "working-day", None, None),
    ("一周内", 7, "day", None, None),
    # a day of the next month, a year, a month of it are no amounts
    ("次月10日前", None, None, None, None), ("2023年3月批复后20日内", 20, "day", None, None),
    # hours (突发事件: 5小时内发布权威信息); the first limit is the item's
    ("事件发生后5小时内发布权威信息，24小时内举行新闻发布会", 5, "hour", None, None),
    ("24个小时内", 24, "hour", None, None), ("两小时内", 2, "hour", None, None),
])
def test_time_limit_wordings(text, amount, unit, deadline, period):
    t = parse_time_limit(text)
    assert (t.amount, t.unit, t.annual_deadline, t.period) == (amount, unit, deadline, period)
    assert t.text == text


@pytest.mark.parametrize("cell,want", [
    # an edition is part of the title (another 名录 each year); a number beside a note is read as it was
    ("《建设项目环境影响评价分类管理名录（2021年版）》（生态环境部令第16号）",
     [("建设项目环境影响评价分类管理名录（2021年版）", "生态环境部令第16号", ())]),
    ("《中华人民共和国道路运输条例》（国务院令第406号，2023年修订）第十条",
     [("中华人民共和国道路运输条例", "国务院令第406号", ("10",))]),
])
def test_legal_basis_wordings_read_as_before(cell, want):
    assert [(c.title, c.doc_number, c.articles) for c in parse_legal_basis(cell)] == want


@pytest.mark.parametrize("text,amount,unit,period", [
    # Chinese numerals read as amounts only where they are one: not how often (两周更新一次), an ordinal
    # (第一个工作日), in a word (一次性, 上一年度, 五年规划)
    ("两周更新一次", None, None, "biweekly"), ("每月第一个工作日", None, None, "monthly"),
    ("20个工作日内一次性告知", 20, "working-day", None), ("1次/季度", None, None, "quarterly"),
    ("每年1月31日前公开上一年度报告", None, None, None), ("住房发展五年规划", None, None, None),
])
def test_time_limit_wordings_read_as_before(text, amount, unit, period):
    t = parse_time_limit(text)
    assert (t.amount, t.unit, t.period) == (amount, unit, period)


# -- line breaks in a 公开依据 cell (probe p21) -------------------------------------------------------

@pytest.mark.parametrize("lines,entries", [
    # a break typed between two entries (Excel's Alt+Enter, Word's paragraphs, <br>): two entries
    (["中华人民共和国人民调解法", "中华人民共和国法律援助法"], 2),
    (["国办发〔2019〕54号", "国办发〔2019〕14号"], 2),
    (["中共中央办公厅、国务院办公厅印发《关于全面推进政务公开工作的意见》的通知", "国务院办公厅印发《X》的通知"], 2),
    ([f"{REG}第二十条", "《社会救助暂行办法》"], 2),
    (["1.《社会救助暂行办法》", "2.三定方案"], 2),
    # a wrap of a narrow column (a PDF's): one entry
    ([REG, "（国务院令第711号）", "第二十条"], 1),
    (["《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布，", "2019年4月3日国务院令第711号修订）"], 1),
    (["《中华人民共和国政府信", "息公开条例》"], 1),
    (["中华人民共和国政府信息公开", "条例"], 1),
    ([f"{REG}第十九条", "第二十条"], 1),
    ([f"{REG}第二十条", "（一）项"], 1),
    ([REG, "国务院令第711号"], 1),          # a title's number under it
    (["国务院第711号", "令"], 1),
    (["中华人民共和国政府信息公开条例", "实施办法"], 1),
    (["根据相关法", "律法规"], 1),           # a title's last word (法) alone is no entry's end
    (["《X》印发《Y》", "的通知"], 1),
    # a document number wrapped in a print's narrow column after its year in brackets (bench/writer_prints.py's
    # prints read 国办发[2017] and 47号 as two citations)
    (["国办", "发", "[20", "17]", "47", "号"], 1), (["国办发[2017]", "47号"], 1),
])
def test_line_breaks_between_citations_and_wraps(lines, entries):
    assert len(legal.entry_lines(lines)) == entries


def test_a_line_break_between_citations_in_a_cell_separates_them(tmp_path):
    """Lines of one 公开依据 cell were glued before they were read: two titles made one, and of two numbers the
    second was lost (国办发〔2019〕54号国办发〔2019〕14号 read as 54号 alone). Wraps still join."""
    from openpyxl import Workbook
    from .test_wordings import drafted
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "公开依据", "公开时限"])
    for n, cell in enumerate(["中华人民共和国人民调解法\n中华人民共和国法律援助法", "国办发〔2019〕54号\n国办发〔2019〕14号",
                              f"{REG}\n（国务院令第711号）\n第二十条", "根据相关法\n律法规"], 1):
        ws.append([str(n), f"事项{n}", cell, "20个工作日"])
    wb.save(tmp_path / "t.xlsx")
    cat, _ = drafted(tmp_path, "t.xlsx")
    assert [[(c.identifier, c.articles) for c in r.legal_basis] for r in cat.records] == [
        [("中华人民共和国人民调解法", ()), ("中华人民共和国法律援助法", ())],
        [("国办发〔2019〕54号", ()), ("国办发〔2019〕14号", ())],
        [("国务院令第711号", ("20",))], []]


@pytest.mark.parametrize("cell,number", [
    # a revision history in the bracket: the last number named is the one in force, its parts apart with a
    # comma, a space (full-width or not) or nothing, a part led by 根据
    (f"{REG}（2007年4月5日中华人民共和国国务院令第492号公布\u30002019年4月3日中华人民共和国国务院令第711号修订）",
     "国务院令第711号"),
    (f"{REG}（2007年4月5日国务院令第492号公布2019年4月3日国务院令第711号修订）", "国务院令第711号"),
    ("《市场监督管理行政处罚程序规定》（2018年12月21日国家市场监督管理总局令第2号公布，根据2021年7月2日"
     "国家市场监督管理总局令第42号修正）", "国家市场监督管理总局令第42号"),
    # the later revision by a decision without a number of its own: the number named before it
    ("《殡葬管理条例》（1997年7月21日中华人民共和国国务院令第225号发布 根据2012年11月9日《国务院关于修改和废止部分"
     "行政法规的决定》修订）", "国务院令第225号"),
])
def test_the_number_in_force_in_a_revision_history(cell, number):
    [c] = parse_legal_basis(cell)
    assert c.doc_number == number and "修订" not in c.title and "决定" not in c.title


@pytest.mark.parametrize("cell,want", [
    # a notice issuing the instrument in 《》, without its number: the notice as printed, its issuers listed with
    # 、 in its title (they were instruments of their own: 中共中央办公厅, 国务院办公厅印发, 的通知)
    ("中共中央办公厅、国务院办公厅印发《关于全面推进政务公开工作的意见》的通知",
     [("中共中央办公厅、国务院办公厅印发《关于全面推进政务公开工作的意见》的通知", None)]),
    # …印发《X》 with no notice after it: X, the words issuing it no instrument
    ("1.中共中央办公厅 国务院办公厅印发《关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见》",
     [("关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见", None)]),
    ("国务院办公厅印发《X办法》（国办发〔2016〕8号）", [("X办法", "国办发〔2016〕8号")]),
    # with its number: the issuers listed with 、 are the notice's, numbering and 依据 before it are not
    ("中共中央办公厅、国务院办公厅印发《关于全面推进政务公开工作的意见》的通知（中办发〔2016〕8号）",
     [("中共中央办公厅、国务院办公厅印发《关于全面推进政务公开工作的意见》的通知", "中办发〔2016〕8号")]),
    ("1.依据国务院办公厅印发《X办法》的通知（国办发〔2016〕8号）", [("国务院办公厅印发《X办法》的通知", "国办发〔2016〕8号")]),
    # an instrument listed before the notice stays one
    ("三定方案、财政部关于印发《地方预决算公开操作规程》的通知（财预〔2016〕143号）",
     [("三定方案", None), ("财政部关于印发《地方预决算公开操作规程》的通知", "财预〔2016〕143号")]),
])
def test_a_notice_issuing_an_instrument(cell, want):
    got = parse_legal_basis(cell)
    assert [(c.title, c.doc_number) for c in got] == want
    assert got[-1].text.endswith(cell[cell.index("《"):]) and got[-1].text[0] not in "1依"


def test_a_title_cited_under_an_old_number_and_the_one_in_force():
    """A catalogue partly updated: the old 国务院令第492号 left in one row. The title alone and 《条例》 elsewhere are
    the instrument in force (the later number of the series); the row printing the old number keeps it. (Two
    numbers for one title left them all without a number, and the warning said the catalogue cited none.)"""
    cells = [parse_legal_basis(f"{REG}（国务院令第711号）"), parse_legal_basis(f"{REG}（国务院令第492号）"),
             parse_legal_basis("《条例》第五十条"), parse_legal_basis(f"{REG}第十二条"),
             parse_legal_basis("《X办法》（某发〔2016〕3号）"), parse_legal_basis("《X办法》（某发〔2021〕7号）"),
             parse_legal_basis("《X办法》第三条")]
    cited, unresolved = legal.resolve_short_titles(cells)
    assert [[(c.identifier, c.articles) for c in cs] for cs in cited] == [
        [("国务院令第711号", ())], [("国务院令第492号", ())], [("国务院令第711号", ("50",))],
        [("国务院令第711号", ("12",))], [("某发〔2016〕3号", ())], [("某发〔2021〕7号", ())], [("某发〔2021〕7号", ("3",))]]
    assert not unresolved


def test_numbers_of_two_series_for_one_title_are_not_guessed(tmp_path):
    """Numbers that do not order (a 令 and a 〔year〕 number) leave the title alone unresolved, and the warning
    for a short title names the instruments it might stand for."""
    from openpyxl import Workbook
    from .test_wordings import drafted
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "公开依据", "公开时限"])
    for n, cell in enumerate([f"{REG}（国务院令第711号）", f"{REG}（国办发〔2019〕5号）", "《条例》第五十条"], 1):
        ws.append([str(n), f"事项{n}", cell, "20个工作日"])
    wb.save(tmp_path / "t.xlsx")
    cat, _ = drafted(tmp_path, "t.xlsx")
    assert [[c.identifier for c in r.legal_basis] for r in cat.records] == [["国务院令第711号"], ["国办发〔2019〕5号"],
                                                                            ["条例"]]
    [w] = [w for w in cat.warnings if "《条例》" in w]
    assert "国务院令第711号" in w and "国办发〔2019〕5号" in w and "cites none" not in w


@pytest.mark.parametrize("cell", [f"{REG}（国令第711号）", f"{REG}国令第711号", f"{REG}（中华人民共和国国令第七百一十一号）"])
def test_the_state_councils_orders_shortened(cell):
    """国令第711号 is the State Council's order 国务院令第711号 (it was an instrument of its own, a ministry's rule)."""
    [c] = parse_legal_basis(cell)
    assert (c.identifier, c.legal_type) == ("国务院令第711号", "administrative-regulation")


@pytest.mark.parametrize("cell,title", [
    # a title without 《》 and words after it that name no instrument: the title (the words were part of it)
    ("城市市容和环境卫生管理条例等法律法规", "城市市容和环境卫生管理条例"),
    ("城市市容和环境卫生管理条例及相关规定", "城市市容和环境卫生管理条例"),
    ("中华人民共和国预算法等", "中华人民共和国预算法"),
    # words that are part of the title stay
    ("中华人民共和国土地管理法及其实施条例", "中华人民共和国土地管理法及其实施条例"),
])
def test_a_bare_title_with_words_after_it_naming_no_instrument(cell, title):
    [c] = parse_legal_basis(cell)
    assert c.title == c.identifier == title and c.text == cell


@pytest.mark.parametrize("cell,title", [
    # quotation marks inside a title in 《》 are printed so (they were rewritten 《谁执法谁普法》, ending in 法)
    ("《关于实行国家机关“谁执法谁普法”普法责任制的意见》（中办发〔2017〕31号）", "关于实行国家机关“谁执法谁普法”普法责任制的意见"),
    ("《关于实行国家机关“谁执法谁普法”普法责任制的意见》", "关于实行国家机关“谁执法谁普法”普法责任制的意见"),
    # outside 《》 they are still a title's brackets
    ("《X》、“中华人民共和国法律援助法”", "中华人民共和国法律援助法"),
])
def test_quotation_marks_inside_a_title(cell, title):
    c = parse_legal_basis(cell)[-1]
    assert c.title == title and c.text.endswith(cell[-len(c.text):])


@pytest.mark.parametrize("cell,want", [
    # a document number printed before its title, as a standard's is (it was an instrument of its own, the title
    # another without a number)
    ("国务院令第711号《中华人民共和国政府信息公开条例》；国办发〔2018〕37号《国务院办公厅关于加强行政规范性文件制定和监督管理"
     "工作的通知》", [(OGI, "国务院令第711号", ()),
                  ("国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知", "国办发〔2018〕37号", ())]),
    ("国土资源部令第39号《招标拍卖挂牌出让国有建设用地使用权规定》第二十七条",
     [("招标拍卖挂牌出让国有建设用地使用权规定", "国土资源部令第39号", ("27",))]),
    ("1.依据国务院令第711号 《中华人民共和国政府信息公开条例》", [(OGI, "国务院令第711号", ())]),
    # a separator between them: two citations
    ("国办发〔2019〕14号、《社会救助暂行办法》", [("国办发〔2019〕14号", "国办发〔2019〕14号", ()), ("社会救助暂行办法", None, ())]),
])
def test_a_document_number_before_its_title(cell, want):
    assert [(c.title, c.doc_number, c.articles) for c in parse_legal_basis(cell)] == want


@pytest.mark.parametrize("cell,want", [
    # ） typed for 》: the title ends there (it ran to the cell's end, over the next citation or the articles)
    ("《中华人民共和国政府信息公开条例）、《安徽省政府信息公开办法》（省政府令第213号）",
     [(OGI, None, ()), ("安徽省政府信息公开办法", "省政府令第213号", ())]),
    ("《中华人民共和国安全生产法）第七十七条", [("中华人民共和国安全生产法", None, ("77",))]),
    # a bracket of the title's own is no end of it
    ("《X办法（试行）第三条", [("X办法（试行）", None, ("3",))]),
])
def test_a_bracket_typed_for_the_end_of_a_title(cell, want):
    got = parse_legal_basis(cell)
    assert [(c.title, c.doc_number, c.articles) for c in got] == want
    assert "".join(c.text for c in got) in cell.replace("、", "")


@pytest.mark.parametrize("cell,number", [
    # a joint order's number after the title without brackets, its issuers apart (they were two citations, neither
    # numbered; in brackets it was read)
    ("《学校食品安全与营养健康管理规定》教育部 国家市场监督管理总局 国家卫生健康委员会令第45号",
     "教育部国家市场监督管理总局国家卫生健康委员会令第45号"),
    # …as a cleaned cell has it, the spaces between Chinese characters gone
    ("《学校食品安全与营养健康管理规定》教育部国家市场监督管理总局国家卫生健康委员会令第45号",
     "教育部国家市场监督管理总局国家卫生健康委员会令第45号"),
    ("《退役士兵安置条例》国务院、中央军委令第608号", "国务院、中央军委令第608号"),
    ("教育部 国家市场监督管理总局 国家卫生健康委员会令第45号", "教育部国家市场监督管理总局国家卫生健康委员会令第45号"),
])
def test_a_joint_order_without_brackets(cell, number):
    [c] = parse_legal_basis(cell)
    assert c.doc_number == c.identifier == number


def test_what_is_no_issuer_stays_apart_from_a_number():
    a, b = parse_legal_basis(f"{REG}第二十条 国务院令第711号")
    assert (a.articles, b.identifier) == (("20",), "国务院令第711号")
    [c] = parse_legal_basis("中华人民共和国政府信息公开条例国务院令第711号")    # a title is no issuer
    assert c.doc_number is None


def test_issuers_are_read_in_linear_time():
    import time
    t = time.perf_counter()
    for text in ("部" * 2000, "部、" * 1000 + "令第1号", "国家市场监督管理总局" * 200 + "令第"):
        parse_legal_basis("《X》" + text)
    assert time.perf_counter() - t < 2


@pytest.mark.parametrize("cell,want", [
    # 〈〉 as a title's outer brackets: its 《》 (the cell was one title, 〈…〉第五十条, no article)
    ("〈中华人民共和国政府信息公开条例〉第五十条", [(OGI, None, ("50",))]),
    ("〈中华人民共和国政府信息公开条例〉（国务院令第711号）、〈X办法〉", [(OGI, "国务院令第711号", ()), ("X办法", None, ())]),
    # inside 《》 a title in 〈〉 is part of the title
    ("《国务院办公厅印发〈关于全面推进政务公开工作的意见〉实施细则的通知》（国办发〔2016〕80号）",
     [("国务院办公厅印发〈关于全面推进政务公开工作的意见〉实施细则的通知", "国办发〔2016〕80号", ())]),
])
def test_angle_brackets_around_a_title(cell, want):
    assert [(c.title, c.doc_number, c.articles) for c in parse_legal_basis(cell)] == want


def test_a_number_printed_alone_takes_the_title_printed_with_it_elsewhere():
    """财预〔2016〕143号 alone in one row, with its title in another: the instrument's title, not the number (and a
    short title resolves whichever row comes first)."""
    cells = [parse_legal_basis("财预〔2016〕143号"), parse_legal_basis("《地方预决算公开操作规程》（财预〔2016〕143号）"),
             parse_legal_basis("国务院令第711号"), parse_legal_basis(f"{REG}（国务院令第711号）"),
             parse_legal_basis("《条例》第五十条"), parse_legal_basis("国办发〔2019〕5号")]
    cited, unresolved = legal.resolve_short_titles(cells)
    assert [[(c.identifier, c.title, c.text) for c in cs] for cs in cited] == [
        [("财预〔2016〕143号", "地方预决算公开操作规程", "财预〔2016〕143号")],
        [("财预〔2016〕143号", "地方预决算公开操作规程", "《地方预决算公开操作规程》（财预〔2016〕143号）")],
        [("国务院令第711号", OGI, "国务院令第711号")], [("国务院令第711号", OGI, f"{REG}（国务院令第711号）")],
        [("国务院令第711号", OGI, "《条例》第五十条")],
        [("国办发〔2019〕5号", "国办发〔2019〕5号", "国办发〔2019〕5号")]]     # printed nowhere with a title
    assert not unresolved


# -- a probe of ~560 cell wordings through the parsing functions: what they got wrong ---------------------

@pytest.mark.parametrize("cell,want", [
    # list numbering between entries is no instrument (1, 2, 一 were instruments shared by every catalogue citing
    # so), and space-separated numbered bare titles are two
    ("1、《A办法》\n2、《B条例》", [("A办法", ()), ("B条例", ())]),
    ("一、《A办法》二、《B条例》", [("A办法", ()), ("B条例", ())]),
    ("1、A办法、2、B条例", [("A办法", ()), ("B条例", ())]),
    ("1.A办法 2.B条例", [("A办法", ()), ("B条例", ())]),
    ("中华人民共和国律师法第1、2条", [("中华人民共和国律师法", ("1", "2"))]),
    # a number naming no issuer identifies nothing: the title does (《A》（第5号令） and 《B》（第5号令） were one law)
    ("《A办法》（第5号令）", [("A办法", ())]),
    ("《A办法》（令第5号）", [("A办法", ())]),
    ("《A办法》（2019年第5号令）", [("A办法", ())]),
    # one law however its number is written: its date, a revision note beside it, 令711号, full-width digits
    (f"{REG}（2019年4月3日国务院令第711号）", [("国务院令第711号", ())]),
    (f"{REG}（2019年修订，国务院令第711号）", [("国务院令第711号", ())]),
    (f"{REG}（国务院令第711号 2019年修订）", [("国务院令第711号", ())]),
    (f"{REG}（国务院令711号）", [("国务院令第711号", ())]),
    ("国办发〔２０２０〕１７号", [("国办发〔2020〕17号", ())]),
    # numbers one after another outside brackets are each cited (the second was lost)
    ("国办发〔2019〕14号 国办发〔2019〕54号", [("国办发〔2019〕14号", ()), ("国办发〔2019〕54号", ())]),
    ("国办发〔2019〕14号和国办发〔2019〕54号", [("国办发〔2019〕14号", ()), ("国办发〔2019〕54号", ())]),
    ("国办发〔2019〕14号/国办发〔2019〕54号", [("国办发〔2019〕14号", ()), ("国办发〔2019〕54号", ())]),
    # two numbers in the bracket after a title: neither is known to be its own (they were one identifier)
    ("《A通知》（国办发〔2019〕14号、国办发〔2019〕54号）", [("A通知", ())]),
    # an article's text quoted after it, 之规定, a revision note with 的 before a title: no instruments
    (f"{REG}第二十条：行政机关应当依照本条例第十九条的规定", [(OGI, ("20",))]),
    ("《中华人民共和国行政许可法》第三十条规定：“行政机关应当将…公示”", [("中华人民共和国行政许可法", ("30",))]),
    (f"{REG}第二十条之规定", [(OGI, ("20",))]),
    (f"2019年修订的{REG}", [(OGI, ())]),
    (f"新修订的{REG}", [(OGI, ())]),
    # 及其实施条例 is the cited law's implementing regulation (it was one instrument for every law it followed)
    ("《中华人民共和国档案法》及其实施条例", [("中华人民共和国档案法", ()), ("中华人民共和国档案法实施条例", ())]),
    # a year or an order's number in round brackets inside the bracket after a title
    ("《国务院办公厅关于印发2020年政务公开工作要点的通知》（国办发（2020）17号）", [("国办发〔2020〕17号", ())]),
    ("《中华人民共和国预算法》（中华人民共和国主席令（第十二号））", [("主席令第12号", ())]),
    # the notice issuing an instrument's implementing rules, no 《》 around it: the notice alone
    ("国务院办公厅关于印发《关于全面推进政务公开工作的意见》实施细则的通知（国办发〔2016〕80号）", [("国办发〔2016〕80号", ())]),
    # a title without 《》 with its number and articles; a lost 》 before the number; <…> for 《》
    (f"{OGI}（国务院令第711号）第十九条", [("国务院令第711号", ("19",))]),
    (f"《{OGI}（国务院令第711号）", [("国务院令第711号", ())]),
    (f"<{OGI}>", [(OGI, ())]),
    # titles without 《》 run together
    ("中华人民共和国行政许可法中华人民共和国行政处罚法", [("中华人民共和国行政许可法", ()), ("中华人民共和国行政处罚法", ())]),
    # an item in brackets after its article, 项 left out (it was article 20 alone)
    (f"{REG}第二十条（五）", [(OGI, ("20(5)",))]),
    (f"{REG}第十九条（国务院令第711号）", [("国务院令第711号", ("19",))]),
])
def test_wordings_the_probe_found_misread(cell, want):
    assert [(c.identifier, c.articles) for c in parse_legal_basis(cell)] == want


@pytest.mark.parametrize("text,documents", [
    ("《政府工作报告》", True), ("《XX区国民经济和社会发展统计公报》", True), ("《2023年XX年鉴》", True),
    ("《XX市“十四五”规划（2021-2025年）》", True), ("《部门预算》、《部门决算》", True), ("《政府工作报告》全文", True),
    ("《中华人民共和国统计法》", False), ("《社会救助暂行办法》", False), ("《关于印发XX规划的通知》", False),
    ("《XX发展规划》（国发〔2016〕1号）", False), ("《政府工作报告》第三条", False), ("政府工作报告", False),
    (REG, False),
])
def test_documents_an_item_publishes_are_no_instruments(text, documents):
    """A report, bulletin, yearbook, plan, budget or list in 《》 (mappings/laws.yaml `document_endings`) is what an
    item publishes; a title ending as an instrument's does, a document number or an article make it a legal basis."""
    assert legal.names_documents(text) is documents
