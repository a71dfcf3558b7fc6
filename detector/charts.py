"""Geometry for the result page's timeline (drawn as SVG by detector/_timeline.html).

Two panels share a time axis in seconds. Top: eye openness relative to this person's
usual level (1 = usual, down = closed), each blink marked and numbered. Bottom: face
sharpness relative to its own usual level (a dip = a blurrier moment), the flagged
stretches shaded, and the scene's sharpness only around those stretches (where the
reader compares the two). Every mark links to its entry in the text alternative
(blinks) or to its moment (``#moment-N``).

Two layouts of the same drawing: a wide one and a narrow one whose text stays at
least 12 px on a 390 px phone; CSS (a container query) shows one of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from common.svg import Scale, coord, nice_step, polyline, ticks
from detector import wording


@dataclass(frozen=True)
class Layout:
    name: str
    width: float
    left: float
    right: float
    font: float  # every text in the drawing has this size (user units)
    panel_height: float
    most_ticks: int
    long_titles: bool

    @property
    def lane(self) -> float:
        return self.font + 6

    @property
    def char(self) -> float:
        """A generous width of one digit or capital at this font size."""
        return self.font * 0.62


# Wide: shown from 560 px of room up, so 16 units are at least 12.4 px.
WIDE = Layout("breed", 720, 40, 16, 16, 120, 10, True)
# Narrow: shown below 560 px; at 390 px (about 350 px of room) 14 units are ~13.6 px.
NARROW = Layout("smal", 360, 30, 10, 14, 100, 5, False)
LAYOUTS = (WIDE, NARROW)

EYES_TOP = 1.2  # eye openness drawn from 0 to this
SHARP_TOP = 1.6  # relative sharpness drawn from 0 to this
SCENE_CONTEXT_S = 1.0  # the scene line is drawn this long around a flagged stretch
MAX_LANES = 3


@dataclass
class Text:
    x: str
    y: str
    text: str
    css: str
    anchor: str = "start"


@dataclass
class Line:
    x1: str
    y1: str
    x2: str
    y2: str
    css: str


@dataclass
class Band:
    x: str
    y: str
    width: str
    height: str
    css: str


@dataclass
class Mark:
    """A numbered or lettered label that links to what it marks."""

    href: str
    name: str  # the accessible name: 'Knippering 3 na 4,2 seconden'
    label: str
    x: str
    y: str
    box_x: str
    box_y: str
    box_width: str
    box_height: str
    css: str
    time_s: float


@dataclass
class Timeline:
    layout: str
    width: str
    height: str
    title_id: str
    desc_id: str
    bands: list[Band] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    polylines: list[tuple[str, str]] = field(default_factory=list)  # (css, points)
    texts: list[Text] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _segments(
    times: list[Any],
    values: list[Any],
    x_of: Scale,
    y_of: Scale,
    keep: list[tuple[float, float]] | None = None,
) -> list[str]:
    """Polyline point lists, split wherever a value is missing (no face in view) or,
    with ``keep``, wherever the time falls outside every kept window."""
    segments: list[str] = []
    current: list[tuple[float, float]] = []
    for raw_t, raw_v in zip(times, values, strict=False):
        t, v = _finite(raw_t), _finite(raw_v)
        outside = keep is not None and t is not None and not any(a <= t <= b for a, b in keep)
        if t is None or v is None or outside:
            if len(current) > 1:
                segments.append(polyline(current))
            current = []
            continue
        current.append((x_of(t), y_of(v)))
    if len(current) > 1:
        segments.append(polyline(current))
    return segments


@dataclass
class _Label:
    x: float
    text: str
    href: str
    name: str
    css: str
    time_s: float


def _lanes(labels: list[_Label], layout: Layout) -> list[tuple[_Label, int]]:
    """Put labels that would overlap on separate rows (at most MAX_LANES)."""
    ends: list[float] = []
    placed = []
    for label in sorted(labels, key=lambda item: item.x):
        half = (len(label.text) * layout.char + 6) / 2
        lane = next((i for i, end in enumerate(ends) if end <= label.x - half), None)
        if lane is None and len(ends) < MAX_LANES:
            ends.append(-math.inf)
            lane = len(ends) - 1
        if lane is None:
            lane = min(range(len(ends)), key=lambda i: ends[i])
        ends[lane] = label.x + half + 2
        placed.append((label, lane))
    return placed


def _lane_count(labels: list[_Label], layout: Layout) -> int:
    return 1 + max((lane for _, lane in _lanes(labels, layout)), default=0)


def _marks(labels: list[_Label], layout: Layout, top: float) -> list[Mark]:
    marks = []
    for label, lane in _lanes(labels, layout):
        width = len(label.text) * layout.char + 6
        box_top = top + lane * layout.lane
        marks.append(
            Mark(
                href=label.href,
                name=label.name,
                label=label.text,
                x=coord(label.x),
                y=coord(box_top + layout.font),
                box_x=coord(label.x - width / 2),
                box_y=coord(box_top),
                box_width=coord(width),
                box_height=coord(layout.font + 4),
                css=label.css,
                time_s=label.time_s,
            )
        )
    return marks


def timeline(report: dict, layout: Layout = WIDE, prefix: str = "") -> Timeline | None:
    """The drawing in ``layout``; ``None`` when the report has nothing to draw.

    ``prefix`` keeps ids and links apart when two results share a page (Vergelijk).
    """
    series = report.get("series") or {}
    times = list(series.get("time_s") or [])
    known_times = [t for t in (_finite(v) for v in times) if t is not None]
    duration = _finite(report.get("duration_s")) or (max(known_times) if known_times else 0)
    if len(times) < 2 or not duration:
        return None
    right = layout.width - layout.right
    x_of = Scale(0, duration, layout.left, right)
    font = layout.font
    chart = Timeline(
        layout=layout.name,
        width=coord(layout.width),
        height="0",
        title_id=f"{prefix}tijdlijn-{layout.name}-titel",
        desc_id=f"{prefix}tijdlijn-{layout.name}-uitleg",
    )
    moments = wording.moments(report)

    # Labels: blink numbers and eye moments above the eyes, blur moments above the face.
    eye_labels = []
    for blink in report.get("blinks") or []:
        t = _finite(blink.get("lowest_s"))
        if t is None:
            continue
        eye_labels.append(
            _Label(
                x_of(t),
                str(blink.get("number")),
                f"#{prefix}knipper-{blink.get('number')}",
                wording.blink_name(blink),
                "chart-mark chart-mark--blink",
                t,
            )
        )
    sharp_labels = []
    whole_clip: list[_Label] = []  # about all blinks: lettered at the end of the eyes' title
    for moment in moments:
        label = _Label(
            x_of(moment.time_s),
            moment.label,
            f"#{prefix}moment-{moment.number}",
            wording.moment_name(moment),
            "chart-mark chart-mark--moment",
            moment.time_s,
        )
        if moment.reason in wording.EYE_REASONS:
            eye_labels.append(label)
        elif moment.reason in wording.BLUR_REASONS:
            sharp_labels.append(label)
        elif moment.reason in wording.WHOLE_CLIP_REASONS:
            whole_clip.append(label)

    y = 0.0
    panels: list[tuple[float, float]] = []
    for title, short, labels in (
        (wording.EYES_PANEL, wording.EYES_PANEL_SHORT, eye_labels),
        (wording.SHARPNESS_PANEL, wording.SHARPNESS_PANEL_SHORT, sharp_labels),
    ):
        y += font + 6
        chart.texts.append(
            Text(coord(4), coord(y), title if layout.long_titles else short, "chart-title")
        )
        if not panels:
            for k, label in enumerate(reversed(whole_clip)):
                width = len(label.text) * layout.char + 6
                label.x = right - width / 2 - k * (width + 4)
            chart.marks += _marks(whole_clip, layout, y - font - 2)
        y += 6
        lanes_top = y
        y += _lane_count(labels, layout) * layout.lane + 4 if labels else 4
        chart.marks += _marks(labels, layout, lanes_top)
        panels.append((y, y + layout.panel_height))
        y += layout.panel_height + 6
    (eyes_top, eyes_bottom), (sharp_top, sharp_bottom) = panels
    eyes_y = Scale(0, EYES_TOP, eyes_bottom, eyes_top)
    sharp_y = Scale(0, SHARP_TOP, sharp_bottom, sharp_top)

    # Shaded stretches: blinks and long closures (eyes), flagged blur (face).
    for blink in report.get("blinks") or []:
        start, end = _finite(blink.get("start_s")), _finite(blink.get("end_s"))
        if start is not None and end is not None:
            x = x_of(start)
            chart.bands.append(
                Band(
                    coord(x),
                    coord(eyes_top),
                    coord(max(3.0, x_of(end) - x)),
                    coord(eyes_bottom - eyes_top),
                    "chart-band chart-band--blink",
                )
            )
    blur_windows = []
    for raw in report.get("suspicious_moments") or []:
        start, end = _finite(raw.get("start_s")), _finite(raw.get("end_s"))
        reason = raw.get("reason")
        if start is None or end is None or reason not in (*wording.BLUR_REASONS, "eyes_closed"):
            continue
        top, bottom = (sharp_top, sharp_bottom) if reason != "eyes_closed" else panels[0]
        x = x_of(start)
        chart.bands.append(
            Band(
                coord(x),
                coord(top),
                coord(max(4.0, x_of(end) - x)),
                coord(bottom - top),
                "chart-band chart-band--moment",
            )
        )
        if reason in wording.BLUR_REASONS:
            blur_windows.append((start - SCENE_CONTEXT_S, end + SCENE_CONTEXT_S))

    # Axes and the "usual" level (1) of each panel, with its value.
    for top, bottom, y_of in ((eyes_top, eyes_bottom, eyes_y), (sharp_top, sharp_bottom, sharp_y)):
        chart.lines.append(
            Line(coord(layout.left), coord(bottom), coord(right), coord(bottom), "chart-axis")
        )
        chart.lines.append(
            Line(coord(layout.left), coord(top), coord(layout.left), coord(bottom), "chart-axis")
        )
        chart.lines.append(
            Line(coord(layout.left), coord(y_of(1)), coord(right), coord(y_of(1)), "chart-usual")
        )
        for value in (0, 1):
            chart.texts.append(
                Text(
                    coord(layout.left - 6),
                    coord(y_of(value) + font * 0.35),
                    str(value),
                    "chart-tick",
                    "end",
                )
            )

    chart.polylines += [
        ("chart-line chart-line--scene", points)
        for points in _segments(
            times, series.get("scene_sharpness") or [], x_of, sharp_y, keep=blur_windows
        )
        if blur_windows
    ]
    chart.polylines += [
        ("chart-line chart-line--face", points)
        for points in _segments(times, series.get("face_sharpness") or [], x_of, sharp_y)
    ]
    chart.polylines += [
        ("chart-line chart-line--eyes", points)
        for points in _segments(times, series.get("eye_openness") or [], x_of, eyes_y)
    ]

    # Time axis in seconds.
    axis_y = sharp_bottom
    step = nice_step(duration, most=layout.most_ticks, steps=(1, 2, 5, 10, 15, 30, 60))
    for t in ticks(0, duration, step):
        x = x_of(t)
        chart.lines.append(Line(coord(x), coord(axis_y), coord(x), coord(axis_y + 5), "chart-axis"))
        chart.texts.append(
            Text(coord(x), coord(axis_y + 6 + font), f"{t:g}", "chart-tick", "middle")
        )
    y = axis_y + 6 + font + 6 + font
    chart.texts.append(Text(coord(right), coord(y), wording.TIME_AXIS, "chart-tick", "end"))
    chart.height = coord(y + 6)
    return chart


def timelines(report: dict, prefix: str = "") -> list[Timeline]:
    """The drawing in every layout (the page shows one, CSS picks it)."""
    return [chart for layout in LAYOUTS if (chart := timeline(report, layout, prefix))]
