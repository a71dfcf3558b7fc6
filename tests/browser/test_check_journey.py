"""A visitor checks a clip: upload, queue and progress, result, delete."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, runs_scripts
from tests.detector.clipgen import ClipSpec, make_clip


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """Eight seconds of a face that blinks twice and is blurred for a second."""
    path = tmp_path_factory.mktemp("clips") / "gesprek.mp4"
    make_clip(path, ClipSpec(duration_s=8, blink_times=[1.5, 5.0], blur_spans=[(3.0, 4.0)]))
    return path


def test_a_visitor_checks_a_clip_and_deletes_the_result(tab: Page, clip):
    tab.goto("/controle/")
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
    chart = tab.locator("#tijdlijn ~ * svg[role=img], section[aria-labelledby=tijdlijn] svg").first
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
