"""Klassikaal's "test jezelf" round with a board and five pupils, each in their own
browser with Chromium's fake camera (a face that blinks a known number of times:
tests/browser/camera.py), all five filming at the same time.

The board shows only numbers of the whole class: after four results no chart and no
hint counts, after the fifth the spread of blink rates and the hints per kind; never a
nickname. To look at the board between the fourth and the fifth result, the fifth
pupil films with the others but their recording is held on its way to the server
until the board has been checked (the browser holds the request; the server sees
nothing of it before).
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.camera import FACE_BLINKS
from tests.browser.conftest import assert_accessible
from tests.browser.test_classroom_board import (
    BOARDS,
    PHONE,
    POLL_WAIT_MS,
    assert_fits_and_is_accessible,
    open_device,
    start_session,
)

NICKNAMES = ["Zwaardvis", "Kolibrie", "Wasbeer", "Narwal", "Stokstaart"]
UPLOAD = "/klassikaal/spel/opname/"
RESULT_URL = re.compile(r"/controle/(?!test-jezelf/)[A-Za-z0-9_-]+/$")
# Four recordings of 22 s at once, then analysed one after another by the one worker.
RESULTS_WAIT_MS = 120_000


def join(pupil: Page, code: str, nickname: str) -> None:
    pupil.goto(f"/klassikaal/?code={code}")
    pupil.get_by_label("Je bijnaam").fill(nickname)
    pupil.get_by_role("button", name="Meedoen").click()
    expect(pupil.get_by_text("Je bent binnen!")).to_be_visible()


def start_filming(pupil: Page) -> None:
    """The round opened: the phone's page loads whole with the recorder on it."""
    start = pupil.get_by_role("button", name="Start de camera en neem 22 seconden op")
    expect(start).to_be_visible(timeout=POLL_WAIT_MS)
    expect(pupil.locator(".recorder__notice")).to_contain_text("Nooit jouw video")
    start.click()


def board_words(board: Page) -> str:
    return " ".join(board.locator("main").inner_text().split())


def assert_no_nickname(board: Page) -> None:
    html = board.content()
    for nickname in NICKNAMES:
        assert nickname not in html, nickname


def test_five_pupils_film_themselves_and_the_board_shows_only_the_class_numbers(
    camera_browser: Browser, app_url: str
):
    board = open_device(camera_browser, app_url, BOARDS["1366x768"])
    code = start_session(board, 2, "quiz", "herkennen")
    pupils = [open_device(camera_browser, app_url, PHONE) for _ in NICKNAMES]
    for pupil, nickname in zip(pupils, NICKNAMES, strict=True):
        join(pupil, code, nickname)
    expect(board.locator(".nicknames li")).to_have_count(len(NICKNAMES), timeout=POLL_WAIT_MS)

    board.get_by_role("button", name="Test jezelf met de klas").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Test jezelf met de klas")
    assert_no_nickname(board)

    held: list[Route] = []
    *first_four, fifth = pupils
    fifth.route(f"**{UPLOAD}", lambda route: held.append(route))
    for pupil in pupils:  # all five film at once
        start_filming(pupil)
    expect(fifth.locator("[data-recorder-preview]")).to_be_visible()
    assert_accessible(fifth)
    for pupil in first_four:
        pupil.wait_for_url(RESULT_URL, timeout=60_000)

    live = board.locator(".selftest-board__live")
    expect(live).to_contain_text("4 opnames binnen", timeout=POLL_WAIT_MS)
    expect(live).to_contain_text("4 uitslagen klaar", timeout=RESULTS_WAIT_MS)
    assert held, "the fifth recording was not sent"
    figures = board.locator("#selftest-figures")
    expect(figures).to_contain_text("De grafiek komt als van 5 leerlingen bekend is")
    expect(figures.locator("svg")).to_have_count(0)
    expect(figures).not_to_contain_text("Wazig gezicht")
    assert_no_nickname(board)
    assert_fits_and_is_accessible(board, "selftest-4")

    held[0].continue_()
    fifth.wait_for_url(RESULT_URL, timeout=60_000)
    expect(live).to_contain_text("5 uitslagen klaar", timeout=RESULTS_WAIT_MS)
    chart = figures.get_by_role("img", name=re.compile("Zo vaak knipperden de leerlingen"))
    expect(chart).to_be_visible()
    # The same face in every recording: five rates, all near its blink rate.
    bins = re.findall(
        r"(\d+) (?:tot \d+ keer|keer of vaker) per minuut: (\d+) leerling",
        chart.locator("desc").text_content(),
    )
    assert sum(int(count) for _, count in bins) == 5, bins
    rate = FACE_BLINKS * 60 / 22
    assert all(abs(int(low) + 2.5 - rate) < 7.5 for low, count in bins if int(count)), bins
    expect(figures).to_contain_text("5 van de 5 knipperden zo vaak als de meeste mensen")
    expect(figures).to_contain_text(
        re.compile(r"\d van de 5 leerlingen (kreeg|kregen) (minstens één|een) hint")
    )
    for kind in ("Weinig geknipperd", "Vaak geknipperd", "Vreemde knipper", "Wazig gezicht"):
        expect(figures.get_by_role("row", name=re.compile(kind))).to_have_count(1)
    assert_no_nickname(board)
    assert "<video" not in board.content()
    assert_fits_and_is_accessible(board, "selftest-5")
    board.set_viewport_size(BOARDS["1920x1080"])  # the smartboard
    assert_fits_and_is_accessible(board, "selftest-5")
    # The teacher's notes: three questions for the talk, folded away until asked for.
    board.get_by_text("Vragen voor het gesprek").click()
    expect(board.locator(".selftest-questions li")).to_have_count(3)

    # A pupil goes back to the class from their own result; the board closes the round.
    pupil = first_four[0]
    pupil.get_by_role("link", name="Terug naar de klas").click()
    expect(pupil.get_by_text("Je opname is binnen.")).to_be_visible()
    board.get_by_role("button", name="Sluit de test").click()
    expect(board.locator(".nicknames li")).to_have_count(len(NICKNAMES))
    expect(pupil.get_by_text("Je bent binnen!")).to_be_visible(timeout=POLL_WAIT_MS)
    for page in (board, *pupils):
        page.context.close()
