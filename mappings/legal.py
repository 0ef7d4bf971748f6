"""Legal bases (公开依据): split a cell into instruments and give each a normalised identifier.

《中华人民共和国政府信息公开条例》（国务院令 第 711 号）, 中华人民共和国政府信息公开条例》（国务院令第711号）
(opening 《 lost) and 《中华人民共和国 政府信息公开 条例》（国务院令 第 711 号） all name the instrument whose
identifier is 国务院令第711号. An instrument without a document number (三定方案, 《中华人民共和国预算法》)
is identified by its title with whitespace removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SEPARATORS = "、；;，,。\n"
_DOCNO_PAREN = re.compile(r"^\s*[（(]\s*([^（）()]*?号)\s*[）)]")
_YEAR_BRACKETS = re.compile(r"[〔﹝［\[（(【]\s*(\d{4})\s*[〕﹞］\]）)】]")
_TRAILING_NUMBER = re.compile(r"(\d+)\s*号$")
_NOT_AN_INSTRUMENT = re.compile(r"^(等|及|和|以及|有关规定|相关规定|其他)$")


@dataclass(frozen=True)
class LegalCitation:
    text: str                 # the citation as written on the item (cleaned of extraction whitespace)
    title: str                # title without 《》 and without whitespace
    doc_number: str | None    # normalised: 国务院令第711号, 财预〔2013〕309号
    identifier: str           # doc_number, or the title when there is none
    number: str | None        # the trailing number: 711, 309
    year: str | None          # the year in 〔〕: 2013
    legal_type: str           # notation in the legal-type scheme


def normalise_doc_number(raw: str) -> str:
    s = re.sub(r"\s+", "", raw)
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
        end, depth = start, 0
        for end in range(start, len(repaired)):
            if repaired[end] == "《":
                depth += 1
            elif repaired[end] == "》":
                depth -= 1
                if depth == 0:
                    break
        title_raw = repaired[start + 1:end]
        after = end + 1
        m = _DOCNO_PAREN.match(repaired[after:])
        doc = normalise_doc_number(m.group(1)) if m else None
        stop = after + (m.end() if m else 0)
        written = repaired[start:stop]
        if shift and written not in cell:  # the 《 was ours: keep the text as the agency wrote it
            written = written[1:]
        citations.append(_citation(written, title_raw, doc))
        pos = stop
    for chunk in leftovers:
        for piece in re.split(f"[{_SEPARATORS}]", chunk):
            piece = piece.strip(" 　")
            if piece and not _NOT_AN_INSTRUMENT.match(piece):
                citations.append(_citation(piece, piece, None))
    seen, unique = set(), []
    for c in sorted(citations, key=lambda c: cell.find(c.text) if c.text in cell else len(cell)):
        if c.identifier not in seen:
            seen.add(c.identifier)
            unique.append(c)
    return tuple(unique)


def _citation(written: str, title_raw: str, doc: str | None) -> LegalCitation:
    title = re.sub(r"\s+", "", title_raw).strip("《》")
    number = year = None
    if doc:
        n = _TRAILING_NUMBER.search(doc)
        number = n.group(1) if n else None
        y = re.search(r"〔(\d{4})〕", doc)
        year = y.group(1) if y else None
    return LegalCitation(text=written.strip(), title=title, doc_number=doc, identifier=doc or title,
                         number=number, year=year, legal_type=legal_type(title, doc))
