"""Monev reports: every figure traced to the YAML by an independent recomputation, province figures
derived from regencies, rules, charts, TOC, landscape pages - checked in the model and with real clients."""

from __future__ import annotations

import collections
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from generator import api
from generator import model as m
from generator.legal.indonesian import number, percent
from tests.helpers import ROOT, copy_workspace, docx_text, libreoffice_pdf, need, pdftext, run


def raw_region(code: str) -> dict:
    folder = code.split(".")[0]
    (path,) = [p for p in (ROOT / "config" / "regions" / folder).glob("*.yaml")
               if yaml.safe_load(p.read_text())["kode"] == code]
    return yaml.safe_load(path.read_text())


def participants(period: dict) -> int:
    p = period["peserta"]
    return p["total"] if p.get("total") is not None else sum(p.get(k) or 0 for k in ("pu", "bpu", "jakon", "pmi"))


def text_of(doc: m.Document) -> str:
    out = []
    for block in doc.blocks:
        for node in m.walk(block):
            if isinstance(node, m.Para):
                out.append(m.plain_text(node.inlines))
            elif isinstance(node, m.Cell):
                out.append(m.plain_text(node.inlines))
    return re.sub(r"\s+", " ", " ".join(out))


@pytest.fixture(scope="module")
def ws():
    return api.load(ROOT)


def test_regency_figures_are_recomputed_from_the_yaml(ws):
    raw = raw_region("63.01")
    last = sorted(raw["cakupan"], key=lambda c: c["periode"])[-1]
    share = 100 * participants(last) / last["jumlah_penyebut"]
    text = text_of(api.render(ws, "laporan", "63.01"))
    assert f"mencapai {percent(share)}, yaitu {number(participants(last))} peserta aktif dari " \
           f"{number(last['jumlah_penyebut'])}" in text
    rentan = raw["kelompok"]["pekerja_rentan"]
    gap = rentan["jumlah"] - rentan["terdaftar"]
    assert f"{number(gap * 16_800 * 12)},00" in text   # budget for the unregistered, JKK + JKM, 12 months
    done = sum(1 for a in raw["checklist"].values() if a["status"] == "ya")
    assert f"{done}/13" in text


def test_province_figures_are_the_sums_of_their_regencies(ws):
    members = [raw_region(e.code) for e in ws.members(ws.regions["62"])]
    periods = set.intersection(*({c["periode"] for c in r["cakupan"]} for r in members))
    last = max(periods)
    rows = [next(c for c in r["cakupan"] if c["periode"] == last) for r in members]
    denom, part = sum(c["jumlah_penyebut"] for c in rows), sum(participants(c) for c in rows)
    doc = api.render(ws, "laporan", "62")
    text = text_of(doc)
    assert f"mencapai {percent(100 * part / denom)}, yaitu {number(part)} peserta aktif dari {number(denom)}" in text
    ranked = sorted(members, key=lambda r: -participants(next(c for c in r["cakupan"] if c["periode"] == last))
                    / next(c for c in r["cakupan"] if c["periode"] == last)["jumlah_penyebut"])
    (table,) = [t for b in doc.blocks for t in m.walk(b) if isinstance(t, m.Table) and t.id == "tabel-peringkat"]
    names = [m.plain_text(row.cells[1].inlines) for row in table.rows if row.kind == "body"]
    assert names == [f"Kabupaten {r['nama']}" if r["jenis"] == "kabupaten" else f"Kota {r['nama']}" for r in ranked]
    (chart,) = [c for b in doc.blocks for c in m.walk(b) if isinstance(c, m.Chart) and c.kind == "batang"]
    assert [label for label, _ in chart.series[0].points] == [r["nama"] for r in ranked]
    assert chart.target == 50.0


def test_a_province_figure_that_differs_from_its_regencies_is_a_warning(tmp_path):
    ws_dir = copy_workspace(tmp_path / "ws")
    prov = ws_dir / "config/regions/62/62.yaml"
    text = prov.read_text()
    assert "384661" in text
    prov.write_text(text.replace("384661", "384000", 1))
    ws = api.load(ws_dir)
    warnings: list = []
    api.render(ws, "laporan", "62", warnings)
    (w,) = [w for w in warnings if "the province states" in w.message]
    assert "384.000" in w.message and "384.661" in w.message and w.where.startswith("config/regions/62/62.yaml:")


def test_rules_give_findings_and_recommendations(ws):
    codes = [e.code for e in ws.regions.values() if e.region.jenis != "provinsi"]
    without = next(c for c in codes if raw_region(c)["checklist"]["R1"]["status"] != "ya")
    with_perkada = next(c for c in codes if raw_region(c)["checklist"]["R1"]["status"] == "ya")
    doc = api.render(ws, "laporan", without)
    text = text_of(doc)
    assert f'naskah render perkada {without}' in text
    captions = [t.caption for b in doc.blocks for t in m.walk(b) if isinstance(t, m.Table)]
    assert "Matriks tindak lanjut" in captions
    assert f"naskah render perkada {with_perkada}" not in text_of(api.render(ws, "laporan", with_perkada))
    raw = raw_region(without)
    last = sorted(raw["cakupan"], key=lambda c: c["periode"])[-1]
    below = 100 * participants(last) / last["jumlah_penyebut"] < 50.0
    assert ("poin persen di bawah target" in text) == below


def test_report_structure_numbers_sections_tables_and_figures(ws):
    doc = api.render(ws, "laporan", "63")
    (toc,) = [b for b in doc.blocks if isinstance(b, m.Toc)]
    assert [e.label for e in toc.entries if e.level == 1] == [f"{n}." for n in range(1, 9)]
    assert toc.entries[1].label == "1.1" and toc.entries[1].target == "seksi-1-1"
    tables = [n for b in doc.blocks for n in m.walk(b) if isinstance(n, m.Table) and n.caption]
    charts = [n for b in doc.blocks for n in m.walk(b) if isinstance(n, m.Chart)]
    assert [t.label for t in tables] == [f"Tabel {i}" for i in range(1, len(tables) + 1)]
    assert [c.label for c in charts] == [f"Gambar {i}" for i in range(1, len(charts) + 1)]
    assert {c.kind for c in charts} == {"tren", "komposisi", "batang"}
    assert any(isinstance(b, m.Landscape) for b in doc.blocks)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    ws_dir = copy_workspace(tmp_path_factory.mktemp("reports"))
    api.build(ws_dir, kinds=["laporan", "laporan-nasional"], codes=["63", "62.08", "nasional"])
    return ws_dir / "output"


def pdf_pages(path: Path) -> list[str]:
    return pdftext(path).split("\f")


def test_pdf_toc_page_numbers_point_at_the_headings(built):
    pages = pdf_pages(built / "laporan" / "63-monev-kalimantan-selatan.pdf")
    toc = pages[1]
    assert "DAFTAR ISI" in toc
    for label, title, page in re.findall(r"^\s*(\d+(?:\.\d+)?\.?)\s+([A-Z][^.\n]+?)\s*\.{3,}\s*(\d+)\s*$", toc, re.M):
        assert re.search(rf"^\s*{re.escape(label)}\s+{re.escape(title.strip())}", pages[int(page) - 1], re.M), \
            (label, title, page)


def test_charts_are_vector_in_the_pdf_and_png_in_the_docx(built):
    need("pdfimages")
    pdf = built / "laporan" / "63-monev-kalimantan-selatan.pdf"
    assert run("pdfimages", "-list", str(pdf)).splitlines()[2:] == []   # no raster: charts are SVG paths
    with zipfile.ZipFile(built / "laporan" / "63-monev-kalimantan-selatan.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 3 and all(n.endswith(".png") for n in media)
        from PIL import Image
        with Image.open(io.BytesIO(z.read(media[0]))) as image:
            assert image.width >= 1200   # high resolution


def test_landscape_pages_inside_a_portrait_report(built):
    need("pdfinfo")
    pdf = built / "laporan" / "63-monev-kalimantan-selatan.pdf"
    info = run("pdfinfo", "-f", "1", "-l", "99", str(pdf))
    sizes = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)
    kinds = ["landscape" if float(w) > float(h) else "portrait" for _, w, h in sizes]
    assert kinds[0] == "portrait" and kinds[-1] == "landscape" and "portrait" not in kinds[kinds.index("landscape"):]
    pages = pdf_pages(pdf)
    last = len(sizes)
    assert re.search(rf"^\s*{last}\s*$", pages[last - 1], re.M)   # page numbers continue on landscape pages
    d = docx.Document(str(built / "laporan" / "63-monev-kalimantan-selatan.docx"))
    assert [s.orientation for s in d.sections][-1] == 1 and d.sections[0].orientation == 0


def test_docx_toc_is_prefilled_with_the_pdf_page_numbers(built):
    d = docx.Document(str(built / "laporan" / "62.08-monev-sukamara.docx"))
    entries = [p.text for p in d.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert entries[0].startswith("1.\tPendahuluan\t") and len(entries) > 10
    assert 'TOC \\o "1-2"' in d.element.xml
    pages = pdf_pages(built / "laporan" / "62.08-monev-sukamara.pdf")
    for entry in entries:
        label, title, page = entry.split("\t")
        assert re.search(rf"^\s*{re.escape(label)}\s+{re.escape(title)}", pages[int(page) - 1], re.M), entry
    head_rows = d.element.xml.count("<w:tblHeader")
    assert head_rows >= 8   # header rows repeat on every page


def figures(text: str) -> collections.Counter:
    """Numbers formatted the Indonesian way (1.234 / 36,7 / 42,0%): the data figures of a report."""
    return collections.Counter(re.findall(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?%?|\d+,\d+%?", text))


def test_numbers_agree_between_pdf_and_docx(built):
    for stem in ("laporan/62.08-monev-sukamara", "laporan/63-monev-kalimantan-selatan",
                 "laporan-nasional/nasional-rekap-monev"):
        pdf = figures(" ".join(pdf_pages(built / f"{stem}.pdf")))
        assert pdf == figures(docx_text(built / f"{stem}.docx")), stem


def test_libreoffice_opens_the_report_with_images_tables_and_toc(built, tmp_path):
    converted = libreoffice_pdf(built / "laporan" / "63-monev-kalimantan-selatan.docx", tmp_path)
    assert len(run("pdfimages", "-list", str(converted)).splitlines()[2:]) >= 3
    text = " ".join(pdf_pages(converted))
    assert "DAFTAR ISI" in text and "Tabel 1." in text and "Gambar 1." in text and "Lampiran" in text
