"""The build as a CI pipeline needs it: incremental, parallel, shardable, safe to kill.

* **Inputs, by content.** A document's inputs are the region files its kind declares (``Kind.sources``:
  it is rendered against a workspace holding only those), the config files its kind reads, its
  stylesheet files (CSS, Word definitions, the PDF's font files), the templates and images it actually
  read (recorded while rendering) and the toolchain (our source code and the versions of the libraries
  that shape the bytes). Each is hashed by content, never by modification time, and kept in
  ``output/manifest.json``.
* **Plan.** A document is up to date when its inputs hash as recorded and its outputs exist with the
  recorded hashes; otherwise the plan says why it is stale. Documents recorded but no longer in the
  workspace are removed.
* **Run.** Stale documents are rendered in worker processes (``jobs``; each replaced after ``RECYCLE``
  documents, as the libraries keep a little memory per document), each writing into a staging
  folder inside output/. Only when every document succeeded are the staged files renamed into place and
  the manifest rewritten (atomically); if any failed, every failure is reported and nothing is published.
  A build killed at any moment leaves at worst a staging folder, which the next build deletes.
* **Shards.** ``shard=(k, n)`` keeps the documents whose id hashes to k of n: stable across runs and
  machines. Each shard's manifest records its shard; ``merge`` joins them, each document's files taken
  from the shard that built it.
* **Lock.** One build per output folder at a time (``flock`` on output/.naskah.lock; the kernel drops it
  when a build dies).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import os
import pickle
import resource
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from generator.build import publish
from generator.errors import ExitCode, NaskahError, Problem, Problems

MANIFEST_VERSION = 2
LOCK = ".naskah.lock"
RECYCLE = 100        # documents a worker builds before a fresh one replaces it: python-docx and WeasyPrint
                     # keep about 0.2 MB per document for good, so a long-lived worker would keep growing
STAGING = ".naskah-staging-"
LIBRARIES = ("jinja2", "weasyprint", "python-docx", "pydyf", "pydantic", "pyyaml", "num2words", "babel",
             "lxml", "pillow", "matplotlib", "fonttools")


class BuildBusy(NaskahError):
    exit_code = ExitCode.BUSY


@dataclass(frozen=True)
class Doc:
    """One document of the build: ``id`` is "kind/code" (stable, what shards and the manifest key on)."""

    kind: str
    code: str
    stem: str            # output path without the format suffix, relative to output/

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.code}"


@dataclass
class Outcome:
    """What happened to one document."""

    id: str
    status: str                          # built | up-to-date | stale | removed | failed | discarded
    reason: str = ""
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)   # render, and each format's writer
    problems: list[Problem] = field(default_factory=list)
    worker: int = 0                      # pid of the process that built it
    max_rss_kb: int = 0                  # that process's peak memory when it finished this document
    order: int = 0                       # 1 for the first document this build finished, 2 ...

    def as_dict(self) -> dict:
        data = {"document": self.id, "status": self.status, "reason": self.reason, "outputs": self.outputs,
                "seconds": round(self.seconds, 3), "timings": {k: round(v, 3) for k, v in self.timings.items()}}
        if self.problems:
            data["problems"] = [p.as_dict() for p in self.problems]
        if self.worker:
            data["worker"], data["max_rss_kb"], data["order"] = self.worker, self.max_rss_kb, self.order
        return data


def shard_of(doc_id: str, count: int) -> int:
    """0-based shard of a document among ``count``: a content hash of its id, so every runner agrees."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % count


# ------------------------------------------------------------------------------------------ inputs

def output_hash(root: Path, rel: str) -> str:
    """SHA-256 of the file ``root/rel``, or "missing"."""
    try:
        return hashlib.sha256((root / rel).read_bytes()).hexdigest()
    except OSError:
        return "missing"


class Hashes:
    """Content hashes of workspace files, each file read once per build."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, str] = {}

    def __call__(self, rel: str) -> str:
        if rel not in self.cache:
            self.cache[rel] = output_hash(self.root, rel)
        return self.cache[rel]


def toolchain() -> str:
    """What else shapes the bytes: our own code and the libraries' versions (the PDF's fonts are files of
    the stylesheet, inputs like its CSS)."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def declared_inputs(ws, doc: Doc) -> list[str]:
    """The inputs known before rendering: region files, config files, stylesheet files (its font files
    too)."""
    from generator import styles
    from generator.kinds import KINDS, NATIONAL
    kind = KINDS[doc.kind]
    entry = None if doc.code == NATIONAL else ws.regions[doc.code]
    files = [e.file for e in kind.sources(ws, entry)]
    files += [f"config/{name}.yaml" for name in kind.config]
    files += list(styles.load(ws.templates, kind.stylesheet).files)
    return sorted(set(files))


# ------------------------------------------------------------------------------------------ manifest

def read_manifest(out_dir: Path, full: bool = False):
    """The documents recorded by earlier builds ({} if there is no manifest or it is unreadable or of an
    older version: everything is then rebuilt); with ``full``, the whole manifest."""
    try:
        data = json.loads((out_dir / publish.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        data = {}
    return data if full else data.get("documents", {})


def write_manifest(out_dir: Path, documents: dict[str, dict], shard: tuple[int, int] | None = None) -> None:
    outputs = {rel: {"document": doc_id, **info} for doc_id, record in documents.items()
               for rel, info in record["outputs"].items()}
    data = {"generator": "naskah", "version": MANIFEST_VERSION,
            "shard": f"{shard[0] + 1}/{shard[1]}" if shard else None,
            "documents": dict(sorted(documents.items())), "outputs": dict(sorted(outputs.items()))}
    publish.atomic_write(out_dir / publish.MANIFEST,
                         (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode())


def staleness(record: dict | None, doc: Doc, declared: list[str], hashes: Hashes, tools: str,
              fmts: tuple[str, ...], out_dir: Path) -> str:
    """Why the document must be built, or "" when it is up to date."""
    if record is None:
        return "new document"
    if record["toolchain"] != tools:
        return "the generator or a library changed"
    if set(record["outputs"]) != {f"{doc.stem}.{fmt}" for fmt in fmts}:
        return "other formats or another file name"
    if record["declared"] != declared:
        added = sorted(set(declared) - set(record["declared"]))
        return f"new input {added[0]}" if added else \
            f"no longer an input: {sorted(set(record['declared']) - set(declared))[0]}"
    for rel, digest in record["inputs"].items():
        now = hashes(rel)
        if now != digest:
            return f"{rel} {'is gone' if now == 'missing' else 'changed'}"
    for rel, info in record["outputs"].items():
        if output_hash(out_dir, rel) != info["sha256"]:
            return f"{rel} is missing or was changed"
    return ""


# ------------------------------------------------------------------------------------------ one document

_STATE: dict = {}    # in a worker: workspace, formats, staging folder (inherited through fork, or unpickled)


def _init(workspace: bytes, fmts: tuple[str, ...], staging: str) -> None:
    """A spawned worker (where there is no fork): the workspace as the main process loaded it."""
    _STATE.update(ws=pickle.loads(workspace), fmts=fmts, staging=Path(staging))


def _build_one(doc: Doc) -> tuple[Outcome, dict]:
    """Render one document and write its files into the staging folder (in a worker process). Returns the
    outcome and what the manifest needs: outputs, and the templates and images it read."""
    from generator import api
    ws, fmts, staging = _STATE["ws"], _STATE["fmts"], _STATE["staging"]
    started = time.perf_counter()
    outcome = Outcome(doc.id, "built", worker=os.getpid())
    warnings: list[Problem] = []
    used: set[str] = set()
    outputs: dict[str, dict] = {}
    try:
        document = api.render(ws, doc.kind, doc.code, warnings, used)
        opts = api.options(ws, document)
        used.update(node.src for node in api.images(document))
        mark = time.perf_counter()
        outcome.timings["render"] = mark - started
        for fmt, data in api.write_formats(document, opts, fmts):
            rel = f"{doc.stem}.{fmt}"
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            outputs[rel] = {"sha256": publish.sha256(data), "bytes": len(data)}
            outcome.timings[fmt], mark = time.perf_counter() - mark, time.perf_counter()
    except Problems as exc:
        outcome.status, outcome.problems = "failed", list(exc.problems)
    except NaskahError as exc:
        outcome.status, outcome.problems = "failed", [Problem(str(exc), doc.id)]
    except Exception as exc:                 # a bug: reported with the document, the others go on
        outcome.status = "failed"
        outcome.problems = [Problem(f"internal error: {type(exc).__name__}: {exc}", doc.id)]
    else:
        outcome.problems = list(dict.fromkeys(warnings))
        outcome.outputs = sorted(outputs)
    outcome.seconds = time.perf_counter() - started
    outcome.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome, {"outputs": outputs, "used": sorted(used)}


# ------------------------------------------------------------------------------------------ the build

@dataclass
class Result:
    outcomes: list[Outcome]
    seconds: float
    warnings: list[Problem]
    jobs: int
    shard: tuple[int, int] | None
    check: bool
    formats: tuple[str, ...]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def documents(self) -> int:
        """The number of documents this build rendered and published."""
        return self.count("built")

    @property
    def built(self) -> list[str]:
        """The output files this build wrote."""
        return [rel for o in self.outcomes if o.status == "built" for rel in o.outputs]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        if self.check:
            return (f"{self.count('stale')} stale, {self.count('up-to-date')} up to date, "
                    f"{self.count('removed')} to remove")
        return (f"{self.count('built')} built, {self.count('up-to-date')} up to date, "
                f"{self.count('removed')} removed, {len(self.failed)} failed in {self.seconds:.1f} s")

    def as_dict(self) -> dict:
        return {"naskah_report": 1, "check": self.check, "formats": list(self.formats), "jobs": self.jobs,
                "shard": f"{self.shard[0] + 1}/{self.shard[1]}" if self.shard else None,
                "seconds": round(self.seconds, 3),
                "summary": {s.replace("-", "_"): self.count(s)
                            for s in ("built", "up-to-date", "stale", "removed", "failed", "discarded")},
                "documents": [o.as_dict() for o in self.outcomes],
                "warnings": [w.as_dict() for w in self.warnings]}


class Lock:
    """An exclusive, non-blocking ``flock`` on output/.naskah.lock, held for the whole build."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise BuildBusy(f"another naskah build is writing {self.path.parent} ({holder}); "
                            "wait for it to finish and run again") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()
        return self

    def __exit__(self, *exc):
        self.handle.truncate(0)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _cost(doc: Doc) -> tuple:
    """Longest first (national recap, province reports, reports, regulations, letters): a better spread
    over the workers."""
    if doc.kind == "laporan":
        return (2 if "." in doc.code else 1), doc.id     # a regency's report, a province's report
    return {"laporan-nasional": 0, "perkada": 3, "surat-edaran": 4}.get(doc.kind, 2), doc.id


def build(ws, docs: list[Doc], out_dir: Path, fmts: tuple[str, ...], *, jobs: int = 1,
          shard: tuple[int, int] | None = None, check: bool = False, force: bool = False,
          removable: Callable[[str], bool] = lambda doc_id: True,
          progress: Callable[[int, int, Outcome], None] = lambda done, total, outcome: None) -> Result:
    """Plan, then (unless ``check``) build the stale documents of ``docs`` and publish them. ``removable``
    says which recorded documents missing from ``docs`` this build may remove (those of the kinds and
    shard it covers)."""
    started = time.perf_counter()
    if shard:
        docs = [d for d in docs if shard_of(d.id, shard[1]) == shard[0]]
    if check:
        return _plan_only(ws, docs, out_dir, fmts, shard, removable, started)
    with Lock(out_dir):
        for leftover in out_dir.glob(STAGING + "*"):      # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        outcomes, todo, records, removed = _plan(ws, docs, out_dir, fmts, shard, removable, force)
        staging = out_dir / f"{STAGING}{os.getpid()}"
        staging.mkdir(parents=True, exist_ok=True)
        try:
            built = _run(ws, todo, fmts, staging, jobs, len(outcomes), progress)
            outcomes += [o for o, _ in built]
            if any(o.status == "failed" for o, _ in built):
                for outcome, _ in built:             # all or nothing: the others are not published
                    if outcome.status == "built":
                        outcome.status, outcome.reason = "discarded", "not published: another document failed"
            else:
                _publish(ws, out_dir, staging, todo, built, records, removed, shard)
                outcomes += [Outcome(doc_id, "removed", "no longer in the workspace") for doc_id in removed]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    order = {d.id: i for i, d in enumerate(docs)}
    outcomes.sort(key=lambda o: (order.get(o.id, len(order)), o.id))
    warnings = list(dict.fromkeys([*ws.warnings, *(p for o in outcomes if o.status == "built"
                                                    for p in o.problems)]))
    return Result(outcomes, time.perf_counter() - started, warnings, jobs, shard, check, fmts)


def _plan(ws, docs, out_dir, fmts, shard, removable, force):
    manifest = read_manifest(out_dir)
    hashes, tools = Hashes(ws.root), toolchain()
    outcomes, todo = [], []
    for doc in docs:
        declared = declared_inputs(ws, doc)
        reason = "forced" if force else staleness(manifest.get(doc.id), doc, declared, hashes, tools, fmts,
                                                   out_dir)
        if reason:
            todo.append((doc, reason, declared))
        else:
            outcomes.append(Outcome(doc.id, "up-to-date", outputs=sorted(manifest[doc.id]["outputs"])))
    wanted = {d.id for d in docs}
    removed = [doc_id for doc_id in manifest if doc_id not in wanted and removable(doc_id)
               and (shard is None or shard_of(doc_id, shard[1]) == shard[0])]
    records = {"manifest": manifest, "hashes": hashes, "toolchain": tools}
    return outcomes, todo, records, removed


def _plan_only(ws, docs, out_dir, fmts, shard, removable, started) -> Result:
    outcomes, todo, _, removed = _plan(ws, docs, out_dir, fmts, shard, removable, force=False)
    outcomes += [Outcome(doc.id, "stale", reason) for doc, reason, _ in todo]
    outcomes += [Outcome(doc_id, "removed", "no longer in the workspace") for doc_id in removed]
    return Result(outcomes, time.perf_counter() - started, list(ws.warnings), 0, shard, True, fmts)


def _run(ws, todo, fmts, staging: Path, jobs: int, done: int, progress) -> list[tuple[Outcome, dict]]:
    """Build the stale documents, longest first, in ``jobs`` worker processes (in this process for 1)."""
    todo = sorted(todo, key=lambda item: _cost(item[0]))
    before, total = done, done + len(todo)          # ``done``: the up-to-date documents count as done
    results = []

    def finished(outcome: Outcome, extra: dict, reason: str) -> None:
        nonlocal done
        done += 1
        outcome.order = done - before
        if outcome.status == "built":
            outcome.reason = reason
        results.append((outcome, extra))
        progress(done, total, outcome)

    _STATE.update(ws=ws, fmts=fmts, staging=staging)            # what forked workers inherit
    if len(todo) <= 1 or (jobs <= 1 and len(todo) <= RECYCLE):    # small: in this process
        for doc, reason, _ in todo:
            finished(*_build_one(doc), reason)
        return results
    import multiprocessing
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    start_up = {} if fork else {"initializer": _init, "initargs": (pickle.dumps(ws), fmts, str(staging))}
    # a fresh pool for every RECYCLE documents per worker keeps memory flat however long the build
    # (ProcessPoolExecutor's own max_tasks_per_child can hang on Python 3.11 when a worker is replaced)
    batch = max(1, jobs) * RECYCLE
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        with ProcessPoolExecutor(min(jobs, len(chunk)), mp_context=context, **start_up) as pool:
            pending = {pool.submit(_build_one, doc): (doc, reason) for doc, reason, _ in chunk}
            while pending:
                complete, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in complete:
                    doc, reason = pending.pop(future)
                    try:
                        finished(*future.result(), reason)
                    except Exception as exc:          # the worker died (killed, out of memory)
                        finished(Outcome(doc.id, "failed", problems=[Problem(
                            f"the worker process building it died ({type(exc).__name__})", doc.id)]), {},
                            reason)
    return results


def _publish(ws, out_dir: Path, staging: Path, todo, built, records, removed, shard) -> None:
    """Rename the staged files into place, delete what is gone, write the manifest last."""
    manifest, hashes, tools = records["manifest"], records["hashes"], records["toolchain"]
    by_id = {doc.id: (doc, declared) for doc, _, declared in todo}
    for outcome, extra in built:
        doc, declared = by_id[outcome.id]
        for rel in extra["outputs"]:
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
        old = manifest.get(doc.id, {}).get("outputs", {})
        for rel in set(old) - set(extra["outputs"]):
            (out_dir / rel).unlink(missing_ok=True)
        inputs = {rel: hashes(rel) for rel in sorted({*declared, *extra["used"]})}
        manifest[doc.id] = {"kind": doc.kind, "region": doc.code, "declared": declared, "inputs": inputs,
                            "toolchain": tools, "outputs": extra["outputs"]}
    for doc_id in removed:
        for rel in manifest.pop(doc_id)["outputs"]:
            (out_dir / rel).unlink(missing_ok=True)
    write_manifest(out_dir, manifest, shard)


def merge(dest: Path, sources: Iterable[Path]) -> int:
    """Join the output folders of shard builds into ``dest``: one manifest holding every document, and
    each document's files taken from the shard that built it (a shard's folder may also hold older copies
    of the others' documents). Returns the number of documents."""
    chosen: dict[str, tuple[Path, dict, bool]] = {}
    for source in map(Path, sources):
        data = read_manifest(source, full=True)
        if not data:
            raise NaskahError(f"{source}: no naskah manifest (version {MANIFEST_VERSION}) to merge")
        k, _, n = (data.get("shard") or "").partition("/")
        for doc_id, record in data["documents"].items():
            owner = bool(n) and shard_of(doc_id, int(n)) == int(k) - 1
            if doc_id not in chosen or owner:
                if doc_id in chosen and chosen[doc_id][2] and chosen[doc_id][1] != record:
                    raise NaskahError(f"{doc_id} was built by two shards ({chosen[doc_id][0]}, {source})")
                chosen[doc_id] = (source, record, owner)
    documents = read_manifest(dest)
    for doc_id, (source, record, _) in sorted(chosen.items()):
        if source.resolve() != dest.resolve():
            for rel in record["outputs"]:
                publish.atomic_write(dest / rel, (source / rel).read_bytes())
        documents[doc_id] = record
    write_manifest(dest, documents)
    return len(documents)
