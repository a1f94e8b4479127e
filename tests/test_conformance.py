"""The DOCX packages pass the Open XML SDK's validation (openxml-audit, its Python port) and carry only
parts of our own: what a harmonisation office's Word sees is a clean document, not a template's leftovers.
The PDFs are clean PDF/A-3b for a conformance checker (page-validation). One document of every kind."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.kinds import KINDS
from tests.helpers import IN_CI


def _first(ws: Path, kind: str, suffix: str) -> Path:
    found = sorted((ws / "output" / kind).glob(f"*{suffix}"))
    assert found, f"the sample build has no {kind} {suffix}"
    return found[0]


def _missing(package: str):
    if IN_CI:
        pytest.fail(f"{package} is not installed - CI must have it (pip install -e '.[test]')")
    pytest.skip(f"{package} is not installed (pip install -e '.[test]')")


def _validator():
    try:
        from openxml_audit import FileFormat, OpenXmlValidator
    except ImportError:
        _missing("openxml-audit")
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=100)


@pytest.mark.parametrize("kind", KINDS)
def test_docx_passes_the_open_xml_validator(sample_build, kind):
    ws, _ = sample_build
    path = _first(ws, kind, ".docx")
    result = _validator().validate(str(path))
    assert result.is_valid, "\n".join(str(e) for e in result.errors[:20])


@pytest.mark.parametrize("kind", KINDS)
def test_docx_holds_only_parts_of_our_own(sample_build, kind):
    ws, _ = sample_build
    with zipfile.ZipFile(_first(ws, kind, ".docx")) as package:
        names = set(package.namelist())
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert not {n for n in names if "thumbnail" in n or "stylesWithEffects" in n or n.startswith("customXml/")}
    assert "<Application>naskah</Application>" in app and "Microsoft" not in app
    assert '<w:zoom w:percent="100"/>' in settings and "savePreviewPicture" not in settings


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_clean_pdf_a_3b(sample_build, kind):
    try:
        import page
    except ImportError:
        _missing("page-validation")
    path = _first(ws=sample_build[0], kind=kind, suffix=".pdf")
    report = page.validate_pdf(str(path), profile="3b")
    assert not report.failures, "\n".join(f"{f.rule_id}: {f.message}" for f in report.failures[:20])
