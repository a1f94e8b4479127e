"""The one walk over the block tree (``model.CONTENTS`` and ``model.Descent``): every container is declared,
every transform reaches what it holds, and document order is counted the same way by every walk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

from generator import model as m
from generator import transforms
from generator.legal.bases import Library
from generator.transforms import numbering, punctuation, references, toc


def _holds_blocks(cls) -> bool:
    """Does a model class have a field of child blocks (``tuple[Block, ...]`` or ``tuple[ListItem, ...]``)?"""
    hints = typing.get_type_hints(cls, vars(m))
    return any(f.name in ("blocks", "items") and typing.get_origin(hints[f.name]) is tuple
               for f in dataclasses.fields(cls))


def test_every_node_with_child_blocks_is_a_declared_container():
    classes = [c for c in vars(m).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c) and not c.__name__.startswith("_")
               and c is not m.Document]
    holding = {c for c in classes if _holds_blocks(c)}
    assert holding == set(m.CONTENTS), "declare the container in model.CONTENTS (and nowhere else)"


def _para(text: str) -> m.Para:
    return m.Para((m.Text(text),))


def _deep_tree() -> tuple:
    """A Pasal whose list sits inside a Landscape inside a Section: containers the old per-transform
    ladders each had to know about."""
    item = m.ListItem((_para("satu"),), id="butir-satu")
    inner = m.ListItem((_para("dua"),))
    lst = m.ListBlock("kumulatif", (item, inner))
    pasal = m.Pasal((_para("Ketentuan"), lst), id="pasal-a")
    ref = m.Para((m.Text("Lihat "), m.Ref(("butir-satu",))))
    return (m.Section((m.Landscape((m.Bab((pasal,), title="Umum"),)),), title="Bagian"),
            m.Bab((m.Pasal((ref,)),), title="Dua"))


def test_transforms_reach_into_every_container():
    meta = m.Meta("t", "s", "a", dt.date(2026, 1, 1), "laporan", "63.01")
    ctx = transforms.Context(Library({}, {}))
    doc = m.Document(meta, _deep_tree())
    for transform in (numbering.numbering, toc.toc, references.references,
                      punctuation.punctuation):
        doc = transform(doc, ctx)
    assert not ctx.problems.errors, ctx.problems.errors
    pasal = next(n for b in doc.blocks for n in m.walk(b) if isinstance(n, m.Pasal))
    assert pasal.label == "Pasal 1" and pasal.anchor
    items = [n for b in doc.blocks for n in m.walk(b) if isinstance(n, m.ListItem)]
    assert [i.label for i in items] == ["a.", "b."]
    texts = [m.plain_text(n.inlines) for b in doc.blocks for n in m.walk(b) if isinstance(n, m.Para)]
    assert "Ketentuan:" in texts and "satu; dan" in texts and "dua." in texts
    ref = next(n for b in doc.blocks for n in m.walk(b) if isinstance(n, m.Ref))
    assert ref.text == "dalam Pasal 1 huruf a"


def test_document_order_is_the_same_for_every_walk():
    tree = _deep_tree()

    class Orders(m.Descent):
        def __init__(self):
            super().__init__()
            self.seen = []

        def enter(self, node, state):
            self.seen.append((self.order, type(node).__name__))
            return node, state

    first, second = Orders(), Orders()
    first.run(tree)
    second.run(numbering.numbering(
        m.Document(m.Meta("t", "s", "a", dt.date(2026, 1, 1), "laporan", "x"), tree),
        transforms.Context(Library({}, {}))).blocks)
    assert first.seen == second.seen
    assert [order for order, _ in first.seen] == list(range(1, len(first.seen) + 1))
    # pre-order: a container comes before what it holds, siblings in order
    assert [name for _, name in first.seen][:4] == ["Section", "Landscape", "Bab", "Pasal"]


def test_skip_leaves_children_alone_and_unchanged_trees_keep_their_nodes():
    tree = _deep_tree()

    class Nothing(m.Descent):
        def enter(self, node, state):
            return node, (m.SKIP if isinstance(node, m.Landscape) else state)

    walk = Nothing()
    out = walk.run(tree)
    assert out[0] is tree[0] and out[1] is tree[1]          # nothing changed: the same nodes
    assert walk.order == 5          # Section, Landscape (its Bab skipped); Bab, Pasal, its paragraph
