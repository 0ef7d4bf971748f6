"""What the parts of `zwgk publish` share: a graph's report, the error, the batch sizes, N-Triples text."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

DEFAULT_UPDATE_BATCH = 1000      # triples per SPARQL Update request (Virtuoso 7 compiles each into SQL: ~1,500 max)
DEFAULT_GSP_BATCH = 50_000       # triples per Graph Store Protocol POST
DEFAULT_PARALLEL = 2             # loaders / streams at a time (Virtuoso's advice: about one per 2.5 cores)
OPS_PER_REQUEST = 200            # CLEAR/MOVE/DROP operations per SPARQL Update request
SPDX = "http://spdx.org/rdf/terms#"


@dataclass
class GraphReport:
    graph: str
    triples: int
    remote: int | None = None
    seconds: float = 0.0
    batches: int = 0
    status: str = "pending"


class PublishError(Exception):
    pass


def ntriples(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
