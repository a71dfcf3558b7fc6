"""A teacher presents a lesson on a 1920x1080 smartboard."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from lessons import content, presentation
from tests.browser.conftest import _open_page, _save_screenshot_if_failed, assert_accessible

BOARD: ViewportSize = {"width": 1920, "height": 1080}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
MIN_BOARD_TEXT_PX = 28
DEMO_BOXES = {"steegje": "demo-steegje", "neuron": "demo-neuron", "gan": "demo-gan"}

# Every piece of running text on the screen: the lesson text, the goals, the questions.
TEXT_SIZES = """() => [...document.querySelectorAll(
    '.slide p, .slide li, .slide dd, .slide figcaption')]
  .filter(el => el.offsetParent !== null && el.textContent.trim())
  .map(el => parseFloat(getComputedStyle(el).fontSize))"""

FIT = """() => {
  const regions = [...document.querySelectorAll('main [role=region]')];
  return {
    pageOverflow: document.documentElement.scrollHeight - window.innerHeight,
    textScrolls: regions.some(r => r.scrollHeight > r.clientHeight + 1),
    textFocusable: regions.length > 0 && regions.every(r => r.tabIndex === 0),
    figureWidth: (document.querySelector('.slide__figure img, .slide__figure svg') || {})
      .clientWidth || 0,
  };
}"""


def _board_page(request, browser, app_url, offsite_requests, size, **options) -> Iterator[Page]:
    page = _open_page(browser, app_url, size, offsite_requests, **options)
    yield page
    _save_screenshot_if_failed(request, page)
    page.context.close()
    assert offsite_requests == [], f"requests left the site: {offsite_requests}"


@pytest.fixture
def board(request, browser, app_url, offsite_requests) -> Iterator[Page]:
    yield from _board_page(request, browser, app_url, offsite_requests, BOARD)


@pytest.fixture
def board_without_js(request, browser, app_url, offsite_requests) -> Iterator[Page]:
    yield from _board_page(
        request, browser, app_url, offsite_requests, BOARD, java_script_enabled=False
    )


@pytest.fixture
def laptop(request, browser, app_url, offsite_requests) -> Iterator[Page]:
    yield from _board_page(request, browser, app_url, offsite_requests, LAPTOP)


def _screen_url(slug: str, number: int) -> str:
    return f"/lessen/{slug}/presenteren/{number}/"


def _htmx_idle(board: Page) -> None:
    """No htmx request, swap or settle under way (htmx marks them with classes)."""
    board.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def _arrive(board: Page, slug: str, number: int) -> None:
    """On screen ``number``, with its keys working: the address changes as the next
    page starts to load, and its deferred script (the keys) runs only once it has."""
    expect(board).to_have_url(_screen_url(slug, number))
    board.wait_for_load_state("load")


def test_the_teacher_opens_it_from_the_teachers_corner_and_moves_with_keys_and_clicker(
    board: Page,
):
    lesson = content.get_lesson("gan")
    screens = presentation.screens_for(lesson)
    board.goto("/docenten/")
    name = re.compile(f"Presenteren op het digibord.*{re.escape(lesson.title)}")
    board.get_by_role("link", name=name).click()
    expect(board).to_have_url(_screen_url("gan", 1))
    # The keys work once the page's deferred script runs (a clicked link, unlike
    # goto, does not wait for that).
    board.wait_for_load_state("load")
    expect(board.get_by_role("heading", level=1)).to_have_text(lesson.title)
    expect(board.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)

    board.keyboard.press("ArrowRight")
    _arrive(board, "gan", 2)
    expect(board.get_by_role("heading", level=2).first).to_have_text(screens[1].title)
    board.keyboard.press("PageDown")  # what a presenter's clicker sends
    _arrive(board, "gan", 3)
    board.get_by_role("link", name="Volgende").click()
    _arrive(board, "gan", 4)
    expect(board.get_by_text(f"Scherm 4 van {len(screens)}")).to_be_visible()
    board.keyboard.press("PageUp")
    _arrive(board, "gan", 3)
    board.keyboard.press("ArrowLeft")
    _arrive(board, "gan", 2)
    board.go_back()
    expect(board).to_have_url(_screen_url("gan", 3))
    assert_accessible(board)


def test_full_screen_stays_on_while_the_teacher_moves_on(board: Page):
    board.goto(_screen_url("gan", 1))
    button = board.get_by_role("button", name="Volledig scherm")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    board.wait_for_function("() => document.fullscreenElement !== null")
    board.keyboard.press("ArrowRight")
    expect(board).to_have_url(_screen_url("gan", 2))
    assert board.evaluate("() => document.fullscreenElement !== null")
    expect(board.get_by_role("button", name="Volledig scherm")).to_have_attribute(
        "aria-pressed", "true"
    )
    board.get_by_role("button", name="Volledig scherm").click()
    board.wait_for_function("() => document.fullscreenElement === null")


def test_without_javascript_each_screen_is_a_page_with_plain_links(board_without_js: Page):
    board_without_js.goto(_screen_url("herkennen", 1))
    expect(board_without_js.get_by_role("button", name="Volledig scherm")).to_be_hidden()
    board_without_js.get_by_role("link", name="Volgende").click()
    expect(board_without_js).to_have_url(_screen_url("herkennen", 2))
    board_without_js.get_by_role("link", name="Vorige").click()
    expect(board_without_js).to_have_url(_screen_url("herkennen", 1))


def test_every_screen_of_every_lesson_fits_the_board_in_large_type(board: Page):
    scrolling = []
    for lesson in content.all_lessons():
        demo_on = []
        for number, screen in enumerate(presentation.screens_for(lesson), start=1):
            board.goto(_screen_url(lesson.slug, number))
            if board.locator(".demo-box").count():
                demo_on.append(number)
            sizes = board.evaluate(TEXT_SIZES)
            assert sizes, f"{lesson.slug} {number}: no text"
            assert min(sizes) >= MIN_BOARD_TEXT_PX, f"{lesson.slug} {number}: {min(sizes)}px"
            fit = board.evaluate(FIT)
            # The page itself never scrolls; a screen that is too long scrolls on its own
            # and can be reached with the keyboard.
            assert fit["pageOverflow"] <= 0, f"{lesson.slug} {number}: {fit}"
            assert fit["textFocusable"]
            # A demo is a page of its own on the lesson page too: it may scroll on the board.
            if fit["textScrolls"] and screen.kind != "demo":
                scrolling.append(f"{lesson.slug}/{number}")
            if screen.figure_html:
                assert fit["figureWidth"] >= 700, f"{lesson.slug} {number}: small picture"
            assert_accessible(board)
        # Every presentation with a demo shows it, once; and every one ends in Klassikaal.
        if lesson.demo:
            assert len(demo_on) == 1, f"{lesson.slug}: demo on screens {demo_on}"
            board.goto(_screen_url(lesson.slug, demo_on[0]))
            expect(board.locator(f"#{DEMO_BOXES[lesson.demo]}")).to_be_visible()
        else:
            assert demo_on == [], lesson.slug
        board.goto(_screen_url(lesson.slug, number))
        expect(board.get_by_role("link", name="Start Klassikaal met deze les")).to_have_attribute(
            "href", f"/klassikaal/nieuw/?les={lesson.slug}"
        )
    print(f"screens whose text scrolls at 1920x1080: {len(scrolling)} {scrolling}")
    assert len(scrolling) <= 3, scrolling


def test_on_a_laptop_the_page_does_not_scroll_either(laptop: Page):
    for lesson in content.all_lessons()[:2]:
        for number in range(1, len(presentation.screens_for(lesson)) + 1):
            laptop.goto(_screen_url(lesson.slug, number))
            fit = laptop.evaluate(FIT)
            assert fit["pageOverflow"] <= 0, f"{lesson.slug} {number}: {fit}"


def test_the_teacher_runs_a_demo_with_the_clicker_and_ends_in_klassikaal(board: Page):
    screens = presentation.screens_for(content.get_lesson("stinkend-steegje"))
    demo = next(n for n, s in enumerate(screens, start=1) if s.kind == "demo")
    board.goto(_screen_url("stinkend-steegje", demo - 1))
    board.keyboard.press("PageDown")
    _arrive(board, "stinkend-steegje", demo)
    box = board.locator("#demo-steegje")
    expect(box).to_be_visible()
    assert_accessible(board)

    # The demo works on the board: a click redraws it in place (htmx), on the same screen.
    box.get_by_role("button", name="Straf geven (bah!)").click()
    expect(box.locator("figcaption").first).to_contain_text("Wandeling 2")
    expect(board).to_have_url(_screen_url("stinkend-steegje", demo))
    # The arrow keys stay with the slider that has the focus; the clicker's keys never do.
    # The click above redrew the demo, slider included: the key goes only once htmx has
    # finished swapping and settling, to the slider that has the focus then.
    _htmx_idle(board)
    slider = box.get_by_label(re.compile("Leersnelheid"))
    before = slider.input_value()
    slider.focus()
    expect(slider).to_be_focused()
    board.keyboard.press("ArrowRight")
    expect(slider).not_to_have_value(before)
    expect(board).to_have_url(_screen_url("stinkend-steegje", demo))
    board.keyboard.press("PageDown")
    _arrive(board, "stinkend-steegje", demo + 1)
    board.keyboard.press("PageUp")
    _arrive(board, "stinkend-steegje", demo)
    box.get_by_role("button", name="Beloning geven (fijn!)").press("ArrowRight")
    _arrive(board, "stinkend-steegje", demo + 1)

    board.goto(_screen_url("stinkend-steegje", len(screens)))
    assert_accessible(board)
    board.get_by_role("link", name="Start Klassikaal met deze les").click()
    expect(board).to_have_url("/klassikaal/nieuw/?les=stinkend-steegje")
