"""Geometry for server-drawn SVG charts (the templates draw, Python measures).

Numbers that go into SVG attributes must have a decimal point: Django's
templates would print a float as '0,5' in Dutch. `coord` formats them as text,
the `coord` template filter (common/templatetags/svg.py) does it in templates.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass


def coord(value: float) -> str:
    """A coordinate or length for an SVG attribute: one decimal, a decimal point."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Scale:
    """Maps values in [low, high] linearly onto [start, end] (e.g. pixels),
    clamping values outside the range to its edges. `end` may be below `start`
    (a y axis that grows upwards)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low
        share = (value - self.low) / span if span else 0.0
        return self.start + min(1.0, max(0.0, share)) * (self.end - self.start)


def polyline(points: Iterable[tuple[float, float]]) -> str:
    """The `points` attribute of an SVG polyline: 'x,y x,y …'."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def ticks(low: float, high: float, every: float) -> list[float]:
    """Tick values from `low` to `high` (inclusive) every `every`."""
    count = math.floor((high - low) / every + 1e-9)
    return [low + i * every for i in range(count + 1)]


def nice_step(span: float, *, most: int = 10, steps: Iterable[float] = (1, 2, 5, 10)) -> float:
    """The first of `steps` that puts at most `most` ticks on `span`; else the
    last step, multiplied by 10 until it does."""
    options = list(steps)
    for step in options:
        if span / step <= most:
            return step
    step = options[-1]
    while span / step > most:
        step *= 10
    return step


def bar_length(value: float, longest: float, room: float, *, least: float = 0.0) -> float:
    """The length of a bar for `value` when a bar for `longest` fills `room`;
    at least `least`, so an empty bar still shows."""
    return max(Scale(0.0, longest or 1.0, 0.0, room)(value), least)
