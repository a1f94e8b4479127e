"""Writing into an output folder, safely.

* :func:`staging_folder`: a build (or merge) writes its files into a fresh folder inside the output
  folder first (:func:`stage`), after deleting those that builds killed earlier left behind.
* :func:`atomic_write`: a file is written to a temporary file in the same folder and renamed into place,
  so a run that stops at any moment leaves either the old file or the new one, never half of one (the
  manifest, a report). It gets the mode a plain ``open()`` would give (0o666 less the umask), like the
  documents a build writes.
* :func:`publish`: staged files are moved into the output folder all or nothing. Each existing target is
  first moved aside into the staging folder, then the new file is moved in; files no longer wanted are
  moved aside too; the manifest is written last. If any step fails, every step done so far is undone
  (backups restored, new files and folders taken away) before :class:`OutputError` is raised, so the
  folder and its manifest stay as they were. The backups go with the staging folder afterwards.
* :func:`inside`: we never write, delete or read through a path that leads outside its folder (a
  hostile manifest, a symbolic link to elsewhere).
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

from generator.errors import OutputError

MANIFEST = "manifest.json"   # in output/: see generator/batch/manifest.py
STAGING = ".naskah-staging-"  # in output/: + the pid of the build that stages its files there
BACKUP = ".backup"           # in a staging folder: what a publish moved aside (staged paths never start with ".")
HELD = {signal.SIGINT, signal.SIGTERM}


def atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:   # O_EXCL and a random name, as mkstemp does, but with the usual mode (mkstemp: 0600)
            tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
                break
            except FileExistsError:
                continue
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {reason(exc)}") from None


def reason(exc: OSError) -> str:
    """The cause in words, with a hint where the system's words are not enough."""
    text = exc.strerror or str(exc)
    if exc.errno == errno.EXDEV:
        text += " (a folder inside the output folder is on another filesystem: a mount point or a symbolic link)"
    elif exc.errno == errno.ELOOP:
        text += " (a symbolic link, which naskah does not follow there)"
    return text


def staging_folder(out_dir: Path) -> Path:
    """A fresh staging folder in ``out_dir`` (whose lock is held), after deleting those of builds that were
    killed; a leftover that is a file or a symbolic link is only unlinked, never followed."""
    for leftover in out_dir.glob(STAGING + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            try:
                leftover.unlink()
            except OSError:
                pass
    staging = out_dir / f"{STAGING}{os.getpid()}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"{staging}: cannot create the staging folder: {reason(exc)}") from None
    return staging


def stage(path: Path, data: bytes) -> None:
    """Write one file into a build's staging folder (renamed into place later by ``publish``)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {reason(exc)}") from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` when it lies inside ``root`` after resolving symbolic links (of its folders: the file
    itself may be a link, which is moved or deleted, never followed), else None."""
    path = root / rel
    try:
        folder = path.parent.resolve()
    except (OSError, RuntimeError):          # a symlink loop
        return None
    real_root = root.resolve()
    return path if folder == real_root or real_root in folder.parents else None


@contextmanager
def signals_held():
    """Ctrl-C and SIGTERM wait until the block is done (a publish or its rollback is never cut in half);
    they are delivered when it ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def publish(root: Path, staging: Path, placed: list[str], removed: list[str], manifest: bytes) -> list[str]:
    """Move ``staging/rel`` to ``root/rel`` for every ``placed``, delete every ``removed`` and write the
    manifest, all or nothing. Returns the removed paths it skipped because they lead outside ``root``
    (the caller warns); a placed path that would is refused before anything moves."""
    for rel in placed:
        if inside(root, rel) is None:
            raise OutputError(f"{root / rel}: refusing to write there: a folder on the way is a symbolic link "
                              f"leading outside {root}; nothing was published")
    skipped = [rel for rel in removed if inside(root, rel) is None]
    removed = sorted(set(removed) - set(skipped) - set(placed))
    backup = staging / BACKUP
    undo: list[tuple[str, Path, Path]] = []     # ("move", from, to) | ("rmdir", folder, folder), in order
    try:
        for rel in removed:
            if _is_file(root / rel):
                _move(root / rel, backup / rel, root / rel, undo, aside=True)
        for rel in placed:
            target = root / rel
            _mkdirs(target.parent, root, undo)
            if _is_file(target):          # a folder in the way is not ours to move: the rename fails
                _move(target, backup / rel, target, undo, aside=True)
            _move(staging / rel, target, target, undo)
        atomic_write(root / MANIFEST, manifest)
    except BaseException as exc:
        failed = _rollback(undo)
        if isinstance(exc, OSError):            # looking at a path failed (a folder we may not read)
            exc = OutputError(f"{exc.filename}: cannot publish: {reason(exc)}")
        elif not isinstance(exc, OutputError):
            raise
        if failed:
            raise OutputError(f"{exc}; and could not put back {', '.join(map(str, failed))}") from None
        raise OutputError(f"{exc}; nothing was published ({root} is as it was)") from None
    return skipped


def _is_file(path: Path) -> bool:
    """A file (or a symbolic link, which is moved, never followed): what a manifest may name."""
    return path.is_symlink() or path.is_file()


def _move(source: Path, target: Path, name: Path, undo: list, aside: bool = False) -> None:
    """Rename ``source`` to ``target`` (``name``: the output file it concerns, for the message); ``aside``:
    into the backup folder, made as needed."""
    try:
        if aside:
            target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    except OSError as exc:
        raise OutputError(f"{name}: cannot publish: {reason(exc)}") from None
    undo.append(("move", source, target))


def _mkdirs(folder: Path, root: Path, undo: list) -> None:
    """Create ``folder`` and the folders above it, up to ``root``, remembering them for a rollback."""
    missing = []
    while folder != root and not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            raise OutputError(f"{path}: is a file, not a folder: cannot write the outputs there") from None
        except OSError as exc:
            raise OutputError(f"{path}: cannot create the folder: {reason(exc)}") from None
        undo.append(("rmdir", path, path))


def _rollback(undo: list) -> list[Path]:
    """Undo the steps done, last first; the paths it could not put back."""
    failed = []
    with signals_held():
        for step, source, target in reversed(undo):
            try:
                if step == "move":
                    os.replace(target, source)
                else:
                    source.rmdir()
            except OSError:
                failed.append(source)
    return failed
