"""Monitoring-and-evaluation indicators: coverage per period and segment, gap to target, change since the
previous period, special groups, budgets still needed, checklist completion, rankings - and the
declarative rules of config/monev.yaml that turn them into findings and recommendations.

Province figures are derived from their regencies and cities (a province file that also states a figure
for the same period gets a warning naming both numbers); the national recap is derived from provinces.
Every number a report prints is computed here, from the YAML, never typed.
"""

from __future__ import annotations

import functools
import math

import jinja2
from jinja2.sandbox import SecurityError

from generator import templating
from generator.data.context import (
    GROUPS,
    SEGMENTS,
    Anggaran,
    Anggota,
    ButirChecklist,
    Capaian,
    Indikator,
    Kelompok,
    KelompokRentan,
    NationalContext,
    Periode,
    ProvinsiRekap,
    Regulasi,
    ReportContext,
    StatusChecklist,
    Temuan,
    document,
    fields_of,
    group,
    legal_names,
    own_periods,
    period,
    region_context,
    region_words,
)
from generator.data.workspace import RegionEntry, Workspace
from generator.errors import Problem
from generator.legal import indonesian as idn

STATUS = {"ya": "Ya", "sebagian": "Sebagian", "tidak": "Tidak", "": "Belum dinilai"}

_RULE_ENV = templating.sandbox(autoescape=False)   # rule texts come from pull requests too
_RULE_ENV.filters.update(idn.FILTERS)


@functools.lru_cache(maxsize=256)
def _rule_template(text: str) -> jinja2.Template:
    """A rule text compiled once per process (the national recap applies every rule to every region)."""
    return _RULE_ENV.from_string(text)


def derived_periods(ws: Workspace, province: RegionEntry, warnings: list) -> tuple[Periode, ...]:
    """Province coverage as the sum of its regencies and cities, for every period all of them report with
    the same denominator; a figure the province file states for the same period is compared."""
    members = ws.members(province)
    if not members:
        return own_periods(province)
    by_member = [{p.periode: p for p in own_periods(e)} for e in members]
    out = []
    for periode in sorted(set.intersection(*(set(m) for m in by_member))):
        rows = [m[periode] for m in by_member]
        kinds = {r.penyebut_kode for r in rows}
        if len(kinds) != 1:
            continue
        if all(r.segmen for r in rows):
            segments = {k: sum(r.segmen[k] or 0 for r in rows) for k, _ in SEGMENTS}
            participants, segmen = sum(segments.values()), segments
        else:
            participants, segmen = sum(r.peserta for r in rows), None
        out.append(period(periode, kinds.pop(), sum(r.jumlah_penyebut for r in rows), participants, segmen,
                          any(r.ilustratif for r in rows), [r.sumber for r in rows]))
    stated = {p.periode: (i, p) for i, p in enumerate(own_periods(province))}
    for p in out:
        if p.periode in stated:
            i, s = stated[p.periode]
            for key, what in (("peserta", "participants"), ("jumlah_penyebut", "as denominator")):
                if getattr(s, key) != getattr(p, key):
                    warnings.append(Problem(
                        f"the province states {idn.number(getattr(s, key))} {what} for {p.periode}; its "
                        f"{len(members)} regencies and cities sum to {idn.number(getattr(p, key))}",
                        province.located.where(("cakupan", i)), f"cakupan[{i}]", severity="warning"))
    return tuple(out)


def own_groups(entry: RegionEntry) -> dict[str, Kelompok]:
    r = entry.region
    out = {}
    if r.non_asn:
        out["non_asn"] = group(r.non_asn.jumlah, r.non_asn.terdaftar, r.non_asn.ilustratif, r.non_asn.sumber)
    for key, _ in GROUPS[1:]:
        g = getattr(r.kelompok, key)
        if g is not None:
            out[key] = group(g.jumlah, g.terdaftar, g.ilustratif, g.sumber)
    return out


def summed_groups(entries: list[RegionEntry]) -> dict[str, Kelompok]:
    out: dict = {}
    owned = [own_groups(e) for e in entries]
    for key, _ in GROUPS:
        parts = [groups[key] for groups in owned if key in groups]
        if parts:
            out[key] = group(sum(p.jumlah for p in parts), sum(p.terdaftar for p in parts),
                             any(p.ilustratif for p in parts), "; ".join(dict.fromkeys(p.sumber for p in parts)))
    return out


def target_for(ws: Workspace, entry: RegionEntry) -> tuple[float, str]:
    t = ws.monev.target
    own = t.per_provinsi.get(entry.province_code)
    return (own.persen, own.sumber) if own else (t.cakupan_persen, t.sumber)


def checklist(ws: Workspace, entry: RegionEntry) -> tuple[StatusChecklist, ...]:
    answers = entry.region.checklist
    rows = []
    for item in ws.monev.checklist:
        a = answers.get(item.kode)
        rows.append(StatusChecklist(kode=item.kode, judul=item.judul, status=a.status if a else "",
                                    status_teks=STATUS[a.status if a else ""], bukti=a.bukti if a else "-",
                                    ilustratif=a.ilustratif if a else False))
    return tuple(rows)


def checklist_items(ws: Workspace) -> tuple[ButirChecklist, ...]:
    return tuple(ButirChecklist(kode=c.kode, judul=c.judul, bukti=c.bukti) for c in ws.monev.checklist)


def _latest(periods: tuple[Periode, ...], target: float) -> Capaian | None:
    """The latest period with the gap to the target and the change since the one before."""
    if not periods:
        return None
    latest = periods[-1]
    previous = periods[-2] if len(periods) > 1 else None
    return Capaian(**fields_of(latest), selisih_target=target - latest.persen,
                   sisa_target=max(0, math.ceil(target / 100 * latest.jumlah_penyebut) - latest.peserta),
                   perubahan=(latest.persen - previous.persen
                              if previous and previous.penyebut_kode == latest.penyebut_kode else None))


def indicators(ws: Workspace, entry: RegionEntry, warnings: list) -> Indikator:
    """Everything a monev report says about one region (a province: derived from its members)."""
    r = entry.region
    is_province = r.jenis == "provinsi"
    members = ws.members(entry) if is_province else []
    periods = derived_periods(ws, entry, warnings) if is_province else own_periods(entry)
    groups = summed_groups([entry, *members]) if is_province else own_groups(entry)
    target, target_source = target_for(ws, entry)
    rate = ws.rate_on(ws.document_date)
    latest = _latest(periods, target)
    rentan = groups.get("pekerja_rentan")
    if rentan:
        rentan = KelompokRentan(**fields_of(rentan), anggaran_sisa=rentan.sisa * rate.jkk_jkm_bpu * 12)
    rows = checklist(ws, entry)
    done = sum(1 for row in rows if row.status == "ya")
    values = dict(
        daerah=region_words(ws, entry),
        kode=entry.code,
        periode=periods,
        cakupan=latest,
        sebelumnya=periods[-2] if len(periods) > 1 else None,
        target=target,
        target_sumber=target_source,
        kelompok_target=ws.monev.target.kelompok_persen,
        kelompok=groups,
        non_asn=groups.get("non_asn"),
        perangkat_desa=groups.get("perangkat_desa"),
        pemilu=groups.get("penyelenggara_pemilu"),
        rentan=rentan,
        checklist=rows,
        checklist_ya=done,
        checklist_persen=100 * done / len(rows),
        regulasi=tuple(Regulasi(jenis=x.jenis, nomor=x.nomor, tahun=x.tahun, judul=x.judul, tanggal=x.tanggal,
                                ilustratif=x.ilustratif, sumber=x.sumber) for x in r.regulasi),
        anggaran=tuple(Anggaran(tahun=a.tahun, peruntukan=a.peruntukan, jumlah_rp=a.jumlah_rp, orang=a.orang,
                                program=tuple(a.program), sumber_dana=a.sumber_dana, realisasi_rp=a.realisasi_rp,
                                ilustratif=a.ilustratif, sumber=a.sumber)
                       for a in sorted(r.anggaran, key=lambda a: (a.tahun, a.peruntukan))),
        tarif=rate.jkk_jkm_bpu,
        tahun=ws.document_date.year,
        ilustratif=bool(latest and latest.ilustratif) or any(g.ilustratif for g in groups.values()),
    )
    return Indikator(**values, temuan=findings(ws, values, warnings))


def _value(values: dict, name: str) -> float | None:
    source = {"cakupan_persen": values["cakupan"], "non_asn_persen": values["non_asn"],
              "perangkat_desa_persen": values["perangkat_desa"], "pemilu_persen": values["pemilu"],
              "rentan_persen": values["rentan"]}[name]
    return source.persen if source else None


def findings(ws: Workspace, values: dict, warnings: list) -> tuple[Temuan, ...]:
    """Apply the rules in order; each that fires gives a finding, a recommendation, who and by when. The
    rule texts read ``values``: the fields of Indikator but ``temuan``."""
    out = []
    for rule in ws.monev.aturan:
        cond = rule.jika
        if hasattr(cond, "checklist"):
            status = next(row.status for row in values["checklist"] if row.kode == cond.checklist)
            fires = status != cond.bukan
        else:
            value = _value(values, cond.indikator)
            limit = {"target": values["target"], "kelompok": values["kelompok_target"]}.get(cond.di_bawah,
                                                                                            cond.di_bawah)
            fires = value is not None and value < limit
        if not fires:
            continue
        texts = {}
        for key in ("temuan", "rekomendasi", "pelaksana", "tenggat"):
            try:
                texts[key] = _rule_template(getattr(rule, key)).render(**values).strip()
            except Exception as exc:     # an untrusted text: its rule and line, never a blank finding
                allowed = "not allowed in a rule text: " if isinstance(exc, SecurityError) else ""
                warnings.append(Problem(f"rule text: {allowed}{exc}",
                                        ws.where.get(f"aturan.{rule.id}", "config/monev.yaml"),
                                        f"aturan.{rule.id}.{key}"))
                texts[key] = ""
        out.append(Temuan(id=rule.id, **texts))
    return tuple(out)


def ranking(ws: Workspace, province: RegionEntry, warnings: list) -> tuple[Anggota, ...]:
    """Regencies and cities of a province by coverage in the latest period they all report."""
    rows = [indicators(ws, e, warnings) for e in ws.members(province)]
    common = set.intersection(*({p.periode for p in row.periode} for row in rows)) if rows else set()
    if not common:
        return ()
    last = max(common)
    previous = max((p for p in common if p < last), default=None)
    ranked = []
    for row in rows:
        p = next(x for x in row.periode if x.periode == last)
        before = next((x for x in row.periode if x.periode == previous), None)
        change = p.persen - before.persen if before and before.penyebut_kode == p.penyebut_kode else None
        ranked.append((row, p, change))
    ranked.sort(key=lambda item: (-item[1].persen, item[0].kode))
    return tuple(Anggota(**fields_of(row), rank_periode=p, rank_perubahan=change, peringkat=i)
                 for i, (row, p, change) in enumerate(ranked, 1))


def report_context(ws: Workspace, entry: RegionEntry, warnings: list) -> ReportContext:
    """Template context of a monev report on one region: its indicators and, for a province, those of
    every regency and city ranked by coverage."""
    return ReportContext(
        **fields_of(region_context(ws, entry)),
        monev=indicators(ws, entry, warnings),
        anggota=ranking(ws, entry, warnings) if entry.region.jenis == "provinsi" else (),
        checklist_butir=checklist_items(ws), segmen=SEGMENTS, kelompok_label=GROUPS)


def national_context(ws: Workspace, warnings: list) -> NationalContext:
    """Template context of the national recap: every province of the workspace, derived from its members."""
    provinces = [e for e in ws.regions.values() if e.region.jenis == "provinsi"]
    rows = []
    for entry in provinces:
        data = indicators(ws, entry, warnings)
        members = ranking(ws, entry, warnings)
        rows.append(ProvinsiRekap(
            **fields_of(data), anggota=members,
            dengan_perkada=sum(1 for m in members if any(r.jenis in ("perda", "perkada") for r in m.regulasi)),
            anggaran_sisa=sum(m.rentan.anggaran_sisa for m in members if m.rentan)))
    common = set.intersection(*({p.periode for p in r.periode} for r in rows)) if rows else set()
    return NationalContext(
        provinsi=tuple(rows),
        jumlah_daerah=sum(len(r.anggota) for r in rows),
        periode_bersama=max(common) if common else None,
        checklist_butir=checklist_items(ws),
        segmen=SEGMENTS,
        target=ws.monev.target.cakupan_persen,
        tarif=ws.rate_on(ws.document_date).jkk_jkm_bpu,
        hukum=legal_names(ws),
        dokumen=document(ws, any(r.ilustratif for r in rows)))
