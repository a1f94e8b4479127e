"""The code itself: ruff, with the rules of pyproject.toml's [tool.ruff], finds nothing in the repository."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.helpers import ROOT, missing


def test_ruff_finds_nothing():
    if importlib.util.find_spec("ruff") is None:
        missing("ruff is not installed (python3 -m pip install -e '.[test]')")
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        pytest.fail("`ruff check .` found (`ruff check --fix .` fixes those marked [*]):\n" + proc.stdout
                    + proc.stderr, pytrace=False)
