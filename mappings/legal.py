"""Legal bases (公开依据): split a cell into instruments and give each a normalised identifier.

《中华人民共和国政府信息公开条例》（国务院令 第 711 号）, 中华人民共和国政府信息公开条例》（国务院令第711号）
(opening 《 lost) and 《中华人民共和国 政府信息公开 条例》（国务院令 第 711 号） all name the instrument whose
identifier is 国务院令第711号. An instrument without a document number (三定方案, 《中华人民共和国预算法》)
is identified by its title with whitespace removed.

Articles cited after a title belong to that instrument: 《X》第二十条、第二十一条 is X cited with the
articles ("20", "21"). Article notation (LegalCitation.articles): the article number in Arabic numerals;
a paragraph (款) follows after a dot, an item (项) in parentheses: 第十九条 → "19", 第十九条第二款 → "19.2",
第十九条第（三）项 → "19(3)", 第十九条第二款第三项 → "19.2(3)". A document number written without
brackets ends at 号: 国办发〔2017〕47号:发布本地区… cites 国办发〔2017〕47号 (the rest is no instrument).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

_SEPARATORS = "、；;，,。\n"
_DOCNO_PAREN = re.compile(r"^\s*[（(]\s*([^（）()]*?号)\s*[）)]")
#: a bracket after a title that holds its document number among other words: （2019年4月3日国务院令第711号修订）,
#: （2007年…国务院令第492号公布，2019年…国务院令第711号修订）: the last number named is the one in force
_PAREN = re.compile(r"^\s*[（(]([^（）()]*)[）)]")
_DATE = re.compile(r"^\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?")
_ENACTED = re.compile(r"(?:第[一二三四五六七八九十\d]+次)?(?:公布|发布|印发|修订|修正|施行|通过|实施)+\s*$")
#: a notice issuing the instrument in 《》: 中共中央办公厅 国务院办公厅印发《关于…的意见》的通知（中办发〔2016〕8号）
_NOTICE = re.compile(r"^的(?:通知|决定|批复|函)")
#: a text ending with its document number in brackets: 国务院办公厅关于印发…的通知（国办发〔2023〕15号）
_TAIL_PAREN = re.compile(r"[（(]([^（）()]*)[）)]\s*$")
#: numbering before a list entry (1. 2、 （1） ① 一、) and the words that lead into a citation (依据《X》)
_ENTRY_NUMBER = re.compile(r"^(?:[\u2460-\u2473]|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]"
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
_NOT_AN_INSTRUMENT = re.compile(r"^(?:等|及|和|以及|与|其他|其它)?的?(?:(?:有关|相关|其他|其它)?(?:法律法规|法律|法规|规章"
                                r"|文件|政策|规定|要求|精神|条款))*等?$")
_NUM = r"[0-9０-９零〇一二两三四五六七八九十百千]+"
#: one article reference: 第二十条, 第4条, 第十九条第二款, 第十九条第（三）项, 第十九条第二款第三项, and a range of
#: items 第二十条第（一）至（五）项; after the first of a list 第 may be left out (第20条、21条)
_ARTICLE = re.compile(rf"(第)?\s*({_NUM})\s*条(?:\s*第\s*({_NUM})\s*款)?(?:\s*第\s*[（(]?\s*({_NUM})\s*[）)]?"
                      rf"(?:\s*(?:至|到|[-－—~～])\s*第?\s*[（(]?\s*({_NUM})\s*[）)]?)?\s*项)?")
#: the end of an article range: …至第十五条 (not …至第十五条第二款: left as it is)
_ARTICLE_TO = re.compile(rf"\s*(?:至|到|[-－—~～])\s*第?\s*({_NUM})\s*条(?!\s*第)")
#: what may stand between two article references of one instrument
_ARTICLE_JOIN = re.compile(r"\s*(?:[、，,和及与]|以及)?\s*")
#: a document number written without brackets: 国办发〔2017〕47号, 国务院令第711号 (it ends at 号)
_DOCNO_BARE = re.compile(r"^\s*([\u4e00-\u9fff]{1,12}?\s*(?:[〔﹝［\[（(【]\s*\d{4}\s*[〕﹞］\]）)】]\s*第?|令\s*第?)\s*\d+\s*号)")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int:
    """二十一 → 21, 十九 → 19, 一百零二 → 102, 4 → 4, ４ → 4."""
    text = text.strip()
    if text.isdigit():
        return int(text)   # also full-width digits
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


def article_notation(article: str, paragraph: str | None = None, item: str | None = None) -> str:
    """The notation of one article reference (see the module text): "19", "19.2", "19(3)", "19.2(3)"."""
    out = str(chinese_number(article))
    if paragraph:
        out += f".{chinese_number(paragraph)}"
    if item:
        out += f"({chinese_number(item)})"
    return out


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


def _span(a: str, b: str, room: int = RANGE_MAX) -> list[int]:
    """The numbers from a to b (Chinese or Arabic), both ends included; only the ends when b is not after a or
    the range is wider than RANGE_MAX (or `room`)."""
    lo, hi = chinese_number(a), chinese_number(b)
    return list(range(lo, hi + 1)) if lo < hi <= lo + min(RANGE_MAX, room) else list(dict.fromkeys((lo, hi)))


def read_articles(text: str) -> tuple[tuple[str, ...], int]:
    """The article references at the start of `text` (第二十条、第二十一条; 第九条至第十五条: each article of the
    range; 第二十条第（一）至（五）项: each item) as notations, and how many characters they take (0 when the
    text does not start with one)."""
    out, pos = [], 0
    while True:
        j = _ARTICLE_JOIN.match(text, pos).end() if out else len(text) - len(text[pos:].lstrip())
        m = _ARTICLE.match(text, j)
        if not m or not (out or m.group(1)):
            break
        _, article, paragraph, item, item_to = m.groups()
        try:
            if item_to:
                items = _span(item, item_to, ARTICLES_MAX - len(out))
                out += [article_notation(article, paragraph, str(k)) for k in items]
            else:
                out.append(article_notation(article, paragraph, item))
        except ValueError:
            break
        pos = m.end()
        r = _ARTICLE_TO.match(text, pos) if not (paragraph or item) else None
        if r:
            try:
                out += [str(k) for k in _span(article, r.group(1), ARTICLES_MAX - len(out))]
                pos = r.end()
            except ValueError:
                pass
    return tuple(dict.fromkeys(out)), pos


def doc_number_in(text: str) -> str | None:
    """The document number a bracket after a title or a notice holds: all of it (国务院令第711号, ending at 号), or
    the last of its parts naming one, its date and 公布/修订 left out (2019年4月3日国务院令第711号修订)."""
    if re.fullmatch(r"[^（）()]*?号", text.strip()):
        return text.strip()
    for part in reversed(re.split(r"[，,；;]", text)):
        core = _ENACTED.sub("", _DATE.sub("", part)).strip()
        m = _DOCNO_BARE.fullmatch(core)
        if m:
            return m.group(1)
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


def normalise_doc_number(raw: str) -> str:
    """Whitespace out, the year in 〔〕, the State Council's and the President's orders without the country's
    name before them (中华人民共和国国务院令第711号 → 国务院令第711号, as nearly every catalogue writes it)."""
    s = re.sub(r"^中华人民共和国(?=(?:国务院|主席)令)", "", re.sub(r"\s+", "", raw))
    return _YEAR_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", s)


def legal_type(title: str, doc_number: str | None) -> str:
    if doc_number:
        if doc_number.startswith("国务院令"):
            return "administrative-regulation"
        if doc_number.startswith("主席令"):
            return "law"
        if re.match(r"^[^〔]*令第?\d+号$", doc_number):
            return "departmental-rule"
        return "normative-document"
    if re.match(r"^中华人民共和国.*法$", title):
        return "law"
    return "other"


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
    repaired = _repair_missing_open_quote(cell)
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
        m = _DOCNO_PAREN.match(repaired[after:]) or _DOCNO_BARE.match(repaired[after:])
        doc = normalise_doc_number(m.group(1)) if m else None
        if m is None:   # （2019年4月3日国务院令第711号修订）, or the notice issuing it: 《X》的通知（中办发〔2016〕8号）
            notice = _NOTICE.match(repaired[after:])
            p = _PAREN.match(repaired[after + (notice.end() if notice else 0):])
            number = doc_number_in(p.group(1)) if p else None
            if number:
                m, doc = p, normalise_doc_number(number)
                if notice:
                    # the notice is the instrument: its title runs from the start of the entry (…印发)
                    lead = re.split(f"[{_SEPARATORS}]", leftovers[-1])[-1]
                    leftovers[-1] = leftovers[-1][:len(leftovers[-1]) - len(lead)]
                    start -= len(lead)
                    title_raw = repaired[start:after + notice.end()]
                    after += notice.end()
        stop = after + (m.end() if m else 0)
        articles, n = read_articles(repaired[stop:])
        if n and not m:   # 《X》第二十条（国务院令第711号）: the number after the articles
            m = _DOCNO_PAREN.match(repaired[stop + n:])
            doc = normalise_doc_number(m.group(1)) if m else None
            n += m.end() if m else 0
        stop += n
        written = repaired[start:stop]
        if shift and written not in cell:  # the 《 was ours: keep the text as the agency wrote it
            written = written[1:]
        citations.append(_citation(written, title_raw, doc, articles))
        pos = stop
    for chunk in leftovers:
        for piece in re.split(f"[{_SEPARATORS}]", chunk):
            piece = _LEAD_IN.sub("", _ENTRY_NUMBER.sub("", piece.strip(" 　"))).strip(" 　")
            bare = _DOCNO_BARE.match(piece)
            tail = _TAIL_PAREN.search(piece)
            number = doc_number_in(tail.group(1)) if tail else None
            if bare:    # 国办发〔2017〕47号:发布本地区… — the number is the instrument, the rest no part of it
                doc = normalise_doc_number(bare.group(1))
                citations.append(_citation(bare.group(1).strip(), doc, doc))
            elif number and piece[:tail.start()].strip():   # 国务院办公厅关于印发…的通知（国办发〔2023〕15号）
                citations.append(_citation(piece, piece[:tail.start()], normalise_doc_number(number)))
            elif piece and not _NOT_AN_INSTRUMENT.match(piece) and read_articles(piece)[1] != len(piece):
                citations.append(_citation(piece, piece, None))
    seen: dict[str, int] = {}
    unique: list[LegalCitation] = []
    for c in sorted(citations, key=lambda c: cell.find(c.text) if c.text in cell else len(cell)):
        if c.identifier not in seen:
            seen[c.identifier] = len(unique)
            unique.append(c)
        elif c.articles:    # 《X》第二十条；《X》第二十一条: one instrument, the articles of both
            first = unique[seen[c.identifier]]
            unique[seen[c.identifier]] = replace(first, articles=tuple(dict.fromkeys(first.articles + c.articles)))
    return tuple(unique)


def _citation(written: str, title_raw: str, doc: str | None, articles: tuple[str, ...] = ()) -> LegalCitation:
    title = re.sub(r"\s+", "", title_raw).strip("《》")
    number = year = None
    if doc:
        n = _TRAILING_NUMBER.search(doc)
        number = n.group(1) if n else None
        y = re.search(r"〔(\d{4})〕", doc)
        year = y.group(1) if y else None
    return LegalCitation(text=written.strip(), title=title, doc_number=doc, identifier=doc or title,
                         number=number, year=year, legal_type=legal_type(title, doc), articles=articles)
