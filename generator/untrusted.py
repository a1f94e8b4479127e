"""Everything naskah reads from a workspace is untrusted: a pull request may change any file. This module
holds the limits (declared once, listed in the README's "Guarantees and limits") and the two checks every
reader goes through:

* :func:`read` reads a workspace file only when it lies inside the workspace (after resolving links), is a
  regular file (a FIFO or a device would block or never end) and is not larger than its limit;
* :func:`bad_character` finds a character that must not reach a document: NUL and other controls that XML
  cannot hold, unpaired surrogates, Unicode noncharacters, and the bidirectional controls that make a page
  show other text than the file holds ("Trojan source").
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from generator.errors import Problems

MAX_DATA_BYTES = 2 * 1024 * 1024       # a YAML file of the workspace
MAX_TEMPLATE_BYTES = 1024 * 1024       # a template or a stylesheet
MAX_IMAGE_BYTES = 8 * 1024 * 1024      # an emblem
MAX_FONT_BYTES = 16 * 1024 * 1024      # a font file
MAX_NODES = 200_000                    # values in one YAML file, after expanding aliases
MAX_ALIASES = 1_000                    # alias uses (*name) in one YAML file
MAX_DEPTH = 64                         # nesting of mappings and lists in one YAML file
MAX_TEXT = 5_000                       # characters of one text value in the data
MAX_NAME = 80                          # characters of a region's or a place's name
MAX_INTEGER = 10 ** 15                 # magnitude of a number in the data (Rp, persons): 16 digits print
MAX_RENDERED_TEXT = 1_000_000          # characters a template expression may build ('x' * n)

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first character of ``text`` that data may not hold, else None."""
    for index, char in enumerate(text):
        code = ord(char)
        if code < 0x20 and char not in "\t\n\r" or code == 0x7F or 0x80 <= code < 0xA0:
            why = "a control character"
        elif 0xD800 <= code < 0xE000:
            why = "half of a surrogate pair"
        elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            why = "a Unicode noncharacter"
        elif code in _BIDI:
            why = "a bidirectional control, which would make the page show other text than the file holds"
        else:
            continue
        name = unicodedata.name(char, "")
        return index, f"U+{code:04X}{f' ({name})' if name else ''}, {why}"
    return None


def confine(root: Path, rel: str | Path, what: str = "file") -> Path:
    """The real location of ``root/rel``, refused unless it lies inside ``root`` (links resolved)."""
    rel = Path(rel)
    shown = rel.as_posix()
    if rel.is_absolute() or ".." in rel.parts:
        raise Problems.one(f"the {what} must be a path inside the workspace", where=shown,
                           hint="give a path relative to the workspace, without '..'")
    try:
        real = (root / rel).resolve(strict=True)
    except FileNotFoundError:
        raise Problems.one(f"the {what} does not exist", where=shown) from None
    except (OSError, RuntimeError) as exc:     # a link loop, a name too long
        raise Problems.one(f"cannot read the {what}: {getattr(exc, 'strerror', None) or exc}",
                           where=shown) from None
    if not real.is_relative_to(root.resolve()):
        raise Problems.one(f"the {what} is a link to a place outside the workspace", where=shown,
                           hint="copy the file into the workspace instead of linking to it")
    return real


def links_leaving(root: Path, folders: tuple[str, ...] = ("config", "templates")) -> list[str]:
    """The workspace-relative paths under ``folders`` that are links leading outside the workspace (a
    linked folder is reported once, not entered)."""
    top = root.resolve()
    found = []
    for folder in folders:
        for current, dirs, files in os.walk(root / folder):
            for name in sorted(dirs + files):
                path = Path(current) / name
                if path.is_symlink() and not path.resolve().is_relative_to(top):
                    found.append(path.relative_to(root).as_posix())
    return sorted(found)


def read(root: Path, rel: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the workspace file ``rel``: inside the workspace, a regular file, at most ``limit``."""
    real = confine(root, rel, what)
    shown = Path(rel).as_posix()
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise Problems.one(f"cannot read the {what}: {exc.strerror}", where=shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Problems.one(f"the {what} is not a regular file (a folder, a pipe or a device)", where=shown)
        if info.st_size > limit:
            raise Problems.one(f"the {what} has {info.st_size} bytes, more than the {limit} it may have",
                               where=shown)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Problems.one(f"cannot read the {what}: {exc.strerror}", where=shown) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Problems.one(f"the {what} has more than the {limit} bytes it may have", where=shown)
    return data


def text(data: bytes, shown: str) -> str:
    """``data`` decoded as UTF-8; a fault names the line, not a byte offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Problems.one(f"not UTF-8 text: byte 0x{data[exc.start]:02X} on line {line} cannot be read",
                           where=f"{shown}:{line}",
                           hint="save the file with the UTF-8 encoding (in most editors: Save As, Encoding "
                                "UTF-8)") from None


def image(root: Path, rel: str | Path) -> bytes:
    """The bytes of an image file of the workspace (an emblem), refused unless PNG or JPEG that decodes."""
    import io

    from PIL import Image
    data = read(root, rel, MAX_IMAGE_BYTES, "image")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in ("PNG", "JPEG"):
                raise ValueError(picture.format)
            picture.verify()
    except Exception:
        raise Problems.one("the file is not a readable image (PNG or JPEG)", where=Path(rel).as_posix()) from None
    return data
