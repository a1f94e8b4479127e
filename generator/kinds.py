"""Registry of document kinds: which template, which regions, which output name. A new kind is one
template plus one entry here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from generator.data.workspace import RegionEntry, Workspace


@dataclass(frozen=True)
class Kind:
    name: str
    template: str
    title: str                               # human description for `naskah list`
    applies: Callable[[RegionEntry], bool]
    label: Callable[[dict], str]             # region words -> "perbup" / "se-bupati": part of the file name
    document_title: Callable[[dict, object], str]   # (context, source node) -> PDF/DOCX title
    stylesheet: str = "naskah"
    page: str = "F4"

    def output_stem(self, ws: Workspace, entry: RegionEntry, words: dict) -> str:
        """``perkada/63.01-perbup-tanah-laut``: grouped by kind, sortable by code, readable."""
        return f"{self.name}/{entry.code}-{self.label(words)}-{_slug(entry.region.nama)}"


def _slug(text: str) -> str:
    import re
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "daerah"


def _perkada_title(context: dict, source) -> str:
    draft = "" if context["penetapan"]["nomor"] else "Rancangan "
    return f"{draft}{context['daerah']['peraturan']} {context['daerah']['nama']} tentang {source.title}"


KINDS: dict[str, Kind] = {
    "perkada": Kind(
        "perkada", "perkada.xml.j2",
        "Peraturan Gubernur / Bupati / Wali Kota tentang Optimalisasi Pelaksanaan Program Jaminan Sosial "
        "Ketenagakerjaan", applies=lambda entry: True,
        label=lambda words: words["singkatan"].lower(), document_title=_perkada_title),
    "surat-edaran": Kind(
        "surat-edaran", "surat-edaran.xml.j2",
        "Surat Edaran Gubernur / Bupati / Wali Kota tentang Optimalisasi Pelaksanaan Program Jaminan Sosial "
        "Ketenagakerjaan", applies=lambda entry: True,
        label=lambda words: "se-" + _slug(words["jabatan"]),
        document_title=lambda context, source: f"Surat Edaran {context['daerah']['kepala']} tentang "
                                               f"{source.subject}"),
}
