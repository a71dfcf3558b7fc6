"""Geometry for the result page's timeline (drawn as SVG by the template).

Two panels share a time axis: how far the eyes are open, and how sharp the face is
next to the rest of the picture. Blinks are shaded, flagged moments get a marker.
Values are scaled to their own maximum: the shapes matter here, not the units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 720
LEFT = 56
RIGHT = 16
PANEL_HEIGHT = 110
PANEL_GAP = 34
TOP = 22
AXIS_HEIGHT = 34
PLOT_WIDTH = WIDTH - LEFT - RIGHT


@dataclass
class Panel:
    top: float
    label: str
    lines: list[dict] = field(default_factory=list)  # {"css": ..., "segments": [points]}

    @property
    def bottom(self) -> float:
        return self.top + PANEL_HEIGHT

    @property
    def middle(self) -> float:
        return self.top + PANEL_HEIGHT / 2


@dataclass
class Timeline:
    width: int
    height: int
    left: int
    right_edge: int
    panels: list[Panel]
    blinks: list[dict]
    moments: list[dict]
    ticks: list[dict]
    axis_y: float
    duration_s: float


def _finite(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _segments(times: list, values: list, x_of, top: float, scale: float) -> list[str]:
    """Polyline point lists, split wherever a value is missing (no face in view)."""
    segments, current = [], []
    for t, v in zip(times, values, strict=False):
        t, v = _finite(t), _finite(v)
        if t is None or v is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            continue
        y = top + PANEL_HEIGHT - min(1.0, max(0.0, v / scale)) * PANEL_HEIGHT
        current.append(f"{x_of(t):.1f},{y:.1f}")
    if len(current) > 1:
        segments.append(" ".join(current))
    return segments


def _max(*series: list) -> float:
    values = [v for s in series for v in (_finite(x) for x in s) if v is not None]
    return max(values) if values and max(values) > 0 else 1.0


def _tick_step(duration: float) -> float:
    for step in (1, 2, 5, 10, 15, 30, 60):
        if duration / step <= 10:
            return step
    return 120


def timeline(report: dict) -> Timeline | None:
    """``None`` when the report has nothing to draw."""
    series = report.get("series") or {}
    times = series.get("time_s") or []
    duration = _finite(report.get("duration_s")) or _max(times)
    if len(times) < 2 or not duration:
        return None

    def x_of(t: float) -> float:
        return LEFT + min(1.0, max(0.0, t / duration)) * PLOT_WIDTH

    eyes = series.get("eye_openness") or []
    face = series.get("face_sharpness") or []
    scene = series.get("scene_sharpness") or []
    eye_panel = Panel(TOP, "Ogen open")
    eye_panel.lines.append(
        {
            "css": "chart-line chart-line--eyes",
            "segments": _segments(times, eyes, x_of, TOP, _max(eyes)),
        }
    )
    sharp_top = TOP + PANEL_HEIGHT + PANEL_GAP
    sharp_panel = Panel(sharp_top, "Scherpte")
    sharp_scale = _max(face, scene)
    sharp_panel.lines.append(
        {
            "css": "chart-line chart-line--scene",
            "segments": _segments(times, scene, x_of, sharp_top, sharp_scale),
        }
    )
    sharp_panel.lines.append(
        {
            "css": "chart-line chart-line--face",
            "segments": _segments(times, face, x_of, sharp_top, sharp_scale),
        }
    )
    blinks = []
    for blink in report.get("blinks") or []:
        start, end = _finite(blink.get("start_s")), _finite(blink.get("end_s"))
        if start is None or end is None:
            continue
        x = x_of(start)
        blinks.append({"x": round(x, 1), "width": round(max(2.0, x_of(end) - x), 1)})
    moments = []
    for moment in report.get("suspicious_moments") or []:
        t = _finite(moment.get("time_s"))
        if t is not None:
            moments.append({"x": round(x_of(t), 1), "time_s": t, "reason": moment.get("reason")})
    step = _tick_step(duration)
    ticks = []
    t = 0.0
    while t <= duration + 1e-6:
        ticks.append({"x": round(x_of(t), 1), "label": f"{t:g} s"})
        t += step
    axis_y = sharp_panel.bottom
    return Timeline(
        width=WIDTH,
        height=round(axis_y + AXIS_HEIGHT),
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        panels=[eye_panel, sharp_panel],
        blinks=blinks,
        moments=moments,
        ticks=ticks,
        axis_y=axis_y,
        duration_s=duration,
    )
