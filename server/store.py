"""The store behind the server: an interface with two implementations, chosen by configuration.

    EmbeddedStore   the on-disk Oxigraph store `zwgk build` writes, served from an in-memory copy
    RemoteStore     any SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB …)  — see zwgk.server.remote

Everything above this module (pages, conneg, SPARQL endpoint) talks to a `GraphStore` only, with SPARQL
text plus `bindings` (values substituted safely, never spliced into the query as strings).
"""
from __future__ import annotations

import hashlib
import json
import os
from abc import ABC, abstractmethod
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal


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

    def refresh(self) -> bool:
        """Pick up a newer build if there is one; True when the data changed."""
        return False

    def close(self) -> None:
        pass


class EmbeddedStore(GraphStore):
    """The Oxigraph store built by `zwgk build`, copied into memory (3–10× faster lookups than on disk)."""

    def __init__(self, path: str | Path, dumps: str | Path | None = None):
        self.path = Path(path)
        self.dumps = Path(dumps) if dumps else None
        self.mem: ox.Store | None = None
        self._stamp = None
        self.load()

    def _manifest(self) -> dict:
        if self.dumps and (self.dumps / "manifest.json").exists():
            return json.loads((self.dumps / "manifest.json").read_text(encoding="utf-8"))
        return {}

    def _current_stamp(self):
        try:
            return os.stat(self.path).st_ino, os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            return None

    def load(self) -> None:
        if not self.path.is_dir():
            raise StoreUnavailable(f"no store at {self.path}; run `zwgk build` first")
        disk = ox.Store.read_only(str(self.path))
        mem = ox.Store()
        mem.bulk_extend(disk)
        del disk
        self.mem = mem
        self._stamp = self._current_stamp()
        manifest = self._manifest()
        self.base = manifest.get("base")
        built = manifest.get("built")
        self.modified = datetime.fromisoformat(built) if built else \
            datetime.fromtimestamp(os.stat(self.path).st_mtime, timezone.utc)
        self.version = hashlib.sha256(f"{built}|{len(mem)}|{self._stamp}".encode()).hexdigest()[:16]

    def refresh(self) -> bool:
        stamp = self._current_stamp()
        if stamp is not None and stamp != self._stamp:
            self.load()
            return True
        return False

    def select(self, query, bindings=None):
        res = self.mem.query(inline_bindings(query, bindings), use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names} for row in res]

    def construct(self, query, bindings=None):
        return list(self.mem.query(inline_bindings(query, bindings), use_default_graph_as_union=True))

    def describe(self, iris):
        out, seen = [], set()
        for iri in iris:
            try:
                node = ox.NamedNode(iri)
            except ValueError:  # not an IRI (a hostile or mangled URL): nothing is described by it
                continue
            for q in self.mem.quads_for_pattern(node, None, None):
                if q.triple not in seen:
                    seen.add(q.triple)
                    out.append(q.triple)
        return out

    def graph_of(self, iri):
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return None
        for q in self.mem.quads_for_pattern(node, None, None):
            return q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        return None
