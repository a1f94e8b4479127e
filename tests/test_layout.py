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


# ------------------------------------------------------------------------------------------ closing blocks

FILLER = "Pembinaan dilakukan secara berkala dan berkelanjutan oleh Perangkat Daerah terkait. "
PEMBINAAN = "{{ J }} melakukan pembinaan dan pengawasan atas pelaksanaan"


def _pages(text: str, *needles: str) -> list[int]:
    """The page (0-based, pages split at form feeds) each needle first stands on."""
    pages = text.split("\f")
    found = []
    for needle in needles:
        hits = [i for i, page in enumerate(pages) if needle in re.sub(r"\s+", " ", page)]
        assert hits, needle
        found.append(hits[0])
    return found


CLOSING = ("Agar setiap orang mengetahuinya", "Ditetapkan di", "Diundangkan di", "BERITA DAERAH KABUPATEN")


def _perkada_with_filler(ws_root, lines: int, fmt: str) -> bytes:
    from tests.helpers import ROOT
    template = (ROOT / "templates" / "perkada.xml.j2").read_text(encoding="utf-8")
    (ws_root / "templates" / "perkada.xml.j2").write_text(
        template.replace(PEMBINAAN, FILLER * lines + PEMBINAAN), encoding="utf-8")
    ws, doc = _render(ws_root, "perkada", "63.01")
    return _write(ws, doc, fmt)[fmt]


def test_the_closing_of_a_perkada_stands_on_one_page_wherever_it_falls(tmp_path):
    """The promulgation formula, both signature blocks and the Berita Daerah line share a page in our PDF
    and in LibreOffice's print of the DOCX, as the text before them grows line by line over a page."""
    from tests.helpers import copy_workspace, libreoffice_pdf, need, run
    ws_root = copy_workspace(tmp_path / "ws")
    moved = set()
    checked_docx = 0
    for lines in range(0, 60, 3):
        pdf = tmp_path / f"{lines}.pdf"
        pdf.write_bytes(_perkada_with_filler(ws_root, lines, "pdf"))
        text = run(need("pdftotext"), "-layout", str(pdf), "-")
        pages = _pages(text, "mulai berlaku pada tanggal diundangkan", *CLOSING)
        assert len(set(pages[1:])) == 1, (lines, pages)
        moved.add(pages[1] - pages[0])
        # the closing pushed whole to the next page: where a split would have happened, check the DOCX too
        if pages[1] > pages[0] and checked_docx < 2:
            checked_docx += 1
            docx = tmp_path / f"{lines}.docx"
            docx.write_bytes(_perkada_with_filler(ws_root, lines, "docx"))
            lo_pages = _pages(run(need("pdftotext"), "-layout",
                                  str(libreoffice_pdf(docx, tmp_path / f"lo{lines}")), "-"), *CLOSING)
            assert len(set(lo_pages)) == 1, (lines, lo_pages)
    # the range did make the closing fall at the end of a page at least once (and not at others)
    assert moved == {0, 1} and checked_docx


def _not_alone(text: str, signature: str = "Ditetapkan di") -> bool:
    """The page the signature begins on has text of the letter above it (not only the page number)."""
    page = next(p for p in text.split("\f") if signature in p)
    above = page[:page.index(signature)]
    return any(len(line.split()) >= 3 for line in above.splitlines())


def test_the_signature_of_a_surat_edaran_never_stands_alone_on_a_page(tmp_path):
    from tests.helpers import ROOT, copy_workspace, libreoffice_pdf, need, run
    ws_root = copy_workspace(tmp_path / "ws")
    source = (ROOT / "templates" / "surat-edaran.xml.j2").read_text(encoding="utf-8")
    anchor = "<p>Demikian Surat Edaran ini"
    assert anchor in source
    seen: list[int] = []            # the page the signature is on, as the letter grows
    for lines in range(0, 60, 3):
        (ws_root / "templates" / "surat-edaran.xml.j2").write_text(
            source.replace(anchor, f"<p>{FILLER * lines}</p>{anchor}"), encoding="utf-8")
        ws, doc = _render(ws_root, "surat-edaran", "63.01")
        out = _write(ws, doc, "pdf", "docx")
        pdf = tmp_path / f"{lines}.pdf"
        pdf.write_bytes(out["pdf"])
        text = run(need("pdftotext"), "-layout", str(pdf), "-")
        assert _not_alone(text), lines
        (page,) = _pages(text, "Ditetapkan di")
        if seen and page > seen[-1]:     # the signature just crossed a page end: LibreOffice's print too
            docx = tmp_path / f"{lines}.docx"
            docx.write_bytes(out["docx"])
            printed = run(need("pdftotext"), "-layout", str(libreoffice_pdf(docx, tmp_path / f"lo{lines}")), "-")
            assert _not_alone(printed), lines
        seen.append(page)
    assert len(set(seen)) > 1        # the range did carry the signature over a page end


# ------------------------------------------------------------------------------------------ table columns

def _cell_words(doc) -> set[str]:
    from generator import model as m
    from generator.writers.measure import BREAKS
    return {word for block in doc.blocks for node in m.walk(block) if isinstance(node, m.Cell)
            for word in BREAKS.split(m.plain_text(node.inlines)) if len(word) > 1}


def _split_words(pdf, words: set[str]) -> list[str]:
    """Words of ``words`` the PDF sets in two pieces on two lines (one after the other in its text,
    with or without a hyphen): "N" + "o." for "No.", "Jangk" + "a" for "Jangka". A line may break after
    a hyphen or a slash ("Perda/" + "Perkada")."""
    import html as html_lib

    from tests.helpers import need, run
    out = run(need("pdftotext"), "-bbox", str(pdf), "-")
    found = []
    for page in out.split("<page ")[1:]:
        tokens = [(float(y), html_lib.unescape(t)) for y, t in
                  re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)]
        for (y1, a), (y2, b) in zip(tokens, tokens[1:]):
            broken = (a + b in words and not a.endswith(("-", "/"))) or (
                a.endswith("-") and a[:-1] and a[:-1] + b in words)           # an inserted hyphen
            if broken and abs(y2 - y1) > 1:
                found.append(f"{a}|{b}")
    return found


def _with_lampiran_everywhere(ws_root):
    """The workspace with every region's Perkada showing the basis of computation as its Lampiran."""
    for path in (ws_root / "config" / "regions").rglob("*.yaml"):
        text = re.sub(r"\n  lampiran_perhitungan: \w+[^\n]*", "", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("\npekerja_rentan:\n", "\npekerja_rentan:\n  lampiran_perhitungan: true\n"),
                        encoding="utf-8")
    return ws_root


@pytest.mark.parametrize("kind, code", [("perkada", "62.01"), ("laporan", "62"), ("laporan-nasional", "nasional")])
def test_no_word_of_a_table_cell_is_broken(tmp_path, kind, code):
    from tests.helpers import copy_workspace, libreoffice_pdf
    ws, doc = _render(_with_lampiran_everywhere(copy_workspace(tmp_path / "ws")), kind, code)
    words = _cell_words(doc)
    assert {"No.", "Jangka"} <= words if kind == "perkada" else words
    out = _write(ws, doc, "pdf", "docx")
    (tmp_path / "ours.pdf").write_bytes(out["pdf"])
    (tmp_path / "doc.docx").write_bytes(out["docx"])
    assert _split_words(tmp_path / "ours.pdf", words) == []
    assert _split_words(libreoffice_pdf(tmp_path / "doc.docx", tmp_path / "lo"), words) == []


# ------------------------------------------------------------------------------------------ Lampiran head

def test_no_lampiran_head_splits_a_region_name(tmp_path):
    """For every sample region: the head of the Lampiran ("PERATURAN BUPATI HULU SUNGAI SELATAN", its
    NOMOR line) stands on single lines, in our PDF and in LibreOffice's print of the DOCX."""
    from tests.helpers import copy_workspace, need, run
    ws = pipeline.load(_with_lampiran_everywhere(copy_workspace(tmp_path / "ws")))
    expected, docx_files = {}, []
    for code in sorted(ws.regions):
        doc = pipeline.render(ws, "perkada", code, [])
        out = _write(ws, doc, "pdf", "docx")
        (tmp_path / f"{code}.pdf").write_bytes(out["pdf"])
        (tmp_path / f"{code}.docx").write_bytes(out["docx"])
        docx_files.append(str(tmp_path / f"{code}.docx"))
        jenis = re.search(r"PERATURAN (BUPATI|WALI KOTA|GUBERNUR) [A-Z ]+", run(
            need("pdftotext"), "-layout", "-f", "1", "-l", "1", str(tmp_path / f"{code}.pdf"), "-")).group(0)
        expected[code] = jenis.strip()
    lo = tmp_path / "lo"
    run(need("soffice"), "--headless", "--norestore", f"-env:UserInstallation=file://{lo}/profile",
        "--convert-to", "pdf", "--outdir", str(lo), *docx_files, timeout=600)
    for code, head in expected.items():
        for pdf in (tmp_path / f"{code}.pdf", lo / f"{code}.pdf"):
            text = run(need("pdftotext"), "-layout", str(pdf), "-").replace("\u00a0", " ")
            lampiran = text[text.rindex("LAMPIRAN"):]
            lines = [re.sub(r"\s+", " ", line).strip() for line in lampiran.splitlines()]
            assert head in lines, (pdf.name, head, lines[:6])
            assert any(re.fullmatch(r"NOMOR \S+ TAHUN \S+", line) for line in lines[:6]), (pdf.name, lines[:6])


# ------------------------------------------------------------------------------------------ emblem

def _with_emblem(tmp_path):
    from PIL import Image

    from tests.helpers import copy_workspace, edit
    ws_root = copy_workspace(tmp_path / "ws")
    Image.new("RGB", (120, 130), (200, 160, 40)).save(ws_root / "config" / "lambang.png")
    edit(ws_root, "config/settings.yaml", "lambang_kepala_daerah: null", "lambang_kepala_daerah: config/lambang.png")
    return ws_root


def test_check_warns_when_no_emblem_is_configured(tmp_path):
    from tests.helpers import copy_workspace, invoke
    bare = invoke("check", ws=copy_workspace(tmp_path / "bare"))
    assert re.search(r"warning: config/settings\.yaml lambang_kepala_daerah: no emblem", bare.output)
    configured = invoke("check", ws=_with_emblem(tmp_path))
    assert "lambang_kepala_daerah" not in configured.output


@pytest.mark.parametrize("kind", ["perkada", "surat-edaran"])
def test_the_configured_emblem_heads_page_one(tmp_path, kind):
    from pypdf import PdfReader

    from tests.helpers import libreoffice_pdf
    ws, doc = _render(_with_emblem(tmp_path), kind, "63.01", illustrative=False)   # no watermark
    out = _write(ws, doc, "pdf", "docx")
    pages = PdfReader(io.BytesIO(out["pdf"])).pages
    assert _draws_a_form(pages[0]) and not any(_draws_a_form(page) for page in pages[1:])
    with zipfile.ZipFile(io.BytesIO(out["docx"])) as package:
        body = package.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in package.namelist())
    assert body.index("<w:drawing>") < body.index("KALIMANTAN SELATAN")   # above the kop's words
    (tmp_path / "d.docx").write_bytes(out["docx"])
    printed = PdfReader(libreoffice_pdf(tmp_path / "d.docx", tmp_path / "lo")).pages
    assert len(printed[0].images) == 1


# ------------------------------------------------------------------------------------------ paraf koordinasi

def test_the_paraf_koordinasi_table_stands_with_the_closing_and_is_off_when_not_configured(tmp_path):
    import docx as python_docx

    from tests.helpers import copy_workspace, edit
    ws, doc = _render(".", "perkada", "63.01")
    officials = ws.settings.jenis_daerah["kabupaten"].paraf_koordinasi
    assert officials
    out = _write(ws, doc, "pdf", "docx")
    (tmp_path / "p.pdf").write_bytes(out["pdf"])
    from tests.helpers import pdftext
    text = pdftext(tmp_path / "p.pdf")
    closing_page = text.split("\f")[_pages(text, "BERITA DAERAH KABUPATEN")[0]]
    assert "Paraf Koordinasi" in closing_page
    rows = [re.sub(r"\s+", " ", line).strip() for line in closing_page.split("Paraf Koordinasi")[1].splitlines()]
    assert "No. Jabatan Paraf" in rows
    assert [f"{i}. {name}" for i, name in enumerate(officials, 1)] == [r for r in rows if re.match(r"\d+\. ", r)]
    table = python_docx.Document(io.BytesIO(out["docx"])).tables[0]   # the first table: before the Lampiran
    assert [c.text for c in table.rows[0].cells] == ["No.", "Jabatan", "Paraf"]
    assert [r.cells[1].text for r in table.rows[1:]] == officials
    # not configured: no table
    ws_root = copy_workspace(tmp_path / "ws")
    settings = (ws_root / "config" / "settings.yaml").read_text(encoding="utf-8")
    block = settings[settings.index("  kabupaten:"):settings.index("  kota:")]
    edit(ws_root, "config/settings.yaml", block,
         "  kabupaten: {daerah: Kabupaten, kepala: Bupati, peraturan: Peraturan Bupati, singkatan: Perbup}\n")
    ws, doc = _render(ws_root, "perkada", "63.01")
    out = _write(ws, doc, "html", "docx")
    assert "Paraf Koordinasi" not in out["html"].decode()
    assert all(t.rows[0].cells[0].text != "No." or len(t.columns) != 3
               for t in python_docx.Document(io.BytesIO(out["docx"])).tables)
