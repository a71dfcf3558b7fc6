"""A pupil tests the quick check on themself: from lesson 7 to the test page, the
camera films them (Chromium's fake camera plays a face that blinks a known number of
times: tests/browser/camera.py), and the result counts those blinks, tells them every
flagged moment is a false alarm, and no clip is left on the server.

The issue's target: from the lesson to one's own result in under a minute on a laptop
(a 22 s recording and the analysis). The test measures it without its own checks (axe,
screenshots), and prints the figure with the analysis time the worker recorded.
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.camera import FACE_BLINKS
from tests.browser.conftest import assert_accessible

LESSON = "/lessen/herkennen/"
SELFTEST = "/controle/test-jezelf/"
RESULT_URL = re.compile(r"/controle/(?!test-jezelf/)(?P<id>[A-Za-z0-9_-]+)/$")
TARGET_S = 60.0


class Stopwatch:
    """The pupil's time: wall time minus the time the test spends checking."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.checking = 0.0

    def check(self, page: Page) -> None:
        began = time.monotonic()
        assert_accessible(page)
        self.checking += time.monotonic() - began

    def elapsed(self) -> float:
        return time.monotonic() - self.start - self.checking


def analysis_seconds(app_env: dict[str, str], analysis_id: str) -> float:
    """How long the worker took (started_at to finished_at), from the app's database."""
    database = Path(app_env["DJANGO_VAR_DIR"]) / "db.sqlite3"
    with sqlite3.connect(database) as db:
        started, finished, source = db.execute(
            "SELECT started_at, finished_at, source FROM detector_analysis WHERE id = ?",
            (analysis_id,),
        ).fetchone()
    assert source == "camera"
    return (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_pupil_goes_from_the_lesson_to_their_own_result_in_under_a_minute(
    camera_page: Page, app_env
):
    page = camera_page
    watch = Stopwatch()
    page.goto(LESSON)
    page.locator(f'main a[href="{SELFTEST}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test de controle op jezelf")
    expect(page.locator("#recorder-clip")).to_be_attached()  # the plain form is always there
    watch.check(page)

    start = page.get_by_role("button", name="Start de camera en neem 22 seconden op")
    start.click()
    preview = page.locator("[data-recorder-preview]")
    expect(preview).to_be_visible()
    # The preview shows the camera, mirrored, and plays (the page allows no autoplay:
    # the script's play() after the click needs none).
    page.wait_for_function(
        "() => { const v = document.querySelector('[data-recorder-preview]');"
        " return v.videoWidth > 0 && !v.paused && v.readyState >= 2; }"
    )
    assert preview.evaluate("v => getComputedStyle(v).transform") == "matrix(-1, 0, 0, 1, 0, 0)"
    expect(page.locator("[data-recorder-countdown]")).to_have_text(re.compile(r"^(2[0-2]|1\d)$"))
    expect(page.get_by_text("Praat tegen de camera, zoals in een videogesprek")).to_be_visible()
    expect(page.get_by_role("button", name="Stop, verstuur niets")).to_be_focused()

    # 22 s of recording; then the camera goes off and the recording is sent.
    page.wait_for_url(RESULT_URL, timeout=60_000)
    analysis_id = RESULT_URL.search(page.url)["id"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat de controle zag", timeout=60_000)
    pupil_s = watch.elapsed()

    main = page.locator("main")
    expect(main).to_contain_text(f"We zagen {FACE_BLINKS} keer knipperen")
    expect(page.locator("#echt-mens")).to_contain_text("jij bent echt")
    expect(page.locator("#echt-mens")).to_contain_text("vals alarm")
    worker_s = analysis_seconds(app_env, analysis_id)
    print(
        f"\nlesson -> own result: {pupil_s:.1f} s (recording 22 s); "
        f"analysis of the recording: {worker_s:.2f} s"
    )
    assert pupil_s < TARGET_S

    var = Path(app_env["DJANGO_VAR_DIR"])
    assert files_under(var / "clips") == []
    assert files_under(var / "tmp") == []  # nor an upload's temporary file
    watch.check(page)


def test_without_a_camera_the_page_says_so_and_points_to_the_form(camera_page: Page):
    """A browser that cannot record (no MediaRecorder) is told so in Dutch at once; the
    plain form is the way on."""
    page = camera_page
    page.add_init_script("delete window.MediaRecorder;")
    page.goto(SELFTEST)
    error = page.locator("[data-recorder-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Je browser kan op deze pagina geen video opnemen")
    expect(page.get_by_role("button", name=re.compile("^Start de camera"))).to_be_hidden()
    expect(page.get_by_label("Neem een video van jezelf op of kies er een")).to_be_visible()
    assert_accessible(page)


def test_a_refused_camera_gets_a_dutch_message_and_the_way_on(camera_page: Page):
    page = camera_page
    page.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('nee', 'NotAllowedError'));"
    )
    page.goto(SELFTEST)
    page.get_by_role("button", name=re.compile("^Start de camera")).click()
    error = page.locator("[data-recorder-error]")
    expect(error).to_contain_text("Je hebt de camera niet toegestaan")
    expect(error).to_be_focused()
    expect(page.get_by_role("button", name="Neem opnieuw op")).to_be_visible()
    expect(page.locator("[data-recorder-preview]")).to_be_hidden()
    assert_accessible(page)


def short_recordings(page: Page, seconds: int = 3) -> None:
    """The test page as the server sends it, but recording only ``seconds`` seconds and
    waiting 5 s before a try again: for the tests of what happens after the recording."""

    def shorten(route):
        response = route.fetch()
        body = (
            response.text()
            .replace('data-recorder-seconds="22"', f'data-recorder-seconds="{seconds}"')
            .replace('data-recorder-waits="10 20 30 60"', 'data-recorder-waits="5 5 5 5"')
        )
        route.fulfill(response=response, body=body)

    page.route(
        lambda url: url.endswith(SELFTEST),
        lambda route: shorten(route) if route.request.method == "GET" else route.fallback(),
    )


# Keeps what the page asks of getUserMedia and the tracks it gets.
WATCH_CAMERA = """
window.cameraRequests = []; window.cameraTracks = [];
const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (constraints) => {
  window.cameraRequests.push(constraints);
  return ask(constraints).then((stream) => {
    window.cameraTracks.push(...stream.getTracks());
    return stream;
  });
};
"""


def test_a_busy_queue_makes_the_page_wait_and_send_the_same_recording_again(
    camera_page: Page,
):
    """The first answer says the queue is full (as the server does for a class behind
    one school address: tests/detector/test_selftest.py); the page counts down and
    sends the same recording again, which the server then takes."""
    page = camera_page
    short_recordings(page)
    sent = []

    def first_busy(route):
        sent.append(route.request.post_data_buffer)
        if len(sent) == 1:
            route.fulfill(
                status=429,
                json={"error": "Vanaf dit netwerk wachten al veel video's.", "retry": True},
            )
        else:
            route.fallback()

    page.route(
        lambda url: url.endswith(SELFTEST),
        lambda route: first_busy(route) if route.request.method == "POST" else route.fallback(),
    )
    page.add_init_script(WATCH_CAMERA)
    page.goto(SELFTEST)
    page.get_by_role("button", name=re.compile("^Start de camera")).click()
    status = page.locator("[data-recorder-status]")
    expect(status).to_contain_text(re.compile(r"Het is even druk.*over \d+ seconden opnieuw"))
    expect(page.locator("[data-recorder-preview]")).to_be_hidden()
    # Only the camera was asked for, and it went off when the recording was made.
    asked = page.evaluate("() => window.cameraRequests.map(r => r.audio)")
    assert asked == [False]
    assert page.evaluate("() => window.cameraTracks.map(t => t.readyState)") == ["ended"]
    assert_accessible(page)
    page.wait_for_url(RESULT_URL, timeout=30_000)
    # The same recording, sent twice (each form has its own boundary line).
    assert len(sent) == 2
    first, again = (body.replace(body.split(b"\r\n", 1)[0], b"") for body in sent)
    assert first == again and b'filename="opname.webm"' in again


def test_a_refusal_shows_its_message_and_offers_to_record_again(camera_page: Page):
    """A refusal that comes as a page (here the server's own answer to a form whose
    security token is wrong): the page shows its Dutch message."""
    page = camera_page
    short_recordings(page)
    page.goto(SELFTEST)
    page.locator("[name=csrfmiddlewaretoken]").evaluate("input => { input.value = 'x'; }")
    page.get_by_role("button", name=re.compile("^Start de camera")).click()
    error = page.locator("[data-recorder-error]")
    expect(error).to_contain_text("We konden niet controleren dat dit formulier", timeout=15_000)
    expect(page.get_by_role("button", name="Neem opnieuw op")).to_be_visible()
    assert page.url.endswith(SELFTEST)
    assert_accessible(page)
