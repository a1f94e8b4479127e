"""The render pipeline, for one document: workspace -> template context -> markup -> model -> transforms,
then what the writers need (stylesheet, images) and the bytes of each format. The API (generator.api)
and the batch build (generator.batch) both call it; it calls neither.

    ws = pipeline.load(root)                           # the workspace, with its document date
    doc = pipeline.render(ws, "perkada", "63.01")      # the model, after all transforms
    data = pipeline.write(ws, doc, "pdf")              # bytes
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator import model as m
from generator import reader, styles, templating, transforms, untrusted, writers
from generator.data import workspace
from generator.data.context import region_words
from generator.data.workspace import Workspace
from generator.errors import Collector, Problems, UsageError
from generator.kinds import KINDS, NATIONAL, Kind
from generator.writers import FORMATS, Options

DEFAULT_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Doc:
    """One document of a workspace: ``id`` is "kind/code" (stable, what shards and the manifest key on)."""

    kind: str
    code: str
    stem: str            # output path without the format suffix, relative to output/

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.code}"


def load(root: Path | str = ".", date: dt.date | None = None) -> Workspace:
    """The workspace at ``root``, checked whole. Its documents carry ``date`` when given (``--tanggal``),
    else ``tanggal_dokumen`` of config/settings.yaml."""
    return workspace.load(Path(root), date)


def kind_named(name: str) -> Kind:
    if name not in KINDS:
        raise UsageError(f"unknown document kind '{name}'; kinds: {', '.join(KINDS)}")
    return KINDS[name]


def _entry(ws: Workspace, code: str):
    if code not in ws.regions:
        raise UsageError(f"no region with code '{code}' (see `naskah list`)")
    return ws.regions[code]


def render(ws: Workspace, kind_name: str, code: str, warnings: list | None = None,
           templates_used: set[str] | None = None) -> m.Document:
    """Template -> markup -> model -> transforms, for one region (or the workspace, code "nasional").
    Raises Problems naming every fault; warnings (a citation still holding "...", a province figure that
    differs from the sum of its regencies) are appended to ``warnings``. The document sees only the region
    files its kind declares (``Kind.sources``); the template files it read are added to ``templates_used``."""
    kind = kind_named(kind_name)
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
    meta = kind.meta(ws, context, source, region)
    ctx = transforms.Context(ws.library, Collector(found), lambda snippet: templating.locate(env, snippet),
                             ws.settings.penyusunan)
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
    return dict(writers.write_all(doc, options(ws, doc), (fmt,)))[fmt]


def check_formats(fmts: Iterable[str]) -> None:
    for fmt in fmts:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")


def jobs(ws: Workspace, kinds: Iterable[str] | None = None, codes: Iterable[str] | None = None) -> list[Doc]:
    """The documents of the workspace (of ``kinds``, for ``codes``), in kind then code order."""
    wanted = set(codes) if codes else None
    out = []
    for name in (kinds or KINDS):
        kind = kind_named(name)
        if kind.scope == NATIONAL:
            if wanted is None or NATIONAL in wanted:
                out.append(Doc(name, NATIONAL, kind.output_stem(ws, None, None)))
            continue
        for code, entry in ws.regions.items():
            if kind.applies(entry) and (wanted is None or code in wanted):
                out.append(Doc(name, code, kind.output_stem(ws, entry, region_words(ws, entry))))
    return out
