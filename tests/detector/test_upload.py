import io
import struct
import wave
import zipfile

import pytest
from django.urls import reverse

from detector.models import Analysis, ClientUpload, Thumbnail
from tests.detector.webfixtures import stored_clips, upload_bytes, upload_file, write_clip

pytestmark = pytest.mark.django_db


def assert_refused(response, clip_dir, *words):
    assert 400 <= response.status_code < 500, response.status_code
    text = response.content.decode()
    for word in words:
        assert word in text, f"{word!r} not in the page"
    assert not Analysis.objects.exists()
    assert not list(clip_dir.iterdir())


def test_the_upload_page_says_what_happens_to_the_clip(client):
    response = client.get(reverse("detector:upload"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "wissen we hem meteen" in text
    assert "24 uur" in text
    assert "nooit zeggen of een video echt of nep is" in text
    assert 'enctype="multipart/form-data"' in text
    assert "js/upload.js" in text


def test_an_upload_is_analysed_and_the_clip_deleted(
    client, clip_dir, immediate_tasks, blurry_face_clip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, blurry_face_clip)

    analysis = Analysis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("detector:status", args=[analysis.pk])
    assert analysis.status == Analysis.Status.DONE
    assert analysis.progress == 100
    assert analysis.report["suspicious_moments"]
    assert Thumbnail.objects.filter(analysis=analysis).exists()
    assert analysis.clip_name == ""
    assert stored_clips() == []

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Wat de controle zag" in page.content.decode()


def test_an_upload_is_queued_for_the_worker(
    client, clip_dir, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        upload_file(client, small_clip)

    analysis = Analysis.objects.get()
    assert analysis.status == Analysis.Status.QUEUED
    assert [r.args for r in default_task_backend.results] == [[analysis.pk]]  # type: ignore[attr-defined]  # DummyBackend
    assert stored_clips() == [analysis.clip_name]
    assert analysis.clip_name.endswith(".mp4") and "gesprek" not in analysis.clip_name


def test_an_htmx_upload_is_sent_to_the_status_page(
    client, clip_dir, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, small_clip, HTTP_HX_REQUEST="true")
    analysis = Analysis.objects.get()
    assert response["HX-Redirect"] == reverse("detector:status", args=[analysis.pk])


def test_it_asks_for_a_file_when_none_is_sent(client, clip_dir):
    client.get(reverse("detector:upload"))
    response = client.post(reverse("detector:upload"), {})
    assert_refused(response, clip_dir, "Kies eerst een video")


def test_it_rejects_an_empty_file(client, clip_dir):
    assert_refused(upload_bytes(client, b"", "leeg.mp4"), clip_dir, "leeg")


def test_it_rejects_random_bytes_named_mp4(client, clip_dir):
    junk = bytes(range(256)) * 64
    assert_refused(upload_bytes(client, junk, "clip.mp4"), clip_dir, "geen video")


@pytest.mark.parametrize(
    "content",
    [
        b"Dit is gewoon tekst, geen video.\n" * 20,
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ],
    ids=["text", "html", "svg"],
)
def test_it_rejects_text_html_and_svg_named_mp4(client, clip_dir, content):
    assert_refused(upload_bytes(client, content, "clip.mp4"), clip_dir, "geen video")


def test_it_rejects_a_png_renamed_to_mp4(client, clip_dir):
    import cv2
    import numpy as np

    _ok, png = cv2.imencode(".png", np.zeros((32, 32, 3), np.uint8))
    assert_refused(upload_bytes(client, png.tobytes(), "foto.mp4"), clip_dir, "geen video")


def test_it_rejects_a_zip_renamed_to_mp4(client, clip_dir):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hallo")
    assert_refused(upload_bytes(client, buffer.getvalue(), "pakket.mp4"), clip_dir, "geen video")


def test_it_rejects_a_truncated_mp4(client, clip_dir, small_clip):
    head = small_clip.read_bytes()[:600]
    assert_refused(upload_bytes(client, head, "kapot.mp4"), clip_dir, "beschadigd")


def test_it_rejects_an_mp4_with_a_corrupted_header(client, clip_dir, small_clip):
    content = bytearray(small_clip.read_bytes())
    # Keep "ftyp" so the magic check passes, then wreck the box sizes after it.
    content[8:400] = bytes(392)
    assert_refused(upload_bytes(client, bytes(content), "kapot.mp4"), clip_dir, "beschadigd")


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"".join(struct.pack("<h", (i * 97) % 3000) for i in range(8000)))
    return buffer.getvalue()


def test_it_rejects_audio_named_mp4(client, clip_dir):
    assert_refused(upload_bytes(client, wav_bytes(), "geluid.mp4"), clip_dir, "geen video")


def test_it_rejects_audio_with_an_audio_extension(client, clip_dir):
    assert_refused(upload_bytes(client, wav_bytes(), "geluid.m4a"), clip_dir, "mp4, m4v")


def test_it_rejects_audio_in_an_mp4_container_without_pictures(client, clip_dir):
    # An ISO box header in front of sound: passes the magic check, fails the probe.
    fake = struct.pack(">I", 24) + b"ftypM4A " + bytes(12) + wav_bytes()
    assert_refused(upload_bytes(client, fake, "geluid.mp4"), clip_dir, "beschadigd")


def test_a_clip_over_the_length_limit_is_taken_for_its_first_part(
    client, clip_dir, settings, tmp_path, dummy_tasks
):
    """Headers can lie about the length, so the engine judges it on the decoded
    timeline (tests/detector/test_limits_length.py); the upload page says so."""
    settings.DETECTOR_MAX_DURATION_S = 2
    clip = write_clip(tmp_path / "lang.mp4", seconds=3.0, face=False)
    assert upload_file(client, clip).status_code == 302
    page = client.get(reverse("detector:upload")).content.decode()
    assert "alleen de eerste 2 seconden" in page


def test_it_rejects_a_clip_over_the_size_limit(client, clip_dir, settings, tmp_path):
    settings.DETECTOR_MAX_UPLOAD_MB = 1
    clip = tmp_path / "groot.mp4"
    clip.write_bytes(write_clip(tmp_path / "x.mp4").read_bytes() + bytes(1_200_000))
    response = upload_file(client, clip)
    assert_refused(response, clip_dir, "te groot")
    assert response.status_code == 413


def test_it_rejects_a_very_large_resolution(client, clip_dir, settings, tmp_path):
    settings.DETECTOR_MAX_PIXELS = 200 * 150
    clip = write_clip(tmp_path / "breed.mp4", seconds=1.0, size=(320, 240), face=False)
    assert_refused(upload_file(client, clip), clip_dir, "te groot", "320 × 240")


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.mp4", "..\\..\\clip.mp4", "ẞpëcïål 🎬 clip.mp4", "/tmp/x.mp4"]
)
def test_odd_file_names_are_never_used_to_store_the_clip(
    client, clip_dir, dummy_tasks, small_clip, name, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, small_clip, name=name)
    assert response.status_code == 302
    stored = stored_clips()
    assert stored == [Analysis.objects.get().clip_name]
    assert stored[0].endswith(".mp4") and len(stored[0]) == 36
    assert [p.name for p in clip_dir.iterdir()] == stored


def test_it_rejects_a_double_extension_ending_in_exe(client, clip_dir, small_clip):
    response = upload_file(client, small_clip, name="clip.mp4.exe")
    assert_refused(response, clip_dir, "Dit soort bestand kunnen we niet controleren")


def test_it_accepts_a_real_video_with_exe_in_the_middle_of_its_name(
    client, clip_dir, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    # Only the last extension counts and the name is never used: the bytes are a video.
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, small_clip, name="clip.exe.mp4")
    assert response.status_code == 302
    assert stored_clips()[0].endswith(".mp4")


def test_a_refusal_after_htmx_upload_returns_the_form_with_the_message(client, clip_dir):
    response = upload_bytes(client, b"nope", "clip.mp4", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="upload-form"' in text and "<html" not in text
    assert "geen video" in text


def session_of(client) -> str:
    """The hashed key the upload limits use for this test client's browser session."""
    from detector import services

    session = client.session
    session.save()
    client.cookies["sessionid"] = session.session_key
    return services.session_key_hash(session.session_key)


def test_it_limits_uploads_per_session_per_hour(client, clip_dir, settings, small_clip):
    settings.DETECTOR_UPLOADS_PER_HOUR = 2
    settings.DETECTOR_MAX_WAITING_PER_CLIENT = 10
    session = session_of(client)
    for _ in range(2):
        ClientUpload.objects.create(client_key="another-address", session_key=session)
    response = upload_file(client, small_clip)
    assert response.status_code == 429
    assert "afgelopen uur" in response.content.decode()
    assert not Analysis.objects.exists()
    assert stored_clips() == []


def test_it_limits_uploads_per_address_per_hour_with_its_own_number(
    client, clip_dir, settings, small_clip
):
    from detector import services

    settings.DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS = 3
    address = services.client_key("127.0.0.1")
    for number in range(3):  # three other pupils of the same school
        ClientUpload.objects.create(client_key=address, session_key=f"pupil-{number}")
    response = upload_file(client, small_clip)
    assert response.status_code == 429
    assert "Vanaf dit netwerk" in response.content.decode()


def test_a_class_behind_one_address_can_upload(
    client, clip_dir, settings, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    from detector import services

    address = services.client_key("127.0.0.1")
    for number in range(25):  # 25 pupils of the class, one clip each
        ClientUpload.objects.create(client_key=address, session_key=f"pupil-{number}")
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_file(client, small_clip).status_code == 302


def test_deleting_results_does_not_reset_the_hourly_limit(
    client, clip_dir, settings, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    settings.DETECTOR_UPLOADS_PER_HOUR = 1
    with django_capture_on_commit_callbacks(execute=True):
        first = upload_file(client, small_clip)
    client.post(first["Location"] + "verwijderen/")
    assert not Analysis.objects.exists()
    assert upload_file(client, small_clip).status_code == 429


def test_forwarded_addresses_count_only_from_trusted_proxies(settings):
    from detector import services

    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    settings.DETECTOR_TRUSTED_PROXIES = []
    assert services.client_ip(meta) == "10.0.0.1"
    settings.DETECTOR_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert services.client_ip(meta) == "203.0.113.7"
    # A peer that is not our proxy cannot choose its address.
    assert services.client_ip({**meta, "REMOTE_ADDR": "198.51.100.9"}) == "198.51.100.9"
    # Two proxies of ours in a row: the address the outer one saw.
    settings.DETECTOR_TRUSTED_PROXIES = ["10.0.0.0/24", "203.0.113.7"]
    assert services.client_ip(meta) == "6.6.6.6"
    # Junk in the header is not an address.
    assert services.client_ip({**meta, "HTTP_X_FORWARDED_FOR": "nonsense"}) == "10.0.0.1"


def test_a_rotating_forwarded_for_from_an_untrusted_peer_is_ignored(
    client, clip_dir, settings, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    settings.DETECTOR_TRUSTED_PROXIES = ["10.9.9.9"]
    settings.DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS = 2
    statuses = []
    for number in range(4):
        client.cookies.clear()  # a new session each time, as an attacker would
        with django_capture_on_commit_callbacks(execute=True):
            response = upload_file(client, small_clip, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429, 429]


def test_it_limits_waiting_jobs_per_session(client, clip_dir, settings, small_clip):
    settings.DETECTOR_MAX_WAITING_PER_CLIENT = 1
    Analysis.objects.create(client_key="some-address", session_key=session_of(client))
    response = upload_file(client, small_clip)
    assert response.status_code == 429
    assert "wachtrij" in response.content.decode()


def test_another_session_is_not_limited_by_someone_elses_uploads(
    client, clip_dir, settings, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    from detector import services

    settings.DETECTOR_MAX_WAITING_PER_CLIENT = 1
    Analysis.objects.create(client_key=services.client_key("127.0.0.1"), session_key="other")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, small_clip)
    assert response.status_code == 302


def test_a_full_queue_says_it_is_busy(client, clip_dir, settings, small_clip):
    settings.DETECTOR_MAX_WAITING_TOTAL = 2
    for number in range(2):
        Analysis.objects.create(client_key=f"address-{number}", session_key=f"s-{number}")
    response = upload_file(client, small_clip)
    assert response.status_code == 503
    assert "erg druk" in response.content.decode()


def test_one_address_holds_no_more_than_its_share_of_the_queue(
    client, clip_dir, settings, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    """A script with a fresh session for every upload fills only its address's share;
    a visitor from another address still gets in."""
    from detector import services

    settings.DETECTOR_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.DETECTOR_MAX_WAITING_TOTAL = 5
    settings.DETECTOR_MAX_WAITING_PER_ADDRESS = 2
    statuses = []
    for _ in range(4):
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = upload_file(client, small_clip, HTTP_X_FORWARDED_FOR="198.51.100.7")
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429, 429]
    assert "Vanaf dit netwerk" in response.content.decode()
    address = services.client_key("198.51.100.7")
    assert Analysis.objects.waiting().filter(client_key=address).count() == 2

    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other = upload_file(client, small_clip, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302


def test_an_upload_without_a_session_is_refused_and_its_answer_brings_one(
    client, clip_dir, settings, dummy_tasks, small_clip, django_capture_on_commit_callbacks
):
    with small_clip.open("rb") as clip:
        refused = client.post(reverse("detector:upload"), {"clip": clip})
    assert refused.status_code == 400
    assert "nog een keer" in refused.content.decode()
    assert not Analysis.objects.exists()
    assert settings.SESSION_COOKIE_NAME in refused.cookies

    with small_clip.open("rb") as clip, django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("detector:upload"), {"clip": clip})
    assert again.status_code == 302
    assert client.get(again["Location"]).status_code == 200


def test_the_client_key_is_not_the_ip_address():
    from detector import services

    key = services.client_key("192.168.1.20")
    assert "192.168" not in key and len(key) >= 40
    assert key == services.client_key("192.168.1.20") != services.client_key("192.168.1.21")


def test_a_clip_with_known_blinks_gets_a_plain_dutch_blink_summary(
    client, clip_dir, immediate_tasks, tmp_path, django_capture_on_commit_callbacks
):
    from tests.detector.clipgen import ClipSpec, make_clip

    spec = ClipSpec(width=320, height=240, fps=15, duration_s=31, blink_times=[3, 9, 15, 21, 27])
    truth = make_clip(tmp_path / "knipperen.mp4", spec)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, truth.path)

    from detector import wording

    report = Analysis.objects.get().report
    text = client.get(response["Location"]).content.decode()
    assert len(report["blinks"]) == len(truth.blinks) == 5
    assert wording.counted_sentence(report).startswith("We zagen 5 keer knipperen in ")
    assert wording.counted_sentence(report) in text
    assert wording.normal_blinks() in text
