"""Geometry for the result page's timeline (drawn as SVG by detector/_timeline.html).

Two panels share a time axis in seconds. Top: eye openness relative to this person's
usual level (1 = usual, down = closed), each blink marked and numbered. Bottom: face
sharpness relative to its own usual level (a dip = a blurrier moment), the flagged
stretches shaded, and the scene's sharpness only around those stretches (where the
reader compares the two). Dips of the eye line that were not counted as blinks are
open rings at their lowest point. Every mark links to its entry in the text
alternative (blinks), to its moment (``#moment-N``) or to its reason (``#dip-N``).

Two layouts of the same drawing: a wide one and a narrow one whose text stays at
least 12 px on a 390 px phone; CSS (a container query) shows one of them.

Every mark and ring is a tap target of at least 44 by 44 CSS pixels (WCAG 2.5.5) at
the smallest size its layout is shown at: an invisible area around the small visible
label takes the tap. Marks sit in lanes as tall as that area, side by side as far as
their areas allow, so two targets do not overlap until the lanes run out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from common.svg import Scale, coord, nice_step, polyline, ticks
from detector.analysis import codes
from detector.results import ParsedReport, RejectedBlink
from detector.wording.dips import MOST_LISTED, dip_name
from detector.wording.moments import MomentText, moment_name
from detector.wording.timeline import (
    EYES_PANEL,
    EYES_PANEL_SHORT,
    SHARPNESS_PANEL,
    SHARPNESS_PANEL_SHORT,
    TIME_AXIS,
    blink_name,
)


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
    target: float  # a tap target's side: 44 CSS px at the narrowest this layout is shown

    @property
    def lane(self) -> float:
        return self.target

    @property
    def char(self) -> float:
        """A generous width of one digit or capital at this font size."""
        return self.font * 0.62


# Wide: shown from 560 px of room up, so 16 units are at least 12.4 px, and a target
# of 57 units is at least 44 px.
WIDE = Layout("breed", 720, 40, 16, 16, 120, 10, True, 57)
# Narrow: shown below 560 px; at 390 px (about 350 px of room) 14 units are ~13.6 px,
# and a target of 50 units is at least 44 px from 317 px of room (a 360 px phone).
NARROW = Layout("smal", 360, 30, 10, 14, 100, 5, False, 50)
LAYOUTS = (WIDE, NARROW)

EYES_TOP = 1.2  # eye openness drawn from 0 to this
SHARP_TOP = 1.6  # relative sharpness drawn from 0 to this
SCENE_CONTEXT_S = 1.0  # the scene line is drawn this long around a flagged stretch
MAX_LANES = 3
DIP_RADIUS = 5  # the ring of a dip not counted as a blink
# Moments shaded on the chart (an odd blink is shaded as the blink it is).
SHADED_MOMENTS = (*codes.BLUR_MOMENTS, "eyes_closed")


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
    name: str  # the accessible name: 'Knipper 3 na 4,2 seconden'
    label: str
    x: str
    y: str
    box_x: str
    box_y: str
    box_width: str
    box_height: str
    target_x: str  # the invisible area that takes a tap: at least Layout.target square
    target_y: str
    target_width: str
    target_height: str
    css: str
    time_s: float


@dataclass
class Dip:
    """An open ring where the eyes dipped without a blink; ``href`` and ``name`` are
    empty for a dip the page does not list (it is drawn, not linked)."""

    x: str
    y: str
    time_s: float
    href: str = ""
    name: str = ""


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
    dips: list[Dip] = field(default_factory=list)
    dip_radius: str = coord(DIP_RADIUS)
    dip_target: str = "0"  # the radius of the round area around a ring that takes a tap


def _segments(
    times: Sequence[float | None],
    values: Sequence[float | None],
    x_of: Scale,
    y_of: Scale,
    keep: list[tuple[float, float]] | None = None,
) -> list[str]:
    """Polyline point lists, split wherever a value is missing (no face in view) or,
    with ``keep``, wherever the time falls outside every kept window."""
    segments: list[str] = []
    current: list[tuple[float, float]] = []
    for t, v in zip(times, values, strict=False):
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


def _box_width(label: _Label, layout: Layout) -> float:
    """The visible label's width."""
    return len(label.text) * layout.char + 14


def _box_height(layout: Layout) -> float:
    return layout.font + 10


def _target_width(label: _Label, layout: Layout) -> float:
    return max(layout.target, _box_width(label, layout))


def _lanes(labels: list[_Label], layout: Layout) -> list[tuple[_Label, int]]:
    """Put labels whose tap targets would overlap on separate rows (at most MAX_LANES)."""
    ends: list[float] = []
    placed = []
    for label in sorted(labels, key=lambda item: item.x):
        half = _target_width(label, layout) / 2
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
    """Each label's mark in its lane from ``top`` down: the visible box in the middle of
    the lane, the tap target filling it."""
    marks = []
    for label, lane in _lanes(labels, layout):
        width = _box_width(label, layout)
        target = _target_width(label, layout)
        lane_top = top + lane * layout.lane
        box_top = lane_top + (layout.lane - _box_height(layout)) / 2
        marks.append(
            Mark(
                href=label.href,
                name=label.name,
                label=label.text,
                x=coord(label.x),
                y=coord(box_top + (_box_height(layout) + layout.font * 0.7) / 2),
                box_x=coord(label.x - width / 2),
                box_y=coord(box_top),
                box_width=coord(width),
                box_height=coord(_box_height(layout)),
                target_x=coord(label.x - target / 2),
                target_y=coord(lane_top),
                target_width=coord(target),
                target_height=coord(layout.lane),
                css=label.css,
                time_s=label.time_s,
            )
        )
    return marks


@dataclass(frozen=True)
class _Panel:
    top: float
    bottom: float
    y_of: Scale  # a value (1 = usual) to its height in the drawing


@dataclass
class _PanelLabels:
    eyes: list[_Label]  # blink numbers and eye moments, above the eyes
    sharpness: list[_Label]  # blur moments, above the face's sharpness
    whole_clip: list[_Label]  # about all blinks: lettered at the end of the eyes' title


def timeline(
    report: ParsedReport,
    moments: Sequence[MomentText],
    layout: Layout = WIDE,
    prefix: str = "",
) -> Timeline | None:
    """The drawing in ``layout``; ``None`` when the report has nothing to draw.

    ``moments``: the report's moments in words (worded once per page). ``prefix``
    keeps ids and links apart when two results share a page (Vergelijk).
    """
    duration = _duration(report)
    if len(report.series.time_s) < 2 or not duration:
        return None
    x_of = Scale(0, duration, layout.left, layout.width - layout.right)
    chart = Timeline(
        layout=layout.name,
        width=coord(layout.width),
        height="0",
        title_id=f"{prefix}tijdlijn-{layout.name}-titel",
        desc_id=f"{prefix}tijdlijn-{layout.name}-uitleg",
        dip_target=coord(layout.target / 2),
    )
    eyes, sharpness = _panels(chart, _labels(report, moments, x_of, prefix), layout)
    _shade(chart, report, x_of, eyes, sharpness)
    for panel in (eyes, sharpness):
        _axes(chart, panel, layout)
    _lines(chart, report, x_of, eyes, sharpness)
    chart.dips = [_dip(dip, x_of, eyes, prefix) for dip in report.rejected_blinks]
    _time_axis(chart, layout, x_of, duration, sharpness.bottom)
    return chart


def timelines(
    report: ParsedReport, moments: Sequence[MomentText], prefix: str = ""
) -> list[Timeline]:
    """The drawing in every layout (the page shows one, CSS picks it)."""
    return [chart for layout in LAYOUTS if (chart := timeline(report, moments, layout, prefix))]


def _duration(report: ParsedReport) -> float:
    known_times = [t for t in report.series.time_s if t is not None]
    return report.duration_s or (max(known_times) if known_times else 0.0)


def _labels(
    report: ParsedReport, moments: Sequence[MomentText], x_of: Scale, prefix: str
) -> _PanelLabels:
    """Every mark's label, sorted by the panel it belongs to."""
    labels = _PanelLabels(eyes=[], sharpness=[], whole_clip=[])
    for blink in report.counted_blinks:
        if blink.lowest_s is None:
            continue
        labels.eyes.append(
            _Label(
                x_of(blink.lowest_s),
                str(blink.number),
                f"#{prefix}knipper-{blink.number}",
                blink_name(blink),
                "chart-mark chart-mark--blink",
                blink.lowest_s,
            )
        )
    for moment in moments:
        label = _Label(
            x_of(moment.time_s),
            moment.label,
            f"#{prefix}moment-{moment.number}",
            moment_name(moment),
            "chart-mark chart-mark--moment",
            moment.time_s,
        )
        if moment.reason in codes.EYE_MOMENTS:
            labels.eyes.append(label)
        elif moment.reason in codes.BLUR_MOMENTS:
            labels.sharpness.append(label)
        elif moment.reason in codes.WHOLE_CLIP_MOMENTS:
            labels.whole_clip.append(label)
    return labels


def _panels(chart: Timeline, labels: _PanelLabels, layout: Layout) -> tuple[_Panel, _Panel]:
    """Each panel's title and marks above it; returns where the eyes' panel and the
    sharpness panel are drawn."""
    font = layout.font
    y = font + 6
    right = layout.width - layout.right
    if labels.whole_clip:
        # Marks about the whole clip sit at the right of the title, in a row as tall
        # as their targets; the title's line runs through the middle of that row.
        chart.marks += _whole_clip_marks(labels.whole_clip, layout, right)
        y = 4 + (layout.lane + font * 0.7) / 2
    chart.texts.append(_title(EYES_PANEL, EYES_PANEL_SHORT, y, layout))
    if labels.whole_clip:
        y = 4 + layout.lane - 6
    y = _lanes_below(chart, labels.eyes, layout, y + 6)
    eyes = _Panel(y, y + layout.panel_height, Scale(0, EYES_TOP, y + layout.panel_height, y))
    y = eyes.bottom + 6 + font + 6
    chart.texts.append(_title(SHARPNESS_PANEL, SHARPNESS_PANEL_SHORT, y, layout))
    y = _lanes_below(chart, labels.sharpness, layout, y + 6)
    sharpness = _Panel(y, y + layout.panel_height, Scale(0, SHARP_TOP, y + layout.panel_height, y))
    return eyes, sharpness


def _whole_clip_marks(labels: list[_Label], layout: Layout, right: float) -> list[Mark]:
    """One row, from the right edge leftwards, every target beside the next."""
    x = right
    for label in reversed(labels):
        width = _target_width(label, layout)
        label.x = x - width / 2
        x -= width + 4
    return [mark for label in labels for mark in _marks([label], layout, 4)]


def _title(title: str, short: str, y: float, layout: Layout) -> Text:
    return Text(coord(4), coord(y), title if layout.long_titles else short, "chart-title")


def _lanes_below(chart: Timeline, labels: list[_Label], layout: Layout, top: float) -> float:
    """The marks in lanes from ``top`` down; returns where the panel under them starts."""
    chart.marks += _marks(labels, layout, top)
    return top + (_lane_count(labels, layout) * layout.lane + 4 if labels else 4)


def _band(x: float, width: float, top: float, bottom: float, css: str) -> Band:
    return Band(coord(x), coord(top), coord(width), coord(bottom - top), css)


def _shade(
    chart: Timeline, report: ParsedReport, x_of: Scale, eyes: _Panel, sharpness: _Panel
) -> None:
    """Shaded stretches: blinks and long closures (eyes), flagged blur (face)."""
    for blink in report.counted_blinks:
        if blink.start_s is not None and blink.end_s is not None:
            x = x_of(blink.start_s)
            width = max(3.0, x_of(blink.end_s) - x)
            chart.bands.append(
                _band(x, width, eyes.top, eyes.bottom, "chart-band chart-band--blink")
            )
    for moment in report.moments:
        start, end = moment.start_s, moment.end_s
        if start is None or end is None or moment.reason not in SHADED_MOMENTS:
            continue
        panel = eyes if moment.reason in codes.EYE_MOMENTS else sharpness
        x = x_of(start)
        width = max(4.0, x_of(end) - x)
        chart.bands.append(
            _band(x, width, panel.top, panel.bottom, "chart-band chart-band--moment")
        )


def _blur_windows(report: ParsedReport) -> list[tuple[float, float]]:
    """Where the scene's sharpness is drawn: around each flagged blur."""
    return [
        (moment.start_s - SCENE_CONTEXT_S, moment.end_s + SCENE_CONTEXT_S)
        for moment in report.moments
        if moment.reason in codes.BLUR_MOMENTS
        and moment.start_s is not None
        and moment.end_s is not None
    ]


def _axes(chart: Timeline, panel: _Panel, layout: Layout) -> None:
    """A panel's axes and its "usual" level (1), with the values 0 and 1."""
    left, right = coord(layout.left), coord(layout.width - layout.right)
    top, bottom, usual = coord(panel.top), coord(panel.bottom), coord(panel.y_of(1))
    chart.lines.append(Line(left, bottom, right, bottom, "chart-axis"))
    chart.lines.append(Line(left, top, left, bottom, "chart-axis"))
    chart.lines.append(Line(left, usual, right, usual, "chart-usual"))
    for value in (0, 1):
        y = coord(panel.y_of(value) + layout.font * 0.35)
        chart.texts.append(Text(coord(layout.left - 6), y, str(value), "chart-tick", "end"))


def _lines(
    chart: Timeline, report: ParsedReport, x_of: Scale, eyes: _Panel, sharpness: _Panel
) -> None:
    """The measured lines: the scene's sharpness (around flagged blur only), the face's
    sharpness and the eyes' openness."""
    series = report.series
    windows = _blur_windows(report)
    if windows:
        scene = _segments(series.time_s, series.scene_sharpness, x_of, sharpness.y_of, windows)
        chart.polylines += [("chart-line chart-line--scene", points) for points in scene]
    face = _segments(series.time_s, series.face_sharpness, x_of, sharpness.y_of)
    chart.polylines += [("chart-line chart-line--face", points) for points in face]
    open_eyes = _segments(series.time_s, series.eye_openness, x_of, eyes.y_of)
    chart.polylines += [("chart-line chart-line--eyes", points) for points in open_eyes]


def _dip(dip: RejectedBlink, x_of: Scale, eyes: _Panel, prefix: str) -> Dip:
    """The ring at the dip's lowest point (1 - its depth: the openness it reached), on
    the usual level when its depth is not known. The listed ones link to their reason."""
    openness = 1.0 - dip.depth if dip.depth is not None else 1.0
    drawn = Dip(
        coord(x_of(dip.lowest_s)),
        coord(eyes.y_of(min(max(openness, 0.0), EYES_TOP))),
        dip.lowest_s,
    )
    if dip.number <= MOST_LISTED:
        drawn.href = f"#{prefix}dip-{dip.number}"
        drawn.name = dip_name(dip)
    return drawn


def _time_axis(chart: Timeline, layout: Layout, x_of: Scale, duration: float, y: float) -> None:
    """Ticks in seconds under the lower panel, its unit, and the drawing's height."""
    font = layout.font
    step = nice_step(duration, most=layout.most_ticks, steps=(1, 2, 5, 10, 15, 30, 60))
    for t in ticks(0, duration, step):
        x = x_of(t)
        chart.lines.append(Line(coord(x), coord(y), coord(x), coord(y + 5), "chart-axis"))
        chart.texts.append(Text(coord(x), coord(y + 6 + font), f"{t:g}", "chart-tick", "middle"))
    bottom = y + 6 + font + 6 + font
    right = layout.width - layout.right
    chart.texts.append(Text(coord(right), coord(bottom), TIME_AXIS, "chart-tick", "end"))
    chart.height = coord(bottom + 6)
