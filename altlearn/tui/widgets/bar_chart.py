"""A vertical bar chart drawn with block characters, labelled so it reads without colour."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

_BLOCKS = " ▁▂▃▄▅▆▇█"


class BarChart(Widget):
    """Bars for a series of counts, with the maximum and the first/last labels.

    Args:
        values: One count per bar.
        labels: Text under the first and last bars.
        height: Rows of bars.
    """

    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; }
    """

    def __init__(
        self,
        values: list[int] | None = None,
        labels: tuple[str, str] = ("", ""),
        *,
        height: int = 5,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.values = values or []
        self.labels = labels
        self.chart_height = height

    def set_data(self, values: list[int], labels: tuple[str, str]) -> None:
        """Replace the series and redraw."""
        self.values = values
        self.labels = labels
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self.chart_height + 1

    def render(self) -> Content:
        values = self.values
        peak = max(values, default=0)
        axis = len(str(peak))
        # As wide as the screen allows: each bar one or more cells, a gap between wide ones.
        room = max(len(values), self.size.width - axis - 2)
        step = max(1, room // max(1, len(values)))
        bar_width = step - 1 if step > 2 else step
        rows: list[str] = []
        for row in range(self.chart_height, 0, -1):
            line = []
            for value in values:
                level = value / peak * self.chart_height if peak else 0
                fill = min(max(level - (row - 1), 0), 1)
                cell = _BLOCKS[round(fill * 8)] if value else (" " if row > 1 else "·")
                line.append(cell * bar_width + " " * (step - bar_width))
            prefix = str(peak).rjust(axis) if row == self.chart_height else " " * axis
            rows.append(f"{prefix} │" + "".join(line))
        first, last = self.labels
        gap = max(1, len(values) * step - len(first) - len(last))
        rows.append(" " * axis + " └" + first + " " * gap + last)
        return Content("\n".join(rows))
