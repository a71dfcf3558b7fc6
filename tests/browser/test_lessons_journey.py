"""A visitor reads a lesson, goes on to the next, opens an answer, prints."""

import re

from playwright.sync_api import Page, expect

from lessons import content
from tests.browser.conftest import assert_accessible


def test_a_visitor_reads_a_lesson_and_goes_on_to_the_next(page: Page):
    first, second = content.all_lessons()[:2]
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Lessen", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessen")
    assert_accessible(page)
    page.get_by_role("link", name=first.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    assert_accessible(page)

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
