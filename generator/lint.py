"""Drafting lint on the finished model of a regulation or Surat Edaran (legal-format.md §2).

The transforms produce these forms by construction; the lint checks the result independently, so a
template that bypasses the machinery (a hand-written list marked ``bebas``, a Pasal typed as a paragraph, a
title with a full stop) is caught before a drafter sees it. Each finding names the legal element:
"BAB III › Pasal 12 ayat (2)"."""

from __future__ import annotations

import re

from generator import model as m
from generator.legal.indonesian import diktum, letter, roman
from generator.transforms.frame import DIKTUM


# rank of an instrument as its citation begins (lower = higher in the hierarchy of UU 12/2011)
def _forming_laws(ctx) -> tuple[str, ...]:
    """How the citation of each law forming a region begins (legal-bases ``pembentukan: true``)."""
    from generator.legal.bases import designation
    library = getattr(ctx, "library", None)
    entries = library.entries.values() if library is not None else ()
    return tuple(designation(e) for e in entries if e.pembentukan)


_RANKS = (("Pasal", 0), ("Undang-Undang Dasar", 0), ("Peraturan Pemerintah Pengganti", 1), ("Undang-Undang", 1),
          ("Peraturan Pemerintah", 2), ("Peraturan Presiden", 3), ("Peraturan Menteri", 4),
          ("Peraturan Daerah", 5), ("Peraturan Gubernur", 6), ("Peraturan Bupati", 6),
          ("Peraturan Wali Kota", 6))
_NOT_REGULATION = ("Instruksi Presiden", "Surat Edaran")
_CONJ = {"kumulatif": "; dan", "alternatif": "; atau", "kumulatif-alternatif": "; dan/atau"}


def _text(block) -> str:
    return m.plain_text(block.inlines) if isinstance(block, m.Para) else ""


def _item_text(item: m.ListItem) -> str:
    return _text(item.blocks[0]) if item.blocks else ""


class _Units(m.Descent):
    """The units of the batang tubuh (BAB, Bagian, Paragraf, Pasal, lists) with their legal element
    ("BAB III", "Pasal 12 ayat (2)"): the state is that path. Menimbang/Mengingat and the sections of a
    letter or report are not batang tubuh and are left alone."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[tuple, object]] = []
        self.paras: list[tuple[tuple, m.Para]] = []   # the paragraphs of the batang tubuh
        self.ayat: list[tuple[tuple, m.Ayat]] = []

    def enter(self, b, path: tuple):
        if isinstance(b, m.Para) and path:
            self.paras.append((path, b))
        if isinstance(b, (m.Bab, m.Pasal)):
            path = path + (b.label,)
        elif isinstance(b, m.Ayat):
            path = path[:-1] + (f"{path[-1]} ayat ({b.number})",)
            self.ayat.append((path, b))
            return b, path
        elif not isinstance(b, (m.Bagian, m.Paragraf, m.ListBlock, m.ListItem)):
            return b, m.SKIP
        if not isinstance(b, m.ListItem):
            self.found.append((path, b))
        return b, path


class _Lint:
    def __init__(self, ctx):
        self.ctx = ctx

    def add(self, message: str, where, element: str, severity: str = "error") -> None:
        self.ctx.problems.add(message, str(where or ""), element, severity)

    # ---------------------------------------------------------------- frame

    def menimbang(self, block: m.LabeledBlock) -> None:
        (items,) = [b for b in block.blocks if isinstance(b, m.ListBlock)] or [None]
        if items is None:
            return
        texts = [_item_text(i) for i in items.items]
        for item, text in zip(items.items, texts):
            element = f"Menimbang huruf {item.label.rstrip('.')}"
            if not text.startswith("bahwa "):
                self.add("a Menimbang item begins with \"bahwa\"", item.pos, element)
            if not text.endswith(";"):
                self.add("a Menimbang item ends with \";\"", item.pos, element)
        if len(texts) > 1:
            named = re.findall(r"huruf ([a-z]+)", texts[-1].split("perlu menetapkan")[0])
            expected = [letter(i) for i in range(1, len(texts))]
            if named != expected:
                self.add(f"the summary clause names huruf {', '.join(named) or '-'} but the preceding items "
                         f"are huruf {', '.join(expected)}", items.items[-1].pos, "Menimbang")

    def mengingat(self, block: m.LabeledBlock) -> None:
        items = [b for b in block.blocks if isinstance(b, m.ListBlock)]
        previous = (-1, 0)
        forming = _forming_laws(self.ctx)
        for item in (items[0].items if items else ()):
            text = _item_text(item)
            element = f"Mengingat angka {item.label.rstrip('.')}"
            if text.startswith(_NOT_REGULATION):
                self.add("only peraturan perundang-undangan may be cited in Mengingat", item.pos, element)
                continue
            if previous[0] <= 0 and text.startswith(forming):
                continue    # the law forming the region stands directly after the UUD, whatever its year
            rank = next((r for prefix, r in _RANKS if text.startswith(prefix)), None)
            year = re.search(r"Tahun (\d{4})", text)
            if rank is None:
                self.add("not a recognisable citation", item.pos, element, "warning")
                continue
            key = (rank, int(year.group(1)) if year else 0)
            if key < previous:
                self.add("Mengingat is ordered by hierarchy, then by year: this item comes too late",
                         item.pos, element)
            previous = max(previous, key)
            if not text.endswith(";"):
                self.add("a Mengingat item ends with \";\"", item.pos, element)

    def titles(self, blocks) -> None:
        for b in blocks:
            if isinstance(b, m.Para) and b.style in ("judul", "judul-surat"):
                text = _text(b)
                if text != text.upper():
                    self.add(f"the title is written in capitals: '{text[:40]}'", b.pos, "Judul")
                if text.rstrip()[-1:] in ".,;:" and not text.rstrip().endswith("..."):  # "..." = unassigned
                    self.add(f"the title has no closing punctuation: '{text[-20:]}'", b.pos, "Judul")

    # ---------------------------------------------------------------- batang tubuh

    def body(self, blocks) -> None:
        walk = _Units()
        walk.run(blocks, ())
        pasal, bab = 0, 0
        for path, node in walk.found:
            element = " › ".join(path)
            if isinstance(node, m.Bab):
                bab += 1
                if node.label != f"BAB {roman(bab)}":
                    self.add(f"expected BAB {roman(bab)}, found {node.label}", node.pos, element)
            elif isinstance(node, m.Pasal):
                pasal += 1
                if node.number != pasal:
                    self.add(f"Pasal numbers run on without gaps: expected Pasal {pasal}", node.pos, element)
                ayat = [b for b in node.blocks if isinstance(b, m.Ayat)]
                for i, a in enumerate(ayat, 1):
                    if a.number != i:
                        self.add(f"ayat restart at (1) in each Pasal: expected ({i})", a.pos,
                                 f"{element} ayat ({a.number})")
                    if not any(_text(b).strip() for b in a.blocks if isinstance(b, m.Para)) and \
                            not any(isinstance(b, m.ListBlock) for b in a.blocks):
                        self.add("empty ayat", a.pos, f"{element} ayat ({a.number})")
            elif isinstance(node, m.ListBlock):
                self.list(node, element)
        self.wording(walk)

    def list(self, block: m.ListBlock, element: str) -> None:
        texts = [_item_text(i) for i in block.items]
        n = len(texts)
        for i, (item, text) in enumerate(zip(block.items, texts), 1):
            where = f"{element} huruf {item.label.rstrip('.)')}" if block.numbering.startswith("huruf") \
                else f"{element} angka {item.label.rstrip('.)')}"
            nested = any(isinstance(b, m.ListBlock) for b in item.blocks)
            if block.kind == "definisi":
                if not text.endswith(".") and not nested:
                    self.add("a definition ends with \".\"", item.pos, where)
            elif block.kind in _CONJ and n > 1 and not nested:
                if i == n - 1 and not text.endswith(_CONJ[block.kind]):
                    self.add(f"the item before the last of a {block.kind} list ends with "
                             f"\"{_CONJ[block.kind]}\"", item.pos, where)
                elif i < n - 1 and not text.endswith(";"):
                    self.add("a list item ends with \";\"", item.pos, where)


    # ---------------------------------------------------------------- wording of the norms

    def wording(self, walk: _Units) -> None:
        """Definitions (verbatim from a higher law, ordered so a term follows the terms it rests on),
        defined terms capitalised wherever used, one spelling per term, the Keputusan formula and who
        imposes a sanction."""
        definitions = [(path, item, _term(_item_text(item))) for path, node in walk.found
                       if isinstance(node, m.ListBlock) and node.kind == "definisi" for item in node.items]
        definitions = [d for d in definitions if d[2]]
        terms = [term for _, _, term in definitions]
        self.definitions(definitions)
        drafting = self.ctx.drafting
        titles = sorted({e.judul for e in self.ctx.library.entries.values()}, key=len, reverse=True)
        defined = [name for t in terms for name in t[:2] if name]
        lower = _alternation([d.lower() for d in defined if d.lower() != d])
        spelling = _alternation(list(drafting.ejaan), flags=re.IGNORECASE)
        for path, para in walk.paras:
            element = " › ".join(path)
            text = _mask(_text(para), titles)             # a cited title is quoted as enacted
            if _DELEGATION.search(text):
                self.add("a Keputusan decides, it does not lay down rules: write \"Pembentukan … ditetapkan "
                         "dengan Keputusan …\" (or delegate rules with \"diatur dengan Peraturan …\")",
                         para.pos, element)
            if _HEAD_SANCTIONS.search(text):
                self.add("administrative sanctions on employers are imposed as PP 86/2013 provides (teguran "
                         "tertulis and denda by BPJS Ketenagakerjaan, pelayanan publik tertentu by the regional "
                         "government at its request), not by the head of region", para.pos, element)
            for match in spelling.finditer(text) if drafting.ejaan else ():
                word = match.group(0)
                self.add(f"write '{drafting.ejaan[word.lower()]}', not '{word}' (one spelling per term)",
                         para.pos, element)
            if lower is None or _is_definition(para, definitions):
                continue
            for match in lower.finditer(_mask(text, drafting.frasa_umum)):
                self.add(f"'{match.group(0)}' is a defined term: write it capitalised", para.pos, element)
        for path, ayat in walk.ayat:
            self.sanction_list(ayat, " › ".join(path))

    def definitions(self, definitions) -> None:
        verbatim = {term: (key, text) for key, e in self.ctx.library.entries.items()
                    for term, text in e.definisi.items()}
        terms = [term for _, _, term in definitions]
        order = {name: i for i, t in enumerate(terms) for name in t[:2] if name}
        names = _alternation(list(order))
        uses = [{order[w.group(0)] for w in names.finditer(t[2])} if names else set() for t in terms]
        for i, (path, item, (name, _, body, _)) in enumerate(definitions):
            element = f"{' › '.join(path)} angka {item.label.rstrip('.')}"
            if name in verbatim:
                key, text = verbatim[name]
                if " ".join(body.rstrip(".").split()) != " ".join(text.split()):
                    self.add(f"'{name}' is defined in {self.ctx.library.name(key)}: copy the definition "
                             f"verbatim, or define a new term", item.pos, element)
            for j in sorted(uses[i]):
                if j > i and i not in uses[j]:
                    self.add(f"the definition of '{name}' rests on '{terms[j][0]}', defined after it: "
                             "define that term first", item.pos, element)

    def sanction_list(self, ayat: m.Ayat, element: str) -> None:
        lead = _text(ayat.blocks[0]) if ayat.blocks else ""
        for b in ayat.blocks:
            if isinstance(b, m.ListBlock) and "sanksi administratif" in lead.lower() and "berupa" in lead \
                    and len(b.items) > 1 and b.kind != "kumulatif-alternatif":
                self.add("the kinds of an administrative sanction are a choice to be combined: list them "
                         "\"dan/atau\" (kumulatif-alternatif)", ayat.pos, element)

    # ---------------------------------------------------------------- Keputusan

    def diktum(self, blocks) -> None:
        """The diktum of a Keputusan: KESATU, KEDUA ... without gaps, each ending its sentence, the last one
        the entry into force on the date of enactment, lists punctuated as in a Pasal; and nothing of a
        promulgation (a Keputusan is not placed in the Berita Daerah)."""
        found = [b for b in blocks if isinstance(b, m.LabeledBlock) and b.style == DIKTUM]
        if not found:
            return
        for i, block in enumerate(found, 1):
            element = f"Diktum {block.label}"
            if block.label != diktum(i):
                self.add(f"expected Diktum {diktum(i)}, found {block.label}", "", element)
            last = next((b for b in reversed(block.blocks) if isinstance(b, m.Para)), None)
            if last is not None and block.blocks[-1] is last and not _text(last).endswith("."):
                self.add("a diktum ends with \".\"", "", element)
            walk = _Units()
            walk.run(tuple(b for b in block.blocks if isinstance(b, m.ListBlock)), (element,))
            for path, node in walk.found:
                if isinstance(node, m.ListBlock):
                    self.list(node, " › ".join(path))
        closing = " ".join(_text(b) for b in found[-1].blocks if isinstance(b, m.Para))
        if not re.fullmatch(r"Keputusan ini mulai berlaku pada tanggal ditetapkan\.", closing):
            self.add("the last diktum of a Keputusan is \"Keputusan ini mulai berlaku pada tanggal ditetapkan.\"",
                     "", f"Diktum {found[-1].label}")
        for b in blocks:
            if isinstance(b, m.Para) and (b.style == "berita-daerah" or "Berita Daerah" in _text(b)):
                self.add("a Keputusan is not promulgated: no Berita Daerah", b.pos, "Penutup")


_DEFINITION = re.compile(r"^(?P<term>.+?)(?: yang selanjutnya (?:disebut|disingkat) (?P<short>.+?))? adalah ")
_DELEGATION = re.compile(r"Ketentuan lebih lanjut\b.*\bditetapkan dengan Keputusan")
_HEAD = r"\b(?:Gubernur|Bupati|Wali Kota)\b"
_HEAD_SANCTIONS = re.compile(_HEAD + r"[^.;]*\b(?:mengenakan|menjatuhkan)\b[^.;]*[Ss]anksi"
                             r"|[Ss]anksi[^.;]*\b(?:dikenakan|dijatuhkan|dilakukan)\s+oleh\s+" + _HEAD)


def _term(text: str):
    """(term, abbreviation or "", the text after "adalah", the whole text) of a definition, or None."""
    match = _DEFINITION.match(text)
    if not match:
        return None
    return match.group("term"), match.group("short") or "", text[match.end():], text


def _alternation(words, flags=0):
    """One pattern matching any of ``words`` as whole words, the longest first; None for no words."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", flags)


def _mask(text: str, phrases) -> str:
    """``text`` with each of ``phrases`` blanked out (the same length, so positions hold)."""
    for phrase in phrases:
        if phrase and phrase in text:
            text = text.replace(phrase, " " * len(phrase))
    return text


def _is_definition(para: m.Para, definitions) -> bool:
    return any(para is block for _, item, _ in definitions for block in item.blocks)
def lint(doc: m.Document, ctx) -> m.Document:
    """Check the finished model; problems go to the context, the document is returned unchanged."""
    check = _Lint(ctx)
    for block in doc.blocks:
        if isinstance(block, m.LabeledBlock) and block.label == "Menimbang":
            check.menimbang(block)
        elif isinstance(block, m.LabeledBlock) and block.label == "Mengingat":
            check.mengingat(block)
    check.titles(doc.blocks)
    check.body(doc.blocks)
    check.diktum(doc.blocks)
    return doc
