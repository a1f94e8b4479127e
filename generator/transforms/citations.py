"""Mengingat: each ``<dasar ref=…>`` rendered from the legal-bases library in the citation form of
Lampiran II UU 12/2011 and the list ordered by hierarchy, then date. Only peraturan perundang-undangan may
stand there: an Instruksi Presiden or Surat Edaran is an error (they belong in Menimbang)."""

from __future__ import annotations

from generator import model as m
from generator.legal.bases import NOT_REGULATIONS


def citations(doc: m.Document, ctx) -> m.Document:
    return m.replace(doc, blocks=tuple(_block(b, ctx) for b in doc.blocks))


def _block(block, ctx):
    if isinstance(block, m.LabeledBlock):
        return m.replace(block, blocks=tuple(_block(b, ctx) for b in block.blocks))
    if not (isinstance(block, m.ListBlock) and block.kind == "dasar"):
        return block
    lib = ctx.library
    items, seen = [], set()
    for item in block.items:
        (cite,) = item.blocks
        where = ctx.locate(f'ref="{cite.ref}"') or str(cite.pos)
        if cite.ref not in lib:
            ctx.problems.add(f"unknown legal basis '{cite.ref}'", where, "Mengingat",
                             hint="define it in config/legal-bases.yaml")
            continue
        if cite.ref in seen:
            ctx.problems.add(f"'{cite.ref}' is cited twice", where, "Mengingat")
            continue
        seen.add(cite.ref)
        entry = lib[cite.ref]
        if entry.jenis in NOT_REGULATIONS:
            ctx.problems.add(f"{lib.name(cite.ref)} is {NOT_REGULATIONS[entry.jenis]}, not a peraturan "
                             "perundang-undangan: cite it in Menimbang, not in Mengingat", where,
                             "Mengingat")
            continue
        for key, field in lib.placeholders(cite.ref):
            ctx.problems.add(f"{field} of '{key}' is still \"...\" and prints as dots in Mengingat",
                             lib.where.get(key, "config/legal-bases.yaml"), f"dasar.{key}.{field}",
                             severity="warning")
        items.append((lib.sort_key(cite.ref),
                      m.replace(item, blocks=(m.Para((m.Text(lib.citation(cite.ref, cite.pasal)),)),))))
    items.sort(key=lambda pair: pair[0])
    return m.replace(block, items=tuple(item for _, item in items))
