"""Hostile manifests and shards, output faults and interrupts: each ends with its documented exit code and
one clear line naming the file, never a traceback; output/ stays byte-identical when the run fails, no
staging folder is left, and nothing outside output/ (or a merge's destination) is created or deleted.

Faults are injected in-process (os.replace, Path.write_bytes, os.write raising on the N-th call) and, where
the machine allows, made real in a subprocess: a read-only folder (root without CAP_DAC_OVERRIDE, through
setpriv, since root ignores permission bits), a full disk and another filesystem (a small tmpfs mounted in
a private mount namespace, through unshare), ``output`` being a file, a folder that is a symbolic link."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import api
from generator.batch import publish
from generator.batch.manifest import _outputs_index
from tests.helpers import copy_workspace, invoke, tree_bytes

KEEP = ("63.yaml", "63.01-tanah-laut.yaml", "63.71-banjarmasin.yaml")     # three letters: quick builds
SENTINEL = b"not naskah's to touch\n"
FIRST = "surat-edaran/63.01"
HTML = "surat-edaran/63.01-se-bupati-tanah-laut.html"


@pytest.fixture(scope="module")
def small_built(tmp_path_factory) -> Path:
    """A workspace of one province, a regency and a city, its three Surat Edaran built as HTML."""
    ws = copy_workspace(tmp_path_factory.mktemp("small") / "ws")
    shutil.rmtree(ws / "config/regions/62")
    for path in (ws / "config/regions/63").iterdir():
        if path.name not in KEEP:
            path.unlink()
    assert api.build(ws, ["html"], kinds=["surat-edaran"]).count("built") == 3
    return ws


@pytest.fixture
def ws(small_built, tmp_path) -> Path:
    """A private copy, with a sentinel file inside the workspace and one outside it."""
    dest = tmp_path / "ws"
    shutil.copytree(small_built, dest, symlinks=True)
    (dest / "sentinel.txt").write_bytes(SENTINEL)
    (tmp_path / "sentinel.txt").write_bytes(SENTINEL)
    return dest


def around(ws: Path) -> dict[str, object]:
    """Everything beside the output folder (in the test's folder): paths and the bytes of files."""
    top, out = ws.parent, ws / "output"
    return {p.relative_to(top).as_posix(): p.read_bytes() if p.is_file() and not p.is_symlink() else p.is_dir()
            for p in top.rglob("*") if p != out and out not in p.parents}


class Unchanged:
    """Asserts at the end that output/ is byte-identical, that no staging folder is left and that nothing
    beside it was created, changed or deleted."""

    def __init__(self, ws: Path):
        self.ws, self.output, self.around = ws, tree_bytes(ws / "output"), around(ws)

    def check(self, output: bool = True) -> None:
        if output:
            assert tree_bytes(self.ws / "output") == self.output
        assert not list((self.ws / "output").glob(publish.STAGING + "*"))
        assert around(self.ws) == self.around


def naskah(*args: str, ws: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The real command in a subprocess (faults that need one, signals)."""
    return subprocess.run([*prefix, sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          timeout=300, cwd=ws)


def messages(stderr: str) -> list[str]:
    """The lines of stderr but the progress lines ("[2/3] built ...")."""
    return [line for line in stderr.splitlines() if not line.startswith("[")]


def manifest(ws: Path) -> dict:
    return json.loads((ws / "output" / publish.MANIFEST).read_text())


def write_manifest(ws: Path, data) -> None:
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    path = ws / "output" / publish.MANIFEST
    path.unlink()
    path.write_bytes(text.encode() if isinstance(text, str) else text)


# ------------------------------------------------------------------------------------------ 1. manifests

def _gone_doc(path: str):
    """A valid manifest, but for a document no longer in the workspace (so the build would remove its
    output) whose output is ``path``: only the path is hostile."""
    def make(data: dict, ws: Path) -> dict:
        record = dict(data["documents"][FIRST], region="99.99",
                      outputs={path.replace("ABS", str(ws.parent)): {"sha256": "0" * 64, "bytes": 22}})
        data["documents"]["surat-edaran/99.99"] = record
        data["outputs"] = _outputs_index(data["documents"])
        return data
    return make


def _set(*keys, value):
    def make(data: dict, ws: Path) -> dict:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
        return data
    return make


HOSTILE = {
    "dotdot": _gone_doc("../sentinel.txt"),
    "absolute": _gone_doc("ABS/sentinel.txt"),
    "dotdot-inside": _gone_doc("surat-edaran/../../sentinel.txt"),
    "dotdot-deep": _gone_doc("surat-edaran/../../../sentinel.txt"),
    "nul": _gone_doc("surat-edaran/x\0.html"),
    "backslash": _gone_doc("surat-edaran\\..\\..\\sentinel.txt"),
    "empty": _gone_doc(""),
    "hidden": _gone_doc("surat-edaran/.naskah.lock"),
    "other-kind": _gone_doc("perkada/x.html"),
    "the-manifest": _gone_doc("manifest.json"),
    "list": lambda data, ws: [data],
    "string": lambda data, ws: "documents",
    "number": lambda data, ws: 5,
    "null": lambda data, ws: None,
    "old-version": _set("version", value=1),
    "version-string": _set("version", value="2"),
    "no-documents": lambda data, ws: {"version": 2},
    "documents-list": _set("documents", value=[FIRST]),
    "record-string": _set("documents", FIRST, value="x"),
    "outputs-list": _set("documents", FIRST, "outputs", value=[HTML]),
    "output-number": _set("documents", FIRST, "outputs", HTML, value=5),
    "bytes-string": _set("documents", FIRST, "outputs", HTML, "bytes", value="5"),
    "sha-null": _set("documents", FIRST, "outputs", HTML, "sha256", value=None),
    "declared-string": _set("documents", FIRST, "declared", value="config/settings.yaml"),
    "declared-number": _set("documents", FIRST, "declared", value=[5]),
    "input-outside": _set("documents", FIRST, "inputs", "../sentinel.txt", value="x"),
    "input-absolute": _set("documents", FIRST, "inputs", "/etc/hostname", value="x"),
    "input-hash-number": _set("documents", FIRST, "inputs", "config/settings.yaml", value=5),
    "toolchain-number": _set("documents", FIRST, "toolchain", value=5),
    "date-number": _set("documents", FIRST, "tanggal", value=20261125),
    "date-impossible": _set("documents", FIRST, "tanggal", value="2026-02-30"),
    "date-not-iso": _set("documents", FIRST, "tanggal", value="25-11-2026"),
    "kind-mismatch": _set("documents", FIRST, "kind", value="perkada"),
    "bad-id": lambda data, ws: {**data, "documents": {"../../x": data["documents"][FIRST]}},
    "shard-zero": _set("shard", value="0/2"),
    "shard-number": _set("shard", value=2),
    "index-mismatch": _set("outputs", value={}),
    "not-json": lambda data, ws: "{",
    "not-utf8": lambda data, ws: b"\xff\xfe{}",
    "deep": lambda data, ws: "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_manifest_is_one_warning_and_a_full_rebuild(ws, case):
    write_manifest(ws, HOSTILE[case](manifest(ws), ws))
    before = Unchanged(ws)
    result = invoke("build", "-w", str(ws), "-k", "surat-edaran", "-f", "html")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "manifest.json" in warnings[0] and "rebuilding everything" in warnings[0]
    assert "3 built, 0 up to date" in result.stderr
    before.check(output=False)                  # the sentinels are there, nothing beside output/ changed
    after = tree_bytes(ws / "output")
    assert {rel: data for rel, data in after.items() if rel != "manifest.json"} == \
        {rel: data for rel, data in before.output.items() if rel != "manifest.json"}
    assert set(manifest(ws)["documents"]) == {"surat-edaran/63", "surat-edaran/63.01", "surat-edaran/63.71"}


@pytest.mark.parametrize("what", ["directory", "fifo", "symlink"])
def test_a_manifest_that_is_not_a_regular_file_is_not_followed(ws, what):
    path = ws / "output" / publish.MANIFEST
    path.unlink()
    if what == "directory":
        path.mkdir()
    elif what == "fifo":
        os.mkfifo(path)             # reading it would wait for a writer for ever: if read, end it in 5 s
        threading.Timer(5, _end_fifo, [path]).start()
    else:
        path.symlink_to(ws.parent / "sentinel.txt")
    result = invoke("build", "-w", str(ws), "-k", "surat-edaran", "-f", "html", "--check")
    assert result.exit_code == 4 and "manifest.json: not a regular file" in result.stderr
    assert (ws.parent / "sentinel.txt").read_bytes() == SENTINEL


def _end_fifo(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:                 # nobody is reading it: as it should be
        pass


def test_a_recorded_output_through_a_symlink_leading_outside_is_not_deleted(ws, tmp_path):
    """A valid manifest whose removed document's output lies in a folder that is a symbolic link to
    elsewhere: skipped, with a warning naming it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.html").write_bytes(SENTINEL)
    (ws / "output" / "surat-edaran" / "link").symlink_to(elsewhere)
    write_manifest(ws, _gone_doc("surat-edaran/link/x.html")(manifest(ws), ws))
    before = Unchanged(ws)
    result = invoke("build", "-w", str(ws), "-k", "surat-edaran", "-f", "html")
    assert result.exit_code == 0, result.output
    assert "link/x.html: recorded in the manifest, but a folder on its way leads outside" in result.stderr
    assert (elsewhere / "x.html").read_bytes() == SENTINEL
    before.check(output=False)
    assert "surat-edaran/99.99" not in manifest(ws)["documents"]


def test_a_stale_format_is_deleted_only_inside_output(ws):
    """Outputs no longer built (another format) go; the manifest recorded them, and they are inside."""
    result = invoke("build", "-w", str(ws), "-k", "surat-edaran", "-f", "json")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (ws / "output" / "surat-edaran").iterdir())
    assert names and all(name.endswith(".json") for name in names)
    assert (ws / "sentinel.txt").read_bytes() == SENTINEL


# ------------------------------------------------------------------------------------------ 2. merge

@pytest.fixture
def shard(ws, tmp_path) -> Path:
    """A shard's output folder (a copy of the small build) and a sentinel beside it."""
    src = tmp_path / "shard"
    shutil.copytree(ws / "output", src)
    return src


@pytest.mark.parametrize("path", ["../sentinel.txt", "ABS/sentinel.txt", "surat-edaran/../../sentinel.txt"])
def test_merge_refuses_a_shard_manifest_naming_foreign_paths(shard, tmp_path, path):
    data = json.loads((shard / publish.MANIFEST).read_text())
    (shard / publish.MANIFEST).write_text(json.dumps(_gone_doc(path)(data, shard)))
    before = around(shard)
    result = invoke("merge", str(tmp_path / "dest"), str(shard))
    assert result.exit_code == 1
    assert str(shard / publish.MANIFEST) in result.stderr
    assert json.dumps(path.replace("ABS", str(tmp_path))) in result.stderr
    assert not (tmp_path / "dest").exists() and around(shard) == before


@pytest.mark.parametrize("content", [None, "{", "[]", '{"version": 2, "documents": {"x": 1}}'])
def test_merge_of_a_missing_or_malformed_shard_manifest_is_exit_1(shard, tmp_path, content):
    (shard / publish.MANIFEST).unlink()
    if content is not None:
        (shard / publish.MANIFEST).write_text(content)
    good = tmp_path / "good"
    shutil.copytree(tmp_path / "ws" / "output", good)
    result = invoke("merge", str(tmp_path / "dest"), str(good), str(shard))
    assert result.exit_code == 1 and str(shard / publish.MANIFEST) in result.stderr
    assert not (tmp_path / "dest").exists()              # the good shard's files were not written either


def test_merge_reads_nothing_through_a_symlink_leading_outside_its_shard(shard, tmp_path):
    target = shard / HTML
    (tmp_path / "outside.html").write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(tmp_path / "outside.html")
    result = invoke("merge", str(tmp_path / "dest"), str(shard))
    assert result.exit_code == 1 and "leads outside" in result.stderr and HTML in result.stderr
    assert not (tmp_path / "dest").exists()


def test_merged_files_keep_the_mode_a_build_gives(ws, shard, tmp_path):
    """Not the 0600 of mkstemp: what open() gives, 0666 less the umask, as the built documents have."""
    umask = os.umask(0o022)
    os.umask(umask)
    result = invoke("merge", str(tmp_path / "dest"), str(shard))
    assert result.exit_code == 0, result.output
    built = (ws / "output" / HTML).stat().st_mode & 0o777
    assert built == 0o666 & ~umask
    for rel in (HTML, publish.MANIFEST):
        assert (tmp_path / "dest" / rel).stat().st_mode & 0o777 == built, rel
    assert (tmp_path / "dest" / HTML).read_bytes() == (shard / HTML).read_bytes()
    assert not list((tmp_path / "dest").glob(publish.STAGING + "*"))


# ------------------------------------------------------------------------------------------ 3. output faults

def _fail_on(monkeypatch, owner, name: str, code: int, nth: int) -> None:
    """Make ``owner.name`` raise OSError(code) on its ``nth`` call."""
    real, calls = getattr(owner, name), []

    def fake(*args, **kwargs):
        calls.append(args)
        if len(calls) == nth:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)
    monkeypatch.setattr(owner, name, fake)


def _force(ws: Path, *more: str):
    return invoke("build", "-w", str(ws), "-k", "surat-edaran", "-f", "html", "--force", "-j", "1", *more)


@pytest.mark.parametrize("nth", [1, 2, 3, 5, 6])
@pytest.mark.parametrize("code", [errno.EROFS, errno.EXDEV, errno.ENOSPC])
def test_a_publish_that_fails_at_any_step_is_rolled_back(ws, monkeypatch, code, nth):
    """One document removed, two replaced: five renames (the removed file aside; each old file aside, then
    the new one in) and the manifest's. A failure at any of them leaves output/ as it was."""
    (ws / "config/regions/63/63.71-banjarmasin.yaml").unlink()    # and one removed in the same transaction
    before = Unchanged(ws)
    _fail_on(monkeypatch, os, "replace", code, nth)
    result = _force(ws)
    assert result.exit_code == 3, result.output
    assert os.strerror(code) in result.stderr and "nothing was published" in result.stderr
    assert len(messages(result.stderr)) == 1
    assert "output/surat-edaran/" in result.stderr or "output/manifest.json" in result.stderr
    before.check()


def test_a_full_disk_while_staging_is_exit_3_not_an_internal_error(ws, monkeypatch):
    before = Unchanged(ws)
    _fail_on(monkeypatch, Path, "write_bytes", errno.ENOSPC, 2)
    result = _force(ws)
    assert result.exit_code == 3, result.output
    assert "No space left on device" in result.stderr and publish.STAGING in result.stderr
    assert "internal error" not in result.stderr
    before.check()


def test_a_full_disk_while_writing_the_manifest_rolls_back(ws, monkeypatch):
    (ws / "config/regions/63/63.71-banjarmasin.yaml").unlink()    # its letter comes back with the rollback
    before = Unchanged(ws)
    _fail_on(monkeypatch, os, "write", errno.ENOSPC, 1)
    result = _force(ws)
    assert result.exit_code == 3, result.output
    assert "manifest.json: cannot write: No space left on device" in result.stderr
    before.check()
    assert not list((ws / "output").glob(".manifest.json.*"))


def test_an_output_failure_with_workers_is_exit_3(ws, monkeypatch):
    """With two workers (forked: they inherit the injected fault) a staged file cannot be written."""
    before = Unchanged(ws)
    _fail_on(monkeypatch, Path, "write_bytes", errno.EROFS, 1)
    result = invoke("build", "-w", str(ws), "-k", "surat-edaran", "-f", "html", "--force", "-j", "2")
    assert result.exit_code == 3, result.output
    assert "Read-only file system" in result.stderr
    before.check()


def test_the_report_is_written_when_the_outputs_are_not(ws, monkeypatch, tmp_path):
    _fail_on(monkeypatch, os, "replace", errno.EROFS, 1)
    result = _force(ws, "--report", str(tmp_path / "build.json"))
    assert result.exit_code == 3
    data = json.loads((tmp_path / "build.json").read_text())
    assert data["summary"]["built"] == 0 and data["summary"]["discarded"] == 3


@pytest.mark.parametrize("folder", ["output", "output/surat-edaran"])
def test_output_being_a_file_is_exit_3(ws, folder):
    shutil.rmtree(ws / folder)
    (ws / folder).write_bytes(SENTINEL)
    before = Unchanged(ws) if folder != "output" else None
    outside = around(ws)
    result = naskah("build", "-k", "surat-edaran", "-f", "html", ws=ws)
    assert result.returncode == 3, result.stderr
    assert f"{folder}: is a file, not a folder" in result.stderr and "Traceback" not in result.stderr
    assert len(messages(result.stderr)) == 1
    assert around(ws) == outside and (ws / folder).read_bytes() == SENTINEL
    if before:
        before.check()


def test_an_output_folder_that_is_a_symlink_leading_outside_is_refused(ws, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (ws / "output" / "surat-edaran").rename(elsewhere)
    (ws / "output" / "surat-edaran").symlink_to(elsewhere)
    before = Unchanged(ws)
    result = naskah("build", "-k", "surat-edaran", "-f", "html", "--force", ws=ws)
    assert result.returncode == 3, result.stderr
    assert "surat-edaran/63" in result.stderr and "symbolic link leading outside" in result.stderr
    assert "Traceback" not in result.stderr
    before.check()                       # elsewhere/ is beside output/: byte-identical too


def _can(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


NO_DAC = ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner")
needs_no_dac = pytest.mark.skipif(not (os.geteuid() == 0 and _can(*NO_DAC, "true")),
                                  reason="a real read-only folder needs root and setpriv (to drop "
                                         "CAP_DAC_OVERRIDE)")
needs_mounts = pytest.mark.skipif(not _can("unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"),
                                  reason="real full disks and other filesystems need unshare and mount (root)")


@needs_no_dac
@pytest.mark.parametrize("folder", ["output/surat-edaran", "output"])
def test_a_real_read_only_folder_is_exit_3(ws, folder):
    before = Unchanged(ws)
    (ws / folder).chmod(0o555)
    try:
        result = naskah("build", "-k", "surat-edaran", "-f", "html", "--force", "-j", "2", ws=ws, prefix=NO_DAC)
    finally:
        (ws / folder).chmod(0o755)
    assert result.returncode == 3, result.stderr
    assert "Permission denied" in result.stderr and f"{folder}/" in result.stderr
    assert "Traceback" not in result.stderr and len(messages(result.stderr)) == 1
    before.check()


MOUNTED = """set -e
mount -t tmpfs -o size="$3" tmpfs "$1"
cp -a "$2"/. "$1"/
cd "$4"
set +e
"$5" -m generator build -k surat-edaran -f html --force -j 2 2>"$6/stderr"
echo $? > "$6/rc"
cp -a "$1" "$6/after"
"""


@needs_mounts
@pytest.mark.parametrize("where, size", [("output/surat-edaran", "4m"), ("output", "snug")])
def test_a_real_full_disk_or_other_filesystem_is_exit_3(ws, tmp_path, where, size):
    """A tmpfs mounted (in a private mount namespace) on output/surat-edaran: the staging folder is on
    another filesystem (EXDEV). On the whole output/, and small ("snug": what the output holds, in 4 KiB
    blocks, and 16 KiB more): the staged files do not fit (ENOSPC)."""
    before, saved = Unchanged(ws), tmp_path / "saved"
    shutil.copytree(ws / where, saved / "before")
    if size == "snug":
        blocks = sum(-(-p.stat().st_size // 4096) + 1 for p in (saved / "before").rglob("*"))
        size = f"{4 * blocks + 16}k"
    subprocess.run(["unshare", "-m", "sh", "-c", MOUNTED, "sh", str(ws / where), str(saved / "before"), size,
                    str(ws), sys.executable, str(saved)], check=True, timeout=300, cwd=tmp_path)
    stderr, rc = (saved / "stderr").read_text(), int((saved / "rc").read_text())
    assert rc == 3, stderr
    assert ("Invalid cross-device link" if where.endswith("edaran") else "No space left on device") in stderr
    assert "Traceback" not in stderr and len(messages(stderr)) == 1
    assert tree_bytes(saved / "after") == tree_bytes(saved / "before")    # what was in the mount
    shutil.rmtree(saved)
    before.check()                                                        # the rest (and under the mount)


# ------------------------------------------------------------------------------------------ 4. interrupts

def _start(ws: Path, *more: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "-w", str(ws), "-k", "surat-edaran",
                             *more], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@pytest.mark.parametrize("signum, group, jobs, code", [
    (signal.SIGINT, True, "2", 130),        # Ctrl-C on a terminal: the whole process group
    (signal.SIGINT, False, "2", 130),       # to the main process only
    (signal.SIGTERM, False, "2", 143),
    (signal.SIGINT, True, "1", 130),        # one process
])
def test_an_interrupted_build_publishes_nothing_and_says_so(tmp_path, signum, group, jobs, code):
    ws = copy_workspace(tmp_path / "ws")
    assert api.build(ws, ["html"], kinds=["surat-edaran"]).count("built") == 29
    before = Unchanged(ws)
    proc = _start(ws, "-f", "pdf,docx", "-j", jobs)        # long enough to be stopped half way
    deadline = time.monotonic() + 120
    while not list((ws / "output").glob(publish.STAGING + "*/surat-edaran/*.pdf")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    if signum == signal.SIGINT and group:
        busy = naskah("build", "-w", str(ws), "-k", "surat-edaran", "-f", "html", ws=ws)
        assert busy.returncode == 75 and "another naskah build is writing" in busy.stderr
    (os.killpg if group else os.kill)(proc.pid, signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert messages(err) == ["interrupted: nothing was published"]
    before.check()
    assert not _session(proc.pid)                                   # no worker left behind
    after = api.build(ws, ["html"], kinds=["surat-edaran"])          # the next build works
    assert after.count("up-to-date") == 29
    before.check()


def _session(sid: int) -> list[int]:
    """The processes still in the session the build started (its workers, were any left)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:
            found.append(int(stat.parent.name))
    return found
