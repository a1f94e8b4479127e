"""Cross-references written by id, worded by the rules of teknik pengacuan (Lampiran II UU 12/2011):
"pada ayat (1)" inside the same Pasal, "dalam Pasal 5 ayat (1) huruf a" elsewhere; several targets joined
"ayat (1) dan ayat (2)". A dangling id is an error naming the template line; a reference to a later Pasal
is a warning (drafting rules advise against forward references).

Besides the words, each reference keeps its *parts*: which words are the number of which unit ("Pasal 5",
"(1)", "a"), by the unit's anchor, so the DOCX can write them as REF fields that follow Word's numbering."""

from __future__ import annotations

from dataclasses import dataclass

from generator import model as m


@dataclass(frozen=True)
class Place:
    kind: str                       # bab | pasal | ayat | item | caption
    order: int                      # document order, for forward references
    bab: str = ""
    pasal: str = ""                 # the Pasal's number as labelled: "5", "8A" (an amendment inserts)
    ayat: int = 0
    items: tuple[tuple[str, str, str], ...] = ()   # (numbering, label, anchor) from outer to inner
    anchors: tuple[str, str, str] = ("", "", "")   # of the BAB, the Pasal and the ayat
    numbering: str = ""             # inside a list: its numbering (huruf, angka ...), for its items


def _core(label: str) -> str:
    return label.rstrip(".)")


class _Places(m.Descent):
    """A walk that knows where each node stands: the Pasal, ayat and list items around it (``place``)."""

    def enter(self, b, here: Place):
        if isinstance(b, m.Bab):
            return b, here
        if isinstance(b, (m.Pasal, m.Ayat)):
            return b, self.found(b, _inside(here, type(b).__name__.lower(), self.order, b))
        if isinstance(b, m.ListBlock):
            return b, m.replace(here, numbering=b.numbering)
        if isinstance(b, m.ListItem):
            return b, self.found(b, _inside(here, "item", self.order, b, here.numbering))
        return b, here

    def found(self, node, place: Place) -> Place:
        return place


def _inside(here: Place, kind: str, order: int, node, numbering: str = "") -> Place:
    """The place of ``node`` (a Pasal, an ayat or a list item) inside ``here``."""
    bab, pasal, ayat = here.anchors
    if kind == "pasal":
        return Place("pasal", order, pasal=node.label.removeprefix("Pasal ") or str(node.number),
                     anchors=(bab, node.anchor, ""))
    if kind == "ayat":
        return Place("ayat", order, pasal=here.pasal, ayat=node.number, anchors=(bab, pasal, node.anchor))
    return Place("item", order, pasal=here.pasal, ayat=here.ayat, anchors=here.anchors,
                 items=here.items + ((numbering, node.label, node.anchor),))


class _Index(_Places):
    """Every id of the document with its place."""

    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx
        self.places: dict[str, Place] = {}

    def add(self, node, place: Place) -> None:
        if not node.id:
            return
        if node.id in self.places:
            self.ctx.problems.add(f"id '{node.id}' is used twice", self.ctx.locate(f'id="{node.id}"')
                                  or str(getattr(node, "pos", "")))
        self.places[node.id] = place

    def enter(self, b, here: Place):
        if isinstance(b, m.Bab):
            self.add(b, Place("bab", self.order, bab=b.label, anchors=(b.anchor, "", "")))
        elif isinstance(b, (m.Table, m.Chart)):
            self.add(b, Place("caption", self.order, bab=b.label))
        return super().enter(b, here)

    def found(self, node, place: Place) -> Place:
        self.add(node, place)
        return place


Parts = tuple[tuple[str, str], ...]     # (anchor or "", text)


def _phrase(target: Place, here: Place) -> tuple[bool, Parts]:
    """(inside the same Pasal?, parts) for one target seen from ``here``: "Pasal 5" and "BAB III" are
    numbers as a whole; "ayat (1)" is the word and the number "(1)"; "huruf a" the word and "a" (the
    number without its trailing period, as Word's REF \\n gives it). A "a)" item keeps its typed label."""
    bab, pasal, ayat = target.anchors
    if target.kind == "caption":            # "Tabel 2", "Gambar 1": typed
        return False, (("", target.bab),)
    if target.kind == "bab":
        return False, ((bab, target.bab),)
    if target.kind == "pasal":
        return False, ((pasal, f"Pasal {target.pasal}"),)
    same = target.pasal == here.pasal and here.pasal != ""
    parts: list[tuple[str, str]] = [] if same else [(pasal, f"Pasal {target.pasal}"), ("", " ")]
    if target.ayat and not (same and target.ayat == here.ayat and target.items):
        parts += [("", "ayat "), (ayat, f"({target.ayat})"), ("", " ")]
    for numbering, label, anchor in target.items:
        parts.append(("", "huruf " if numbering.startswith("huruf") else "angka "))
        parts.append((anchor, _core(label)) if label.endswith(".") else ("", _core(label)))
        parts.append(("", " "))
    return same, tuple(parts[:-1])


def text(parts: Parts) -> str:
    return "".join(words for _, words in parts)


def _units(phrase: Parts) -> list[Parts]:
    """"Pasal 5 ayat (2) huruf a" as its units: "Pasal 5" / "ayat (2)" / "huruf a"."""
    units: list[list[tuple[str, str]]] = [[]]
    for part in phrase:
        if part == ("", " "):
            units.append([])
        else:
            units[-1].append(part)
    return [tuple(u) for u in units]


def _join(phrases: list[Parts]) -> Parts:
    """Several targets as join_words would: "a dan b", "a, b, dan c"; a target does not repeat the units
    it shares with the one before it: "ayat (2) huruf a dan huruf b", "Pasal 7 ayat (2) dan ayat (4)"."""
    out: list[tuple[str, str]] = []
    previous: list[Parts] = []
    for i, phrase in enumerate(phrases):
        units = _units(phrase)
        if i:
            last = i == len(phrases) - 1
            out.append(("", (", dan " if len(phrases) > 2 else " dan ") if last else ", "))
        shared = 0
        while shared < len(units) - 1 and shared < len(previous) and units[shared] == previous[shared]:
            shared += 1
        for j, unit in enumerate(units[shared:]):
            out += ([("", " ")] if j else []) + list(unit)
        previous = units
    return tuple(out)


class _Resolver(_Places):
    """Words every reference, seen from where it stands."""

    def __init__(self, ctx, index: _Index):
        super().__init__()
        self.ctx, self.index = ctx, index

    def enter(self, b, here: Place):
        if isinstance(b, m.Para):
            b = m.replace(b, inlines=self.inlines(b.inlines, here))
        elif isinstance(b, m.Table):
            b = m.replace(b, rows=tuple(
                m.replace(r, cells=tuple(m.replace(c, inlines=self.inlines(c.inlines, here))
                                         for c in r.cells)) for r in b.rows))
        return super().enter(b, here)

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
                self.ctx.problems.add(f"forward reference to {text(_phrase(place, here)[1])}", where,
                                      element, severity="warning")
            phrases.append(_phrase(place, here))
        if not phrases:
            return m.replace(ref, text="?")
        parts = _join([p for _, p in phrases])
        captions = all(self.index.places[t].kind == "caption" for t in ref.targets if t in self.index.places)
        if ref.prep == "auto" and not captions:
            parts = (("", "pada " if phrases[0][0] else "dalam "),) + parts
        return m.replace(ref, text=text(parts), parts=parts)


def references(doc: m.Document, ctx) -> m.Document:
    index = _Index(ctx)
    index.run(doc.blocks, Place("root", 0))
    return m.replace(doc, blocks=_Resolver(ctx, index).run(doc.blocks, Place("root", 0)))
