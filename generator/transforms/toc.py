"""Table of contents: the numbered sections, down to the Toc's depth, with the ids writers link to."""

from __future__ import annotations

from generator import model as m


class _Sections(m.Descent):
    def __init__(self, depth: int):
        super().__init__()
        self.depth, self.entries = depth, []

    def enter(self, b, state):
        if isinstance(b, m.Section) and b.level <= self.depth:
            self.entries.append(m.TocEntry(b.level, b.label, b.title, b.id))
        return b, state


def _entries(blocks, depth: int) -> tuple[m.TocEntry, ...]:
    walk = _Sections(depth)
    walk.run(blocks)
    return tuple(walk.entries)


def toc(doc: m.Document, ctx) -> m.Document:
    if not any(isinstance(b, m.Toc) for b in doc.blocks):
        return doc
    return m.replace(doc, blocks=tuple(
        m.replace(b, entries=_entries(doc.blocks, b.depth)) if isinstance(b, m.Toc) else b
        for b in doc.blocks))
