"""The sample build checked with real clients: poppler (pdfinfo, pdffonts, pdftotext), LibreOffice
headless (opens and converts the DOCX), python-docx (reads it back), and the parity of words between our
DOCX and our PDF. Outside CI a missing client skips with the reason; in CI it fails."""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from generator import api
from tests.helpers import copy_workspace, docx_text, flat, libreoffice_pdf, missing, need, pdftext, run, tree_bytes

SAMPLES = {  # one of each kind of region
    "63.01": "perkada/63.01-perbup-tanah-laut",
    "62": "perkada/62-pergub-kalimantan-tengah",
    "63.71": "perkada/63.71-perwali-banjarmasin",
}
SE_SAMPLES = {
    "63.01": "surat-edaran/63.01-se-bupati-tanah-laut",
    "62": "surat-edaran/62-se-gubernur-kalimantan-tengah",
    "62.71": "surat-edaran/62.71-se-wali-kota-palangka-raya",
}


@pytest.fixture(scope="module")
def built(sample_build):
    """The whole sample workspace built once, as README's build command does."""
    ws, result = sample_build
    return ws / "output", result


def test_build_makes_every_document_in_both_formats(built):
    out, report = built
    assert report.documents == 29 * 6 + 1    # six kinds per region, one national recap
    assert len(list((out / "laporan").glob("*.pdf"))) == len(list((out / "laporan").glob("*.docx"))) == 29
    assert sorted(p.name for p in (out / "laporan-nasional").iterdir()) == ["nasional-rekap-monev.docx",
                                                                          "nasional-rekap-monev.pdf"]
    for kind in ("perkada", "surat-edaran", "keputusan-tim", "keputusan-pbi", "catatan-penyusun"):
        pdfs, docxs = sorted((out / kind).glob("*.pdf")), sorted((out / kind).glob("*.docx"))
        assert len(pdfs) == len(docxs) == 29, kind
    names = [p.stem for p in (out / "perkada").glob("*.pdf")]
    assert sum("-pergub-" in n for n in names) == 2
    assert sum("-perbup-" in n for n in names) == 24
    assert sum("-perwali-" in n for n in names) == 3
    names = [p.stem for p in (out / "surat-edaran").glob("*.pdf")]
    assert sum("-se-gubernur-" in n for n in names) == 2
    assert sum("-se-bupati-" in n for n in names) == 24
    assert sum("-se-wali-kota-" in n for n in names) == 3


FACE = "Naskah-TeX-Gyre-Bonum"      # the PDF font names of the stylesheet's font files (its family name)


def test_pdf_is_f4_pdfa_with_metadata_and_embedded_fonts(built):
    out, _ = built
    need("pdfinfo")
    need("pdffonts")
    pdfs = sorted(out.glob("*/*.pdf"))
    assert len(pdfs) == 29 * 6 + 1
    for pdf in pdfs:
        info = run("pdfinfo", str(pdf))
        if pdf.parent.name.startswith("laporan") or pdf.parent.name == "catatan-penyusun":   # A4 (portrait;
            assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info), (pdf.name, info)  # Lampiran landscape)
            assert re.search(r"Title:\s+(Laporan Monitoring|Rekapitulasi Nasional|Catatan Penyusun)", info), info
        else:   # F4, 215 x 330 mm
            assert re.search(r"Page size:\s+609\.4\d* x 935\.4\d* pts", info), (pdf.name, info)
            assert re.search(r"Title:\s+(Rancangan Peraturan|Surat Edaran|Rancangan Keputusan)", info), info
        assert "Author:" in info and "Subject:" in info
        meta = run("pdfinfo", "-meta", str(pdf))
        assert "pdfaid:part" in meta and re.search(r"pdfaid:part[^0-9]*3", meta), pdf.name
        fonts = run("pdffonts", str(pdf)).splitlines()[2:]
        assert fonts, pdf.name
        for line in fonts:
            assert line.split()[-5] == "yes", f"{pdf.name}: font not embedded: {line}"
        assert all(line.split()[0].split("+")[-1].startswith(FACE) for line in fonts), (pdf.name, fonts)


FRAME_TANAH_LAUT = [
    "BUPATI TANAH LAUT", "PROVINSI KALIMANTAN SELATAN", "RANCANGAN", "PERATURAN BUPATI TANAH LAUT",
    "NOMOR ... TAHUN ...", "TENTANG", "OPTIMALISASI PELAKSANAAN PROGRAM JAMINAN SOSIAL",
    "DENGAN RAHMAT TUHAN YANG MAHA ESA", "BUPATI TANAH LAUT,", "Menimbang",
    "bahwa Peraturan Bupati Tanah Laut Nomor 30 Tahun 2015",        # the regulation it revokes and replaces
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, huruf b, huruf c, dan huruf d",
    "Mengingat", "Pasal 18 ayat (6) Undang-Undang Dasar",
    "MEMUTUSKAN:", "Menetapkan", "PERATURAN BUPATI TENTANG OPTIMALISASI", "BAB I", "KETENTUAN UMUM",
    "Pasal 1", "Daerah adalah Kabupaten Tanah Laut.", "KETENTUAN PERALIHAN", "KETENTUAN PENUTUP",
    "dicabut dan dinyatakan tidak berlaku.", "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.",
    "Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Bupati ini dengan penempatannya "
    "dalam Berita Daerah Kabupaten Tanah Laut.",
    "Ditetapkan di Pelaihari", "BUPATI TANAH LAUT,", "Diundangkan di Pelaihari",
    "SEKRETARIS DAERAH KABUPATEN TANAH LAUT,", "BERITA DAERAH KABUPATEN TANAH LAUT TAHUN ... NOMOR ...",
    "LAMPIRAN", "DASAR PERHITUNGAN KEBUTUHAN ANGGARAN", "Jumlah",
]


def test_frame_in_order_and_pasal_numbers_without_gaps(built):
    out, _ = built
    text = flat(pdftext(out / f"{SAMPLES['63.01']}.pdf"))
    position = 0
    for piece in FRAME_TANAH_LAUT:
        found = text.find(piece, position)
        assert found >= 0, f"{piece!r} missing or out of order after {text[position - 80:position]!r}"
        position = found + len(piece)
    for stem in SAMPLES.values():
        raw = pdftext(out / f"{stem}.pdf")
        numbers = [int(n) for n in re.findall(r"^\s*Pasal (\d+)\s*$", raw, flags=re.M)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20, (stem, numbers)
        babs = re.findall(r"^\s*BAB ([IVXL]+)\s*$", raw, flags=re.M)
        # BAB XI Ketentuan Penutup; XII where a Ketentuan Peralihan precedes it (a regulation revoked)
        assert babs[:4] == ["I", "II", "III", "IV"] and babs[-1] in ("XI", "XII")


def test_wording_follows_the_region_type(built):
    out, _ = built
    pergub = flat(pdftext(out / f"{SAMPLES['62']}.pdf"))
    assert "PERATURAN GUBERNUR KALIMANTAN TENGAH" in pergub
    assert "Daerah adalah Provinsi Kalimantan Tengah." in pergub
    assert "SEKRETARIS DAERAH PROVINSI KALIMANTAN TENGAH," in pergub
    assert "BERITA DAERAH PROVINSI KALIMANTAN TENGAH TAHUN" in pergub
    assert "AGUSTIAR SABRAN" in pergub
    perwali = flat(pdftext(out / f"{SAMPLES['63.71']}.pdf"))
    assert "PERATURAN WALI KOTA BANJARMASIN" in perwali and "WALI KOTA BANJARMASIN," in perwali
    assert "Daerah adalah Kota Banjarmasin." in perwali
    assert "perangkat desa" not in perwali  # a kota has kelurahan, not desa


def test_the_regulation_sets_criteria_and_leaves_amounts_to_the_keputusan(built):
    """No fixed yearly amount in the normative text; the Lampiran shows the basis of computation only where
    the region's data asks for it, computed from the data, and carries no note."""
    out, _ = built
    ws = api.load(out.parent)
    from generator.legal.indonesian import number
    for code, stem in SAMPLES.items():
        text = flat(pdftext(out / f"{stem}.pdf"))
        assert "setiap tahun anggaran, dengan rincian" not in text and "ilustratif" not in text
        assert "ditetapkan dalam Keputusan sebagaimana dimaksud dalam Pasal 13 ayat (2)" in text
        pr = ws.regions[code].region.pekerja_rentan
        assert ("LAMPIRAN" in text) == pr.lampiran_perhitungan, code
        if pr.lampiran_perhitungan:
            persons = sum(k.sasaran for k in pr.kategori)
            assert f"Jumlah {number(persons)} {number(persons * 16_800 * pr.bulan)}" in text


def test_libreoffice_opens_and_converts_the_docx(built, tmp_path):
    out, _ = built
    for stem in [*SAMPLES.values(), *SE_SAMPLES.values()]:
        converted = libreoffice_pdf(out / f"{stem}.docx", tmp_path)
        pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(converted))).group(1))
        assert pages >= 2
        text = flat(pdftext(converted))
        if stem.startswith("perkada/"):
            assert "DENGAN RAHMAT TUHAN YANG MAHA ESA" in text and "KETENTUAN PENUTUP" in text
            assert "mulai berlaku pada tanggal diundangkan." in text
        else:
            assert "SURAT EDARAN" in text and "Isi Edaran" in text and "Tembusan:" in text
        assert re.search(r"^\s*-\s?2\s?-\s*$", pdftext(converted), re.M)  # PAGE field, from page 2


def docx_words(path: Path) -> list[str]:
    return docx_text(path).split()


def test_docx_reads_back_with_named_styles(built):
    out, _ = built
    d = docx.Document(str(out / f"{SAMPLES['63.01']}.docx"))
    styles = collections.Counter(p.style.name for p in d.paragraphs)
    assert styles["Naskah Pasal"] > 20 and styles["Naskah Ayat"] > 20 and styles["Naskah Konsiderans"] > 10
    assert not [p for p in d.paragraphs if p.style.name == "Normal" and p.text.strip()]
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (215, 330)
    assert d.styles["Normal"].font.name == "Bookman Old Style"


def test_words_of_docx_and_pdf_are_the_same(built):
    out, _ = built
    for stem in [*SAMPLES.values(), *SE_SAMPLES.values()]:
        pdf_words = flat(pdftext(out / f"{stem}.pdf")).split()
        words = docx_words(out / f"{stem}.docx")
        a, b = collections.Counter(pdf_words), collections.Counter(words)
        assert a == b, (stem, (a - b).most_common(10), (b - a).most_common(10))


def test_data_strings_come_out_literally(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    region = ws / "config/regions/63/63.01-tanah-laut.yaml"
    hostile = 'Pelaihari<b>&amp;"x"{{7*7}}'
    region.write_text(region.read_text().replace("ibu_kota: Pelaihari", "ibu_kota: '" + hostile + "'"))
    api.build(ws, codes=["63.01"])
    for stem in ("perkada/63.01-perbup-tanah-laut", "surat-edaran/63.01-se-bupati-tanah-laut"):
        assert f"Ditetapkan di {hostile}" in flat(pdftext(ws / "output" / f"{stem}.pdf"))
        assert hostile in " ".join(docx_words(ws / "output" / f"{stem}.docx"))


def test_same_inputs_same_bytes(tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    first = api.build(ws, codes=["63.72"], out_dir=tmp_path / "a")
    second = api.build(ws, codes=["63.72"], out_dir=tmp_path / "b")
    assert first.built == second.built
    for rel in first.built:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_pdf_has_bookmarks_for_bab_and_pasal(built):
    from pypdf import PdfReader
    out, _ = built
    outline = PdfReader(str(out / f"{SAMPLES['63.01']}.pdf")).outline
    babs = [item.title for item in outline if not isinstance(item, list)]
    pasal = [item.title for group in outline if isinstance(group, list) for item in group]
    assert babs[0] == "BAB I KETENTUAN UMUM"
    assert babs[-2:] == ["BAB XI KETENTUAN PERALIHAN", "BAB XII KETENTUAN PENUTUP"]
    assert pasal[0] == "Pasal 1" and pasal == [f"Pasal {n}" for n in range(1, len(pasal) + 1)]


def _emblem_workspace(tmp_path: Path, image: bytes) -> Path:
    ws = copy_workspace(tmp_path / "ws")
    (ws / "config" / "lambang").mkdir()
    (ws / "config" / "lambang" / "lambang.png").write_bytes(image)
    region = ws / "config/regions/63/63.01-tanah-laut.yaml"
    region.write_text(region.read_text().replace("jenis: kabupaten\n",
                                                 "jenis: kabupaten\nlambang: config/lambang/lambang.png\n"))
    return ws


def test_an_emblem_named_by_the_region_appears_in_both_formats(tmp_path):
    import io as _io

    from PIL import Image
    buffer = _io.BytesIO()
    Image.new("RGB", (120, 140), (200, 160, 0)).save(buffer, "PNG")
    ws = _emblem_workspace(tmp_path, buffer.getvalue())
    api.build(ws, codes=["63.01"], kinds=["perkada"])
    out = ws / "output" / "perkada"
    need("pdfimages")
    images = run("pdfimages", "-list", str(out / "63.01-perbup-tanah-laut.pdf")).splitlines()[2:]
    assert len(images) == 1 and images[0].split()[0] == "1"  # on page 1
    d = docx.Document(str(out / "63.01-perbup-tanah-laut.docx"))
    assert len(d.inline_shapes) == 1 and d.paragraphs[0].style.name == "Naskah Lambang"


@pytest.mark.parametrize("lambang, message", [
    (b"not an image", "not a readable image"),
    (None, "inside the workspace"),
])
def test_a_bad_emblem_is_refused_before_anything_is_written(tmp_path, lambang, message):
    from generator.errors import Problems
    ws = _emblem_workspace(tmp_path, lambang or b"")
    if lambang is None:
        region = ws / "config/regions/63/63.01-tanah-laut.yaml"
        region.write_text(region.read_text().replace("config/lambang/lambang.png", "../../etc/passwd"))
    with pytest.raises(Problems) as exc:
        api.build(ws)
    assert message in str(exc.value)
    assert tree_bytes(ws / "output") == {}        # (the build's lock file is not an output)


def test_surat_edaran_addresses_and_figures_follow_the_region(built):
    out, _ = built
    ws = api.load(out.parent)
    text = flat(pdftext(out / f"{SE_SAMPLES['63.01']}.pdf"))
    region = ws.regions["63.01"].region
    gap = region.non_asn.jumlah - region.non_asn.terdaftar
    from generator.legal.indonesian import count_words
    for piece in ["BUPATI TANAH LAUT", "SURAT EDARAN", "NOMOR 500.15.1/.../DISNAKERTRANS/2026", "TENTANG",
                  "Yth. 1. Kepala Perangkat Daerah di lingkungan Pemerintah Kabupaten Tanah Laut;",
                  "Kepala Desa se-Kabupaten Tanah Laut;", "1. Latar Belakang", "2. Maksud dan Tujuan",
                  "3. Ruang Lingkup", "4. Dasar", "5. Isi Edaran",
                  f"{count_words(gap, 'orang')} yang belum terdaftar",
                  "6. Penutup", "Ditetapkan di Pelaihari", "BUPATI TANAH LAUT,", "Tembusan:",
                  "1. Gubernur Kalimantan Selatan;"]:
        assert piece in text, piece
    dasar = text[text.index("4. Dasar"):text.index("5. Isi Edaran")]
    assert dasar.index("Undang-Undang Nomor 40 Tahun 2004") < dasar.index("Instruksi Presiden Nomor 2 Tahun 2021") \
        < dasar.index("Peraturan Menteri") < dasar.index("Surat Edaran Menteri Dalam Negeri Nomor 842.2/5193/SJ")
    assert "Lembaran Negara" not in dasar
    governor = flat(pdftext(out / f"{SE_SAMPLES['62']}.pdf"))
    assert "Bupati dan Wali Kota se-Provinsi Kalimantan Tengah;" in governor
    assert "GUBERNUR KALIMANTAN TENGAH," in governor and "Menteri Dalam Negeri;" in governor
    mayor = flat(pdftext(out / f"{SE_SAMPLES['62.71']}.pdf"))
    assert "Lurah se-Kota Palangka Raya;" in mayor and "Kepala Desa" not in mayor


HOSTILE_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="no">{system}</include>
  <alias binding="strong"><family>Bookman Old Style</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias binding="strong"><family>TeX Gyre Bonum</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias binding="strong"><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
</fontconfig>
"""


def test_the_pdf_does_not_depend_on_the_machines_fonts(tmp_path):
    """A machine whose fontconfig makes Bookman Old Style, TeX Gyre Bonum and serif all DejaVu Serif (as
    an installed font package can, silently) gives the same PDF bytes: the face comes from the
    stylesheet's files under a family name no alias targets."""
    need("pdffonts")
    need("fc-match")
    system = Path(os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf")
    if not system.is_file():
        missing(f"no fontconfig configuration at {system}")
    config = tmp_path / "hostile.conf"
    config.write_text(HOSTILE_FONTCONFIG.format(system=system))
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    matched = subprocess.run(["fc-match", "TeX Gyre Bonum"], env=env, capture_output=True, text=True).stdout
    assert "DejaVu" in matched, f"the hostile configuration has no effect here: {matched}"

    ws = copy_workspace(tmp_path / "ws")
    loaded = api.load(ws)
    normal = api.write(loaded, api.render(loaded, "laporan", "63.01"), "pdf")  # @top- and @bottom-center
    subprocess.run([sys.executable, "-m", "generator", "render", "laporan", "63.01", "-f", "pdf",
                    "-o", str(tmp_path / "hostile"), "-w", str(ws)], env=env, check=True, capture_output=True)
    (hostile,) = (tmp_path / "hostile").glob("laporan/*.pdf")
    assert hostile.read_bytes() == normal
    fonts = run("pdffonts", str(hostile)).splitlines()[2:]
    assert {line.split()[0].split("+")[-1] for line in fonts} <= {
        FACE, f"{FACE}-Bold", f"{FACE}-Italic", f"{FACE}-Bold-Italic"}, fonts


def test_a_diktum_label_never_stands_apart_from_its_text(built):
    """In every Keputusan PDF, "KETIGA :" and the first words of its diktum share a page (a diktum is not
    split over pages)."""
    out, _ = built
    label = re.compile(r"^\s*(KE[A-Z]+|KESATU)\s*:\s*(\S.*)?$")
    for pdf in sorted(out.glob("keputusan-*/*.pdf")):
        for page in pdftext(pdf).split("\f"):
            lines = [line for line in page.splitlines() if line.strip()]
            ends = [label.match(line) for line in lines[-1:]]
            assert not (ends and ends[0] and not ends[0].group(2)), (pdf.name, lines[-1])
