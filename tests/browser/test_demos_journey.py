"""The three demos respond to clicks, in place with JavaScript, by page load without."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, runs_scripts


def check_accessible(tab: Page) -> None:
    # axe-core runs as JavaScript in the page; without it there is nothing to run.
    if runs_scripts(tab):
        assert_accessible(tab)


def test_the_alley_walker_learns_from_feedback(tab: Page):
    tab.goto("/lessen/stinkend-steegje/#probeer")
    demo = tab.locator("#demo-steegje")
    first = demo.locator(".demo-explanation").text_content()
    for _ in range(6):
        walked = demo.locator("figcaption").first.text_content()
        action = "Straf geven" if "steegje" in walked else "Beloning geven"
        demo.get_by_role("button", name=re.compile(action)).click()
        expect(demo.locator(".demo-explanation")).not_to_have_text(first)
    # Six times feedback that the alley stinks or the park is nice: the park wins.
    park = demo.locator(".alley-bars desc").text_content()
    chances = dict(re.findall(r"(\w[\w ]*?): (\d+)\s?%", park))
    assert len(chances) == 2
    alley, park_chance = (int(v) for v in chances.values())
    assert park_chance > alley
    check_accessible(tab)


def test_the_neuron_computes_what_the_pupil_sets(tab: Page):
    tab.goto("/lessen/neurale-netwerken/#probeer")
    result = tab.locator("#neuron-uitkomst")
    before = result.locator("desc").text_content()
    tab.locator(".neuron-form input[type=number]").first.fill("-4")
    tab.get_by_role("button", name="Bereken").click()
    expect(result.locator("desc")).not_to_have_text(before)
    assert "-4" in result.locator("desc").text_content().replace("−", "-")
    check_accessible(tab)


def test_the_gan_trains_step_by_step(tab: Page):
    tab.goto("/lessen/gan/#probeer")
    tab.get_by_role("button", name="Train 50 stappen").click()
    expect(tab.locator(".demo-status")).to_contain_text("Stap 50.")
    tab.get_by_role("button", name="Train 50 stappen").click()
    expect(tab.locator(".demo-status")).to_contain_text("Stap 100.")
    check_accessible(tab)


def test_a_refused_number_is_explained_in_place(page: Page):
    # With JavaScript the server checks every number (the browser's own check is
    # off), refuses 9 with a 400 and a Dutch message, and htmx swaps it in place.
    page.goto("/lessen/neurale-netwerken/#probeer")
    page.locator(".neuron-form input[type=number]").first.fill("9")
    page.get_by_role("button", name="Bereken").click()
    message = page.locator("#neuron-uitkomst .demo-error")
    expect(message).to_contain_text("Kies een getal van −5 tot en met 5.")
    assert page.url.endswith("/lessen/neurale-netwerken/#probeer")
    assert_accessible(page)
