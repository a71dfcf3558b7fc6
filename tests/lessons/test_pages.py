import re

import pytest
from django.urls import reverse

from lessons import content
from tests.pages import parse, public_page_urls

pytestmark = pytest.mark.django_db

LESSON_SECTIONS = ("doelen", "check-jezelf", "bespreken", "begrippen", "bronnen")


@pytest.mark.parametrize("url", public_page_urls())
def test_every_page_answers_in_dutch_with_one_h1(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="nl"', html)
    assert len(parse(html).find_all("h1")) == 1


def test_the_home_page_offers_three_ways_in(client):
    page = parse(client.get(reverse("lessons:home")).content)
    links = {a.get("href") for a in page.find_all("a")}
    assert {reverse("lessons:list"), reverse("quiz:start"), reverse("detector:upload")} <= links


def test_the_overview_lists_the_seven_lessons_in_order_with_durations(client):
    html = client.get(reverse("lessons:list")).content.decode()
    lessons = content.all_lessons()
    assert len(lessons) == 7
    positions = [html.index(reverse("lessons:detail", args=[le.slug])) for le in lessons]
    assert positions == sorted(positions)
    for lesson in lessons:
        assert f"{lesson.minutes} minuten" in html
        assert lesson.title in html


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_every_lesson_has_its_required_sections(client, lesson):
    page = parse(client.get(reverse("lessons:detail", args=[lesson.slug])).content)
    assert set(LESSON_SECTIONS) <= page.ids
    assert len(lesson.goals) >= 2
    assert all(goal.startswith("Je kunt") for goal in lesson.goals)
    assert 1 <= len(lesson.self_checks) <= 2
    assert len(page.find_all("details")) >= len(lesson.self_checks)
    assert lesson.discussion and lesson.key_terms and lesson.sources
    # The text itself: sections with headings, at least one illustration.
    h2_ids = {a.get("id") for a in page.find_all("h2")}
    assert len(h2_ids - {f"{s}-kop" for s in LESSON_SECTIONS} - {"probeer-kop", None}) >= 2
    assert any("/static/img/lessons/" in img.get("src", "") for img in page.find_all("img"))
    assert all(img.get("alt") is not None for img in page.find_all("img"))
    assert len(page.text().split()) > 400


def test_lessons_link_to_their_neighbours(client):
    lessons = content.all_lessons()
    for previous, current, following in zip(lessons, lessons[1:], lessons[2:], strict=False):
        page = parse(client.get(reverse("lessons:detail", args=[current.slug])).content)
        links = {a.get("href"): a.get("rel") for a in page.find_all("a")}
        assert links[reverse("lessons:detail", args=[previous.slug])] == "prev"
        assert links[reverse("lessons:detail", args=[following.slug])] == "next"


def test_an_unknown_lesson_is_a_dutch_404(client):
    response = client.get("/lessen/bestaat-niet/")
    assert response.status_code == 404
    assert "niet gevonden" in response.content.decode().lower()


def test_the_glossary_holds_every_lessons_key_terms(client):
    text = parse(client.get(reverse("lessons:glossary")).content).text()
    for lesson in content.all_lessons():
        for term in lesson.key_terms:
            assert term.term in text
            assert " ".join(term.definition.split()) in text


def test_the_glossary_is_alphabetical():
    terms = [entry.term.casefold() for entry in content.glossary()]
    assert terms == sorted(terms)


def test_the_teachers_corner_has_a_plan_goals_and_a_worksheet(client):
    html = client.get(reverse("lessons:teachers")).content.decode()
    page = parse(html)
    assert page.find_all("table"), "the 50-minute plan is a table"
    assert "50 minuten" in html
    assert reverse("lessons:worksheet") in html
    for lesson in content.all_lessons():
        for goal in lesson.goals:
            assert goal in page.text()


def test_every_page_has_a_print_stylesheet(client):
    for url in public_page_urls():
        page = parse(client.get(url).content)
        media = [
            link.get("media") for link in page.find_all("link") if link.get("rel") == "stylesheet"
        ]
        assert "print" in media, url


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_the_table_of_contents_jumps_to_every_section_and_the_demo(client, lesson):
    html = client.get(reverse("lessons:detail", args=[lesson.slug])).content.decode()
    toc = _between(html, '<nav class="lesson-toc"', "</nav>")
    targets = re.findall(r'<a href="#([^"]+)">', toc)
    # Every jump lands on an element of the page, and the list follows the page.
    ids = parse(html).ids
    assert targets and all(t in ids for t in targets), set(targets) - ids
    assert targets == sorted(targets, key=lambda t: html.index(f'id="{t}"'))
    after_text = '<section id="probeer"' if lesson.demo else '<section id="check-jezelf"'
    body = _between(html, '<div class="lesson-body">', after_text)
    sections = re.findall(r'<section[^>]*>\s*<h2 id="([^"]+)"', body)
    assert len(sections) >= 3
    demo = ["probeer"] if lesson.demo else []
    assert targets == [*sections, *demo, "check-jezelf", "bespreken", "begrippen", "bronnen"]
    assert html.index("lesson-toc") < html.index('class="lesson-body"')


@pytest.mark.parametrize("url_name", ["lessons:home", "lessons:list"])
def test_each_lesson_card_has_one_link_and_nothing_else_to_press(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    cards = re.findall(r'<li class="card lesson-card">(.*?)</li>', html, flags=re.S)
    assert len(cards) == len(content.all_lessons())
    for card, lesson in zip(cards, content.all_lessons(), strict=True):
        links = re.findall(r"<a [^>]*>", card)
        # The one link is the title's; site.css stretches it over the whole card.
        assert links == [
            f'<a class="lesson-card__link" href="{reverse("lessons:detail", args=[lesson.slug])}">'
        ]
        assert not re.search(r"<(button|input|select|textarea|details|summary)\b", card)
