"""Numbers are computed, never typed: BAB in Roman numerals, Bagian in ordinal words (per BAB), Paragraf
per Bagian, Pasal continuously through the regulation, ayat per Pasal, list items a. -> 1. -> a) -> 1)
by depth (Lampiran II UU 12/2011: at most four levels); sections "1.", "1.1", "1.1.1"; table and figure
captions "Tabel n", "Gambar n" through the document."""

from __future__ import annotations

from dataclasses import dataclass

from generator import model as m
from generator.legal.indonesian import letter, ordinal, roman

ORDER = ("huruf", "angka", "huruf-kurung", "angka-kurung")


def label(numbering: str, n: int) -> str:
    core = letter(n) if numbering.startswith("huruf") else str(n)
    return core + (")" if numbering.endswith("kurung") else ".")


@dataclass(frozen=True)
class _Here:
    """What the children of a node see: the numbering of the list they stand in, how deep in lists they
    are, the number of the section around them, and the counters of their siblings (a fresh set per run
    of siblings, shared through a Landscape, whose sections continue the numbering around it)."""

    depth: int = 0
    numbering: str = ""
    prefix: str = ""
    level: int = 1
    siblings: dict | None = None


# the numbered units of a regulation: their counter (BAB and Pasal run through the document, the others
# restart in their container) and their label
_UNITS = {
    m.Bab: ("bab", lambda n: f"BAB {roman(n)}"),
    m.Bagian: ("bagian", lambda n: f"Bagian {ordinal(n)}"),
    m.Paragraf: ("paragraf", lambda n: f"Paragraf {n}"),
    m.Pasal: ("pasal", lambda n: f"Pasal {n}"),
    m.Ayat: ("ayat", lambda n: f"({n})"),
}


class _Numbering(m.Descent):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.total = {"pasal": 0, "bab": 0, "tabel": 0, "gambar": 0}   # through the whole document
        self.units = 0
        self.amended = None     # inside a Perubahan: the numbers of the amended regulation (amendment.py)

    def anchor(self) -> str:
        """A name for every numbered unit, unique in the document: what a DOCX bookmark and the REF
        fields of the cross-references to it are called."""
        self.units += 1
        return f"u{self.units}"

    def sequence(self, blocks: tuple, here: _Here | None) -> tuple:
        here = here or _Here()
        if here.siblings is None:
            here = m.replace(here, siblings={})
        return super().sequence(blocks, here)

    def count(self, here: _Here, what: str) -> int:
        counter = self.total if what in self.total else here.siblings
        counter[what] = counter.get(what, 0) + 1
        return counter[what]

    def enter(self, b, here: _Here):
        inner = m.replace(here, siblings=None)
        if isinstance(b, m.Perubahan):
            from generator.transforms.amendment import OldNumbers
            self.amended = OldNumbers(b)
        elif isinstance(b, m.Pasal) and self.amended is not None:   # "Pasal 5" as in force, "Pasal 8A" new
            self.count(here, "pasal")
            number = self.amended.next(b.id)
            b = m.replace(b, anchor=self.anchor(), number=int(number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
                          label=f"Pasal {number}")
        elif type(b) in _UNITS:
            counter, words = _UNITS[type(b)]
            n = self.count(here, counter)
            b = m.replace(b, anchor=self.anchor(), number=n, label=words(n))
        elif isinstance(b, m.Section):
            n = self.count(here, "seksi")
            number = f"{here.prefix}{n}" if here.prefix else f"{n}."
            b = m.replace(b, anchor=self.anchor(), number=n, label=number, level=here.level,
                          id=b.id or "seksi-" + number.rstrip(".").replace(".", "-"))
            inner = m.replace(inner, prefix=f"{here.prefix}{n}.", level=here.level + 1)
        elif isinstance(b, m.Landscape):   # transparent: its sections continue the numbering around it
            inner = here
        elif isinstance(b, m.Table) and b.caption:
            n = self.count(here, "tabel")
            b = m.replace(b, number=n, label=f"Tabel {n}")
        elif isinstance(b, m.Chart):
            n = self.count(here, "gambar")
            b = m.replace(b, number=n, label=f"Gambar {n}")
        elif isinstance(b, m.ListBlock):
            b = m.replace(b, numbering=self.list_numbering(b, here))
            inner = m.replace(inner, numbering=b.numbering)
        elif isinstance(b, m.ListItem):
            n = self.count(here, "butir")
            b = m.replace(b, number=n, label=label(here.numbering, n), anchor=self.anchor())
            inner = m.replace(inner, depth=here.depth + 1)
        return b, inner

    def list_numbering(self, b: m.ListBlock, here: _Here) -> str:
        if here.depth >= 4:
            self.ctx.problems.add("a list nested more than four levels deep", str(b.pos),
                                  hint="Lampiran II UU 12/2011 allows a. -> 1. -> a) -> 1)")
        if b.numbering:
            return b.numbering
        if b.kind == "definisi":
            return "angka"
        if here.numbering:
            return ORDER[(ORDER.index(here.numbering) + 1) % len(ORDER)]
        return "huruf"


def numbering(doc: m.Document, ctx) -> m.Document:
    return m.replace(doc, blocks=_Numbering(ctx).run(doc.blocks))
