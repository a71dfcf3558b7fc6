"""A visitor checks a clip: upload, queue and progress, result, delete."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, runs_scripts
from tests.detector.clipgen import ClipSpec, make_clip
from tests.detector.result_pages import CLIPS, true_blinks


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """Eight seconds of a face that blinks twice and is blurred for a second."""
    path = tmp_path_factory.mktemp("clips") / "gesprek.mp4"
    make_clip(path, ClipSpec(duration_s=8, blink_times=[1.5, 5.0], blur_spans=[(3.0, 4.0)]))
    return path


def test_a_visitor_checks_a_clip_and_deletes_the_result(tab: Page, clip):
    tab.goto("/controle/")
    # Before uploading: how long the zoomed face pictures are kept.
    expect(tab.locator("#bewaartijd-fotos")).to_contain_text(
        re.compile(r"ingezoomde foto's van het gezicht\. Die foto's bewaren we ook \d+ uur")
    )
    if runs_scripts(tab):
        assert_accessible(tab)
    tab.get_by_label("Kies een video").set_input_files(clip)
    tab.get_by_role("button", name="Controleer deze video").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("Je video wordt gecontroleerd")
    waiting = tab.locator("#analysis-progress, .queue-place, [role=status]").first
    expect(waiting).to_be_visible()
    if runs_scripts(tab):
        assert_accessible(tab)
    result_url = tab.url

    expect(tab.get_by_role("heading", level=1)).to_have_text("Wat de controle zag", timeout=60_000)
    chart = tab.locator("section[aria-labelledby=tijdlijn] svg:visible").first
    expect(chart).to_be_visible()
    thumbnails = tab.locator("section[aria-labelledby=momenten] img")
    expect(thumbnails.first).to_be_visible()
    assert thumbnails.first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert re.search(r"\bgezicht\b", thumbnails.first.get_attribute("alt"))
    text = tab.locator("main").inner_text().lower()
    assert "dit is een deepfake" not in text and "dit is echt" not in text
    if runs_scripts(tab):
        assert_accessible(tab)

    tab.get_by_role("button", name=re.compile("^Wis dit resultaat")).click()
    expect(tab.get_by_role("status").first).to_contain_text("Je resultaat is gewist")
    response = tab.goto(result_url)
    assert response.status == 404


def test_a_wrong_file_gets_a_dutch_message_on_the_form(tab: Page, tmp_path):
    fake = tmp_path / "filmpje.mp4"
    fake.write_text("<html><body>Dit is geen video</body></html>")
    tab.goto("/controle/")
    tab.get_by_label("Kies een video").set_input_files(fake)
    tab.get_by_role("button", name="Controleer deze video").click()
    error = tab.locator("#upload-form [role=alert]").first
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile("video", re.IGNORECASE))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Controleer een clip")
    if runs_scripts(tab):
        assert_accessible(tab)


# The rendered size of every visible SVG text: its font size times the scale of the
# drawing on screen (the timeline is a viewBox drawing scaled to the page's width).
SMALLEST_SVG_TEXT_PX = """() => {
  const sizes = [];
  for (const text of document.querySelectorAll("main svg text")) {
    const box = text.getBoundingClientRect();
    if (!box.width || !box.height) continue;  // in the drawing CSS hides
    sizes.push(parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""


@pytest.fixture(scope="module")
def known_clips(tmp_path_factory):
    """The result tests' generated clips: a slow blink and five ordinary ones, each
    with a blurred face for a moment."""
    folder = tmp_path_factory.mktemp("known")
    return {name: make_clip(folder / f"{name}.mp4", spec) for name, spec in CLIPS.items()}


def check_clip(tab: Page, path) -> str:
    tab.goto("/controle/")
    tab.get_by_label("Kies een video").set_input_files(path)
    tab.get_by_role("button", name="Controleer deze video").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Wat de controle zag", timeout=90_000)
    return tab.url


# Every link on the visible timeline (numbered and lettered marks, open rings): its box
# on screen, in CSS pixels.
CHART_TARGETS = """() => Array.from(
  document.querySelectorAll("section[aria-labelledby$=tijdlijn] svg a")
).flatMap(a => {
  const box = a.getBoundingClientRect();
  if (!box.width || !box.height) return [];  // in the drawing CSS hides
  return [{name: a.getAttribute("aria-label"), width: box.width, height: box.height}];
})"""


def assert_tappable_chart(tab: Page, least: int) -> None:
    targets = tab.evaluate(CHART_TARGETS)
    assert len(targets) >= least, targets
    small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
    assert small == [], f"chart targets under 44 px: {small}"


def assert_readable_chart(tab: Page) -> None:
    smallest = tab.evaluate(SMALLEST_SVG_TEXT_PX)
    assert smallest is not None, "no chart text on screen"
    assert smallest >= 12, f"the smallest chart text is {smallest:.1f} px"


def test_the_result_agrees_with_the_clip_and_compares_side_by_side(tab: Page, known_clips):
    urls = {}
    for name, truth in known_clips.items():
        urls[name] = check_clip(tab, truth.path)
        count = len(true_blinks(truth))
        expect(tab.locator("main")).to_contain_text(f"We zagen {count} keer knipperen in")
        # One drawing on screen, one numbered mark per blink in it.
        charts = tab.locator("section[aria-labelledby=tijdlijn] svg:visible")
        expect(charts).to_have_count(1)
        expect(charts.locator("a.chart-mark--blink")).to_have_count(count)
        assert_readable_chart(tab)
        # Marks and rings are 44 px tap targets, on a phone and on a laptop.
        assert_tappable_chart(tab, count)
        # The page opens with one line: what was found, and that it proves nothing.
        summary = tab.locator("main h1 + p")
        expect(summary).to_have_class("summary-line")
        expect(summary).to_contain_text("Dat is een reden om beter te kijken, geen bewijs.")
        # The moments' pictures load.
        pictures = tab.locator("li.moment img")
        expect(pictures.first).to_be_visible()
        for index in range(pictures.count()):
            assert pictures.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        if runs_scripts(tab):
            assert_accessible(tab)

    # A lettered mark on the chart takes the reader to its moment.
    mark = tab.locator("section[aria-labelledby=tijdlijn] svg:visible a.chart-mark--moment").first
    target = mark.get_attribute("href")
    mark.click()
    expect(tab).to_have_url(re.compile(re.escape(target) + "$"))
    expect(tab.locator(target)).to_be_in_viewport()
    # ... where the moment's picture is on screen.
    expect(tab.locator(f"{target} img").first).to_be_in_viewport()

    tab.goto("/controle/vergelijk/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Vergelijk twee controles")
    tab.get_by_role("button", name="Vergelijk").click()
    # One table: a column per clip, a row per signal, the clips side by side.
    table = tab.locator("table.compare__table")
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_count(2)
    blink_cells = table.locator("tr", has=tab.get_by_role("rowheader", name="Knipperen"))
    for index, truth in enumerate(known_clips.values()):
        count = len(true_blinks(truth))
        expect(blink_cells.locator("td").nth(index)).to_contain_text(f"{count} keer in")
    columns = tab.locator("section.compare__column")
    expect(columns).to_have_count(2)
    if tab.viewport_size and tab.viewport_size["width"] < 600:
        # A phone: the table instead of two whole reports under each other.
        expect(columns.first).to_be_hidden()
        box = table.bounding_box()
        assert box and box["width"] <= tab.viewport_size["width"]
    else:
        for index, truth in enumerate(known_clips.values()):
            count = len(true_blinks(truth))
            expect(columns.nth(index)).to_contain_text(f"We zagen {count} keer knipperen in")
            expect(columns.nth(index).locator("svg:visible")).to_have_count(1)
        assert_readable_chart(tab)
        assert_tappable_chart(tab, 2)
    if runs_scripts(tab):
        assert_accessible(tab)


def test_a_touch_screen_is_not_asked_to_drag(browser, app_url):
    context = browser.new_context(
        base_url=app_url, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        phone = context.new_page()
        phone.goto("/controle/")
        expect(phone.get_by_text("Kies een video van je telefoon of tablet")).to_be_visible()
        expect(phone.get_by_text("Sleep je video hierheen")).to_be_hidden()
    finally:
        context.close()


def test_a_mouse_user_is_told_it_can_drag(page: Page):
    page.goto("/controle/")
    expect(page.get_by_text("Sleep je video hierheen")).to_be_visible()
    expect(page.get_by_text("Kies een video van je telefoon of tablet")).to_be_hidden()
