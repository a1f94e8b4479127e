"""The raw OOXML python-docx lacks, in one place: numbering definitions bound to styles, bookmarks,
fields (PAGE, REF, TOC), outline levels, repeated table header rows, document language, a package of
our own (no parts left over from python-docx's template) and a deterministic one (sorted zip entries,
fixed timestamps)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key), str(value))
    return el


@dataclass(frozen=True)
class Level:
    """One level of a Word list: ``format`` is Word's numFmt (decimal, upperRoman, lowerLetter ...),
    ``text`` its lvlText ("Pasal %1", "(%2)", "%1."), ``suffix`` what follows the number (tab, space,
    nothing), ``style`` the id of the paragraph style bound to the level (or ""), ``indent`` the
    paragraph's (left, hanging) indentation in twips: the style's own, repeated because LibreOffice lets
    a list's indentation override the paragraph style's."""

    format: str
    text: str
    suffix: str = "tab"
    style: str = ""
    indent: tuple[int, int] = (0, 0)


class Numbering:
    """The document's numbering part: list definitions (``w:abstractNum``) and their instances
    (``w:num``). Paragraphs of one instance count together; a new instance with ``restart`` starts
    again at 1 (a ``w:startOverride``, which Word needs; LibreOffice restarts per instance anyway)."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        abstract = [int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))]
        self.next_abstract = max(abstract, default=0) + 1
        self.next_num = max(nums, default=0) + 1

    def define(self, levels: list[Level]) -> int:
        """A new list definition; returns its abstractNumId."""
        aid, self.next_abstract = self.next_abstract, self.next_abstract + 1
        abstract = _el("w:abstractNum", **{"w:abstractNumId": aid})
        abstract.append(_el("w:multiLevelType", **{"w:val": "multilevel" if len(levels) > 1 else "singleLevel"}))
        for ilvl, level in enumerate(levels):
            lvl = _el("w:lvl", **{"w:ilvl": ilvl})
            lvl.append(_el("w:start", **{"w:val": 1}))
            lvl.append(_el("w:numFmt", **{"w:val": level.format}))
            if level.style:
                lvl.append(_el("w:pStyle", **{"w:val": level.style}))
            lvl.append(_el("w:suff", **{"w:val": level.suffix}))
            lvl.append(_el("w:lvlText", **{"w:val": level.text}))
            lvl.append(_el("w:lvlJc", **{"w:val": "left"}))
            ppr = _el("w:pPr")
            left, hanging = level.indent
            ppr.append(_el("w:ind", **{"w:left": left, "w:hanging": hanging} if hanging >= 0
                           else {"w:left": left, "w:firstLine": -hanging}))
            lvl.append(ppr)
            abstract.append(lvl)
        first_num = self.root.find(qn("w:num"))       # every abstractNum precedes every num
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        return aid

    def instance(self, abstract_id: int, restart: bool = False, levels: int = 1) -> int:
        """A new list of that definition; returns its numId."""
        nid, self.next_num = self.next_num, self.next_num + 1
        num = _el("w:num", **{"w:numId": nid})
        num.append(_el("w:abstractNumId", **{"w:val": abstract_id}))
        for ilvl in range(levels if restart else 0):
            override = _el("w:lvlOverride", **{"w:ilvl": ilvl})
            override.append(_el("w:startOverride", **{"w:val": 1}))
            num.append(override)
        self.root.append(num)
        return nid


def set_numbering(ppr, num_id: int, ilvl: int = 0) -> None:
    """Number a paragraph (its ``w:pPr``) or bind a paragraph style (the style's ``w:pPr``)."""
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def bookmark(paragraph, name: str, ident: int) -> None:
    """A bookmark around the whole content of a paragraph (what a REF field to its number needs)."""
    ppr = paragraph._p.pPr
    start = _el("w:bookmarkStart", **{"w:id": ident, "w:name": name})
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(_el("w:bookmarkEnd", **{"w:id": ident}))


def plain_style(style) -> None:
    """Strip a built-in style (Word's "Heading 1" of the default template: theme font, colour, size)
    down to its outline level, so styles based on it look only as our stylesheet says."""
    element = style.element
    for old in element.findall(qn("w:rPr")):
        element.remove(old)
    ppr = element.pPr
    if ppr is not None:
        for child in list(ppr):
            if child.tag != qn("w:outlineLvl"):
                ppr.remove(child)


def add_field(paragraph, instruction: str, cached: str) -> None:
    """A complex field (``PAGE``, ``REF x \\h``) whose cached result already reads right before any
    update: fldChar begin / instrText / fldChar separate / cached run / fldChar end."""
    runs = []
    for part in ("begin", None, "separate", cached, "end"):
        run = _el("w:r")
        if part in ("begin", "separate", "end"):
            run.append(_el("w:fldChar", **{"w:fldCharType": part}))
        elif part is None:
            text = _el("w:instrText", **{"xml:space": "preserve"})
            text.text = f" {instruction} "
            run.append(text)
        else:
            text = _el("w:t", **{"xml:space": "preserve"})
            text.text = part
            run.append(text)
        runs.append(run)
    for run in runs:
        paragraph._p.append(run)


def wrap_in_field(first, last, instruction: str) -> None:
    """Make the paragraphs from ``first`` to ``last`` the cached result of one complex field (a TOC):
    fldChar begin + instrText + separate at the start of ``first``, fldChar end at the end of ``last``."""
    begin = [_el("w:r"), _el("w:r"), _el("w:r")]
    begin[0].append(_el("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "false"}))
    text = _el("w:instrText", **{"xml:space": "preserve"})
    text.text = f" {instruction} "
    begin[1].append(text)
    begin[2].append(_el("w:fldChar", **{"w:fldCharType": "separate"}))
    ppr = first._p.pPr
    index = 1 if ppr is not None else 0
    for offset, run in enumerate(begin):
        first._p.insert(index + offset, run)
    end = _el("w:r")
    end.append(_el("w:fldChar", **{"w:fldCharType": "end"}))
    last._p.append(end)


def set_outline_level(style, level: int) -> None:
    """Outline level of a paragraph style (0 = level 1): Word's navigation pane and TOC use it."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    ppr.append(_el("w:outlineLvl", **{"w:val": level}))


def repeat_header_row(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:tblHeader"))   # on/off elements: present = on, as Word writes


def cant_split_row(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def set_language(document, lang: str = "id-ID") -> None:
    """Default proofing language of the document (so Word checks Indonesian spelling)."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_el("w:lang", **{"w:val": lang, "w:eastAsia": lang, "w:bidi": "ar-SA"}))


# Parts of python-docx's default template that are not ours: a Mac Word thumbnail of a blank page, the
# Word 2010 copy of the styles (stale once the styles change: Word may call the file unreadable) and a
# bibliography store. The extended properties (docProps/app.xml) are rewritten with ours.
_FOREIGN = {RT.THUMBNAIL, RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Application>naskah</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>\
</Properties>"""


def own_package(document) -> None:
    """Make the package ours: drop the template's foreign parts, write our extended properties, and
    settings Word validates (a zoom with its percentage, no preview picture)."""
    package = document.part.package
    for owner in (package, document.part):
        for rel in [r for r in owner.rels.values() if r.reltype in _FOREIGN]:
            del owner.rels[rel.rId]
    app = next(p for p in package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = APP_XML.encode("utf-8")
    settings = document.settings.element
    for tag in ("w:zoom", "w:savePreviewPicture"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    settings.insert(0, _el("w:zoom", **{"w:percent": 100}))


def deterministic_package(data: bytes) -> bytes:
    """Rewrite a DOCX zip with entries sorted ([Content_Types].xml first) and fixed timestamps, so the
    same document gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


# Word's own shape type for WordArt text on a path (o:spt 136), as Word writes it for a text watermark
_TEXTPATH_TYPE = (
    '<v:shapetype xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
    '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
    '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>')


def add_watermark(paragraph, text: str, font: str, width_pt: float, shape_id: int) -> None:
    """A text watermark as Word makes one (Design > Watermark): a WordArt VML shape named
    ``PowerPlusWaterMarkObject…`` in a header paragraph, light grey, semi-transparent, diagonal, centred
    on the page's margins and behind the text. Every header of a document carries it (Word shows the
    watermark of the header that applies to each page)."""
    from xml.sax.saxutils import quoteattr

    from docx.oxml import parse_xml
    height = round(width_pt / max(len(text), 1) * 1.6, 2)
    style = quoteattr(f'font-family:"{font}";font-size:1pt')
    shape = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<w:rPr><w:noProof/></w:rPr><w:pict>' + _TEXTPATH_TYPE +
        f'<v:shape id="PowerPlusWaterMarkObject{shape_id}" o:spid="_x0000_s{2048 + shape_id}" '
        f'type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:{width_pt}pt;'
        f'height:{height}pt;mso-wrap-style:none;v-text-anchor:middle;rotation:315;z-index:-251654144;'
        'mso-position-horizontal:center;'
        'mso-position-horizontal-relative:margin;mso-position-vertical:center;'
        'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="silver" stroked="f">'
        '<v:fill opacity=".5"/>'
        f'<v:textpath on="t" fitshape="t" style={style} '
        f'string={quoteattr(text)}/></v:shape></w:pict></w:r>')
    paragraph._p.append(parse_xml(shape))
