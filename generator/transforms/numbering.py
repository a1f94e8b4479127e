"""Numbers are computed, never typed: BAB in Roman numerals, Bagian in ordinal words (per BAB), Paragraf
per Bagian, Pasal continuously through the regulation, ayat per Pasal, list items a. -> 1. -> a) -> 1)
by depth (Lampiran II UU 12/2011: at most four levels)."""

from __future__ import annotations

from generator import model as m
from generator.legal.indonesian import letter, ordinal, roman

ORDER = ("huruf", "angka", "huruf-kurung", "angka-kurung")


def label(numbering: str, n: int) -> str:
    core = letter(n) if numbering.startswith("huruf") else str(n)
    return core + (")" if numbering.endswith("kurung") else ".")


class _Counter:
    def __init__(self, ctx):
        self.ctx = ctx
        self.pasal = 0
        self.bab = 0

    def blocks(self, blocks, list_depth: int = 0, parent_numbering: str = "") -> tuple:
        out, bagian, paragraf, ayat, section = [], 0, 0, 0, 0
        for b in blocks:
            if isinstance(b, m.Bab):
                self.bab += 1
                b = m.replace(b, number=self.bab, label=f"BAB {roman(self.bab)}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Bagian):
                bagian += 1
                b = m.replace(b, number=bagian, label=f"Bagian {ordinal(bagian)}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Paragraf):
                paragraf += 1
                b = m.replace(b, number=paragraf, label=f"Paragraf {paragraf}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Section):
                section += 1
                b = m.replace(b, number=section, label=f"{section}.", blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Pasal):
                self.pasal += 1
                b = m.replace(b, number=self.pasal, label=f"Pasal {self.pasal}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Ayat):
                ayat += 1
                b = m.replace(b, number=ayat, label=f"({ayat})", blocks=self.blocks(b.blocks))
            elif isinstance(b, m.LabeledBlock):
                b = m.replace(b, blocks=self.blocks(b.blocks))
            elif isinstance(b, m.ListBlock):
                b = self.list(b, list_depth, parent_numbering)
            out.append(b)
        return tuple(out)

    def list(self, b: m.ListBlock, depth: int, parent: str) -> m.ListBlock:
        if b.numbering:
            numbering = b.numbering
        elif b.kind == "definisi":
            numbering = "angka"
        elif parent:
            numbering = ORDER[(ORDER.index(parent) + 1) % len(ORDER)]
        else:
            numbering = "huruf"
        if depth >= 4:
            self.ctx.problems.add("a list nested more than four levels deep", str(b.pos),
                                  hint="Lampiran II UU 12/2011 allows a. -> 1. -> a) -> 1)")
        items = tuple(m.replace(item, number=i, label=label(numbering, i),
                                blocks=self.blocks(item.blocks, depth + 1, numbering))
                      for i, item in enumerate(b.items, 1))
        return m.replace(b, numbering=numbering, items=items)


def numbering(doc: m.Document, ctx) -> m.Document:
    return m.replace(doc, blocks=_Counter(ctx).blocks(doc.blocks))
