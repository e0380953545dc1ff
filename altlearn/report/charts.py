"""Charts as inline SVG: no scripts, no fonts or images to fetch, readable when printed.

Colours come from CSS classes (see :mod:`altlearn.report.page`), so a chart
and its legend always agree. Every text that reaches a chart is escaped here;
callers pass plain strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 760
LABEL_WIDTH = 250
VALUE_WIDTH = 60
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 10
_MAX_LABEL = 36


def percent(value: float | None) -> str:
    """``0.873`` as ``87%``; ``None`` as an en dash."""
    return "–" if value is None else f"{round(value * 100):d}%"


def _clip(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Series:
    """One kind of bar: a CSS class (``s-<key>``) and its legend text."""

    key: str
    label: str


@dataclass(frozen=True)
class Row:
    """One labelled group of bars, one value (0-1, or None for no data) per series."""

    label: str
    values: tuple[float | None, ...]
    flagged: bool = False


@dataclass(frozen=True)
class StackRow:
    """One labelled bar split into counts, one per series."""

    label: str
    counts: tuple[int, ...]
    flagged: bool = False


def legend(series: Sequence[Series], extra: str = "") -> str:
    """An HTML legend for the series of a chart."""
    items = "".join(
        f'<span class="key"><span class="swatch s-{escape(s.key)}"></span>{escape(s.label)}</span>'
        for s in series
    )
    return f'<p class="legend">{items}{extra}</p>'


def _label(y: float, text: str, flagged: bool) -> str:
    css = "label flagged" if flagged else "label"
    mark = "⚑ " if flagged else ""
    return (
        f'<text class="{css}" x="{LABEL_WIDTH - 8}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle">'
        f"<title>{escape(text)}</title>{escape(mark + _clip(text))}</text>"
    )


def grouped_bars(
    caption: str, series: Sequence[Series], rows: Sequence[Row], *, marker: float | None = None
) -> str:
    """Horizontal bars, a group per row, scaled 0-100%.

    Args:
        caption: What the chart shows (the SVG's accessible title).
        series: The kinds of bar in each group, in order.
        rows: The groups, top to bottom.
        marker: A share to draw as a dashed vertical line (e.g. the pass mark).
    """
    bar_h, gap = 11, 12
    group_h = bar_h * len(series) + gap
    top, bottom = 8, 24
    height = top + group_h * len(rows) + bottom
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(caption)}</title>'
    ]
    x0 = LABEL_WIDTH
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = x0 + BAR_AREA * tick
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom + 4}"/>')
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{height - 6}" text-anchor="middle">{percent(tick)}</text>'
        )
    for index, row in enumerate(rows):
        y = top + index * group_h
        if row.flagged:
            parts.append(
                f'<rect class="flag-band" x="0" y="{y - gap / 4:.1f}" width="{WIDTH}" height="{group_h - gap / 2:.1f}"/>'
            )
        parts.append(_label(y + bar_h * len(series) / 2, row.label, row.flagged))
        for s_index, (s, value) in enumerate(zip(series, row.values, strict=True)):
            by = y + s_index * bar_h
            if value is None:
                parts.append(
                    f'<text class="nodata" x="{x0 + 4}" y="{by + bar_h / 2:.1f}" dominant-baseline="middle">'
                    f"no data</text>"
                )
                continue
            w = max(0.0, min(1.0, value)) * BAR_AREA
            parts.append(
                f'<rect class="bar s-{escape(s.key)}" x="{x0}" y="{by + 1}" width="{w:.1f}" height="{bar_h - 2}">'
                f"<title>{escape(s.label)}: {percent(value)}</title></rect>"
            )
            parts.append(
                f'<text class="value" x="{x0 + w + 4:.1f}" y="{by + bar_h / 2:.1f}" dominant-baseline="middle">'
                f"{percent(value)}</text>"
            )
    if marker is not None:
        x = x0 + BAR_AREA * marker
        parts.append(
            f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{height - bottom}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(caption: str, series: Sequence[Series], rows: Sequence[StackRow]) -> str:
    """Horizontal bars split into counts (e.g. learners by lesson status), scaled to each row's total."""
    bar_h, gap = 16, 8
    top, bottom = 6, 6
    height = top + (bar_h + gap) * len(rows) + bottom
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(caption)}</title>'
    ]
    for index, row in enumerate(rows):
        y = top + index * (bar_h + gap)
        parts.append(_label(y + bar_h / 2, row.label, row.flagged))
        total = sum(row.counts)
        x = float(LABEL_WIDTH)
        for s, count in zip(series, row.counts, strict=True):
            if not total or not count:
                continue
            w = BAR_AREA * count / total
            parts.append(
                f'<rect class="bar s-{escape(s.key)}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}">'
                f"<title>{escape(s.label)}: {count}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text class="inbar" x="{x + w / 2:.1f}" y="{y + bar_h / 2:.1f}" text-anchor="middle" '
                    f'dominant-baseline="middle">{count}</text>'
                )
            x += w
        parts.append(
            f'<text class="value" x="{LABEL_WIDTH + BAR_AREA + 6}" y="{y + bar_h / 2:.1f}" '
            f'dominant-baseline="middle">{total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def day_columns(caption: str, days: Sequence[tuple[str, int, int]]) -> str:
    """Columns per day: answers, with the right ones in a darker part.

    Args:
        caption: What the chart shows.
        days: ``(ISO date, answers, right answers)``, oldest first.
    """
    height, top, bottom, left = 150, 10, 24, 34
    area_h = height - top - bottom
    area_w = WIDTH - left - 6
    peak = max([n for _, n, _ in days] + [1])
    step = area_w / max(1, len(days))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(caption)}</title>',
        f'<line class="grid" x1="{left}" x2="{WIDTH - 6}" y1="{top + area_h}" y2="{top + area_h}"/>',
        f'<text class="axis" x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>',
        f'<text class="axis" x="{left - 4}" y="{top + area_h}" text-anchor="end">0</text>',
    ]
    for index, (day, answers, right) in enumerate(days):
        x = left + index * step + 1
        w = max(1.0, step - 2)
        h_all = area_h * answers / peak
        h_right = area_h * min(right, answers) / peak
        if answers:
            parts.append(
                f'<rect class="bar s-answers" x="{x:.1f}" y="{top + area_h - h_all:.1f}" width="{w:.1f}" '
                f'height="{h_all:.1f}"><title>{escape(day)}: {answers} answers, {right} right</title></rect>'
            )
            parts.append(
                f'<rect class="bar s-right" x="{x:.1f}" y="{top + area_h - h_right:.1f}" width="{w:.1f}" '
                f'height="{h_right:.1f}"/>'
            )
        last = len(days) - 1
        # A label every week and on the last day, but not two labels crowding each other.
        if index in (0, last) or (index % 7 == 0 and last - index >= 4):
            parts.append(
                f'<text class="axis" x="{x + w / 2:.1f}" y="{height - 8}" text-anchor="middle">{escape(day[5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
