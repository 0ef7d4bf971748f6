"""`zwgk build`: every catalogue → RDF → the embedded store and the dumps.

The data flows one way, in two steps:

  1. one pass per catalogue (zwgk.pipeline), in worker processes: read → mint → check its own shapes →
     write its parts (its graph and SHACL report as N-Quads, N-Triples, Turtle and JSON-LD pieces) and
     its own dump files. As each pass ends, the publication gate (zwgk.gate) decides whether its part is
     published, and the store loader (a child process: zwgk.storeloader) loads it into the store;
  2. one assembly step: the shared graphs (agencies, legal bases, code lists, ontology, shapes) are
     minted from the published parts, loaded, and the whole-data-set dumps are put together from the
     parts (zwgk.dumps) without serializing any catalogue again.

Incremental: the parts of the last build stay in `{dumps}/.parts/` with the content hashes of each
catalogue's source file and mapping file and of the build's own inputs (zwgk.hashes). A build re-mints
only the catalogues whose hashes changed (or that `--only` names); every other catalogue keeps its part,
its dump files (hard links) and its named graphs: the store is a checkpoint of the last one (RocksDB
hard links) in which the graphs of changed and removed catalogues are replaced. A catalogue whose
mapping file is gone is removed. Without a usable last build (none, another base, or a store that does
not match the parts) every catalogue is minted and the store loaded afresh.

The build writes into a fresh directory next to the target and swaps it in only when everything
succeeded, so a failed build leaves the last good store and dumps untouched.

One build at a time per store (zwgk.staging): a build holds an exclusive lock (`flock`) on `{store}.lock`, next to the
store (e.g. `var/store.lock`; the file holds the build's PID and exists only while a build runs), from
before it reads the first catalogue until its staging directories are gone. A second build of the same
store is refused at once (or, with `--wait`, waits). The kernel releases the lock when the build dies,
however it dies. Holding it, a build knows no other build is alive, so it removes what killed builds left:
their staging directories (`.{store}.building-{pid}`, `.{dumps}.building-{pid}`) and a half-done swap
(`{store}.old` is put back when the store itself is missing). A full disk (ENOSPC, EDQUOT, or EFBIG
from a file size limit) anywhere in the build stops it with a one-line error (`DiskFull`).
"""
from __future__ import annotations

import gc
import importlib
import json
import math
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyoxigraph as ox

from .config import Settings
from .dumps import (catalogue_files, context_hash, context_quads, fragments, laws_by_subject, link_or_copy, manifest as
                    make_manifest, manifest_text, nquads, own_files_lack, part_lacks, replace_file, upgrade_part,
                    write_dumps)
from .gate import KEEP, PUBLISH, decide
from .hashes import HashCache, build_hash, file_hash
from .mappings import Mapping, MappingError, load_mapping, mapping_files
from .mappings.mint import now
from .pipeline import Budget, PassFailed, Workers, batches, graphs_of, shared_graphs, static_graphs
from .staging import (DISK_FULL, PARTS, BuildError, CarriedParts, DiskFull, build_lock, log, remove_leftovers,
                      swap_in, writing)
from .storeloader import StoreLoader
from .uris import URIs


@dataclass
class CatalogueResult:
    catalogue_id: str
    items: int
    triples: int
    warnings: list[str]
    findings: dict[str, int] = field(default_factory=dict)   # SHACL severity → count (zwgk.validate)
    status: str = "published"                                 # or why it was held back (zwgk.gate)
    minted: bool = True                                       # False: kept from the last build unchanged
    title: str = ""                                           # the catalogue's title (its mapping's)


@dataclass
class Violation:
    """A SHACL violation of a catalogue held back, as the build prints it."""
    catalogue: str
    focus: str
    path: str | None
    zh: str
    en: str


@dataclass
class BuildResult:
    catalogues: list[CatalogueResult] = field(default_factory=list)
    total_triples: int = 0
    seconds: float = 0.0
    store: Path | None = None
    dumps: Path | None = None
    held_back: dict[str, str] = field(default_factory=dict)  # catalogue id → why it was not published as built
    violations: list[Violation] = field(default_factory=list)
    violation_counts: dict[str, int] = field(default_factory=dict)
    minted: list[str] = field(default_factory=list)          # catalogues read and minted by this build
    kept: list[str] = field(default_factory=list)            # catalogues kept from the last build as they were
    removed: list[str] = field(default_factory=list)         # catalogues whose mapping file is gone
    incremental: bool = False                                # the store was updated, not loaded afresh


#: a build has what the store loader gathered loaded once each of these shares of its catalogues is done, so that a
#: small build is not loaded in one batch at its end (250 catalogues, 75 MB, in one batch: 4.8 s waiting for it;
#: whole builds, two runs each: 1 share 20.5/19.8 s, 3 shares 17.3/17.6 s, 6 shares 17.9/18.1 s). The shares
#: shrink towards the end, as the batches do (zwgk.pipeline.batches): the loader loads a catalogue in about 60 %
#: of the time the workers take to make one, so what it has left once they are done is the last few of them
LOAD_MARKS = (1 / 3, 2 / 3, 5 / 6, 11 / 12)


# -- what to build: the plan ---------------------------------------------------------------------

STATE = "state.json"             # … and what they are: hashes, counts, warnings, files (zwgk.pipeline)
STORE_STAMP = "zwgk-build.json"  # in the store directory: the build that made it, to match it with the parts


@dataclass
class Planned:
    cid: str
    mapping: Path
    source: str
    mapping_hash: str | None
    source_hash: str | None
    previous: dict | None        # its entry in the last build's state, when its part is there
    mint: bool                   # read and mint it (else keep its part of the last build)
    lacking: str | None = None   # a file its part of the last build lacks (then minted again, `previous` None)
    loaded: Mapping | None = None   # its mapping as the plan loaded it, sent to the worker that mints it


def read_state(settings: Settings) -> dict | None:
    """The last build's state, when it is there, readable and made for the same base. Read by orjson with the
    cyclic garbage collector paused (it would walk the million objects being made, again and again): 60 MB at
    10,000 catalogues, 1.24 s with json, 0.59 s so."""
    paused = gc.isenabled()
    gc.disable()
    try:
        state = orjson.loads((Path(settings.dumps) / PARTS / STATE).read_bytes())
    except (OSError, ValueError):
        return None
    finally:
        if paused:
            gc.enable()
    return state if isinstance(state, dict) and state.get("base") == settings.base else None


def state_bytes(state: dict) -> bytes:
    """The build state as JSON (orjson: 0.25 s at 10,000 catalogues, where json.dumps took 2.0 s)."""
    return orjson.dumps(state)


#: the last build's store is updated in place (a checkpoint of it, in which the graphs of the catalogues minted again
#: or removed are dropped and the new ones loaded) while those graphs hold at most this share of its catalogues'
#: quads; above it, the new store is loaded afresh from every catalogue's part. Dropping a quad costs the store
#: more than loading one, and the in-place loads wait for every pass to end: at 250 catalogues, `--full` took 30 s
#: in place and 19 s afresh; one catalogue in place takes 3 s at 1,000 catalogues, afresh it would reload them all
UPDATE_IN_PLACE_MAX = 0.3


def update_in_place(state: dict, replaced: list[str]) -> bool:
    """Whether the last build's store is worth updating in place rather than loading afresh, when the graphs of
    the catalogues `replaced` (minted again, or removed) go (see UPDATE_IN_PLACE_MAX)."""
    cats = state.get("catalogues", {})
    total = sum(c.get("quads", 0) for c in cats.values())
    gone = sum(cats[cid].get("quads", 0) for cid in set(replaced) if cid in cats)
    return gone <= UPDATE_IN_PLACE_MAX * total


def store_matches(store: Path, state: dict) -> bool:
    try:
        return json.loads((store / STORE_STAMP).read_text(encoding="utf-8")).get("build") == state.get("build")
    except (OSError, ValueError, AttributeError):
        return False


def source_hash(catalogues: Path, source: str, hashes: HashCache | None = None, root: Path | None = None) -> str | None:
    """The hash of a catalogue file inside the catalogues folder (None otherwise: the reader says why). `root`:
    the folder resolved already (a plan resolves it once). A plain file name is resolved with one lstat (it is
    the folder's own entry unless it is a symbolic link); other names by `Path.resolve`, which takes one per
    component of the path, in Python: 1.5 s of a plan of 10,000 catalogues when every name was resolved so."""
    try:
        root = root or Path(catalogues).resolve()
        path = root / source
        if source in ("", ".", "..") or Path(source).name != source or "\0" in source or path.is_symlink():
            path = (Path(catalogues) / source).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not path.is_relative_to(root) or path == root:
        return None
    return hashes.hash(path) if hashes is not None else file_hash(path)


#: the mapping files a plan has to load at least for the workers to load them (`plan`'s `load`)
PLAN_LOAD_MIN = 32


def plan(settings: Settings, only: list[str] | None, state: dict | None,
         full: bool = False, hashes: HashCache | None = None, load=None) -> tuple[list[Planned], list[str]]:
    """Every catalogue of the mapping files, in their order, with whether to mint it (`full`: all of them);
    the catalogues of the last build whose mapping file is gone. `hashes`: the files' hashes as the last
    build knew them (HashCache). `load(paths)`: the mapping files loaded (`Workers.load_mappings`), used
    when PLAN_LOAD_MIN or more are to be loaded (a build that mints every catalogue); else this process
    loads them."""
    hashes = hashes or HashCache()
    files = mapping_files(settings.mappings)
    if not files:
        below = sorted({f.parent for f in Path(settings.mappings).glob("*/*.yaml")}) \
            if Path(settings.mappings).is_dir() else []
        hint = f"; the folder below it holds some: --mappings {below[0]}" if len(below) == 1 else ""
        raise BuildError(f"{settings.mappings}: no mapping files (*.yaml) found{hint}")
    same_code = state is not None and state.get("build_hash") == build_hash(settings.base)
    old = state.get("catalogues", {}) if state else {}
    # an unchanged mapping file of the last build (same code) loaded then: its id and source are known
    known = {(e["mapping"], e["mapping_hash"]): e for e in old.values()}
    dumps = os.fspath(settings.dumps)
    parts = os.fspath(Path(settings.dumps) / PARTS / "catalogue")
    try:     # the last build's own files of each catalogue, which a kept catalogue's are linked from
        own = set(os.listdir(Path(settings.dumps) / "catalogue")) if old else set()
    except OSError:
        own = set()
    planned, seen = [], {}
    try:
        root = Path(settings.catalogues).resolve()
    except (OSError, RuntimeError, ValueError):
        root = None
    mapping_hashes = [hashes.hash(path) for path in files]
    entries = [known.get((path.name, mh)) if same_code and mh else None for path, mh in zip(files, mapping_hashes)]
    to_load = [path for path, entry in zip(files, entries) if entry is None]
    loaded = {}
    if load is not None and len(to_load) >= PLAN_LOAD_MIN:
        try:
            loaded = dict(zip(to_load, load(to_load)))
        except PassFailed as e:
            raise BuildError(str(e)) from None
    for path, mh, entry in zip(files, mapping_hashes, entries):
        mapping = None
        if entry is not None:
            cid, source = entry["id"], entry["source"]
        else:
            mapping = loaded.get(path)
            try:
                if mapping is None:
                    mapping = load_mapping(path)
                elif isinstance(mapping, tuple):     # the MappingError a worker met
                    raise MappingError(*mapping)
            except MappingError as e:
                raise BuildError(str(e)) from None
            cid, source = mapping.catalogue_id, mapping.source
        if cid in seen:
            raise BuildError(f"{path}: catalogue id '{cid}' is also used by {seen[cid]}")
        seen[cid] = path
        sh = source_hash(settings.catalogues, source, hashes, root)
        prev, lacking = old.get(cid), None
        if prev is not None:       # its part and its own files, all there (else it is minted again)
            lacking = part_lacks(f"{parts}/{cid}") or own_files_lack(dumps, own, prev.get("files", []))
            if lacking:
                prev = None
        if full:
            mint = True
        elif only is not None:
            mint = cid in only or prev is None      # never lose a catalogue: one with no part is minted too
        else:
            mint = not (prev is not None and same_code and sh is not None and prev["mapping"] == path.name
                        and prev["mapping_hash"] == mh and prev["source_hash"] == sh)
        planned.append(Planned(cid, path, source, mh, sh, prev, mint, lacking, mapping if mint else None))
    if only:
        missing = sorted(set(only) - set(seen))
        if missing:
            raise BuildError(f"no mapping file for catalogue(s) {missing}")
    return planned, [cid for cid in old if cid not in seen]


def build(settings: Settings, only: list[str] | None = None, progress=log, allow_violations: bool = False,
          wait: bool = False, workers: int | None = None, budget: Budget | None = None,
          full: bool = False, advance=None) -> BuildResult:
    """Build under the store's build lock (BuildLocked if another build holds it and not `wait`); a full
    disk anywhere raises DiskFull. Either way the staging directories are removed. `full`: mint every
    catalogue, changed or not (the last build's parts still serve as the previous version of a catalogue
    held back by the gate). `progress(message)` is told what the build does; `advance(done, total, what)`,
    when given, is called as the minting starts (0 done) and as each catalogue's pass ends, in place of
    that catalogue's `progress` line (`zwgk build` draws its progress bar with it)."""
    if not workers:
        env = os.environ.get("ZWGK_WORKERS") or "0"
        if not env.isdigit():
            raise BuildError(f"ZWGK_WORKERS={env!r}: not a number of worker processes")
        workers = int(env) or os.cpu_count() or 1
    budget = budget or Budget.from_env()
    with writing(f"the build's files (next to {settings.store} and {settings.dumps})"):
        with build_lock(Path(settings.store), wait, progress) as lock_fd:
            t0 = time.perf_counter()
            remove_leftovers(settings, progress)
            result = _build(settings, only, progress, allow_violations, lock_fd, workers, budget, full, advance)
    result.seconds = time.perf_counter() - t0
    return result


def _build(settings: Settings, only: list[str] | None, progress, allow_violations: bool,
           lock_fd: int | None, workers: int, budget: Budget, full: bool = False, advance=None) -> BuildResult:
    state = read_state(settings)
    hashes = HashCache(None if (full or state is None) else state.get("file_hashes"))
    # the workers prepare themselves (warm: 0.5-1 s) while this process plans: all of them when every catalogue
    # will be minted, else one (stopped at once when nothing is to be minted)
    pool = Workers(workers, budget, settings.base)
    everything = only is None and (full or state is None or state.get("build_hash") != build_hash(settings.base))
    if everything:   # pydantic and the mapping models, imported once for the workers forked next (0.2 s each)
        importlib.import_module(".mappings.spec_models", __package__)
    pool.start(len(mapping_files(settings.mappings)) if everything else 1)
    try:
        planned, removed = plan(settings, only, state, full, hashes, pool.load_mappings if everything else None)
    except BaseException:
        pool.close(kill=True)
        raise
    base, u = settings.base, URIs(settings.base)
    # stage next to each target so the final swap is a rename on the same file system
    staged_store = settings.store.parent / f".{settings.store.name}.building-{os.getpid()}"
    staged_dumps = settings.dumps.parent / f".{settings.dumps.name}.building-{os.getpid()}"
    dumps_what, store_what = f"the dumps in {staged_dumps}", f"the store in {staged_store}"
    old_dumps, old_parts, new_parts = Path(settings.dumps), Path(settings.dumps) / PARTS, staged_dumps / PARTS
    if everything and not full and state is not None and planned:
        progress("zwgk's code, ontology, code lists or shapes, or the URI base or vocabulary, changed since the "
                 "last build: every catalogue is minted again")
    for p in planned:
        if p.lacking:
            progress(f"{p.cid}: the last build's files of it lack {p.lacking}; it is minted again")
    to_mint = [p for p in planned if p.mint]
    kept = [p for p in planned if not p.mint]
    incremental = state is not None and store_matches(Path(settings.store), state) and \
        update_in_place(state, [p.cid for p in to_mint] + removed)
    result = BuildResult(store=settings.store, dumps=settings.dumps, incremental=incremental,
                         minted=[p.cid for p in to_mint], kept=[p.cid for p in kept], removed=removed)
    if incremental and not to_mint and not removed and _stands(settings, state, planned):
        pool.close(kill=True)     # (it would finish preparing itself first)
        progress(f"nothing changed since the last build ({len(planned)} catalogues): its store and dumps stand")
        return _unchanged(settings, state, hashes, result)
    if only and kept:
        progress(f"--only: {len(kept)} other catalogue(s) keep their last build")
    elif kept:
        progress(f"{len(kept)} of {len(planned)} catalogues unchanged since the last build: kept as they are")
    for cid in removed:
        progress(f"{cid}: its mapping file is gone; removing it")
    carried = None
    try:
        for d in (staged_store, staged_dumps):
            if d.exists():
                shutil.rmtree(d)
            with writing(dumps_what if d == staged_dumps else store_what):
                d.parent.mkdir(parents=True, exist_ok=True)
        carried = CarriedParts(old_parts, new_parts)
        with writing(dumps_what):
            new_parts.mkdir(parents=True)
            carried.take()
        if incremental:  # a checkpoint of the last store: its files are hard links, so this is quick
            with writing(store_what):
                last = ox.Store.read_only(str(settings.store))
                last.backup(str(staged_store))
                del last
        progress(f"{'updating' if incremental else 'loading'} the store; minting {len(to_mint)} catalogue(s) "
                 f"with {min(workers, max(1, len(to_mint)))} worker(s)")
        loader = StoreLoader(staged_store, lock_fd)
        if to_mint:
            pool.start(len(to_mint))   # the rest, when more than the one started before the plan are needed
        try:
            with writing(dumps_what):
                published, status = _passes(settings, state, planned, removed, result, loader, pool, incremental,
                                            allow_violations, old_dumps, carried, staged_dumps, progress,
                                            advance)
                carried.drop_others(set(published))
                order = [p.cid for p in planned if p.cid in published]
                parts = [published[cid] for cid in order]
                shared_key = shared_inputs(parts, base)
                shared, n_shared, shared_known = _shared_part(state, shared_key, parts, base, old_parts, new_parts)
                static, n_static, static_hashes = _static_part(state, base, old_parts, new_parts)
                for known, part in ((static_hashes, "static"), (shared_known, "shared")):
                    if known and not incremental:   # carried over, but the store is loaded afresh
                        loader.load_file(new_parts / part / "graph.nq.gz")
                shared_hashes = _load_shared(loader, shared + static, {**static_hashes, **shared_known}, state,
                                             incremental)
                loader.close_input()   # the loader finishes while the dumps are written
                if shared_known:       # carried over: only the catalogues minted now may see another context
                    minted = set(result.minted)
                    if minted:   # (only the graphs of their agencies and the legal bases are read back)
                        wanted = {u.laws_graph} | {u.agency(p["agency"]["id"]) for p in parts if p["id"] in minted}
                        _recontext(parts, read_graphs(new_parts / "shared" / "graph.nq.gz", wanted), u, base,
                                   new_parts, staged_dumps, minted)
                else:
                    _recontext(parts, shared, u, base, new_parts, staged_dumps)
                published.update((p["id"], p) for p in parts)
                pool.close()
                whole = write_dumps(staged_dumps, [(cid, new_parts / "catalogue" / cid, published[cid]["quads"])
                                                   for cid in order] + [(None, new_parts / "shared", n_shared),
                                                                        (None, new_parts / "static", n_static)],
                                    [(staged_dumps / "catalogue" / f"{cid}.csv", published[cid]["items"],
                                      new_parts / "catalogue" / cid) for cid in order], old_dumps if state else None)
                manifest = make_manifest(base, whole + [f for p in parts for f in p["files"]],
                                         [p["entry"] for p in parts])
        except PassFailed as e:
            pool.close(kill=True)
            loader.abort()
            if e.errno in DISK_FULL:
                raise DiskFull(e.errno, dumps_what, e.detail) from None
            raise BuildError(str(e)) from None
        except BaseException:
            pool.close(kill=True)
            loader.abort()
            raise
        loader.finish()
        # the store is not counted (on disk, 0.6 s a million quads): every graph is in one part, whose
        # distinct quads the part counted; tests check that the sum is what the store holds
        quad_count = sum(published[cid]["quads"] for cid in order) + n_shared + n_static
        build_id = uuid.uuid4().hex
        manifest["built"] = now().isoformat()
        # where /source/catalogues/… and /source/mappings/… are served from
        manifest["sources"] = {"catalogues": str(Path(settings.catalogues).resolve()),
                               "mappings": str(Path(settings.mappings).resolve())}
        manifest["store_quads"] = quad_count
        new_state = {"build": build_id, "base": base, "build_hash": build_hash(base),
                     "catalogues": {cid: published[cid] for cid in order}, "shared": shared_hashes,
                     "static_quads": n_static, "shared_inputs": shared_key, "shared_quads": n_shared,
                     "file_hashes": hashes.seen, "sources": manifest["sources"], "store_quads": quad_count}
        with writing(dumps_what):
            (staged_dumps / "manifest.json").write_text(manifest_text(manifest), encoding="utf-8")
            (new_parts / STATE).write_bytes(state_bytes(new_state))
        with writing(store_what):
            (staged_store / STORE_STAMP).write_text(json.dumps({"build": build_id}), encoding="utf-8")
        with writing(f"{settings.store} and {settings.dumps} (swapping the new build in)"):
            swap_in(staged_store, settings.store)
            swap_in(staged_dumps, settings.dumps)
        shutil.rmtree(Path(settings.dumps) / PARTS / "replaced", ignore_errors=True)   # the parts set aside
    finally:
        pool.close(kill=True)     # (none left after a build that went well)
        if staged_dumps.exists() and carried is not None:   # not swapped in: the last build gets its parts back
            try:
                carried.restore()
            except OSError as e:   # then the next build mints every catalogue again: slower, not wrong
                progress(f"the last build's catalogue parts could not be put back ({e}); the next build "
                         "mints every catalogue again")
        for d in (staged_store, staged_dumps):
            shutil.rmtree(d, ignore_errors=True)
    for cid in order:
        p = published[cid]
        result.catalogues.append(CatalogueResult(cid, p["items"], p["triples"], p["warnings"], dict(p["findings"]),
                                                 status.get(cid, "published"), cid in set(result.minted),
                                                 p.get("entry", {}).get("title") or ""))
    result.total_triples = quad_count
    return result


def _stands(settings: Settings, state: dict, planned: list[Planned]) -> bool:
    """Whether the last build is what this one would make: every catalogue unchanged (the caller checked),
    in the same order, read from the same folders, and its dumps still there."""
    sources = {"catalogues": str(Path(settings.catalogues).resolve()),
               "mappings": str(Path(settings.mappings).resolve())}
    return (list(state.get("catalogues", {})) == [p.cid for p in planned] and state.get("sources") == sources
            and isinstance(state.get("store_quads"), int) and (Path(settings.dumps) / "manifest.json").is_file())


def _unchanged(settings: Settings, state: dict, hashes: HashCache, result: BuildResult) -> BuildResult:
    """The result of a build that changes nothing: the last build's, read from its state. Its store and dumps
    are left as they are (not copied, not re-assembled); only the remembered file hashes are brought up to
    date when some were taken again (a file touched but not changed), so the next build need not retake them."""
    if hashes.seen != state.get("file_hashes"):
        path = Path(settings.dumps) / PARTS / STATE
        with writing(f"the build state in {path.parent}"):
            replace_file(path, state_bytes({**state, "file_hashes": hashes.seen}))
    for cid, p in state["catalogues"].items():
        result.catalogues.append(CatalogueResult(cid, p["items"], p["triples"], p["warnings"], dict(p["findings"]),
                                                 "published", False, p.get("entry", {}).get("title") or ""))
    result.total_triples = state["store_quads"]
    return result


def _passes(settings, state, planned, removed, result, loader, pool, incremental, allow_violations, old_dumps,
            carried: CarriedParts, staged_dumps, progress, advance=None) -> tuple[dict[str, dict], dict[str, str]]:
    """Step 1: every catalogue to mint goes through its pass in a worker; as each ends, the gate decides and
    the store loader is told (and `advance`, or else `progress`, the user). Kept catalogues bring their last
    part. (catalogue id → part, id → status)"""
    base, u, new_parts = settings.base, URIs(settings.base), staged_dumps / PARTS
    # incremental: the catalogues whose graphs the store holds (those of the last build's state)
    in_store = set(state.get("catalogues", {})) if incremental else set()
    published: dict[str, dict] = {}
    status: dict[str, str] = {}
    drops, loads = [], []          # incremental: sent once every pass is done, drops first

    (staged_dumps / "catalogue").mkdir(exist_ok=True)

    old, staged = os.fspath(old_dumps), os.fspath(staged_dumps)   # paths as text: 40,000 links at 10,000
    # parts of a build by other code (an earlier zwgk) may lack what this one assembles the dumps from
    earlier = state is not None and state.get("build_hash") != build_hash(base)

    def keep_previous(p: Planned) -> None:
        dst = new_parts / "catalogue" / p.cid        # carried over from the last build (CarriedParts)
        if earlier:
            upgrade_part(dst)
        for f in p.previous["files"]:
            link_or_copy(f"{old}/{f['path']}", f"{staged}/{f['path']}", fresh=f["path"].startswith("catalogue/"))
        if not incremental:
            loader.load_file(dst / "graph.nq.gz")
        published[p.cid] = p.previous

    if incremental:
        for cid in removed:
            drops += [u.catalogue(cid), f"{base}/graph/validation/{cid}"]
    by_id = {p.cid: p for p in planned}
    built_at = now().isoformat()   # one time for every catalogue this build mints (their activities' end)
    items = [{"id": p.cid, "mapping": str(p.mapping), "source": f"{Path(settings.catalogues) / p.source}",
              "out": str(new_parts / "catalogue" / f"{p.cid}.new"), "mapping_hash": p.mapping_hash,
              "source_hash": p.source_hash, "bytes": _size(Path(settings.catalogues) / p.source),
              "loaded": p.loaded}   # (unpickled in 0.1 ms: loading a mapping file again costs 1.4-2 ms)
             for p in planned if p.mint]
    jobs = [{"base": base, "catalogues": str(settings.catalogues), "built_at": built_at, "items": batch}
            for batch in batches(items, pool.n)]
    done_count, jobs_done = 0, 0
    marks = sorted({math.ceil(len(items) * f) for f in LOAD_MARKS})

    def done(job: dict, parts: list[dict]) -> None:
        nonlocal jobs_done
        before = done_count
        for item, part in zip(job["items"], parts):
            one(item, part)
        jobs_done += 1
        # the loader loads what it has gathered as each share of the catalogues is done (LOAD_MARKS), and once
        # the last jobs are with the workers (while they run: what is left to load once they are done is theirs)
        crossed = any(before < mark <= done_count for mark in marks)
        if not incremental and (crossed or jobs_done == len(jobs) - pool.n):
            loader.flush()

    def one(item: dict, part: dict) -> None:
        nonlocal done_count
        done_count += 1
        what = f"{part['source_file']}: {part['items']} items, {len(part['warnings'])} warnings"
        if advance:
            advance(done_count, len(items), what)
        else:
            progress(f"[{done_count}/{len(items)}] {what}")
        p, cid, scratch = by_id[item["id"]], part["id"], Path(item["out"])
        d = decide(part, p.previous is not None, allow_violations)
        if d.status != "published":
            status[cid] = d.status
        if part["violation_count"]:
            result.violations += [Violation(cid, v["focus"], v["path"], v["zh"], v["en"]) for v in part["violations"]]
            result.violation_counts[cid] = part["violation_count"]
        if d.action == PUBLISH:
            final = new_parts / "catalogue" / cid
            for f in part["files"]:
                (staged_dumps / f["path"]).parent.mkdir(parents=True, exist_ok=True)
                os.replace(scratch / f["path"], staged_dumps / f["path"])
            shutil.rmtree(scratch / "catalogue", ignore_errors=True)
            carried.replace(cid, scratch)
            if incremental:
                if cid in in_store:
                    drops.extend([u.catalogue(cid), part["report_graph"]])
                loads.append(final / "graph.nq.gz")
            else:
                loader.load_file(final / "graph.nq.gz")
            published[cid] = part
        else:
            shutil.rmtree(scratch, ignore_errors=True)
            result.held_back[cid] = d.status
            if d.action == KEEP:
                keep_previous(p)
            elif cid in in_store:       # LEAVE_OUT: no part of it to keep, yet the store had it
                drops.extend([u.catalogue(cid), part["report_graph"]])

    if advance and items:
        advance(0, len(items), None)
    # the kept catalogues are linked into the new build while the workers mint the others
    pool.run(jobs, done, meanwhile=lambda: [keep_previous(p) for p in planned if not p.mint])
    for g in drops:
        loader.drop(g)
    for f in loads:
        loader.load_file(f)
    return published, status


def shared_inputs(parts: list[dict], base: str) -> str:
    """A hash of everything the shared graphs (agencies, legal bases) are minted from: each catalogue's
    agency and citations as its pass recorded them, in build order, with the code and the base."""
    import hashlib
    h = hashlib.sha256(f"{build_hash(base)}|{base}".encode())
    for p in parts:
        if "shared_key" not in p:    # kept in the part (and so in the build state): hashed once per catalogue
            p["shared_key"] = hashlib.sha256(json.dumps([p["id"], p["agency"], p["citations"]], ensure_ascii=False,
                                                        sort_keys=True).encode()).hexdigest()
        h.update(p["shared_key"].encode())
    return h.hexdigest()


def _shared_part(state: dict | None, key: str, parts: list[dict], base: str, old_parts: Path,
                 new_parts: Path) -> tuple[list, int, dict]:
    """The agencies and legal bases: the last build's part when what they are minted from is the same (a
    one-catalogue edit that changes neither its agency nor its citations), else minted now. (graphs made
    now, quad count, hashes of the graphs carried over)"""
    u = URIs(base)
    if state and state.get("shared_inputs") == key and "shared_quads" in state \
            and (old_parts / "shared" / "graph.nq.gz").is_file():
        for f in (old_parts / "shared").iterdir():
            link_or_copy(f, new_parts / "shared" / f.name)
        known = {g: h for g, h in state.get("shared", {}).items() if g.startswith(u.agency("")) or g == u.laws_graph}
        return [], state["shared_quads"], known
    shared = shared_graphs(parts, base)
    return shared, fragments(new_parts / "shared", [q for g in shared for q in g.quads], base).quads, {}


def read_graphs(path: Path, names: set[str] | None = None) -> list:
    """The named graphs of a gzipped N-Quads part file (only those named `names`, when given: their lines
    are picked out before parsing, by the graph name that ends each line our serializer wrote)."""
    from zlib_ng import gzip_ng
    data = gzip_ng.decompress(path.read_bytes())
    if names is not None:
        ends = tuple(f"<{n}> .".encode() for n in names)
        data = b"\n".join(line for line in data.split(b"\n") if line.rstrip().endswith(ends))
    return graphs_of(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _static_part(state: dict | None, base: str, old_parts: Path, new_parts: Path) -> tuple[list, int, dict]:
    """The part of the code lists, ontology and shapes: the last build's when zwgk and the base are the same
    (then their graphs are not made again, only their hashes carried over), else made now.
    (graphs to hash and load, quad count, hashes already known)"""
    if state and state.get("build_hash") == build_hash(base) and "static_quads" in state \
            and (old_parts / "static" / "graph.nq.gz").is_file():
        for f in (old_parts / "static").iterdir():
            link_or_copy(f, new_parts / "static" / f.name)
        names = {g for g in state.get("shared", {}) if not g.startswith(URIs(base).agency("")) and g != URIs(base).laws_graph}
        return [], state["static_quads"], {g: state["shared"][g] for g in names}
    static = static_graphs(base)
    return static, fragments(new_parts / "static", [q for g in static for q in g.quads], base).quads, {}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _load_shared(loader: StoreLoader, graphs: list, known: dict[str, str], state: dict | None,
                 incremental: bool) -> dict[str, str]:
    """Load the shared graphs (incremental: only those that changed, dropping those that went); their hashes.
    `known`: hashes of graphs carried over unchanged from the last build (not in `graphs`)."""
    import hashlib
    hashes = {**known, **{g.name.value: hashlib.sha256(nquads([g])).hexdigest() for g in graphs}}
    old = state.get("shared", {}) if (incremental and state) else {}
    for name, h in old.items():
        if hashes.get(name) != h:
            loader.drop(name)
    changed = [g for g in graphs if old.get(g.name.value) != hashes[g.name.value]]
    if changed:
        loader.load(nquads(changed))
    return hashes


def _recontext(parts: list[dict], shared: list, u: URIs, base: str, new_parts: Path, staged_dumps: Path,
               only: set[str] | None = None) -> None:
    """A catalogue's own dump files hold its agency and the legal bases it cites as its pass saw them; where
    the whole build sees them otherwise (another catalogue of the agency names more offices, another
    spelling of a law's title is cited more often), put them together again from its part and the new
    context (only the context is serialized)."""
    by_name = {g.name.value: g.quads for g in shared}
    laws = laws_by_subject(by_name.get(u.laws_graph, []))
    for n, part in enumerate(parts):
        if only is not None and part["id"] not in only:
            continue
        ctx = context_quads(by_name.get(u.agency(part["agency"]["id"]), []), laws, part["cited"])
        h = context_hash(ctx)
        if h != part["context_hash"]:
            cid = part["id"]
            files = catalogue_files(staged_dumps, cid, new_parts / "catalogue" / cid, part["quads"], ctx, base)
            new = {f["path"]: f for f in files}
            parts[n] = dict(part, context_hash=h, files=[new.get(f["path"], f) for f in part["files"]])


#: the longest catalogue title the summary shows (display columns; a longer one is cut with "…")
TITLE_WIDTH = 30


def summary_table(result: BuildResult) -> str:
    """A line per catalogue this build minted (its id, title and counts), one for those it kept as the last
    build made them (that build listed them, as it printed their warnings), and the totals of the whole store,
    columns lined up (zwgk.console). A one-catalogue change at 10,000 catalogues prints three lines, not
    10,000."""
    from .console import table

    def shacl(cats: list[CatalogueResult]) -> str:     # their findings, summed: V/W/I
        return "/".join(str(sum(c.findings.get(s, 0) for c in cats)) for s in ("Violation", "Warning", "Info"))
    minted = set(result.minted)
    listed = [c for c in result.catalogues if c.catalogue_id in minted]
    kept = [c for c in result.catalogues if c.catalogue_id not in minted]
    rows = [(c.catalogue_id, c.title, c.items, c.triples, len(c.warnings), shacl([c])) for c in listed]
    if kept:
        rows.append((f"({len(kept)} kept from the last build)", "", sum(c.items for c in kept),
                     sum(c.triples for c in kept), sum(len(c.warnings) for c in kept), shacl(kept)))
    footer = ("total (store, all graphs)", "", sum(c.items for c in result.catalogues), result.total_triples,
              sum(len(c.warnings) for c in result.catalogues), shacl(result.catalogues))
    return table(["catalogue", "title", "items", "triples", "warnings", "shacl V/W/I"], rows, footer,
                 ["left", "left", "right", "right", "right", "right"], [None, TITLE_WIDTH, None, None, None, None])


# -- command line ---------------------------------------------------------------------------------

def add_parser(sub) -> None:
    from .cli import add_common
    b = sub.add_parser("build", help="read every catalogue, load the embedded store, write the dumps")
    add_common(b)
    b.add_argument("--catalogues", type=Path, help="folder of catalogue files (default: the project's catalogues/)")
    b.add_argument("--mappings", type=Path, help="folder of mapping files (default: mappings/catalogues/)")
    b.add_argument("--only", nargs="+", metavar="ID",
                   help="rebuild only these catalogue ids; every other catalogue keeps its last build")
    b.add_argument("--allow-violations", action="store_true",
                   help="publish catalogues whose SHACL validation finds violations (default: keep their previous version)")
    b.add_argument("--wait", action="store_true",
                   help="when another build of the same store is running, wait for it to end (default: refuse)")
    b.add_argument("--full", action="store_true",
                   help="mint every catalogue again, even those whose files, mapping and zwgk did not change "
                        "(default: only those, and keep the others as the last build made them)")
    b.add_argument("--workers", type=int, metavar="N",
                   help="catalogues read and minted at once, each in its own process (env ZWGK_WORKERS; "
                        "default: one per core)")
    b.add_argument("--catalogue-memory", metavar="SIZE",
                   help="memory one catalogue may take (its worker's address space above its start), e.g. 2G, 512M; "
                        "0 for no limit (env ZWGK_CATALOGUE_MEMORY; default 2G)")
    b.add_argument("--catalogue-timeout", type=float, metavar="SECONDS",
                   help="seconds one catalogue may take to read, mint, validate and write; 0 for no limit "
                        "(env ZWGK_CATALOGUE_TIMEOUT; default 300)")
    b.set_defaults(func=cmd_build)


def cmd_build(args) -> int:
    from .cli import settings_from
    from .pipeline import Budget
    settings = settings_from(args)
    try:
        budget = Budget.from_env(getattr(args, "catalogue_memory", None), getattr(args, "catalogue_timeout", None))
    except ValueError as e:
        print(f"zwgk build: error: --catalogue-memory / --catalogue-timeout (ZWGK_CATALOGUE_MEMORY / "
              f"ZWGK_CATALOGUE_TIMEOUT): {e}", file=sys.stderr)
        return 2
    from .console import progress
    try:
        # on a terminal, a bar over the catalogues minted (and the build's messages above it); else its lines
        with progress(None, "minting", unit="catalogues") as bar:
            result = build(settings, only=args.only, allow_violations=args.allow_violations,
                           wait=getattr(args, "wait", False),  # `zwgk serve` builds through here, without --wait
                           workers=getattr(args, "workers", None), budget=budget, full=getattr(args, "full", False),
                           progress=bar.log, advance=bar.step if bar.active else None)
    except BuildError as e:
        from .mappings.readers.base import printable    # one line, whatever a file's name or content holds
        print(f"zwgk build: error: {printable(str(e))}", file=sys.stderr)
        if e.note:
            print(f"zwgk build: {printable(e.note)}", file=sys.stderr)
        return 1
    minted = set(result.minted)
    for c in result.catalogues:
        if c.catalogue_id in minted:   # a kept catalogue's warnings were printed by the build that minted it
            for w in c.warnings:
                print(f"warning: {w}", file=sys.stderr)
    print(summary_table(result))
    print(minted_line(result))
    print(f"store: {result.store}   dumps: {result.dumps}   ({result.seconds:.1f} s)")
    for cid, why in sorted(result.held_back.items()):
        print(f"zwgk build: {cid}: {why}:", file=sys.stderr)
        mine = [f for f in result.violations if f.catalogue == cid]
        for f in mine[:10]:
            print(f"  violation: {f.focus}{' ' + f.path if f.path else ''}: {f.zh} / {f.en}", file=sys.stderr)
        total = result.violation_counts.get(cid, len(mine))
        if total > 10:
            print(f"  … and {total - 10} more", file=sys.stderr)
    held = [cid for cid, why in result.held_back.items() if why.startswith("not published")]
    return 1 if held else 0


def minted_line(result: BuildResult) -> str:
    """What this build read and minted, and what it kept from the last build."""
    total = len(result.minted) + len(result.kept)
    shown = ", ".join(result.minted[:10]) + (f" … (+{len(result.minted) - 10})" if len(result.minted) > 10 else "")
    line = f"minted {len(result.minted)} of {total} catalogues" + (f" ({shown})" if result.minted else "")
    if result.kept:
        line += f"; {len(result.kept)} kept from the last build"
    if result.removed:
        line += f"; removed (mapping gone): {', '.join(result.removed)}"
    if result.incremental and not result.minted and not result.removed:
        return line + "; store and dumps unchanged"
    return line + ("; store updated in place of the last one" if result.incremental else "; store loaded afresh")
