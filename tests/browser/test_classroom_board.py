"""The Klassikaal board on a smartboard (1920x1080) and a laptop (1366x768):
every state fits one screen with nothing cut off, passes axe, and the lobby's
QR code takes a phone to the join page. On a 390x844 phone the pupil's whole
answer (choice, confidence, send) is on screen without scrolling.

Set KLASSIKAAL_SCREENS to a folder to keep a screenshot of every state.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import ROOT, assert_accessible

BOARDS: dict[str, ViewportSize] = {
    "1920x1080": {"width": 1920, "height": 1080},
    "1366x768": {"width": 1366, "height": 768},
}
PHONE: ViewportSize = {"width": 390, "height": 844}
POLL_WAIT_MS = 6_000
SCREENS = os.environ.get("KLASSIKAAL_SCREENS")


def open_device(browser: Browser, app_url: str, size: ViewportSize) -> Page:
    page = browser.new_context(viewport=size, base_url=app_url).new_page()
    page.set_default_timeout(15_000)
    return page


def assert_fits_and_is_accessible(page: Page, state: str) -> None:
    """No scrolling of the page, and nothing hidden in the board's middle part."""
    if SCREENS:
        size = page.viewport_size
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENS}/{size['width']}x{size['height']}-{state}.png")
    sizes = page.evaluate(
        """() => {
          const main = document.querySelector('.board-main');
          return {scroll: document.documentElement.scrollHeight, inner: innerHeight,
                  mainScroll: main.scrollHeight, mainHeight: main.clientHeight,
                  wide: document.documentElement.scrollWidth, innerWide: innerWidth};
        }"""
    )
    beyond = page.evaluate(
        "() => [...document.querySelectorAll('*')]"
        ".filter(e => e.getBoundingClientRect().bottom > innerHeight)"
        ".map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().bottom)"
    )
    assert sizes["scroll"] <= sizes["inner"], (state, sizes, beyond)
    assert sizes["mainScroll"] <= sizes["mainHeight"] + 1, (state, sizes)
    assert sizes["wide"] <= sizes["innerWide"], (state, sizes)
    assert_accessible(page)


def start_session(board: Page, count: int, kind: str, lesson: str, timer: str = "0") -> str:
    board.goto("/klassikaal/nieuw/")
    board.get_by_label("Aantal vragen").fill(str(count))
    board.locator(f"input[name=les][value={lesson}]").check()
    board.locator(f"input[name=soort][value={kind}]").check()
    board.locator(f"input[name=tijd][value='{timer}']").check()
    board.get_by_role("button", name="Start de quiz").click()
    board.wait_for_url(re.compile(r"/klassikaal/docent/\w+/$"))
    board.wait_for_load_state("load")  # the board's style sheets are in
    return re.search(r"/klassikaal/docent/(\w+)/", board.url).group(1)


def read_qr(image: np.ndarray) -> str:
    """The text of the QR code in ``image``, or ''. OpenCV's classic finder misses
    some codes with large modules (the board draws the code ~480 px wide), so its
    ArUco-based finder goes first, and the classic one also gets a half-size copy."""
    half = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    for detector in (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()):
        for picture in (image, half):
            decoded, _, _ = detector.detectAndDecode(picture)
            if decoded:
                return str(decoded)
    return ""


def join_by_qr(board: Page, phone: Page, app_url: str, code: str, nickname: str) -> None:
    """Reads the QR code off the board's screen, as a phone camera would (looking
    again when a frame does not read, e.g. while the board's lobby redraws itself),
    and follows it."""
    decoded = ""
    for _ in range(5):
        picture = board.locator("svg.qr").screenshot()
        decoded = read_qr(cv2.imdecode(np.frombuffer(picture, np.uint8), cv2.IMREAD_GRAYSCALE))
        if decoded:
            break
        board.wait_for_timeout(200)
    assert decoded == f"{app_url}/klassikaal/?code={code}"
    phone.goto(decoded)
    expect(phone.get_by_label("Code van het bord")).to_have_value(code)
    expect(phone.get_by_label("Je bijnaam")).to_be_focused()
    phone.get_by_label("Je bijnaam").fill(nickname)
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.get_by_text("Je bent binnen!")).to_be_visible()


def answer_without_scrolling(phone: Page, confidence: str = "Zeker", last: bool = False) -> None:
    """The choices and the confidence buttons (which send) are all on the phone's
    screen. The last pupil of a measuring round goes straight on to the next screen."""
    phone.reload()
    form = phone.locator("form.answer-form")
    expect(form).to_be_visible()
    assert phone.evaluate("scrollY") == 0
    form.get_by_role("group", name="Kies je antwoord").get_by_role("radio").first.check()
    send = form.get_by_role("button", name=confidence, exact=True)
    expect(send).to_be_visible()
    for part in (*form.get_by_role("radio").all(), send):
        box = part.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
            part,
            box,
        )
    assert phone.evaluate("scrollY") == 0
    send.click()
    if not last:
        expect(phone.get_by_text("Je antwoord is binnen")).to_be_visible()


def click_step(board: Page, name: str, heading: str) -> None:
    board.get_by_role("button", name=name).click()
    expect(board.get_by_role("heading", level=1)).to_contain_text(heading)


@pytest.mark.parametrize("size", list(BOARDS))
def test_every_state_of_a_quiz_fits_the_board(browser: Browser, app_url: str, size: str):
    board = open_device(browser, app_url, BOARDS[size])
    # The longest questions of the course are in this lesson.
    lesson = "toepassingen"
    code = start_session(board, 2, "quiz", lesson, timer="60")
    assert_fits_and_is_accessible(board, f"{lesson}-lobby")
    phone = open_device(browser, app_url, PHONE)
    join_by_qr(board, phone, app_url, code, "Uil")
    expect(board.locator(".nicknames li")).to_contain_text(["Uil"], timeout=POLL_WAIT_MS)

    board.get_by_role("link", name="Quiz nu beëindigen…").click()
    expect(board.get_by_role("heading", name="Wil je de quiz nu beëindigen?")).to_be_visible()
    assert_fits_and_is_accessible(board, f"{lesson}-confirm")
    board.get_by_role("link", name="Nee, terug naar het bord").click()

    click_step(board, "Start de eerste vraag", "Vraag 1 van 2")
    timer = board.get_by_role("timer")
    expect(timer).to_contain_text("seconden")
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=3_000)  # counting down
    assert_fits_and_is_accessible(board, f"{lesson}-question")
    answer_without_scrolling(phone)
    assert_accessible(phone)

    click_step(board, "Stop met antwoorden", "Vraag 1 van 2")
    expect(board.get_by_text("Antwoorden gesloten")).to_be_visible()
    assert_fits_and_is_accessible(board, f"{lesson}-closed")
    click_step(board, "Laat het goede antwoord zien", "Vraag 1 van 2")
    expect(board.get_by_role("img", name="Zo antwoordde de klas")).to_be_visible()
    expect(board.get_by_text("Uitleg:")).to_be_visible()
    expect(board.get_by_role("button", name="Volgende vraag")).to_be_in_viewport()
    assert_fits_and_is_accessible(board, f"{lesson}-revealed")

    click_step(board, "Volgende vraag", "Vraag 2 van 2")
    click_step(board, "Laat het goede antwoord zien", "Vraag 2 van 2")
    expect(board.get_by_role("img", name="Zo antwoordde de klas")).to_be_visible()
    assert_fits_and_is_accessible(board, f"{lesson}-revealed-2")
    click_step(board, "Naar de uitslag", "Uitslag van de klas")
    assert_fits_and_is_accessible(board, f"{lesson}-final")
    for page in (board, phone):
        page.context.close()


def count_clicks(board: Page) -> None:
    """Counts the teacher's steps on the board (a click, or a clicker's key)."""
    board.evaluate(
        """() => { window.stepsTaken = 0;
          document.addEventListener('submit', () => window.stepsTaken++, true); }"""
    )


def steps_taken(board: Page) -> int:
    return board.evaluate("window.stepsTaken")


@pytest.mark.parametrize("size", list(BOARDS))
def test_a_nulmeting_and_eindmeting_fit_the_board(browser: Browser, app_url: str, size: str):
    """At most one teacher click per question: the next question follows when every
    pupil has answered. The clicker's keys work the board."""
    board = open_device(browser, app_url, BOARDS[size])
    # The picture questions: a picture beside four answers must fit too.
    code = start_session(board, 4, "meting", "herkennen")
    phone = open_device(browser, app_url, PHONE)
    join_by_qr(board, phone, app_url, code, "Vos")
    expect(board.locator(".nicknames li")).to_contain_text(["Vos"], timeout=POLL_WAIT_MS)
    expect(board.get_by_text("B = pauze")).to_be_visible()
    count_clicks(board)  # the board is boosted: the page, and the counter, stay

    board.keyboard.press("PageDown")  # a clicker's "next": Start de nulmeting
    expect(board.get_by_role("heading", level=1)).to_contain_text("Vraag 1 van 4")
    board.keyboard.press("b")
    expect(board.get_by_text("Pauze", exact=True)).to_be_visible()
    assert_accessible(board)
    board.keyboard.press("b")
    expect(board.get_by_text("Pauze", exact=True)).to_be_hidden()
    for number in range(1, 5):
        expect(board.get_by_role("heading", level=1)).to_contain_text(f"Vraag {number} van 4")
        expect(board.get_by_role("button", name="Stop met antwoorden")).to_have_count(0)
        assert_fits_and_is_accessible(board, f"nulmeting-{number}")
        answer_without_scrolling(phone, "Zeker", last=True)
    expect(board.get_by_role("heading", level=1)).to_have_text(
        "Nulmeting klaar", timeout=POLL_WAIT_MS
    )
    assert steps_taken(board) == 1
    assert_fits_and_is_accessible(board, "pause")
    # A pupil who comes in late takes part in the eindmeting only: not counted.
    late = open_device(browser, app_url, PHONE)
    late.goto(f"/klassikaal/?code={code}")
    late.get_by_label("Je bijnaam").fill("Mol")
    late.get_by_role("button", name="Meedoen").click()
    expect(late.get_by_text("De nulmeting is klaar")).to_be_visible()

    click_step(board, "Start de eindmeting", "Eindmeting")
    for number in range(1, 5):
        expect(board.get_by_role("heading", level=1)).to_contain_text(f"Vraag {number} van 4")
        answer_without_scrolling(phone, "Twijfel")
        if number == 2:
            # Mol does not answer this one: the teacher moves on with one click.
            click_step(board, "Volgende vraag", "Vraag 3 van 4")
            continue
        answer_without_scrolling(late, "Zeker", last=True)
    expect(board.get_by_role("heading", level=1)).to_have_text(
        "Wat de klas leerde", timeout=POLL_WAIT_MS
    )
    # Two starts and one "Volgende vraag" for eight questions (before: 18 clicks).
    assert steps_taken(board) == 3
    per_question = board.get_by_role("table", name="Per vraag: hoeveel goed voor en na de les")
    expect(per_question.locator("tbody tr")).to_have_count(4)
    expect(board.get_by_role("img", name="De klas voor en na de les")).to_be_visible()
    expect(board.get_by_role("table", name="De klas als geheel, zonder namen")).to_contain_text(
        "Zeker, maar fout"
    )
    expect(board.locator("body")).not_to_contain_text("Vos")
    expect(board.get_by_text("1 leerling deed maar één keer mee")).to_be_visible()
    assert_fits_and_is_accessible(board, "gain")
    for page in (board, phone, late):
        page.context.close()


PICTURE_SESSION = """
from classroom import codes
from classroom.models import ClassSession
from quiz.models import Question
ids = list(Question.objects.active().playable().filter(pictures__isnull=False).distinct()
           .order_by("id").values_list("id", flat=True))
session = ClassSession.objects.create(code=codes.new_join_code(),
                                      teacher_token=codes.new_teacher_token(), question_ids=ids)
print(session.code, session.teacher_token, len(ids))
"""


@pytest.mark.parametrize("size", list(BOARDS))
def test_every_picture_question_fits_the_board_open_and_revealed(
    browser: Browser, app_url: str, app_env: dict[str, str], size: str
):
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PICTURE_SESSION],
        cwd=ROOT, env=app_env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    code, token, count = made.stdout.splitlines()[-1].split()  # after any start-up log lines
    assert int(count) >= 6
    board = open_device(browser, app_url, BOARDS[size])
    board.goto(f"/klassikaal/docent/{code}/sleutel/{token}/")
    click_step(board, "Start de eerste vraag", f"Vraag 1 van {count}")
    for number in range(1, int(count) + 1):
        if number > 1:
            click_step(board, "Volgende vraag", f"Vraag {number} van {count}")
        expect(board.locator(".question-picture img").first).to_be_visible()
        assert_fits_and_is_accessible(board, f"picture-{number}")
        click_step(board, "Laat het goede antwoord zien", f"Vraag {number} van {count}")
        expect(board.get_by_role("img", name="Zo antwoordde de klas")).to_be_visible()
        assert_fits_and_is_accessible(board, f"picture-{number}-revealed")
    board.context.close()
