"""The result page's words: hunspell-nl knows every one of them, and none reads as a
verdict ("echt", "nep", "deepfake gevonden", a percentage, "te weinig")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from detector import wording
from detector.analysis import codes
from detector.results import parse_report
from tests.detector.result_pages import Page, main_words, rendered, report_v2, report_v21
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

VERDICT = re.compile(
    r"\b(echt\w*|nep\w*)\b|deepfake gevonden|\d\s*%|procent|te weinig|score", re.IGNORECASE
)


def moment(reason: str, number: int, **numbers) -> dict:
    return {
        "id": f"m{number}",
        "time_s": 4.0 + number,
        "start_s": 3.8 + number,
        "end_s": 4.6 + number,
        "reason": reason,
        "numbers": numbers,
        "face_box": [1, 2, 3, 4],
        "pictures": {},
        "thumbnails": {},
    }


def variants() -> dict[str, dict]:
    """Every kind of answer the engine gives (report contract 2.0)."""
    out: dict[str, dict] = {"low": report_v2()}
    out["normal"] = report_v2(signals={"blink_rate": "normal", "blur": "none"})
    out["high"] = report_v2(signals={"blink_rate": "high", "blur": "many"})
    out["short"] = report_v2(
        duration_s=9.0, visible_face_s=9.0, unknown_reasons=["too_short"], blink_rate_per_min=None
    )
    out["short"]["signals"]["blink_rate"] = "unknown"
    out["no_blinks"] = report_v2(blinks=[], blink_count=0)
    out["one_blink"] = report_v2(blinks=report_v2()["blinks"][:1], blink_count=1)
    doubtful = report_v2(duration_s=40.0, visible_face_s=25.0)
    doubtful["quality"].update(
        eyes="doubtful",
        sharpness="doubtful",
        face_found_ratio=0.62,
        face_size_px=70,
        eye_width_px=14.2,
        doubts=["eyes_small", "face_small", "dark", "face_often_lost", "landmarks_unsure"],
    )
    out["doubtful"] = doubtful
    # The face fills the picture: nothing to compare its sharpness with.
    no_scene = report_v2()
    no_scene["quality"].update(sharpness="doubtful", doubts=["no_scene"])
    out["no_scene"] = no_scene
    # Doubtful, but with a doubt this page does not know (yet), or none listed.
    for name, doubts in (("doubt_new_code", ["something_new"]), ("doubt_unlisted", [])):
        report = report_v2()
        report["quality"].update(eyes="doubtful", sharpness="doubtful", doubts=doubts)
        out[name] = report
    for code in wording.UNKNOWN_REASONS:
        report = report_v2(unknown_reasons=[code], blinks=[], blink_count=0, suspicious_moments=[])
        report["signals"] = {"blink_rate": "unknown", "blur": "unknown"}
        report["quality"].update(eyes="unknown", sharpness="unknown", doubts=[])
        out[f"unknown_{code}"] = report
    every_moment = report_v2(
        suspicious_moments=[
            moment("face_blurrier_than_scene", 1, face_vs_usual=0.21, scene_vs_usual=0.95),
            moment("sudden_face_blur", 2, face_vs_usual=0.3, scene_vs_usual=1.02),
            moment("odd_blink", 3, closed_s=0.6),
            moment("eyes_closed", 4, closed_s=2.1),
            moment("few_blinks", 5, blinks=2, seconds=29.5),
            moment("many_blinks", 6, blinks=40, seconds=29.5),
            moment("something_new", 7),
        ]
    )
    out["every_moment"] = every_moment
    # Contract 2.1: a dip for every reason not to count it as a blink, and more dips
    # than the page lists.
    out["every_dip"] = report_v21()
    many = [
        {"start_s": 1.0 + k, "end_s": 1.1 + k, "lowest_s": 1.05 + k, "depth": 0.1, "reason": code}
        for k, code in enumerate(list(codes.REJECT_REASONS) * 3)
    ]
    out["many_dips"] = report_v21(rejected_blinks=many)
    noisy = report_v21(unknown_reasons=["eyes_noisy"], blinks=[], blink_count=0)
    noisy["signals"]["blink_rate"] = "unknown"
    noisy["quality"]["eyes"] = "unknown"
    out["eyes_noisy_with_dips"] = noisy
    return out


VARIANTS = variants()


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_sentence_is_spelled_correctly_and_none_is_a_verdict(client, name):
    words = main_words(rendered(client, VARIANTS[name]))
    assert misspelled(words) == []
    assert VERDICT.findall(words) == []
    # No sentence with a hole in it ("want . Dan").
    assert re.findall(r"\s[.,:]", words) == []


def test_the_compare_page_and_the_upload_page_are_spelled_correctly(client):
    first = rendered(client, VARIANTS["low"])
    assert first
    ids = [pk for pk in client.session["detector_analyses"]]
    rendered(client, VARIANTS["every_moment"])
    ids = client.session["detector_analyses"]
    compare = Page(client.get("/controle/vergelijk/", {"a": ids[0], "b": ids[1]}).content.decode())
    choice = Page(client.get("/controle/vergelijk/").content.decode())
    upload = Page(client.get(reverse("detector:upload")).content.decode())
    for page in (compare, choice):
        words = main_words(page)
        assert misspelled(words) == []
        assert VERDICT.findall(words) == []
    # File formats are names, not words; the upload page lists them.
    unknown = [w for w in misspelled(main_words(upload)) if w not in {"avi", "mkv", "mov", "webm"}]
    assert unknown == []


def test_the_count_always_comes_with_its_seconds():
    assert wording.counted_sentence(report_v2()) == "We zagen 2 keer knipperen in 30 seconden."
    one = report_v2(blink_count=1, visible_face_s=1.2, duration_s=1.2)
    assert wording.counted_sentence(one) == "We zagen 1 keer knipperen in 1 seconde."
    none = report_v2(blink_count=0, blinks=[])
    assert wording.counted_sentence(none) == (
        "We zagen de persoon geen enkele keer knipperen in 30 seconden."
    )
    partly = report_v2(duration_s=40.0, visible_face_s=25.0)
    assert wording.counted_sentence(partly) == (
        "We zagen 2 keer knipperen in 25 seconden waarin de ogen goed te zien waren "
        "(de video duurt 40 seconden)."
    )


def test_what_people_usually_do_is_the_lessons_range_for_these_seconds():
    summary = wording.blink_summary(VARIANTS["short"])
    assert summary.usual == (
        "Mensen knipperen in een gesprek meestal 10 tot 32 keer per minuut. "
        "In 9 seconden is dat ongeveer 1 tot 5 keer."
    )
    assert "nog te kort" in summary.says


def test_a_shaky_measurement_is_called_a_shaky_measurement():
    summary = wording.blink_summary(VARIANTS["doubtful"])
    assert summary.doubt.startswith("Let op: de meting zelf is misschien niet gelukt")
    # Words first; the engine's sizes in pixels are on the page, in the details.
    assert "de ogen zijn klein in beeld, het gezicht is klein in beeld" in summary.doubt
    assert "pixels" not in summary.doubt
    assert "in maar 6 van de 10 beelden" in summary.doubt
    lines = {line.key: line for line in wording.quality_lines(VARIANTS["doubtful"])}
    assert "pixels" not in lines["knipperen"].why
    assert lines["knipperen"].numbers == (
        "Een oog is ongeveer 14 pixels breed. Het gezicht is ongeveer 70 pixels hoog."
    )
    assert lines["scherpte"].numbers == "Het gezicht is ongeveer 70 pixels hoog."
    assert lines["knipperen"].label == "twijfelachtig gemeten"
    assert lines["scherpte"].label == "twijfelachtig gemeten"
    assert "donker" in lines["scherpte"].why and "beelden" not in lines["scherpte"].why
    assert "ogen" not in lines["scherpte"].why
    unknown_doubt = wording.blink_summary(VARIANTS["doubt_new_code"]).doubt
    assert wording.DOUBT_FALLBACK in unknown_doubt
    good = {line.key: line.label for line in wording.quality_lines(report_v2())}
    assert good == {"knipperen": "goed gemeten", "scherpte": "goed gemeten"}


def test_a_face_that_fills_the_picture_makes_only_the_sharpness_doubtful():
    lines = {line.key: line for line in wording.quality_lines(VARIANTS["no_scene"])}
    assert lines["knipperen"].label == "goed gemeten"
    assert lines["scherpte"].why == (
        "De meting kan fout zijn: er is naast het gezicht bijna geen omgeving in beeld om "
        "mee te vergelijken."
    )
    assert wording.blink_summary(VARIANTS["no_scene"]).doubt == ""
    assert "bijna geen omgeving" in wording.blur_summary(VARIANTS["no_scene"]).doubt


def test_every_moment_is_worded_from_its_reason_and_numbers():
    details = [wording.moment_detail(m) for m in parse_report(VARIANTS["every_moment"]).moments]
    assert "zakt naar 0,21, die van de omgeving staat op 0,95" in details[0]
    assert "plotseling wazig" in details[1]
    assert details[2].startswith("De ogen blijven 0,6 seconde dicht.")
    assert details[3].startswith("De ogen blijven 2,1 seconden dicht.")
    assert details[4].startswith("2 keer knipperen in 30 seconden.")
    assert details[5].startswith("40 keer knipperen in 30 seconden.")
    assert details[6] == ""
    texts = wording.moment_texts(VARIANTS["every_moment"])
    assert texts[-1].title == wording.MOMENT_FALLBACK
    assert [m.label for m in texts] == list("ABCDEFG")
