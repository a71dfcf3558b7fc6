"""Test jezelf: the recorder page, its answers to a recording, and the result of one.

The recorder's script (static/js/recorder.js) sends the header X-Recorder: 1 and reads
JSON; the plain form on the same page (no JavaScript, or a phone's camera app) gets a
redirect or the page again. Either way a recording is refused with the messages an
upload gets (the browser journey: tests/browser/test_selftest_journey.py).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from django.conf import settings
from django.urls import reverse

from detector.models import Analysis, ClientUpload
from detector.wording import errors
from tests.detector.result_pages import Page, report_v2, result_html
from tests.detector.webfixtures import (
    face_picture,
    give_to,
    make_analysis,
    stored_clips,
    upload_bytes,
)
from tests.pages import parse

pytestmark = pytest.mark.django_db

RECORDER = {"HTTP_X_RECORDER": "1"}
SELFTEST = "/controle/test-jezelf/"


def webm_recording(path: Path, seconds: float, fps: int = 10, face: bool = True) -> bytes:
    """A WebM (VP8) as a browser records it, of a face or of grey frames."""
    size = (320, 240)
    base = face_picture(*size) if face else np.full((size[1], size[0], 3), 90, np.uint8)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"VP80"), fps, size)
    assert writer.isOpened()
    for index in range(round(seconds * fps)):
        frame = base.copy()
        cv2.putText(frame, str(index), (5, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1)
        writer.write(frame)
    writer.release()
    return path.read_bytes()


@pytest.fixture
def recording(tmp_path) -> bytes:
    return webm_recording(tmp_path / "opname.webm", seconds=3.0)


def send(client, content: bytes, name: str = "opname.webm", **extra):
    """Send a recording as the page does: the page first (it brings the session)."""
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        client.get(SELFTEST)
    clip = io.BytesIO(content)
    clip.name = name
    return client.post(SELFTEST, {"clip": clip}, **extra)


def png_bytes() -> bytes:
    _ok, png = cv2.imencode(".png", np.zeros((32, 32, 3), np.uint8))
    return png.tobytes()


def upload_message(client, content: bytes, name: str) -> str:
    """What the upload form says to the same file: the recorder must say the same."""
    response = upload_bytes(client, content, name)
    assert 400 <= response.status_code < 500
    return response.content.decode()


# --- the page ---------------------------------------------------------------------------


def test_the_page_says_what_happens_before_the_camera_starts(client):
    response = client.get(reverse("detector:selftest"))
    assert response.status_code == 200
    assert reverse("detector:selftest") == SELFTEST
    page = parse(response.content)
    text = page.text()
    assert "De camera gaat pas aan als je op de knop drukt" in text
    assert "Daarna wissen we de opname meteen" in text
    assert "Je docent niet en je klas ook niet" in text
    assert "24 uur lang" in text and "meteen zelf wissen" in text
    assert "zonder geluid" in text
    [recorder] = [s for s in page.find_all("section") if "data-recorder" in s]
    assert recorder["data-recorder-action"] == SELFTEST
    assert recorder["data-recorder-seconds"] == str(settings.DETECTOR_RECORDING_S)
    [script] = [s for s in page.find_all("script") if s.get("src") == "/static/js/recorder.js"]
    assert "defer" in script


def test_without_javascript_the_page_offers_a_plain_form_that_opens_the_camera_app(client):
    page = parse(client.get(SELFTEST).content)
    forms = [f for f in page.find_all("form") if f.get("action") == SELFTEST]
    assert len(forms) == 1
    assert forms[0]["method"] == "post" and forms[0]["enctype"] == "multipart/form-data"
    clip = next(i for i in page.find_all("input") if i.get("name") == "clip")
    assert clip["type"] == "file" and clip["accept"] == "video/*" and clip["capture"] == "user"
    assert ("label", {"for": clip["id"]}) in page.tags
    assert any(a.get("href") == reverse("detector:upload") for a in page.find_all("a"))
    # The camera button does nothing without the script, so it is hidden until it runs.
    start = next(b for b in page.find_all("button") if "data-recorder-start" in b)
    assert "hidden" in start


def test_the_page_and_the_recorders_messages_are_spelled_right(client):
    from tests.spelling import misspelled

    script = (Path(settings.BASE_DIR) / "static" / "js" / "recorder.js").read_text()
    # The script's Dutch: the string literals of its TEXT (the messages).
    texts = script[script.index("var TEXT = {") : script.index("\n  };", script.index("var TEXT"))]
    messages = re.findall(r'"([^"\n]*)"', texts)
    assert any("Het is even druk" in text for text in messages)
    page = parse(client.get(SELFTEST).content).text()
    assert misspelled(page + "\n" + "\n".join(messages)) == []


def test_the_upload_page_leads_to_the_test(client):
    page = parse(client.get(reverse("detector:upload")).content)
    assert any(a.get("href") == SELFTEST for a in page.find_all("a"))


# --- the camera: this page only ---------------------------------------------------------


def policy(response) -> list[str]:
    return response["Permissions-Policy"].split(", ")


def test_only_the_test_page_may_use_the_camera_and_no_page_the_microphone(
    client, clip_dir, dummy_tasks, recording, django_capture_on_commit_callbacks
):
    page = client.get(SELFTEST)
    assert "camera=(self)" in policy(page) and "microphone=()" in policy(page)
    with django_capture_on_commit_callbacks(execute=True):
        answer = send(client, recording, **RECORDER)
    refused = send(client, b"", **RECORDER)
    for response in (answer, refused):
        assert "camera=(self)" in policy(response)
        assert "microphone=()" in policy(response)
    for url in (reverse("detector:upload"), reverse("lessons:home"), reverse("classroom:join")):
        assert "camera=()" in policy(client.get(url)), url


# --- a recording is taken ---------------------------------------------------------------


def test_a_recording_is_queued_as_a_camera_analysis_and_answered_with_json(
    client, clip_dir, dummy_tasks, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, recording, **RECORDER)
    analysis = Analysis.objects.get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "redirect": reverse("detector:status", args=[analysis.pk])
    }
    assert analysis.source == Analysis.Source.CAMERA
    assert analysis.status == Analysis.Status.QUEUED
    assert stored_clips() == [analysis.clip_name] and analysis.clip_name.endswith(".webm")
    status = client.get(reverse("detector:status", args=[analysis.pk]))
    assert "Je opname wordt gecontroleerd" in status.content.decode()


def test_a_recording_from_the_plain_form_goes_to_its_status_page(
    client, clip_dir, dummy_tasks, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, recording)
    analysis = Analysis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("detector:status", args=[analysis.pk])
    assert analysis.source == Analysis.Source.CAMERA


def test_a_recording_is_analysed_deleted_and_its_result_says_it_was_a_real_person(
    client, clip_dir, immediate_tasks, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, recording, **RECORDER)
    analysis = Analysis.objects.get()
    assert analysis.status == Analysis.Status.DONE, analysis.error_message
    assert stored_clips() == [] and analysis.clip_name == ""
    page = client.get(json.loads(response.content)["redirect"]).content.decode()
    assert "Wat de controle zag" in page
    assert "jij bent echt" in page


# --- refusals: the upload's messages, as JSON for the script and as the page without -----


@pytest.fixture(params=["recorder", "form"])
def sender(request):
    """Send as recorder.js does, or as the plain form does."""
    return request.param


def assert_refused(response, sender: str, message: str, status: int = 400) -> None:
    assert response.status_code == status
    if sender == "recorder":
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"error": message, "retry": False}
    else:
        page = parse(response.content)
        assert message in page.text()
        assert len(page.find_all("h1")) == 1 and SELFTEST in response.content.decode()
        assert "camera=(self)" in policy(response)
    assert not Analysis.objects.exists()
    assert stored_clips() == []


def headers(sender: str) -> dict:
    return RECORDER if sender == "recorder" else {}


def test_an_empty_recording_is_refused_as_an_empty_upload(client, clip_dir, sender):
    assert errors.EMPTY_FILE in upload_message(client, b"", "leeg.webm")
    assert_refused(send(client, b"", **headers(sender)), sender, errors.EMPTY_FILE)


def test_a_picture_named_opname_webm_is_refused_as_an_upload_is(client, clip_dir, sender):
    assert errors.NOT_A_VIDEO in upload_message(client, png_bytes(), "opname.webm")
    assert_refused(send(client, png_bytes(), **headers(sender)), sender, errors.NOT_A_VIDEO)


def test_a_recording_longer_than_the_recorder_makes_is_refused(
    client, clip_dir, settings, tmp_path, sender
):
    seconds = settings.DETECTOR_RECORDING_MAX_S + 1
    long = webm_recording(tmp_path / "lang.webm", seconds=seconds, fps=2, face=False)
    message = errors.recording_too_long(settings.DETECTOR_RECORDING_MAX_S)
    assert "40 seconden" in message
    assert_refused(send(client, long, **headers(sender)), sender, message)


def test_a_recording_over_the_upload_limit_gets_the_uploads_message(
    client, clip_dir, settings, recording, sender
):
    """Refused (413) before anything reads it, by the body limit the upload has; that
    answer is a page, also for the script, which shows its message."""
    settings.DETECTOR_MAX_UPLOAD_MB = 1
    big = recording + bytes(1_200_000)
    expected = upload_message(client, big, "groot.webm")
    response = send(client, big, **headers(sender))
    assert response.status_code == 413
    message = errors.too_large(1)
    assert message in expected and message in response.content.decode()
    assert not Analysis.objects.exists() and stored_clips() == []


def test_a_recording_without_a_session_is_refused_and_the_answer_brings_one(
    client, clip_dir, dummy_tasks, recording, sender, django_capture_on_commit_callbacks
):
    clip = io.BytesIO(recording)
    clip.name = "opname.webm"
    response = client.post(SELFTEST, {"clip": clip}, **headers(sender))
    assert_refused(response, sender, errors.NO_SESSION)
    assert settings.SESSION_COOKIE_NAME in response.cookies
    with django_capture_on_commit_callbacks(execute=True):
        again = send(client, recording, **headers(sender))
    assert again.status_code in (200, 302)
    assert Analysis.objects.get().source == Analysis.Source.CAMERA


def test_a_full_queue_asks_the_script_to_send_the_recording_again(
    client, clip_dir, settings, recording
):
    """A class behind one school address: its share of the queue fills up when
    everybody sends at once; the script waits and sends again (recorder.js)."""
    from detector import services

    settings.DETECTOR_MAX_WAITING_PER_ADDRESS = 2
    address = services.client_key("127.0.0.1")
    for number in range(2):
        Analysis.objects.create(client_key=address, session_key=f"pupil-{number}")
    response = send(client, recording, **RECORDER)
    assert response.status_code == 429
    assert json.loads(response.content) == {"error": errors.ADDRESS_QUEUE_FULL, "retry": True}

    settings.DETECTOR_MAX_WAITING_PER_ADDRESS = 10
    settings.DETECTOR_MAX_WAITING_TOTAL = 2
    response = send(client, recording, **RECORDER)
    assert response.status_code == 503
    assert json.loads(response.content) == {"error": errors.TOO_BUSY, "retry": True}


def test_an_hourly_limit_is_not_worth_waiting_for(client, clip_dir, settings, recording):
    settings.DETECTOR_UPLOADS_PER_HOUR = 1
    client.get(SELFTEST)
    session = client.session
    from detector import services

    ClientUpload.objects.create(
        client_key="elsewhere", session_key=services.session_key_hash(session.session_key)
    )
    response = send(client, recording, **RECORDER)
    assert response.status_code == 429
    assert json.loads(response.content) == {
        "error": errors.session_hour_full(1),
        "retry": False,
    }


# --- the result of a recording ----------------------------------------------------------

REAL_PERSON = "jij bent echt"


def result_of(client, source: str, **report_changes) -> Page:
    analysis = make_analysis(
        status=Analysis.Status.DONE, progress=100, report=report_v2(**report_changes), source=source
    )
    give_to(client, analysis)
    return Page(result_html(client, analysis))


def test_the_result_of_a_recording_says_each_flagged_moment_is_a_false_alarm(client):
    page = result_of(client, Analysis.Source.CAMERA)
    note = page.by_id("echt-mens")
    assert note is not None
    text = " ".join(note.text.split())
    assert REAL_PERSON in text
    assert "Elk opvallend moment hieronder is dus een vals alarm" in text
    for cause in ("licht", "bril", "naar beneden kijken", "weinig beelden per seconde"):
        assert cause in text
    assert "geen bewijs" in text
    # Near the top: before the result's own summary.
    words = page.main_text()
    assert words.index(REAL_PERSON) < words.index("Wat de computer telde")


def test_a_recording_without_flagged_moments_still_explains_false_alarms(client):
    page = result_of(client, Analysis.Source.CAMERA, suspicious_moments=[])
    text = " ".join(page.by_id("echt-mens").text.split())
    assert "Deze keer vond de controle niets opvallends" in text
    assert "vals alarm" in text


def test_the_result_of_an_upload_says_nothing_about_a_real_person(client):
    page = result_of(client, Analysis.Source.UPLOAD)
    assert page.by_id("echt-mens") is None
    assert REAL_PERSON not in page.main_text()


def test_a_pupil_in_klassikaal_is_led_back_to_the_class(client):
    session = client.session
    session["klassikaal"] = {"session": 1, "participant": 1}  # classroom.views.PUPIL_KEY
    session.save()
    page = result_of(client, Analysis.Source.CAMERA)
    back = [a for a in page.find("a") if a.attrs.get("href") == reverse("classroom:play")]
    assert [" ".join(a.text.split()) for a in back] == ["Terug naar de klas"]


def test_a_visitor_outside_klassikaal_gets_no_way_back_to_a_class(client):
    page = result_of(client, Analysis.Source.CAMERA)
    assert not [a for a in page.find("a") if a.attrs.get("href") == reverse("classroom:play")]


def test_a_failed_recording_offers_to_record_again(client):
    analysis = make_analysis(
        status=Analysis.Status.FAILED,
        error_message=errors.UNEXPECTED,
        source=Analysis.Source.CAMERA,
    )
    give_to(client, analysis)
    page = parse(client.get(reverse("detector:status", args=[analysis.pk])).content)
    assert "Je opname is al gewist" in page.text()
    assert any(a.get("href") == SELFTEST for a in page.find_all("a"))
