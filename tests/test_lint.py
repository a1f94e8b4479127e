"""Drafting lint on finished models: what the machine produces passes, and each rule catches a model that
breaks it, naming the legal element."""

import datetime as dt

import pytest

from generator import lint, transforms
from generator import model as m
from tests.helpers import LIB, ROOT, case, transform


def problems_of(doc: m.Document):
    ctx = transforms.Context(LIB)
    lint.lint(doc, ctx)
    return ctx.problems.problems


def p(text: str, style: str = "teks") -> m.Para:
    return m.Para((m.Text(text),), style)


def item(text: str, label: str) -> m.ListItem:
    return m.ListItem((p(text),), label=label)


def doc_of(*blocks) -> m.Document:
    return m.Document(m.Meta("t", "s", "a", dt.date(2026, 1, 1), "perkada", "63.01"), tuple(blocks))


def test_the_machine_output_is_clean():
    doc, _ = transform(case("perbup-body"))
    assert problems_of(doc) == []


def test_menimbang_rules():
    menimbang = m.LabeledBlock("Menimbang", (m.ListBlock("pertimbangan", (
        item("bahwa satu;", "a."), item("dua;", "b."),
        item("bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf c, perlu "
             "menetapkan X;", "c.")), "huruf"),))
    found = problems_of(doc_of(menimbang))
    assert any("begins with \"bahwa\"" in f.message and f.path == "Menimbang huruf b" for f in found)
    assert any("names huruf a, c but the preceding items are huruf a, b" in f.message for f in found)


def test_mengingat_order_and_kind():
    mengingat = m.LabeledBlock("Mengingat", (m.ListBlock("dasar", (
        item("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;", "1."),
        item("Undang-Undang Nomor 24 Tahun 2011 tentang BPJS;", "2."),
        item("Instruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi;", "3.")), "angka"),))
    found = problems_of(doc_of(mengingat))
    assert any("comes too late" in f.message and f.path == "Mengingat angka 2" for f in found)
    assert any("only peraturan perundang-undangan" in f.message and f.path == "Mengingat angka 3" for f in found)


def test_numbering_gaps_empty_ayat_and_lists_are_named_by_element():
    pasal1 = m.Pasal((m.Ayat((p("Isi."),), number=1, label="(1)"), m.Ayat((), number=3, label="(3)")),
                     number=1, label="Pasal 1")
    pasal3 = m.Pasal((p("Isi:"), m.ListBlock("kumulatif", (item("a;", "a."), item("b;", "b."), item("c.", "c.")),
                                             "huruf")), number=3, label="Pasal 3")
    bab = m.Bab((pasal1, pasal3), number=1, label="BAB I", title="Umum")
    found = problems_of(doc_of(bab))
    assert any("expected (2)" in f.message and f.path == "BAB I › Pasal 1 ayat (3)" for f in found)
    assert any("empty ayat" in f.message for f in found)
    assert any("expected Pasal 2" in f.message and f.path == "BAB I › Pasal 3" for f in found)
    assert any("\"; dan\"" in f.message and f.path == "BAB I › Pasal 3 huruf b" for f in found)


def test_definitions_and_titles():
    defs = m.Pasal((p("Dalam ini:"), m.ListBlock("definisi", (item("Daerah adalah X", "1."),), "angka")),
                   number=1, label="Pasal 1")
    found = problems_of(doc_of(p("Peraturan Bupati.", "judul"), m.Bab((defs,), number=1, label="BAB I", title="U")))
    assert any("written in capitals" in f.message for f in found)
    assert any("no closing punctuation" in f.message for f in found)
    assert any("definition ends with" in f.message and f.path == "BAB I › Pasal 1 angka 1" for f in found)


@pytest.mark.parametrize("kind, code", [("perkada", "63.01"), ("surat-edaran", "62"), ("laporan", "63.71")])
def test_sample_documents_lint_clean(kind, code):
    from generator import api
    warnings = []
    api.render(api.load(ROOT), kind, code, warnings)
    # numbers not yet retrieved ("..."): of a legal basis, of the Berita Daerah of a regulation revoked
    assert [w for w in warnings if "dasar." not in w.path and not w.path.endswith(".berita_daerah")] == []


def wording_problems(*blocks, drafting=None, library=LIB):
    from generator.data.schema import Penyusunan
    ctx = transforms.Context(library, drafting=drafting or Penyusunan(
        ejaan={"perlindungan": "pelindungan"}, frasa_umum=["badan usaha milik daerah"]))
    lint.lint(doc_of(m.Bab(tuple(blocks), number=1, label="BAB I", title="U")), ctx)
    return [(f.path, f.message) for f in ctx.problems.problems]


def definitions(*texts) -> m.Pasal:
    items = tuple(item(t, f"{i}.") for i, t in enumerate(texts, 1))
    return m.Pasal((p("Dalam Peraturan Bupati ini yang dimaksud dengan:"), m.ListBlock("definisi", items, "angka")),
                   number=1, label="Pasal 1")


def pasal(number: int, text: str) -> m.Pasal:
    return m.Pasal((p(text),), number=number, label=f"Pasal {number}")


def test_a_definition_rests_only_on_terms_defined_before_it():
    found = wording_problems(definitions(
        "Pekerja Rentan adalah Pekerja yang berpenghasilan rendah.", "Pekerja adalah setiap orang yang bekerja.",
        "Iuran adalah uang yang dibayar oleh Peserta.", "Peserta adalah setiap orang yang membayar Iuran."))
    assert found == [("BAB I › Pasal 1 angka 1", "the definition of 'Pekerja Rentan' rests on 'Pekerja', defined "
                      "after it: define that term first")]    # Iuran and Peserta rest on each other: no order


def test_a_term_of_a_higher_law_is_copied_verbatim():
    from generator.data.schema import DasarHukum
    from generator.legal.bases import Library
    library = Library({"uu-24-2011": DasarHukum(
        jenis="uu", nomor=24, tahun=2011, judul="Badan Penyelenggara Jaminan Sosial", lembaran={"tahun": 2011,
        "nomor": 116}, tambahan=5256, definisi={"Pekerja": "setiap orang yang bekerja dengan menerima upah"})}, {})
    same = wording_problems(definitions("Pekerja adalah setiap orang yang bekerja dengan menerima upah."),
                            library=library)
    changed = wording_problems(definitions("Pekerja adalah setiap orang yang bekerja."), library=library)
    new_term = wording_problems(definitions("Pekerja Harian adalah setiap orang yang bekerja."), library=library)
    assert same == [] and new_term == []
    assert changed == [("BAB I › Pasal 1 angka 1", "'Pekerja' is defined in Undang-Undang Nomor 24 Tahun 2011 "
                        "tentang Badan Penyelenggara Jaminan Sosial: copy the definition verbatim, or define a "
                        "new term")]


def test_defined_terms_are_capitalised_and_spelt_one_way():
    found = wording_problems(
        definitions("Pekerja Rentan adalah orang yang bekerja.", "Iuran adalah uang."),
        pasal(2, "Pemerintah Daerah membayar iuran bagi pekerja rentan dan pekerja di badan usaha milik daerah."),
        pasal(3, "Perlindungan bagi Pekerja Rentan diberikan."))
    assert ("BAB I › Pasal 2", "'iuran' is a defined term: write it capitalised") in found
    assert ("BAB I › Pasal 2", "'pekerja rentan' is a defined term: write it capitalised") in found
    assert ("BAB I › Pasal 3", "write 'pelindungan', not 'Perlindungan' (one spelling per term)") in found
    assert len(found) == 3      # "pekerja" alone is no term here, "badan usaha milik daerah" is a common phrase


def test_keputusan_formula_and_who_imposes_sanctions():
    found = wording_problems(
        pasal(1, "Ketentuan lebih lanjut mengenai tim koordinasi ditetapkan dengan Keputusan Bupati."),
        pasal(2, "Pembentukan tim koordinasi ditetapkan dengan Keputusan Bupati."),
        pasal(3, "Sanksi denda sebagaimana dimaksud dalam Pasal 2 dikenakan oleh Bupati."),
        m.Pasal((m.Ayat((p("Sanksi administratif sebagaimana dimaksud berupa:"), m.ListBlock("kumulatif", (
            item("teguran tertulis;", "a."), item("denda; dan", "b."), item("penutupan.", "c.")), "huruf")),
            number=1, label="(1)"),), number=4, label="Pasal 4"))
    messages = dict(found)
    assert set(messages) == {"BAB I › Pasal 1", "BAB I › Pasal 3", "BAB I › Pasal 4 ayat (1)"}
    assert "Pembentukan … ditetapkan dengan Keputusan" in messages["BAB I › Pasal 1"]
    assert "PP 86/2013" in messages["BAB I › Pasal 3"]
    assert "dan/atau" in messages["BAB I › Pasal 4 ayat (1)"]
