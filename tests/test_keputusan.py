"""Keputusan Kepala Daerah (kinds keputusan-tim and keputusan-pbi): the frame of a Keputusan from compact
markup (diktum numbered KESATU, KEDUA ..., the closing diktum, no promulgation, references to a diktum,
punctuation, lint), and the two documents of the sample workspace: the team by office from the data, the
recipients and the amount of the budget year computed once and printed the same way in the diktum and in
the Lampiran, the region's enacted Perkada cited only when the data records it."""

from __future__ import annotations

import io

import docx
import pytest
import yaml

from generator import api, lint, transforms
from generator import model as m
from generator.errors import Problems
from generator.legal.indonesian import diktum, rupiah
from generator.writers import Options
from generator.writers import docx as docx_writer
from tests.helpers import LIB, ROOT, TANAH_LAUT, case, edit, nodes, transform

FRAME = case("keputusan-frame")
DIKTUM = """
  <diktum id="d-bentuk">Membentuk Tim</diktum>
  <diktum id="d-tugas">Tim sebagaimana dimaksud <ref to="d-bentuk"/> bertugas:
    <daftar jenis="kumulatif"><butir>satu</butir><butir>dua</butir><butir>tiga</butir></daftar>
  </diktum>
  <diktum>Tim melapor atas tugas sebagaimana dimaksud <ref to="d-tugas"/></diktum>
  <lampiran judul="Susunan"><p>Isi</p></lampiran>
"""


def texts(doc: m.Document) -> list[str]:
    return [m.plain_text(p.inlines) for p in nodes(doc, m.Para)]


def diktum_of(doc: m.Document) -> list[m.LabeledBlock]:
    return [b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.style == "diktum"]


def test_diktum_labels_are_capital_ordinal_words():
    assert [diktum(n) for n in (1, 2, 3, 4, 9, 10, 11, 12, 20, 21)] == [
        "KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KESEMBILAN", "KESEPULUH", "KESEBELAS", "KEDUA BELAS",
        "KEDUA PULUH", "KEDUA PULUH SATU"]
    with pytest.raises(ValueError):
        diktum(0)


def test_the_frame_of_a_keputusan():
    doc, problems = transform(DIKTUM, FRAME)
    assert not problems.errors, problems.errors
    lines = texts(doc)
    head = lines[:lines.index("DENGAN RAHMAT TUHAN YANG MAHA ESA")]
    assert head == ["BUPATI TANAH LAUT", "PROVINSI KALIMANTAN SELATAN", "RANCANGAN", "KEPUTUSAN BUPATI TANAH LAUT",
                    "NOMOR ... TAHUN ...", "TENTANG", "PEMBENTUKAN TIM KOORDINASI"]
    assert "BUPATI TANAH LAUT," in lines and "MEMUTUSKAN:" in lines
    assert "KEPUTUSAN BUPATI TENTANG PEMBENTUKAN TIM KOORDINASI." in lines
    assert ("bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan "
            "Keputusan Bupati tentang Pembentukan Tim Koordinasi;") in lines
    diktum = diktum_of(doc)
    assert [d.label for d in diktum] == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT"]
    assert m.plain_text(diktum[-1].blocks[0].inlines) == "Keputusan ini mulai berlaku pada tanggal ditetapkan."
    # one signature, "Ditetapkan", and no promulgation of any kind
    signatures = nodes(doc, m.SignatureBlock)
    assert signatures[0].lines == ("Ditetapkan di Pelaihari", "pada tanggal ...")
    assert all(s.lines == () for s in signatures[1:])          # the Lampiran's
    assert not any("Berita Daerah" in t and "Nomor 7" not in t or "Diundangkan" in t or "pengundangan" in t
                   for t in lines)
    assert "LAMPIRAN" in lines      # its head in no-break spaces: a region's name is never split
    assert lines[lines.index("LAMPIRAN") + 1] == "KEPUTUSAN\u00a0BUPATI\u00a0TANAH\u00a0LAUT"


def test_diktum_references_punctuation_and_mengingat():
    doc, problems = transform(DIKTUM, FRAME)
    diktum = diktum_of(doc)
    assert m.plain_text(diktum[0].blocks[0].inlines) == "Membentuk Tim."
    assert m.plain_text(diktum[1].blocks[0].inlines) == "Tim sebagaimana dimaksud dalam Diktum KESATU bertugas:"
    items = [m.plain_text(i.blocks[0].inlines) for i in diktum[1].blocks[1].items]
    assert items == ["satu;", "dua; dan", "tiga."]
    assert [i.label for i in diktum[1].blocks[1].items] == ["a.", "b.", "c."]
    assert m.plain_text(diktum[2].blocks[0].inlines) == ("Tim melapor atas tugas sebagaimana dimaksud dalam "
                                                         "Diktum KEDUA.")
    mengingat = next(b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.label == "Mengingat")
    cited = [m.plain_text(i.blocks[0].inlines) for i in mengingat.blocks[0].items]
    assert cited[0].startswith("Pasal 18 ayat (6) Undang-Undang Dasar") and cited[1].startswith("Peraturan Pemerintah")
    assert cited[-1] == ("Peraturan Bupati Tanah Laut Nomor 7 Tahun 2026 tentang Optimalisasi (Berita Daerah "
                         "Kabupaten Tanah Laut Tahun 2026 Nomor 7);")        # written out: kept, and last
    assert not [p for p in problems.problems if p.severity == "error"]


def test_markup_faults_of_a_keputusan_are_problems_naming_the_line():
    with pytest.raises(Problems) as raised:
        transform("<diktum></diktum><bab judul='x'><pasal>a</pasal></bab>", FRAME)
    messages = [p.message for p in raised.value.problems]
    assert "empty <diktum>" in messages
    assert "<bab> cannot stand directly in <keputusan>" in messages
    assert all("markup line" in p.where for p in raised.value.problems)
    with pytest.raises(Problems) as raised:
        transform("", FRAME)
    assert any("needs at least one <diktum>" in p.message for p in raised.value.problems)


def _lint(doc: m.Document):
    ctx = transforms.Context(LIB)
    lint.lint(doc, ctx)
    return ctx.problems.problems


def test_the_lint_catches_a_broken_keputusan():
    doc, _ = transform(DIKTUM, FRAME)
    assert _lint(doc) == []
    diktum = diktum_of(doc)
    wrong = m.replace(diktum[1], label="KETIGA")
    closing = m.replace(diktum[-1], blocks=(m.Para((m.Text("Keputusan ini mulai berlaku pada tanggal diundangkan."),),
                                                   "diktum"),))
    berita = m.Para((m.Text("BERITA DAERAH KABUPATEN TANAH LAUT TAHUN 2026 NOMOR 1"),), "berita-daerah")
    blocks = tuple(wrong if b is diktum[1] else closing if b is diktum[-1] else b for b in doc.blocks) + (berita,)
    found = {(p.path, p.message) for p in _lint(m.replace(doc, blocks=blocks))}
    assert ("Diktum KETIGA", "expected Diktum KEDUA, found KETIGA") in found
    assert any(path == "Diktum KEEMPAT" and "mulai berlaku pada tanggal ditetapkan" in msg for path, msg in found)
    assert ("Penutup", "a Keputusan is not promulgated: no Berita Daerah") in found


def test_a_diktum_in_the_docx_is_a_labelled_hanging_paragraph_with_its_list():
    from generator import styles
    doc, _ = transform(DIKTUM, FRAME)
    data = docx_writer.write(doc, Options(styles.load(ROOT / "templates", "naskah")))
    paras = [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert ("Naskah Diktum", "KESATU\t:\tMembentuk Tim.") in paras
    kedua = paras.index(("Naskah Diktum", "KEDUA\t:\tTim sebagaimana dimaksud dalam Diktum KESATU bertugas:"))
    assert [s for s, _ in paras[kedua + 1:kedua + 4]] == ["Naskah Diktum Butir 1"] * 3


# ------------------------------------------------------------------------------------------ the sample workspace

@pytest.fixture(scope="module")
def sample():
    return api.load(ROOT)


def test_the_team_is_listed_by_office_from_the_settings(sample):
    doc = api.render(sample, "keputusan-tim", "63.01")
    settings = yaml.safe_load((ROOT / "config" / "settings.yaml").read_text())["tim_koordinasi"]["kabupaten"]
    table = nodes(doc, m.Table)[-1]
    rows = [[m.plain_text(c.inlines) for c in r.cells] for r in table.rows if r.kind == "body"]
    assert [r[2] for r in rows] == (["Pengarah"] * len(settings["pengarah"]) + ["Ketua", "Wakil Ketua", "Sekretaris"]
                                    + ["Anggota"] * len(settings["anggota"]))
    assert rows[2][1] == "Sekretaris Daerah Kabupaten Tanah Laut"
    assert not any("{" in r[1] for r in rows)
    labels = [d.label for d in diktum_of(doc)]
    assert labels[-1] == "KEENAM" and len(labels) == 6
    assert any(t.startswith("Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada "
                            "Anggaran Pendapatan dan Belanja Daerah Kabupaten Tanah Laut") for t in texts(doc))


def test_a_regions_own_team_replaces_the_settings(workspace):
    edit(workspace, TANAH_LAUT, "perkada: {}", "perkada: {}\ntim_koordinasi:\n  ketua: Sekretaris Daerah {daerah}\n"
         "  sekretaris: Kepala Dinas Tenaga Kerja dan Transmigrasi {daerah}\n  anggota:\n    - Inspektur {daerah}")
    doc = api.render(api.load(workspace), "keputusan-tim", "63.01")
    rows = [[m.plain_text(c.inlines) for c in r.cells] for r in nodes(doc, m.Table)[-1].rows if r.kind == "body"]
    assert rows == [["1.", "Sekretaris Daerah Kabupaten Tanah Laut", "Ketua"],
                    ["2.", "Kepala Dinas Tenaga Kerja dan Transmigrasi Kabupaten Tanah Laut", "Sekretaris"],
                    ["3.", "Inspektur Kabupaten Tanah Laut", "Anggota"]]


def test_the_amount_is_the_sum_of_the_categories_and_reads_the_same_in_diktum_and_lampiran(sample):
    region = yaml.safe_load((ROOT / TANAH_LAUT).read_text())["pekerja_rentan"]
    rate = sample.rate_on(sample.document_date)
    per_month = rate.bpu.jkk_minimum + rate.bpu.jkm
    persons = sum(k["sasaran"] for k in region["kategori"])
    amount = sum(k["sasaran"] * per_month * region["bulan"] for k in region["kategori"])
    assert amount == persons * per_month * region["bulan"]

    doc = api.render(sample, "keputusan-pbi", "63.01")
    year = sample.document_date.year
    assert texts(doc)[6].endswith(f"TAHUN ANGGARAN {year}")                # the title
    diktum = [m.plain_text(p.inlines) for d in diktum_of(doc) for p in nodes(m.Document(doc.meta, (d,)), m.Para)]
    stated = [t for t in diktum if rupiah(amount, False) in t]
    assert len(stated) == 1 and f"sebesar {rupiah(amount)}." in stated[0] and f"Tahun Anggaran {year}" in stated[0]
    assert any(f"sebanyak {persons:,} (".replace(",", ".") in t for t in diktum)

    table = nodes(doc, m.Table)[-1]
    body = [[m.plain_text(c.inlines) for c in r.cells] for r in table.rows if r.kind == "body"]
    total = [m.plain_text(c.inlines) for c in next(r for r in table.rows if r.kind == "total").cells]
    assert [r[1] for r in body] == [k["nama"] for k in region["kategori"]]
    assert [r[5] for r in body] == [rupiah(k["sasaran"] * per_month * region["bulan"], False)
                                    for k in region["kategori"]]
    assert total[-1] == rupiah(amount, False)                 # the same digits as the diktum
    criteria = next(d for d in diktum_of(doc) if "memenuhi kriteria" in m.plain_text(d.blocks[0].inlines))
    assert len(criteria.blocks[1].items) == 4


def test_the_enacted_perkada_is_cited_only_when_the_data_records_it(workspace, sample):
    draft = api.render(sample, "keputusan-pbi", "63.01")
    assert not any("Peraturan Bupati Tanah Laut Nomor" in t for t in texts(draft))
    edit(workspace, TANAH_LAUT, "perkada: {}", "perkada: {nomor: 7, tahun: 2026, tanggal_penetapan: 2026-03-02, "
         "tanggal_pengundangan: 2026-03-03, berita_daerah_nomor: 8}")
    doc = api.render(api.load(workspace), "keputusan-pbi", "63.01")
    mengingat = next(b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.label == "Mengingat")
    last = m.plain_text(mengingat.blocks[0].items[-1].blocks[0].inlines)
    assert last == ("Peraturan Bupati Tanah Laut Nomor 7 Tahun 2026 tentang Optimalisasi Pelaksanaan Program "
                    "Jaminan Sosial Ketenagakerjaan (Berita Daerah Kabupaten Tanah Laut Tahun 2026 Nomor 8);")
    assert any(t.startswith("bahwa sesuai dengan ketentuan Peraturan Bupati Tanah Laut Nomor 7 Tahun 2026")
               for t in texts(doc))


def test_both_keputusan_are_built_for_every_region(sample):
    jobs = api.jobs(sample, ["keputusan-tim", "keputusan-pbi"])
    assert len(jobs) == 2 * len(sample.regions)
    assert any(j.stem == "keputusan-pbi/63.01-kep-bupati-penerima-bantuan-iuran-tanah-laut" for j in jobs)
    assert any(j.stem == "keputusan-tim/62.71-kep-wali-kota-tim-koordinasi-palangka-raya" for j in jobs)


def test_a_bad_team_in_the_data_is_a_clean_problem_naming_file_and_field(workspace):
    edit(workspace, TANAH_LAUT, "perkada: {}", "perkada: {}\ntim_koordinasi:\n  ketua: Sekretaris {jabatan}\n"
         "  sekretaris: Kepala Dinas {daerah}\n  anggota: []")
    with pytest.raises(Problems) as raised:
        api.load(workspace)
    found = {(p.where.split(":")[0], p.path) for p in raised.value.problems}
    assert found == {(TANAH_LAUT, "tim_koordinasi.ketua"), (TANAH_LAUT, "tim_koordinasi.anggota")}
    assert any("unknown placeholder {jabatan}" in p.message for p in raised.value.problems)
