"""Lists of legal bases: each ``<dasar ref=…>`` rendered from the legal-bases library, the list ordered
by hierarchy, then date.

* ``dasar`` (Mengingat of a regulation): the full citation form of Lampiran II UU 12/2011, with LN/TLN
  and the amendment chain. Only peraturan perundang-undangan may stand there: an Instruksi Presiden or a
  Surat Edaran is an error (they belong in Menimbang).
* ``rujukan`` (the "Dasar" part of a Surat Edaran): the short form without publication numbers; an
  Instruksi Presiden and a Surat Edaran may be cited.

A ``<dasar>`` may hold its citation written out instead of a ``ref`` (the region's own enacted Perkada,
which the library does not hold): it is kept as written and placed last, below every library entry."""

from __future__ import annotations

from generator import model as m
from generator.legal.bases import NOT_REGULATIONS

KINDS = ("dasar", "rujukan")
LAST = 99      # sort rank of a citation written out in the markup (the region's own regulation)


def citations(doc: m.Document, ctx) -> m.Document:
    def fn(block):
        if isinstance(block, m.ListBlock) and block.kind in KINDS:
            return _resolve(block, ctx)
        return block
    return m.replace(doc, blocks=tuple(fn(m.map_tree(b, fn)) for b in doc.blocks))


def _resolve(block: m.ListBlock, ctx) -> m.ListBlock:
    lib = ctx.library
    full = block.kind == "dasar"
    element = "Mengingat" if full else "Dasar"
    items, seen = [], set()
    for item in block.items:
        (cite,) = item.blocks
        if not cite.ref and cite.text:   # written out: the region's own regulation (the one an amendment
            # amends, or the Perkada a Keputusan implements), cited last
            items.append(((LAST,), m.replace(item, blocks=(m.Para((m.Text(cite.text),)),))))
            continue
        where = ctx.locate(f'ref="{cite.ref}"') or str(cite.pos)
        if cite.ref not in lib:
            ctx.problems.add(f"unknown legal basis '{cite.ref}'", where, element,
                             hint="define it in config/legal-bases.yaml")
            continue
        if cite.ref in seen:
            ctx.problems.add(f"'{cite.ref}' is cited twice", where, element)
            continue
        seen.add(cite.ref)
        entry = lib[cite.ref]
        if full and entry.jenis in NOT_REGULATIONS:
            ctx.problems.add(f"{lib.name(cite.ref)} is {NOT_REGULATIONS[entry.jenis]}, not a peraturan "
                             "perundang-undangan: cite it in Menimbang, not in Mengingat", where, element)
            continue
        if full:
            text = lib.citation(cite.ref, cite.pasal)
            for key, field in lib.placeholders(cite.ref):
                ctx.problems.add(f"{field} of '{key}' is still \"...\" and prints as dots in Mengingat",
                                 lib.where.get(key, "config/legal-bases.yaml"), f"dasar.{key}.{field}",
                                 severity="warning")
        else:
            text = lib.short_citation(cite.ref)
        items.append((lib.sort_key(cite.ref),
                      m.replace(item, blocks=(m.Para((m.Text(text),)),))))
    items.sort(key=lambda pair: pair[0])
    return m.replace(block, items=tuple(item for _, item in items))
