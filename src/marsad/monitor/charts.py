"""Bar charts as plain SVG geometry, drawn by templates (no JavaScript library).

In right-to-left languages the time axis runs from right to left, as readers
of Arabic and Hebrew expect; the template mirrors the bars, never the text.
"""

from dataclasses import dataclass
from datetime import date

WIDTH = 720
HEIGHT = 180


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    n: int


def bars(values: list[tuple[date, int]]) -> list[Bar]:
    """One bar per day, scaled to the largest count."""
    if not values:
        return []
    top = max(n for _d, n in values) or 1
    step = WIDTH / len(values)
    drawn = []
    for i, (day, n) in enumerate(values):
        height = HEIGHT * n / top
        drawn.append(
            Bar(
                x=round(i * step, 2),
                y=round(HEIGHT - height, 2),
                width=round(max(step * 0.8, 0.5), 2),
                height=round(height, 2),
                day=day,
                n=n,
            )
        )
    return drawn
