"""One build (or merge) per output folder at a time: an exclusive ``flock`` on output/.naskah.lock, held for
the whole run; the kernel drops it when the process dies, so a killed build never blocks the next one."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from generator.batch import publish
from generator.errors import ExitCode, NaskahError, OutputError

LOCK = ".naskah.lock"


class BuildBusy(NaskahError):
    exit_code = ExitCode.BUSY


class Lock:
    """An exclusive, non-blocking ``flock`` on output/.naskah.lock, held for the whole build (or merge)."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK

    def __enter__(self):
        folder = self.path.parent
        try:
            if folder.exists() and not folder.is_dir():
                raise OutputError(f"{folder}: is a file, not a folder: cannot write the outputs there")
            folder.mkdir(parents=True, exist_ok=True)
            # never through a symbolic link: the lock file is truncated and written
            self.handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666), "r+")
        except OSError as exc:
            raise OutputError(f"{exc.filename or self.path}: cannot write: {publish.reason(exc)}") from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise BuildBusy(f"another naskah build is writing {self.path.parent} ({holder}); "
                            "wait for it to finish and run again") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()
        return self

    def __exit__(self, *exc):
        self.handle.truncate(0)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
