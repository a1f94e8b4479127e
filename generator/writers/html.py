"""Model -> HTML + CSS, the input of the PDF writer (and a quick preview with ``--format html``).

Class names are the semantic style names; all appearance lives in templates/styles/NAME.css."""

from __future__ import annotations

import base64
import mimetypes
from html import escape

from generator import model as m
from generator.styles import cell_style, list_item_style
from generator.writers import Ctx, Options, Visitor, charts, measure, outline, watermark


class HtmlWriter(Visitor):
    def __init__(self, options: Options):
        self.sheet = options.stylesheet
        self.resources = options.resources
        self.out: list[str] = []
        self.landscape = False

    def cls(self, style: str) -> str:
        return escape(self.sheet.require(style))

    # -------------------------------------------------------------- document

    def document(self, doc: m.Document) -> str:
        meta = doc.meta
        head = [
            '<!DOCTYPE html>',
            f'<html lang="{escape(meta.lang)}">',
            '<head><meta charset="utf-8">',
            f'<title>{escape(meta.title)}</title>',
            f'<meta name="author" content="{escape(meta.author)}">',
            f'<meta name="description" content="{escape(meta.subject)}">',
            f'<meta name="keywords" content="{escape(", ".join(meta.keywords))}">',
            '<meta name="generator" content="naskah">',
            f'<meta name="dcterms.created" content="{meta.date.isoformat()}T00:00:00+00:00">',
            f'<meta name="dcterms.modified" content="{meta.date.isoformat()}T00:00:00+00:00">',
            f'<style>{font_faces(self.sheet)}{self.sheet.css}{fitted_css(self.sheet, doc)}</style>',
            '</head><body>',
        ]
        if meta.running_head:
            self.out.append(f'<p class="{self.cls("kepala-halaman")}">{escape(meta.running_head)}</p>')
        mark = watermark(self.sheet, meta)
        if mark:
            self.out.append(watermark_element(self.sheet, mark))
        for block in doc.blocks:
            self.visit(block, Ctx())
        return "\n".join(head + self.out + ["</body></html>", ""])

    # -------------------------------------------------------------- inlines

    def inlines(self, nodes) -> str:
        return "".join(self.visit(n) for n in nodes)

    def visit_Text(self, node: m.Text, *_):
        return escape(node.text, quote=False)

    def visit_Emph(self, node: m.Emph, *_):
        return f"<i>{self.inlines(node.children)}</i>"

    def visit_Strong(self, node: m.Strong, *_):
        return f"<b>{self.inlines(node.children)}</b>"

    def visit_Ref(self, node: m.Ref, *_):
        return escape(node.text, quote=False)

    # -------------------------------------------------------------- blocks

    def visit_Para(self, node: m.Para, ctx: Ctx):
        self.out.append(f'<p class="{self.cls(node.style)}">{self.inlines(node.inlines)}</p>')

    def visit_Image(self, node: m.Image, ctx):
        """Images are embedded as data: URLs, so the HTML is self-contained and the PDF writer fetches
        nothing."""
        mime = mimetypes.guess_type(node.src)[0] or "image/png"
        src = f"data:{mime};base64," + base64.b64encode(self.resources[node.src]).decode()
        self.out.append(f'<img class="{self.cls(node.style)}" src="{src}" '
                        f'alt="{escape(node.alt)}" style="width: {node.width_mm}mm">')

    def visit_PageBreak(self, node, ctx):
        self.out.append('<div class="halaman-baru"></div>')

    def visit_LabeledBlock(self, node: m.LabeledBlock, ctx):
        label = escape(node.label)
        colon = ":" if node.colon else ""
        if len(node.blocks) == 1 and isinstance(node.blocks[0], m.Para):
            para = node.blocks[0]
            self.out.append(f'<table class="{self.cls(para.style)}"><tr><td class="k-label">{label}</td>'
                            f'<td class="k-colon">{colon}</td><td>{self.inlines(para.inlines)}</td></tr></table>')
            return
        if not (len(node.blocks) == 1 and isinstance(node.blocks[0], m.ListBlock)):
            # a label before sentences and lists (a diktum): all of them in the text column
            self.out.append(f'<table class="{self.cls(node.style)}"><tr><td class="k-label">{label}</td>'
                            f'<td class="k-colon">{colon}</td><td>')
            for block in node.blocks:
                if isinstance(block, m.Para):
                    self.out.append(f'<p class="{self.cls(node.style + "-teks")}">{self.inlines(block.inlines)}</p>')
                else:
                    self.visit(block, Ctx(konsiderans=node.style))
            self.out.append("</td></tr></table>")
            return
        (lst,) = node.blocks
        self.out.append(f'<table class="{self.cls(node.style)}">')
        for i, item in enumerate(lst.items):
            self.out.append(f'<tr><td class="k-label">{label if i == 0 else ""}</td>'
                            f'<td class="k-colon">{colon if i == 0 else ""}</td>'
                            f'<td class="k-penanda">{escape(item.label)}</td><td class="k-isi">')
            self.item_blocks(item.blocks, Ctx(konsiderans=True, depth=1))
            self.out.append("</td></tr>")
        self.out.append("</table>")

    def item_blocks(self, blocks, ctx: Ctx):
        for block in blocks:
            if isinstance(block, m.Para):
                self.out.append(f"<p>{self.inlines(block.inlines)}</p>")
            else:
                self.visit(block, ctx)

    def visit_ListBlock(self, node: m.ListBlock, ctx: Ctx):
        depth = ctx.depth + 1
        self.out.append('<div class="daftar">')
        for item in node.items:
            self.visit(item, ctx.deeper(depth))
        self.out.append("</div>")

    def visit_ListItem(self, node: m.ListItem, ctx: Ctx):
        self.hanging(list_item_style(ctx.indented, ctx.konsiderans, ctx.depth), node.label, node.blocks, ctx)

    def hanging(self, style: str, label: str, blocks, ctx: Ctx):
        """Marker and first paragraph in one line box (a hanging indent, so a page break can never part
        them); the rest of the blocks indented under the text."""
        first, *rest = blocks
        self.out.append(f'<div class="{self.cls(style)}">')
        if isinstance(first, m.Para):
            self.out.append(f'<p class="gantung"><span class="penanda">{escape(label)}</span>'
                            f'{self.inlines(first.inlines)}</p>')
        else:
            self.out.append(f'<p class="gantung"><span class="penanda">{escape(label)}</span></p>')
            rest = [first, *rest]
        if rest:
            self.out.append('<div class="isi">')
            self.item_blocks(rest, ctx)
            self.out.append("</div>")
        self.out.append("</div>")

    def division(self, node, prefix: str, ctx):
        self.out.append(f'<div class="{prefix}" data-label="{escape(node.label)} {escape(node.title.upper())}">'
                        f'<p class="{self.cls(prefix + "-nomor")}">{escape(node.label)}</p>'
                        f'<p class="{self.cls(prefix + "-judul")}">{escape(_title(node, prefix))}</p></div>')
        for block in node.blocks:
            self.visit(block, ctx)

    def visit_Bab(self, node, ctx):  # also Bagian and Paragraf: style names "bab-nomor", ...
        self.division(node, type(node).__name__.lower(), ctx)

    visit_Bagian = visit_Paragraf = visit_Bab

    def visit_Section(self, node: m.Section, ctx):
        style = self.cls(f"{node.style}-{node.level}")
        self.out.append(f'<div class="seksi"><p class="{style}" id="{escape(node.id)}" '
                        f'data-label="{escape(node.label)} {escape(node.title)}"><span class="penanda">'
                        f'{escape(node.label)}</span>{escape(node.title)}</p>')
        for block in node.blocks:
            self.visit(block, Ctx(indented=True))
        self.out.append("</div>")

    def visit_Chart(self, node: m.Chart, ctx):
        svg = base64.b64encode(charts.svg(node)).decode()
        self.out.append(f'<figure class="{self.cls("gambar")}"><img src="data:image/svg+xml;base64,{svg}" '
                        f'alt="{escape(node.title)}"><figcaption class="{self.cls("keterangan-gambar")}">'
                        f'{escape(node.label)}. {escape(node.title)}</figcaption></figure>')

    def visit_Toc(self, node: m.Toc, ctx):
        self.out.append(f'<nav><p class="{self.cls("daftar-isi-judul")}">{escape(node.title)}</p>')
        for entry in node.entries:
            self.out.append(f'<p class="{self.cls(f"daftar-isi-{entry.level}")}"><a href="#{escape(entry.target)}">'
                            f'<span class="penanda">{escape(entry.label)}</span>{escape(entry.title)}</a></p>')
        self.out.append("</nav>")

    def visit_Landscape(self, node: m.Landscape, ctx):
        self.out.append('<div class="lanskap">')
        self.landscape = True
        for block in node.blocks:
            self.visit(block, ctx)
        self.landscape = False
        self.out.append("</div>")

    def visit_Kutipan(self, node: m.Kutipan, ctx):
        self.out.append('<div class="kutipan">')
        for block in node.blocks:
            self.visit(block, ctx)
        self.out.append("</div>")

    def visit_Pasal(self, node: m.Pasal, ctx):
        self.out.append(f'<p class="{self.cls("pasal-judul")}">{escape(node.label)}</p>')
        for block in node.blocks:
            self.visit(block, Ctx())

    def visit_Ayat(self, node: m.Ayat, ctx):
        self.hanging("ayat", node.label, node.blocks, Ctx(indented=True))

    def visit_SignatureBlock(self, node: m.SignatureBlock, ctx):
        """A signature never stands alone on a page: no break before it (``.ttd``), and the paragraph
        before it is kept whole (``.tetap``)."""
        for i in range(len(self.out) - 1, -1, -1):
            if self.out[i].startswith(('<div class="halaman-baru"', '<div class="ttd"')):
                break
            if self.out[i].startswith("<p class=") or '<p class="gantung">' in self.out[i]:
                self.out[i] = self.out[i].replace('<p class="', '<p class="tetap ', 1)
                break
        line_style = self.cls(f"ttd-{node.side}")
        name_style = self.cls(f"ttd-nama-{node.side}")
        lines = "".join(f'<p class="{line_style}">{escape(t)}</p>' for t in node.lines + (node.jabatan,))
        self.out.append(f'<div class="ttd">{lines}<p class="{name_style}">{escape(node.name)}</p></div>')

    def visit_Table(self, node: m.Table, ctx):
        if node.caption:
            self.out.append(f'<p class="{self.cls("keterangan-tabel")}">{escape(node.label)}. '
                            f'{escape(node.caption)}</p>')
        self.out.append(f'<table class="{self.cls(node.style)}">')
        widths = measure.column_widths(self.sheet, node, measure.text_width_pt(self.sheet, self.landscape))
        total = sum(widths)
        self.out.append("<colgroup>" + "".join(f'<col style="width: {100 * w / total:.2f}%">'
                                                for w in widths) + "</colgroup>")
        heads = [r for r in node.rows if r.kind == "head"]
        body = [r for r in node.rows if r.kind != "head"]
        if heads:
            self.out.append("<thead>")
            for row in heads:
                self.visit(row, ctx)
            self.out.append("</thead>")
        self.out.append("<tbody>")
        for row in body:
            self.visit(row, ctx)
        self.out.append("</tbody></table>")

    def visit_Row(self, node: m.Row, ctx):
        tag = "th" if node.kind == "head" else "td"
        cells = []
        for cell in node.cells:
            span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
                   (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
            cells.append(f'<{tag} class="{self.cls(cell_style(node.kind, cell.align))}"{span}>'
                         f'{self.inlines(cell.inlines)}</{tag}>')
        self.out.append("<tr>" + "".join(cells) + "</tr>")

    def visit_Cell(self, node, ctx):  # cells are written by their row
        raise AssertionError("a Cell is written by visit_Row")


def fitted_css(sheet, doc: m.Document) -> str:
    """Indents moved left for lines that must not break (``measure.fitted_indents``)."""
    return "".join(f"\n.{style} {{ margin-left: {cm:.1f}cm; }}"
                   for style, cm in measure.fitted_indents(sheet, doc).items())


def watermark_element(sheet, text: str) -> str:
    """The watermark: a fixed element (so on every page, behind the text, placed by the CSS class
    ``tanda-air``) holding the text as glyph outlines of the stylesheet's bold face, so that it is a
    picture in the PDF, not words of its text layer. Without font files (an HTML preview) it is text."""
    faces = sorted(sheet.fonts, key=lambda face: (face.weight != "bold", face.style != "normal"))
    if not faces:
        return f'<div class="tanda-air">{escape(text)}</div>'
    data = base64.b64encode(outline.svg(text, faces[0].data, fill="#9a9a9a")).decode()
    return f'<div class="tanda-air"><img src="data:image/svg+xml;base64,{data}" alt=""></div>'


def font_faces(sheet) -> str:
    """@font-face rules for the stylesheet's font files. Their URLs name no file or server: only the PDF
    writer's fetcher knows them, and it serves these bytes (a browser previewing the HTML falls back to
    its own fonts)."""
    return "".join(f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                   f'font-style: {face.style}; src: url("{face.url}"); }}\n' for face in sheet.fonts)


def _title(node, prefix: str) -> str:
    return node.title.upper() if prefix == "bab" else node.title


def write(document: m.Document, options: Options) -> bytes:
    return HtmlWriter(options).document(document).encode("utf-8")
