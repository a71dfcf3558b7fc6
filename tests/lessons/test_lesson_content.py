"""The lesson texts keep their promises: sourced facts, one word per thing,
key terms that lead to the glossary, no idioms a 14-year-old may not know."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from lessons import content
from tests.pages import parse

pytestmark = pytest.mark.django_db

LESSON_URLS = [reverse("lessons:detail", args=[le.slug]) for le in content.all_lessons()]
TEXT_PAGES = [*LESSON_URLS, reverse("lessons:teachers"), reverse("lessons:worksheet")]
YEAR = re.compile(r"\b(19|20)\d\d\b")


def page_text(client, url: str) -> str:
    return parse(client.get(url).content).text()


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_every_source_has_a_link_or_a_full_reference(lesson):
    for source in lesson.sources:
        assert source.title.strip(), source
        assert YEAR.search(source.publisher), f"{source.title}: no year"
        if not source.url:
            # Without a link: author, then publisher or journal, then year.
            author, _, rest = source.publisher.partition(",")
            assert author.strip() and YEAR.search(rest), f"{source.title}: no full reference"
        else:
            assert source.url.startswith("https://"), source.url


def test_key_terms_in_the_lessons_link_to_an_existing_glossary_entry(client):
    glossary_url = reverse("lessons:glossary")
    glossary_ids = parse(client.get(glossary_url).content).ids
    linked = set()
    for url in LESSON_URLS:
        for a in parse(client.get(url).content).find_all("a"):
            href = a.get("href", "")
            if href.startswith(glossary_url + "#"):
                anchor = href.split("#", 1)[1]
                assert anchor in glossary_ids, f"{url} links to a missing entry {anchor}"
                linked.add(anchor)
    # Most key terms are reachable from the text where they are explained.
    assert len(linked) >= 0.8 * len(content.glossary())


def test_the_glossary_has_an_a_to_z_jump_list(client):
    page = parse(client.get(reverse("lessons:glossary")).content)
    hrefs = {a.get("href") for a in page.find_all("a")}
    for entry in content.glossary():
        letter = entry.term[0].lower()
        assert f"#letter-{letter}" in hrefs
        assert f"letter-{letter}" in page.ids


@pytest.mark.parametrize("url", TEXT_PAGES)
def test_no_idioms_a_14_year_old_may_not_know(client, url):
    text = page_text(client, url).lower()
    for idiom in ("addertje", "kat-en-muis", "ophef", "doelwit", "ontmasker"):
        assert idiom not in text, idiom


@pytest.mark.parametrize("url", TEXT_PAGES)
def test_one_name_per_thing(client, url):
    text = page_text(client, url)
    # the blink range of Doughty (2001), the same everywhere
    assert "10 tot 30" not in text and "10 en 30" not in text
    # wazig, not vaag; schermafbeelding, not screenshot; knipper, not knippering
    assert not re.search(r"\bva(a)?g(e|er)?\b", text, re.IGNORECASE)
    assert "screenshot" not in text.lower().replace("ook wel screenshot genoemd", "")
    assert "knippering" not in text.lower()
    # one style of quotes and apostrophes: ‘…’ and ’, never straight ones
    assert '"' not in text
    assert "'" not in text


def test_the_thread_de_camera_liegt_niet_runs_from_lesson_1_to_7(client):
    first, last = LESSON_URLS[0], LESSON_URLS[-1]
    assert "De camera liegt niet" in page_text(client, first)
    assert "camera liegt niet" in page_text(client, last).lower()
    assert "gewaarschuwd mens telt voor twee" in page_text(client, last)


def test_every_blink_range_on_the_site_is_10_to_32(client):
    for url in TEXT_PAGES:
        for found in re.findall(r"tussen (?:de )?(\d+) en (\d+) keer", page_text(client, url)):
            assert found == ("10", "32"), url


def test_every_lesson_plan_runs_without_gaps_to_its_stated_length(client):
    html = client.get(reverse("lessons:teachers")).content.decode()
    captions = re.findall(r"<caption[^>]*>(.*?)</caption>", html)
    tables = re.findall(r'<table class="lesson-plan">(.*?)</table>', html, re.DOTALL)
    assert len(tables) == len(captions) >= 3
    lengths = []
    for caption, table in zip(captions, tables, strict=True):
        spans = re.findall(r'data-label="Minuten">(\d+)–(\d+)<', table)
        starts = [int(a) for a, _ in spans]
        ends = [int(b) for _, b in spans]
        assert starts[0] == 0 and starts[1:] == ends[:-1], caption
        assert f"{ends[-1]} minuten" in caption
        lengths.append(ends[-1])
    assert 50 in lengths and 25 in lengths


def test_lesson_6_is_not_sent_home_as_reading(client):
    text = page_text(client, reverse("lessons:teachers"))
    assert "Stuur les 6 niet als huiswerk mee" in text
    assert "huiswerk lezen" not in text


def test_the_worksheet_checklist_puts_the_source_first_and_says_a_blink_or_label_proves_nothing(
    client,
):
    text = page_text(client, reverse("lessons:worksheet"))
    checklist = text[text.index("Checklist: echt of nep?") :]
    assert checklist.index("Controleer de bron") < checklist.index("Kijk")
    assert "knippert iemand gewoon? Dan weet je nog niets" in checklist
    assert "Ook een label bewijst niets" in checklist


def test_the_teachers_corner_has_an_answer_key_for_every_worksheet_question(client):
    worksheet = client.get(reverse("lessons:worksheet")).content.decode()
    questions = worksheet.count('class="ws-question"')
    html = client.get(reverse("lessons:teachers")).content.decode()
    start = html.index('class="answer-key"')
    key = html[start : html.index("</dl>", start)]
    # one answer per question, plus the checklist
    assert key.count("<dt>") == questions + 1


def test_each_curriculum_goal_has_one_wording_everywhere():
    wordings: dict[str, set[str]] = {}
    for lesson in content.all_lessons():
        for goal in lesson.curriculum:
            number = goal.split(",", 1)[0]
            assert re.fullmatch(r"Kerndoel \d", number), goal
            wordings.setdefault(number, set()).add(goal)
    assert all(len(w) == 1 for w in wordings.values()), wordings


# A pupil of 12 to 18 reads Dutch at B1 at about 130 words a minute.
WORDS_PER_MINUTE = 130


def _words_in_the_lesson_text(lesson) -> int:
    html = render_to_string(lesson.body_template)
    return len(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_the_stated_minutes_are_enough_to_read_the_lesson_text(lesson):
    # Demos and exercises take time on top of this; the text alone must fit.
    words = _words_in_the_lesson_text(lesson)
    assert lesson.minutes * WORDS_PER_MINUTE >= words, (
        f"{lesson.slug}: {words} words take {words / WORDS_PER_MINUTE:.1f} minutes, "
        f"the lesson says {lesson.minutes}"
    )


@pytest.mark.parametrize("url", TEXT_PAGES)
def test_the_law_is_not_stated_more_broadly_than_it_is(client, url):
    text = page_text(client, url).lower()
    # Art. 252 Sr has exceptions between consenting peers (HR 9 February 2016).
    assert "altijd strafbaar" not in text
    # The AI Act's label duty binds those who use AI in their work, not private use.
    assert "wie een deepfake openbaar maakt" not in text


def test_the_goals_count_what_the_text_shows(client):
    first = page_text(client, LESSON_URLS[0])
    assert "vijf dingen noemen" in first and "Vijf voorbeelden" in first
    last = page_text(client, LESSON_URLS[-1])
    assert "zeven plekken in een filmpje noemen" in last and "Zeven plekken" in last


DUTCH_NUMBERS = [
    *["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"],
    *["elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien"],
    *["negentien", "twintig", "eenentwintig", "tweeëntwintig", "drieëntwintig"],
]


def test_the_home_page_and_the_teachers_corner_state_the_real_range_of_lesson_lengths(client):
    minutes = [lesson.minutes for lesson in content.all_lessons()]
    shortest, longest = DUTCH_NUMBERS[min(minutes)], DUTCH_NUMBERS[max(minutes)]
    stated = f"zeven lessen van {shortest} tot {longest} minuten"
    for url in (reverse("lessons:home"), reverse("lessons:teachers")):
        assert stated in page_text(client, url).lower(), url
