"""Template context: plain data and computed indicators for one region. Templates only read this; every
figure a document states is computed here (or by a transform), never typed in a template."""

from __future__ import annotations

from generator.data.workspace import RegionEntry, Workspace


def region_words(ws: Workspace, entry: RegionEntry) -> dict:
    r = entry.region
    words = ws.settings.jenis_daerah[r.jenis]
    return {
        "kode": r.kode,
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


def region_context(ws: Workspace, entry: RegionEntry) -> dict:
    r = entry.region
    province = ws.province_of(entry)
    tarif = ws.rate_on(ws.document_date)
    lambang = r.lambang or ws.settings.lambang_kepala_daerah
    rentan = pekerja_rentan(ws, entry)
    illustrative = rentan["ilustratif"] or bool(r.non_asn and r.non_asn.ilustratif)
    return {
        "daerah": region_words(ws, entry),
        "provinsi": region_words(ws, province) if province else None,
        "pejabat": {"kepala": r.kepala_daerah.nama or "", "sekda": r.sekretaris_daerah.nama or ""},
        "lambang": lambang or "",
        "dasar_pembentukan": list(r.dasar_pembentukan),
        "penetapan": r.perkada.model_dump(mode="json"),
        "rentan": rentan,
        "non_asn": r.non_asn.model_dump() if r.non_asn else None,
        "tarif": {"jkk": tarif.bpu.jkk_minimum, "jkm": tarif.bpu.jkm, "jkk_jkm": tarif.jkk_jkm_bpu,
                  "dasar": list(tarif.dasar)},
        "hukum": {key: ws.library.name(key) for key in ws.library.entries},
        "dokumen": {"tanggal": ws.document_date, "tahun": ws.document_date.year,
                    "ilustratif": illustrative, "catatan_ilustratif": ws.settings.catatan_ilustratif},
    }
