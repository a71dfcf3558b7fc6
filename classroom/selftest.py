"""Klassikaal's "test jezelf" round: every pupil films themself on their own phone, the
quick check measures the clip, and the board shows what the class got, as numbers
of the whole class only.

What the class sees is the point of the round: real people, and still the check gives
some of them a hint. So the board shows the spread of blink rates and how many pupils
got each kind of hint, and never a video, a picture or a nickname. The spread and the
hints appear only once MIN_RESULTS_FOR_CHART pupils have a result, so that no single
pupil can be picked out of a bar. Of a recording only numbers are kept here
(`SelfTestResult`); the analysis itself belongs to the pupil's browser, as on the
test-yourself page, and expires as every result does.

The teacher opens and closes the round with the board's steps (`classroom.flow`);
this module takes the pupils' recordings in and reads the numbers out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from classroom import flow
from classroom.models import ClassSession, Participant, SelfTestResult
from common.svg import Scale
from detector.analysis import codes
from detector.models import Analysis

Phase = ClassSession.Phase

# Fewer results than this and a bar of the chart, or a count of a hint, could point at
# one pupil ("only Sam has filmed yet"): the board waits until five pupils have one.
MIN_RESULTS_FOR_CHART = 5

# The kinds of hint the board counts, in the order it lists them, and the words it
# uses: short, as the pupils' own result pages say them.
HINT_KINDS: dict[str, str] = {
    "few_blinks": "weinig geknipperd",
    "many_blinks": "vaak geknipperd",
    "odd_blink": "vreemde knipper",
    "blurry_face": "wazig gezicht",
}
# Every reason the engine can flag a moment for (detector.analysis.codes), as a kind.
KIND_OF_REASON: dict[str, str] = {
    "few_blinks": "few_blinks",
    "many_blinks": "many_blinks",
    "odd_blink": "odd_blink",
    "eyes_closed": "odd_blink",
    "face_blurrier_than_scene": "blurry_face",
    "sudden_face_blur": "blurry_face",
}
# A reason the engine learns later must get a kind here, or the board would miss it.
assert set(KIND_OF_REASON) == set(codes.MOMENT_REASONS), "a moment reason has no hint kind"
assert set(KIND_OF_REASON.values()) == set(HINT_KINDS)

# Under the recorder's own privacy text on the pupil's phone: what the class sees.
PUPIL_NOTICE = (
    "Wat de klas op het bord ziet: alleen getallen van de hele klas, zoals hoe vaak "
    "iedereen knippert. Nooit jouw video, een foto van jou of je bijnaam. De grafiek en "
    f"de hints komen pas op het bord als van minstens {MIN_RESULTS_FOR_CHART} leerlingen "
    "bekend is hoe vaak ze knipperen."
)
NOT_OPEN = "De ronde ‘Test jezelf’ is nu niet open. Je opname is niet verstuurd."
SESSION_OVER = "Deze quiz is al afgelopen. Je opname is niet verstuurd."


# --- the pupils' recordings ---------------------------------------------------


def check_open(session: ClassSession) -> None:
    """Raises the flow's refusal when this session takes no recording now: checked
    before a clip is queued, so a closed round costs nobody a place in the queue."""
    if session.is_expired or session.phase == Phase.FINISHED:
        raise flow.SessionOver(SESSION_OVER)
    if session.phase != Phase.SELFTEST:
        raise flow.Conflict(NOT_OPEN)


def record(participant: Participant, analysis_id: str) -> SelfTestResult | None:
    """Links the pupil to their queued analysis; a new recording replaces the old one.

    Runs once the clip is queued (`detector.intake.receive_clip`'s `on_accepted`),
    checked again under the session's lock: a round the teacher closed meanwhile, or
    a pupil taken off the board, keeps nothing (the pupil still sees their own result).
    """
    with transaction.atomic():
        session = ClassSession.objects.select_for_update().filter(pk=participant.session_id).first()
        if session is None or session.phase != Phase.SELFTEST or session.is_expired:
            return None
        if not session.participants.filter(pk=participant.pk).exists():
            return None
        result, _ = SelfTestResult.objects.update_or_create(
            participant=participant,
            defaults={
                "session": session,
                "analysis_id": analysis_id,
                "done": False,
                "blink_rate_per_min": None,
                "hints": [],
                "recorded": timezone.now(),
            },
        )
        return result


def recording_of(participant: Participant) -> SelfTestResult | None:
    return SelfTestResult.objects.filter(participant=participant).first()


# --- reading the numbers out --------------------------------------------------


def hint_kinds(report: Mapping[str, Any]) -> list[str]:
    """The kinds of hint in a report, each once, in the board's order."""
    moments = report.get("suspicious_moments") or []
    reasons = {moment.get("reason") for moment in moments if isinstance(moment, Mapping)}
    found = {KIND_OF_REASON[r] for r in reasons if isinstance(r, str) and r in KIND_OF_REASON}
    return [kind for kind in HINT_KINDS if kind in found]


def blink_rate(report: Mapping[str, Any]) -> float | None:
    rate = report.get("blink_rate_per_min")
    if isinstance(rate, bool) or not isinstance(rate, int | float):
        return None
    if not math.isfinite(rate) or rate < 0:
        return None
    return float(rate)


def collect(session: ClassSession) -> int:
    """Copies the numbers of the round's analyses that ended since the last look (the
    board calls this on every poll); returns how many rows it finished.

    A failed analysis, or one that is gone (the pupil deleted it, or it expired), counts
    as done without numbers. Each row is updated only while it still points at the
    same analysis: a pupil who records again meanwhile keeps their new recording.
    """
    waiting = list(session.selftest_results.filter(done=False))
    if not waiting:
        return 0
    analyses = Analysis.objects.in_bulk([row.analysis_id for row in waiting])
    finished = 0
    for row in waiting:
        analysis = analyses.get(row.analysis_id)
        if analysis is not None and not analysis.is_finished:
            continue
        report = analysis.report if analysis and analysis.status == Analysis.Status.DONE else None
        report = report if isinstance(report, Mapping) else {}
        finished += SelfTestResult.objects.filter(
            pk=row.pk, analysis_id=row.analysis_id, done=False
        ).update(done=True, blink_rate_per_min=blink_rate(report), hints=hint_kinds(report))
    return finished


@dataclass(frozen=True)
class Counts:
    """How far the round is; numbers that point at nobody, shown at once."""

    joined: int
    recordings: int
    ready: int

    @property
    def key(self) -> str:
        return f"{self.joined}-{self.recordings}-{self.ready}"


def counts(session: ClassSession) -> Counts:
    rows = session.selftest_results.all()
    return Counts(
        joined=session.participants.count(),
        recordings=rows.count(),
        ready=rows.filter(done=True).count(),
    )


# --- the spread and the hints -------------------------------------------------

BIN_WIDTH = 5
# The last bin takes every rate from here up (very few people blink more often).
LAST_BIN_FROM = 35


@dataclass(frozen=True)
class RateBin:
    low: int
    high: int | None  # None: and up
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}–{self.high}"

    @property
    def words(self) -> str:
        """The label read aloud: '10 tot 15 keer', '35 keer of vaker'."""
        if self.high is None:
            return f"{self.low} keer of vaker"
        return f"{self.low} tot {self.high} keer"


def rate_bins(rates: Iterable[float]) -> list[RateBin]:
    """How many rates fall in each bin: 0–5, 5–10, … per minute (a rate on an edge
    goes to the bin above it), and all from LAST_BIN_FROM up in the last one."""
    lows = list(range(0, LAST_BIN_FROM + 1, BIN_WIDTH))
    tally = dict.fromkeys(lows, 0)
    for rate in rates:
        tally[min(int(rate // BIN_WIDTH) * BIN_WIDTH, LAST_BIN_FROM)] += 1
    return [
        RateBin(low, None if low == LAST_BIN_FROM else low + BIN_WIDTH, tally[low]) for low in lows
    ]


@dataclass(frozen=True)
class HintCount:
    kind: str
    label: str
    pupils: int


@dataclass(frozen=True)
class Spread:
    """What the board shows once enough pupils have a result."""

    bins: list[RateBin]
    in_norm: int  # pupils whose rate is in the usual range
    hints: list[HintCount]
    with_any_hint: int


@dataclass(frozen=True)
class RoundFigures:
    counts: Counts
    measured: int  # results with a blink rate
    without_rate: int  # results without one: too short, no face, failed
    spread: Spread | None  # None until MIN_RESULTS_FOR_CHART results have a rate
    norm_low: float = codes.BLINK_NORM_LOW_PER_MIN
    norm_high: float = codes.BLINK_NORM_HIGH_PER_MIN
    min_results: int = MIN_RESULTS_FOR_CHART

    @property
    def still_needed(self) -> int:
        return max(0, self.min_results - self.measured)


def round_figures(session: ClassSession) -> RoundFigures:
    """The round's numbers for the board; the spread and the hints only once at least
    MIN_RESULTS_FOR_CHART pupils have a measured rate (before that, they are not even
    computed, so no page can leak them)."""
    collect(session)
    done = list(
        session.selftest_results.filter(done=True).values_list("blink_rate_per_min", "hints")
    )
    rates = [rate for rate, _ in done if rate is not None]
    spread = None
    if len(rates) >= MIN_RESULTS_FOR_CHART:
        low, high = codes.BLINK_NORM_LOW_PER_MIN, codes.BLINK_NORM_HIGH_PER_MIN
        spread = Spread(
            bins=rate_bins(rates),
            in_norm=sum(1 for rate in rates if low <= rate <= high),
            hints=[
                HintCount(kind, label, sum(1 for _, kinds in done if kind in kinds))
                for kind, label in HINT_KINDS.items()
            ],
            with_any_hint=sum(1 for _, kinds in done if kinds),
        )
    return RoundFigures(
        counts=counts(session),
        measured=len(rates),
        without_rate=len(done) - len(rates),
        spread=spread,
    )


# --- the chart ------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    bin: RateBin
    x: float
    y: float
    width: float
    height: float
    centre: float
    value_y: float


@dataclass(frozen=True)
class RateChart:
    """Geometry of the spread: one bar per bin, and a band behind the bars for the
    usual range (the engine's norm), drawn by the board's template."""

    width: int
    height: int
    left: int
    right: int
    bottom: int
    bars: list[ChartBar]
    band_x: float
    band_width: float
    band_label_x: float
    band_top: int = 42
    band_label_y: int = 28

    @property
    def band_height(self) -> int:
        return self.bottom - self.band_top

    @property
    def label_y(self) -> int:
        return self.bottom + 34

    @property
    def axis_title_y(self) -> int:
        return self.bottom + 74


def rate_chart(bins: list[RateBin]) -> RateChart:
    # The band's label on top, then room for the tallest bar's number below it.
    width, height, left, right, top, bottom = 900, 450, 20, 880, 100, 340
    # The x axis runs in blinks a minute; the open last bin is drawn as wide as the rest.
    x = Scale(0, LAST_BIN_FROM + BIN_WIDTH, left, right)
    y = Scale(0, max((b.count for b in bins), default=0) or 1, bottom, top)
    gap = 8
    bars = []
    for rate_bin in bins:
        x0, x1 = x(rate_bin.low), x(rate_bin.low + BIN_WIDTH)
        top_y = y(rate_bin.count)
        bars.append(
            ChartBar(
                bin=rate_bin,
                x=x0 + gap / 2,
                y=top_y,
                width=x1 - x0 - gap,
                height=bottom - top_y,
                centre=(x0 + x1) / 2,
                value_y=top_y - 10,
            )
        )
    band_x = x(codes.BLINK_NORM_LOW_PER_MIN)
    band_width = x(codes.BLINK_NORM_HIGH_PER_MIN) - band_x
    return RateChart(
        width, height, left, right, bottom, bars, band_x, band_width, band_x + band_width / 2
    )
