"""Cell text: removing extraction debris, normalising whitespace, reading check boxes, splitting lists.

Everything here works on the text of ONE cell and knows nothing about columns or catalogues.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

from .readers.base import fold_radicals

# Debris left by the Word/PDF → text extraction: bookmarks and a few known tags, nothing else. Text
# that merely holds '<' and '>' (当 a<b 且 c>d 时, <http://example.com>) is text and stays.
# (a bookmark's name never holds a bracket: the scan stops at the next one, linear in the text)
_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")
# attributes as markup writes them: name, name="…", name='…', name=bare (ASCII names only)
_ATTRS = r"""(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*\s*"""
_PARAGRAPH_TAGS = re.compile(rf"</p\s*>\s*<p{_ATTRS}>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_CHECKBOX = re.compile(r"<input\b([^>]*)/?>", re.IGNORECASE)
#: the tags extractions leave in cells (paragraphs, check boxes, inline formatting); only these go
_DEBRIS_TAG = re.compile(
    rf"<(?:p|span|font|div|input|b|i|u|strong|em|sup|sub){_ATTRS}/?>|</(?:p|span|font|div|b|i|u|strong|em|sup|sub)\s*>",
    re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")


def is_wide(ch: str) -> bool:
    """True for CJK ideographs, kana/hangul and full-width punctuation: characters Chinese text runs
    together without spaces, so a space between two of them is an extraction artefact."""
    if not ch:
        return False
    o = ord(ch)
    if 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0xFE10 <= o <= 0xFE6F:
        return True  # CJK punctuation, full-width forms, vertical forms, small form variants (﹝﹞)
    if 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF:
        return True
    return ch in "“”‘’…—·《》〈〉"


_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_debris(text: str) -> str:
    """Remove bookmarks and the known debris tags (<p> paragraphs, <br> line breaks, <input> check
    boxes, <span>/<font>/<b> … formatting); any other text with '<' and '>' is kept as written.
    A removal that would join the text around it into a new tag is not made (the debris stays).
    Control characters are debris too (LibreOffice writes a Word check-box control as '☒\x01'); NUL is
    kept, the record builder's join mark."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if "[" not in text and "<" not in text:
        return text
    text = _remove(_BOOKMARK, "", text)
    # paragraphs inside one cell read as one text: a space, which the CJK rule keeps or drops
    text = _remove(_PARAGRAPH_TAGS, " ", text)
    text = _remove(_BREAK_TAG, "\n", text)
    return _remove(_DEBRIS_TAG, "", text)


def _remove(pattern: re.Pattern, replacement: str, text: str) -> str:
    """pattern.sub(replacement, text), except where the text before a match ends inside an open '<…'
    ('<', '</', '<sp', '<a href=x'): there the match is kept, so no removal ever creates a tag."""
    out, pos = [], 0
    head = ""   # the first 3 characters of the text so far from its last '<' or '>' on
    for m in pattern.finditer(text):
        before = text[pos:m.start()]
        head = _head(head, before)
        keep = _opens_tag(head)
        piece = m.group(0) if keep else replacement
        out += (before, piece)
        head = _head(head, piece)
        pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _head(head: str, piece: str) -> str:
    cut = max(piece.rfind("<"), piece.rfind(">"))
    return piece[cut:cut + 3] if cut >= 0 else (head + piece[:3])[:3]


def _opens_tag(head: str) -> bool:
    """Whether text ending in a run that starts with `head` is inside an open tag ('<', '</', '<a …')."""
    if not head.startswith("<"):
        return False
    rest = head[1:]
    if rest[:1] in ("/", "!", "?"):
        rest = rest[1:]
    return rest == "" or rest[0].isascii() and rest[0].isalpha()


def clean_line(line: str) -> str:
    """Collapse whitespace in one line; drop it entirely between two wide (CJK) characters. A soft hyphen
    (U+00AD, shown only where a line breaks) is no character of the text."""
    if "\u00ad" in line:
        line = line.replace("\u00ad", "")
    line = _SPACES.sub(" ", line).strip()
    if " " not in line:
        return line
    parts = line.split(" ")
    out = parts[0]
    for part in parts[1:]:
        if out and part and is_wide(out[-1]) and is_wide(part[0]):
            out += part
        else:
            out += " " + part
    return out


#: how a catalogue's title (or the notice issuing it) ends: wrapped over two lines (a cover page, a PDF's
#: text), only its last line ends so (…政府信息公开目 / 录, …标准目录的通 / 知)
_TITLE_END = re.compile(r"(?:目录|清单|一览表|事项表|通知|公告|决定|[（(][^（()）]*[)）])$")
#: a remark printed on a line of its own under a title: （2024年版）, （试行）
_TITLE_REMARK = re.compile(r"[（(][^（()）：:，,。；;]{1,12}[)）]")
_SENTENCE = re.compile(r"[：:，,。；;]")


def title_at(lines: list[str], k: int) -> str:
    """Line k of the text before a table, as a title: with the next line when the title was wrapped onto
    it (line k does not end as a title does, the two together do, the next is shorter, and neither has a
    sentence's punctuation: 当前位置：首页 > … is no title),
    or when the next is a remark on the title alone on its line (（2024年版）)."""
    line = clean_line(lines[k])
    nxt = clean_line(lines[k + 1]) if k + 1 < len(lines) else ""
    if not nxt:
        return line
    if _TITLE_REMARK.fullmatch(nxt) and not _TITLE_REMARK.search(line):
        return line + nxt
    if not _TITLE_END.search(line) and _TITLE_END.search(line + nxt) and len(nxt) < len(line) \
            and not _SENTENCE.search(line + nxt):
        return line + nxt
    return line


#: a heading's dotted code (1 行政权力, 1.1 行政许可, 1.1.1 …: its depth the number of parts): parts of one or two
#: digits, none 0 (2024.1 is a date, 1.0 a version, 1.05 a number), the whole run (1.1 is no code of 1.1.1); a
#: code of one part is followed by a space or a mark (1 行政权力, 1. 行政权力), one of more by a name, not a unit
#: (1.5万元, 2.5%); the name no book title or article (1.1《条例》第十条)
_CODE_PART = r"[1-9]\d?"
_CODE_END = r"(?![.．]?\d)"
_NO_UNIT = r"(?![万千百亿元%％‰倍《第])"
_DOTTED = re.compile(r"^\s*(" + _CODE_PART + r"(?:[.．]" + _CODE_PART + r")*)" + _CODE_END + r"([.．、]?)(\s*)"
                     + _NO_UNIT + r"(\S.*)$")


def code_pattern(depth: int) -> str:
    """The pattern of a heading's dotted code of `depth` parts, as a mapping writes it (a group named code; no
    repetition of a part of variable width: spec.check_pattern), with what may follow it before the name."""
    code = r"[.．]".join([_CODE_PART] * depth)
    after = r"(?=[.．、\s])[.．、]?" if depth == 1 else r"[.．、]?"
    return r"^\s*(?P<code>" + code + ")" + _CODE_END + after + _NO_UNIT


def dotted_code(line: str) -> tuple[str, int, str] | None:
    """A heading line's dotted code, its depth and the words after it (2.1 最低生活保障 → ('2.1', 2, '最低生活保障')),
    or None: no code, or a single number with nothing between it and the words (1行政权力: not a code's form)."""
    m = _DOTTED.match(line)
    if not m:
        return None
    code = m.group(1)
    depth = len(re.split(r"[.．]", code))
    if depth == 1 and not (m.group(2) or m.group(3)):
        return None
    return unicodedata.normalize("NFKC", code), depth, m.group(4).strip()


_DIGITS = frozenset("0123456789")


#: a line starting an entry of a numbered list: 1. 2、 ① （1） (1) 一、 一是
_LIST_ENTRY = re.compile(r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[\u2460-\u2473]|[（(]\s*\d{1,2}\s*[)）]|[一二三四五六七八九十]{1,3}(?:、|是))")


def join_lines(lines: list[str], spaced: frozenset[int] = frozenset(), joiner: str = "") -> str:
    """Join the (already cleaned) lines of one cell.

    joiner "" means lines are wraps of a narrow column: glue them, with a space only between two
    non-CJK characters (so Latin words stay apart), except between two digits: a number wrapped in a
    narrow column (01 / 0000, 国务院令第71 / 1号) is one number; but in a cell that is a numbered list (its
    first line starts 1. ① （1） 一、), each line starting an entry stays a line. A line that printed a space
    at its end (`spaced`: their indices) wrapped at that space, which stays where a space within a line
    stays (起 20 / 个 → 起 20 个: beside a digit or a Latin letter, not between two Chinese characters). Any
    other joiner is used as given.
    """
    if joiner != "":
        return joiner.join(ln for ln in lines if ln)
    kept = [(ln, k in spaced) for k, ln in enumerate(lines) if ln]
    if not kept:
        return ""
    out = kept[0][0]
    space = kept[0][1]
    for ln, after in kept[1:]:
        if _LIST_ENTRY.match(ln) and _LIST_ENTRY.match(kept[0][0]):
            out += "\n" + ln        # the entries of a numbered list (1.主要职责 / 2.内设机构) stay apart
        elif out[-1] in _DIGITS and ln[0] in _DIGITS:
            out += ln
        elif is_wide(out[-1]) or is_wide(ln[0]):
            out += (" " if space and not (is_wide(out[-1]) and is_wide(ln[0])) else "") + ln
        else:
            out += " " + ln
        space = after
    return out


@lru_cache(maxsize=65536)  # catalogues repeat the same cells (time limits, bases, boxes) row after row
def clean_text(raw: str, joiner: str = "") -> str:
    """The cleaned text of a cell: debris removed, whitespace normalised, lines joined."""
    return join_lines(*clean_lines(raw), joiner=joiner)


def clean_lines(raw: str) -> tuple[list[str], frozenset[int]]:
    """A cell's lines, debris removed and each cleaned (`clean_line`), blank ones left out; and the indices of
    those that printed a space at their end (a PDF line wrapped at a space: `join_lines`)."""
    raw = unicodedata.normalize("NFC", fold_radicals(strip_debris(raw)))
    raw = _HTML_CHECKBOX.sub(" ", raw)
    lines: list[str] = []
    spaced: set[int] = set()
    for line in raw.split("\n"):
        if kept := clean_line(line):
            if line[-1:] == " ":
                spaced.add(len(lines))
            lines.append(kept)
    return lines, frozenset(spaced)


@lru_cache(maxsize=65536)   # header probes compact every cell of every row; catalogues repeat their cells
def compact(text: str) -> str:
    """A matching key: all whitespace removed (header and label comparison)."""
    return _SPACES.sub("", text.replace("\n", ""))


# ---------------------------------------------------------------------------------------------------
# Check boxes
# ---------------------------------------------------------------------------------------------------

CHECKED_GLYPHS = "■☑☒✔✓√▣●"
UNCHECKED_GLYPHS = "□☐○"
#: the marks that tick a tick column's cell: √ ✓ ■ ☑ ●, a checked box as CHECKED_GLYPHS has it (☒, Word's
#: checked check box, printed or saved as a web page; ▣), the emoji ✅ and a star ★
TICK_MARKS = "√✓✔■☑☒▣●✅★"
#: the words that do, alone in the cell: 是, 有, Y, YES, and V or v typed for √ (half- or full-width); 是 with a
#: note in brackets (是（部分）)
TICK_WORDS = r"是|有|[YyＹｙVvＶｖ]|YES|Yes|是\s*[（(][^（()）]{1,20}[)）]"
#: a tick column's ticked cell: a mark, or a tick word alone (否 / N / ○ / blank: not ticked)
TICK = re.compile(rf"[{TICK_MARKS}]|^\s*(?:{TICK_WORDS})\s*$")


#: þ / ¨ before a label: a Wingdings box (ticked / empty) whose font was lost in a copy or conversion
#: (a stray "t" before it or after it dropped). Every reader's text may hold them, not only web pages.
_LOST_WINGDINGS = re.compile("(?<![A-Za-z])t?([\u00fe\u00a8])t?(?=[ \u3000]*[\u4e00-\u9fff])")
_LOST_GLYPH = {"\u00fe": "■", "\u00a8": "□"}


#: the same for Wingdings 2, whose boxes are letters: R ☑, S and T ☒, P ✓ (ticked), £ ☐ (empty). A cell that is
#: one of them alone (a tick column), or options each after one, in a cell holding a £ (R政府网站 £政务微信)
_LOST_WINGDINGS_2 = re.compile("(?<![A-Za-z0-9])([RSTP\u00a3])(?=[ \u3000]*[\u4e00-\u9fff])")
_LOST_GLYPH_2 = {"R": "■", "S": "■", "T": "■", "P": "✓", "\u00a3": "□"}


def lost_wingdings(text: str) -> str:
    """þ政府网站 ¨政务微博 → ■政府网站 □政务微博; R政府网站 £政务微博 → ■政府网站 □政务微博; a cell R, P or £ alone →
    ■, ✓, □ (unchanged when there is none of them)."""
    if "\u00fe" in text or "\u00a8" in text:
        text = _LOST_WINGDINGS.sub(lambda m: _LOST_GLYPH[m.group(1)], text)
    alone = text.strip()
    if len(alone) == 1 and alone in _LOST_GLYPH_2:
        return _LOST_GLYPH_2[alone]
    if "\u00a3" in text:
        text = _LOST_WINGDINGS_2.sub(lambda m: _LOST_GLYPH_2[m.group(1)], text)
    return text


@dataclass(frozen=True)
class Option:
    label: str
    checked: bool


def _html_to_glyphs(text: str) -> str:
    def repl(m: re.Match) -> str:
        return " ■" if "checked" in m.group(1).lower() else " □"
    return _HTML_CHECKBOX.sub(repl, text)


def read_checkboxes(raw: str, convention: str, circles: bool = False) -> tuple[Option, ...]:
    return _read_checkboxes(raw, convention, circles)


@lru_cache(maxsize=65536)
def _read_checkboxes(raw: str, convention: str, circles: bool = False) -> tuple[Option, ...]:
    """The options of a check-box cell, in printed order.

    conventions:
      html        `<input checked="" type="checkbox"/> 政府网站` (unchecked: no `checked`)
      glyphs      ■/☑/√ checked, □/☐ unchecked; text with no box is a plain (selected) value
      lost-glyph  the checked glyph was lost in extraction: options printed WITHOUT □ are the checked ones
    Options are separated by boxes or by runs of whitespace; labels never contain spaces. ○ alone in a cell
    (no ● or box beside it) is a list bullet, unless `circles`: the cell's column marks options ● / ○
    elsewhere, so ○ there is an empty box even in a row where none is selected.
    """
    text = lost_wingdings(strip_debris(_html_to_glyphs(raw) if convention == "html" else raw))
    text = _SPACES.sub(" ", text)
    bracketed = bool(_BRACKETED_MARK.search(text))
    if bracketed:
        # each mark in brackets after its option (政府网站（√） 政务微博（ ）): the mark after the option, an
        # empty pair of brackets (or one with ×) an empty box
        text = _EMPTY_BRACKETS.sub("□", _BRACKETED_MARK.sub(r"\1", text))
    if not circles and "○" in text and not any(g in text for g in CHECKED_GLYPHS + UNCHECKED_GLYPHS.replace("○", "")):
        text = text.replace("○", "●")     # ○ alone, no ● beside it: list bullets (○政府网站 ○政务微博), not boxes
    if _ticks_follow(text):
        return _ticked_before(text)
    # "□ 政府网站" → "□政府网站"; a box ending a wrapped line belongs to the label on the next ("□\n政策解读")
    text = re.sub(rf"([{CHECKED_GLYPHS}{UNCHECKED_GLYPHS}])[ \n]+", r"\1", text)
    options: list[Option] = []
    boxes = CHECKED_GLYPHS + UNCHECKED_GLYPHS
    body = text.strip()
    if len(body) > 1 and (body[-1] in boxes or bracketed) and body[0] not in boxes:
        # each box after its option (WPS, some templates: 政府网站☐ 政府公报☑): the option before it
        for m in re.finditer(rf"([^{boxes}]+?)\s*([{boxes}])", body):
            if m.group(1).strip(_LIST_PUNCTUATION):
                options.append(Option(m.group(1).strip(_LIST_PUNCTUATION), m.group(2) in CHECKED_GLYPHS))
        return tuple(options)
    # Ticks alone (√政府网站 政务微博、政务微信): a tick marks the option it is glued to, and the options printed
    # without one are not chosen; with boxes, every option has its box and text without one continues a label.
    ticks_only = convention != "lost-glyph" and any(g in text for g in _TICKS) \
        and not any(g in text for g in boxes if g not in _TICKS)
    for token in re.split(r"[ \n]+", text):
        # A token may hold several boxes run together (■政府网站■政府公报).
        for m in re.finditer(rf"([{CHECKED_GLYPHS}{UNCHECKED_GLYPHS}]?)([^{CHECKED_GLYPHS}{UNCHECKED_GLYPHS}]*)", token):
            glyph, label = m.group(1), m.group(2).strip()
            if ticks_only:
                entries = [_unwrapped(e.strip()) for e in _outside_brackets(label)]
                if glyph or not options or not _unclosed(options[-1].label):
                    options += [Option(e, bool(glyph) and k == 0) for k, e in enumerate(entries) if e]
                    continue
            label = label.strip(_LIST_PUNCTUATION)
            if not label:
                continue
            if glyph in UNCHECKED_GLYPHS and glyph:
                checked = False
            elif glyph:
                checked = True
            elif options and convention != "lost-glyph":
                # a label broken by an extraction space ("脱密（脱 敏）公开") continues the option before it
                prev = options.pop()
                options.append(Option(join_lines([prev.label, label]), prev.checked))
                continue
            else:
                checked = True  # a bare value is a selection (and, for lost-glyph, the lost ■)
            options.append(Option(label, checked))
    return tuple(options)


#: marks that tick an option rather than fill its box
_TICKS = "√✓✔"
#: a tick glued to the text before it and followed by a space or the cell's end (政府网站√ 政务微博), and one
#: standing after a space or at the start and glued to the text after it (√政府网站 政务微博)
_TICK_AFTER = re.compile(rf"[^\s{_TICKS}][{_TICKS}](?=\s|$)")
_TICK_BEFORE = re.compile(rf"(?:^|\s)[{_TICKS}](?=[^\s{_TICKS}])")


def _unwrapped(label: str) -> str:
    """An option's label without the brackets around the whole of it (√（主动）: 主动)."""
    m = re.fullmatch(r"[（(]([^（()）]+)[)）]", label)
    return m.group(1).strip() if m else label


def _ticks_follow(text: str) -> bool:
    """Whether the ticks of a cell with ticks and no boxes stand after the options they tick (主动公开√ 依申请公开,
    政府网站√ 政务微博√ 政务微信), not before them (√政府网站 政务微博): the spaces tell (every tick glued to the
    text before it, none to the text after it alone); with none beside any tick (主动√依申请), a cell opening
    with an option and not with a tick has them after."""
    body = text.strip()
    if not body or not any(g in body for g in _TICKS) or any(g in body for g in CHECKED_GLYPHS + UNCHECKED_GLYPHS
                                                              if g not in _TICKS):
        return False
    after, before = len(_TICK_AFTER.findall(body)), len(_TICK_BEFORE.findall(body))
    if after or before:
        return after > 0 and before == 0
    return body[0] not in _TICKS and body[-1] not in _TICKS and not re.search(rf"\s[{_TICKS}]\s", body)


def _ticked_before(text: str) -> tuple[Option, ...]:
    """The options of a cell whose ticks follow their options: in each stretch of text before a tick, its last
    entry is ticked, the others not; the entries after the last tick are not."""
    pieces = re.split(rf"[{_TICKS}]", text.strip())
    options: list[Option] = []
    for k, piece in enumerate(pieces):
        entries = [_unwrapped(e.strip(_LIST_PUNCTUATION)) for token in piece.split()
                   for e in _outside_brackets(token)]
        entries = [e for e in entries if e]
        ticked = k < len(pieces) - 1
        options += [Option(e, ticked and n == len(entries) - 1) for n, e in enumerate(entries)]
    return tuple(options)
#: list separators at either end of an option's label (■政府网站、□政务微博、)
_LIST_PUNCTUATION = " 、，,；;。"
#: a mark in brackets after an option (政府网站（√）), and the empty brackets (or ×) of the options not chosen
_BRACKETED_MARK = re.compile(r"[（(]\s*([√✓✔■☑●])\s*[)）]")
_EMPTY_BRACKETS = re.compile(r"[（(]\s*[×xX✗✘]?\s*[)）]")


def _unclosed(label: str) -> bool:
    """A bracket opened in the label and not closed: its text goes on in the next piece (脱密（脱 | 敏）公开)."""
    return label.count("（") + label.count("(") > label.count("）") + label.count(")")


#: any of the boxes (one search, not one a glyph)
_ANY_BOX = re.compile(f"[{re.escape(CHECKED_GLYPHS + UNCHECKED_GLYPHS)}]")


def has_checkboxes(raw: str) -> bool:
    return bool(_HTML_CHECKBOX.search(raw)) or bool(_ANY_BOX.search(raw)) or lost_wingdings(raw) != raw


def is_ticked(raw: str) -> bool:
    """A tick column (√ under 全社会, 主动 …): ticked when it holds a tick or a checked box (a Wingdings one whose
    font was lost too: þ, R, P)."""
    return bool(TICK.search(lost_wingdings(raw))) or 'checked' in raw.lower()


# ---------------------------------------------------------------------------------------------------
# Lists inside one cell
# ---------------------------------------------------------------------------------------------------

#: a number of six digits or more (with area code, dashes, brackets), or a five-digit public service
#: hotline (12345 政务服务便民热线, 12369 环保举报, 12315 …), printed alone in 咨询及监督举报电话 cells
_PHONE = re.compile(r"(?:\+?\d[\d\-（）()]{4,}\d|(?<![\d\-])1\d{4}(?![\d\-]))(?:\s*[（(]?\s*(?:转|分机)\s*\d{1,6}\s*[)）]?)?")
_PHONE_PIECE = re.compile(r"(?=.*\d)[\d\-]{1,4}")   # a line of a number wrapped in a narrow column
#: how else numbers are written: 0571—86660001 (any dash), (0571)86660002, 0571 8666 0003, 138 0013 8000
_DASHES = re.compile(r"(?<=\d)\s*[—－–―‐‑]\s*(?=\d)")
_AREA_IN_BRACKETS = re.compile(r"[（(]\s*(0\d{2,3})\s*[)）]\s*(?=\d)")
_SPACED_LANDLINE = re.compile(r"(?<![\d-])(0\d{2,3})[ \u3000]+(\d{3,4}[ \u3000]+\d{4}|\d{7,8})(?![\d-])")
_SPACED_MOBILE = re.compile(r"(?<![\d-])(1[3-9]\d)[ \u3000]+(\d{4})[ \u3000]+(\d{4})(?![\d-])")


def _short_local(line: str, nxt: str) -> bool:
    """`line` ends in an area code and the start of the local number (0571-860), which `nxt`'s digits
    complete to at most eight (a landline's local number has seven or eight): a number wrapped in a narrow
    column whose last lines were joined (a row cut by a page break: 123 + 45)."""
    m = re.search(r"(?:^|[^\d-])0\d{2,3}\s*-\s*(\d{0,6})\s*$", line)
    return bool(m and re.fullmatch(r"\d+", nxt.strip()) and len(m.group(1)) + len(nxt.strip()) <= 8)


def split_phones(raw: str) -> list[str]:
    """Phone numbers in a cell, as written but without extraction spaces ('0574- 87406586'). A line of
    one to four digits and hyphens after a line ending in a digit or a hyphen is that number wrapped in a
    narrow column (0571-8601234 / 5; 057 / 1- / 860 / 123 / 45 in a column three digits wide): no phone
    number is that short (a hotline has five: 12345); and so are the digits completing a local number whose
    area code and first digits end the line above (`_short_local`). Numbers written another way are written
    the usual way: 0571—86660001, (0571)86660002 and 0571 8666 0003 as 0571-8666000x, 138 0013 8000 as
    13800138000, full-width digits as digits; an extension (转8001, （分机8001）) stays with its number as 转8001."""
    return [re.sub(r"\s*[（(]?\s*(转|分机)\s*(\d+)\s*[)）]?$", r"转\2", m.group(0))
            for m in _PHONE.finditer(_phone_text(raw))]


def _phone_text(raw: str) -> str:
    """A phone cell's text with its numbers written the usual way (see split_phones)."""
    lines: list[str] = []
    raw = unicodedata.normalize("NFKC", raw)        # full-width digits and dashes: ０５７１－… is 0571-…
    for line in clean_text(raw, joiner="\n").split("\n"):
        if lines and (_PHONE_PIECE.fullmatch(line.strip()) and re.search(r"[\d-]\s*$", lines[-1])
                      or _short_local(lines[-1], line)):
            lines[-1] = lines[-1].rstrip() + line.strip()
        else:
            lines.append(line)
    text = re.sub(r"\s*-\s*", "-", _DASHES.sub("-", "\n".join(lines)))
    text = _AREA_IN_BRACKETS.sub(r"\1-", text)
    text = _SPACED_MOBILE.sub(r"\1\2\3", text)
    return _SPACED_LANDLINE.sub(lambda m: m.group(1) + "-" + "".join(m.group(2).split()), text)


#: the words naming a phone number in a cell (联系电话：, 监督举报电话, 热线, 座机, 手机)
_PHONE_WORDS = re.compile(r"(?:咨询|监督|投诉|举报|联系|办公|服务|值班|监督举报|咨询监督)?(?:电话|热线|座机|手机|号码)(?:号码)?"
                          r"|[：:、，,；;/／\s()（）]+")


def beside_phones(raw: str) -> str:
    """What a cell says besides its phone numbers and the words naming them (县纪委监委, 张伟, 邮箱 cd@x.gov.cn): ''
    when it says nothing else (0574-87406586；12345, 联系电话：0574-87406586)."""
    return _PHONE_WORDS.sub(" ", _PHONE.sub(" ", _phone_text(raw))).strip()


def stage_pieces(label: str, known) -> list[str]:
    """The parts of a 五公开 cell's label: apart at 和 与 、 及 /, and a part run together of stages' names (决策执行,
    执行结果: two characters each) in those names when `known(name)` holds for each; else the part whole."""
    out = []
    for part in re.split(r"[和与、及/]", label):
        pieces = [part[k:k + 2] for k in range(0, len(part), 2)]
        out += pieces if part and len(part) % 2 == 0 and all(known(x) for x in pieces) else [part]
    return out


def split_names(text: str) -> list[str]:
    """Split a list of office names ('县人社局、县医保局', 'A/B')."""
    return [p.strip() for p in re.split(r"[、，,；;/／]", text) if p.strip()]


# ---------------------------------------------------------------------------------------------------
# Plain-text lists of labels (a concept cell without check boxes), read as a person reads them
# ---------------------------------------------------------------------------------------------------

#: separators between list entries: enumeration comma, commas, semicolons, full stop, slash-free
_LIST_SEPARATORS = re.compile(r"[、，,；;。\n]+")
#: numbering of a list: ①…⑳ and （1）/(一) anywhere; 1. 1、 1） 一、 at the start or after a space/separator
_NUMBERING = re.compile(
    r"[\u2460-\u2473\u2776-\u277f\u2780-\u2793]"
    r"|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]"
    r"|(?:^|(?<=[\s、，,；;。：:]))(?:\d{1,2}\s*[.．、)）]|[一二三四五六七八九十]{1,3}、)")
#: the words of list cells that are no label (mappings/list-words.yaml): `filler`, words around the labels of a
#: run-together cell that name nothing (政府网站等, 在…上公开, 全社会范围); `parts`, the last words of a text glued
#: after a channel's label that names a part of it (政府网站预决算公开专栏)
LIST_WORDS_FILE = Path(__file__).with_name("list-words.yaml")
_LIST_WORDS = yaml.safe_load(LIST_WORDS_FILE.read_text(encoding="utf-8"))
FILLER_WORDS = tuple(str(w) for w in _LIST_WORDS["filler"])
PART_WORDS = tuple(str(w) for w in _LIST_WORDS["parts"])
_PUNCT_OR_DIGITS = re.compile(r"[\s\d\W_]+")


#: a web address printed beside a channel: 政府网站（www.xx.gov.cn）, 政府网站 http://… (the site, not a channel)
_WEB_ADDRESS = re.compile(r"[（(]?\s*(?:https?://|www\.)[\w.\-/%?=&#~:]+\s*[）)]?"
                          r"|[（(]\s*[\w-]+(?:\.[\w-]+)*\.(?:gov\.cn|com\.cn|org\.cn|cn|com|org|net)(?:/[^\s）)]*)?\s*[）)]")


def split_list(text: str) -> list[str]:
    """The entries of a plain-text list cell, in printed order: split on 、，,；; and line breaks and at
    list numbering (1.A 2.B, ①A②B, （1）A). Spaces are kept (see `split_spaces`); debris and web addresses
    beside an entry (政府网站（www.xx.gov.cn）) are removed."""
    text = unicodedata.normalize("NFC", strip_debris(text).replace("\x00", "\n"))
    text = _WEB_ADDRESS.sub(" ", _HTML_CHECKBOX.sub(" ", text))
    text = _NUMBERING.sub("\n", text)
    parts = []
    for p in _outside_brackets(text):
        p = _SPACES.sub(" ", p).strip()
        if p:
            parts.append(p)
    return parts


def _outside_brackets(text: str) -> list[str]:
    """`text` split at the list separators that stand outside brackets: 县（市、区）级、乡（镇）级 is two
    entries, not four (a bracket never closed protects nothing)."""
    if "（" not in text and "(" not in text:
        return _LIST_SEPARATORS.split(text)
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in "（(":
            opened.append(i)
        elif ch in "）)" and opened:
            opened.pop()
    unclosed = opened[0] if opened else len(text)      # from here on, brackets protect nothing
    out, cut, depth, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "（(" and i < unclosed:
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif depth == 0:
            m = _LIST_SEPARATORS.match(text, i)
            if m:
                out.append(text[cut:i])
                cut = i = m.end()
                continue
        i += 1
    out.append(text[cut:])
    return out


def split_spaces(part: str, known) -> list[str]:
    """'政府网站 政务微博' → two entries when every space-separated piece is a known label (`known(piece)`),
    else the part as one entry with extraction spaces removed (clean_line)."""
    pieces = part.split(" ")
    if len(pieces) > 1 and all(known(p) for p in pieces):
        return pieces
    return [clean_line(part)]


def split_joined(entry: str, known) -> list[str]:
    """'市级/区级', '市级及村级' → two entries when the entry is no label itself and every piece between / 及
    和 与 is a known label (`known(piece)`), else the entry as it is."""
    if known(entry):
        return [entry]
    pieces = [p.strip() for p in re.split(r"[/／]|及|和|与", entry)]
    return pieces if len(pieces) > 1 and all(p and known(p) for p in pieces) else [entry]


def strip_filler(text: str) -> str:
    """What is left of a leftover once punctuation, digits and filler words at its ends are removed."""
    text = _PUNCT_OR_DIGITS.sub("", text)
    changed = True
    while text and changed:
        changed = False
        for w in FILLER_WORDS:
            if text.startswith(w):
                text, changed = text[len(w):], True
            if text.endswith(w):
                text, changed = text[:-len(w)], True
    return text


#: a cell saying there is nothing: 无, 暂无, 不涉及, /, —— (a dash or slash alone)
PLACEHOLDER = re.compile(r"^[\W_]*(?:无|暂无|没有|不涉及|略)?[\W_]*$")


#: id(labels) → (labels, its longest key's length, the first two characters of its keys of two or more, its keys of
#: one): label tables are built once (for one catalogue) and read for many cells
_LONGEST: dict[int, tuple[dict, int, frozenset[str], frozenset[str]]] = {}


def _label_starts(labels: dict) -> tuple[dict, int, frozenset[str], frozenset[str]]:
    kept = _LONGEST.get(id(labels))
    if kept is None or kept[0] is not labels:
        if len(_LONGEST) > 64:
            _LONGEST.clear()
        kept = _LONGEST[id(labels)] = (labels, max(len(k) for k in labels),
                                       frozenset(k[:2] for k in labels if len(k) >= 2),
                                       frozenset(k for k in labels if len(k) == 1))
    return kept


def match_run(text: str, labels: dict[str, object], longest: int | None = None,
              qualifies: Callable[[object, object], bool] | None = None) -> list[tuple[str, object]] | None:
    """Read a run-together cell ('政府网站微信平台等') as labels: leftmost-longest matches of the keys of
    `labels` (compacted label → value), in order, as (label, value); what lies between them is given as
    (text, None) unless it is filler (等, 范围, punctuation). Words glued to the front of a label qualify
    it and are dropped (村务公开栏 → 公开栏, 区政府网站 → 政府网站). None when no label is found, or when a
    leftover after a label is a single character that is no filler (电视台: 电视 is not what the cell names).
    `longest`: the longest key's length, when the caller knows it (a scan of every key otherwise). The
    labels' keys are compared as the code lists key them (NFKC: （电子屏） is (电子屏)). `qualifies(a, b)`:
    the value a of a label glued to the front of label b's (nothing between them) qualifies b, as words do
    (办税服务厅公告栏: the board at the hall), so only b is kept."""
    key = compact(unicodedata.normalize("NFKC", text))
    if not labels:
        return None
    _, known_longest, heads, singles = _label_starts(labels)
    longest = longest or known_longest
    out: list[tuple[str, object]] = []
    rest, i, found = "", 0, False
    while i < len(key):
        hit = None
        # no label starts here unless its first two characters (or it, of one) do: most characters of a cell
        # skip the longest-first scan below (over the shipped catalogues' cells: 1.66 → 0.85 µs a character)
        if key[i:i + 2] in heads or key[i] in singles:
            for n in range(min(longest, len(key) - i), 0, -1):
                value = labels.get(key[i:i + n])
                if value is not None:
                    hit = _across_bracket(key, i, n, labels, longest) or (n, key[i:i + n], value)
                    break
        if hit is None:
            hit = _across_quote(key, i, labels, longest)
            if hit is None:
                rest += key[i]
                i += 1
                continue
        n, label, value = hit
        # words glued to the front of a label qualify it (村务公开栏, 县政府门户网站, “平安武陟”微信公众号): the
        # label is what the cell names; what is cut from the rest by a separator stays a leftover
        glued = not rest
        quoted = _QUOTED_TAIL.search(rest)      # a name in quotes qualifies it whole: “信用中国（湖南）”网站
        head = rest[:quoted.start()] if quoted else rest
        cut = _LAST_SEPARATOR.search(head)
        rest = head[:cut.end()] if cut else ""
        if not _leftover(rest, out):
            return None
        if qualifies and glued and out and out[-1][1] is not None and qualifies(out[-1][1], value):
            out.pop()
        out.append((label, value))
        found, rest, i = True, "", i + n
    if rest and out and out[-1][1] is not None and rest.endswith(PART_WORDS) and not _LAST_SEPARATOR.search(rest):
        rest = ""   # words glued after a label naming a part of it (政府网站预决算公开专栏): the label is what it names
    if not found or not _leftover(rest, out):
        return None
    return out


_OPEN_QUOTES = {"“": "”", '"': '"', "「": "」", "『": "』"}


def _across_quote(key: str, i: int, labels: dict, longest: int) -> tuple[int, str, object] | None:
    """A label printed with a quoted name in it (“信用中国”网站 is 信用中国网站): at an opening quote, the longest
    label the text without the quote marks starts with, when it runs past the closing quote; (characters taken,
    the label, its value) or None."""
    close = _OPEN_QUOTES.get(key[i])
    end = key.find(close, i + 1) if close else -1
    if end < 0:
        return None
    after = key[end + 1:]
    # the name as quoted, and without a place in brackets in it (“信用中国（湖南）”网站 is a 信用中国网站)
    for inner in dict.fromkeys((key[i + 1:end], _BRACKETED.sub("", key[i + 1:end]))):
        plain = inner + after
        for n in range(min(longest, len(plain)), len(inner), -1):
            value = labels.get(plain[:n])
            if value is not None:
                return end + 1 - i + n - len(inner), plain[:n], value
    return None


_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")


def _across_bracket(key: str, i: int, n: int, labels: dict, longest: int) -> tuple[int, str, object] | None:
    """A label with a place in brackets inside it (信用中国（湖南）网站 is a 信用中国网站): the label found at i, n
    characters, a bracket right after it, and the words after the bracket going on with it into a longer label;
    (characters taken, that label, its value) or None."""
    m = _BRACKETED.match(key, i + n)
    if m is None:
        return None
    head, after = key[i:i + n], key[m.end():]
    for k in range(min(longest - n, len(after)), 0, -1):
        value = labels.get(head + after[:k])
        if value is not None:
            return m.end() - i + k, head + after[:k], value
    return None


#: the last separator of a leftover: the words after it qualify the label that follows them
_LAST_SEPARATOR = re.compile(r"[、，,；;：:。/|（）()\[\]【】]+(?!.*[、，,；;：:。/|（）()\[\]【】])")
#: a name in quotes just before a label, brackets and all (“信用中国（湖南）”)
_QUOTED_TAIL = re.compile(r"[“\"「『][^“”\"「」『』]*[”\"」』]$")


def _leftover(rest: str, out: list) -> bool:
    kept = strip_filler(rest)
    if len(kept) == 1:
        return False
    if kept:
        out.append((kept, None))
    return True
