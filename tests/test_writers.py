"""Writers: coverage of every layout node, style names shared by DOCX and CSS, deterministic bytes,
the DOCX read back with python-docx, raw OOXML helpers on compact XML."""

import io
import zipfile

import docx
import pytest

from generator import model as m
from generator import styles
from generator.writers import Options, html, jsondump, ooxml
from generator.writers import docx as docx_writer
from tests.helpers import ROOT, case, displayed_paragraphs, transform

SHEET = styles.load(ROOT / "templates", "naskah")


@pytest.fixture(scope="module")
def doc():
    document, problems = transform(case("perbup-body") + case("lampiran-table"))
    assert not problems.errors
    return document


@pytest.mark.parametrize("writer", [html.HtmlWriter, docx_writer.DocxWriter])
def test_every_writer_handles_every_layout_node(writer):
    missing = [cls.__name__ for cls in m.LAYOUT_NODES if not hasattr(writer, "visit_" + cls.__name__)]
    assert missing == []


def test_unknown_node_is_an_error():
    from generator.writers import UnknownNode
    with pytest.raises(UnknownNode):
        html.HtmlWriter(Options(SHEET)).visit(m.Citation("x"), None)


def test_word_and_css_define_the_same_style_names():
    assert SHEET.names  # styles.load already proved every Word style has a CSS class
    for name in ("pasal-judul", "ayat", "konsiderans", "ttd-kanan", "lampiran-kepala"):
        assert name in SHEET.names


def test_docx_is_deterministic_and_reads_back(doc):
    first = docx_writer.write(doc, Options(SHEET))
    second = docx_writer.write(doc, Options(SHEET))
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    d = docx.Document(io.BytesIO(first))
    section = d.sections[0]
    assert round(section.page_width.mm) == 215 and round(section.page_height.mm) == 330
    paragraphs = displayed_paragraphs(d)
    assert ("Naskah Pasal", "Pasal 1") in paragraphs
    assert ("Naskah Ayat", "(1)\tPeserta meliputi:") in paragraphs
    assert ("Naskah Ayat Butir 1", "a.\tpekerja;") in paragraphs
    assert ("Naskah Ayat Butir 2", "1.\tx; atau") in paragraphs
    assert any(s == "Naskah Konsiderans" and t.startswith("Menimbang\t:\ta.\tbahwa satu;") for s, t in paragraphs)
    # no paragraph without a named style of ours, apart from the spacer after a table
    assert {s for s, _ in paragraphs} <= {spec["word"] for spec in SHEET.word["styles"].values()}
    table = d.tables[0]
    assert table.style.name == "Naskah Tabel"
    assert [c.text for c in table.rows[2].cells] == ["Jumlah", "Jumlah", "1.000"]  # merged cell
    assert d.core_properties.title == "t" and d.core_properties.revision == 1


def test_docx_header_has_a_page_field_from_page_two(doc):
    d = docx.Document(io.BytesIO(docx_writer.write(doc, Options(SHEET))))
    section = d.sections[0]
    assert section.different_first_page_header_footer
    xml = section.header._element.xml
    assert "PAGE" in xml and "- " in section.header.paragraphs[0].text


def test_html_carries_semantic_classes_and_escapes(doc):
    out = html.write(doc, Options(SHEET)).decode()
    assert '<p class="pasal-judul">Pasal 1</p>' in out
    assert "A &amp; B" in out
    assert '<th class="tabel-kepala">No.</th>' in out
    assert 'colspan="2"' in out


def test_the_pdf_face_is_the_stylesheets_files_served_by_a_fetcher_that_fetches_nothing_else():
    from weasyprint.urls import URLFetcherResponse

    from generator.writers import pdf
    faces = {(f.weight, f.style): f for f in SHEET.fonts}
    assert set(faces) == {("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic")}
    regular = faces["normal", "normal"]
    assert regular.file == "templates/styles/fonts/texgyrebonum-regular.otf" and regular.file in SHEET.files
    assert regular.data == (ROOT / regular.file).read_bytes()
    assert (f'@font-face {{ font-family: "Naskah TeX Gyre Bonum"; font-weight: normal; font-style: normal; '
            f'src: url("naskah:{regular.file}"); }}') in html.font_faces(SHEET)
    fetcher = pdf.Fetcher({regular.url: regular.data})
    assert fetcher.fetch(regular.url).read() == regular.data
    assert isinstance(fetcher.fetch("data:text/plain;base64,aGk="), URLFetcherResponse)
    for url in ("file:///etc/hostname", f"file://{ROOT / regular.file}", "http://example.org/x.otf",
                "naskah:templates/styles/naskah.css", "naskah:../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_json_dump_is_the_model(doc):
    import json
    data = json.loads(jsondump.write(doc))
    assert data["node"] == "Document"
    pasal = [b for b in data["blocks"] if b["node"] == "Bab"][0]["blocks"][0]
    assert pasal["node"] == "Pasal" and pasal["label"] == "Pasal 1"


def test_ooxml_field_and_package_helpers():
    d = docx.Document()
    p = d.add_paragraph()
    ooxml.add_field(p, "PAGE", "7")
    xml = p._p.xml
    assert xml.count("w:fldChar ") == 3 and "PAGE" in xml and ">7<" in xml
    raw = io.BytesIO()
    d.save(raw)
    once = ooxml.deterministic_package(raw.getvalue())
    assert once == ooxml.deterministic_package(once)
    infos = zipfile.ZipFile(io.BytesIO(once)).infolist()
    assert {i.date_time for i in infos} == {ooxml.FIXED_ZIP_TIME}


def compact(element) -> str:
    """An element as compact XML without namespace declarations: what the OOXML tests compare."""
    import re

    from lxml import etree
    return re.sub(r' xmlns:\w+="[^"]+"', "", etree.tostring(element, encoding="unicode"))


def test_ooxml_numbering_definitions_and_instances():
    d = docx.Document()
    numbering = ooxml.Numbering(d)
    aid = numbering.define([ooxml.Level("decimal", "Pasal %1", "nothing", "NaskahPasal"),
                            ooxml.Level("decimal", "(%2)", indent=(567, 567))])
    plain = numbering.instance(aid)
    restart = numbering.instance(aid, restart=True, levels=2)
    root = numbering.root
    abstract = root.find(ooxml.qn("w:abstractNum") + f'[@{ooxml.qn("w:abstractNumId")}="{aid}"]')
    assert compact(abstract) == (
        f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="NaskahPasal"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="Pasal %1"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:hanging="0"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:suff w:val="tab"/><w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>')
    nums = {n.get(ooxml.qn("w:numId")): n for n in root.findall(ooxml.qn("w:num"))}
    assert compact(nums[str(plain)]) == f'<w:num w:numId="{plain}"><w:abstractNumId w:val="{aid}"/></w:num>'
    assert compact(nums[str(restart)]) == (
        f'<w:num w:numId="{restart}"><w:abstractNumId w:val="{aid}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    # the schema's order: every abstractNum before every num (Word refuses the file otherwise)
    tags = [child.tag.rsplit("}", 1)[1] for child in root]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")
    # a second definition keeps that order and takes fresh ids
    again = numbering.define([ooxml.Level("lowerLetter", "%1.")])
    assert again != aid and numbering.instance(again) not in (plain, restart)
    tags = [child.tag.rsplit("}", 1)[1] for child in root]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")


def test_ooxml_numbered_paragraph_bookmark_and_ref_field():
    d = docx.Document()
    p = d.add_paragraph("Isi.", style="List Number")
    ooxml.set_numbering(p._p.get_or_add_pPr(), 7, 1)
    ooxml.bookmark(p, "_Ref000000001", 1)
    assert compact(p._p) == (
        '<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr>'
        '</w:pPr><w:bookmarkStart w:id="1" w:name="_Ref000000001"/><w:r><w:t>Isi.</w:t></w:r>'
        '<w:bookmarkEnd w:id="1"/></w:p>')
    q = d.add_paragraph()
    ooxml.add_field(q, "REF _Ref000000001 \\n \\h", "Pasal 7")
    assert compact(q._p) == (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref000000001 \\n \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">Pasal 7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def test_docx_references_are_ref_fields_cached_with_the_numbers_word_shows(doc):
    """Every REF field points at a bookmark on a numbered paragraph, and its cached text is the number
    that paragraph displays (Word's \\n form: "b" for "b."); the numbers themselves are not typed."""
    d = docx.Document(io.BytesIO(docx_writer.write(doc, Options(SHEET))))
    shown = displayed_paragraphs(d)
    marks = {}
    for p, (_, text) in zip(d.paragraphs, shown):
        for start in p._p.findall(ooxml.qn("w:bookmarkStart")):
            label = text[:len(text) - len(p.text)].strip()
            marks[start.get(ooxml.qn("w:name"))] = label.rstrip(".")
    refs = []
    for p in d.paragraphs:
        runs = list(p._p.iter(ooxml.qn("w:r")))
        for i, run in enumerate(runs):
            instr = run.find(ooxml.qn("w:instrText"))
            if instr is not None and instr.text.split()[0] == "REF":
                name, cached = instr.text.split()[1], runs[i + 2].find(ooxml.qn("w:t")).text
                refs.append((marks[name], cached))
    assert refs and all(label == cached for label, cached in refs), refs
    assert {"Pasal 1", "(1)", "a"} <= {cached for _, cached in refs}
    pasal = [p for p in d.paragraphs if p.style.name == "Naskah Pasal"]
    assert pasal and all(p.text == "" for p in pasal)      # "Pasal n" is Word's number, not typed text
