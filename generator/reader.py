"""Neutral markup -> document model, with source positions.

The markup is a small XML vocabulary (docs/markup.md). The reader checks every element and attribute
against it, so a typo in a template is an error naming the line instead of text silently lost. It does no
numbering and no punctuation: those are transforms.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from generator import model as m
from generator.errors import Collector, Problems

_WS = re.compile(r"[ \t\r\n]+")   # XML white space only: a no-break space in data stays

# element -> allowed attributes
VOCABULARY: dict[str, set[str]] = {
    "peraturan": {"jenis", "kepala", "daerah", "provinsi", "tempat", "nomor", "tahun", "tanggal-penetapan",
                  "tanggal-pengundangan", "berita-nomor", "nama-kepala", "nama-sekda", "lambang",
                  "draf"},
    "judul": set(), "menimbang": set(), "bahwa": {"id"}, "mengingat": set(), "dasar": {"ref", "pasal"},
    "bab": {"id", "judul"}, "bagian": {"id", "judul"}, "paragraf": {"id", "judul"}, "pasal": {"id"},
    "ayat": {"id"}, "daftar": {"jenis", "penomoran"}, "butir": {"id"},
    "ketentuan-penutup": set(), "lampiran": {"id", "judul"},
    "p": {"gaya"}, "tabel": {"lebar", "judul"}, "baris": {"jenis"},
    "sel": {"colspan", "rowspan", "rata"},
    "ref": {"to", "prep"}, "i": set(), "b": set(),
    "surat-edaran": {"kepala", "daerah", "provinsi", "tempat", "nomor", "tanggal", "nama-kepala", "lambang",
                     "tata-letak"},
    "tentang": set(), "yth": set(), "tembusan": set(), "kepada": set(), "seksi": {"id", "judul"},
    "dasar-hukum": set(),
    "laporan": {"judul", "kepala-halaman"}, "daftar-isi": {"judul", "kedalaman"}, "halaman-baru": set(),
    "lanskap": set(), "grafik": {"jenis", "judul", "satuan", "target", "id"}, "seri": {"nama"},
    "titik": {"label", "nilai"},
}
VOCABULARY["tabel"] |= {"id"}
ROOTS = ("peraturan", "surat-edaran", "laporan")
CHART_KINDS = ("batang", "komposisi", "tren")
CHART_UNITS = ("%", "orang", "Rp")
LIST_KINDS = {"kumulatif", "alternatif", "kumulatif-alternatif", "definisi", "bebas"}
NUMBERINGS = {"huruf", "angka", "huruf-kurung", "angka-kurung"}
INLINE = {"ref", "i", "b"}


class Reader:
    def __init__(self, template: str):
        self.template = template
        self.problems = Collector()

    # -------------------------------------------------------------- entry

    def read(self, markup: str) -> m.Peraturan | m.SuratEdaran | m.Laporan:
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
                "laporan": self._laporan}[root.tag](root)
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

    def _require(self, el, attr: str) -> str:
        value = (el.get(attr) or "").strip()
        if not value:
            self.problems.add(f"<{el.tag}> needs a non-empty '{attr}'", self._where(el))
        return value

    # -------------------------------------------------------------- structure

    def _peraturan(self, root) -> m.Peraturan:
        title, menimbang, mengingat, body, lampiran = "", [], [], [], []
        penutup = None
        for el in root:
            if el.tag == "judul":
                title = _norm(el.xpath("string()"))
            elif el.tag == "menimbang":
                for item in el:
                    if item.tag != "bahwa":
                        self.problems.add(f"<menimbang> holds only <bahwa>, not <{item.tag}>",
                                          self._where(item))
                        continue
                    menimbang.append(m.ListItem(self._mixed(item), id=item.get("id", ""),
                                                pos=self._pos(item)))
            elif el.tag == "mengingat":
                for item in el:
                    if item.tag != "dasar":
                        self.problems.add(f"<mengingat> holds only <dasar>, not <{item.tag}>",
                                          self._where(item))
                        continue
                    mengingat.append(m.Citation(self._require(item, "ref"), item.get("pasal", ""),
                                                pos=self._pos(item)))
            elif el.tag == "bab":
                body.append(self._bab(el))
            elif el.tag == "ketentuan-penutup":
                penutup = m.KetentuanPenutup(tuple(self._pasal(p) for p in self._only(el, "pasal")),
                                             self._pos(el))
            elif el.tag == "lampiran":
                lampiran.append(m.Lampiran(self._require(el, "judul"), self._mixed(el), el.get("id", ""),
                                           self._pos(el)))
            else:
                self.problems.add(f"<{el.tag}> cannot stand directly in <peraturan>", self._where(el))
        if not title:
            self.problems.add("<peraturan> needs a <judul>", self._where(root))
        if not menimbang:
            self.problems.add("<peraturan> needs <menimbang> with at least one <bahwa>", self._where(root))
        if not mengingat:
            self.problems.add("<peraturan> needs <mengingat> with at least one <dasar>", self._where(root))
        info = tuple(sorted((k, _norm(v)) for k, v in root.attrib.items()))
        return m.Peraturan(info, title, tuple(menimbang), tuple(mengingat), tuple(body), penutup,
                           tuple(lampiran), self._pos(root))

    def _laporan(self, root) -> m.Laporan:
        info = tuple(sorted((k, _norm(v)) for k, v in root.attrib.items()))
        return m.Laporan(info, self._mixed(root), self._pos(root))

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
                sections.append(m.Section(self._mixed(el), el.get("id", ""), pos=self._pos(el),
                                          title=self._require(el, "judul")))
            else:
                self.problems.add(f"<{el.tag}> cannot stand directly in <surat-edaran>", self._where(el))
        if not subject:
            self.problems.add("<surat-edaran> needs a <tentang>", self._where(root))
        if not yth:
            self.problems.add("<surat-edaran> needs <yth> with at least one <kepada>", self._where(root))
        info = tuple(sorted((k, _norm(v)) for k, v in root.attrib.items()))
        return m.SuratEdaran(info, subject, tuple(yth), tuple(sections), tuple(tembusan), self._pos(root))

    def _only(self, el, *tags: str):
        for child in el:
            if child.tag in tags:
                yield child
            else:
                self.problems.add(f"<{el.tag}> may hold {' or '.join('<%s>' % t for t in tags)} here, "
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
        """Text and inline elements become paragraphs; <daftar>, <p>, <tabel> are blocks between them."""
        blocks: list = []
        inlines: list = [m.Text(el.text)] if el.text else []

        def flush():
            para = _clean(inlines)
            if para:
                blocks.append(m.Para(para, pos=self._pos(el)))
            inlines.clear()

        for child in el:
            if child.tag in INLINE:
                inlines.append(self._inline(child))
            elif child.tag == "daftar":
                flush()
                blocks.append(self._list(child))
            elif child.tag == "p":
                flush()
                blocks.append(m.Para(self._inlines(child), style=child.get("gaya", "teks"),
                                     pos=self._pos(child)))
            elif child.tag == "tabel":
                flush()
                blocks.append(self._table(child))
            elif child.tag == "seksi":
                flush()
                blocks.append(m.Section(self._mixed(child), child.get("id", ""), pos=self._pos(child),
                                        title=self._require(child, "judul")))
            elif child.tag == "grafik":
                flush()
                blocks.append(self._chart(child))
            elif child.tag == "lanskap":
                flush()
                blocks.append(m.Landscape(self._mixed(child)))
            elif child.tag == "halaman-baru":
                flush()
                blocks.append(m.PageBreak())
            elif child.tag == "daftar-isi":
                flush()
                blocks.append(m.Toc(title=child.get("judul", "DAFTAR ISI"), depth=self._int(child, "kedalaman")
                                    if child.get("kedalaman") else 2))
            elif child.tag == "dasar-hukum":
                flush()
                blocks.append(m.ListBlock("rujukan", tuple(
                    m.ListItem((m.Citation(self._require(d, "ref"), d.get("pasal", ""), pos=self._pos(d)),),
                               pos=self._pos(d)) for d in self._only(child, "dasar")), "angka",
                    pos=self._pos(child)))
            else:
                self.problems.add(f"<{child.tag}> cannot stand inside <{el.tag}>", self._where(child))
            if child.tag not in INLINE and child.tail and child.tail.strip():
                inlines.append(m.Text(child.tail))
        flush()
        return tuple(blocks)

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
            prep = el.get("prep", "auto")
            if prep not in ("auto", "none"):
                self.problems.add("<ref prep> is 'auto' or 'none'", self._where(el))
            node = m.Ref(targets, prep, pos=self._pos(el))
        else:
            node = (m.Emph if el.tag == "i" else m.Strong)(self._inlines(el))
        return (node, m.Text(el.tail)) if el.tail else node

    def _list(self, el) -> m.ListBlock:
        kind = el.get("jenis", "")
        if kind not in LIST_KINDS:
            self.problems.add(f"<daftar jenis> must be one of {', '.join(sorted(LIST_KINDS))}",
                              self._where(el))
        numbering = el.get("penomoran", "")
        if numbering and numbering not in NUMBERINGS:
            self.problems.add(f"<daftar penomoran> must be one of {', '.join(sorted(NUMBERINGS))}",
                              self._where(el))
        items = tuple(m.ListItem(self._mixed(item), item.get("id", ""), pos=self._pos(item))
                      for item in self._only(el, "butir"))
        if not items:
            self.problems.add("empty <daftar>", self._where(el))
        return m.ListBlock(kind, items, numbering, pos=self._pos(el))

    def _table(self, el) -> m.Table:
        rows = []
        for row in self._only(el, "baris"):
            kind = row.get("jenis", "body")
            if kind not in ("head", "body", "total"):
                self.problems.add("<baris jenis> is head, body or total", self._where(row))
            cells = []
            for cell in self._only(row, "sel"):
                align = cell.get("rata", "left")
                if align not in ("left", "center", "right"):
                    self.problems.add("<sel rata> is left, center or right", self._where(cell))
                cells.append(m.Cell(self._inlines(cell), self._int(cell, "colspan"), self._int(cell, "rowspan"),
                                    align))
            rows.append(m.Row(tuple(cells), kind))
        widths = ()
        if el.get("lebar"):
            try:
                widths = tuple(float(w) for w in el.get("lebar").split())
            except ValueError:
                self.problems.add("<tabel lebar> is a list of numbers", self._where(el))
        return m.Table(tuple(rows), widths, el.get("judul", ""), pos=self._pos(el), id=el.get("id", ""))

    def _chart(self, el) -> m.Chart:
        kind = el.get("jenis", "")
        if kind not in CHART_KINDS:
            self.problems.add(f"<grafik jenis> must be one of {', '.join(CHART_KINDS)}", self._where(el))
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
        if el.get("satuan", "%") not in CHART_UNITS:
            self.problems.add(f"<grafik satuan> must be one of {', '.join(CHART_UNITS)}, not "
                              f"'{el.get('satuan')}'", self._where(el))
        return m.Chart(kind, self._require(el, "judul"), tuple(series), el.get("satuan", "%"), target,
                       el.get("id", ""), pos=self._pos(el))

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


def read(markup: str, template: str) -> m.Peraturan | m.SuratEdaran | m.Laporan:
    return Reader(template).read(markup)
