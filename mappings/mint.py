"""Record → RDF: the one place where zwgk mints triples from catalogue data.

Graphs:
    {catalogue IRI}        the catalogue, its items and their parts, its category scheme, its build activity
    {agency IRI}           the agency and its offices (shared by the agency's catalogues)
    {base}/id/law          legal bases (shared by every catalogue that cites them)
Keeping shared resources in their own graphs means the union default graph has no duplicate triples.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from ..itemtypes import item_types
from ..ontology import CodeLists
from ..uris import DCAT, DCT, ELI, FOAF, ORG, PROV, RDF, RDFS, SKOS, VCARD, XSD, URIs
from . import Catalogue
from .bodies import ends_as_body, short_name_of
from .cells import compact, split_names
from .legal import article_label, national_title
from .records import Record

_IRIS: dict[str, bytes] = {}
#: IRIs kept (as N-Triples writes them); then the cache starts again. Predicates, classes and concepts recur in every
#: item and come back at once; items' own IRIs do not recur, and kept for ever they made a build worker grow without
#: end (0.06 MB a catalogue)
IRIS_KEPT = 50_000


def _ref(iri: str) -> bytes:
    """An IRI as N-Triples writes it (<…>), checked once (ValueError when it is no IRI), then kept."""
    text = _IRIS.get(iri)
    if text is None:
        if len(_IRIS) >= IRIS_KEPT:
            _IRIS.clear()
        text = _IRIS[iri] = str(ox.NamedNode(iri)).encode()
    return text


#: what N-Triples writes escaped in a literal (pyoxigraph's own rule: tests/test_mint_text.py), and lone surrogates
#: (pyoxigraph refuses them)
_ESCAPED = re.compile(r'[\x00-\x1f"\\\x7f\ufffe\uffff\ud800-\udfff]')


def lit(value: str, lang: str | None = "zh") -> bytes:
    """A literal, as N-Triples writes it: text in `lang` (None: a plain string)."""
    if value.__class__ is not str or _ESCAPED.search(value):   # pyoxigraph writes it (or refuses it)
        return str(ox.Literal(value, language=lang) if lang else ox.Literal(value)).encode()
    return f'"{value}"@{lang}'.encode() if lang else f'"{value}"'.encode()


def typed(value, datatype: str) -> bytes:
    """A literal of an XML Schema datatype, as N-Triples writes it."""
    value = str(value)
    if _ESCAPED.search(value):
        return str(ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))).encode()
    return f'"{value}"^^<{XSD}{datatype}>'.encode()


class Graph:
    """Quads for one named graph, with small helpers that skip empty values.

    Minted as text: a line a quad, each term as N-Triples writes it (`lit`, `typed`, `_ref`: byte for byte as
    pyoxigraph does, tests/test_mint_text.py), made into pyoxigraph quads by one parse when `quads` are first
    asked for. A pyoxigraph Quad made in Python cost 2.5-2.8 µs a quad of the shipped catalogues (its object
    is tried as a NamedNode, then a BlankNode, before a Literal, each failure an exception inside pyoxigraph),
    where a line and its share of the parse cost 1.6 µs; and the dumps take the graph's N-Quads and N-Triples
    as they are (`nquads`, `ntriples`) instead of serializing its quads again."""

    def __init__(self, name: str):
        self.name = ox.NamedNode(name)
        self.described: set[str] = set()    # resources described once per graph (Minter.new_concept)
        self.lines: list[bytes] = []        # b"<s> <p> o": each quad's subject, predicate and object
        self._end = f" {self.name} .\n".encode()
        self._quads: list[ox.Quad] = []
        self._parsed = 0                    # how many lines are in _quads

    def add(self, s: str, p: str, o) -> None:
        # the hottest line of a build (a call per triple): plain dict lookups, no helper calls
        if not o:  # None or "" (terms are always true)
            return
        cls = o.__class__
        if cls is str:                      # an IRI
            o = _IRIS.get(o) or _ref(o)
        elif cls is not bytes:              # a pyoxigraph term
            o = str(o).encode()
        self.lines.append(b" ".join((_IRIS.get(s) or _ref(s), _IRIS.get(p) or _ref(p), o)))

    def text(self, s: str, p: str, value: str, lang: str | None = "zh") -> None:
        if value:
            self.add(s, p, lit(value, lang))

    @property
    def quads(self) -> list[ox.Quad]:
        """The graph's quads (a list a caller may append to: `pipeline.graphs_of`)."""
        if self._parsed < len(self.lines):
            # lenient: every IRI was checked by `_ref`, every literal written by pyoxigraph's rules
            self._quads.extend(ox.parse(self._end.join(self.lines[self._parsed:]) + self._end,
                                        format=ox.RdfFormat.N_QUADS, lenient=True))
            self._parsed = len(self.lines)
        return self._quads

    def nquads(self) -> bytes:
        """The graph's N-Quads, as `ox.serialize` writes its quads."""
        if len(self.quads) != len(self.lines):      # quads were given as quads (pipeline.graphs_of)
            return ox.serialize(self._quads, format=ox.RdfFormat.N_QUADS)
        return self._end.join(self.lines) + self._end if self.lines else b""

    def ntriples(self) -> bytes:
        """The graph's triples as N-Triples, as `ox.serialize` writes them."""
        if len(self.quads) != len(self.lines):
            return ox.serialize([q.triple for q in self._quads], format=ox.RdfFormat.N_TRIPLES)
        return b" .\n".join(self.lines) + b" .\n" if self.lines else b""


#: the digits of a landline with its area code but not its leading 0: 2-9 then nine or ten digits (not a
#: 400/800 number), or 10 then eight (Beijing's 010)
_ZERO_LOST = re.compile(r"(?!400|800)[2-9]\d{9,10}|10\d{8}")
#: numbers with no area code in any place: mobiles (1[3-9] and nine digits), 400 and 800 numbers
_NATIONAL = re.compile(r"1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}")


def category_key(r: Record, level: int) -> str:
    """The key of a record's category at `level` (from 0) in its catalogue's scheme: its code, else the labels of
    its path down to it (城乡规划-办事服务: a second level named alike under two first levels is two concepts,
    each under its own; keyed by its label alone, they were one, under whichever came first)."""
    code = r.category_codes[level] if level < len(r.category_codes) else None
    return code or "-".join(r.category[:level + 1])


class Minter:
    def __init__(self, base: str, codes: CodeLists):
        self.uris, self.codes = URIs(base), codes
        self.zwgk = self.uris.ns
        self.item_types = item_types()  # alignment rules to the common item types (mappings/item-types.yaml)
        # role → the property an inherited value of that role is stated with
        z = self.zwgk
        self.role_property = {
            "category": z + "category", "subcategory": z + "category", "name": DCT + "title",
            "content": DCT + "description",
            "spec": z + "contentSpec", "legal_basis": z + "legalBasis", "time_limit": z + "timeLimit",
            "subject": z + "subject", "responsible_unit": z + "responsibleUnit", "channels": z + "channel",
            "methods": z + "method", "disclosure_type": z + "disclosureType", "audience": DCT + "audience",
            "stage": z + "stage", "phones": z + "phone",
            "level": z + "level", "domain": z + "domain", "update_frequency": z + "updateFrequency",
            "duration": z + "disclosureDuration", "link": FOAF + "page", "article_text": z + "articleText",
            "extra": z + "extra",
        }

    # -- per catalogue -------------------------------------------------------------------------
    def catalogue_graph(self, cat: Catalogue, built_at: datetime) -> Graph:
        m, u, z = cat.mapping, self.uris, self.zwgk
        c_iri = u.catalogue(m.catalogue_id)
        g = Graph(c_iri)
        title = m.title or (cat.table.preamble[0] if cat.table.preamble else m.catalogue_id)
        g.add(c_iri, RDF + "type", z + "DisclosureCatalogue")
        g.add(c_iri, RDF + "type", DCAT + "Catalog")
        g.text(c_iri, DCT + "title", title)
        g.text(c_iri, RDFS + "label", title)
        description = (m.description or " ".join(cat.table.trailer)
                       or f"{m.agency_name}政府信息公开目录，共{len(cat.records)}项。")
        g.text(c_iri, DCT + "description", description)
        g.text(c_iri, DCT + "identifier", m.catalogue_id, None)
        g.add(c_iri, DCT + "publisher", u.agency(m.agency_id))
        g.add(c_iri, DCT + "language", "http://publications.europa.eu/resource/authority/language/ZHO")
        g.add(c_iri, DCT + "source", u.source(cat.source_file))
        self.original(g, m, c_iri)
        g.add(c_iri, z + "itemCount", typed(len(cat.records), "integer"))
        g.add(c_iri, PROV + "wasGeneratedBy", u.activity(m.catalogue_id))
        g.add(c_iri, DCAT + "themeTaxonomy", u.category_scheme(m.catalogue_id))
        self.catalogue_contact(g, cat, c_iri)
        self.activity(g, cat, built_at)
        self.category_scheme(g, cat, title)
        for rec in cat.records:
            self.item(g, cat, rec)
        return g

    def original(self, g: Graph, m, c_iri: str) -> None:
        """The agency's own publication (catalogue.url, .published, .version): its page is the catalogue's
        dcat:landingPage and a dct:source besides the copy zwgk read; its date dct:issued."""
        if m.original_url:
            g.add(c_iri, DCAT + "landingPage", m.original_url)
            g.add(c_iri, DCT + "source", m.original_url)
            g.add(m.original_url, RDF + "type", FOAF + "Document")
        if m.published:
            kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(m.published)]
            g.add(c_iri, DCT + "issued", typed(m.published, kind))
        g.text(c_iri, DCAT + "version", m.version or "", None)

    def catalogue_contact(self, g: Graph, cat: Catalogue, c_iri: str) -> None:
        """The contact printed before the table (概述: phone, address, e-mail), where the mapping reads it."""
        meta = getattr(cat, "metadata", {}) or {}
        if not any(meta.get(k) for k in ("phone", "address", "email")):
            return
        contact = f"{c_iri}#contact"
        g.add(c_iri, DCAT + "contactPoint", contact)
        g.add(contact, RDF + "type", VCARD + "Organization")
        g.text(contact, VCARD + "fn", cat.mapping.agency_name)
        if meta.get("phone"):
            g.add(contact, VCARD + "hasTelephone", self.tel(meta["phone"], cat.mapping.phone_area_code))
        if meta.get("address"):
            address = f"{c_iri}#address"
            g.add(contact, VCARD + "hasAddress", address)
            g.add(address, RDF + "type", VCARD + "Address")
            g.text(address, VCARD + "street-address", meta["address"])
        if meta.get("email"):
            g.add(contact, VCARD + "hasEmail", f"mailto:{meta['email'].strip()}")

    def activity(self, g: Graph, cat: Catalogue, built_at: datetime) -> None:
        m, u = cat.mapping, self.uris
        a = u.activity(m.catalogue_id)
        mapping_file = f"mappings/{Path(m.path).name}"  # served from the build's mapping folder
        src, mapping_src = u.source(cat.source_file), u.source(mapping_file)
        g.add(a, RDF + "type", PROV + "Activity")
        g.text(a, RDFS + "label", f"zwgk build of {m.catalogue_id}", "en")
        g.add(a, PROV + "used", src)
        g.add(a, PROV + "used", mapping_src)
        # the canonical lexical form (UTC as Z): the store keeps dateTimes canonical, so the dumps agree with it
        g.add(a, PROV + "endedAtTime", typed(built_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "dateTime"))
        for s, label in ((src, cat.source_file), (mapping_src, mapping_file)):
            g.add(s, RDF + "type", PROV + "Entity")
            g.text(s, RDFS + "label", label, None)
            g.text(s, DCT + "format", "text/plain" if s == src else "application/yaml", None)

    def category_scheme(self, g: Graph, cat: Catalogue, title: str) -> None:
        m, u = cat.mapping, self.uris
        scheme = u.category_scheme(m.catalogue_id)
        g.add(scheme, RDF + "type", SKOS + "ConceptScheme")
        g.text(scheme, DCT + "title", f"{title}·事项类别")
        g.text(scheme, SKOS + "prefLabel", f"{title}·事项类别")
        seen = set()
        for rec in cat.records:
            parent = None
            for level, (label, code) in enumerate(zip(rec.category, rec.category_codes)):
                iri = u.category(m.catalogue_id, category_key(rec, level))
                if iri not in seen:
                    seen.add(iri)
                    g.add(iri, RDF + "type", SKOS + "Concept")
                    g.text(iri, SKOS + "prefLabel", label)
                    g.text(iri, SKOS + "notation", code, None)
                    g.add(iri, SKOS + "inScheme", scheme)
                    if parent is None:
                        g.add(iri, SKOS + "topConceptOf", scheme)
                        g.add(scheme, SKOS + "hasTopConcept", iri)
                    else:
                        g.add(iri, SKOS + "broader", parent)
                parent = iri

    def item(self, g: Graph, cat: Catalogue, r: Record) -> None:
        m, u, z = cat.mapping, self.uris, self.zwgk
        i = u.item(m.catalogue_id, r.key)
        c_iri = u.catalogue(m.catalogue_id)
        g.add(i, RDF + "type", z + "DisclosureItem")
        g.text(i, RDFS + "label", r.name)
        g.text(i, DCT + "title", r.name)
        g.text(i, DCT + "identifier", r.key, None)
        g.add(i, DCT + "isPartOf", c_iri)
        g.add(c_iri, DCAT + "resource", i)
        g.add(i, z + "rowNumber", typed(r.row, "integer"))
        g.text(i, z + "sequenceNumber", r.seq, None)
        g.text(i, z + "code", r.code, None)
        g.text(i, z + "marker", r.markers, None)
        if r.category:
            g.add(i, z + "category", u.category(m.catalogue_id, category_key(r, len(r.category) - 1)))
        for notation in self.item_types.types_of(m.catalogue_id, r.name, r.category):
            g.add(i, DCT + "type", u.concept("item-type", notation))
        g.text(i, DCT + "description", r.content)
        g.text(i, z + "contentSpec", r.spec)
        for c in r.legal_basis:
            g.add(i, z + "legalBasis", u.law(c.identifier))
            g.text(i, z + "legalBasisText", c.text)
            for a in getattr(c, "articles", ()):   # the cited articles (described in the legal-basis graph)
                g.add(i, z + "legalBasisArticle", f"{u.law(c.identifier)}/art/{a}")
        if r.time_limit:
            self.time_limit(g, i, r)
        if r.subject:
            g.text(i, z + "subjectText", r.subject)
            for agent in self.agents(m, r.subject):
                g.add(i, z + "subject", agent)
        if r.responsible_unit:
            g.text(i, z + "responsibleUnitText", r.responsible_unit)
            for agent in self.agents(m, r.responsible_unit):
                g.add(i, z + "responsibleUnit", agent)
        for role, prop in (("channels", z + "channel"), ("methods", z + "method"),
                           ("disclosure_type", z + "disclosureType"), ("audience", DCT + "audience"),
                           ("stage", z + "stage")):
            for concept in getattr(r, role):
                g.add(i, prop, concept)
                self.new_concept(g, concept)
        if r.phones:
            contact = f"{i}#contact"
            g.add(i, DCAT + "contactPoint", contact)
            g.add(contact, RDF + "type", VCARD + "Kind")
            g.text(contact, VCARD + "fn", r.subject or r.responsible_unit or m.agency_name)
            for p in r.phones:
                g.text(i, z + "phone", p, None)
                g.add(contact, VCARD + "hasTelephone", self.tel(p, m.phone_area_code))
        self.more_fields(g, i, r)
        for role in sorted(r.inherited):
            g.add(i, z + "inheritedProperty", self.role_property[role])
        self.source(g, i, cat, r)

    def more_fields(self, g: Graph, item: str, r: Record) -> None:
        """公开层级, 领域, 更新频率, 公开时长, 公开链接, 条款内容 and the columns kept as `extra`."""
        z = self.zwgk
        for role in ("level", "domain"):
            for concept in getattr(r, role, ()):
                g.add(item, self.role_property[role], concept)
                self.new_concept(g, concept)
        t = getattr(r, "update_frequency", None)
        if t:
            self.timed(g, item, z + "updateFrequency", f"{item}#update-frequency", t)
        g.text(item, z + "disclosureDuration", getattr(r, "duration", ""))
        link = getattr(r, "link", "")
        if link:
            urls = r.link_urls
            for url in list(urls):
                try:
                    g.add(item, FOAF + "page", url)
                except ValueError:          # not an IRI after all: kept as text below
                    urls.remove(url)
            rest = link
            for url in urls:
                rest = rest.replace(url, "")
            if rest.strip(" \t\n、，,；;|"):      # text that is not only URLs is kept as written
                g.text(item, z + "linkText", link)
        g.text(item, z + "articleText", getattr(r, "article_text", ""))
        for n, (label, text) in enumerate(getattr(r, "extra", ()), 1):
            node = f"{item}#extra-{n}"
            g.add(item, z + "extra", node)
            g.add(node, RDF + "type", z + "ExtraField")
            g.text(node, RDFS + "label", label)
            g.text(node, RDF + "value", text)

    def time_limit(self, g: Graph, item: str, r: Record) -> None:
        self.timed(g, item, self.zwgk + "timeLimit", f"{item}#time-limit", r.time_limit)

    def timed(self, g: Graph, item: str, prop: str, node: str, t) -> None:
        """A time limit or an update frequency as printed, with what parses of it (amount, unit …)."""
        z = self.zwgk
        g.add(item, prop, node)
        g.add(node, RDF + "type", z + "TimeLimit")
        g.text(node, RDFS + "label", t.text)
        if t.amount is not None:
            g.add(node, z + "amount", typed(t.amount, "integer"))
            g.add(node, z + "unit", self.uris.concept("time-unit", t.unit))
        g.text(node, z + "trigger", t.trigger or "")
        if t.annual_deadline:
            g.add(node, z + "annualDeadline", typed(t.annual_deadline, "gMonthDay"))
        if t.monthly_deadline:
            g.add(node, z + "monthlyDeadline", typed(t.monthly_deadline, "gDay"))
        if t.period:
            g.add(node, z + "period", self.uris.concept("period", t.period))

    def source(self, g: Graph, item: str, cat: Catalogue, r: Record) -> None:
        z, u = self.zwgk, self.uris
        node = f"{item}#source"
        src = u.source(cat.source_file)
        g.add(item, z + "sourceExtract", node)
        # RFC 5147 text/plain fragment: line=a,b selects lines a+1 … b; .docx/.xlsx: table=1&row=7 …
        fragment = getattr(r, "source_fragment", None) or f"line={r.first_line - 1},{r.last_line}"
        g.add(item, PROV + "wasDerivedFrom", f"{src}#{fragment}")
        g.add(item, PROV + "wasGeneratedBy", u.activity(cat.mapping.catalogue_id))
        g.add(node, RDF + "type", z + "SourceExtract")
        g.text(node, RDFS + "label", f"{r.source_file} {r.source_label}")
        g.text(node, z + "sourceFile", r.source_file, None)
        g.add(node, z + "firstLine", typed(r.first_line, "integer"))
        g.add(node, z + "lastLine", typed(r.last_line, "integer"))
        g.add(node, PROV + "wasDerivedFrom", src)

    def new_concept(self, g: Graph, concept: str) -> None:
        """A label no code list knew is a concept of the catalogue's uncontrolled scheme
        (records.Interpreter.uncontrolled_concept): describe it, and that scheme, in the catalogue graph."""
        parts = None if concept in g.described else self.uris.uncontrolled_parts(concept)
        if parts is None or concept not in self.codes.pref:     # a code-list concept (or a label lost)
            return
        g.described.add(concept)
        z = self.zwgk
        catalogue_id, code_list = parts
        scheme_iri = self.uris.uncontrolled_scheme(catalogue_id)
        g.add(concept, RDF + "type", SKOS + "Concept")
        g.text(concept, SKOS + "prefLabel", self.codes.pref[concept])
        g.add(concept, SKOS + "inScheme", scheme_iri)
        g.add(concept, z + "codeList", self.uris.scheme(code_list))
        if scheme_iri not in g.described:
            g.described.add(scheme_iri)
            g.add(self.uris.catalogue(catalogue_id), z + "uncontrolledScheme", scheme_iri)
            g.add(scheme_iri, RDF + "type", SKOS + "ConceptScheme")
            g.add(scheme_iri, RDF + "type", z + "UncontrolledScheme")
            g.text(scheme_iri, SKOS + "prefLabel", "代码表外取值")
            g.text(scheme_iri, SKOS + "prefLabel", "Values outside the code lists", "en")
            g.text(scheme_iri, SKOS + "definition",
                   "本目录中未能对应到任何代码表的取值，原样保留，待人工核对。")

    def agents(self, m, text: str) -> list[str]:
        """The IRIs of the agency, its offices and the other bodies a 公开主体 / 责任科室 cell names
        (`named_agents`)."""
        return [iri for iri, _, _ in self.named_agents(m, text)]

    def named_agents(self, m, text: str) -> list[tuple[str, str, str]]:
        """(IRI, kind, name) of what a 公开主体 / 责任科室 cell names, kind 'agency', 'body' or 'unit':
        - the agency: by its name or an alias; by its name's end of four characters or more (石佛寺镇人民政府 in
          镇平县石佛寺镇人民政府's catalogue, 卫生健康局 in 某区卫生健康局's); or by a short name made of its name's
          characters in order that ends as a body's name does (县医保局 for 巨野县医疗保障局, 发改委 for
          发展和改革委员会);
        - another body: a name ending as a body's does (mappings/bodies.yaml: 县人社局, 市财政局, 某某镇人民政府),
          not as the agency's own offices do (办公室, 医保中心);
        - else one of the agency's offices (办公室, 待遇保障科, 各业务科室)."""
        names = {compact(a) for a in [m.agency_name, *m.agency_aliases]}
        out, seen = [], set()
        for part in split_names(text):
            key = compact(part)
            body = ends_as_body(key)
            own = key in names or len(key) >= 4 and any(n.endswith(key) for n in names) \
                or body and any(short_name_of(key, n) for n in names)
            if own:
                iri, kind = self.uris.agency(m.agency_id), "agency"
            elif body:
                iri, kind = self.uris.body(m.agency_id, part), "body"
            else:
                iri, kind = self.uris.unit(m.agency_id, part), "unit"
            if iri not in seen:
                seen.add(iri)
                out.append((iri, kind, part))
        return out

    @staticmethod
    def tel(number: str, area_code: str | None) -> str:
        """A tel: IRI (RFC 3966) for a number as `split_phones` gives it; an extension (转8001) as ;ext=8001."""
        number, _, ext = number.partition("转")
        ext = "".join(ch for ch in ext if ch.isdigit())
        ext = f";ext={ext}" if ext else ""
        digits = number.replace("（", "(").replace("）", ")")
        digits = "".join(ch for ch in digits if ch.isdigit() or ch == "-")
        if _ZERO_LOST.fullmatch(digits):
            # a landline with its area code whose leading 0 was lost (a number cell of a spreadsheet:
            # 5722398765 is 0572-2398765); no Chinese number is ten or eleven digits starting 2-9 otherwise
            # (mobile numbers start with 1, 400/800 numbers keep their ten digits)
            digits = "0" + digits
            cut = 3 if digits[1] in "12" else 4
            digits = f"{digits[:cut]}-{digits[cut:]}"
        if digits.startswith("0"):
            return f"tel:+86-{digits[1:]}{ext}"
        if _NATIONAL.fullmatch(digits):      # a mobile, 400 or 800 number: dialled the same from anywhere
            return f"tel:+86-{digits}{ext}"
        if area_code:
            return f"tel:+86-{area_code.lstrip('0')}-{digits}{ext}"
        return f"tel:{digits}{ext};phone-context=+86"

    # -- shared graphs -------------------------------------------------------------------------
    def agency_graphs(self, cats: list[Catalogue]) -> list[Graph]:
        u = self.uris
        by_agency: dict[str, list[Catalogue]] = defaultdict(list)
        for cat in cats:
            by_agency[cat.mapping.agency_id].append(cat)
        graphs = []
        for agency_id, group in sorted(by_agency.items()):
            m = group[0].mapping
            a = u.agency(agency_id)
            g = Graph(a)
            for t in (ORG + "Organization", FOAF + "Agent"):
                g.add(a, RDF + "type", t)
            for p in (SKOS + "prefLabel", RDFS + "label", FOAF + "name"):
                g.text(a, p, m.agency_name)
            g.text(a, DCT + "identifier", agency_id, None)
            g.text(a, self.zwgk + "region", m.agency_region or "")
            for alias in m.agency_aliases:
                g.text(a, SKOS + "altLabel", alias)
            named = {}
            for cat in group:
                for r in cat.records:
                    for text in (r.subject, r.responsible_unit):
                        for iri, kind, name in self.named_agents(cat.mapping, text) if text else []:
                            if kind != "agency":
                                named.setdefault(iri, (kind, name))
            for iri, (kind, label) in sorted(named.items()):
                g.add(iri, RDF + "type", ORG + ("OrganizationalUnit" if kind == "unit" else "Organization"))
                g.text(iri, SKOS + "prefLabel", label)
                g.text(iri, RDFS + "label", label)
                if kind == "unit":          # an office of the agency
                    g.add(iri, ORG + "unitOf", a)
                    g.add(a, ORG + "hasUnit", iri)
                else:                       # another body its catalogue names: linked, not a part of it
                    g.add(iri, ORG + "linkedTo", a)
            graphs.append(g)
        return graphs

    def laws_graph(self, cats: list[Catalogue]) -> Graph:
        u = self.uris
        g = Graph(u.laws_graph)
        # the graph's own IRI resolves: a dataset of every legal basis cited by any catalogue
        g.add(u.laws_graph, RDF + "type", "http://rdfs.org/ns/void#Dataset")
        g.text(u.laws_graph, RDFS + "label", "公开依据")
        g.text(u.laws_graph, RDFS + "label", "Legal bases", "en")
        titles: dict[str, Counter] = defaultdict(Counter)
        first: dict[str, object] = {}
        articles: dict[str, set[str]] = defaultdict(set)   # identifier → article notations cited
        for cat in cats:
            for r in cat.records:
                for c in r.legal_basis:
                    titles[c.identifier][c.title] += 1
                    first.setdefault(c.identifier, c)
                    articles[c.identifier].update(getattr(c, "articles", ()))
        # an instrument cited by its title alone in some catalogue, and with its number elsewhere (each catalogue's
        # own citations are made one: legal.resolve_short_titles): the numbered ones are its versions (国务院令第492号
        # and 第711号 of the 政府信息公开条例), found from it and it from them; a title printed with 中华人民共和国 or
        # without is one title, as within a catalogue
        versions: dict[str, set[str]] = defaultdict(set)
        for ident, c in first.items():
            if c.doc_number:
                for title in titles[ident]:
                    bare = title.removeprefix("中华人民共和国")
                    for key in {national_title(title), bare, "中华人民共和国" + bare}:
                        versions[key].add(ident)
        for ident in sorted(first):
            c = first[ident]
            law = u.law(ident)
            for version in sorted(versions.get(ident, ()) if not c.doc_number else ()):
                g.add(law, DCT + "hasVersion", u.law(version))
                g.add(u.law(version), DCT + "isVersionOf", law)
            # the most cited spelling names the instrument; the others are alternative labels. An instrument known
            # by its title is named by that title (a law's official one, 中华人民共和国统计法, when cited 《统计法》)
            ranked = sorted(titles[ident].items(), key=lambda kv: (kv[0] != ident if not c.doc_number else 0,
                                                                  -kv[1], kv[0]))
            if not c.doc_number and ranked[0][0] != ident:
                ranked.insert(0, (ident, 0))
            title = ranked[0][0]
            label = f"《{title}》（{c.doc_number}）" if c.doc_number else f"《{title}》"
            g.add(law, RDF + "type", ELI + "LegalResource")
            g.text(law, ELI + "title", title)
            g.text(law, SKOS + "prefLabel", label)
            g.text(law, RDFS + "label", label)
            for other, _ in ranked[1:]:
                g.text(law, SKOS + "altLabel", other)
            g.text(law, ELI + "id_local", ident, None)
            g.text(law, DCT + "identifier", ident, None)
            g.text(law, ELI + "number", c.number or "", None)
            if c.year:
                g.add(law, DCT + "date", typed(c.year, "gYear"))  # eli:date_document needs a full date
            g.add(law, ELI + "type_document", u.concept("legal-type", c.legal_type))
            # each cited article: an ELI subdivision {law}/art/{n} (notation: mappings/legal.py)
            for a in sorted(articles[ident], key=lambda a: [int(n) for n in re.findall(r"\d+", a)]):
                art = f"{law}/art/{a}"
                g.add(art, RDF + "type", ELI + "LegalResourceSubdivision")
                g.add(art, ELI + "is_part_of", law)
                g.add(law, ELI + "has_part", art)
                g.text(art, SKOS + "prefLabel", article_label(a))
                g.text(art, RDFS + "label", article_label(a))
                g.text(art, ELI + "id_local", f"{ident}/art/{a}", None)
        return g


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
