"""The publication record ({base}/graph/publication): what the last publication says it published, and the new one."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pyoxigraph as ox

from ..server.remote import DCT, RDF_TYPE, SD, VOID, XSD, record_graph
from .model import SPDX, ntriples


@dataclass
class Record:
    """What the publication record in the store says: {graph: (triples, sha256)}, the dump's SHA-256, and (when
    asked for) {graph: the SHA-256 of the dump's gzip members its lines were in}."""
    graphs: dict[str, tuple[int, str | None]]
    dump: str | None = None
    parts: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class NewRecord:
    """The publication record to write: `fixed` (what every record says), `stamp` (this publication's time,
    identifier, build time, dump checksum) and each graph's `entries` (name, count, checksum, members; the node
    of a graph is named after the graph, so a graph's entry is the same triples from one publication to the
    next when the graph is)."""
    fixed: list
    stamp: list
    entries: dict

    def triples(self) -> list[ox.Triple]:
        return self.fixed + self.stamp + [t for g in sorted(self.entries) for t in self.entries[g]]

    def __len__(self) -> int:
        return len(self.fixed) + len(self.stamp) + sum(len(e) for e in self.entries.values())

    def update(self, old: list[ox.Triple], graphs: list[str]) -> str:
        """One SPARQL Update request (one transaction: a reader sees the old record or the new) turning the
        record whose head and entries of `graphs` (changed, added or gone) are `old`, and whose other entries are
        this one's, into this one. DELETE DATA and INSERT DATA: Virtuoso takes 0.1-0.25 s for each DELETE … WHERE
        of a graph's entry, a few ms for the data."""
        rec = self.fixed[0].subject.value            # the record is about itself: its graph's name
        new = self.fixed + self.stamp + [t for g in graphs for t in self.entries.get(g, [])]
        return (f"DELETE DATA {{ GRAPH <{rec}> {{\n{ntriples(old)}}} }} ;\n"
                f"INSERT DATA {{ GRAPH <{rec}> {{\n{ntriples(new)}}} }}")


def record_triples(base: str, graphs: dict[str, tuple[int, str | None]], built: str | None,
                   dump_sha256: str | None = None, parts: dict[str, list[str]] | None = None) -> NewRecord:
    """The publication record: when, an identifier, the build's time, and for every graph its name, its triple
    count and the SHA-256 of its N-Quads; and the SHA-256 of the dump (zwgk.nq.gz) the graphs were read from,
    with which the next publish of the same dump knows that nothing changed without inflating it, and of each of
    the dump's gzip members each graph's lines were in (dct:source <…#part-SHA256>), with which the next publish
    of another dump inflates only the members that are not byte for byte those of this one."""
    rec = ox.NamedNode(record_graph(base))
    N, L = ox.NamedNode, ox.Literal
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    fixed = [ox.Triple(rec, N(RDF_TYPE), N(SD + "Dataset")),
             ox.Triple(rec, N(DCT + "description"), L("zwgk publish: the graphs of this data set", language="en"))]
    stamp = [ox.Triple(rec, N(DCT + "modified"), L(now, datatype=N(XSD + "dateTime"))),
             ox.Triple(rec, N(DCT + "identifier"), L(uuid.uuid4().hex))]
    if built:
        stamp.append(ox.Triple(rec, N(DCT + "created"), L(built, datatype=N(XSD + "dateTime"))))
    if dump_sha256:
        dump, ck = N(f"{rec.value}#dump"), N(f"{rec.value}#dump-sha256")
        stamp += [ox.Triple(rec, N(DCT + "source"), dump),
                  ox.Triple(dump, N(SPDX + "fileName"), L("zwgk.nq.gz")),
                  ox.Triple(dump, N(SPDX + "checksum"), ck),
                  ox.Triple(ck, N(SPDX + "algorithm"), N(SPDX + "checksumAlgorithm_sha256")),
                  ox.Triple(ck, N(SPDX + "checksumValue"), L(dump_sha256, datatype=N(XSD + "hexBinary")))]
    entries = {}
    for g, (count, sha) in graphs.items():
        ng = N(f"{rec.value}#graph-{hashlib.sha1(g.encode()).hexdigest()[:20]}")
        entry = [ox.Triple(rec, N(SD + "namedGraph"), ng),      # an sd:NamedGraph by sd:namedGraph's range
                 ox.Triple(ng, N(SD + "name"), N(g)),
                 ox.Triple(ng, N(VOID + "triples"), L(str(count), datatype=N(XSD + "integer")))]
        entry += [ox.Triple(ng, N(DCT + "source"), N(f"{rec.value}#part-{part}"))
                  for part in dict.fromkeys((parts or {}).get(g, ()))]
        if sha:
            ck = N(f"{ng.value}-sha256")
            entry += [ox.Triple(ng, N(SPDX + "checksum"), ck),
                      ox.Triple(ck, N(SPDX + "algorithm"), N(SPDX + "checksumAlgorithm_sha256")),
                      ox.Triple(ck, N(SPDX + "checksumValue"), L(sha, datatype=N(XSD + "hexBinary")))]
        entries[g] = entry
    return NewRecord(fixed, stamp, entries)
