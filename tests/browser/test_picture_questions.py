"""Picture questions in a real browser: the quiz on a phone and a laptop, and
Klassikaal on a 1920x1080 board and a pupil's phone. A picture opens larger
(with the keyboard too), and after the answer a ring marks the changed spot."""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import VIEWPORTS, _open_page, assert_accessible

ROOT = Path(__file__).resolve().parents[2]
BOARD: ViewportSize = {"width": 1920, "height": 1080}
POLL_WAIT_MS = 6_000

# Leaves only two picture questions of the lesson "herkennen" in play, each with
# an edited photo (so a ring after the answer); the yield puts the others back, so
# later browser tests find the quiz as it was.
ONLY_PICTURES = """
from quiz.models import Question
others = Question.objects.filter(lesson_slug="herkennen", is_active=True).exclude(
    seed_key__in=["beeld-koffie-paar", "beeld-astronaut-allebei-bewerkt"])
print(",".join(str(pk) for pk in others.values_list("pk", flat=True)))
others.update(is_active=False)
"""
PUT_BACK = """
from quiz.models import Question
Question.objects.filter(pk__in=[{ids}]).update(is_active=True)
"""


def _shell(app_env: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=app_env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


@pytest.fixture
def only_picture_questions(app_url, app_env) -> Iterator[None]:
    ids = _shell(app_env, ONLY_PICTURES)
    try:
        yield
    finally:
        if ids:
            _shell(app_env, PUT_BACK.format(ids=ids))


def _pictures_shown(page: Page) -> list[str]:
    pictures = page.locator(".question-picture img")
    expect(pictures.first).to_be_visible()
    # Every picture loads (naturalWidth > 0). Wait for it: the board swaps the
    # question in with htmx, and the image may still be on its way.
    page.wait_for_function(
        "() => { const imgs = [...document.querySelectorAll('.question-picture img')];"
        " return imgs.length > 0 && imgs.every(i => i.complete); }"
    )
    loaded = pictures.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert all(loaded) and loaded
    return [alt or "" for alt in pictures.evaluate_all("imgs => imgs.map(i => i.alt)")]


def _zoom_with_the_keyboard(page: Page) -> None:
    """Enter on a picture opens it larger in a dialog; Escape closes it and the
    focus is back on the picture."""
    link = page.locator("a[data-picture-zoom]").first
    # Without JavaScript the same link shows the picture itself.
    assert link.get_attribute("href") == link.locator("img").get_attribute("src")
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Sluiten")).to_be_focused()
    small = link.locator("img").bounding_box()
    large = dialog.locator("img").bounding_box()
    assert large["width"] > small["width"], (small, large)
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()


def _rings_on_the_changed_spot(page: Page) -> int:
    """Each ring lies exactly over its picture and says in words what was changed."""
    rings = page.locator(".question-picture__ring")
    expect(rings.first).to_be_visible()
    for i in range(rings.count()):
        ring = rings.nth(i)
        frame = ring.locator("xpath=..")
        picture = frame.locator("img").bounding_box()
        box = ring.bounding_box()
        assert all(abs(box[k] - picture[k]) <= 1 for k in ("x", "y", "width", "height"))
        figure = ring.locator("xpath=ancestor::figure")
        expect(figure.locator(".question-picture__changed")).to_contain_text("In de ring:")
    return rings.count()


def test_a_pupil_answers_a_picture_question_in_the_quiz(page: Page, only_picture_questions):
    page.goto("/quiz/les/herkennen/")
    page.get_by_role("button", name="Begin de quiz over deze les").click()
    alts = _pictures_shown(page)
    assert all(len(alt) > 30 for alt in alts)
    assert page.locator(".question-picture__ring").count() == 0
    assert_accessible(page)
    _zoom_with_the_keyboard(page)
    page.locator("label[for^='keuze-']").first.click()
    confidence = page.locator("[name=confidence]").last
    if confidence.get_attribute("type") == "radio":
        confidence.check()
        page.get_by_role("button", name="Kijk of het klopt").click()
    else:  # one tap: the confidence buttons send the answer
        confidence.click()
    expect(page.get_by_text("kijken is niet genoeg", exact=False)).to_be_visible()
    assert _pictures_shown(page) == alts
    assert _rings_on_the_changed_spot(page) >= 1
    assert_accessible(page)
    _zoom_with_the_keyboard(page)


@pytest.fixture
def board(request, browser: Browser, app_url: str, offsite_requests) -> Iterator[Page]:
    page = _open_page(browser, app_url, BOARD, offsite_requests)
    yield page
    page.context.close()


def test_a_picture_question_fits_the_board_and_shows_on_the_phone(
    board: Page, browser: Browser, app_url: str, only_picture_questions, offsite_requests
):
    board.goto("/klassikaal/nieuw/")
    board.get_by_label(re.compile("Hoe herken je een deepfake")).check()
    board.get_by_label("Aantal vragen").fill("2")
    board.get_by_role("button", name="Start de quiz").click()
    code = re.search(r"/klassikaal/docent/(\w+)/", board.url).group(1)

    phone = _open_page(browser, app_url, VIEWPORTS["phone"], offsite_requests)
    phone.goto("/klassikaal/")
    phone.get_by_label("Code van het bord").fill(code.lower())
    phone.get_by_label("Je bijnaam").fill("Uil")
    phone.get_by_role("button", name="Meedoen").click()
    expect(board.locator(".nicknames li")).to_have_count(1, timeout=POLL_WAIT_MS)

    board.get_by_role("button", name="Start de eerste vraag").click()
    alts = _pictures_shown(board)
    overflow = board.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    assert overflow <= 0, f"the board scrolls {overflow}px with a picture question"
    assert_accessible(board)

    expect(phone.get_by_role("group", name="Kies je antwoord")).to_be_visible(timeout=POLL_WAIT_MS)
    assert _pictures_shown(phone) == alts
    assert_accessible(phone)

    board.get_by_role("button", name="Laat het goede antwoord zien").click()
    expect(board.locator(".question-screen--revealed")).to_be_visible()
    assert _pictures_shown(board) == alts
    assert _rings_on_the_changed_spot(board) >= 1
    assert_accessible(board)
    # The question came in with htmx, which runs no scripts from a swap: the board's
    # <head> loads js/pictures.js, so the larger view works without a page load.
    _zoom_with_the_keyboard(board)
    expect(phone.locator(".question-picture__ring").first).to_be_visible(timeout=POLL_WAIT_MS)
    assert_accessible(phone)
    phone.context.close()
