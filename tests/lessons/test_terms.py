"""Key terms explained in place (lessons/terms.py): a popover, no trip to the glossary."""

import re

import pytest
from django.urls import reverse

from lessons import content
from lessons.terms import explain_terms, glossary_anchor
from tests.pages import parse

pytestmark = pytest.mark.django_db

GLOSSARY = reverse("lessons:glossary")
NEURON = content.get_lesson("neurale-netwerken")
NEURON_DEFINITION = next(t.definition for t in NEURON.key_terms if t.term == "neuron")


def _popovers(html: str) -> dict[str, str]:
    """id → inner html of each popover on a page."""
    return dict(
        re.findall(r'<span id="([^"]+)" class="term-popover" popover>(.*?)</span></span>', html)
    )


def test_a_term_link_becomes_a_button_that_opens_the_definition_without_javascript():
    html = explain_terms(
        f'<p>Veel <a class="term" href="{GLOSSARY}#begrip-neuron">neuronen</a>.</p>'
    )
    assert '<a class="term"' not in html
    # popovertarget is plain HTML: the browser opens the popover, no script involved.
    assert '<button type="button" class="term" popovertarget="uitleg-1">neuronen</button>' in html
    popover = _popovers(html)["uitleg-1"]
    assert NEURON_DEFINITION in popover
    assert 'popovertarget="uitleg-1" popovertargetaction="hide">Sluiten</button>' in popover
    assert f'href="{GLOSSARY}#begrip-neuron"' in popover


def test_a_term_used_twice_gets_two_popovers_and_an_unknown_term_stays_a_link():
    link = f'<a class="term" href="{GLOSSARY}#begrip-neuron">neuron</a>'
    unknown = f'<a class="term" href="{GLOSSARY}#begrip-bestaat-niet">iets</a>'
    html = explain_terms(f"<p>{link} en {link} en {unknown}</p>")
    assert list(_popovers(html)) == ["uitleg-1", "uitleg-2"]
    assert unknown in html


def test_on_the_board_the_explanation_has_no_link_off_the_screen():
    html = explain_terms(
        f'<a class="term" href="{GLOSSARY}#begrip-neuron">neuron</a>', link_to_glossary=False
    )
    assert NEURON_DEFINITION in html and "<a " not in html


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_every_key_term_in_a_lesson_is_explained_on_the_page_itself(client, lesson):
    html = client.get(reverse("lessons:detail", args=[lesson.slug])).content.decode()
    page = parse(html)
    assert not [a for a in page.find_all("a") if "term" in a.get("class", "").split()]
    buttons = [b for b in page.find_all("button") if b.get("class") == "term"]
    popovers = _popovers(html)
    assert buttons and len(buttons) == len(popovers)
    definitions = {glossary_anchor(e): e.definition for e in content.glossary()}
    for button in buttons:
        popover = popovers[button["popovertarget"]]
        anchor = re.search(rf'href="{GLOSSARY}#([^"]+)"', popover)[1]
        assert definitions[anchor] in popover, anchor
