"""Cell text: removing extraction debris, normalising whitespace, reading check boxes, splitting lists.

Everything here works on the text of ONE cell and knows nothing about columns or catalogues.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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


def strip_debris(text: str) -> str:
    """Remove bookmarks and the known debris tags (<p> paragraphs, <br> line breaks, <input> check
    boxes, <span>/<font>/<b> … formatting); any other text with '<' and '>' is kept as written.
    A removal that would join the text around it into a new tag is not made (the debris stays)."""
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
    """Collapse whitespace in one line; drop it entirely between two wide (CJK) characters."""
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


def join_lines(lines: list[str], joiner: str = "") -> str:
    """Join the (already cleaned) lines of one cell.

    joiner "" means lines are wraps of a narrow column: glue them, with a space only between two
    non-CJK characters (so Latin words stay apart). Any other joiner is used as given.
    """
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    if joiner != "":
        return joiner.join(lines)
    out = lines[0]
    for ln in lines[1:]:
        if is_wide(out[-1]) or is_wide(ln[0]):
            out += ln
        else:
            out += " " + ln
    return out


@lru_cache(maxsize=65536)  # catalogues repeat the same cells (time limits, bases, boxes) row after row
def clean_text(raw: str, joiner: str = "") -> str:
    """The cleaned text of a cell: debris removed, whitespace normalised, lines joined."""
    raw = unicodedata.normalize("NFC", strip_debris(raw))
    raw = _HTML_CHECKBOX.sub(" ", raw)
    return join_lines([clean_line(ln) for ln in raw.split("\n")], joiner)


@lru_cache(maxsize=65536)   # header probes compact every cell of every row; catalogues repeat their cells
def compact(text: str) -> str:
    """A matching key: all whitespace removed (header and label comparison)."""
    return _SPACES.sub("", text.replace("\n", ""))


# ---------------------------------------------------------------------------------------------------
# Check boxes
# ---------------------------------------------------------------------------------------------------

CHECKED_GLYPHS = "■☑☒✔✓√▣"
UNCHECKED_GLYPHS = "□☐"
TICK = re.compile(r"[√✓✔■☑]")


@dataclass(frozen=True)
class Option:
    label: str
    checked: bool


def _html_to_glyphs(text: str) -> str:
    def repl(m: re.Match) -> str:
        return " ■" if "checked" in m.group(1).lower() else " □"
    return _HTML_CHECKBOX.sub(repl, text)


def read_checkboxes(raw: str, convention: str) -> tuple[Option, ...]:
    return _read_checkboxes(raw, convention)


@lru_cache(maxsize=65536)
def _read_checkboxes(raw: str, convention: str) -> tuple[Option, ...]:
    """The options of a check-box cell, in printed order.

    conventions:
      html        `<input checked="" type="checkbox"/> 政府网站` (unchecked: no `checked`)
      glyphs      ■/☑/√ checked, □/☐ unchecked; text with no box is a plain (selected) value
      lost-glyph  the checked glyph was lost in extraction: options printed WITHOUT □ are the checked ones
    Options are separated by boxes or by runs of whitespace; labels never contain spaces.
    """
    text = strip_debris(_html_to_glyphs(raw) if convention == "html" else raw)
    text = _SPACES.sub(" ", text)
    # "□ 政府网站" → "□政府网站"; a box ending a wrapped line belongs to the label on the next ("□\n政策解读")
    text = re.sub(rf"([{CHECKED_GLYPHS}{UNCHECKED_GLYPHS}])[ \n]+", r"\1", text)
    options: list[Option] = []
    for token in re.split(r"[ \n]+", text):
        # A token may hold several boxes run together (■政府网站■政府公报).
        for m in re.finditer(rf"([{CHECKED_GLYPHS}{UNCHECKED_GLYPHS}]?)([^{CHECKED_GLYPHS}{UNCHECKED_GLYPHS}]*)", token):
            glyph, label = m.group(1), m.group(2).strip()
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


def has_checkboxes(raw: str) -> bool:
    return bool(_HTML_CHECKBOX.search(raw)) or any(g in raw for g in CHECKED_GLYPHS + UNCHECKED_GLYPHS)


def is_ticked(raw: str) -> bool:
    """A tick column (√ under 全社会, 主动 …): ticked when it holds a tick or a checked box."""
    return bool(TICK.search(raw)) or 'checked' in raw.lower()


# ---------------------------------------------------------------------------------------------------
# Lists inside one cell
# ---------------------------------------------------------------------------------------------------

_PHONE = re.compile(r"\+?\d[\d\-（）()]{4,}\d")


def split_phones(raw: str) -> list[str]:
    """Phone numbers in a cell, as written but without extraction spaces ('0574- 87406586')."""
    text = clean_text(raw, joiner="\n")
    text = re.sub(r"\s*-\s*", "-", text)
    return [m.group(0) for m in _PHONE.finditer(text)]


def split_names(text: str) -> list[str]:
    """Split a list of office names ('县人社局、县医保局', 'A/B')."""
    return [p.strip() for p in re.split(r"[、，,；;/／]", text) if p.strip()]
