"""List punctuation from the list's declared kind (Lampiran II UU 12/2011): items end with ";", the
second-to-last with "; dan" (kumulatif), "; atau" (alternatif) or "; dan/atau"; the last with "." - or,
in a nested list, with whatever its parent item would have ended with. An item that opens a sub-list ends
with ":". Definitions end with "."; Menimbang and Mengingat items with ";"; addressee and reference lists
(Yth., Tembusan, the Dasar of a Surat Edaran) with ";" and the last with ".". The text before a list ends
with ":", and the last sentence of an ayat or a Pasal with ".". Templates write none of this; an item
that already ends with punctuation is an error, so the rule cannot be half-applied."""

from __future__ import annotations

from generator import model as m

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


class _Punctuator:
    def __init__(self, ctx):
        self.ctx = ctx

    def container(self, blocks: tuple, final: str | None) -> tuple:
        """Blocks of an ayat, a Pasal or a list item; ``final`` is what the last text must end with
        (None: leave the author's sentence punctuation, add "." only if missing)."""
        out = list(blocks)
        for i, b in enumerate(out):
            following = out[i + 1] if i + 1 < len(out) else None
            last = following is None
            if isinstance(b, m.ListBlock):
                out[i] = self.list(b, final if last else ";")
            elif isinstance(b, m.Para) and isinstance(following, m.ListBlock):
                if _ends(b.inlines) != ":":
                    out[i] = _append(b, ":")
            elif isinstance(b, m.Para) and last and final is not None:
                out[i] = _append(b, final)
            elif isinstance(b, m.Para) and last and _ends(b.inlines) not in (".", ":", ";"):
                out[i] = _append(b, ".")
            elif isinstance(b, (m.Ayat, m.Pasal, m.Section, m.Landscape)):
                out[i] = m.replace(b, blocks=self.container(b.blocks, None))
            elif isinstance(b, (m.Bab, m.Bagian, m.Paragraf)):
                out[i] = m.replace(b, blocks=self.structure(b.blocks))
        return tuple(out)

    def structure(self, blocks: tuple) -> tuple:
        return tuple(m.replace(b, blocks=self.container(b.blocks, None))
                     if isinstance(b, (m.Pasal, m.Ayat, m.Section, m.Landscape)) else
                     m.replace(b, blocks=self.structure(b.blocks))
                     if isinstance(b, (m.Bab, m.Bagian, m.Paragraf)) else b
                     for b in blocks)

    def list(self, b: m.ListBlock, final: str | None) -> m.ListBlock:
        if b.kind == "bebas":
            return b
        n = len(b.items)
        items = []
        for i, item in enumerate(b.items, 1):
            first = item.blocks[0] if item.blocks else None
            if isinstance(first, m.Para) and _ends(first.inlines) in _CLOSERS and len(item.blocks) == 1:
                self.ctx.problems.add(
                    f"list item '{m.plain_text(first.inlines)[:50]}' ends with punctuation; the list "
                    f"kind '{b.kind}' adds it", str(item.pos or b.pos))
            if b.kind in ("definisi",):
                end = "."
            elif b.kind in ("pertimbangan", "dasar"):
                end = ";"
            elif b.kind in ("alamat", "rujukan"):
                end = ";" if i < n else "."
            elif i < n - 1:
                end = ";"
            elif i == n - 1:
                end = f"; {CONJUNCTION[b.kind]}"
            else:
                end = final if final is not None else "."
            items.append(m.replace(item, blocks=self.container(item.blocks, end)))
        return m.replace(b, items=tuple(items))


def punctuation(doc: m.Document, ctx) -> m.Document:
    p = _Punctuator(ctx)
    out = []
    for b in doc.blocks:
        if isinstance(b, m.LabeledBlock):
            b = m.replace(b, blocks=tuple(p.list(x, ";") if isinstance(x, m.ListBlock) else x
                                          for x in b.blocks))
        elif isinstance(b, (m.Bab, m.Bagian, m.Paragraf, m.Section, m.Landscape)):
            (b,) = p.structure((b,))
        elif isinstance(b, m.ListBlock):
            b = p.list(b, ".")
        out.append(b)
    return m.replace(doc, blocks=tuple(out))
