"""SHACL shapes compiled to SPARQL, so the store validates itself (pyshacl stays the reference semantics).

`compile_shapes(shapes_graph, base)` turns every constraint of every targeted shape into a `Check`: a
SPARQL SELECT returning the failing (?g ?this ?value ?path) rows over the whole store at once, where ?g
is the catalogue graph the focus node was targeted in, and, for core constraints, a boolean `flag`
expression so that all the checks of one target run as one query (zwgk.validate._run_batch). A few
queries over all catalogues together, instead of a SHACL engine walking focus nodes one by one: that is
where the speed comes from (bench/validate.py). tests/test_validate_equivalence.py and tests/test_shapes.py
check that the findings equal pyshacl's.

The compiler covers the part of SHACL the zwgk shapes use and refuses anything else (UnsupportedShape),
so a new shape can never be silently mis-validated:
  targets        sh:targetClass, sh:targetObjectsOf, sh:targetSubjectsOf; the target triple must be in
                 a catalogue graph (that is how a finding is attributed to its catalogue)
  paths          predicate IRIs
  components     minCount maxCount datatype nodeKind class pattern(+flags) in hasValue node or, and
                 SPARQL-based constraints (sh:sparql with sh:select and sh:prefixes)
  nested shapes  (sh:node, sh:or) may use datatype nodeKind class pattern in hasValue minCount(1) node or

Value patterns are matched against the union of all graphs. That equals validating each catalogue's own
data graph (its graph, the graphs of the agencies it names, the legal bases it cites, the code lists;
zwgk.validate.catalogue_data) because every resource is described in exactly one graph
(zwgk.mappings.mint); the equivalence tests check it on real and synthetic data.

A class test is compiled as `?x a/rdfs:subClassOf* <C>`; `zwgk.checks.for_store` reads it as `?x a <C>` in a
store where C has no subclass (the same there, and 28% less time for the item checks of a build's batch).
The compiled checks of the project's shapes are kept on disk (`zwgk.shapes.compiled`): a build worker needs
neither rdflib nor this compiler.
"""
from __future__ import annotations

import itertools
import re

import rdflib
from rdflib.collection import Collection

from .checks import SUBCLASS, Check

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: casts that fail on an ill-formed lexical form, so sh:datatype also rejects "abc"^^xsd:integer (as pyshacl)
_WELL_FORMED_CAST = {XSD + t for t in ("integer", "decimal", "double", "float", "boolean", "dateTime", "date")}


class UnsupportedShape(Exception):
    """A shape uses SHACL this compiler does not translate; validate with pyshacl instead."""


def _iri(term) -> str:
    return f"<{term}>"


def _literal(text: str) -> str:
    """A SPARQL string literal (long form escapes are not needed: we escape everything special)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def _term(t) -> str:
    if isinstance(t, rdflib.URIRef):
        return _iri(t)
    if isinstance(t, rdflib.Literal):
        if t.language:
            return f"{_literal(str(t))}@{t.language}"
        return f"{_literal(str(t))}^^<{t.datatype or XSD + 'string'}>"
    raise UnsupportedShape(f"blank node {t} as a constraint value")


class _Compiler:
    def __init__(self, g: rdflib.Graph, base: str):
        self.g, self.base = g, base.rstrip("/")
        self.fresh = itertools.count()

    def var(self, stem: str) -> str:
        return f"?{stem}_{next(self.fresh)}"

    def one(self, s, p):
        return self.g.value(s, p)

    def messages(self, node) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((m.language or "", str(m)) for m in self.g.objects(node, SH.message)))

    def severity(self, shape) -> str:
        return str(self.one(shape, SH.severity) or SH.Violation)

    # -- targets ---------------------------------------------------------------------------------
    def target(self, shape) -> str | None:
        """Group pattern binding ?g (a catalogue graph) and ?this for every target of the shape."""
        parts = []
        for c in self.g.objects(shape, SH.targetClass):
            parts.append(f"{{ GRAPH ?g {{ ?this a {_iri(c)} }} }} UNION "
                         f"{{ ?sub_ <{SUBCLASS}>+ {_iri(c)} . GRAPH ?g {{ ?this a ?sub_ }} }}")
        for p in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ GRAPH ?g {{ ?subject_ {_iri(p)} ?this }} }}")
        for p in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ GRAPH ?g {{ ?this {_iri(p)} ?object_ }} }}")
        if (shape, SH.targetNode, None) in self.g or (shape, rdflib.RDF.type, rdflib.RDFS.Class) in self.g:
            raise UnsupportedShape(f"{shape}: sh:targetNode and implicit class targets are not anchored in a catalogue graph")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?g ?this WHERE { " + " UNION ".join(parts) + " {GRAPHS} } }"

    # -- shapes ----------------------------------------------------------------------------------
    def path_of(self, prop) -> str:
        path = self.one(prop, SH.path)
        if not isinstance(path, rdflib.URIRef):
            raise UnsupportedShape(f"{prop}: only predicate paths are supported, not {path!r}")
        return str(path)

    def checks(self) -> list[Check]:
        out: list[Check] = []
        shapes = set(self.g.subjects(SH.targetClass, None)) | set(self.g.subjects(SH.targetObjectsOf, None)) \
            | set(self.g.subjects(SH.targetSubjectsOf, None)) | set(self.g.subjects(SH.targetNode, None))
        for shape in sorted(shapes, key=str):
            if self.one(shape, SH.deactivated) == rdflib.Literal(True):
                continue
            target = self.target(shape)
            out += self.node_checks(shape, target)
            for prop in sorted(self.g.objects(shape, SH.property), key=str):
                if self.one(prop, SH.deactivated) == rdflib.Literal(True):
                    continue
                if not isinstance(prop, rdflib.URIRef):
                    raise UnsupportedShape(f"{shape}: property shapes must be named (IRIs) so results can cite them")
                out += self.property_checks(prop, target)
        return out

    def node_checks(self, shape, target: str) -> list[Check]:
        """Constraints on the focus node itself (value = focus) and SPARQL constraints."""
        out = []
        sev, msgs = self.severity(shape), self.messages(shape)
        for component, cond, _ in self.value_conditions(shape, "?value"):
            q = f"SELECT DISTINCT ?g ?this ?value WHERE {{ {target} BIND(?this AS ?value) FILTER({cond}) }}"
            out.append(Check(str(shape), component, sev, msgs, None, q, target,
                             self.bound(cond, "?value", "?this"), True))
        for constraint in self.g.objects(shape, SH.sparql):
            out.append(self.sparql_check(shape, constraint, target, sev))
        return out

    def property_checks(self, prop, target: str) -> list[Check]:
        path = self.path_of(prop)
        sev, msgs = self.severity(prop), self.messages(prop)
        out = []
        lo, hi = self.one(prop, SH.minCount), self.one(prop, SH.maxCount)
        if lo is not None and int(lo) > 0:
            if int(lo) == 1:
                q = f"SELECT DISTINCT ?g ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this <{path}> ?any_ }} }}"
            else:
                q = (f"SELECT ?g ?this WHERE {{ {target} OPTIONAL {{ ?this <{path}> ?v_ }} }} "
                     f"GROUP BY ?g ?this HAVING (COUNT(DISTINCT ?v_) < {int(lo)})")
            flag, needs = (f"NOT EXISTS {{ ?this <{path}> ?any_ }}", f"?this <{path}> ?any_") if int(lo) == 1 else (None, None)
            out.append(Check(str(prop), str(SH.MinCountConstraintComponent), sev, msgs, path, q, target, flag,
                             needs=needs))
        if hi is not None:
            q = (f"SELECT ?g ?this WHERE {{ {target} ?this <{path}> ?v_ }} "
                 f"GROUP BY ?g ?this HAVING (COUNT(DISTINCT ?v_) > {int(hi)})")
            flag = f"EXISTS {{ ?this <{path}> ?a_, ?b_ FILTER(!sameTerm(?a_, ?b_)) }}" if int(hi) == 1 else None
            # counted, not a self-join: 0.3 against 1.0 ms for the items of a 16-catalogue batch
            found = (f"{{ SELECT ?this WHERE {{ ?this <{path}> ?v_ }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v_) > {int(hi)}) }}")
            out.append(Check(str(prop), str(SH.MaxCountConstraintComponent), sev, msgs, path, q, target, flag,
                             found=found))
        hv = self.one(prop, SH.hasValue)
        if hv is not None:
            q = f"SELECT DISTINCT ?g ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this <{path}> {_term(hv)} }} }}"
            out.append(Check(str(prop), str(SH.HasValueConstraintComponent), sev, msgs, path, q, target,
                             f"NOT EXISTS {{ ?this <{path}> {_term(hv)} }}", needs=f"?this <{path}> {_term(hv)}"))
        for component, cond, holds in self.value_conditions(prop, "?value"):
            # the values that conform taken away (MINUS: one hash join) rather than each value's NOT EXISTS
            # (the items' code-list values of a 16-catalogue batch: 1.1 against 2.5 ms for zwgk:channel,
            # 0.2 against 1.0 for dct:isPartOf's class)
            found = (f"{{ ?this <{path}> ?value MINUS {{ {holds} }} }}" if holds
                     else f"{{ ?this <{path}> ?value FILTER({cond}) }}")
            q = f"SELECT DISTINCT ?g ?this ?value WHERE {{ {target} ?this <{path}> ?value FILTER({cond}) }}"
            v = self.var("fv")
            flag = f"EXISTS {{ ?this <{path}> {v} FILTER({self.bound(cond, '?value', v)}) }}"
            out.append(Check(str(prop), component, sev, msgs, path, q, target, flag, True, found))
        self.refuse_unknown(prop, {SH.path, SH.minCount, SH.maxCount, SH.hasValue})
        return out

    # -- value conditions: (component, SPARQL expression true when value node x fails, graph pattern
    #    matching x when it conforms or None where a pattern cannot say it: a datatype, a regex …) ------
    def value_conditions(self, shape, x: str) -> list[tuple[str, str, str | None]]:
        g, out = self.g, []
        for dt in g.objects(shape, SH.datatype):
            cond = f"!isLiteral({x}) || !sameTerm(datatype({x}), {_iri(dt)})"
            if str(dt) in _WELL_FORMED_CAST:
                cond += f' || sameTerm(COALESCE({_iri(dt)}(STR({x})), "!"), "!")'
            out.append((str(SH.DatatypeConstraintComponent), cond, None))
        for kind in g.objects(shape, SH.nodeKind):
            fails = {SH.IRI: f"!isIRI({x})", SH.Literal: f"!isLiteral({x})", SH.BlankNode: f"!isBlank({x})",
                     SH.BlankNodeOrIRI: f"isLiteral({x})", SH.BlankNodeOrLiteral: f"isIRI({x})",
                     SH.IRIOrLiteral: f"isBlank({x})"}
            out.append((str(SH.NodeKindConstraintComponent), fails[kind], None))
        for c in g.objects(shape, SH["class"]):
            out.append((str(SH.ClassConstraintComponent), f"NOT EXISTS {{ {x} a/<{SUBCLASS}>* {_iri(c)} }}",
                        f"{x} a/<{SUBCLASS}>* {_iri(c)}"))
        for pat in g.objects(shape, SH.pattern):
            flags = self.one(shape, SH.flags)
            args = f"{_literal(str(pat))}" + (f", {_literal(str(flags))}" if flags else "")
            out.append((str(SH.PatternConstraintComponent), f"isBlank({x}) || !REGEX(STR({x}), {args})", None))
        for lst in g.objects(shape, SH["in"]):
            members = " || ".join(f"sameTerm({x}, {_term(m)})" for m in Collection(g, lst))
            out.append((str(SH.InConstraintComponent), f"!({members or 'false'})", None))
        for nested in g.objects(shape, SH.node):
            out.append((str(SH.NodeConstraintComponent), self.fails(nested, x), self.holds(nested, x)))
        for lst in g.objects(shape, SH["or"]):
            shapes = list(Collection(g, lst))
            alts = [self.fails(s, x) for s in shapes]
            held = [self.holds(s, x) for s in shapes]
            either = " UNION ".join(f"{{ {h} }}" for h in held) if held and None not in held else None
            out.append((str(SH.OrConstraintComponent), " && ".join(f"({a})" for a in alts) or "true", either))
        for p in (SH["and"], SH["not"], SH.xone, SH.qualifiedValueShape, SH.languageIn, SH.uniqueLang,
                  SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals, SH.minLength, SH.maxLength,
                  SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.closed):
            if (shape, p, None) in g:
                raise UnsupportedShape(f"{shape}: {p} is not compiled to SPARQL")
        if (shape, SH.hasValue, None) in g and (shape, SH.path, None) not in g:
            raise UnsupportedShape(f"{shape}: sh:hasValue on a node shape")
        return out

    def fails(self, shape, x: str) -> str:
        """Expression true when node x does not conform to the (nested, target-less) shape."""
        if (shape, SH.sparql, None) in self.g:
            raise UnsupportedShape(f"{shape}: SPARQL constraints in nested shapes")
        conds = [c for _, c, _ in self.value_conditions(shape, x)]
        for prop in self.g.objects(shape, SH.property):
            path = self.path_of(prop)
            v = self.var("v")
            lo, hi = self.one(prop, SH.minCount), self.one(prop, SH.maxCount)
            if hi is not None or (lo is not None and int(lo) > 1):
                raise UnsupportedShape(f"{prop}: counts other than sh:minCount 1 in nested shapes")
            if lo is not None and int(lo) == 1:
                conds.append(f"NOT EXISTS {{ {x} <{path}> {v} }}")
            hv = self.one(prop, SH.hasValue)
            if hv is not None:
                conds.append(f"NOT EXISTS {{ {x} <{path}> {_term(hv)} }}")
            for _, c, _ in self.value_conditions(prop, v):
                conds.append(f"EXISTS {{ {x} <{path}> {v} FILTER({c}) }}")
        return " || ".join(f"({c})" for c in conds) or "false"

    def holds(self, shape, x: str) -> str | None:
        """Graph pattern matching node x when it conforms to the (nested, target-less) shape: what `fails`
        says, as a pattern, or None where it cannot be one (a datatype, a condition on every value of a
        property, a shape without constraints)."""
        parts = [h for _, _, h in self.value_conditions(shape, x)]
        for prop in self.g.objects(shape, SH.property):
            path = self.path_of(prop)
            lo, hv = self.one(prop, SH.minCount), self.one(prop, SH.hasValue)
            if self.value_conditions(prop, "?unused_"):
                return None
            if lo is not None and int(lo) == 1:
                parts.append(f"{x} <{path}> {self.var('h')}")
            if hv is not None:
                parts.append(f"{x} <{path}> {_term(hv)}")
        if not parts or None in parts:
            return None
        return " . ".join(p if " UNION " not in p else f"{{ {p} }}" for p in parts)

    @staticmethod
    def bound(expr: str, old: str, new: str) -> str:
        """The expression with variable `old` renamed (whole names only: ?value, not ?value_1)."""
        return re.sub(re.escape(old) + r"(?![\w])", new, expr)

    def refuse_unknown(self, prop, handled: set) -> None:
        known = handled | {SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
                           SH.datatype, SH.nodeKind, SH["class"], SH.pattern, SH.flags, SH["in"], SH.node, SH["or"],
                           rdflib.RDF.type, rdflib.RDFS.label, rdflib.RDFS.comment}
        for p in self.g.predicates(prop, None):
            if p not in known:
                raise UnsupportedShape(f"{prop}: {p} is not compiled to SPARQL")

    # -- SPARQL-based constraints ----------------------------------------------------------------
    def sparql_check(self, shape, constraint, target: str, severity: str) -> Check:
        select = self.one(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"{constraint}: only sh:select SPARQL constraints are supported")
        prefixes = []
        for decl_holder in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(decl_holder, SH.declare):
                prefixes.append(f"PREFIX {self.one(decl, SH.prefix)}: <{self.one(decl, SH.namespace)}>")
        inner = str(select).replace("$this", "?this")
        q = (" ".join(sorted(set(prefixes))) +
             f" SELECT DISTINCT ?g ?this ?value ?path WHERE {{ {target} {{ {inner} }} }}")
        msgs = self.messages(constraint) or self.messages(shape)
        return Check(str(shape), str(SH.SPARQLConstraintComponent), severity, msgs, None, q, target)


def compile_shapes(shapes_graph: rdflib.Graph, base: str) -> list[Check]:
    return _Compiler(shapes_graph, base).checks()
