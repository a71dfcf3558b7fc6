"""Every sentence a user reads about the quick check, in one place.

The engine (``detector/analysis``) returns codes and numbers only (report contract
2.0, see ``detector/analysis/report.py``); this module words them: the errors, why a
signal could not be measured, how well each signal was measured, the flagged moments,
the summary per signal, the timeline's labels and its text alternative, and the
command line's summary.

House rules for these sentences (issue 13): always say what was counted and in how
many seconds; then what people usually do (the lessons' range); then whether that
says anything. Never call a clip real or fake, never give a score or a percentage
that reads like one, and never a phrase like "2 is too few" that reads as a verdict.
When the measurement itself is shaky, say that the measurement may have failed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from common.dutch import decimal

# The lessons' numbers (CONTENT.md; lessons/content/07-herkennen.toml, "knipperritme"):
# about 17 a minute at rest, 26 in a conversation, and in a conversation most people
# between 10 and 32 a minute (Bentivoglio et al. 1997; Doughty 2001).
USUAL_LOW_PER_MIN = 10
USUAL_HIGH_PER_MIN = 32
NORMAL_BLINKS = (
    f"Mensen knipperen in een gesprek meestal {USUAL_LOW_PER_MIN} tot "
    f"{USUAL_HIGH_PER_MIN} keer per minuut."
)
# The engine judges a blink rate from this many seconds of visible eyes on
# (detector/analysis/events.py, MIN_SECONDS_NORMAL).
SECONDS_NEEDED = 20

UNKNOWN_FALLBACK = "Dit signaal kon niet goed worden gemeten in deze video."

#: ``AnalysisError.code`` -> message on the upload form and the status page.
ERRORS = {
    "not_found": "Het bestand is niet gevonden.",
    "empty": "Het bestand is leeg.",
    "cannot_open": "Dit bestand kan niet als video worden geopend.",
    "no_frames": "Er zijn geen beelden uit deze video te lezen.",
    "bad_size": "De video heeft een onbruikbare beeldgrootte.",
    "too_slow": "De analyse duurde te lang en is gestopt.",
    "read_failed": "Het lezen van de video is halverwege mislukt.",
    # detector.analysis.container (the upload's headers, read without decoding)
    "container_unreadable": (
        "Dit videobestand kunnen we niet lezen. "
        "Misschien is het bestand beschadigd of heeft het geen beeld."
    ),
    "container_too_complex": (
        "Dit videobestand zit te ingewikkeld in elkaar. "
        "Misschien is het bestand beschadigd of heeft het geen beeld."
    ),
}
ERROR_FALLBACK = "Deze video kon niet worden gecontroleerd."
ERROR_UNEXPECTED = (
    "Er ging iets mis bij het controleren van deze video. Dat ligt waarschijnlijk aan "
    "het bestand. Probeer het opnieuw met een andere video."
)
ERROR_WAITED_TOO_LONG = (
    "Het was te druk: je video stond te lang in de wachtrij en is niet gecontroleerd. "
    "Hij is gewist. Probeer het later opnieuw."
)
ERROR_WORKER_STOPPED = (
    "De controle is onderbroken en niet afgemaakt. Upload de video opnieuw om het nog "
    "eens te proberen."
)

#: Why a signal could not be measured: ``report["unknown_reasons"]`` codes.
UNKNOWN_REASONS = {
    "no_face": "Er is geen gezicht gevonden in de video.",
    "several_faces": (
        "Er zijn meerdere gezichten in beeld. De snelle controle werkt alleen met één gezicht."
    ),
    "face_turned_away": (
        "Het gezicht is vaak van opzij of afgewend te zien. Dan zijn de ogen niet goed te volgen."
    ),
    "face_too_small": "Het gezicht is te klein in beeld om de ogen goed te kunnen meten.",
    "too_dark": "Het gezicht is te donker om de ogen goed te kunnen meten.",
    "too_short": (
        f"Er is minder dan {SECONDS_NEEDED} seconden beeld waarin de ogen goed te zien zijn. "
        "Dat is te kort om iets over het knipperen te zeggen."
    ),
    "face_mostly_missing": "Het gezicht is een groot deel van de tijd niet te zien.",
    "landmarks_unsure": (
        "De computer wist niet zeker waar de ogen precies zaten. Dan is de meting niet "
        "te vertrouwen."
    ),
}

#: Why the measurement may be shaky: ``report["quality"]["doubts"]`` codes.
DOUBTS = {
    "eyes_small": "de ogen zijn klein in beeld",
    "face_small": "het gezicht is klein in beeld",
    "dark": "het gezicht is vrij donker",
    "face_often_lost": "het gezicht was lang niet in elk beeld te vinden",
    "landmarks_unsure": "de computer wist niet altijd zeker waar de ogen zaten",
    "short": "er is maar kort beeld",
}
DOUBT_FALLBACK = "de beelden zijn niet ideaal om te meten"
# The doubts that touch the sharpness measure (report.py's _quality does the same).
SHARPNESS_DOUBTS = ("face_small", "dark")

#: Short titles of the flagged moments: ``suspicious_moments[].reason`` codes.
MOMENT_TITLES = {
    "face_blurrier_than_scene": "Gezicht waziger dan de omgeving",
    "sudden_face_blur": "Gezicht plotseling wazig",
    "odd_blink": "Lange knipper",
    "eyes_closed": "Ogen lang dicht",
    "few_blinks": "Weinig geknipperd",
    "many_blinks": "Vaak geknipperd",
}
MOMENT_FALLBACK = "Opvallend moment"
BLUR_REASONS = ("face_blurrier_than_scene", "sudden_face_blur")
EYE_REASONS = ("odd_blink", "eyes_closed")
WHOLE_CLIP_REASONS = ("few_blinks", "many_blinks")

#: Short labels for the signal values in ``report["signals"]`` (command line).
SIGNAL_LABELS = {
    "blink_rate": {
        "low": "minder geknipperd dan de meeste mensen",
        "normal": "geknipperd zoals de meeste mensen",
        "high": "vaker geknipperd dan de meeste mensen",
        "unknown": "knipperen niet te beoordelen",
    },
    "blur": {
        "none": "geen wazige momenten",
        "some": "enkele wazige momenten",
        "many": "veel wazige momenten",
        "unknown": "scherpte niet te meten",
    },
}

MEASURED = {"good": "goed gemeten", "doubtful": "twijfelachtig gemeten", "unknown": "niet gemeten"}


def lesson_section(anchor: str) -> str:
    """Where the lesson on recognising deepfakes explains this signal."""
    return reverse("lessons:detail", args=["herkennen"]) + f"#{anchor}"


def error_text(code: str) -> str:
    """The Dutch message for an ``AnalysisError`` code."""
    return ERRORS.get(code, ERROR_FALLBACK)


# --- small pieces ---------------------------------------------------------------------


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def times(count: int) -> str:
    return "1 keer" if count == 1 else f"{count} keer"


def whole_seconds(value: float) -> str:
    """'1 seconde', '13 seconden' (a duration, rounded)."""
    rounded = round(value)
    return "1 seconde" if rounded == 1 else f"{rounded} seconden"


def exact_seconds(value: float) -> str:
    """'0,6 seconde', '2,1 seconden' (one decimal)."""
    text = decimal(value, 1)
    return f"{text} seconde" if round(value, 1) <= 1 else f"{text} seconden"


def at(value: float) -> str:
    """A moment in the clip, in the chart's unit: 'na 5,6 seconden'."""
    return "na " + exact_seconds(value)


def span(start: float, end: float) -> str:
    """'van 5,0 tot 5,6 seconden'."""
    return f"van {decimal(start, 1)} tot {exact_seconds(end)}"


def share_of_frames(ratio: float) -> str:
    """How often the face was found, in words (no percentage)."""
    if ratio >= 0.95:
        return "in bijna elk beeld"
    if ratio >= 0.8:
        return "in de meeste beelden"
    tenths = max(0, min(10, round(ratio * 10)))
    return f"in maar {tenths} van de 10 beelden"


def moment_label(number: int) -> str:
    """Moment 1 is 'A', 2 is 'B' … (blinks carry numbers, moments letters)."""
    return chr(ord("A") + number - 1) if 1 <= number <= 26 else str(number)


def usual_range(seconds: float) -> tuple[int, int]:
    """How many blinks most people make in a conversation of this many seconds."""
    minutes = seconds / 60.0
    return math.floor(USUAL_LOW_PER_MIN * minutes), math.ceil(USUAL_HIGH_PER_MIN * minutes)


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


# --- what was measured ----------------------------------------------------------------


def _quality(report: dict) -> dict:
    return report.get("quality") or {}


def eyes_state(report: dict) -> str:
    """'good', 'doubtful' or 'unknown' for the blink measure."""
    state = _quality(report).get("eyes")
    if state in MEASURED:
        return str(state)
    return "unknown" if _blink_problems(report) else "good"


def sharpness_state(report: dict) -> str:
    state = _quality(report).get("sharpness")
    if state in MEASURED:
        return str(state)
    return "unknown" if (report.get("signals") or {}).get("blur") == "unknown" else "good"


def _blink_problems(report: dict) -> list[str]:
    """Reasons why the eyes were not measured at all (``too_short`` is not one)."""
    return [code for code in report.get("unknown_reasons") or [] if code != "too_short"]


def _doubts(report: dict, only: tuple[str, ...] | None = None) -> list[str]:
    codes = [str(code) for code in _quality(report).get("doubts") or []]
    return [code for code in codes if only is None or code in only]


def _doubt_words(report: dict, codes: list[str]) -> str:
    """The doubts in words, with the engine's numbers: 'het gezicht is klein in beeld
    (ongeveer 60 pixels hoog) en het gezicht is vrij donker'."""
    quality = _quality(report)
    eye_width = _float(quality.get("eye_width_px"))
    face_size = _float(quality.get("face_size_px"))
    ratio = _float(quality.get("face_found_ratio"))
    words = []
    for code in codes:
        text = DOUBTS.get(code, DOUBT_FALLBACK)
        if code == "eyes_small" and eye_width:
            text += f" (een oog is maar ongeveer {round(eye_width)} pixels breed)"
        if code == "face_small" and face_size:
            text += f" (ongeveer {round(face_size)} pixels hoog)"
        if code == "face_often_lost" and ratio is not None:
            text = f"het gezicht was {share_of_frames(ratio)} te vinden"
        if text not in words:
            words.append(text)
    return _join(words) or DOUBT_FALLBACK


@dataclass
class QualityLine:
    """How sure one signal is: 'Knipperen: goed gemeten.' plus why."""

    key: str
    signal: str
    state: str
    label: str
    why: str


def quality_lines(report: dict) -> list[QualityLine]:
    ratio = _float(_quality(report).get("face_found_ratio"))
    if ratio is None:
        ratio = _float(report.get("face_found_ratio")) or 0.0
    found = f"Het gezicht was {share_of_frames(ratio)} te vinden"
    lines = []
    state = eyes_state(report)
    if state == "good":
        why = found + " en de ogen waren goed te volgen."
    elif state == "doubtful":
        why = "De meting kan fout zijn: " + _doubt_words(report, _doubts(report)) + "."
    else:
        why = " ".join(_unknown_texts(_blink_problems(report))) or UNKNOWN_FALLBACK
    lines.append(QualityLine("knipperen", "Knipperen", state, MEASURED[state], why))
    state = sharpness_state(report)
    if state == "good":
        why = found + " en het was groot en licht genoeg om de scherpte te meten."
    elif state == "doubtful":
        words = _doubt_words(report, _doubts(report, SHARPNESS_DOUBTS))
        why = "De meting kan fout zijn: " + words + "."
    else:
        why = " ".join(_unknown_texts(_blink_problems(report))) or UNKNOWN_FALLBACK
    lines.append(QualityLine("scherpte", "Scherpte van het gezicht", state, MEASURED[state], why))
    return lines


def _unknown_texts(codes: list[str]) -> list[str]:
    return [UNKNOWN_REASONS.get(code, UNKNOWN_FALLBACK) for code in codes]


def unknown_explanations(report: dict) -> list[str]:
    return _unknown_texts(list(report.get("unknown_reasons") or []))


def nothing_measured(report: dict) -> bool:
    return eyes_state(report) == "unknown" and sharpness_state(report) == "unknown"


# --- the summary per signal -----------------------------------------------------------


@dataclass
class SignalSummary:
    """One signal on the result page: what was counted, what is usual, what it says."""

    key: str
    title: str
    counted: str  # always: the count and the seconds (or why nothing was counted)
    usual: str  # what people usually do
    says: str  # whether this says anything
    doubt: str  # the measurement itself may have failed ('' when it is fine)
    meaning: str  # background: why the check looks at this, and its limits
    lesson_url: str
    events: list[str] = field(default_factory=list)


def blink_count(report: dict) -> int:
    blinks = report.get("blinks") or []
    count = report.get("blink_count")
    return int(count) if isinstance(count, int) else len(blinks)


def seen_seconds(report: dict) -> float:
    """Seconds with the eyes in view (the count's denominator)."""
    visible = _float(report.get("visible_face_s"))
    if visible is None:
        visible = _float(report.get("duration_s")) or 0.0
    return visible


def counted_sentence(report: dict) -> str:
    """'We zagen 5 keer knipperen in 13 seconden.' (the page states this count)."""
    count = blink_count(report)
    visible = seen_seconds(report)
    duration = _float(report.get("duration_s")) or visible
    seconds = whole_seconds(visible)
    if count == 0:
        sentence = f"We zagen de persoon geen enkele keer knipperen in {seconds}"
    else:
        sentence = f"We zagen {times(count)} knipperen in {seconds}"
    if duration - visible >= 1:
        sentence += f" waarin de ogen goed te zien waren (de video duurt {whole_seconds(duration)})"
    return sentence + "."


def blink_summary(report: dict) -> SignalSummary:
    signal = (report.get("signals") or {}).get("blink_rate", "unknown")
    state = eyes_state(report)
    visible = seen_seconds(report)
    meaning = (
        "Vroege deepfakes knipperden weinig, omdat de computer vooral foto's met open "
        "ogen had gezien. Makers hebben dat inmiddels verbeterd. Gewoon knipperen "
        "bewijst dus niets. En iemand die weinig knippert, kan geconcentreerd zijn of "
        "iets voorlezen."
    )
    summary = SignalSummary(
        "knipperen", "Knipperen", "", "", "", "", meaning, lesson_section("knipperen")
    )
    if state == "unknown":
        summary.counted = "We konden het knipperen in deze video niet meten."
        summary.says = " ".join(_unknown_texts(_blink_problems(report))) or UNKNOWN_FALLBACK
        summary.usual = NORMAL_BLINKS
        return summary
    summary.counted = counted_sentence(report)
    low, high = usual_range(round(visible))
    summary.usual = NORMAL_BLINKS
    if visible < 60:
        summary.usual += f" In {whole_seconds(visible)} is dat ongeveer {low} tot {high} keer."
    if signal == "low":
        summary.says = (
            "Dat is minder dan bij de meeste mensen. Dat kan gewoon gebeuren: wie "
            "voorleest of zich concentreert, knippert minder. Oude deepfakes knipperden "
            "ook weinig. Kijk dus verder dan alleen het knipperen."
        )
    elif signal == "high":
        summary.says = (
            "Dat is vaker dan bij de meeste mensen. Dat kan gewoon gebeuren: door zenuwen, "
            "droge ogen of fel licht knipper je vaker."
        )
    elif signal == "normal":
        summary.says = (
            "Dat past bij wat mensen meestal doen. Maar ook nieuwe deepfakes knipperen "
            "gewoon. Hieruit kun je dus niet afleiden of je de video kunt vertrouwen."
        )
    else:
        summary.says = (
            f"Dit stuk video is nog te kort om er iets uit af te leiden. Mensen knipperen "
            f"niet op vaste tijden: in een paar seconden kan het veel of juist bijna niet "
            f"gebeuren. Daarvoor is minstens {SECONDS_NEEDED} seconden beeld nodig waarin de "
            "ogen goed te zien zijn."
        )
    if state == "doubtful":
        words = _doubt_words(report, _doubts(report))
        summary.doubt = (
            f"Let op: de meting zelf is misschien niet gelukt, want {words}. Dan kan de "
            "computer knippers missen of te veel tellen. Tel zelf mee in de video."
        )
    return summary


def blur_summary(report: dict) -> SignalSummary:
    state = sharpness_state(report)
    moments = [
        (number, moment)
        for number, moment in enumerate(report.get("suspicious_moments") or [], start=1)
        if moment.get("reason") in BLUR_REASONS
    ]
    meaning = (
        "Bij een deepfake wordt soms een ander gezicht over de beelden geplakt. Dat gezicht "
        "is soms waziger dan de rest, of de randen flikkeren. Maar wazig beeld komt ook "
        "door snelle bewegingen, slecht licht of een video die vaak is doorgestuurd."
    )
    summary = SignalSummary(
        "wazig", "Wazige pixels", "", "", "", "", meaning, lesson_section("vage-pixels")
    )
    summary.usual = (
        "De computer vergelijkt hoe scherp het gezicht is met hoe scherp het meestal is in "
        "deze video, en met de omgeving."
    )
    if state == "unknown":
        summary.counted = "We konden de scherpte van het gezicht in deze video niet meten."
        summary.says = " ".join(_unknown_texts(_blink_problems(report))) or UNKNOWN_FALLBACK
        return summary
    seconds = whole_seconds(_float(report.get("duration_s")) or 0.0)
    if not moments:
        summary.counted = f"We zagen het gezicht nergens opvallend wazig worden in {seconds}."
        summary.says = (
            "Is het gezicht de hele video even wazig, dan valt dat hier niet op. Dit zegt "
            "dus niet dat er niets met de video is gedaan."
        )
    else:
        places = [
            f"moment {moment_label(number)} ({_moment_when(moment)})" for number, moment in moments
        ]
        summary.counted = (
            f"We zagen het gezicht {times(len(moments))} opvallend wazig worden in "
            f"{seconds}: {_join(places)}."
        )
        summary.says = (
            "Op die momenten is het gezicht duidelijk minder scherp dan gewoonlijk. Dat kan "
            "een geplakt gezicht zijn, maar ook snel bewegen of slecht licht. Kijk naar de "
            "foto's hieronder en naar de video zelf."
        )
    if state == "doubtful":
        words = _doubt_words(report, _doubts(report, SHARPNESS_DOUBTS))
        summary.doubt = (
            f"Let op: de meting zelf is misschien niet gelukt, want {words}. Dan is de "
            "scherpte moeilijk te meten."
        )
    return summary


def signal_summaries(report: dict) -> list[SignalSummary]:
    return [blink_summary(report), blur_summary(report)]


def lead(report: dict) -> str:
    duration = _float(report.get("duration_s")) or 0.0
    cut = _float(report.get("cut_at_s"))
    looked = f"De computer heeft {whole_seconds(duration)} video bekeken."
    if cut is not None:
        looked = (
            f"Deze video duurt langer dan {whole_seconds(cut)}. De computer heeft alleen "
            f"de eerste {whole_seconds(cut)} bekeken."
        )
    return (
        f"{looked} Dit is wat hij mat. "
        "Het is een hint om zelf beter te kijken, geen oordeel over de video."
    )


# --- the flagged moments ----------------------------------------------------------------


def _moment_when(moment: dict) -> str:
    start, end = _float(moment.get("start_s")), _float(moment.get("end_s"))
    if start is not None and end is not None and end - start >= 0.05:
        return span(start, end)
    return at(_float(moment.get("time_s")) or 0.0)


def moment_title(code: str) -> str:
    return MOMENT_TITLES.get(code, MOMENT_FALLBACK)


def moment_detail(moment: dict) -> str:
    """The engine's reason and numbers, in words."""
    reason = moment.get("reason")
    numbers = moment.get("numbers") or {}
    face = _float(numbers.get("face_vs_usual"))
    scene = _float(numbers.get("scene_vs_usual"))
    closed = _float(numbers.get("closed_s"))
    if reason in BLUR_REASONS and face is not None:
        start = (
            "Het gezicht wordt plotseling wazig en daarna weer scherp."
            if reason == "sudden_face_blur"
            else "Het gezicht is veel waziger dan de omgeving."
        )
        text = f"{start} De scherpte van het gezicht zakt naar {decimal(face, 2)}"
        if scene is not None:
            text += f", die van de omgeving staat op {decimal(scene, 2)}"
        return text + ". Daarbij is 1 zo scherp als gewoonlijk in deze video."
    if reason == "odd_blink" and closed is not None:
        return (
            f"De ogen blijven {exact_seconds(closed)} dicht. Een gewone knipper duurt "
            "0,1 tot 0,4 seconde."
        )
    if reason == "eyes_closed" and closed is not None:
        return (
            f"De ogen blijven {exact_seconds(closed)} dicht. Dat is langer dan een "
            "knipper, dus het telt niet mee als knipperen."
        )
    if reason in ("few_blinks", "many_blinks") and numbers.get("seconds") is not None:
        count = int(numbers.get("blinks") or 0)
        seconds = _float(numbers.get("seconds")) or 0.0
        return (
            f"{times(count).capitalize()} knipperen in {whole_seconds(seconds)}. "
            + NORMAL_BLINKS
            + " Dit geldt voor de hele video, niet voor één moment."
        )
    return ""


@dataclass
class MomentText:
    number: int  # 1-based position in suspicious_moments (the #moment-N anchor)
    label: str  # 'A', 'B' … on the chart and in the text
    reason: str
    title: str
    when: str
    detail: str
    time_s: float
    face_alt: str
    eyes_alt: str
    face_picture: int | None = None  # Thumbnail.number
    eyes_picture: int | None = None


def moments(report: dict) -> list[MomentText]:
    out = []
    for number, moment in enumerate(report.get("suspicious_moments") or [], start=1):
        reason = str(moment.get("reason", ""))
        time_s = _float(moment.get("time_s")) or 0.0
        stored = moment.get("thumbnails") or {}
        out.append(
            MomentText(
                number=number,
                label=moment_label(number),
                reason=reason,
                title=moment_title(reason),
                when=_moment_when(moment).capitalize()
                if reason not in WHOLE_CLIP_REASONS
                else "De hele video",
                detail=moment_detail(moment),
                time_s=time_s,
                face_alt=f"Ingezoomd gezicht {at(time_s)}",
                eyes_alt=(
                    "De ogen vlak voor, tijdens en vlak na dit moment, van links naar rechts"
                ),
                face_picture=stored.get("face"),
                eyes_picture=stored.get("eyes"),
            )
        )
    return out


# --- the timeline -----------------------------------------------------------------------

CHART_TITLE = "Tijdlijn van de ogen en de scherpte van het gezicht"
EYES_PANEL = "Ogen open (1 = gewoon, omlaag = dicht)"
EYES_PANEL_SHORT = "Ogen open (omlaag = dicht)"
SHARPNESS_PANEL = "Scherpte gezicht (1 = gewoon, omlaag = wazig)"
SHARPNESS_PANEL_SHORT = "Scherpte gezicht (omlaag = wazig)"
TIME_AXIS = "tijd in seconden"


def blink_name(blink: dict) -> str:
    """'Knipper 3 na 4,2 seconden' (the chart's mark and the text alternative)."""
    return f"Knipper {blink.get('number')} {at(_float(blink.get('lowest_s')) or 0.0)}"


def moment_name(moment: MomentText) -> str:
    return f"Moment {moment.label}: {moment.title.lower()}, {moment.when.lower()}"


def chart_description(report: dict) -> str:
    count = len(report.get("blinks") or [])
    flagged = len(report.get("suspicious_moments") or [])
    text = "Bovenaan de ogen: de lijn zakt als de ogen dichtgaan. "
    if count:
        text += "Elke knipper heeft een nummer. "
    text += "Onderaan de scherpte van het gezicht: de lijn zakt als het gezicht wazig wordt. "
    if flagged:
        text += "Opvallende momenten zijn gekleurd en hebben een letter. "
    return text + "Onder de tijdlijn staat alles ook in woorden."


@dataclass
class TimelineEvent:
    time_s: float
    text: str
    anchor: str  # id of this entry ('knipper-3') or the moment it points to
    is_moment: bool


def timeline_events(report: dict) -> list[TimelineEvent]:
    """The text alternative: the same blinks and moments as the chart, in time order."""
    events = []
    for blink in report.get("blinks") or []:
        events.append(
            TimelineEvent(
                _float(blink.get("lowest_s")) or 0.0,
                blink_name(blink) + ".",
                f"knipper-{blink.get('number')}",
                False,
            )
        )
    for moment in moments(report):
        events.append(
            TimelineEvent(moment.time_s, moment_name(moment) + ".", f"moment-{moment.number}", True)
        )
    return sorted(events, key=lambda event: (event.time_s, event.is_moment))


COMPARE_LEFT = "Eerste controle"
COMPARE_RIGHT = "Tweede controle"


def result_name(number: int) -> str:
    """This session's results are numbered in upload order on the Vergelijk page."""
    return f"Controle {number}"


# --- the command line -------------------------------------------------------------------


def summary_lines(report: dict) -> list[str]:
    """A short Dutch summary of a report, for ``manage.py analyse_clip``."""
    lines = [
        f"Video: {report['width']}×{report['height']}, {decimal(report['duration_s'], 1)} s, "
        f"{decimal(report['fps'], 1)} beelden per seconde ({report['frames_analysed']} bekeken).",
        f"Het gezicht was {share_of_frames(float(report['face_found_ratio']))} te vinden.",
    ]
    blinks = blink_summary(report)
    lines += [blinks.counted, blinks.usual, blinks.says]
    blur = blur_summary(report)
    lines += [blur.counted]
    for line in quality_lines(report):
        lines.append(f"{line.signal}: {line.label}. {line.why}")
    for moment in moments(report):
        lines.append(f"  {moment_name(moment)}. {moment.detail}")
    return [line for line in lines if line]
