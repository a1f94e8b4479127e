"""Reader and transforms on compact markup: numbering, punctuation, references, frame, citations."""

import pytest

from generator import model as m
from generator.errors import Problems
from tests.helpers import LIB, case, nodes, transform

BODY = case("perbup-body")


def texts(doc) -> list[str]:
    out = []
    for block in doc.blocks:
        for node in m.walk(block):
            if isinstance(node, m.Para):
                out.append(m.plain_text(node.inlines))
    return out


def test_frame_menimbang_summary_and_formulas():
    doc, problems = transform('<bab judul="Ketentuan Umum"><pasal>Isi.</pasal></bab>')
    assert not problems.errors
    t = texts(doc)
    assert t[:8] == ["BUPATI TANAH LAUT", "RANCANGAN", "PERATURAN BUPATI TANAH LAUT", "NOMOR ... TAHUN ...",
                     "TENTANG", "OPTIMALISASI PELAKSANAAN", "DENGAN RAHMAT TUHAN YANG MAHA ESA",
                     "BUPATI TANAH LAUT,"]
    assert "bahwa satu;" in t and "bahwa dua;" in t
    assert ("bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
            "menetapkan Peraturan Bupati tentang Optimalisasi Pelaksanaan;") in t
    assert "PERATURAN BUPATI TENTANG OPTIMALISASI PELAKSANAAN." in t
    assert "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan." in t
    assert ("Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Bupati ini dengan "
            "penempatannya dalam Berita Daerah Kabupaten Tanah Laut.") in t
    assert "BERITA DAERAH KABUPATEN TANAH LAUT TAHUN ... NOMOR ..." in t
    babs = nodes(doc, m.Bab)
    assert [b.label for b in babs] == ["BAB I", "BAB II"] and babs[-1].title == "Ketentuan Penutup"
    sig = nodes(doc, m.SignatureBlock)
    assert sig[0].lines == ("Ditetapkan di Pelaihari", "pada tanggal ...") and sig[0].side == "kanan"
    assert sig[1].jabatan == "SEKRETARIS DAERAH KABUPATEN TANAH LAUT," and sig[1].side == "kiri"


def test_mengingat_is_ordered_by_hierarchy_then_year_with_amendments():
    doc, problems = transform('<bab judul="A"><pasal>Isi.</pasal></bab>')
    (mengingat,) = [b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.label == "Mengingat"]
    items = [m.plain_text(i.blocks[0].inlines) for i in mengingat.blocks[0].items]
    assert items[0] == "Pasal 18 ayat (6) Undang-Undang Dasar Negara Republik Indonesia Tahun 1945;"
    assert items[1].startswith("Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial "
                               "(Lembaran Negara Republik Indonesia Tahun 2011 Nomor 116, Tambahan Lembaran "
                               "Negara Republik Indonesia Nomor 5256) sebagaimana telah diubah dengan "
                               "Undang-Undang Nomor 6 Tahun 2023")
    assert items[2].startswith("Peraturan Pemerintah Nomor 44 Tahun 2015")
    assert [i.label for i in mengingat.blocks[0].items] == ["1.", "2.", "3."]
    # a "..." placeholder is a warning naming the entry, not an error
    assert any("tambahan" in p.message for p in problems.warnings)


def test_inpres_in_mengingat_is_an_error():
    frame = case("perbup-frame").replace('<dasar ref="pp-44-2015"/>', '<dasar ref="inpres-2-2021"/>')
    with pytest.raises(Problems) as exc:
        _, problems = transform('<bab judul="A"><pasal>Isi.</pasal></bab>', frame)
        problems.raise_if_errors()
    assert "Menimbang, not in Mengingat" in str(exc.value)


def test_several_amendments_say_terakhir_dengan():
    assert "sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023" \
        in LIB.citation("uu-23-2014")


def test_numbering_is_computed():
    doc, _ = transform(BODY)
    assert [p.label for p in nodes(doc, m.Pasal)] == ["Pasal 1", "Pasal 2", "Pasal 3", "Pasal 4", "Pasal 5"]
    assert [a.label for a in nodes(doc, m.Ayat)] == ["(1)", "(2)", "(1)", "(2)"]
    assert [b.label for b in nodes(doc, m.Bagian)] == ["Bagian Kesatu", "Bagian Kedua"]
    assert [b.label for b in nodes(doc, m.Bab)] == ["BAB I", "BAB II", "BAB III"]
    labels = [i.label for i in nodes(doc, m.ListItem)]
    assert labels[-5:] == ["a.", "b.", "c.", "1.", "2."]


def test_list_punctuation_comes_from_the_kind():
    doc, _ = transform(BODY)
    t = texts(doc)
    assert "Peserta meliputi:" in t
    assert t[t.index("pekerja;"):t.index("pekerja;") + 5] == [
        "pekerja;", "bukan pekerja; dan", "lainnya, terdiri atas:", "x; atau", "y."]


def test_references_are_worded_by_position():
    doc, problems = transform(BODY)
    t = texts(doc)
    assert "Sebagaimana dimaksud pada ayat (1) dan pada ayat (1) huruf a." in t
    assert "Lihat dalam Pasal 1 ayat (1) huruf a serta dalam Pasal 1." in t
    assert "Lihat dalam Pasal 1 ayat (1) dan Pasal 2." in t
    assert not problems.errors and not [p for p in problems.warnings if "forward" in p.message]


def test_reference_parts_name_the_numbered_units():
    """What the DOCX turns into REF fields: each numbered part of a reference names the anchor of the unit
    whose number it is, worded as Word shows that number ("Pasal 1", "(1)", "a" for "a.")."""
    doc, _ = transform(BODY + '<bab judul="Tiga" id="bab-x"><pasal>Lihat <ref to="bab-x"/>.</pasal></bab>')
    units = nodes(doc, (m.Bab, m.Pasal, m.Ayat, m.ListItem))
    anchors = [n.anchor for n in units]
    assert all(anchors) and len(set(anchors)) == len(anchors)
    shown = {n.anchor: n.label.rstrip(".") if isinstance(n, m.ListItem) else n.label for n in units}
    refs = nodes(doc, m.Ref)
    numbered = []
    for ref in refs:
        assert "".join(words for _, words in ref.parts) == ref.text
        for anchor, words in ref.parts:
            if anchor:
                assert shown[anchor] == words, (ref.text, words)
                numbered.append(words)
    assert {"Pasal 1", "Pasal 2", "(1)", "a", "BAB III"} <= set(numbered)


def test_dangling_and_forward_references():
    doc, problems = transform('<bab judul="A"><pasal>Lihat <ref to="nope"/>.</pasal>'
                              '<pasal>Lihat <ref to="later"/>.</pasal><pasal id="later">X.</pasal></bab>')
    assert any("unknown id 'nope'" in p.message and p.path == "Pasal 1" for p in problems.errors)
    assert any("forward reference to Pasal 3" in p.message for p in problems.warnings)


def test_list_items_must_not_carry_punctuation():
    _, problems = transform('<bab judul="A"><pasal>X:<daftar jenis="kumulatif"><butir>a;</butir>'
                            '<butir>b</butir></daftar></pasal></bab>')
    assert any("ends with punctuation" in p.message for p in problems.errors)


def test_definitions_end_with_full_stops():
    doc, _ = transform('<bab judul="A"><pasal>Dalam ini:<daftar jenis="definisi"><butir>Daerah adalah X</butir>'
                       '<butir>Y adalah Z</butir></daftar></pasal></bab>')
    t = texts(doc)
    assert "Daerah adalah X." in t and "Y adalah Z." in t
    assert [i.label for i in nodes(doc, m.ListItem)][-2:] == ["1.", "2."]


@pytest.mark.parametrize("markup, message", [
    ('<bab judul="A"><pasal><ayatt>x</ayatt></pasal></bab>', "unknown element <ayatt>"),
    ('<bab judul="A" nomor="3"><pasal>x</pasal></bab>', "<bab> has no attribute 'nomor'"),
    ('<bab judul="A"><pasal>x<daftar jenis="semua"><butir>a</butir></daftar></pasal></bab>',
     "<daftar jenis> must be one of"),
    ('<bab judul="A"><pasal>x</pasal>', "not well-formed"),
])
def test_reader_rejects_markup_outside_the_vocabulary(markup, message):
    with pytest.raises(Problems) as exc:
        transform(markup)
    assert message in str(exc.value)
    assert "t.xml.j2" in str(exc.value)


def test_data_text_stays_literal():
    doc, _ = transform('<bab judul="A"><pasal>Nama &lt;b&gt; &amp; {{ x }} "q".</pasal></bab>')
    assert 'Nama <b> & {{ x }} "q".' in texts(doc)


@pytest.mark.parametrize("layout", ["baru", "lama"])
def test_surat_edaran_frame(layout):
    doc, problems = transform(frame=case("surat-edaran").replace('tata-letak="baru"', f'tata-letak="{layout}"'))
    assert not problems.errors
    t = texts(doc)
    assert t[:1] == ["WALI KOTA BANJARMASIN"]
    title = ["SURAT EDARAN", "NOMOR 560/.../DISNAKER/2026", "TENTANG", "OPTIMALISASI"]
    start = t.index("SURAT EDARAN")
    assert t[start:start + 4] == title
    assert [s.label + " " + s.title for s in nodes(doc, m.Section)] == ["1. Latar Belakang", "2. Dasar",
                                                                      "3. Isi Edaran"]
    assert "Camat;" in t and "Lurah." in t and "Gubernur." in t and "Diminta untuk:" in t
    # the Dasar of an SE may cite an Inpres; the short form has no publication numbers
    assert t.index("Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial sebagaimana "
                   "telah diubah dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Perppu Cipta Kerja;") \
        < t.index("Instruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi.")
    (yth,) = [b for b in doc.blocks if isinstance(b, m.LabeledBlock)]
    assert yth.label == "Yth." and not yth.colon
    sig = nodes(doc, m.SignatureBlock)[0]
    if layout == "baru":
        # Yth. in the head, under the kop and above the title (Permendagri 1/2023)
        assert t[1:4] == ["Camat;", "Lurah.", "di Tempat"] and start == 4
        assert sig.lines == ("Ditetapkan di Banjarmasin", "pada tanggal ...")
    else:
        assert t[1:3] == ["Banjarmasin, ...", "Kepada"] and t.index("Camat;") < start and sig.lines == ()
    assert nodes(doc, m.Para)[-1].style != "seksi-teks"
    assert all(p.style == "seksi-teks" for s in nodes(doc, m.Section) for p in s.blocks
               if isinstance(p, m.Para))


def test_several_targets_do_not_repeat_what_they_share():
    """Lampiran II: "Pasal 7 ayat (2) dan ayat (4)", "ayat (2) huruf a dan huruf b"."""
    doc, _ = transform(
        '<bab judul="A"><pasal><ayat>X.</ayat><ayat>Y:<daftar jenis="kumulatif"><butir id="a">a</butir>'
        '<butir id="b">b</butir><butir id="c">c</butir></daftar></ayat>'
        '<ayat>Lihat <ref to="a b"/>.</ayat></pasal>'
        '<pasal id="p2"><ayat id="p2-1">Z.</ayat><ayat id="p2-2">W.</ayat></pasal>'
        '<pasal>Lihat <ref to="p2-1 p2-2"/>, <ref to="a c p2"/>.</pasal></bab>')
    t = texts(doc)
    assert "Lihat pada ayat (2) huruf a dan huruf b." in t
    assert "Lihat dalam Pasal 2 ayat (1) dan ayat (2), dalam Pasal 1 ayat (2) huruf a, huruf c, dan Pasal 2." in t
