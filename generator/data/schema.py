"""Schemas of every YAML file in a workspace, defined once (pydantic) and exported as JSON Schema.

Field names are Indonesian, as the people who edit the files are. Every model forbids unknown fields, so a
misspelt key is an error with a suggestion instead of a silently ignored value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from generator.untrusted import MAX_NAME

Placeholder = Literal["..."]
"""Written as ``"..."``: a number deliberately left open (not yet retrieved or not yet assigned); it is
printed as "..." in a draft and reported by ``naskah check`` as a warning, never mistaken for a value."""

Verification = Literal["V", "S", "M"]
"""V = verified in an official or retrieved source, S = secondary source only, M = unverified."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=MAX_NAME,
                                        pattern=r"^[^\t\r\n]*$")]
"""A name printed in titles, headers and PDF metadata: a region, its capital, a person (one line)."""


# --------------------------------------------------------------------------------------- legal bases

JENIS_DASAR = ("uud", "uu", "perppu", "pp", "perpres", "permen", "perda", "perkada", "inpres", "se")


class Pengundangan(Strict):
    """Where an instrument was published: Lembaran Negara / Berita Negara / Lembaran or Berita Daerah."""

    tahun: int = Field(ge=1945, le=2100)
    nomor: int | str | Placeholder


class DasarHukum(Strict):
    jenis: Literal["uud", "uu", "perppu", "pp", "perpres", "permen", "perda", "perkada", "inpres", "se"]
    nomor: int | str | None = Field(default=None, description="number; SE numbers such as 842.2/5193/SJ")
    tahun: int = Field(ge=1945, le=2100)
    judul: str = Field(min_length=3, description="title after 'tentang', as enacted")
    penerbit: str | None = Field(default=None, description="for permen/perda/perkada/se: the issuer, e.g. "
                                 "'Menteri Dalam Negeri' or 'Provinsi Kalimantan Selatan'")
    tanggal: dt.date | None = Field(default=None, description="date of enactment, for ordering")
    lembaran: Pengundangan | None = Field(default=None, description="LN / BN / Lembaran or Berita Daerah")
    tambahan: int | str | Placeholder | None = Field(default=None, description="TLN / TLD number")
    diubah: list[str] = Field(default_factory=list,
                              description="ids of the amending instruments, oldest first")
    definisi: dict[str, str] = Field(
        default_factory=dict, description="terms this instrument defines (its Pasal 1), verbatim, without "
        "the closing full stop: a regulation that defines the same term copies the text (the lint checks)")
    dengan_mengubah: str | None = Field(
        default=None, description="id of the law this one amends by its own title (\"... dengan mengubah "
        "Undang-Undang Nomor 27 Tahun 1959 tentang ...\"): cited in full after this one's publication")
    pembentukan: bool = Field(default=False, description="a law forming a region: Mengingat cites it "
                              "directly after the UUD, whatever its year")
    tahun_anggaran: int | None = Field(default=None, ge=1945, le=2100,
                                       description="for a Permendagri Pedoman Penyusunan APBD: the budget "
                                       "year it guides (generator/legal/apbd.py)")
    status: Verification = "M"
    sumber: str | None = None

    @model_validator(mode="after")
    def _publication(self):
        needs_ln = self.jenis in ("uu", "perppu", "pp", "perpres", "permen", "perda", "perkada")
        if needs_ln and self.lembaran is None:
            raise ValueError(f"a {self.jenis} needs 'lembaran' (tahun and nomor; write nomor: \"...\" "
                             "if it is not known yet)")
        if self.jenis in ("uu", "perppu", "pp") and self.tambahan is None:
            raise ValueError(f"a {self.jenis} needs 'tambahan' (the TLN number, or \"...\")")
        if self.jenis in ("permen", "perda", "perkada", "se") and not self.penerbit:
            raise ValueError(f"a {self.jenis} needs 'penerbit'")
        return self


class Library(Strict):
    dasar: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")], DasarHukum]


# --------------------------------------------------------------------------------------- rates

class TarifBPU(Strict):
    jkk_minimum: int = Field(gt=0, description="JKK per person per month at the lowest income tier (Rp)")
    jkm: int = Field(gt=0, description="JKM per person per month (Rp)")


class Tarif(Strict):
    berlaku_mulai: dt.date
    berlaku_sampai: dt.date | None = None
    dasar: list[str] = Field(description="ids in the legal-bases library")
    bpu: TarifBPU
    status: Verification = "V"
    sumber: str

    @property
    def jkk_jkm_bpu(self) -> int:
        return self.bpu.jkk_minimum + self.bpu.jkm


class Rates(Strict):
    tarif: list[Tarif] = Field(min_length=1)


# --------------------------------------------------------------------------------------- settings

class JenisDaerah(Strict):
    """Wording that follows from a region's type."""

    daerah: str = Field(description="'Provinsi' / 'Kabupaten' / 'Kota'")
    kepala: str = Field(description="'Gubernur' / 'Bupati' / 'Wali Kota'")
    peraturan: str = Field(description="'Peraturan Gubernur' / ...")
    singkatan: str = Field(description="'Pergub' / 'Perbup' / 'Perwali'")
    paraf_koordinasi: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20,
        description="officials who initial a Perkada draft as it circulates before signature, in order "
        "(e.g. Sekretaris Daerah, Asisten, Kepala Bagian Hukum): the 'Paraf Koordinasi' table on its last "
        "page; none when empty")


_FIELDS_NOMOR = {"klasifikasi", "urut", "unit", "tahun"}
_FIELDS_ALAMAT = {"daerah", "kepala", "provinsi", "ibu_kota"}


def _placeholders(text: str) -> set[str]:
    """The {names} of a pattern. A pattern is filled with str.format, so anything beyond a plain name is
    refused: ``{urut.__class__}`` would reach Python objects, ``{urut:>999999999}`` would fill memory."""
    import string
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ValueError(f"'{text}': {exc}") from None
    for name, spec, conv in fields:
        if spec or conv or not name.isidentifier():
            raise ValueError(f"placeholder {{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}} "
                             f"in '{text}' is not allowed: write a plain name in braces, e.g. {{urut}}")
    return {name for name, _, _ in fields}


def _only(text: str, allowed: set[str]) -> str:
    unknown = _placeholders(text) - allowed
    if unknown:
        raise ValueError(f"unknown placeholder {{{sorted(unknown)[0]}}} in '{text}'; allowed: "
                         + ", ".join(f"{{{a}}}" for a in sorted(allowed)))
    return text


Alamat = Annotated[str, AfterValidator(lambda text: _only(text, _FIELDS_ALAMAT))]


class PerJenis(Strict):
    """One list per region type. Placeholders: {daerah} (Kabupaten Tanah Laut), {kepala} (Bupati Tanah
    Laut), {provinsi} (Kalimantan Selatan: the province's name, for a province its own), {ibu_kota}."""

    provinsi: list[Alamat] = Field(min_length=1)
    kabupaten: list[Alamat] = Field(min_length=1)
    kota: list[Alamat] = Field(min_length=1)


class BulanTanggal(Strict):
    bulan: int = Field(ge=1, le=12)
    tanggal: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _exists(self):
        dt.date(2001, self.bulan, self.tanggal)     # a day every year has (not 29 February)
        return self


class SuratEdaranSettings(Strict):
    tata_letak: Literal["baru", "lama"] = Field(
        description="baru: the current model (title block, then Yth., Ditetapkan di ... at the end); "
        "lama: the older letter-style head (place and date, Kepada Yth., then SURAT EDARAN)")
    nomor: str = Field(description="number pattern; placeholders {klasifikasi} {urut} {unit} {tahun}; "
                       "an unassigned serial prints as ...")
    klasifikasi: str = Field(description="archive classification code of the subject, from the code list of "
                             "the Permendagri in force (settings.yaml names it)")
    persetujuan_apbd: BulanTanggal = Field(
        description="yearly deadline (month, day) for approving next year's APBD: an SE dated after it asks "
        "for the Perubahan APBD of next year instead of its APBD (generator/legal/apbd.py)")
    unit: dict[Literal["provinsi", "kabupaten", "kota"], str] = Field(description="issuing unit per region type")
    yth: PerJenis
    tembusan: PerJenis

    @field_validator("nomor")
    @classmethod
    def _pattern(cls, value: str) -> str:
        _only(value, _FIELDS_NOMOR)
        if "urut" not in _placeholders(value):
            raise ValueError("the number pattern needs {urut}, the serial number")
        return value


class Penyusunan(Strict):
    """Drafting vocabulary for the lint (legal-format.md §2.3): one spelling per term, and the common
    phrases in which a defined word stays in lower case."""

    ejaan: dict[str, str] = Field(default_factory=dict,
                                  description="a spelling not to use -> the one the regulation uses")
    frasa_umum: list[str] = Field(
        default_factory=list, description="phrases in which a defined word is not the defined term and "
        "stays in lower case, e.g. 'badan usaha milik daerah'")
class TimKoordinasi(Strict):
    """Membership of the tim koordinasi by office (jabatan), never by a person's name: the Keputusan
    Kepala Daerah on the team lists these in its Lampiran. Placeholders as in PerJenis: {daerah},
    {kepala}, {provinsi}, {ibu_kota}."""

    pengarah: list[Alamat] = Field(default_factory=list, description="steering: the head of region ...")
    ketua: Alamat = Field(description="chair")
    wakil_ketua: Alamat | None = Field(default=None, description="deputy chair, if any")
    sekretaris: Alamat = Field(description="secretary")
    anggota: list[Alamat] = Field(min_length=1, description="members, in the order printed")


class TimPerJenis(Strict):
    """The tim koordinasi per region type; a region file's own ``tim_koordinasi`` replaces it."""

    provinsi: TimKoordinasi
    kabupaten: TimKoordinasi
    kota: TimKoordinasi


class Settings(Strict):
    tanggal_dokumen: dt.date = Field(description="the date documents carry (never the clock)")
    penulis: str = Field(max_length=200, description="author in PDF/DOCX metadata")
    lambang_kepala_daerah: str | None = Field(
        default=None, description="emblem image (path inside the workspace) for documents signed by a "
        "head of region; the lambang negara by default practice. A region's own 'lambang' wins.")
    jenis_daerah: dict[Literal["provinsi", "kabupaten", "kota"], JenisDaerah]
    catatan_ilustratif: str = Field(description="sentence printed where a document uses illustrative figures")
    surat_edaran: SuratEdaranSettings
    penyusunan: Penyusunan = Field(default_factory=lambda: Penyusunan(),
                                   description="drafting vocabulary the lint checks a regulation against")
    tim_koordinasi: TimPerJenis = Field(description="membership of the tim koordinasi (Keputusan Kepala "
                                        "Daerah) by office, per region type")


# --------------------------------------------------------------------------------------- regions

CODE_RE = re.compile(r"^\d{2}(\.\d{2})?$")


class Pejabat(Strict):
    nama: Name | None = Field(default=None, description="full name without academic titles; blank in a draft")


class Penetapan(Strict):
    """Number and dates once the regulation is enacted; all blank for a draft (RANCANGAN)."""

    nomor: int | None = None
    tahun: int | None = None
    tanggal_penetapan: dt.date | None = None
    tanggal_pengundangan: dt.date | None = None
    berita_daerah_nomor: int | None = None

    @model_validator(mode="after")
    def _all_or_nothing(self):
        given = [v is not None for v in (self.nomor, self.tahun, self.tanggal_penetapan,
                                         self.tanggal_pengundangan, self.berita_daerah_nomor)]
        if any(given) and not all(given):
            raise ValueError("give nomor, tahun, tanggal_penetapan, tanggal_pengundangan and "
                             "berita_daerah_nomor together, or none of them for a draft")
        return self


class PenomoranSurat(Strict):
    """Serial number and date of the region's Surat Edaran once assigned; blank in a draft."""

    nomor_urut: int | None = Field(default=None, ge=1)
    tanggal: dt.date | None = None


class KategoriRentan(Strict):
    nama: str = Field(min_length=2, max_length=200)
    sasaran: int = Field(ge=0, description="persons the APBD is to cover")


class PekerjaRentan(Strict):
    kategori: list[KategoriRentan] = Field(min_length=1)
    bulan: int = Field(default=12, ge=1, le=12, description="months of contribution assistance per year")
    lampiran_perhitungan: bool = Field(
        default=False, description="print the basis of computation (persons per category, contribution, "
        "months) as the Lampiran of the Peraturan; by default the amounts go to the Keputusan and the APBD only")
    ilustratif: bool = Field(description="true where the figures are illustrative, not reported data")
    sumber: str


class Jumlah(Strict):
    jumlah: int = Field(ge=0)
    terdaftar: int = Field(ge=0)
    ilustratif: bool
    sumber: str

    @model_validator(mode="after")
    def _registered(self):
        if self.terdaftar > self.jumlah:
            raise ValueError(f"terdaftar ({self.terdaftar}) is greater than jumlah ({self.jumlah})")
        return self


class Peserta(Strict):
    pu: int | None = Field(default=None, ge=0)
    bpu: int | None = Field(default=None, ge=0)
    jakon: int | None = Field(default=None, ge=0)
    pmi: int | None = Field(default=None, ge=0)
    total: int | None = Field(default=None, ge=0, description="when the source gives only a total")

    @property
    def jumlah(self) -> int:
        """Active participants: the stated total, else the sum of the segments given."""
        if self.total is not None:
            return self.total
        return sum(v or 0 for v in (self.pu, self.bpu, self.jakon, self.pmi))


class Cakupan(Strict):
    periode: str = Field(description="YYYY-MM, e.g. 2025-12")
    penyebut: Literal["penduduk_bekerja", "angkatan_kerja", "potensi_pekerja"]
    jumlah_penyebut: int = Field(gt=0)
    peserta: Peserta
    persen_dilaporkan: float | None = Field(default=None, ge=0, le=100)
    ilustratif: bool
    sumber: str

    @field_validator("periode")
    @classmethod
    def _period(cls, value: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise ValueError(f"'{value}' is not a period (YYYY-MM, e.g. 2025-12)")
        return value

    @model_validator(mode="after")
    def _participants(self):
        total = self.peserta.jumlah
        if total > self.jumlah_penyebut:
            raise ValueError(f"participants ({total}) exceed the denominator ({self.jumlah_penyebut}): "
                             "coverage over 100 %")
        return self


class Kelompok(Strict):
    """The special groups Inpres 2/2021 names, beyond non-ASN: how many exist, how many are registered."""

    perangkat_desa: Jumlah | None = Field(default=None, description="kepala desa, perangkat desa, RT/RW, kader")
    penyelenggara_pemilu: Jumlah | None = Field(default=None, description="badan ad hoc KPU/Bawaslu")
    pekerja_rentan: Jumlah | None = Field(default=None, description="jumlah = the region's target")
    guru_non_asn: Jumlah | None = Field(default=None, description="teachers among the non-ASN")


class BeritaDaerah(Strict):
    """Where a Perkada was promulgated: the year and number of the Berita Daerah."""

    tahun: int = Field(ge=1945, le=2100)
    nomor: int | Placeholder = Field(description='the number, or "..." while it is not known (printed as '
                                     '"...", reported by `naskah check` as a warning)')


class PerubahanLama(Strict):
    """An earlier amendment of a regulation (oldest first): what citing the regulation names after it."""

    nomor: str
    tahun: int = Field(ge=2000, le=2100)
    berita_daerah: BeritaDaerah | None = None


class Regulasi(Strict):
    """A regulation or instrument the region has issued on the programme.

    A ``perkada`` in force on the subject of the draft (``pokok: sama``, the default) must carry the
    decision what the new regulation does with it (``tindak_lanjut``): ``perubahan`` amends it (its
    structure, ``struktur``, is then needed: the amendment is computed from it), ``pencabutan`` revokes
    and replaces it. naskah never drafts a second regulation beside one in force."""

    jenis: Literal["perda", "perkada", "se", "instruksi", "keputusan", "pks"]
    nomor: str
    tahun: int = Field(ge=2000, le=2100)
    judul: str = Field(min_length=3)
    tanggal: dt.date | None = Field(default=None, description="date of enactment (penetapan), when known")
    pokok: Literal["sama", "lain"] = Field(
        default="sama", description="for a perkada: 'sama' when it rules the subject the draft rules, "
        "'lain' when it is on another subject (judged by its title)")
    berlaku: bool = Field(default=True, description="false once revoked or expired")
    tindak_lanjut: Literal["perubahan", "pencabutan"] | None = Field(
        default=None, description="what the new regulation does with this one (a same-subject perkada in "
        "force): 'perubahan' amends it, 'pencabutan' revokes and replaces it")
    berita_daerah: BeritaDaerah | None = Field(default=None, description="its Berita Daerah year and number")
    diubah: list[PerubahanLama] = Field(default_factory=list,
                                        description="earlier amendments of it, oldest first")
    struktur: str | None = Field(default=None, pattern=r"^config/regulasi/[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$",
                                 description="for 'perubahan': the file holding its structure "
                                 "(config/regulasi/NAME.yaml, schema 'struktur')")
    alasan: str | None = Field(default=None, description="why it is amended or replaced: a Menimbang item "
                               "without its leading 'bahwa' (the template's wording when left out)")
    ilustratif: bool
    sumber: str

    @model_validator(mode="after")
    def _decision(self):
        if self.jenis != "perkada" and (self.tindak_lanjut or self.struktur or self.diubah):
            raise ValueError("tindak_lanjut, struktur and diubah are for a perkada")
        if self.tindak_lanjut == "perubahan" and not self.struktur:
            raise ValueError("an amendment (tindak_lanjut: perubahan) needs 'struktur': the file holding the "
                             "structure of the regulation it amends; without it choose pencabutan")
        return self

    @property
    def in_force_same_subject(self) -> bool:
        return self.jenis == "perkada" and self.pokok == "sama" and self.berlaku


class Anggaran(Strict):
    """An APBD allocation for contributions."""

    tahun: int = Field(ge=2015, le=2100)
    peruntukan: Literal["non_asn", "pekerja_rentan", "perangkat_desa", "lainnya"]
    jumlah_rp: int = Field(ge=0)
    orang: int = Field(ge=0)
    program: list[Literal["JKK", "JKM", "JHT", "JP", "JKP"]] = Field(min_length=1)
    sumber_dana: Literal["APBD", "APBDes", "DBH", "CSR", "lainnya"] = "APBD"
    realisasi_rp: int | None = Field(default=None, ge=0)
    ilustratif: bool
    sumber: str


class JawabanChecklist(Strict):
    status: Literal["ya", "sebagian", "tidak"]
    bukti: str = Field(min_length=1, description="evidence: number, date, document, figure")
    ilustratif: bool = True


class Region(Strict):
    kode: str = Field(description="Kemendagri code: '63' for a province, '63.01' for a regency/city")
    kode_bps: str | None = Field(default=None, pattern=r"^\d{2,4}$")
    jenis: Literal["provinsi", "kabupaten", "kota"]
    nama: Name = Field(description="name without the type word: 'Tanah Laut'")
    ibu_kota: Name = Field(description="seat of government (the city itself for a kota)")
    lambang: str | None = Field(default=None, description="emblem image inside the workspace")
    kepala_daerah: Pejabat = Pejabat()
    sekretaris_daerah: Pejabat = Pejabat()
    dasar_pembentukan: list[str] = Field(min_length=1, description="ids of the laws forming the region")
    perkada: Penetapan = Penetapan()
    surat_edaran: PenomoranSurat = PenomoranSurat()
    pekerja_rentan: PekerjaRentan
    non_asn: Jumlah | None = None
    cakupan: list[Cakupan] = Field(default_factory=list)
    kelompok: Kelompok = Kelompok()
    regulasi: list[Regulasi] = Field(default_factory=list)
    anggaran: list[Anggaran] = Field(default_factory=list)
    tim_koordinasi: TimKoordinasi | None = Field(
        default=None, description="the region's own tim koordinasi membership; else settings: tim_koordinasi")
    checklist: dict[str, JawabanChecklist] = Field(
        default_factory=dict, description="answers by checklist code (config/monev.yaml), e.g. R1, A2, C4")

    @field_validator("kode")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError("expected '63' (province) or '63.01' (regency/city)")
        return v

    @model_validator(mode="after")
    def _type_matches_code(self):
        is_prov = "." not in self.kode
        if is_prov != (self.jenis == "provinsi"):
            raise ValueError(f"code {self.kode} does not fit jenis '{self.jenis}'")
        if self.jenis == "kota" and not int(self.kode.split(".")[1]) >= 71:
            raise ValueError(f"a kota has a code of 71 or more after the dot, not {self.kode}")
        if self.jenis == "kabupaten" and int(self.kode.split(".")[1]) >= 71:
            raise ValueError(f"a kabupaten has a code below 71 after the dot, not {self.kode}")
        return self


# --------------------------------------------------------------------------------------- regulation structure

class PasalLama(Strict):
    """One Pasal of a regulation in force, as enacted."""

    nomor: str = Field(pattern=r"^[1-9][0-9]*[A-Z]?$", description="its number: '5', or '8A' for one "
                       "inserted by an earlier amendment")
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$",
                           description="the id of the template's <pasal> that takes its place in the new "
                           "text; left out for a Pasal the new text no longer has (it is deleted)")
    teks: str = Field(min_length=1, description="its text: ayat numbers, list labels and words as enacted, "
                      "white space free (compared with the new text after white space is collapsed)")


class BagianLama(Strict):
    judul: str = Field(min_length=2)
    pasal: list[PasalLama] = Field(min_length=1)


class BabLama(Strict):
    judul: str = Field(min_length=2)
    pasal: list[PasalLama] = Field(default_factory=list, description="Pasal directly in the BAB")
    bagian: list[BagianLama] = Field(default_factory=list)

    @model_validator(mode="after")
    def _content(self):
        if bool(self.pasal) == bool(self.bagian):
            raise ValueError("a BAB holds either Pasal or Bagian (one of them, not none)")
        return self


class LampiranLama(Strict):
    judul: str = Field(min_length=2)
    teks: str = Field(description="its content as text (table cells separated by white space)")


class Struktur(Strict):
    """The structure of a regulation in force that the new one amends (config/regulasi/*.yaml): its BAB,
    Bagian and Pasal with their numbers and text, and its Lampiran."""

    ilustratif: bool = Field(description="true where the structure is illustrative, not the enacted text")
    sumber: str
    bab: list[BabLama] = Field(min_length=1)
    lampiran: list[LampiranLama] = Field(default_factory=list)

    def pasal(self) -> list[tuple[tuple[str, str], tuple[str, str], PasalLama]]:
        """((BAB label, title), (Bagian label, title) or ('', ''), Pasal) in order."""
        from generator.legal.indonesian import ordinal, roman
        out = []
        for i, bab in enumerate(self.bab, 1):
            head = (f"BAB {roman(i)}", bab.judul)
            out += [(head, ("", ""), p) for p in bab.pasal]
            for j, bagian in enumerate(bab.bagian, 1):
                out += [(head, (f"Bagian {ordinal(j)}", bagian.judul), p) for p in bagian.pasal]
        return out

    @model_validator(mode="after")
    def _numbers(self):
        numbers = [p.nomor for _, _, p in self.pasal()]
        plain = [int(n) for n in numbers if n.isdigit()]
        if plain != list(range(1, len(plain) + 1)):
            raise ValueError(f"Pasal numbers run 1, 2, 3 ... in order; found {', '.join(numbers)}")
        ids = [p.id for _, _, p in self.pasal() if p.id]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"id '{twice[0]}' stands at two Pasal")
        return self


# --------------------------------------------------------------------------------------- monev rules

INDICATORS = ("cakupan_persen", "non_asn_persen", "perangkat_desa_persen", "pemilu_persen", "rentan_persen")


class TargetProvinsi(Strict):
    persen: float = Field(gt=0, le=100)
    sumber: str


class Target(Strict):
    cakupan_persen: float = Field(gt=0, le=100, description="coverage target (percent)")
    sumber: str
    per_provinsi: dict[str, TargetProvinsi] = Field(default_factory=dict,
                                                    description="a province's own target, by code")
    kelompok_persen: float = Field(gt=0, le=100, description="share at which a special group counts as covered")


class ChecklistItem(Strict):
    kode: str = Field(pattern=r"^[A-Z][0-9]{1,2}$")
    judul: str
    bukti: str = Field(description="what evidence to record")


class JikaChecklist(Strict):
    checklist: str = Field(description="a checklist code")
    bukan: Literal["ya"] = Field(description="the rule fires when the answer is not 'ya'")


class JikaIndikator(Strict):
    indikator: Literal["cakupan_persen", "non_asn_persen", "perangkat_desa_persen", "pemilu_persen",
                       "rentan_persen"]
    di_bawah: Literal["target", "kelompok"] | float = Field(
        description="'target' (coverage target), 'kelompok' (group target) or a number")


class Aturan(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    jika: JikaChecklist | JikaIndikator
    temuan: str = Field(description="finding (jinja2 text over the region's indicators)")
    rekomendasi: str
    pelaksana: str = Field(description="who acts")
    tenggat: str = Field(description="by when")


class Monev(Strict):
    target: Target
    checklist: list[ChecklistItem] = Field(min_length=1)
    aturan: list[Aturan] = Field(default_factory=list)

    @model_validator(mode="after")
    def _codes(self):
        codes = [c.kode for c in self.checklist]
        if len(set(codes)) != len(codes):
            raise ValueError("checklist codes must be unique")
        for rule in self.aturan:
            if isinstance(rule.jika, JikaChecklist) and rule.jika.checklist not in codes:
                raise ValueError(f"rule '{rule.id}' names unknown checklist code '{rule.jika.checklist}'")
        return self


SCHEMAS: dict[str, type[BaseModel]] = {
    "region": Region,
    "legal-bases": Library,
    "rates": Rates,
    "settings": Settings,
    "monev": Monev,
    "struktur": Struktur,
}


def known_fields() -> set[str]:
    """Every field name of every schema, for 'did you mean' hints."""
    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for arg in _models_in(info.annotation):
                walk(arg)

    for model in SCHEMAS.values():
        walk(model)
    return names


def _models_in(annotation) -> list[type[BaseModel]]:
    import typing
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
