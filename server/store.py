"""The store behind the server: an interface with two implementations, chosen by configuration.

    EmbeddedStore   the on-disk Oxigraph store `zwgk build` writes, served in place (a read-only handle)
    RemoteStore     any SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB …)  — see zwgk.server.remote

Everything above this module (pages, conneg, SPARQL endpoint) talks to a `GraphStore` only, with SPARQL
text plus `bindings` (values substituted safely, never spliced into the query as strings).

The embedded store is never copied into memory: the server, and each query worker, opens the directory
with `pyoxigraph.Store.read_only` (pyoxigraph 0.5 has no secondary handles). Opening takes milliseconds at
any size and the memory is RocksDB's caches, not a second copy of the data. The build never writes into a
published store: it swaps a new directory in (two renames, then removes the old one), so a handle on the old
directory keeps reading the old files, which stay readable while open; `refresh` sees the new directory (a
new inode) and reopens.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from abc import ABC, abstractmethod
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal
#: the labels a resource's description carries for everything it links to
LINK_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")


class StoreUnavailable(Exception):
    pass


def inline_bindings(query: str, bindings: dict[str, Term] | None) -> str:
    """Bind variables of one of OUR canned queries with a VALUES block opening its WHERE pattern.

    The terms are written by pyoxigraph in N-Triples syntax (escaped by the library), so a value can never
    change the query's structure: the safe equivalent of a prepared statement. (pyoxigraph's own
    `substitutions` only accepts projected variables.)
    """
    if not bindings:
        return query
    names = list(bindings)
    values = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(bindings[n]) for n in names) + ") }"
    i = query.index("{")
    return query[: i + 1] + " " + values + " " + query[i + 1:]


class GraphStore(ABC):
    """What the server needs from a store."""

    version: str = ""                 # changes whenever the data changes (ETags)
    modified: datetime = datetime.now(timezone.utc)
    base: str | None = None           # the base the data was built with, when known

    @abstractmethod
    def select(self, query: str, bindings: dict[str, Term] | None = None) -> list[dict[str, Term | None]]:
        """Rows of a SELECT over the union of all graphs."""

    @abstractmethod
    def construct(self, query: str, bindings: dict[str, Term] | None = None) -> list[ox.Triple]:
        """Triples of a CONSTRUCT over the union of all graphs."""

    @abstractmethod
    def describe(self, iris: list[str]) -> list[ox.Triple]:
        """Every triple whose subject is one of `iris` (union of all graphs, no duplicates)."""

    @abstractmethod
    def graph_of(self, iri: str) -> str | None:
        """The named graph that holds the resource's own triples."""

    def label_triples(self, iris: list[str], predicates: tuple[str, ...] | None = None) -> list[ox.Triple]:
        """The triples labelling `iris` (rdfs:label and skos:prefLabel unless `predicates` says otherwise)."""
        preds = set(predicates or LINK_LABELS)
        return [t for t in self.describe(list(iris)) if t.predicate.value in preds] if iris else []

    def refresh(self) -> bool:
        """Pick up a newer build if there is one; True when the data changed."""
        return False

    def close(self) -> None:
        pass


class EmbeddedStore(GraphStore):
    """The Oxigraph store built by `zwgk build`, read in place through a read-only handle."""

    def __init__(self, path: str | Path, dumps: str | Path | None = None):
        self.path = Path(path)
        self.dumps = Path(dumps) if dumps else None
        self.disk: ox.Store | None = None
        self._stamp = None
        self._labels: dict = {}   # (iri, predicates) → label triples, for this build (see label_triples)
        self.load()

    def _manifest(self) -> dict:
        """`base` and `built` of the dump manifest. The manifest lists every dump file (1 MB at 1,000 catalogues,
        10 MB at 10,000: 0.1 s and 1 s of JSON parsing at start); its top-level scalars sit at its two ends, so
        those are read, and the whole file only when they are not found there."""
        path = self.dumps / "manifest.json" if self.dumps else None
        try:
            with open(path, "rb") as f:
                head = f.read(8192)
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 8192))
                tail = f.read()
        except (FileNotFoundError, TypeError):
            return {}
        found = {}
        for key in ("base", "built"):
            for text in (head, tail):
                m = re.search(rb'(?:^|\n)[ ]?"%s": ("(?:[^"\\]|\\.)*")' % key.encode(), text)  # a top-level key
                if m:
                    found[key] = json.loads(m.group(1))
                    break
        if len(found) == 2:
            return found
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _current_stamp(self):
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def load(self) -> None:
        if not self.path.is_dir():
            raise StoreUnavailable(f"no store at {self.path}; run `zwgk build` first")
        stamp = self._current_stamp()
        try:
            disk = ox.Store.read_only(str(self.path))
        except OSError as e:
            raise StoreUnavailable(f"cannot open the store at {self.path}: {e}") from None
        manifest = self._manifest()
        built = manifest.get("built")
        # assigned last and at once: a request running meanwhile (the refresh runs in a thread) sees the old
        # handle or the new one, and a handle stays open while anything still reads through it
        self.base = manifest.get("base")
        self.modified = datetime.fromisoformat(built) if built else \
            datetime.fromtimestamp(os.stat(self.path).st_mtime, timezone.utc)
        self.version = hashlib.sha256(f"{built}|{stamp}".encode()).hexdigest()[:16]
        self.disk, self._stamp, self._labels = disk, stamp, {}

    def refresh(self) -> bool:
        stamp = self._current_stamp()
        if stamp is not None and stamp != self._stamp:
            try:
                self.load()
            except StoreUnavailable:   # caught mid-swap or unreadable: keep serving the last build, look again
                return False
            return True
        return False

    def select(self, query, bindings=None):
        res = self.disk.query(inline_bindings(query, bindings), use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names} for row in res]

    def construct(self, query, bindings=None):
        return list(self.disk.query(inline_bindings(query, bindings), use_default_graph_as_union=True))

    def describe(self, iris):
        out, seen = [], set()
        for iri in iris:
            node = _node(iri)
            if node is None:  # not an IRI (a hostile or mangled URL): nothing is described by it
                continue
            for q in self.disk.quads_for_pattern(node, None, None):
                t = q.triple
                if t not in seen:
                    seen.add(t)
                    out.append(t)
        return out

    LABEL_CACHE = 100_000   # IRIs whose label triples are kept; then the cache starts again

    def label_triples(self, iris, predicates=None):
        """The label triples of `iris` (rdfs:label, skos:prefLabel): one index lookup per IRI and predicate,
        never the resources' other triples (a catalogue links to thousands of items). Kept per IRI for the
        build: the concepts, legal bases, agencies and catalogues items link to are shared by thousands of
        items, and an on-disk lookup costs tens of µs even when it finds nothing."""
        predicates = tuple(predicates or LINK_LABELS)
        cache, disk = self._labels, self.disk
        if len(cache) > self.LABEL_CACHE:
            cache.clear()
        out: list[ox.Triple] = []
        for iri in iris:
            key = (iri, predicates)
            found = cache.get(key)
            if found is None:
                node = _node(iri)
                found = () if node is None else tuple(
                    q.triple for p in predicates for q in disk.quads_for_pattern(node, ox.NamedNode(p), None))
                cache[key] = found
            out.extend(found)
        return list(dict.fromkeys(out))   # a label held in two graphs is given once

    def objects(self, iri: str, predicate: str) -> list[Term]:
        """The objects of (iri, predicate, ?) in every graph, in index order (for lazy label lookups)."""
        node = _node(iri)
        if node is None:
            return []
        return [q.object for q in self.disk.quads_for_pattern(node, ox.NamedNode(predicate), None)]

    def has_quad(self, subject: str | None, predicate: str, obj: str | None) -> bool:
        """Whether some graph holds a triple matching the pattern (IRIs; None: any)."""
        s = _node(subject) if subject is not None else None
        o = _node(obj) if obj is not None else None
        if (subject is not None and s is None) or (obj is not None and o is None):
            return False
        return next(iter(self.disk.quads_for_pattern(s, ox.NamedNode(predicate), o)), None) is not None

    def graph_of(self, iri):
        node = _node(iri)
        if node is None:
            return None
        for q in self.disk.quads_for_pattern(node, None, None):
            return q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        return None


def _node(iri: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None
