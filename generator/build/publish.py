"""Atomic publication: each output is written to a temporary file in the same folder and renamed into
place, so a run that stops at any moment leaves either the old file or the new one, never half of one.
The manifest (output/manifest.json) lists every output with its content hash and the inputs it was
built from."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from generator.errors import OutputError

MANIFEST = "manifest.json"


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


def write_manifest(out_dir: Path, entries: dict[str, dict]) -> None:
    data = {"generator": "naskah", "outputs": dict(sorted(entries.items()))}
    atomic_write(out_dir / MANIFEST, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())


def read_manifest(out_dir: Path) -> dict[str, dict]:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8")).get("outputs", {})
    except (OSError, ValueError):
        return {}
