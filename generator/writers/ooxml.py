"""The raw OOXML python-docx lacks, in one place: fields (PAGE), outline levels, repeated table header
rows, document language, and a deterministic package (sorted zip entries, fixed timestamps)."""

from __future__ import annotations

import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key), str(value))
    return el


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
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:tblHeader", **{"w:val": "true"}))


def cant_split_row(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit", **{"w:val": "true"}))


def set_language(document, lang: str = "id-ID") -> None:
    """Default proofing language of the document (so Word checks Indonesian spelling)."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_el("w:lang", **{"w:val": lang, "w:eastAsia": lang, "w:bidi": "ar-SA"}))


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
