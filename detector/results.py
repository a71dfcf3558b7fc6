"""A stored result's report (``Analysis.report``), parsed once into typed objects.

The engine writes a JSON dict (its keys: ``detector/analysis/report.py``). The result
page, its chart, the Vergelijk page and the command line read the same facts from
it, so the dict is read here, once, and everything else reads a :class:`ParsedReport`.
Reports stored by an older engine may lack keys or hold odd values: a missing key
becomes its default, a number that is not a finite number becomes ``None``, and a
dip that was not counted (``rejected_blinks``, since 2.1) without its times or with a
reason this page has no words for is left out. Nothing here reads ``version``: every
version is read by what it holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from detector.analysis import codes


def finite(value: Any) -> float | None:
    """``value`` as a float, or ``None`` when it is missing, not a number, NaN or inf."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(str(code) for code in _items(value))


def _floats(value: Any) -> tuple[float | None, ...]:
    return tuple(finite(item) for item in _items(value))


@dataclass(frozen=True)
class Blink:
    number: int  # 1-based, in time order (the chart's label and the text's anchor)
    start_s: float | None
    end_s: float | None
    lowest_s: float | None  # when the eyes were most closed: where the chart marks it


@dataclass(frozen=True)
class RejectedBlink:
    """A dip of the eye line the engine did not count as a blink, and why."""

    number: int  # 1-based, in time order (the #dip-N anchor)
    start_s: float
    end_s: float
    lowest_s: float  # where the chart marks it
    depth: float | None  # 1 - the lowest openness (None: not given)
    reason: str  # a code of codes.REJECT_REASONS


@dataclass(frozen=True)
class MomentNumbers:
    """The figures behind a flagged moment (which ones depends on its reason)."""

    face_vs_usual: float | None = None  # blur: the face's sharpness, 1 = usual
    scene_vs_usual: float | None = None  # blur: the scene's sharpness, 1 = usual
    closed_s: float | None = None  # eyes: how long they were closed
    blinks: int | None = None  # whole clip: the blinks counted ...
    seconds: float | None = None  # ... in this many seconds of visible eyes


@dataclass(frozen=True)
class Moment:
    number: int  # 1-based position in the report (the #moment-N anchor)
    reason: str  # a code of codes.MOMENT_REASONS, or one this page does not know
    time_s: float
    start_s: float | None
    end_s: float | None
    numbers: MomentNumbers
    # Thumbnail numbers of its pictures, as the worker stored them (jobs.store_pictures).
    face_picture: int | None = None
    eyes_picture: int | None = None


@dataclass(frozen=True)
class Quality:
    """How well each signal was measured, and why not better."""

    eyes: str  # a code of codes.VERDICTS
    sharpness: str
    doubts: tuple[str, ...]
    face_found_ratio: float | None  # how often the face was found (0-1)
    face_size_px: float | None = None
    eye_width_px: float | None = None


@dataclass(frozen=True)
class Series:
    """The timeline's lines, one value per point (``None``: not measured there)."""

    time_s: tuple[float | None, ...] = ()
    eye_openness: tuple[float | None, ...] = ()
    face_sharpness: tuple[float | None, ...] = ()
    scene_sharpness: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class ParsedReport:
    duration_s: float
    cut_at_s: float | None  # measuring stopped here (the length limit); None: all of it
    visible_face_s: float  # seconds with the eyes in view: the blink count's seconds
    blinks: tuple[Blink, ...]
    blink_count: int
    moments: tuple[Moment, ...]
    blink_rate: str  # a code of codes.BLINK_RATES
    blur: str  # a code of codes.BLUR_LEVELS
    unknown_reasons: tuple[str, ...]
    quality: Quality
    series: Series
    # The clip itself (the command line prints them).
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    frames_analysed: int | None = None
    # Dips not counted as blinks (report 2.1; older reports have none).
    rejected_blinks: tuple[RejectedBlink, ...] = ()

    @property
    def counted_blinks(self) -> tuple[Blink, ...]:
        """The blinks to show: none when the eyes could not be measured (a count there
        would be a count of noise)."""
        return self.blinks if self.quality.eyes != "unknown" else ()

    @property
    def eye_problems(self) -> tuple[str, ...]:
        """Why the eyes were not measured at all (a clip that is too short is measured:
        its blinks are counted, only not judged)."""
        return tuple(code for code in self.unknown_reasons if code != codes.TOO_SHORT)

    @property
    def nothing_measured(self) -> bool:
        return self.quality.eyes == "unknown" and self.quality.sharpness == "unknown"


def parse_report(raw: Mapping[str, Any] | ParsedReport | None) -> ParsedReport:
    """The stored report as typed objects (a parsed one is returned as it is)."""
    if isinstance(raw, ParsedReport):
        return raw
    report = _mapping(raw)
    signals = _mapping(report.get("signals"))
    blink_rate = str(signals.get("blink_rate", "unknown"))
    blur = str(signals.get("blur", "unknown"))
    unknown_reasons = _codes(report.get("unknown_reasons"))
    blinks = _blinks(report.get("blinks"))
    duration = finite(report.get("duration_s"))
    visible = finite(report.get("visible_face_s"))
    count = report.get("blink_count")
    return ParsedReport(
        duration_s=duration or 0.0,
        cut_at_s=finite(report.get("cut_at_s")),
        visible_face_s=visible if visible is not None else duration or 0.0,
        blinks=blinks,
        blink_count=count if isinstance(count, int) and count >= 0 else len(blinks),
        moments=tuple(
            _moment(number, raw_moment)
            for number, raw_moment in enumerate(_items(report.get("suspicious_moments")), 1)
        ),
        blink_rate=blink_rate,
        blur=blur,
        unknown_reasons=unknown_reasons,
        quality=_quality(report, blur, unknown_reasons),
        series=_series(report.get("series")),
        width=_int(report.get("width")),
        height=_int(report.get("height")),
        fps=finite(report.get("fps")),
        frames_analysed=_int(report.get("frames_analysed")),
        rejected_blinks=_rejected_blinks(report.get("rejected_blinks")),
    )


def _int(value: Any) -> int | None:
    number = finite(value)
    return round(number) if number is not None else None


def _blinks(value: Any) -> tuple[Blink, ...]:
    blinks = []
    for position, item in enumerate(_items(value), start=1):
        blink = _mapping(item)
        number = blink.get("number")
        blinks.append(
            Blink(
                number=number if isinstance(number, int) else position,
                start_s=finite(blink.get("start_s")),
                end_s=finite(blink.get("end_s")),
                lowest_s=finite(blink.get("lowest_s")),
            )
        )
    return tuple(blinks)


def _rejected_blinks(value: Any) -> tuple[RejectedBlink, ...]:
    """The dips with a known reason and a time that makes sense, in time order; an
    entry this page cannot place or word is left out."""
    dips = []
    for item in _items(value):
        dip = _mapping(item)
        start, end = finite(dip.get("start_s")), finite(dip.get("end_s"))
        reason = dip.get("reason")
        if start is None or end is None or not 0 <= start <= end:
            continue
        if reason not in codes.REJECT_REASONS:
            continue
        lowest = finite(dip.get("lowest_s"))
        if lowest is None or not start <= lowest <= end:
            lowest = (start + end) / 2
        dips.append((start, end, lowest, finite(dip.get("depth")), str(reason)))
    return tuple(
        RejectedBlink(number, *fields)
        for number, fields in enumerate(sorted(dips, key=lambda d: (d[2], d[0])), start=1)
    )


def _moment(number: int, value: Any) -> Moment:
    moment = _mapping(value)
    numbers = _mapping(moment.get("numbers"))
    pictures = _mapping(moment.get("thumbnails"))
    blinks = finite(numbers.get("blinks"))
    return Moment(
        number=number,
        reason=str(moment.get("reason", "")),
        time_s=finite(moment.get("time_s")) or 0.0,
        start_s=finite(moment.get("start_s")),
        end_s=finite(moment.get("end_s")),
        numbers=MomentNumbers(
            face_vs_usual=finite(numbers.get("face_vs_usual")),
            scene_vs_usual=finite(numbers.get("scene_vs_usual")),
            closed_s=finite(numbers.get("closed_s")),
            blinks=round(blinks) if blinks is not None else None,
            seconds=finite(numbers.get("seconds")),
        ),
        face_picture=_picture(pictures.get("face")),
        eyes_picture=_picture(pictures.get("eyes")),
    )


def _picture(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _quality(report: Mapping[str, Any], blur: str, unknown_reasons: tuple[str, ...]) -> Quality:
    """The verdicts per signal; a report without them (an older engine) gets them from
    its signals and reasons: not measured when they say so, else measured well."""
    quality = _mapping(report.get("quality"))
    eye_problems = [code for code in unknown_reasons if code != codes.TOO_SHORT]
    eyes = str(quality.get("eyes"))
    if eye_problems:
        # Any reason not to measure the eyes means they were not measured, whatever
        # verdict an engine wrote beside it.
        eyes = "unknown"
    elif eyes not in codes.VERDICTS:
        eyes = "good"
    sharpness = str(quality.get("sharpness"))
    if sharpness not in codes.VERDICTS:
        sharpness = "unknown" if blur == "unknown" else "good"
    ratio = finite(quality.get("face_found_ratio"))
    if ratio is None:
        ratio = finite(report.get("face_found_ratio"))
    return Quality(
        eyes=eyes,
        sharpness=sharpness,
        doubts=_codes(quality.get("doubts")),
        face_found_ratio=ratio,
        face_size_px=finite(quality.get("face_size_px")),
        eye_width_px=finite(quality.get("eye_width_px")),
    )


def _series(value: Any) -> Series:
    series = _mapping(value)
    return Series(
        time_s=_floats(series.get("time_s")),
        eye_openness=_floats(series.get("eye_openness")),
        face_sharpness=_floats(series.get("face_sharpness")),
        scene_sharpness=_floats(series.get("scene_sharpness")),
    )
