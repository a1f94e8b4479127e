"""The build for CI: incremental by content, exact rebuild sets, byte-identical across job counts, shards
that partition and merge, --check, the report, the lock, and recovery after a build was killed."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import api
from generator.batch import workers
from generator.batch.plan import output_hash, shard_of
from generator.cli import app
from generator.kinds import KINDS
from tests.helpers import ROOT, TANAH_LAUT, copy_built, copy_workspace, edit, tree_bytes

ALL = 29 * 6 + 1     # the sample's documents: six kinds per region (29 regions), one national recap


def plan(ws: Path, **kw) -> dict[str, str]:
    """What a build would do, by document: stale / up-to-date / removed (nothing is written)."""
    return {o.id: o.status for o in api.build(ws, check=True, **kw).outcomes}


def stale(ws: Path, **kw) -> set[str]:
    return {doc for doc, status in plan(ws, **kw).items() if status != "up-to-date"}


@pytest.fixture
def built(sample_build, tmp_path) -> Path:
    """A private copy of the built sample workspace."""
    return copy_built(sample_build[0], tmp_path / "ws")


def outputs(ws: Path, kind: str | None = None) -> dict[str, bytes]:
    tree = tree_bytes(ws / "output")
    return {rel: data for rel, data in tree.items()
            if rel != "manifest.json" and not rel.startswith(".") and (kind is None or rel.startswith(kind + "/"))}


def test_a_second_build_renders_nothing(built):
    before = tree_bytes(built / "output")
    result = api.build(built)
    assert result.count("built") == 0 and result.count("up-to-date") == ALL
    assert tree_bytes(built / "output") == before


def test_a_fresh_checkout_is_up_to_date(sample_build, tmp_path):
    """Content hashes, not modification times: copying the workspace (new mtimes, as a CI checkout
    has) rebuilds nothing."""
    ws = copy_built(sample_build[0], tmp_path / "ws")
    for path in (ws / "config").rglob("*.yaml"):
        os.utime(path, (time.time() + 100, time.time() + 100))
    assert stale(ws) == set()


def test_one_regency_change_rebuilds_it_and_what_aggregates_it(built):
    edit(built, TANAH_LAUT, "peserta: {pu: 33669,", "peserta: {pu: 33670,")
    affected = {"perkada/63.01", "surat-edaran/63.01", "keputusan-tim/63.01", "keputusan-pbi/63.01", "laporan/63.01",
                "catatan-penyusun/63.01", "laporan/63", "laporan-nasional/nasional"}
    assert stale(built) == affected
    result = api.build(built)
    assert {o.id for o in result.outcomes if o.status == "built"} == affected
    assert all("63.01-tanah-laut.yaml changed" in o.reason for o in result.outcomes if o.status == "built")
    assert stale(built) == set()


def test_a_province_change_rebuilds_its_regions_documents(built):
    edit(built, "config/regions/62/62.yaml", "nama: Kalimantan Tengah", "nama: Kalimantan Tengahh")
    changed = stale(built)
    assert "perkada/62.01" in changed and "laporan/62" in changed and "laporan-nasional/nasional" in changed
    assert not [doc for doc in changed if "/63" in doc]


@pytest.mark.parametrize("template, kinds", [
    ("templates/surat-edaran.xml.j2", {"surat-edaran"}),
    ("templates/partials/monev.xml.j2", {"laporan", "laporan-nasional"}),
    ("templates/styles/laporan.css", {"laporan", "laporan-nasional", "catatan-penyusun"}),
    ("templates/styles/naskah.word.yaml", set(KINDS)),          # the report stylesheet extends it
    ("config/monev.yaml", {"laporan", "laporan-nasional"}),
])
def test_a_template_change_rebuilds_every_document_of_its_kinds(built, template, kinds):
    with open(built / template, "a") as handle:
        handle.write("\n" + ("{# edited #}" if template.endswith(".j2") else "/* edited */"
                             if template.endswith(".css") else "# edited") + "\n")
    expected = {doc for doc, status in plan(built).items() if doc.split("/")[0] in kinds}
    assert stale(built) == expected and len(expected) >= 29


def test_a_font_file_is_an_input_of_every_document_of_its_stylesheet(built):
    """The PDF's face is a file of the stylesheet (laporan extends naskah): recorded by hash, and a new
    version of it makes every document stale and is rebuilt."""
    from fontTools.ttLib import TTFont
    font = "templates/styles/fonts/texgyrebonum-regular.otf"
    manifest = json.loads((built / "output" / "manifest.json").read_text())
    for doc_id, record in manifest["documents"].items():
        assert record["inputs"][font] == output_hash(built, font), doc_id
    face = TTFont(built / font)
    face["head"].fontRevision += 0.001                  # a new release of the font: still a valid font
    face.save(built / font)
    result = CliRunner().invoke(app, ["build", "--check", "-w", str(built)])
    assert result.exit_code == 4
    assert f"stale: perkada/63.01 ({font} changed)" in result.stdout
    assert f"stale: laporan-nasional/nasional ({font} changed)" in result.stdout
    assert stale(built) == set(plan(built)) and len(plan(built)) == ALL
    result = api.build(built, kinds=["surat-edaran"], codes=["62.71"])
    assert [(o.id, o.status, o.reason) for o in result.outcomes] == [
        ("surat-edaran/62.71", "built", f"{font} changed")]
    assert "surat-edaran/62.71" not in stale(built)


def test_deleting_a_region_removes_its_outputs(built):
    (built / "config/regions/63/63.72-banjarbaru.yaml").unlink()
    gone = {"perkada/63.72", "surat-edaran/63.72", "keputusan-tim/63.72", "keputusan-pbi/63.72", "laporan/63.72",
            "catatan-penyusun/63.72"}
    assert {d for d, s in plan(built).items() if s == "removed"} == gone
    result = api.build(built, kinds=["perkada", "surat-edaran"])         # a partial build removes its kinds'
    assert {o.id for o in result.outcomes if o.status == "removed"} == {"perkada/63.72", "surat-edaran/63.72"}
    left = sorted(p.name for p in (built / "output").rglob("63.72-*"))
    assert left == ["63.72-catatan-penyusun-banjarbaru.docx", "63.72-catatan-penyusun-banjarbaru.pdf",
                    "63.72-kep-wali-kota-penerima-bantuan-iuran-banjarbaru.docx",
                    "63.72-kep-wali-kota-penerima-bantuan-iuran-banjarbaru.pdf",
                    "63.72-kep-wali-kota-tim-koordinasi-banjarbaru.docx",
                    "63.72-kep-wali-kota-tim-koordinasi-banjarbaru.pdf",
                    "63.72-monev-banjarbaru.docx", "63.72-monev-banjarbaru.pdf"]    # other kinds' stay
    api.build(built)
    assert not list((built / "output").rglob("63.72-*"))
    manifest = json.loads((built / "output" / "manifest.json").read_text())
    assert not [doc for doc in manifest["documents"] if doc.endswith("/63.72")]
    assert stale(built) == set()


SETTINGS_DATE, OTHER_DATE = dt.date(2026, 11, 25), dt.date(2026, 12, 1)
DATE_CHANGED = "the document date changed from 2026-11-25 to 2026-12-01"


def test_the_manifest_records_the_document_date(sample_build):
    documents = json.loads((sample_build[0] / "output" / "manifest.json").read_text())["documents"]
    assert len(documents) == ALL and {record["tanggal"] for record in documents.values()} == {"2026-11-25"}


def test_another_document_date_rebuilds_every_document_and_the_same_one_nothing(built):
    """Every document prints the date (reports and letters in their text, every kind in its DOCX and PDF
    metadata): --tanggal makes all of them stale, naming the date; a run with that date again is up to
    date; the documents a run did not rebuild keep theirs."""
    result = CliRunner().invoke(app, ["build", "--check", "--tanggal", "2026-12-01", "-w", str(built)])
    assert result.exit_code == 4
    lines = [line for line in result.stdout.splitlines() if line.startswith("stale: ")]
    assert len(lines) == ALL and all(line.endswith(f" ({DATE_CHANGED})") for line in lines), lines[:3]
    result = api.build(built, kinds=["surat-edaran"], date=OTHER_DATE)
    assert result.count("built") == 29 and {o.reason for o in result.outcomes} == {DATE_CHANGED}
    documents = json.loads((built / "output" / "manifest.json").read_text())["documents"]
    assert {doc_id: record["tanggal"] for doc_id, record in documents.items()} == {
        doc_id: "2026-12-01" if doc_id.startswith("surat-edaran/") else "2026-11-25" for doc_id in documents}
    import docx
    letter = next((built / "output" / "surat-edaran").glob("62.71-*.docx"))
    assert docx.Document(str(letter)).core_properties.created.date() == OTHER_DATE
    assert stale(built, kinds=["surat-edaran"], date=OTHER_DATE) == set()
    assert stale(built, date=OTHER_DATE) == {doc for doc in plan(built) if not doc.startswith("surat-edaran/")}
    back = {o.id: o.reason for o in api.build(built, check=True).outcomes if o.status == "stale"}
    assert len(back) == 29 and set(back.values()) == {"the document date changed from 2026-12-01 to 2026-11-25"}


def test_tanggal_dokumen_is_the_date_and_an_explicit_one_wins(built, monkeypatch):
    """The settings' date is the document date, whatever SOURCE_DATE_EPOCH says (it is not read); the
    date given for a run (``--tanggal``, ``date=``) wins over it. Changing tanggal_dokumen makes every
    document stale with the date as the reason."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")         # 2030-01-01
    assert api.load(built).document_date == SETTINGS_DATE
    assert api.render(api.load(built), "perkada", "63.01").meta.date == SETTINGS_DATE
    assert api.render(api.load(built, OTHER_DATE), "perkada", "63.01").meta.date == OTHER_DATE
    assert stale(built) == set()
    edit(built, "config/settings.yaml", "tanggal_dokumen: 2026-11-25", "tanggal_dokumen: 2026-12-01")
    assert api.load(built).document_date == OTHER_DATE
    assert api.load(built, SETTINGS_DATE).document_date == SETTINGS_DATE
    reasons = {o.id: o.reason for o in api.build(built, check=True).outcomes}
    assert len(reasons) == ALL and set(reasons.values()) == {DATE_CHANGED}


def test_render_takes_the_date_too(built, tmp_path):
    result = CliRunner().invoke(app, ["render", "laporan", "63.01", "-f", "json", "-o", str(tmp_path / "out"),
                                      "--tanggal", "2026-12-01", "-w", str(built)])
    assert result.exit_code == 0, result.output
    model = json.loads(next((tmp_path / "out" / "laporan").glob("63.01-*.json")).read_text())
    assert model["meta"]["date"] == "2026-12-01"
    assert "1 Desember 2026" in json.dumps(model, ensure_ascii=False)


def test_a_manifest_without_dates_makes_its_documents_stale_without_a_warning(built):
    """A manifest written before the date was recorded is still a valid manifest: its documents are stale
    (the date they carry is not known), nothing is reported as damaged."""
    path = built / "output" / "manifest.json"
    data = json.loads(path.read_text())
    for record in data["documents"].values():
        del record["tanggal"]
    path.write_text(json.dumps(data))
    result = api.build(built, check=True)
    assert not [w for w in result.warnings if "manifest.json" in w.where]
    assert {o.reason for o in result.outcomes} == {"the document date 2026-11-25 is not recorded"}
    assert result.count("stale") == ALL


def test_the_manifest_has_the_mode_of_the_documents(built):
    """Atomic writes give what open() gives (0666 less the umask), not mkstemp's 0600."""
    edit(built, TANAH_LAUT, "nama: Tanah Laut", "nama: Tanah Laut Baru")
    api.build(built, kinds=["surat-edaran"], formats_=["html"])
    umask = os.umask(0o022)
    os.umask(umask)
    for path in (built / "output" / "manifest.json", *(built / "output" / "surat-edaran").glob("*.html")):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path


def test_check_exits_non_zero_on_stale_output_and_writes_nothing(built):
    runner = CliRunner()
    ok = runner.invoke(app, ["build", "--check", "-w", str(built)])
    assert ok.exit_code == 0, ok.output
    (built / "output" / "perkada" / "63.05-perbup-tapin.pdf").unlink()
    edit(built, TANAH_LAUT, "nama: Tanah Laut", "nama: Tanah  Laut")
    before = tree_bytes(built / "output")
    result = runner.invoke(app, ["build", "--check", "-w", str(built)])
    assert result.exit_code == 4
    assert "stale: perkada/63.05 (perkada/63.05-perbup-tapin.pdf is missing or was changed)" in result.stdout
    assert "stale: laporan/63 (config/regions/63/63.01-tanah-laut.yaml changed)" in result.stdout
    assert tree_bytes(built / "output") == before


def test_same_bytes_with_one_or_two_workers(sample_build, tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    one = api.build(ws, kinds=["surat-edaran"], out_dir=tmp_path / "one", workers=1)
    two = api.build(ws, kinds=["surat-edaran"], out_dir=tmp_path / "two", workers=2)
    assert one.count("built") == two.count("built") == 29
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")   # manifest included
    assert outputs(sample_build[0], "surat-edaran") == {rel: data for rel, data in tree_bytes(tmp_path / "one")
                                                         .items() if rel != "manifest.json"}


def test_shards_partition_the_documents_and_their_manifests_merge(sample_build, tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    docs = [d.id for d in api.jobs(api.load(ws))]
    for count in (2, 3, 7):
        parts = [{d for d in docs if shard_of(d, count) == k} for k in range(count)]
        assert sum(len(p) for p in parts) == len(docs) and set().union(*parts) == set(docs)
    for k in (1, 2):
        api.build(ws, kinds=["surat-edaran"], out_dir=tmp_path / f"shard{k}", shard=(k - 1, 2))
    shard_docs = [set(json.loads((tmp_path / f"shard{k}" / "manifest.json").read_text())["documents"])
                  for k in (1, 2)]
    assert shard_docs[0] and shard_docs[1] and not shard_docs[0] & shard_docs[1]
    result = CliRunner().invoke(app, ["merge", str(tmp_path / "merged"), str(tmp_path / "shard1"),
                                      str(tmp_path / "shard2")])
    assert result.exit_code == 0, result.output
    merged = tree_bytes(tmp_path / "merged")
    assert {rel: data for rel, data in merged.items() if rel != "manifest.json"} == \
        outputs(sample_build[0], "surat-edaran")
    # the merged folder is a complete, up-to-date build of that kind
    assert stale(ws, kinds=["surat-edaran"], out_dir=tmp_path / "merged") == set()


def test_a_failing_document_is_reported_with_the_others_and_nothing_is_published(built, tmp_path):
    edit(built, "templates/surat-edaran.xml.j2", "{{ daerah.kepala }}", "{{ daerah.kepalaa }}")
    edit(built, TANAH_LAUT, "nama: Tanah Laut", "nama: Tanah Laut Baru")    # perkada/63.01 is stale too
    before = tree_bytes(built / "output")
    report = tmp_path / "build.json"
    result = CliRunner().invoke(app, ["build", "-w", str(built), "--report", str(report), "-j", "2"])
    assert result.exit_code == 1
    assert "has no attribute 'kepalaa'" in result.stderr and "nothing was written" in result.stderr
    data = json.loads(report.read_text())
    statuses = {d["document"]: d["status"] for d in data["documents"]}
    assert statuses["surat-edaran/63.01"] == "failed" and statuses["perkada/63.01"] == "discarded"
    assert data["summary"]["failed"] == 29
    assert tree_bytes(built / "output") == before


def test_report_has_the_documented_shape(built, tmp_path):
    import jsonschema
    edit(built, TANAH_LAUT, "nama: Tanah Laut", "nama: Tanah Laut Baru")
    report = tmp_path / "build.json"
    result = CliRunner().invoke(app, ["build", "-w", str(built), "--report", str(report), "-k", "perkada"])
    assert result.exit_code == 0, result.output
    assert "1 built, 28 up to date, 0 removed, 0 failed" in result.stderr
    schema = json.loads((ROOT / "docs" / "build-report.schema.json").read_text())
    data = json.loads(report.read_text())
    jsonschema.validate(data, schema)
    built_doc = [d for d in data["documents"] if d["status"] == "built"]
    assert [d["document"] for d in built_doc] == ["perkada/63.01"]
    assert built_doc[0]["outputs"] == ["perkada/63.01-perbup-tanah-laut-baru.docx",
                                       "perkada/63.01-perbup-tanah-laut-baru.pdf"]
    assert set(built_doc[0]["timings"]) == {"render", "docx", "pdf"}
    # the old name's files went with the rename
    assert not (built / "output" / "perkada" / "63.01-perbup-tanah-laut.pdf").exists()


def test_a_second_build_at_once_is_refused_with_a_clear_message(built):
    with open(built / "output" / ".naskah.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write("pid 12345")
        handle.flush()
        result = CliRunner().invoke(app, ["build", "-w", str(built), "--force", "-k", "surat-edaran"])
    assert result.exit_code == 75
    assert "another naskah build is writing" in result.stderr and "pid 12345" in result.stderr


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _workers(pid: int) -> list[int]:
    """The build's worker processes (forked children; not multiprocessing's resource tracker)."""
    return [c for c in _children(pid) if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()]


def _start(ws: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "-w", str(ws), "-j", "2",
                             "-k", "surat-edaran"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _wait_for_staged_files(ws: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not list((ws / "output").glob(".naskah-staging-*/surat-edaran/*.pdf")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else ""
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the worker processes")
def test_a_killed_worker_or_build_leaves_no_half_file_and_the_next_build_repairs(sample_build, tmp_path):
    ws = copy_workspace(tmp_path / "ws")
    reference = outputs(sample_build[0], "surat-edaran")

    proc = _start(ws)                                     # 1. a worker dies mid-build
    _wait_for_staged_files(ws, proc)
    os.kill(_workers(proc.pid)[-1], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "worker process building it died" in err
    assert outputs(ws) == {}                              # nothing published

    proc = _start(ws)                                     # 2. the whole build is killed
    _wait_for_staged_files(ws, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert outputs(ws) == {}
    assert list((ws / "output").glob(".naskah-staging-*"))            # what the next build cleans up

    result = api.build(ws, kinds=["surat-edaran"])         # 3. the next build repairs everything
    assert result.count("built") == 29
    assert outputs(ws) == reference
    assert not list((ws / "output").glob(".naskah-staging-*"))
    assert stale(ws, kinds=["surat-edaran"]) == set()


def test_each_kind_declares_every_region_file_it_reads():
    """Documents are rendered against a workspace holding only their declared region files; the context
    computed from that view is the same as from the whole workspace, so the declaration is complete."""
    from generator.kinds import NATIONAL
    ws = api.load(ROOT)
    for doc in api.jobs(ws):
        if doc.code not in ("63", "63.01", "62.71", NATIONAL):
            continue
        kind = KINDS[doc.kind]
        entry = None if doc.code == NATIONAL else ws.regions[doc.code]
        full = kind.context(ws, entry, [])
        view = kind.context(ws.view(kind.sources(ws, entry)), entry, [])
        assert json.dumps(full, default=str, sort_keys=True) == json.dumps(view, default=str, sort_keys=True), doc


def test_merge_takes_each_document_from_the_shard_that_built_it(sample_build, tmp_path):
    """Shards that start from a full output/ (committed or cached) each rebuild their part in place; the
    merge keeps the new copies, not the older ones every shard also carries."""
    shards = []
    for k in (1, 2):
        ws = copy_built(sample_build[0], tmp_path / f"ws{k}")
        edit(ws, "templates/surat-edaran.xml.j2", "judul=\"Latar Belakang\"", "judul=\"Latar Belakang Surat\"")
        result = api.build(ws, kinds=["surat-edaran"], shard=(k - 1, 2))
        assert 0 < result.count("built") < 29
        shards.append(ws / "output")
    result = CliRunner().invoke(app, ["merge", str(tmp_path / "merged"), *map(str, shards)])
    assert result.exit_code == 0, result.output
    merged = json.loads((tmp_path / "merged" / "manifest.json").read_text())["documents"]
    for doc_id, record in merged.items():
        if doc_id.startswith("surat-edaran/"):
            k = shard_of(doc_id, 2)
            owner, other = shards[k], shards[1 - k]
            for rel, info in record["outputs"].items():
                assert (tmp_path / "merged" / rel).read_bytes() == (owner / rel).read_bytes()
                assert (owner / rel).read_bytes() != (other / rel).read_bytes()     # the other's is old
                assert output_hash(tmp_path / "merged", rel) == info["sha256"]
    assert len(merged) == ALL


def test_workers_are_replaced_every_recycle_documents_and_the_bytes_stay(sample_build, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "RECYCLE", 5)           # 29 letters: three pools of two workers
    ws = copy_workspace(tmp_path / "ws")
    result = api.build(ws, kinds=["surat-edaran"], workers=2)
    assert result.count("built") == 29 and len({o.worker for o in result.outcomes}) == 6
    assert outputs(ws) == outputs(sample_build[0], "surat-edaran")
