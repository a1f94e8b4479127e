"""Benchmark of the build as CI runs it (issue: incremental, parallel, national scale). Prints figures;
asserts nothing. Every figure of one run comes from the same machine at the same time: compare ratios.

    python3 bench/bench_ci.py                      # sample + national (about 25 min on 2 cores)
    python3 bench/bench_ci.py --parts sample       # the sample workspace only (about 4 min)
    python3 bench/bench_ci.py --parts memory --memory-docs 1000   # one process, no recycling (18 min)
    python3 bench/bench_ci.py --parts national --provinces 38 --regions 514

Parts:
* sample / national: full build with --jobs N (documents/s, pages/s, peak memory per worker), a no-op
  rebuild and a one-regency change as shares of the full build (and which documents were rebuilt);
* sample also: --jobs 1 against --jobs 2; our overhead on top of the time WeasyPrint and python-docx
  themselves spend; our PDF step against LibreOffice converting our own DOCX of the same documents;
* memory: one process without recycling, building N documents one after another (why workers are recycled);
  the builds above print a worker's memory at the 10th and the 1,000th document.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REGENCY = {"sample": "config/regions/63/63.01-tanah-laut.yaml"}


def naskah(ws: Path, *args: str) -> tuple[float, dict]:
    """Run `naskah build` as a user would (a fresh process); returns wall seconds and the report."""
    report = ws / "build-report.json"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "-w", str(ws), "--report", str(report), *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, json.loads(report.read_text())


def pages(out: Path) -> int:
    from pypdf import PdfReader
    return sum(len(PdfReader(str(p)).pages) for p in out.rglob("*.pdf"))


def worker_peaks(report: dict) -> list[float]:
    peaks: dict[int, int] = {}
    for doc in report["documents"]:
        if doc.get("worker"):
            peaks[doc["worker"]] = max(peaks.get(doc["worker"], 0), doc["max_rss_kb"])
    return sorted(kb / 1024 for kb in peaks.values())


def change_one_regency(ws: Path, rel: str) -> str:
    path = ws / rel
    text = path.read_text()
    marker = "jumlah_penyebut: "
    at = text.index(marker) + len(marker)
    end = at + len(text[at:].split("\n", 1)[0])
    path.write_text(text[:at] + str(int(text[at:end]) + 1) + text[end:])
    return str(yaml.safe_load(text)["kode"])


def incremental_figures(name: str, ws: Path, jobs: int, regency: str) -> None:
    full, report = naskah(ws, "-j", str(jobs))
    docs = report["summary"]["built"]
    n_pages = pages(ws / "output")
    peaks = worker_peaks(report)
    print(f"[{name}] full build, --jobs {jobs}: {docs} documents, {n_pages} PDF pages in {full:.1f} s "
          f"-> {docs / full:.2f} documents/s, {n_pages / full:.1f} pages/s")
    print(f"[{name}] peak memory per worker process: highest {max(peaks):.0f} MB over {len(peaks)} processes")
    worker_memory(name, report)
    noop, report = naskah(ws, "-j", str(jobs))
    print(f"[{name}] no-op rebuild: {noop:.2f} s = {100 * noop / full:.2f} % of the full build "
          f"({report['summary']['built']} built, {report['summary']['up_to_date']} up to date)")
    code = change_one_regency(ws, regency)
    province = code.split(".")[0]
    one, report = naskah(ws, "-j", str(jobs))
    rebuilt = sorted(d["document"] for d in report["documents"] if d["status"] == "built")
    expected = sorted([f"perkada/{code}", f"surat-edaran/{code}", f"laporan/{code}", f"laporan/{province}",
                       "laporan-nasional/nasional"])
    print(f"[{name}] one-regency change ({regency}): rebuilt {len(rebuilt)} documents in {one:.2f} s = "
          f"{100 * one / full:.2f} % of the full build; exactly the affected ones: {rebuilt == expected}")
    print(f"[{name}]   rebuilt: {', '.join(rebuilt)}")


def library_split(ws: Path, limit: int | None = None) -> dict[str, float]:
    """In one process, per phase, for the documents of ``ws``: WeasyPrint, python-docx (the DOCX writer
    less its chart drawing), and what is ours."""
    from weasyprint import HTML

    from generator import api
    from generator.writers import charts
    from generator.writers import docx as docx_writer
    from generator.writers import html as html_writer
    from generator.writers import pdf as pdf_writer

    from bench_build import timed
    drawing = [0.0]
    original = charts.png
    charts.png = timed(original, drawing)
    t = {"ours (load, render, html, charts)": 0.0, "weasyprint": 0.0, "python-docx": 0.0}
    started = time.perf_counter()
    ws_loaded = api.load(ws)
    t["ours (load, render, html, charts)"] += time.perf_counter() - started
    for job in api.jobs(ws_loaded)[:limit]:
        t0 = time.perf_counter()
        doc = api.render(ws_loaded, job.kind, job.code)
        opts = api.options(ws_loaded, doc)
        markup = html_writer.write(doc, opts)
        t1 = time.perf_counter()
        rendered = HTML(string=markup.decode(), base_url="naskah:",
                        url_fetcher=pdf_writer.fetcher(opts)).render()
        rendered.write_pdf(io.BytesIO(), pdf_variant=pdf_writer.PDF_VARIANT, pdf_identifier=b"0" * 32)
        t2 = time.perf_counter()
        before = drawing[0]
        docx_writer.write(doc, opts)
        t3 = time.perf_counter()
        png = drawing[0] - before
        t["ours (load, render, html, charts)"] += (t1 - t0) + png
        t["weasyprint"] += t2 - t1
        t["python-docx"] += (t3 - t2) - png
    charts.png = original
    return t


def sample_part(jobs: int, lo_docs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        for part in ("config", "templates"):
            shutil.copytree(ROOT / part, ws / part)
        incremental_figures("sample", ws, jobs, REGENCY["sample"])

        one, _ = naskah(ws, "-j", "1", "--force")
        two, _ = naskah(ws, "-j", "2", "--force")
        print(f"[sample] --jobs 2 vs --jobs 1 (forced full builds): {one:.1f} s / {two:.1f} s = "
              f"{one / two:.2f}x speed-up")

        split = library_split(ws)
        libs = split["weasyprint"] + split["python-docx"]
        print("[sample] one process, every document: " +
              ", ".join(f"{k} {v:.1f} s" for k, v in split.items()))
        print(f"[sample] overhead of the whole build (--jobs 1, fresh process, staging, manifest) on top of "
              f"WeasyPrint + python-docx: {one:.1f} s vs {libs:.1f} s = {100 * (one - libs) / libs:.0f} %")

        if shutil.which("soffice"):
            chosen = sorted((ws / "output").rglob("*.docx"))
            by_kind: dict[str, list[Path]] = {}
            for path in chosen:
                by_kind.setdefault(path.parent.name, []).append(path)
            picked = [p for paths in by_kind.values() for p in paths[:max(1, lo_docs // len(by_kind))]]
            out = Path(tmp) / "lo"
            started = time.perf_counter()
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "pdf", "--outdir", str(out), *map(str, picked)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            lo = time.perf_counter() - started
            ours = _our_pdf_step(ws, picked)
            print(f"[sample] PDF of the same {len(picked)} documents: ours (model -> HTML -> WeasyPrint) "
                  f"{ours:.1f} s, LibreOffice converting our DOCX {lo:.1f} s (one soffice process, start-up "
                  f"included) -> LibreOffice / ours = {lo / ours:.2f}")


def _our_pdf_step(ws: Path, docx_files: list[Path]) -> float:
    from generator import api
    from generator.writers import pdf as pdf_writer
    loaded = api.load(ws)
    stems = {p.relative_to(ws / "output").with_suffix("").as_posix() for p in docx_files}
    total = 0.0
    for job in api.jobs(loaded):
        if job.stem in stems:
            doc = api.render(loaded, job.kind, job.code)
            opts = api.options(loaded, doc)
            t0 = time.perf_counter()
            pdf_writer.write(doc, opts)
            total += time.perf_counter() - t0
    return total


def memory_part(count: int) -> None:
    """Why workers are recycled: one process building ``count`` documents one after another (the sample's,
    kinds interleaved, cycled) through the function a worker runs; resident memory after 10 and ``count``."""
    from generator import api
    from generator.batch import workers
    with tempfile.TemporaryDirectory() as tmp:
        ws = api.load(ROOT)
        by_kind: dict[str, list] = {}
        for doc in api.jobs(ws):
            by_kind.setdefault(doc.kind, []).append(doc)
        docs = [d for group in itertools.zip_longest(*by_kind.values()) for d in group if d]   # interleaved
        workers._STATE.update(ws=ws, fmts=("docx", "pdf"), staging=Path(tmp))
        rss = {}
        for i in range(count):
            outcome, _ = workers._build_one(docs[i % len(docs)])
            assert outcome.status == "built", outcome.problems
            if i + 1 in (10, count) or (i + 1) % 100 == 0:
                rss[i + 1] = _rss_mb()
    print(f"[memory] one process, no recycling, {count} documents: " +
          ", ".join(f"after {n}: {mb:.0f} MB" for n, mb in rss.items()))


def worker_memory(name: str, report: dict) -> None:
    """A worker's peak memory when it finished the 10th document of the build and the 1,000th (or last)."""
    done = {d["order"]: d for d in report["documents"] if d.get("order")}
    last = min(1000, max(done))
    at = {n: done[n]["max_rss_kb"] / 1024 for n in (10, 100, last) if n in done}
    print(f"[{name}] worker memory (peak RSS of the worker that finished the n-th document): " +
          ", ".join(f"n={n}: {mb:.0f} MB" for n, mb in at.items()) +
          f"; n={last} vs n=10: {100 * (at[last] - at[10]) / at[10]:+.1f} %")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def national_part(jobs: int, provinces: int, regions: int) -> None:
    import national
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "national"
        counts = national.make(ws, provinces=provinces, regions=regions)
        print(f"[national] synthetic workspace: {counts}")
        regencies = sorted((ws / "config" / "regions").glob("*/*.01-*.yaml"))
        regency = regencies[len(regencies) // 2]
        incremental_figures("national", ws, jobs, regency.relative_to(ws).as_posix())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", default="sample,national")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--lo-docs", type=int, default=12)
    parser.add_argument("--memory-docs", type=int, default=1000)
    parser.add_argument("--provinces", type=int, default=38)
    parser.add_argument("--regions", type=int, default=514)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.1f} GB")
    parts = args.parts.split(",")
    if "sample" in parts:
        sample_part(args.jobs, args.lo_docs)
    if "national" in parts:
        national_part(args.jobs, args.provinces, args.regions)
    if "memory" in parts:
        memory_part(args.memory_docs)


if __name__ == "__main__":
    main()
