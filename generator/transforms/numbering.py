"""Numbers are computed, never typed: BAB in Roman numerals, Bagian in ordinal words (per BAB), Paragraf
per Bagian, Pasal continuously through the regulation, ayat per Pasal, list items a. -> 1. -> a) -> 1)
by depth (Lampiran II UU 12/2011: at most four levels); sections "1.", "1.1", "1.1.1"; table and figure
captions "Tabel n", "Gambar n" through the document."""

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
        self.tables = 0
        self.charts = 0
        self.units = 0

    def anchor(self) -> str:
        """A name for every numbered unit, unique in the document: what a DOCX bookmark and the REF
        fields of the cross-references to it are called."""
        self.units += 1
        return f"u{self.units}"

    def blocks(self, blocks, list_depth: int = 0, parent_numbering: str = "", prefix: str = "",
               level: int = 1, start: int = 0) -> tuple:
        out, bagian, paragraf, ayat, section = [], 0, 0, 0, start
        for b in blocks:
            if isinstance(b, m.Bab):
                self.bab += 1
                b = m.replace(b, anchor=self.anchor(), number=self.bab, label=f"BAB {roman(self.bab)}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Bagian):
                bagian += 1
                b = m.replace(b, anchor=self.anchor(), number=bagian, label=f"Bagian {ordinal(bagian)}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Paragraf):
                paragraf += 1
                b = m.replace(b, anchor=self.anchor(), number=paragraf, label=f"Paragraf {paragraf}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Section):
                section += 1
                label = f"{prefix}{section}" if prefix else f"{section}."
                b = m.replace(b, anchor=self.anchor(), number=section, label=label, level=level,
                              id=b.id or "seksi-" + label.rstrip(".").replace(".", "-"),
                              blocks=self.blocks(b.blocks, prefix=f"{prefix}{section}.", level=level + 1))
            elif isinstance(b, m.Landscape):   # transparent: its sections continue the numbering around it
                b = m.replace(b, blocks=self.blocks(b.blocks, prefix=prefix, level=level, start=section))
                section += sum(isinstance(x, m.Section) for x in b.blocks)
            elif isinstance(b, m.Table) and b.caption:
                self.tables += 1
                b = m.replace(b, number=self.tables, label=f"Tabel {self.tables}")
            elif isinstance(b, m.Chart):
                self.charts += 1
                b = m.replace(b, number=self.charts, label=f"Gambar {self.charts}")
            elif isinstance(b, m.Pasal):
                self.pasal += 1
                b = m.replace(b, anchor=self.anchor(), number=self.pasal, label=f"Pasal {self.pasal}",
                              blocks=self.blocks(b.blocks))
            elif isinstance(b, m.Ayat):
                ayat += 1
                b = m.replace(b, anchor=self.anchor(), number=ayat, label=f"({ayat})",
                              blocks=self.blocks(b.blocks))
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
        items = tuple(m.replace(item, number=i, label=label(numbering, i), anchor=self.anchor(),
                                blocks=self.blocks(item.blocks, depth + 1, numbering))
                      for i, item in enumerate(b.items, 1))
        return m.replace(b, numbering=numbering, items=items)


def numbering(doc: m.Document, ctx) -> m.Document:
    return m.replace(doc, blocks=_Counter(ctx).blocks(doc.blocks))
