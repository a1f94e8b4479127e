"""Model -> PDF through the HTML writer and WeasyPrint: PDF/A-3b, fonts embedded (subset), title /
subject / author / keywords metadata, bookmarks for BAB and Pasal (from the CSS), fixed dates and
identifier so the same document gives the same bytes."""

from __future__ import annotations

import hashlib
import io

from weasyprint import HTML

from generator.model import Document
from generator.writers import Options, html

PDF_VARIANT = "pdf/a-3b"


def write(document: Document, options: Options) -> bytes:
    markup = html.write(document, options)

    identifier = hashlib.sha256(markup).hexdigest()[:32].encode()
    out = io.BytesIO()
    # The HTML is self-contained (images are data: URLs, data is escaped text), so nothing is fetched.
    HTML(string=markup.decode("utf-8"), base_url="naskah:").write_pdf(
        out, pdf_variant=PDF_VARIANT, pdf_identifier=identifier, uncompressed_pdf=False)
    return out.getvalue()
