"""The library API: what the CLI, the tests and any future service call.

    ws = api.load(root)
    doc = api.render(ws, "perkada", "63.01")           # the model, after all transforms
    data = api.write(ws, doc, "pdf")                   # bytes
    report = api.build(root, formats=("docx", "pdf"))  # everything, published into output/
"""

from __future__ import annotations

import dataclasses
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from PIL import Image as PILImage

from generator import model as m
from generator import reader, styles, templating, transforms
from generator.build import publish
from generator.data import workspace
from generator.data.context import region_context, region_words
from generator.data.workspace import Workspace
from generator.errors import Collector, Problem, Problems, UsageError
from generator.kinds import KINDS, NATIONAL, Kind
from generator.writers import Options, formats
from generator.writers import pdf as pdf_writer

DEFAULT_FORMATS = ("docx", "pdf")


def load(root: Path | str = ".") -> Workspace:
    return workspace.load(Path(root))


def _entry(ws: Workspace, code: str):
    if code not in ws.regions:
        raise UsageError(f"no region with code '{code}' (see `naskah list`)")
    return ws.regions[code]


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise UsageError(f"unknown document kind '{name}'; kinds: {', '.join(KINDS)}")
    return KINDS[name]


def render(ws: Workspace, kind_name: str, code: str, warnings: list | None = None) -> m.Document:
    """Template -> markup -> model -> transforms, for one region (or the workspace, code "nasional").
    Raises Problems naming every fault; warnings (a citation still holding "...", a province figure that
    differs from the sum of its regencies) are appended to ``warnings``."""
    kind = _kind(kind_name)
    found: list = []
    if kind.scope == NATIONAL:
        if code != NATIONAL:
            raise UsageError(f"'{kind_name}' covers the whole workspace: use the code '{NATIONAL}'")
        entry, region = None, NATIONAL
    else:
        entry, region = _entry(ws, code), code
    env = templating.environment(ws.templates)
    context = kind.context(ws, entry, found)
    markup = templating.render(env, kind.template, context)
    source = reader.read(markup, kind.template)
    name = context["daerah"]["nama_lengkap"] if entry else "Indonesia"
    meta = m.Meta(
        title=kind.document_title(context, source),
        subject=kind.title, author=ws.settings.penulis, date=ws.document_date, kind=kind.name,
        region=region, page=kind.page, stylesheet=kind.stylesheet,
        keywords=("Inpres 2/2021", "BPJS Ketenagakerjaan", name),
        illustrative=context["dokumen"]["ilustratif"], running_head=source.get("kepala-halaman"))
    ctx = transforms.Context(ws.library, Collector(found), lambda snippet: templating.locate(env, snippet))
    doc = transforms.apply(m.Document(meta, (source,)), ctx)
    ctx.problems.raise_if_errors()
    if warnings is not None:
        warnings.extend(ctx.problems.warnings)
    return doc


def options(ws: Workspace, doc: m.Document) -> Options:
    """What the writers need besides the model: the stylesheet and the bytes of every image the model
    names. An image must be a real image file inside the workspace."""
    sheet = styles.load(ws.templates, doc.meta.stylesheet)
    resources = {}
    root = ws.root.resolve()
    for node in _images(doc):
        path = (ws.root / node.src).resolve()
        where = f"{doc.meta.region}: lambang '{node.src}'"
        if root not in path.parents or not path.is_file():
            raise Problems.one("the emblem must be an image file inside the workspace", where=where,
                               hint="give a path relative to the workspace, e.g. config/lambang/garuda.png")
        data = path.read_bytes()
        try:
            with PILImage.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception:
            raise Problems.one("the emblem is not a readable image (PNG or JPEG)", where=where) from None
        resources[node.src] = data
    return Options(sheet, resources)


def _images(doc: m.Document):
    for block in doc.blocks:
        for node in m.walk(block):
            if isinstance(node, m.Image):
                yield node


def write(ws: Workspace, doc: m.Document, fmt: str) -> bytes:
    if fmt not in formats():
        raise UsageError(f"unknown format '{fmt}'; formats: {', '.join(formats())}")
    return dict(write_formats(doc, options(ws, doc), (fmt,)))[fmt]


def write_formats(doc: m.Document, opts: Options, fmts: tuple[str, ...]):
    """Yield (format, bytes). A document with a table of contents is laid out once by WeasyPrint; its
    page map gives the DOCX TOC the same page numbers, and the same layout becomes the PDF."""
    writers = formats()
    laid_out = None
    if "docx" in fmts and any(isinstance(b, m.Toc) for b in doc.blocks):
        laid_out = pdf_writer.layout(doc, opts)
        opts = dataclasses.replace(opts, pages=pdf_writer.anchor_pages(laid_out))
    for fmt in fmts:
        if fmt == "pdf" and laid_out is not None:
            yield fmt, pdf_writer.finish(laid_out)
        else:
            yield fmt, writers[fmt](doc, opts)


@dataclass
class Job:
    kind: str
    code: str
    stem: str


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"documents": self.documents, "outputs": self.built, "seconds": round(self.seconds, 3),
                "warnings": [w.as_dict() for w in self.warnings]}


def jobs(ws: Workspace, kinds: Iterable[str] | None = None, codes: Iterable[str] | None = None) -> list[Job]:
    wanted = set(codes) if codes else None
    out = []
    for name in (kinds or KINDS):
        kind = _kind(name)
        if kind.scope == NATIONAL:
            if wanted is None or NATIONAL in wanted:
                out.append(Job(name, NATIONAL, kind.output_stem(ws, None, None)))
            continue
        for code, entry in ws.regions.items():
            if kind.applies(entry) and (wanted is None or code in wanted):
                out.append(Job(name, code, kind.output_stem(ws, entry, region_words(ws, entry))))
    return out


def build(root: Path | str = ".", formats_: Iterable[str] = DEFAULT_FORMATS, out_dir: Path | None = None,
          kinds: Iterable[str] | None = None, codes: Iterable[str] | None = None,
          progress: Callable[[str], None] = lambda line: None) -> BuildReport:
    """Render every document, check them all, then write. Nothing is written if anything is wrong."""
    started = time.perf_counter()
    ws = load(root)
    out_dir = Path(out_dir) if out_dir else ws.root / "output"
    fmts = tuple(formats_)
    for fmt in fmts:
        if fmt not in formats():
            raise UsageError(f"unknown format '{fmt}'; formats: {', '.join(formats())}")
    report = BuildReport(warnings=list(ws.warnings))

    todo = jobs(ws, kinds, codes)
    documents, problems = [], Collector()
    for job in todo:
        try:
            doc = render(ws, job.kind, job.code, problems.problems)
            documents.append((job, doc, options(ws, doc)))
        except Problems as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()

    manifest = publish.read_manifest(out_dir)
    for i, (job, doc, opts) in enumerate(documents, 1):
        for fmt, data in write_formats(doc, opts, fmts):
            rel = f"{job.stem}.{fmt}"
            publish.atomic_write(out_dir / rel, data)
            manifest[rel] = {"kind": job.kind, "region": job.code, "sha256": publish.sha256(data),
                             "bytes": len(data)}
            report.built.append(rel)
        progress(f"[{i}/{len(documents)}] {job.stem} ({', '.join(fmts)})")
    publish.write_manifest(out_dir, manifest)
    report.documents = len(documents)
    report.warnings.extend(_dedupe(problems.warnings))
    report.seconds = time.perf_counter() - started
    return report


def _dedupe(items: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
