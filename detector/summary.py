"""The report in plain Dutch: one short verdict per signal, never "echt" or "nep"."""

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
    # Imported here: the lesson pages must load even while the engine is broken.
    from detector.analysis import messages

    return [
        messages.UNKNOWN_REASONS.get(code, UNKNOWN_FALLBACK)
        for code in report.get("unknown_reasons") or []
    ]


def moment_reason(code: str) -> str:
    from detector.analysis import messages

    return messages.MOMENT_REASONS.get(code, "Een opvallend moment.")


def nothing_measured(report: dict) -> bool:
    signals = report.get("signals") or {}
    return all(value == "unknown" for value in signals.values()) if signals else True
