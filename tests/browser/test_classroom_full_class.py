"""A full class in the lobby: 40 pupils with the longest nicknames allowed still fit
the board at 1920x1080 and at 1366x768, and every name can be read. A far larger
group (a whole year in the hall) scrolls in the list of names, not the board.

And one pupil of that class on a 390x844 phone: two taps per answer under the
timer, and at the end every question with the right answer and why."""

import re
import subprocess
import sys

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import ROOT, assert_accessible
from tests.browser.test_classroom_board import (
    BOARDS,
    PHONE,
    POLL_WAIT_MS,
    assert_fits_and_is_accessible,
    open_device,
    start_session,
)

PUPILS = 40
# 40 pupils join at once, each with a 20-character nickname (the most allowed).
JOIN = """
from classroom.models import ClassSession, Participant
session = ClassSession.objects.get(code="{code}")
Participant.objects.bulk_create([
    Participant(session=session, nickname=f"Leerlingnaam{{n:03d}}abcde", nickname_key=f"l{{n}}")
    for n in range({first}, {first} + {pupils})
])
"""


def join(app_env: dict[str, str], code: str, first: int, pupils: int) -> None:
    script = JOIN.format(code=code, first=first, pupils=pupils)
    command = [sys.executable, "manage.py", "shell", "-c", script]
    subprocess.run(command, cwd=ROOT, env=app_env, check=True)


@pytest.mark.parametrize("size", list(BOARDS))
def test_forty_long_nicknames_fit_the_lobby_and_more_scroll_in_the_list(
    browser: Browser, app_url: str, app_env, size: str
):
    board = open_device(browser, app_url, BOARDS[size])
    code = start_session(board, 4, "quiz", "herkennen")
    join(app_env, code, 0, PUPILS)
    board.reload()
    names = board.locator(".nicknames li")
    expect(names).to_have_count(PUPILS)
    assert_fits_and_is_accessible(board, "lobby-40")
    # The list does not scroll, and every name is on the screen, whole.
    live = board.locator(".lobby__live")
    assert live.evaluate("e => e.scrollHeight <= e.clientHeight + 1"), live.evaluate(
        "e => [e.scrollHeight, e.clientHeight]"
    )
    for name in names.all():
        box = name.bounding_box()
        assert box is not None and box["y"] + box["height"] <= BOARDS[size]["height"]
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), name.inner_text()

    join(app_env, code, PUPILS, 80)
    board.reload()
    expect(names).to_have_count(PUPILS + 80)
    assert_fits_and_is_accessible(board, "lobby-120")
    assert live.evaluate("e => e.scrollHeight > e.clientHeight")  # the names scroll
    expect(board.get_by_role("button", name="Start de eerste vraag")).to_be_in_viewport()
    board.context.close()


def on_screen_without_scrolling(phone: Page, part: Locator) -> None:
    expect(part).to_be_in_viewport(ratio=1)
    assert phone.evaluate("scrollY") == 0


def answer_with_two_taps(phone: Page, check_accessibility: bool) -> str:
    """Taps the first answer and then 'Zeker'; returns the answer's text."""
    form = phone.locator("form.answer-form")
    expect(form).to_be_visible(timeout=POLL_WAIT_MS)
    on_screen_without_scrolling(phone, phone.get_by_role("timer"))
    sure = form.get_by_role("button", name="Zeker", exact=True)
    expect(sure).to_be_hidden()  # nothing chosen yet
    choice = form.locator("label.choice").first
    on_screen_without_scrolling(phone, choice)
    choice.click()
    for button in form.locator("[data-sure] button").all():
        on_screen_without_scrolling(phone, button)
    if check_accessibility:
        assert_accessible(phone)
    chosen = choice.locator("span").last.inner_text()
    sure.click()
    expect(phone.get_by_text("Je antwoord is binnen")).to_contain_text(chosen)
    return chosen


def test_a_pupil_answers_with_two_taps_and_sees_the_answers_at_the_end(
    browser: Browser, app_url: str
):
    board = open_device(browser, app_url, BOARDS["1366x768"])
    # The lesson with the longest questions, 20 seconds per question.
    code = start_session(board, 2, "quiz", "toepassingen", timer="20")
    phone = open_device(browser, app_url, PHONE)
    phone.goto(f"/klassikaal/?code={code}")
    phone.get_by_label("Je bijnaam").fill("Uil")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.get_by_text("Je bent binnen!")).to_be_visible()
    # A second pupil without JavaScript: plain forms, the page refreshes itself.
    plain = browser.new_context(viewport=PHONE, base_url=app_url, java_script_enabled=False)
    vos = plain.new_page()
    vos.goto(f"/klassikaal/?code={code}")
    vos.get_by_label("Je bijnaam").fill("Vos")
    vos.get_by_role("button", name="Meedoen").click()
    expect(vos.get_by_text("Je bent binnen!")).to_be_visible()

    chosen = []
    for step in ("start", "volgende"):
        board.locator(f"button[name=stap][value={step}]").click()
        chosen.append(answer_with_two_taps(phone, check_accessibility=step == "start"))
        if step == "start":
            answer_with_two_taps(vos, check_accessibility=False)
        board.locator("button[name=stap][value=onthullen]").click()
        expect(phone.locator(".verdict")).to_be_visible(timeout=POLL_WAIT_MS)
    board.locator("button[name=stap][value=volgende]").click()

    expect(phone.get_by_role("heading", name="De vragen en de goede antwoorden")).to_be_visible(
        timeout=POLL_WAIT_MS
    )
    review = phone.locator("ol.review > li")
    expect(review).to_have_count(2)
    for item, mine in zip(review.all(), chosen, strict=True):
        expect(item).to_contain_text("Het goede antwoord:")
        expect(item.locator(".explanation")).not_to_be_empty()
        expect(item.locator(".review__mine")).to_have_text(
            re.compile(rf"^Jouw antwoord: {re.escape(mine)} [✓✗] (goed|fout)$")
        )
    assert_accessible(phone)
    vos.reload()
    expect(vos.locator(".review__mine").last).to_have_text("Jouw antwoord: geen antwoord")
    for page in (board, phone, vos):
        page.context.close()
