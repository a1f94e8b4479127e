"""Cross-references written by id, worded by the rules of teknik pengacuan (Lampiran II UU 12/2011):
"pada ayat (1)" inside the same Pasal, "dalam Pasal 5 ayat (1) huruf a" elsewhere; several targets joined
"ayat (1) dan ayat (2)". A dangling id is an error naming the template line; a reference to a later Pasal
is a warning (drafting rules advise against forward references)."""

from __future__ import annotations

from dataclasses import dataclass

from generator import model as m
from generator.legal.indonesian import join_words


@dataclass(frozen=True)
class Place:
    kind: str                       # bab | pasal | ayat | item
    order: int                      # document order, for forward references
    bab: str = ""
    pasal: int = 0
    ayat: int = 0
    items: tuple[tuple[str, str], ...] = ()   # (numbering, label core) from outer to inner


def _core(label: str) -> str:
    return label.rstrip(".)")


class _Index:
    def __init__(self, ctx):
        self.ctx = ctx
        self.places: dict[str, Place] = {}
        self.order = 0

    def add(self, node, place: Place) -> None:
        if not node.id:
            return
        if node.id in self.places:
            self.ctx.problems.add(f"id '{node.id}' is used twice", self.ctx.locate(f'id="{node.id}"')
                                  or str(getattr(node, "pos", "")))
        self.places[node.id] = place

    def visit(self, blocks, here: Place) -> None:
        for b in blocks:
            self.order += 1
            if isinstance(b, m.Bab):
                self.add(b, Place("bab", self.order, bab=b.label))
                self.visit(b.blocks, here)
            elif isinstance(b, (m.Bagian, m.Paragraf, m.Section, m.Landscape)):
                self.visit(b.blocks, here)
            elif isinstance(b, (m.Table, m.Chart)):
                self.add(b, Place("caption", self.order, bab=b.label))
            elif isinstance(b, m.Pasal):
                place = Place("pasal", self.order, pasal=b.number)
                self.add(b, place)
                self.visit(b.blocks, place)
            elif isinstance(b, m.Ayat):
                place = Place("ayat", self.order, pasal=here.pasal, ayat=b.number)
                self.add(b, place)
                self.visit(b.blocks, place)
            elif isinstance(b, m.ListBlock):
                for item in b.items:
                    self.order += 1
                    place = Place("item", self.order, pasal=here.pasal, ayat=here.ayat,
                                  items=here.items + ((b.numbering, _core(item.label)),))
                    self.add(item, place)
                    self.visit(item.blocks, place)
            elif isinstance(b, m.LabeledBlock):
                self.visit(b.blocks, here)


def _phrase(target: Place, here: Place) -> tuple[bool, str]:
    """(inside the same Pasal?, words) for one target seen from ``here``."""
    if target.kind in ("bab", "caption"):   # "BAB III", "Tabel 2", "Gambar 1"
        return False, target.bab
    if target.kind == "pasal":
        return False, f"Pasal {target.pasal}"
    same = target.pasal == here.pasal and here.pasal != 0
    parts = [] if same else [f"Pasal {target.pasal}"]
    if target.ayat and not (same and target.ayat == here.ayat and target.items):
        parts.append(f"ayat ({target.ayat})")
    for numbering, core in target.items:
        parts.append(("huruf " if numbering.startswith("huruf") else "angka ") + core)
    return same, " ".join(parts)


class _Resolver:
    def __init__(self, ctx, index: _Index):
        self.ctx, self.index = ctx, index
        self.order = 0

    def blocks(self, blocks, here: Place) -> tuple:
        out = []
        for b in blocks:
            self.order += 1
            if isinstance(b, m.Pasal):
                place = Place("pasal", self.order, pasal=b.number)
                b = m.replace(b, blocks=self.blocks(b.blocks, place))
            elif isinstance(b, m.Ayat):
                place = Place("ayat", self.order, pasal=here.pasal, ayat=b.number)
                b = m.replace(b, blocks=self.blocks(b.blocks, place))
            elif isinstance(b, m.ListBlock):
                items = []
                for item in b.items:
                    self.order += 1
                    place = Place("item", self.order, pasal=here.pasal, ayat=here.ayat,
                                  items=here.items + ((b.numbering, _core(item.label)),))
                    items.append(m.replace(item, blocks=self.blocks(item.blocks, place)))
                b = m.replace(b, items=tuple(items))
            elif isinstance(b, (m.Bab, m.Bagian, m.Paragraf, m.Section, m.LabeledBlock, m.Landscape)):
                b = m.replace(b, blocks=self.blocks(b.blocks, here))
            elif isinstance(b, m.Para):
                b = m.replace(b, inlines=self.inlines(b.inlines, here))
            elif isinstance(b, m.Table):
                b = m.replace(b, rows=tuple(
                    m.replace(r, cells=tuple(m.replace(c, inlines=self.inlines(c.inlines, here))
                                             for c in r.cells)) for r in b.rows))
            out.append(b)
        return tuple(out)

    def inlines(self, inlines, here: Place) -> tuple:
        out = []
        for node in inlines:
            if isinstance(node, m.Ref):
                node = self.ref(node, here)
            elif isinstance(node, (m.Emph, m.Strong)):
                node = m.replace(node, children=self.inlines(node.children, here))
            out.append(node)
        return tuple(out)

    def ref(self, ref: m.Ref, here: Place) -> m.Ref:
        phrases = []
        for target in ref.targets:
            place = self.index.places.get(target)
            where = self.ctx.locate(f'to="{" ".join(ref.targets)}"') or str(ref.pos)
            element = f"Pasal {here.pasal}" + (f" ayat ({here.ayat})" if here.ayat else "")
            if place is None:
                self.ctx.problems.add(f"reference to unknown id '{target}'", where, element)
                continue
            if place.kind == "pasal" and place.pasal == here.pasal:
                self.ctx.problems.add(f"'{target}' is the Pasal the reference stands in", where, element)
            elif place.order > self.order and place.pasal != here.pasal:
                self.ctx.problems.add(f"forward reference to {_phrase(place, here)[1]}", where, element,
                                      severity="warning")
            phrases.append(_phrase(place, here))
        if not phrases:
            return m.replace(ref, text="?")
        words = join_words([text for _, text in phrases])
        captions = all(self.index.places[t].kind == "caption" for t in ref.targets if t in self.index.places)
        if ref.prep == "auto" and not captions:
            words = ("pada " if phrases[0][0] else "dalam ") + words
        return m.replace(ref, text=words)


def references(doc: m.Document, ctx) -> m.Document:
    index = _Index(ctx)
    index.visit(doc.blocks, Place("root", 0))
    return m.replace(doc, blocks=_Resolver(ctx, index).blocks(doc.blocks, Place("root", 0)))
