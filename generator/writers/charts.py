"""Charts drawn from data at build time: a vector SVG for the PDF, a high-resolution PNG for the DOCX.

``svg(chart)`` and ``png(chart, dpi)`` turn a :class:`generator.model.Chart` into image bytes with
matplotlib (Agg/SVG canvases on a bare ``Figure``; pyplot is never imported). Three kinds:

* ``batang`` - vertical bars, one per point of the first series, value labels above the bars and an
  optional dashed target line; names too long to stand slanted under the bars (over about 100 pt,
  e.g. "Kabupaten Kotawaringin Timur") turn the chart into horizontal bars instead;
* ``komposisi`` - stacked horizontal bars, one bar per category and one segment per series, every bar
  normalised to 100 % of its own total, with a legend;
* ``tren`` - one line with markers per series over the period labels, legend when there are several
  series, optional target line.

Numbers are written the Indonesian way ("36,7%", "1.234.567") through :mod:`generator.legal.indonesian`;
``format_value`` and ``format_tick`` expose that formatting so it can be tested (in the SVG every glyph
is a path, so the text cannot be searched for). The chart title is not drawn: the document prints a
numbered caption under the figure; the SVG carries it only as ``<title>``.

Determinism matters: the same chart must give the same bytes, run after run and in any process,
because the build is content-hashed - output files are named and rebuilt by the hash of their inputs
and bytes, and a chart that changed with every run would make every document look changed. Hence:
every rcParam the drawing relies on is set explicitly (matplotlib's default style plus ``_RC``, so a
user's matplotlibrc changes nothing), the font is matplotlib's bundled DejaVu Sans loaded by file
(never a system font found by name), text is converted to paths (so the PDF needs no font either),
SVG ids are hashed with a fixed salt, and no date, software version or random id is written. The bytes
still depend on the installed matplotlib, FreeType (bundled in matplotlib's wheels) and Pillow
versions; pin those where byte-identical output across machines is required.
"""

from __future__ import annotations

import io
import math
import threading
import typing
from pathlib import Path

import matplotlib as mpl
import matplotlib.style  # noqa: F401  (mpl.style)
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator

from generator.legal import indonesian
from generator.model import Chart, ChartKind

__all__ = ["svg", "png", "format_value", "format_tick", "axis_label", "pixel_size",
           "KINDS", "UNITS", "WIDTH_CM", "HEIGHT_CM", "PALETTE"]

KINDS = typing.get_args(ChartKind)
UNITS = {"%": "Persen (%)", "orang": "Orang", "Rp": "Rupiah"}   # Chart.unit (model.ChartUnit) -> axis label

WIDTH_CM = 16.0          # the text block of an A4/F4 page
HEIGHT_CM = 8.5
_CM = 1 / 2.54

# Colours whose greys step apart (luma about 55, 158, 108, 212, 85, 187, 93), so that neighbouring
# segments and lines stay apart when printed in black and white: navy, sky blue, rust, pale amber,
# purple, grey, green.
PALETTE = ("#1F3A68", "#56B4E9", "#C0501A", "#F5D76E", "#6A3D9A", "#BBBBBB", "#2E7D32")
# Lines are thin: the pale amber comes last for them; markers tell the lines apart in greyscale.
LINE_PALETTE = ("#1F3A68", "#C0501A", "#56B4E9", "#6A3D9A", "#2E7D32", "#7F7F7F", "#E0B000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
TARGET_COLOUR = "#A50021"
_GRID = "#D9D9D9"
_SPINE = "#808080"
_TEXT = "#222222"

_FONT = FontProperties(fname=str(Path(mpl.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")))
_TICK_PT, _LABEL_PT, _VALUE_PT = 8.0, 8.5, 7.5
_SALT = "naskah-charts"

# Everything the drawing relies on, on top of matplotlib's built-in default style.
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": _TICK_PT,
    "text.usetex": False,
    "text.parse_math": False,          # "$" in a label is a dollar sign, not mathtext
    "text.hinting": "force_autohint",
    "text.antialiased": True,
    "text.color": _TEXT,
    "axes.unicode_minus": False,
    "axes.facecolor": "white",
    "axes.edgecolor": _SPINE,
    "axes.linewidth": 0.8,
    "axes.labelcolor": _TEXT,
    "axes.labelsize": _LABEL_PT,
    "axes.labelpad": 4.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": False,
    "xtick.color": _SPINE,
    "ytick.color": _SPINE,
    "xtick.labelcolor": _TEXT,
    "ytick.labelcolor": _TEXT,
    "xtick.labelsize": _TICK_PT,
    "ytick.labelsize": _TICK_PT,
    "xtick.major.size": 3.0,
    "ytick.major.size": 3.0,
    "xtick.minor.visible": False,
    "ytick.minor.visible": False,
    "grid.color": _GRID,
    "grid.linewidth": 0.6,
    "grid.linestyle": "-",
    "lines.antialiased": True,
    "patch.antialiased": True,
    "legend.frameon": False,
    "legend.fontsize": _TICK_PT,
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "figure.dpi": 100,
    "figure.constrained_layout.use": False,
    "figure.autolayout": False,
    "path.simplify": True,
    "path.simplify_threshold": 1 / 9,
    "path.snap": True,
    "agg.path.chunksize": 0,
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    "savefig.bbox": "standard",
    "savefig.pad_inches": 0.1,
    "savefig.orientation": "portrait",
    "svg.fonttype": "path",
    "svg.hashsalt": _SALT,
    "svg.id": None,
    "svg.image_inline": True,
}

# Keys a matplotlib older than this code's newest (svg.id came in 3.9) does not know are left out: the
# default style already gives what they would set.
_RC = {key: value for key, value in _RC.items() if key in mpl.rcParams}

# rcParams are process-global; the lock keeps renders in concurrent threads from seeing each other's.
_LOCK = threading.Lock()
_TEXT_PATH = TextToPath()


# ------------------------------------------------------------------------------------------ public API

def svg(chart: Chart) -> bytes:
    """The chart as a vector SVG (text as paths, no font needed), for the PDF."""
    metadata = {"Date": None, "Creator": None}
    if chart.title:
        metadata["Title"] = chart.title
    return _render(chart, lambda fig, out: FigureCanvasSVG(fig).print_svg(out, metadata=metadata))


def png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as a PNG of ``pixel_size(dpi)`` pixels (16 cm wide at ``dpi``), for the DOCX."""
    if not isinstance(dpi, int) or not 50 <= dpi <= 1200:
        raise ValueError(f"dpi must be a whole number from 50 to 1200, not {dpi!r}")

    def save(fig, out):
        fig.set_dpi(dpi)
        # zlib level 6: 1.5 % larger than optimize + level 9, in 60 % of the time (profiled)
        FigureCanvasAgg(fig).print_png(out, metadata={"Software": None}, pil_kwargs={"compress_level": 6})
    return _render(chart, save)


def pixel_size(dpi: int = 200) -> tuple[int, int]:
    """Width and height in pixels of ``png(chart, dpi)`` (Agg truncates the fractional pixel)."""
    return int(WIDTH_CM * _CM * dpi), int(HEIGHT_CM * _CM * dpi)


def format_value(value: float, unit: str) -> str:
    """A data label: (36.7, "%") -> "36,7%"; (1234567, "orang") -> "1.234.567"; same for "Rp"."""
    _check_unit(unit)
    if unit == "%":
        return indonesian.percent(value)
    return indonesian.number(_round_half_up(value))


def format_tick(value: float, unit: str) -> str:
    """An axis tick, as short as exact: (40, "%") -> "40%", (2.5, "%") -> "2,5%", (250000, "Rp") ->
    "250.000". Also used for the target label ("Target 50%")."""
    _check_unit(unit)
    value = round(float(value), 6)
    if value == int(value):
        value = int(value)
    text = indonesian.number(value)
    return text + "%" if unit == "%" else text


def axis_label(unit: str) -> str:
    """The value axis label: "%" -> "Persen (%)", "orang" -> "Orang", "Rp" -> "Rupiah"."""
    _check_unit(unit)
    return UNITS[unit]


# ------------------------------------------------------------------------------------------ checks

def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown chart unit {unit!r}; expected one of {', '.join(map(repr, UNITS))}")


def _check(chart: Chart) -> None:
    if chart.kind not in KINDS:
        raise ValueError(f"unknown chart kind {chart.kind!r}; expected one of {', '.join(KINDS)}")
    _check_unit(chart.unit)
    where = f"chart {chart.id or chart.title!r}"
    if not chart.series:
        raise ValueError(f"{where} ({chart.kind}) has no series")
    for series in chart.series:
        if not series.points:
            raise ValueError(f"{where}: series {series.name!r} has no points")
        labels = [label for label, _ in series.points]
        if len(set(labels)) != len(labels):
            raise ValueError(f"{where}: series {series.name!r} repeats a label")
        for label, value in series.points:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{where}: value {value!r} of {label!r} in {series.name!r} is not a number")
    if chart.target is not None and not math.isfinite(chart.target):
        raise ValueError(f"{where}: target {chart.target!r} is not a number")
    if chart.kind == "komposisi":
        first = [label for label, _ in chart.series[0].points]
        for series in chart.series:
            if sorted(label for label, _ in series.points) != sorted(first):
                raise ValueError(f"{where}: series {series.name!r} does not have the categories of "
                                 f"{chart.series[0].name!r} ({', '.join(first)})")
            if any(value < 0 for _, value in series.points):
                raise ValueError(f"{where}: komposisi needs values of at least 0 ({series.name!r})")


def _round_half_up(value: float) -> int:
    return int(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)


# ------------------------------------------------------------------------------------------ drawing

def _render(chart: Chart, save) -> bytes:
    _check(chart)
    out = io.BytesIO()
    with _LOCK, mpl.style.context(["default", _RC]):
        fig = Figure(figsize=(WIDTH_CM * _CM, HEIGHT_CM * _CM), dpi=100, facecolor="white",
                     layout="constrained")
        fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, wspace=0, hspace=0)
        ax = fig.add_subplot()
        {"batang": _batang, "komposisi": _komposisi, "tren": _tren}[chart.kind](ax, chart)
        save(fig, out)
    return out.getvalue()


def _font(size: float) -> FontProperties:
    font = _FONT.copy()
    font.set_size(size)
    return font


def _width_pt(text: str, size: float) -> float:
    """Width of a (possibly multi-line) text in points, measured on the font itself (no renderer)."""
    font = _font(size)
    return max(_TEXT_PATH.get_text_width_height_descent(line, font, ismath=False)[0]
               for line in text.split("\n"))


def _axes_size_pt(ax) -> tuple[float, float]:
    """The axes' size in points before layout: a fair estimate for deciding label rotations."""
    fig = ax.figure
    width, height = fig.get_size_inches() * 72
    return width - 70, height - 50


def _set_font(texts, size: float) -> None:
    for text in texts:
        text.set_fontproperties(_font(size))


def _nice_ticks(bottom: float, top: float, snap: bool) -> list[float]:
    """Round ticks for [bottom, top]; with ``snap`` the outermost ones lie on or just outside the range
    (and become the axis limits), without it only ticks inside the range are kept."""
    ticks = list(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], min_n_ticks=3).tick_values(bottom, top))
    eps = 1e-9 * (ticks[1] - ticks[0])
    if snap:
        high = next(t for t in ticks if t >= top - eps)
        low = next(t for t in reversed(ticks) if t <= bottom + eps)
    else:
        low, high = bottom, top
    return [t for t in ticks if low - eps <= t <= high + eps]


def _value_axis(ax, chart: Chart, values: list[float], axis: str, headroom: float,
                snap: bool = True) -> None:
    """Limits, fixed ticks with Indonesian labels, the axis label and the grid of the value axis.
    The axis starts at 0 (or below it, for negative data); ``headroom`` is room left for labels, as a
    share of the data span."""
    low = min(0.0, *values)
    high = max(0.0, *values, *(() if chart.target is None else (chart.target,)))
    if high == low:
        high = low + 1
    span = high - low
    top = high + span * headroom if high > 0 else 0.0
    bottom = low - span * headroom if low < 0 else 0.0
    ticks = _nice_ticks(bottom, top, snap)
    labels = [format_tick(t, chart.unit) for t in ticks]
    if snap:
        bottom, top = ticks[0], ticks[-1]
    if axis == "y":
        ax.set_ylim(bottom, top)
        ax.set_yticks(ticks, labels)
        ax.set_ylabel(axis_label(chart.unit), fontproperties=_font(_LABEL_PT))
        _set_font(ax.get_yticklabels(), _TICK_PT)
    else:
        ax.set_xlim(bottom, top)
        ax.set_xticks(ticks, labels)
        ax.set_xlabel(axis_label(chart.unit), fontproperties=_font(_LABEL_PT))
        _set_font(ax.get_xticklabels(), _TICK_PT)
    ax.grid(True, axis=axis)
    if low < 0:
        (ax.axhline if axis == "y" else ax.axvline)(0, color=_SPINE, linewidth=0.8, zorder=1)


def _spare(n: int, slots: int) -> float:
    """Extra room on each side of the category axis when there are fewer than ``slots`` categories,
    so that one or two bars stay slim instead of filling the chart."""
    return max(0.0, (slots - n) / 2)


def _category_axis(ax, labels: list[str]) -> None:
    """Category (or period) labels along x: level when they fit between the ticks, else slanted."""
    positions = list(range(len(labels)))
    pitch = _axes_size_pt(ax)[0] / max(len(labels), 1)
    if max(_width_pt(label, _TICK_PT) for label in labels) <= 0.92 * pitch:
        ax.set_xticks(positions, labels)
    else:
        ax.set_xticks(positions, labels, rotation=35, ha="right", rotation_mode="anchor")
    _set_font(ax.get_xticklabels(), _TICK_PT)
    ax.tick_params(axis="x", length=0, pad=4)


def _target(ax, chart: Chart, vertical: bool = False) -> None:
    """Dashed target line across the plot, labelled just outside it: on the right of a horizontal line
    ("Target" over "50%"), above a vertical one ("Target 50%")."""
    if chart.target is None:
        return
    style = {"color": TARGET_COLOUR, "linewidth": 1.2, "linestyle": (0, (5, 3)), "zorder": 4,
             # a white halo keeps the dashes visible where they cross dark bars, also in greyscale
             "path_effects": [patheffects.withStroke(linewidth=2.8, foreground="white")]}
    text = format_tick(chart.target, chart.unit)
    common = {"textcoords": "offset points", "color": TARGET_COLOUR, "fontproperties": _font(_VALUE_PT),
              "annotation_clip": False}
    if vertical:
        ax.axvline(chart.target, **style)
        ax.annotate(f"Target {text}", xy=(chart.target, 1), xycoords=("data", "axes fraction"),
                    xytext=(0, 3), ha="center", va="bottom", **common)
    else:
        ax.axhline(chart.target, **style)
        ax.annotate(f"Target\n{text}", xy=(1, chart.target), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), ha="left", va="center", **common)


_WHITE_GROUND = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}


def _label(ax, text: str, x: float, y: float, dx: float, dy: float, **place) -> None:
    """A value label near (x, y), offset by (dx, dy) points, on a white ground so that a target or grid
    line running through stays out of the digits."""
    ax.annotate(text, xy=(x, y), xytext=(dx, dy), textcoords="offset points", color=_TEXT,
                fontproperties=_font(_VALUE_PT), annotation_clip=False, zorder=5, bbox=_WHITE_GROUND,
                **place)


def _batang(ax, chart: Chart) -> None:
    """Vertical bars with value labels (turned upright when they do not fit side by side)."""
    series = chart.series[0]
    labels = [label for label, _ in series.points]
    values = [float(value) for _, value in series.points]
    if max(_width_pt(label, _TICK_PT) for label in labels) > _LONGEST_SLANTED_PT:
        _batang_horizontal(ax, chart, labels, values)
        return
    xs = list(range(len(values)))
    texts = [format_value(v, chart.unit) for v in values]
    pitch = _axes_size_pt(ax)[0] / len(values)
    upright = max(_width_pt(t, _VALUE_PT) for t in texts) <= 0.9 * pitch
    ax.bar(xs, values, width=0.66, color=PALETTE[0], edgecolor="none", zorder=2)
    _value_axis(ax, chart, values, "y", headroom=0.08 if upright else 0.30)
    _category_axis(ax, labels)
    spare = _spare(len(values), 5)
    ax.set_xlim(-0.6 - spare, len(values) - 0.4 + spare)
    for x, value, text in zip(xs, values, texts):
        up = value >= 0
        if upright:
            _label(ax, text, x, value, 0, 2.5 if up else -2.5, ha="center", va="bottom" if up else "top")
        else:   # turned a quarter, reading upwards from the bar end
            _label(ax, text, x, value, 0, 2.5 if up else -2.5, ha="left" if up else "right", va="center",
                   rotation=90, rotation_mode="anchor")
    _target(ax, chart)


# Category labels wider than this (in points, at the tick size) would take too much of the height
# when slanted under vertical bars: such a batang chart is drawn with horizontal bars instead.
_LONGEST_SLANTED_PT = 100.0


def _batang_horizontal(ax, chart: Chart, labels: list[str], values: list[float]) -> None:
    """Horizontal bars, first category on top, labels after the bar ends, target as a vertical line."""
    ys = list(range(len(values)))
    texts = [format_value(v, chart.unit) for v in values]
    longest = max(_width_pt(t, _VALUE_PT) for t in texts) + 4
    plot_width = _axes_size_pt(ax)[0] - max(_width_pt(label, _TICK_PT) for label in labels)
    ax.barh(ys, values, height=0.62, color=PALETTE[0], edgecolor="none", zorder=2)
    _value_axis(ax, chart, values, "x", headroom=longest / max(plot_width - longest, 1.0), snap=False)
    ax.set_yticks(ys, labels)
    _set_font(ax.get_yticklabels(), _TICK_PT)
    ax.tick_params(axis="y", length=0, pad=4)
    spare = _spare(len(values), 4)
    ax.set_ylim(len(values) - 0.5 + spare, -0.5 - spare)   # first category on top
    for y, value, text in zip(ys, values, texts):
        up = value >= 0
        _label(ax, text, value, y, 3 if up else -3, 0, ha="left" if up else "right", va="center")
    _target(ax, chart, vertical=True)


def _tren(ax, chart: Chart) -> None:
    periods: list[str] = []
    for series in chart.series:
        periods.extend(label for label, _ in series.points if label not in periods)
    index = {label: i for i, label in enumerate(periods)}
    all_values = [float(v) for series in chart.series for _, v in series.points]
    handles = []
    for i, series in enumerate(chart.series):
        xs = [index[label] for label, _ in series.points]
        ys = [float(v) for _, v in series.points]
        (line,) = ax.plot(xs, ys, color=LINE_PALETTE[i % len(LINE_PALETTE)], marker=MARKERS[i % len(MARKERS)],
                          markersize=5, linewidth=1.8, markeredgecolor="white", markeredgewidth=0.6,
                          zorder=3 + i / 100, clip_on=False)
        handles.append(line)
    single = len(chart.series) == 1
    _value_axis(ax, chart, all_values, "y", headroom=0.12 if single else 0.06)
    _category_axis(ax, periods)
    ax.tick_params(axis="x", length=3)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    if single:
        _point_labels(ax, chart)
    else:
        _legend(ax, handles, [series.name for series in chart.series])
    _target(ax, chart)


def _point_labels(ax, chart: Chart) -> None:
    """Value labels of a single line, when they fit side by side, placed off the line: above a peak,
    below a dip, diagonally on the open side of a point the line runs straight through."""
    ys = [float(v) for _, v in chart.series[0].points]
    texts = [format_value(v, chart.unit) for v in ys]
    if max(_width_pt(t, _VALUE_PT) for t in texts) > 0.9 * _axes_size_pt(ax)[0] / len(ys):
        return
    for i, (y, text) in enumerate(zip(ys, texts)):
        before = ys[i - 1] if i > 0 else None
        after = ys[i + 1] if i + 1 < len(ys) else None
        around = [v for v in (before, after) if v is not None]
        if around and all(y < v for v in around):            # a dip (or an end the line rises from)
            _label(ax, text, i, y, 0, -5, ha="center", va="top")
        elif before is not None and after is not None and before < y < after:    # rising through
            _label(ax, text, i, y, -4, 4, ha="right", va="bottom")
        elif before is not None and after is not None and before > y > after:    # falling through
            _label(ax, text, i, y, 4, 4, ha="left", va="bottom")
        else:                                                 # a peak, a level stretch, an end
            _label(ax, text, i, y, 0, 5, ha="center", va="bottom")


def _legend(ax, handles, labels) -> None:
    """Legend above the plot, centred on the figure, in as few rows as fit the width (at most four
    entries a row), columns as wide as their widest entry."""
    fig = ax.figure
    room = fig.get_size_inches()[0] * 72 - 16
    em = _TICK_PT
    entry = [(1.6 + 0.8) * em + _width_pt(label, _TICK_PT) for label in labels]   # handle, pad, text
    columns = min(len(labels), 4)
    while columns > 1:
        # matplotlib fills the columns one after another, the first ``extra`` of them one entry longer
        rows, extra = divmod(len(labels), columns)
        sizes = [rows + 1] * extra + [rows] * (columns - extra)
        starts = [sum(sizes[:i]) for i in range(columns)]
        widths = [max(entry[start:start + size]) for start, size in zip(starts, sizes) if size]
        if sum(widths) + (columns - 1) * 1.4 * em + 2 * em <= room:
            break
        columns -= 1
    fig.legend(handles, labels, loc="outside upper center", ncols=columns, handlelength=1.6,
               handletextpad=0.8, columnspacing=1.4, borderaxespad=0.2, prop=_font(_TICK_PT), frameon=False)


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour``."""
    r, g, b = to_rgb(colour)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else _TEXT


def _komposisi(ax, chart: Chart) -> None:
    categories = [label for label, _ in chart.series[0].points]
    values = [dict(series.points) for series in chart.series]
    totals = [sum(float(points[c]) for points in values) for c in categories]
    ys = list(range(len(categories)))
    left = [0.0] * len(categories)
    width_pt = _axes_size_pt(ax)[0] - max(_width_pt(c, _TICK_PT) for c in categories)
    handles = []
    for i in range(len(chart.series)):
        colour = PALETTE[i % len(PALETTE)]
        shares = [float(values[i][c]) / t * 100 if t > 0 else 0.0 for c, t in zip(categories, totals)]
        bars = ax.barh(ys, shares, left=left, height=0.62, color=colour, edgecolor="white", linewidth=0.8,
                       zorder=2)
        handles.append(bars)
        for y, x0, share in zip(ys, left, shares):
            text = indonesian.percent(share)
            if share > 0 and _width_pt(text, _VALUE_PT) + 4 <= share / 100 * width_pt:
                ax.text(x0 + share / 2, y, text, ha="center", va="center", color=_ink(colour),
                        fontproperties=_font(_VALUE_PT), zorder=3)
        left = [x0 + share for x0, share in zip(left, shares)]
    ax.set_xlim(0, 100)
    ticks = [0, 20, 40, 60, 80, 100]
    ax.set_xticks(ticks, [format_tick(t, "%") for t in ticks])
    _set_font(ax.get_xticklabels(), _TICK_PT)
    ax.set_xlabel(axis_label("%"), fontproperties=_font(_LABEL_PT))
    ax.grid(True, axis="x")
    ax.set_yticks(ys, categories)
    _set_font(ax.get_yticklabels(), _TICK_PT)
    ax.tick_params(axis="y", length=0, pad=4)
    ax.spines["left"].set_visible(False)
    n = len(categories)
    spare = _spare(n, 4)
    ax.set_ylim(n - 0.5 + spare, -0.5 - spare)   # first category on top
    names = [series.name for series in chart.series]
    if n == 1:   # one bar: the legend carries every share, also of segments too narrow for a label
        names = [f"{name} ({indonesian.percent(float(points[categories[0]]) / totals[0] * 100)})"
                 if totals[0] > 0 else name for name, points in zip(names, values)]
    _legend(ax, handles, names)
