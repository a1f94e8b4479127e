"""The frame of each document kind: everything a drafter never types.

* Peraturan Kepala Daerah (Lampiran II UU 12/2011, legal-format.md §2): title block, opening phrase,
  jabatan, "bahwa" and the summary clause of Menimbang, MEMUTUSKAN / Menetapkan, the closing chapter, the
  promulgation formula, signature and promulgation blocks, the Berita Daerah line and the Lampiran heads.
  The fixed formulas are verbatim legal text.
* Keputusan Kepala Daerah (Lampiran II UU 12/2011, Permendagri 80/2015 practice): the same kop, title
  block, Menimbang and Mengingat as a regulation, then the diktum numbered KESATU, KEDUA ... with the
  closing diktum "Keputusan ini mulai berlaku pada tanggal ditetapkan.", the signature and the Lampiran
  heads; no promulgation (a Keputusan is not placed in the Berita Daerah).
* Surat Edaran (legal-format.md §4.2): kop, title block with the number, Yth., signature, Tembusan, in
  the current or the older layout."""

from __future__ import annotations

import datetime as dt

from generator import model as m
from generator.legal.indonesian import date as long_date
from generator.legal.indonesian import diktum, join_words, letter, roman

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
        if isinstance(block, m.Keputusan):
            return expand_keputusan(block, ctx)
        return block
    return m.replace(doc, blocks=m.map_blocks(doc.blocks, fn))


def _kop(node: m.Peraturan | m.SuratEdaran | m.Keputusan) -> list:
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
    if p.mengubah:
        p = _amending(p)
    return tuple(_kop(p) + _title_block(p) + _konsiderans(p, ctx) + _batang_tubuh(p) + _penutup(p)
                 + _signatures(p) + _paraf(p) + _lampiran(p))


def _amending(p: m.Peraturan) -> m.Peraturan:
    """A regulation that amends another (Lampiran II UU 12/2011, perubahan): its title is "Perubahan atas"
    the amended one's, Mengingat ends with the amended regulation, and only the Lampiran that changed are
    attached. The batang tubuh stays the new text inside the Perubahan node; the numbering and the
    amendment transform make Pasal I and Pasal II of it."""
    old = p.mengubah
    kept, changed = [], []
    for i, lampiran in enumerate(p.lampiran):
        before = old.lampiran[i] if i < len(old.lampiran) else None
        if before is None or before.title != lampiran.title or before.text != block_text(lampiran.blocks):
            kept.append(lampiran)
            changed.append(_lampiran_name(i + 1, len(p.lampiran)))
    dropped = tuple(_lampiran_name(i + 1, len(old.lampiran)) for i in range(len(p.lampiran), len(old.lampiran)))
    mengingat = p.mengingat + (m.Citation("", text=old.kutipan, pos=old.pos),)
    return m.replace(p, title=old.title, mengingat=mengingat, lampiran=tuple(kept),
                     mengubah=m.replace(old, lampiran_diubah=tuple(changed), lampiran_dihapus=dropped,
                                        jenis=p.jenis))


def block_text(blocks) -> str:
    """The words of blocks as one line (paragraphs, list items with their labels, table cells): what is
    compared with the text of a regulation in force."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, m.Para):
            out.append(m.plain_text(block.inlines))
        elif isinstance(block, m.Table):
            out += [m.plain_text(c.inlines) for r in block.rows for c in r.cells]
        elif isinstance(block, (m.Ayat, m.ListItem)):
            out += [block.label, block_text(block.blocks)]
        elif type(block) in m.CONTENTS:
            out.append(block_text(m.contents(block)))
    return " ".join(" ".join(out).split())


def _lampiran_name(i: int, count: int) -> str:
    """"Lampiran" when a regulation has one, "Lampiran II" (its ``i``-th) when it has several."""
    return f"Lampiran {roman(i)}" if count > 1 else "Lampiran"


def _nomor_line(p: m.Peraturan | m.Keputusan) -> str:
    return f"NOMOR {p.nomor or DOTS} TAHUN {p.tahun or DOTS}"


def _title_block(p: m.Peraturan | m.Keputusan) -> list:
    """RANCANGAN for a draft, PERATURAN (KEPUTUSAN) ... / NOMOR ... TAHUN ... / TENTANG / the title, the
    opening phrase and the jabatan."""
    out = [_p("RANCANGAN", "rancangan")] if not p.nomor else []
    for line in (_instrument(p) + " " + p.kepala.upper(), _nomor_line(p), "TENTANG", p.title.upper()):
        out.append(_p(line, "judul"))
    out.append(_p("DENGAN RAHMAT TUHAN YANG MAHA ESA", "frasa"))
    out.append(_p(p.kepala.upper() + ",", "jabatan"))
    return out


def _instrument(p: m.Peraturan | m.Keputusan) -> str:
    return "KEPUTUSAN" if isinstance(p, m.Keputusan) else "PERATURAN"


def _konsiderans(p: m.Peraturan | m.Keputusan, ctx) -> list:
    """Menimbang, Mengingat, MEMUTUSKAN and Menetapkan."""
    mengingat = m.ListBlock("dasar", tuple(m.ListItem((c,), pos=c.pos) for c in p.mengingat), "angka")
    return [m.LabeledBlock("Menimbang", (_menimbang(p, p.jenis, p.title, ctx),)),
            m.LabeledBlock("Mengingat", (mengingat,)),
            _p("MEMUTUSKAN:", "memutuskan"),
            m.LabeledBlock("Menetapkan", (_p(f"{p.jenis.upper()} TENTANG {p.title.upper()}.", "menetapkan"),))]


def _batang_tubuh(p: m.Peraturan) -> list:
    """The template's chapters, then the closing chapter: its extra Pasal and the 'mulai berlaku' one."""
    closing = (p.penutup.blocks if p.penutup else ()) + (
        m.Pasal((_p(f"{p.jenis} ini mulai berlaku pada tanggal diundangkan.", "teks"),), "pasal-mulai-berlaku"),)
    chapters = [*p.blocks, m.Bab(closing, "ketentuan-penutup", title="Ketentuan Penutup")]
    if p.mengubah:
        return [m.replace(p.mengubah, blocks=tuple(chapters))]
    return chapters


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


def _lampiran(p: m.Peraturan | m.Keputusan) -> list:
    """Each Lampiran on a new page: its head (LAMPIRAN I, the regulation's title), title, content and
    the head of region's signature."""
    out: list = []
    for i, lampiran in enumerate(p.lampiran, 1):
        out.append(m.PageBreak())
        head = _lampiran_name(i, len(p.lampiran)).upper()
        # the lines before the title never break (a region's name is not split): no-break spaces, for
        # which the writers widen the block as needed
        for line in (head, _instrument(p) + " " + p.kepala.upper(), _nomor_line(p), "TENTANG"):
            out.append(_p(line.replace(" ", NBSP), "lampiran-kepala"))
        out.append(_p(p.title.upper(), "lampiran-kepala"))
        out.append(_p(lampiran.title.upper(), "lampiran-judul"))
        out.extend(lampiran.blocks)
        out.append(m.SignatureBlock((), p.kepala.upper() + ",", _name(p.nama_kepala), "kanan"))
    return out


DIKTUM = "diktum"       # the style of a diktum (a LabeledBlock): the punctuation reads it as sentences


def expand_keputusan(k: m.Keputusan, ctx) -> tuple:
    """A Keputusan Kepala Daerah: kop, title block, Menimbang, Mengingat, MEMUTUSKAN, Menetapkan, the
    diktum (KESATU : ..., the last one the entry into force), the signature, the Lampiran. A reference to
    a diktum (``<ref to="diktum-id"/>``) is worded here, where the diktum are numbered: "dalam Diktum
    KESATU"."""
    closing = m.Diktum((_p(f"{k.jenis.split()[0]} ini mulai berlaku pada tanggal ditetapkan.", "teks"),))
    all_diktum = (*k.blocks, closing)
    labels = {d.id: diktum(i) for i, d in enumerate(all_diktum, 1) if d.id}
    out = _kop(k) + _title_block(k) + _konsiderans(k, ctx)

    def refs(block):
        return _diktum_refs(block, labels, ctx)

    for i, d in enumerate(all_diktum, 1):
        blocks = tuple(refs(m.map_tree(b, refs)) for b in d.blocks)
        first = blocks[0]
        if isinstance(first, m.Para) and first.style == "teks":
            blocks = (m.replace(first, style=DIKTUM),) + blocks[1:]
        out.append(m.LabeledBlock(diktum(i), blocks, DIKTUM))
    out.append(m.SignatureBlock((f"Ditetapkan di {k.tempat}", "pada tanggal " + _date(k.tanggal_penetapan)),
                                k.kepala.upper() + ",", _name(k.nama_kepala), "kanan"))
    return tuple(out + _lampiran(k))


def _diktum_refs(block, labels: dict[str, str], ctx):
    """A paragraph's references to diktum as their words ("dalam Diktum KESATU"); others are left to the
    references transform."""
    if not isinstance(block, m.Para):
        return block

    def words(inlines) -> tuple:
        out = []
        for node in inlines:
            if isinstance(node, m.Ref) and any(t in labels for t in node.targets):
                missing = [t for t in node.targets if t not in labels]
                if missing:
                    ctx.problems.add(f"a reference joins diktum and other units: {' '.join(node.targets)}",
                                     str(node.pos))
                names = join_words([f"Diktum {labels[t]}" for t in node.targets if t in labels])
                node = m.Text(("dalam " if node.prep == "auto" else "") + names)
            elif isinstance(node, (m.Emph, m.Strong)):
                node = m.replace(node, children=words(node.children))
            out.append(node)
        return tuple(out)
    return m.replace(block, inlines=words(block.inlines))


def expand_surat(se: m.SuratEdaran) -> tuple:
    """Surat Edaran (legal-format.md §4.2): kop, Yth., SURAT EDARAN / NOMOR / TENTANG, the numbered
    parts, place and date with the signature, Tembusan. Layout "baru" (Permendagri 1/2023, as the
    Kemendagri's own circulars are laid out) puts Yth. in the head, under the kop and above the title, and
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
        out += [yth, _p("di Tempat", "alamat"), *title, *parts,
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


def _menimbang(p: m.Peraturan | m.Keputusan, jenis: str, title: str, ctx) -> m.ListBlock:
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
