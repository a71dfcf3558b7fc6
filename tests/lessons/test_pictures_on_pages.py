"""The home page and the lesson overview show the lessons' own drawings."""

import pytest
from django.conf import settings
from django.urls import reverse

from lessons import content
from lessons.illustrations import card_illustration
from tests.pages import parse

pytestmark = pytest.mark.django_db

LESSON_PICTURES = "/static/img/lessons/"


def _card_pictures(page) -> list[dict[str, str]]:
    return [i for i in page.find_all("img") if "lesson-card__picture" in i.get("class", "")]


@pytest.mark.parametrize("url_name", ["lessons:home", "lessons:list"])
def test_every_lesson_card_shows_the_lessons_first_drawing_as_decoration(client, url_name):
    page = parse(client.get(reverse(url_name)).content)
    pictures = _card_pictures(page)
    lessons = content.all_lessons()
    assert len(pictures) == len(lessons)
    for picture, lesson in zip(pictures, lessons, strict=True):
        assert picture["src"] == card_illustration(lesson).src
        assert picture["src"].startswith(LESSON_PICTURES)
        # The card's title names the lesson, so the picture adds nothing to read.
        assert picture["alt"] == ""
        assert picture["width"].isdigit() and picture["height"].isdigit()
        name = picture["src"].removeprefix(LESSON_PICTURES)
        assert (settings.BASE_DIR / "static" / "img" / "lessons" / name).is_file()


def test_the_home_page_opens_with_a_drawing_that_says_what_it_shows(client):
    page = parse(client.get(reverse("lessons:home")).content)
    hero = next(i for i in page.find_all("img") if "hero__picture" in i.get("class", ""))
    assert hero["src"].startswith(LESSON_PICTURES)
    assert len(hero["alt"]) > 40


def test_the_cards_still_link_every_lesson_in_order(client):
    html = client.get(reverse("lessons:home")).content.decode()
    positions = [
        html.index(reverse("lessons:detail", args=[le.slug])) for le in content.all_lessons()
    ]
    assert positions == sorted(positions)
