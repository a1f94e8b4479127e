"""Table of contents: the numbered sections, down to the Toc's depth, with the ids writers link to."""

from __future__ import annotations

from generator import model as m


def _entries(blocks, depth: int) -> list[m.TocEntry]:
    out = []
    for b in blocks:
        if isinstance(b, m.Section):
            if b.level <= depth:
                out.append(m.TocEntry(b.level, b.label, b.title, b.id))
            out.extend(_entries(b.blocks, depth))
        elif isinstance(b, m.Landscape):
            out.extend(_entries(b.blocks, depth))
    return out


def toc(doc: m.Document, ctx) -> m.Document:
    if not any(isinstance(b, m.Toc) for b in doc.blocks):
        return doc
    return m.replace(doc, blocks=tuple(
        m.replace(b, entries=tuple(_entries(doc.blocks, b.depth))) if isinstance(b, m.Toc) else b
        for b in doc.blocks))
