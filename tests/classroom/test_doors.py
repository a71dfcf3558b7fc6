"""The ways in for a teacher: "Start een klassenquiz" on the home page and the
Klassikaal page, and a lesson's presentation that links to the start page with its
lesson ticked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from lessons import content
from tests.classroom.factories import make_question
from tests.classroom.test_pages import assert_page_is_sound
from tests.pages import parse

pytestmark = pytest.mark.django_db


def ticked_lessons(html: str) -> list[str]:
    boxes = parse(html).find_all("input")
    return [box["value"] for box in boxes if box.get("name") == "les" and "checked" in box]


def test_the_home_page_links_to_starting_a_class_quiz():
    html = Client().get(reverse("lessons:home")).content.decode()
    links = re.findall(rf'<a href="{reverse("classroom:new")}"[^>]*>([^<]+)</a>', html)
    assert links == ["Start een klassenquiz"]


def test_the_klassikaal_page_links_a_teacher_to_starting_a_class_quiz():
    """The menu's Klassikaal opens the pupils' join form; a teacher finds the start
    there too."""
    html = Client().get(reverse("classroom:join")).content.decode()
    links = re.findall(rf'<a href="{reverse("classroom:new")}"[^>]*>([^<]+)</a>', html)
    assert links == ["Start een klassenquiz"]


def test_a_lesson_link_ticks_that_lessons_questions():
    make_question(lesson_slug="gan")
    lesson = content.get_lesson("gan")
    assert lesson is not None
    response = Client().get(reverse("classroom:new"), {"les": "gan"})
    assert_page_is_sound(response)
    html = response.content.decode()
    assert ticked_lessons(html) == ["gan"]
    expected = f"De vragen van les {lesson.order}, ‘{lesson.title}’, staan al aangevinkt."
    assert expected in parse(html).text()


def test_an_unknown_lesson_in_the_link_is_ignored():
    html = Client().get(reverse("classroom:new"), {"les": "bestaat-niet"}).content.decode()
    assert ticked_lessons(html) == []
    assert "staan al aangevinkt" not in html


def test_a_link_can_choose_a_nulmeting_of_five_questions():
    inputs = parse(Client().get(reverse("classroom:new"), {"soort": "meting"}).content).find_all(
        "input"
    )
    chosen = [i["value"] for i in inputs if i.get("name") == "soort" and "checked" in i]
    assert chosen == ["meting"]
    assert [i["value"] for i in inputs if i.get("name") == "aantal"] == ["5"]
