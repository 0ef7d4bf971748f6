"""Layout `html`: the tables of a web page (`.html`, `.htm`, a page saved from the browser), read cell by
cell with lxml.

Every data table of the page becomes a `Grid`: a <table> containing no other table (tables around it are
page layout, read as text), numbered 1, 2 … in document order ("table N"); the mapping names the ones
holding the catalogue (`tables: [...]`), else `assemble` takes those whose rows include the header.
Rows are the table's <tr>s in the order a browser draws them (its first <thead> first, its first <tfoot>
last); a row's number is its place in that order, 1-based, provenance `page.html#table=N&row=R`.
Cells are <td> and <th>; merges follow the HTML table model: colspan clamped to 1..1000, rowspan to
0..65534 (0: to the end of the row group), a rowspan reaching past its row group stops there as in
browsers, malformed values ("2px", "", unquoted) read by their leading digits, else 1. A merge's top-left
cell carries its span; every slot it covers repeats its text with its `origin`, flagged `merged` when
covered from a row above. A row the page hides (display:none) is blank, but a span it starts covers the rows
shown below it, the first of them its top-left (`_shown_here`). Short rows are padded with blank cells. A <caption> is `Grid.caption`; the
page's text before the first data table is its `before` (title, 发布日期, 索引号 …), text between two data
tables the second's, text after the last `Document.after`, one entry per line.

Cell text: <br> breaks a line; a block element (<p>, <div>, <li>, <h1>…) starts one (empty lines between
blocks are dropped, those from <br><br> kept); runs of white space and &nbsp; become one space (U+3000
is text); lines are stripped, empty lines at the ends dropped. Check boxes become ■/□ (✓ a tick):
<input type=checkbox> (and radio) by its `checked` attribute; text in a Wingdings / Wingdings 2 font
(<font face>, CSS font-family, Word's mso-symbol-font-family, inherited down to the text) through
`office.symbol_text`; the private-use characters U+F0FE/U+F0FD/U+F0A8/U+F0FC anywhere; þ and ¨ (what
Wingdings boxes become when the font is lost) before an option label or alone in a cell or line, a
stray "t" after them dropped; then `office.normalise_glyphs`. ☑ ☐ ■ □ √ ✓ stay as they are. A tick drawn as an
image (a CMS's <img src="/images/gou.gif">): its alt text when that is a mark (√ ✓ ✔ ☑ × 是 否 …), else, with no
alt or another, a tick when the image's file name names one (gou, dui, duihao, tick, check, right, yes, ok …),
a cross when it names one (cha, cross, wrong …), an empty box when it names one (kuang, box, uncheck …)
(`_image_mark`); any other image is no text, as before. A mark the page's CSS draws (.tick:before { content:
"\\2714" }) is the text of the elements of that class (`_css_marks`); other generated content is not.

Characters: the mapping's `encoding` if it names one, else a byte-order mark, else the charset the page
declares in its first 4 KB (<meta charset>, <meta http-equiv="Content-Type" content="…; charset=…">, an
XML declaration; GB2312 and GBK are read as GB18030, their superset). A declared charset that does not
fit the bytes, or none, falls back to UTF-8 if the bytes are UTF-8, else to `base.detect_encoding`, with
a warning naming what was used. One deliberate exception: a page declaring a legacy charset (gb2312 …)
whose bytes are valid UTF-8 with at least 8 non-ASCII characters is read as UTF-8, with a warning (a page
re-saved as UTF-8 keeps its old <meta>; GBK text is practically never valid UTF-8 by chance).

Safety: lxml.etree's HTMLParser on the decoded text, with the options lxml.html.HTMLParser would get
(remove_comments, remove_pis, no_network, recover, no huge_tree) but without lxml.html's Python-level
element class lookup, which costs a Python call per element and is not needed here. Without huge_tree,
libxml2 refuses nesting deeper than 256 elements and text nodes over 10 MB; its error is a ReadError,
not a silently truncated page. The HTML parser knows only HTML's named entities; an internal DTD subset
(<!DOCTYPE x [<!ENTITY …>]>: billion laughs, SYSTEM "file:…") is cut before parsing and never expanded.
<script>, <style>, <noscript>, <template>, <iframe>, <object> and <head> are not text, and tables in them
are not tables. A table's size is checked as its rows and columns are declared, before any slot is
allocated: the rows its spans reach (past its last <tr> too) times its width must stay within 2 million
slots, all tables of the page within 4 million, so `<td colspan=1000 rowspan=65534>` is refused at once.
Binary files (PDF, zip/Office, OLE, images, NUL bytes) are refused by name. A web archive (.mht by IE/Edge,
.mhtml by Chrome: the page and its images in one MIME file) is read from its page, decoded as its part says.

Hand-written parts, and why (reading a 2,000-row table costs about what lxml's parse plus `text_content()`
of every cell costs): the page is walked once by a small recursive function (`_walk`; depth is bounded
by libxml2's 256) that collects text with its line breaks and hands each data table to `read_table` as
it meets it, so the text around tables comes in document order in linear time. Which tables are layout
is found first by one pass over the <table> elements and their ancestors (`_layout_tables`). A cell is
read once: cells holding only text in an ordinary font (most of them) take an inlined fast path
(`.text`, strip, one regex search for white space or check-box characters); other cells go through
`_walk`. No XPath or `text_content()` per cell: they lose <br>, blocks, fonts and check boxes. The span
expansion keeps, per column, the row up to which a cell above covers it and that cell's text, so a grid
costs one step per slot.
"""
from __future__ import annotations

import codecs
import re
from contextvars import ContextVar
from pathlib import Path

from lxml import etree

from .base import Cell, Document, Grid, ReadError, ReadOptions, column_part, decode, detect_encoding, out_of_memory, read_bytes
from .office import PRIVATE_USE_GLYPHS, SYMBOL_FONTS, UNKNOWN_SYMBOL, normalise_glyphs, symbol_text

#: slots one table may have (rows its spans declare × width), and all the page's tables together
MAX_TABLE_SLOTS = 2_000_000
MAX_PAGE_SLOTS = 4_000_000
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534      # the HTML standard's limits
#: <table> elements a page may have (layout tables included; a catalogue page has a few hundred at most)
MAX_TABLES = 10_000

# ---------------------------------------------------------------------------------------------------
# Bytes → text
# ---------------------------------------------------------------------------------------------------

_PRESCAN = 4096
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_XML_DECL_CHARSET = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml\b[^>]*>")
_INTERNAL_SUBSET = re.compile(r"^(\s*<!DOCTYPE\b[^\[>]*)\[.*?\]\s*>", re.S | re.I)

#: charset labels → the Python codec to decode them with (the WHATWG Encoding Standard's choices)
_LABELS = {
    **dict.fromkeys(("gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936",
                     "chinese", "csgb2312", "iso-ir-58", "csiso58gb231280", "gb18030", "euc-cn"), "gb18030"),
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8",
                     # a <meta> found by an ASCII scan cannot be in UTF-16: browsers read UTF-8
                     "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2"), "utf-8"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1", "iso_8859-1",
                     "windows-1252", "cp1252"), "cp1252"),
}

_MAGIC = ((b"%PDF-", "a PDF document"),
          (b"PK\x03\x04", "a zip package (an Office .docx/.xlsx file or a zip archive)"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls/.wps, an OLE compound file)"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"{\\rtf", "an RTF document"), (b"\x1f\x8b", "gzip-compressed data"))


def _not_html(path: str, data: bytes, explicit: bool) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(path, None, f"not an HTML page: the file is {what}; give the mapping the reader "
                                        "for that form, or save the page itself (.html)")
    if explicit or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in data[:8192] and detect_encoding(data) not in ("utf-16-le", "utf-16-be"):
        raise ReadError(path, None, "not an HTML page: the file is binary (NUL bytes found)")


def web_archive(data: bytes) -> bool:
    """A web page saved with its images in one MIME file (.mht by IE/Edge, .mhtml by Chrome)."""
    head = data[:2048]
    return b"MIME-Version:" in head and b"multipart/related" in head


def archived_page(path: str, data: bytes) -> tuple[bytes, str | None]:
    """The page of a web archive: its first text/html part, decoded from quoted-printable or base64 (the
    standard library's MIME parser), and the charset the part names."""
    import email
    import email.policy
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                body = part.get_payload(decode=True)
                if body:
                    charset = part.get_content_charset()
                    return body, charset if charset and _text_codec(charset) else None
    except (ValueError, TypeError, LookupError) as e:
        raise ReadError(path, None, f"a web archive (.mht/.mhtml) that cannot be read: {e}") from None
    raise ReadError(path, None, "a web archive (.mht/.mhtml) with no web page (text/html part) in it")


def _declared(data: bytes) -> str | None:
    head = _COMMENT.sub(b"", data[:_PRESCAN])
    m = _META_CHARSET.search(head) or _XML_DECL_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _text_codec(name: str) -> bool:
    """A codec Python knows that decodes bytes to text (not base64, rot13, zlib …)."""
    try:
        return getattr(codecs.lookup(name), "_is_text_encoding", True)
    except LookupError:
        return False


def _line(data: bytes, error: UnicodeDecodeError) -> int:
    return data.count(b"\n", 0, error.start) + 1


def _where(data: bytes, error: UnicodeDecodeError) -> str:
    return f"byte {error.start}, line {_line(data, error)}"


def page_text(path: str, data: bytes, encoding: str | None) -> tuple[str, str, list[str]]:
    """(text, encoding used, warnings) of a page's bytes, by the rules in the module's docstring."""
    if encoding:
        if not _text_codec(encoding):     # base.decode would let base64, rot13 … through
            raise ReadError(path, None, f"unknown encoding '{encoding}' named by the mapping") from None
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, used = decode(path, data, encoding)     # the mapping's encoding, or the BOM
        return text.lstrip("\ufeff"), used, []
    if b"\x00" in data[:8192]:       # UTF-16 without a byte-order mark (_not_html let it through)
        guess = detect_encoding(data)
        if guess in ("utf-16-le", "utf-16-be"):
            return data.decode(guess), guess, [f"{path}: no byte-order mark; decoded as {guess} (detected)"]
    label = _declared(data)
    why = "no charset declared"
    if label is not None:
        codec = _LABELS.get(label)
        if codec is None:
            if _text_codec(label):
                codec = codecs.lookup(label).name
            else:
                why = f"the page declares an unknown charset '{label}'"
        if codec is not None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                why = f"the page declares charset {label} but is not valid {label} ({_where(data, e)})"
            else:
                if codec != "utf-8":
                    utf8 = _utf8_text(data)
                    if utf8 is not None:
                        return utf8, "utf-8", [f"{path}: the page declares charset {label} but its bytes are "
                                                "UTF-8 text; decoded as utf-8"]
                return text, codec, []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    else:
        warnings = [] if label is None else [f"{path}: {why}; decoded as utf-8"]
        return text, "utf-8", warnings
    guess = detect_encoding(data)
    if guess is None:
        raise ReadError(path, _line(data, first_error),
                        f"not valid UTF-8 ({_where(data, first_error)}) and no other encoding fits "
                        f"({why}); name the page's encoding in the mapping ('encoding: gb18030')")
    return data.decode(guess), guess, [f"{path}: {why}; decoded as {guess} (detected)"]


def _utf8_text(data: bytes) -> str | None:
    """The bytes as UTF-8 if they are valid UTF-8 with enough non-ASCII text to be sure (8 characters)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if len(text) - len(text.encode("ascii", "ignore")) >= 8 else None


# ---------------------------------------------------------------------------------------------------
# Text of elements
# ---------------------------------------------------------------------------------------------------

#: not text: scripts, styles, what shows only without scripts, inert templates, frames, the page head
_SKIP = frozenset(("script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed",
                   "meta", "link", "base", "colgroup", "col"))
#: elements that start a new line
_BLOCK = frozenset(("address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
                    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
                    "section", "summary", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "ul",
                    "legend", "option", "body", "html", "frameset", "noframes", "listing", "plaintext", "xmp"))
HARD = "\x00"    # <br>: always a line break (lxml text never contains NUL)

_FONT_FAMILY = re.compile(r"(?:^|;)\s*font-family\s*:\s*([^;]*)", re.I)
_SYMBOL_FAMILY = re.compile(r"mso-symbol-font-family\s*:\s*([^;]*)", re.I)
_WS = re.compile(r"[ \t\n\r\f\v\xa0]+")
_SPACE = " \t\n\r\f\v\xa0"
_SPECIAL = re.compile("[\uf0a8\uf0fc-\uf0fe\u00fe\u00a8\u00d7]")
_ATTENTION = re.compile("[ \t\n\r\f\v\xa0\uf0a8\uf0fc-\uf0fe\u00fe\u00a8\u00d7]")   # white space or _SPECIAL
# þ/¨: a Wingdings box whose font was lost, before an option label (a stray "t" after it dropped)
_LOST_BOX = re.compile("(?<![A-Za-z])([\u00fe\u00a8])t?(?=[ \u3000]*[\u4e00-\u9fff])")
_LOST = {"\u00fe": "■", "\u00a8": "□"}


#: the page's CSS classes that set a font (Excel's web page: <font class="font7">R</font>, .font7 {font-family:
#: "Wingdings 2"}): class → the font's name, as `_font` gives it (a symbol font's name, "" for another)
_CLASS_FONTS: ContextVar[dict[str, str]] = ContextVar("class_fonts", default={})
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)\s*$")


def _css_rules(root):
    """(selector, declarations) for each selector of the rules of the page's <style>s."""
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/|<!--|-->", " ", style.text or "", flags=re.S)
        for selectors, body in _CSS_RULE.findall(css):
            for selector in selectors.split(","):
                yield selector.strip(), body


def _class_rules(root):
    """(class, declarations) for each class selector (`.x`, `td.x`) of the rules of the page's <style>s."""
    for selector, body in _css_rules(root):
        c = _CSS_CLASS.search(selector)
        if c:
            yield c.group(1), body


def class_fonts(root) -> dict[str, str]:
    """The classes of the page's <style> rules that set a font-family (a rule `.x` or `td.x`)."""
    out: dict[str, str] = {}
    for cls, body in _class_rules(root):
        m = _FONT_FAMILY.search(body) or _FONT_FAMILY.search(";" + body.strip())
        if m:
            face = _first_family(m.group(1))
            out[cls] = face if face in SYMBOL_FONTS else ""
    return out


#: what a class or style makes an element in a CSS table layout (a catalogue built of <div>s: some 政务云
#: templates); read as <table>, <tr> and <td>
_DISPLAY = re.compile(r"display\s*:\s*(table(?:-row|-cell)?)\b", re.I)
_DISPLAYED = {"table": "table", "table-row": "tr", "table-cell": "td"}
_LAYOUT_CLASSES = {**_DISPLAYED, "tr": "tr", "row": "tr", "td": "td", "th": "td", "cell": "td"}


def _div_tables(root) -> None:
    """Turn tables laid out with CSS (<div class="table"><div class="tr"><div class="td">, or display:table,
    table-row, table-cell set by a class's rule or a style attribute) into <table>, <tr> and <td>, so that they
    are read as tables are. A container holding a real <table> (a responsive wrapper) is none, nor
    one with fewer than two rows of two cells."""
    by_class = {cls: _DISPLAYED[m.group(1).lower()] for cls, body in _class_rules(root) if (m := _DISPLAY.search(body))}

    def kind(el) -> str | None:
        m = _DISPLAY.search(el.get("style") or "")
        if m:
            return _DISPLAYED[m.group(1).lower()]
        for token in (el.get("class") or "").split():
            found = by_class.get(token) or _LAYOUT_CLASSES.get(token.lower())
            if found:
                return found
        return None
    for el in list(root.iter("div", "section", "ul")):
        if kind(el) != "table" or next(el.iter("table"), None) is not None:
            continue
        rows = [r for r in el if isinstance(r.tag, str) and kind(r) == "tr"]
        cells = [[c for c in r if isinstance(c.tag, str) and kind(c) == "td"] for r in rows]
        if sum(1 for cs in cells if len(cs) >= 2) < 2:
            continue
        el.tag = "table"
        for r, cs in zip(rows, cells):
            r.tag = "tr"
            for c in cs:
                c.tag = "td"


def _first_family(value: str) -> str:
    return value.split(",")[0].strip().strip("'\"").strip().lower()


def _font(el) -> str | None:
    """The font an element sets: a symbol font's name, "" for another font, None if it sets none."""
    face = None
    style = el.get("style")
    if style and "font" in style:
        m = _FONT_FAMILY.search(style)
        if m:
            face = _first_family(m.group(1))
        if face not in SYMBOL_FONTS:
            # Word's HTML: <span style='mso-char-type:symbol;mso-symbol-font-family:Wingdings'>þ</span>
            m = _SYMBOL_FAMILY.search(style)
            if m and _first_family(m.group(1)) in SYMBOL_FONTS:
                face = _first_family(m.group(1))
    if face is None and el.tag == "font":
        value = el.get("face")
        if value:
            face = _first_family(value)
    if face is None:
        classes = _CLASS_FONTS.get()
        if classes and el.get("class"):
            face = next((classes[c] for c in el.get("class").split() if c in classes), None)
    if face is None:
        return None
    return face if face in SYMBOL_FONTS else ""


class _Text:
    """Text being collected: pieces, and whether the current line has any (for block breaks)."""
    __slots__ = ("parts", "filled", "unknown")

    def __init__(self):
        self.parts: list[str] = []
        self.filled = False
        self.unknown: list[str] = []

    def add(self, text: str, font: str | None) -> None:
        if font:
            shown = symbol_text(font, text)
            if UNKNOWN_SYMBOL in shown and UNKNOWN_SYMBOL not in text:
                self.unknown += [f"{font} U+{ord(a):04X}" for a, b in zip(text, shown)
                                 if b == UNKNOWN_SYMBOL]
            text = shown
        self.parts.append(text)
        if not self.filled and not text.isspace():
            self.filled = True

    def lines(self) -> list[str]:
        """The collected text as stripped lines (white space collapsed); empty lines kept."""
        text = _WS.sub(" ", "".join(self.parts))
        return [line.strip(" ") for line in text.split(HARD)]


def _walk(el, out: _Text, font: str | None, on_table=None) -> None:
    """Collect the text inside `el` (not its own .text, nor its tail). `on_table(table)` takes over data
    tables when reading the page; inside a cell it is None."""
    for child in el:
        tag = child.tag
        if tag.__class__ is str:
            if tag in _SKIP:
                pass
            elif tag == "br":
                out.parts.append(HARD)
                out.filled = False
            elif tag == "input":
                kind = (child.get("type") or "").lower()
                if kind in ("checkbox", "radio"):
                    out.add("■" if child.get("checked") is not None else "□", None)
            elif tag == "img":
                mark = _image_mark(child)
                if mark:
                    out.add(mark, None)
            elif tag == "table" and on_table is not None and on_table(child):
                pass
            elif tag == "select":
                options = list(child.iter("option"))
                chosen = next((o for o in options if o.get("selected") is not None), options[0] if options else None)
                shown = "".join(chosen.itertext()) if chosen is not None else ""
                if shown:
                    out.add(shown, None)
            else:
                f = font
                if child.attrib:
                    declared = _font(child)
                    if declared is not None:
                        f = declared or None
                block = tag in _BLOCK
                if block and out.filled:
                    out.parts.append(HARD)
                    out.filled = False
                text = child.text
                if text:
                    out.add(text, f)
                if len(child):
                    _walk(child, out, f, on_table)
                if block and out.filled:
                    out.parts.append(HARD)
                    out.filled = False
        tail = child.tail
        if tail:
            out.add(tail, font)


#: an image's alt text that is a mark a catalogue's tick columns use (its meaning kept: √ a tick, × a cross)
_MARK_ALT = re.compile(r"^\s*([√✓✔☑☒■□☐○●×✗✘]|是|否|有|无|[Yy]es|[Nn]o)\s*$")
#: what an image's file name says it draws (gou.gif, dui.png, icon_check.png, tick-on.png, kuang.gif, 对勾.gif): the
#: whole name is the word, maybe after icon_/img- and before a number or a size (an arrow_right.png is no tick)
_NAME = r"^(?:(?:icon|ico|img|pic|image|btn|mark|sign)[-_]?)?(?:{})(?:[-_]?(?:\d+|on|s|sm|small|big|red|green|blue|black))*$"
_IMAGE_NAMES = (
    (re.compile(_NAME.format("uncheck(?:ed)?|unselected|kuang|fangkuang|box|checkbox|empty")), "□"),
    (re.compile(_NAME.format("gou|dui|duihao|dagou|tick|check(?:ed|mark)?|yes|ok|true|selected|correct|right")
                + "|[勾√]|对[勾号]"), "√"),
    (re.compile(_NAME.format("cha|chahao|cross|wrong|false") + "|[叉×]|错[号误]?"), "×"),
)


_CSS_GENERATED = re.compile(r"\.([A-Za-z_][\w-]*)\s*::?(?:before|after)\s*$")
_CSS_CONTENT = re.compile(r"content\s*:\s*(['\"])(.*?)\1", re.I | re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})\s?")


#: what Word's web page keeps out of sight: hidden text (mso-hide:all), its comments' anchors and list
_WORD_HIDDEN = re.compile(r"mso-hide\s*:\s*all|mso-element\s*:\s*comment-list", re.I)
_COMMENT_CLASSES = ("msocomanchor", "MsoCommentReference", "msocomtxt", "msocomoff")
#: a page that may hide text (what `_drop_hidden` looks for), told from its text
_MAY_HIDE = re.compile(r"mso-hide|mso-element\s*:\s*comment|<del\b|msocom|MsoComment|display\s*:\s*none", re.I)


def _drop_hidden(root) -> None:
    """Elements the page does not show, out of the tree before it is read (their tails kept): Word's hidden text
    (`mso-hide:all`), its comments' anchors ([A1]) and the comments, tracked deletions (<del>), and anything
    `display:none` by its style or its class's rule (LibreOffice's export of hidden text), but in Excel's web
    page, whose text clipped by the next cell is written display:none and is the cell's (hidden rows are
    blanked where rows are read). Found by XPath (libxml2's, in C: a Python walk over every element doubled
    the reading of a 5,000-row page)."""
    excel = any("excel" in (m.get("content") or "").lower() for m in root.iter("meta")
                if (m.get("name") or "").lower() == "progid") \
        or any("office:excel" in v for v in root.attrib.values())
    classes = {*_COMMENT_CLASSES, *(() if excel else {c for c, body in _class_rules(root) if _HIDDEN(body)})}
    # one pass, substrings only (cheap in C); what they find is then looked at in Python
    tests = ["contains(@style, 'mso-hide')", "contains(@style, 'mso-element')"]
    if not excel:
        tests.append("contains(@style, 'display')")
    tests += [f"contains(@class, '{c}')" for c in sorted(classes) if re.fullmatch(r"[\w-]+", c)]
    gone = []
    for el in root.xpath(f"//del | //*[{' or '.join(tests)}]"):
        if el.tag in ("tr", "html", "body"):
            continue
        style = el.get("style") or ""
        if el.tag == "del" or _WORD_HIDDEN.search(style) or not excel and _HIDDEN(style) \
                or classes & set((el.get("class") or "").split()):
            gone.append(el)
    for el in gone:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            before = el.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _css_marks(root) -> None:
    """A mark a class's ::before or ::after rule draws (.tick:before { content: "\\2714" }: a tick drawn by the
    page's CSS) is written into each element of that class, as the text it shows; only marks (`_MARK_ALT`),
    not decorative content (bullets, arrows)."""
    marks: dict[str, str] = {}
    for selector, body in _css_rules(root):
        c = _CSS_GENERATED.search(selector)
        content = _CSS_CONTENT.search(body) if c else None
        if not content:
            continue
        shown = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if int(m.group(1), 16) < 0x110000 else "",
                                content.group(2))
        mark = _MARK_ALT.match(shown)
        if mark:
            marks[c.group(1)] = normalise_glyphs(mark.group(1))
    if not marks:
        return
    for el in root.iter():
        classes = el.get("class") if el.tag.__class__ is str else None
        if classes:
            mark = next((marks[c] for c in classes.split() if c in marks), None)
            if mark:
                el.text = mark + (el.text or "")


def _image_mark(img) -> str:
    """The mark an <img> stands for in a cell: its alt (or title) text when that is a mark; else what its file
    name says it draws (`_IMAGE_NAMES`); else nothing (an icon, a photo: no text of the cell)."""
    for attr in ("alt", "title"):
        m = _MARK_ALT.match(img.get(attr) or "")
        if m:
            return normalise_glyphs(m.group(1))
    src = (img.get("src") or "").strip()
    if src.startswith("data:"):
        return ""
    name = src.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    for pattern, mark in _IMAGE_NAMES:
        if pattern.search(name):
            return normalise_glyphs(mark)
    return ""


def _glyphs(text: str) -> str:
    """Check boxes written with private-use characters, or as þ/¨ without their Wingdings font."""
    text = text.translate(PRIVATE_USE_GLYPHS)
    if text in _LOST:
        return _LOST[text]
    if "\u00fe" in text or "\u00a8" in text:
        text = _LOST_BOX.sub(lambda m: _LOST[m.group(1)], text)
    return normalise_glyphs(text)


def _cell_lines(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


def _finish(text: str) -> str:
    if _SPECIAL.search(text):
        if text.strip() in _LOST:
            return _LOST[text.strip()]
        return "\n".join(_glyphs(line) for line in text.split("\n"))
    return text


def cell_text(td, notes: list[str] | None = None) -> str:
    """A <td>/<th>'s text: its lines joined with "\n", check boxes as ■/□."""
    style = td.get("style")
    font = (_font(td) if style and "font" in style or _CLASS_FONTS.get() and td.get("class") else None) or None
    if font is None and not len(td):       # only text (the source's line ends are white space)
        text = td.text
        return _finish(_WS.sub(" ", text).strip(" ")) if text else ""
    out = _Text()
    if td.text:
        out.add(td.text, font)
    _walk(td, out, font)
    if out.unknown and notes is not None:
        notes += out.unknown
    return _finish(_cell_lines(out.lines()))


# ---------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\s*\+?(\d+)")


def _span(value: str, low: int, high: int) -> int:
    """A rowspan/colspan: its leading digits (HTML's rules for non-negative integers), 1 if none, clamped."""
    if not value.isdecimal():
        m = _DIGITS.match(value)
        if not m:
            return 1
        value = m.group(1)
    n = int(value) if len(value) < 10 else high
    return low if n < low else high if n > high else n


_CELL = frozenset(("td", "th"))
_WINGDINGS = re.compile("wingdings", re.I).search
_HIDDEN = re.compile(r"display\s*:\s*none", re.I).search


def _row_cells(tr) -> list:
    """A <tr>'s cells: its <td>/<th> children, and cells wrapped in a stray element (<tr><form><td>)."""
    cells = list(tr.iterchildren("td", "th"))
    if len(cells) == len(tr):
        return cells
    cells = []
    for child in tr:
        tag = child.tag
        if tag in _CELL:
            cells.append(child)
        elif tag.__class__ is str and tag not in _SKIP and tag != "tr" and len(child):
            cells += child.iter("td", "th")
    return cells


def _rows(table) -> tuple[list[list], object]:
    """The table's row groups in drawing order, each a list of rows (a <tr>, or the list of cells written
    outside any <tr>: one row, as browsers read them), and its <caption> (or None). The first <thead>
    comes first and the first <tfoot> last, as browsers draw them; consecutive <tr>s outside a row group
    form one group (an implied <tbody>)."""
    head = foot = caption = None
    groups: list[list] = []
    loose: list | None = None          # rows outside any row group: an implied <tbody>
    bare: list | None = None           # cells outside any row: an implied <tr>
    for child in table:
        tag = child.tag
        if tag == "tr" or tag in _CELL:
            if loose is None:
                loose = []
                groups.append(loose)
            if tag == "tr":
                bare = None
                loose.append(child)
            else:
                if bare is None:
                    bare = []
                    loose.append(bare)
                bare.append(child)
            continue
        bare = None
        if tag.__class__ is not str or tag in _SKIP:
            continue
        if tag == "caption":
            if caption is None:
                caption = child
            continue
        if tag in ("thead", "tbody", "tfoot"):
            rows = _group_rows(child)
            if not rows:
                continue
            loose = None
            if tag == "thead" and head is None:
                head = rows
            elif tag == "tfoot" and foot is None:
                foot = rows
            else:
                groups.append(rows)
        else:     # rows wrapped in a stray element (<table><form><tr>): part of the rows around it
            rows = list(child.iter("tr"))
            if rows:
                if loose is None:
                    loose = []
                    groups.append(loose)
                loose += rows
    if head is not None:
        groups.insert(0, head)
    if foot is not None:
        groups.append(foot)
    return groups, caption


def _group_rows(group) -> list:
    """The rows of a <thead>/<tbody>/<tfoot> (see `_rows`)."""
    rows: list = []
    bare = None
    for child in group:
        tag = child.tag
        if tag == "tr":
            bare = None
            rows.append(child)
        elif tag in _CELL:
            if bare is None:
                bare = []
                rows.append(bare)
            bare.append(child)
        elif tag.__class__ is str and tag not in _SKIP:
            bare = None
            rows += child.iter("tr")
    return rows


class _Budget:
    def __init__(self):
        self.used = 0


def _too_big(path: str, name: str, rows: int, width: int) -> ReadError:
    if rows * width > MAX_TABLE_SLOTS:
        return ReadError(path, None, f"{name} declares {rows:,} rows × {width:,} columns by its rowspan/colspan, "
                                     f"over the limit of {MAX_TABLE_SLOTS:,} cells for one table; refused")
    return ReadError(path, None, f"{name}: the page's tables together exceed {MAX_PAGE_SLOTS:,} cells; refused")


def read_table(path: str, table, index: int, budget: _Budget, notes: list[str]) -> Grid:
    """One data table as a Grid, spans expanded (see the module's docstring)."""
    name = f"table {index}"
    groups, caption = _rows(table)
    nrows = sum(len(g) for g in groups)
    limit = min(MAX_TABLE_SLOTS, MAX_PAGE_SLOTS - budget.used)
    declared = max(nrows, 1)          # rows the spans reach (past the last <tr> too: the declared size)
    if declared > limit:
        raise _too_big(path, name, declared, 1)
    width = 0
    below: list[int] = []             # per column: the row index up to which a cell above covers it
    covering: list = []               # per column: (text, origin) of that cell
    grid: list[list[Cell]] = []
    one = (1, 1)
    unknown: list[str] = []           # symbols of a cell no check box is known for
    ws, finish, special, attention = _WS.sub, _finish, _SPECIAL.search, _ATTENTION.search
    classes = _CLASS_FONTS.get()
    unshown: dict[tuple[int, int], int] = {}    # spans a hidden row starts (origin → colspan), not yet shown
    y = 0
    for group in groups:
        end = y + len(group)
        for source in group:
            # a <tr>'s cells, made as the row is read (element proxies die with it: less for Python's GC)
            cells = source if source.__class__ is list else _row_cells(source)
            # a row the page hides (display:none: Excel's web page keeps its hidden rows so) is blank
            hidden = source.__class__ is not list and _HIDDEN(source.get("style") or "") is not None
            no = y + 1
            row: list[Cell] = []
            append = row.append
            x = 0
            for td in cells:
                while x < width and below[x] > y:
                    if covering[x] is None:
                        append(Cell("", no, no, False, x + 1))
                    else:
                        text, origin = covering[x]
                        if unshown and origin in unshown and not hidden:
                            covering[x] = _shown_here(row, text, origin, no, x, below[x] - y, unshown[origin])
                        else:
                            append(Cell(text, no, no, True, x + 1, one, origin))
                    x += 1
                rs = cs = 1
                symbol = ignored = False
                keys = td.keys()
                if keys:
                    get = td.get
                    if "rowspan" in keys:
                        rs = _span(get("rowspan"), 0, MAX_ROWSPAN)
                    if "colspan" in keys:
                        cs = _span(get("colspan"), 1, MAX_COLSPAN)
                    if "style" in keys:
                        style = get("style")
                        symbol = "font" in style and _WINGDINGS(style) is not None
                        # Excel's web page: a run of empty cells, or text overflowing into them, is written as
                        # one colspan (mso-ignore:colspan): the text of one cell and empty cells beside it (and
                        # under it, mso-ignore:colspan-rowspan), not a merge; as many as it spans
                        ignored = "mso-ignore" in style and "colspan" in style
                    if "class" in keys and classes:
                        symbol = symbol or any(classes.get(c) for c in get("class").split())
                # the cell's text; inline for the common cell holding only text in an ordinary font
                if not symbol and not len(td):
                    text = td.text
                    if text:
                        text = text.strip(_SPACE)
                        if attention(text):
                            text = ws(" ", text)
                            if special(text):
                                text = finish(text)
                    else:
                        text = ""
                else:
                    text = cell_text(td, unknown)
                    if unknown:
                        notes += [f"{path}#table={index}&row={no}: {u} is not a known check box or tick; "
                                  f"read as {UNKNOWN_SYMBOL}" for u in unknown]
                        unknown.clear()
                # a hidden row's own text is left out; a span it starts still covers the visible rows below with
                # its text (as the browser shows them: the merged 一级事项 of the rows under a hidden one)
                own = "" if hidden else text
                if rs == 1:
                    down = 1
                else:
                    if rs == 0:
                        rs = end - y
                    elif y + rs > declared:
                        declared = y + rs
                        if declared * (width or 1) > limit:
                            raise _too_big(path, name, declared, width or 1)
                    down = rs if rs < end - y else end - y
                last = x + cs
                if last > width:
                    if declared * last > limit:
                        raise _too_big(path, name, declared, last)
                    below += [0] * (last - width)
                    covering += [None] * (last - width)
                    width = last
                if cs == 1 and down == 1:
                    append(Cell(own, no, no, False, x + 1))
                elif ignored:
                    append(Cell(own, no, no, False, x + 1))
                    for k in range(x + 1, last):
                        append(Cell("", no, no, False, k + 1))
                    if down > 1:
                        for k in range(x, last):
                            below[k], covering[k] = y + down, None      # empty cells under it: no merge
                else:
                    append(Cell(own, no, no, False, x + 1, (down, cs)))
                    origin = (no, x + 1)
                    for k in range(x + 1, last):
                        append(Cell(own, no, no, False, k + 1, one, origin))
                    if down > 1:
                        until = y + down
                        for k in range(x, last):
                            below[k] = until
                            covering[k] = (text, origin)
                        if hidden:
                            unshown[origin] = cs
                x = last
            while x < width:
                if below[x] > y and covering[x] is not None:
                    text, origin = covering[x]
                    if unshown and origin in unshown and not hidden:
                        covering[x] = _shown_here(row, text, origin, no, x, below[x] - y, unshown[origin])
                    else:
                        append(Cell(text, no, no, True, x + 1, one, origin))
                else:
                    append(Cell("", no, no, False, x + 1))
                x += 1
            if unshown and not hidden:      # (the spans shown in this row have their top here now)
                unshown = {o: n for o, n in unshown.items() if any(c is not None and c[1] == o for c in covering)}
            grid.append(row)
            y += 1
    for no, row in enumerate(grid, 1):        # rows above the one that made the table wider
        for x in range(len(row), width):
            row.append(Cell("", no, no, False, x + 1))
    budget.used += len(grid) * width

    def fragment(first: int, last: int, columns: tuple[int, int] | None = None) -> str:
        return f"table={index}&row={first}" + (f"-{last}" if last != first else "") + column_part(columns)

    title = ""
    if caption is not None:
        title = " ".join(page_lines(caption))
    return Grid(name=name, index=index, rows=grid, numbers=list(range(1, len(grid) + 1)), fragment=fragment,
                caption=title)


def _shown_here(row: list[Cell], text: str, origin: tuple[int, int], no: int, x: int, down: int,
                cs: int) -> tuple[str, tuple[int, int]]:
    """A span a hidden row starts (a merged 一级事项 whose first row the page hides), in the first row shown under
    it: its top-left cell is there, not merged from above (the browser shows its text in the rows below the hidden
    one, and a spreadsheet's merge under a hidden row is read so: office.slots_to_grid); the slot at column `x`
    appended to `row`. The covering (text, origin) for the rows below."""
    top = (no, origin[1])
    if x + 1 == origin[1]:
        row.append(Cell(text, no, no, False, x + 1, (down, cs)))
    else:
        row.append(Cell(text, no, no, False, x + 1, (1, 1), top))
    return text, top


def page_lines(el) -> list[str]:
    """The visible text inside an element as non-empty lines."""
    out = _Text()
    if el.text:
        out.add(el.text, None)
    _walk(el, out, None)
    return [line for line in out.lines() if line.strip()]


# ---------------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------------

def _layout_tables(root) -> set:
    """Tables containing another (visible) table of two rows of text or more: page layout, read as text. A table
    of one row, or of none with text, inside a cell positions what is in it (Excel's picture in a cell,
    <span style='mso-ignore:vglayout2'><table …><tr><td>text</td></tr></table>; Word's picture wrapped in a
    cell, a table around the <img>): the cell's, its table no layout (it was: the catalogue read as text)."""
    outer = set()
    for table in root.iter("table"):
        parent = None
        for a in table.iterancestors():
            tag = a.tag
            if tag in _SKIP:
                parent = None
                break
            if tag == "table" and parent is None:
                parent = a
        if parent is not None and parent not in outer and _rows_of_text(table, 2):
            outer.add(parent)
    return outer


def _rows_of_text(table, n: int) -> bool:
    """The table has `n` rows holding text at least (looked at until it is known)."""
    for tr in table.iter("tr"):
        if "".join(tr.itertext()).strip():
            n -= 1
            if not n:
                return True
    return False


def parse(path: str, text: str):
    """The page's root element; ReadError for what libxml2 refused (nesting too deep …)."""
    m = _XML_DECL.match(text)        # lxml refuses str input with an encoding declaration
    if m:
        text = text[m.end():]
    m = _INTERNAL_SUBSET.match(text)  # <!DOCTYPE x [<!ENTITY …>]>: never expanded, and "]>" is not text
    if m:
        text = m.group(1) + ">" + text[m.end():]
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    # lxml.etree's HTMLParser is lxml.html.HTMLParser without its Python-level element class lookup
    # (HtmlElement proxies), which costs a Python call per element; libxml2 parses the same either way
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                              recover=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        if out_of_memory(e, parser.error_log):
            raise MemoryError(f"{path}: {e}") from None
        if "empty" in str(e).lower():
            raise ReadError(path, None, "the page has no table (<table> element): it has no content") from None
        raise ReadError(path, None, f"cannot be parsed as HTML: {e}") from None
    if out_of_memory(log=parser.error_log):   # recover: what libxml2 had parsed, silently cut short
        raise MemoryError(f"{path}: libxml2 ran out of memory parsing the page")
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "depth" in error.message.lower():
            raise ReadError(path, error.line or None,
                            f"refused: {error.message.strip()} (libxml2's limits for a page: elements nested "
                            "at most 256 deep, text nodes of at most 10 MB)")
    if root is None:
        raise ReadError(path, None, "the page has no table (<table> element): it has no content")
    return root


def read_html(path: str, file: Path, options: ReadOptions) -> Document:
    data = read_bytes(path, Path(file))
    encoding = options.encoding if options else None
    if web_archive(data):          # the page inside a .mht/.mhtml, in the charset its part names
        data, named = archived_page(path, data)
        # the part's charset label as browsers read it (gb2312 is GB18030 there, as in a <meta>)
        encoding = encoding or (_LABELS.get(named.strip().lower(), named) if named else named)
    _not_html(path, data, bool(encoding))
    text, encoding, warnings = page_text(path, data, encoding)
    cut = _ends_inside_a_table(text)
    if cut:
        warnings.append(f"{path}: the page ends inside its table {cut} (no </table> after it, no </html>): a "
                        "download cut short? Its last rows may be missing or cut; download it again")
    root = parse(path, text)
    _div_tables(root)
    count = sum(1 for _ in root.iter("table"))
    if count > MAX_TABLES:
        raise ReadError(path, None, f"the page has {count:,} <table> elements, over the limit of {MAX_TABLES:,}; "
                                    "refused")
    if _MAY_HIDE.search(text):      # (most pages hide nothing: no pass over their elements)
        _drop_hidden(root)
    layout = _layout_tables(root)
    _css_marks(root)
    fonts = _CLASS_FONTS.set(class_fonts(root))
    try:
        return _read_page(path, root, layout, encoding, warnings)
    finally:
        _CLASS_FONTS.reset(fonts)


_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_PAGE_END = re.compile(r"</(?:html|body)\s*>\s*(?:<!--.*?-->\s*)*$", re.I | re.S)


def _ends_inside_a_table(text: str) -> int | None:
    """The number of the table a page's text ends inside (more <table> opened than closed, and no </body> or
    </html> at its end: a file cut short), or None. Parsers close what is open and read what is there: the
    page reads, less its last rows, without a word."""
    opened = len(_TABLE_OPEN.findall(text))
    if not opened or opened <= len(_TABLE_CLOSE.findall(text)) or _PAGE_END.search(text[-2000:]):
        return None
    return opened


def frame_hint(frames: list[str]) -> str:
    """What to tell of a page that shows its content in <iframe>s."""
    return (f"the page shows its content in an <iframe> ({', '.join(frames[:3])}): read the catalogue from that "
            "document (saved beside the page when saved as 网页，全部, or opened from its address)")


def _read_page(path: str, root, layout: set, encoding: str, warnings: list[str]) -> Document:
    doc = Document(path=path, encoding=encoding, warnings=warnings)
    budget = _Budget()
    notes: list[str] = []
    out = _Text()

    def on_table(table) -> bool:
        if table in layout:
            return False
        before = [line for line in out.lines() if line.strip()]
        out.parts.clear()
        out.filled = False
        grid = read_table(path, table, len(doc.tables) + 1, budget, notes)
        grid.before = before
        doc.tables.append(grid)
        return True

    if root.tag not in _SKIP:
        if root.text:
            out.add(root.text, None)
        try:
            _walk(root, out, None, on_table)
        except RecursionError:     # libxml2 keeps nesting within 256; only a caller already deep gets here
            raise ReadError(path, None, "elements nested too deeply to read; refused") from None
    doc.frames = [f.get("src") for f in root.iter("iframe") if f.get("src")]
    if not doc.tables:
        if doc.frames:
            raise ReadError(path, None, frame_hint(doc.frames))
        raise ReadError(path, None, "the page has no table (<table> element); a catalogue page shows its items "
                                    "in an HTML table (if the page builds it with JavaScript, save the page "
                                    "from the browser after it has loaded)")
    doc.after = [line for line in out.lines() if line.strip()]
    doc.warnings += notes
    return doc
