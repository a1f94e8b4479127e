"""Rendering the stale documents: in worker processes (``jobs``; a fresh pool after ``RECYCLE`` documents
per worker, as the libraries keep a little memory per document), each writing its files into the staging
folder, longest first (``Kind.weight``), with progress reported as each finishes. Ctrl-C (SIGINT) and
SIGTERM are noted and acted on between documents: the workers ignore SIGINT and are ended by the main
process (:class:`~generator.errors.Interrupted`)."""

from __future__ import annotations

import os
import pickle
import resource
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from generator import pipeline, writers
from generator.batch import publish
from generator.batch.report import Outcome
from generator.errors import Interrupted, NaskahError, OutputError, Problem, Problems
from generator.kinds import KINDS
from generator.pipeline import Doc

RECYCLE = 100        # documents a worker builds before a fresh one replaces it: python-docx and WeasyPrint
                     # keep about 0.2 MB per document for good, so a long-lived worker would keep growing

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
    ws, fmts, staging = _STATE["ws"], _STATE["fmts"], _STATE["staging"]
    started = time.perf_counter()
    outcome = Outcome(doc.id, "built", worker=os.getpid())
    warnings: list[Problem] = []
    used: set[str] = set()
    outputs: dict[str, dict] = {}
    extra = {"outputs": outputs, "used": []}
    try:
        document = pipeline.render(ws, doc.kind, doc.code, warnings, used)
        opts = pipeline.options(ws, document)
        used.update(node.src for node in pipeline.images(document))
        used.update(opts.stylesheet.files)      # the one the document chose (an amendment's differs)
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


def _cost(doc: Doc) -> tuple:
    """Heaviest first (national recap, province reports, reports, regulations, letters: ``Kind.weight``),
    for a better spread over the workers."""
    return -KINDS[doc.kind].weight(doc.code), doc.id


@contextmanager
def interrupts_noted():
    """During a build, Ctrl-C and SIGTERM are noted (in the list it yields) and acted on between documents,
    between waits on the workers and before publishing (:func:`stop_if`), and at the end. Raised at any
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


def stop_if(noted: list[int]) -> None:
    if noted:
        raise Interrupted(noted[0])


def build_stale(ws, todo, fmts, staging: Path, jobs: int, done: int, progress, noted: list[int]) \
        -> list[tuple[Outcome, dict]]:
    """Build the stale documents (``todo``: (document, why, declared inputs)), longest first, in ``jobs``
    worker processes (in this process for 1). ``done``: the documents already counted (up to date), for
    ``progress(done, total, outcome)``."""
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
            stop_if(noted)
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
                stop_if(noted)
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
