"""The lesson sections other parts link to (lessons/sections.py)."""

from django.template.loader import render_to_string

from lessons import content
from lessons.sections import lesson_of_section, section_label, sections_of


def test_it_names_every_contract_section_and_falls_back_for_new_ones():
    assert section_label("gevaren", "wat-doe-je") == "Wat doe je als het gebeurt?"
    assert section_label("gevaren", "nieuw-stuk") == "Nieuw stuk"


def test_it_lists_the_sections_of_a_lesson_and_finds_a_section_s_lesson():
    assert list(sections_of("gan")) == [
        "maker-en-checker",
        "ronde-na-ronde",
        "wanneer-klaar",
        "mensen-als-checker",
        "andere-technieken",
    ]
    assert sections_of("bestaat-niet") == {}
    assert lesson_of_section("knipperen") == "herkennen"
    assert lesson_of_section("bestaat-niet") is None


def test_every_named_section_is_a_heading_on_its_lesson_page():
    for lesson in content.all_lessons():
        body = render_to_string(lesson.body_template)
        for anchor in sections_of(lesson.slug):
            assert f'<h2 id="{anchor}">' in body, f"{lesson.slug}#{anchor}"
