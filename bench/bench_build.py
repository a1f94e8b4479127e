"""Benchmark of a full build of the sample workspace: documents/s, pages/s, peak memory, and where the
time goes (our pipeline vs WeasyPrint vs python-docx). Prints figures; asserts nothing.

    python3 bench/bench_build.py [--workspace DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import platform
import resource
import sys
import time
from pathlib import Path

from weasyprint import HTML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import api  # noqa: E402
from generator.writers import docx as docx_writer  # noqa: E402
from generator.writers import html as html_writer  # noqa: E402
from generator.writers import pdf as pdf_writer  # noqa: E402

CHART_SECONDS = [0.0]


def timed(fn, total: list[float]):
    """``fn``, adding the seconds each call takes to ``total[0]``."""
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - t0
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path, default=ROOT)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    from generator.writers import charts
    charts.svg, charts.png = timed(charts.svg, CHART_SECONDS), timed(charts.png, CHART_SECONDS)
    per_kind: dict[str, list[float]] = {}

    t = {"load": 0.0, "render (template+reader+transforms)": 0.0, "html writer": 0.0,
         "weasyprint layout": 0.0,
         "weasyprint pdf output": 0.0, "docx writer (python-docx + ours)": 0.0}
    total_pages = documents = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ws = api.load(args.workspace)
        t["load"] += time.perf_counter() - t0
        for job in api.jobs(ws):
            t0 = time.perf_counter()
            doc = api.render(ws, job.kind, job.code)
            t1 = time.perf_counter()
            options = api.options(ws, doc)
            markup = html_writer.write(doc, options)
            t2 = time.perf_counter()
            rendered = HTML(string=markup.decode(), base_url="naskah:",
                            url_fetcher=pdf_writer.fetcher(options)).render()
            t_layout = time.perf_counter()
            rendered.write_pdf(io.BytesIO(), pdf_variant=pdf_writer.PDF_VARIANT, pdf_identifier=b"0" * 32)
            t3 = time.perf_counter()
            docx_writer.write(doc, options)
            t4 = time.perf_counter()
            per_kind.setdefault(job.kind, []).append(t4 - t0)
            t["render (template+reader+transforms)"] += t1 - t0
            t["html writer"] += t2 - t1
            t["weasyprint layout"] += t_layout - t2
            t["weasyprint pdf output"] += t3 - t_layout
            t["docx writer (python-docx + ours)"] += t4 - t3
            total_pages += len(rendered.pages)
            documents += 1
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{__import__('os').cpu_count()} cores")
    print(f"documents: {documents} (each as PDF and DOCX), pages (PDF): {total_pages}")
    print(f"wall time: {wall:.2f} s  ->  {documents / wall:.2f} documents/s, {total_pages / wall:.1f} pages/s")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    for name, seconds in t.items():
        print(f"  {name:<38} {seconds:7.2f} s  {100 * seconds / wall:5.1f} %")
    print(f"  of which drawing charts (SVG + PNG)    {CHART_SECONDS[0]:7.2f} s  {100 * CHART_SECONDS[0] / wall:5.1f} %")
    for kind, times in per_kind.items():
        print(f"  per document, {kind:<24} {sum(times) / len(times):7.2f} s  (n={len(times)})")
    ours = t["load"] + t["render (template+reader+transforms)"] + t["html writer"] - CHART_SECONDS[0] / 2
    weasy = t["weasyprint layout"] + t["weasyprint pdf output"]
    print(f"our own pipeline (load+render+html) vs WeasyPrint: {ours:.2f} s vs {weasy:.2f} s "
          f"({100 * ours / weasy:.0f} %)")


if __name__ == "__main__":
    main()
