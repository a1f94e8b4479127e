"""Synthetic national workspace for benchmarks: 38 provinces and 514 regencies and cities (416 kabupaten,
98 kota: the real national counts), with data shaped like the sample in config/regions/.

Every region copies a sample region file of the same type (provinsi / kabupaten / kota) under a new code,
name and seat; its figures are scaled by a seeded random factor, keeping what the loader checks
(terdaftar <= jumlah, participants <= denominator), and the checklist answers that quote figures are
rewritten to match. A province's coverage is the sum of its members, so `check` gives no new warnings.
Every figure is marked illustrative and every `sumber` says it is synthetic. Same seed, same bytes.

    python3 bench/national.py DEST [--provinces 38] [--regions 514] [--seed 1] [--force]
    cd DEST && python3 -m generator check

From a benchmark script: ``sys.path.insert(0, "bench"); from national import make; make(Path(dest))``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILES = ("settings.yaml", "legal-bases.yaml", "rates.yaml", "monev.yaml")
PROVINCE_CODES = ("11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 "
                  "81 82 91 92 93 94 95 96").split()
KAB_MAX, KOTA_MAX = 70, 29                      # codes PP.01-PP.70 and PP.71-PP.99
SEGMENTS = ("pu", "bpu", "jakon", "pmi")
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
SYLLABLES = "ba bu da di ga ja jo ka ku la lo ma mu na ni pa po ra ri sa si ta tu wa wi ngan tang rang " \
            "jang lem pan gan lan ron mo se bo".split()
PREFIXES = ("Tanjung", "Muara", "Sungai", "Bukit", "Teluk", "Pulau", "Gunung", "Tanah")
SUFFIXES = ("Barat", "Timur", "Utara", "Selatan", "Tengah", "Raya", "Hulu", "Hilir", "Baru", "Jaya")
GROUPS = {"C1": "non_asn", "C2": "perangkat_desa", "C3": "penyelenggara_pemilu", "C4": "pekerja_rentan"}
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)     # same bytes, libyaml 5 times faster


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _name(rng: random.Random, used: set[str]) -> str:
    """A new Indonesian-sounding name: Lamoran, Tanjung Sabuka, Ritang Selatan."""
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        roll = rng.random()
        name = (f"{rng.choice(PREFIXES)} {word}" if roll < .2 else
                f"{word} {rng.choice(SUFFIXES)}" if roll < .4 else word)
        if name not in used:
            used.add(name)
            return name


def _spread(rng: random.Random, total: int, weights: list[float], cap: int, start: int) -> list[int]:
    """``total`` items over provinces, ``start`` each, the rest by weight, at most ``cap`` each."""
    counts = [start] * len(weights)
    for _ in range(total - start * len(weights)):
        free = [i for i, c in enumerate(counts) if c < cap]
        counts[rng.choices(free, [weights[i] for i in free])[0]] += 1
    return counts


def _region(template: dict, kode: str, nama: str, ibu_kota: str, province: tuple[str, str]) -> dict:
    """A copy of ``template`` under a new code and name (also in its texts; ``province``: old, new name),
    every figure illustrative, every source synthetic."""
    names = {old: new for old, new in ((template["nama"], nama), (template["ibu_kota"], ibu_kota), province)
             if old != new}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
    example = f"{template['jenis'].capitalize()} {template['nama']}"
    source = f"Sintetis (bench/national.py), dari contoh {example}; bukan data resmi"

    def rewrite(node):
        if isinstance(node, dict):
            return {k: source if k == "sumber" else True if k == "ilustratif" else rewrite(v)
                    for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return pattern.sub(lambda m: names[m.group(1)], node) if isinstance(node, str) and names else node

    r = rewrite(template)                        # a new copy
    r.update(kode=kode, kode_bps=kode.replace(".", ""), nama=nama, ibu_kota=ibu_kota,
             kepala_daerah={"nama": None}, sekretaris_daerah={"nama": None})
    return r


def _scale(r: dict, f: float, g: float) -> None:
    """Persons and rupiah by ``f``; participants by ``f * g`` (g: the region's own coverage level), capped
    at the denominator. Truncating both sides of a <= by the same factor keeps it true."""
    for k in r["pekerja_rentan"]["kategori"]:
        k["sasaran"] = max(1, int(k["sasaran"] * f))
    for group in [r.get("non_asn"), *r.get("kelompok", {}).values()]:
        if group:
            group["jumlah"], group["terdaftar"] = int(group["jumlah"] * f), int(group["terdaftar"] * f)
    for a in r.get("anggaran", []):
        per_person, old = (a["jumlah_rp"] // a["orang"] if a["orang"] else 0), a["jumlah_rp"]
        a["orang"] = int(a["orang"] * f)
        a["jumlah_rp"] = a["orang"] * per_person
        if a.get("realisasi_rp") is not None:
            a["realisasi_rp"] = a["realisasi_rp"] * a["jumlah_rp"] // old if old else 0
    for c in r["cakupan"]:
        c.pop("persen_dilaporkan", None)
        denom = c["jumlah_penyebut"] = max(1, int(c["jumlah_penyebut"] * f))
        p = {k: int(v * f * g) for k, v in c["peserta"].items() if v is not None}
        total = sum(p.values())
        c["peserta"] = {k: v * denom // total for k, v in p.items()} if total > denom else p


def _sum_coverage(province: dict, members: list[dict]) -> None:
    """The province states exactly the sum of its members, for the periods all of them report."""
    by_member = [{c["periode"]: c for c in m["cakupan"]} for m in members]
    province["cakupan"] = [c for c in province["cakupan"] if all(c["periode"] in m for m in by_member)]
    for c in province["cakupan"]:
        rows = [m[c["periode"]] for m in by_member]
        c["penyebut"], c["jumlah_penyebut"] = rows[0]["penyebut"], sum(x["jumlah_penyebut"] for x in rows)
        ps = [x["peserta"] for x in rows]
        c["peserta"] = ({"total": sum(sum(p.values()) for p in ps)} if any("total" in p for p in ps) else
                        {k: sum(p.get(k, 0) for p in ps) for k in SEGMENTS if any(k in p for p in ps)})


def _checklist(r: dict, members: list[dict]) -> None:
    """Rewrite the answers that quote figures (C1-C4, A2, A3, K4) from the scaled data."""
    answers = r["checklist"]
    for code, key in GROUPS.items():
        own = code == "C1" or not members
        parts = [x.get("non_asn") if code == "C1" else x.get("kelompok", {}).get(key)
                 for x in ([r] if own else members)]
        done, of = sum(g["terdaftar"] for g in parts if g), sum(g["jumlah"] for g in parts if g)
        if code in answers and of:
            pct = 100 * done / of
            where = ("" if not members else "Situasi provinsi (pegawai non-ASN Pemprov): " if own else
                     f"Situasi provinsi (jumlah {len(members)} kabupaten/kota): ")
            answers[code] = {"status": "ya" if pct >= 90 else "sebagian" if pct >= 20 else "tidak",
                             "bukti": f"{where}{_number(done)} dari {_number(of)}"
                                      f"{' non-ASN' * (code == 'C1')} terdaftar ({pct:.0f}%)",
                             "ilustratif": True}
    for code, use, label in (("A2", "non_asn", "non-ASN"), ("A3", "pekerja_rentan", "pekerja rentan")):
        spent = [a for a in r.get("anggaran", []) if a["peruntukan"] == use]
        if code in answers and answers[code]["status"] == "ya" and spent:
            a = max(spent, key=lambda a: a["tahun"])
            answers[code]["bukti"] = (f"{a['sumber_dana']} {a['tahun']}: Rp{_number(a['jumlah_rp'])} untuk "
                                      f"{_number(a['orang'])} {label} ({', '.join(a['program'])})")
    if "K4" in answers and r["cakupan"]:
        c = max(r["cakupan"], key=lambda c: c["periode"])
        done, (year, month) = sum(c["peserta"].values()), c["periode"].split("-")
        pct = 100 * done / c["jumlah_penyebut"]
        share = f"{pct:.1f}".replace(".", ",")
        answers["K4"] = {"status": "ya" if pct >= 50 else "sebagian" if pct >= 30 else "tidak",
                         "bukti": f"UCJ {MONTHS[int(month) - 1]} {year}: {share}% ({_number(done)} dari "
                                  f"{_number(c['jumlah_penyebut'])} {c['penyebut'].replace('_', ' ')})",
                         "ilustratif": True}


def _write(path: Path, region: dict, template_code: str) -> None:
    head = ["# yaml-language-server: $schema=../../schema/region.json",
            f"# Sintetis (bench/national.py): dibuat dari contoh {template_code}; bukan data resmi"]
    body = yaml.dump(region, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10**6,
                     default_flow_style=None)    # leaves in flow style, as in the sample files
    path.write_text("\n".join(head) + "\n" + body, encoding="utf-8")


def make(dest: Path, provinces: int = 38, regions: int = 514, seed: int = 1, force: bool = False) -> dict:
    """Write a workspace into ``dest``: the repository's templates/ and config/, synthetic config/regions/.
    With ``force``, a non-empty ``dest`` loses its templates/ and config/regions/ first."""
    dest, kota = Path(dest).resolve(), round(regions * 98 / 514)
    kab = regions - kota
    codes = PROVINCE_CODES + [str(n) for n in range(10, 100) if str(n) not in PROVINCE_CODES]
    if not (1 <= provinces <= len(codes) and provinces <= kab <= KAB_MAX * provinces
            and kota <= KOTA_MAX * provinces):
        raise ValueError(f"cannot place {kab} kabupaten and {kota} kota in {provinces} provinces")
    if ROOT.is_relative_to(dest) or dest.exists() and any(dest.iterdir()) and not force:
        raise FileExistsError(f"{dest} is not empty (use --force to overwrite; never the repository)")
    for sub in ("templates", "config/regions"):
        shutil.rmtree(dest / sub, ignore_errors=True)
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copytree(ROOT / "config" / "schema", dest / "config" / "schema", dirs_exist_ok=True)
    for name in CONFIG_FILES:
        shutil.copy2(ROOT / "config" / name, dest / "config" / name)

    samples: dict = {}        # {"63": {"provinsi": [...], "kabupaten": [...], "kota": [...]}}
    for path in sorted((ROOT / "config" / "regions").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        samples.setdefault(data["kode"].split(".")[0], {}).setdefault(data["jenis"], []).append(data)
    rng, used = random.Random(seed), set()
    factor = lambda: min(4.0, max(0.25, rng.lognormvariate(0, 0.5)))  # noqa: E731
    weights = [rng.lognormvariate(0, 0.7) for _ in range(provinces)]
    kab_n, kota_n = _spread(rng, kab, weights, KAB_MAX, 1), _spread(rng, kota, weights, KOTA_MAX, 0)
    for p, code in enumerate(codes[:provinces]):
        sample = samples[sorted(samples)[p % len(samples)]]   # a province and its members: from one sample
        template, nama, members = sample["provinsi"][0], _name(rng, used), []
        folder = dest / "config" / "regions" / code
        folder.mkdir(parents=True)
        kotas = [(f"{code}.{71 + i}", "kota", _name(rng, used)) for i in range(kota_n[p])]
        for kode, jenis, member_name in [(f"{code}.{i + 1:02d}", "kabupaten", _name(rng, used))
                                         for i in range(kab_n[p])] + kotas:
            t, seat = rng.choice(sample[jenis]), member_name if jenis == "kota" else _name(rng, used)
            region = _region(t, kode, member_name, seat, (template["nama"], nama))
            _scale(region, factor(), rng.uniform(0.8, 1.2))
            _checklist(region, [])
            slug = re.sub(r"[^a-z0-9]+", "-", member_name.lower()).strip("-")
            _write(folder / f"{kode}-{slug}.yaml", region, t["kode"])
            members.append(region)
        seat = kotas[0][2] if kotas else _name(rng, used)
        province = _region(template, code, nama, seat, (template["nama"], nama))
        _scale(province, factor(), 1.0)
        _sum_coverage(province, members)
        _checklist(province, members)
        _write(folder / f"{code}.yaml", province, template["kode"])
    return {"provinsi": provinces, "kabupaten": kab, "kota": kota, "files": provinces + regions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    for option, default in (("--provinces", 38), ("--regions", 514), ("--seed", 1)):
        parser.add_argument(option, type=int, default=default)
    parser.add_argument("--force", action="store_true", help="write into a non-empty DEST")
    args = parser.parse_args()
    try:
        counts = make(args.dest, args.provinces, args.regions, args.seed, args.force)
    except (ValueError, OSError) as exc:
        parser.error(str(exc))
    print(", ".join(f"{v} {k}" for k, v in counts.items()), "->", args.dest)


if __name__ == "__main__":
    main()
