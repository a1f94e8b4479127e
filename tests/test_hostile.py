"""Hostile and careless input, each case in a real process: a workspace changed by one attacker's or one
careless user's edit must end with the documented exit code, a message naming the file (and the line where
there is one), no traceback, ``output/`` byte-identical, and nothing created outside ``output/``. ``naskah
check`` must refuse whatever ``build`` refuses. The cases are grouped by the classes of the README's
"Guarantees and limits" table; each runs ``build`` and ``check`` as a user would (``python -m generator``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_workspace, edit, tree_bytes

REGION = "config/regions/63/63.01-tanah-laut.yaml"
PROVINCE = "config/regions/63/63.yaml"


@dataclass
class Case:
    id: str
    change: Callable[[Path], None]     # edits the workspace (its parent folder is the "outside")
    where: str                          # the file (and ":line" where one exists) the message must name
    says: str = ""                      # words the message must hold
    code: int = 1
    env: dict | None = None
    check: bool = True                  # `naskah check` must refuse it too
    args: tuple[str, ...] = ()          # given to `build` and `check` besides -w


def _edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def change(ws: Path) -> None:
        edit(ws, rel, old, new, count)
    return change


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def change(ws: Path) -> None:
        with open(ws / rel, "a", encoding="utf-8") as handle:
            handle.write(text)
    return change


def _write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def change(ws: Path) -> None:
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return change


def _symlink_out(rel: str) -> Callable[[Path], None]:
    """Replace a workspace file by a link to a copy of it outside the workspace."""
    def change(ws: Path) -> None:
        outside = ws.parent / "outside" / Path(rel).name
        outside.parent.mkdir(exist_ok=True)
        shutil.copy(ws / rel, outside)
        (ws / rel).unlink()
        (ws / rel).symlink_to(outside)
    return change


def _fifo(ws: Path) -> None:
    os.mkfifo(ws / "config/regions/63/63.99-pipa.yaml")


def _folder(ws: Path) -> None:
    (ws / "config/regions/63/63.98-folder.yaml").mkdir()


def _emblem_outside(ws: Path) -> None:
    image = ws.parent / "outside" / "lambang.png"
    image.parent.mkdir(exist_ok=True)
    image.write_bytes(_png())
    _edit(REGION, "ibu_kota: Pelaihari", f"ibu_kota: Pelaihari\nlambang: {image}")(ws)


def _emblem_link(ws: Path) -> None:
    image = ws.parent / "outside" / "lambang.png"
    image.parent.mkdir(exist_ok=True)
    image.write_bytes(_png())
    (ws / "config/lambang.png").symlink_to(image)
    _edit(REGION, "ibu_kota: Pelaihari", "ibu_kota: Pelaihari\nlambang: config/lambang.png")(ws)


def _png() -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "gold").save(out, "PNG")
    return out.getvalue()


def _duplicate_name(ws: Path) -> None:
    _edit("config/regions/63/63.02-kotabaru.yaml", "nama: Kotabaru", "nama: Tanah Laut")(ws)


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "{{ (rekomendasi|attr('__class__')) }}",
    "{{ range.__self__ }}",
]

def _rule(text: str) -> Callable[[Path], None]:
    def change(ws: Path) -> None:
        path = ws / "config/monev.yaml"
        source = path.read_text(encoding="utf-8")
        start = source.index("    temuan:")
        end = source.index("\n", start)
        path.write_text(source[:start] + f"    temuan: \"{text}\"" + source[end:], encoding="utf-8")
    return change


def _template(text: str) -> Callable[[Path], None]:
    return _append("templates/partials/monev.xml.j2", "\n" + text + "\n")


CASES = [
    # --- code from data: templates, rule texts and patterns are sandboxed
    *[Case(f"rule-escape-{i}", _rule(text), "config/monev.yaml:", "not allowed") for i, text in enumerate(ESCAPES)],
    *[Case(f"template-escape-{i}", _template(text.replace("rekomendasi", "daerah")),
           "templates/partials/monev.xml.j2:", "__") for i, text in enumerate(ESCAPES)],
    Case("template-memory-bomb", _template("{{ 'x' * 1000000000000 }}"), "templates/partials/monev.xml.j2:",
         "too large"),
    Case("template-range-bomb", _template("{% for i in range(10**12) %}x{% endfor %}"),
         "templates/partials/monev.xml.j2:", "range"),
    Case("template-recursion", _template("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
         "templates/partials/monev.xml.j2:", "recursion"),
    Case("number-pattern-attribute", _edit("config/settings.yaml", 'nomor: "{klasifikasi}/{urut}/{unit}/{tahun}"',
                                           'nomor: "{urut.__class__}/{urut}"'), "config/settings.yaml:", "placeholder"),
    Case("number-pattern-padding", _edit("config/settings.yaml", 'nomor: "{klasifikasi}/{urut}/{unit}/{tahun}"',
                                         'nomor: "{urut:>999999999}/{tahun}"'), "config/settings.yaml:", "placeholder"),
    Case("address-attribute", _edit("config/settings.yaml", "Camat se-{daerah}", "Camat se-{daerah.__class__}"),
         "config/settings.yaml:", "placeholder"),
    # --- paths: nothing outside the workspace is read
    Case("region-symlink-outside", _symlink_out(REGION), REGION, "outside the workspace"),
    Case("settings-symlink-outside", _symlink_out("config/settings.yaml"), "config/settings.yaml",
         "outside the workspace"),
    Case("template-symlink-outside", _symlink_out("templates/partials/monev.xml.j2"),
         "templates/partials/monev.xml.j2", "outside the workspace"),
    Case("emblem-outside", _emblem_outside, REGION, "inside the workspace"),
    Case("emblem-symlink-outside", _emblem_link, REGION, "outside the workspace"),
    Case("region-fifo", _fifo, "config/regions/63/63.99-pipa.yaml", "not a regular file"),
    Case("region-folder", _folder, "config/regions/63/63.98-folder.yaml", "not a regular file"),
    # --- YAML is data only
    Case("python-tag", _append(REGION, 'x: !!python/object/apply:os.system ["touch PWNED"]\n'), REGION + ":",
         "tags are not allowed"),
    Case("python-tag-on-mapping", _append(REGION, "x: !!python/object:os.system {a: 1}\n"), REGION + ":",
         "tags are not allowed"),
    Case("custom-tag", _edit(REGION, "ibu_kota: Pelaihari", "ibu_kota: !kota Pelaihari"), REGION + ":6",
         "tags are not allowed"),
    Case("binary-tag", _edit(REGION, "ibu_kota: Pelaihari", "ibu_kota: !!binary aGVsbG8="), REGION + ":6",
         "tags are not allowed"),
    Case("alias-bomb", _append(REGION, "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                       "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                                       "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                                       "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"), REGION + ":", "alias"),
    Case("merge-key-bomb", _append(REGION, "".join(
        f"m{i}: &m{i}\n  <<: [{', '.join(f'*m{i - 1}' for _ in range(9))}]\n  k{i}: 1\n" if i else "m0: &m0 {k: 1}\n"
        for i in range(12))), REGION + ":", "merge keys"),
    Case("deep-block-nesting", _append(REGION, "deep:\n" + "".join("  " * i + "- \n" for i in range(1, 200))),
         REGION + ":", "nested"),
    Case("deep-flow-nesting", _append(REGION, "deep: " + "[" * 100_000 + "]" * 100_000 + "\n"), REGION + ":",
         "nested"),
    Case("huge-file", _append(REGION, "# " + "x" * 3_000_000 + "\n"), REGION, "bytes"),
    Case("empty-file", _write(REGION, ""), REGION, "empty"),
    Case("yaml-syntax", _edit(REGION, "ibu_kota: Pelaihari", "ibu_kota: Pelaihari: Kota"), REGION + ":6", "quote"),
    Case("not-utf8", _edit(REGION, "ibu_kota: Pelaihari", "ibu_kota: Pela\udcffhari"), REGION + ":6", "UTF-8"),
    Case("raw-nul-byte", _edit(REGION, "ibu_kota: Pelaihari", "ibu_kota: Pela\x00hari"), REGION + ":6", "UTF-8"),
    # --- bad values
    Case("impossible-date", _edit("config/settings.yaml", "tanggal_dokumen: 2026-11-25",
                                  "tanggal_dokumen: 2023-02-30"), "config/settings.yaml:4", "date"),
    Case("huge-integer", _edit(REGION, "jumlah_penyebut: 163698", "jumlah_penyebut: 1" + "0" * 30),
         REGION + ":", "jumlah_penyebut"),
    Case("nan", _edit(REGION, "jumlah_penyebut: 163698", "jumlah_penyebut: 163698\n    persen_dilaporkan: .nan"),
         REGION + ":", "persen_dilaporkan"),
    Case("inf-target", _edit("config/monev.yaml", "cakupan_persen: 50.0", "cakupan_persen: .inf"),
         "config/monev.yaml:", "cakupan_persen"),
    Case("nul-escape", _edit(REGION, "ibu_kota: Pelaihari", 'ibu_kota: "Pela\\0hari"'), REGION + ":6", "character"),
    Case("control-char", _edit(REGION, "ibu_kota: Pelaihari", 'ibu_kota: "Pela\\x01hari"'), REGION + ":6",
         "character"),
    Case("noncharacter", _edit(REGION, "ibu_kota: Pelaihari", 'ibu_kota: "Pela\\uFFFEhari"'), REGION + ":6",
         "character"),
    Case("bidi-override", _edit(REGION, "ibu_kota: Pelaihari", 'ibu_kota: "Pela\\u202Eiraih"'), REGION + ":6",
         "character"),
    Case("long-name", _edit(REGION, "nama: Tanah Laut", "nama: " + "Tanah Laut " * 30), REGION + ":5", "nama"),
    Case("megabyte-name", _edit(REGION, "nama: Tanah Laut", "nama: " + "x" * 1_000_000), REGION + ":5", "nama"),
    Case("duplicate-region-name", _duplicate_name, "config/regions/63/63.02-kotabaru.yaml", "Tanah Laut"),
    Case("tanggal-not-a-date", lambda ws: None, "--tanggal", "YYYY-MM-DD", code=2,
         args=("--tanggal", "yesterday")),
    Case("tanggal-impossible", lambda ws: None, "--tanggal", "'2026-02-30'", code=2,
         args=("--tanggal", "2026-02-30")),
    Case("tanggal-not-iso", lambda ws: None, "--tanggal", "YYYY-MM-DD", code=2, args=("--tanggal", "20261125")),
    Case("tanggal-huge", lambda ws: None, "--tanggal", "YYYY-MM-DD", code=2,
         args=("--tanggal", "99999999999-01-01")),
    Case("tanggal-before-the-data", lambda ws: None, REGION + ":", "after the document date 2020-01-01",
         args=("--tanggal", "2020-01-01")),
    Case("bad-enumeration-in-template", _edit("templates/laporan.xml.j2", 'satuan="%"', 'satuan="kg"'),
         "templates/laporan.xml.j2", "satuan"),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The sample workspace with a JSON build in output/ (what a failing run must leave as it is)."""
    ws = copy_workspace(tmp_path_factory.mktemp("hostile") / "ws")
    _naskah(ws, "build", "-f", "json", check_ok=True)
    return ws


def _naskah(ws: Path, *args: str, env: dict | None = None, check_ok: bool = False):
    proc = subprocess.run([sys.executable, "-m", "generator", *args, "-w", str(ws)], capture_output=True,
                          text=True, timeout=120, cwd=ws.parent, env={**os.environ, **(env or {})})
    if check_ok:
        assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _outside(top: Path) -> dict[str, bytes]:
    """Every file below the case's folder but the workspace's output/ (what a run must not change)."""
    return {p.relative_to(top).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
            for p in sorted(top.rglob("*")) if "output" not in p.relative_to(top).parts[1:2]
}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_cleanly(pristine, tmp_path, case):
    top = tmp_path / "case"
    ws = top / "ws"
    shutil.copytree(pristine, ws, ignore=shutil.ignore_patterns(".naskah.lock"))
    case.change(ws)
    before, outside = tree_bytes(ws / "output"), _outside(top)
    for command in (("build", "-f", "json"), ("check",)) if case.check else (("build", "-f", "json"),):
        started = time.monotonic()
        proc = _naskah(ws, *command, *case.args, env=case.env)
        seconds = time.monotonic() - started
        message = proc.stderr
        assert proc.returncode == case.code, (command, proc.returncode, message[-1500:])
        assert "Traceback" not in message and "internal error" not in message, message[-1500:]
        assert case.where in message, (command, case.where, message[-1500:])
        assert case.says.lower() in message.lower(), (command, case.says, message[-1500:])
        assert seconds < 60, f"{command} took {seconds:.0f} s"
        assert tree_bytes(ws / "output") == before
        assert _outside(top) == outside
    assert not list(top.rglob("PWNED")) and not (ROOT / "PWNED").exists()


def test_a_kabupaten_and_a_kota_of_one_name_are_told_apart_in_charts(workspace):
    """Kabupaten and Kota Bogor are real: the same name for a kabupaten and a kota of one province is data,
    not a fault, and the province report's charts label both in full."""
    from generator import api
    from generator import model as m
    _edit("config/regions/63/63.72-banjarbaru.yaml", "nama: Banjarbaru", "nama: Banjar")(workspace)
    doc = api.render(api.load(workspace), "laporan", "63")
    labels = [label for block in doc.blocks for node in m.walk(block) if isinstance(node, m.Chart)
              and node.kind == "batang" for series in node.series for label, _ in series.points]
    assert "Kabupaten Banjar" in labels and "Kota Banjar" in labels and "Tapin" in labels


def test_a_template_fault_names_the_template_as_the_workspace_has_it(tmp_path):
    """The message names templates/partials/monev.xml.j2 and its line, also when the workspace itself
    lies in a folder called templates (once it said "templates/templates/...")."""
    from generator import api
    from generator.errors import Problems
    ws = copy_workspace(tmp_path / "templates" / "ws")
    _append("templates/partials/monev.xml.j2", "{{ 1 // 0 }}\n")(ws)
    line = (ws / "templates/partials/monev.xml.j2").read_text().count("\n")
    with pytest.raises(Problems) as exc:
        api.render(api.load(ws), "laporan", "63.01")
    assert [p.where for p in exc.value.problems] == [f"templates/partials/monev.xml.j2:{line}"]
    assert "ZeroDivisionError" in str(exc.value)


@pytest.mark.parametrize("epoch", ["0", "1893456000", "yesterday", "99999999999999999"])
def test_source_date_epoch_changes_nothing(pristine, epoch):
    """The document date is tanggal_dokumen (or --tanggal), never the environment: with any
    SOURCE_DATE_EPOCH the pristine build is up to date and `check` finds nothing."""
    for command in (("build", "--check", "-f", "json"), ("check",)):
        proc = _naskah(pristine, *command, env={"SOURCE_DATE_EPOCH": epoch})
        assert proc.returncode == 0, (command, proc.stdout[-1500:], proc.stderr[-1500:])
        assert "SOURCE_DATE_EPOCH" not in proc.stderr
