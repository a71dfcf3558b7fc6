"""A pupil does the whole quiz with the keyboard only, with and without JavaScript,
and on a phone with two taps per answer: one on the answer, one on how sure."""

import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import VIEWPORTS, assert_accessible, runs_scripts
from tests.browser.keyboard import focused_is_visible_with_outline, tab_to


def answer_every_question_by_keyboard(page: Page, check_accessibility: bool) -> int:
    """Answers with the first choice and 'twijfel'; returns the number of questions."""
    asked = 0
    while True:
        expect(page.locator("legend").first).to_be_visible()
        asked += 1
        tab_to(page, "input[name=choice]")
        assert focused_is_visible_with_outline(page)
        page.keyboard.press("Space")
        # Choosing shows the buttons for how sure; each one sends the answer.
        tab_to(page, "button[name=confidence][value=twijfel]")
        assert focused_is_visible_with_outline(page)
        page.keyboard.press("Enter")
        feedback = page.locator(".quiz-feedback")
        expect(feedback).to_be_visible()
        expect(feedback.get_by_role("link", name=re.compile("^Lees meer in les"))).to_be_visible()
        if check_accessibility and asked == 1:
            assert_accessible(page)
        finished = page.get_by_role("link", name="Bekijk je uitslag")
        if finished.count():
            tab_to(page, "a.button[href$='/quiz/uitslag/']")
            page.keyboard.press("Enter")
            return asked
        tab_to(page, ".quiz-next a")
        page.keyboard.press("Enter")
        expect(page.locator(".quiz-progress")).to_contain_text(f"Vraag {asked + 1} van")


def start_whole_quiz_by_keyboard(page: Page) -> None:
    page.goto("/quiz/")
    tab_to(page, "form[action='/quiz/'] button")
    page.keyboard.press("Enter")
    expect(page.locator(".quiz-progress")).to_contain_text("Vraag 1 van 12")


def check_result_page(page: Page, asked: int) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Je uitslag")
    expect(page.locator(".quiz-score")).to_contain_text(f"van de {asked}")
    # The score as a ring, named for a screen reader, with the percentage in it.
    expect(page.get_by_role("img", name=re.compile(r"^\d+ procent goed$"))).to_be_visible()
    expect(page.locator(".quiz-ring__text")).to_have_text(re.compile(r"^\d+%$"))
    expect(page.get_by_role("heading", name="Hoe zeker was je?")).to_be_visible()


def test_a_pupil_does_the_whole_quiz_with_the_keyboard(page: Page):
    start_whole_quiz_by_keyboard(page)
    assert_accessible(page)
    asked = answer_every_question_by_keyboard(page, check_accessibility=True)
    assert asked == 12
    check_result_page(page, asked)
    assert_accessible(page)


def test_the_quiz_works_with_the_keyboard_without_javascript(page_without_js: Page):
    start_whole_quiz_by_keyboard(page_without_js)
    asked = answer_every_question_by_keyboard(page_without_js, check_accessibility=False)
    assert asked == 12
    check_result_page(page_without_js, asked)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_sending_an_answer_without_a_choice_says_what_is_missing(page: Page, page_without_js, js):
    tab = page if js else page_without_js
    tab.goto("/quiz/")
    tab.get_by_role("button", name="Begin de hele quiz").click()
    # The buttons for how sure show once an answer is chosen. A browser that cannot
    # hide them sends them without an answer: leave the browser's own check out of
    # it, the server must explain too.
    expect(tab.get_by_role("button", name="Zeker", exact=True)).to_be_hidden()
    tab.locator("form.quiz-form").evaluate(
        "form => { form.noValidate = true;"
        " form.requestSubmit(form.querySelector('button[value=zeker]')); }"
    )
    expect(tab.locator(".quiz-errors")).to_contain_text("Je antwoord is nog niet verstuurd")
    expect(tab.locator(".quiz-errors")).to_contain_text("Kies een antwoord.")
    assert_accessible(tab) if js else None


def right_choice_ids(app_env: dict[str, str]) -> set[int]:
    """The ids of the right answers, read from the app's own database."""
    database = Path(app_env["DJANGO_VAR_DIR"]) / "db.sqlite3"
    with sqlite3.connect(database) as db:
        return {row[0] for row in db.execute("SELECT id FROM lessons_choice WHERE is_correct")}


def answer_by_keyboard(page: Page, *, right: bool, right_ids: set[int]) -> None:
    """Picks a right or a wrong answer with the arrow keys, 'zeker', and sends it."""
    expect(page.locator("legend").first).to_be_visible()
    options = [
        int(v)
        for v in page.locator("input[name=choice]").evaluate_all(
            "inputs => inputs.map(i => i.value)"
        )
    ]
    wanted = next(i for i in options if (i in right_ids) == right)
    tab_to(page, "input[name=choice]")
    page.keyboard.press("Space")
    for _ in options:
        if page.locator(f"input[name=choice][value='{wanted}']").is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[name=choice][value='{wanted}']")).to_be_checked()
    tab_to(page, "button[name=confidence][value=zeker]")
    page.keyboard.press("Enter")
    expect(page.locator(".quiz-feedback")).to_be_visible()
    link = ".quiz-next a"
    if page.get_by_role("link", name="Bekijk je uitslag").count():
        link = "a.button[href$='/quiz/uitslag/']"
    tab_to(page, link)
    page.keyboard.press("Enter")


def test_a_pupil_practises_only_the_mistakes(tab: Page, app_env):
    right_ids = right_choice_ids(app_env)
    tab.goto("/quiz/les/gan/")
    tab_to(tab, "form[action='/quiz/les/gan/'] button")
    tab.keyboard.press("Enter")
    expect(tab.locator(".quiz-progress")).to_contain_text("Vraag 1 van 5")
    missed = []
    for number in range(1, 6):
        if number in (2, 4):
            missed.append(tab.locator("legend").first.inner_text())
        answer_by_keyboard(tab, right=number not in (2, 4), right_ids=right_ids)

    check_result_page(tab, 5)
    expect(tab.locator(".quiz-score")).to_contain_text("3 van de 5")
    expect(tab.get_by_role("img", name="60 procent goed")).to_be_visible()
    expect(tab.locator(".quiz-practise")).to_contain_text("2 vragen fout")
    if runs_scripts(tab):
        assert_accessible(tab)
    tab_to(tab, "form[action='/quiz/oefen-fouten/'] button")
    tab.keyboard.press("Enter")

    # Exactly the two missed questions, in the same order, then the end.
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Oefen je fouten")
    expect(tab.locator(".quiz-progress")).to_contain_text("Vraag 1 van 2")
    asked = []
    for _ in range(2):
        asked.append(tab.locator("legend").first.inner_text())
        answer_by_keyboard(tab, right=True, right_ids=right_ids)
    assert asked == missed
    check_result_page(tab, 2)
    expect(tab.locator(".quiz-score")).to_contain_text("2 van de 2")
    expect(tab.locator(".quiz-practise")).to_have_count(0)
    if runs_scripts(tab):
        assert_accessible(tab)


def in_view_without_scrolling(page: Page, locator) -> None:
    """The whole element is on the 390x844 screen and the page has not scrolled."""
    expect(locator).to_be_in_viewport(ratio=1)
    assert page.evaluate("scrollY") == 0


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_pupil_answers_each_question_with_two_taps_on_a_phone(page: Page, viewport):
    assert page.viewport_size == VIEWPORTS["phone"]
    # The lesson with the longest questions and situations of the course.
    page.goto("/quiz/les/toepassingen/")
    page.get_by_role("button", name="Begin de quiz over deze les").click()
    taps = 0
    for number in range(1, 6):
        expect(page.locator(".quiz-progress")).to_contain_text(f"Vraag {number} van 5")
        sure = page.get_by_role("button", name="Zeker", exact=True)
        expect(sure).to_be_hidden()  # no choice yet: nothing to send
        first = page.locator(".quiz-option label").first
        in_view_without_scrolling(page, first)
        first.click()
        taps += 1
        for button in page.locator("[data-sure] button").all():
            in_view_without_scrolling(page, button)
        if number == 1:
            assert_accessible(page)
        chosen = first.inner_text()
        sure.click()
        taps += 1
        # The answer is in: the feedback names it and the progress bar counts it.
        feedback = page.locator(".quiz-feedback")
        expect(feedback).to_contain_text("Je zei: zeker.")
        mine = page.locator(".quiz-choices-done li", has_text="jouw antwoord")
        expect(mine).to_have_text(re.compile(rf"^\s*{re.escape(chosen)}\s+jouw antwoord"))
        expect(page.locator(".quiz-progress progress")).to_have_attribute("value", str(number))
        if number == 1:
            assert_accessible(page)
        # "Volgende vraag" stays on the screen while the pupil reads.
        next_step = page.locator(".quiz-next a")
        expect(next_step).to_be_in_viewport(ratio=1)
        next_step.click()
    assert taps == 10
    expect(page.get_by_role("heading", level=1)).to_have_text("Je uitslag")
