"""The legal-bases library: every instrument any document cites, and the citation forms of Lampiran II
UU 12/2011 (name, number, year, title, publication in parentheses, amendment chain)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.schema import DasarHukum

NAMES = {
    "uud": "Undang-Undang Dasar",
    "uu": "Undang-Undang",
    "perppu": "Peraturan Pemerintah Pengganti Undang-Undang",
    "pp": "Peraturan Pemerintah",
    "perpres": "Peraturan Presiden",
    "inpres": "Instruksi Presiden",
}

# Hierarchy of Pasal 7 and 8 UU 12/2011 as a sort rank (lower = higher). Inpres and SE are not
# peraturan perundang-undangan and may not stand in Mengingat; where they may be cited (the "Dasar" of a
# Surat Edaran) an Inpres follows the Perpres and an SE comes last.
RANK = {"uud": 0, "uu": 1, "perppu": 1, "pp": 2, "perpres": 3, "inpres": 3.5, "permen": 4, "perda": 5,
        "perkada": 6, "se": 7}
RANK_PEMBENTUKAN = 0.5   # the law forming the region: Mengingat 2 in every region's regulations
NOT_REGULATIONS = {"inpres": "an Instruksi Presiden", "se": "a Surat Edaran"}


@dataclass(frozen=True)
class Library:
    entries: dict[str, DasarHukum]
    where: dict[str, str]          # id -> "config/legal-bases.yaml:LINE"

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> DasarHukum:
        return self.entries[key]

    def name(self, key: str) -> str:
        """Short form used in running text: "Undang-Undang Nomor 24 Tahun 2011 tentang Badan ..."."""
        return self._designation(key)

    def citation(self, key: str, pasal: str = "") -> str:
        """Full Mengingat form, with publication numbers and the amendment chain. A law that amends another
        by its own title ("... dengan mengubah Undang-Undang Nomor 27 Tahun 1959 ...") is cited as the
        regions formed by it cite it: its publication after its own title, then the amended law in full."""
        entry = self.entries[key]
        target = self._target(entry)
        if target is not None:
            text = designation(entry) + publication(entry) + " dengan mengubah " + designation(target) + \
                publication(target)
        else:
            text = self._with_chain(key, lambda k: self._designation(k) + publication(self.entries[k]))
        return f"{pasal} {text}" if pasal else text

    def short_citation(self, key: str) -> str:
        """Form used in the "Dasar" of a Surat Edaran: designation and amendment chain, no LN/TLN."""
        return self._with_chain(key, self._designation)

    def _target(self, entry: DasarHukum) -> DasarHukum | None:
        return self.entries.get(entry.dengan_mengubah) if entry.dengan_mengubah else None

    def _designation(self, key: str) -> str:
        entry = self.entries[key]
        target = self._target(entry)
        text = designation(entry)
        return text + " dengan mengubah " + designation(target) if target is not None else text

    def _with_chain(self, key: str, form) -> str:
        entry = self.entries[key]
        chain = [a for a in entry.diubah if a in self.entries]
        text = form(key)
        if len(chain) == 1:
            text += " sebagaimana telah diubah dengan " + form(chain[0])
        elif chain:
            text += " sebagaimana telah beberapa kali diubah, terakhir dengan " + form(chain[-1])
        return text

    def placeholders(self, key: str) -> list[tuple[str, str]]:
        """(id, field) of the numbers still written as "..." in what the full citation of an entry prints:
        the entry, the last of its amendment chain, and the law it amends by its title."""
        entry = self.entries[key]
        printed = [key]
        if entry.dengan_mengubah in self.entries:
            printed.append(entry.dengan_mengubah)
        elif entry.diubah:
            printed.append(entry.diubah[-1])
        out = []
        for k in printed:
            e = self.entries.get(k)
            if e is None:
                continue
            if e.lembaran is not None and e.lembaran.nomor == "...":
                out.append((k, "lembaran.nomor"))
            if e.tambahan == "...":
                out.append((k, "tambahan"))
        return out

    def sort_key(self, key: str) -> tuple:
        """Hierarchy, then year, date and number; a law forming the region comes directly after the UUD."""
        e = self.entries[key]
        rank = RANK_PEMBENTUKAN if e.pembentukan else RANK.get(e.jenis, 99)
        return (rank, e.tahun, e.tanggal.isoformat() if e.tanggal else "", _num(e.nomor))


def _num(value) -> tuple:
    text = str(value or "")
    digits = "".join(ch for ch in text.split("/")[0].split(".")[0] if ch.isdigit())
    return (int(digits) if digits else 0, text)


def designation(e: DasarHukum) -> str:
    if e.jenis == "uud":
        return e.judul
    if e.jenis in ("permen", "perkada"):
        kind = f"Peraturan {e.penerbit}"
    elif e.jenis == "perda":
        kind = f"Peraturan Daerah {e.penerbit}"
    elif e.jenis == "se":
        kind = f"Surat Edaran {e.penerbit}"
    else:
        kind = NAMES[e.jenis]
    if e.jenis == "se":   # an SE number carries its own year or serial: "Nomor 842.2/5193/SJ"
        return f"{kind} Nomor {e.nomor} tentang {e.judul}"
    return f"{kind} Nomor {e.nomor} Tahun {e.tahun} tentang {e.judul}"


def publication(e: DasarHukum) -> str:
    ln = e.lembaran
    if ln is None:
        return ""
    if e.jenis in ("uu", "perppu", "pp"):
        return (f" (Lembaran Negara Republik Indonesia Tahun {ln.tahun} Nomor {ln.nomor}, "
                f"Tambahan Lembaran Negara Republik Indonesia Nomor {e.tambahan})")
    if e.jenis == "perpres":
        return f" (Lembaran Negara Republik Indonesia Tahun {ln.tahun} Nomor {ln.nomor})"
    if e.jenis == "permen":
        return f" (Berita Negara Republik Indonesia Tahun {ln.tahun} Nomor {ln.nomor})"
    if e.jenis == "perda":
        tail = f", Tambahan Lembaran Daerah {e.penerbit} Nomor {e.tambahan}" if e.tambahan else ""
        return f" (Lembaran Daerah {e.penerbit} Tahun {ln.tahun} Nomor {ln.nomor}{tail})"
    return f" (Berita Daerah Tahun {ln.tahun} Nomor {ln.nomor})"
