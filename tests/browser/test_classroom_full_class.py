"""A full class in the lobby: 40 pupils with the longest nicknames allowed still fit
the board at 1920x1080 and at 1366x768, and every name can be read. A far larger
group (a whole year in the hall) scrolls in the list of names, not the board."""

import subprocess
import sys

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import ROOT
from tests.browser.test_classroom_board import (
    BOARDS,
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
