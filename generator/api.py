"""The library API: what the CLI, the tests and any future service call.

    ws = api.load(root)
    doc = api.render(ws, "perkada", "63.01")           # the model, after all transforms
    data = api.write(ws, doc, "pdf")                   # bytes
    result = api.build(root, ("docx", "pdf"), workers=2)   # what changed, published into output/
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Iterable

from generator import model as m
from generator import reader, styles, templating, transforms, untrusted
from generator.build import incremental, publish
from generator.build.incremental import Doc
from generator.data import workspace
from generator.data.context import region_words
from generator.data.workspace import Workspace
from generator.errors import Collector, Problems, UsageError
from generator.kinds import KINDS, NATIONAL, Kind
from generator.writers import FORMATS, Options, formats

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


def render(ws: Workspace, kind_name: str, code: str, warnings: list | None = None,
           templates_used: set[str] | None = None) -> m.Document:
    """Template -> markup -> model -> transforms, for one region (or the workspace, code "nasional").
    Raises Problems naming every fault; warnings (a citation still holding "...", a province figure that
    differs from the sum of its regencies) are appended to ``warnings``. The document sees only the region
    files its kind declares (``Kind.sources``); the template files it read are added to ``templates_used``."""
    kind = _kind(kind_name)
    found: list = []
    if kind.scope == NATIONAL:
        if code != NATIONAL:
            raise UsageError(f"'{kind_name}' covers the whole workspace: use the code '{NATIONAL}'")
        entry, region = None, NATIONAL
    else:
        entry, region = _entry(ws, code), code
    ws = ws.view(kind.sources(ws, entry))
    env = templating.environment(ws.templates)
    context = kind.context(ws, entry, found)
    markup = templating.render(env, kind.template, context)
    source = reader.read(markup, kind.template, lambda snippet: templating.locate(env, snippet))
    name = context.daerah.nama_lengkap if entry else "Indonesia"
    meta = m.Meta(
        title=kind.document_title(context, source),
        subject=kind.title, author=ws.settings.penulis, date=ws.document_date, kind=kind.name,
        region=region, page=kind.page, stylesheet=kind.stylesheet,
        keywords=("Inpres 2/2021", "BPJS Ketenagakerjaan", name),
        illustrative=context.dokumen.ilustratif,
        running_head=source.kepala_halaman if isinstance(source, m.Laporan) else "")
    ctx = transforms.Context(ws.library, Collector(found), lambda snippet: templating.locate(env, snippet))
    doc = transforms.apply(m.Document(meta, (source,)), ctx)
    ctx.problems.raise_if_errors()
    if templates_used is not None:
        templates_used.update(f"templates/{name}" for name in env.loader.used)
    if warnings is not None:
        warnings.extend(ctx.problems.warnings)
    return doc


def options(ws: Workspace, doc: m.Document) -> Options:
    """What the writers need besides the model: the stylesheet (with the bytes of its font files, checked
    by ``styles.load``) and the bytes of every image the model names. An image must be a real image file
    inside the workspace."""
    sheet = styles.load(ws.templates, doc.meta.stylesheet)
    resources = {}
    for node in images(doc):
        try:
            resources[node.src] = untrusted.image(ws.root, node.src)
        except Problems as exc:
            raise Problems([dataclasses.replace(p, where=f"{doc.meta.region}: lambang '{node.src}'",
                                                message=f"emblem: {p.message}") for p in exc.problems]) from None
    return Options(sheet, resources)


def images(doc: m.Document):
    """The Image nodes of a document (their files are inputs of the build)."""
    for block in doc.blocks:
        for node in m.walk(block):
            if isinstance(node, m.Image):
                yield node


def write(ws: Workspace, doc: m.Document, fmt: str) -> bytes:
    check_formats((fmt,))
    return dict(write_formats(doc, options(ws, doc), (fmt,)))[fmt]


def check_formats(fmts: Iterable[str]) -> None:
    for fmt in fmts:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")


def write_formats(doc: m.Document, opts: Options, fmts: tuple[str, ...]):
    """Yield (format, bytes). A document with a table of contents is laid out once by WeasyPrint; its
    page map gives the DOCX TOC the same page numbers, and the same layout becomes the PDF."""
    from generator.writers import pdf as pdf_writer   # WeasyPrint loads in 0.5 s: only when writing
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


def jobs(ws: Workspace, kinds: Iterable[str] | None = None, codes: Iterable[str] | None = None) -> list[Doc]:
    """The documents of the workspace (of ``kinds``, for ``codes``), in kind then code order."""
    wanted = set(codes) if codes else None
    out = []
    for name in (kinds or KINDS):
        kind = _kind(name)
        if kind.scope == NATIONAL:
            if wanted is None or NATIONAL in wanted:
                out.append(Doc(name, NATIONAL, kind.output_stem(ws, None, None)))
            continue
        for code, entry in ws.regions.items():
            if kind.applies(entry) and (wanted is None or code in wanted):
                out.append(Doc(name, code, kind.output_stem(ws, entry, region_words(ws, entry))))
    return out


def build(root: Path | str = ".", formats_: Iterable[str] = DEFAULT_FORMATS, out_dir: Path | None = None,
          kinds: Iterable[str] | None = None, codes: Iterable[str] | None = None, *, workers: int = 1,
          shard: tuple[int, int] | None = None, check: bool = False, force: bool = False,
          report: Path | None = None, progress=lambda done, total, outcome: None) -> incremental.Result:
    """Build the documents whose inputs changed (all of them with ``force``) and publish them into output/;
    see generator/build/incremental.py. A document that fails does not stop the others, but then nothing
    is published and Problems (every failure) is raised after ``report`` was written; OutputError likewise
    when the outputs could not be written. With ``check`` nothing is written: the result lists what is
    stale."""
    ws = load(root)
    out_dir = Path(out_dir) if out_dir else ws.root / "output"
    fmts = tuple(formats_)
    check_formats(fmts)
    kinds = list(kinds) if kinds else None
    docs = jobs(ws, kinds, codes)

    def removable(doc_id: str) -> bool:       # a partial build never removes what it was not asked about
        return not codes and (kinds is None or doc_id.split("/")[0] in kinds)

    result = incremental.build(ws, docs, out_dir, fmts, jobs=workers, shard=shard, check=check, force=force,
                               removable=removable, progress=progress)
    if report:
        publish.atomic_write(Path(report), (json.dumps(result.as_dict(), indent=1, ensure_ascii=False)
                                            + "\n").encode())
    if result.error:                          # the outputs could not be written (exit 3), nothing published
        raise result.error
    if result.failed:
        raise Problems([p for o in result.failed for p in o.problems])
    return result
