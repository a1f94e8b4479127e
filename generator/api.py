"""The library API: what the CLI, the tests and any future service call. A facade: the render pipeline is
generator.pipeline, the writers generator.writers, the batch build generator.batch; no generator module
imports this one but the CLI.

    ws = api.load(root)                                # tanggal_dokumen of the settings, or date=...
    doc = api.render(ws, "perkada", "63.01")           # the model, after all transforms
    data = api.write(ws, doc, "pdf")                   # bytes
    result = api.build(root, ("docx", "pdf"), workers=2)   # what changed, published into output/
"""

from __future__ import annotations

from generator.batch.manifest import ManifestError
from generator.batch.report import Outcome, Result
from generator.batch.run import build, merge
from generator.errors import Problems, UsageError
from generator.kinds import KINDS, NATIONAL, Kind
from generator.pipeline import DEFAULT_FORMATS, Doc, check_formats, images, jobs, load, options, render, write
from generator.writers import FORMATS, Options
from generator.writers import write_all as write_formats

__all__ = ["DEFAULT_FORMATS", "FORMATS", "KINDS", "NATIONAL", "Doc", "Kind", "ManifestError", "Options",
           "Outcome", "Problems", "Result", "UsageError", "build", "check_formats", "images", "jobs", "load",
           "merge", "options", "render", "write", "write_formats"]
