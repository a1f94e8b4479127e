"""Helpers shared by the test modules (the fixtures and pytest hooks are in conftest.py; a helper only one
module uses stays in that module).

* the sample workspace: copies of it, edits, its files as bytes;
* real clients (poppler, LibreOffice): found or skipped (failed in CI), run, their text read;
* a DOCX as a reader sees it: paragraphs with Word's list numbers, tables;
* the command line in this process;
* compact markup read and transformed without templates, the markup kept in ``tests/cases/<name>.xml``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

from generator import model as m
from generator import reader, transforms
from generator.data.schema import DasarHukum
from generator.legal.bases import Library

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TANAH_LAUT = "config/regions/63/63.01-tanah-laut.yaml"


# ------------------------------------------------------------------------------------------ the workspace

def copy_workspace(dest: Path) -> Path:
    """A copy of the sample workspace's inputs (config/ and templates/) in ``dest``, with an empty output/."""
    for part in ("config", "templates"):
        shutil.copytree(ROOT / part, dest / part)
    (dest / "output").mkdir()
    return dest


def copy_built(sample: Path, dest: Path) -> Path:
    """A copy of a built workspace: inputs and outputs (with the manifest)."""
    shutil.copytree(sample, dest, ignore=shutil.ignore_patterns(".naskah.lock"))
    return dest


def edit(ws: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must be there) by ``new`` in the workspace file ``rel``, ``count`` times.
    Lone surrogates in ``new`` are written as the bytes they stand for (a file that is not UTF-8)."""
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8", errors="surrogateescape")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (but the build's lock file, which is not an output)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".naskah.lock"}


# ------------------------------------------------------------------------------------------ real clients

def missing(message: str) -> NoReturn:
    """Something a test needs is not on this machine: outside CI the test skips with the reason, in CI
    (``CI=true``, see .ci/run) it fails."""
    if IN_CI:
        pytest.fail(message + " - CI must have it")
    pytest.skip(message)


def need(tool: str) -> str:
    """Path of a real client; outside CI a missing one skips the test (with the reason), in CI it fails."""
    return shutil.which(tool) or missing(f"{tool} is not installed (run scripts/setup-system.sh)")


def run(*args: str, timeout: int = 300) -> str:
    """The standard output of a command, which must succeed."""
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=timeout).stdout


def pdftext(path: Path) -> str:
    """The text of a PDF in layout mode (pages separated by form feeds): one physical line per line, so
    the page header and a heading stand on lines of their own."""
    return run(need("pdftotext"), "-layout", str(path), "-")


def flat(text: str) -> str:
    """Text of a PDF as one line of words: page numbers ("- 2 -") and soft hyphens dropped, a line broken
    after a hyphen joined, white space made one space."""
    text = re.sub(r"^\s*-\s?\d+\s?-\s*$", " ", text.replace("\u00ad", ""), flags=re.M)
    text = re.sub(r"-\n\s*(?=\S)", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def libreoffice_pdf(docx: Path, out: Path) -> Path:
    """LibreOffice (headless, with a profile of its own under ``out``) opens the DOCX, lays it out (computing
    its list numbers and fields) and prints it: the PDF it wrote in ``out``."""
    soffice = need("soffice")
    out.mkdir(parents=True, exist_ok=True)
    run(soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
        "--outdir", str(out), str(docx), timeout=240)
    converted = out / (docx.stem + ".pdf")
    assert converted.is_file(), f"LibreOffice did not convert {docx.name}"
    return converted


# ------------------------------------------------------------------------------------------ DOCX as read

ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        out = ""
        for value, letters in ROMAN:
            while n >= value:
                out, n = out + letters, n - value
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("lowerLetter", "upperLetter"):   # a..z, aa..zz as Word counts
        out = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return out if fmt == "lowerLetter" else out.upper()
    assert fmt == "decimal", fmt
    return str(n)


def displayed_paragraphs(document) -> list[tuple[str, str]]:
    """(style name, text as a reader sees it) of every body paragraph of a python-docx Document: Word's
    list numbers put in front (numbering from the paragraph or its style, counted per list, a level
    restarting after a higher one), written independently of the writer, from the OOXML alone."""
    from docx.oxml.ns import qn

    def val(el, tag):
        child = el.find(qn(tag)) if el is not None else None
        return child.get(qn("w:val")) if child is not None else None

    root = document.part.numbering_part.element
    levels = {a.get(qn("w:abstractNumId")): {int(lvl.get(qn("w:ilvl"))): lvl for lvl in a.findall(qn("w:lvl"))}
              for a in root.findall(qn("w:abstractNum"))}
    lists = {n.get(qn("w:numId")): val(n, "w:abstractNumId") for n in root.findall(qn("w:num"))}
    counters: dict[str, list[int]] = {}
    out = []
    for p in document.paragraphs:
        numpr = p._p.pPr.numPr if p._p.pPr is not None else None
        if numpr is None:
            style_ppr = p.style.element.pPr
            numpr = style_ppr.numPr if style_ppr is not None else None
        label = ""
        if numpr is not None:
            num, ilvl = val(numpr, "w:numId"), int(val(numpr, "w:ilvl") or 0)
            lvls = levels[lists[num]]
            count = counters.setdefault(num, [0] * 9)
            count[ilvl] += 1
            count[ilvl + 1:] = [0] * (8 - ilvl)
            label = val(lvls[ilvl], "w:lvlText")
            for k in range(ilvl + 1):
                label = label.replace(f"%{k + 1}", _number(count[k], val(lvls[k], "w:numFmt")))
            label += {"tab": "\t", "space": " ", "nothing": ""}[val(lvls[ilvl], "w:suff") or "tab"]
        out.append((p.style.name, label + p.text))
    return out


def docx_text(path: Path) -> str:
    """The text a reader of the DOCX sees: paragraphs with Word's list numbers, then table cells (a
    merged cell once)."""
    import docx
    d = docx.Document(str(path))
    chunks = [text for _, text in displayed_paragraphs(d)]
    for table in d.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    chunks.append(cell.text)
    return " ".join(chunks)


# ------------------------------------------------------------------------------------------ the command line

def invoke(*args: str, ws: Path | None = None):
    """``naskah *args`` (with ``-w ws`` when given) in this process, through typer's CliRunner: the result,
    with its exit code, stdout and stderr. Any exception but the exit is a failure of the test."""
    from typer.testing import CliRunner

    from generator.cli import app
    result = CliRunner().invoke(app, [*args, *(("-w", str(ws)) if ws is not None else ())])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


# ------------------------------------------------------------------------------------------ markup

# the legal bases the markup cases cite
LIB = Library({
    "uud-1945": DasarHukum(jenis="uud", tahun=1945, judul="Undang-Undang Dasar Negara Republik Indonesia Tahun 1945"),
    "uu-24-2011": DasarHukum(jenis="uu", nomor=24, tahun=2011, judul="Badan Penyelenggara Jaminan Sosial",
                             lembaran={"tahun": 2011, "nomor": 116}, tambahan=5256, diubah=["uu-6-2023"]),
    "uu-23-2014": DasarHukum(jenis="uu", nomor=23, tahun=2014, judul="Pemerintahan Daerah",
                             lembaran={"tahun": 2014, "nomor": 244}, tambahan=5587,
                             diubah=["uu-9-2015", "uu-6-2023"]),
    "uu-9-2015": DasarHukum(jenis="uu", nomor=9, tahun=2015, judul="Perubahan Kedua",
                            lembaran={"tahun": 2015, "nomor": 58}, tambahan=5679),
    "uu-6-2023": DasarHukum(jenis="uu", nomor=6, tahun=2023, judul="Penetapan Perppu Cipta Kerja",
                            lembaran={"tahun": 2023, "nomor": 41}, tambahan="..."),
    "pp-44-2015": DasarHukum(jenis="pp", nomor=44, tahun=2015, judul="JKK dan JKM",
                             lembaran={"tahun": 2015, "nomor": 154}, tambahan=5714),
    "inpres-2-2021": DasarHukum(jenis="inpres", nomor=2, tahun=2021, judul="Optimalisasi"),
}, {})


def case(name: str) -> str:
    """The markup of ``tests/cases/<name>.xml``: a whole document or a fragment of one."""
    return (CASES / f"{name}.xml").read_text(encoding="utf-8")


def transform(body: str = "", frame: str | None = None):
    """A document read from markup (as if rendered from ``t.xml.j2``) and transformed, with the problems
    the transforms found: ``body`` put before the closing tag of ``frame``, the markup of a whole document
    (by default ``case("perbup-frame")``, a Peraturan Bupati without its BAB)."""
    frame = case("perbup-frame") if frame is None else frame
    end = frame.rindex("</")
    ctx = transforms.Context(LIB)
    source = reader.read(frame[:end] + body + frame[end:], "t.xml.j2")
    meta = m.Meta("t", "s", "a", dt.date(2026, 1, 1), "perkada", "63.01")
    doc = transforms.apply(m.Document(meta, (source,)), ctx)
    return doc, ctx.problems


def nodes(doc: m.Document, cls) -> list:
    """Every node of class ``cls`` (a class or a tuple of them) in the document, in document order."""
    return [n for b in doc.blocks for n in m.walk(b) if isinstance(n, cls)]
