"""Fuzzing the input: mutations of the sample YAML that make it invalid must give a clean error naming a
file (no traceback), a non-zero exit, and leave output/ byte-for-byte unchanged. Odd but valid strings
must come out literally. Bounded in CI; NASKAH_FUZZ_EXAMPLES=500 for a longer run."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator import api
from generator.cli import app
from generator.data.schema import SCHEMAS
from generator.untrusted import bad_character
from tests.helpers import copy_workspace, tree_bytes

EXAMPLES = int(os.environ.get("NASKAH_FUZZ_EXAMPLES", "25"))
TARGETS = ["config/regions/63/63.01-tanah-laut.yaml", "config/regions/62/62.yaml",
           "config/legal-bases.yaml", "config/rates.yaml", "config/monev.yaml", "config/settings.yaml"]
runner = CliRunner()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    ws = copy_workspace(tmp_path_factory.mktemp("fuzz") / "ws")
    assert runner.invoke(app, ["render", "perkada", "63.01", "-f", "json", "-w", str(ws)]).exit_code == 0
    return ws


def _paths(data, prefix=()):
    """Every (path, value) in the data, containers included."""
    yield prefix, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _delete(data, path):
    for key in path[:-1]:
        data = data[key]
    del data[path[-1]]


BAD_FOR_NUMBER = st.one_of(st.text(min_size=1, max_size=8).filter(lambda s: not s.strip().lstrip("-").isdigit()),
                           st.lists(st.integers(), min_size=1, max_size=3), st.integers(max_value=-1),
                           st.just({"x": 1}))
BAD_FOR_TEXT = st.one_of(st.lists(st.text(max_size=5), min_size=1, max_size=3), st.just({"x": "y"}))
BROKEN = st.sampled_from(["key: [unclosed\n", "a: b: c\n", "- item\nkey: value\n", "\tkey: tab\n",
                          "key: {a: 1\n", "? [a, b\n", "x: *undefined\n", "\x00\n"])


@st.composite
def mutation(draw):
    target = draw(st.sampled_from(TARGETS))
    how = draw(st.sampled_from(["number", "text", "delete", "extra", "broken"]))
    return target, how, draw(st.randoms(use_true_random=False)), draw(BAD_FOR_NUMBER), draw(BAD_FOR_TEXT), \
        draw(BROKEN), draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12))


def apply(ws: Path, target: str, how: str, rnd, bad_number, bad_text, broken: str, word: str) -> bool:
    """Mutate one file; False when this mutation has nothing to act on in that file."""
    path = ws / target
    text = path.read_text()
    if how == "broken":
        lines = text.splitlines(keepends=True)
        at = rnd.randrange(len(lines) + 1)
        path.write_text("".join(lines[:at]) + broken + "".join(lines[at:]))
        return True
    data = yaml.safe_load(text)
    entries = list(_paths(data))
    schema = SCHEMAS[_schema_name(target)].model_json_schema()
    if how == "number":
        choices = [p for p, v in entries if p and isinstance(v, int) and not isinstance(v, bool)
                   and _strictly_numeric(schema, p)]
        if not choices:
            return False
        _set(data, rnd.choice(choices), bad_number)
    elif how == "text":
        choices = [p for p, v in entries if p and isinstance(v, str) and p[-1] not in ("sumber", "bukti")]
        if not choices:
            return False
        _set(data, rnd.choice(choices), bad_text)
    elif how == "delete":
        choices = [p for p, v in entries if p and isinstance(p[-1], str) and _required(schema, p)]
        if not choices:
            return False
        _delete(data, rnd.choice(choices))
    elif how == "extra":
        dicts = [p for p, v in entries if isinstance(v, dict) and v and not (p and p[-1] in ("dasar", "checklist",
                                                                                           "per_provinsi", "unit"))]
        chosen = rnd.choice(dicts)
        node = data
        for key in chosen:
            node = node[key]
        node["zz_" + word] = 1
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return True


def _schema_name(target: str) -> str:
    return "region" if "/regions/" in target else Path(target).stem


def _resolve(schema: dict, node: dict) -> list[dict]:
    """The object schemas a node may be (following $ref and anyOf)."""
    if "$ref" in node:
        return _resolve(schema, schema["$defs"][node["$ref"].split("/")[-1]])
    if "anyOf" in node:
        return [x for option in node["anyOf"] for x in _resolve(schema, option)]
    return [node]


def _field(schema: dict, path: tuple) -> list[dict]:
    """The schema options of the field at ``path``."""
    parents = _parents(schema, path)
    key = path[-1]
    out = []
    for node in parents:
        if isinstance(key, str) and key in node.get("properties", {}):
            out += _resolve(schema, node["properties"][key])
    return out


def _strictly_numeric(schema: dict, path: tuple) -> bool:
    """A number field that accepts no text and has a lower bound: a string, a list, a dict or a negative
    number there is always invalid."""
    options = [o for o in _field(schema, path) if o.get("type") != "null"]
    return bool(options) and all(o.get("type") in ("integer", "number") and
                                 ("minimum" in o or "exclusiveMinimum" in o) for o in options)


def _parents(schema: dict, path: tuple) -> list[dict]:
    nodes = _resolve(schema, schema)
    for key in path[:-1]:
        following = []
        for node in nodes:
            if isinstance(key, int) and "items" in node:
                following += _resolve(schema, node["items"])
            elif isinstance(key, str) and key in node.get("properties", {}):
                following += _resolve(schema, node["properties"][key])
            elif isinstance(key, str) and isinstance(node.get("additionalProperties"), dict):
                following += _resolve(schema, node["additionalProperties"])
        nodes = following
    return nodes


def _required(schema: dict, path: tuple) -> bool:
    """Is the last key of ``path`` a required field of its parent, by the JSON Schema?"""
    nodes = _parents(schema, path)
    return bool(nodes) and all(path[-1] in node.get("required", ()) for node in nodes)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(mutation())
def test_invalid_input_is_refused_cleanly(pristine, tmp_path_factory, mut):
    ws = tmp_path_factory.mktemp("case") / "ws"
    shutil.copytree(pristine, ws)
    before = tree_bytes(ws / "output")
    if not apply(ws, *mut):
        return
    result = runner.invoke(app, ["build", "-f", "json", "-w", str(ws)])
    assert result.exit_code == 1, (mut[:2], result.output[-500:])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert any(t.split("/")[-1] in result.stderr for t in TARGETS), result.stderr[-500:]
    assert tree_bytes(ws / "output") == before


ODD = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and len(s.strip()) >= 2 and bad_character(s) is None)


@settings(max_examples=max(5, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ODD)
def test_odd_strings_are_rendered_literally(pristine, tmp_path_factory, odd):
    ws = tmp_path_factory.mktemp("odd") / "ws"
    shutil.copytree(pristine, ws)
    region = ws / "config/regions/63/63.01-tanah-laut.yaml"
    data = yaml.safe_load(region.read_text())
    data["ibu_kota"] = odd
    region.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    report = api.build(ws, formats_=("json",), kinds=["perkada"], codes=["63.01"])
    (out,) = report.built
    assert (ws / "output" / out).resolve().is_relative_to((ws / "output").resolve())
    model = json.loads((ws / "output" / out).read_text())
    lines = [line for block in model["blocks"] if block["node"] == "SignatureBlock" for line in block.get("lines", [])]
    assert f"Ditetapkan di {odd}" in lines


def test_names_from_data_cannot_escape_the_output_folder(pristine, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(pristine, ws)
    region = ws / "config/regions/63/63.01-tanah-laut.yaml"
    region.write_text(region.read_text().replace("nama: Tanah Laut", "nama: ../../../etc/passwd ☃ Ωmega"))
    report = api.build(ws, formats_=("json",), kinds=["perkada"], codes=["63.01"])
    (out,) = report.built
    assert out == "perkada/63.01-perbup-etc-passwd-mega.json"
    assert (ws / "output" / out).is_file()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(st.text(min_size=2, max_size=40))
def test_any_text_is_printed_literally_or_refused_with_its_line(pristine, tmp_path_factory, value):
    """Any string at all (controls, bidi controls, noncharacters included) in a name: either the document
    shows exactly that string, or the build refuses it naming the file and line; never a crash."""
    ws = tmp_path_factory.mktemp("any") / "ws"
    shutil.copytree(pristine, ws)
    before = tree_bytes(ws / "output")
    region = ws / "config/regions/63/63.01-tanah-laut.yaml"
    data = yaml.safe_load(region.read_text())
    data["ibu_kota"] = value
    region.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False))
    line = next(i for i, text in enumerate(region.read_text().splitlines(), 1) if text.startswith("ibu_kota:"))
    result = runner.invoke(app, ["build", "-f", "json", "-k", "perkada", "-w", str(ws)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 0:      # as the data says (XML white space between words is one space)
        assert bad_character(value) is None and not set("\t\r\n") & set(value)
        value = re.sub(" +", " ", value.strip())
        model = json.loads((ws / "output/perkada/63.01-perbup-tanah-laut.json").read_text())
        lines = [line for block in model["blocks"] if block["node"] == "SignatureBlock"
                 for line in block.get("lines", [])]
        assert f"Ditetapkan di {value}" in lines
    else:
        assert result.exit_code == 1, result.output[-500:]
        assert f"63.01-tanah-laut.yaml:{line}" in result.stderr, result.stderr[-500:]
        assert tree_bytes(ws / "output") == before


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=200), st.integers(min_value=0, max_value=10_000))
def test_any_bytes_in_a_data_file_are_read_or_refused_cleanly(pristine, tmp_path_factory, junk, at):
    """Bytes of any kind spliced into a region file: the run ends 0 or 1, never with a traceback, and a
    refusal names the file."""
    ws = tmp_path_factory.mktemp("bytes") / "ws"
    shutil.copytree(pristine, ws)
    before = tree_bytes(ws / "output")
    region = ws / "config/regions/63/63.01-tanah-laut.yaml"
    raw = region.read_bytes()
    at = min(at, len(raw))
    region.write_bytes(raw[:at] + junk + raw[at:])
    result = runner.invoke(app, ["build", "-f", "json", "-k", "perkada", "-w", str(ws)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output[-500:]
    if result.exit_code == 1:
        assert "63.01-tanah-laut.yaml" in result.stderr, result.stderr[-500:]
        assert tree_bytes(ws / "output") == before
