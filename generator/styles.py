"""Semantic style names and their two renderings: Word style definitions (``NAME.word.yaml``) and CSS
(``NAME.css``) in templates/styles/. A start-up check proves both define the same names."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import Problems


@dataclass(frozen=True)
class Stylesheet:
    name: str
    css: str
    word: dict            # the parsed NAME.word.yaml: page, font, styles, numbering, lists
    files: tuple[str, ...] = ()   # the workspace files it was read from (build inputs)

    @property
    def names(self) -> set[str]:
        return set(self.word["styles"])

    def require(self, style: str) -> str:
        if style not in self.word["styles"]:
            raise Problems.one(f"style '{style}' is not defined in templates/styles/{self.name}.word.yaml "
                               f"and {self.name}.css")
        return style


def _read(templates: Path, name: str) -> tuple[str, dict, list[str]]:
    """CSS and Word definitions of one stylesheet; ``extends: BASE`` in the Word file builds on BASE
    (its CSS first, its Word styles and page settings overridden key by key)."""
    try:
        css = (templates / "styles" / f"{name}.css").read_text(encoding="utf-8")
        word = yaml.safe_load((templates / "styles" / f"{name}.word.yaml").read_text(encoding="utf-8"))
    except OSError as exc:
        raise Problems.one(f"cannot read stylesheet: {exc.strerror}", where=str(exc.filename)) from None
    files = [f"templates/styles/{name}.css", f"templates/styles/{name}.word.yaml"]
    base = word.pop("extends", None)
    if base:
        base_css, base_word, base_files = _read(templates, base)
        files = base_files + files
        css = base_css + "\n" + css
        word = {**base_word, **word, **{key: {**base_word.get(key, {}), **word.get(key, {})}
                                        for key in ("page", "font", "styles", "numbering", "lists")}}
    return css, word, files


@functools.lru_cache(maxsize=16)
def load(templates: Path, name: str) -> Stylesheet:
    """The stylesheet NAME, read and checked once per process (every document of a build shares it)."""
    css, word, files = _read(templates, name)
    sheet = Stylesheet(name, css, word, tuple(files))
    missing = sorted(n for n in sheet.names if not re.search(r"\." + re.escape(n) + r"\b(?![-\w])", css))
    if missing:
        raise Problems.one(f"styles defined for Word but not in {name}.css: {', '.join(missing)}",
                           where=f"templates/styles/{name}.css")
    return sheet


# --- style names chosen for structural nodes (shared by every writer, so DOCX and PDF agree) -------------

def list_item_style(indented: bool, in_konsiderans: bool, depth: int) -> str:
    """List items under an ayat or a numbered section are indented past its marker ("ayat-butir-N")."""
    if in_konsiderans:
        return "konsiderans-butir-2"
    return f"{'ayat-' if indented else ''}butir-{min(depth, 4)}"


def cell_style(row_kind: str, align: str) -> str:
    if row_kind == "head":
        return "tabel-kepala"
    if row_kind == "total":
        return "tabel-jumlah-angka" if align == "right" else "tabel-jumlah"
    return {"left": "tabel-isi", "center": "tabel-tengah", "right": "tabel-angka"}[align]
