"""The checks a build runs on its store: the project's SHACL shapes compiled to SPARQL (`zwgk.shaclsparql` compiles
them; `zwgk.shapes.compiled` keeps them on disk), and their reading for one store (`for_store`). Nothing here needs
rdflib: a build worker loads the compiled checks and runs them with pyoxigraph."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, as a query over the store."""
    shape: str                           # IRI of the shape results name as sh:sourceShape
    component: str                       # sh:…ConstraintComponent
    severity: str                        # sh:Violation | sh:Warning | sh:Info (IRI)
    messages: tuple[tuple[str, str], ...]  # (language, text)
    path: str | None                     # sh:resultPath of every result (None: the query may bind ?path)
    query: str                           # SELECT ?g ?this ?value ?path …; {GRAPHS} marks the graph filter
    target: str = ""                     # the target subquery (binds ?g ?this); checks sharing it are batched
    flag: str | None = None              # expression true when ?this has a result (None: run `query` alone)
    has_value: bool = False              # results carry sh:value (so a flagged focus needs `query` for them)
    found: str | None = None             # group pattern binding ?this (and ?value) of every failing node, whatever
                                         # the target: joined with it, the check's results (None: use `flag`)
    needs: str | None = None             # pattern a focus must match (?this <p> ?any_: minCount 1; hasValue): the
                                         # target's foci that do not are the results (None: use `flag`)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Check":
        return cls(**{**data, "messages": tuple(tuple(m) for m in data["messages"])})


_CLASS_TEST = re.compile(r"a/<" + re.escape(SUBCLASS) + r">\* <([^>]+)>")
_VALUE_TEST = re.compile(r"EXISTS \{ \?this <([^>]+)> ")


@lru_cache(maxsize=1024)
def needs_predicate(flag: str | None) -> str | None:
    """The predicate P of a flag that is one `EXISTS { ?this <P> … }` (a value of the focus along P exists
    that breaks the constraint: class, datatype, pattern, at most one …): where no triple has P, the flag is
    false for every focus. None for any other flag (`NOT EXISTS`, a minimum count, an expression of several).
    Kept per flag: the same checks are read for every batch of a build (2.5 ms for the 135 flags, unkept)."""
    m = flag and _VALUE_TEST.match(flag)
    if not m:
        return None
    depth = 0
    for i, ch in enumerate(flag):      # the EXISTS' own braces close at the flag's end (no IRI holds a brace)
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and ch == "}":
            return m.group(1) if i == len(flag) - 1 else None
    return None


def for_store(checks: tuple[Check, ...], store) -> tuple[Check, ...]:
    """The checks as they read in this store: a class test `?x a/rdfs:subClassOf* <C>` becomes `?x a <C>` for
    every class C that has no subclass in the store (the two mean the same there; the path is evaluated for
    every value of every focus, and without it the item checks of a build batch took 28% less time); a check
    whose flag needs a predicate no triple of the store has (`needs_predicate`) is left out: it finds nothing
    there (15 of a build batch's 127 flags, each ≈ 5 ms of a 16-catalogue batch). `store` is a pyoxigraph
    Store holding what is validated, ontology included (queried with the union of its graphs, as the checks
    are)."""
    needed = sorted({p for ch in checks if (p := needs_predicate(ch.flag))})
    if needed:
        values = " ".join(f"<{p}>" for p in needed)
        rows = store.query(f"SELECT ?p WHERE {{ VALUES ?p {{ {values} }} FILTER EXISTS {{ ?s ?p ?o }} }}",
                           use_default_graph_as_union=True)
        absent = set(needed) - {r["p"].value for r in rows}
        if absent:
            checks = tuple(ch for ch in checks if needs_predicate(ch.flag) not in absent)
    classes = sorted({c for ch in checks for text in (ch.query, ch.flag or "") for c in _CLASS_TEST.findall(text)})
    if not classes:
        return checks
    values = " ".join(f"<{c}>" for c in classes)
    rows = store.query(f"SELECT DISTINCT ?c WHERE {{ VALUES ?c {{ {values} }} ?s <{SUBCLASS}>+ ?c FILTER(?s != ?c) }}",
                       use_default_graph_as_union=True)
    return _for_classes(checks, frozenset(classes) - {r["c"].value for r in rows})


@lru_cache(maxsize=16)
def _for_classes(checks: tuple[Check, ...], leaves: frozenset) -> tuple[Check, ...]:
    def plain(text: str | None) -> str | None:
        return text and _CLASS_TEST.sub(lambda m: f"a <{m.group(1)}>" if m.group(1) in leaves else m.group(0), text)
    return tuple(replace(c, query=plain(c.query), flag=plain(c.flag), found=plain(c.found)) for c in checks)
