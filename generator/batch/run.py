"""The entry points of the batch build: :func:`build` (plan, render the stale documents, publish them all
or nothing) and :func:`merge` (join the output folders of shards), and the :class:`Result` a build returns.

* **Plan** (generator.batch.plan): a document is up to date when its inputs hash as the manifest recorded,
  it carries the same document date and its outputs exist with the recorded hashes; otherwise it is stale,
  with the reason. Documents recorded but no longer in the workspace are removed.
* **Run** (generator.batch.workers): stale documents are rendered in worker processes, each writing into a
  staging folder inside output/. Only when every document succeeded are the staged files renamed into
  place and the manifest rewritten (generator.batch.publish); if any failed, every failure is reported and
  nothing is published. A build killed at any moment leaves at worst a staging folder, which the next
  build deletes.
* **Shards.** ``shard=(k, n)`` keeps the documents whose id hashes to k of n. Each shard's manifest
  records its shard; :func:`merge` joins them, each document's files taken from the shard that built it.
* **Lock** (generator.batch.lock): one build per output folder at a time.
* **Untrusted manifests** (generator.batch.manifest): a bad one of our own is ignored with one warning
  (everything is rebuilt); a bad shard's stops the merge. Nothing is deleted, written or read through a
  path leading outside the folder.
* **Interrupts.** Ctrl-C (SIGINT) or SIGTERM stops the build: the workers are ended, the staging folder is
  deleted, nothing is published (:class:`~generator.errors.Interrupted`).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator import pipeline
from generator.batch import publish
from generator.batch.lock import Lock
from generator.batch.manifest import ManifestError, document_record, load_manifest, manifest_bytes, read_manifest
from generator.batch.plan import Plan, plan, shard_of
from generator.batch.report import Outcome, Result
from generator.batch.workers import build_stale, interrupts_noted, stop_if
from generator.errors import Interrupted, OutputError, Problem, Problems
from generator.pipeline import DEFAULT_FORMATS, Doc


def build(root: Path | str = ".", formats_: Iterable[str] = DEFAULT_FORMATS, out_dir: Path | None = None,
          kinds: Iterable[str] | None = None, codes: Iterable[str] | None = None, *, workers: int = 1,
          shard: tuple[int, int] | None = None, check: bool = False, force: bool = False,
          report: Path | None = None, progress=lambda done, total, outcome: None,
          date: dt.date | None = None) -> Result:
    """Build the documents of the workspace at ``root`` whose inputs changed (all of them with ``force``)
    and publish them into output/. ``date``: the document date of this run (``--tanggal``; else
    ``tanggal_dokumen`` of the settings). A document that fails does not stop the others, but then nothing
    is published and Problems (every failure) is raised after ``report`` was written; OutputError likewise
    when the outputs could not be written. With ``check`` nothing is written: the result lists what is
    stale."""
    ws = pipeline.load(root, date)
    out_dir = Path(out_dir) if out_dir else ws.root / "output"
    fmts = tuple(formats_)
    pipeline.check_formats(fmts)
    kinds = list(kinds) if kinds else None
    docs = pipeline.jobs(ws, kinds, codes)

    def removable(doc_id: str) -> bool:       # a partial build never removes what it was not asked about
        return not codes and (kinds is None or doc_id.split("/")[0] in kinds)

    result = build_documents(ws, docs, out_dir, fmts, jobs=workers, shard=shard, check=check, force=force,
                             removable=removable, progress=progress)
    if report:
        publish.atomic_write(Path(report), (json.dumps(result.as_dict(), indent=1, ensure_ascii=False)
                                            + "\n").encode())
    if result.error:                          # the outputs could not be written (exit 3), nothing published
        raise result.error
    if result.failed:
        raise Problems([p for o in result.failed for p in o.problems])
    return result


def build_documents(ws, docs: list[Doc], out_dir: Path, fmts: tuple[str, ...], *, jobs: int = 1,
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
        with interrupts_noted() as noted, Lock(out_dir):
            staging = publish.staging_folder(out_dir)
            try:
                planned = plan(ws, docs, out_dir, fmts, shard, removable, force)
                outcomes = _up_to_date(planned)
                warnings = planned.warnings
                built = build_stale(ws, planned.stale, fmts, staging, jobs, len(outcomes), progress, noted)
                outcomes += [o for o, _ in built]
                failed = any(o.status == "failed" for o, _ in built)
                error = next((OutputError(f"{extra['output_error']}; nothing was published")
                              for _, extra in built if "output_error" in extra), None)
                if not failed:
                    stop_if(noted)
                    try:
                        with publish.signals_held():      # all of it, or (rolled back) none of it
                            skipped = _publish(out_dir, staging, planned, built, shard)
                            published = True
                        outcomes += [Outcome(doc_id, "removed", "no longer in the workspace")
                                     for doc_id in planned.removed]
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


def _up_to_date(planned: Plan) -> list[Outcome]:
    return [Outcome(doc.id, "up-to-date", outputs=sorted(planned.manifest[doc.id]["outputs"]))
            for doc in planned.fresh]


def _outside(path: Path) -> Problem:
    return Problem("recorded in the manifest, but a folder on its way leads outside the output folder: not "
                   "deleted", str(path), severity="warning")


def _plan_only(ws, docs, out_dir, fmts, shard, removable, started) -> Result:
    planned = plan(ws, docs, out_dir, fmts, shard, removable)
    outcomes = _up_to_date(planned)
    outcomes += [Outcome(doc.id, "stale", reason) for doc, reason, _ in planned.stale]
    outcomes += [Outcome(doc_id, "removed", "no longer in the workspace") for doc_id in planned.removed]
    return Result(outcomes, time.perf_counter() - started, [*ws.warnings, *planned.warnings], 0, shard, True, fmts)


def _publish(out_dir: Path, staging: Path, planned: Plan, built, shard) -> list[str]:
    """Move the staged files into place, delete what is gone, write the manifest last: all or nothing
    (generator.batch.publish). Returns the recorded paths it did not delete because they lead outside."""
    manifest, hashes = planned.manifest, planned.hashes
    by_id = {doc.id: (doc, declared) for doc, _, declared in planned.stale}
    placed, gone = [], []
    for outcome, extra in built:
        doc, declared = by_id[outcome.id]
        placed += extra["outputs"]
        gone += sorted(set(manifest.get(doc.id, {}).get("outputs", {})) - set(extra["outputs"]))
        inputs = {rel: hashes(rel) for rel in sorted({*declared, *extra["used"]})}
        manifest[doc.id] = document_record(doc, declared, inputs, planned.toolchain, planned.date,
                                           extra["outputs"])
    for doc_id in planned.removed:
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
        staging = publish.staging_folder(dest)
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
