"""Server-side horizontal bar charts, drawn as accessible SVG next to their data table."""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 60
BAR_HEIGHT = 22
GAP = 8


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.7

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass
class BarChart:
    slug: str
    title: str
    description: str
    column_label: str
    value_label: str
    bars: list
    height: int

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    label_width = LABEL_WIDTH
    width = WIDTH
    bar_height = BAR_HEIGHT


def bar_chart(slug, title, description, column_label, value_label, rows):
    """`rows`: (label, value) pairs in display order."""
    rows = list(rows)
    largest = max((value for _, value in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label=str(label),
            value=value,
            y=index * (BAR_HEIGHT + GAP),
            width=round(span * value / largest),
        )
        for index, (label, value) in enumerate(rows)
    ]
    height = max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT)
    return BarChart(slug, title, description, column_label, value_label, bars, height)
