"""The frame of each document kind: everything a drafter never types.

* Peraturan Kepala Daerah (Lampiran II UU 12/2011, legal-format.md §2): title block, opening phrase,
  jabatan, "bahwa" and the summary clause of Menimbang, MEMUTUSKAN / Menetapkan, the closing chapter, the
  promulgation formula, signature and promulgation blocks, the Berita Daerah line and the Lampiran heads.
  The fixed formulas are verbatim legal text.
* Surat Edaran (legal-format.md §4.2): kop, title block with the number, Yth., signature, Tembusan, in
  the current or the older layout."""

from __future__ import annotations

import datetime as dt

from generator import model as m
from generator.legal.indonesian import date as long_date
from generator.legal.indonesian import join_words, letter, roman

DOTS = "..."
NAME_DOTS = "...................................."
NBSP = "\u00a0"


def frame(doc: m.Document, ctx) -> m.Document:
    def fn(block):
        if isinstance(block, m.Peraturan):
            return expand(block, ctx)
        if isinstance(block, m.SuratEdaran):
            return expand_surat(block)
        if isinstance(block, m.Laporan):
            return expand_laporan(block)
        return block
    return m.replace(doc, blocks=m.map_blocks(doc.blocks, fn))


def _kop(node: m.Peraturan | m.SuratEdaran) -> list:
    """Emblem (if any) and the jabatan of the signing head of region, with the province for a regency."""
    out: list = []
    if node.lambang:
        out.append(m.Image(node.lambang, 25.0, "lambang", alt="Lambang"))
    out.append(_p(node.kepala.upper(), "kop"))
    if node.provinsi:
        out.append(_p(node.provinsi.upper(), "kop"))
    return out


def _p(text: str, style: str) -> m.Para:
    return m.Para((m.Text(text),), style)


def expand(p: m.Peraturan, ctx) -> tuple:
    """A Peraturan Kepala Daerah in the order of Lampiran II UU 12/2011 (the reader has checked that the
    attributes it needs are there: jenis, kepala, daerah, tempat, and everything of an enacted text)."""
    return tuple(_kop(p) + _title_block(p) + _konsiderans(p, ctx) + _batang_tubuh(p) + _penutup(p)
                 + _signatures(p) + _paraf(p) + _lampiran(p))


def _nomor_line(p: m.Peraturan) -> str:
    return f"NOMOR {p.nomor or DOTS} TAHUN {p.tahun or DOTS}"


def _title_block(p: m.Peraturan) -> list:
    """RANCANGAN for a draft, PERATURAN ... / NOMOR ... TAHUN ... / TENTANG / the title, the opening
    phrase and the jabatan."""
    out = [_p("RANCANGAN", "rancangan")] if not p.nomor else []
    for line in ("PERATURAN " + p.kepala.upper(), _nomor_line(p), "TENTANG", p.title.upper()):
        out.append(_p(line, "judul"))
    out.append(_p("DENGAN RAHMAT TUHAN YANG MAHA ESA", "frasa"))
    out.append(_p(p.kepala.upper() + ",", "jabatan"))
    return out


def _konsiderans(p: m.Peraturan, ctx) -> list:
    """Menimbang, Mengingat, MEMUTUSKAN and Menetapkan."""
    mengingat = m.ListBlock("dasar", tuple(m.ListItem((c,), pos=c.pos) for c in p.mengingat), "angka")
    return [m.LabeledBlock("Menimbang", (_menimbang(p, p.jenis, p.title, ctx),)),
            m.LabeledBlock("Mengingat", (mengingat,)),
            _p("MEMUTUSKAN:", "memutuskan"),
            m.LabeledBlock("Menetapkan", (_p(f"{p.jenis.upper()} TENTANG {p.title.upper()}.", "menetapkan"),))]


def _batang_tubuh(p: m.Peraturan) -> list:
    """The template's chapters, then the closing chapter: its extra Pasal and the 'mulai berlaku' one."""
    closing = (p.penutup.blocks if p.penutup else ()) + (
        m.Pasal((_p(f"{p.jenis} ini mulai berlaku pada tanggal diundangkan.", "teks"),)),)
    return [*p.blocks, m.Bab(closing, "ketentuan-penutup", title="Ketentuan Penutup")]


def _penutup(p: m.Peraturan) -> list:
    """The promulgation formula."""
    return [_p("Agar setiap orang mengetahuinya, memerintahkan pengundangan "
               f"{p.jenis} ini dengan penempatannya dalam Berita Daerah {p.daerah}.", "teks")]


def _signatures(p: m.Peraturan) -> list:
    """Enactment by the head of region, promulgation by the secretary, the Berita Daerah line."""
    tahun_berita = str(p.tanggal_pengundangan.year) if p.tanggal_pengundangan else DOTS
    return [m.SignatureBlock((f"Ditetapkan di {p.tempat}", "pada tanggal " + _date(p.tanggal_penetapan)),
                             p.kepala.upper() + ",", _name(p.nama_kepala), "kanan"),
            m.SignatureBlock((f"Diundangkan di {p.tempat}", "pada tanggal " + _date(p.tanggal_pengundangan)),
                             f"SEKRETARIS DAERAH {p.daerah.upper()},", _name(p.nama_sekda), "kiri"),
            _p(f"BERITA DAERAH {p.daerah.upper()} TAHUN {tahun_berita} NOMOR {p.berita_nomor or DOTS}",
               "berita-daerah")]


def _paraf(p: m.Peraturan) -> list:
    """The Paraf Koordinasi table under the signatures, as a draft circulates among the offices that
    initial it before the head of region signs: No., Jabatan, and a cell for the initials."""
    if not p.paraf:
        return []
    head = m.Row(tuple(m.Cell((m.Text(t),)) for t in ("No.", "Jabatan", "Paraf")), "head")
    rows = tuple(m.Row((m.Cell((m.Text(f"{i}."),), align="center"), m.Cell((m.Text(jabatan),)), m.Cell(())))
                 for i, jabatan in enumerate(p.paraf, 1))
    return [_p("Paraf Koordinasi", "paraf-judul"), m.Table((head, *rows), (1.0, 6.0, 2.5))]


def _lampiran(p: m.Peraturan) -> list:
    """Each Lampiran on a new page: its head (LAMPIRAN I, the regulation's title), title, content and
    the head of region's signature."""
    out: list = []
    many = len(p.lampiran) > 1
    for i, lampiran in enumerate(p.lampiran, 1):
        out.append(m.PageBreak())
        head = "LAMPIRAN " + roman(i) if many else "LAMPIRAN"
        # the lines before the title never break (a region's name is not split): no-break spaces, for
        # which the writers widen the block as needed
        for line in (head, "PERATURAN " + p.kepala.upper(), _nomor_line(p), "TENTANG"):
            out.append(_p(line.replace(" ", NBSP), "lampiran-kepala"))
        out.append(_p(p.title.upper(), "lampiran-kepala"))
        out.append(_p(lampiran.title.upper(), "lampiran-judul"))
        out.extend(lampiran.blocks)
        out.append(m.SignatureBlock((), p.kepala.upper() + ",", _name(p.nama_kepala), "kanan"))
    return out


def expand_surat(se: m.SuratEdaran) -> tuple:
    """Surat Edaran (legal-format.md §4.2): kop, SURAT EDARAN / NOMOR / TENTANG, Yth., the numbered
    parts, place and date with the signature, Tembusan. Layout "baru" puts Yth. after the title and
    "Ditetapkan di" at the end; "lama" opens with place and date and "Kepada Yth." like a letter."""
    kepala, tempat = se.kepala, se.tempat
    date = _date(se.tanggal)
    title = [_p("SURAT EDARAN", "judul-surat"), _p(f"NOMOR {se.nomor}", "judul"), _p("TENTANG", "judul"),
             _p(se.subject.upper(), "judul")]
    yth = m.LabeledBlock("Yth.", (m.ListBlock("alamat", se.yth, "angka"),), "alamat-yth", colon=False)
    parts = tuple(m.replace(s, blocks=tuple(m.replace(b, style="seksi-teks")
                                            if isinstance(b, m.Para) and b.style == "teks" else b
                                            for b in s.blocks)) if isinstance(s, m.Section) else s
                  for s in se.blocks)
    out = _kop(se)
    if se.tata_letak == "lama":
        out += [_p(f"{tempat}, {date}", "tanggal-surat"), _p("Kepada", "alamat"), yth,
                _p("di Tempat", "alamat"), *title, *parts,
                m.SignatureBlock((), kepala.upper() + ",", _name(se.nama_kepala), "kanan")]
    else:
        out += [*title, yth, *parts,
                m.SignatureBlock((f"Ditetapkan di {tempat}", f"pada tanggal {date}"), kepala.upper() + ",",
                                 _name(se.nama_kepala), "kanan")]
    if se.tembusan:
        out += [_p("Tembusan:", "tembusan"), m.ListBlock("alamat", se.tembusan, "angka")]
    return tuple(out)


def expand_laporan(report: m.Laporan) -> tuple:
    """A report has no fixed formulas: its sections take the report heading styles."""
    def restyle(block):
        return m.replace(block, style="laporan") if isinstance(block, m.Section) else block
    return tuple(restyle(m.map_tree(b, restyle)) for b in report.blocks)


def _menimbang(p: m.Peraturan, jenis: str, title: str, ctx) -> m.ListBlock:
    items = []
    for item in p.menimbang:
        first = item.blocks[0] if item.blocks else None
        if not isinstance(first, m.Para) or not first.inlines:
            ctx.problems.add("a Menimbang item needs text", str(item.pos), "Menimbang")
            continue
        lead = first.inlines[0]
        if isinstance(lead, m.Text) and lead.text.lower().startswith("bahwa"):
            ctx.problems.add("write a Menimbang item without its leading 'bahwa': the frame adds it",
                             str(item.pos), "Menimbang")
        para = m.replace(first, inlines=(m.Text("bahwa "),) + first.inlines)
        items.append(m.replace(item, blocks=(para,) + item.blocks[1:]))
    letters = join_words([f"huruf {letter(i)}" for i in range(1, len(items) + 1)])
    summary = (f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam {letters}, perlu menetapkan "
               f"{jenis} tentang {title}")
    items.append(m.ListItem((_p(summary, "teks"),)))
    return m.ListBlock("pertimbangan", tuple(items), "huruf")


def _date(day: dt.date | None) -> str:
    return long_date(day) if day else DOTS


def _name(name: str) -> str:
    return name.upper() if name else NAME_DOTS
