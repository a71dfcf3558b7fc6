"""The three demos respond to clicks, in place with JavaScript, by page load without."""

import re

import pytest
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
    # The checker is still swinging: the page says to keep going, and offers the rest.
    expect(tab.locator("#demo-gan .demo-hint")).to_contain_text("Nog niet klaar.")
    check_accessible(tab)
    tab.get_by_role("button", name="Train tot het einde").click()
    expect(tab.locator(".demo-status")).to_contain_text("Stap 3000.")
    expect(tab.locator("#demo-gan")).to_contain_text("De training is klaar")
    expect(tab.get_by_role("button", name="Train tot het einde")).to_have_count(0)
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


def test_the_alley_learning_rate_slider_changes_the_step(tab: Page):
    tab.goto("/lessen/stinkend-steegje/#probeer")
    demo = tab.locator("#demo-steegje")
    demo.get_by_label(re.compile("Leersnelheid")).fill("3")
    walked = demo.locator("figcaption").first.text_content()
    action = "Straf geven" if "steegje" in walked else "Beloning geven"
    demo.get_by_role("button", name=re.compile(action)).click()
    expect(demo.locator(".demo-explanation")).to_contain_text("met leersnelheid 3,0")
    expect(demo.get_by_label(re.compile("Leersnelheid"))).to_have_value("3")
    expect(demo.locator(".demo-rate__value")).to_have_text("3,0")
    check_accessible(tab)


def test_the_gan_draws_the_checkers_accuracy_over_the_steps(tab: Page):
    tab.goto("/lessen/gan/#probeer")
    for step in (50, 100):
        tab.get_by_role("button", name="Train 50 stappen").click()
        expect(tab.locator(".demo-status")).to_contain_text(f"Stap {step}.")
    points = tab.locator("polyline.accuracy-line").get_attribute("points") or ""
    assert len(points.split()) == 11  # steps 0, 10, …, 100
    check_accessible(tab)


# What each demo's control changes: both must fit on one screen together.
CONTROL_AND_RESULT = [
    ("/lessen/stinkend-steegje/", "#demo-steegje .demo-actions", "#demo-steegje .alley-bars"),
    ("/lessen/neurale-netwerken/", ".neuron-form fieldset >> nth=1", ".neuron-diagram"),
    ("/lessen/gan/", "#demo-gan .demo-actions", "#demo-gan .gan-chart >> nth=1"),
]


def test_each_demos_control_and_its_result_fit_on_one_screen(page: Page):
    for url, control, result in CONTROL_AND_RESULT:
        page.goto(url)
        page.locator(control).scroll_into_view_if_needed()
        boxes = [page.locator(control).bounding_box(), page.locator(result).bounding_box()]
        assert all(boxes), url
        top = min(b["y"] for b in boxes if b)
        bottom = max(b["y"] + b["height"] for b in boxes if b)
        height = page.evaluate("() => window.innerHeight")
        assert bottom - top <= height, f"{url}: {control} and {result} span {bottom - top:.0f} px"


SVG_TEXT_SIZES = """
() => Array.from(document.querySelectorAll('.demo-box svg text')).flatMap(text => {
  const ctm = text.getScreenCTM();
  if (!ctm || !text.getClientRects().length) return [];  // inside a closed <details>
  const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
  return [{text: text.textContent.trim(), px: Math.round(size * 10) / 10}];
})
"""


@pytest.mark.parametrize("viewport", ["phone"])
def test_every_chart_label_is_at_least_12_px_on_a_phone(page: Page):
    pages = ["/lessen/stinkend-steegje/", "/lessen/neurale-netwerken/", "/lessen/gan/"]
    measured = 0
    for url in pages:
        page.goto(url)
        page.locator(".demo-box").first.scroll_into_view_if_needed()
        for details in page.locator(".demo-box details").all():
            details.evaluate("d => d.open = true")
        sizes = page.evaluate(SVG_TEXT_SIZES)
        measured += len(sizes)
        small = [s for s in sizes if s["px"] < 12]
        assert small == [], f"{url}: {small}"
    assert measured > 40  # the labels were really found and measured
    # The GAN's axis labels are drawn large on a phone: none may run into another
    # (the "0%" of a y axis once sat on the first step or length under it).
    for url in ("/lessen/gan/", "/demo/gan/?stap=0&actie=einde"):
        page.goto(url)
        overlaps = page.evaluate(OVERLAPPING_LABELS, "#demo-gan svg")
        assert overlaps == [], f"{url}: {overlaps}"


OVERLAPPING_LABELS = """
selector => Array.from(document.querySelectorAll(selector)).flatMap(svg => {
  const boxes = Array.from(svg.querySelectorAll('text')).map(text => [
    text.textContent.trim(), text.getBoundingClientRect()]);
  const hits = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom)
      hits.push(a + ' / ' + b);
  }));
  return hits;
})
"""
