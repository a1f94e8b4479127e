"""Word-native numbering with real clients: LibreOffice shows the numbers and references of our PDF, and
renumbers them after a drafter inserts a Pasal; pandoc reads the headings and list items."""

from __future__ import annotations

import collections
import json
import re

import docx
import pytest

from generator import api
from generator import model as m
from tests.helpers import ROOT, flat, libreoffice_pdf, need, nodes, pdftext, run

CODE = "63.01"      # Perbup Tanah Laut: 11 BAB, Bagian, ayat, lists, references back and forth


@pytest.fixture(scope="module")
def perkada(tmp_path_factory):
    out = tmp_path_factory.mktemp("numbering")
    ws = api.load(ROOT)
    doc = api.render(ws, "perkada", CODE)
    for fmt, data in api.write_formats(doc, api.options(ws, doc), ("docx", "pdf")):
        (out / f"perkada.{fmt}").write_bytes(data)
    return out, doc


def headings(text: str, word: str) -> list[str]:
    """The "BAB IV" / "Pasal 12" lines, in order."""
    return re.findall(rf"^\s*({word} [0-9IVXL]+)\s*$", text, flags=re.M)


def test_libreoffice_shows_the_numbers_and_references_of_our_pdf(perkada, tmp_path):
    out, doc = perkada
    ours = pdftext(out / "perkada.pdf")
    theirs = pdftext(libreoffice_pdf(out / "perkada.docx", tmp_path / "lo"))
    pasal = [p.label for p in nodes(doc, m.Pasal)]
    assert headings(ours, "Pasal") == pasal and headings(theirs, "Pasal") == pasal
    assert headings(theirs, "BAB") == headings(ours, "BAB") == [b.label for b in nodes(doc, m.Bab)]
    labels = collections.Counter(w for w in flat(ours).split() if re.fullmatch(r"\(\d+\)|[a-z]\.|\d+\.", w))
    assert labels == collections.Counter(w for w in flat(theirs).split() if w in labels)   # ayat, items
    assert labels["(1)"] >= len([a for a in nodes(doc, m.Ayat) if a.number == 1])
    references = collections.Counter(r.text for r in nodes(doc, m.Ref))
    assert sum(references.values()) > 20 and len(references) > 5
    for text, count in references.items():
        assert flat(theirs).count(text) == flat(ours).count(text) >= count, text


def test_inserting_a_pasal_in_the_docx_renumbers_what_follows(perkada, tmp_path):
    """A drafter inserts a Pasal (one paragraph in the Pasal style, one in the ayat style) before Pasal 6;
    LibreOffice updates the fields as it converts: every later Pasal and every reference to one moves up
    by one, earlier ones stay, and the ayat of the new Pasal restart at (1)."""
    out, doc = perkada
    at = 6
    d = docx.Document(str(out / "perkada.docx"))
    target = [p for p in d.paragraphs if p.style.name == "Naskah Pasal"][at - 1]
    target.insert_paragraph_before("", style="Naskah Pasal")
    target.insert_paragraph_before("Ketentuan yang disisipkan oleh perancang.", style="Naskah Ayat")
    edited = tmp_path / "edited.docx"
    d.save(str(edited))
    text = pdftext(libreoffice_pdf(edited, tmp_path / "lo"))

    count = len(nodes(doc, m.Pasal))
    assert headings(text, "Pasal") == [f"Pasal {n}" for n in range(1, count + 2)]
    assert re.search(rf"^\s*Pasal {at}\s+\(1\)\s+Ketentuan yang disisipkan oleh perancang\.", text, flags=re.M)

    def shifted(ref: m.Ref) -> str:
        words = []
        for anchor, part in ref.parts:
            number = re.fullmatch(r"Pasal (\d+)", part) if anchor else None
            words.append(f"Pasal {int(number.group(1)) + 1}" if number and int(number.group(1)) >= at else part)
        return "".join(words)

    refs = nodes(doc, m.Ref)
    moved = [r for r in refs if shifted(r) != r.text]
    assert len(moved) >= 2                     # the sample refers to Pasal 12 and 13 from later Pasal
    expected = collections.Counter(shifted(r) for r in refs)
    for words, n in expected.items():
        assert flat(text).count(words) >= n, words
    for r in moved:                            # the old wording is gone where nothing else says it
        if r.text not in expected:
            assert r.text not in flat(text), r.text


def test_pandoc_reads_headings_and_list_items(perkada):
    """pandoc finds a heading for every BAB, Bagian, Paragraf and Pasal (styles based on Word's Heading
    styles) and a list item for every ayat and every huruf/angka item Word numbers (the Menimbang and
    Mengingat items share a line with their label and stay typed)."""
    out, doc = perkada
    need("pandoc")
    tree = json.loads(run("pandoc", "-f", "docx", "-t", "json", str(out / "perkada.docx")))
    found = collections.Counter()

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Header":
                found["headings"] += 1
            elif node.get("t") == "OrderedList":
                found["items"] += len(node["c"][1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree["blocks"])
    in_labels = {id(i) for lb in nodes(doc, m.LabeledBlock) for i in m.walk(lb) if isinstance(i, m.ListItem)}
    items = len(nodes(doc, m.Ayat)) + len([i for i in nodes(doc, m.ListItem) if id(i) not in in_labels])
    assert found["headings"] == len(nodes(doc, (m.Bab, m.Bagian, m.Paragraf, m.Pasal)))
    assert found["items"] == items
