"""Semantic style names and their two renderings: Word style definitions (``NAME.word.yaml``) and CSS
(``NAME.css``) in templates/styles/. A start-up check proves both define the same names.

The PDF's face is read from font files the stylesheet names (``fonts:`` in the Word file), never looked
up by family name on the machine: an installed package (fonts-urw-base35 with ghostscript) once made
"Bookman Old Style" another font and changed every PDF's line breaks without any input changing."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont

from generator import untrusted
from generator.data import yamlpos
from generator.errors import Collector, Problems

# keys of the ``fonts:`` block -> CSS font-weight and font-style
FACES = {"regular": ("normal", "normal"), "bold": ("bold", "normal"), "italic": ("normal", "italic"),
         "bold-italic": ("bold", "italic")}


@dataclass(frozen=True)
class FontFace:
    """One file of the PDF's face. ``url`` is the name the PDF writer's fetcher serves it under."""

    family: str
    weight: str
    style: str
    file: str                                 # workspace-relative path (a build input)
    data: bytes = field(repr=False)

    @property
    def url(self) -> str:
        return f"naskah:{self.file}"


@dataclass(frozen=True)
class Stylesheet:
    name: str
    css: str
    word: dict            # the parsed NAME.word.yaml: page, font, fonts, styles, numbering, lists
    files: tuple[str, ...] = ()   # the workspace files it was read from, font files too (build inputs)
    fonts: tuple[FontFace, ...] = ()          # the PDF's face (the DOCX names word["font"]["name"])

    @property
    def names(self) -> set[str]:
        return set(self.word["styles"])

    def require(self, style: str) -> str:
        if style not in self.word["styles"]:
            raise Problems.one(f"style '{style}' is not defined in templates/styles/{self.name}.word.yaml "
                               f"and {self.name}.css")
        return style


def _read(templates: Path, name: str, seen: tuple[str, ...] = ()) -> tuple[str, dict, list[str], str]:
    """CSS and Word definitions of one stylesheet, its files, and the Word file whose ``fonts:`` block
    it uses; ``extends: BASE`` in the Word file builds on BASE (its CSS first, its Word styles and page
    settings overridden key by key, its ``fonts:`` block replaced as a whole)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise Problems.one(f"'{name}' is not a stylesheet name (letters, digits and '-')",
                           where="templates/styles/", hint="extends: names another stylesheet, e.g. naskah")
    if name in seen:
        raise Problems.one(f"stylesheet {name} extends itself (through {' -> '.join(seen)})",
                           where=f"templates/styles/{name}.word.yaml")
    root = templates.parent
    css_rel, word_rel = f"templates/styles/{name}.css", f"templates/styles/{name}.word.yaml"
    css = untrusted.text(untrusted.read(root, css_rel, untrusted.MAX_TEMPLATE_BYTES, "stylesheet"), css_rel)
    word = yamlpos.load(root / word_rel, word_rel, root).data
    shapes = {"page": dict, "font": dict, "styles": dict, "numbering": dict, "lists": dict, "fonts": dict,
              "extends": str}
    if not isinstance(word, dict) or not isinstance(word.get("styles", {}), dict):
        raise Problems.one("a Word stylesheet is a mapping with a 'styles:' mapping", where=word_rel)
    for key, value in word.items():
        if key in shapes and not isinstance(value, shapes[key]):
            raise Problems.one(f"'{key}:' must be a {'name' if shapes[key] is str else 'mapping'}",
                               where=word_rel, path=key)
    files = [f"templates/styles/{name}.css", f"templates/styles/{name}.word.yaml"]
    fonts_in = f"templates/styles/{name}.word.yaml" if "fonts" in word else ""
    own_css = css
    base = word.pop("extends", None)
    if base:
        base_css, base_word, base_files, base_fonts_in = _read(templates, base, seen + (name,))
        files = base_files + files
        fonts_in = fonts_in or base_fonts_in
        css = base_css + "\n" + css
        word = {**base_word, **word, **{key: {**base_word.get(key, {}), **word.get(key, {})}
                                        for key in ("page", "font", "styles", "numbering", "lists")}}
    _check_css(own_css, word.get("fonts"), f"templates/styles/{name}.css")
    return css, word, files, fonts_in


@functools.lru_cache(maxsize=16)
def load(templates: Path, name: str) -> Stylesheet:
    """The stylesheet NAME, read and checked once per process (every document of a build shares it)."""
    css, word, files, fonts_in = _read(templates, name)
    fonts = _fonts(templates, word.get("fonts"), fonts_in)
    sheet = Stylesheet(name, css, word, tuple(files + [face.file for face in fonts]), fonts)
    missing = sorted(n for n in sheet.names if not re.search(r"\." + re.escape(n) + r"\b(?![-\w])", css))
    if missing:
        raise Problems.one(f"styles defined for Word but not in {name}.css: {', '.join(missing)}",
                           where=f"templates/styles/{name}.css")
    return sheet


def _fonts(templates: Path, spec, where: str) -> tuple[FontFace, ...]:
    """The font files of a ``fonts:`` block (paths relative to templates/styles/), read and checked: each
    must be an OpenType or TrueType font file inside the workspace. Every fault is reported at once."""
    if spec is None:
        return ()
    problems = Collector()
    family = spec.get("family") if isinstance(spec, dict) else None
    if not isinstance(family, str) or not re.fullmatch(r"\w[\w -]*", family):
        raise Problems.one("fonts: needs a family name and the font file of each face "
                           f"({', '.join(FACES)})", where=where)
    root = templates.parent
    faces = []
    for key, value in spec.items():
        if key == "family":
            continue
        if key not in FACES or not isinstance(value, str):
            problems.add(f"fonts.{key}: expected one of {', '.join(FACES)} with a file name", where)
            continue
        shown = f"templates/styles/{value}"
        try:
            data = untrusted.read(root, shown, untrusted.MAX_FONT_BYTES, "font file")
        except Problems as exc:
            problems.add(f"font file {shown}: {exc.problems[0].message.replace('the font file ', '')}", where)
            continue
        if not _is_font(data):
            problems.add(f"font file {shown} is not an OpenType or TrueType font", where)
        else:
            faces.append(FontFace(family, *FACES[key], shown, data))
    if not faces and not problems.errors:
        problems.add("fonts: names no font file", where)
    problems.raise_if_errors()
    return tuple(faces)


def _is_font(data: bytes) -> bool:
    """An OpenType (CFF) or TrueType font whose tables parse (not WOFF, not a collection)."""
    try:
        font = TTFont(io.BytesIO(data))
        font["cmap"], font["name"], font["head"]
        return font.flavor is None and font.sfntVersion in ("\0\1\0\0", "OTTO", "true")
    except Exception:
        return False


def _check_css(css: str, fonts, where: str) -> None:
    """The CSS may name no other font than the stylesheet's files (a family looked up on the machine
    makes the PDF depend on what is installed there) and may fetch nothing (url() or @import)."""
    family = fonts.get("family") if isinstance(fonts, dict) else None
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for value in re.findall(r"font-family\s*:\s*([^;}]+)", css):
        if {part.strip().strip('"\'') for part in value.split(",")} != {family}:
            raise Problems.one(f"font-family: {value.strip()} is not the face of the stylesheet's fonts: "
                               f"block ({family or 'none'})", where=where)
    if re.search(r"url\s*\(|@import", css):
        raise Problems.one("the PDF fetches nothing: no url() or @import (fonts are declared in fonts:)",
                           where=where)


# --- style names chosen for structural nodes (shared by every writer, so DOCX and PDF agree) -------------

def list_item_style(indented: bool, in_konsiderans: bool | str, depth: int) -> str:
    """List items under an ayat or a numbered section are indented past its marker ("ayat-butir-N"); in
    a labelled block of another style (``in_konsiderans`` names it: a diktum) "diktum-butir-N"."""
    if isinstance(in_konsiderans, str):
        return f"{in_konsiderans}-butir-{min(max(depth, 1), 2)}"
    if in_konsiderans:
        return "konsiderans-butir-2"
    return f"{'ayat-' if indented else ''}butir-{min(depth, 4)}"


def cell_style(row_kind: str, align: str) -> str:
    if row_kind == "head":
        return "tabel-kepala"
    if row_kind == "total":
        return "tabel-jumlah-angka" if align == "right" else "tabel-jumlah"
    return {"left": "tabel-isi", "center": "tabel-tengah", "right": "tabel-angka"}[align]
