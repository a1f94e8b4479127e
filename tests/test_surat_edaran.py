"""The Surat Edaran: the budget and guideline it asks for by the APBD calendar, the archive code of its
number, Yth. in the head, and one addressee per instruction."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from pydantic import ValidationError

from generator import api
from generator import model as m
from generator.data.schema import BulanTanggal, DasarHukum
from generator.legal import apbd
from generator.legal.bases import Library
from tests.helpers import ROOT, edit, invoke
from tests.test_citations import LIB

DEADLINE = (11, 30)     # settings.yaml: surat_edaran.persetujuan_apbd


@pytest.mark.parametrize("day, year, change, guideline", [
    # up to 30 November the APBD of next year is still being prepared
    (dt.date(2025, 1, 2), 2026, False, "permendagri-14-2025"),
    (dt.date(2025, 11, 29), 2026, False, "permendagri-14-2025"),
    (dt.date(2025, 11, 30), 2026, False, "permendagri-14-2025"),
    # after it, that APBD is approved: its Perubahan is the first budget still open, under the same guideline
    (dt.date(2025, 12, 1), 2026, True, "permendagri-14-2025"),
    (dt.date(2025, 12, 31), 2026, True, "permendagri-14-2025"),
    (dt.date(2024, 6, 1), 2025, False, "permendagri-15-2024"),
    (dt.date(2022, 12, 15), 2023, True, "permendagri-84-2022"),
    # no guideline for TA 2024 nor TA 2027 in the library: none is cited
    (dt.date(2023, 8, 17), 2024, False, ""),
    (dt.date(2026, 11, 25), 2027, False, ""),
    (dt.date(2026, 12, 1), 2027, True, ""),
])
def test_the_budget_an_se_asks_for_follows_the_apbd_calendar(day, year, change, guideline):
    budget = apbd.budget_on(day, DEADLINE, LIB)
    assert (budget.tahun, budget.perubahan, budget.pedoman) == (year, change, guideline)
    assert budget.nama == ("Perubahan " if change else "") + \
        f"Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran {year}"


def test_a_guideline_dated_after_the_se_is_not_cited():
    entry = dict(jenis="permen", penerbit="Menteri Dalam Negeri", nomor=9, tahun=2026, tahun_anggaran=2027,
                 judul="Pedoman Penyusunan Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2027",
                 lembaran={"tahun": 2026, "nomor": 1}, tanggal=dt.date(2026, 9, 15))
    lib = Library({"permendagri-9-2026": DasarHukum(**entry)}, {})
    assert apbd.budget_on(dt.date(2026, 9, 14), DEADLINE, lib).pedoman == ""
    assert apbd.budget_on(dt.date(2026, 9, 15), DEADLINE, lib).pedoman == "permendagri-9-2026"


def test_the_approval_deadline_is_a_real_day():
    with pytest.raises(ValidationError):
        BulanTanggal(bulan=2, tanggal=30)
    assert BulanTanggal(bulan=11, tanggal=30).tanggal == 30


def _se(ws, code: str) -> m.Document:
    return api.render(api.load(ws), "surat-edaran", code, [])


def _text(block) -> str:
    return m.plain_text(block.inlines) if isinstance(block, m.Para) else ""


def _isi(doc: m.Document) -> list[str]:
    sections = [n for b in doc.blocks for n in m.walk(b) if isinstance(n, m.Section) and n.title == "Isi Edaran"]
    (lists,) = [[b for b in s.blocks if isinstance(b, m.ListBlock)] for s in sections]
    return [_text(i.blocks[0]) for i in lists[0].items]


@pytest.mark.parametrize("code", ["63", "63.01", "62.71"])
def test_each_instruction_is_addressed_to_one_addressee_of_the_yth_list(code):
    doc = _se(ROOT, code)
    settings = yaml.safe_load((ROOT / "config/settings.yaml").read_text())["surat_edaran"]["yth"]
    jenis = {"63": "provinsi", "63.01": "kabupaten", "62.71": "kota"}[code]
    # the kind of addressee: "Kepala Perangkat Daerah", "Camat", "Kepala Desa", "Direktur Badan Usaha ..."
    kinds = [t.split(" se-")[0].split(" di lingkungan")[0].split(" {")[0] for t in settings[jenis]]
    items = _isi(doc)
    assert len(items) >= 5
    for item in items:
        named = [k for k in kinds if item.startswith(k)]
        assert len(named) == 1, item
        assert " agar " in item.split(";")[0], item
        assert "Saudara" not in item
    # every addressee gets at least one instruction
    assert {k for k in kinds if any(i.startswith(k) for i in items)} == set(kinds)


def test_yth_stands_in_the_head_above_the_title():
    doc = _se(ROOT, "63.01")
    order = [b.label if isinstance(b, m.LabeledBlock) else _text(b) for b in doc.blocks]
    assert order.index("Yth.") < order.index("SURAT EDARAN")


def test_the_se_number_carries_the_configured_classification(workspace):
    edit(workspace, "config/settings.yaml", 'klasifikasi: "500.15.1"', 'klasifikasi: "500.15"')
    doc = _se(workspace, "63.01")
    assert any(_text(b).startswith("NOMOR 500.15/") for b in doc.blocks)


def test_the_se_cites_the_guideline_of_the_budget_it_asks_for(workspace):
    # dated 30 November 2025 (its own date): the APBD of 2026 under Permendagri 14/2025
    edit(workspace, "config/regions/63/63.01-tanah-laut.yaml", "perkada: {}",
         "perkada: {}\nsurat_edaran: {nomor_urut: 7, tanggal: 2025-11-30}")
    items = _isi(_se(workspace, "63.01"))
    (budget,) = [i for i in items if "bantuan iuran" in i]
    assert "dalam Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2026" in budget
    assert "berpedoman pada Peraturan Menteri Dalam Negeri Nomor 14 Tahun 2025" in budget
    result = invoke("render", "surat-edaran", "63.01", "-f", "json", "-o", str(workspace / "out"), ws=workspace)
    assert result.exit_code == 0, result.output


def test_without_a_guideline_the_se_names_it_without_a_number():
    items = _isi(_se(ROOT, "63.01"))        # dated 25 November 2026: TA 2027, whose guideline is not held
    (budget,) = [i for i in items if "bantuan iuran" in i]
    assert "Tahun Anggaran 2027" in budget
    assert "peraturan menteri dalam negeri mengenai pedoman penyusunan anggaran pendapatan dan belanja " \
        "daerah Tahun Anggaran 2027" in budget
    assert "Nomor ..." not in budget
