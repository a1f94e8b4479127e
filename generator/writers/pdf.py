"""Model -> PDF through the HTML writer and WeasyPrint: PDF/A-3b, fonts embedded (subset), title /
subject / author / keywords metadata, bookmarks (from the CSS), fixed dates and identifier so the same
document gives the same bytes. ``layout`` is exposed so a build can read the page of every section
(for the page numbers of the DOCX table of contents) without laying the document out twice."""

from __future__ import annotations

import functools
import hashlib
import io

import pydyf
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.model import Document
from generator.writers import Options, html

PDF_VARIANT = "pdf/a-3b"


class Fetcher(URLFetcher):
    """What WeasyPrint may fetch: the stylesheet's font files (their bytes read by ``styles.load``) and
    data: URLs (images, charts). Anything else, a file:// or http URL above all, is refused, so the PDF
    depends on nothing outside its inputs."""

    def __init__(self, fonts: dict[str, bytes]):
        super().__init__(allowed_protocols={"data"})
        self.fonts = fonts

    def fetch(self, url, headers=None):
        if url in self.fonts:
            return URLFetcherResponse(url, self.fonts[url], {"Content-Type": "font/otf"})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"naskah fetches nothing but its fonts and data: URLs, not {url[:80]}")


def fetcher(options: Options) -> Fetcher:
    return Fetcher({face.url: face.data for face in options.stylesheet.fonts})


def layout(document: Document, options: Options):
    """The laid-out WeasyPrint document and the identifier its PDF will carry."""
    markup = html.write(document, options)
    # The HTML is self-contained (images are data: URLs, data is escaped text); only the fonts are fetched.
    rendered = HTML(string=markup.decode("utf-8"), base_url="naskah:", url_fetcher=fetcher(options)).render()
    return rendered, hashlib.sha256(markup).hexdigest()[:32].encode()


def anchor_pages(laid_out) -> dict[str, int]:
    """Page number (1-based) of every element id in the laid-out document."""
    rendered, _ = laid_out
    return {name: i for i, page in enumerate(rendered.pages, 1) for name in page.anchors}


class _EndOfLine:
    """Mixed into a PDF stream's class: its data never ends in a carriage return right before the
    end-of-line that precedes ``endstream``. pydyf writes ``<data>\nendstream``, and data ending in 0x0D
    makes that ``\r\n``, an end-of-line a reader may take for the whole marker and so read a stream one
    byte short of its ``Length`` (PDF/A forbids the ambiguity, ISO 19005-2 6.1.7.1). Such data gets a
    ``\r\n`` of its own after it."""

    @property
    def data(self):
        data = super().data
        if data.endswith(b"\r\nendstream"):
            data = data[:-len(b"\nendstream")] + b"\r\nendstream"
        return data


@functools.cache
def _ending_cleanly(cls: type) -> type:
    return type(cls.__name__, (_EndOfLine, cls), {})


class _PDF(pydyf.PDF):
    """pydyf's PDF, written without object streams (and so without a cross-reference stream): those two
    streams are made inside ``write`` where ``_EndOfLine`` cannot reach them. Every other stream is still
    compressed on its own; only the small dictionaries go uncompressed."""

    def write(self, output, version=b"1.7", identifier=False, compress=False):
        return super().write(output, version, identifier, compress=False)


def _pdfa_finisher(rendered, pdf) -> None:
    """WeasyPrint's post-processing hook, right before the PDF is serialised: the XMP metadata stream
    stays uncompressed (PDF/A-2 and -3 require it as much as PDF/A-1, but WeasyPrint leaves it
    uncompressed only for PDF/A-1), and every stream ends unambiguously (``_EndOfLine``, ``_PDF``)."""
    metadata = pdf.catalog.get("Metadata")
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            if obj.reference == metadata:
                obj.compress = False
            obj.__class__ = _ending_cleanly(type(obj))
    pdf.__class__ = _PDF


def finish(laid_out) -> bytes:
    rendered, identifier = laid_out
    out = io.BytesIO()
    rendered.write_pdf(out, pdf_variant=PDF_VARIANT, pdf_identifier=identifier, uncompressed_pdf=False,
                       finisher=_pdfa_finisher)
    return out.getvalue()


def write(document: Document, options: Options) -> bytes:
    return finish(layout(document, options))
