"""Citations of the legal-bases library in Mengingat: the law forming the region, laws amended by title,
amendment chains, and the "..." a draft may not print (`naskah check --strict`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator import model as m
from generator import reader, transforms
from generator.data.schema import Library as LibraryFile
from generator.legal.bases import Library
from tests.helpers import case, invoke

ROOT = Path(__file__).resolve().parent.parent
ROOT_LIBRARY = "config/legal-bases.yaml"
# the sample workspace's own library: these tests are about its data as much as about the rendering
LIB = Library(dict(LibraryFile.model_validate(yaml.safe_load((ROOT / ROOT_LIBRARY).read_text())).dasar), {})


def transform(body: str, frame: str):
    ctx = transforms.Context(LIB)
    end = frame.rindex("</")
    source = reader.read(frame[:end] + body + frame[end:], "t.xml.j2")
    meta = m.Meta("t", "s", "a", dt.date(2026, 1, 1), "perkada", "63.01")
    return transforms.apply(m.Document(meta, (source,)), ctx), ctx.problems


def _mengingat(doc: m.Document) -> list[str]:
    (block,) = [b for b in doc.blocks if isinstance(b, m.LabeledBlock) and b.label == "Mengingat"]
    return [m.plain_text(i.blocks[0].inlines) for i in block.blocks[0].items]


def _frame(*refs: str) -> str:
    lines = "".join(f'<dasar ref="{r}"/>' for r in refs)
    frame = case("perbup-frame")
    start, end = frame.index("<mengingat>"), frame.index("</mengingat>")
    return frame[:start] + "<mengingat>" + lines + frame[end:]


def test_the_law_forming_the_region_comes_directly_after_the_uud_whatever_its_year():
    doc, problems = transform('<bab judul="A"><pasal>Isi.</pasal></bab>',
                              _frame("uu-13-2003", "uu-8-2022", "uu-23-2014", "uud-1945"))
    items = _mengingat(doc)
    assert items[0].startswith("Undang-Undang Dasar")
    assert items[1].startswith("Undang-Undang Nomor 8 Tahun 2022 tentang Provinsi Kalimantan Selatan")
    assert items[2].startswith("Undang-Undang Nomor 13 Tahun 2003")
    assert items[3].startswith("Undang-Undang Nomor 23 Tahun 2014")
    assert not [p for p in problems.errors if "ordered" in p.message]


def test_a_law_not_forming_a_region_is_still_ordered_by_year():
    doc, _ = transform('<bab judul="A"><pasal>Isi.</pasal></bab>', _frame("uu-23-2014", "uu-13-2003"))
    items = _mengingat(doc)
    assert items[0].startswith("Undang-Undang Nomor 13 Tahun 2003") and items[1].startswith("Undang-Undang "
                                                                                            "Nomor 23 Tahun 2014")


def test_a_law_amending_by_its_title_is_cited_as_its_regions_cite_it():
    # Perbup Tanah Laut 37/2020, Mengingat 1: publication after the law's own title, then the amended
    # law in full, with the inner "(Lembaran Negara ... Tahun 1953 Nomor 9)" of UU Darurat 3/1953
    assert LIB.citation("uu-8-1965") == (
        "Undang-Undang Nomor 8 Tahun 1965 tentang Pembentukan Daerah Tingkat II Tanah Laut, Daerah Tingkat II "
        "Tapin dan Daerah Tingkat II Tabalong (Lembaran Negara Republik Indonesia Tahun 1965 Nomor 51, "
        "Tambahan Lembaran Negara Republik Indonesia Nomor 2756) dengan mengubah Undang-Undang Nomor 27 "
        "Tahun 1959 tentang Penetapan Undang-Undang Darurat Nomor 3 Tahun 1953 tentang Pembentukan Daerah "
        "Tingkat II di Kalimantan (Lembaran Negara Republik Indonesia Tahun 1953 Nomor 9) sebagai "
        "Undang-Undang (Lembaran Negara Republik Indonesia Tahun 1959 Nomor 72, Tambahan Lembaran Negara "
        "Republik Indonesia Nomor 1820)")
    # in running text and in a chain its whole title is named
    assert LIB.name("uu-5-1965").startswith("Undang-Undang Nomor 5 Tahun 1965 tentang Pembentukan Kotapraja "
                                            "Palangkaraya dengan mengubah Undang-Undang Nomor 27 Tahun 1959")


def test_the_1959_law_is_cited_with_its_last_amendment():
    text = LIB.citation("uu-27-1959")
    assert "(Lembaran Negara Republik Indonesia Tahun 1953 Nomor 9) sebagai Undang-Undang (Lembaran Negara " \
        "Republik Indonesia Tahun 1959 Nomor 72" in text
    assert "sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 8 Tahun 1965" in text
    assert text.endswith("(Lembaran Negara Republik Indonesia Tahun 1965 Nomor 51, Tambahan Lembaran Negara "
                         "Republik Indonesia Nomor 2756)")


def test_uu_40_2004_is_cited_as_amended_by_the_cipta_kerja_law():
    assert "Sistem Jaminan Sosial Nasional (Lembaran Negara Republik Indonesia Tahun 2004 Nomor 150, Tambahan " \
        "Lembaran Negara Republik Indonesia Nomor 4456) sebagaimana telah diubah dengan Undang-Undang Nomor 6 " \
        "Tahun 2023" in LIB.citation("uu-40-2004")


def test_placeholders_are_what_the_citation_prints():
    # only the last amendment is printed: a "..." earlier in the chain does not reach the draft
    assert LIB.placeholders("pp-44-2015") == [("pp-49-2023", "lembaran.nomor"), ("pp-49-2023", "tambahan")]
    assert LIB.placeholders("uu-8-1965") == []
    assert LIB.placeholders("uu-2-2003") == [("uu-2-2003", "lembaran.nomor"), ("uu-2-2003", "tambahan")]


def test_every_region_cites_a_known_law_forming_it():
    for path in sorted((ROOT / "config/regions").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text())
        for ref in data["dasar_pembentukan"]:
            assert LIB[ref].pembentukan, f"{path}: {ref} is not marked pembentukan"


def test_a_placeholder_left_in_the_library_is_declared_unverified():
    """No "..." in an entry that claims a verified or reported source: it stays M with a note that the
    number was not found."""
    for key, entry in LIB.entries.items():
        dots = (entry.lembaran is not None and entry.lembaran.nomor == "...") or entry.tambahan == "..."
        if dots:
            assert entry.status == "M", key
            assert "belum diperoleh" in (entry.sumber or ""), key


def test_strict_check_fails_on_a_printed_placeholder(workspace):
    lib = workspace / ROOT_LIBRARY
    text = lib.read_text()
    text = text.replace("lembaran: {tahun: 1999, nomor: 43}\n    tambahan: 3822",
                        'lembaran: {tahun: 1999, nomor: 43}\n    tambahan: "..."', 1)
    lib.write_text(text)
    result = invoke("check", "--strict", ws=workspace)
    assert result.exit_code == 1
    assert "dasar.uu-9-1999.tambahan" in result.stderr and 'still "..."' in result.stderr


def test_a_placeholder_no_document_prints_does_not_fail_strict(workspace):
    # pp-82-2019 is in the middle of PP 44/2015's chain, which no sample document cites in Mengingat
    result = invoke("check", "--json", "--strict", ws=workspace)
    assert "pp-82-2019" not in result.stdout


def test_an_unknown_law_amended_by_title_is_reported_with_its_place(workspace):
    lib = workspace / ROOT_LIBRARY
    lib.write_text(lib.read_text().replace("dengan_mengubah: uu-27-1959", "dengan_mengubah: uu-27-1995", 1))
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1
    assert "dasar.uu-8-1965.dengan_mengubah" in result.stderr and "uu-27-1995" in result.stderr
    assert "Traceback" not in result.stderr
