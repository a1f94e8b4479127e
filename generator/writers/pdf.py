"""Model -> PDF through the HTML writer and WeasyPrint: PDF/A-3b, fonts embedded (subset), title /
subject / author / keywords metadata, bookmarks (from the CSS), fixed dates and identifier so the same
document gives the same bytes. ``layout`` is exposed so a build can read the page of every section
(for the page numbers of the DOCX table of contents) without laying the document out twice."""

from __future__ import annotations

import hashlib
import io

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


def finish(laid_out) -> bytes:
    rendered, identifier = laid_out
    out = io.BytesIO()
    rendered.write_pdf(out, pdf_variant=PDF_VARIANT, pdf_identifier=identifier, uncompressed_pdf=False)
    return out.getvalue()


def write(document: Document, options: Options) -> bytes:
    return finish(layout(document, options))
