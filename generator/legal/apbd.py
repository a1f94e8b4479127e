"""The APBD calendar: which budget a Surat Edaran dated on a given day can still ask to carry an
allocation, and which Permendagri "Pedoman Penyusunan APBD Tahun Anggaran N" guides it.

The rule (the dates are data: settings ``surat_edaran.persetujuan_apbd``; the guidelines are entries of
config/legal-bases.yaml with ``tahun_anggaran``):

* The APBD of year N is prepared in year N-1 and approved jointly by the head of region and the DPRD at
  the latest one month before year N begins (UU 23/2014 Pasal 312 ayat (1)), i.e. by 30 November N-1.
* An SE dated on or before that day in year Y asks for the APBD of Y+1, still being prepared.
* An SE dated after it asks for the Perubahan APBD of Y+1: the APBD of Y+1 is approved, and its change
  (approved in Y+1) is the first budget still open to a new allocation.
* Either way the budget year is Y+1 and the guideline is the Pedoman Penyusunan APBD of Y+1 (the Pedoman
  of a budget year also guides its Perubahan APBD).
* The guideline is cited only if the library holds it and it was issued on the SE's date: its ``tanggal``
  when recorded, else its year (an undated guideline counts from 1 January of the year of its number).
  Otherwise the SE names the guideline by its subject without a number ("peraturan menteri dalam negeri
  mengenai pedoman penyusunan ... Tahun Anggaran N") and leaves it out of its Dasar: a number is never
  invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.legal.bases import Library

APBD = "Anggaran Pendapatan dan Belanja Daerah"


@dataclass(frozen=True)
class Budget:
    tahun: int              # the budget year (tahun anggaran)
    perubahan: bool         # the Perubahan APBD of that year, not the APBD itself
    pedoman: str            # id of the guideline in the library, "" when none is known on that day

    @property
    def nama(self) -> str:
        return f"{'Perubahan ' if self.perubahan else ''}{APBD} Tahun Anggaran {self.tahun}"


def budget_on(day: dt.date, approval: tuple[int, int], library: Library) -> Budget:
    """The budget an SE dated ``day`` asks for; ``approval`` is (month, day) of the yearly deadline for
    approving next year's APBD."""
    month, date = approval
    deadline = dt.date(day.year, month, date)
    year = day.year + 1
    return Budget(tahun=year, perubahan=day > deadline, pedoman=guideline(library, year, day) or "")


def guideline(library: Library, year: int, day: dt.date) -> str | None:
    """Id of the Pedoman Penyusunan APBD for budget ``year`` issued on or before ``day``, if the library
    holds one."""
    found = [key for key, e in library.entries.items()
             if e.tahun_anggaran == year and (e.tanggal <= day if e.tanggal else e.tahun <= day.year)]
    return sorted(found, key=library.sort_key)[-1] if found else None


def generic_name(year: int) -> str:
    """How an SE names a guideline the library does not hold: by its subject, without a number."""
    return (f"peraturan menteri dalam negeri mengenai pedoman penyusunan {APBD.lower()} Tahun Anggaran "
            f"{year}")
