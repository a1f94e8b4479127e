"""Atomic writes: a file is written to a temporary file in the same folder and renamed into place, so a
run that stops at any moment leaves either the old file or the new one, never half of one (the manifest,
a report, a merged output; a build's documents are staged and renamed by generator.build.incremental)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.errors import OutputError

MANIFEST = "manifest.json"   # in output/: see generator/build/incremental.py


def atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
