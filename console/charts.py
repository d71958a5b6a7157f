"""Server-side plots as SVG (matplotlib, no pyplot state, so threads can draw at once).

The SVG holds counts, dates and category names only; no patient text is ever drawn.
"""
from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import List, Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")

from matplotlib import rcParams  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: E402
from matplotlib.ticker import MaxNLocator, PercentFormatter  # noqa: E402

rcParams["svg.hashsalt"] = "clinic-console"  # the same figures give the same file
# Glyphs as paths: the plot looks the same whatever fonts the viewer has (the numbers are also in a table).
rcParams["svg.fonttype"] = "path"
COLOR = "#1f5f8b"
ALERT_COLORS = {"emergency": "#b00020", "crisis": "#7b1fa2", "urgent": "#e65100", "check": "#8d6e00"}


def _figure() -> Tuple[Figure, object]:
    figure = Figure(figsize=(6.4, 2.8), dpi=100)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _svg(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _empty(axes) -> None:
    axes.text(0.5, 0.5, "no data in this period", ha="center", va="center", transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def bar_chart(bars: Sequence[Tuple[str, int]], ylabel: str, colors: Optional[dict] = None) -> bytes:
    figure, axes = _figure()
    if not bars or not any(count for _, count in bars):
        _empty(axes)
        return _svg(figure)
    labels = [label for label, _ in bars]
    values = [count for _, count in bars]
    drawn = axes.bar(labels, values, color=[(colors or {}).get(label, COLOR) for label in labels])
    axes.bar_label(drawn)
    axes.set_ylabel(ylabel)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelrotation=0 if len(labels) < 5 else 20)
    return _svg(figure)


def day_chart(days: List[date], values: Sequence[Optional[float]], ylabel: str, percent: bool = False) -> bytes:
    figure, axes = _figure()
    if not days or not any(values):
        _empty(axes)
        return _svg(figure)
    if percent:
        points = [(d, v) for d, v in zip(days, values) if v is not None]
        axes.plot([d for d, _ in points], [v for _, v in points], marker="o", color=COLOR)
        axes.yaxis.set_major_formatter(PercentFormatter(1.0))
        axes.set_ylim(bottom=0)
    else:
        axes.bar(days, values, color=COLOR, width=0.8)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    half_day = timedelta(hours=12)  # the whole period shows, also days without data
    axes.set_xlim(datetime.combine(days[0], time.min) - half_day, datetime.combine(days[-1], time.min) + half_day)
    locator = AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylabel(ylabel)
    return _svg(figure)
