"""The document model: frozen dataclasses, free of any output format.

Templates produce neutral XML; the reader turns it into these nodes; transforms return new trees; writers
read them. Nothing here imports python-docx, WeasyPrint or jinja2. Appearance is carried only by semantic
style names (``style``), which each writer maps: to Word styles in the DOCX, to CSS classes in the HTML/PDF.

Two groups of block nodes:
* *source nodes* (``Peraturan``, ``Citation``, ``KetentuanPenutup``, ``Lampiran``) exist between the
  reader and the frame/citation transforms, which expand them into layout nodes;
* *layout nodes* (everything in ``LAYOUT_NODES``) are what writers receive; every writer must handle every
  one of them (a test checks this).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class Pos:
    """Where a node came from: the rendered markup line (and the template it was rendered from)."""

    template: str
    line: int
    col: int = 0

    def __str__(self) -> str:
        return f"{self.template} (markup line {self.line})"


# ------------------------------------------------------------------------------------------ enumerations
# Every field that takes one of a fixed set of values is annotated with one of these. The reader checks the
# markup attributes that fill them against the same Literal, in one place (``reader.CHOICES``), so a bad
# value is a problem naming its template line, never an internal error later in a transform or a writer.

ListKind = Literal["kumulatif", "alternatif", "kumulatif-alternatif", "definisi", "bebas"]
"""``<daftar jenis>``: the punctuation the machine adds ("; dan", "; atau", "; dan/atau", "." or none)."""

FrameListKind = Literal["pertimbangan", "dasar", "alamat", "rujukan"]
"""Lists the machine makes itself: Menimbang, Mengingat, Yth./Tembusan, the Dasar of a Surat Edaran."""

ListNumbering = Literal["huruf", "angka", "huruf-kurung", "angka-kurung"]
"""``<daftar penomoran>``: a. / 1. / a) / 1); without it the numbering transform chooses by depth."""

Align = Literal["left", "center", "right"]
"""``<sel rata>``: alignment of a table cell."""

RowKind = Literal["head", "body", "total"]
"""``<baris jenis>``: header rows repeat on every page; a total row is bold."""

ChartKind = Literal["batang", "komposisi", "tren"]
"""``<grafik jenis>``: bars, stacked shares, lines over periods (see ``Chart``)."""

ChartUnit = Literal["%", "orang", "Rp"]
"""``<grafik satuan>``: the value axis label and the number format."""

Prep = Literal["auto", "none"]
"""``<ref prep>``: "auto" puts "pada"/"dalam" before the reference, "none" leaves it out."""

Side = Literal["kanan", "kiri"]
"""Where a signature block stands (set by the frame)."""

SectionLevel = Literal[1, 2, 3]
"""Depth of a numbered section ("1.", "1.1", "1.1.1"): each level has a heading style; ``<daftar-isi
kedalaman>`` is one of them too."""

Layout = Literal["baru", "lama"]
"""``<surat-edaran tata-letak>``: the current layout or the older letter-style head."""


# ------------------------------------------------------------------------------------------ inlines

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Ref:
    """A cross-reference written by id (``<ref to="pasal-iuran"/>``); ``text`` is filled by the references
    transform ("pada ayat (1)", "dalam Pasal 5 ayat (1) huruf a")."""

    targets: tuple[str, ...]
    prep: Prep = "auto"
    text: str = ""
    parts: tuple[tuple[str, str], ...] = ()   # (anchor, text): the number of the unit with that anchor,
    pos: Pos | None = None                    # or ("", literal words); "".join of the texts is ``text``


Inline = Text | Emph | Strong | Ref


# ------------------------------------------------------------------------------------------ layout blocks

@dataclass(frozen=True)
class Para:
    inlines: tuple[Inline, ...]
    style: str = "teks"
    pos: Pos | None = None


@dataclass(frozen=True)
class Image:
    src: str
    width_mm: float
    style: str = "lambang"
    alt: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]
    id: str = ""
    label: str = ""       # "a.", "1.", "a)", "1)" - set by the numbering transform
    number: int = 0
    pos: Pos | None = None
    anchor: str = ""      # unique within the document, set by the numbering transform (DOCX bookmarks)


@dataclass(frozen=True)
class ListBlock:
    """A tabulation. ``kind`` decides the punctuation the machine adds: kumulatif ("; dan"),
    alternatif ("; atau"), kumulatif-alternatif ("; dan/atau"), definisi (each ends with "."),
    pertimbangan / dasar (each ends with ";"), bebas (nothing added)."""

    kind: ListKind | FrameListKind
    items: tuple[ListItem, ...]
    numbering: ListNumbering | Literal[""] = ""   # "" = by depth, set by the numbering transform
    style: str = "butir"
    pos: Pos | None = None


@dataclass(frozen=True)
class LabeledBlock:
    """"Menimbang :", "Mengingat :", "Menetapkan :", "Yth.": a label, a colon (unless ``colon`` is
    False), then hanging-indented content."""

    label: str
    blocks: tuple[Block, ...]
    style: str = "konsiderans"
    colon: bool = True


@dataclass(frozen=True)
class _Unit:
    """A numbered unit of the batang tubuh; ``number`` and ``label`` are set by the numbering transform."""

    blocks: tuple[Block, ...]
    id: str = ""
    number: int = 0
    label: str = ""
    pos: Pos | None = None
    anchor: str = ""      # unique within the document, set by the numbering transform (DOCX bookmarks)


@dataclass(frozen=True)
class Ayat(_Unit):
    """"(1)": numbered per Pasal."""


@dataclass(frozen=True)
class Pasal(_Unit):
    """"Pasal 12": numbered through the whole regulation. Holds Ayat nodes, or paragraphs and lists."""


@dataclass(frozen=True)
class _Division(_Unit):
    """A numbered division with a title: BAB, Bagian, Paragraf, or a numbered section."""

    title: str = ""


@dataclass(frozen=True)
class Paragraf(_Division):
    """"Paragraf 1": numbered per Bagian."""


@dataclass(frozen=True)
class Bagian(_Division):
    """"Bagian Kesatu": numbered per BAB, in ordinal words."""


@dataclass(frozen=True)
class Bab(_Division):
    """"BAB IV": numbered in Roman numerals."""


@dataclass(frozen=True)
class Section(_Division):
    """A numbered part of a letter or report: "1. Latar Belakang", nested "1.2", numbered per container.
    Its heading takes the style ``{style}-{level}`` ("seksi-1" in a Surat Edaran, "laporan-2" ...)."""

    style: str = "seksi"
    level: SectionLevel = 1            # set by the numbering transform from the nesting

@dataclass(frozen=True)
class SignatureBlock:
    """Place/date lines, jabatan, room for the signature, name."""

    lines: tuple[str, ...]
    jabatan: str
    name: str
    side: Side = "kanan"


@dataclass(frozen=True)
class Cell:
    inlines: tuple[Inline, ...]
    colspan: int = 1
    rowspan: int = 1
    align: Align = "left"


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "body"


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    widths: tuple[float, ...] = ()   # relative column widths
    caption: str = ""
    style: str = "tabel"
    pos: Pos | None = None
    id: str = ""
    number: int = 0                  # caption number, set by the numbering transform when captioned
    label: str = ""                  # "Tabel 3"


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[str, float], ...]     # (category or period label, value)


@dataclass(frozen=True)
class Chart:
    """A chart drawn from data at build time (SVG in the PDF, PNG in the DOCX).

    kind: ``batang`` - one bar per category from the first series, with an optional target line;
    ``komposisi`` - stacked horizontal bars: one bar per category, one segment per series, as shares
    of 100 %; ``tren`` - one line per series over the period labels."""

    kind: ChartKind
    title: str
    series: tuple[Series, ...]
    unit: ChartUnit = "%"
    target: float | None = None
    id: str = ""
    number: int = 0
    label: str = ""                  # "Gambar 2", set by the numbering transform
    pos: Pos | None = None


@dataclass(frozen=True)
class TocEntry:
    level: SectionLevel
    label: str
    title: str
    target: str          # id of the Section


@dataclass(frozen=True)
class Toc:
    """Table of contents; the toc transform fills ``entries`` from the numbered sections."""

    entries: tuple[TocEntry, ...] = ()
    title: str = "DAFTAR ISI"
    depth: SectionLevel = 2


@dataclass(frozen=True)
class Kutipan:
    """Units quoted into another regulation: the Pasal an amendment inserts or gives new wording, under
    its change item. Their numbers are the amended regulation's, typed; they are not units of the
    amending regulation (its own numbering and the drafting lint leave them alone)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Landscape:
    """Blocks set on landscape pages inside a portrait document (wide tables); page numbers continue."""

    blocks: tuple[Block, ...]


# ------------------------------------------------------------------------------------------ source blocks

@dataclass(frozen=True)
class Citation:
    """``<dasar ref="uu-24-2011"/>`` in Mengingat (or Menimbang): rendered from the legal-bases library."""

    ref: str
    pasal: str = ""
    text: str = ""
    pos: Pos | None = None


@dataclass(frozen=True)
class KetentuanPenutup:
    """Extra Pasal for the closing chapter (e.g. a revocation); the machine adds the 'mulai berlaku' Pasal."""

    blocks: tuple[Block, ...]
    pos: Pos | None = None


@dataclass(frozen=True)
class Lampiran:
    title: str
    blocks: tuple[Block, ...]
    id: str = ""
    pos: Pos | None = None


@dataclass(frozen=True)
class PasalLama:
    """``<pasal-lama>``: one Pasal of the regulation a Perubahan amends, as in force."""

    nomor: str                      # "5", "8A"
    id: str = ""                    # the <pasal id> of the new text taking its place; "" = deleted
    bab: str = ""                   # the title of its BAB: "Kepesertaan"
    bagian: str = ""                # the title of its Bagian, or ""
    text: str = ""


@dataclass(frozen=True)
class LampiranLama:
    """``<lampiran-lama>``: a Lampiran of the amended regulation, as text."""

    title: str
    text: str = ""


@dataclass(frozen=True)
class Perubahan:
    """``<mengubah>``: this regulation amends another (``kutipan``: its citation with Berita Daerah and
    earlier amendments; ``title``: "Perubahan atas ..."), whose Pasal are ``pasal``. The frame puts the new
    text's chapters into ``blocks``; the numbering gives their Pasal the numbers of the amended regulation
    (an inserted one "8A"); the amendment transform compares the two and writes Pasal I (the change items)
    and Pasal II."""

    kutipan: str
    title: str
    pasal: tuple[PasalLama, ...] = ()
    lampiran: tuple[LampiranLama, ...] = ()
    blocks: tuple[Block, ...] = ()
    jenis: str = ""                             # "Peraturan Bupati", set by the frame
    lampiran_diubah: tuple[str, ...] = ()       # set by the frame: heads of the Lampiran that changed
    lampiran_dihapus: tuple[str, ...] = ()      # set by the frame: heads of the Lampiran the new text drops
    pos: Pos | None = None


@dataclass(frozen=True)
class Peraturan:
    """A Peraturan Kepala Daerah as the template states it; the frame transform turns it into layout.

    The fields from ``jenis`` to ``lambang`` are the attributes of ``<peraturan>``, named as the attribute
    (``nama-kepala`` -> ``nama_kepala``); the reader fills them, "" where the template leaves one out. A
    regulation without ``nomor`` is a draft (RANCANGAN)."""

    title: str                                  # <judul>
    menimbang: tuple[ListItem, ...]
    mengingat: tuple[Citation, ...]
    blocks: tuple[Block, ...]                 # the Bab of the batang tubuh
    penutup: KetentuanPenutup | None = None
    lampiran: tuple[Lampiran, ...] = ()
    pos: Pos | None = None
    jenis: str = ""                             # "Peraturan Bupati"
    kepala: str = ""                            # "Bupati Tanah Laut"
    daerah: str = ""                            # "Kabupaten Tanah Laut"
    tempat: str = ""                            # where it is enacted: "Pelaihari"
    provinsi: str = ""                          # "Provinsi Kalimantan Selatan" (in the kop of a regency)
    lambang: str = ""                           # emblem image inside the workspace
    nama_kepala: str = ""                       # the signing head of region
    nama_sekda: str = ""                        # the secretary who promulgates it
    nomor: str = ""
    tahun: str = ""
    tanggal_penetapan: dt.date | None = None
    tanggal_pengundangan: dt.date | None = None
    berita_nomor: str = ""                      # number in the Berita Daerah
    mengubah: Perubahan | None = None           # <mengubah>: it amends a regulation in force
    paraf: tuple[str, ...] = ()                 # <paraf-koordinasi>: the officials who initial the draft


@dataclass(frozen=True)
class Laporan:
    """A report as the template states it: blocks, nested sections, a TOC, charts and tables. ``judul``
    and ``kepala_halaman`` are the attributes of ``<laporan>``."""

    blocks: tuple[Block, ...]
    pos: Pos | None = None
    judul: str = ""                             # the document title (PDF/DOCX metadata)
    kepala_halaman: str = ""                    # the running head


@dataclass(frozen=True)
class SuratEdaran:
    """A Surat Edaran as the template states it; the frame transform lays it out (``tata_letak`` "baru"
    or "lama", from the region's settings). The fields from ``kepala`` on are the attributes of
    ``<surat-edaran>``, named as the attribute."""

    subject: str                                # <tentang>
    yth: tuple[ListItem, ...]
    blocks: tuple[Block, ...]                 # Section nodes: the six parts
    tembusan: tuple[ListItem, ...] = ()
    pos: Pos | None = None
    kepala: str = ""                            # "Bupati Tanah Laut"
    daerah: str = ""                            # "Kabupaten Tanah Laut"
    tempat: str = ""                            # where it is signed
    nomor: str = ""
    tata_letak: Layout = "baru"
    provinsi: str = ""
    lambang: str = ""
    nama_kepala: str = ""
    tanggal: dt.date | None = None


@dataclass(frozen=True)
class Diktum:
    """One diktum of a Keputusan as the template states it (``<diktum>``); the frame numbers it in capital
    ordinal words ("KESATU", "KEDUA" ...) and lowers it to a ``LabeledBlock`` in the style "diktum"."""

    blocks: tuple[Block, ...]
    id: str = ""
    pos: Pos | None = None


@dataclass(frozen=True)
class Keputusan:
    """A Keputusan Kepala Daerah as the template states it; the frame turns it into layout (Lampiran II
    UU 12/2011 and Permendagri 80/2015 practice): kop, title block, Menimbang, Mengingat, MEMUTUSKAN,
    Menetapkan, the diktum, the closing diktum "... mulai berlaku pada tanggal ditetapkan.", the signature
    and the Lampiran. It is not promulgated: no Berita Daerah. The fields from ``jenis`` on are the
    attributes of ``<keputusan>``, named as the attribute; without ``nomor`` it is a draft (RANCANGAN)."""

    title: str                                  # <judul>
    menimbang: tuple[ListItem, ...]
    mengingat: tuple[Citation, ...]
    blocks: tuple[Block, ...]                 # the Diktum nodes, without the closing one
    lampiran: tuple[Lampiran, ...] = ()
    pos: Pos | None = None
    jenis: str = ""                             # "Keputusan Bupati"
    kepala: str = ""                            # "Bupati Tanah Laut"
    daerah: str = ""                            # "Kabupaten Tanah Laut"
    tempat: str = ""                            # where it is enacted: "Pelaihari"
    provinsi: str = ""
    lambang: str = ""
    nama_kepala: str = ""
    nomor: str = ""
    tahun: str = ""
    tanggal_penetapan: dt.date | None = None


Block = (Para | Image | PageBreak | ListBlock | LabeledBlock | Ayat | Pasal | Paragraf | Bagian | Bab | Section
         | SignatureBlock | Table | Chart | Toc | Landscape | Kutipan | Citation | KetentuanPenutup | Lampiran
         | Perubahan | Peraturan | SuratEdaran | Laporan | Diktum | Keputusan)

LAYOUT_NODES = (Para, Image, PageBreak, ListItem, ListBlock, LabeledBlock, Ayat, Pasal, Paragraf, Bagian,
                Bab, Section, SignatureBlock, Table, Row, Cell, Chart, Toc, Landscape, Kutipan, Text, Emph, Strong,
                Ref)
SOURCE_NODES = (Citation, KetentuanPenutup, Lampiran, PasalLama, LampiranLama, Perubahan, Peraturan, SuratEdaran,
                Laporan, Diktum, Keputusan)


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    author: str
    date: dt.date
    kind: str
    region: str
    page: str = "F4"                    # paper name, mapped by writers (F4 = 215 x 330 mm)
    stylesheet: str = "naskah"
    keywords: tuple[str, ...] = ()
    lang: str = "id"
    illustrative: bool = False
    running_head: str = ""              # text of the page header, where the stylesheet shows one


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]


# ------------------------------------------------------------------------------------------ helpers

def children(node) -> tuple:
    """The child nodes of a node, in order (blocks, items, inlines, rows, cells)."""
    out: list = []
    for f in fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            out.extend(value)
        elif is_dataclass(value) and not isinstance(value, (Pos, Meta)):
            out.append(value)
    return tuple(out)


def walk(node):
    """Depth-first pre-order over a node and all its descendants."""
    yield node
    for child in children(node):
        yield from walk(child)


def plain_text(inlines) -> str:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Ref):
            out.append(node.text or "?")
        else:
            out.append(plain_text(node.children))
    return "".join(out)


# The containers of the block tree and the field holding their children, in document order. Every walk
# over the tree (the transforms, the lint, ``map_tree``) descends through this one table; a Table's rows and
# a paragraph's inlines are leaves to it. A new container node is added here and nowhere else.
CONTENTS: dict[type, str] = {
    ListBlock: "items", ListItem: "blocks", LabeledBlock: "blocks", Ayat: "blocks", Pasal: "blocks",
    Paragraf: "blocks", Bagian: "blocks", Bab: "blocks", Section: "blocks", Landscape: "blocks",
    KetentuanPenutup: "blocks", Lampiran: "blocks", Peraturan: "blocks", SuratEdaran: "blocks",
    Laporan: "blocks", Diktum: "blocks", Keputusan: "blocks", Kutipan: "blocks", Perubahan: "blocks",
}


def contents(node) -> tuple:
    """The children of a container node (a list's items, a Pasal's blocks ...); () for any other node."""
    name = CONTENTS.get(type(node))
    return getattr(node, name) if name else ()


def with_contents(node, new: tuple):
    """``node`` with its children replaced (the node itself when none changed)."""
    old = contents(node)
    if len(old) == len(new) and all(a is b for a, b in zip(old, new)):
        return node
    return replace(node, **{CONTENTS[type(node)]: tuple(new)})


SKIP = object()   # returned by ``Descent.enter`` as the state: leave the node's children as they are


class Descent:
    """The one walk over the block tree: top-down, in document order, into the containers of ``CONTENTS``.

    ``enter(node, state)`` is called before a node's children and returns the node (changed or not) and
    the state its children see, or ``SKIP`` to leave them alone. ``sequence(blocks, state)`` handles one
    run of siblings and may be overridden for rules over siblings (punctuation). ``order`` is the node's
    position in document order (1, 2, ...), counted here and only here, so two walks over the same tree
    agree on it. ``run(blocks)`` returns the rebuilt blocks; a walk that only looks ignores them."""

    def __init__(self):
        self.order = 0

    def run(self, blocks: tuple, state=None) -> tuple:
        return self.sequence(tuple(blocks), state)

    def enter(self, node, state):
        return node, state

    def sequence(self, blocks: tuple, state) -> tuple:
        return tuple(self.node(b, state) for b in blocks)

    def node(self, node, state):
        self.order += 1
        node, inner = self.enter(node, state)
        if inner is SKIP or type(node) not in CONTENTS:
            return node
        return with_contents(node, self.sequence(contents(node), inner))


def map_tree(node, fn):
    """Rebuild ``node`` bottom-up: every block inside it (at any depth, through ``CONTENTS``) is replaced
    by ``fn(block)`` after its own children were. Inlines are left alone."""
    if type(node) not in CONTENTS:
        return node
    return with_contents(node, tuple(fn(map_tree(child, fn)) for child in contents(node)))


def map_blocks(blocks: tuple, fn) -> tuple:
    """Apply ``fn`` to each block; ``fn`` returns a node, or a tuple of nodes to splice in."""
    out: list = []
    for block in blocks:
        result = fn(block)
        if isinstance(result, tuple):
            out.extend(result)
        else:
            out.append(result)
    return tuple(out)


__all__ = [name for name in dir() if not name.startswith("_")] + ["replace"]
