"""Presentation mode: a lesson cut into screens for the smartboard."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from lessons import content, presentation
from tests.pages import parse

pytestmark = pytest.mark.django_db

LESSONS = content.all_lessons()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _body_section_ids(lesson) -> list[str]:
    body = render_to_string(lesson.body_template)
    return re.findall(r'<h2 id="([^"]+)"', body)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_every_section_of_the_lesson_is_on_a_screen_in_order(lesson):
    screens = presentation.screens_for(lesson)
    assert screens[0].kind == "title"
    assert [s.kind for s in screens[-2:]] == ["discussion", "end"]
    anchors = list(dict.fromkeys(s.anchor for s in screens if s.kind == "section"))
    assert anchors == _body_section_ids(lesson)
    # The first screen of a section carries the lesson's own heading with its id.
    for anchor in anchors:
        first = next(s for s in screens if s.anchor == anchor)
        assert f'<h2 id="{anchor}">' in first.text_html


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_no_text_of_the_lesson_body_is_lost_or_shown_twice(lesson):
    body = render_to_string(lesson.body_template)
    screens = [s for s in presentation.screens_for(lesson) if s.kind == "section"]
    shown = " ".join(
        _text(re.sub(r'<h2 class="slide__continued">.*?</h2>', "", s.text_html + s.figure_html))
        for s in screens
    )
    sections = re.findall(r"<section[^>]*>(.*?)</section>", body, flags=re.S)
    # Figures move beside the text, so compare the words, not their order.
    assert sorted(shown.split()) == sorted(_text(" ".join(sections)).split())


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_a_screen_shows_at_most_one_figure(lesson):
    # Whether the text fits the board is measured in the browser (tests/browser).
    for screen in presentation.screens_for(lesson):
        assert screen.figure_html.count("<figure") <= 1


def test_a_long_section_is_cut_between_blocks_and_a_subheading_stays_with_its_block():
    words = "woord " * 75  # about 450 characters: two such paragraphs fill a screen
    body = (
        '<section><h2 id="lang">Een lange sectie</h2>'
        f"<p>{words}</p><p>{words}</p><h3>Tussenkop</h3><p>Kort stukje.</p></section>"
        '<section><h2 id="kort">Kort</h2><p>Een zin, zie <a href="#probeer">hieronder</a>.</p>'
        "</section>"
    )
    screens = presentation.section_screens(body, "/lessen/x/")
    assert [s.anchor for s in screens] == ["lang", "lang", "kort"]
    assert '<h2 id="lang">' in screens[0].text_html
    assert "(vervolg)" in screens[1].text_html and 'id="lang"' not in screens[1].text_html
    assert "<h3>Tussenkop</h3>\n<p>Kort stukje.</p>" in screens[1].text_html
    # A link to a place in the lesson points into the lesson page.
    assert 'href="/lessen/x/#probeer"' in screens[2].text_html


def test_a_figure_goes_beside_the_text_and_a_second_figure_gets_its_own_screen():
    figure = '<figure><img src="a.svg" alt="Een tekening"><figcaption>Uitleg</figcaption></figure>'
    body = f'<section><h2 id="s">Plaatjes</h2><p>Tekst.</p>{figure}<p>Meer.</p>{figure}</section>'
    screens = presentation.section_screens(body, "/lessen/x/")
    assert len(screens) == 2
    assert all(s.figure_html.count("<figure>") == 1 for s in screens)
    assert "<figure" not in screens[0].text_html


def test_it_sends_the_first_address_to_the_first_screen(client):
    response = client.get(reverse("lessons:present_start", args=["gan"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("lessons:present", args=["gan", 1])


@pytest.mark.parametrize(
    "url",
    [
        "/lessen/gan/presenteren/0/",
        "/lessen/gan/presenteren/99/",
        "/lessen/bestaat-niet/presenteren/1/",
        "/lessen/bestaat-niet/presenteren/",
    ],
)
def test_it_answers_404_for_a_screen_that_does_not_exist(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_every_screen_links_to_its_neighbours_without_javascript(client, lesson):
    count = len(presentation.screens_for(lesson))
    for number in range(1, count + 1):
        response = client.get(reverse("lessons:present", args=[lesson.slug, number]))
        assert response.status_code == 200
        html = response.content.decode()
        page = parse(html)
        assert len(page.find_all("h1")) == 1
        links = {(a.get("rel"), a.get("href")) for a in page.find_all("a")}
        if number > 1:
            assert ("prev", reverse("lessons:present", args=[lesson.slug, number - 1])) in links
        if number < count:
            assert ("next", reverse("lessons:present", args=[lesson.slug, number + 1])) in links
        else:
            assert not any(rel == "next" for rel, _ in links)
        assert f"Scherm {number} van {count}" in html


def test_the_board_shows_no_site_navigation_and_sets_no_cookie(client):
    response = client.get(reverse("lessons:present", args=["gan", 2]))
    page = parse(response.content)
    assert not [n for n in page.find_all("nav") if n.get("aria-label") == "Hoofdmenu"]
    assert response.cookies == {}
    # The scripts are files (the CSP forbids inline scripts).
    assert all(s.get("src") for s in page.find_all("script"))


def test_the_title_screen_shows_the_goals_and_the_one_before_last_the_discussion(client):
    lesson = content.get_lesson("gevaren")
    count = len(presentation.screens_for(lesson))
    first = client.get(reverse("lessons:present", args=[lesson.slug, 1])).content.decode()
    assert lesson.title in first and lesson.goals[0] in first and lesson.content_note in first
    discussion = client.get(reverse("lessons:present", args=[lesson.slug, count - 1]))
    assert all(q in discussion.content.decode() for q in lesson.discussion)


def test_the_teachers_corner_links_to_every_presentation(client):
    html = client.get(reverse("lessons:teachers")).content.decode()
    for lesson in LESSONS:
        assert reverse("lessons:present_start", args=[lesson.slug]) in html


def test_a_list_too_long_for_one_screen_is_cut_between_items_and_keeps_counting():
    item = "stap " * 60  # about 300 characters: five lines each
    items = "".join(f"<li>{i} {item}</li>" for i in range(1, 7))
    body = f'<section><h2 id="stappen">Stappen</h2><ol class="steps">{items}</ol></section>'
    screens = presentation.section_screens(body, "/lessen/x/")
    assert len(screens) >= 2
    assert sum(s.text_html.count("<li>") for s in screens) == 6
    first_count = screens[0].text_html.count("<li>")
    assert f'<ol class="steps" start="{first_count + 1}">' in screens[1].text_html


DEMO_BOXES = {"steegje": "demo-steegje", "neuron": "demo-neuron", "gan": "demo-gan"}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_a_lesson_with_a_demo_shows_it_on_a_screen_of_its_own_after_the_text(client, lesson):
    screens = presentation.screens_for(lesson)
    demos = [number for number, s in enumerate(screens, start=1) if s.kind == "demo"]
    if not lesson.demo:
        assert demos == []
        return
    assert len(demos) == 1 and screens[demos[0] - 2].kind == "section"
    html = client.get(reverse("lessons:present", args=[lesson.slug, demos[0]])).content.decode()
    assert f'id="{DEMO_BOXES[lesson.demo]}"' in html
    assert "css/demos.css" in html and "js/demos.js" in html
    # The text leads to the demo's screen and no longer points down the lesson page.
    demo_url = reverse("lessons:present", args=[lesson.slug, demos[0]])
    mentions = [s for s in screens if f'href="{demo_url}"' in s.text_html]
    assert mentions, "no screen leads to the demo"
    assert not any("#probeer" in s.text_html for s in screens)
    assert not any(re.search(r"hieronder", _text(s.text_html), flags=re.I) for s in mentions)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_the_last_screen_starts_klassikaal_with_this_lesson(client, lesson):
    count = len(presentation.screens_for(lesson))
    response = client.get(reverse("lessons:present", args=[lesson.slug, count]))
    page = parse(response.content)
    start = next(a for a in page.find_all("a") if "slide__start" in a.get("class", ""))
    assert start["href"] == f"{reverse('classroom:new')}?les={lesson.slug}"
    assert "Start Klassikaal met deze les" in response.content.decode()


def test_a_term_on_the_board_opens_its_explanation_and_leads_nowhere_else(client):
    lesson = content.get_lesson("neurale-netwerken")
    html = client.get(reverse("lessons:present", args=[lesson.slug, 2])).content.decode()
    assert 'class="term" popovertarget="uitleg-1"' in html
    assert f'href="{reverse("lessons:glossary")}' not in html
