"""Text drawn as glyph outlines: an SVG of a line of text in one of the stylesheet's font files, for
marks on the page that are pictures, not words (the PDF's watermark stays out of its text layer, so
copying or extracting the text of a draft gives the draft alone)."""

from __future__ import annotations

import io
from html import escape

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont


def svg(text: str, font_data: bytes, fill: str = "#000") -> bytes:
    """An SVG whose view box is the text's advance width by the font's ascent + descent (in font units),
    each glyph one path (defined once, placed where it occurs), filled with ``fill``."""
    font = TTFont(io.BytesIO(font_data))
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    hhea = font["hhea"]
    ascent, descent = hhea.ascent, -hhea.descent
    shapes: dict[str, str] = {}       # glyph name -> its path, drawn once and placed with <use>
    uses, x = [], 0
    for char in text:
        name = cmap.get(ord(char)) or ".notdef"
        if name not in shapes:
            pen = SVGPathPen(glyphs)
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, 0, ascent)))   # y grows downwards in SVG
            shapes[name] = pen.getCommands()
        if shapes[name]:
            uses.append(f'<use href="#g{list(shapes).index(name)}" x="{x}"/>')
        x += glyphs[name].width
    defs = "".join(f'<path id="g{i}" d="{d}"/>' for i, d in enumerate(shapes.values()) if d)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {ascent + descent}" '
            f'fill="{escape(fill)}"><defs>{defs}</defs>{"".join(uses)}</svg>').encode()
