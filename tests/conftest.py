"""Fixtures and pytest hooks (the helpers the test modules share are in tests/helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import copy_workspace


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The whole sample workspace built once per test session (two workers, as on a CI runner), with the
    result of that build. Tests that change it work on a copy (``copy_built``)."""
    from generator import api
    ws = copy_workspace(tmp_path_factory.mktemp("sample"))
    return ws, api.build(ws, workers=2)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private copy of the sample workspace that a test may break."""
    return copy_workspace(tmp_path / "ws")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the documents built now (after an intended change)")
