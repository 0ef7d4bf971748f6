"""Legal bases (公开依据): split a cell into instruments and give each a normalised identifier.

《中华人民共和国政府信息公开条例》（国务院令 第 711 号）, 中华人民共和国政府信息公开条例》（国务院令第711号）
(opening 《 lost) and 《中华人民共和国 政府信息公开 条例》（国务院令 第 711 号） all name the instrument whose
identifier is 国务院令第711号. An instrument without a document number (三定方案, 《中华人民共和国预算法》)
is identified by its title with whitespace removed.

Articles cited after a title belong to that instrument: 《X》第二十条、第二十一条 is X cited with the
articles ("20", "21"), and so are articles alone after a separator (《X》（…号）；第二十条). Article notation
(LegalCitation.articles): the article number in Arabic numerals; a paragraph (款) follows after a dot, an item (项) in parentheses: 第十九条 → "19", 第十九条第二款 → "19.2",
第十九条第（三）项 → "19(3)", 第十九条第二款第三项 → "19.2(3)". A list of paragraphs or items belongs to the
article before it (第三十八条第一款、第二款 → "38.1", "38.2"; 第二十条第（五）、（六）项 → "20(5)", "20(6)"), and so
does 条 written once after a list (第二十、二十一条 → "20", "21"). zwgk has no notation for a chapter, a section or
an annex (第三章, 第二节, 附件2): they stay in the citation's text and name no instrument. A document number
written without brackets ends at 号: 国办发〔2017〕47号:发布本地区… cites 国办发〔2017〕47号 (the rest is no
instrument). A revision note (（2018年修正）, 2019年修订, （1993年7月2日…通过，2012年8月31日修正）) names the
instrument in force, the one cited without it: it stays in the text and is no instrument of its own.

A notice issuing an instrument (中共中央办公厅、国务院办公厅印发《X》的通知（中办发〔2016〕8号）) is the instrument
cited, its title as printed from its issuers on; …印发《X》 with no notice after it cites X.

A cell's line breaks are read before its text is (entry_lines): a break typed between two citations separates
them, a wrap of a narrow column joins, told apart by how the line before ends and the next begins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .cells import PLACEHOLDER


@lru_cache(maxsize=1)
def _laws_data() -> dict:
    import yaml
    return yaml.safe_load(Path(__file__).with_name("laws.yaml").read_text(encoding="utf-8"))


def _ending(key: str) -> str:
    """The words of a list of mappings/laws.yaml as one alternation (no group), longest first."""
    return "|".join(re.escape(str(w)) for w in sorted(_laws_data()[key], key=len, reverse=True))


_SEPARATORS = "、；;，,。\n"
#: the brackets a number after a title is put in: （）, and 【】 [] 〔〕 (【主席令第100号】, 〔国务院令第456号〕); a
#: number in （） may hold a year in 〔〕 (（国办发〔2017〕47号）)
_OPEN, _CLOSE = "（(【[［〔﹝", "）)】]］〕﹞"
_INSIDE = r"[^（）()【】\[\]［］]"
#: a number in brackets: （国务院令第711号）, and the word order 国务院第711号令 (read as 国务院令第711号)
_DOCNO_PAREN = re.compile(rf"^\s*[{re.escape(_OPEN)}]\s*({_INSIDE}*?号令?)\s*[{re.escape(_CLOSE)}]")
#: a bracket after a title that holds its document number among other words: （2019年4月3日国务院令第711号修订）,
#: （2007年…国务院令第492号公布，2019年…国务院令第711号修订）: the last number named is the one in force
_PAREN = re.compile(rf"^\s*[{re.escape(_OPEN)}]({_INSIDE}*)[{re.escape(_CLOSE)}]")
_DATE = re.compile(r"^\s*(?:根据|经|于)?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?")
_ENACTED = re.compile(r"(?:第[一二三四五六七八九十\d]+次)?(?:公布|发布|印发|修订|修正|施行|通过|实施)+\s*$")
#: where the parts of a revision history meet: a comma, or a date (根据 and a date) after what was done on the
#: date before, with a space or none (…令第492号公布　2019年…令第711号修订; …令第225号发布 根据2012年…修订)
_HISTORY_PARTS = re.compile(r"[，,；;]|(?<=公布|发布|印发|修订|修正|施行|通过|实施)\s*(?=(?:根据|经)?\s*\d{4}\s*年)"
                            r"|\s*(?=根据\s*\d{4}\s*年)|(?<=号)\s+(?=\d{4}\s*年)")
#: a part of a revision note: a date and what was done on it, the body and meeting between them (2018年修正,
#: 2021年修订版, 1993年7月2日第八届全国人民代表大会常务委员会第二次会议通过, 根据2012年…《关于修改…的决定》修正)
_NOTE_PART = re.compile(r"^\s*(?:根据|经|于)?\s*\d{4}\s*年.*?(?:公布|发布|印发|修订|修正|施行|通过|实施)(?:版|本|稿)?\s*$")
#: a revision note written without brackets (《X》2019年修订第二十条): the date and the word, nothing between
_NOTE_BARE = re.compile(r"^\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:第[一二三四五六七八九十\d]+次)?"
                        r"(?:公布|发布|印发|修订|修正|施行|通过|实施)+(?:版|本|稿)?")
#: a standard's number: GB 3095-2012, GB/T 17775-2003, HJ 2.1-2016, DB33/T 1234-2021, T/CECS 10-2019
_STANDARD_NO = (r"(?<![A-Za-z])[A-Z]{1,4}\d{0,2}(?:\s*/\s*[A-Z]{1,5})?\s*\d+(?:\.\d+)*\s*[-－—–]\s*(?:\d{4}|\d{2})"
                r"(?![\d.])")
_STANDARD = re.compile(_STANDARD_NO)
#: a standard's number after its title, in brackets or not: 《环境空气质量标准》（GB 3095-2012）
_STANDARD_AFTER = re.compile(rf"^\s*(?:[{re.escape(_OPEN)}]\s*({_STANDARD_NO})\s*[{re.escape(_CLOSE)}]"
                             rf"|({_STANDARD_NO}))")
#: …and before it: GB/T 40181-2021《…》
_STANDARD_BEFORE = re.compile(rf"({_STANDARD_NO})\s*$")
#: a notice issuing the instrument in 《》: 中共中央办公厅 国务院办公厅印发《关于…的意见》的通知（中办发〔2016〕8号）
_NOTICE = re.compile(r"^(?:实施细则|实施办法|实施意见|实施方案|细则|办法)?的(?:通知|决定|批复|函)")
#: the words issuing an instrument in 《》 before it: 中共中央办公厅 国务院办公厅印发《…》, 财政部关于印发《…》的通知
_ISSUING = re.compile(r"(?:印发|转发|发布|颁布)\s*$")
#: a text ending with its document number in brackets: 国务院办公厅关于印发…的通知（国办发〔2023〕15号）
_TAIL_PAREN = re.compile(r"[（(]([^（）()]*)[）)]\s*$")
#: numbering before a list entry (1. 2、 （1） ① 一、) and the words that lead into a citation (依据《X》)
ENTRY_NUMBER = re.compile(r"^(?:[\u2460-\u2473]|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]"
                           r"|\d{1,2}\s*[.．、)）]|[一二三四五六七八九十]{1,3}、)\s*")
_LEAD_IN = re.compile(r"^(?:依据|根据|按照|依照|遵照|参照|详见|参见)\s*")
#: an article range (第九条至第十五条) is read as its articles up to this width, as its two ends beyond (a
#: hostile 第1条至第99999条); and so is every range once a citation has this many articles
RANGE_MAX = 200
ARTICLES_MAX = 1000
_YEAR_BRACKETS = re.compile(r"[〔﹝［\[（(【]\s*(\d{4})\s*[〕﹞］\]）)】]")
_TRAILING_NUMBER = re.compile(r"(\d+)\s*号$")
#: what is left beside the titles and numbers and names no instrument: 等, 规定 (…第二十条规定), 等法律法规,
#: 相关政策文件
_NOT_AN_INSTRUMENT = re.compile(r"^(?:等|及|和|以及|与|其他|其它)?其?[的之]?(?:(?:有关|相关|其他|其它|配套)?(?:法律法规|法律|法规|规章"
                                r"|文件|政策|规定|要求|精神|条款))*等?$")
#: where words after a title naming no instrument may start (…条例等法律法规, …办法及相关规定)
_AND_OTHERS = re.compile(r"等|及|和|以及|与|其他|其它")
#: an issuer named alone in a list of issuers before what they issued (省、市相关文件, 国家、省有关规定)
_ISSUER = re.compile(r"(?:国家|中央|国务院|上级|省|市|县|区|州|乡|镇|街道|部|省级|市级|县级|区级|省委|市委|县委|"
                     r"(?:省|市|县|区)(?:人民)?政府|(?:省|市|县|区)(?:委|政府)办公厅|(?:省|市|县|区)(?:委|政府)办公室)")
#: a word joining a title to the issuers after it (《X》和省、市有关规定, 《X》及省有关规定)
_JOINED_ISSUER = re.compile(rf"^\s*(?:以及|和|及|与)(?=(?:{_ISSUER.pattern}))")
_DIGIT = r"[0-9０-９零〇一二两三四五六七八九十百千]"
_NUM = rf"{_DIGIT}+"
_TO = r"\s*(?:至|到|[-－—~～])\s*"
#: a list of numbers (一、二; 一至五): of articles before one 条 (第二十、二十一条), of paragraphs before one 款
_LIST = rf"{_NUM}(?:(?:\s*[、，,和及与]\s*|{_TO})第?\s*{_NUM})*"
#: a list of items before one 项: （五）、（六）; （一）至（五）; 三、四
_ITEM = rf"[（(]?\s*{_NUM}\s*[）)]?"
_ITEMS = rf"{_ITEM}(?:(?:\s*[、，,和及与]\s*|{_TO})第?\s*{_ITEM})*"
#: one article reference: 第二十条, 第4条, 第十九条第二款, 第十九条第（三）项, 第十九条第二款第三项, lists of
#: articles, paragraphs and items (第二十、二十一条, 第三十八条第一、二款, 第二十条第（五）、（六）项) and ranges
#: of them (第二十条第（一）至（五）项); after the first of a list 第 may be left out (第20条、21条), and before
#: an item in brackets (第二十条（一）项, 第十九条第一款（三）项)
_ARTICLE = re.compile(rf"(第)?\s*({_LIST})\s*条(?:\s*第\s*({_LIST})\s*款)?(?:\s*(?:第|(?=[（(]))\s*({_ITEMS})\s*项"
                      rf"|\s*[（(]\s*({_NUM})\s*[）)](?!\s*(?:项|款|条|第|[（(])))?")
#: paragraphs and items after an article reference, of its article: 第三十八条第一款、第二款; 第二十条第（一）项、第（五）项
_PARAGRAPH_MORE = re.compile(rf"第\s*({_LIST})\s*款(?:\s*(?:第|(?=[（(]))\s*({_ITEMS})\s*项)?")
_ITEM_MORE = re.compile(rf"(?=第|[（(])第?\s*({_ITEMS})\s*项")
#: a chapter, section or annex (第三章, 第二节, 附件2): no notation; read past, so it is no instrument
_PART = re.compile(rf"第\s*{_LIST}\s*(?:章|节|编|部分)|附[件表录]\s*(?:{_NUM}|[A-Za-z])")
#: the end of an article range: …至第十五条 (not …至第十五条第二款: left as it is)
_ARTICLE_TO = re.compile(rf"{_TO}第?\s*({_NUM})\s*条(?!\s*第)")
#: what may stand between two article references of one instrument (第十九条；第二十条 too)
_ARTICLE_JOIN = re.compile(r"\s*(?:[、，,；;和及与]|以及)?\s*")
#: the number of an order (令), in Arabic or Chinese numerals (主席令第九十四号, as the orders are numbered)
_ORDER_NO = r"(?:\d+|[零〇一二两三四五六七八九十百千]+)"
#: a document number written without brackets: 国办发〔2017〕47号, 国务院令第711号, 交通运输部令2017年第5号,
#: 国务院第711号令 (it ends at 号, or 号令); who issued it may be several, a joint order's issuers apart with a space,
#: 、 or nothing (教育部 国家市场监督管理总局 国家卫生健康委员会令第45号): see _issued_by
_DOCNO_BARE = re.compile(rf"^\s*((?P<issuer>[\u4e00-\u9fff][\u4e00-\u9fff、\s]{{0,59}}?)\s*"
                         rf"(?:[〔﹝［\[（(【]\s*\d{{4}}\s*[〕﹞］\]）)】]\s*第?\s*\d+\s*号"
                         rf"|令\s*(?:\d{{4}}\s*年\s*)?第?\s*{_ORDER_NO}\s*号|第\s*{_ORDER_NO}\s*号\s*令))")
#: an agency's name, as one of several issuing an order: it ends so (教育部, 国家市场监督管理总局, 国家卫生健康委员会)
_AGENCY_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:部|委员会|委|局|署|院|厅|办公室|办|行|会|政府|中央)")
#: words of a title or a sentence, in no issuer's name (…信息公开条例国务院令第711号 is no joint order)
_NO_ISSUER = re.compile(r"条例|办法|规定|细则|决定|意见|通知|方案|标准|规划|的")
#: an order's number in any of its spellings, to be written 令第94号 / 令2017年第5号 (国务院第711号令 → 国务院令第711号)
_ORDER_AFTER = re.compile(rf"第({_ORDER_NO})号令$")
_ORDER_NUMBER = re.compile(rf"(令(?:\d{{4}}年)?第)({_ORDER_NO})号")
#: how an instrument's title ends: a title written without 《》 (中华人民共和国律师法第二十三条) or in other
#: brackets (【…】, “…”) is taken for one only when it ends so
_INSTRUMENT_END = re.compile(rf"(?:{_ending('instrument_endings')})(?:[（(](?:试行|暂行|修订|草案)[）)])?$")
#: how the title of a document an item publishes ends (mappings/laws.yaml `document_endings`: 《政府工作报告》)
_DOCUMENT_END = re.compile(rf"(?:{_ending('document_endings')})$")
_BOOK_TITLE = re.compile(r"《([^《》]+)》")
#: a bracket ending a document's title: its period, year or state (（2021-2025年）, （2023年）, （草案）)
_TITLE_TAIL = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
#: other brackets agencies put around a title (【中华人民共和国公证法】, “中华人民共和国法律援助法”,
#: 〈中华人民共和国政府信息公开条例〉: outside 《》, where 〈〉 is a title inside a title; <…> typed for 《》)
_OTHER_TITLE_BRACKETS = re.compile(r"([【“\"「『〈<])([^【】“”\"「」『』《》〈〉<>\n]{2,60}?)([】”\"」』〉>])")
_CLOSING = {"【": "】", "“": "”", '"': '"', "「": "」", "『": "』", "〈": "〉", "<": ">"}
#: a bracket holding a title (…，以下简称《条例》): _PAREN stops at no 《》, only at brackets
_BRACKET_WITH_TITLE = re.compile(r"^\s*[（(]((?:[^（）()《》]|《[^《》]*》)*)[）)]")
#: a cell (or an entry of it) saying there is no basis: 无, 暂无, /, —— (cells.PLACEHOLDER, and 无依据)
_PLACEHOLDER = re.compile(rf"{PLACEHOLDER.pattern}|^无(?:相关)?依据$")
#: a short title given in the bracket after a title: （国务院令第590号，以下简称《条例》）
_SHORT_TITLE = re.compile(r"(?:以下|下文|下|后文)?简称\s*[《“\"「]?\s*([^》”\"」，,。；;（）()]{1,20}?)\s*[》”\"」]?\s*(?:[，,。；;]|$)")
#: how a line of a cell ends when it ends a citation: a title's 》, a bracket, a document number (…54号, 国务院第711号令),
#: an article, paragraph or item (第二十条, 第一款, （三）项); or an instrument's last word (_INSTRUMENT_END), a
#: weaker sign (…等相关法 / 律法规 is one wrap)
_LINE_ENDS_ENTRY = re.compile(rf"(?:[》〉）)】\]］〕﹞]|[0-9０-９零〇一二两三四五六七八九十百千]\s*号令?|第\s*{_LIST}\s*[条款]"
                              rf"|{_ITEMS}\s*项)$")
#: how a line starts when it goes on with the citation of the line before: punctuation, a bracket (its number,
#: a revision note), articles, the rest of a title or its notice (的通知, 实施细则, 若干规定, 修正案), 令 of 第711号令
_LINE_GOES_ON = re.compile(rf"^(?:[》〉）)】\]］〕﹞、，,；;。：:（(【\[［〔﹝]|第\s*{_LIST}\s*[条款项章节]|的|令"
                           r"|实施|若干|暂行|试行|修正|修订|释义|解释|等|及|和|以及|与"
                           r"|[0-9０-９]*\s*号|[0-9０-９]+\s*$)")   # (国办发[2017] / 47号, / 47 / 号: a number's rest)
_ITEM_LINE = re.compile(rf"^{_ITEMS}\s*项")


def entry_lines(lines: list[str]) -> list[list[str]]:
    """The lines of a cell grouped into its entries. A line break is an entry's end (中华人民共和国人民调解法 /
    中华人民共和国法律援助法; 国办发〔2019〕54号 / 国办发〔2019〕14号: Excel's Alt+Enter, Word's paragraphs, <br>)
    where the text before ends a citation (nothing left open: no 《 or bracket) and the next line does not go on
    with it; elsewhere it is a wrap of a narrow column (a PDF's): …（2007年…公布 / 2019年…修订）, 《X》 / 第二十条.
    After a title's last word alone the next line must read as a citation too (…等相关法 / 律法规 stays one)."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and not _breaks_entry("".join(groups[-1]), line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _breaks_entry(before: str, line: str) -> bool:
    """Whether a line break between `before` (the entry so far) and `line` ends the entry (see entry_lines)."""
    if _goes_on(before, line):
        return False
    if _LINE_ENDS_ENTRY.search(before):
        return True
    return bool(_INSTRUMENT_END.search(_without_note(before))) and \
        bool(line.startswith("《") or ENTRY_NUMBER.match(line) or _LINE_ENDS_ENTRY.search(line)
             or _INSTRUMENT_END.search(_without_note(line)))


def _goes_on(before: str, line: str) -> bool:
    """Whether `line` goes on with the citation `before` it: a title or bracket left open, or a line starting
    as _LINE_GOES_ON says (not an entry's number: （二）《X》), or a document number after a title (《X》 /
    国办发〔2019〕14号)."""
    if _ITEM_LINE.match(line):
        return True
    if ENTRY_NUMBER.match(line):
        return False
    return _unclosed(before) or bool(_LINE_GOES_ON.match(line)) or \
        before.endswith(("》", "〉")) and bool(_bare_number(line))


def _unclosed(text: str) -> bool:
    """Whether a title (《) or a bracket opened in the text is not closed in it."""
    return text.count("《") > text.count("》") or \
        sum(text.count(ch) for ch in _OPEN) > sum(text.count(ch) for ch in _CLOSE)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int:
    """二十一 → 21, 十九 → 19, 一百零二 → 102, 4 → 4, ４ → 4; 一〇〇 → 100 (digit by digit, as some write numbers)."""
    text = text.strip()
    if text.isdecimal():
        return int(text)   # also full-width digits
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a number: {text}")
    return total + (digit or 0)


def article_notation(article: int, paragraph: int | None = None, item: int | None = None) -> str:
    """The notation of one article reference (see the module text): "19", "19.2", "19(3)", "19.2(3)"."""
    out = str(article)
    if paragraph:
        out += f".{paragraph}"
    if item:
        out += f"({item})"
    return out


def _notations(article: int, paragraphs: list[int], items: list[int]) -> list[str]:
    """The notations of an article with lists of paragraphs and items: the items belong to the last paragraph
    (第三十八条第一、二款 → 38.1, 38.2; 第十九条第一款第（三）、（四）项 → 19.1(3), 19.1(4))."""
    paragraphs = paragraphs or [None]
    return [article_notation(article, p) for p in paragraphs[:-1]] + \
        [article_notation(article, paragraphs[-1], i) for i in items or [None]]


def article_label(notation: str) -> str:
    """The reference as printed in Chinese: "20" → 第二十条, "19.2(3)" → 第十九条第二款第（三）项."""
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\((\d+)\))?", notation)
    if not m:
        return notation
    out = f"第{_to_chinese(int(m.group(1)))}条"
    if m.group(2):
        out += f"第{_to_chinese(int(m.group(2)))}款"
    if m.group(3):
        out += f"第（{_to_chinese(int(m.group(3)))}）项"
    return out


def _to_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else
                                     ("一" + _to_chinese(rest) if rest < 20 else _to_chinese(rest)))
        return digits[n // 100] + "百" + tail
    return str(n)


def _span(lo: int, hi: int, room: int = RANGE_MAX) -> list[int]:
    """The numbers from lo to hi, both ends included; only the ends when hi is not after lo or the range is wider
    than RANGE_MAX (or `room`)."""
    return list(range(lo, hi + 1)) if lo < hi <= lo + min(RANGE_MAX, room) else list(dict.fromkeys((lo, hi)))


def _numbers(spec: str | None, room: int) -> list[int]:
    """The numbers a list names (一、二 → 1, 2; （一）至（五） → 1 … 5, a range as `_span` reads it)."""
    out, to = [], False
    for m in re.finditer(rf"({_NUM})|{_TO}", spec or ""):
        if m.group(1) is None:
            to = bool(out)
        elif to:
            out += _span(out[-1], chinese_number(m.group(1)), room - len(out))[1:]
            to = False
        else:
            out.append(chinese_number(m.group(1)))
    return out


def read_articles(text: str) -> tuple[tuple[str, ...], int]:
    """The article references at the start of `text` (第二十条、第二十一条; 第九条至第十五条: each article of the
    range; 第二十条第（一）至（五）项: each item; 第三十八条第一款、第二款: the paragraphs of one article) as
    notations, and how many characters they take (0 when the text does not start with one). Chapters and
    annexes among them (第二章、第四十条) are read past: they have no notation."""
    out, pos, last = [], 0, None    # last: the article (and paragraph) a following 第二款 or 第（五）项 is of
    while True:
        j = _ARTICLE_JOIN.match(text, pos).end() if pos else len(text) - len(text[pos:].lstrip())
        room = ARTICLES_MAX - len(out)
        try:
            m = _ARTICLE.match(text, j)
            if m and (pos or m.group(1)):
                articles = _numbers(m.group(2), room)
                # (第二十条（五）: an item in brackets, 项 left out)
                paragraphs, items = _numbers(m.group(3), room), _numbers(m.group(4) or m.group(5), room)
                out += [str(a) for a in articles[:-1]] + _notations(articles[-1], paragraphs, items)
                last = (articles[-1], paragraphs[-1] if paragraphs else None)
            elif last and (m := _PARAGRAPH_MORE.match(text, j)):
                paragraphs = _numbers(m.group(1), room)
                out += _notations(last[0], paragraphs, _numbers(m.group(2), room))
                last = (last[0], paragraphs[-1])
            elif last and (m := _ITEM_MORE.match(text, j)):
                out += [article_notation(last[0], last[1], i) for i in _numbers(m.group(1), room)]
            elif not (m := _PART.match(text, j)):
                break
        except ValueError:
            break
        pos = m.end()
        r = _ARTICLE_TO.match(text, pos) if m.re is _ARTICLE and not (m.group(3) or m.group(4) or m.group(5)) \
            else None
        if r:
            try:
                out += [str(k) for k in _span(last[0], chinese_number(r.group(1)), ARTICLES_MAX - len(out))]
                pos = r.end()
            except ValueError:
                pass
    return tuple(dict.fromkeys(out)), pos


#: where the article groups of a 依据条款 cell meet, one group an instrument's: a line break or a semicolon
_GROUPS_APART = re.compile(r"\s*(?:\n|[；;])\s*")
#: what may end an article group and is no part of it
_GROUP_END = re.compile(r"[\s。，,、；;]*")


def articles_only(text: str) -> tuple[str, ...] | None:
    """The articles a text cites when it is article references and nothing else (第十九条、第二十条, 第二十条第（一）项,
    第19条), else None (全文, 相关条款, 《条例》第十九条)."""
    text = text.strip()
    articles, end = read_articles(text)
    return articles if articles and _GROUP_END.fullmatch(text, end) else None


def with_article_column(citations: tuple[LegalCitation, ...], cell: str) -> tuple[tuple[LegalCitation, ...], bool]:
    """The citations of a 公开依据 cell with the articles printed in the column beside it (依据条款), read as one
    citation per instrument written in one cell (《X》第十九条、第二十条): every article the one instrument's; with
    several instruments, one group of articles a line (or between ；) each, in order, when there are as many
    groups. (the citations, True) when paired or when the cell cites nothing (blank, 无, /); (the citations as
    they were, False) when they do not pair up: the caller keeps the cell's text and tells."""
    text = cell.strip()
    if not text or PLACEHOLDER.match(text):
        return citations, True
    groups = [g for g in _GROUPS_APART.split(text) if g.strip()]
    cited = [articles_only(g) for g in groups]
    if not citations or None in cited or len(citations) > 1 and len(groups) != len(citations):
        return citations, False
    if len(citations) == 1:
        groups, cited = ["、".join(g.strip() for g in groups)], [tuple(a for arts in cited for a in arts)]
    return tuple(replace(_with_articles(c, arts), text=c.text + g.strip().rstrip("。，,、；;"))
                 for c, g, arts in zip(citations, groups, cited)), True


def names_documents(text: str) -> bool:
    """Whether a text names documents an item publishes and no instrument: titles in 《》, each ending as a report,
    bulletin, yearbook, plan, budget or list does (《政府工作报告》, 《XX区国民经济和社会发展统计公报》: mappings/laws.yaml
    `document_endings`), with no document number and no article cited. What the item discloses (公开内容), never
    its legal basis (a law, regulation, rule or normative document: …法, …条例, …办法, …通知, or a number)."""
    titles = _BOOK_TITLE.findall(text)
    if not titles or not all(_DOCUMENT_END.search(_TITLE_TAIL.sub("", t).strip()) for t in titles):
        return False
    return not any(c.doc_number or c.articles for c in parse_legal_basis(text))


def doc_number_in(text: str) -> str | None:
    """The document number a bracket after a title or a notice holds: all of it (国务院令第711号, ending at 号), or
    the last of its parts naming one (_HISTORY_PARTS: the one in force), its date and 公布/修订 left out
    (2019年4月3日国务院令第711号修订; 根据2021年7月2日…总局令第42号修正)."""
    for part in reversed(_HISTORY_PARTS.split(text)):
        core = _ENACTED.sub("", _DATE.sub("", part)).strip()
        m = _bare_number(core, whole=True)
        if m:
            return m.group(1)
    if re.fullmatch(r"[^（）()号]*号", text.strip()):
        return text.strip()
    return None


@dataclass(frozen=True)
class LegalCitation:
    text: str                 # the citation as written on the item (cleaned of extraction whitespace)
    title: str                # title without 《》 and without whitespace
    doc_number: str | None    # normalised: 国务院令第711号, 财预〔2013〕309号
    identifier: str           # doc_number, or the title when there is none
    number: str | None        # the trailing number: 711, 309
    year: str | None          # the year in 〔〕: 2013
    legal_type: str           # notation in the legal-type scheme
    articles: tuple[str, ...] = ()   # the articles cited: "20", "19.2", "19(3)" (see the module text)
    short: str | None = None  # the short title the cell gives it (…，以下简称《条例》): later 《条例》 cite it


_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise_doc_number(raw: str) -> str:
    """Whitespace out, the year in 〔〕, the State Council's and the President's orders without the country's
    name before them (中华人民共和国国务院令第711号 → 国务院令第711号, as nearly every catalogue writes it) and
    in full (国令第711号 → 国务院令第711号); an order as 令第N号 in Arabic numerals (国务院第711号令 → 国务院令第711号, 主席令第九十四号 → 主席令第94号: one
    law whatever the spelling); a standard's number with - (GB 3095—2012 → GB3095-2012)."""
    s = _ORDER_AFTER.sub(r"令第\1号", re.sub(r"\s+", "", raw.translate(_WIDE_DIGITS)))
    s = re.sub(r"令((?:\d{4}年)?)(?=\d+号$)", r"令\1第", s)      # 国务院令711号: the 第 left out
    s = re.sub(r"^中华人民共和国(?=(?:国务院|主席|国)令)", "", s)
    s = re.sub(r"^国令(?=(?:\d{4}年)?第)", "国务院令", s)     # 国令第711号: the State Council's orders, shortened
    s = _ORDER_NUMBER.sub(lambda m: f"{m.group(1)}{chinese_number(m.group(2))}号", s)
    if _STANDARD.fullmatch(s):
        return re.sub(r"[－—–]", "-", s)
    # 国办发〔2017〕第47号: a document's number after its year, with 第 or without, is one number
    return re.sub(r"(?<=〕)第(?=\d+号)", "", _YEAR_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", s))


def legal_type(title: str, doc_number: str | None) -> str:
    """The type by who issued it, as the number shows: 主席令 a law, 国务院令 (and 国务院、中央军委令, their joint
    orders) an administrative regulation, a 人民政府令 of a province or city (浙江省人民政府令第372号, 杭州市政府令
    第300号) a local government rule, an announcement of a local people's congress standing committee
    (江苏省人大常委会公告第9号) a local regulation, another 令 (交通运输部令第5号, 交通运输部令2017年第5号:
    ministries that number their orders by year) a departmental rule, another number a normative document; a
    standard is none of them."""
    if doc_number:
        if _STANDARD.fullmatch(doc_number):
            return "other"
        if re.match(r"^国务院(?:[、，,和与及]?中央军(?:事委员会|委))?令", doc_number):
            return "administrative-regulation"
        if doc_number.startswith("主席令"):
            return "law"
        if re.match(r"^[^〔]*(?:人民)?政府令(?:\d{4}年)?第?\d+号$", doc_number):
            return "local-government-rule"
        if re.match(r"^[^〔]*(?:人民代表大会常务委员会|人大常委会)公告(?:\d{4}年)?第?\d+号$", doc_number) \
                and not doc_number.startswith("全国"):
            return "local-regulation"
        if re.match(r"^[^〔]*令(?:\d{4}年)?第?\d+号$", doc_number):
            return "departmental-rule"
        return "normative-document"
    if re.match(r"^中华人民共和国.*法典?$", title):
        return "law"
    return "other"


def _other_brackets_as_titles(cell: str) -> str:
    """The cell with 【X】, “X” around a title (X ending as one does) written 《X》: the same length, so what is
    written stays where it was. Not inside a title in 《》: 《关于实行国家机关“谁执法谁普法”普法责任制的意见》 is
    printed so."""
    depth, inside = 0, []
    for ch in cell:
        depth = depth + 1 if ch == "《" else max(depth - 1, 0) if ch == "》" else depth
        inside.append(depth > 0)
    return _OTHER_TITLE_BRACKETS.sub(
        lambda m: f"《{m.group(2)}》" if _CLOSING[m.group(1)] == m.group(3) and _INSTRUMENT_END.search(m.group(2))
        and not inside[m.start()] else m.group(0), cell)


#: a year in （） inside a document number (国办发（2020）17号), and an order's number in （） after 令
#: (主席令（第十二号）): the brackets inside a bracket, where no number in brackets can be read
_YEAR_IN_ROUND = re.compile(r"(?<=[\u4e00-\u9fff])[（(](\d{4})[）)](?=\s*第?\s*\d+\s*号)")
_ORDER_IN_ROUND = re.compile(rf"(?<=令)[（(](\s*第\s*{_ORDER_NO}\s*号)[）)]")


def _nested_numbers(text: str) -> str:
    """The text with the brackets inside document numbers written as a number's own: 国办发〔2020〕17号, 主席令 第十二号
    (the same length: a citation's text is taken from the cell at the same place)."""
    text = _YEAR_IN_ROUND.sub(lambda m: f"〔{m.group(1)}〕", text)
    return _ORDER_IN_ROUND.sub(lambda m: f" {m.group(1)} ", text)


def _repair_missing_open_quote(text: str) -> str:
    """Insert 《 before a title whose opening bracket was lost (…条例》 with no 《 before it)."""
    out, depth, seg_start = [], 0, 0
    for ch in text:
        if ch == "《":
            depth += 1
        elif ch == "》":
            if depth == 0:
                out.insert(seg_start, "《")
            else:
                depth -= 1
        out.append(ch)
        if ch in _SEPARATORS and depth == 0:
            seg_start = len(out)
    return "".join(out)


@lru_cache(maxsize=16384)
def parse_legal_basis(cell: str) -> tuple[LegalCitation, ...]:
    """The instruments cited in one cleaned 公开依据 cell, in printed order, without duplicates."""
    if not cell.strip():
        return ()
    source = _nested_numbers(_other_brackets_as_titles(cell))
    repaired = _repair_missing_open_quote(source)
    shift = len(repaired) - len(cell)  # at most the inserted 《 characters, all before their titles
    citations: list[LegalCitation] = []
    pos, leftovers = 0, []
    while pos < len(repaired):
        start = repaired.find("《", pos)
        if start < 0:
            leftovers.append(repaired[pos:])
            break
        leftovers.append(repaired[pos:start])
        end, depth = len(repaired), 0       # a 《 never closed (a cell cut short): the title runs to its end
        for i in range(start, len(repaired)):
            if repaired[i] == "《":
                depth += 1
            elif repaired[i] == "》":
                depth -= 1
                if depth == 0:
                    end = i
                    break
        title_raw = repaired[start + 1:end]
        after = end + 1
        if end == len(repaired) and (cut := _closed_by_bracket(title_raw)) is not None:
            title_raw, after = title_raw[:cut], start + 2 + cut     # 《中华人民共和国安全生产法）: ） typed for 》
        elif end == len(repaired) and (cut := _numbered_end(title_raw)) is not None:
            title_raw, after = title_raw[:cut], start + 1 + cut     # 《…条例（国务院令第711号）: the 》 lost
        elif end == len(repaired) and (cut := _title_end(title_raw)) is not None:
            title_raw, after = title_raw[:cut], start + 1 + cut     # 《…环境保护法第五十四条: the 》 lost
        after = _past_notes(repaired, after)
        m, doc = _number_after(repaired[after:])
        short = notice = None
        if m is None:   # （2019年4月3日国务院令第711号修订）, or the notice issuing it: 《X》的通知（中办发〔2016〕8号）
            notice = _NOTICE.match(repaired[after:])
            p = _PAREN.match(repaired[after + (notice.end() if notice else 0):]) or \
                _BRACKET_WITH_TITLE.match(repaired[after + (notice.end() if notice else 0):])
            number = doc_number_in(p.group(1)) if p else None
            named = _SHORT_TITLE.search(p.group(1)) if p else None
            if named:    # （…，以下简称《条例》）: the bracket is read, 《条例》 in it is no citation of its own
                short = re.sub(r"\s+", "", named.group(1))
                number = doc_number_in(p.group(1)[:named.start()].rstrip("，,；; ")) if not number else number
                if not number:
                    m = p
            if number:
                m, doc = p, normalise_doc_number(number)
            elif p and not named and p.re is _PAREN and "《" not in p.group(1):
                m = p    # 《…规定》（三定方案）, （试行）: a bracket after a title naming no number is part of its citation
        issued = _ISSUING.search(leftovers[-1])
        if issued or notice and doc:
            # the words issuing it (…印发《X》) belong to its citation; with the notice after it (…的通知) the notice
            # is the instrument, its title run from the start of the entry (中共中央办公厅、国务院办公厅印发…的通知)
            lead = _notice_lead(leftovers[-1])
            leftovers[-1] = leftovers[-1][:len(leftovers[-1]) - len(lead)]
            start -= len(lead)
            if notice:
                title_raw = repaired[start:after + notice.end()]
                after += notice.end()
        before = _number_before(leftovers[-1]) if doc is None else None
        if before is not None:     # GB/T 40181-2021《…》, 国务院令第711号《…》: the number before the title
            doc = normalise_doc_number(leftovers[-1][before:].strip())
            start -= len(leftovers[-1]) - before
            leftovers[-1] = leftovers[-1][:before]
        stop = _past_notes(repaired, after + (m.end() if m else 0))
        articles, n = read_articles(repaired[stop:])
        if n and not m and doc is None:   # 《X》第二十条（国务院令第711号）: the number after the articles
            m = _DOCNO_PAREN.match(repaired[stop + n:])
            doc = normalise_doc_number(m.group(1)) if m else None
            n += m.end() if m else 0
        stop = _past_notes(repaired, stop + n)
        written = repaired[start:stop]
        if shift and written not in source:  # the 《 was ours: keep the text as the agency wrote it
            written = written[1:]
        if written not in cell and written in source:   # 【X】 read as 《X》: as written
            at = source.find(written)
            written = cell[at:at + len(written)]
        citations.append(replace(_citation(written, title_raw, doc, articles), short=short))
        pos = stop
    for k, chunk in enumerate(leftovers):
        last = k - 1    # the citation before the chunk: articles alone after it are its (《X》（…号）；第二十条)
        if k:           # 《X》和省、市有关规定: the word joining it to the title before is no part of the reference
            chunk = _QUOTED_TEXT.sub("", _JOINED_ISSUER.sub("", chunk))
        for piece in (p for entry in _pieces(chunk) for t in _titles_apart(entry) for p in _numbers_apart(t)):
            articles, n = read_articles(piece)
            implementing = _IMPLEMENTING.fullmatch(piece)
            if piece and n == len(piece):
                if articles and last >= 0:
                    citations[last] = _with_articles(citations[last], articles)
            elif implementing and last >= 0:    # 《X法》及其实施条例: X法实施条例, an instrument of its own
                title = citations[last].title + implementing.group(1)
                citations.append(_citation(piece, title, None))
                last = len(citations) - 1
            elif (c := _bare_citation(piece)) is not None:
                citations.append(c)
                last = len(citations) - 1
    seen: dict[str, int] = {}
    unique: list[LegalCitation] = []
    for c in sorted(citations, key=lambda c: cell.find(c.text) if c.text in cell else len(cell)):
        if c.identifier not in seen:
            seen[c.identifier] = len(unique)
            unique.append(c)
        elif c.articles:    # 《X》第二十条；《X》第二十一条: one instrument, the articles of both
            unique[seen[c.identifier]] = _with_articles(unique[seen[c.identifier]], c.articles)
    return tuple(unique)


#: after a citation, the text of its article quoted after a colon (《X》第二十条：行政机关应当…；), up to the next entry
_QUOTED_TEXT = re.compile(r"[：:][^；;\n]*")
#: the instrument implementing the one cited before (《X法》及其实施条例: X法实施条例)
_IMPLEMENTING = re.compile(r"(?:及|和|以及|与)?其?(实施条例|实施细则|实施办法)")


#: two document numbers listed in one bracket
_TWO_NUMBERS = re.compile(r"号\s*(?:[、/／]|和|及|与)")


def _titles_apart(piece: str) -> list[str]:
    """An entry holding titles without 《》 one after another (中华人民共和国行政许可法中华人民共和国行政处罚法) as one
    entry each: apart where 中华人民共和国 starts after text ending as an instrument's title does."""
    out, start = [], 0
    for m in re.finditer("中华人民共和国", piece):
        if m.start() > start and _INSTRUMENT_END.search(piece[start:m.start()].rstrip()):
            out.append(piece[start:m.start()].strip())
            start = m.start()
    return out + [piece[start:]]


def _numbers_apart(piece: str) -> list[str]:
    """An entry holding document numbers one after another (国办发〔2019〕14号、国办发〔2019〕54号 apart with a space,
    和, 及, / or nothing) as one entry each."""
    out = []
    while (m := _bare_number(piece)) and m.end() < len(piece):
        gap = re.match(r"\s*(?:以及|和|及|与|/|／)?\s*", piece[m.end():])
        if not _bare_number(piece[m.end() + gap.end():]):
            break
        out.append(piece[:m.end()])
        piece = piece[m.end() + gap.end():]
    return out + [piece]


def _notice_lead(before: str) -> str:
    """The words before a 《 that are its notice's title or its issuers' (财政部关于印发, 中共中央办公厅、国务院办公厅
    印发): the text after the last separator, over 、 back to the issuers listed before it when it issues (none of
    them an instrument: 三定方案、财政部关于印发 leads with 财政部关于印发), without numbering and words leading in
    (1., 依据)."""
    pieces = re.split(f"([{_SEPARATORS}])", before)
    k = len(pieces) - 1
    while k >= 2 and pieces[k - 1] == "、" and _ISSUING.search(pieces[-1]) and _is_issuer(pieces[k - 2]):
        k -= 2
    lead = "".join(pieces[k:])
    words = lead.rstrip(" 　")
    return lead[len(words) - len(_entry_words(words)):]


def _is_issuer(text: str) -> bool:
    """Whether a text listed before others issuing an instrument names who issued it (中共中央办公厅): words
    only, no instrument's (三定方案)."""
    words = _entry_words(text)
    return bool(re.fullmatch(r"[\u4e00-\u9fff][\u4e00-\u9fff \u3000]*", words)) and not _INSTRUMENT_END.search(words)


def _entry_words(text: str) -> str:
    """An entry's words without the numbering and the words leading in before them (1.依据…), nor spaces around."""
    return _LEAD_IN.sub("", ENTRY_NUMBER.sub("", text.strip(" 　"))).strip(" 　")


#: the numbering of a list entry inside a text (1、 2. 一、 3）), at its start or after a space or a separator, not
#: followed by a number or 第 (the 2 of 第1、2、3条 is an article)
_NUMBERING_IN = re.compile(rf"(?:^|(?<=[\s{_SEPARATORS}]))(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[.．、)）]"
                           rf"(?!\s*(?:{_NUM}|第))")


#: a separator between entries; not 、 or ， inside a list of articles (中华人民共和国律师法第1、2条)
_ENTRY_SEPARATOR = re.compile(rf"([；;。\n]|(?<!{_DIGIT})[、，,]|[、，,](?!\s*{_NUM}\s*(?:(?:[、，,和及与]|{_TO})\s*{_NUM}\s*)*[条款项]))")


def _pieces(chunk: str) -> list[str]:
    """The entries of a text between titles in 《》, apart at the separators and at list numbering (1、《A》2、《B》:
    1 and 2 are no instruments; 1.A办法 2.B条例 are two), without numbering and words leading in (1., 依据);
    issuers listed before what they issued stay one (省、市相关文件)."""
    pieces = _ENTRY_SEPARATOR.split(_NUMBERING_IN.sub("\n", chunk))
    joined: list[str] = []
    for k in range(0, len(pieces), 2):
        if joined and k > 0 and pieces[k - 1] == "、" and (_ISSUER.fullmatch(joined[-1].strip(" 　"))
                                                           or _title_goes_on(joined[-1], pieces[k])):
            joined[-1] += "、" + pieces[k]     # 省、市相关文件: who issued them, listed; one reference
        else:
            joined.append(pieces[k])
    return [_entry_words(piece) for piece in joined]


def _title_goes_on(before: str, after: str) -> bool:
    """Whether `before`、`after` is one title with a 、 in it (本机关职能配置、内设机构和人员编制规定, a 三定
    regulation cited without 《》): the words before the 、 name no instrument (no title's ending, no number)
    and those after it end as a title does."""
    before, after = _entry_words(before.strip(" 　")), after.strip(" 　")
    return bool(before and after and _INSTRUMENT_END.search(after) and not _INSTRUMENT_END.search(before)
                and not _bare_number(before) and not doc_number_in(before) and not _is_note(before)
                and not _PLACEHOLDER.match(before) and not _NOT_AN_INSTRUMENT.match(before))


def _bare_citation(piece: str) -> LegalCitation | None:
    """The instrument an entry outside 《》 cites: a document number, a title with its number in brackets, a
    standard, a title written without 《》 (with its articles); None for words naming none (等法律法规, 无, a
    revision note)."""
    bare = _bare_number(piece)
    tail = _TAIL_PAREN.search(piece)
    number = doc_number_in(tail.group(1)) if tail else None
    if number is None and (cut := _numbered_end(piece)) is not None:   # 中华人民共和国…条例（国务院令第711号）第十九条
        m = _PAREN.match(piece[cut:])
        articles, _ = read_articles(piece[cut + m.end():].strip())
        doc = normalise_doc_number(doc_number_in(m.group(1)))
        return _citation(piece, piece[:cut], doc, articles)
    if bare:    # 国办发〔2017〕47号:发布本地区… — the number is the instrument, the rest no part of it, but for
        doc = normalise_doc_number(bare.group(1))    # the articles cited right after it (国务院令第711号第二十条)
        rest = piece[bare.end():]
        articles, n = read_articles(rest.lstrip())
        written = piece[:bare.end() + len(rest) - len(rest.lstrip()) + n] if n else bare.group(1)
        return _citation(written.strip(), doc, doc, articles)
    if number and piece[:tail.start()].strip():   # 国务院办公厅关于印发…的通知（国办发〔2023〕15号）
        return _citation(piece, piece[:tail.start()], normalise_doc_number(number))
    if (std := _STANDARD.fullmatch(piece)) is not None:     # GB 3095-2012: cited by its number
        doc = normalise_doc_number(std.group(0))
        return _citation(piece, doc, doc)
    if piece and not _NOT_AN_INSTRUMENT.match(piece) and not _PLACEHOLDER.match(piece) \
            and not _is_note(piece.strip("（）()【】[]").removesuffix("的")) and not _REVISED.fullmatch(piece):
        title, articles = _bare_title(piece)
        return _citation(piece, title, None, articles)
    return None


#: words saying a title cited is the version in force, before it (新修订的《X》, 现行《X》)
_REVISED = re.compile(r"(?:最?新|现行|修订后|修正后)?(?:修订|修正)?(?:后|版)?的?")


def _with_articles(c: LegalCitation, articles: tuple[str, ...]) -> LegalCitation:
    """The citation with more of its instrument's articles, each once, in the order cited."""
    return replace(c, articles=tuple(dict.fromkeys(c.articles + articles)))


def _bare_number(text: str, whole: bool = False) -> re.Match | None:
    """The document number written without brackets at the start of `text` (all of it when `whole`), its issuer
    one name of up to 12 characters or several agencies' (_issued_by)."""
    m = (_DOCNO_BARE.fullmatch if whole else _DOCNO_BARE.match)(text)
    return m if m and _issued_by(m.group("issuer")) else None


def _issued_by(issuer: str) -> bool:
    """Whether the words before a number's 令 or year name who issued it: one name of up to 12 characters (as
    ever), or several agencies' names, apart (each before the last ending as an agency's name does: 教育部 国家市场
    监督管理总局 国家卫生健康委员会) or one after another (the spaces gone in a cleaned cell), no title's or
    sentence's word among them; read name after name, in linear time."""
    names = re.sub(r"[、\s]", "", issuer)
    if len(names) <= 12 and names == issuer:
        return True
    if _NO_ISSUER.search(names):
        return False
    *listed, last = re.split(r"\s*、\s*|\s+", issuer.strip())
    if listed:
        return len(last) <= 12 and all(_AGENCY_NAME.fullmatch(name) for name in listed)
    pos = 0
    while len(names) - pos > 12:
        m = _AGENCY_NAME.match(names, pos)
        if not m:
            return False
        pos = m.end()
    return True


def _number_before(text: str) -> int | None:
    """Where the document number the text before a title ends with starts, printed right before the title: a
    standard's (GB/T 40181-2021《…》) or any other (国务院令第711号《…》, 1.国办发〔2018〕37号《…》); None when there
    is none (国办发〔2019〕14号、《…》 and a line break between them cite two)."""
    std = _STANDARD_BEFORE.search(text)
    if std:
        return std.start()
    last = _pieces(text)[-1]
    body = text.rstrip()
    if last and _bare_number(last, whole=True) and body.endswith(last):
        return len(body) - len(last)
    return None


def _number_after(text: str) -> tuple[re.Match | None, str | None]:
    """The document number at the start of `text` (after a title): （国务院令第711号）, 【主席令第100号】,
    国办发〔2017〕47号, （GB 3095-2012）; its match and the number normalised, or (None, None)."""
    m = _DOCNO_PAREN.match(text)
    if m and _TWO_NUMBERS.search(m.group(1)):    # （国办发〔2019〕14号、国办发〔2019〕54号）: which is it? its title
        return None, None
    if m:       # （2019年4月3日国务院令第711号）, （2019年修订，国务院令第711号）: the number without its date and note
        return m, normalise_doc_number(doc_number_in(m.group(1)) or m.group(1))
    m = _bare_number(text) or _STANDARD_AFTER.match(text)
    return (m, normalise_doc_number(next(g for g in m.groups() if g))) if m else (None, None)


def _is_note(text: str) -> bool:
    """Whether a text (a bracket's) is a revision note: dates and what was done on them, no document number
    (2018年修正; 2021年修订版; 1993年7月2日…通过，2012年8月31日修正)."""
    parts = [p for p in re.split(r"[，,；;、]", text) if p.strip()]
    return bool(parts) and all(_NOTE_PART.match(p) for p in parts) and doc_number_in(text) is None


def _past_notes(text: str, pos: int) -> int:
    """Where `text` goes on after the revision notes at `pos` (（2018年修正）, 2019年修订: see _is_note)."""
    while True:
        p = _PAREN.match(text[pos:])
        m = p if p and _is_note(p.group(1)) else _NOTE_BARE.match(text[pos:])
        if not m:
            return pos
        pos += m.end()


def _without_note(title: str) -> str:
    """A title without the revision note it ends with: 中华人民共和国政府信息公开条例（2019年修订） is the
    regulations in force, the one cited without it."""
    t = _TAIL_PAREN.search(title) if title.rstrip().endswith(("）", ")")) else None
    return title[:t.start()].rstrip() if t and _is_note(t.group(1)) else title


def _closed_by_bracket(title: str) -> int | None:
    """Where a title whose 》 was never found ends when a closing bracket was typed for it: at the first ） opened
    by no （ in it, after text ending as an instrument's title does (《中华人民共和国政府信息公开条例）、《…》);
    None when there is none."""
    depth = 0
    for k, ch in enumerate(title):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif ch in "）)":
            return k if _INSTRUMENT_END.search(_without_note(title[:k].rstrip())) else None
    return None


def _numbered_end(title: str) -> int | None:
    """Where a title whose 》 was never found ends when its number in brackets follows it (《…条例（国务院令第711号）
    第十九条): at the first bracket holding a document number, after text ending as an instrument's title does
    and before nothing but articles; None when there is none."""
    for m in re.finditer(r"[（(]([^（）()]*)[）)]", title):
        rest = title[m.end():].strip()
        if doc_number_in(m.group(1)) and _INSTRUMENT_END.search(_without_note(title[:m.start()].rstrip())) \
                and (not rest or read_articles(rest)[1] == len(rest)):
            return m.start()
    return None


def _title_end(title: str) -> int | None:
    """Where a title whose 》 was lost ends when articles follow it: before 第 in 中华人民共和国环境保护法第五十四条
    (a title ending as an instrument's does, the articles read); None when it does not read so."""
    for m in re.finditer("第", title):
        if read_articles(title[m.start():])[0] and _INSTRUMENT_END.search(_without_note(title[:m.start()].rstrip())):
            return m.start()
    return None


def _bare_title(piece: str) -> tuple[str, tuple[str, ...]]:
    """A title written without 《》 and the articles after it: 中华人民共和国律师法第二十三条 → (中华人民共和国律师法,
    ("23",)); without the words after it that name no instrument (城市市容和环境卫生管理条例等法律法规,
    …条例及相关规定); the piece itself when it does not read so."""
    for k in (m.start() for m in re.finditer("第", piece)):
        title = piece[:k].strip()
        if not _INSTRUMENT_END.search(_without_note(title)):
            continue
        articles, n = read_articles(piece[k:])
        rest = piece[k + n:].strip()
        if articles and (not rest or _NOT_AN_INSTRUMENT.match(rest)):
            return title, articles
    for k in (m.start() for m in _AND_OTHERS.finditer(piece)):
        title = piece[:k].strip()
        if _INSTRUMENT_END.search(_without_note(title)) and _NOT_AN_INSTRUMENT.match(piece[k:]):
            return title, ()
    return piece, ()


#: a document number naming no issuer: 第5号令, 令第5号, 第5号, 2019年第5号令, 〔2017〕47号 (every issuer numbers its
#: documents: two instruments cited so shared one identifier)
_ISSUERLESS = re.compile(r"(?:\d{4}年)?令?(?:\d{4}年)?第?\d+号|〔\d{4}〕第?\d+号")


#: the words a title ending in 法 may end with and still be no law's (管理办法, 工作方法); 法典 and a law's
#: implementing regulations (…法实施条例, …法实施细则, …法实施办法) are the law's family
_NOT_A_LAW_END = ("办法", "方法", "做法", "执法", "依法", "违法", "守法", "普法")
_LAW_IMPLEMENTED = re.compile(r"(?:实施条例|实施细则|实施办法)$")


@lru_cache(maxsize=1)
def _prefixed() -> frozenset[str]:
    """The instruments other than laws whose official title starts with 中华人民共和国 (mappings/laws.yaml), short."""
    return frozenset(t.removeprefix("中华人民共和国") for t in _laws_data()["prefixed"])


@lru_cache(maxsize=1)
def _local_start() -> re.Pattern:
    """A title starting with a place's name: a province's (mappings/laws.yaml), or two characters or more ending
    as a city's, a prefecture's, a county's or a banner's (郑州市; 城市 is no place, 市场 no city)."""
    provinces = "|".join(map(re.escape, _laws_data()["provinces"]))
    return re.compile(rf"^(?:{provinces}|[\u4e00-\u9fff]{{2,7}}?(?:省|自治区|市(?!场)|自治州|州|县|旗|盟))")


#: what is left of 中华人民共和国 when a line break cut its start off (《人民共和国就业促进法》 from a PDF's text), and
#: the words starting with 国 a law's short title may begin with (国家安全法, 国防法; 国公路法 is a cut fragment)
_COUNTRY_TAILS = ("华人民共和国", "人民共和国", "民共和国", "共和国", "和国")
_STATE_WORDS = ("国家", "国防", "国际", "国旗", "国歌", "国徽", "国有", "国务", "国境", "国籍", "国债", "国库", "国土", "国民")


def national_title(title: str) -> str:
    """The title a law is identified by: only the National People's Congress makes 法 (a province's or city's
    rules are 条例, 办法, 规定, and its measures for a law 实施…办法), and every law's official title starts with
    中华人民共和国, which catalogues often leave out (《统计法》, 《预算法实施条例》, 《民法典》): cited by its short
    title in one catalogue and in full in another, a law is one instrument; so are the other instruments whose
    title starts so (mappings/laws.yaml: 《政府信息公开条例》). A title starting with a place's name is the
    place's own measure (河南省土地管理法实施办法); one starting with what a line break left of 中华人民共和国
    (人民共和国就业促进法) is completed. Other titles are as given."""
    if title.startswith("中华人民共和国") or title in GENERIC_TITLES or "关于" in title \
            or any(ch in title for ch in "《》〈〉<>＜＞()（）") or _local_start().match(title):
        return title
    for tail in _COUNTRY_TAILS:
        if title.startswith(tail):       # the rest of 中华人民共和国 a line break cut
            return "中华人民共和国" + title[len(tail):] if national_title(title[len(tail):]) != title[len(tail):] \
                or title[len(tail):] in _prefixed() else title
    if title.startswith("国") and not title.startswith(_STATE_WORDS):
        return title                     # 国公路法: the end of 中华人民共和国 cut into the title
    if title in _prefixed():
        return "中华人民共和国" + title
    core = _LAW_IMPLEMENTED.sub("", title)
    if len(core) >= 2 and (core.endswith("法典") or core.endswith("法") and not core.endswith(_NOT_A_LAW_END)) \
            and core not in GENERIC_TITLES:
        return "中华人民共和国" + title
    return title


def _citation(written: str, title_raw: str, doc: str | None, articles: tuple[str, ...] = ()) -> LegalCitation:
    bare = re.sub(r"\s+", "", title_raw).strip("《》")
    if doc and _ISSUERLESS.fullmatch(doc) and bare != doc:
        doc = None      # the instrument is its title; its number stays in the text as written
    title = _without_note(bare)
    number = year = None
    if doc:
        n = _TRAILING_NUMBER.search(doc)
        number = n.group(1) if n else None
        y = re.search(r"〔(\d{4})〕", doc)
        year = y.group(1) if y else None
    official = national_title(title)
    return LegalCitation(text=written.strip(), title=title, doc_number=doc, identifier=doc or official,
                         number=number, year=year, legal_type=legal_type(official, doc), articles=articles)


#: what orders a number among those of its series: an order's (国务院令第711号; 交通运输部令2017年第5号), a number
#: with a year (国办发〔2019〕14号): the series (国务院令, 国办发), the year, the number
_SERIES = re.compile(r"^(.+?令)(?:(\d{4})年)?第(\d+)号$|^(.+?)〔(\d{4})〕(\d+)号$")


def in_force(cs: list[LegalCitation]) -> LegalCitation | None:
    """Of the citations of one title under different numbers, the one in force: the latest, when the numbers are
    of one series (国务院令第492号 and 第711号: 711; 〔2019〕 after 〔2016〕); None when they are not (or none
    is given); the only one when there is one."""
    if len(cs) < 2:
        return cs[0] if cs else None
    keys = [_SERIES.match(c.doc_number or "") for c in cs]
    if not all(keys):
        return None
    order = [(m.group(1) or m.group(4), int(m.group(2) or m.group(5) or 0), int(m.group(3) or m.group(6)))
             for m in keys]
    if len({series for series, _, _ in order}) != 1:
        return None
    return cs[max(range(len(cs)), key=lambda k: order[k][1:])]


#: titles that name no instrument by themselves: a short title for one the catalogue cites in full
GENERIC_TITLES = frozenset({"条例", "办法", "规定", "法", "意见", "通知", "决定", "细则", "实施细则", "实施办法",
                            "实施条例", "暂行办法", "管理办法", "规则", "准则", "方案", "通告", "公告"})


def resolve_short_titles(cited: list[tuple[LegalCitation, ...]]) -> tuple[list[tuple[LegalCitation, ...]],
                                                                           list[tuple[int, str, tuple[str, ...]]]]:
    """A catalogue's citations (each item's, in printed order) with an instrument cited by its title alone
    read as the one cited elsewhere with its number (《自然灾害救助条例》 and …条例》（国务院令第577号）: one
    instrument, not two), a number printed alone as the one printed with its title elsewhere, and short titles
    as the instrument they stand for: one the catalogue names so (…（国务院令第590号，以下简称《条例》）), else the one cited in full
    whose title is the short one after 中华人民共和国 (《预算法》) or, for a title naming no instrument by itself
    (《条例》, 《办法》), the only one cited whose title ends with it. Each citation keeps its own text and
    articles; one instrument cited twice in an item becomes one citation with the articles of both.
    An instrument cited under an old number in some row and the one in force in others is the one in force
    for its title alone and short titles (`in_force`); each citation with a number keeps its own.
    Returns the citations and (item index, title, the instruments it might stand for) of the short titles that
    stay unresolved."""
    named: dict[str, LegalCitation] = {}
    full: dict[str, LegalCitation] = {}     # identifier → a citation of it with its full title
    numbered: dict[str, dict[str, LegalCitation]] = {}   # title → its citations with a number, by number
    titled: dict[str, LegalCitation] = {}   # number → the first citation of it with a title
    for cs in cited:
        for c in cs:
            if c.short and c.short != c.title:
                named.setdefault(c.short, c)
            if c.doc_number:
                numbered.setdefault(national_title(c.title), {}).setdefault(c.identifier, c)
            if c.doc_number and c.title != c.doc_number:
                titled.setdefault(c.identifier, c)

    def with_number(c: LegalCitation) -> LegalCitation | None:
        """The citation elsewhere in the catalogue, with its number, of an instrument cited by its title alone;
        of a title cited under several numbers (an old one left in a row), the one in force (`in_force`)."""
        return in_force(list(numbered.get(national_title(c.title), {}).values()))

    def with_title(c: LegalCitation) -> LegalCitation:
        """A number printed alone as the catalogue prints it with its title elsewhere (the first so)."""
        return titled.get(c.identifier, c) if c.doc_number and c.title == c.doc_number else c

    # one instrument cited with its number and without it is one instrument (not two a short title could mean),
    # and so is a title under an old number and the one in force
    for cs in cited:
        for c in cs:
            if c.title not in GENERIC_TITLES:
                f = with_title(with_number(c) or c)
                full.setdefault(f.identifier, f)

    def target(c: LegalCitation) -> tuple[LegalCitation | None, list[str]]:
        """The instrument a citation without a number stands for, or None and the instruments it might; a number
        printed alone is the instrument the catalogue prints it with its title (财预〔2016〕143号 → 《地方预决算公开
        操作规程》（财预〔2016〕143号）)."""
        if c.doc_number:
            return (t if (t := with_title(c)) is not c else None), []
        if (numbered_one := with_number(c)) is not None:   # cited elsewhere in the catalogue with its number
            return numbered_one, []
        if c.title in named:
            return named[c.title], []
        hits = [f for f in full.values() if f.identifier != c.identifier and f.title != c.title
                and (f.title == "中华人民共和国" + c.title or (c.title in GENERIC_TITLES and f.title.endswith(c.title)))]
        if len({f.identifier for f in hits}) == 1:
            return hits[0], []
        # in a disclosure catalogue 《条例》 with no 以下简称 is, by custom, the 政府信息公开条例
        ogi = [f for f in hits if c.title == "条例" and f.title.endswith("政府信息公开条例")]
        return (ogi[0], []) if len({f.identifier for f in ogi}) == 1 else (None, list(dict.fromkeys(
            f.identifier for f in hits)))

    out, unresolved = [], []
    for n, cs in enumerate(cited):
        mine: dict[str, LegalCitation] = {}
        for c in cs:
            t, might = target(c)
            if t is not None:
                c = replace(c, title=t.title, doc_number=t.doc_number, identifier=t.identifier, number=t.number,
                            year=t.year, legal_type=t.legal_type, short=None)
            elif c.title in GENERIC_TITLES and not c.doc_number:
                unresolved.append((n, c.title, tuple(might)))
            if c.identifier in mine:
                mine[c.identifier] = _with_articles(mine[c.identifier], c.articles)
            else:
                mine[c.identifier] = c
        out.append(tuple(mine.values()))
    return out, unresolved
