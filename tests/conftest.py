"""Fixtures and pytest hooks (the helpers the test modules share are in tests/helpers.py)."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from pathlib import Path

import pytest

from tests.helpers import copy_workspace


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The whole sample workspace built once per test session (two workers, as on a CI runner), with the
    result of that build. Tests that change it work on a copy (``copy_built``).

    Under pytest-xdist every worker process runs this fixture: the first to get here builds into a folder
    of the run that all workers share (beside their own temporary folders), holding a lock; the others wait
    for the lock and take that build and its result."""
    from generator import api
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        ws = copy_workspace(tmp_path_factory.mktemp("sample"))
        return ws, api.build(ws, workers=2)
    shared = tmp_path_factory.getbasetemp().parent
    ws, saved = shared / "sample", shared / "sample-result.pickle"
    with open(shared / "sample.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)            # released when the file is closed
        if not saved.exists():
            if ws.exists():                         # a worker that failed half-way before
                shutil.rmtree(ws)
            result = api.build(copy_workspace(ws), workers=2)
            saved.write_bytes(pickle.dumps(result))
        return ws, pickle.loads(saved.read_bytes())


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A private copy of the sample workspace that a test may break."""
    return copy_workspace(tmp_path / "ws")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the documents built now (after an intended change)")
