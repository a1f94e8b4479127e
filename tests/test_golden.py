"""Golden documents: whole documents recorded under tests/golden/ and compared in the suite.

For one region of every kind (and of every region type where the frame differs) three views are kept:

* ``<name>.model.json`` - the model after all transforms (``naskah render -f json``);
* ``<name>.docx.txt`` - what a reader of the DOCX sees, read back with python-docx: one line per
  paragraph with its style and Word's list number, then the tables row by row;
* ``<name>.pdf.txt`` - ``pdftotext`` of the PDF, page by page.

A change to a template, a transform or a writer shows up here as a diff of whole documents, which is what
a review reads. After an intended change, regenerate them all with

    python3 -m pytest tests/test_golden.py --update-golden

and commit the new files with the change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.helpers import displayed_paragraphs, need, run

GOLDEN = Path(__file__).parent / "golden"

# (kind, region code): every kind, and the perkada / surat-edaran of each region type
DOCUMENTS = (
    ("perkada", "62"), ("perkada", "63.01"), ("perkada", "62.71"), ("perkada", "63.09"),   # 63.09: an amendment
    ("surat-edaran", "63"), ("surat-edaran", "63.72"),
    ("keputusan-tim", "63.01"), ("keputusan-tim", "62"), ("keputusan-pbi", "63.01"),
    ("laporan", "63"), ("laporan", "62.01"),
    ("laporan-nasional", "nasional"), ("catatan-penyusun", "63.09"),
)


def _output(ws: Path, kind: str, code: str, suffix: str) -> Path:
    found = sorted((ws / "output" / kind).glob(f"{code}-*{suffix}"))
    assert len(found) == 1, f"expected one {kind} {code} {suffix} in the sample build, found {found}"
    return found[0]


def docx_dump(path: Path) -> str:
    import docx
    document = docx.Document(str(path))
    lines = [f"[{style}] {text}" for style, text in displayed_paragraphs(document)]
    for number, table in enumerate(document.tables, 1):
        lines.append(f"--- tabel {number} ---")
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(cell.text.replace("\n", " / "))
            lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def pdf_dump(path: Path) -> str:
    text = run(need("pdftotext"), "-enc", "UTF-8", str(path), "-")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return "".join(f"--- halaman {n} ---\n" + "\n".join(line.rstrip() for line in page.strip("\n").split("\n"))
                   + "\n" for n, page in enumerate(pages, 1))


def _views(ws: Path, kind: str, code: str) -> dict[str, str]:
    from generator import api
    loaded = api.load(ws)
    model = api.write(loaded, api.render(loaded, kind, code), "json").decode()
    return {"model.json": model,
            "docx.txt": docx_dump(_output(ws, kind, code, ".docx")),
            "pdf.txt": pdf_dump(_output(ws, kind, code, ".pdf"))}


@pytest.mark.parametrize("kind,code", DOCUMENTS, ids=[f"{k}-{c}" for k, c in DOCUMENTS])
def test_golden_document(sample_build, request, kind, code):
    ws, _ = sample_build
    update = request.config.getoption("--update-golden")
    differences = []
    for view, text in _views(ws, kind, code).items():
        path = GOLDEN / f"{kind}-{code}.{view}"
        if update:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"{path.name} is missing: run pytest tests/test_golden.py --update-golden"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), f"golden/{path.name}",
                                        "now", lineterm="", n=1)
            differences.append("\n".join(list(diff)[:60]))
    assert not differences, ("the document differs from its golden copy (if intended, regenerate with "
                             "--update-golden and commit):\n" + "\n\n".join(differences))


def test_every_kind_has_a_golden_document():
    from generator.kinds import KINDS
    assert {kind for kind, _ in DOCUMENTS} == set(KINDS)


def test_no_stray_golden_files():
    expected = {f"{kind}-{code}.{view}" for kind, code in DOCUMENTS for view in ("model.json", "docx.txt", "pdf.txt")}
    assert {p.name for p in GOLDEN.iterdir()} == expected
