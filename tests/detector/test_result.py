import re
from html.parser import HTMLParser

import cv2
import numpy as np
import pytest
from django.urls import reverse

from detector.models import Analysis, Thumbnail
from tests.detector.webfixtures import finished_report, give_to, make_analysis

pytestmark = pytest.mark.django_db


def done(report=None, **fields):
    return make_analysis(
        status=Analysis.Status.DONE, progress=100, report=report or finished_report(), **fields
    )


def add_thumbnail(analysis, number=1, time_s=20.0):
    frame = np.full((180, 240, 3), 120, np.uint8)
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
    assert "2 keer in 30 seconden (ongeveer 4 per minuut)" in text
    assert "Mensen knipperen in een gesprek meestal 10 tot 30 keer per minuut." in text
    assert "minder dan je zou verwachten" in text
    assert "Wat betekent dit?" in text
    assert 'href="/lessen/herkennen/#knipperen"' in text


def test_the_summary_says_where_the_face_is_blurrier(client):
    text = page(client, done())
    assert "1 keer opvallend wazig" in text
    assert "0:20,0" in text
    assert 'href="/lessen/herkennen/#vage-pixels"' in text


def test_it_never_gives_a_verdict(client):
    text = page(client, done()).lower()
    assert "dit is een deepfake" not in text
    assert "dit is echt" not in text
    assert "kan niet zeggen of een video echt of nep is" in text
    assert "#controleer-de-bron" in text


def test_the_timeline_is_an_accessible_svg(client):
    text = page(client, done())
    svg = re.search(r"<svg[^>]*>", text).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="tijdlijn-titel tijdlijn-uitleg"' in svg
    assert '<title id="tijdlijn-titel">' in text
    assert "2 keer knipperen is gemarkeerd" in text
    assert text.count('class="chart-blink"') == 2
    assert text.count('class="chart-moment"') == 1
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
    url = reverse("detector:thumbnail", args=[analysis.pk, 1])
    assert f'src="{url}"' in text
    assert "Het gezicht is veel waziger dan de omgeving." in text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    picture = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_COLOR)
    assert picture.shape[1] == 240
    assert response.content == bytes(stored.jpeg)


def test_someone_elses_thumbnail_is_not_found(client):
    analysis = done()
    add_thumbnail(analysis)
    assert client.get(reverse("detector:thumbnail", args=[analysis.pk, 1])).status_code == 404


def test_unknown_answers_are_explained_instead_of_empty_charts(client):
    report = finished_report(
        blinks=[],
        blink_rate_per_min=None,
        suspicious_moments=[],
        blurry_frames=[],
        signals={"blink_rate": "unknown", "blur": "unknown"},
        unknown_reasons=["no_face", "too_dark"],
        face_found_ratio=0.0,
    )
    text = page(client, done(report))
    assert "Waarom niet alles te meten was" in text
    assert "Er is geen gezicht gevonden in de video." in text
    assert "te donker" in text
    assert "<svg" not in text
    assert "Niet te beoordelen" in text


@pytest.mark.parametrize("code", ["too_short", "several_faces", "face_turned_away"])
def test_each_unknown_reason_has_its_own_explanation(client, code):
    report = finished_report(signals={"blink_rate": "unknown", "blur": "none"})
    report["unknown_reasons"] = [code]
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

    report = finished_report(unknown_reasons=["too_short", "several_faces"])
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
    report = finished_report(
        duration_s=20.0, blink_rate_per_min=None, unknown_reasons=["too_short"]
    )
    report["signals"]["blink_rate"] = "unknown"
    text = page(client, done(report))
    assert "We zagen 2 keer knipperen in 20 seconden" in text
    assert "te weinig om iets over het knipperen te zeggen" in text
