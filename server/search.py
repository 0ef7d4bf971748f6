"""Search over items, agencies, catalogues, legal bases and concepts, ranked, with facets: SQLite FTS5.

The index is a SQLite file built by the server from the store (not by `zwgk build`), on the first search
after start or after a new build is picked up, in a background thread, and cached on disk keyed by the build
(`GraphStore.version`): `{store}.search/{version}.sqlite` next to an embedded store, or the folder
ZWGK_SEARCH_DIR names (a remote store: `var/search` by default). A restart over the same build opens the
cached file at once; a new build gets a new file and the old ones are removed. Built in the server rather
than in `zwgk build` so that it needs nothing but the GraphStore interface (it works the same over a
remote SPARQL store that `zwgk build` never saw) and a build is not slowed by an index nobody may query.

What is indexed (one row per document, `docs`):
  item       title, content (dct:description, zwgk:contentSpec), legal-basis text; facets: agency,
             catalogue, category (by label, so 机构概况 of every catalogue is one value), channel, level,
             legal basis (law), item type
  agency     preferred and alternative labels, region, id
  catalogue  title, description, id; facet: agency
  law        label, title, document number; exact keys: 国务院令第711号, 711
  concept    preferred and alternative labels, notation (code lists; also each catalogue's categories)

Matching: text is NFKC-normalised, case-folded and stripped of whitespace (国务院令 第 711 号 =
国务院令第711号). A query is split into words at spaces; every word must match (AND); a word matches
as a substring. Words of three characters or more are looked up in an FTS5 table with the trigram
tokenizer. Shorter words - most Chinese words are two characters (医保, 巨野, 年报) - cannot use a trigram
index (FTS5 would scan every row), so a second FTS5 table holds every text's character bigrams as tokens:
a two-character word is one token lookup, a one-character word a prefix lookup. Synonyms
(server/synonyms.tsv, kept as data) expand a word into alternatives (医保 = 医疗保障), also inside longer
words (医保局 → 医疗保障局).

Ranking: an exact identifier (law number 711 or 国务院令第711号, code-list notation, agency or catalogue
id) first, then a title equal to the query, then titles that contain every word, agencies, laws and code
lists before catalogues and items, shorter titles first. Queries matching more than CANDIDATES documents
rank and count facets over the first CANDIDATES in index order (agencies, laws, concepts, catalogues,
then items); the total is exact up to COUNT_CAP.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
import unicodedata
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

log = logging.getLogger("zwgk.search")

SCHEMA_VERSION = "3"
CANDIDATES = 5_000
FACET_VALUES = 20     # values shown per facet (the most frequent; a chosen value always)
COUNT_CAP = 100_000
SYNONYMS_FILE = Path(__file__).with_name("synonyms.tsv")

DCT, SKOS, RDF = "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#", \
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ELI, DCAT = "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/dcat#"

KINDS = {"agency": ("机构", "agency", 4), "law": ("公开依据", "legal basis", 3), "concept": ("概念", "concept", 2),
         "catalogue": ("目录", "catalogue", 1), "item": ("事项", "item", 0), "category": ("类别", "category", 0)}
FACETS = [  # (name, zh, en); the order facets are shown in
    ("kind", "类型", "kind"), ("agency", "机构", "agency"), ("category", "类别", "category"),
    ("channel", "公开渠道", "channel"), ("level", "层级", "level"), ("law", "公开依据", "legal basis"),
    ("type", "事项类型", "item type")]
FACET_NAMES = {f[0] for f in FACETS}


# -- text --------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_ALNUM_RUN = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """NFKC, case-folded, without whitespace: what is indexed and what is looked up."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def bigram_tokens(norm: str) -> str:
    """The character bigrams of every run of letters and digits, and each run's last character (so a
    one-character word is a prefix lookup), as space-separated tokens."""
    out = []
    for run in _ALNUM_RUN.findall(norm):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return " ".join(out)


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[list[str]]:
    groups = []
    if not path.exists():
        return groups
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = [normalise(w) for w in line.split()]
        words = list(dict.fromkeys(w for w in words if w))
        if len(words) < 2:
            log.warning("%s:%d: a synonym group needs two words or more; ignored", path, n)
            continue
        groups.append(words)
    return groups


def expand(word: str, groups: list[list[str]]) -> list[str]:
    """The word and what synonyms make of it (whole words, and a synonym inside a longer word)."""
    out = [word]
    for group in groups:
        for member in group:
            if member and member in word:
                out.extend(word.replace(member, other) for other in group if other != member)
    return list(dict.fromkeys(out))


def _phrase(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


# -- building the index from the store -------------------------------------------------------------

NS_QUERY = """SELECT ?t WHERE { ?c a ?t FILTER(STRENDS(STR(?t), "#DisclosureCatalogue")) } LIMIT 1"""
CATALOGUES = """SELECT ?c ?p ?o WHERE {{ ?c a <{ns}DisclosureCatalogue> ; ?p ?o .
  VALUES ?p {{ <http://purl.org/dc/terms/title> <http://purl.org/dc/terms/publisher>
              <http://purl.org/dc/terms/identifier> <http://purl.org/dc/terms/description>
              <http://www.w3.org/ns/dcat#themeTaxonomy> }} }}"""
ITEMS_OF = """SELECT ?i ?p ?o WHERE {{ ?i <http://purl.org/dc/terms/isPartOf> ?c ; ?p ?o .
  VALUES ?p {{ <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://purl.org/dc/terms/title>
              <http://purl.org/dc/terms/description> <{ns}contentSpec> <{ns}legalBasisText> <{ns}channel>
              <{ns}category> <{ns}level> <{ns}legalBasis> <http://purl.org/dc/terms/type> }} }}"""
AGENCIES = """SELECT ?a ?p ?o WHERE {{ ?a a <http://www.w3.org/ns/org#Organization> ; ?p ?o .
  VALUES ?p {{ <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2004/02/skos/core#altLabel>
              <http://purl.org/dc/terms/identifier> <{ns}region> }} }}"""
LAWS = """SELECT ?l ?p ?o WHERE { ?l a <http://data.europa.eu/eli/ontology#LegalResource> ; ?p ?o .
  VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://data.europa.eu/eli/ontology#title>
              <http://purl.org/dc/terms/identifier> <http://data.europa.eu/eli/ontology#number>
              <http://data.europa.eu/eli/ontology#id_local> <http://www.w3.org/2004/02/skos/core#altLabel> } }"""
CONCEPTS = """SELECT ?c ?p ?o WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> ; ?p ?o .
  VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2004/02/skos/core#altLabel>
              <http://www.w3.org/2004/02/skos/core#notation> <http://www.w3.org/2004/02/skos/core#inScheme> } }"""


def _grouped(rows, s: str) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        out[r[s].value][r["p"].value].append(r["o"])
    return out


def _zh(terms: list, default: str = "") -> str:
    """The Chinese (or untagged) literal among terms, else the first literal."""
    lits = [t for t in terms if isinstance(t, ox.Literal)]
    for t in lits:
        if (t.language or "").startswith("zh") or not t.language:
            return t.value
    return lits[0].value if lits else default


def _texts(terms: list) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.Literal)]


class _Writer:
    def __init__(self, db: sqlite3.Connection):
        self.db, self.next_id = db, 1
        self.docs, self.fts, self.fts2, self.facets, self.keys = [], [], [], [], []

    def add(self, kind: str, iri: str, title: str, body: str, catalogue: str = "", agency: str = "",
            aliases: list[str] = (), keys: list[str] = (), facets: list[tuple[str, str]] = ()) -> None:
        i = self.next_id
        self.next_id += 1
        nt, nb, na = normalise(title), normalise(body), normalise(" ".join(aliases))
        self.docs.append((i, kind, iri, title, nt, body[:2000], catalogue, agency))
        self.fts.append((i, nt, nb, na))
        self.fts2.append((i, bigram_tokens(nt), bigram_tokens(nb), bigram_tokens(na)))
        self.facets.extend((i, f, v) for f, v in {("kind", kind), *facets} if v)
        self.keys.extend((normalise(k), i) for k in {*keys} if k and normalise(k))
        if len(self.docs) >= 5000:
            self.flush()

    def flush(self) -> None:
        db = self.db
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", self.docs)
        db.executemany("INSERT INTO fts(rowid, title, body, aliases) VALUES (?,?,?,?)", self.fts)
        db.executemany("INSERT INTO fts2(rowid, title, body, aliases) VALUES (?,?,?,?)", self.fts2)
        db.executemany("INSERT INTO facets VALUES (?,?,?)", self.facets)
        db.executemany("INSERT INTO keys VALUES (?,?)", self.keys)
        self.docs, self.fts, self.fts2, self.facets, self.keys = [], [], [], [], []


def build_index(store, path: Path) -> dict:
    """Write the search index of the store's data to `path` (via a temporary file, renamed at the end).
    Returns figures (documents, seconds)."""
    started = time.perf_counter()
    tmp = path.with_name(path.name + f".tmp{os.getpid()}-{threading.get_ident()}")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE docs(id INTEGER PRIMARY KEY, kind TEXT, iri TEXT, title TEXT, ntitle TEXT, body TEXT,
                  catalogue TEXT, agency TEXT);
CREATE TABLE facets(doc INTEGER, facet TEXT, value TEXT);
CREATE TABLE keys(key TEXT, doc INTEGER);
CREATE TABLE labels(iri TEXT PRIMARY KEY, label TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, aliases, content='', tokenize='trigram');
CREATE VIRTUAL TABLE fts2 USING fts5(title, body, aliases, content='', tokenize='unicode61');
""")
    w = _Writer(db)
    labels: dict[str, str] = {}
    ns_rows = store.select(NS_QUERY)
    ns = ns_rows[0]["t"].value[: -len("DisclosureCatalogue")] if ns_rows else None

    agencies = _grouped(store.select(AGENCIES.format(ns=ns or "urn:none#")), "a")
    for a, props in sorted(agencies.items()):
        label = _zh(props[SKOS + "prefLabel"], a.rsplit("/", 1)[-1])
        labels[a] = label
        alt = _texts(props[SKOS + "altLabel"])
        ident = _texts(props[DCT + "identifier"])
        w.add("agency", a, label, " ".join(_texts(props[(ns or "") + "region"])), agency=a,
              aliases=alt + ident, keys=ident, facets=[("agency", a)])
    laws = _grouped(store.select(LAWS), "l")
    for law, props in sorted(laws.items()):
        label = _zh(props[SKOS + "prefLabel"], law.rsplit("/", 1)[-1])
        labels[law] = label
        idents = _texts(props[DCT + "identifier"]) + _texts(props[ELI + "id_local"]) + _texts(props[ELI + "number"])
        w.add("law", law, label, " ".join(_texts(props[ELI + "title"])), aliases=idents + _texts(props[SKOS + "altLabel"]),
              keys=idents + _texts(props[ELI + "title"]), facets=[("law", law)])
    catalogues = _grouped(store.select(CATALOGUES.format(ns=ns)), "c") if ns else {}
    category_schemes = {t.value: c for c, props in catalogues.items() for t in props[DCAT + "themeTaxonomy"]}
    concepts = _grouped(store.select(CONCEPTS), "c")
    for c, props in sorted(concepts.items()):
        label = _zh(props[SKOS + "prefLabel"], c.rsplit("/", 1)[-1])
        labels[c] = label
        en = [t.value for t in props[SKOS + "prefLabel"] if isinstance(t, ox.Literal) and t.language == "en"]
        notation = _texts(props[SKOS + "notation"])
        catalogue = next((category_schemes[t.value] for t in props[SKOS + "inScheme"] if t.value in category_schemes), "")
        agency = next((t.value for t in catalogues[catalogue][DCT + "publisher"]), "") if catalogue else ""
        w.add("category" if catalogue else "concept", c, label, " ".join(en), catalogue=catalogue, agency=agency,
              aliases=_texts(props[SKOS + "altLabel"]) + notation, keys=notation,
              facets=[("agency", agency)] if agency else [])
    for c, props in sorted(catalogues.items()):
        title = _zh(props[DCT + "title"], c.rsplit("/", 1)[-1])
        labels[c] = title
        agency = next((t.value for t in props[DCT + "publisher"] if isinstance(t, ox.NamedNode)), "")
        ident = _texts(props[DCT + "identifier"])
        w.add("catalogue", c, title, " ".join(_texts(props[DCT + "description"])), catalogue=c, agency=agency,
              aliases=ident, keys=ident, facets=[("agency", agency)])
    item_type = (ns or "") + "DisclosureItem"
    for c, props in sorted(catalogues.items()):
        agency = next((t.value for t in props[DCT + "publisher"] if isinstance(t, ox.NamedNode)), "")
        items = _grouped(store.select(ITEMS_OF.format(ns=ns), {"c": ox.NamedNode(c)}), "i")
        for i, p in sorted(items.items()):
            if not any(t.value == item_type for t in p[RDF + "type"]):
                continue
            title = _zh(p[DCT + "title"], i.rsplit("/", 1)[-1])
            body = " ".join(_texts(p[DCT + "description"]) + _texts(p[ns + "contentSpec"]))
            facets = [("agency", agency), ("catalogue", c)]
            facets += [("category", labels.get(t.value) or _label_of(t.value)) for t in p[ns + "category"]]
            for name, prop in (("channel", ns + "channel"), ("level", ns + "level"), ("law", ns + "legalBasis"),
                               ("type", DCT + "type")):
                facets += [(name, t.value) for t in p[prop] if isinstance(t, ox.NamedNode)]
            w.add("item", i, title, body, catalogue=c, agency=agency, aliases=_texts(p[ns + "legalBasisText"]),
                  facets=facets)
    w.flush()
    db.executemany("INSERT OR REPLACE INTO labels VALUES (?,?)", labels.items())
    db.executescript("""
CREATE INDEX facets_fv ON facets(facet, value, doc);
CREATE INDEX facets_doc ON facets(doc);
CREATE INDEX keys_k ON keys(key);
INSERT INTO fts(fts) VALUES('optimize');
INSERT INTO fts2(fts2) VALUES('optimize');
""")
    docs = w.next_id - 1
    seconds = time.perf_counter() - started
    db.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA_VERSION), ("docs", str(docs)),
                                                     ("seconds", f"{seconds:.3f}"), ("version", store.version)])
    db.commit()
    db.close()
    os.replace(tmp, path)
    return {"docs": docs, "seconds": seconds}


def _label_of(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# -- querying ----------------------------------------------------------------------------------------

@dataclass
class Hit:
    kind: str
    iri: str
    title: str
    body: str
    catalogue: str
    agency: str
    score: int


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    label_en: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class Result:
    query: str
    words: list[list[str]]        # each word of the query with its synonyms
    total: int
    capped: bool                  # total is at least COUNT_CAP
    hits: list[Hit]
    facets: list[Facet]
    filters: dict[str, list[str]]

    def labels_needed(self) -> set[str]:
        return {h.catalogue for h in self.hits} | {h.agency for h in self.hits}


class SearchIndex:
    """A built index file, opened read-only; one SQLite connection per thread."""

    def __init__(self, path: Path, synonyms: list[list[str]] | None = None, cache: int = 1024):
        self.path = Path(path)
        self.synonyms = load_synonyms() if synonyms is None else synonyms
        self._local = threading.local()
        self._cache: OrderedDict = OrderedDict()
        self._cache_max = cache
        self._lock = threading.Lock()
        db = self._db()
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"{path}: search index schema {meta.get('schema')}, expected {SCHEMA_VERSION}")
        self.docs = int(meta.get("docs", 0))
        self.build_seconds = float(meta.get("seconds", 0))

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def label(self, iri: str) -> str:
        row = self._db().execute("SELECT label FROM labels WHERE iri = ?", (iri,)).fetchone()
        return row[0] if row else _label_of(iri)

    def labels(self, iris) -> dict[str, str]:
        iris = [i for i in set(iris) if i]
        if not iris:
            return {}
        rows = self._db().execute("SELECT iri, label FROM labels WHERE iri IN (SELECT value FROM json_each(?))",
                                  (json.dumps(iris),)).fetchall()
        out = dict(rows)
        return {i: out.get(i) or _label_of(i) for i in iris}

    def words(self, q: str) -> list[list[str]]:
        out = []
        for raw in q.split():
            w = normalise(raw)
            if w:
                out.append(expand(w, self.synonyms))
        return out

    @staticmethod
    def _key(q, filters, offset, limit):
        filters = {k: sorted(set(v)) for k, v in (filters or {}).items() if k in FACET_NAMES and v}
        return filters, (q, tuple(sorted((k, tuple(v)) for k, v in filters.items())), offset, limit)

    def cached(self, q: str, filters: dict[str, list[str]] | None = None, offset: int = 0,
               limit: int = 20) -> Result | None:
        """The result of an identical search on this index, if one is kept (no SQL: the event loop may
        call this directly)."""
        _, key = self._key(q, filters, offset, limit)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    def search(self, q: str, filters: dict[str, list[str]] | None = None, offset: int = 0, limit: int = 20) -> Result:
        hit = self.cached(q, filters, offset, limit)
        if hit is not None:
            return hit
        filters, key = self._key(q, filters, offset, limit)
        result = self._search(q, filters, offset, limit)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > self._cache_max:
                self._cache.popitem(last=False)
        return result

    def memo(self, key, make):
        """A value derived from a search (a rendered answer), kept with the search results of this index."""
        key = ("memo", key)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        value = make()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_max:
                self._cache.popitem(last=False)
        return value

    def _match_sql(self, words: list[list[str]]) -> tuple[str, list]:
        """SQL selecting the ids of documents matching every word (each: any of its alternatives)."""
        parts, params = [], []
        for alts in words:
            long_ = [a for a in alts if len(a) >= 3]
            short = []
            for a in alts:
                if len(a) < 3:
                    a = "".join(_ALNUM_RUN.findall(a))
                    if a:
                        short.append(_phrase(a) + ("*" if len(a) == 1 else ""))
            sub = []
            if long_:
                sub.append("SELECT rowid AS id FROM fts WHERE fts MATCH ?")
                params.append(" OR ".join(_phrase(a) for a in long_))
            if short:
                sub.append("SELECT rowid AS id FROM fts2 WHERE fts2 MATCH ?")
                params.append(" OR ".join(short))
            if sub:
                parts.append(" UNION ".join(sub))
        if not parts:
            return "", []
        return " INTERSECT ".join(f"SELECT * FROM ({p})" for p in parts), params

    def _search(self, q: str, filters: dict[str, list[str]], offset: int, limit: int) -> Result:
        db = self._db()
        words = self.words(q)
        match, params = self._match_sql(words)
        if not match and not filters:
            return Result(q, words, 0, False, [], [], filters)
        where, wparams = [], []
        for name, values in filters.items():
            where.append("id IN (SELECT doc FROM facets WHERE facet = ? AND value IN (SELECT value FROM json_each(?)))")
            wparams += [name, json.dumps(values)]
        source = f"SELECT id FROM ({match})" if match else "SELECT id FROM docs"
        cand_sql = f"SELECT id FROM ({source}) {'WHERE ' + ' AND '.join(where) if where else ''}"
        total = db.execute(f"SELECT count(*) FROM ({cand_sql} LIMIT {COUNT_CAP})", params + wparams).fetchone()[0]
        ids = [r[0] for r in db.execute(f"{cand_sql} ORDER BY id LIMIT {CANDIDATES}", params + wparams)]
        if not ids:
            return Result(q, words, 0, False, [], self._facets(db, [], filters), filters)
        whole = words[0] if len(words) == 1 else [normalise(q)]
        contains = " AND ".join("(" + " OR ".join("instr(ntitle, ?) > 0" for _ in alts) + ")" for alts in words) or "0"
        contains_params = [a for alts in words for a in alts]
        score_sql = f"""
SELECT d.id, d.kind, d.iri, d.title, d.body, d.catalogue, d.agency,
  (CASE WHEN EXISTS(SELECT 1 FROM keys k WHERE k.doc = d.id AND k.key IN (SELECT value FROM json_each(?)))
        THEN 1000 ELSE 0 END)
  + (CASE WHEN d.ntitle IN (SELECT value FROM json_each(?)) THEN 500 ELSE 0 END)
  + (CASE WHEN {contains} THEN 200 ELSE 0 END)
  + (CASE d.kind WHEN 'agency' THEN 40 WHEN 'law' THEN 30 WHEN 'concept' THEN 20 WHEN 'catalogue' THEN 10 WHEN 'item' THEN 5 ELSE 0 END)
  AS score
FROM docs d WHERE d.id IN (SELECT value FROM json_each(?))
ORDER BY score DESC, length(d.ntitle), d.ntitle, d.id LIMIT ? OFFSET ?"""
        rows = db.execute(score_sql, [json.dumps(whole), json.dumps(whole), *contains_params, json.dumps(ids),
                                      limit, offset]).fetchall()
        hits = [Hit(kind, iri, title, body, cat or "", agency or "", score)
                for _, kind, iri, title, body, cat, agency, score in rows]
        return Result(q, words, total, total >= COUNT_CAP, hits, self._facets(db, ids, filters), filters)

    def _facets(self, db, ids: list[int], filters: dict[str, list[str]]) -> list[Facet]:
        counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
        if ids:
            for name, value, n in db.execute(
                    "SELECT facet, value, count(*) FROM facets WHERE doc IN (SELECT value FROM json_each(?)) "
                    "AND facet != 'catalogue' GROUP BY facet, value ORDER BY facet, count(*) DESC, value",
                    (json.dumps(ids),)):
                counts[name].append((value, n))
        chosen_all = {v for vals in filters.values() for v in vals}
        for name in counts:   # the most frequent values, and the chosen ones
            counts[name] = [(v, n) for i, (v, n) in enumerate(counts[name]) if i < FACET_VALUES or v in chosen_all]
        iris = [v for name, vals in counts.items() if name not in ("category", "kind") for v, _ in vals]
        iris += [v for name, vals in filters.items() if name not in ("category", "kind") for v in vals]
        labels = self.labels(iris)
        out = []
        for name, zh, en in FACETS:
            chosen = set(filters.get(name, ()))
            values = []
            for v, n in counts.get(name, []):
                values.append(FacetValue(v, self._value_label(name, v, labels), n, v in chosen))
            for v in chosen - {fv.value for fv in values}:   # a chosen value that no longer matches
                values.insert(0, FacetValue(v, self._value_label(name, v, labels), 0, True))
            if values:
                out.append(Facet(name, zh, en, values))
        return out

    @staticmethod
    def _value_label(name: str, v: str, labels: dict[str, str]) -> str:
        if name == "kind":
            return f"{KINDS[v][0]} {KINDS[v][1]}" if v in KINDS else v
        if name == "category":
            return v
        return labels.get(v) or _label_of(v)


# -- the server's handle: built lazily, cached on disk keyed by the build ---------------------------

class SearchService:
    """The search index of the store's current build: opened from the disk cache, or built in a
    background thread the first time a search needs it (not at server start: a server nobody searches
    spends nothing on it); a new build (a new `store.version`) is noticed by the next search."""

    def __init__(self, store, folder: Path):
        self.store = store
        self.folder = Path(folder)
        self._index: SearchIndex | None = None      # the newest index built or opened
        self._index_version: str | None = None
        self._building: str | None = None           # the version a thread is building
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self.error: str | None = None
        self._failed: tuple[str, float] | None = None

    def path_for(self, version: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", version or "unversioned")
        return self.folder / f"{safe}.sqlite"

    def start(self) -> None:
        """Open or build the index of the store's current version, in a background thread."""
        with self._lock:
            version = self.store.version
            if self._index_version == version or self._building == version:
                return
            if self._failed and self._failed[0] == version and time.monotonic() - self._failed[1] < 60:
                return   # a failed build is tried again after a minute, not on every request
            self._building, self.error = version, None
            self._ready = threading.Event()
            threading.Thread(target=self._load, args=(version, self._ready), name="zwgk-search-index",
                             daemon=True).start()

    def _load(self, version: str, ready: threading.Event) -> None:
        try:
            path = self.path_for(version)
            index = None
            if path.exists():
                try:
                    index = SearchIndex(path)
                except (sqlite3.Error, ValueError) as e:
                    log.warning("search index %s unreadable (%s); rebuilding", path, e)
                    path.unlink(missing_ok=True)
            if index is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                figures = build_index(self.store, path)
                log.info("search index: %d documents in %.1f s -> %s", figures["docs"], figures["seconds"], path)
                index = SearchIndex(path)
            with self._lock:
                if self._building == version:
                    self._index, self._index_version, self._building = index, version, None
            self._remove_others(path)
        except Exception as e:  # noqa: BLE001 - shown on the search page and in the JSON, not a crash
            log.exception("search index could not be built")
            with self._lock:
                self.error = f"{type(e).__name__}: {e}"
                self._failed = (version, time.monotonic())
                if self._building == version:
                    self._building = None
        finally:
            ready.set()

    def _remove_others(self, keep: Path) -> None:
        for p in self.folder.glob("*.sqlite*"):
            if p == keep or p.name.startswith(keep.name):
                continue
            if ".tmp" in p.name and time.time() - p.stat().st_mtime < 3600:
                continue   # another server may be building it
            if True:
                try:
                    p.unlink()
                except OSError:
                    pass

    def get(self, timeout: float | None = None) -> SearchIndex | None:
        """The index of the current build, waiting up to `timeout` seconds for it to be built (None: until
        done). While a new build's index is being built, the previous build's index answers."""
        self.start()
        if self._index is not None:
            return self._index
        self._ready.wait(timeout)
        return self._index

    def close(self) -> None:
        pass


def folder_for(settings) -> Path:
    """Where the index files live: ZWGK_SEARCH_DIR, else `{store}.search` next to an embedded store,
    else var/search (a remote store)."""
    env = os.environ.get("ZWGK_SEARCH_DIR")
    if env:
        return Path(env)
    store = str(settings.store)
    if store.startswith(("http://", "https://")):
        return Path("var") / "search"
    p = Path(store)
    return p.with_name(p.name + ".search")


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
