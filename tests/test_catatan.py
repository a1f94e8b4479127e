"""The Catatan Penyusun: what the drafts no longer say inside the law (what is illustrative, where each
figure comes from, what is blank or unverified) is set out item by item in a separate document."""

import re

from generator import api
from generator import model as m
from tests.helpers import ROOT


def text_of(doc: m.Document) -> str:
    return " ".join(m.plain_text(n.inlines) for b in doc.blocks for n in m.walk(b)
                    if isinstance(n, (m.Para, m.Cell)))


def items_of(doc: m.Document) -> list[str]:
    return [m.plain_text(n.blocks[0].inlines) for b in doc.blocks for n in m.walk(b) if isinstance(n, m.ListItem)]


def test_the_notes_the_draft_does_not_carry_are_in_the_catatan():
    ws = api.load(ROOT)
    draft = text_of(api.render(ws, "perkada", "63.01"))
    notes = text_of(api.render(ws, "catatan-penyusun", "63.01"))
    region = ws.regions["63.01"].region
    assert "ilustratif" not in draft and "Sumber data" not in draft
    assert "bukan bagian dari rancangan" in notes
    assert region.pekerja_rentan.sumber in notes and region.non_asn.sumber in notes
    assert "ilustratif (contoh)" in notes                    # each illustrative figure marked as such
    assert "Peraturan Bupati Tanah Laut Nomor 30 Tahun 2015" in notes and "mencabut" in notes
    assert "Nama Bupati pada blok tanda tangan." in notes     # the sample leaves the names blank


def test_unverified_legal_bases_are_listed_with_their_state():
    ws = api.load(ROOT)
    doc = api.render(ws, "catatan-penyusun", "63.09")
    listed = [item.rsplit(" (", 1)[0] for item in items_of(doc)
              if re.search(r"\((sumber sekunder|belum terverifikasi)(; nomor belum diperoleh)?\)\.$", item)]
    unverified = [ws.library.name(key) for key, e in ws.library.entries.items() if e.status != "V"]
    assert unverified and sorted(listed) == sorted(unverified)
    assert "nomor belum diperoleh" in text_of(doc)
