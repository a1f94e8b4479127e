"""output/manifest.json: what earlier builds published, one record per document (its declared and recorded
inputs with their content hashes, the toolchain, the document date, its outputs), plus an index of every
output file. The manifest is input, not trusted: it may have been damaged, edited or planted (it travels
in caches and artifacts), so it is checked whole when read (:func:`check_manifest`), and written in one
piece by the publish (:func:`manifest_bytes`)."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import stat
from pathlib import Path

from generator.batch import publish
from generator.errors import Problem

MANIFEST_VERSION = 2
DOC_ID = re.compile(r"[a-z][a-z-]*/[0-9a-z][0-9a-z.]*")     # kind/code, as the report schema has it
SHARD = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ManifestError(ValueError):
    """What is wrong with a manifest (the caller names the file)."""


def document_record(doc, declared: list[str], inputs: dict[str, str], toolchain: str, date: str,
                    outputs: dict[str, dict]) -> dict:
    """The manifest's record of one document (``doc``: a pipeline.Doc) as a build published it: ``date``
    is the document date it carries (ISO), ``outputs`` each file's sha256 and bytes."""
    return {"kind": doc.kind, "region": doc.code, "declared": declared, "inputs": inputs,
            "toolchain": toolchain, "tanggal": date, "outputs": outputs}


def load_manifest(folder: Path) -> dict:
    """The manifest of ``folder``, checked whole (:func:`check_manifest`). Raises FileNotFoundError when
    there is none, ManifestError when it is not one this version wrote."""
    path = folder / publish.MANIFEST
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise FileNotFoundError(path) from None
    except OSError as exc:
        raise ManifestError(f"cannot read it: {exc.strerror}") from None
    if not stat.S_ISREG(mode):              # a link to elsewhere, a FIFO that would never end, a folder
        raise ManifestError("not a regular file")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ManifestError(f"cannot read it: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"not valid JSON ({exc})") from None
    return check_manifest(data)


def check_manifest(data) -> dict:
    """``data`` if it has the shape the build relies on, else ManifestError naming the first fault: the
    types of every field, ids of the form kind/code, the document date a calendar date (a record written
    before dates were recorded has none: its document is stale), and every path relative, normalised and
    inside its folder (outputs under their kind's folder, never a hidden file such as the lock or the
    staging)."""
    def fail(where: str, what: str):
        raise ManifestError(f"{where}: {what}")

    def expect(value, kind: type, where: str):
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            fail(where, f"expected {kind.__name__}, got {json.dumps(value)[:80]}")
        return value

    def path(value, where: str, output_of: str = "") -> str:
        parts = value.split("/") if isinstance(value, str) else []
        ok = (bool(parts) and "\0" not in value and "\\" not in value and not value.startswith("/")
              and posixpath.normpath(value) == value and ".." not in parts)
        if ok and output_of:
            ok = parts[0] == output_of and len(parts) > 1 and not any(p.startswith(".") for p in parts)
        if not ok:
            fail(where, f"{json.dumps(value)[:120]} is not a relative path under "
                        f"{output_of + '/ in the output folder' if output_of else 'the workspace'}")
        return value

    def date(value, where: str) -> None:
        if DATE.fullmatch(expect(value, str, where)):
            try:
                dt.date.fromisoformat(value)
                return
            except ValueError:              # 2026-02-30
                pass
        fail(where, f"{json.dumps(value)[:40]} is not a date (YYYY-MM-DD)")

    expect(data, dict, "the manifest")
    if data.get("version") != MANIFEST_VERSION:
        fail("version", f"{json.dumps(data.get('version'))[:20]}, this naskah reads version {MANIFEST_VERSION}")
    shard = data.get("shard")
    if shard is not None and not (isinstance(shard, str) and (m := SHARD.fullmatch(shard))
                                  and int(m[1]) <= int(m[2])):
        fail("shard", f"{json.dumps(shard)[:40]} is not K/N")
    seen: dict[str, str] = {}
    for doc_id, record in expect(data.get("documents"), dict, "documents").items():
        where = f"documents.{json.dumps(doc_id)[:80]}"
        if not DOC_ID.fullmatch(doc_id):
            fail(where, "not a document id (kind/code)")
        kind, code = doc_id.split("/")
        expect(record, dict, where)
        if record.get("kind") != kind or record.get("region") != code:
            fail(where, "its kind and region do not match its id")
        expect(record.get("toolchain"), str, f"{where}.toolchain")
        if "tanggal" in record:
            date(record["tanggal"], f"{where}.tanggal")
        for i, rel in enumerate(expect(record.get("declared"), list, f"{where}.declared")):
            path(rel, f"{where}.declared[{i}]")
        for rel, digest in expect(record.get("inputs"), dict, f"{where}.inputs").items():
            expect(digest, str, f"{where}.inputs.{path(rel, f'{where}.inputs')}")
        for rel, info in expect(record.get("outputs"), dict, f"{where}.outputs").items():
            path(rel, f"{where}.outputs", output_of=kind)
            expect(expect(info, dict, f"{where}.outputs.{rel}").get("sha256"), str, f"{where}.outputs.{rel}.sha256")
            expect(info.get("bytes"), int, f"{where}.outputs.{rel}.bytes")
            if rel in seen:
                fail(f"{where}.outputs.{rel}", f"also an output of {seen[rel]}")
            seen[rel] = doc_id
    if data.get("outputs") != _outputs_index(data["documents"]):
        fail("outputs", "does not match the outputs of the documents")
    return data


def read_manifest(out_dir: Path, warnings: list | None = None) -> dict:
    """The documents recorded by earlier builds: {} when there is no manifest, and also when it is not
    one this version wrote (a warning goes to ``warnings``; everything is then rebuilt)."""
    try:
        return load_manifest(out_dir)["documents"]
    except FileNotFoundError:
        return {}
    except ManifestError as exc:
        if warnings is not None:
            warnings.append(Problem(f"{exc}; ignoring it and rebuilding everything",
                                    str(out_dir / publish.MANIFEST), severity="warning"))
        return {}


def _outputs_index(documents: dict) -> dict:
    """The manifest's second view: every output file with its document (for people and other tools)."""
    return {rel: {"document": doc_id, **info} for doc_id, record in sorted(documents.items())
            for rel, info in sorted(record["outputs"].items())}


def manifest_bytes(documents: dict[str, dict], shard: tuple[int, int] | None = None) -> bytes:
    data = {"generator": "naskah", "version": MANIFEST_VERSION,
            "shard": f"{shard[0] + 1}/{shard[1]}" if shard else None,
            "documents": dict(sorted(documents.items())), "outputs": _outputs_index(documents)}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
