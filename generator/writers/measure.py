"""Widths of text in the stylesheet's font files (fontTools: advance widths, no kerning), for layout
decisions both writers must take alike: a table column at least as wide as its longest word, a block
of lines that must not break (joined by no-break spaces) given the room it needs. The DOCX names the
font by its Word name (Bookman Old Style); the PDF's files are its metric twin (TeX Gyre Bonum), which
is also what LibreOffice substitutes, so one measure serves both."""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont

from generator import model as m

PT_PER_CM = 72 / 2.54
_FACES: dict[str, tuple[dict[int, int], float]] = {}   # font url -> (advance by code point, units per em)
BREAKS = re.compile(r"[ \t\n\r\u2002-\u200b]+")        # where a line may break: not at a no-break space
AFTER = re.compile(r"(?<=[/-])(?=\w)")                  # and after a slash or a hyphen before a letter


def _face(sheet, bold: bool, italic: bool):
    want = ("bold" if bold else "normal", "italic" if italic else "normal")
    faces = sorted(sheet.fonts, key=lambda f: ((f.weight, f.style) != want, f.style != want[1]))
    if not faces:
        return None
    face = faces[0]
    if face.url not in _FACES:
        font = TTFont(io.BytesIO(face.data))
        metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
        _FACES[face.url] = ({cp: metrics[name][0] for cp, name in cmap.items()}, font["head"].unitsPerEm)
    return _FACES[face.url]


def width_pt(sheet, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set in the stylesheet's face at ``size_pt`` (an estimate of 0.6 em a character
    without font files)."""
    face = _face(sheet, bold, italic)
    if face is None:
        return len(text) * size_pt * 0.6
    advances, upem = face
    default = advances.get(ord("n"), upem // 2)
    return sum(advances.get(ord(ch), default) for ch in text) * size_pt / upem


def longest_word_pt(sheet, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Width of the longest piece of ``text`` no line may break (words, and words joined by no-break
    spaces)."""
    pieces = (piece for word in BREAKS.split(text) for piece in AFTER.split(word))
    return max((width_pt(sheet, piece, size_pt, bold, italic) for piece in pieces if piece), default=0.0)


CELL_PADDING_PT = 12.5     # Word's default cell margins (2 x 5.4 pt), a border and a little to spare


def text_width_pt(sheet, landscape: bool = False) -> float:
    """The width between the margins of a page of the stylesheet (``page:`` of its Word file)."""
    page = sheet.word["page"]
    across = page["height_mm"] if landscape else page["width_mm"]
    return (across - page["margin_left_mm"] - page["margin_right_mm"]) * 72 / 25.4


def column_widths(sheet, table, available_pt: float) -> list[float]:
    """Widths (pt, summing to ``available_pt``) of the table's columns: its relative ``widths`` (equal
    without), but every column at least as wide as the longest word of its cells (set in the cell's
    style) plus the cell padding, the width it needs taken from the others in proportion to their
    share. Where the words cannot all fit, every column gets its minimum scaled down alike."""
    from generator.styles import cell_style
    ncols = max(sum(c.colspan for c in row.cells) for row in table.rows)
    weights = [float(w) for w in table.widths[:ncols]] + [1.0] * (ncols - len(table.widths[:ncols]))
    need = [0.0] * ncols
    font = sheet.word["font"]
    occupied: set[tuple[int, int]] = set()     # (row, column) taken by a cell above spanning rows
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in occupied:
                c += 1
            occupied.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            if cell.colspan == 1 and c < ncols:
                spec = sheet.word["styles"].get(cell_style(row.kind, cell.align), {})
                size = spec.get("size_pt", font["size_pt"])
                word = longest_word_pt(sheet, m.plain_text(cell.inlines), size, bool(spec.get("bold")),
                                       bool(spec.get("italic")))
                need[c] = max(need[c], word * 1.04 + CELL_PADDING_PT)
            c += cell.colspan
    if sum(need) >= available_pt:
        return [available_pt * n / sum(need) for n in need]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(ncols) if i not in fixed]
        room = available_pt - sum(fixed.values())
        total = sum(weights[i] for i in free) or 1.0
        widths = {i: room * weights[i] / total for i in free}
        short = [i for i in free if widths[i] < need[i]]
        if not short:
            return [fixed[i] if i in fixed else widths[i] for i in range(ncols)]
        for i in short:
            fixed[i] = need[i]


def fitted_indents(sheet, doc) -> dict[str, float]:
    """Left indents (cm) of the paragraph styles whose indent leaves too little room for a piece of
    their text no line may break (words joined by no-break spaces, as in the head of a Lampiran: the
    block moves left until its longest such line fits); styles whose text fits are not listed."""
    styles, font = sheet.word["styles"], sheet.word["font"]
    room = text_width_pt(sheet)
    out: dict[str, float] = {}
    for block in doc.blocks:
        for node in m.walk(block):
            spec = styles.get(getattr(node, "style", ""), {}) if isinstance(node, m.Para) else {}
            if not spec.get("left_indent"):
                continue
            need = longest_word_pt(sheet, m.plain_text(node.inlines), spec.get("size_pt", font["size_pt"]),
                                   bool(spec.get("bold")), bool(spec.get("italic"))) * 1.04
            indent = min(out.get(node.style, spec["left_indent"]), (room - need) / PT_PER_CM)
            if indent < spec["left_indent"]:
                out[node.style] = max(0.0, int(indent * 10) / 10)
    return out
