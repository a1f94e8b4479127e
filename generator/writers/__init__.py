"""Writers: ``write(document, options) -> bytes``. They read the model and never touch the file system;
naming and writing files happens once, in batch.publish. Each dispatches per node type, and an unknown
node type is an error (tests assert every writer handles every layout node). :func:`write_all` writes
one document in several formats: the DOCX and the PDF share one layout when the DOCX has a table of
contents."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import model as m
from generator.styles import Stylesheet


@dataclass(frozen=True)
class Options:
    stylesheet: Stylesheet
    resources: dict[str, bytes] = field(default_factory=dict)   # images by the src the model names
    pages: dict[str, int] = field(default_factory=dict)         # section id -> page (from the PDF layout),
                                                                # for the page numbers of a DOCX TOC


class Ctx:
    """Where a block stands, for the style names of list items (shared by the writers)."""

    __slots__ = ("indented", "konsiderans", "depth")

    def __init__(self, indented: bool = False, konsiderans: bool | str = False, depth: int = 0):
        self.indented, self.konsiderans, self.depth = indented, konsiderans, depth

    def deeper(self, depth: int) -> Ctx:
        return Ctx(self.indented, self.konsiderans, depth)


class UnknownNode(TypeError):
    pass


class Visitor:
    """Dispatch ``visit_<ClassName>``; a node type without a method is an error, never skipped."""

    def visit(self, node, *args):
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise UnknownNode(f"{type(self).__name__} cannot write {type(node).__name__}")
        return method(node, *args)


def watermark(sheet: Stylesheet, meta: m.Meta) -> str:
    """The watermark every page of a document carries: the stylesheet's ``page: watermark:`` (a draft's
    "RANCANGAN — DATA CONTOH"; a stylesheet without one has none) when the document is built from
    illustrative data, else none."""
    return sheet.word["page"].get("watermark", "") if meta.illustrative else ""


FORMATS = ("docx", "pdf", "html", "json")


def formats() -> dict:
    """Writer by format name (imported on demand: WeasyPrint and matplotlib take a second to load)."""
    from generator.writers import docx, html, jsondump, pdf
    return {"docx": docx.write, "pdf": pdf.write, "html": html.write, "json": jsondump.write}


def write_all(doc: m.Document, opts: Options, fmts: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    """Yield (format, bytes) for each of ``fmts``. A document with a table of contents is laid out once by
    WeasyPrint; its page map gives the DOCX TOC the same page numbers, and the same layout becomes the PDF."""
    from generator.writers import pdf as pdf_writer  # WeasyPrint loads in 0.5 s: only when writing
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
