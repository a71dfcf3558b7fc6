"""Every sentence a user reads about the quick check, in one place.

The engine (``detector/analysis``) returns codes and numbers only; this module words
them: the errors, the reasons why a signal could not be judged, the flagged moments,
the summary per signal and the command line's summary. Never "echt" or "nep".
The result page's words are being rewritten for issue 13; keep them all here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse


def lesson_section(anchor: str) -> str:
    """Where the lesson on recognising deepfakes explains this signal."""
    return reverse("lessons:detail", args=["herkennen"]) + f"#{anchor}"


# People blink about 17 times a minute at rest and roughly 10–30 times in a
# conversation (Bentivoglio et al. 1997; Doughty 2001).
NORMAL_BLINKS = "Mensen knipperen in een gesprek meestal 10 tot 30 keer per minuut."

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

#: Why a signal could not be judged: ``report["unknown_reasons"]`` codes.
UNKNOWN_REASONS = {
    "no_face": "Er is geen gezicht gevonden in de video.",
    "several_faces": (
        "Er zijn meerdere gezichten in beeld; de snelle controle werkt alleen met één gezicht."
    ),
    "face_turned_away": (
        "Het gezicht is grotendeels van opzij of afgewend te zien, "
        "dus de ogen zijn niet goed te volgen."
    ),
    "face_too_small": "Het gezicht is te klein in beeld om de ogen goed te kunnen meten.",
    "too_dark": "Het gezicht is te donker om de ogen goed te kunnen meten.",
    "too_short": (
        "Er is te weinig tijd met een goed zichtbaar gezicht om iets over het knipperen "
        "te zeggen. Mensen knipperen niet elke seconde; daarvoor is minstens "
        "twintig seconden beeld nodig."
    ),
    "face_mostly_missing": "Het gezicht is een groot deel van de tijd niet te zien.",
    "landmarks_unsure": (
        "De computer was niet zeker waar de ogen precies zaten, dus de meting is niet "
        "te vertrouwen."
    ),
}

#: Why a moment was flagged: ``suspicious_moments[].reason`` codes.
MOMENT_REASONS = {
    "face_blurrier_than_scene": "Het gezicht is veel waziger dan de omgeving.",
    "sudden_face_blur": "Het gezicht wordt plotseling wazig en daarna weer scherp.",
    "few_blinks": "Er wordt opvallend weinig geknipperd.",
    "many_blinks": "Er wordt opvallend vaak geknipperd.",
    "odd_blink": "Een knippering die vreemd lang duurt.",
    "eyes_closed": "De ogen zijn een tijd dicht.",
}

#: Short labels for the signal values in ``report["signals"]``.
SIGNAL_LABELS = {
    "blink_rate": {
        "low": "weinig geknipperd",
        "normal": "normaal geknipperd",
        "high": "veel geknipperd",
        "unknown": "knipperen niet te beoordelen",
    },
    "blur": {
        "none": "geen wazige momenten",
        "some": "enkele wazige momenten",
        "many": "veel wazige momenten",
        "unknown": "scherpte niet te beoordelen",
    },
}


def error_text(code: str) -> str:
    """The Dutch message for an ``AnalysisError`` code."""
    return ERRORS.get(code, ERROR_FALLBACK)


def number(value: float, digits: int = 1) -> str:
    """A Dutch decimal number: 0,6."""
    return f"{float(value):.{digits}f}".replace(".", ",")


def moment_detail(moment: dict) -> str:
    """One sentence with the numbers behind a flagged moment."""
    reason = moment.get("reason")
    numbers = moment.get("numbers") or {}
    start, end = moment.get("start_s"), moment.get("end_s")
    if reason == "face_blurrier_than_scene" and start is not None and end is not None:
        return (
            f"Van {number(start)} tot {number(end)} s is het gezicht veel minder scherp "
            "in verhouding tot de omgeving dan in de rest van de video."
        )
    if reason == "sudden_face_blur" and start is not None and end is not None:
        return (
            f"Van {number(start)} tot {number(end)} s wordt het gezicht plotseling "
            "wazig, terwijl de rest van het beeld scherp blijft."
        )
    if reason in ("odd_blink", "eyes_closed") and numbers.get("closed_s") is not None:
        return (
            f"De ogen blijven {number(numbers['closed_s'])} s dicht; een gewone knippering "
            "duurt 0,1 tot 0,4 s."
        )
    if reason in ("few_blinks", "many_blinks") and numbers.get("seconds") is not None:
        return (
            f"{numbers.get('blinks', 0)} keer geknipperd in {number(numbers['seconds'])} "
            "seconden. " + NORMAL_BLINKS
        )
    return ""


@dataclass
class SignalSummary:
    key: str
    title: str
    value: str
    verdict: str
    meaning: str
    lesson_url: str
    details: list[str] = field(default_factory=list)


def seconds(value: float) -> str:
    rounded = round(float(value))
    return "1 seconde" if rounded == 1 else f"{rounded} seconden"


def times(count: int) -> str:
    return "1 keer" if count == 1 else f"{count} keer"


def timestamp(value: float) -> str:
    value = max(0.0, float(value))
    minutes, secs = divmod(value, 60)
    return f"{int(minutes)}:{secs:04.1f}".replace(".", ",")


def blink_summary(report: dict) -> SignalSummary:
    signal = (report.get("signals") or {}).get("blink_rate", "unknown")
    blinks = report.get("blinks") or []
    rate = report.get("blink_rate_per_min")
    duration = report.get("duration_s") or 0
    if (signal == "unknown" or rate is None) and blinks:
        value = "Niet te beoordelen"
        verdict = (
            f"We zagen {times(len(blinks))} knipperen in {seconds(duration)}. Dat is te "
            "weinig om iets over het knipperen te zeggen. Hieronder staat waarom."
        )
    elif signal == "unknown" or rate is None:
        value = "Niet te beoordelen"
        verdict = "We konden het knipperen in deze video niet goed meten. Hieronder staat waarom."
    else:
        rate_text = f"{rate:.0f}".replace(".", ",")
        value = f"{times(len(blinks))} in {seconds(duration)} (ongeveer {rate_text} per minuut)"
        verdict = {
            "low": "Dat is minder dan je zou verwachten. " + NORMAL_BLINKS,
            "high": "Dat is vaker dan je zou verwachten. " + NORMAL_BLINKS,
        }.get(signal, "Dat past bij wat mensen normaal doen. " + NORMAL_BLINKS)
    meaning = (
        "Vroege deepfakes knipperden weinig, omdat de computer vooral foto's met open "
        "ogen had gezien. Makers hebben dat inmiddels verbeterd. Normaal knipperen "
        "bewijst dus niet dat een video echt is. En iemand die weinig knippert, kan "
        "gewoon geconcentreerd zijn of iets voorlezen."
    )
    return SignalSummary(
        "knipperen", "Knipperen", value, verdict, meaning, lesson_section("knipperen")
    )


def blur_summary(report: dict) -> SignalSummary:
    signal = (report.get("signals") or {}).get("blur", "unknown")
    moments = [
        m
        for m in report.get("suspicious_moments") or []
        if m.get("reason") in ("face_blurrier_than_scene", "sudden_face_blur")
    ]
    if signal == "unknown":
        value = "Niet te beoordelen"
        verdict = "We konden de scherpte van het gezicht niet goed meten. Hieronder staat waarom."
    elif signal == "none" or not moments:
        value = "Geen opvallende momenten"
        verdict = "Het gezicht was nergens duidelijk waziger dan de rest van het beeld."
    else:
        value = f"{times(len(moments))} opvallend wazig"
        verdict = (
            "Op deze momenten was het gezicht duidelijk waziger dan de omgeving: "
            + ", ".join(timestamp(m["time_s"]) for m in moments[:8])
            + "."
        )
    meaning = (
        "Bij een deepfake wordt een ander gezicht over de echte beelden geplakt. Dat gezicht "
        "is soms waziger dan de rest, of de randen flikkeren. Maar wazig beeld komt ook "
        "door snelle bewegingen, slecht licht of een video die vaak is doorgestuurd."
    )
    return SignalSummary(
        "wazig", "Wazige pixels", value, verdict, meaning, lesson_section("vage-pixels")
    )


def signal_summaries(report: dict) -> list[SignalSummary]:
    return [blink_summary(report), blur_summary(report)]


def unknown_explanations(report: dict) -> list[str]:
    return [
        UNKNOWN_REASONS.get(code, UNKNOWN_FALLBACK) for code in report.get("unknown_reasons") or []
    ]


def moment_reason(code: str) -> str:
    return MOMENT_REASONS.get(code, "Een opvallend moment.")


def nothing_measured(report: dict) -> bool:
    signals = report.get("signals") or {}
    return all(value == "unknown" for value in signals.values()) if signals else True


def summary_lines(report: dict) -> list[str]:
    """A short Dutch summary of a report, for ``manage.py analyse_clip``."""
    lines = [
        f"Video: {report['width']}×{report['height']}, {number(report['duration_s'])} s, "
        f"{number(report['fps'])} beelden per seconde ({report['frames_analysed']} bekeken).",
        f"Gezicht gevonden in {round(100 * report['face_found_ratio'])}% van de beelden.",
    ]
    blinks = report["blinks"]
    rate_signal = report["signals"]["blink_rate"]
    line = f"{len(blinks)} keer geknipperd in {number(report['visible_face_s'])} seconden"
    if report["blink_rate_per_min"] is not None:
        line += f" ({number(report['blink_rate_per_min'])} per minuut)"
    lines.append(f"{line}: {SIGNAL_LABELS['blink_rate'][rate_signal]}.")
    lines.append(NORMAL_BLINKS)
    lines.append(f"Scherpte: {SIGNAL_LABELS['blur'][report['signals']['blur']]}.")
    for code in report["unknown_reasons"]:
        lines.append(f"Let op: {UNKNOWN_REASONS.get(code, code)}")
    if report["suspicious_moments"]:
        lines.append("Opvallende momenten:")
        for moment in report["suspicious_moments"]:
            title = moment_reason(moment["reason"])
            lines.append(f"  {number(moment['time_s'], 2)} s — {title} {moment_detail(moment)}")
    return lines
