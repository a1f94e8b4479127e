"""List punctuation from the list's declared kind (Lampiran II UU 12/2011): items end with ";", the
second-to-last with "; dan" (kumulatif), "; atau" (alternatif) or "; dan/atau"; the last with "." - or,
in a nested list, with whatever its parent item would have ended with. An item that opens a sub-list ends
with ":". Definitions end with "."; Menimbang and Mengingat items with ";"; addressee and reference lists
(Yth., Tembusan, the Dasar of a Surat Edaran) with ";" and the last with ".". The text before a list ends
with ":", and the last sentence of an ayat or a Pasal with ".". Templates write none of this; an item
that already ends with punctuation is an error, so the rule cannot be half-applied."""

from __future__ import annotations

from generator import model as m
from generator.transforms.frame import DIKTUM

CONJUNCTION = {"kumulatif": "dan", "alternatif": "atau", "kumulatif-alternatif": "dan/atau"}
_CLOSERS = (";", ".", ",", ":")


def _ends(inlines: tuple) -> str:
    return m.plain_text(inlines).rstrip()[-1:] if inlines else ""


def _append(para: m.Para, suffix: str) -> m.Para:
    inlines = list(para.inlines)
    if inlines and isinstance(inlines[-1], m.Text):
        inlines[-1] = m.Text(inlines[-1].text.rstrip() + suffix)
    else:
        inlines.append(m.Text(suffix))
    return m.replace(para, inlines=tuple(inlines))


# What the children of a node are to the punctuation, by the node's type: "struktur" (BAB, Bagian,
# Paragraf: headings and units, no sentences of their own) or "isi" (Pasal, ayat, a section, a list item:
# sentences, the last one closed). The document's own blocks are "akar"; a Menimbang/Mengingat block is
# "label" (only its list is punctuated), except a diktum of a Keputusan, which is "isi".
_STRUCTURE = (m.Bab, m.Bagian, m.Paragraf, m.Perubahan)   # Perubahan: the new text an amendment quotes
_CONTENT = (m.Pasal, m.Ayat, m.Section, m.Landscape)


class _Punctuator(m.Descent):
    """State: (mode, final) - ``final`` is what the last text of an "isi" run must end with (None: leave
    the author's sentence punctuation, add "." only if missing); in a "daftar" run, the list itself."""

    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx

    def sequence(self, blocks: tuple, state) -> tuple:
        mode, final = state or ("akar", None)
        if mode == "daftar":
            return tuple(self.node(item, ("butir", self.ending(final, i, len(blocks), item)))
                         for i, item in enumerate(blocks, 1))
        out = list(blocks)
        for i, b in enumerate(out):
            following = out[i + 1] if i + 1 < len(out) else None
            last = following is None
            if mode == "isi" and isinstance(b, m.Para):
                out[i] = self.sentence(b, following, final if last else None, last)
            out[i] = self.node(out[i], (mode, (final if last else ";") if mode == "isi" else None))
        return tuple(out)

    @staticmethod
    def sentence(b: m.Para, following, final: str | None, last: bool) -> m.Para:
        if isinstance(following, m.ListBlock):
            return b if _ends(b.inlines) == ":" else _append(b, ":")
        if last and final is not None:
            return _append(b, final)
        if last and _ends(b.inlines) not in (".", ":", ";"):
            return _append(b, ".")
        return b

    def enter(self, b, state):
        mode, final = state
        if mode == "butir":
            return b, ("isi", final)
        if mode == "label":
            return (b, ("daftar", (b, ";"))) if isinstance(b, m.ListBlock) and b.kind != "bebas" else (b, m.SKIP)
        if isinstance(b, _STRUCTURE):
            return b, ("struktur", None)
        if isinstance(b, _CONTENT):
            return b, ("isi", None)
        if isinstance(b, m.LabeledBlock) and mode == "akar" and b.style == DIKTUM:
            return b, ("isi", None)     # a diktum of a Keputusan: sentences, like a Pasal
        if isinstance(b, m.LabeledBlock) and mode == "akar":
            return b, ("label", None)
        if isinstance(b, m.ListBlock) and mode != "struktur" and b.kind != "bebas":
            return b, ("daftar", (b, "." if mode == "akar" else final))
        return b, m.SKIP

    def ending(self, of: tuple, i: int, n: int, item: m.ListItem) -> str | None:
        """What item ``i`` of ``n`` of a list ends with; the list as a whole ends with ``final``."""
        b, final = of
        first = item.blocks[0] if item.blocks else None
        if isinstance(first, m.Para) and _ends(first.inlines) in _CLOSERS and len(item.blocks) == 1:
            self.ctx.problems.add(
                f"list item '{m.plain_text(first.inlines)[:50]}' ends with punctuation; the list "
                f"kind '{b.kind}' adds it", str(item.pos or b.pos))
        if b.kind in ("definisi",):
            return "."
        if b.kind in ("pertimbangan", "dasar"):
            return ";"
        if b.kind in ("alamat", "rujukan"):
            return ";" if i < n else "."
        if i < n - 1:
            return ";"
        if i == n - 1:
            return f"; {CONJUNCTION[b.kind]}"
        return final if final is not None else "."


def punctuation(doc: m.Document, ctx) -> m.Document:
    return m.replace(doc, blocks=_Punctuator(ctx).run(doc.blocks))
