"""Model -> DOCX with python-docx. Every paragraph gets a named Word style (defined from
templates/styles/NAME.word.yaml), so a drafter keeps editing a real document, not direct formatting.

Numbers a drafter's edits must keep right are Word's own: BAB, Pasal and ayat are Word lists bound to
their styles, each list of huruf/angka items is a Word list of its own, and a cross-reference is words plus
REF fields to bookmarks on the numbered paragraphs, cached with the text the model computed. The stylesheet
says which styles and lists are numbered (``numbering:``, ``lists:``); anything else keeps typed numbers."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.text.paragraph import Paragraph

from generator import model as m
from generator.styles import cell_style, list_item_style
from generator.writers import Ctx, Options, Visitor, charts, measure, ooxml, watermark

TWIPS_PER_CM = 1440 / 2.54
TAB_ALIGN = {"left": WD_TAB_ALIGNMENT.LEFT, "right": WD_TAB_ALIGNMENT.RIGHT}
TAB_LEADER = {"spaces": WD_TAB_LEADER.SPACES, "dot": WD_TAB_LEADER.DOTS}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


KUTIPAN_CM = 1.0     # how far the Pasal an amendment quotes are set in (the PDF: .kutipan in the CSS)


class DocxWriter(Visitor):
    def __init__(self, options: Options):
        self.sheet = options.stylesheet
        self.resources = options.resources
        self.pages = options.pages
        self.doc = new_document()
        self.page_break = False
        self.portrait_pending = False
        self.bookmarks: dict[str, tuple] = {}   # anchor of a referenced unit -> (bookmark name, id)
        self.last = None                        # the paragraph written last
        self._define_styles()
        self._define_page()
        self._define_numbering()

    # -------------------------------------------------------------- set-up

    def _define_styles(self) -> None:
        """The Word styles of the stylesheet (``styles:`` in NAME.word.yaml), on a Normal style in its font."""
        normal = self._define_normal()
        ooxml.set_language(self.doc)
        self.names = {}      # semantic name -> Word style name
        self.ids = {}        # semantic name -> Word style id (set directly: name look-ups are slow)
        existing = {s.name for s in self.doc.styles}
        for key, spec in self.sheet.word["styles"].items():
            self.names[key] = spec["word"]
            if spec.get("type") == "table":
                self._define_table_style(spec)
            else:
                self.ids[key] = self._define_paragraph_style(spec, normal, existing).style_id

    def _define_normal(self):
        """Word's Normal style in the stylesheet's font (``font:``), for every script."""
        font = self.sheet.word["font"]
        normal = self.doc.styles["Normal"]
        normal.font.name = font["name"]
        normal.font.size = Pt(font["size_pt"])
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = font.get("line_spacing", 1.0)
        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(ooxml.qn(attr), font["name"])
        return normal

    def _define_table_style(self, spec: dict) -> None:
        table_style = self.doc.styles.add_style(spec["word"], WD_STYLE_TYPE.TABLE)
        table_style.base_style = self.doc.styles[spec.get("based_on", "Normal Table")]

    def _define_paragraph_style(self, spec: dict, normal, existing: set[str]):
        """One paragraph style: alignment, spacing, indents, tab stops, keep-with-next, font, outline level."""
        base = normal
        if "based_on" in spec:
            base = self.doc.styles[spec["based_on"]]
            ooxml.plain_style(base)
        # Word's own names ("toc 1") are what its TOC field uses: take the built-in if present
        style = (self.doc.styles[spec["word"]] if spec["word"] in existing
                 else self.doc.styles.add_style(spec["word"], WD_STYLE_TYPE.PARAGRAPH))
        style.base_style = base
        style.quick_style = True
        pf, f = style.paragraph_format, style.font
        pf.alignment = ALIGN[spec.get("align", "left")]
        pf.space_before = Pt(spec.get("space_before_pt", 0))
        pf.space_after = Pt(spec.get("space_after_pt", 0))
        if "left_indent" in spec:
            pf.left_indent = Cm(spec["left_indent"])
        if "first_line" in spec:
            pf.first_line_indent = Cm(spec["first_line"])
        for stop in spec.get("tabs", ()):
            if isinstance(stop, dict):   # {pos, align: right, leader: dot}
                pf.tab_stops.add_tab_stop(Cm(stop["pos"]), TAB_ALIGN[stop.get("align", "left")],
                                          TAB_LEADER[stop.get("leader", "spaces")])
            else:
                pf.tab_stops.add_tab_stop(Cm(stop))
        pf.keep_with_next = spec.get("keep_with_next", False)
        f.bold = spec.get("bold", None)
        f.italic = spec.get("italic", None)
        if "size_pt" in spec:
            f.size = Pt(spec["size_pt"])
        if "outline_level" in spec:
            ooxml.set_outline_level(style, spec["outline_level"])
        return style

    def _define_page(self) -> None:
        """Page size, margins and header distance of the first section (``page:``); its header and footer
        texts are written by ``_headers``."""
        page = self.sheet.word["page"]
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(page["width_mm"]), Mm(page["height_mm"])
        section.top_margin, section.bottom_margin = Mm(page["margin_top_mm"]), Mm(page["margin_bottom_mm"])
        section.left_margin, section.right_margin = Mm(page["margin_left_mm"]), Mm(page["margin_right_mm"])
        section.header_distance = Mm(page["header_mm"])
        section.different_first_page_header_footer = not page.get("first_page_header", False)
        self.page_texts = (page.get("header", ""), page.get("footer", ""))

    def _define_numbering(self) -> None:
        word = self.sheet.word
        self.numbering = ooxml.Numbering(self.doc)
        self.numbered: set[str] = set()             # semantic styles whose paragraphs Word numbers
        for levels in word.get("numbering", {}).values():
            if not levels:          # a stylesheet that extends another may switch a numbering off: []
                continue
            aid = self.numbering.define([self._level(lvl, lvl["style"], bound=True) for lvl in levels])
            num = self.numbering.instance(aid)
            for ilvl, lvl in enumerate(levels):
                style = self.doc.styles.get_by_id(self.ids[lvl["style"]], WD_STYLE_TYPE.PARAGRAPH)
                ooxml.set_numbering(style.element.get_or_add_pPr(), num, ilvl)
                self.numbered.add(lvl["style"])
        self.lists: dict[tuple[str, str], int] = {}   # (list kind, item style) -> list definition
        self.open_lists: list[tuple[str, str]] = []     # the lists being written, outermost first

    def _level(self, spec: dict, style: str, bound: bool) -> ooxml.Level:
        """A Word list level from the stylesheet's ``numbering``/``lists`` entry, indented as ``style``."""
        para = self.sheet.word["styles"][self.sheet.require(style)]
        left, first = (round(para.get(key, 0) * TWIPS_PER_CM) for key in ("left_indent", "first_line"))
        return ooxml.Level(spec["format"], spec["text"], spec.get("suffix", "tab"),
                           self.ids[style] if bound else "", (left, -first))

    def list_num(self, kind: str, style: str) -> int:
        """A new Word list (restarting at 1) for one list of ``kind`` in ``style``; 0 if the stylesheet
        keeps that kind typed."""
        spec = self.sheet.word.get("lists", {}).get(kind)
        if spec is None:
            return 0
        if (kind, style) in self.open_lists:    # a list inside a list of its own kind (the Pasal an amendment
            # quotes under its numbered change items): a definition of its own, or LibreOffice counts the
            # outer list on from the inner one's last number
            return self.numbering.instance(self.numbering.define([self._level(spec, style, bound=False)]),
                                           restart=True)
        if (kind, style) not in self.lists:
            self.lists[kind, style] = self.numbering.define([self._level(spec, style, bound=False)])
        return self.numbering.instance(self.lists[kind, style], restart=True)

    def label(self, style: str, label: str, sep: str = "\t") -> str:
        """The typed label of a unit, or "" where Word numbers the style."""
        return "" if style in self.numbered else label + sep

    def _headers(self, meta: m.Meta) -> None:
        """Header and footer of the first section (later sections link to it): the Word yaml's texts,
        with {n} as a PAGE field and {running_head} as the document's running head; and the watermark
        of a draft built from illustrative data (``page: watermark:``), in every header."""
        running_head = meta.running_head
        section = self.doc.sections[0]
        text = watermark(self.sheet, meta)
        if text:
            width = (section.page_width - section.left_margin - section.right_margin) / 12700 * 0.9
            headers = [section.header] + ([section.first_page_header]
                                          if section.different_first_page_header_footer else [])
            for i, header in enumerate(headers, 1):
                header.is_linked_to_previous = False
                ooxml.add_watermark(header.paragraphs[0], text, self.sheet.word["font"]["name"],
                                    round(width, 1), i)
        for part, text in zip((section.header, section.footer), self.page_texts):
            if not text:
                continue
            p = part.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            before, _, after = text.replace("{running_head}", running_head).partition("{n}")
            p.add_run(before)
            if "{n}" in text:
                ooxml.add_field(p, "PAGE", "2")
                p.add_run(after)

    def para(self, style: str, text: str = "", inlines=(), anchor: str = "", num: int = 0):
        """A paragraph of ``style``: typed ``text``, then ``inlines``; ``num`` numbers it as an item of
        that Word list; a referenced ``anchor`` puts a bookmark around it."""
        self._back_to_portrait()
        p = self.doc.add_paragraph()
        p._p.style = self.ids[self.sheet.require(style)]
        if self.page_break:
            p.paragraph_format.page_break_before = True
            self.page_break = False
        if num:
            ooxml.set_numbering(p._p.get_or_add_pPr(), num)
        if text:
            p.add_run(text)
        self.runs(p, inlines)
        if anchor in self.bookmarks:
            ooxml.bookmark(p, *self.bookmarks[anchor])
        self.last = p
        return p

    def runs(self, p, inlines, bold=None, italic=None) -> None:
        for node in inlines:
            if isinstance(node, m.Text):
                run = p.add_run(node.text)
            elif isinstance(node, m.Ref):
                for anchor, words in node.parts or (("", node.text),):
                    if anchor in self.bookmarks:
                        ooxml.add_field(p, f"REF {self.bookmarks[anchor][0]} \\n \\h", words)
                    else:
                        p.add_run(words)
                continue
            elif isinstance(node, m.Emph):
                self.runs(p, node.children, bold, True)
                continue
            elif isinstance(node, m.Strong):
                self.runs(p, node.children, True, italic)
                continue
            else:
                self.visit(node)
                continue
            if bold:
                run.bold = True
            if italic:
                run.italic = True

    # -------------------------------------------------------------- document

    def document(self, doc: m.Document) -> bytes:
        meta = doc.meta
        self._headers(meta)
        for style, cm in measure.fitted_indents(self.sheet, doc).items():   # lines that must not break
            word_style = self.doc.styles.get_by_id(self.ids[style], WD_STYLE_TYPE.PARAGRAPH)
            word_style.paragraph_format.left_indent = Cm(cm)
        referenced = (anchor for block in doc.blocks for node in m.walk(block) if isinstance(node, m.Ref)
                      for anchor, _ in node.parts if anchor)
        for i, anchor in enumerate(dict.fromkeys(referenced), 1):
            self.bookmarks[anchor] = (f"_Ref{i:09d}", i)     # the form of Word's own cross-reference marks
        for block in doc.blocks:
            self.visit(block, Ctx())
        props = self.doc.core_properties
        stamp = dt.datetime.combine(meta.date, dt.time())
        props.title, props.subject, props.author = meta.title, meta.subject, meta.author
        props.keywords = ", ".join(meta.keywords)
        props.language = "id-ID"
        props.created = props.modified = stamp
        props.last_printed = stamp
        props.last_modified_by = meta.author
        props.revision = 1
        props.comments = "Dibuat oleh naskah"
        ooxml.own_package(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return ooxml.deterministic_package(buffer.getvalue())

    # -------------------------------------------------------------- nodes

    def visit_Para(self, node: m.Para, ctx):
        self.para(node.style, inlines=node.inlines)

    def visit_Image(self, node: m.Image, ctx):
        p = self.para(node.style)
        p.add_run().add_picture(io.BytesIO(self.resources[node.src]), width=Mm(node.width_mm))

    def visit_PageBreak(self, node, ctx):
        self.page_break = True

    def visit_LabeledBlock(self, node: m.LabeledBlock, ctx):
        colon = ":" if node.colon else ""
        if len(node.blocks) == 1 and isinstance(node.blocks[0], m.Para):
            para = node.blocks[0]
            self.para(para.style, f"{node.label}\t{colon}\t", para.inlines)
            return
        if not (len(node.blocks) == 1 and isinstance(node.blocks[0], m.ListBlock)):
            self.labeled_text(node, colon)
            return
        (lst,) = node.blocks
        for i, item in enumerate(lst.items):
            first, *rest = item.blocks
            lead = f"{node.label}\t{colon}\t" if i == 0 else "\t\t"
            self.para(node.style, f"{lead}{item.label}\t", first.inlines)
            self.item_rest(rest, Ctx(konsiderans=True, depth=1), node.style, "\t\t\t")

    def labeled_text(self, node: m.LabeledBlock, colon: str):
        """A label before sentences and lists (a diktum): the first paragraph beside the label, the rest
        aligned with its text ("{style}-teks"), lists in "{style}-butir-N"."""
        first, *rest = node.blocks
        if isinstance(first, m.Para):
            self.para(node.style, f"{node.label}\t{colon}\t", first.inlines)
        else:
            self.para(node.style, f"{node.label}\t{colon}\t")
            rest = [first, *rest]
        self.item_rest(rest, Ctx(konsiderans=node.style), node.style + "-teks", "")

    def item_rest(self, blocks, ctx, style: str, lead: str):
        """Blocks after the first paragraph of an item/ayat: sub-lists, or further paragraphs aligned
        with the text."""
        for block in blocks:
            if isinstance(block, m.Para):
                self.para(style, lead, block.inlines)
            else:
                self.visit(block, ctx)

    def visit_ListBlock(self, node: m.ListBlock, ctx):
        ctx = ctx.deeper(ctx.depth + 1)
        style = list_item_style(ctx.indented, ctx.konsiderans, ctx.depth)
        num = self.list_num(node.numbering, style)
        self.open_lists.append((node.numbering, style))
        for item in node.items:
            self.visit(item, ctx, num)
        self.open_lists.pop()

    def visit_ListItem(self, node: m.ListItem, ctx, num: int = 0):
        style = list_item_style(ctx.indented, ctx.konsiderans, ctx.depth)
        self.numbered_unit(node, style, "" if num else f"{node.label}\t", num, ctx, style, "\t")

    def numbered_unit(self, node, style: str, label: str, num: int, ctx, rest_style: str, lead: str):
        """An ayat or a list item: its typed label (none where Word numbers it) and first paragraph, with
        its bookmark; then its further paragraphs and sub-lists."""
        first, *rest = node.blocks
        inlines = first.inlines if isinstance(first, m.Para) else ()
        if not isinstance(first, m.Para):
            rest = [first, *rest]
        self.para(style, label, inlines, anchor=node.anchor, num=num)
        self.item_rest(rest, ctx, rest_style, lead)

    def division(self, node, prefix: str, ctx):
        self.para(prefix + "-nomor", self.label(prefix + "-nomor", node.label, ""), anchor=node.anchor)
        self.para(prefix + "-judul", node.title.upper() if prefix == "bab" else node.title)
        for block in node.blocks:
            self.visit(block, ctx)

    def visit_Bab(self, node, ctx):  # also Bagian and Paragraf: style names "bab-nomor", ...
        self.division(node, type(node).__name__.lower(), ctx)

    visit_Bagian = visit_Paragraf = visit_Bab

    def visit_Section(self, node: m.Section, ctx):
        style = f"{node.style}-{node.level}"
        self.para(style, self.label(style, node.label) + node.title, anchor=node.anchor)
        for block in node.blocks:
            self.visit(block, Ctx(indented=True))

    def visit_Chart(self, node: m.Chart, ctx):
        p = self.para("gambar")
        p.add_run().add_picture(io.BytesIO(charts.png(node)), width=Cm(16))
        self.para("keterangan-gambar", f"{node.label}. {node.title}")

    def visit_Toc(self, node: m.Toc, ctx):
        """A TOC field whose cached result already lists the entries (with the PDF's page numbers when
        known), so the DOCX shows the right contents before anyone updates fields."""
        self.para("daftar-isi-judul", node.title)
        entries = node.entries or (m.TocEntry(1, "", "", ""),)
        paragraphs = []
        for entry in entries:
            p = self.para(f"daftar-isi-{entry.level}")
            page = self.pages.get(entry.target)
            p.add_run(f"{entry.label}\t{entry.title}\t{page if page else ''}")
            paragraphs.append(p)
        ooxml.wrap_in_field(paragraphs[0], paragraphs[-1], f'TOC \\o "1-{node.depth}" \\h \\z')

    def visit_Landscape(self, node: m.Landscape, ctx):
        self._back_to_portrait()
        self._new_section(landscape=True)
        for block in node.blocks:
            self.visit(block, ctx)
        self.portrait_pending = True   # opened lazily: a document ending in landscape has no blank page

    def _back_to_portrait(self) -> None:
        if self.portrait_pending:
            self.portrait_pending = False
            self._new_section(landscape=False)

    def _new_section(self, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        width, height = sorted((section.page_width, section.page_height), reverse=landscape)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height

    def visit_Kutipan(self, node: m.Kutipan, ctx):
        """The Pasal an amendment quotes, set in by ``KUTIPAN_CM`` under their change item: each paragraph
        keeps its style's indentation (which its list level repeats), moved right."""
        body = self.doc.element.body
        before = set(body)          # the new paragraphs go before the closing sectPr, not after it
        for block in node.blocks:
            self.visit(block, ctx)
        for element in body:
            if element not in before and element.tag == qn("w:p"):
                self._indent_more(Paragraph(element, self.doc), Cm(KUTIPAN_CM))

    def _indent_more(self, p: Paragraph, by) -> None:
        left = first = None
        style = p.style
        while style is not None and (left is None or first is None):
            left = style.paragraph_format.left_indent if left is None else left
            first = style.paragraph_format.first_line_indent if first is None else first
            style = style.base_style
        p.paragraph_format.left_indent = (left or 0) + by
        p.paragraph_format.first_line_indent = first or 0

    def visit_Pasal(self, node: m.Pasal, ctx):
        self.para("pasal-judul", self.label("pasal-judul", node.label, ""), anchor=node.anchor)
        for block in node.blocks:
            self.visit(block, Ctx())

    def visit_Ayat(self, node: m.Ayat, ctx):
        self.numbered_unit(node, "ayat", self.label("ayat", node.label), 0, Ctx(indented=True), "ayat-teks", "")

    def visit_SignatureBlock(self, node: m.SignatureBlock, ctx):
        """A signature never stands alone on a page: the paragraph before it (a promulgation formula, a
        letter's last paragraph, another signature's name) stays whole and on its page; its lines keep
        with the name (the styles' keep-with-next, the names' too: Ditetapkan, Diundangkan and the Berita
        Daerah line stand together)."""
        if self.last is not None and not self.page_break:
            self.last.paragraph_format.keep_with_next = True
            self.last.paragraph_format.keep_together = True
        for line in node.lines + (node.jabatan,):
            self.para(f"ttd-{node.side}", line)
        self.para(f"ttd-nama-{node.side}", node.name)

    def visit_Table(self, node: m.Table, ctx):
        if node.caption:
            self.para("keterangan-tabel", f"{node.label}. {node.caption}")
        ncols = max(sum(c.colspan for c in row.cells) for row in node.rows)
        self._back_to_portrait()
        table = self.doc.add_table(rows=len(node.rows), cols=ncols)
        table.autofit = False
        table.style = self.doc.styles[self.names[self.sheet.require(node.style)]]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        occupied: set[tuple[int, int]] = set()
        # python-docx finds a cell by listing the whole table each time: list it once (a 500-row table
        # would otherwise take minutes); a merge leaves the cells it does not swallow where they are
        grid, rows = table._cells, list(table.rows)
        for r, row in enumerate(node.rows):
            if row.kind == "head":
                ooxml.repeat_header_row(rows[r])
            ooxml.cant_split_row(rows[r])
            c = 0
            for cell in row.cells:
                while (r, c) in occupied:
                    c += 1
                target = grid[r * ncols + c]
                if cell.colspan > 1 or cell.rowspan > 1:
                    target = target.merge(grid[(r + cell.rowspan - 1) * ncols + c + cell.colspan - 1])
                for rr in range(r, r + cell.rowspan):
                    for cc in range(c, c + cell.colspan):
                        occupied.add((rr, cc))
                p = target.paragraphs[0]
                p._p.style = self.ids[self.sheet.require(cell_style(row.kind, cell.align))]
                self.runs(p, cell.inlines)
                c += cell.colspan
        section = self.doc.sections[-1]
        text_width = section.page_width - section.left_margin - section.right_margin
        widths = measure.column_widths(self.sheet, node, text_width / 12700)     # EMU -> pt
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
            col.w = Emu(int(width * 12700))       # the grid, which LibreOffice follows
        for tr in table._tbl.tr_lst:              # the cells, which Word follows: a merged one spans columns
            c = 0
            for tc in tr.tc_lst:
                tc.width = Emu(int(sum(widths[c:c + tc.grid_span]) * 12700))
                c += tc.grid_span
        self.para("teks")  # Word needs a paragraph between a table and what follows

    def visit_Row(self, node, ctx):  # rows are written by visit_Table
        raise AssertionError("a Row is written by visit_Table")

    def visit_Cell(self, node, ctx):
        raise AssertionError("a Cell is written by visit_Table")

    def visit_Text(self, node, ctx=None):
        raise AssertionError("inlines are written by runs()")

    visit_Emph = visit_Strong = visit_Ref = visit_Text


def write(document: m.Document, options: Options) -> bytes:
    return DocxWriter(options).document(document)
