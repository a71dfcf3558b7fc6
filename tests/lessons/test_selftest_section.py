"""Lesson 7 sends pupils to the test-yourself page and tells them how to read it:
a real person's flagged moments are false alarms, detectors err on real videos too
(with a source), and the privacy promise matches the settings."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from lessons import content, presentation
from tests.pages import parse

pytestmark = pytest.mark.django_db

LESSON = content.get_lesson("herkennen")
SECTION = "test-jezelf"
STUDY_URL = "https://arxiv.org/abs/2503.02857"


def lesson_html(client) -> str:
    response = client.get(reverse("lessons:detail", args=[LESSON.slug]))
    assert response.status_code == 200
    return response.content.decode()


def section_html(html: str) -> str:
    found = re.search(rf'<section aria-labelledby="{SECTION}">(.*?)</section>', html, re.DOTALL)
    assert found, "lesson 7 has no section about testing the check on yourself"
    return found[1]


def section_text(client) -> str:
    # PageParser keeps the text inside <main>; the section is a piece of the page.
    return parse(f"<main>{section_html(lesson_html(client))}</main>").text()


def test_the_section_links_to_the_test_yourself_page_with_a_clear_button(client):
    html = lesson_html(client)
    section = parse(section_html(html))
    buttons = [a for a in section.find_all("a") if a.get("class") == "button"]
    assert [a["href"] for a in buttons] == [reverse("detector:selftest")]
    assert f'href="{reverse("detector:selftest")}">Test de controle op jezelf</a>' in html
    # The table of contents at the top leads to it too.
    assert f'<a href="#{SECTION}">Test de controle op jezelf</a>' in html


def test_it_says_what_the_recording_is_and_what_happens_to_it(client):
    text = section_text(client)
    assert f"Je filmt jezelf {settings.DETECTOR_RECORDING_S} seconden" in text
    assert "op onze server gecontroleerd en meteen daarna gewist" in text
    assert f"Alleen de uitslag blijft {settings.DETECTOR_RESULT_HOURS} uur bewaard" in text
    assert "Je kunt hem ook meteen wissen" in text
    assert "Je leraar en je klas zien hem niet" in text
    assert "alleen cijfers van de hele klas" in text


def test_it_reads_every_hint_about_a_real_person_as_a_false_alarm_and_says_why(client):
    text = section_text(client)
    assert "Jij bent echt. Elk opvallend moment is bij jou dus een vals alarm" in text
    for cause in ("licht", "bril", "naar beneden of opzij kijken", "beelden per seconde"):
        assert cause in text, cause
    assert "compressie: je camera of een app maakt het bestand kleiner" in text
    # "vals alarm" opens its explanation in place, from the glossary.
    definition = next(t.definition for t in LESSON.key_terms if t.term == "vals alarm")
    assert definition in section_html(lesson_html(client))


def test_it_reports_the_2024_study_no_more_broadly_than_it_found_and_cites_it(client):
    text = section_text(client)
    assert "deepfakes en echte filmpjes die in 2024 op sociale media rondgingen" in text
    assert "zakte hun score met ongeveer de helft" in text
    assert "Betaalde detectoren deden het beter, maar nog niet zo goed als deskundigen" in text
    assert "Dat is een aanwijzing, geen bewijs. Controleer de bron." in text
    html = lesson_html(client)
    sources = html[html.index('id="bronnen"') :]
    assert f'<a href="{STUDY_URL}" rel="noopener noreferrer">' in sources
    assert "Chandra e.a., 2025" in sources


def test_on_the_board_the_section_is_three_screens_that_start_with_the_way_to_the_test(client):
    screens = presentation.screens_for(LESSON)
    numbers = [n for n, s in enumerate(screens, start=1) if s.anchor == SECTION]
    assert len(numbers) == 3
    assert numbers == list(range(numbers[0], numbers[0] + 3))
    first, how_to_read, study = (screens[n - 1] for n in numbers)
    assert reverse("detector:selftest") in first.text_html
    assert "Zo lees je de uitslag" in how_to_read.text_html
    assert "Ook andere detectoren vergissen zich" in study.text_html
    assert "geen bewijs" in study.text_html
    response = client.get(reverse("lessons:present", args=[LESSON.slug, numbers[0]]))
    assert response.status_code == 200
    assert f'href="{reverse("detector:selftest")}"' in response.content.decode()
