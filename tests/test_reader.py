"""The reader's enumerations and typed roots: every enumerated attribute is checked against the Literal of
the model field it fills, in one place, and a bad value is a problem naming the template line - never an
internal error later in a transform or a writer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from generator import model as m
from generator import reader, templating
from generator.errors import Problems
from tests.helpers import copy_workspace

LAPORAN = '<laporan judul="Laporan" kepala-halaman="Kepala">\n{}\n</laporan>\n'
SURAT = ('<surat-edaran kepala="Bupati Tanah Laut" daerah="Kabupaten Tanah Laut" tempat="Pelaihari" '
         'nomor="1" {}>\n<tentang>Hal</tentang>\n<yth><kepada>Camat</kepada></yth>\n</surat-edaran>\n')

# (element, attribute) -> a template whose line 2 holds the bad value "salah"
BAD = {
    ("daftar", "jenis"): LAPORAN.format('<daftar jenis="salah"><butir>a</butir></daftar>'),
    ("daftar", "penomoran"): LAPORAN.format('<daftar jenis="bebas" penomoran="salah"><butir>a</butir></daftar>'),
    ("baris", "jenis"): LAPORAN.format('<tabel><baris jenis="salah"><sel>a</sel></baris></tabel>'),
    ("sel", "rata"): LAPORAN.format('<tabel><baris><sel rata="salah">a</sel></baris></tabel>'),
    ("grafik", "jenis"): LAPORAN.format('<grafik jenis="salah" judul="G"><titik label="a" nilai="1"/></grafik>'),
    ("grafik", "satuan"): LAPORAN.format('<grafik jenis="batang" satuan="salah" judul="G">'
                                         '<titik label="a" nilai="1"/></grafik>'),
    ("ref", "prep"): LAPORAN.format('<seksi judul="S" id="s">Lihat <ref to="s" prep="salah"/>.</seksi>'),
    ("daftar-isi", "kedalaman"): LAPORAN.format('<daftar-isi kedalaman="salah"/>'),
    ("surat-edaran", "tata-letak"): SURAT.format('\ntata-letak="salah"'),
}


def read_template(tmp_path, source: str, **context):
    """Render ``source`` as templates/t.xml.j2 of a workspace and read it, as api.render does."""
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.xml.j2").write_text(source, encoding="utf-8")
    env = templating.environment(tmp_path / "templates")
    markup = templating.render(env, "t.xml.j2", context)
    return reader.read(markup, "t.xml.j2", lambda snippet: templating.locate(env, snippet))


def test_every_enumerated_attribute_has_a_bad_value_case():
    assert set(BAD) == set(reader.CHOICES)


@pytest.mark.parametrize("key", sorted(BAD), ids=lambda key: "-".join(key))
def test_a_bad_enumeration_names_the_template_line(tmp_path, key):
    element, attribute = key
    with pytest.raises(Problems) as exc:
        read_template(tmp_path, BAD[key])
    (problem,) = exc.value.problems
    assert problem.where == "templates/t.xml.j2:2", problem
    assert f"<{element} {attribute}>" in problem.message and "'salah'" in problem.message
    for value in reader.CHOICES[key].values:        # the allowed values are listed
        assert str(value) in problem.message


@pytest.mark.parametrize("key", sorted(BAD), ids=lambda key: "-".join(key))
def test_every_allowed_value_is_read_into_the_model(tmp_path, key):
    """The good values pass and land in the model field the choice declares (the reader's own check and
    the Literal agree)."""
    choice = reader.CHOICES[key]
    for value in choice.values:
        source = BAD[key].replace('"salah"', f'"{value}"')
        node = read_template(tmp_path, source)
        ((cls, name),) = choice.fills
        found = [n for n in _nodes(node) if isinstance(n, cls)]
        assert found and getattr(found[0], name) == value, (key, value)


def _nodes(root):
    yield root
    for f in dataclasses.fields(root):
        value = getattr(root, f.name)
        for child in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(child) and not isinstance(child, m.Pos):
                yield from _nodes(child)


def test_a_bad_value_from_data_names_the_markup_line(tmp_path):
    """A value that comes from the context is not in the template source: the rendered markup line."""
    source = LAPORAN.format('<grafik jenis="batang" judul="G" satuan="{{ unit }}"><titik label="a" nilai="1"/>'
                            '</grafik>')
    with pytest.raises(Problems) as exc:
        read_template(tmp_path, source, unit="kg")
    (problem,) = exc.value.problems
    assert problem.where == "templates/t.xml.j2 (markup line 2)" and "'kg'" in problem.message


def test_the_line_of_a_value_another_element_allows_is_not_mistaken(tmp_path):
    """"head" is a good <baris jenis>: a bad <daftar jenis="head"> must not point at the table's row."""
    source = LAPORAN.format('<tabel><baris jenis="head"><sel>a</sel></baris></tabel>\n'
                            '<p>x</p> <daftar penomoran="angka" jenis="head"><butir>a</butir></daftar>')
    with pytest.raises(Problems) as exc:
        read_template(tmp_path, source)
    (problem,) = exc.value.problems
    assert problem.where == "templates/t.xml.j2 (markup line 3)", problem


@pytest.mark.parametrize("source", [
    LAPORAN.format('<daftar><butir>a</butir></daftar>'),
    LAPORAN.format('<grafik judul="G"><titik label="a" nilai="1"/></grafik>'),
], ids=["daftar", "grafik"])
def test_a_required_enumeration_left_out_is_a_problem(tmp_path, source):
    with pytest.raises(Problems) as exc:
        read_template(tmp_path, source)
    assert "needs 'jenis'" in str(exc.value) and "templates/t.xml.j2 (markup line 2)" in str(exc.value)


def test_sections_nest_as_deep_as_there_are_levels(tmp_path):
    three = '<seksi judul="1"><seksi judul="2"><seksi judul="3">{}</seksi></seksi></seksi>'
    node = read_template(tmp_path, LAPORAN.format(three.format("teks")))
    assert isinstance(node, m.Laporan)
    with pytest.raises(Problems) as exc:
        read_template(tmp_path, LAPORAN.format(three.format('\n<seksi judul="4">teks</seksi>')))
    (problem,) = exc.value.problems
    assert "nested 4 deep" in problem.message and problem.where == "templates/t.xml.j2 (markup line 3)"


def _literal_values(annotation) -> tuple:
    """The values of the Literals in an annotation (a Literal, or a union holding some)."""
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    return tuple(v for arg in typing.get_args(annotation) for v in _literal_values(arg))


def _literal_fields():
    for name in dir(m):
        cls = getattr(m, name)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == m.__name__:
            for field_name, annotation in typing.get_type_hints(cls).items():
                values = _literal_values(annotation)
                if values:
                    yield cls, field_name, values


def test_every_literal_field_of_the_model_is_checked_by_the_reader():
    """A new enumerated field in the model needs its attribute in reader.CHOICES (or NESTING), or a word
    in reader.SET_BY_THE_MACHINE on why no markup writes it."""
    checked = {fill: choice for choice in (*reader.CHOICES.values(), *reader.NESTING.values())
               for fill in choice.fills}
    fields = list(_literal_fields())
    assert {(cls, name) for cls, name, _ in fields} >= {(m.Chart, "unit"), (m.ListBlock, "kind"),
                                                        (m.SuratEdaran, "tata_letak")}
    for cls, name, values in fields:
        key = (cls, name)
        assert key in checked or key in reader.SET_BY_THE_MACHINE, f"{cls.__name__}.{name} is not checked"
        if key in checked:       # the reader accepts only values the field can hold
            assert set(checked[key].values) <= set(values), key
    assert set(reader.CHOICES["daftar", "jenis"].values) == set(typing.get_args(m.ListKind))   # not the frame's


def test_the_chart_writer_knows_every_kind_and_unit():
    from generator.writers import charts
    assert set(charts.KINDS) == set(typing.get_args(m.ChartKind))
    assert set(charts.UNITS) == set(typing.get_args(m.ChartUnit))


def test_the_attributes_of_a_root_are_its_typed_fields():
    for tag, cls in (("peraturan", m.Peraturan), ("surat-edaran", m.SuratEdaran), ("laporan", m.Laporan)):
        names = {f.name for f in dataclasses.fields(cls)}
        assert {attr.replace("-", "_") for attr in reader.VOCABULARY[tag]} <= names, tag


ENACTED = ('<peraturan jenis="Peraturan Bupati" kepala="Bupati Tanah Laut" daerah="Kabupaten Tanah Laut" '
           'tempat="Pelaihari" nomor="7" tahun="2026" tanggal-penetapan="{penetapan}" '
           'tanggal-pengundangan="2026-11-26" berita-nomor="7" nama-kepala="A" nama-sekda="B">'
           '<judul>J</judul><menimbang><bahwa>a</bahwa></menimbang><mengingat><dasar ref="x"/></mengingat>'
           '</peraturan>')


def test_root_attributes_are_read_typed():
    node = reader.read(ENACTED.format(penetapan="2026-11-25"), "t.xml.j2")
    assert (node.jenis, node.nomor, node.nama_sekda) == ("Peraturan Bupati", "7", "B")
    assert node.tanggal_penetapan == dt.date(2026, 11, 25) and node.tanggal_pengundangan == dt.date(2026, 11, 26)


def test_a_bad_date_or_a_missing_attribute_is_a_problem_of_the_reader():
    with pytest.raises(Problems) as exc:
        reader.read(ENACTED.format(penetapan="25-11-2026"), "t.xml.j2")
    assert "<peraturan tanggal-penetapan> must be a date" in str(exc.value)
    with pytest.raises(Problems) as exc:
        reader.read(ENACTED.format(penetapan="2026-11-25").replace(' nama-sekda="B"', ""), "t.xml.j2")
    assert "an enacted regulation (nomor 7) needs 'nama-sekda'" in str(exc.value)
    with pytest.raises(Problems) as exc:
        reader.read(SURAT.format("").replace(' tempat="Pelaihari"', ""), "t.xml.j2")
    assert "<surat-edaran> needs a non-empty 'tempat'" in str(exc.value)


def test_a_bad_enumeration_in_a_workspace_template_names_its_line(tmp_path):
    """Through api.render, as `naskah build` meets it: the line of the template the drafter edits."""
    from generator import api
    ws = copy_workspace(tmp_path / "ws")
    path = ws / "templates" / "laporan.xml.j2"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index('satuan="%"')].count("\n") + 1
    path.write_text(text.replace('satuan="%"', 'satuan="kg"', 1), encoding="utf-8")
    with pytest.raises(Problems) as exc:
        api.render(api.load(ws), "laporan", "63.01")
    (problem,) = exc.value.problems
    assert problem.where == f"templates/laporan.xml.j2:{line}" and "'kg'" in problem.message
