"""The home page and the lesson overview show the lessons' own drawings; lesson 7
shows the quiz's pictures, one or more per section."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from lessons import content
from lessons.illustrations import card_illustration
from lessons.sections import SECTION_LABELS
from quiz.pictures import SEED_PK, seed_mark
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


# --- Lesson 7 shows each cue on a picture (issue 23) ------------------------------

SEED_PHOTO = re.compile(r"/quiz/plaatje/0/([\w-]+\.jpg)")


def _sections(html: str) -> dict[str, str]:
    """Each top-level section of a rendered lesson body by its heading's id."""
    found = re.findall(r'<section aria-labelledby="([\w-]+)">(.*?)</section>', html, re.S)
    return dict(found)


def _herkennen_body() -> str:
    return render_to_string(content.get_lesson("herkennen").body_template)


def test_every_section_of_lesson_7_has_a_picture_or_a_diagram_with_a_text_alternative():
    sections = _sections(_herkennen_body())
    assert set(sections) == set(SECTION_LABELS["herkennen"])
    for anchor, html in sections.items():
        page = parse(html)
        labels = [i["alt"] for i in page.find_all("img")]
        labels += [s["aria-label"] for s in page.find_all("svg") if s.get("role") == "img"]
        assert labels, f"section {anchor} has no picture or diagram"
        assert all(len(label) >= 40 for label in labels), anchor


def test_lesson_7_shows_the_quiz_pictures_with_the_ring_where_they_were_changed(client):
    html = _herkennen_body()
    photos = SEED_PHOTO.findall(html)
    assert len(set(photos)) >= 10
    for name in set(photos):
        response = client.get(reverse("quiz:picture", args=[SEED_PK, name]))
        assert response.status_code == 200, name
    for svg in re.findall(r'<svg class="lesson-photo__picture".*?</svg>', html, re.S):
        [name] = SEED_PHOTO.findall(svg)
        mark = seed_mark(f"seed/{name}")
        ellipses = parse(svg).find_all("ellipse")
        if mark is None or mark.ring is None:
            assert ellipses == [], name
            continue
        assert f'viewBox="0 0 {mark.width} {mark.height}"' in svg, name
        for ellipse in ellipses:
            drawn = {key: float(ellipse[key]) for key in ("cx", "cy", "rx", "ry")}
            assert drawn == pytest.approx(mark.ring, abs=0.06), name
    # Every ring is explained in words under its picture.
    for figure in re.findall(r'<figure class="lesson-photo">.*?</figure>', html, re.S):
        if "<ellipse" in figure:
            assert "In de ring" in figure or "in de ring" in figure


def test_the_lesson_7_page_shows_its_pictures(client):
    response = client.get(reverse("lessons:detail", args=["herkennen"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(SEED_PHOTO.findall(html)) >= 12
    # The drawing stays the first picture, so the lesson card keeps it.
    first = card_illustration(content.get_lesson("herkennen"))
    assert first.src.startswith(LESSON_PICTURES)
