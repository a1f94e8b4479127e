"""Amend or revoke, never overlap: a regulation in force on the same subject is amended (Pasal I with the
change items computed from its structure, Pasal II) or revoked by the new one (Ketentuan Peralihan and the
revocation in the Ketentuan Penutup); a region that has one and no decision is refused."""

from __future__ import annotations

from generator import model as m
from generator import pipeline
from generator.transforms.amendment import OldNumbers
from tests.helpers import ROOT, TANAH_LAUT, edit, invoke, nodes, transform

KUTIPAN = ("Peraturan Bupati Tanah Laut Nomor 7 Tahun 2020 tentang Jaminan Sosial (Berita Daerah Kabupaten "
           "Tanah Laut Tahun 2020 Nomor 7)")
CLOSING = "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan."


def _amend(old: list[tuple[str, str, str]], body: str, lampiran: str = ""):
    """The frame case amending a regulation whose Pasal are ``old`` ((nomor, id, text); the last one is
    the closing Pasal, added here) with the new text ``body`` (BAB)."""
    pasal = "".join(f'<pasal-lama nomor="{n}" id="{i}">{t}</pasal-lama>' for n, i, t in old)
    closing = f'<pasal-lama nomor="{len(old) + 1}" id="pasal-mulai-berlaku">{CLOSING}</pasal-lama>'
    mengubah = (f'<mengubah kutipan="{KUTIPAN}" judul="Perubahan atas Peraturan Bupati Tanah Laut Nomor 7 '
                f'Tahun 2020 tentang Jaminan Sosial">{pasal}{closing}{lampiran}</mengubah>')
    return transform(mengubah + body)


def _texts(block) -> list[str]:
    return [m.plain_text(p.inlines) for p in m.walk(block) if isinstance(p, m.Para)]


def _items(doc) -> list[str]:
    """The first sentence of each change item of Pasal I."""
    (pasal_i,) = [p for p in doc.blocks if isinstance(p, m.Pasal) and p.label == "Pasal I"]
    lists = [b for b in pasal_i.blocks if isinstance(b, m.ListBlock)]
    if not lists:
        return [m.plain_text(pasal_i.blocks[0].inlines)]
    return [m.plain_text(item.blocks[0].inlines) for item in lists[0].items]


OLD = [("1", "p-a", "Satu."), ("2", "", "Dua yang dihapus."), ("3", "", "Tiga yang dihapus."),
       ("4", "p-c", "Empat."), ("5", "p-d", "(1) Lima. (2) Enam.")]
NEW = """<bab judul="Umum">
  <pasal id="p-a">Satu.</pasal>
  <pasal id="p-c">Empat dengan kata baru.</pasal>
  <pasal id="p-d"><ayat id="ayat-d">Lima.</ayat><ayat>Enam.</ayat></pasal>
  <pasal id="p-new">Pekerja sebagaimana dimaksud <ref to="ayat-d"/> didaftarkan.</pasal>
</bab>"""


def test_each_kind_of_change_item_is_worded_as_lampiran_ii_has_it():
    doc, problems = _amend(OLD, NEW)
    assert not problems.errors, problems.errors
    assert _items(doc) == [
        "Pasal 2 dihapus.",
        "Pasal 3 dihapus.",
        "Ketentuan Pasal 4 diubah sehingga berbunyi sebagai berikut:",
        "Di antara Pasal 5 dan Pasal 6 disisipkan 1 (satu) pasal, yakni Pasal 5A sehingga berbunyi sebagai "
        "berikut:",
    ]
    (pasal_i,) = [p for p in doc.blocks if isinstance(p, m.Pasal) and p.label == "Pasal I"]
    assert m.plain_text(pasal_i.blocks[0].inlines) == f"Beberapa ketentuan dalam {KUTIPAN} diubah sebagai berikut:"
    pasal_ii = [p for p in doc.blocks if isinstance(p, m.Pasal) and p.label == "Pasal II"]
    assert [_texts(p) for p in pasal_ii] == [[CLOSING]]


def test_the_quoted_pasal_keep_the_amended_numbers_and_an_inserted_one_takes_a_letter():
    doc, _ = _amend(OLD, NEW)
    quoted = [p for k in nodes(doc, m.Kutipan) for p in k.blocks]
    assert [p.label for p in quoted] == ["Pasal 4", "Pasal 5A"]
    assert _texts(quoted[0]) == ["Empat dengan kata baru."]
    # the unchanged Pasal 1 and Pasal 5 are not quoted, nor are the new text's BAB
    assert not nodes(doc, m.Bab)


def test_a_reference_in_an_inserted_pasal_uses_the_numbering_of_the_amended_regulation():
    doc, _ = _amend(OLD, NEW)
    (ref,) = nodes(doc, m.Ref)
    # in the new text read alone the target is the third Pasal; in the regulation in force it is Pasal 5
    assert ref.text == "dalam Pasal 5 ayat (1)"
    assert all(anchor == "" for anchor, _ in ref.parts), "a quoted reference is typed, not a field"


def test_the_frame_of_an_amendment():
    doc, _ = _amend(OLD, NEW)
    titles = [m.plain_text(p.inlines) for p in doc.blocks if isinstance(p, m.Para) and p.style == "judul"]
    assert titles[-1] == "PERUBAHAN ATAS PERATURAN BUPATI TANAH LAUT NOMOR 7 TAHUN 2020 TENTANG JAMINAN SOSIAL"
    (mengingat,) = [b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.label == "Mengingat"]
    assert _texts(mengingat)[-1] == KUTIPAN + ";", "the amended regulation is cited last in Mengingat"
    assert doc.meta.stylesheet == "naskah-perubahan"


def test_several_pasal_inserted_together_and_a_single_change_in_one_sentence():
    old = [("1", "p-a", "Satu."), ("2", "p-b", "Dua.")]
    doc, _ = _amend(old, """<bab judul="Umum"><pasal id="p-a">Satu.</pasal><pasal id="x1">Baru satu.</pasal>
        <pasal id="x2">Baru dua.</pasal><pasal id="p-b">Dua.</pasal></bab>""")
    assert _items(doc) == ["Di antara Pasal 1 dan Pasal 2 Peraturan Bupati Tanah Laut Nomor 7 Tahun 2020 "
                           "tentang Jaminan Sosial (Berita Daerah Kabupaten Tanah Laut Tahun 2020 Nomor 7) "
                           "disisipkan 2 (dua) pasal, yakni Pasal 1A dan Pasal 1B sehingga berbunyi sebagai "
                           "berikut:"]
    doc, _ = _amend(old, """<bab judul="Umum"><pasal id="p-a">Satu.</pasal><pasal id="p-b">Dua diubah.</pasal>
        </bab>""")
    assert _items(doc) == [f"Ketentuan Pasal 2 dalam {KUTIPAN} diubah sehingga berbunyi sebagai berikut:"]
    assert not [b for b in doc.blocks if isinstance(b, m.ListBlock) and b.kind == "bebas"]
    doc, _ = _amend(old, '<bab judul="Umum"><pasal id="p-a">Satu.</pasal></bab>')
    assert _items(doc) == [f"Pasal 2 dalam {KUTIPAN} dihapus."]
    doc, _ = _amend(old[:1], '<bab judul="Umum"><pasal id="p-a">Satu.</pasal></bab>'
                    '<bab judul="Lain"><pasal id="p-z">Baru.</pasal></bab>')
    # the machine's closing Pasal stays last: a Pasal added at the end of the text comes before it
    assert _items(doc)[0].startswith("Di antara Pasal 1 dan Pasal 2 Peraturan Bupati Tanah Laut Nomor 7 Tahun "
                                     "2020 tentang Jaminan Sosial (Berita Daerah Kabupaten Tanah Laut Tahun 2020 "
                                     "Nomor 7) disisipkan 1 (satu) pasal, yakni Pasal 1A")


def test_a_changed_lampiran_is_an_item_and_an_unchanged_one_is_not_attached():
    old = [("1", "p-a", "Satu.")]
    body = '<bab judul="Umum"><pasal id="p-a">Satu.</pasal></bab><lampiran judul="Sasaran"><p>Baru.</p></lampiran>'
    doc, _ = _amend(old, body, '<lampiran-lama judul="Sasaran">Lama.</lampiran-lama>')
    assert _items(doc) == [f"Lampiran {KUTIPAN} diubah sehingga menjadi sebagaimana tercantum dalam Lampiran "
                           "yang merupakan bagian tidak terpisahkan dari Peraturan Bupati ini."]
    assert any(p.style == "lampiran-judul" for p in nodes(doc, m.Para))
    doc, problems = _amend([("1", "p-a", "Satu."), ("2", "p-b", "Dua.")],
                           body.replace("</bab>", '<pasal id="p-b">Dua baru.</pasal></bab>'),
                           '<lampiran-lama judul="Sasaran">Baru.</lampiran-lama>')
    assert not any(p.style == "lampiran-judul" for p in nodes(doc, m.Para))


def test_nothing_to_amend_and_a_changed_order_are_errors():
    old = [("1", "p-a", "Satu."), ("2", "p-b", "Dua.")]
    _, problems = _amend(old, '<bab judul="U"><pasal id="p-a">Satu.</pasal><pasal id="p-b">Dua.</pasal></bab>')
    assert any("nothing to amend" in p.message for p in problems.errors)
    _, problems = _amend(old, '<bab judul="U"><pasal id="p-b">Dua.</pasal><pasal id="p-a">Satu.</pasal></bab>')
    assert any("another order" in p.message for p in problems.errors)
    _, problems = _amend([("1", "p-gone", "Satu.")], '<bab judul="U"><pasal id="p-a">Satu.</pasal></bab>')
    assert any("'p-gone'" in p.message for p in problems.errors)


def test_one_changed_ayat_is_named_and_two_change_the_pasal():
    old = [("1", "p-a", "(1) Satu. (2) Dua. (3) Tiga.")]
    doc, _ = _amend(old, '<bab judul="U"><pasal id="p-a"><ayat>Satu.</ayat><ayat>Dua baru.</ayat><ayat>Tiga.</ayat>'
                         '</pasal></bab>')
    assert _items(doc) == [f"Ketentuan ayat (2) Pasal 1 dalam {KUTIPAN} diubah sehingga Pasal 1 berbunyi sebagai "
                           "berikut:"]
    doc, _ = _amend(old, '<bab judul="U"><pasal id="p-a"><ayat>Satu.</ayat><ayat>Dua baru.</ayat><ayat>Tiga baru.'
                         '</ayat></pasal></bab>')
    assert _items(doc) == [f"Ketentuan Pasal 1 dalam {KUTIPAN} diubah sehingga berbunyi sebagai berikut:"]


def test_letters_after_an_inserted_number():
    numbers = OldNumbers(m.Perubahan("k", "t", (m.PasalLama("8", "a"), m.PasalLama("8A", "b"))))
    assert [numbers.next(i) for i in ("a", "x", "b", "y", "z")] == ["8", "8A", "8A", "8B", "8C"]


# ------------------------------------------------------------------------------------------ the sample

def _render(code: str, ws=None) -> m.Document:
    return pipeline.render(ws or pipeline.load(ROOT), "perkada", code)


def test_the_sample_amendment_of_tabalong():
    doc = _render("63.09")
    items = _items(doc)
    assert items[0] == "Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut:"     # the definitions
    assert items[1] == "Pasal 3 dihapus."
    assert "Ketentuan ayat (2) Pasal 9 diubah sehingga Pasal 9 berbunyi sebagai berikut:" in items
    assert "Di antara Pasal 18 dan Pasal 19 disisipkan 1 (satu) pasal, yakni Pasal 18A sehingga berbunyi " \
           "sebagai berikut:" in items
    assert items[-1].startswith("Lampiran diubah sehingga menjadi sebagaimana tercantum dalam Lampiran")
    quoted = {p.label: " ".join(_texts(p)) for k in nodes(doc, m.Kutipan) for p in k.blocks}
    # Pasal 8 of the new text read alone is Pasal 9 of the regulation in force (its Pasal 3 is deleted)
    assert "sebagaimana dimaksud dalam Pasal 9 ayat (1)" in quoted["Pasal 18A"]


def test_revocation_and_transition_in_a_replacing_regulation():
    doc = _render("63.11")
    babs = [b for b in doc.blocks if isinstance(b, m.Bab)]
    assert [b.title for b in babs[-2:]] == ["Ketentuan Peralihan", "Ketentuan Penutup"]
    old = ("Peraturan Bupati Balangan Nomor 3 Tahun 2020 tentang Jaminan Sosial Ketenagakerjaan bagi Pegawai "
           "Bukan Aparatur Sipil Negara pada Satuan Kerja Perangkat Daerah")
    assert _texts(babs[-1])[0] == (f"Pada saat Peraturan Bupati ini mulai berlaku, {old} (Berita Daerah "
                                   "Kabupaten Balangan Tahun 2020 Nomor ...), dicabut dan dinyatakan tidak "
                                   "berlaku.")
    assert _texts(babs[-1])[-1] == CLOSING
    assert f"Peserta yang telah didaftarkan berdasarkan {old} tetap terdaftar sebagai Peserta; dan" \
        in _texts(babs[-2])


def test_a_same_subject_regulation_in_force_without_a_decision_is_refused(workspace):
    edit(workspace, TANAH_LAUT, "tindak_lanjut: pencabutan, ", "")
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    line = next(i for i, text in enumerate((workspace / TANAH_LAUT).read_text().splitlines(), 1)
                if "jenis: perkada" in text)
    assert f"{TANAH_LAUT}:{line}:5 regulasi[0].tindak_lanjut" in out, out
    # on another subject it stands beside the new one, which then revokes nothing
    edit(workspace, TANAH_LAUT, "jenis: perkada,", "jenis: perkada, pokok: lain,")
    assert invoke("check", ws=workspace).exit_code == 0
    ws = pipeline.load(workspace)
    assert not any("dicabut" in t for b in _render("63.01", ws).blocks for t in _texts(b))


def test_a_structure_file_is_checked_with_its_line(workspace):
    rel = "config/regulasi/63.09-perbup-tabalong-12-2022.yaml"
    edit(workspace, rel, 'nomor: "4"', 'nomor: "40"')
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1
    assert f"{rel}:" in result.stdout + result.stderr and "Pasal numbers run 1, 2, 3" in result.stdout + result.stderr
    tabalong = "config/regions/63/63.09-tabalong.yaml"
    edit(workspace, tabalong, "struktur: config/regulasi/63.09", "struktur: config/regulasi/hilang-63.09")
    out = invoke("check", ws=workspace)
    assert "regulasi[0].struktur: no file 'config/regulasi/hilang-63.09" in out.stdout + out.stderr
    edit(workspace, tabalong, "struktur: config/regulasi/hilang-", "struktur: config/regulasi/../regions/")
    out = invoke("check", ws=workspace)
    assert out.exit_code == 1 and "regulasi[0].struktur" in out.stdout + out.stderr


def test_a_pasal_under_another_bab_title_or_in_a_new_bab_is_reported():
    body = f"""<mengubah kutipan="K" judul="Perubahan atas K">
        <pasal-lama nomor="1" id="p-a" bab="Umum">Satu.</pasal-lama>
        <pasal-lama nomor="2" id="pasal-mulai-berlaku" bab="Ketentuan Penutup">{CLOSING}</pasal-lama></mengubah>
      <bab judul="Ketentuan Umum"><pasal id="p-a">Satu.</pasal></bab>
      <bab judul="Sanksi"><pasal id="p-new">Baru.</pasal></bab>"""
    _, problems = transform(body)
    messages = [p.message for p in problems.warnings if p.path.startswith("Pasal I")]
    assert any("Pasal 1 stands under 'Ketentuan Umum'" in w and "under 'Umum'" in w for w in messages), messages
    assert any("Pasal 1A stands in 'Sanksi'" in w for w in messages), messages


def test_a_second_amendment_is_titled_and_cited_so(workspace):
    tabalong = "config/regions/63/63.09-tabalong.yaml"
    edit(workspace, tabalong, "berita_daerah: {tahun: 2022, nomor: 12},",
         "berita_daerah: {tahun: 2022, nomor: 12}, diubah: [{nomor: '5', tahun: 2023, "
         "berita_daerah: {tahun: 2023, nomor: 6}}],")
    doc = _render("63.09", pipeline.load(workspace))
    old = "Peraturan Bupati Tabalong Nomor 12 Tahun 2022 tentang Pelaksanaan Program Jaminan Sosial " \
          "Ketenagakerjaan di Daerah"
    assert doc.meta.title.endswith(f"tentang Perubahan Kedua atas {old}")
    (mengingat,) = [b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.label == "Mengingat"]
    assert _texts(mengingat)[-1] == (
        f"{old} (Berita Daerah Kabupaten Tabalong Tahun 2022 Nomor 12) sebagaimana telah diubah dengan "
        f"Peraturan Bupati Tabalong Nomor 5 Tahun 2023 tentang Perubahan atas {old} (Berita Daerah Kabupaten "
        "Tabalong Tahun 2023 Nomor 6);")


def test_a_lampiran_the_new_text_drops_is_deleted_by_an_item():
    old = [("1", "p-a", "Satu."), ("2", "p-b", "Dua.")]
    body = '<bab judul="Umum"><pasal id="p-a">Satu.</pasal><pasal id="p-b">Dua baru.</pasal></bab>'
    doc, problems = _amend(old, body, '<lampiran-lama judul="Sasaran">Lama.</lampiran-lama>')
    assert not problems.errors
    assert _items(doc) == ["Ketentuan Pasal 2 diubah sehingga berbunyi sebagai berikut:", "Lampiran dihapus."]
    assert not any(p.style == "lampiran-judul" for p in nodes(doc, m.Para))
    doc, _ = _amend(old[:1], '<bab judul="Umum"><pasal id="p-a">Satu.</pasal></bab>',
                    '<lampiran-lama judul="Sasaran">Lama.</lampiran-lama>')
    assert _items(doc) == [f"Lampiran {KUTIPAN} dihapus."]


def test_word_numbers_the_change_items_on_past_the_lists_they_quote(tmp_path):
    """The DOCX of the sample amendment as LibreOffice prints it: the change items run 1, 2, 3 … although
    the Pasal they quote hold numbered lists of their own (Pasal 1's definitions run to 15), and the quoted
    Pasal are set in further than the items."""
    import re

    from tests.helpers import libreoffice_pdf, need, run
    ws = pipeline.load(ROOT)
    doc = pipeline.render(ws, "perkada", "63.09")
    (tmp_path / "perubahan.docx").write_bytes(pipeline.write(ws, doc, "docx"))
    text = run(need("pdftotext"), "-layout", str(libreoffice_pdf(tmp_path / "perubahan.docx", tmp_path / "lo")), "-")
    lead = r"^( *)(\d+)\. +(?:Ketentuan|Pasal \d+[A-Z]? dihapus|Di antara|Lampiran)"
    found = [(len(m_.group(1)), int(m_.group(2))) for m_ in re.finditer(lead, text, re.M)]
    assert [n for _, n in found] == list(range(1, len(_items(doc)) + 1))
    item_indent = found[0][0]
    quoted = re.search(r"^( *)15\. *Anggaran Pendapatan", text, re.M)      # a definition inside Pasal 1
    assert quoted and len(quoted.group(1)) > item_indent
