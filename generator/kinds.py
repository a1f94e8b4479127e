"""Registry of document kinds: which template, which regions, which output name, what the document
says about itself (its metadata) and how long it takes to build. A new kind is one template plus one entry
here; no other module tests a kind's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator import model as m
from generator.data.context import Daerah
from generator.data.workspace import RegionEntry, Workspace

NATIONAL = "nasional"   # the job code of a document over the whole workspace


def _region_context(ws, entry, warnings):
    from generator.data.context import region_context
    return region_context(ws, entry)


def _perkada_context(ws, entry, warnings):
    """The region's context; a warning where the regulation the draft amends or revokes is cited with
    "..." for its Berita Daerah number (the region file says where to fill it in)."""
    from generator.data.context import region_context
    from generator.errors import Problem
    for i, x in enumerate(entry.region.regulasi):
        if x.in_force_same_subject and x.tindak_lanjut and (x.berita_daerah is None or x.berita_daerah.nomor == "..."):
            warnings.append(Problem(f"the Berita Daerah number of {x.jenis} Nomor {x.nomor} Tahun {x.tahun}, which "
                                    f"the draft {'amends' if x.tindak_lanjut == 'perubahan' else 'revokes'}, is "
                                    "not known: its citation prints \"...\"",
                                    entry.located.where(("regulasi", i)), f"regulasi[{i}].berita_daerah",
                                    severity="warning"))
    return region_context(ws, entry)


def _own_and_province(ws, entry):
    return [entry] + ([ws.province_of(entry)] if ws.province_of(entry) else [])


def _catatan_context(ws, entry, warnings):
    from generator.data.context import catatan_context
    return catatan_context(ws, entry)


def _keputusan_context(ws, entry, warnings):
    from generator.data.context import keputusan_context
    return keputusan_context(ws, entry)


def _report_sources(ws, entry):
    if entry is None:
        return list(ws.regions.values())
    return [entry, *ws.members(entry)] if entry.region.jenis == "provinsi" else _own_and_province(ws, entry)


def _report_context(ws, entry, warnings):
    from generator.data.monev import national_context, report_context
    return national_context(ws, warnings) if entry is None else report_context(ws, entry, warnings)


@dataclass(frozen=True)
class Kind:
    name: str
    template: str
    title: str                               # human description for `naskah list`
    applies: Callable[[RegionEntry], bool]
    label: Callable[[Daerah], str]           # region words -> "perbup" / "se-bupati": part of the file name
    document_title: Callable[[object, object], str]   # (template context, source node) -> PDF/DOCX title
    stylesheet: str = "naskah"
    page: str = "F4"
    scope: str = "daerah"                    # "daerah": one per region; "nasional": one for the workspace
    context: Callable = _region_context      # (workspace, region entry or None, warnings) -> template context
    # the region files a document reads: it is rendered against a workspace holding only these, so they
    # are exactly its data inputs (a regency's change rebuilds its documents and those aggregating it)
    sources: Callable = _own_and_province    # (workspace, region entry or None) -> [RegionEntry]
    config: tuple[str, ...] = ("settings", "rates", "legal-bases")   # config/NAME.yaml files it reads
    # how long one document takes to build, relative to the others (region code -> weight): a build
    # starts the heaviest first, for a better spread over the workers
    weight: Callable[[str], int] = lambda code: 2

    def meta(self, ws: Workspace, context, source, region: str) -> m.Meta:
        """What the document says about itself (DOCX core properties, PDF metadata, running head): from
        the template context and the rendered source (its root node)."""
        name = "Indonesia" if self.scope == NATIONAL else context.daerah.nama_lengkap
        return m.Meta(
            title=self.document_title(context, source), subject=self.title, author=ws.settings.penulis,
            date=ws.document_date, kind=self.name, region=region, page=self.page, stylesheet=self.stylesheet,
            keywords=("Inpres 2/2021", "BPJS Ketenagakerjaan", name),
            illustrative=context.dokumen.ilustratif,
            running_head=source.kepala_halaman if isinstance(source, m.Laporan) else "")

    def output_stem(self, ws: Workspace, entry: RegionEntry | None, words: Daerah | None) -> str:
        """``perkada/63.01-perbup-tanah-laut``: grouped by kind, sortable by code, readable."""
        if entry is None:
            return f"{self.name}/{NATIONAL}-{self.label(None)}"
        return f"{self.name}/{entry.code}-{self.label(words)}-{_slug(entry.region.nama)}"


def _slug(text: str) -> str:
    import re
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "daerah"


def _perkada_title(context, source) -> str:
    draft = "" if context.penetapan.nomor else "Rancangan "
    return f"{draft}{context.daerah.peraturan} {context.daerah.nama} tentang {source.title}"


def _keputusan_title(context, source) -> str:
    draft = "" if source.nomor else "Rancangan "
    return f"{draft}Keputusan {context.daerah.kepala} tentang {source.title}"


REPORT_CONFIG = ("settings", "rates", "legal-bases", "monev")

KINDS: dict[str, Kind] = {
    "perkada": Kind(
        "perkada", "perkada.xml.j2",
        "Peraturan Gubernur / Bupati / Wali Kota tentang Optimalisasi Pelaksanaan Program Jaminan Sosial "
        "Ketenagakerjaan", applies=lambda entry: True,
        label=lambda words: words.singkatan.lower(), document_title=_perkada_title,
        context=_perkada_context, weight=lambda code: 3),
    "surat-edaran": Kind(
        "surat-edaran", "surat-edaran.xml.j2",
        "Surat Edaran Gubernur / Bupati / Wali Kota tentang Optimalisasi Pelaksanaan Program Jaminan Sosial "
        "Ketenagakerjaan", applies=lambda entry: True,
        label=lambda words: "se-" + _slug(words.jabatan),
        document_title=lambda context, source: f"Surat Edaran {context.daerah.kepala} tentang "
                                               f"{source.subject}",
        weight=lambda code: 1),
    "keputusan-tim": Kind(
        "keputusan-tim", "keputusan-tim.xml.j2",
        "Keputusan Gubernur / Bupati / Wali Kota tentang Pembentukan Tim Koordinasi Pelaksanaan Program "
        "Jaminan Sosial Ketenagakerjaan (didelegasikan oleh Peraturan Kepala Daerah)",
        applies=lambda entry: True, label=lambda words: "kep-" + _slug(words.jabatan) + "-tim-koordinasi",
        document_title=_keputusan_title, context=_keputusan_context, weight=lambda code: 1),
    "keputusan-pbi": Kind(
        "keputusan-pbi", "keputusan-pbi.xml.j2",
        "Keputusan Gubernur / Bupati / Wali Kota tentang Penetapan Penerima Bantuan Iuran Program Jaminan "
        "Kecelakaan Kerja dan Jaminan Kematian bagi Pekerja Rentan (didelegasikan oleh Peraturan Kepala Daerah)",
        applies=lambda entry: True, label=lambda words: "kep-" + _slug(words.jabatan) + "-penerima-bantuan-iuran",
        document_title=_keputusan_title, context=_keputusan_context, weight=lambda code: 1),
    "laporan": Kind(
        "laporan", "laporan.xml.j2",
        "Laporan monitoring dan evaluasi Inpres 2/2021 per provinsi (mencakup kabupaten/kota-nya) dan per "
        "kabupaten/kota", applies=lambda entry: True, label=lambda words: "monev",
        document_title=lambda context, source: source.judul, stylesheet="laporan", page="A4",
        context=_report_context, sources=_report_sources, config=REPORT_CONFIG,
        weight=lambda code: 4 if "." in code else 5),      # a province's report covers its regencies
    "laporan-nasional": Kind(
        "laporan-nasional", "laporan-nasional.xml.j2",
        "Rekapitulasi nasional monitoring dan evaluasi Inpres 2/2021 atas seluruh provinsi di workspace",
        applies=lambda entry: False, label=lambda words: "rekap-monev",
        document_title=lambda context, source: source.judul, stylesheet="laporan", page="A4",
        scope="nasional", context=_report_context, sources=_report_sources, config=REPORT_CONFIG,
        weight=lambda code: 6),
    "catatan-penyusun": Kind(
        "catatan-penyusun", "catatan-penyusun.xml.j2",
        "Catatan Penyusun yang menyertai rancangan naskah suatu daerah (bukan bagian dari rancangan): isian yang "
        "masih kosong, peraturan yang berlaku, sifat dan sumber setiap angka, dasar hukum yang belum terverifikasi",
        applies=lambda entry: True, label=lambda words: "catatan-penyusun",
        document_title=lambda context, source: source.judul, stylesheet="laporan", page="A4",
        context=_catatan_context, weight=lambda code: 1),
}
