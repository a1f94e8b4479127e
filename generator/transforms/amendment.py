"""An amending regulation (Lampiran II UU 12/2011, "Perubahan Peraturan Perundang-undangan"), computed by
comparing the regulation in force (its Pasal as data: number, id, text) with the new text the template
states.

The frame leaves the new text's chapters inside a ``Perubahan`` node. The numbering gives each of its Pasal
the number it has in the amended regulation (the id says which one takes whose place); a Pasal without a
counterpart is inserted and takes the number before it plus a letter ("8A", "8B"), so the references
inside it, worded afterwards, use the amended regulation's numbers. This transform then replaces the node
by the batang tubuh of an amendment:

* Pasal I: "Beberapa ketentuan dalam <the amended regulation> diubah sebagai berikut:" and the numbered
  change items - "Ketentuan Pasal 5 diubah sehingga berbunyi sebagai berikut:" with the Pasal in its new
  wording, "Di antara Pasal 8 dan Pasal 9 disisipkan 1 (satu) pasal, yakni Pasal 8A sehingga berbunyi
  sebagai berikut:", "Pasal 12 dihapus.", "Lampiran diubah sehingga menjadi sebagaimana tercantum dalam
  Lampiran ..."; with a single change, one sentence ("Ketentuan Pasal 5 dalam ... diubah sehingga ...");
* Pasal II: entry into force.

The quoted Pasal stand in ``Kutipan`` nodes: they are units of the amended regulation, not of this one."""

from __future__ import annotations

from generator import model as m
from generator.legal.indonesian import count_words, join_words
from generator.transforms.frame import block_text


class OldNumbers:
    """The number of each Pasal of the new text, in order: the amended regulation's for a Pasal taking
    the place of one in force (by id), else the number before it with the next letter (8 -> 8A, 8B;
    8A -> 8B)."""

    def __init__(self, perubahan: m.Perubahan):
        self.by_id = {p.id: p.nomor for p in perubahan.pasal if p.id}
        self.last = ""
        self.inserted = 0

    def next(self, pasal_id: str) -> str:
        if pasal_id in self.by_id:
            self.last, self.inserted = self.by_id[pasal_id], 0
            return self.last
        self.inserted += 1
        base = self.last or "0"
        digits = base.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        start = ord(base[len(digits):] or "@")
        return f"{digits}{chr(start + self.inserted)}"


def amendment(doc: m.Document, ctx) -> m.Document:
    if not any(isinstance(b, m.Perubahan) for b in doc.blocks):
        return doc
    blocks: list = []
    title = doc.meta.title
    for block in doc.blocks:
        if isinstance(block, m.Perubahan):
            blocks += _articles(block, ctx)
            title = f"{title.split(' tentang ')[0]} tentang {block.title}"
        else:
            blocks.append(block)
    # the Pasal of an amendment are "Pasal I", "Pasal II" and the quoted ones keep their own numbers: all
    # typed (the stylesheet NAME-perubahan leaves Pasal and ayat out of Word's numbering)
    meta = m.replace(doc.meta, title=title, stylesheet=f"{doc.meta.stylesheet}-perubahan")
    return m.replace(doc, meta=meta, blocks=tuple(blocks))


def _new_pasal(blocks, place: tuple[str, str] = ("", "")) -> list[tuple[m.Pasal, tuple[str, str]]]:
    """The Pasal of the new text with the titles of the BAB and Bagian they stand in."""
    out: list = []
    for block in blocks:
        if isinstance(block, m.Pasal):
            out.append((block, place))
        elif isinstance(block, m.Bab):
            out += _new_pasal(block.blocks, (block.title, ""))
        elif isinstance(block, m.Bagian):
            out += _new_pasal(block.blocks, (place[0], block.title))
        elif type(block) in m.CONTENTS:
            out += _new_pasal(m.contents(block), place)
    return out


def _placement(p: m.Perubahan, new: list, position: dict, ctx, where: str) -> None:
    """Warn where the new text puts a Pasal of the regulation in force under another BAB or Bagian title
    (a renamed or moved unit), or inserts one into a BAB or Bagian the regulation does not have: those
    change items ("Judul BAB III diubah ...", "Di antara BAB V dan BAB VI disisipkan 1 (satu) bab ...") are
    not computed here and must be worded by hand, or the regulation revoked and replaced."""
    old_places = {(q.bab, q.bagian) for q in p.pasal}
    for pasal, place in new:
        if pasal.id in position:
            q = p.pasal[position[pasal.id]]
            if place != (q.bab, q.bagian):
                ctx.problems.add(f"{pasal.label} stands under '{' / '.join(filter(None, place))}' in the new "
                                 f"text but under '{' / '.join(filter(None, (q.bab, q.bagian)))}' in the "
                                 "regulation in force: a moved Pasal or a renamed BAB or Bagian is not an "
                                 "item this amendment computes", where, f"Pasal I › {pasal.label}",
                                 severity="warning")
        elif place not in old_places:
            ctx.problems.add(f"{pasal.label} stands in '{' / '.join(filter(None, place))}', which the "
                             "regulation in force does not have: inserting a BAB or Bagian is not an item "
                             "this amendment computes", where, f"Pasal I › {pasal.label}", severity="warning")


def _typed(pasal: m.Pasal) -> m.Pasal:
    """The Pasal with its references as typed words: the units they name are mostly not in this
    document (a live field would point nowhere)."""
    def fn(block):
        if isinstance(block, m.Para) and any(isinstance(i, m.Ref) for i in block.inlines):
            return m.replace(block, inlines=tuple(m.replace(i, parts=(("", i.text),)) if isinstance(i, m.Ref)
                                                  else i for i in block.inlines))
        return block
    return fn(m.map_tree(pasal, fn))


def changes(p: m.Perubahan, ctx) -> list[tuple[str, str, tuple]]:
    """The change items in order: (kind, words, quoted Pasal). ``kind`` is "ubah", "sisip", "hapus" or
    "lampiran"; ``words`` the item's sentence without the amended regulation's name."""
    placed = _new_pasal(p.blocks)
    new = [pasal for pasal, _ in placed]
    old = list(p.pasal)
    where = ctx.locate("<mengubah") or str(p.pos or "")
    new_ids = {q.id for q in new if q.id}
    position = {q.id: i for i, q in enumerate(old) if q.id}
    _placement(p, placed, position, ctx, where)
    for q in old:
        if q.id and q.id not in new_ids:
            ctx.problems.add(f"Pasal {q.nomor} of the regulation in force takes the id '{q.id}', which no Pasal "
                             "of the new text has", where, f"Pasal {q.nomor}",
                             hint="correct the id in its structure file, or leave it out: the Pasal is deleted")
    order = [position[q.id] for q in new if q.id in position]
    if order != sorted(order):
        ctx.problems.add("the new text puts Pasal of the regulation in force in another order: an amendment "
                         "keeps their order", where, "Pasal I",
                         hint="choose pencabutan (revoke and replace) in the region file")
        return []
    out: list[tuple[str, str, tuple]] = []
    done = 0                         # old Pasal handled so far (in their order)
    i = 0
    while i < len(new):
        pasal = new[i]
        if pasal.id in position:
            target = position[pasal.id]
            out += [("hapus", f"Pasal {q.nomor} dihapus.", ()) for q in old[done:target]]
            done = target + 1
            before_text = " ".join(old[target].text.split())
            if block_text(pasal.blocks) != before_text:
                ayat = _changed_ayat(pasal, before_text)
                words = (f"Ketentuan ayat {ayat} {pasal.label} diubah sehingga {pasal.label} berbunyi sebagai "
                         "berikut:") if ayat else f"Ketentuan {pasal.label} diubah sehingga berbunyi sebagai berikut:"
                out.append(("ubah", words, (_typed(pasal),)))
            i += 1
            continue
        run = [pasal]
        while i + len(run) < len(new) and new[i + len(run)].id not in position:
            run.append(new[i + len(run)])
        i += len(run)
        before = old[done - 1].nomor if done else ""
        after = old[done].nomor if done < len(old) else ""
        labels = join_words([q.label for q in run])
        amount = count_words(len(run), "pasal")
        if before and after:
            lead = f"Di antara Pasal {before} dan Pasal {after} disisipkan {amount}"
        elif before:
            lead = f"Setelah Pasal {before} ditambahkan {amount}"
        else:
            lead = f"Sebelum Pasal {after} disisipkan {amount}"
        out.append(("sisip", f"{lead}, yakni {labels} sehingga berbunyi sebagai berikut:",
                    tuple(_typed(q) for q in run)))
    out += [("hapus", f"Pasal {q.nomor} dihapus.", ()) for q in old[done:]]
    for head in p.lampiran_diubah:
        out.append(("lampiran", f"{head} diubah sehingga menjadi sebagaimana tercantum dalam {head} yang "
                                f"merupakan bagian tidak terpisahkan dari {p.jenis} ini.", ()))
    out += [("lampiran", f"{head} dihapus.", ()) for head in p.lampiran_dihapus]
    return out


def _changed_ayat(pasal: m.Pasal, before: str) -> str:
    """"(2)" when the Pasal in force differs from the new one in exactly that ayat (the text before it and
    the text after it are the same), so the item reads "Ketentuan ayat (2) Pasal 8 diubah sehingga Pasal 8
    berbunyi sebagai berikut:"; "" otherwise (the Pasal is changed as a whole)."""
    ayat = [b for b in pasal.blocks if isinstance(b, m.Ayat)]
    if len(ayat) < 2 or len(ayat) != len(pasal.blocks):
        return ""
    texts = [block_text((a,)) for a in ayat]
    found = []
    for i, a in enumerate(ayat):
        head, tail = " ".join(texts[:i]), " ".join(texts[i + 1:])
        middle = before[len(head):len(before) - len(tail)].strip() if tail else before[len(head):].strip()
        if before.startswith(head) and before.endswith(tail) and middle.startswith(a.label + " ") \
                and middle != texts[i] and len(before) > len(head) + len(tail):
            found.append(a.label)
    return found[0] if len(found) == 1 else ""


def _single(kind: str, words: str, kutipan: str) -> str:
    """One change as one sentence naming the amended regulation: "Ketentuan Pasal 5 dalam ... diubah ...",
    "Di antara Pasal 8 dan Pasal 9 ... disisipkan ...", "Pasal 12 dalam ... dihapus.", "Lampiran ... diubah"."""
    if kind == "ubah":
        head, rest = words.split(" diubah", 1)
        return f"{head} dalam {kutipan} diubah{rest}"
    if kind == "sisip":
        verb = " ditambahkan" if " ditambahkan" in words else " disisipkan"
        head, rest = words.split(verb, 1)
        return f"{head} {kutipan}{verb}{rest}"
    if kind == "hapus":
        return words.replace(" dihapus.", f" dalam {kutipan} dihapus.")
    verb = " diubah" if " diubah" in words else " dihapus"     # a Lampiran changed or dropped
    head, rest = words.split(verb, 1)
    return f"{head} {kutipan}{verb}{rest}"


def _para(text: str) -> m.Para:
    return m.Para((m.Text(text),))


def _articles(p: m.Perubahan, ctx) -> list:
    """Pasal I (the change items) and Pasal II (entry into force)."""
    items = changes(p, ctx)
    if not items:
        ctx.problems.add("the new text is the regulation in force word for word: there is nothing to amend",
                         ctx.locate("<mengubah") or str(p.pos or ""), "Pasal I")
        body: tuple = ()
    elif len(items) == 1:
        kind, words, quoted = items[0]
        body = (_para(_single(kind, words, p.kutipan)),) + ((m.Kutipan(quoted),) if quoted else ())
    else:
        entries = tuple(m.ListItem((_para(words),) + ((m.Kutipan(quoted),) if quoted else ()),
                                   label=f"{n}.", number=n)
                        for n, (_, words, quoted) in enumerate(items, 1))
        body = (_para(f"Beberapa ketentuan dalam {p.kutipan} diubah sebagai berikut:"),
                m.ListBlock("bebas", entries, "angka"))
    return [m.Pasal(body, "pasal-perubahan", number=1, label="Pasal I", pos=p.pos),
            m.Pasal((_para(f"{p.jenis} ini mulai berlaku pada tanggal diundangkan."),), "pasal-mulai-berlaku-perubahan",
                    number=2, label="Pasal II")]
