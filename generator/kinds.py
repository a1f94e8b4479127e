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
    stylesheet: str = "peraturan"
    page: str = "F4"

    def output_stem(self, ws: Workspace, entry: RegionEntry) -> str:
        """``perkada/63.01-perbup-tanah-laut``: grouped by kind, sortable by code, readable."""
        words = ws.settings.jenis_daerah[entry.region.jenis]
        return f"{self.name}/{entry.code}-{words.singkatan.lower()}-{_slug(entry.region.nama)}"


def _slug(text: str) -> str:
    import re
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "daerah"


KINDS: dict[str, Kind] = {
    "perkada": Kind("perkada", "perkada.xml.j2",
                    "Peraturan Gubernur / Bupati / Wali Kota tentang Optimalisasi Pelaksanaan Program "
                    "Jaminan Sosial Ketenagakerjaan", applies=lambda entry: True),
}
