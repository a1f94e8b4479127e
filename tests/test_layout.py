"""What the page shows beyond the words: the watermark of a draft built from illustrative data, table
columns no word is broken in, closing blocks kept on one page, the Lampiran head's lines unbroken, the
emblem of the letterhead. Read from the DOCX parts, from our PDF and from LibreOffice's print of the DOCX."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest

from generator import pipeline
from generator.writers import write_all

WATERMARK = "RANCANGAN — DATA CONTOH"


def _render(ws_root, kind: str, code: str, *, illustrative: bool | None = None):
    ws = pipeline.load(ws_root)
    doc = pipeline.render(ws, kind, code, [])
    if illustrative is not None:
        doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, illustrative=illustrative))
    return ws, doc


def _write(ws, doc, *fmts: str) -> dict[str, bytes]:
    return dict(write_all(doc, pipeline.options(ws, doc), fmts))


def _headers(docx: bytes) -> list[str]:
    """The XML of every header part the document's sections use."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)
                       + [(b, a) for a, b in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)])
        used = re.findall(r'<w:headerReference [^>]*r:id="(rId\d+)"', body)
        return [package.read("word/" + targets[rid]).decode() for rid in used]


# ------------------------------------------------------------------------------------------ watermark

def _draws_a_form(page) -> bool:
    """The page's content paints an external object (``/Name Do``): the watermark's outlines (a page of a
    regulation has no other picture)."""
    return re.search(rb"/\w+ Do\b", page.get_contents().get_data()) is not None


@pytest.mark.parametrize("kind", ["perkada", "surat-edaran"])
def test_a_draft_from_illustrative_data_carries_the_watermark_on_every_page(kind):
    from pypdf import PdfReader
    ws, doc = _render(".", kind, "63.06")
    assert doc.meta.illustrative
    out = _write(ws, doc, "docx", "pdf", "html")
    headers = _headers(out["docx"])
    # the default header and the first page's (page 1 has no page number, but the watermark)
    assert len(headers) == 2
    for xml in headers:
        assert "PowerPlusWaterMarkObject" in xml and f'string="{WATERMARK}"' in xml
    assert out["html"].decode().count('class="tanda-air"') == 1
    pdf = PdfReader(io.BytesIO(out["pdf"]))
    for number, page in enumerate(pdf.pages, 1):     # the outlines of the words: a form on every page
        assert _draws_a_form(page), f"no watermark on page {number}"
        # a picture, not words: the text layer is the draft alone
        assert "DATA CONTOH" not in page.extract_text()


def test_no_watermark_without_illustrative_data_nor_on_a_report():
    from pypdf import PdfReader
    ws, doc = _render(".", "perkada", "63.06", illustrative=False)
    out = _write(ws, doc, "docx", "html", "pdf")
    assert not any("PowerPlusWaterMarkObject" in xml for xml in _headers(out["docx"]))
    assert "tanda-air" not in out["html"].decode().split("</style>")[1]
    assert not any(_draws_a_form(page) for page in PdfReader(io.BytesIO(out["pdf"])).pages)
    ws, doc = _render(".", "laporan", "63.06")
    assert doc.meta.illustrative        # a report marks its illustrative figures where they stand
    out = _write(ws, doc, "docx", "html")
    assert not any("PowerPlusWaterMarkObject" in xml for xml in _headers(out["docx"]))
    assert "tanda-air" not in out["html"].decode().split("</style>")[1]
