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
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def docx_text(path: Path) -> str:
    """The text python-docx reads back: paragraphs, then table cells (a merged cell once)."""
    import docx
    d = docx.Document(str(path))
    chunks = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    chunks.append(cell.text)
    return " ".join(chunks)
