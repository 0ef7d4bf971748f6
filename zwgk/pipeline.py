"""One pass per catalogue, in worker processes with a memory and a time budget.

    read → mint → check its own shapes → write its parts and its own dump files

`batch_pass` is the whole life of a catalogue in a build. It runs in a worker process (`Workers`,
`--workers N`, all cores by default), so catalogues go through in parallel and a build's memory is what
the catalogues being read at this moment need, not the data set's. A worker keeps nothing from one
catalogue to the next (the code lists are put back as the vocabulary files say, the minter's IRI cache
is emptied), so a catalogue's graph depends on its own two files and the build's inputs only (what makes
incremental builds right). Catalogues go to the workers a few at a time (`batches`): a SHACL validation
costs ≈ 25 ms of query planning whatever the data's size, so a batch is validated at once, with the
agencies and legal bases its catalogues name minted together; findings belong to the catalogue whose
graph made their focus a target (zwgk.validate), so each gets its own report.

What a pass leaves in its part directory, for the build's assembly step (zwgk.build):
  graph.nq.gz graph.nt.gz graph.ttl.gz graph.jsonld.gz   its graph and report, one gzip member each, for
                                                          the store and the whole dumps
  graph.nq.json                                           its N-Quads member's SHA-256 and its graphs (count,
                                                          content hash), for `zwgk publish` (zwgk.dumps)
  catalogue/{id}.ttl|.nt.gz|.jsonld|.csv                  its own dump files
and returns what it is (kept in the build's state): hashes, counts, warnings, findings, and what the
shared graphs need of it (its agency, its citations).

Budgets (issue 14): each worker's address space is limited (RLIMIT_AS) to what it had when it started
plus the memory budget (`--catalogue-memory`, ZWGK_CATALOGUE_MEMORY, default 2 GiB), and a catalogue
that is not done within the time budget (`--catalogue-timeout`, ZWGK_CATALOGUE_TIMEOUT, default 300 s;
counted from the moment its worker starts it) has its worker killed. Either is a one-line error naming
the catalogue file and the limit; the build stops and keeps the last good store and dumps. A catalogue
whose file is larger than BATCH_BYTES goes alone.

Workers are forked from the build (the `fork` start method): they start at once with everything
imported, and run the code the build runs. Before the passes, a build that mints every catalogue has them
load its mapping files for the plan (`Workers.load_mappings`): they would otherwise wait for it.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

import pyoxigraph as ox

from .dumps import catalogue_files, context_hash, context_quads, fragments, laws_by_subject, xlsx_part, _write
from .itemscsv import csv_and_xlsx_rows
from . import processes
from .processes import die_with_parent

GiB = 1 << 30
BATCH_SIZE = 16            # catalogues per batch at most …
BATCH_BYTES = 4 << 20      # … and catalogue-file bytes (a larger file goes alone)
DEFAULT_MEMORY = 2 * GiB
DEFAULT_TIMEOUT = 300.0


class PassFailed(Exception):
    """A catalogue's pass failed; the message names the file (and line, or the budget exceeded)."""

    def __init__(self, message: str, errno_: int | None = None, detail: str = ""):
        super().__init__(message)
        self.errno, self.detail = errno_, detail


def parse_size(text: str | int | None, default: int = DEFAULT_MEMORY) -> int:
    """'2G', '512M', '1.5GiB', '300000000' → bytes; 0 or 'none' → no limit."""
    if text is None or text == "":
        return default
    if isinstance(text, int):
        return text
    t = str(text).strip().lower().removesuffix("ib").removesuffix("b")
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    if t in ("none", "0", "off"):
        return 0
    try:
        return int(float(t[:-1]) * units[t[-1]]) if t and t[-1] in units else int(float(t))
    except (ValueError, IndexError):
        raise ValueError(f"not a size: {text!r} (say e.g. 2G or 512M)") from None


def human(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


@dataclass
class Budget:
    memory: int = DEFAULT_MEMORY      # bytes of address space a catalogue may add to its worker; 0: none
    seconds: float = DEFAULT_TIMEOUT  # wall-clock seconds a catalogue may take; 0: none

    @classmethod
    def from_env(cls, memory=None, seconds=None) -> "Budget":
        mem = parse_size(memory if memory is not None else os.environ.get("ZWGK_CATALOGUE_MEMORY"))
        sec = seconds if seconds is not None else os.environ.get("ZWGK_CATALOGUE_TIMEOUT")
        try:
            sec = float(sec) if sec not in (None, "") else DEFAULT_TIMEOUT
        except ValueError:
            raise ValueError(f"not a number of seconds: {sec!r}") from None
        return cls(mem, sec)


def batches(items: list[dict], workers: int) -> list[list[dict]]:
    """Consecutive catalogues in batches: at most BATCH_SIZE, at most BATCH_BYTES of files (by the `bytes`
    of each item), each at most a (2 × workers)th of the catalogues left, so batches shrink towards the end
    (guided scheduling, as OpenMP's): the workers finish together, and what the store loader has left to
    load once they are done is small. With equal batches of 16 the last one ran ≈ 0.8 s on one worker
    while the other had finished (250 catalogues, 2 workers); a batch's validation costs ≈ 25 ms whatever
    its size, so the few more batches cost little."""
    import math
    out: list[list[dict]] = []
    current, nbytes, left = [], 0, len(items)
    for item in items:
        if current and (len(current) >= max(1, min(BATCH_SIZE, math.ceil(left / (2 * max(1, workers)))))
                        or nbytes + item.get("bytes", 0) > BATCH_BYTES):
            out.append(current)
            left -= len(current)
            current, nbytes = [], 0
        current.append(item)
        nbytes += item.get("bytes", 0)
    return out + ([current] if current else [])


# -- the pass of one catalogue (in a worker) -----------------------------------------------------------

_STATIC: dict[str, list[ox.Quad]] = {}


def static_quads(base: str) -> list[ox.Quad]:
    """Code lists, ontology and shapes as quads in their graphs: what every catalogue is validated with."""
    if base not in _STATIC:
        from .ontology import ontology_triples, vocab_triples
        from .shapes import graph_name as shapes_graph_name, shapes_triples
        from .uris import URIs
        u, out = URIs(base), []
        for name, triples in ((u.vocab_graph, vocab_triples(base)), (u.ontology, ontology_triples(base)),
                              (shapes_graph_name(base), shapes_triples(base))):
            g = ox.NamedNode(name)
            out += [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
        # once each: a vocabulary file may state a triple twice (a label repeated), which the store holds
        # once; the dumps, made from these quads, must hold what the store does
        _STATIC[base] = list(dict.fromkeys(out))
    return _STATIC[base]


_PRISTINE: dict[str, tuple] = {}


def fresh_code_lists(base: str) -> None:
    """Put the code lists back as the vocabulary files say: reading a catalogue adds the labels it found
    outside them, and those must not carry over into the next catalogue the worker reads."""
    from .ontology import code_lists
    cl = code_lists(base)
    if base not in _PRISTINE:
        _PRISTINE[base] = ({k: dict(v) for k, v in cl.labels.items()}, dict(cl.pref))
    labels, pref = _PRISTINE[base]
    cl.labels = {k: dict(v) for k, v in labels.items()}
    cl.pref = dict(pref)


def citation_parts(cat) -> list[list]:
    """The legal-basis citations of a catalogue, each distinct one once with its count, in first-seen order:
    what `Minter.laws_graph` needs of it (labels are chosen by the number of citations of each title)."""
    seen: dict[tuple, list] = {}
    for r in cat.records:
        for c in r.legal_basis:
            key = (c.text, c.title, c.doc_number, c.identifier, c.number, c.year, c.legal_type, tuple(c.articles))
            if key in seen:
                seen[key][-1] += 1
            else:
                seen[key] = [*key[:7], list(key[7]), 1]
    return list(seen.values())


def agency_part(cat) -> dict:
    """What `Minter.agency_graphs` needs of a catalogue: its mapping's agency and the agents its items name."""
    m = cat.mapping
    texts = sorted({t for r in cat.records for t in (r.subject, r.responsible_unit) if t})
    return {"id": m.agency_id, "name": m.agency_name, "region": m.agency_region,
            "aliases": list(m.agency_aliases), "texts": texts}


_STATIC_DEFAULT: dict[str, list[ox.Quad]] = {}


def _validation_store(base: str) -> ox.Store:
    """A batch's in-memory validation store: the code lists, ontology and shapes (2,400 quads: a few ms),
    then the batch's graphs. A new one per batch: an in-memory store keeps every string it has seen even
    after the quads that used it are removed, so one store reused by a worker grew by 0.45 MB a catalogue
    (2 GB a worker at 10,000 catalogues).
    All but the catalogue graphs go into its default graph (`in_default_graph`), which validation reads as
    the union of all (as it reads the graphs they come from): its named graphs are then only the batch's
    catalogues, and a target needs no test that its graph is one (`validate._graphs_clause`)."""
    if base not in _STATIC_DEFAULT:
        _STATIC_DEFAULT[base] = in_default_graph(static_quads(base))
    store = ox.Store()
    store.extend(_STATIC_DEFAULT[base])
    return store


def in_default_graph(quads) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


def batch_pass(job: dict, announce=lambda label: None) -> list[dict]:
    """The pass of a few catalogues (`job["items"]`, in order): each is read and minted on its own (the code
    lists put back first), then the batch is validated at once (a validation costs ≈ 25 ms whatever its
    size: one per catalogue would be the largest cost of a pass), then each writes its parts and files.
    `announce(file)` is called as each catalogue starts (its budget is counted from there)."""
    from .mappings import load_mapping, read_catalogue
    from .mappings.mint import Minter
    from .ontology import code_lists
    from .uris import URIs
    from .validate import SEVERITIES, report_quads, validate_store, validation_graph
    from datetime import datetime

    base, u = job["base"], URIs(job["base"])
    built_at = datetime.fromisoformat(job["built_at"])
    minted = []
    for item in job["items"]:
        announce(item["source"])
        fresh_code_lists(base)
        mapping = item.get("loaded") or load_mapping(item["mapping"])
        try:
            cat = read_catalogue(mapping, Path(job["catalogues"]), base)
        except Exception as e:
            e.mapping = item["mapping"]
            raise
        minter = Minter(base, code_lists(base))
        graph = minter.catalogue_graph(cat, built_at)
        agency = minter.agency_graphs([cat])[0]
        laws = minter.laws_graph([cat])
        # items.csv and its rows of items.xlsx now: their code-list labels include the catalogue's own new
        # concepts, gone at the next reset
        tables = csv_and_xlsx_rows(cat, u, code_lists(base))
        minted.append((item, cat, graph, agency, laws, tables))
    announce(None)

    # the batch's data graph: its catalogues, their agencies and the legal bases they cite, as one build
    # would mint them (one label per law), with the code lists, ontology and shapes
    cats = [m[1] for m in minted]
    minter = Minter(base, code_lists(base))
    shared = minter.agency_graphs(cats) + [minter.laws_graph(cats)]
    store = _validation_store(base)
    store.extend(q for m in minted for q in m[2].quads)
    store.extend(in_default_graph(q for g in shared for q in g.quads))
    ids = [c.mapping.catalogue_id for c in cats]
    findings = validate_store(store, base, ids, workers=1)
    del store
    by_cat: dict[str, list] = {}
    for f in findings:
        by_cat.setdefault(f.catalogue, []).append(f)

    parts = []
    for item, cat, graph, agency, laws, (csv, sheet) in minted:
        cid = cat.mapping.catalogue_id
        out = Path(item["out"])
        cited = sorted({u.law(c.identifier) for r in cat.records for c in r.legal_basis}
                       | {f"{u.law(c.identifier)}/art/{a}" for r in cat.records for c in r.legal_basis
                          for a in c.articles})
        mine = by_cat.get(cid, [])
        report = report_quads(mine, base, [cid])
        context = context_quads(agency.quads, laws_by_subject(laws.quads), cited)
        out.mkdir(parents=True, exist_ok=True)
        written = fragments(out, [graph, *report], base)
        quads = written.quads
        files = catalogue_files(out, cid, out, quads, context, base, written)
        files.append({**_write(out, f"catalogue/{cid}.csv", csv), "catalogue": cid, "rows": len(cat.records)})
        xlsx_part(out, csv, sheet)     # its rows of items.xlsx, made here (in parallel) rather than at assembly
        counts = {s: n for s in SEVERITIES if (n := sum(f.severity == s for f in mine))}
        violations = [f for f in mine if f.severity == "Violation"]
        parts.append({
            "id": cid, "mapping": Path(item["mapping"]).name, "mapping_hash": item["mapping_hash"],
            "source": cat.mapping.source, "source_hash": item["source_hash"], "source_file": cat.source_file,
            "items": len(cat.records), "triples": len(graph.quads), "quads": quads, "warnings": cat.warnings,
            "findings": counts, "violations": [
                {"focus": f.focus.value, "path": f.path.value if f.path else None, "zh": f.message("zh"),
                 "en": f.message("en")} for f in violations[:10]],
            "violation_count": len(violations),
            "agency": agency_part(cat), "citations": citation_parts(cat), "cited": cited,
            "context_hash": context_hash(context), "files": files, "report_graph": validation_graph(base, cid),
            "entry": {"id": cid, "title": cat.mapping.title, "agency": cat.mapping.agency_name,
                      "agency_id": cat.mapping.agency_id, "items": len(cat.records), "source": cat.source_file},
        })
    return parts


def load_mappings(paths: list[str]) -> list:
    """Mapping files loaded (a build's plan has its workers load them: `Workers.load_mappings`): each a
    Mapping, or (path, line, message) of the MappingError it raised (an exception made from a message
    does not pickle back)."""
    from .mappings import MappingError, load_mapping
    out = []
    for path in paths:
        try:
            out.append(load_mapping(path))
        except MappingError as e:
            out.append((e.path, e.line, e.message))
    return out


def warm(base: str) -> None:
    """Compute what every catalogue's pass needs before the workers are forked, so each inherits it:
    the code lists, the item-type rules, the compiled shapes, the static graphs."""
    from .itemtypes import item_types
    from .ontology import code_lists
    from .shapes import compiled
    code_lists(base)
    fresh_code_lists(base)
    item_types()
    compiled(base.rstrip("/"))
    static_quads(base)


# -- the workers --------------------------------------------------------------------------------------

def _address_space() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


class _Broken(Exception):
    """The worker could not prepare itself (warm): its jobs fail with the reason."""


def _worker(conn, memory: int, base: str, parent: int, seconds: float = 0) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the build decides; a Ctrl-C reaches it, not us
    die_with_parent()    # a worker of a build killed with SIGKILL must not go on writing (nor hold its lock)
    processes.time_budget = seconds or None     # helpers a reader starts stop before the budget does
    if os.getppid() != parent:
        return
    from .mappings import MappingError, ReadError, mint
    broken = None
    try:     # here rather than before the fork: the build goes on planning and linking kept catalogues meanwhile
        warm(base)
    except Exception as e:  # a defect: every job says so
        import traceback
        broken = {"error": f"preparing a build worker: {type(e).__name__}: {e}", "traceback": traceback.format_exc()}
    # what was imported and warmed stays out of every collection (as in server/worker.py): the full
    # collections a pass triggers went from 2.0 to 0.7 CPU-ms a catalogue, all of them from 3.6 to 2.2
    gc.collect()
    gc.freeze()
    if memory:
        limit = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            if broken:
                raise _Broken()
            if "load" in job:
                result = {"ok": load_mappings(job["load"])}
            else:
                result = {"ok": batch_pass(job, lambda label: (processes.start_budget(), conn.send({"start": label})))}
        except _Broken:
            result = broken
        except MemoryError:
            result = {"memory": True}
        except MappingError as e:
            result = {"error": str(e)}
        except ReadError as e:
            result = {"error": f"{e} (mapping {getattr(e, 'mapping', '?')})"}
        except OSError as e:
            result = {"oserror": [e.errno, f"{e.filename}: {e.strerror}" if e.filename else (e.strerror or str(e)),
                                  f"{getattr(e, 'mapping', '')}: {type(e).__name__}: {e}"]}
        except Exception as e:  # a defect, not the input: say where, briefly
            import traceback
            result = {"error": f"{getattr(e, 'mapping', job.get('part', ''))}: {type(e).__name__}: {e}",
                      "traceback": traceback.format_exc()}
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return
        mint._IRIS.clear()      # the minter's IRI cache would otherwise grow with every catalogue read
        del result              # (no gc.collect() here: it found nothing to free, at 25-45 CPU-ms a batch)


class Workers:
    """`n` worker processes; `run` hands them jobs, one at a time each, and calls `done(job, result)` in
    this process as each finishes. A failed, killed or overdue job stops everything (PassFailed)."""

    def __init__(self, n: int, budget: Budget, base: str):
        self.n, self.budget, self.base = max(1, n), budget, base
        self.procs: list = []
        self.conns: list = []

    def start(self, count: int) -> None:
        ctx = multiprocessing.get_context("fork")
        while len(self.procs) < min(self.n, max(1, count)):
            parent, child = ctx.Pipe()
            p = ctx.Process(target=_worker, daemon=True,
                            args=(child, self.budget.memory, self.base, os.getpid(), self.budget.seconds))
            p.start()
            child.close()
            self.procs.append(p)
            self.conns.append(parent)

    def run(self, jobs: list[dict], done, meanwhile=None) -> None:
        """`done(job, result)` for each job. A worker says which catalogue it starts ({"start": file}; None:
        the batch's common work), and the time budget counts from there. `meanwhile()`, when given, is called
        once the first jobs are handed out (before any `done`): this process's own work, done while they run."""
        if not jobs:
            if meanwhile:
                meanwhile()
            return
        self.start(len(jobs))             # (each worker prepares itself: warm)
        todo = deque(jobs)
        busy: dict[int, list] = {}        # worker → [job, what it is doing, since when]
        while todo or busy:
            for i in range(len(self.procs)):
                if i not in busy and todo:
                    job = todo.popleft()
                    self.conns[i].send(job)
                    busy[i] = [job, None, time.monotonic()]
            if meanwhile:
                meanwhile()
                meanwhile = None
            timeout = None
            if self.budget.seconds:
                timeout = max(0.0, min(b[2] for b in busy.values()) + self.budget.seconds - time.monotonic())
            for conn in wait([self.conns[i] for i in busy], timeout):
                i = self.conns.index(conn)
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    self.procs[i].join(5)
                    raise PassFailed(self._died(busy[i], self.procs[i].exitcode)) from None
                if "start" in message:
                    busy[i][1:] = [message["start"], time.monotonic()]
                    continue
                job, what, _ = busy.pop(i)
                if "ok" not in message:
                    raise self._failed(job, what, message)
                done(job, message["ok"])
            now = time.monotonic()
            for i, (job, what, t0) in list(busy.items()):
                if self.budget.seconds and now - t0 > self.budget.seconds:
                    raise PassFailed(f"{self._what(job, what)}: not done within its time budget of "
                                     f"{self.budget.seconds:g} s (--catalogue-timeout, ZWGK_CATALOGUE_TIMEOUT); "
                                     f"the worker reading it was stopped")

    def load_mappings(self, paths: list[Path]) -> list:
        """`load_mappings` of these files, shared out among the workers (a plan of a build that mints every
        catalogue loads every mapping file: 3.6 ms each, 0.9 s at 250 catalogues that one process spent while
        the workers waited for it); in the order given."""
        import math
        size = max(1, math.ceil(len(paths) / (4 * self.n)))
        jobs = [{"load": [str(p) for p in paths[i:i + size]], "at": i} for i in range(0, len(paths), size)]
        out: list = [None] * len(paths)

        def done(job: dict, loaded: list) -> None:
            out[job["at"]:job["at"] + len(loaded)] = loaded
        self.run(jobs, done)
        return out

    @staticmethod
    def _what(job: dict, what: str | None) -> str:
        if what:
            return what
        if "load" in job:
            return " or ".join(job["load"])
        if "items" in job:
            return " or ".join(item["source"] for item in job["items"])
        return job.get("part", "?")

    def _died(self, busy: list, code: int | None) -> str:
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
        what = self._what(busy[0], busy[1])
        if self.budget.memory:
            return (f"{what}: the worker reading it died ({how}), most likely over its memory budget "
                    f"of {human(self.budget.memory)} (--catalogue-memory, ZWGK_CATALOGUE_MEMORY)")
        return f"{what}: the worker reading it died ({how})"

    def _failed(self, job: dict, what: str | None, result: dict) -> PassFailed:
        if result.get("memory"):
            return PassFailed(f"{self._what(job, what)}: over its memory budget of "
                              f"{human(self.budget.memory)} (--catalogue-memory, ZWGK_CATALOGUE_MEMORY); "
                              f"the catalogue was not read")
        if "oserror" in result:
            code, detail, text = result["oserror"]
            return PassFailed(text, code, detail)
        e = PassFailed(result["error"])
        e.traceback = result.get("traceback")
        return e

    def close(self, kill: bool = False) -> None:
        """Stop the workers (by their PIDs, through their Process handles) and reap them."""
        for conn, p in zip(self.conns, self.procs):
            if kill:
                p.kill()
            else:
                try:
                    conn.send(None)
                except (BrokenPipeError, OSError):
                    p.kill()
        for conn, p in zip(self.conns, self.procs):
            p.join(10)
            if p.exitcode is None:
                p.kill()
                p.join()
            conn.close()
        self.procs, self.conns = [], []


# -- the shared graphs, from the parts ---------------------------------------------------------------

def shared_graphs(parts: list[dict], base: str) -> list:
    """Agencies (with the offices every published catalogue names) and legal bases (labelled by the most
    cited title), minted by the one minter from what each catalogue's pass recorded (`agency_part`,
    `citation_parts`): no catalogue is read again."""
    from types import SimpleNamespace as NS

    from .mappings.legal import LegalCitation
    from .mappings.mint import Minter
    from .ontology import code_lists
    cats = []
    for p in parts:
        a = p["agency"]
        m = NS(catalogue_id=p["id"], agency_id=a["id"], agency_name=a["name"], agency_region=a["region"],
               agency_aliases=a["aliases"])
        records = [NS(subject=t, responsible_unit="", legal_basis=()) for t in a["texts"]]
        for *fields, articles, count in p["citations"]:
            cite = LegalCitation(*fields, articles=tuple(articles))
            records.append(NS(subject="", responsible_unit="", legal_basis=[cite] * count))
        cats.append(NS(mapping=m, records=records))
    minter = Minter(base, code_lists(base))
    return minter.agency_graphs(cats) + [minter.laws_graph(cats)]


def static_graphs(base: str) -> list:
    """Code lists, ontology and shapes: the same for every build of the same zwgk and base."""
    return graphs_of(static_quads(base))


def graphs_of(quads) -> list:
    """Quads as the minter's named graphs (mappings.mint.Graph), in the order the graphs first appear."""
    from .mappings.mint import Graph
    by_name: dict[str, Graph] = {}
    for q in quads:
        g = by_name.get(q.graph_name.value)
        if g is None:
            g = by_name[q.graph_name.value] = Graph(q.graph_name.value)
        g.quads.append(q)
    return list(by_name.values())
