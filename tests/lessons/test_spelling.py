import pytest
from django.urls import reverse

from lessons import content
from tests.pages import parse
from tests.spelling import accepted_words, misspelled

pytestmark = pytest.mark.django_db

PAGES = [
    *[reverse("lessons:detail", args=[le.slug]) for le in content.all_lessons()],
    reverse("lessons:teachers"),
    reverse("lessons:worksheet"),
    reverse("lessons:glossary"),
    reverse("lessons:home"),
    reverse("lessons:list"),
]


def test_the_spelling_check_finds_a_typo():
    assert misspelled("De computer leert van voorbeelden en maakt een fuot.") == ["fuot"]


@pytest.mark.parametrize("url", PAGES)
def test_the_dutch_text_of_every_lesson_page_is_spelled_correctly(client, url):
    text = parse(client.get(url).content).text()
    assert misspelled(text) == []


def test_the_accepted_words_list_stays_short_and_reviewed():
    words = accepted_words()
    assert len(words) < 120
    assert all(" " not in word for word in words)
