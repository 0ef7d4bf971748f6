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
tokenizer (a phrase: exact substrings). Shorter words - most Chinese words are two characters (医保, 巨野,
年报) - cannot use a trigram index, so the index also keeps postings of every character and character
bigram (a sorted array of document numbers per token, one row each): a one- or two-character word is
one lookup. Synonyms (server/synonyms.tsv, kept as data) expand a word into alternatives (医保 = 医疗保障),
also inside longer words (医保局 → 医疗保障局).

Sets, not rows: the documents a word matches come back from SQLite as one array (group_concat, or a
postings blob) and are intersected, filtered and counted with numpy; pulling them row by row cost
20 ms for a common word (公开: 29,000 rows) where the array costs 1-6 ms. The (document, facet value)
pairs are held in memory (CSR arrays, 8 bytes a pair, both ways), so facet counts over every match - not
over a sample - take one gather and one bincount. Recent words' arrays are kept (`postings_cache`).

Ranking: an exact identifier (law number 711 or 国务院令第711号, code-list notation, agency or catalogue
id) first, then a title equal to the query, then titles that contain every word, then the rest. Inside a
tier, documents come in the order the build numbered them: agencies, laws, concepts, catalogues, items,
categories; shorter titles first; then by title. So ranking needs no sort at query time: a tier is a
sorted array. Totals and facet counts are exact.
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
from contextlib import contextmanager
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

log = logging.getLogger("zwgk.search")

SCHEMA_VERSION = "4"
FACET_VALUES = 20     # values shown per facet (the most frequent; a chosen value always)
LABELS_KEPT = 200_000  # labels of IRIs kept by an index (SearchIndex.labels)
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
#
# The store is read with one query per predicate (`?s <p> ?o`), not per resource: on the on-disk store a
# per-resource lookup costs ~0.7 ms (every term of every quad is a point lookup into RocksDB), so the 31,000
# items of 1,000 catalogues took 25 s that way; a predicate scan streams from one index. The documents are
# staged in a side database, then numbered in rank order (see SearchIndex._order) by SQLite's own sort, so
# memory holds the texts of the index (not the store) while it is built.

ORG = "http://www.w3.org/ns/org#"
KIND_WEIGHT = {"agency": 40, "law": 30, "concept": 20, "catalogue": 10, "item": 5, "category": 0}
POSTINGS_PASSES_PER = 1_000_000   # documents per pass over the staged texts when writing the postings


NS_QUERY = """SELECT ?t WHERE { ?c a ?t FILTER(STRENDS(STR(?t), "#DisclosureCatalogue")) } LIMIT 1"""


def _zh(terms: list, default: str = "") -> str:
    """The Chinese (or untagged) literal among terms, else the first literal."""
    lits = [t for t in terms if isinstance(t, ox.Literal)]
    for t in lits:
        if (t.language or "").startswith("zh") or not t.language:
            return t.value
    return lits[0].value if lits else default


def _texts(terms: list) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.Literal)]


def _collect(store, predicates: list[str]) -> dict[str, dict[str, list]]:
    """predicate → subject → its objects (each once), from one SELECT per predicate."""
    out: dict[str, dict[str, list]] = {}
    for p in predicates:
        by_s: dict[str, list] = defaultdict(list)
        for r in store.select(f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o }}"):
            s, o = r["s"], r["o"]
            if s is None or o is None or isinstance(s, ox.BlankNode):
                continue
            objs = by_s[s.value]
            if o not in objs:
                objs.append(o)
        out[p] = by_s
    return out


def _instances(store, classes: list[str]) -> dict[str, set[str]]:
    values = " ".join(f"<{c}>" for c in classes)
    out: dict[str, set[str]] = {c: set() for c in classes}
    for r in store.select(f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {values} }} ?s a ?t }}"):
        if isinstance(r["s"], ox.NamedNode):
            out[r["t"].value].add(r["s"].value)
    return out


def tokens(norm: str) -> set[str]:
    """The characters and character bigrams of every run of letters and digits: the postings' tokens, so a
    one- or two-character word is one lookup."""
    out: set[str] = set()
    for run in _ALNUM_RUN.findall(norm):
        out.update(run)
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def _array(ids) -> bytes:
    return array("i", ids).tobytes()


class _Stage:
    """Documents as they are found, in a side database (sid in the order found)."""

    def __init__(self, db: sqlite3.Connection):
        self.db, self.sid = db, 0
        self.docs, self.facets, self.keys = [], [], []

    def add(self, kind: str, iri: str, title: str, body: str, catalogue: str = "", agency: str = "",
            aliases: list[str] = (), keys: list[str] = (), facets: list[tuple[str, str]] = ()) -> None:
        self.sid += 1
        i = self.sid
        nt = normalise(title)
        self.docs.append((i, KIND_WEIGHT[kind], kind, iri, title, nt, body[:2000], catalogue, agency,
                          normalise(body), normalise(" ".join(aliases))))
        self.facets.extend((i, f, v) for f, v in {("kind", kind), *facets} if v)
        self.keys.extend((k, i) for k in {normalise(k) for k in keys if k} if k)
        if len(self.docs) >= 5000:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT INTO st.stage VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.docs)
        self.db.executemany("INSERT INTO st.stage_facets VALUES (?,?,?)", self.facets)
        self.db.executemany("INSERT INTO st.stage_keys VALUES (?,?)", self.keys)
        self.docs, self.facets, self.keys = [], [], []


def build_index(store, path: Path) -> dict:
    """Write the search index of the store's data to `path` (via a temporary file, renamed at the end).
    Returns figures (documents, seconds)."""
    started = time.perf_counter()
    tmp = path.with_name(path.name + f".tmp{os.getpid()}-{threading.get_ident()}")
    stage_file = tmp.with_name(tmp.name + ".stage")
    for f in (tmp, stage_file):
        f.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        docs = _build(store, db, stage_file)
        seconds = time.perf_counter() - started
        db.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA_VERSION), ("docs", str(docs)),
                                                         ("seconds", f"{seconds:.3f}"), ("version", store.version)])
        db.commit()
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        db.close()
        stage_file.unlink(missing_ok=True)
    os.replace(tmp, path)
    return {"docs": docs, "seconds": seconds}


def _build(store, db: sqlite3.Connection, stage_file: Path) -> int:
    db.executescript(f"""
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
ATTACH DATABASE '{str(stage_file).replace("'", "''")}' AS st;
PRAGMA st.journal_mode=OFF; PRAGMA st.synchronous=OFF;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE docs(id INTEGER PRIMARY KEY, kind TEXT, iri TEXT, title TEXT, ntitle TEXT, body TEXT,
                  catalogue TEXT, agency TEXT);
CREATE TABLE keys(key TEXT, doc INTEGER);
CREATE TABLE labels(iri TEXT PRIMARY KEY, label TEXT);
CREATE TABLE facet_values(id INTEGER PRIMARY KEY, facet TEXT, value TEXT);
CREATE TABLE arrays(name TEXT PRIMARY KEY, data BLOB);
CREATE TABLE postings(token TEXT PRIMARY KEY, ids BLOB, title_ids BLOB) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(title, body, aliases, content='', tokenize='trigram');
CREATE TABLE st.stage(sid INTEGER PRIMARY KEY, kindw INTEGER, kind TEXT, iri TEXT, title TEXT, ntitle TEXT,
                      body TEXT, catalogue TEXT, agency TEXT, nbody TEXT, naliases TEXT);
CREATE TABLE st.stage_facets(sid INTEGER, facet TEXT, value TEXT);
CREATE TABLE st.stage_keys(key TEXT, sid INTEGER);
""")
    w = _Stage(db)
    labels: dict[str, str] = {}
    ns_rows = store.select(NS_QUERY)
    ns = ns_rows[0]["t"].value[: -len("DisclosureCatalogue")] if ns_rows else "urn:none#"
    classes = [ORG + "Organization", ELI + "LegalResource", SKOS + "Concept", ns + "DisclosureCatalogue",
               ns + "DisclosureItem"]
    of = _instances(store, classes)
    P = _collect(store, [SKOS + "prefLabel", SKOS + "altLabel", SKOS + "notation", SKOS + "inScheme",
                         DCT + "identifier", DCT + "title", DCT + "description", DCT + "publisher", DCT + "isPartOf",
                         DCT + "type", DCAT + "themeTaxonomy", ELI + "title", ELI + "id_local", ELI + "number",
                         ns + "region", ns + "contentSpec", ns + "legalBasisText", ns + "channel", ns + "category",
                         ns + "level", ns + "legalBasis"])

    def get(s: str, p: str) -> list:
        return P[p].get(s, [])

    for a in sorted(of[ORG + "Organization"]):
        label = _zh(get(a, SKOS + "prefLabel"), a.rsplit("/", 1)[-1])
        labels[a] = label
        ident = _texts(get(a, DCT + "identifier"))
        w.add("agency", a, label, " ".join(_texts(get(a, ns + "region"))), agency=a,
              aliases=_texts(get(a, SKOS + "altLabel")) + ident, keys=ident, facets=[("agency", a)])
    for law in sorted(of[ELI + "LegalResource"]):
        label = _zh(get(law, SKOS + "prefLabel"), law.rsplit("/", 1)[-1])
        labels[law] = label
        idents = _texts(get(law, DCT + "identifier")) + _texts(get(law, ELI + "id_local")) + \
            _texts(get(law, ELI + "number"))
        title = _texts(get(law, ELI + "title"))
        w.add("law", law, label, " ".join(title), aliases=idents + _texts(get(law, SKOS + "altLabel")),
              keys=idents + title, facets=[("law", law)])
    catalogues = sorted(of[ns + "DisclosureCatalogue"])
    publisher = {c: next((t.value for t in get(c, DCT + "publisher") if isinstance(t, ox.NamedNode)), "")
                 for c in catalogues}
    category_schemes = {t.value: c for c in catalogues for t in get(c, DCAT + "themeTaxonomy")}
    for c in sorted(of[SKOS + "Concept"]):
        label = _zh(get(c, SKOS + "prefLabel"), c.rsplit("/", 1)[-1])
        labels[c] = label
        en = [t.value for t in get(c, SKOS + "prefLabel") if isinstance(t, ox.Literal) and t.language == "en"]
        notation = _texts(get(c, SKOS + "notation"))
        catalogue = next((category_schemes[t.value] for t in get(c, SKOS + "inScheme")
                          if t.value in category_schemes), "")
        agency = publisher.get(catalogue, "")
        w.add("category" if catalogue else "concept", c, label, " ".join(en), catalogue=catalogue, agency=agency,
              aliases=_texts(get(c, SKOS + "altLabel")) + notation, keys=notation,
              facets=[("agency", agency)] if agency else [])
    for c in catalogues:
        title = _zh(get(c, DCT + "title"), c.rsplit("/", 1)[-1])
        labels[c] = title
        ident = _texts(get(c, DCT + "identifier"))
        w.add("catalogue", c, title, " ".join(_texts(get(c, DCT + "description"))), catalogue=c,
              agency=publisher[c], aliases=ident, keys=ident, facets=[("agency", publisher[c])])
    known = set(catalogues)
    items = sorted((c.value, i) for i in of[ns + "DisclosureItem"] for c in get(i, DCT + "isPartOf")
                   if c.value in known)
    for c, i in items:
        agency = publisher[c]
        title = _zh(get(i, DCT + "title"), i.rsplit("/", 1)[-1])
        body = " ".join(_texts(get(i, DCT + "description")) + _texts(get(i, ns + "contentSpec")))
        facets = [("agency", agency)]
        facets += [("category", labels.get(t.value) or _label_of(t.value)) for t in get(i, ns + "category")]
        for name, prop in (("channel", ns + "channel"), ("level", ns + "level"), ("law", ns + "legalBasis"),
                           ("type", DCT + "type")):
            facets += [(name, t.value) for t in get(i, prop) if isinstance(t, ox.NamedNode)]
        w.add("item", i, title, body, catalogue=c, agency=agency, aliases=_texts(get(i, ns + "legalBasisText")),
              facets=facets)
    w.flush()
    del P
    db.executemany("INSERT OR REPLACE INTO labels VALUES (?,?)", labels.items())
    return _number_and_index(db, w.sid)


def _number_and_index(db: sqlite3.Connection, n: int) -> int:
    """Number the staged documents in rank order and write the tables a search reads."""
    db.executescript("""
CREATE TABLE st.ord(sid INTEGER PRIMARY KEY, id INTEGER);
INSERT INTO st.ord SELECT sid, row_number() OVER (ORDER BY kindw DESC, length(ntitle), ntitle, sid) FROM st.stage;
INSERT INTO docs SELECT o.id, s.kind, s.iri, s.title, s.ntitle, s.body, s.catalogue, s.agency
  FROM st.stage s JOIN st.ord o USING (sid) ORDER BY o.id;
INSERT INTO fts(rowid, title, body, aliases) SELECT o.id, s.ntitle, s.nbody, s.naliases
  FROM st.stage s JOIN st.ord o USING (sid) ORDER BY o.id;
INSERT INTO keys SELECT k.key, o.id FROM st.stage_keys k JOIN st.ord o USING (sid);
INSERT INTO facet_values(facet, value) SELECT DISTINCT facet, value FROM st.stage_facets ORDER BY facet, value;
CREATE INDEX docs_ntitle ON docs(ntitle);
CREATE INDEX keys_k ON keys(key);
""")
    # facet (doc, value) pairs, by document and by value: what counting and filtering read
    pairs = db.execute("""SELECT DISTINCT o.id, v.id FROM st.stage_facets f JOIN st.ord o USING (sid)
                          JOIN facet_values v ON v.facet = f.facet AND v.value = f.value ORDER BY o.id, v.id""").fetchall()
    nvals = db.execute("SELECT count(*) FROM facet_values").fetchone()[0]
    pair_doc, pair_val = array("i", (d for d, _ in pairs)), array("i", (v for _, v in pairs))
    by_value = sorted(range(len(pairs)), key=lambda k: (pair_val[k], pair_doc[k]))
    del pairs
    arrays = {"pair_doc": pair_doc, "pair_val": pair_val,
              "doc_ptr": _offsets(pair_doc, n + 1), "val_docs": array("i", (pair_doc[k] for k in by_value)),
              "val_ptr": _offsets(array("i", (pair_val[k] for k in by_value)), nvals + 1)}
    db.executemany("INSERT INTO arrays VALUES (?,?)", [(k, v.tobytes()) for k, v in arrays.items()])
    del arrays, by_value, pair_doc, pair_val
    # postings of one- and two-character tokens, in passes over the texts so that memory stays bounded
    passes = max(1, -(-n // POSTINGS_PASSES_PER))
    for part in range(passes):
        every: dict[str, array] = defaultdict(lambda: array("i"))
        titles: dict[str, array] = defaultdict(lambda: array("i"))
        for i, nt, nb, na in db.execute("SELECT o.id, s.ntitle, s.nbody, s.naliases FROM st.stage s "
                                        "JOIN st.ord o USING (sid) ORDER BY o.id"):
            tt = tokens(nt)
            for tok in tt | tokens(nb) | tokens(na):
                if passes == 1 or hash(tok) % passes == part:
                    every[tok].append(i)
            for tok in tt:
                if passes == 1 or hash(tok) % passes == part:
                    titles[tok].append(i)
        db.executemany("INSERT INTO postings VALUES (?,?,?)",
                       ((tok, ids.tobytes(), titles[tok].tobytes() if tok in titles else b"")
                        for tok, ids in every.items()))
        del every, titles
    db.executescript("INSERT INTO fts(fts) VALUES('optimize'); DETACH DATABASE st;")
    return n


def _offsets(sorted_keys: array, size: int) -> array:
    """ptr[k] = the first position of key k in sorted_keys (ptr[size] = its length): CSR offsets."""
    ptr = array("i", [0]) * (size + 1)
    for k in sorted_keys:
        ptr[k + 1] += 1
    for k in range(1, size + 1):
        ptr[k] += ptr[k - 1]
    return ptr


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
    capped: bool                  # kept for the JSON's totalIsLowerBound: totals are exact, so always False
    hits: list[Hit]
    facets: list[Facet]
    filters: dict[str, list[str]]

    def labels_needed(self) -> set[str]:
        return {h.catalogue for h in self.hits} | {h.agency for h in self.hits}


class _Numpy:
    """numpy, imported when a search first needs it rather than when the server starts (~0.15 s of a
    start of ~1.5 s: the server answers before its search index is even built)."""

    def __getattr__(self, name: str):
        import numpy
        globals()["np"] = numpy
        return getattr(numpy, name)


np = _Numpy()
_EMPTY: list = []


def _empty():
    """An empty int32 array (one, made the first time)."""
    if not _EMPTY:
        _EMPTY.append(np.zeros(0, dtype=np.int32))
    return _EMPTY[0]


def _union(arrays: list[np.ndarray], n: int = 0) -> np.ndarray:
    """The sorted union of sorted arrays of document numbers (n: the number of documents)."""
    arrays = [a for a in arrays if len(a)]
    if not arrays:
        return _empty()
    if len(arrays) == 1:
        return arrays[0]
    if n and sum(map(len, arrays)) * 16 > n:   # large: a mask over the documents
        mask = np.zeros(n + 1, dtype=bool)
        for a in arrays:
            mask[a] = True
        return np.flatnonzero(mask).astype(np.int32)
    c = np.sort(np.concatenate(arrays))
    return c[np.concatenate(([True], c[1:] != c[:-1]))]


def _intersect(arrays: list[np.ndarray]) -> np.ndarray:
    """The sorted intersection of sorted arrays of document numbers: the smallest first, each element of what is
    left looked up in the next array by binary search (len(small) * log(len(large)); np.intersect1d sorts both
    arrays together, a cost of the large one's size: a rare word and a common one came to 7 % of a search)."""
    arrays = sorted(arrays, key=len)
    out = arrays[0]
    for a in arrays[1:]:
        if not len(out):
            break
        out = out[_member(out, a)]
    return out


def _member(a: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """For each element of `a`, whether it is in `sorted_set` (sorted, unique): a binary search each."""
    if not len(sorted_set) or not len(a):
        return np.zeros(len(a), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_set, a), len(sorted_set) - 1)
    return sorted_set[pos] == a


def _among(a: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    return a[_member(a, sorted_set)]


def _has(sorted_set: np.ndarray, x: int) -> bool:
    i = int(np.searchsorted(sorted_set, x))
    return i < len(sorted_set) and int(sorted_set[i]) == x


class _SizedLRU:
    """Most recently used values, bounded by the number of document numbers they hold (thread-safe)."""

    def __init__(self, capacity: int):
        self.capacity, self.size = capacity, 0
        self._d: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._d.get(key)
            if found is not None:
                self._d.move_to_end(key)
            return found

    def put(self, key, value, size: int) -> None:
        if size > self.capacity // 4:          # one value may not push out most of the others
            return
        with self._lock:
            if key in self._d:
                return
            self._d[key] = (value, size)
            self.size += size
            while self.size > self.capacity:
                _, (_, n) = self._d.popitem(last=False)
                self.size -= n


@dataclass
class _Matches:
    """What a query and its filters match, page-independent: kept so that the next page is a slice."""
    words: list[list[str]]
    tiers: list[np.ndarray]
    scored: list[tuple[np.ndarray, int]]     # (documents, points): identifier 1000, title 500, in title 200
    total: int
    facets: list


class SearchIndex:
    """A built index file, opened read-only; one SQLite connection per thread. The facet pairs (a few
    bytes per document and facet value) are held in memory as arrays. Three caches, each bounded: the
    answers (`cache` entries), the documents of recent words (`postings_cache` document numbers) and of
    recent queries, ranked, with their facet counts (`match_cache`: the next page is a slice)."""

    def __init__(self, path: Path, synonyms: list[list[str]] | None = None, cache: int = 1024,
                 postings_cache: int = 8_000_000, match_cache: int = 8_000_000):
        self.path = Path(path)
        self.synonyms = load_synonyms() if synonyms is None else synonyms
        self._local = threading.local()
        self._cache: OrderedDict = OrderedDict()
        self._cache_max = cache
        self._lock = threading.Lock()
        self._postings = _SizedLRU(postings_cache)    # a word's documents
        self._matches = _SizedLRU(match_cache)        # a query's documents, ranked, and its facets
        db = self._db()
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"{path}: search index schema {meta.get('schema')}, expected {SCHEMA_VERSION}")
        self.docs = int(meta.get("docs", 0))
        self.build_seconds = float(meta.get("seconds", 0))
        arrays = {name: np.frombuffer(data, dtype=np.int32) for name, data in db.execute("SELECT name, data FROM arrays")}
        self.pair_doc, self.pair_val, self.doc_ptr = arrays["pair_doc"], arrays["pair_val"], arrays["doc_ptr"]
        self.val_docs, self.val_ptr = arrays["val_docs"], arrays["val_ptr"]
        self.values: list[tuple[str, str]] = [("", "")]      # value id → (facet, value); ids from 1
        self.values += db.execute("SELECT facet, value FROM facet_values ORDER BY id").fetchall()
        self.value_id = {fv: i for i, fv in enumerate(self.values) if i}
        facet_names = sorted({f for f, _ in self.values[1:]})
        self._facet_index = {f: k for k, f in enumerate(facet_names)}
        self.facet_of = np.array([-1] + [self._facet_index[f] for f, _ in self.values[1:]], dtype=np.int32)
        self._value_labels: dict[int, str] = {}           # value id → label shown (`value_labels`)
        self._labels: dict[str, str] = {}                 # IRI → label (`labels`)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def label(self, iri: str) -> str:
        row = self._db().execute("SELECT label FROM labels WHERE iri = ?", (iri,)).fetchone()
        return row[0] if row else _label_of(iri)

    def labels(self, iris, keep: bool = True) -> dict[str, str]:
        """The labels of IRIs (their last segment when the index has none), kept once looked up (`keep`): the
        hits' catalogues and agencies come back search after search. At most LABELS_KEPT are kept; IRIs that
        come from a request (a chosen facet value the index does not have) are looked up with keep=False."""
        known = self._labels if keep else {}
        got, missing = {}, []
        for i in set(iris):
            if i:
                label = known.get(i)
                if label is None:
                    missing.append(i)
                else:
                    got[i] = label
        if missing:
            rows = self._db().execute("SELECT iri, label FROM labels WHERE iri IN (SELECT value FROM json_each(?))",
                                      (json.dumps(missing),)).fetchall()
            out = dict(rows)
            if len(known) + len(missing) > LABELS_KEPT:
                known.clear()
            for i in missing:
                got[i] = known[i] = out.get(i) or _label_of(i)
        return got

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
        self._keep(key, result)
        return result

    def _keep(self, key, value) -> None:
        if self._cache_max <= 0:
            return
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_max:
                self._cache.popitem(last=False)

    def memo(self, key, make):
        """A value derived from a search (a rendered answer), kept with the search results of this index."""
        key = ("memo", key)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        value = make()
        self._keep(key, value)
        return value

    # matching

    def _ids(self, sql: str, arg: str) -> np.ndarray:
        s = self._db().execute(sql, (arg,)).fetchone()[0]
        return np.fromstring(s, dtype=np.int32, sep=",") if s else _empty()

    def _alternative(self, alt: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents containing `alt` anywhere, and those containing it in their title (sorted ids).
        Three characters or more: the trigram index (a phrase); fewer: the postings of the token."""
        found = self._postings.get(alt)
        if found is not None:
            return found[0]
        if len(alt) >= 3:
            phrase = _phrase(alt)
            sql = "SELECT group_concat(rowid) FROM (SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid)"
            found = (self._ids(sql, phrase), self._ids(sql, "title : " + phrase))
        else:
            token = "".join(_ALNUM_RUN.findall(alt))
            row = self._db().execute("SELECT ids, title_ids FROM postings WHERE token = ?", (token,)).fetchone() \
                if token else None
            found = (np.frombuffer(row[0], dtype=np.int32), np.frombuffer(row[1], dtype=np.int32)) if row \
                else (_empty(), _empty())
        self._postings.put(alt, found, len(found[0]) + len(found[1]))
        return found

    def _facet_docs(self, name: str, values: list[str]) -> np.ndarray:
        ids = [self.value_id.get((name, v)) for v in values]
        return _union([self.val_docs[self.val_ptr[i]:self.val_ptr[i + 1]] for i in ids if i], self.docs)

    def _order(self, q: str, words: list[list[str]], matched: np.ndarray, title_sets: list[np.ndarray]):
        """Rank tiers of the matched documents: an exact identifier, then a title equal to the query, then
        titles containing every word, then the rest; inside a tier, document order, which the build made
        (kind: agencies, laws, concepts, catalogues, items; shorter titles first; then the title)."""
        db = self._db()
        whole = words[0] if len(words) == 1 else [normalise(q)]
        arg = json.dumps(whole)
        keyed = {r[0] for r in db.execute("SELECT doc FROM keys WHERE key IN (SELECT value FROM json_each(?))", (arg,))}
        equal = {r[0] for r in db.execute("SELECT id FROM docs WHERE ntitle IN (SELECT value FROM json_each(?))",
                                          (arg,))}
        keyed = _among(np.array(sorted(keyed), dtype=np.int32), matched)
        equal = _among(np.array(sorted(equal), dtype=np.int32), matched)
        in_title = _intersect([matched, *title_sets]) if title_sets else _empty()
        first = np.union1d(keyed, equal)          # a handful of documents
        # identifiers first, those whose title also equals the query or holds every word before the others
        by_score = sorted(keyed.tolist(), key=lambda d: (-500 * _has(equal, d) - 200 * _has(in_title, d), d))
        tiers = [np.array(by_score, dtype=np.int32), equal[~_member(equal, keyed)], in_title[~_member(in_title, first)]]
        rest = matched[~_member(matched, first) & ~_member(matched, in_title)]
        # the tiers in order, and the sets that score (a document in several scores for each)
        return [*tiers, rest], keyed, equal, in_title

    def _match(self, q: str, words: list[list[str]], filters: dict[str, list[str]]) -> _Matches:
        key = (q, tuple(sorted((k, tuple(v)) for k, v in filters.items())))
        found = self._matches.get(key)
        if found is not None:
            return found[0]
        sets, title_sets = [], []
        for alts in words:
            found = [self._alternative(a) for a in alts]
            sets.append(_union([f[0] for f in found], self.docs))
            title_sets.append(_union([f[1] for f in found], self.docs))
        for name, values in filters.items():
            sets.append(self._facet_docs(name, values))
        matched = _intersect(sets) if words else _intersect([np.arange(1, self.docs + 1, dtype=np.int32), *sets])
        if not len(matched):
            m = _Matches(words, [], [], 0, self._facets(_empty(), filters))
        else:
            tiers, keyed, equal, in_title = self._order(q, words, matched, title_sets)
            m = _Matches(words, tiers, [(keyed, 1000), (equal, 500), (in_title, 200)], len(matched),
                         self._facets(matched, filters))
        self._matches.put(key, m, 2 * m.total + 1)
        return m

    def _search(self, q: str, filters: dict[str, list[str]], offset: int, limit: int) -> Result:
        words = self.words(q)
        if not words and not filters:
            return Result(q, words, 0, False, [], [], filters)
        m = self._match(q, words, filters)
        page, skip = [], offset
        for tier in m.tiers:                      # the page's slice of the tiers, one after the other
            if skip >= len(tier):
                skip -= len(tier)
                continue
            page += tier[skip:skip + limit - len(page)].tolist()
            skip = 0
            if len(page) >= limit:
                break
        rows = {r[0]: r for r in self._db().execute(
            "SELECT id, kind, iri, title, body, catalogue, agency FROM docs WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(page),))} if page else {}
        scores = [0] * len(page)
        if page:                                  # each scoring set searched once for the whole page
            at = np.array(page, dtype=np.int32)
            total = np.zeros(len(page), dtype=np.int64)
            for s, points in m.scored:
                total += points * _member(at, s)
            scores = total.tolist()
        hits = []
        for d, score in zip(page, scores):
            _, kind, iri, title, body, cat, agency = rows[d]
            hits.append(Hit(kind, iri, title, body, cat or "", agency or "", score + KIND_WEIGHT.get(kind, 0)))
        return Result(q, words, m.total, False, hits, m.facets, filters)

    def _facets(self, ids: np.ndarray, filters: dict[str, list[str]]) -> list[Facet]:
        counts: dict[str, list[tuple[int, int]]] = {}      # facet → (value id, count), most frequent first
        if len(ids):
            if len(ids) * 8 < self.docs:   # few documents: gather their pairs (CSR), then count per value
                starts, ends = self.doc_ptr[ids], self.doc_ptr[ids + 1]
                lens = ends - starts
                pos = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(int(lens.sum()))
                vals = self.pair_val[pos]
            else:                          # many: one pass over every pair with a mask of the documents
                mask = np.zeros(self.docs + 2, dtype=bool)
                mask[ids] = True
                vals = self.pair_val[mask[self.pair_doc]]
            c = np.bincount(vals, minlength=len(self.values))
            present = np.nonzero(c)[0]
            # one sort for every facet: by facet, most frequent first, then value order; cut into facets
            order = present[np.lexsort((present, -c[present], self.facet_of[present]))]
            bounds = np.searchsorted(self.facet_of[order], np.arange(len(self._facet_index) + 1)).tolist()
            chosen_ids = np.array(sorted({self.value_id[(n, v)] for n, vals in filters.items() for v in vals
                                          if (n, v) in self.value_id}), dtype=np.int64)
            for name, k in self._facet_index.items():
                seg = order[bounds[k]:bounds[k + 1]]
                if not len(seg):
                    continue
                keep = seg[:FACET_VALUES]
                if len(chosen_ids) and len(seg) > FACET_VALUES:   # a chosen value beyond the most frequent
                    rest = seg[FACET_VALUES:]
                    keep = np.concatenate((keep, rest[np.isin(rest, chosen_ids)]))
                counts[name] = list(zip(keep.tolist(), c[keep].tolist()))
        labels = self.value_labels([v for vals in counts.values() for v, _ in vals])
        out = []
        for name, zh, en in FACETS:
            chosen = set(filters.get(name, ()))
            values = [FacetValue(self.values[v][1], labels[v], n, self.values[v][1] in chosen)
                      for v, n in counts.get(name, [])]
            missing = chosen - {fv.value for fv in values}
            if missing:                    # a chosen value that no longer matches (or that the index never had)
                other = self.labels([v for v in missing if name not in ("category", "kind")], keep=False)
                for v in missing:
                    values.insert(0, FacetValue(v, self._value_label(name, v, other), 0, True))
            if values:
                out.append(Facet(name, zh, en, values))
        return out

    def value_labels(self, ids: list[int]) -> dict[int, str]:
        """The labels of facet values (by value id), kept once looked up: the values are a bounded set (agencies,
        categories, channels, levels, laws, item types), shown again and again."""
        known = self._value_labels
        missing = [v for v in ids if v not in known]
        if missing:
            iris = [self.values[v][1] for v in missing if self.values[v][0] not in ("category", "kind")]
            labels = self.labels(iris)
            for v in missing:
                name, value = self.values[v]
                known[v] = self._value_label(name, value, labels)
        return {v: known[v] for v in ids}

    @staticmethod
    def _value_label(name: str, v: str, labels: dict[str, str]) -> str:
        if name == "kind":
            return f"{KINDS[v][0]} {KINDS[v][1]}" if v in KINDS else v
        if name == "category":
            return v
        return labels.get(v) or _label_of(v)


# -- the server's handle: built lazily, cached on disk keyed by the build ---------------------------

@contextmanager
def _building(folder: Path):
    """Held while an index is built in `folder`: the HTTP worker processes of one server (`zwgk serve
    --http-workers`), or servers sharing ZWGK_SEARCH_DIR, build an index once; the others wait, then open it.
    An advisory lock (flock) on `folder/.build.lock`, released by the system should the process die."""
    try:
        import fcntl
    except ImportError:               # not POSIX: each process builds its own (the file is renamed into place)
        yield
        return
    with open(folder / ".build.lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


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
                with _building(self.folder):   # another process of this server may be building it: wait for it
                    if not path.exists():
                        figures = build_index(self.store, path)
                        log.info("search index: %d documents in %.1f s -> %s", figures["docs"], figures["seconds"],
                                 path)
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
