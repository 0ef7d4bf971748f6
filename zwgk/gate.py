"""The publication gate of `zwgk build`: every catalogue is validated against the shapes before it is
published. A catalogue with a violation is not published: the previous good version of it (its graph,
its validation report and its per-catalogue dumps, read from the store and dumps being replaced) stays,
or, when there is none, the catalogue is left out. `--allow-violations` publishes it anyway. Warnings and
infos never stop a catalogue; its report is published with it.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .config import Settings
from .mappings import Catalogue
from .mappings.mint import Graph, Minter
from .ontology import code_lists
from .uris import URIs
from .validate import Finding, report_quads, validate_quads, validation_graph

DCT = "http://purl.org/dc/terms/"


@dataclass
class Gate:
    """What the build publishes after validation."""
    cats: list[Catalogue]                  # catalogues published from this build's reading
    per_cat: dict[str, Graph]              # their graphs, plus the graphs of kept previous versions
    shared: list[Graph]                    # agencies, laws, code lists, ontology, shapes, reports
    findings: list[Finding] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)   # catalogue id → what happened to it, why
    kept: list[str] = field(default_factory=list)            # ids whose previous version stays

    def counts(self, catalogue_id: str) -> Counter:
        return Counter(f.severity for f in self.findings if f.catalogue == catalogue_id)

    def all_counts(self) -> dict[str, Counter]:
        """catalogue id → severity → count, in one pass over the findings."""
        out: dict[str, Counter] = {}
        for f in self.findings:
            out.setdefault(f.catalogue, Counter())[f.severity] += 1
        return out

    def add_kept_dumps(self, staged: Path, old: Path, manifest: dict) -> None:
        """Copy the per-catalogue dumps of kept catalogues from the previous dumps; add their rows to
        items.csv and their entries to the manifest."""
        if not self.kept:
            return
        old_manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
        rows = []
        for cid in self.kept:
            for f in old_manifest.get("files", []):
                if f.get("catalogue") == cid and (old / f["path"]).exists():
                    (staged / f["path"]).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(old / f["path"], staged / f["path"])
                    manifest["files"].append(f)
            manifest["catalogues"] += [c for c in old_manifest.get("catalogues", []) if c["id"] == cid]
            old_csv = old / "catalogue" / f"{cid}.csv"
            if old_csv.exists():
                rows += list(csv.reader(io.StringIO(old_csv.read_text(encoding="utf-8"))))[1:]
        items = staged / "items.csv"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        data = items.read_bytes() + buf.getvalue().encode("utf-8")
        items.write_bytes(data)
        for f in manifest["files"]:
            if f["path"] == "items.csv":
                f.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), rows=f.get("rows", 0) + len(rows))


def _old_store(settings: Settings) -> ox.Store | None:
    try:
        return ox.Store.read_only(str(settings.store)) if Path(settings.store).exists() else None
    except OSError:
        return None


def publication_gate(cats: list[Catalogue], per_cat: dict[str, Graph], shared: list[Graph], settings: Settings,
                     allow_violations: bool = False, progress=print, only: list[str] | None = None) -> Gate:
    base = settings.base
    ids = [c.mapping.catalogue_id for c in cats]
    findings = validate_quads((q for g in [*per_cat.values(), *shared] for q in g.quads), base, ids)
    bad = sorted({f.catalogue for f in findings if f.severity == "Violation"})
    gate = Gate(list(cats), dict(per_cat), list(shared), findings)
    if bad and not allow_violations:
        _hold_back(gate, bad, settings)
    elif bad:
        for cid in bad:
            gate.rejected[cid] = f"published with {gate.counts(cid)['Violation']} violation(s) (--allow-violations)"
    if only:
        kept = keep_unselected(gate, only, settings)
        if kept:
            progress(f"--only: {len(kept)} other catalogue(s) keep their last build")
    published = [c.mapping.catalogue_id for c in gate.cats]
    reports = report_quads([f for f in findings if f.catalogue in set(published)], base, published)
    by_graph: dict[str, Graph] = {}
    for q in reports:
        by_graph.setdefault(q.graph_name.value, Graph(q.graph_name.value)).quads.append(q)
    gate.shared += [by_graph[validation_graph(base, cid)] for cid in published]
    return gate


def _hold_back(gate: Gate, bad: list[str], settings: Settings) -> None:
    """Take catalogues with violations out; put their previous version (from the old store) back."""
    base, u = settings.base, URIs(settings.base)
    gate.cats = [c for c in gate.cats if c.mapping.catalogue_id not in bad]
    for cid in bad:
        del gate.per_cat[cid]
    # agencies and legal bases are minted from the published catalogues only
    minter = Minter(base, code_lists(base))
    remint = {g.name.value: g for g in minter.agency_graphs(gate.cats) + [minter.laws_graph(gate.cats)]}
    shared = []
    for g in gate.shared:
        if g.name.value in remint:
            shared.append(remint[g.name.value])
        elif not g.name.value.startswith(u.agency("")):  # an agency no published catalogue names goes
            shared.append(g)
    gate.shared = shared
    for cid, kept in keep_previous(gate, bad, settings).items():
        n = gate.counts(cid)["Violation"]
        gate.rejected[cid] = (f"not published: {n} violation(s); the previous version is kept" if kept else
                              f"not published: {n} violation(s), and no previous version to keep")


def keep_previous(gate: Gate, ids: list[str], settings: Settings, prefer_old_laws: bool = False) -> dict[str, bool]:
    """Put the previous version of these catalogues (from the old store) into what the build publishes:
    its graph and report, its agency, the legal bases and articles it cites, and the concepts it uses
    that this build did not mint (labels outside the code lists). id → whether there was one to keep.
    `prefer_old_laws`: a legal basis the kept catalogues cite is described as the last build described it
    (its label was chosen among all its citations then; this build read only some of them)."""
    u = URIs(settings.base)
    old = _old_store(settings)
    if not ids or old is None:
        return {cid: False for cid in ids}
    laws = _replaceable(gate, u.laws_graph)
    have_laws = {q.subject for q in laws.quads}
    vocab = _replaceable(gate, u.vocab_graph)
    have_concepts = {q.subject for q in vocab.quads} if vocab is not None else set()
    concept_base = u.vocab_graph + "/"
    out = {}
    for cid in ids:
        cat = ox.NamedNode(u.catalogue(cid))
        old_quads = list(old.quads_for_pattern(None, None, None, cat)) if old is not None else []
        out[cid] = bool(old_quads)
        if not old_quads:
            continue
        gate.per_cat[cid] = _graph(cat.value, old_quads)
        report = ox.NamedNode(validation_graph(settings.base, cid))
        gate.shared.append(_graph(report.value, list(old.quads_for_pattern(None, None, None, report))))
        names = {g.name.value for g in gate.shared}
        for agency in {q.object for q in old_quads if q.subject == cat and q.predicate.value == DCT + "publisher"}:
            if agency.value not in names:
                gate.shared.append(_graph(agency.value, list(old.quads_for_pattern(None, None, None, agency))))
        cited = {q.object for q in old_quads
                 if q.predicate.value in (u.ns + "legalBasis", u.ns + "legalBasisArticle")}
        for law in sorted(cited if prefer_old_laws else cited - have_laws, key=str):
            previous = list(old.quads_for_pattern(law, None, None, ox.NamedNode(u.laws_graph)))
            if law in have_laws and previous:
                laws.quads = [q for q in laws.quads if q.subject != law]
            laws.quads += previous
            have_laws.add(law)
        if vocab is not None:
            used = {q.object for q in old_quads if isinstance(q.object, ox.NamedNode)
                    and q.object.value.startswith(concept_base) and not q.object.value.startswith(u.category_scheme(""))}
            for concept in sorted(used - have_concepts, key=str):
                vocab.quads += list(old.quads_for_pattern(concept, None, None, ox.NamedNode(u.vocab_graph)))
                have_concepts.add(concept)
        gate.kept.append(cid)
    del old  # release the old store before it is swapped out
    return out


def _replaceable(gate: Gate, name: str) -> Graph | None:
    """A copy of a shared graph, put in its place, to change: the store loader tells a graph to reload
    by its being another object than the one first loaded."""
    for n, g in enumerate(gate.shared):
        if g.name.value == name:
            copy = Graph(name)
            copy.quads = list(g.quads)
            gate.shared[n] = copy
            return copy
    return None


def keep_unselected(gate: Gate, only: list[str], settings: Settings) -> list[str]:
    """`zwgk build --only ID`: every other catalogue of the last build whose mapping file is still there
    keeps its previous version (a removed mapping removes its catalogue). The ids kept."""
    from .mappings import MappingError, load_mapping, mapping_files
    ids = []
    for path in mapping_files(settings.mappings):
        try:
            cid = load_mapping(path).catalogue_id
        except MappingError:
            continue      # a mapping that does not load now: its last good version stays only if readable
        if cid not in only and cid not in gate.per_cat:
            ids.append(cid)
    kept = keep_previous(gate, ids, settings, prefer_old_laws=True)
    return [cid for cid, was in kept.items() if was]


def _graph(name: str, quads: list[ox.Quad]) -> Graph:
    g = Graph(name)
    g.quads = [ox.Quad(q.subject, q.predicate, q.object, g.name) for q in quads]
    return g
