"""A visitor reads a lesson, goes on to the next, opens an answer, prints."""

import re

from playwright.sync_api import Page, expect

from lessons import content
from tests.browser.conftest import assert_accessible, runs_scripts

# What a tap at each corner and the middle of a card hits: its one link, each time.
COVERED_BY_ONE_LINK = """card => {
  card.scrollIntoView({block: "start"});
  const r = card.getBoundingClientRect();
  const bottom = Math.min(r.bottom, window.innerHeight) - 4;
  const points = [[r.left + 4, r.top + 4], [r.right - 4, r.top + 4], [r.left + 4, bottom],
                  [r.right - 4, bottom], [r.left + r.width / 2, (r.top + bottom) / 2]];
  const link = card.querySelector("a");
  return points.map(([x, y]) => document.elementFromPoint(x, y) === link
                                 && card.querySelectorAll("a").length === 1);
}"""


def test_a_visitor_reads_a_lesson_and_goes_on_to_the_next(page: Page):
    first, second = content.all_lessons()[:2]
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Lessen", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessen")
    assert_accessible(page)
    # The whole card is one link: a tap on its picture, away from the title, opens the lesson.
    card = page.locator(".lesson-card").first
    assert card.evaluate(COVERED_BY_ONE_LINK) == [True] * 5
    card.locator(".lesson-card__picture").scroll_into_view_if_needed()
    box = card.locator(".lesson-card__picture").bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + 10)
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    assert_accessible(page)

    # The table of contents at the top jumps to a section further down.
    section = page.locator(".lesson-toc a").nth(2)
    anchor = section.get_attribute("href")
    section.click()
    expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
    expect(page.locator(anchor)).to_be_in_viewport()

    answer = page.locator("#check-jezelf details").first
    expect(answer.locator("p")).to_be_hidden()
    answer.locator("summary").click()
    expect(answer.locator("p")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Volgende les {second.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)


def test_a_printed_lesson_is_clean_paper(page: Page):
    lesson = content.all_lessons()[6]
    page.goto(f"/lessen/{lesson.slug}/")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.locator(".pager")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The address of an outside source is printed after its link.
    source_link = page.locator("#bronnen a[href^='http']").first
    after = source_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert source_link.get_attribute("href") in after


def test_every_lesson_page_the_glossary_and_the_teachers_corner_are_accessible(page: Page):
    for lesson in content.all_lessons():
        page.goto(f"/lessen/{lesson.slug}/")
        assert_accessible(page)
    for url in ("/begrippen/", "/docenten/", "/docenten/werkblad/"):
        page.goto(url)
        assert_accessible(page)


def test_the_keyboard_reaches_the_content_first_with_a_visible_focus(page: Page):
    page.goto("/lessen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))


def test_a_pupil_jumps_to_the_demo_and_reads_a_term_in_place(tab: Page):
    lesson = content.get_lesson("stinkend-steegje")
    tab.goto(f"/lessen/{lesson.slug}/")
    toc_demo = tab.locator(".lesson-toc").get_by_role("link", name="Probeer het zelf")
    # Measured for the note: how far down the jump to the demo sits on this screen.
    screens = toc_demo.evaluate("a => a.getBoundingClientRect().bottom / window.innerHeight")
    demo_at = tab.locator("#probeer").evaluate("s => s.offsetTop / window.innerHeight")
    print(f"demo: {demo_at:.1f} screens down; its jump link {screens:.1f} screens down")
    toc_demo.click()
    expect(tab).to_have_url(re.compile("#probeer$"))
    expect(tab.locator("#demo-steegje")).to_be_in_viewport()

    # A key term opens its explanation on the page, with or without JavaScript.
    term = tab.locator(".lesson-body button.term", has_text="feedback").first
    definition = next(t.definition for t in lesson.key_terms if t.term == "feedback")
    popover = tab.locator(f"#{term.get_attribute('popovertarget')}")
    expect(popover).to_be_hidden()
    url = tab.url
    term.click()
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(definition)
    assert tab.url == url
    if runs_scripts(tab):  # axe-core runs as JavaScript in the page
        assert_accessible(tab)
    popover.get_by_role("button", name="Sluiten").click()
    expect(popover).to_be_hidden()
    term.click()
    tab.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    if runs_scripts(tab):
        expect(term).to_be_focused()
