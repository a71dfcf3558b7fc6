"""Every page, in a real browser, on a phone and a laptop."""

from playwright.sync_api import Page

from tests.browser.conftest import assert_accessible
from tests.pages import public_page_urls

URLS = public_page_urls()


def test_every_page_is_accessible_and_stays_on_the_site(page: Page):
    # The `page` fixture fails the test if any request leaves the site;
    # assert_accessible also checks that the page fits the window.
    for url in URLS:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)


def test_moving_things_stand_still_for_who_asks_for_less_motion(page: Page):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/lessen/gan/")
    durations = page.evaluate(
        """() => [...document.querySelectorAll('*')].map(el => {
            const s = getComputedStyle(el);
            return [s.transitionDuration, s.animationName];
        }).filter(([t, a]) => (t !== '0s' && t !== '') || a !== 'none')"""
    )
    assert durations == []
