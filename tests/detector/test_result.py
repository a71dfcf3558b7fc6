import re
from html.parser import HTMLParser

import cv2
import numpy as np
import pytest
from django.urls import reverse

from detector.models import Analysis, Thumbnail
from tests.detector.result_pages import report_v2
from tests.detector.webfixtures import give_to, make_analysis

pytestmark = pytest.mark.django_db


def done(report=None, **fields):
    return make_analysis(
        status=Analysis.Status.DONE, progress=100, report=report or report_v2(), **fields
    )


def add_thumbnail(analysis, number=2, time_s=20.5):
    frame = np.full((240, 240, 3), 120, np.uint8)
    return Thumbnail.objects.create(
        analysis=analysis,
        number=number,
        time_s=time_s,
        reason="face_blurrier_than_scene",
        jpeg=cv2.imencode(".jpg", frame)[1].tobytes(),
    )


def page(client, analysis) -> str:
    give_to(client, analysis)
    response = client.get(reverse("detector:status", args=[analysis.pk]))
    assert response.status_code == 200
    return response.content.decode()


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []
        self.styles = 0
        self.scripts_inline = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if "style" in attrs or tag == "style" or any(k.startswith("on") for k in attrs):
            self.styles += 1
        if tag == "script" and not attrs.get("src"):
            self.scripts_inline += 1


def test_the_summary_explains_the_blinks_in_plain_dutch(client):
    text = page(client, done())
    assert "We zagen 2 keer knipperen in 30 seconden" in text
    assert "Mensen knipperen in een gesprek meestal 10 tot 32 keer per minuut." in text
    assert "In 30 seconden is dat ongeveer 5 tot 16 keer." in text
    assert "Dat is minder dan bij de meeste mensen." in text
    assert "Waarom kijkt de controle hiernaar?" in text
    assert 'href="/lessen/herkennen/#knipperen"' in text


def test_the_summary_says_where_the_face_is_blurrier(client):
    text = page(client, done())
    assert "We zagen het gezicht 1 keer opvallend wazig worden in 30 seconden" in text
    assert "moment B (van 20,0 tot 21,0 seconden)" in text
    assert 'href="/lessen/herkennen/#vage-pixels"' in text


def test_it_never_gives_a_verdict(client):
    text = page(client, done()).lower()
    assert "dit is een deepfake" not in text
    assert "geen oordeel over de video" in text
    assert "#controleer-de-bron" in text


def test_the_timeline_is_a_labelled_svg_in_two_sizes(client):
    text = page(client, done())
    svgs = re.findall(r"<svg[^>]*>", text)
    assert len(svgs) == 2
    for svg, size in zip(svgs, ("breed", "smal"), strict=True):
        assert f'aria-labelledby="tijdlijn-{size}-titel"' in svg
        assert f'aria-describedby="tijdlijn-{size}-uitleg"' in svg
    assert '<title id="tijdlijn-breed-titel">' in text
    assert text.count('class="chart-band chart-band--blink"') == 2 * 2
    assert text.count('class="chart-mark chart-mark--blink"') == 2 * 2
    # The blur stretch is shaded and lettered; "few blinks" concerns the whole clip.
    assert text.count('class="chart-band chart-band--moment"') == 2
    assert text.count('href="#moment-2"') == 2 + 1
    # "Few blinks" is about the whole clip: its letter sits by the eyes' title.
    assert text.count('href="#moment-1"') == 2 + 1
    # Locale formatting must not put decimal commas into SVG coordinates.
    for points in re.findall(r'points="([^"]+)"', text):
        assert re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+)*", points)


def test_the_pages_follow_the_house_rules(client):
    text = page(client, done())
    parser = Headings()
    parser.feed(text)
    assert parser.levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parser.levels, parser.levels[1:], strict=False))
    assert parser.styles == 0 and parser.scripts_inline == 0


def test_flagged_moments_have_their_pictures(client):
    analysis = done()
    stored = add_thumbnail(analysis)
    text = page(client, analysis)
    url = reverse("detector:thumbnail", args=[analysis.pk, 2])
    assert f'src="{url}"' in text
    assert 'id="moment-2"' in text
    assert "Het gezicht is veel waziger dan de omgeving." in text
    assert "De scherpte van het gezicht zakt naar 0,20, die van de omgeving staat op 0,97." in text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == bytes(stored.jpeg)


def test_a_picture_that_was_not_stored_is_not_linked(client):
    text = page(client, done())
    assert reverse("detector:thumbnail", args=["x", 2]).split("/x/")[1] not in text


def test_someone_elses_thumbnail_is_not_found(client):
    analysis = done()
    add_thumbnail(analysis)
    assert client.get(reverse("detector:thumbnail", args=[analysis.pk, 2])).status_code == 404


def test_unknown_answers_are_explained_instead_of_empty_charts(client):
    report = report_v2(
        blinks=[],
        blink_count=0,
        blink_rate_per_min=None,
        suspicious_moments=[],
        blurry_frames=[],
        signals={"blink_rate": "unknown", "blur": "unknown"},
        unknown_reasons=["no_face", "too_dark"],
        face_found_ratio=0.0,
    )
    report["quality"].update(eyes="unknown", sharpness="unknown", doubts=[])
    text = page(client, done(report))
    assert "We konden het knipperen in deze video niet meten." in text
    assert "Er is geen gezicht gevonden in de video." in text
    assert "te donker" in text
    assert "Knipperen: niet gemeten." in text
    assert "<svg" not in text


@pytest.mark.parametrize("code", ["several_faces", "face_turned_away", "landmarks_unsure"])
def test_each_unknown_reason_has_its_own_explanation(client, code):
    report = report_v2(signals={"blink_rate": "unknown", "blur": "none"}, unknown_reasons=[code])
    report["quality"]["eyes"] = "unknown"
    from detector.wording import UNKNOWN_REASONS

    assert UNKNOWN_REASONS[code] in page(client, done(report))


def test_the_delete_button_deletes_the_result_and_its_thumbnails(client):
    analysis = done()
    add_thumbnail(analysis)
    text = page(client, analysis)
    action = reverse("detector:delete", args=[analysis.pk])
    assert f'action="{action}"' in text and "csrfmiddlewaretoken" in text

    response = client.post(action, follow=True)

    assert response.redirect_chain[-1][0] == reverse("detector:upload")
    assert "Je resultaat is gewist" in response.content.decode()
    assert not Analysis.objects.filter(pk=analysis.pk).exists()
    assert not Thumbnail.objects.exists()
    assert client.get(reverse("detector:status", args=[analysis.pk])).status_code == 404


def test_delete_needs_a_post(client):
    analysis = done()
    give_to(client, analysis)
    response = client.get(reverse("detector:delete", args=[analysis.pk]))
    assert response.status_code == 405
    assert Analysis.objects.filter(pk=analysis.pk).exists()


def test_delete_needs_the_csrf_token():
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    analysis = done()
    give_to(csrf_client, analysis)
    response = csrf_client.post(reverse("detector:delete", args=[analysis.pk]))
    assert response.status_code == 403
    assert Analysis.objects.filter(pk=analysis.pk).exists()


def test_nobody_else_can_delete_a_result(client):
    analysis = done()
    response = client.post(reverse("detector:delete", args=[analysis.pk]))
    assert response.status_code == 404
    assert Analysis.objects.filter(pk=analysis.pk).exists()


def test_deleting_a_queued_job_removes_its_clip(client, settings, tmp_path):
    from tests.detector.webfixtures import stored_clips

    settings.STORAGES = {
        **settings.STORAGES,
        "clips": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    (tmp_path / "waiting.mp4").write_bytes(b"x")
    analysis = make_analysis(clip_name="waiting.mp4")
    give_to(client, analysis)
    client.post(reverse("detector:delete", args=[analysis.pk]))
    assert stored_clips() == []


def test_the_quick_check_pages_are_spelled_correctly(client):
    from tests.pages import parse
    from tests.spelling import misspelled

    report = report_v2(unknown_reasons=["too_short", "several_faces"])
    result = done(report)
    add_thumbnail(result)
    queued = make_analysis()
    failed = make_analysis(status=Analysis.Status.FAILED, error_message="Mislukt.")
    texts = [page(client, result), page(client, queued), page(client, failed)]
    texts.append(client.get(reverse("detector:upload")).content.decode())
    texts.append(client.get(reverse("detector:status", args=["onbekend"])).content.decode())
    words = " ".join(parse(text).text() for text in texts)
    words += " " + " ".join(
        re.sub(r"<[^>]+>", " ", m)
        for text in texts
        for m in re.findall(r"<desc[^>]*>(.*?)</desc>", text)
    )
    # File formats are names, not words; the upload page lists them.
    unknown = [w for w in misspelled(words) if w not in {"avi", "mkv", "mov", "webm"}]
    assert unknown == [], unknown


def test_blinks_seen_in_a_too_short_clip_are_counted_but_not_judged(client):
    report = report_v2(
        duration_s=13.0, visible_face_s=13.0, blink_rate_per_min=None, unknown_reasons=["too_short"]
    )
    report["signals"]["blink_rate"] = "unknown"
    text = page(client, done(report))
    assert "We zagen 2 keer knipperen in 13 seconden." in text
    assert "Dit stuk video is nog te kort om er iets uit af te leiden." in text
    assert "te weinig" not in text
    assert "knipperen in deze video niet meten" not in text


def test_the_pictures_expire_with_the_result(client):
    from datetime import timedelta

    from django.utils import timezone

    analysis = done()
    add_thumbnail(analysis)
    give_to(client, analysis)
    url = reverse("detector:thumbnail", args=[analysis.pk, 2])
    assert client.get(url).status_code == 200
    Analysis.objects.filter(pk=analysis.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404
    assert client.get(reverse("detector:status", args=[analysis.pk])).status_code == 404
    # Stored with the result: deleting the result deletes its pictures.
    analysis.delete()
    assert not Thumbnail.objects.exists()
