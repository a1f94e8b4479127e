"""Shared fixtures: a copy of the sample workspace per test session, helpers for real clients."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def copy_workspace(dest: Path) -> Path:
    for part in ("config", "templates"):
        shutil.copytree(ROOT / part, dest / part)
    (dest / "output").mkdir()
    return dest


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The whole sample workspace built once per test session (two workers, as on a CI runner), with the
    result of that build. Tests that change it work on a copy (``copy_built``)."""
    from generator import api
    ws = copy_workspace(tmp_path_factory.mktemp("sample"))
    return ws, api.build(ws, workers=2)


def copy_built(sample: Path, dest: Path) -> Path:
    """A copy of a built workspace: inputs and outputs (with the manifest)."""
    shutil.copytree(sample, dest, ignore=shutil.ignore_patterns(".naskah.lock"))
    return dest


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private copy of the sample workspace that a test may break."""
    return copy_workspace(tmp_path / "ws")


def need(tool: str) -> str:
    """Path of a real client; outside CI a missing one skips the test (with the reason), in CI it fails."""
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} is not installed (run scripts/setup-system.sh)"
    if IN_CI:
        pytest.fail(message + " - CI must have every real client")
    pytest.skip(message)


def run(*args: str, timeout: int = 300) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=timeout).stdout


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (but the build's lock file, which is not an output)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".naskah.lock"}


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
    levels = {a.get(qn("w:abstractNumId")): {int(l.get(qn("w:ilvl"))): l for l in a.findall(qn("w:lvl"))}
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


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the documents built now (after an intended change)")
