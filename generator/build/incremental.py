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
* **Untrusted manifests.** A manifest (ours from an earlier build, or a shard's) is checked whole on reading:
  the types the code relies on, document ids of the form kind/code, and paths that are relative, normalised
  and inside their folder. A bad one of our own is ignored with one warning (everything is rebuilt); a bad
  shard's stops the merge. Nothing is deleted, written or read through a path leading outside the folder.
* **Interrupts.** Ctrl-C (SIGINT) or SIGTERM stops the build: workers ignore SIGINT and are ended by the
  main process, the staging folder is deleted, nothing is published (:class:`Interrupted`).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import os
import pickle
import posixpath
import re
import resource
import shutil
import signal
import stat
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from generator.build import publish
from generator.errors import ExitCode, Interrupted, NaskahError, OutputError, Problem, Problems

MANIFEST_VERSION = 2
LOCK = ".naskah.lock"
RECYCLE = 100        # documents a worker builds before a fresh one replaces it: python-docx and WeasyPrint
                     # keep about 0.2 MB per document for good, so a long-lived worker would keep growing
STAGING = ".naskah-staging-"
DOC_ID = re.compile(r"[a-z][a-z-]*/[0-9a-z][0-9a-z.]*")     # kind/code, as the report schema has it
SHARD = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")
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
    """SHA-256 of the file ``root/rel``, or "missing" (also for what is not a regular file: a FIFO or a
    device would never end)."""
    try:
        path = root / rel
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
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

class ManifestError(ValueError):
    """What is wrong with a manifest (the caller names the file)."""


def load_manifest(folder: Path) -> dict:
    """The manifest of ``folder``, checked whole (:func:`check_manifest`). Raises FileNotFoundError when
    there is none, ManifestError when it is not one this version wrote."""
    path = folder / publish.MANIFEST
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise FileNotFoundError(path) from None
    except OSError as exc:
        raise ManifestError(f"cannot read it: {exc.strerror}") from None
    if not stat.S_ISREG(mode):              # a link to elsewhere, a FIFO that would never end, a folder
        raise ManifestError("not a regular file")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ManifestError(f"cannot read it: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"not valid JSON ({exc})") from None
    return check_manifest(data)


def check_manifest(data) -> dict:
    """``data`` if it has the shape the build relies on, else ManifestError naming the first fault: the
    types of every field, ids of the form kind/code, and every path relative, normalised and inside its
    folder (outputs under their kind's folder, never a hidden file such as the lock or the staging)."""
    def fail(where: str, what: str):
        raise ManifestError(f"{where}: {what}")

    def expect(value, kind: type, where: str):
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            fail(where, f"expected {kind.__name__}, got {json.dumps(value)[:80]}")
        return value

    def path(value, where: str, output_of: str = "") -> str:
        parts = value.split("/") if isinstance(value, str) else []
        ok = (bool(parts) and "\0" not in value and "\\" not in value and not value.startswith("/")
              and posixpath.normpath(value) == value and ".." not in parts)
        if ok and output_of:
            ok = parts[0] == output_of and len(parts) > 1 and not any(p.startswith(".") for p in parts)
        if not ok:
            fail(where, f"{json.dumps(value)[:120]} is not a relative path under "
                        f"{output_of + '/ in the output folder' if output_of else 'the workspace'}")
        return value

    expect(data, dict, "the manifest")
    if data.get("version") != MANIFEST_VERSION:
        fail("version", f"{json.dumps(data.get('version'))[:20]}, this naskah reads version {MANIFEST_VERSION}")
    shard = data.get("shard")
    if shard is not None and not (isinstance(shard, str) and (m := SHARD.fullmatch(shard))
                                  and int(m[1]) <= int(m[2])):
        fail("shard", f"{json.dumps(shard)[:40]} is not K/N")
    seen: dict[str, str] = {}
    for doc_id, record in expect(data.get("documents"), dict, "documents").items():
        where = f"documents.{json.dumps(doc_id)[:80]}"
        if not DOC_ID.fullmatch(doc_id):
            fail(where, "not a document id (kind/code)")
        kind, code = doc_id.split("/")
        expect(record, dict, where)
        if record.get("kind") != kind or record.get("region") != code:
            fail(where, "its kind and region do not match its id")
        expect(record.get("toolchain"), str, f"{where}.toolchain")
        for i, rel in enumerate(expect(record.get("declared"), list, f"{where}.declared")):
            path(rel, f"{where}.declared[{i}]")
        for rel, digest in expect(record.get("inputs"), dict, f"{where}.inputs").items():
            expect(digest, str, f"{where}.inputs.{path(rel, f'{where}.inputs')}")
        for rel, info in expect(record.get("outputs"), dict, f"{where}.outputs").items():
            path(rel, f"{where}.outputs", output_of=kind)
            expect(expect(info, dict, f"{where}.outputs.{rel}").get("sha256"), str, f"{where}.outputs.{rel}.sha256")
            expect(info.get("bytes"), int, f"{where}.outputs.{rel}.bytes")
            if rel in seen:
                fail(f"{where}.outputs.{rel}", f"also an output of {seen[rel]}")
            seen[rel] = doc_id
    if data.get("outputs") != _outputs_index(data["documents"]):
        fail("outputs", "does not match the outputs of the documents")
    return data


def read_manifest(out_dir: Path, warnings: list | None = None) -> dict:
    """The documents recorded by earlier builds: {} when there is no manifest, and also when it is not
    one this version wrote (a warning goes to ``warnings``; everything is then rebuilt)."""
    try:
        return load_manifest(out_dir)["documents"]
    except FileNotFoundError:
        return {}
    except ManifestError as exc:
        if warnings is not None:
            warnings.append(Problem(f"{exc}; ignoring it and rebuilding everything",
                                    str(out_dir / publish.MANIFEST), severity="warning"))
        return {}


def _outputs_index(documents: dict) -> dict:
    """The manifest's second view: every output file with its document (for people and other tools)."""
    return {rel: {"document": doc_id, **info} for doc_id, record in sorted(documents.items())
            for rel, info in sorted(record["outputs"].items())}


def manifest_bytes(documents: dict[str, dict], shard: tuple[int, int] | None = None) -> bytes:
    data = {"generator": "naskah", "version": MANIFEST_VERSION,
            "shard": f"{shard[0] + 1}/{shard[1]}" if shard else None,
            "documents": dict(sorted(documents.items())), "outputs": _outputs_index(documents)}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


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


def _init(spawned: tuple | None) -> None:
    """A worker starts: Ctrl-C is for the main process (it reaches the whole process group), which stops
    the build and ends the workers with SIGTERM, whose default action ends them without a traceback. The
    main process held both signals while starting it, so none came in between. ``spawned`` (where there
    is no fork): the workspace as the main process loaded it, formats, staging folder."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, publish.HELD)
    if spawned:
        workspace, fmts, staging = spawned
        _STATE.update(ws=pickle.loads(workspace), fmts=fmts, staging=Path(staging))


def _build_one(doc: Doc) -> tuple[Outcome, dict]:
    """Render one document and write its files into the staging folder (in a worker process). Returns the
    outcome and what the manifest needs: outputs, and the templates and images it read (and
    ``output_error`` when a staged file could not be written: a full disk is no fault of the input)."""
    from generator import api, writers
    ws, fmts, staging = _STATE["ws"], _STATE["fmts"], _STATE["staging"]
    started = time.perf_counter()
    outcome = Outcome(doc.id, "built", worker=os.getpid())
    warnings: list[Problem] = []
    used: set[str] = set()
    outputs: dict[str, dict] = {}
    extra = {"outputs": outputs, "used": []}
    try:
        document = api.render(ws, doc.kind, doc.code, warnings, used)
        opts = api.options(ws, document)
        used.update(node.src for node in api.images(document))
        mark = time.perf_counter()
        outcome.timings["render"] = mark - started
        for fmt, data in writers.write_all(document, opts, fmts):
            rel = f"{doc.stem}.{fmt}"
            publish.stage(staging / rel, data)
            outputs[rel] = {"sha256": publish.sha256(data), "bytes": len(data)}
            outcome.timings[fmt], mark = time.perf_counter() - mark, time.perf_counter()
    except Problems as exc:
        outcome.status, outcome.problems = "failed", list(exc.problems)
    except OutputError as exc:
        outcome.status, outcome.problems = "failed", [Problem(str(exc), doc.id)]
        extra["output_error"] = str(exc)
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
    extra["used"] = sorted(used)
    return outcome, extra


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
    error: OutputError | None = None     # the outputs could not be written: nothing was published

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
    """An exclusive, non-blocking ``flock`` on output/.naskah.lock, held for the whole build (or merge)."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK

    def __enter__(self):
        folder = self.path.parent
        try:
            if folder.exists() and not folder.is_dir():
                raise OutputError(f"{folder}: is a file, not a folder: cannot write the outputs there")
            folder.mkdir(parents=True, exist_ok=True)
            # never through a symbolic link: the lock file is truncated and written
            self.handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666), "r+")
        except OSError as exc:
            raise OutputError(f"{exc.filename or self.path}: cannot write: {publish.reason(exc)}") from None
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


def staging_folder(out_dir: Path) -> Path:
    """A fresh staging folder in ``out_dir`` (whose lock is held), after deleting those of builds that were
    killed; a leftover that is a file or a symbolic link is only unlinked, never followed."""
    for leftover in out_dir.glob(STAGING + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            try:
                leftover.unlink()
            except OSError:
                pass
    staging = out_dir / f"{STAGING}{os.getpid()}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"{staging}: cannot create the staging folder: {publish.reason(exc)}") from None
    return staging


def _cost(doc: Doc) -> tuple:
    """Heaviest first (national recap, province reports, reports, regulations, letters: ``Kind.weight``),
    for a better spread over the workers."""
    from generator.kinds import KINDS
    return -KINDS[doc.kind].weight(doc.code), doc.id


def build(ws, docs: list[Doc], out_dir: Path, fmts: tuple[str, ...], *, jobs: int = 1,
          shard: tuple[int, int] | None = None, check: bool = False, force: bool = False,
          removable: Callable[[str], bool] = lambda doc_id: True,
          progress: Callable[[int, int, Outcome], None] = lambda done, total, outcome: None) -> Result:
    """Plan, then (unless ``check``) build the stale documents of ``docs`` and publish them. ``removable``
    says which recorded documents missing from ``docs`` this build may remove (those of the kinds and
    shard it covers). When the outputs cannot be written, the result carries the OutputError and
    nothing was published; Ctrl-C or SIGTERM raise :class:`Interrupted` after cleaning up."""
    started = time.perf_counter()
    if shard:
        docs = [d for d in docs if shard_of(d.id, shard[1]) == shard[0]]
    if check:
        return _plan_only(ws, docs, out_dir, fmts, shard, removable, started)
    published, error = False, None
    try:
        with _interrupts_noted() as noted, Lock(out_dir):
            staging = staging_folder(out_dir)
            try:
                outcomes, todo, records, removed, warnings = _plan(ws, docs, out_dir, fmts, shard, removable,
                                                                   force)
                built = _run(ws, todo, fmts, staging, jobs, len(outcomes), progress, noted)
                outcomes += [o for o, _ in built]
                failed = any(o.status == "failed" for o, _ in built)
                error = next((OutputError(f"{extra['output_error']}; nothing was published")
                              for _, extra in built if "output_error" in extra), None)
                if not failed:
                    _stop_if(noted)
                    try:
                        with publish.signals_held():      # all of it, or (rolled back) none of it
                            skipped = _publish(ws, out_dir, staging, todo, built, records, removed, shard)
                            published = True
                        outcomes += [Outcome(doc_id, "removed", "no longer in the workspace") for doc_id in removed]
                        warnings += [_outside(out_dir / rel) for rel in skipped]
                    except OutputError as exc:
                        error = exc
                if failed or error:                       # all or nothing: the others are not published
                    for outcome, _ in built:
                        if outcome.status == "built":
                            outcome.status = "discarded"
                            outcome.reason = f"not published: {'another document failed' if failed else error}"
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except KeyboardInterrupt as exc:
        done = "the build was complete and published" if published else "nothing was published"
        raise Interrupted(getattr(exc, "signum", signal.SIGINT), done) from None
    order = {d.id: i for i, d in enumerate(docs)}
    outcomes.sort(key=lambda o: (order.get(o.id, len(order)), o.id))
    warnings = list(dict.fromkeys([*ws.warnings, *warnings, *(p for o in outcomes if o.status == "built"
                                                               for p in o.problems)]))
    return Result(outcomes, time.perf_counter() - started, warnings, jobs, shard, check, fmts, error)


def _outside(path: Path) -> Problem:
    return Problem("recorded in the manifest, but a folder on its way leads outside the output folder: not "
                   "deleted", str(path), severity="warning")


def _plan(ws, docs, out_dir, fmts, shard, removable, force):
    warnings: list[Problem] = []
    manifest = read_manifest(out_dir, warnings)
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
    return outcomes, todo, records, removed, warnings


def _plan_only(ws, docs, out_dir, fmts, shard, removable, started) -> Result:
    outcomes, todo, _, removed, warnings = _plan(ws, docs, out_dir, fmts, shard, removable, force=False)
    outcomes += [Outcome(doc.id, "stale", reason) for doc, reason, _ in todo]
    outcomes += [Outcome(doc_id, "removed", "no longer in the workspace") for doc_id in removed]
    return Result(outcomes, time.perf_counter() - started, [*ws.warnings, *warnings], 0, shard, True, fmts)


@contextmanager
def _interrupts_noted():
    """During a build, Ctrl-C and SIGTERM are noted (in the list it yields) and acted on between documents,
    between waits on the workers and before publishing (:func:`_stop_if`), and at the end. Raised at any
    moment, KeyboardInterrupt can be swallowed by a library's ``__del__`` ("Exception ignored", and the build
    goes on) or leave a lock of concurrent.futures held (the pool then hangs for good at shutdown)."""
    noted: list[int] = []
    if threading.current_thread() is not threading.main_thread():     # only the main thread has handlers
        yield noted
        return
    old = {signum: signal.signal(signum, lambda signum, frame: noted.append(signum)) for signum in publish.HELD}
    try:
        yield noted
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
    if noted:
        raise Interrupted(noted[0])


def _stop_if(noted: list[int]) -> None:
    if noted:
        raise Interrupted(noted[0])


def _run(ws, todo, fmts, staging: Path, jobs: int, done: int, progress, noted: list[int]) \
        -> list[tuple[Outcome, dict]]:
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
            _stop_if(noted)
            finished(*_build_one(doc), reason)
        return results
    import multiprocessing
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    spawned = None if fork else (pickle.dumps(ws), fmts, str(staging))
    # a fresh pool for every RECYCLE documents per worker keeps memory flat however long the build
    # (ProcessPoolExecutor's own max_tasks_per_child can hang on Python 3.11 when a worker is replaced)
    batch = max(1, jobs) * RECYCLE
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        pool = ProcessPoolExecutor(min(jobs, len(chunk)), mp_context=context, initializer=_init,
                                   initargs=(spawned,))
        try:
            with publish.signals_held():          # the workers start (on the first submit) ignoring Ctrl-C
                pending = {pool.submit(_build_one, doc): (doc, reason) for doc, reason, _ in chunk}
            while pending:
                _stop_if(noted)
                complete, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in complete:
                    doc, reason = pending.pop(future)
                    try:
                        finished(*future.result(), reason)
                    except Exception as exc:          # the worker died (killed, out of memory)
                        finished(Outcome(doc.id, "failed", problems=[Problem(
                            f"the worker process building it died ({type(exc).__name__})", doc.id)]), {},
                            reason)
        except BaseException:                     # Ctrl-C, SIGTERM: end the workers now, not after the queue
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()
            for child in multiprocessing.active_children():
                child.join()
            raise
        finally:
            pool.shutdown(wait=True)
    return results


def _publish(ws, out_dir: Path, staging: Path, todo, built, records, removed, shard) -> list[str]:
    """Move the staged files into place, delete what is gone, write the manifest last: all or nothing
    (generator.build.publish). Returns the recorded paths it did not delete because they lead outside."""
    manifest, hashes, tools = records["manifest"], records["hashes"], records["toolchain"]
    by_id = {doc.id: (doc, declared) for doc, _, declared in todo}
    placed, gone = [], []
    for outcome, extra in built:
        doc, declared = by_id[outcome.id]
        placed += extra["outputs"]
        gone += sorted(set(manifest.get(doc.id, {}).get("outputs", {})) - set(extra["outputs"]))
        inputs = {rel: hashes(rel) for rel in sorted({*declared, *extra["used"]})}
        manifest[doc.id] = {"kind": doc.kind, "region": doc.code, "declared": declared, "inputs": inputs,
                            "toolchain": tools, "outputs": extra["outputs"]}
    for doc_id in removed:
        gone += sorted(manifest.pop(doc_id)["outputs"])
    return publish.publish(out_dir, staging, placed, gone, manifest_bytes(manifest, shard))


def merge(dest: Path, sources: Iterable[Path], warnings: list | None = None) -> int:
    """Join the output folders of shard builds into ``dest``: one manifest holding every document, and
    each document's files taken from the shard that built it (a shard's folder may also hold older copies
    of the others' documents). Returns the number of documents.

    A shard's manifest is input like any other: every one is checked whole before anything is written
    (a bad one, or a recorded file that is missing, leads outside its folder or does not match its hash,
    is a problem naming that manifest: exit 1), and the files are then staged and published all or
    nothing, as a build does."""
    chosen: dict[str, tuple[Path, dict, bool]] = {}
    for source in map(Path, sources):
        where = str(source / publish.MANIFEST)
        try:
            data = load_manifest(source)
        except FileNotFoundError:
            raise Problems.one("no naskah manifest to merge (is this the output folder of a build?)", where) \
                from None
        except ManifestError as exc:
            raise Problems.one(f"not a manifest to merge: {exc}", where) from None
        k, _, n = (data["shard"] or "").partition("/")
        for doc_id, record in data["documents"].items():
            owner = bool(n) and shard_of(doc_id, int(n)) == int(k) - 1
            if doc_id not in chosen or owner:
                if doc_id in chosen and chosen[doc_id][2] and chosen[doc_id][1] != record:
                    raise Problems.one(f"{doc_id} was built by two shards ({chosen[doc_id][0]}, {source})", where)
                chosen[doc_id] = (source, record, owner)
    copies = [(source, rel, info) for source, record, _ in chosen.values() if source.resolve() != dest.resolve()
              for rel, info in record["outputs"].items()]
    for source, rel, info in copies:              # before anything is written: each file is there, inside
        _shard_file(source, rel, info)
    with Lock(dest):
        documents = read_manifest(dest, warnings)
        staging = staging_folder(dest)
        try:
            placed, gone = [], []
            for doc_id, (source, record, _) in sorted(chosen.items()):
                if source.resolve() != dest.resolve():
                    for rel, info in record["outputs"].items():
                        _stage_copy(source, rel, info, staging)
                        placed.append(rel)
                    gone += set(documents.get(doc_id, {}).get("outputs", {})) - set(record["outputs"])
                documents[doc_id] = record
            with publish.signals_held():
                skipped = publish.publish(dest, staging, placed, sorted(gone), manifest_bytes(documents))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if warnings is not None:
        warnings += [_outside(dest / rel) for rel in skipped]
    return len(documents)


def _shard_file(source: Path, rel: str, info: dict) -> Path:
    """The shard's output file ``rel``: a regular file inside the shard's folder (symbolic links resolved)
    of the size its manifest records, else a problem naming that manifest."""
    where, path = str(source / publish.MANIFEST), source / rel
    try:
        outside = source.resolve() not in path.resolve().parents
    except (OSError, RuntimeError):            # a symbolic link loop
        outside = True
    if outside:
        raise Problems.one(f"{rel}: leads outside {source} (a symbolic link): not merged", where)
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError:
        size = None
    if size != info["bytes"]:
        raise Problems.one(f"{rel}: {path} is missing or does not match the manifest", where)
    return path


def _stage_copy(source: Path, rel: str, info: dict, staging: Path) -> None:
    """Copy a shard's output file into the staging folder, if it is the file its manifest describes."""
    path = _shard_file(source, rel, info)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Problems.one(f"{rel}: cannot read {path}: {exc.strerror}", str(source / publish.MANIFEST)) from None
    if publish.sha256(data) != info["sha256"]:
        raise Problems.one(f"{rel}: {path} does not match the manifest", str(source / publish.MANIFEST))
    publish.stage(staging / rel, data)
