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
from generator.data.context import PENYEBUT, region_words
from generator.data.workspace import RegionEntry, Workspace
from generator.errors import Problem
from generator.legal import indonesian as idn

SEGMENTS = (("pu", "Penerima Upah"), ("bpu", "Bukan Penerima Upah"), ("jakon", "Jasa Konstruksi"),
            ("pmi", "Pekerja Migran Indonesia"))
GROUPS = (("non_asn", "Pegawai Non-ASN"), ("guru_non_asn", "Guru Non-ASN"),
          ("perangkat_desa", "Perangkat desa, RT/RW, dan kader"),
          ("penyelenggara_pemilu", "Penyelenggara pemilu ad hoc"), ("pekerja_rentan", "Pekerja rentan"))
STATUS = {"ya": "Ya", "sebagian": "Sebagian", "tidak": "Tidak", "": "Belum dinilai"}

_RULE_ENV = templating.sandbox(autoescape=False)   # rule texts come from pull requests too
_RULE_ENV.filters.update(idn.FILTERS)


@functools.lru_cache(maxsize=256)
def _rule_template(text: str) -> jinja2.Template:
    """A rule text compiled once per process (the national recap applies every rule to every region)."""
    return _RULE_ENV.from_string(text)


def _period(periode: str, penyebut: str, denom: int, segments: dict, total: int | None,
            illustrative: bool, sources: list[str]) -> dict:
    participants = total if total is not None else sum(v or 0 for v in segments.values())
    year, month = (int(x) for x in periode.split("-"))
    return {"periode": periode, "bulan": idn.month_year(year, month), "penyebut_kode": penyebut,
            "penyebut": PENYEBUT[penyebut], "jumlah_penyebut": denom, "peserta": participants,
            "persen": 100 * participants / denom, "belum": denom - participants,
            "segmen": segments if total is None else None, "ilustratif": illustrative,
            "sumber": "; ".join(dict.fromkeys(sources))}


def own_periods(entry: RegionEntry) -> list[dict]:
    out = []
    for c in sorted(entry.region.cakupan, key=lambda c: c.periode):
        seg = {k: getattr(c.peserta, k) for k, _ in SEGMENTS}
        out.append(_period(c.periode, c.penyebut, c.jumlah_penyebut, seg, c.peserta.total, c.ilustratif,
                           [c.sumber]))
    return out


def derived_periods(ws: Workspace, province: RegionEntry, warnings: list) -> list[dict]:
    """Province coverage as the sum of its regencies and cities, for every period all of them report with
    the same denominator; a figure the province file states for the same period is compared."""
    members = ws.members(province)
    by_member = [{p["periode"]: p for p in own_periods(e)} for e in members]
    if not members:
        return own_periods(province)
    out = []
    for periode in sorted(set.intersection(*(set(m) for m in by_member))):
        rows = [m[periode] for m in by_member]
        kinds = {r["penyebut_kode"] for r in rows}
        if len(kinds) != 1:
            continue
        segmented = all(r["segmen"] for r in rows)
        segments = {k: sum(r["segmen"][k] or 0 for r in rows) for k, _ in SEGMENTS} if segmented else {}
        total = None if segmented else sum(r["peserta"] for r in rows)
        out.append(_period(periode, kinds.pop(), sum(r["jumlah_penyebut"] for r in rows), segments, total,
                           any(r["ilustratif"] for r in rows), [r["sumber"] for r in rows]))
    stated = {p["periode"]: (i, p) for i, p in enumerate(own_periods(province))}
    for p in out:
        if p["periode"] in stated:
            i, s = stated[p["periode"]]
            for key, what in (("peserta", "participants"), ("jumlah_penyebut", "as denominator")):
                if s[key] != p[key]:
                    warnings.append(Problem(
                        f"the province states {idn.number(s[key])} {what} for {p['periode']}; its "
                        f"{len(members)} regencies and cities sum to {idn.number(p[key])}",
                        province.located.where(("cakupan", i)), f"cakupan[{i}]", severity="warning"))
    return out


def _group(jumlah: int, terdaftar: int, illustrative: bool, source: str) -> dict:
    return {"jumlah": jumlah, "terdaftar": terdaftar, "sisa": jumlah - terdaftar,
            "persen": 100 * terdaftar / jumlah if jumlah else 100.0, "ilustratif": illustrative,
            "sumber": source}


def own_groups(entry: RegionEntry) -> dict:
    r = entry.region
    out = {}
    if r.non_asn:
        out["non_asn"] = _group(r.non_asn.jumlah, r.non_asn.terdaftar, r.non_asn.ilustratif, r.non_asn.sumber)
    for key, _ in GROUPS[1:]:
        g = getattr(r.kelompok, key)
        if g is not None:
            out[key] = _group(g.jumlah, g.terdaftar, g.ilustratif, g.sumber)
    return out


def summed_groups(entries: list[RegionEntry]) -> dict:
    out: dict = {}
    owned = [own_groups(e) for e in entries]
    for key, _ in GROUPS:
        parts = [groups[key] for groups in owned if key in groups]
        if parts:
            out[key] = _group(sum(p["jumlah"] for p in parts), sum(p["terdaftar"] for p in parts),
                              any(p["ilustratif"] for p in parts), "; ".join(dict.fromkeys(p["sumber"] for p in parts)))
    return out


def target_for(ws: Workspace, entry: RegionEntry) -> tuple[float, str]:
    t = ws.monev.target
    own = t.per_provinsi.get(entry.province_code)
    return (own.persen, own.sumber) if own else (t.cakupan_persen, t.sumber)


def checklist(ws: Workspace, entry: RegionEntry) -> list[dict]:
    answers = entry.region.checklist
    rows = []
    for item in ws.monev.checklist:
        a = answers.get(item.kode)
        rows.append({"kode": item.kode, "judul": item.judul, "status": a.status if a else "",
                     "status_teks": STATUS[a.status if a else ""], "bukti": a.bukti if a else "-",
                     "ilustratif": a.ilustratif if a else False})
    return rows


def indicators(ws: Workspace, entry: RegionEntry, warnings: list) -> dict:
    """Everything a monev report says about one region (a province: derived from its members)."""
    r = entry.region
    is_province = r.jenis == "provinsi"
    members = ws.members(entry) if is_province else []
    periods = derived_periods(ws, entry, warnings) if is_province else own_periods(entry)
    groups = summed_groups([entry, *members]) if is_province else own_groups(entry)
    target, target_source = target_for(ws, entry)
    rate = ws.rate_on(ws.document_date)
    latest = periods[-1] if periods else None
    previous = periods[-2] if len(periods) > 1 else None
    if latest:
        latest = {**latest, "selisih_target": target - latest["persen"],
                  "sisa_target": max(0, math.ceil(target / 100 * latest["jumlah_penyebut"]) - latest["peserta"]),
                  "perubahan": (latest["persen"] - previous["persen"]
                                if previous and previous["penyebut_kode"] == latest["penyebut_kode"] else None)}
    rentan = groups.get("pekerja_rentan")
    if rentan:
        rentan = {**rentan, "anggaran_sisa": rentan["sisa"] * rate.jkk_jkm_bpu * 12}
    rows = checklist(ws, entry)
    done = sum(1 for row in rows if row["status"] == "ya")
    data = {
        "daerah": region_words(ws, entry),
        "kode": entry.code,
        "periode": periods,
        "cakupan": latest,
        "sebelumnya": previous,
        "target": target,
        "target_sumber": target_source,
        "kelompok_target": ws.monev.target.kelompok_persen,
        "kelompok": groups,
        "non_asn": groups.get("non_asn"),
        "perangkat_desa": groups.get("perangkat_desa"),
        "pemilu": groups.get("penyelenggara_pemilu"),
        "rentan": rentan,
        "checklist": rows,
        "checklist_ya": done,
        "checklist_persen": 100 * done / len(rows),
        "regulasi": [x.model_dump(mode="json") for x in r.regulasi],
        "anggaran": [x.model_dump(mode="json") for x in sorted(r.anggaran, key=lambda a: (a.tahun, a.peruntukan))],
        "tarif": rate.jkk_jkm_bpu,
        "tahun": ws.document_date.year,
        "ilustratif": bool(latest and latest["ilustratif"]) or any(g["ilustratif"] for g in groups.values()),
    }
    data["temuan"] = findings(ws, data, warnings)
    return data


def _value(data: dict, name: str) -> float | None:
    source = {"cakupan_persen": data["cakupan"], "non_asn_persen": data["non_asn"],
              "perangkat_desa_persen": data["perangkat_desa"], "pemilu_persen": data["pemilu"],
              "rentan_persen": data["rentan"]}[name]
    return source["persen"] if source else None


def findings(ws: Workspace, data: dict, warnings: list) -> list[dict]:
    """Apply the rules in order; each that fires gives a finding, a recommendation, who and by when."""
    out = []
    for rule in ws.monev.aturan:
        cond = rule.jika
        if hasattr(cond, "checklist"):
            status = next(row["status"] for row in data["checklist"] if row["kode"] == cond.checklist)
            fires = status != cond.bukan
        else:
            value = _value(data, cond.indikator)
            limit = {"target": data["target"], "kelompok": data["kelompok_target"]}.get(cond.di_bawah, cond.di_bawah)
            fires = value is not None and value < limit
        if not fires:
            continue
        item = {"id": rule.id}
        for key in ("temuan", "rekomendasi", "pelaksana", "tenggat"):
            try:
                item[key] = _rule_template(getattr(rule, key)).render(**data).strip()
            except Exception as exc:     # an untrusted text: its rule and line, never a blank finding
                allowed = "not allowed in a rule text: " if isinstance(exc, SecurityError) else ""
                warnings.append(Problem(f"rule text: {allowed}{exc}",
                                        ws.where.get(f"aturan.{rule.id}", "config/monev.yaml"),
                                        f"aturan.{rule.id}.{key}"))
                item[key] = ""
        out.append(item)
    return out


def ranking(ws: Workspace, province: RegionEntry, warnings: list) -> list[dict]:
    """Regencies and cities of a province by coverage in the latest period they all report."""
    rows = [indicators(ws, e, warnings) for e in ws.members(province)]
    common = set.intersection(*({p["periode"] for p in row["periode"]} for row in rows)) if rows else set()
    if not common:
        return []
    last = max(common)
    previous = max((p for p in common if p < last), default=None)
    out = []
    for row in rows:
        p = next(x for x in row["periode"] if x["periode"] == last)
        before = next((x for x in row["periode"] if x["periode"] == previous), None)
        out.append({**row, "rank_periode": p,
                    "rank_perubahan": p["persen"] - before["persen"]
                    if before and before["penyebut_kode"] == p["penyebut_kode"] else None})
    out.sort(key=lambda row: (-row["rank_periode"]["persen"], row["kode"]))
    for i, row in enumerate(out, 1):
        row["peringkat"] = i
    return out


def report_context(ws: Workspace, entry: RegionEntry, warnings: list) -> dict:
    """Template context of a monev report on one region: its indicators and, for a province, those of
    every regency and city ranked by coverage."""
    from generator.data.context import region_context
    context = region_context(ws, entry)
    context["monev"] = indicators(ws, entry, warnings)
    context["anggota"] = ranking(ws, entry, warnings) if entry.region.jenis == "provinsi" else []
    context["checklist_butir"] = [c.model_dump() for c in ws.monev.checklist]
    context["segmen"] = SEGMENTS
    context["kelompok_label"] = GROUPS
    return context


def national_context(ws: Workspace, warnings: list) -> dict:
    """Template context of the national recap: every province of the workspace, derived from its members."""
    provinces = [e for e in ws.regions.values() if e.region.jenis == "provinsi"]
    rows = []
    for entry in provinces:
        data = indicators(ws, entry, warnings)
        members = ranking(ws, entry, warnings)
        data["anggota"] = members
        data["dengan_perkada"] = sum(1 for m in members
                                     if any(r["jenis"] in ("perda", "perkada") for r in m["regulasi"]))
        data["anggaran_sisa"] = sum((m["rentan"] or {}).get("anggaran_sisa", 0) for m in members)
        rows.append(data)
    common = set.intersection(*({p["periode"] for p in r["periode"]} for r in rows)) if rows else set()
    return {
        "provinsi": rows,
        "jumlah_daerah": sum(len(r["anggota"]) for r in rows),
        "periode_bersama": max(common) if common else None,
        "checklist_butir": [c.model_dump() for c in ws.monev.checklist],
        "segmen": SEGMENTS,
        "target": ws.monev.target.cakupan_persen,
        "tarif": ws.rate_on(ws.document_date).jkk_jkm_bpu,
        "hukum": {key: ws.library.name(key) for key in ws.library.entries},
        "dokumen": {"tanggal": ws.document_date, "tahun": ws.document_date.year,
                    "ilustratif": any(r["ilustratif"] for r in rows),
                    "catatan_ilustratif": ws.settings.catatan_ilustratif},
    }
