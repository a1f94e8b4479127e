"""A workspace: config/settings.yaml, config/legal-bases.yaml, config/rates.yaml, config/regions/**.yaml
and templates/. Loading validates everything and reports every problem at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator import untrusted
from generator.data import yamlpos
from generator.data.schema import Library as LibrarySchema
from generator.data.schema import Monev, Rates, Region, Settings, Struktur, Tarif, known_fields
from generator.errors import Collector, Problem, Problems
from generator.legal.bases import Library


@dataclass(frozen=True)
class RegionEntry:
    region: Region
    file: str                      # workspace-relative path
    located: yamlpos.Located
    # the structures of the regulations it amends (regulasi[i].struktur), by the index in regulasi
    structures: dict[int, Struktur] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        """The workspace files of the region: its own and the structure files it names."""
        return [self.file] + [self.region.regulasi[i].struktur for i in sorted(self.structures)]

    @property
    def code(self) -> str:
        return self.region.kode

    @property
    def province_code(self) -> str:
        return self.region.kode.split(".")[0]


@dataclass
class Workspace:
    root: Path
    settings: Settings
    monev: Monev
    rates: Rates
    library: Library
    regions: dict[str, RegionEntry]
    warnings: list[Problem] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)   # "aturan.<id>" -> config/monev.yaml:LINE
    date: dt.date | None = None      # the document date as load resolved it (--tanggal, else the settings')

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def document_date(self) -> dt.date:
        """The date every document carries: the run's (``--tanggal``), else ``tanggal_dokumen`` of the
        settings; never the clock or the environment, so the same inputs give the same bytes. A build
        records it for each document (generator/batch/manifest.py)."""
        return self.date if self.date is not None else self.settings.tanggal_dokumen

    def rate_on(self, day: dt.date) -> Tarif:
        for tarif in self.rates.tarif:
            if tarif.berlaku_mulai <= day and (tarif.berlaku_sampai is None or day <= tarif.berlaku_sampai):
                return tarif
        raise Problems.one(f"no contribution rate is in force on {day.isoformat()}",
                           where="config/rates.yaml", path="tarif")

    def province_of(self, entry: RegionEntry) -> RegionEntry | None:
        return None if entry.region.jenis == "provinsi" else self.regions.get(entry.province_code)

    def view(self, entries: list[RegionEntry]) -> Workspace:
        """The same workspace holding only ``entries``: what one document is rendered against, so the
        region files it can read are exactly the ones it declares."""
        keep = {e.code for e in entries}
        return dataclasses.replace(self, regions={c: e for c, e in self.regions.items() if c in keep})

    def members(self, province: RegionEntry) -> list[RegionEntry]:
        return [e for code, e in sorted(self.regions.items())
                if e.region.jenis != "provinsi" and e.province_code == province.code]


def _validate(schema: type[BaseModel], located: yamlpos.Located, problems: Collector, known):
    """Schema-check one file; unknown keys get a 'did you mean' hint from every known field name."""
    if located.data is None:
        problems.add("file is empty", located.file)
        return None
    try:
        return schema.model_validate(located.data)
    except ValidationError as exc:
        for p in yamlpos.problems_from_validation(located, exc):
            if p.message == "unknown field" and not p.hint:
                last = p.path.rsplit(".", 1)[-1]
                match = difflib.get_close_matches(last, known, n=1)
                if match:
                    p = Problem(p.message, p.where, p.path, hint=f"did you mean '{match[0]}'?")
            problems.problems.append(p)
        return None


def _load(root: Path, rel: str, schema, problems: Collector, known):
    try:
        located = yamlpos.load(root / rel, rel, root)
    except Problems as exc:
        problems.extend(exc.problems)
        return None, None
    return _validate(schema, located, problems, known), located


@dataclass
class _Files:
    """Every file of a workspace as read: its validated model (None where it failed) and its positions."""

    settings: Settings | None = None
    rates: Rates | None = None
    monev: Monev | None = None
    library: LibrarySchema | None = None
    located: dict[str, yamlpos.Located | None] = field(default_factory=dict)   # "settings" -> positions
    regions: list[tuple[str, Region, yamlpos.Located]] = field(default_factory=list)   # (file, region, positions)


def load(root: Path, date: dt.date | None = None) -> Workspace:
    """Read every file, check each on its own, then check them against each other: every problem at once.
    Its documents carry ``date`` when given (the run's ``--tanggal``), else ``tanggal_dokumen`` of
    config/settings.yaml."""
    root = Path(root)
    problems = Collector()
    if not (root / "config").is_dir():
        raise Problems.one("not a workspace: no config/ folder", where=str(root))
    files = _read(root, problems)
    library = _check_files(files, problems)
    regions = _check_across(root, files, library, date, problems)
    problems.raise_if_errors()
    monev_loc = files.located["monev"]
    where = {f"aturan.{rule.id}": monev_loc.where(("aturan", i)) for i, rule in enumerate(files.monev.aturan)}
    return Workspace(root, files.settings, files.monev, files.rates, library, dict(sorted(regions.items())),
                     problems.warnings, where, date)


def _read(root: Path, problems: Collector) -> _Files:
    """Step 1: parse and schema-check every file (nothing outside the workspace is read)."""
    for rel in untrusted.links_leaving(root):
        problems.add("a link to a place outside the workspace: nothing outside it is read", rel,
                     hint="copy the file into the workspace instead of linking to it")
    known = sorted(known_fields())
    files = _Files()
    for name, schema in (("settings", Settings), ("rates", Rates), ("monev", Monev),
                         ("legal-bases", LibrarySchema)):
        model, files.located[name] = _load(root, f"config/{name}.yaml", schema, problems, known)
        setattr(files, "library" if name == "legal-bases" else name, model)
    region_files = sorted((root / "config" / "regions").glob("**/*.yaml"))
    if not region_files:
        problems.add("no region files", "config/regions/")
    for path in region_files:
        rel = path.relative_to(root).as_posix()
        region, located = _load(root, rel, Region, problems, known)
        if region is not None:
            files.regions.append((rel, region, located))
    return files


def _check_files(files: _Files, problems: Collector) -> Library | None:
    """Step 2: each config file on its own - the rule texts, the amendments within the legal-bases
    library (returned, for the next step), the rate periods."""
    if files.monev is not None:
        _check_rule_texts(files.monev, files.located["monev"], problems)
    library = None
    if files.library is not None:
        lib_data = files.library
        where = {key: files.located["legal-bases"].where(("dasar", key)) for key in lib_data.dasar}
        library = Library(dict(lib_data.dasar), where)
        for key, entry in lib_data.dasar.items():
            for amend in entry.diubah:
                if amend not in lib_data.dasar:
                    problems.add(f"amended by unknown id '{amend}'", where[key], f"dasar.{key}.diubah")
            target = entry.dengan_mengubah
            if target is not None and (target not in lib_data.dasar or target == key
                                       or lib_data.dasar[target].dengan_mengubah is not None):
                problems.add(f"dengan_mengubah names '{target}', which is not another entry citable in full",
                             where[key], f"dasar.{key}.dengan_mengubah")
    if files.rates is not None:
        _check_rate_periods(files.rates, files.located["rates"], problems)
    return library


def _check_across(root: Path, files: _Files, library: Library | None, date: dt.date | None,
                  problems: Collector) -> dict[str, RegionEntry]:
    """Step 3: the files against each other - the legal bases rates and regions cite, region codes, folders,
    checklist codes, dates against the document date, names, emblems, provinces. Returns the regions by
    code (a region whose code another file already uses is left out)."""
    if files.rates is not None and library is not None:
        for i, tarif in enumerate(files.rates.tarif):
            for ref in tarif.dasar:
                if ref not in library:
                    problems.add(f"unknown legal basis '{ref}'", files.located["rates"].where(("tarif", i, "dasar")),
                                 f"tarif[{i}].dasar")
    regions: dict[str, RegionEntry] = {}
    for rel, region, located in files.regions:
        if region.kode in regions:
            problems.add(f"code {region.kode} is also used by {regions[region.kode].file}",
                         located.where(("kode",)), "kode")
            continue
        _check_region(rel, region, located, files, library, problems)
        structures = _structures(root, region, located, problems)
        regions[region.kode] = RegionEntry(region, rel, located, structures)

    settings = files.settings
    if settings is not None:
        date = date or settings.tanggal_dokumen
        for entry in regions.values():
            _check_dates(entry, date, problems)
    _check_names(regions, problems)
    _check_emblems(root, settings, files.located["settings"], regions, problems)
    for code, entry in regions.items():
        if entry.region.jenis != "provinsi" and entry.province_code not in regions:
            problems.add(f"province {entry.province_code} of {code} has no file", entry.file, "kode")
    return regions


def _check_region(rel: str, region: Region, located, files: _Files, library: Library | None,
                  problems: Collector) -> None:
    """A region file against its folder, the legal-bases library and the checklist of config/monev.yaml."""
    folder = rel.split("/")[-2]
    if folder != region.kode.split(".")[0]:
        problems.add(f"region {region.kode} lies in folder regions/{folder}/, not under its "
                     f"province {region.kode.split('.')[0]}", located.where(("kode",)), "kode")
    if library is not None:
        for i, ref in enumerate(region.dasar_pembentukan):
            if ref not in library:
                problems.add(f"unknown legal basis '{ref}'",
                             located.where(("dasar_pembentukan", i)), f"dasar_pembentukan[{i}]",
                             hint="define it in config/legal-bases.yaml")
    if files.monev is not None:
        codes = {c.kode for c in files.monev.checklist}
        for code in region.checklist:
            if code not in codes:
                problems.add(f"unknown checklist code '{code}'", located.where(("checklist", code)),
                             f"checklist.{code}", hint=f"codes: {', '.join(sorted(codes))}")


def _structures(root: Path, region: Region, located, problems: Collector) -> dict[int, Struktur]:
    """The decision on every same-subject perkada in force (naskah never drafts a second regulation beside
    one), and the structure files of the ones to amend, each read and schema-checked (file:line)."""
    out: dict[int, Struktur] = {}
    known = sorted(known_fields())
    decided = [i for i, x in enumerate(region.regulasi) if x.in_force_same_subject and x.tindak_lanjut]
    for i, x in enumerate(region.regulasi):
        if not x.in_force_same_subject:
            continue
        if x.tindak_lanjut is None:
            problems.add(f"perkada Nomor {x.nomor} Tahun {x.tahun} ('{x.judul}') is in force on the subject of "
                         "the new regulation, which may not stand beside it: say what the new one does with it",
                         located.where(("regulasi", i)), f"regulasi[{i}].tindak_lanjut",
                         hint="tindak_lanjut: perubahan (amend it; needs struktur) or pencabutan (revoke and "
                              "replace it); pokok: lain if it rules another subject, berlaku: false if revoked")
            continue
        if len(decided) > 1 and i == decided[1]:
            problems.add("only one perkada in force may rule the subject of the new regulation; mark the "
                         "others pokok: lain or berlaku: false", located.where(("regulasi", i)), f"regulasi[{i}]")
        if x.tindak_lanjut == "perubahan" and x.struktur:
            rel = x.struktur
            if rel.startswith("/") or ".." in rel.split("/") or not (root / rel).is_file():
                problems.add(f"no file '{rel}' in the workspace", located.where(("regulasi", i, "struktur")),
                             f"regulasi[{i}].struktur", hint="config/regulasi/NAME.yaml, schema 'struktur'")
                continue
            model, _ = _load(root, rel, Struktur, problems, known)
            if model is not None:
                out[i] = model
    return out


def _check_rule_texts(monev: Monev, located, problems: Collector) -> None:
    """Rule texts are jinja2 (rendered in the sandbox, generator/templating.py): a syntax error, or a
    reach for Python's insides (an attribute or key starting with '_'), is reported with the rule's line
    before any rendering, so `naskah check` finds it even where no region fires the rule."""
    import jinja2
    from jinja2 import nodes

    from generator.templating import sandbox
    env = sandbox(autoescape=False)
    for i, rule in enumerate(monev.aturan):
        for field_name in ("temuan", "rekomendasi", "pelaksana", "tenggat"):
            where, path = located.where(("aturan", i, field_name)), f"aturan[{i}].{field_name}"
            try:
                tree = env.parse(getattr(rule, field_name))
            except jinja2.TemplateSyntaxError as exc:
                problems.add(f"template syntax: {exc.message}", where, path)
                continue
            for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
                name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
                if isinstance(name, str) and name.startswith("_"):
                    problems.add(f"'{name}' is not allowed in a rule text: it reaches Python's insides, not the "
                                 "region's figures", where, path)


def _check_emblems(root: Path, settings, settings_loc, regions: dict[str, RegionEntry],
                   problems: Collector) -> None:
    """An emblem is read into the documents: a PNG or JPEG inside the workspace (found here, by `check`
    too, not first when a PDF is written)."""
    given = [(e.region.lambang, e.located, ("lambang",)) for e in regions.values() if e.region.lambang]
    if settings is not None and settings.lambang_kepala_daerah:
        given.append((settings.lambang_kepala_daerah, settings_loc, ("lambang_kepala_daerah",)))
    for rel, located, path in given:
        try:
            untrusted.image(root, rel)
        except Problems as exc:
            for p in exc.problems:
                problems.add(f"emblem '{rel}': {p.message}", located.where(path), yamlpos.dotted(path),
                             hint=p.hint)


def emblem_warnings(ws: Workspace) -> list[Problem]:
    """A warning (of ``naskah check``) when some region's letterhead has no emblem: neither its own
    ``lambang`` nor ``lambang_kepala_daerah`` in the settings (page 1 of a Perkada and the kop of a Surat
    Edaran carry the lambang negara)."""
    bare = sorted(code for code, e in ws.regions.items() if not e.region.lambang)
    if ws.settings.lambang_kepala_daerah or not bare:
        return []
    listed = ", ".join(bare[:3]) + (" ..." if len(bare) > 3 else "")
    return [Problem(f"no emblem for the letterhead of {len(bare)} region(s) ({listed}): page 1 of a Perkada "
                    "and the Surat Edaran kop carry none", "config/settings.yaml", "lambang_kepala_daerah",
                    "warning", "set lambang_kepala_daerah (or a region's lambang) to a PNG or JPEG inside the "
                    "workspace")]


def _check_names(regions: dict[str, RegionEntry], problems: Collector) -> None:
    """Names label regions in tables, charts and file names: two regions of one type in one province
    (or two provinces) may not share one (a kabupaten and a kota may: Kabupaten and Kota Bogor)."""
    seen: dict[tuple, RegionEntry] = {}
    for entry in regions.values():
        r = entry.region
        key = (r.jenis, "" if r.jenis == "provinsi" else entry.province_code, r.nama.casefold())
        if key in seen:
            problems.add(f"the name '{r.nama}' is also the name of {seen[key].region.kode} ({seen[key].file})",
                         entry.located.where(("nama",)), "nama")
        else:
            seen[key] = entry


def _check_dates(entry: RegionEntry, today: dt.date, problems: Collector) -> None:
    """Nothing reported can lie after the document date: a period, an enactment, a regulation."""
    r, loc = entry.region, entry.located
    for i, c in enumerate(r.cakupan):
        if c.periode > today.strftime("%Y-%m"):
            problems.add(f"period {c.periode} is after the document date {today.isoformat()}",
                         loc.where(("cakupan", i, "periode")), f"cakupan[{i}].periode")
    dated = [(("perkada", "tanggal_penetapan"), r.perkada.tanggal_penetapan),
             (("perkada", "tanggal_pengundangan"), r.perkada.tanggal_pengundangan),
             (("surat_edaran", "tanggal"), r.surat_edaran.tanggal)]
    dated += [(("regulasi", i, "tanggal"), x.tanggal) for i, x in enumerate(r.regulasi)]
    for path, value in dated:
        if value is not None and value > today:
            problems.add(f"{value.isoformat()} is after the document date {today.isoformat()}",
                         loc.where(path), yamlpos.dotted(path))
    for i, x in enumerate(r.regulasi):
        if x.tahun > today.year:
            problems.add(f"year {x.tahun} is after the document date", loc.where(("regulasi", i, "tahun")),
                         f"regulasi[{i}].tahun")
    if r.perkada.tanggal_penetapan and r.perkada.tanggal_pengundangan and \
            r.perkada.tanggal_pengundangan < r.perkada.tanggal_penetapan:
        problems.add("promulgated before it was enacted", loc.where(("perkada",)), "perkada")


def _check_rate_periods(rates: Rates, located, problems: Collector) -> None:
    periods = sorted(rates.tarif, key=lambda t: t.berlaku_mulai)
    for a, b in zip(periods, periods[1:]):
        if a.berlaku_sampai is None or a.berlaku_sampai >= b.berlaku_mulai:
            problems.add(f"rate from {a.berlaku_mulai} overlaps the one from {b.berlaku_mulai}",
                         located.where(("tarif",)), "tarif")
