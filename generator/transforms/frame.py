"""The frame of each document kind: everything a drafter never types.

* Peraturan Kepala Daerah (Lampiran II UU 12/2011, legal-format.md §2): title block, opening phrase,
  jabatan, "bahwa" and the summary clause of Menimbang, MEMUTUSKAN / Menetapkan, the closing chapter, the
  promulgation formula, signature and promulgation blocks, the Berita Daerah line and the Lampiran heads.
  The fixed formulas are verbatim legal text.
* Surat Edaran (legal-format.md §4.2): kop, title block with the number, Yth., signature, Tembusan, in
  the current or the older layout."""

from __future__ import annotations

from generator import model as m
from generator.legal.indonesian import date as long_date
from generator.legal.indonesian import join_words, letter, roman

DOTS = "..."
NAME_DOTS = "...................................."


def frame(doc: m.Document, ctx) -> m.Document:
    def fn(block):
        if isinstance(block, m.Peraturan):
            return expand(block, ctx)
        if isinstance(block, m.SuratEdaran):
            return expand_surat(block, ctx)
        if isinstance(block, m.Laporan):
            return expand_laporan(block)
        return block
    return m.replace(doc, blocks=m.map_blocks(doc.blocks, fn))


def _kop(node) -> list:
    """Emblem (if any) and the jabatan of the signing head of region, with the province for a regency."""
    out: list = []
    if node.get("lambang"):
        out.append(m.Image(node.get("lambang"), 25.0, "lambang", alt="Lambang"))
    out.append(_p(node.get("kepala").upper(), "kop"))
    if node.get("provinsi"):
        out.append(_p(node.get("provinsi").upper(), "kop"))
    return out


def _required(node, ctx, keys, element: str) -> None:
    for key in keys:
        if not node.get(key):
            ctx.problems.add(f"<{element}> needs '{key}'", str(node.pos), element)


def _p(text: str, style: str) -> m.Para:
    return m.Para((m.Text(text),), style)


def expand(p: m.Peraturan, ctx) -> tuple:
    jenis = p.get("jenis")                    # "Peraturan Bupati"
    kepala = p.get("kepala")                  # "Bupati Tanah Laut"
    daerah = p.get("daerah")                  # "Kabupaten Tanah Laut"
    tempat = p.get("tempat")
    nomor, tahun = p.get("nomor"), p.get("tahun")
    draft = not nomor
    if not draft:
        for key in ("tanggal-penetapan", "tanggal-pengundangan", "berita-nomor", "nama-kepala",
                    "nama-sekda"):
            if not p.get(key):
                ctx.problems.add(f"an enacted regulation (nomor {nomor}) needs '{key}'",
                                 str(p.pos), "peraturan")
    _required(p, ctx, ("jenis", "kepala", "daerah", "tempat"), "peraturan")
    title = p.title
    nomor_line = f"NOMOR {nomor or DOTS} TAHUN {tahun or DOTS}"

    out = _kop(p)
    if draft:
        out.append(_p("RANCANGAN", "rancangan"))
    for line in ("PERATURAN " + kepala.upper(), nomor_line, "TENTANG", title.upper()):
        out.append(_p(line, "judul"))
    out.append(_p("DENGAN RAHMAT TUHAN YANG MAHA ESA", "frasa"))
    out.append(_p(kepala.upper() + ",", "jabatan"))

    out.append(m.LabeledBlock("Menimbang", (_menimbang(p, jenis, title, ctx),)))
    out.append(m.LabeledBlock("Mengingat", (m.ListBlock(
        "dasar", tuple(m.ListItem((c,), pos=c.pos) for c in p.mengingat), "angka"),)))
    out.append(_p("MEMUTUSKAN:", "memutuskan"))
    out.append(m.LabeledBlock("Menetapkan", (_p(f"{jenis.upper()} TENTANG {title.upper()}.", "menetapkan"),)))

    closing = (p.penutup.blocks if p.penutup else ()) + (
        m.Pasal((_p(f"{jenis} ini mulai berlaku pada tanggal diundangkan.", "teks"),)),)
    out.extend(p.blocks)
    out.append(m.Bab(closing, "ketentuan-penutup", title="Ketentuan Penutup"))

    out.append(_p("Agar setiap orang mengetahuinya, memerintahkan pengundangan "
                  f"{jenis} ini dengan penempatannya dalam Berita Daerah {daerah}.", "teks"))
    out.append(m.SignatureBlock(
        (f"Ditetapkan di {tempat}", "pada tanggal " + _date(p.get("tanggal-penetapan"))),
        kepala.upper() + ",", _name(p.get("nama-kepala")), "kanan"))
    out.append(m.SignatureBlock(
        (f"Diundangkan di {tempat}", "pada tanggal " + _date(p.get("tanggal-pengundangan"))),
        f"SEKRETARIS DAERAH {daerah.upper()},", _name(p.get("nama-sekda")), "kiri"))
    tahun_berita = p.get("tanggal-pengundangan")[:4] if p.get("tanggal-pengundangan") else DOTS
    out.append(_p(f"BERITA DAERAH {daerah.upper()} TAHUN {tahun_berita} NOMOR "
                  f"{p.get('berita-nomor') or DOTS}", "berita-daerah"))

    many = len(p.lampiran) > 1
    for i, lampiran in enumerate(p.lampiran, 1):
        out.append(m.PageBreak())
        head = "LAMPIRAN " + roman(i) if many else "LAMPIRAN"
        for line in (head, "PERATURAN " + kepala.upper(), nomor_line, "TENTANG", title.upper()):
            out.append(_p(line, "lampiran-kepala"))
        out.append(_p(lampiran.title.upper(), "lampiran-judul"))
        out.extend(lampiran.blocks)
        out.append(m.SignatureBlock((), kepala.upper() + ",", _name(p.get("nama-kepala")), "kanan"))
    return tuple(out)


def expand_surat(se: m.SuratEdaran, ctx) -> tuple:
    """Surat Edaran (legal-format.md §4.2): kop, SURAT EDARAN / NOMOR / TENTANG, Yth., the numbered
    parts, place and date with the signature, Tembusan. Layout "baru" puts Yth. after the title and
    "Ditetapkan di" at the end; "lama" opens with place and date and "Kepada Yth." like a letter."""
    _required(se, ctx, ("kepala", "daerah", "tempat", "nomor"), "surat-edaran")
    layout = se.get("tata-letak", "baru")
    if layout not in ("baru", "lama"):
        ctx.problems.add(f"tata-letak is 'baru' or 'lama', not '{layout}'", str(se.pos), "surat-edaran")
    kepala, tempat = se.get("kepala"), se.get("tempat")
    date = _date(se.get("tanggal"))
    title = [_p("SURAT EDARAN", "judul-surat"), _p(f"NOMOR {se.get('nomor')}", "judul"), _p("TENTANG", "judul"),
             _p(se.subject.upper(), "judul")]
    yth = m.LabeledBlock("Yth.", (m.ListBlock("alamat", se.yth, "angka"),), "alamat-yth", colon=False)
    parts = tuple(m.replace(s, blocks=tuple(m.replace(b, style="seksi-teks")
                                            if isinstance(b, m.Para) and b.style == "teks" else b
                                            for b in s.blocks)) if isinstance(s, m.Section) else s
                  for s in se.blocks)
    out = _kop(se)
    if layout == "lama":
        out += [_p(f"{tempat}, {date}", "tanggal-surat"), _p("Kepada", "alamat"), yth,
                _p("di Tempat", "alamat"), *title, *parts,
                m.SignatureBlock((), kepala.upper() + ",", _name(se.get("nama-kepala")), "kanan")]
    else:
        out += [*title, yth, *parts,
                m.SignatureBlock((f"Ditetapkan di {tempat}", f"pada tanggal {date}"), kepala.upper() + ",",
                                 _name(se.get("nama-kepala")), "kanan")]
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


def _date(iso: str) -> str:
    if not iso:
        return DOTS
    import datetime as dt
    return long_date(dt.date.fromisoformat(iso))


def _name(name: str) -> str:
    return name.upper() if name else NAME_DOTS
