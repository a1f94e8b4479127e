"""Charts: valid SVG and PNG, the same bytes for the same chart (also in another process), Indonesian
number formatting, target lines, and errors for what cannot be drawn."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest
from lxml import etree

pytest.importorskip("matplotlib")

from generator.model import Chart, Series  # noqa: E402
from generator.writers import charts  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

REGENCIES = ("Kotawaringin Barat", "Kotawaringin Timur", "Kapuas", "Barito Selatan", "Barito Utara", "Sukamara",
             "Lamandau", "Seruyan", "Katingan", "Pulang Pisau", "Gunung Mas", "Barito Timur", "Murung Raya")
COVERAGE = (36.7, 41.2, 52.3, 47.9, 81.5, 84.0, 55.1, 50.4, 38.2, 29.6, 44.8, 39.9, 33.3)
PERIODS = ("Des 2023", "Jun 2024", "Des 2024", "Mar 2025", "Jun 2025", "Des 2025")

BATANG = Chart("batang", "Cakupan kepesertaan per kabupaten",
               (Series("Cakupan", tuple(zip(REGENCIES, COVERAGE))),), unit="%", target=50.0)
KOMPOSISI = Chart("komposisi", "Komposisi peserta menurut program", tuple(
    Series(name, tuple((r, float(round(v * k * 1000))) for r, v in zip(REGENCIES, COVERAGE)))
    for name, k in (("PU", 7), ("BPU", 3), ("Jasa Konstruksi", 0.6), ("PMI", 0.1))), unit="orang")
TREN = Chart("tren", "Tren cakupan kepesertaan", (
    Series("Provinsi", tuple(zip(PERIODS, (38.1, 40.2, 42.0, 46.2, 47.5, 49.1)))),
    Series("Kota Palangka Raya", tuple(zip(PERIODS, (30.4, 33.0, 36.7, 39.8, 41.0, 44.2))))), unit="%", target=50.0)
CHARTS = {"batang": BATANG, "komposisi": KOMPOSISI, "tren": TREN}
KIND = pytest.mark.parametrize("kind", sorted(CHARTS))

# In the SVG every glyph is a path; matplotlib leaves each text (each line of it) as an XML comment
# beside its glyphs.
COMMENTS = re.compile(rb"<!-- (.*?) -->")


def texts_in(svg: bytes) -> list[str]:
    return [m.decode("utf-8") for m in COMMENTS.findall(svg)]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_chunks(data: bytes) -> list[bytes]:
    out, i = [], 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i:i + 4])
        out.append(data[i + 4:i + 8])
        i += 12 + length
    return out


# ------------------------------------------------------------------------------------------ formats

@KIND
def test_svg_is_an_svg_document_without_dates(kind):
    data = charts.svg(CHARTS[kind])
    root = etree.fromstring(data)
    assert etree.QName(root).localname == "svg"
    assert etree.QName(root).namespace == "http://www.w3.org/2000/svg"
    text = data.decode("utf-8")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)          # no ISO date
    assert "dc:date" not in text and "Matplotlib v" not in text
    assert root.findtext("{http://www.w3.org/2000/svg}title") == CHARTS[kind].title
    assert root.find(".//{http://www.w3.org/2000/svg}text") is None    # text is drawn as paths
    assert CHARTS[kind].title not in texts_in(data)                     # the caption is the document's


@KIND
@pytest.mark.parametrize("dpi", [200, 96])
def test_png_has_the_expected_pixel_size(kind, dpi):
    data = charts.png(CHARTS[kind], dpi=dpi)
    width, height = png_size(data)
    assert (width, height) == charts.pixel_size(dpi)
    assert abs(width - 16 / 2.54 * dpi) < 1 and 8 / 2.54 * dpi <= height <= 9 / 2.54 * dpi
    assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt"} & set(png_chunks(data))   # no date, no software
    assert len(data) < 300_000


@KIND
def test_same_chart_same_bytes(kind):
    chart = CHARTS[kind]
    assert charts.svg(chart) == charts.svg(chart)
    assert charts.png(chart) == charts.png(chart)
    # an equal chart built anew, not the same object
    copy = Chart(chart.kind, chart.title, tuple(Series(s.name, tuple(s.points)) for s in chart.series),
                 chart.unit, chart.target)
    assert charts.svg(copy) == charts.svg(chart)


def test_user_rcparams_change_nothing():
    import matplotlib as mpl
    before = charts.svg(BATANG), charts.png(BATANG)
    user = {"font.size": 20.0, "axes.facecolor": "black", "svg.hashsalt": None, "svg.fonttype": "none",
            "lines.linewidth": 5.0, "axes.grid": True, "font.family": ["serif"]}
    with mpl.rc_context(user):
        assert (charts.svg(BATANG), charts.png(BATANG)) == before
        assert {key: mpl.rcParams[key] for key in user} == user     # and the caller's settings stay


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_svg_is_the_same_in_another_process(kind, tmp_path):
    """A fresh interpreter, another hash seed and an empty matplotlib cache (font list rebuilt)."""
    script = ("import sys\n"
              "from generator.model import Chart, Series\n"
              "from generator.writers import charts\n"
              "sys.stdout.buffer.write(charts.svg(eval(sys.argv[1])))\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "MPLCONFIGDIR": str(tmp_path / "mpl"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", script, repr(CHARTS[kind])], capture_output=True, env=env,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout == charts.svg(CHARTS[kind])


# ------------------------------------------------------------------------------------------ content

@pytest.mark.parametrize("value, unit, text", [
    (36.7, "%", "36,7%"), (50, "%", "50,0%"), (0.05, "%", "0,1%"), (1234567, "orang", "1.234.567"),
    (1234567, "Rp", "1.234.567"), (999.5, "orang", "1.000"), (12, "orang", "12"), (-1500, "Rp", "-1.500"),
])
def test_format_value_is_indonesian(value, unit, text):
    assert charts.format_value(value, unit) == text


@pytest.mark.parametrize("value, unit, text", [
    (40, "%", "40%"), (40.0, "%", "40%"), (2.5, "%", "2,5%"), (0.30000000000000004, "%", "0,3%"),
    (250000.0, "orang", "250.000"), (1_500_000, "Rp", "1.500.000"), (0, "Rp", "0"),
])
def test_format_tick_is_indonesian(value, unit, text):
    assert charts.format_tick(value, unit) == text


def test_axis_labels():
    assert charts.axis_label("%") == "Persen (%)"
    assert charts.axis_label("orang") == "Orang"
    assert charts.axis_label("Rp") == "Rupiah"
    with pytest.raises(ValueError, match="dolar"):
        charts.axis_label("dolar")


@KIND
def test_numbers_in_the_chart_are_indonesian(kind):
    texts = texts_in(charts.svg(CHARTS[kind]))
    assert texts, "matplotlib no longer writes text comments; rely on the format_* tests"
    assert not any(re.search(r"\d\.\d%|\d,\d{3}\b", t) for t in texts), texts   # no "36.7%", no "1,234"
    if kind == "batang":
        assert "36,7%" in texts and "40%" in texts and "Persen (%)" in texts
        assert "Target" in texts and texts[texts.index("Target") + 1] == "50%"   # "Target\n50%"
    elif kind == "komposisi":
        assert "Persen (%)" in texts and "100%" in texts
        assert {"PU", "BPU", "Jasa Konstruksi", "PMI"} <= set(texts)           # the legend
        assert any(re.fullmatch(r"\d+,\d%", t) for t in texts)                 # segment shares
    else:
        assert "Des 2024" in texts and "Provinsi" in texts and "Kota Palangka Raya" in texts


def test_komposisi_bars_are_shares_of_their_own_total():
    chart = Chart("komposisi", "", (Series("PU", (("A", 1.0), ("B", 30.0))), Series("BPU", (("A", 3.0), ("B", 10.0)))),
                  unit="orang")
    texts = texts_in(charts.svg(chart))
    assert {"25,0%", "75,0%"} <= set(texts)      # A: 1 of 4, 3 of 4
    assert {"75,0%", "25,0%"} <= set(texts)      # B: 30 of 40, 10 of 40


def test_komposisi_with_one_category():
    chart = Chart("komposisi", "", tuple(Series(n, (("Kalimantan Tengah", v),))
                                         for n, v in (("PU", 300.0), ("BPU", 90.0), ("PMI", 10.0))),
                  unit="orang")
    texts = texts_in(charts.svg(chart))
    assert "Kalimantan Tengah" in texts
    assert "PMI (2,5%)" in texts                  # one bar: the legend carries the shares
    assert png_size(charts.png(chart)) == charts.pixel_size(200)


@pytest.mark.parametrize("kind", ["batang", "tren"])
def test_target_line_changes_the_output(kind):
    chart = CHARTS[kind]
    without = Chart(chart.kind, chart.title, chart.series, chart.unit, None)
    assert charts.svg(without) != charts.svg(chart)
    assert charts.png(without) != charts.png(chart)
    assert not any(t.startswith("Target") for t in texts_in(charts.svg(without)))
    other = Chart(chart.kind, chart.title, chart.series, chart.unit, 45.5)
    texts = texts_in(charts.svg(other))
    assert texts[texts.index("Target") + 1] == "45,5%"      # two lines: "Target", "45,5%"


def test_long_category_names_stay_readable():
    names = tuple("Kabupaten " + r for r in REGENCIES) + ("Kota Palangka Raya",)
    chart = Chart("batang", "", (Series("Cakupan", tuple(zip(names, COVERAGE + (60.0,)))),), target=50.0)
    texts = texts_in(charts.svg(chart))
    assert "Kabupaten Kotawaringin Timur" in texts     # whole, on one line
    assert "Target 50%" in texts                       # horizontal bars: the target is a vertical line
    assert png_size(charts.png(chart)) == charts.pixel_size(200)


@pytest.mark.parametrize("unit, value, text", [("orang", 48213, "48.213"), ("Rp", 201_600_000, "201.600.000")])
def test_units_give_axis_label_and_numbers(unit, value, text):
    chart = Chart("batang", "", (Series("s", (("Kapuas", float(value)), ("Seruyan", value / 2))),), unit=unit)
    texts = texts_in(charts.svg(chart))
    assert text in texts and charts.axis_label(unit) in texts


def test_tren_with_series_over_different_periods():
    chart = Chart("tren", "", (Series("A", (("2023", -5.0), ("2024", 3.0), ("2025", 12.5))),
                               Series("B", (("2024", 7.0), ("2025", 9.0)))))
    texts = texts_in(charts.svg(chart))
    assert {"2023", "2024", "2025", "A", "B", "-5%"} <= set(texts)


# ------------------------------------------------------------------------------------------ errors

def test_unknown_kind_is_an_error():
    chart = Chart("pai", "Diagram lingkaran", BATANG.series)
    with pytest.raises(ValueError, match="pai"):
        charts.svg(chart)
    with pytest.raises(ValueError, match="pai"):
        charts.png(chart)


@pytest.mark.parametrize("series", [(), (Series("kosong", ()),), (Series("a", (("x", 1.0),)), Series("b", ()))])
@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_empty_series_are_an_error(kind, series):
    with pytest.raises(ValueError):
        charts.svg(Chart(kind, "", series))
    with pytest.raises(ValueError):
        charts.png(Chart(kind, "", series))


@pytest.mark.parametrize("chart", [
    Chart("batang", "", BATANG.series, unit="USD"),
    Chart("batang", "", (Series("a", (("x", float("nan")),)),)),
    Chart("batang", "", (Series("a", (("x", 1.0), ("x", 2.0))),)),
    Chart("komposisi", "", (Series("a", (("x", 1.0),)), Series("b", (("y", 1.0),)))),
    Chart("komposisi", "", (Series("a", (("x", -1.0),)),)),
])
def test_charts_that_cannot_be_drawn_are_errors(chart):
    with pytest.raises(ValueError):
        charts.svg(chart)


def test_png_dpi_must_be_sensible():
    with pytest.raises(ValueError):
        charts.png(BATANG, dpi=0)
