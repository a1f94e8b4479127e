"""The template context: every variable a template (and a monev rule text) can read, as frozen
dataclasses with the type and a one-line description of each field, and the functions that build the
context of a regulation or a Surat Edaran. The monev figures are built in generator/data/monev.py.

Templates only read this; every figure a document states is computed here (or in monev.py, or by a
transform), never typed in a template. Jinja reads a field as ``daerah.nama`` (or ``daerah["nama"]``).
docs/context.md lists all of it per document kind, generated from these classes:

    python3 -m generator.data.context --markdown > docs/context.md
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import types
import typing
from dataclasses import dataclass, field
from typing import Literal

from generator.data.workspace import RegionEntry, Workspace
from generator.legal import apbd
from generator.legal import indonesian as idn


def doc(text: str):
    """A field with its one-line description (shown in docs/context.md)."""
    return field(metadata={"doc": text})


def fields_of(node) -> dict:
    """The fields of a context object by name, not copied: its variables for a template or a rule text."""
    return {f.name: getattr(node, f.name) for f in dataclasses.fields(node)}


context = dataclass(frozen=True, kw_only=True)    # every class below: frozen, built by keyword

JenisDaerah = Literal["provinsi", "kabupaten", "kota"]
KodePenyebut = Literal["penduduk_bekerja", "angkatan_kerja", "potensi_pekerja"]

PENYEBUT = {"penduduk_bekerja": "penduduk bekerja", "angkatan_kerja": "angkatan kerja",
            "potensi_pekerja": "potensi pekerja"}
SEGMENTS = (("pu", "Penerima Upah"), ("bpu", "Bukan Penerima Upah"), ("jakon", "Jasa Konstruksi"),
            ("pmi", "Pekerja Migran Indonesia"))
GROUPS = (("non_asn", "Pegawai Non-ASN"), ("guru_non_asn", "Guru Non-ASN"),
          ("perangkat_desa", "Perangkat desa, RT/RW, dan kader"),
          ("penyelenggara_pemilu", "Penyelenggara pemilu ad hoc"), ("pekerja_rentan", "Pekerja rentan"))


# ------------------------------------------------------------------------------------------ shared parts

@context
class Daerah:
    """A region's names and the words that follow from its type (settings: jenis_daerah)."""

    kode: str = doc("Kemendagri code: '63' (province), '63.01' (regency or city)")
    label: str = doc("name in charts and rankings: the name, or 'Kota Banjar' where a kabupaten and a kota "
                     "of the province share it")
    kode_bps: str = doc("BPS code (the region file's kode_bps, else the Kemendagri code without the dot)")
    jenis: JenisDaerah = doc("type of region")
    nama: str = doc("name without the type word: 'Tanah Laut'")
    nama_lengkap: str = doc("'Kabupaten Tanah Laut'")
    kepala: str = doc("the head of region with the name: 'Bupati Tanah Laut'")
    jabatan: str = doc("the head of region's office: 'Bupati'")
    peraturan: str = doc("the head of region's regulation: 'Peraturan Bupati'")
    singkatan: str = doc("its short form: 'Perbup'")
    ibu_kota: str = doc("seat of government")


@context
class Periode:
    """Coverage in one period: active participants over the stated denominator."""

    periode: str = doc("'2025-12'")
    bulan: str = doc("the period in words: 'Desember 2025'")
    penyebut_kode: KodePenyebut = doc("kind of denominator, as in the region file")
    penyebut: str = doc("kind of denominator in words: 'penduduk bekerja'")
    jumlah_penyebut: int = doc("the denominator (persons)")
    peserta: int = doc("active participants: the stated total, else PU + BPU + Jakon + PMI")
    persen: float = doc("coverage: 100 × peserta ÷ jumlah_penyebut")
    belum: int = doc("persons not covered: jumlah_penyebut − peserta")
    segmen: dict[str, int | None] | None = doc("participants per segment by the keys of `segmen` (pu, bpu, "
                                               "jakon, pmi); None where the source gives only a total")
    ilustratif: bool = doc("the figures are illustrative, not reported data")
    sumber: str = doc("sources, joined by '; '")


@context
class Capaian(Periode):
    """The latest period with the gap to the coverage target."""

    selisih_target: float = doc("target − persen (percentage points; negative when reached)")
    sisa_target: int = doc("new participants needed: ⌈target × jumlah_penyebut⌉ − peserta, at least 0")
    perubahan: float | None = doc("percentage points since the previous period; None without one of the "
                                  "same kind of denominator")


@context
class Kelompok:
    """Registration of one group of workers: how many there are, how many are registered."""

    jumlah: int = doc("persons in the group")
    terdaftar: int = doc("persons registered")
    sisa: int = doc("persons not registered: jumlah − terdaftar")
    persen: float = doc("100 × terdaftar ÷ jumlah (100 for an empty group)")
    ilustratif: bool = doc("the figures are illustrative")
    sumber: str = doc("sources, joined by '; '")


@context
class KelompokRentan(Kelompok):
    """Registered pekerja rentan, with the budget to cover the rest."""

    anggaran_sisa: int = doc("sisa × the JKK + JKM rate in force on the document date × 12 (Rp per year)")


@context
class Dokumen:
    """The document itself."""

    tanggal: dt.date = doc("the date it carries (settings: tanggal_dokumen, or the run's --tanggal)")
    tahun: int = doc("the year of that date")
    ilustratif: bool = doc("some figure in it is illustrative")
    catatan_ilustratif: str = doc("the sentence to print where it is (settings: catatan_ilustratif)")


# ------------------------------------------------------------------------------------------ regulation, letter

@context
class Pejabat:
    """The officials who sign."""

    kepala: str = doc("name of the head of region; '' in a draft")
    sekda: str = doc("name of the regional secretary; '' in a draft")


@context
class Penetapan:
    """Number and dates of the enacted regulation (region file: perkada); all None for a draft."""

    nomor: int | None = doc("number")
    tahun: int | None = doc("year")
    tanggal_penetapan: dt.date | None = doc("date of enactment")
    tanggal_pengundangan: dt.date | None = doc("date of promulgation")
    berita_daerah_nomor: int | None = doc("number in the Berita Daerah")


@context
class AnggaranSurat:
    """The budget a Surat Edaran asks to carry an allocation, from its date and the APBD calendar
    (generator/legal/apbd.py; settings: surat_edaran.persetujuan_apbd)."""

    tahun: int = doc("the budget year (tahun anggaran)")
    perubahan: bool = doc("the Perubahan APBD of that year (the SE is dated after its APBD's approval deadline)")
    nama: str = doc("'Anggaran Pendapatan dan Belanja Daerah Tahun Anggaran 2027', or 'Perubahan ...'")
    pedoman: str = doc("id of the Permendagri Pedoman Penyusunan APBD of that year; '' when the library holds "
                       "none issued by the SE's date")
    pedoman_nama: str = doc("that guideline named in running text; without a number when pedoman is ''")


@context
class Surat:
    """Number, date, addressees and copies of the region's Surat Edaran."""

    nomor: str = doc("the number (settings: surat_edaran.nomor), '...' for an unassigned serial")
    tanggal: str = doc("date of signing, 'YYYY-MM-DD'; '' in a draft")
    tata_letak: Literal["baru", "lama"] = doc("layout (settings: surat_edaran.tata_letak)")
    yth: tuple[str, ...] = doc("addressees, placeholders filled")
    tembusan: tuple[str, ...] = doc("copies, placeholders filled")
    anggaran: AnggaranSurat = doc("the budget it asks for, and its guideline")


@context
class KategoriRentan:
    """One category of pekerja rentan the APBD is to cover."""

    nama: str = doc("the category")
    sasaran: int = doc("persons")
    anggaran: int = doc("sasaran × iuran_bulanan × bulan (Rp)")


@context
class PekerjaRentan:
    """Contribution assistance for pekerja rentan (region file: pekerja_rentan) at the rate in force."""

    kategori: tuple[KategoriRentan, ...] = doc("the categories")
    sasaran: int = doc("persons, all categories")
    anggaran: int = doc("budget per year, all categories (Rp)")
    bulan: int = doc("months of assistance per year")
    iuran_bulanan: int = doc("JKK + JKM per person per month (Rp)")
    iuran_tahunan: int = doc("iuran_bulanan × bulan (Rp)")
    lampiran: bool = doc("the Peraturan shows the basis of computation as its Lampiran")
    ilustratif: bool = doc("the figures are illustrative")
    sumber: str = doc("source")


@context
class Tarif:
    """The contribution rate for workers outside wage employment in force on the document date."""

    jkk: int = doc("JKK per person per month at the lowest income tier (Rp)")
    jkm: int = doc("JKM per person per month (Rp)")
    jkk_jkm: int = doc("jkk + jkm (Rp)")
    dasar: tuple[str, ...] = doc("ids of its legal bases (config/legal-bases.yaml)")


@context
class PasalLama:
    """One Pasal of the regulation the new one amends, as in force (its structure file)."""

    nomor: str = doc("'5', '8A'")
    id: str = doc("the id of the template's <pasal> that takes its place; '' for one the new text drops")
    bab: str = doc("'BAB III'")
    bab_judul: str = doc("the BAB's title: 'Kepesertaan'")
    bagian: str = doc("'Bagian Kedua'; '' when it stands directly in the BAB")
    bagian_judul: str = doc("the Bagian's title; '' when it stands directly in the BAB")
    teks: str = doc("its text as in force")


@context
class LampiranLama:
    """One Lampiran of the regulation the new one amends."""

    judul: str = doc("its title")
    teks: str = doc("its content as text")


@context
class RegulasiLama:
    """The region's regulation in force on the subject of the new one (region file: regulasi, the perkada
    with tindak_lanjut) and what the new regulation does with it."""

    tindakan: Literal["perubahan", "pencabutan"] = doc("'perubahan' amends it, 'pencabutan' revokes and "
                                                       "replaces it")
    nomor: str = doc("its number")
    tahun: int = doc("its year")
    judul: str = doc("its title (after 'tentang')")
    sebutan: str = doc("'Peraturan Bupati Tabalong Nomor 12 Tahun 2022 tentang …'")
    kutipan: str = doc("sebutan with its Berita Daerah in parentheses and its earlier amendments: the form "
                       "in Mengingat, in Pasal I of an amendment and in a revocation")
    judul_perubahan: str = doc("the title of an amendment: 'Perubahan atas …', 'Perubahan Kedua atas …'")
    alasan: str = doc("why it is amended or replaced (region file: alasan); '' for the template's words")
    pasal: tuple[PasalLama, ...] = doc("its Pasal in order (perubahan only; () for pencabutan)")
    lampiran: tuple[LampiranLama, ...] = doc("its Lampiran (perubahan only)")
    ilustratif: bool = doc("the regulation or its structure is illustrative")


@context
class RegionContext:
    """The context of a regulation (perkada) and of a Surat Edaran: one region."""

    daerah: Daerah = doc("the region")
    provinsi: Daerah | None = doc("its province; None for a province")
    cakupan: tuple[Periode, ...] = doc("coverage per period, oldest first, from the region file")
    surat: Surat = doc("its Surat Edaran")
    pejabat: Pejabat = doc("who signs")
    paraf: tuple[str, ...] = doc("the officials who initial a Perkada draft, in order (settings: jenis_daerah."
                                 "<jenis>.paraf_koordinasi); empty for none")
    lambang: str = doc("emblem image (the region's, else settings: lambang_kepala_daerah); '' for none")
    dasar_pembentukan: tuple[str, ...] = doc("ids of the laws forming the region")
    penetapan: Penetapan = doc("number and dates of the enacted regulation")
    rentan: PekerjaRentan = doc("contribution assistance for pekerja rentan")
    non_asn: Kelompok | None = doc("Pegawai Non-ASN; None where the region file gives no figures")
    tarif: Tarif = doc("the contribution rate in force on the document date")
    hukum: dict[str, str] = doc("the short name of every legal basis by its id: hukum[\"inpres-2-2021\"]")
    dokumen: Dokumen = doc("the document")
    lama: RegulasiLama | None = doc("the same-subject regulation in force the new one amends or revokes; "
                                    "None where there is none")


@context
class JabatanTim:
    """One place in the tim koordinasi: its position and the office that holds it."""

    kedudukan: Literal["Pengarah", "Ketua", "Wakil Ketua", "Sekretaris", "Anggota"] = doc("position in the team")
    jabatan: str = doc("the office, placeholders filled: 'Sekretaris Daerah Kabupaten Tanah Laut'")


@context
class KeputusanContext(RegionContext):
    """The context of a Keputusan Kepala Daerah (the tim koordinasi; the penerima bantuan Iuran): the
    region's context, the team and the budget year."""

    tim: tuple[JabatanTim, ...] = doc("the tim koordinasi by office, in order (region file: tim_koordinasi, "
                                      "else settings: tim_koordinasi of the region's type)")
    tahun_anggaran: int = doc("the budget year the Keputusan provides for: the year of the document date")


# ------------------------------------------------------------------------------------------ monev

@context
class ButirChecklist:
    """One item of the checklist (config/monev.yaml: checklist)."""

    kode: str = doc("'R1'")
    judul: str = doc("what is evaluated")
    bukti: str = doc("what evidence to record")


@context
class StatusChecklist:
    """A region's answer to one checklist item."""

    kode: str = doc("'R1'")
    judul: str = doc("what is evaluated")
    status: Literal["ya", "sebagian", "tidak", ""] = doc("the answer; '' when not assessed")
    status_teks: str = doc("the answer in words: 'Ya', 'Sebagian', 'Tidak', 'Belum dinilai'")
    bukti: str = doc("the evidence recorded; '-' when not assessed")
    ilustratif: bool = doc("the answer is illustrative")


@context
class Regulasi:
    """A regulation or instrument the region has issued on the programme (region file: regulasi)."""

    jenis: Literal["perda", "perkada", "se", "instruksi", "keputusan", "pks"] = doc("kind")
    nomor: str = doc("number")
    tahun: int = doc("year")
    judul: str = doc("title")
    tanggal: dt.date | None = doc("date")
    ilustratif: bool = doc("illustrative")
    sumber: str = doc("source")


@context
class Anggaran:
    """An APBD allocation for contributions (region file: anggaran)."""

    tahun: int = doc("budget year")
    peruntukan: Literal["non_asn", "pekerja_rentan", "perangkat_desa", "lainnya"] = doc("for whom")
    jumlah_rp: int = doc("allocated (Rp)")
    orang: int = doc("persons")
    program: tuple[str, ...] = doc("programmes: JKK, JKM, JHT, JP, JKP")
    sumber_dana: str = doc("APBD, APBDes, DBH, CSR or lainnya")
    realisasi_rp: int | None = doc("spent (Rp); None when not reported")
    ilustratif: bool = doc("illustrative")
    sumber: str = doc("source")


@context
class Temuan:
    """A rule of config/monev.yaml that fired: its texts rendered over the region's indicators."""

    id: str = doc("the rule's id")
    temuan: str = doc("finding")
    rekomendasi: str = doc("recommendation")
    pelaksana: str = doc("who acts")
    tenggat: str = doc("by when")


@context
class Indikator:
    """Everything a monev report says about one region; a province's figures are derived from its regencies
    and cities. The rule texts of config/monev.yaml read these fields (all but ``temuan``)."""

    daerah: Daerah = doc("the region")
    kode: str = doc("its code")
    periode: tuple[Periode, ...] = doc("coverage per period, oldest first (a province: the periods all its "
                                       "regencies and cities report with one kind of denominator)")
    cakupan: Capaian | None = doc("the latest period, with the gap to target; None without any period")
    sebelumnya: Periode | None = doc("the period before it")
    target: float = doc("coverage target (percent): the province's own, else config/monev.yaml")
    target_sumber: str = doc("where the target comes from")
    kelompok_target: float = doc("share at which a special group counts as covered (percent)")
    kelompok: dict[str, Kelompok] = doc("the special groups with figures, by the keys of `kelompok_label` "
                                        "(non_asn, guru_non_asn, perangkat_desa, penyelenggara_pemilu, "
                                        "pekerja_rentan)")
    non_asn: Kelompok | None = doc("Pegawai Non-ASN (kelompok['non_asn'])")
    perangkat_desa: Kelompok | None = doc("perangkat desa, RT/RW and kader")
    pemilu: Kelompok | None = doc("ad hoc election bodies (kelompok['penyelenggara_pemilu'])")
    rentan: KelompokRentan | None = doc("pekerja rentan, with the budget still needed")
    checklist: tuple[StatusChecklist, ...] = doc("the answers, in the order of the checklist")
    checklist_ya: int = doc("answers 'ya'")
    checklist_persen: float = doc("100 × checklist_ya ÷ all items")
    regulasi: tuple[Regulasi, ...] = doc("regulations issued")
    anggaran: tuple[Anggaran, ...] = doc("allocations, by year then purpose")
    tarif: int = doc("JKK + JKM per person per month in force on the document date (Rp)")
    tahun: int = doc("the year of the document date")
    ilustratif: bool = doc("a figure of the latest period or of a group is illustrative")
    temuan: tuple[Temuan, ...] = doc("findings and recommendations: the rules that fired, in order")


@context
class Anggota(Indikator):
    """A regency or city of a province, ranked by coverage."""

    rank_periode: Periode = doc("its coverage in the latest period all the province's members report")
    rank_perubahan: float | None = doc("percentage points since the period before that one")
    peringkat: int = doc("rank in the province, 1 = highest coverage")


@context
class ProvinsiRekap(Indikator):
    """A province in the national recap."""

    anggota: tuple[Anggota, ...] = doc("its regencies and cities, ranked")
    dengan_perkada: int = doc("how many of them have a Perda or Perkada")
    anggaran_sisa: int = doc("the budget their pekerja rentan still need (Rp per year)")


@context
class ReportContext(RegionContext):
    """The context of a monev report on one region: the region's context and its indicators."""

    monev: Indikator = doc("the region's indicators (a province: derived from its regencies and cities)")
    anggota: tuple[Anggota, ...] = doc("a province's regencies and cities, ranked; () for a regency or city")
    checklist_butir: tuple[ButirChecklist, ...] = doc("the checklist")
    segmen: tuple[tuple[str, str], ...] = doc("(key, label) of each participant segment, in order")
    kelompok_label: tuple[tuple[str, str], ...] = doc("(key, label) of each special group, in order")


@context
class NationalContext:
    """The context of the national recap: every province of the workspace."""

    provinsi: tuple[ProvinsiRekap, ...] = doc("the provinces, by code")
    jumlah_daerah: int = doc("regencies and cities of all provinces")
    periode_bersama: str | None = doc("the latest period every province reports")
    checklist_butir: tuple[ButirChecklist, ...] = doc("the checklist")
    segmen: tuple[tuple[str, str], ...] = doc("(key, label) of each participant segment, in order")
    target: float = doc("coverage target (config/monev.yaml)")
    tarif: int = doc("JKK + JKM per person per month in force on the document date (Rp)")
    hukum: dict[str, str] = doc("the short name of every legal basis by its id")
    dokumen: Dokumen = doc("the document")


# ------------------------------------------------------------------------------------------ building

def region_words(ws: Workspace, entry: RegionEntry) -> Daerah:
    r = entry.region
    words = ws.settings.jenis_daerah[r.jenis]
    # a kabupaten and a kota may share a name (Kabupaten and Kota Bogor): then a chart labels both in full
    shared = any(e.region.nama == r.nama and e.code != r.kode and e.province_code == entry.province_code
                 and e.region.jenis != "provinsi" for e in ws.regions.values())
    return Daerah(kode=r.kode, label=f"{words.daerah} {r.nama}" if shared else r.nama,
                  kode_bps=r.kode_bps or r.kode.replace(".", ""), jenis=r.jenis, nama=r.nama,
                  nama_lengkap=f"{words.daerah} {r.nama}", kepala=f"{words.kepala} {r.nama}",
                  jabatan=words.kepala, peraturan=words.peraturan, singkatan=words.singkatan,
                  ibu_kota=r.ibu_kota)


def period(periode: str, penyebut: str, jumlah_penyebut: int, peserta: int, segmen: dict | None,
           ilustratif: bool, sources: list[str]) -> Periode:
    """One period of coverage; the one place coverage is computed (a region's own, a province's sums)."""
    year, month = (int(x) for x in periode.split("-"))
    return Periode(periode=periode, bulan=idn.month_year(year, month), penyebut_kode=penyebut,
                   penyebut=PENYEBUT[penyebut], jumlah_penyebut=jumlah_penyebut, peserta=peserta,
                   persen=100 * peserta / jumlah_penyebut, belum=jumlah_penyebut - peserta, segmen=segmen,
                   ilustratif=ilustratif, sumber="; ".join(dict.fromkeys(sources)))


def own_periods(entry: RegionEntry) -> tuple[Periode, ...]:
    """The coverage the region file states, oldest first."""
    out = []
    for c in sorted(entry.region.cakupan, key=lambda c: c.periode):
        segmen = {k: getattr(c.peserta, k) for k, _ in SEGMENTS} if c.peserta.total is None else None
        out.append(period(c.periode, c.penyebut, c.jumlah_penyebut, c.peserta.jumlah, segmen, c.ilustratif,
                          [c.sumber]))
    return tuple(out)


def group(jumlah: int, terdaftar: int, ilustratif: bool, sumber: str) -> Kelompok:
    """Registration of one group; the one place its share is computed."""
    return Kelompok(jumlah=jumlah, terdaftar=terdaftar, sisa=jumlah - terdaftar,
                    persen=100 * terdaftar / jumlah if jumlah else 100.0, ilustratif=ilustratif, sumber=sumber)


def document(ws: Workspace, illustrative: bool) -> Dokumen:
    day = ws.document_date
    return Dokumen(tanggal=day, tahun=day.year, ilustratif=illustrative,
                   catatan_ilustratif=ws.settings.catatan_ilustratif)


def legal_names(ws: Workspace) -> dict[str, str]:
    return {key: ws.library.name(key) for key in ws.library.entries}


def pekerja_rentan(ws: Workspace, entry: RegionEntry) -> PekerjaRentan:
    """Categories, persons and the APBD budget for JKK + JKM at the rate in force on the document date."""
    pr = entry.region.pekerja_rentan
    per_month = ws.rate_on(ws.document_date).jkk_jkm_bpu
    rows = tuple(KategoriRentan(nama=k.nama, sasaran=k.sasaran, anggaran=k.sasaran * per_month * pr.bulan)
                 for k in pr.kategori)
    return PekerjaRentan(kategori=rows, sasaran=sum(r.sasaran for r in rows),
                         anggaran=sum(r.anggaran for r in rows), bulan=pr.bulan, iuran_bulanan=per_month,
                         iuran_tahunan=per_month * pr.bulan, lampiran=pr.lampiran_perhitungan,
                         ilustratif=pr.ilustratif, sumber=pr.sumber)


def _placeholders(words: Daerah, province_words: Daerah | None) -> dict[str, str]:
    """What {daerah}, {kepala}, {ibu_kota} and {provinsi} stand for in the settings' texts."""
    return {"daerah": words.nama_lengkap, "kepala": words.kepala, "ibu_kota": words.ibu_kota,
            "provinsi": (province_words or words).nama}


def surat_edaran(ws: Workspace, entry: RegionEntry, words: Daerah, province_words: Daerah | None) -> Surat:
    """Number, date, addressees and copies of the region's Surat Edaran, from settings and region data."""
    cfg = ws.settings.surat_edaran
    own = entry.region.surat_edaran
    year = (own.tanggal or ws.document_date).year
    nomor = cfg.nomor.format(klasifikasi=cfg.klasifikasi, urut=own.nomor_urut or "...",
                             unit=cfg.unit[entry.region.jenis], tahun=year)
    fill = _placeholders(words, province_words)
    budget = apbd.budget_on(own.tanggal or ws.document_date,
                            (cfg.persetujuan_apbd.bulan, cfg.persetujuan_apbd.tanggal), ws.library)
    anggaran = AnggaranSurat(tahun=budget.tahun, perubahan=budget.perubahan, nama=budget.nama, pedoman=budget.pedoman,
                        pedoman_nama=ws.library.name(budget.pedoman) if budget.pedoman
                        else apbd.generic_name(budget.tahun))
    return Surat(nomor=nomor, tanggal=own.tanggal.isoformat() if own.tanggal else "", tata_letak=cfg.tata_letak,
                 yth=tuple(t.format(**fill) for t in getattr(cfg.yth, entry.region.jenis)),
                 tembusan=tuple(t.format(**fill) for t in getattr(cfg.tembusan, entry.region.jenis)),
                 anggaran=anggaran)


def region_context(ws: Workspace, entry: RegionEntry) -> RegionContext:
    r = entry.region
    province = ws.province_of(entry)
    tarif = ws.rate_on(ws.document_date)
    rentan = pekerja_rentan(ws, entry)
    words = region_words(ws, entry)
    province_words = region_words(ws, province) if province else None
    periods = own_periods(entry)
    non_asn = group(r.non_asn.jumlah, r.non_asn.terdaftar, r.non_asn.ilustratif, r.non_asn.sumber) \
        if r.non_asn else None
    illustrative = (rentan.ilustratif or bool(non_asn and non_asn.ilustratif)
                    or any(p.ilustratif for p in periods[-1:]))
    perkada = r.perkada
    return RegionContext(
        daerah=words, provinsi=province_words, cakupan=periods,
        surat=surat_edaran(ws, entry, words, province_words),
        pejabat=Pejabat(kepala=r.kepala_daerah.nama or "", sekda=r.sekretaris_daerah.nama or ""),
        paraf=tuple(ws.settings.jenis_daerah[r.jenis].paraf_koordinasi),
        lambang=r.lambang or ws.settings.lambang_kepala_daerah or "",
        dasar_pembentukan=tuple(r.dasar_pembentukan),
        penetapan=Penetapan(nomor=perkada.nomor, tahun=perkada.tahun, tanggal_penetapan=perkada.tanggal_penetapan,
                            tanggal_pengundangan=perkada.tanggal_pengundangan,
                            berita_daerah_nomor=perkada.berita_daerah_nomor),
        rentan=rentan, non_asn=non_asn,
        tarif=Tarif(jkk=tarif.bpu.jkk_minimum, jkm=tarif.bpu.jkm, jkk_jkm=tarif.jkk_jkm_bpu,
                    dasar=tuple(tarif.dasar)),
        hukum=legal_names(ws), dokumen=document(ws, illustrative), lama=regulasi_lama(ws, entry, words))


def regulasi_lama(ws: Workspace, entry: RegionEntry, words: Daerah) -> RegulasiLama | None:
    """The same-subject perkada in force with its decision (the workspace check has made sure there is
    at most one, and that it has a decision), in the citation forms of Lampiran II UU 12/2011."""
    found = [(i, x) for i, x in enumerate(entry.region.regulasi) if x.in_force_same_subject and x.tindak_lanjut]
    if not found:
        return None
    i, x = found[0]

    def berita(b) -> str:
        nomor = b.nomor if b is not None else "..."
        tahun = b.tahun if b is not None else "..."
        return f" (Berita Daerah {words.nama_lengkap} Tahun {tahun} Nomor {nomor})"

    def perubahan(times: int) -> str:        # the title of its ``times``-th amendment
        return f"Perubahan{' ' + idn.ordinal(times) if times > 1 else ''} atas {sebutan}"

    sebutan = f"{words.peraturan} {words.nama} Nomor {x.nomor} Tahun {x.tahun} tentang {x.judul}"
    kutipan = sebutan + berita(x.berita_daerah)
    times = len(x.diubah) + 1
    if x.diubah:                           # cited with its last amendment
        last = x.diubah[-1]
        lead = " sebagaimana telah diubah dengan " if times == 2 else \
            " sebagaimana telah beberapa kali diubah, terakhir dengan "
        kutipan += (f"{lead}{words.peraturan} {words.nama} Nomor {last.nomor} Tahun {last.tahun} "
                    f"tentang {perubahan(times - 1)}{berita(last.berita_daerah)}")
    structure = entry.structures.get(i)
    pasal = tuple(PasalLama(nomor=p.nomor, id=p.id or "", bab=bab[0], bab_judul=bab[1], bagian=bagian[0],
                            bagian_judul=bagian[1], teks=" ".join(p.teks.split()))
                  for bab, bagian, p in structure.pasal()) if structure else ()
    lampiran = tuple(LampiranLama(judul=lp.judul, teks=" ".join(lp.teks.split()))
                     for lp in structure.lampiran) if structure else ()
    return RegulasiLama(
        tindakan=x.tindak_lanjut, nomor=x.nomor, tahun=x.tahun, judul=x.judul, sebutan=sebutan, kutipan=kutipan,
        judul_perubahan=perubahan(times),
        alasan=" ".join((x.alasan or "").split()), pasal=pasal, lampiran=lampiran,
        ilustratif=x.ilustratif or bool(structure and structure.ilustratif))


def tim_koordinasi(ws: Workspace, entry: RegionEntry, words: Daerah, province_words: Daerah | None
                   ) -> tuple[JabatanTim, ...]:
    """The team by office: the region file's own list, else the list of its type in settings."""
    tim = entry.region.tim_koordinasi or getattr(ws.settings.tim_koordinasi, entry.region.jenis)
    fill = _placeholders(words, province_words)
    rows = [("Pengarah", t) for t in tim.pengarah] + [("Ketua", tim.ketua)]
    rows += [("Wakil Ketua", tim.wakil_ketua)] if tim.wakil_ketua else []
    rows += [("Sekretaris", tim.sekretaris)] + [("Anggota", t) for t in tim.anggota]
    return tuple(JabatanTim(kedudukan=k, jabatan=t.format(**fill)) for k, t in rows)


def keputusan_context(ws: Workspace, entry: RegionEntry) -> KeputusanContext:
    base = region_context(ws, entry)
    return KeputusanContext(**fields_of(base), tim=tim_koordinasi(ws, entry, base.daerah, base.provinsi),
                            tahun_anggaran=base.dokumen.tahun)


@context
class DasarBelumPasti:
    """A legal basis of the library not yet verified in an official source (status S or M)."""

    nama: str = doc("its short name: 'Undang-Undang Nomor 2 Tahun 2003 tentang …'")
    status: Literal["S", "M"] = doc("S: a secondary source only; M: unverified")
    kosong: bool = doc("a publication number is still '...'")
    sumber: str = doc("where the entry comes from (legal-bases.yaml: sumber)")


@context
class CatatanContext(RegionContext):
    """The context of the Catatan Penyusun of a region: the drafter's notes that go with its drafts and are
    no part of them (what is illustrative, where each figure comes from, what is still to be verified)."""

    dasar_belum_pasti: tuple[DasarBelumPasti, ...] = doc("legal bases of the library not yet verified")


def catatan_context(ws: Workspace, entry: RegionEntry) -> CatatanContext:
    base = region_context(ws, entry)
    lib = ws.library
    pending = tuple(DasarBelumPasti(nama=lib.name(key), status=e.status, kosong=bool(lib.placeholders(key)),
                                    sumber=" ".join((e.sumber or "").split()))
                    for key, e in sorted(lib.entries.items(), key=lambda item: lib.sort_key(item[0]))
                    if e.status != "V")
    return CatatanContext(**fields_of(base), dasar_belum_pasti=pending)


# ------------------------------------------------------------------------------------------ docs/context.md

KIND_CONTEXTS = {"perkada": RegionContext, "surat-edaran": RegionContext, "laporan": ReportContext,
                 "laporan-nasional": NationalContext, "keputusan-tim": KeputusanContext,
                 "keputusan-pbi": KeputusanContext,
                 "catatan-penyusun": CatatanContext}   # document kind -> the context its template reads


def _type_name(annotation) -> str:
    if isinstance(annotation, type):
        return "None" if annotation is type(None) else annotation.__name__
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        return " | ".join(repr(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(a) for a in args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"tuple[{_type_name(args[0])}, ...]"
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in args)}]"
    return str(annotation)


def _classes_in(annotation) -> list[type]:
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in _classes_in(arg)]


def _table(cls: type, head: str) -> list[str]:
    hints = typing.get_type_hints(cls)
    lines = [f"| {head} | type | description |", "| --- | --- | --- |"]
    for f in dataclasses.fields(cls):
        cells = (f"`{f.name}`", f"`{_type_name(hints[f.name])}`", f.metadata.get("doc", ""))
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")   # a bar ends a cell
    return lines


def markdown() -> str:
    """docs/context.md: the variables of each document kind's template, then every type they use."""
    lines = ["# Template context", "",
             "Generated from the dataclasses of `generator/data/context.py` by",
             "`python3 -m generator.data.context --markdown > docs/context.md`; do not edit by hand",
             "(`tests/test_context.py` fails when it is out of date).", "",
             "A template reads a field as `daerah.nama_lengkap`. Every figure is computed by the generator;",
             "a template only words it. The rule texts of `config/monev.yaml` read the fields of `Indikator`",
             "(all but `temuan`) as their variables.", ""]
    kinds: dict[type, list[str]] = {}
    for kind, cls in KIND_CONTEXTS.items():
        kinds.setdefault(cls, []).append(kind)
    seen: list[type] = []

    def collect(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for annotation in typing.get_type_hints(cls).values():
            for inner in _classes_in(annotation):
                collect(inner)

    for cls, names in kinds.items():
        lines += [f"## {', '.join(names)}: `{cls.__name__}`", "", cls.__doc__.strip(), ""]
        lines += _table(cls, "variable") + [""]
        collect(cls)
    collect(Indikator)
    lines += ["## Types", ""]
    for cls in seen:
        if cls in kinds:
            continue
        lines += [f"### `{cls.__name__}`", "", " ".join(cls.__doc__.split()), ""]
        lines += _table(cls, "field") + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python3 -m generator.data.context --markdown > docs/context.md")
    sys.stdout.write(markdown())
