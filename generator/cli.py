"""The `naskah` command: a thin shell over generator.api. Messages go to stderr, produced paths to
stdout; exit codes come from generator.errors.ExitCode."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import sys
import time
import warnings
from pathlib import Path

import typer

from generator import api
from generator.data.workspace import emblem_warnings
from generator.errors import ExitCode, Interrupted, NaskahError, Problems

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Drafts of regional regulations on Inpres 2/2021 (BPJS Ketenagakerjaan) from YAML data.")

WorkspaceOpt = typer.Option(Path("."), "--workspace", "-w", help="workspace folder (config/, templates/)")
DateOpt = typer.Option(None, "--tanggal", metavar="YYYY-MM-DD",
                       help="the date the documents carry (default: tanggal_dokumen of config/settings.yaml)")


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _formats(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def _by_file(problem) -> tuple:
    """Group problems by file, then by line, then errors before warnings."""
    file, _, rest = problem.where.partition(":")
    line = rest.split(":")[0]
    return (file, int(line) if line.isdigit() else 0, problem.severity != "error", problem.path)


def _run(fn):
    """Map every error to its exit code in one place; a bug prints a short message, not a traceback."""
    try:
        return fn()
    except Problems as exc:
        unique = sorted(dict.fromkeys(exc.problems), key=_by_file)   # a template fault once, not per document
        errors = [p for p in unique if p.severity == "error"]
        for problem in unique:
            _err(str(problem))
        _err(f"{len(errors)} problem(s); nothing was written")
        raise typer.Exit(exc.exit_code) from None
    except NaskahError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt as exc:        # Ctrl-C or SIGTERM: one line, 128 + the signal's number
        _err(f"interrupted: {exc}" if str(exc) else "interrupted")
        raise typer.Exit(128 + getattr(exc, "signum", signal.SIGINT)) from None
    except typer.Exit:
        raise
    except Exception as exc:  # a bug: a short message, the traceback only on request
        if os.environ.get("NASKAH_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set NASKAH_DEBUG=1 for the traceback)")
        raise typer.Exit(ExitCode.INTERNAL) from None


class Progress:
    """A bar with counts and ETA on a terminal; plain lines (one per document, with an ETA) otherwise."""

    def __init__(self, quiet: bool = False):
        self.quiet, self.bar, self.task, self.started = quiet, None, None, time.monotonic()

    def __enter__(self):
        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        if self.bar:
            self.bar.__exit__(*exc)

    def __call__(self, done: int, total: int, outcome) -> None:
        if self.quiet:
            return
        if self.bar:
            if self.task is None:
                self.task = self.bar.add_task("building", total=total, completed=done - 1)
            self.bar.update(self.task, completed=done, description=outcome.id)
            return
        elapsed = time.monotonic() - self.started
        eta = elapsed / max(done, 1) * (total - done)
        _err(f"[{done}/{total}] {outcome.status} {outcome.id} ({outcome.seconds:.1f} s; eta {eta:.0f} s)")


def _shard(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise api.UsageError(f"--shard takes K/N with 1 <= K <= N, e.g. 2/4 (got '{value}')")
    return int(k) - 1, int(n)


def _date(value: str | None) -> dt.date | None:
    """``--tanggal``: a calendar date, YYYY-MM-DD; it overrides tanggal_dokumen for this run."""
    if value is None:
        return None
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise api.UsageError(f"--tanggal takes a calendar date YYYY-MM-DD, e.g. 2026-11-25 (got '{value[:40]}')")


@app.command()
def build(workspace: Path = WorkspaceOpt,
          format: str = typer.Option("docx,pdf", "--format", "-f", help="comma-separated: docx,pdf,html,json"),
          output: Path | None = typer.Option(None, "--output", "-o", help="output folder (default: output/)"),
          kind: list[str] | None = typer.Option(None, "--kind", "-k", help="only this kind (repeatable)"),
          jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", help="worker processes"),
          shard: str | None = typer.Option(None, "--shard", help="K/N: build the K-th of N stable parts"),
          check: bool = typer.Option(False, "--check", help="write nothing; exit 4 if anything is stale"),
          force: bool = typer.Option(False, "--force", help="rebuild even what is up to date"),
          report: Path | None = typer.Option(None, "--report", help="write what happened as JSON "
                                                "(docs/build.md)"),
          json_report: bool = typer.Option(False, "--json", help="print the report as JSON on stdout"),
          tanggal: str | None = DateOpt):
    """Build the documents whose inputs changed (by content) and remove those no longer in the workspace."""
    def go():
        date = _date(tanggal)
        with Progress(quiet=check) as progress:
            result = api.build(workspace, _formats(format), output, kind or None, workers=jobs,
                               shard=_shard(shard), check=check, force=force, report=report,
                               progress=progress, date=date)
        for warning in result.warnings:
            _err(str(warning))
        if json_report:
            typer.echo(json.dumps(result.as_dict(), indent=1, ensure_ascii=False))
        elif check:
            for outcome in result.outcomes:
                if outcome.status != "up-to-date":
                    typer.echo(f"{outcome.status}: {outcome.id} ({outcome.reason})")
        else:
            for path in result.built:
                typer.echo(str((output or workspace / "output") / path))
        _err(result.summary() if result.count("built") or result.count("removed") or check
             else f"nothing to do: all {result.count('up-to-date')} document(s) up to date")
        if check and (result.count("stale") or result.count("removed")):
            raise typer.Exit(ExitCode.STALE)
    _run(go)


@app.command()
def merge(dest: Path = typer.Argument(..., help="output folder to merge into"),
          sources: list[Path] = typer.Argument(..., help="output folders of the shards")):
    """Join the output folders of `build --shard` runs: their files and one manifest."""
    def go():
        warnings: list = []
        count = api.merge(dest, sources, warnings)
        for warning in warnings:
            _err(str(warning))
        _err(f"{count} document(s) in {dest / 'manifest.json'}")
    _run(go)


@app.command()
def render(kind: str = typer.Argument(..., help="document kind, e.g. perkada"),
           region: str = typer.Argument(..., help="region code, e.g. 63.01"),
           format: str = typer.Option("docx,pdf", "--format", "-f", help="comma-separated: docx,pdf,html,json"),
           output: Path | None = typer.Option(None, "--output", "-o", help="output folder (default: output/)"),
           workspace: Path = WorkspaceOpt, tanggal: str | None = DateOpt):
    """Render one document for one region."""
    def go():
        report = api.build(workspace, _formats(format), output, [kind], [region], force=True,
                           date=_date(tanggal))
        if not report.built:
            raise api.UsageError(f"the kind '{kind}' does not apply to region {region}")
        for warning in report.warnings:
            _err(str(warning))
        for path in report.built:
            typer.echo(str((output or workspace / "output") / path))
    _run(go)


@app.command("list")
def list_(workspace: Path = WorkspaceOpt,
          json_out: bool = typer.Option(False, "--json", help="machine-readable")):
    """List regions, document kinds and the outputs they give."""
    def go():
        ws = api.load(workspace)
        regions = [{"kode": e.code, "jenis": e.region.jenis, "nama": e.region.nama, "file": e.file}
                   for e in ws.regions.values()]
        kinds = [{"kind": k.name, "title": k.title} for k in api.KINDS.values()]
        outputs = [job.stem for job in api.jobs(ws)]
        if json_out:
            typer.echo(json.dumps({"regions": regions, "kinds": kinds, "outputs": outputs}, indent=1,
                                  ensure_ascii=False))
            return
        typer.echo("Kinds:")
        for k in kinds:
            typer.echo(f"  {k['kind']:<10} {k['title']}")
        typer.echo(f"Regions ({len(regions)}):")
        for r in regions:
            typer.echo(f"  {r['kode']:<6} {r['jenis']:<10} {r['nama']}")
        typer.echo(f"Outputs: {len(outputs)} documents")
    _run(go)


@app.command()
def check(workspace: Path = WorkspaceOpt,
          strict: bool = typer.Option(False, "--strict", help="warnings fail too"),
          json_out: bool = typer.Option(False, "--json", help="machine-readable"),
          tanggal: str | None = DateOpt):
    """Validate the data and render every document in memory, writing nothing."""
    def go():
        date = _date(tanggal)
        try:
            ws = api.load(workspace, date)
        except Problems as exc:   # the data itself is broken: nothing can be rendered
            ws, found = None, list(exc.problems)
        else:
            found = list(ws.warnings) + emblem_warnings(ws)
            for job in api.jobs(ws):
                try:   # and what the writers would get: stylesheet, font files, images
                    api.options(ws, api.render(ws, job.kind, job.code, found))
                except Problems as exc:
                    found.extend(exc.problems)
        unique = sorted(dict.fromkeys(found), key=_by_file)
        if json_out:
            typer.echo(json.dumps([p.as_dict() for p in unique], indent=1, ensure_ascii=False))
        else:
            for problem in unique:
                _err(str(problem))
        errors = [p for p in unique if p.severity == "error" or strict]
        _err(f"{len(errors)} error(s), {len(unique) - len([p for p in unique if p.severity == 'error'])} "
             "warning(s)")
        if errors:
            raise typer.Exit(ExitCode.PROBLEMS)
    _run(go)


@app.command()
def schema(name: str = typer.Argument("region", help="region, legal-bases, rates or settings"),
           output: Path | None = typer.Option(None, "--output", "-o", help="write all schemas into this folder")):
    """Print the JSON Schema of a YAML file kind (for editors), or write all of them with -o."""
    from generator.data.schema import SCHEMAS

    def go():
        if output:
            output.mkdir(parents=True, exist_ok=True)
            for key, model in SCHEMAS.items():
                (output / f"{key}.json").write_text(json.dumps(model.model_json_schema(), indent=1,
                                                               ensure_ascii=False) + "\n")
                typer.echo(str(output / f"{key}.json"))
            return
        if name not in SCHEMAS:
            raise api.UsageError(f"unknown schema '{name}'; schemas: {', '.join(SCHEMAS)}")
        typer.echo(json.dumps(SCHEMAS[name].model_json_schema(), indent=1, ensure_ascii=False))
    _run(go)


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A library's warning as one line a user can read (no source line, no file of ours)."""
    _err(f"warning: {message}")


def _terminated(signum, frame) -> None:
    raise Interrupted(signum)


def main() -> None:
    warnings.showwarning = _one_line_warning
    signal.signal(signal.SIGTERM, _terminated)    # cleaned up as Ctrl-C is (workers reset it)
    try:
        app()
    except KeyboardInterrupt as exc:
        _err("interrupted")
        sys.exit(128 + getattr(exc, "signum", signal.SIGINT))
