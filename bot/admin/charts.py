"""Geometry of the server-side SVG bar charts on the stats page (the template draws the shapes)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    show_label: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    max_value: int


def column_chart(points: list[tuple[str, int]], *, width: int = 720, height: int = 200,
                 label_every: int = 0) -> BarChart:
    """Vertical bars for (label, value) points, scaled to the largest value."""
    top, bottom = 16.0, 28.0
    plot = height - top - bottom
    largest = max((v for _, v in points), default=0) or 1
    slot = width / max(len(points), 1)
    gap = min(6.0, slot * 0.25)
    every = label_every or max(1, len(points) // 8)
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot * value / largest
        bars.append(Bar(x=round(i * slot + gap / 2, 2), y=round(top + plot - h, 2), width=round(slot - gap, 2),
                        height=round(h, 2), value=value, label=label,
                        show_label=(i % every == 0 or i == len(points) - 1)))
    return BarChart(width=width, height=height, baseline=top + plot, bars=bars,
                    max_value=max((v for _, v in points), default=0))
