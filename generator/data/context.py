"""Template context: plain data and computed indicators for one region. Templates only read this; every
figure a document states is computed here (or by a transform), never typed in a template."""

from __future__ import annotations

from generator.data.workspace import RegionEntry, Workspace
from generator.legal import indonesian as idn


def region_words(ws: Workspace, entry: RegionEntry) -> dict:
    r = entry.region
    words = ws.settings.jenis_daerah[r.jenis]
    # a kabupaten and a kota may share a name (Kabupaten and Kota Bogor): then a chart labels both in full
    shared = any(e.region.nama == r.nama and e.code != r.kode and e.province_code == entry.province_code
                 and e.region.jenis != "provinsi" for e in ws.regions.values())
    return {
        "kode": r.kode,
        "label": f"{words.daerah} {r.nama}" if shared else r.nama,   # in charts and rankings
        "kode_bps": r.kode_bps or r.kode.replace(".", ""),
        "jenis": r.jenis,
        "nama": r.nama,
        "nama_lengkap": f"{words.daerah} {r.nama}",          # Kabupaten Tanah Laut
        "kepala": f"{words.kepala} {r.nama}",                # Bupati Tanah Laut
        "jabatan": words.kepala,                             # Bupati
        "peraturan": words.peraturan,                        # Peraturan Bupati
        "singkatan": words.singkatan,
        "ibu_kota": r.ibu_kota,
    }


def pekerja_rentan(ws: Workspace, entry: RegionEntry) -> dict:
    """Categories, persons and the APBD budget for JKK + JKM at the rate in force on the document date."""
    pr = entry.region.pekerja_rentan
    tarif = ws.rate_on(ws.document_date)
    per_month = tarif.jkk_jkm_bpu
    rows = [{"nama": k.nama, "sasaran": k.sasaran, "anggaran": k.sasaran * per_month * pr.bulan}
            for k in pr.kategori]
    return {
        "kategori": rows,
        "sasaran": sum(r["sasaran"] for r in rows),
        "anggaran": sum(r["anggaran"] for r in rows),
        "bulan": pr.bulan,
        "iuran_bulanan": per_month,
        "iuran_tahunan": per_month * pr.bulan,
        "ilustratif": pr.ilustratif,
        "sumber": pr.sumber,
    }


PENYEBUT = {"penduduk_bekerja": "penduduk bekerja", "angkatan_kerja": "angkatan kerja",
            "potensi_pekerja": "potensi pekerja"}


def coverage(c) -> dict:
    """One period of coverage: participants (the stated total, else the sum of the segments) over the
    stated denominator."""
    p = c.peserta
    total = p.total if p.total is not None else sum(v or 0 for v in (p.pu, p.bpu, p.jakon, p.pmi))
    year, month = (int(x) for x in c.periode.split("-"))
    return {"periode": c.periode, "bulan": idn.month_year(year, month), "peserta": total,
            "penyebut": PENYEBUT[c.penyebut], "jumlah_penyebut": c.jumlah_penyebut,
            "persen": 100 * total / c.jumlah_penyebut, "belum": c.jumlah_penyebut - total,
            "ilustratif": c.ilustratif, "sumber": c.sumber}


def surat_edaran(ws: Workspace, entry: RegionEntry, words: dict, province_words: dict | None) -> dict:
    """Number, date, addressees and copies of the region's Surat Edaran, from settings and region data."""
    cfg = ws.settings.surat_edaran
    own = entry.region.surat_edaran
    year = (own.tanggal or ws.document_date).year
    nomor = cfg.nomor.format(klasifikasi=cfg.klasifikasi, urut=own.nomor_urut or "...",
                             unit=cfg.unit[entry.region.jenis], tahun=year)
    fill = {"daerah": words["nama_lengkap"], "kepala": words["kepala"], "ibu_kota": words["ibu_kota"],
            "provinsi": (province_words or words)["nama"]}
    return {
        "nomor": nomor,
        "tanggal": own.tanggal.isoformat() if own.tanggal else "",
        "tata_letak": cfg.tata_letak,
        "yth": [t.format(**fill) for t in getattr(cfg.yth, entry.region.jenis)],
        "tembusan": [t.format(**fill) for t in getattr(cfg.tembusan, entry.region.jenis)],
    }


def region_context(ws: Workspace, entry: RegionEntry) -> dict:
    r = entry.region
    province = ws.province_of(entry)
    tarif = ws.rate_on(ws.document_date)
    lambang = r.lambang or ws.settings.lambang_kepala_daerah
    rentan = pekerja_rentan(ws, entry)
    words = region_words(ws, entry)
    province_words = region_words(ws, province) if province else None
    periods = [coverage(c) for c in sorted(r.cakupan, key=lambda c: c.periode)]
    illustrative = (rentan["ilustratif"] or bool(r.non_asn and r.non_asn.ilustratif)
                    or any(p["ilustratif"] for p in periods[-1:]))
    return {
        "daerah": words,
        "provinsi": province_words,
        "cakupan": periods,
        "surat": surat_edaran(ws, entry, words, province_words),
        "pejabat": {"kepala": r.kepala_daerah.nama or "", "sekda": r.sekretaris_daerah.nama or ""},
        "lambang": lambang or "",
        "dasar_pembentukan": list(r.dasar_pembentukan),
        "penetapan": r.perkada.model_dump(mode="json"),
        "rentan": rentan,
        "non_asn": ({**r.non_asn.model_dump(), "belum": r.non_asn.jumlah - r.non_asn.terdaftar}
                    if r.non_asn else None),
        "tarif": {"jkk": tarif.bpu.jkk_minimum, "jkm": tarif.bpu.jkm, "jkk_jkm": tarif.jkk_jkm_bpu,
                  "dasar": list(tarif.dasar)},
        "hukum": {key: ws.library.name(key) for key in ws.library.entries},
        "dokumen": {"tanggal": ws.document_date, "tahun": ws.document_date.year,
                    "ilustratif": illustrative, "catatan_ilustratif": ws.settings.catatan_ilustratif},
    }
