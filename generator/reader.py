"""Neutral markup -> document model, with source positions.

The markup is a small XML vocabulary (docs/markup.md). The reader checks every element and attribute
against it, so a typo in a template is an error naming the line instead of text silently lost. It does no
numbering and no punctuation: those are transforms.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from generator import model as m
from generator.errors import Collector, Problems

_WS = re.compile(r"[ \t\r\n]+")   # XML white space only: a no-break space in data stays

# element -> allowed attributes
VOCABULARY: dict[str, set[str]] = {
    "peraturan": {"jenis", "kepala", "daerah", "provinsi", "tempat", "nomor", "tahun", "tanggal-penetapan",
                  "tanggal-pengundangan", "berita-nomor", "nama-kepala", "nama-sekda", "lambang"},
    "judul": set(), "menimbang": set(), "bahwa": {"id"}, "mengingat": set(), "dasar": {"ref", "pasal"},
    "bab": {"id", "judul"}, "bagian": {"id", "judul"}, "paragraf": {"id", "judul"}, "pasal": {"id"},
    "ayat": {"id"}, "daftar": {"jenis", "penomoran"}, "butir": {"id"},
    "ketentuan-penutup": set(), "lampiran": {"id", "judul"}, "paraf-koordinasi": set(), "jabatan": set(),
    "mengubah": {"kutipan", "judul"}, "pasal-lama": {"nomor", "id", "bab", "bagian"}, "lampiran-lama": {"judul"},
    "p": {"gaya"}, "tabel": {"lebar", "judul", "id"}, "baris": {"jenis"},
    "sel": {"colspan", "rowspan", "rata"},
    "ref": {"to", "prep"}, "i": set(), "b": set(),
    "surat-edaran": {"kepala", "daerah", "provinsi", "tempat", "nomor", "tanggal", "nama-kepala", "lambang",
                     "tata-letak"},
    "tentang": set(), "yth": set(), "tembusan": set(), "kepada": set(), "seksi": {"id", "judul"},
    "dasar-hukum": set(),
    "laporan": {"judul", "kepala-halaman"}, "daftar-isi": {"judul", "kedalaman"}, "halaman-baru": set(),
    "lanskap": set(), "grafik": {"jenis", "judul", "satuan", "target", "id"}, "seri": {"nama"},
    "titik": {"label", "nilai"},
    "keputusan": {"jenis", "kepala", "daerah", "provinsi", "tempat", "nomor", "tahun", "tanggal-penetapan",
                  "nama-kepala", "lambang"},
    "diktum": {"id"},
}
ROOTS = ("peraturan", "surat-edaran", "laporan", "keputusan")
INLINE = {"ref", "i", "b"}


@dataclass(frozen=True)
class Choice:
    """An enumerated attribute: a template may write exactly the values of a ``Literal`` of the model."""

    literal: object                            # the Literal alias in generator/model.py
    default: object = None                     # the value when the attribute is left out; None: required
    fills: tuple[tuple[type, str], ...] = ()   # the model fields it fills

    @property
    def values(self) -> tuple:
        return typing.get_args(self.literal)

    def parse(self, text: str):
        """The model value written as ``text`` (``"2"`` is the level 2), or None when it is not allowed."""
        return next((v for v in self.values if str(v) == text), None)


# Every enumerated attribute of the markup, checked in one place (``Reader._check_choices``) before any
# node is built. A Literal field of the model is filled from one of these or set by the machine
# (SET_BY_THE_MACHINE); tests/test_reader.py proves that every one is covered.
CHOICES: dict[tuple[str, str], Choice] = {
    ("daftar", "jenis"): Choice(m.ListKind, None, ((m.ListBlock, "kind"),)),
    ("daftar", "penomoran"): Choice(m.ListNumbering, "", ((m.ListBlock, "numbering"),)),
    ("baris", "jenis"): Choice(m.RowKind, "body", ((m.Row, "kind"),)),
    ("sel", "rata"): Choice(m.Align, "left", ((m.Cell, "align"),)),
    ("grafik", "jenis"): Choice(m.ChartKind, None, ((m.Chart, "kind"),)),
    ("grafik", "satuan"): Choice(m.ChartUnit, "%", ((m.Chart, "unit"),)),
    ("ref", "prep"): Choice(m.Prep, "auto", ((m.Ref, "prep"),)),
    ("daftar-isi", "kedalaman"): Choice(m.SectionLevel, 2, ((m.Toc, "depth"),)),
    ("surat-edaran", "tata-letak"): Choice(m.Layout, "baru", ((m.SuratEdaran, "tata_letak"),)),
}
# not an attribute but the same kind of check: how deep a <seksi> is nested (its heading level)
NESTING: dict[str, Choice] = {"seksi": Choice(m.SectionLevel, None, ((m.Section, "level"),))}
# Literal fields no markup writes: the transforms set them
SET_BY_THE_MACHINE: dict[tuple[type, str], str] = {
    (m.SignatureBlock, "side"): "the frame places each signature block",
    (m.TocEntry, "level"): "the toc transform copies Section.level, checked through NESTING",
}


class Reader:
    def __init__(self, template: str, locate: Callable[[str], str] = lambda snippet: ""):
        self.template = template
        self.locate = locate        # snippet -> "templates/NAME:LINE" of the template source holding it
        self.problems = Collector()

    # -------------------------------------------------------------- entry

    def read(self, markup: str) -> m.Peraturan | m.SuratEdaran | m.Laporan | m.Keputusan:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                                 remove_pis=True, huge_tree=False)
        try:
            root = etree.fromstring(markup.encode("utf-8"), parser)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else 0
            raise Problems.one(f"rendered markup is not well-formed XML: {exc.msg}",
                               where=f"templates/{self.template} (markup line {line})") from None
        self._check(root)
        self.problems.raise_if_errors()
        if root.tag not in ROOTS:
            raise Problems.one(f"unknown document root <{root.tag}>", where=self._where(root),
                               hint=f"roots: {', '.join(ROOTS)}")
        node = {"peraturan": self._peraturan, "surat-edaran": self._surat_edaran,
                "laporan": self._laporan, "keputusan": self._keputusan}[root.tag](root)
        self.problems.raise_if_errors()
        return node

    # -------------------------------------------------------------- checks

    def _where(self, el) -> str:
        return f"templates/{self.template} (markup line {el.sourceline})"

    def _pos(self, el) -> m.Pos:
        return m.Pos(self.template, el.sourceline or 0)

    def _check(self, root) -> None:
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            allowed = VOCABULARY.get(el.tag)
            if allowed is None:
                self.problems.add(f"unknown element <{el.tag}>", self._where(el))
                continue
            for attr in el.attrib:
                if attr not in allowed:
                    self.problems.add(f"<{el.tag}> has no attribute '{attr}'", self._where(el),
                                      hint=f"allowed: {', '.join(sorted(allowed)) or 'none'}")
            self._check_choices(el)

    def _check_choices(self, el) -> None:
        """Every enumerated attribute of ``el`` (CHOICES) and the nesting of a section (NESTING), against
        the values of their Literal in the model; the problem names the template line where the value is
        written literally, else the line of the rendered markup."""
        for (tag, attr), choice in CHOICES.items():
            if tag != el.tag:
                continue
            value = el.get(attr)
            if value is None:
                if choice.default is None:
                    self.problems.add(f"<{tag}> needs '{attr}': one of {_listed(choice)}", self._where(el))
            elif choice.parse(value) is None:
                self.problems.add(f"<{tag} {attr}> must be one of {_listed(choice)}, not '{value}'",
                                  self._where_written(el, attr, value))
        choice = NESTING.get(el.tag)
        if choice is not None:
            depth = 1 + sum(1 for _ in el.iterancestors(el.tag))
            if choice.parse(str(depth)) is None:
                self.problems.add(f"<{el.tag}> nested {depth} deep: a section has at most "
                                  f"{max(choice.values)} levels ({_listed(choice)})", self._where(el))

    def _where_written(self, el, attr: str, value: str) -> str:
        """The template line of a literal ``attr="value"`` (the first after ``<tag``, else anywhere when
        no other element accepts that value for an attribute of that name), else the markup line."""
        snippets = [f'<{el.tag} {attr}="{value}"']
        if not any(a == attr and c.parse(value) is not None for (_, a), c in CHOICES.items()):
            snippets.append(f'{attr}="{value}"')
        return next((w for w in map(self.locate, snippets) if w), self._where(el))

    def _choice(self, el, attr: str):
        """The model value of an enumerated attribute (checked by ``_check_choices``), or its default."""
        choice = CHOICES[el.tag, attr]
        value = el.get(attr)
        return choice.default if value is None else choice.parse(value)

    def _require(self, el, attr: str) -> str:
        value = (el.get(attr) or "").strip()
        if not value:
            self.problems.add(f"<{el.tag}> needs a non-empty '{attr}'", self._where(el))
        return value

    def _attributes(self, el, cls) -> dict:
        """The attributes of a document root as the fields of its model node, named as the attribute
        (``nama-kepala`` -> ``nama_kepala``): text with its white space collapsed, dates parsed,
        enumerations from CHOICES. An attribute left out keeps the field's default."""
        types = typing.get_type_hints(cls)
        out = {}
        for attr, raw in el.attrib.items():
            name = attr.replace("-", "_")
            if (el.tag, attr) in CHOICES:
                out[name] = self._choice(el, attr)
            elif types[name] == dt.date | None:
                out[name] = self._date(el, attr)
            else:
                out[name] = _norm(raw)
        return out

    def _date(self, el, attr: str) -> dt.date | None:
        text = _norm(el.get(attr, ""))
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problems.add(f"<{el.tag} {attr}> must be a date (YYYY-MM-DD), not '{text}'", self._where(el))
            return None

    # -------------------------------------------------------------- structure

    def _peraturan(self, root) -> m.Peraturan:
        title, menimbang, mengingat, body, lampiran = "", [], [], [], []
        penutup = mengubah = None
        paraf: list[str] = []
        for el in root:
            if el.tag == "judul":
                title = _norm(el.xpath("string()"))
            elif el.tag == "menimbang":
                menimbang.extend(self._menimbang(el))
            elif el.tag == "mengingat":
                mengingat.extend(self._mengingat(el))
            elif el.tag == "bab":
                body.append(self._bab(el))
            elif el.tag == "ketentuan-penutup":
                penutup = m.KetentuanPenutup(tuple(self._pasal(p) for p in self._only(el, "pasal")),
                                             self._pos(el))
            elif el.tag == "mengubah":
                mengubah = self._mengubah(el)
            elif el.tag == "paraf-koordinasi":
                paraf.extend(_norm(j.xpath("string()")) for j in self._only(el, "jabatan"))
            elif el.tag == "lampiran":
                lampiran.append(m.Lampiran(self._require(el, "judul"), self._mixed(el), el.get("id", ""),
                                           self._pos(el)))
            else:
                self.problems.add(f"<{el.tag}> cannot stand directly in <peraturan>", self._where(el))
        self._frame_parts(root, title, menimbang, mengingat)
        nomor = _norm(root.get("nomor", ""))
        if nomor:
            for attr in ("tanggal-penetapan", "tanggal-pengundangan", "berita-nomor", "nama-kepala", "nama-sekda"):
                if not _norm(root.get(attr, "")):
                    self.problems.add(f"an enacted regulation (nomor {nomor}) needs '{attr}'", self._where(root))
        return m.Peraturan(title, tuple(menimbang), tuple(mengingat), tuple(body), penutup, tuple(lampiran),
                           self._pos(root), mengubah=mengubah, paraf=tuple(paraf),
                           **self._attributes(root, m.Peraturan))

    def _frame_parts(self, root, title, menimbang, mengingat) -> None:
        """What a Peraturan and a Keputusan both need: a title, Menimbang, Mengingat and the attributes of
        their frame."""
        for found, what in ((title, "a <judul>"), (menimbang, "<menimbang> with at least one <bahwa>"),
                            (mengingat, "<mengingat> with at least one <dasar>")):
            if not found:
                self.problems.add(f"<{root.tag}> needs {what}", self._where(root))
        for attr in ("jenis", "kepala", "daerah", "tempat"):
            self._require(root, attr)

    def _mengubah(self, el) -> m.Perubahan:
        """``<mengubah kutipan judul>``: the regulation this one amends, its Pasal (``<pasal-lama>``) and
        Lampiran (``<lampiran-lama>``) as in force."""
        pasal, lampiran = [], []
        for child in self._only(el, "pasal-lama", "lampiran-lama"):
            text = _norm(child.xpath("string()"))
            if child.tag == "pasal-lama":
                pasal.append(m.PasalLama(self._require(child, "nomor"), _norm(child.get("id", "")),
                                         _norm(child.get("bab", "")), _norm(child.get("bagian", "")), text))
            else:
                lampiran.append(m.LampiranLama(self._require(child, "judul"), text))
        if not pasal:
            self.problems.add("<mengubah> needs the Pasal of the regulation it amends (<pasal-lama>)",
                              self._where(el))
        return m.Perubahan(self._require(el, "kutipan"), self._require(el, "judul"), tuple(pasal),
                           tuple(lampiran), pos=self._pos(el))

    def _menimbang(self, el) -> list[m.ListItem]:
        out = []
        for item in el:
            if item.tag != "bahwa":
                self.problems.add(f"<menimbang> holds only <bahwa>, not <{item.tag}>", self._where(item))
                continue
            out.append(m.ListItem(self._mixed(item), id=item.get("id", ""), pos=self._pos(item)))
        return out

    def _mengingat(self, el) -> list[m.Citation]:
        """``<dasar ref="id"/>`` from the legal-bases library, or ``<dasar>`` holding the citation itself
        (a regional regulation the library does not hold: the region's own enacted Perkada)."""
        out = []
        for item in el:
            if item.tag != "dasar":
                self.problems.add(f"<mengingat> holds only <dasar>, not <{item.tag}>", self._where(item))
                continue
            text = _norm(item.xpath("string()"))
            if text and item.get("ref") is None:
                out.append(m.Citation("", item.get("pasal", ""), text, pos=self._pos(item)))
            else:
                out.append(m.Citation(self._require(item, "ref"), item.get("pasal", ""), pos=self._pos(item)))
        return out

    def _keputusan(self, root) -> m.Keputusan:
        title, menimbang, mengingat, diktum, lampiran = "", [], [], [], []
        for el in root:
            if el.tag == "judul":
                title = _norm(el.xpath("string()"))
            elif el.tag == "menimbang":
                menimbang.extend(self._menimbang(el))
            elif el.tag == "mengingat":
                mengingat.extend(self._mengingat(el))
            elif el.tag == "diktum":
                blocks = self._mixed(el)
                if not blocks:
                    self.problems.add("empty <diktum>", self._where(el))
                diktum.append(m.Diktum(blocks, el.get("id", ""), self._pos(el)))
            elif el.tag == "lampiran":
                lampiran.append(m.Lampiran(self._require(el, "judul"), self._mixed(el), el.get("id", ""),
                                           self._pos(el)))
            else:
                self.problems.add(f"<{el.tag}> cannot stand directly in <keputusan>", self._where(el))
        self._frame_parts(root, title, menimbang, mengingat)
        if not diktum:
            self.problems.add("<keputusan> needs at least one <diktum> (the frame adds the closing one)",
                              self._where(root))
        nomor = _norm(root.get("nomor", ""))
        if nomor:
            for attr in ("tahun", "tanggal-penetapan", "nama-kepala"):
                if not _norm(root.get(attr, "")):
                    self.problems.add(f"an enacted Keputusan (nomor {nomor}) needs '{attr}'", self._where(root))
        return m.Keputusan(title, tuple(menimbang), tuple(mengingat), tuple(diktum), tuple(lampiran),
                           self._pos(root), **self._attributes(root, m.Keputusan))

    def _laporan(self, root) -> m.Laporan:
        return m.Laporan(self._mixed(root), self._pos(root), **self._attributes(root, m.Laporan))

    def _surat_edaran(self, root) -> m.SuratEdaran:
        subject, yth, sections, tembusan = "", [], [], []
        for el in root:
            if el.tag == "tentang":
                subject = _norm(el.xpath("string()"))
            elif el.tag in ("yth", "tembusan"):
                items = [m.ListItem((m.Para(self._inlines(k), pos=self._pos(k)),), pos=self._pos(k))
                         for k in self._only(el, "kepada")]
                (yth if el.tag == "yth" else tembusan).extend(items)
            elif el.tag == "seksi":
                sections.append(self._section(el))
            else:
                self.problems.add(f"<{el.tag}> cannot stand directly in <surat-edaran>", self._where(el))
        if not subject:
            self.problems.add("<surat-edaran> needs a <tentang>", self._where(root))
        if not yth:
            self.problems.add("<surat-edaran> needs <yth> with at least one <kepada>", self._where(root))
        for attr in ("kepala", "daerah", "tempat", "nomor"):
            self._require(root, attr)
        return m.SuratEdaran(subject, tuple(yth), tuple(sections), tuple(tembusan), self._pos(root),
                             **self._attributes(root, m.SuratEdaran))

    def _only(self, el, *tags: str):
        for child in el:
            if child.tag in tags:
                yield child
            else:
                self.problems.add(f"<{el.tag}> may hold {' or '.join(f'<{t}>' for t in tags)} here, "
                                  f"not <{child.tag}>", self._where(child))
        text = _norm(el.text or "") + "".join(_norm(c.tail or "") for c in el)
        if text:
            self.problems.add(f"loose text in <{el.tag}>: '{text[:40]}'", self._where(el))

    def _bab(self, el) -> m.Bab:
        return self._division(m.Bab, el, ("bagian", "pasal"))

    def _division(self, cls, el, tags) -> m.Bab | m.Bagian | m.Paragraf:
        """A titled division; its children are the next division down, or Pasal."""
        below = {"bagian": ("paragraf", "pasal"), "paragraf": ("pasal",)}
        out = []
        for child in self._only(el, *tags):
            if child.tag == "pasal":
                out.append(self._pasal(child))
            else:
                sub = m.Bagian if child.tag == "bagian" else m.Paragraf
                out.append(self._division(sub, child, below[child.tag]))
        return cls(tuple(out), el.get("id", ""), pos=self._pos(el), title=self._require(el, "judul"))

    def _pasal(self, el) -> m.Pasal:
        ayat = [c for c in el if c.tag == "ayat"]
        if ayat:
            blocks = tuple(m.Ayat(self._mixed(a), a.get("id", ""), pos=self._pos(a))
                           for a in self._only(el, "ayat"))
        else:
            blocks = self._mixed(el)
        if not blocks:
            self.problems.add("empty Pasal", self._where(el))
        return m.Pasal(blocks, el.get("id", ""), pos=self._pos(el))

    # -------------------------------------------------------------- mixed content

    def _mixed(self, el) -> tuple:
        """Text and inline elements become paragraphs; the block elements (``_BLOCKS``) stand between
        them."""
        blocks: list = []
        inlines: list = [m.Text(el.text)] if el.text else []
        for child in el:
            if child.tag in INLINE:
                inlines.append(self._inline(child))
                continue
            read = self._BLOCKS.get(child.tag)
            if read is None:
                self.problems.add(f"<{child.tag}> cannot stand inside <{el.tag}>", self._where(child))
            else:
                self._paragraph(el, inlines, blocks)
                blocks.append(read(self, child))
            if child.tail and child.tail.strip():
                inlines.append(m.Text(child.tail))
        self._paragraph(el, inlines, blocks)
        return tuple(blocks)

    def _paragraph(self, el, inlines: list, blocks: list) -> None:
        """The loose text and inlines gathered so far (emptied) as a paragraph of ``el``, if any."""
        para = _clean(inlines)
        if para:
            blocks.append(m.Para(para, pos=self._pos(el)))
        inlines.clear()

    def _para(self, el) -> m.Para:
        return m.Para(self._inlines(el), style=el.get("gaya", "teks"), pos=self._pos(el))

    def _section(self, el) -> m.Section:
        return m.Section(self._mixed(el), el.get("id", ""), pos=self._pos(el), title=self._require(el, "judul"))

    def _landscape(self, el) -> m.Landscape:
        return m.Landscape(self._mixed(el))

    def _page_break(self, el) -> m.PageBreak:
        return m.PageBreak()

    def _toc(self, el) -> m.Toc:
        return m.Toc(title=el.get("judul", "DAFTAR ISI"), depth=self._choice(el, "kedalaman"))

    def _legal_basis(self, el) -> m.ListBlock:
        """The "Dasar" of a Surat Edaran or a report: short citations, numbered 1., 2., ..."""
        items = tuple(m.ListItem((m.Citation(self._require(d, "ref"), d.get("pasal", ""), pos=self._pos(d)),),
                                 pos=self._pos(d)) for d in self._only(el, "dasar"))
        return m.ListBlock("rujukan", items, "angka", pos=self._pos(el))

    def _inlines(self, el) -> tuple:
        """The inline content of an element that holds no blocks (a <p>, a table cell)."""
        return _clean(([m.Text(el.text)] if el.text else []) + [self._inline_with_tail(c) for c in el])

    def _inline_with_tail(self, el):
        if el.tag not in INLINE:
            self.problems.add(f"<{el.tag}> cannot stand inside a paragraph", self._where(el))
        return self._inline(el)

    def _inline(self, el):
        """An inline element; its tail text is returned as part of a pair flattened by _clean."""
        if el.tag == "ref":
            targets = tuple(self._require(el, "to").split())
            node = m.Ref(targets, self._choice(el, "prep"), pos=self._pos(el))
        else:
            node = (m.Emph if el.tag == "i" else m.Strong)(self._inlines(el))
        return (node, m.Text(el.tail)) if el.tail else node

    def _list(self, el) -> m.ListBlock:
        items = tuple(m.ListItem(self._mixed(item), item.get("id", ""), pos=self._pos(item))
                      for item in self._only(el, "butir"))
        if not items:
            self.problems.add("empty <daftar>", self._where(el))
        return m.ListBlock(self._choice(el, "jenis"), items, self._choice(el, "penomoran"), pos=self._pos(el))

    def _table(self, el) -> m.Table:
        rows = []
        for row in self._only(el, "baris"):
            cells = tuple(m.Cell(self._inlines(cell), self._int(cell, "colspan"), self._int(cell, "rowspan"),
                                 self._choice(cell, "rata")) for cell in self._only(row, "sel"))
            rows.append(m.Row(cells, self._choice(row, "jenis")))
        widths = ()
        if el.get("lebar"):
            try:
                widths = tuple(float(w) for w in el.get("lebar").split())
            except ValueError:
                self.problems.add("<tabel lebar> is a list of numbers", self._where(el))
        return m.Table(tuple(rows), widths, el.get("judul", ""), pos=self._pos(el), id=el.get("id", ""))

    def _chart(self, el) -> m.Chart:
        series = []
        loose = [c for c in el if c.tag == "titik"]
        groups = [(c.get("nama", ""), list(c)) for c in el if c.tag == "seri"]
        if loose:
            groups.insert(0, ("", loose))
        for name, points in groups:
            values = []
            for point in points:
                if point.tag != "titik":
                    self.problems.add(f"<seri> holds only <titik>, not <{point.tag}>", self._where(point))
                    continue
                values.append((self._require(point, "label"), self._float(point, "nilai")))
            labels = [label for label, _ in values]
            for label in sorted({x for x in labels if labels.count(x) > 1}):
                self.problems.add(f"<seri> repeats the label '{label}': a chart needs one point per label",
                                  self._where(el))
            series.append(m.Series(name, tuple(values)))
        if not series or not any(s.points for s in series):
            self.problems.add("<grafik> needs data: <titik> or <seri> with <titik>", self._where(el))
        target = self._float(el, "target") if el.get("target") else None
        return m.Chart(self._choice(el, "jenis"), self._require(el, "judul"), tuple(series),
                       self._choice(el, "satuan"), target, el.get("id", ""), pos=self._pos(el))

    def _float(self, el, attr: str) -> float:
        try:
            value = float(el.get(attr, ""))
            if not math.isfinite(value):
                raise ValueError
            return value
        except ValueError:
            self.problems.add(f"<{el.tag} {attr}> must be a number, not '{el.get(attr, '')}'", self._where(el))
            return 0.0

    def _int(self, el, attr: str) -> int:
        try:
            value = int(el.get(attr, "1"))
            if not 1 <= value <= 1000:
                raise ValueError
            return value
        except ValueError:
            self.problems.add(f"<{el.tag} {attr}> is a whole number from 1 to 1000", self._where(el))
            return 1

    _BLOCKS = {      # the block elements of mixed content -> the method reading one
        "daftar": _list, "p": _para, "tabel": _table, "seksi": _section, "grafik": _chart,
        "lanskap": _landscape, "halaman-baru": _page_break, "daftar-isi": _toc, "dasar-hukum": _legal_basis,
    }


def _listed(choice: Choice) -> str:
    return ", ".join(str(v) for v in choice.values)


def _flatten(items) -> list:
    out = []
    for item in items:
        if isinstance(item, tuple):
            out.extend(item)
        else:
            out.append(item)
    return out


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _clean(items) -> tuple:
    """Collapse white space in a run of inlines, drop empty text, strip the ends of the paragraph."""
    flat = _flatten(items)
    out: list = []
    for node in flat:
        if isinstance(node, m.Text):
            text = _WS.sub(" ", node.text)
            if out and isinstance(out[-1], m.Text):
                out[-1] = m.Text(out[-1].text + text)
            elif text:
                out.append(m.Text(text))
        else:
            out.append(node)
    if out and isinstance(out[0], m.Text):
        out[0] = m.Text(out[0].text.lstrip())
    if out and isinstance(out[-1], m.Text):
        out[-1] = m.Text(out[-1].text.rstrip())
    return tuple(n for n in out if not (isinstance(n, m.Text) and not n.text))


def read(markup: str, template: str, locate: Callable[[str], str] = lambda snippet: ""
         ) -> m.Peraturan | m.SuratEdaran | m.Laporan | m.Keputusan:
    """The source model of ``markup`` rendered from ``template``; ``locate`` finds the template line of a
    literal snippet (``templating.locate``) for problems whose value is written in the template."""
    return Reader(template, locate).read(markup)
