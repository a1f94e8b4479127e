"""What a build must do, before it renders anything.

A document's inputs are the region files its kind declares (``Kind.sources``: it is rendered against a
workspace holding only those), the config files its kind reads, its stylesheet files (CSS, Word
definitions, the PDF's font files), the templates and images it actually read (recorded while rendering),
the toolchain (our source code and the versions of the libraries that shape the bytes) and the document
date it prints. Files are hashed by content, never by modification time. A document is up to date when
everything hashes as the manifest recorded and its outputs exist with the recorded hashes; otherwise the
plan says why it is stale. Documents recorded but no longer in the workspace are removed. A shard keeps the
documents whose id hashes to it: stable across runs and machines."""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import styles
from generator.batch.manifest import read_manifest
from generator.errors import Problem
from generator.kinds import KINDS, NATIONAL
from generator.pipeline import Doc

LIBRARIES = ("jinja2", "weasyprint", "python-docx", "pydyf", "pydantic", "pyyaml", "num2words", "babel",
             "lxml", "pillow", "matplotlib", "fonttools")


def shard_of(doc_id: str, count: int) -> int:
    """0-based shard of a document among ``count``: a content hash of its id, so every runner agrees."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % count


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
    kind = KINDS[doc.kind]
    entry = None if doc.code == NATIONAL else ws.regions[doc.code]
    files = [rel for e in kind.sources(ws, entry) for rel in e.files]   # a region file, its structure files
    files += [f"config/{name}.yaml" for name in kind.config]
    files += list(styles.load(ws.templates, kind.stylesheet).files)
    return sorted(set(files))


def staleness(record: dict | None, doc: Doc, declared: list[str], hashes: Hashes, tools: str, date: str,
              fmts: tuple[str, ...], out_dir: Path) -> str:
    """Why the document must be built, or "" when it is up to date. ``date``: the document date of this
    run (ISO), which every document prints (in its text or in its DOCX and PDF metadata)."""
    if record is None:
        return "new document"
    if record["toolchain"] != tools:
        return "the generator or a library changed"
    if record.get("tanggal") != date:
        return (f"the document date changed from {record['tanggal']} to {date}" if "tanggal" in record
                else f"the document date {date} is not recorded")
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


@dataclass
class Plan:
    fresh: list[Doc]                              # up to date
    stale: list[tuple[Doc, str, list[str]]]       # (document, why, its declared inputs)
    removed: list[str]                            # ids recorded but no longer in the workspace
    manifest: dict                                # the documents recorded by earlier builds
    hashes: Hashes
    toolchain: str
    date: str                                     # the document date of this run (ISO)
    warnings: list[Problem]


def plan(ws, docs: list[Doc], out_dir: Path, fmts: tuple[str, ...], shard: tuple[int, int] | None,
         removable: Callable[[str], bool], force: bool = False) -> Plan:
    """Which of ``docs`` are stale (all of them with ``force``) and which recorded documents this build
    removes: those missing from ``docs`` that ``removable`` allows and ``shard`` covers."""
    warnings: list[Problem] = []
    manifest = read_manifest(out_dir, warnings)
    hashes, tools, date = Hashes(ws.root), toolchain(), ws.document_date.isoformat()
    fresh, stale = [], []
    for doc in docs:
        declared = declared_inputs(ws, doc)
        reason = "forced" if force else staleness(manifest.get(doc.id), doc, declared, hashes, tools, date,
                                                   fmts, out_dir)
        if reason:
            stale.append((doc, reason, declared))
        else:
            fresh.append(doc)
    wanted = {d.id for d in docs}
    removed = [doc_id for doc_id in manifest if doc_id not in wanted and removable(doc_id)
               and (shard is None or shard_of(doc_id, shard[1]) == shard[0])]
    return Plan(fresh, stale, removed, manifest, hashes, tools, date, warnings)
