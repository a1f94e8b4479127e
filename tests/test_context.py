"""The template context: typed, documented field by field, the same for templates and monev rule texts,
and docs/context.md generated from it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import typing

import jinja2.meta
import pytest

from generator import api, templating
from generator.data import context
from generator.errors import Problems
from generator.kinds import KINDS, NATIONAL
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def ws():
    return api.load(ROOT)


def test_docs_context_md_is_generated_from_the_dataclasses():
    """After changing a context class: python3 -m generator.data.context --markdown > docs/context.md"""
    out = subprocess.run([sys.executable, "-m", "generator.data.context", "--markdown"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out == context.markdown()
    assert (ROOT / "docs" / "context.md").read_text(encoding="utf-8") == out, \
        "docs/context.md is out of date: python3 -m generator.data.context --markdown > docs/context.md"


def _context_classes():
    return [c for c in vars(context).values()
            if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == context.__name__]


def test_every_field_is_typed_and_described():
    for cls in _context_classes():
        assert cls.__dataclass_params__.frozen, cls
        assert cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("), cls    # a docstring of its own
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            assert f.metadata.get("doc"), f"{cls.__name__}.{f.name} has no description"
            assert hints[f.name] is not typing.Any, f"{cls.__name__}.{f.name}"


def test_every_kind_has_its_context_class(ws):
    """docs/context.md lists each kind with the class its context function really returns."""
    assert set(context.KIND_CONTEXTS) == set(KINDS)
    for name, kind in KINDS.items():
        entry = None if kind.scope == NATIONAL else ws.regions["63"]
        view = ws.view(kind.sources(ws, entry))
        assert type(kind.context(view, entry, [])) is context.KIND_CONTEXTS[name], name


def test_the_sandbox_reads_fields_and_refuses_the_insides(ws, tmp_path):
    (tmp_path / "t.xml.j2").write_text("{{ daerah.nama_lengkap }} {{ daerah['jabatan'] }} "
                                       "{{ cakupan[-1].bulan }} {{ hukum['inpres-2-2021'][:20] }}")
    (tmp_path / "bad.xml.j2").write_text("{{ daerah.__class__.__mro__ }}")
    env = templating.environment(tmp_path)
    values = context.region_context(ws, ws.regions["63.01"])
    assert templating.render(env, "t.xml.j2", values).startswith("Kabupaten Tanah Laut Bupati ")
    with pytest.raises(Problems) as exc:
        templating.render(env, "bad.xml.j2", values)
    assert "not allowed" in str(exc.value) and "templates/bad.xml.j2:1" in str(exc.value)


def test_rule_texts_read_only_the_indicators():
    """The names the rule texts of config/monev.yaml use are fields of Indikator (docs/monev.md)."""
    from generator.data import monev
    names = {f.name for f in dataclasses.fields(context.Indikator)} - {"temuan"}
    env = monev._RULE_ENV
    for rule in api.load(ROOT).monev.aturan:
        for key in ("temuan", "rekomendasi", "pelaksana", "tenggat"):
            used = jinja2.meta.find_undeclared_variables(env.parse(getattr(rule, key)))
            assert used <= names, (rule.id, key, used - names)
    assert monev.SEGMENTS is context.SEGMENTS


def test_rules_render_over_every_region_without_a_warning(ws):
    from generator.data import monev
    warnings: list = []
    national = monev.national_context(ws, warnings)
    assert national.provinsi and all(p.temuan for p in national.provinsi)
    fired = [t for p in national.provinsi for a in (p, *p.anggota) for t in a.temuan]
    assert fired and all(t.temuan and t.rekomendasi and t.pelaksana and t.tenggat for t in fired)
    assert not [w for w in warnings if "rule text" in w.message]


def test_coverage_is_computed_once_for_regulations_and_reports(ws):
    """The periods of a regulation's context are the monev periods of the same region."""
    from generator.data import monev
    entry = ws.regions["63.01"]
    region = context.region_context(ws, entry)
    assert region.cakupan == monev.indicators(ws, entry, []).periode
    assert region.non_asn == monev.own_groups(entry)["non_asn"]
