"""The dump files of a build: the whole data set and each catalogue as Turtle, gzipped N-Triples and
JSON-LD (plus gzipped N-Quads and items.csv for the whole), and a manifest of sizes and checksums.

Serialized straight from the minted quads by pyoxigraph. A thread pool overlaps the gzip and file
writes (which release the GIL) with the next serialization; worker processes were measured slower,
because handing them the data costs more than the serializing they would take over.
"""
from __future__ import annotations

import gzip
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .itemscsv import csvw_metadata, write_csv, xlsx_from_csv
from .mappings import Catalogue
from .mappings.mint import PREFIXES, Graph
from .ontology import code_lists
from .uris import URIs
from .validate import validation_graph


def prefixes(base: str) -> dict[str, str]:
    u = URIs(base)
    # no prefixes for our own /id/ IRIs: their keys hold '/' and would print as escaped local names
    return {**PREFIXES, "zwgk": u.ns}


def nquads(graphs: list[Graph]) -> bytes:
    return ox.serialize((q for g in graphs for q in g.quads), format=ox.RdfFormat.N_QUADS)


def _write(root: Path, rel: str, data: bytes) -> dict:
    """Write one dump file; its manifest entry (path relative to the dump root, size, checksum)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"path": rel, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def gzip_parts(parts: list[bytes]) -> bytes:
    """gzip of the parts' concatenation, without making the concatenation."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as z:
        for part in parts:
            z.write(part)
    return out.getvalue()


def triples_of(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The triples of quads from several graphs. Graphs never share a triple (each resource lives in
    one graph, see zwgk.mappings.mint; tests/test_build.py checks that), so none is a duplicate."""
    return [q.triple for q in quads]


def write_dump_set(root: Path, stem: str, triples: list[ox.Triple], base: str) -> list[dict]:
    """The same triples as Turtle, gzipped N-Triples and JSON-LD."""
    ttl = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    files = [_write(root, f"{stem}.ttl", ttl),
             _write(root, f"{stem}.nt.gz", gzip.compress(nt, compresslevel=6, mtime=0)),
             _write(root, f"{stem}.jsonld", ox.serialize(triples, format=ox.RdfFormat.JSON_LD))]
    return [{**f, "triples": len(triples)} for f in files]


def catalogue_quads(cat: Catalogue, per_cat: dict[str, Graph], by_name: dict[str, Graph],
                    laws_by_subject: dict[str, list[ox.Quad]], base: str) -> list[ox.Quad]:
    """What a catalogue's own dump holds: its graph, its agency, the legal bases it cites, its SHACL report."""
    uris = URIs(base)
    cid = cat.mapping.catalogue_id
    cited = sorted({uris.law(c.identifier) for r in cat.records for c in r.legal_basis}
                   | {f"{uris.law(c.identifier)}/art/{a}" for r in cat.records for c in r.legal_basis
                      for a in c.articles})          # the articles it cites (ELI subdivisions)
    quads = per_cat[cid].quads + by_name[uris.agency(cat.mapping.agency_id)].quads
    quads += [q for law in cited for q in laws_by_subject.get(law, [])]
    report = by_name.get(validation_graph(base, cid))
    return quads + (report.quads if report is not None else [])


def write_dumps(directory: Path, cats: list[Catalogue], per_cat: dict[str, Graph], shared: list[Graph],
                base: str, whole_nquads: list[bytes]) -> dict:
    """Write every dump file (whole data set and per catalogue); return the manifest.
    `whole_nquads`: the whole data set as N-Quads, in consecutive parts (serialized for the store already)."""
    uris, codes = URIs(base), code_lists(base)
    by_name = {g.name.value: g for g in shared}
    laws_by_subject: dict[str, list[ox.Quad]] = {}
    for q in by_name[uris.laws_graph].quads:
        laws_by_subject.setdefault(q.subject.value, []).append(q)
    everything = [q for g in [*per_cat.values(), *shared] for q in g.quads]

    def whole() -> list[dict]:
        return [{**f, "catalogue": None} for f in write_dump_set(directory, "zwgk", triples_of(everything), base)]

    def whole_quads() -> list[dict]:
        return [{**_write(directory, "zwgk.nq.gz", gzip_parts(whole_nquads)),
                 "catalogue": None, "quads": len(everything)}]

    def items_csv() -> list[dict]:
        text, rows = write_csv(cats, uris, codes), sum(len(c.records) for c in cats)
        return [{**_write(directory, "items.csv", text), "catalogue": None, "rows": rows},
                {**_write(directory, "items.xlsx", xlsx_from_csv(text)), "catalogue": None, "rows": rows},
                {**_write(directory, "items.csv-metadata.json", csvw_metadata("items.csv")), "catalogue": None}]

    def one_catalogue(cat: Catalogue) -> list[dict]:
        cid = cat.mapping.catalogue_id
        triples = triples_of(catalogue_quads(cat, per_cat, by_name, laws_by_subject, base))
        files = [{**f, "catalogue": cid} for f in write_dump_set(directory, f"catalogue/{cid}", triples, base)]
        return files + [{**_write(directory, f"catalogue/{cid}.csv", write_csv([cat], uris, codes)),
                         "catalogue": cid, "rows": len(cat.records)}]

    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(whole), pool.submit(whole_quads), pool.submit(items_csv)]
        jobs += [pool.submit(one_catalogue, cat) for cat in cats]
        files = [f for job in jobs for f in job.result()]
    manifest: dict = {"base": base, "generator": f"zwgk {__version__}", "files": files}
    manifest["catalogues"] = [
        {"id": c.mapping.catalogue_id, "title": c.mapping.title, "agency": c.mapping.agency_name,
         "agency_id": c.mapping.agency_id, "items": len(c.records), "source": c.source_file}
        for c in cats]
    return manifest
