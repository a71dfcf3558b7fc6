"""The pupil's quiz through the test client: with and without htmx, reloads,
the back button, double posts and bad input."""

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from lessons import content
from quiz.models import Choice, Question
from quiz.rules import SESSION_KEY, QuizState
from tests.pages import parse
from tests.quiz.factories import make_question
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def questions():
    """Two questions per lesson, made here; the seeded ones are switched off."""
    Question.objects.update(is_active=False)
    made = []
    for lesson in content.all_lessons():
        for n in (1, 2):
            made.append(
                make_question(
                    lesson.slug,
                    lesson_anchor=f"stuk-{n}",
                    text=f"Vraag {n} over {lesson.title}?",
                    choices=((f"Goed {lesson.slug} {n}", True), (f"Fout {lesson.slug} {n}", False)),
                    explanation=f"Uitleg {n} bij {lesson.slug}.",
                )
            )
    return made


def quiz_state(client) -> QuizState:
    return QuizState.from_session(client.session.get(SESSION_KEY))


def question_url(number: int) -> str:
    return reverse("quiz:question", args=[number])


def start_whole_quiz(client):
    return client.post(reverse("quiz:start"))


def question_at(client, number: int) -> Question:
    return Question.objects.get(id=quiz_state(client).question_ids[number - 1])


def choice_for(question: Question, *, right: bool) -> Choice:
    return question.choices.filter(is_correct=right).first()


def answer(client, number, *, right=True, confidence="zeker", choice=None, **extra):
    question = question_at(client, number)
    choice_id = choice if choice is not None else choice_for(question, right=right).id
    data = {"question": question.id, "choice": choice_id, "confidence": confidence}
    return client.post(question_url(number), data, **extra)


def confidence_buttons(response) -> list[tuple[str, str]]:
    """The form's buttons that send the answer, as (value, label): one per confidence."""
    html = response.content.decode()
    return [
        (value, unescape(label).strip())
        for value, label in re.findall(
            r'<button type="submit" name="confidence" value="([^"]*)">([^<]*)</button>', html
        )
    ]


def text_of(response) -> str:
    """The words a reader sees: of <main> on a page, of everything in a fragment."""
    html = response.content.decode()
    if "<main" in html:
        return parse(html).text()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- starting ---------------------------------------------------------------


def test_the_start_page_offers_the_whole_quiz_and_a_quiz_per_lesson(client, questions):
    response = client.get(reverse("quiz:start"))
    assert response.status_code == 200
    page = parse(response.content)
    assert [f.get("action") for f in page.find_all("form")] == [reverse("quiz:start")]
    links = {a.get("href") for a in page.find_all("a")}
    for lesson in content.all_lessons():
        assert reverse("quiz:lesson", args=[lesson.slug]) in links
    assert len(page.find_all("h1")) == 1


def test_starting_the_whole_quiz_draws_twelve_questions_from_every_lesson(client, questions):
    response = start_whole_quiz(client)
    assert response.status_code == 303
    assert response["Location"] == question_url(1)
    state = quiz_state(client)
    assert len(state.question_ids) == 12
    drawn = Question.objects.filter(id__in=state.question_ids)
    assert {q.lesson_slug for q in drawn} == {le.slug for le in content.all_lessons()}
    assert state.answers == []


def test_every_lesson_page_links_to_its_own_quiz(client):
    for lesson in content.all_lessons():
        page = parse(client.get(reverse("lessons:detail", args=[lesson.slug])).content)
        links = {a.get("href"): a for a in page.find_all("a")}
        assert reverse("quiz:lesson", args=[lesson.slug]) in links


def test_a_lesson_quiz_asks_only_about_that_lesson(client, questions):
    url = reverse("quiz:lesson", args=["gevaren"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Quiz over les 6: De gevaren" in text_of(page)

    assert client.post(url)["Location"] == question_url(1)
    state = quiz_state(client)
    assert state.lesson_slug == "gevaren"
    assert {q.lesson_slug for q in Question.objects.filter(id__in=state.question_ids)} == {
        "gevaren"
    }


def test_an_unknown_lesson_has_no_quiz(client, questions):
    response = client.get(reverse("quiz:lesson", args=["bestaat-niet"]))
    assert response.status_code == 404
    assert "Deze les bestaat niet" in text_of(response)


def test_a_lesson_without_questions_says_so(client, questions):
    Question.objects.filter(lesson_slug="gan").delete()
    url = reverse("quiz:lesson", args=["gan"])
    assert client.get(url).status_code == 404
    response = client.post(url)
    assert response.status_code == 409
    assert "nog geen vragen" in text_of(response)
    assert quiz_state(client) is None


# --- the whole flow ---------------------------------------------------------


def test_a_pupil_does_the_whole_quiz_with_plain_forms(client, questions):
    start_whole_quiz(client)
    for number in range(1, 13):
        page = client.get(question_url(number))
        assert page.status_code == 200
        parsed = parse(page.content)
        assert "Hoe zeker ben je? Kies en verstuur:" in "".join(parsed.main_text)
        radios = [i for i in parsed.find_all("input") if i.get("type") == "radio"]
        assert {r.get("name") for r in radios} == {"choice"}
        assert confidence_buttons(page) == [
            ("zeker", "Zeker"),
            ("twijfel", "Twijfel"),
            ("gok", "Gok"),
        ]

        right = number % 3 != 0  # every third answer wrong
        response = answer(client, number, right=right, confidence="zeker")
        assert response.status_code == 303
        assert response["Location"] == question_url(number)

        feedback = client.get(question_url(number))
        question = question_at(client, number)
        assert ("Goed!" if right else "Helaas, dat klopt niet") in text_of(feedback)
        assert question.explanation in text_of(feedback)
        section = reverse("lessons:detail", args=[question.lesson_slug])
        section += f"#{question.lesson_anchor}"
        assert section in {a.get("href") for a in parse(feedback.content).find_all("a")}
        assert not parse(feedback.content).find_all("form")

    result = client.get(reverse("quiz:result"))
    assert result.status_code == 200
    text = text_of(result)
    assert "Je had 8 van de 12 vragen goed" in text
    # Four wrong while "zeker": the pupil hears that was overconfident.
    assert "bij 4 van je 12 antwoorden met ‘zeker’ zat je ernaast" in text
    for lesson in content.all_lessons():
        assert lesson.title in text


def test_the_result_advises_the_sections_of_wrong_answers(client, questions):
    start_whole_quiz(client)
    wrong = question_at(client, 1)
    for number in range(1, 13):
        answer(client, number, right=number != 1, confidence="gok")
    page = parse(client.get(reverse("quiz:result")).content)
    links = {a.get("href") for a in page.find_all("a")}
    anchor = reverse("lessons:detail", args=[wrong.lesson_slug]) + f"#{wrong.lesson_anchor}"
    assert anchor in links
    # Right answers were given as guesses: the pupil knew more than they thought.
    assert "Je weet meer dan je denkt" in page.text()


def test_a_pupil_does_the_quiz_in_place_with_htmx(client, questions):
    start_whole_quiz(client)
    first = client.get(question_url(1), **HTMX)
    assert first.status_code == 200
    assert b"<html" not in first.content
    assert b'id="quiz-area"' in first.content
    assert "HX-Request" in first["Vary"]

    response = answer(client, 1, right=True, **HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "Goed!" in text_of(response)
    next_link = [a for a in parse(response.content).find_all("a") if a.get("hx-get")]
    assert next_link[0]["hx-get"] == question_url(2)
    assert next_link[0]["href"] == question_url(2)
    assert next_link[0]["hx-push-url"] == "true"

    second = client.get(question_url(2), **HTMX)
    # A <title> at the root of the fragment: htmx sets it as the page title.
    assert second.content.decode().lstrip().startswith("<title>Vraag 2 van 12")
    form = parse(second.content).find_all("form")[0]
    assert form["hx-post"] == form["action"] == question_url(2)
    assert len(quiz_state(client).answers) == 1


def test_a_history_restore_gets_the_whole_page(client, questions):
    start_whole_quiz(client)
    response = client.get(question_url(1), **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert b"<html" in response.content


def test_starting_again_makes_a_new_draw(client, questions):
    client.post(reverse("quiz:lesson", args=["herkennen"]))
    for number in (1, 2):
        answer(client, number)
    result = parse(client.get(reverse("quiz:result")).content)
    again = [f for f in result.find_all("form")]
    assert again[0]["action"] == reverse("quiz:lesson", args=["herkennen"])

    assert client.post(again[0]["action"]).status_code == 303
    assert quiz_state(client).answers == []
    assert client.get(reverse("quiz:result"))["Location"] == question_url(1)


# --- reloads and the back button --------------------------------------------


def test_reloading_an_answered_question_shows_the_same_feedback(client, questions):
    start_whole_quiz(client)
    answer(client, 1, right=False)
    first = client.get(question_url(1))
    again = client.get(question_url(1))
    assert text_of(first) == text_of(again)
    assert "Helaas, dat klopt niet" in text_of(again)
    assert len(quiz_state(client).answers) == 1


def test_a_repeated_post_of_the_same_answer_counts_once(client, questions):
    start_whole_quiz(client)
    assert answer(client, 1, right=True).status_code == 303
    assert answer(client, 1, right=True).status_code == 303
    assert len(quiz_state(client).answers) == 1
    assert quiz_state(client).current_position == 2
    # Nothing about the pupil: the draw, the answers, the seed of the choice
    # order and (for "Oefen je fouten") the seed of the quiz it practises.
    assert set(client.session[SESSION_KEY]) == {"lesson", "ids", "answers", "seed", "from"}


def test_a_second_different_answer_keeps_the_first(client, questions):
    start_whole_quiz(client)
    answer(client, 1, right=False, confidence="gok")
    response = answer(client, 1, right=True, confidence="zeker", **HTMX)
    assert response.status_code == 200
    assert "Helaas, dat klopt niet" in text_of(response)
    [kept] = quiz_state(client).answers
    assert (kept.correct, kept.confidence) == (False, "gok")


def test_the_back_button_shows_an_answered_question_with_its_feedback(client, questions):
    start_whole_quiz(client)
    answer(client, 1)
    answer(client, 2)
    back = client.get(question_url(1))
    assert back.status_code == 200
    assert "Goed!" in text_of(back)
    assert not parse(back.content).find_all("form")


def test_skipping_ahead_leads_back_to_the_current_question(client, questions):
    start_whole_quiz(client)
    answer(client, 1)
    response = client.get(question_url(7))
    assert response.status_code == 302
    assert response["Location"] == question_url(2)
    assert client.get(question_url(99))["Location"] == question_url(2)


def test_the_result_waits_for_the_last_answer(client, questions):
    start_whole_quiz(client)
    answer(client, 1)
    response = client.get(reverse("quiz:result"))
    assert response.status_code == 302
    assert response["Location"] == question_url(2)


def test_a_question_deleted_mid_quiz_drops_out(client, questions):
    start_whole_quiz(client)
    answer(client, 1)
    question_at(client, 2).delete()
    assert client.get(question_url(2)).status_code == 200
    assert len(quiz_state(client).question_ids) == 11


# --- bad input --------------------------------------------------------------


# --- one tap to choose, one tap on how sure to send --------------------------


def form_buttons(response) -> list[str]:
    """The opening tags of the answer form's buttons, in the page's order."""
    form = re.search(r'<form class="quiz-form".*?</form>', response.content.decode(), re.S)
    assert form, "no answer form"
    return re.findall(r"<button[^>]*>", form.group(0))


def test_each_confidence_button_sends_the_answer_with_its_own_confidence(client, questions):
    start_whole_quiz(client)
    for number, confidence in enumerate(("zeker", "twijfel", "gok"), start=1):
        assert answer(client, number, confidence=confidence).status_code == 303
    assert [a.confidence for a in quiz_state(client).answers] == ["zeker", "twijfel", "gok"]


def test_the_enter_key_on_an_answer_sends_no_confidence_unasked(client, questions):
    """Enter in a form clicks its first submit button: that must not be 'Zeker'."""
    start_whole_quiz(client)
    first, *sending = form_buttons(client.get(question_url(1)))
    assert "hidden" in first and "name=" not in first
    assert [re.search(r'value="(\w+)"', b).group(1) for b in sending] == ["zeker", "twijfel", "gok"]
    assert all('type="submit" name="confidence"' in b for b in sending)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_an_answer_without_confidence_asks_for_it_and_keeps_the_choice(client, questions, headers):
    start_whole_quiz(client)
    question = question_at(client, 1)
    chosen = choice_for(question, right=False)
    data = {"question": question.id, "choice": chosen.id}  # what the Enter key sends

    response = client.post(question_url(1), data, **headers)

    assert response.status_code == 400
    assert "Kies hoe zeker je bent: zeker, twijfel of gok." in text_of(response)
    assert re.search(rf'<input type="radio" name="choice" id="keuze-{chosen.id}"[^>]* checked>',
                     response.content.decode())  # fmt: skip
    assert confidence_buttons(response) == [
        ("zeker", "Zeker"),
        ("twijfel", "Twijfel"),
        ("gok", "Gok"),
    ]
    assert quiz_state(client).answers == []
    # One more tap, on how sure, sends it.
    client.post(question_url(1), {**data, "confidence": "gok"}, **headers)
    assert [(a.choice_id, a.confidence) for a in quiz_state(client).answers] == [(chosen.id, "gok")]


def other_question_choice(client) -> int:
    drawn = quiz_state(client).question_ids
    return Choice.objects.exclude(question_id=drawn[0]).first().id


BAD_ANSWERS: dict[str, tuple[Callable[[Client], dict[str, object]], str]] = {
    "no_choice": (lambda client: {"choice": ""}, "Kies een antwoord."),
    "choice_of_another_question": (
        lambda client: {"choice": other_question_choice(client)},
        "Dit antwoord hoort niet bij deze vraag",
    ),
    "made_up_choice": (lambda client: {"choice": 987654}, "Dit antwoord hoort niet bij deze vraag"),
    "non_numeric_choice": (lambda client: {"choice": "abc"}, "Dit antwoord hoort niet bij deze"),
    "tampered_confidence": (
        lambda client: {"confidence": "heel zeker"},
        "Kies hoe zeker je bent",
    ),
    "no_confidence": (lambda client: {"confidence": ""}, "Kies hoe zeker je bent"),
}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("case", BAD_ANSWERS, ids=list(BAD_ANSWERS))
def test_it_refuses_bad_answers_in_dutch_and_the_quiz_goes_on(client, questions, case, headers):
    start_whole_quiz(client)
    question = question_at(client, 1)
    make_change, message = BAD_ANSWERS[case]
    data: dict[str, object] = {
        "question": question.id,
        "choice": choice_for(question, right=True).id,
        "confidence": "zeker",
    }
    data.update(make_change(client))

    response = client.post(question_url(1), data, **headers)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert parse(response.content).find_all("form"), "the question is asked again"
    assert quiz_state(client).answers == []

    assert answer(client, 1).status_code == 303
    assert len(quiz_state(client).answers) == 1


def test_it_refuses_a_question_outside_the_draw(client, questions):
    start_whole_quiz(client)
    response = client.post(question_url(13), {"choice": 1, "confidence": "zeker"})
    assert response.status_code == 409
    assert "Die vraag hoort niet bij je quiz" in text_of(response)
    assert answer(client, 1).status_code == 303


def test_it_refuses_a_stale_page_from_an_earlier_quiz(client, questions):
    client.post(reverse("quiz:lesson", args=["gan"]))
    old = question_at(client, 1)
    client.post(reverse("quiz:lesson", args=["gevaren"]))
    data = {"question": old.id, "choice": choice_for(old, right=True).id, "confidence": "gok"}
    response = client.post(question_url(1), data, **HTMX)
    assert response.status_code == 409
    assert "eerdere quiz" in response.content.decode()
    assert quiz_state(client).answers == []
    assert answer(client, 1).status_code == 303


def test_it_refuses_an_answer_to_a_later_question(client, questions):
    start_whole_quiz(client)
    response = answer(client, 3)
    assert response.status_code == 409
    assert "Beantwoord eerst vraag 1" in text_of(response)
    assert quiz_state(client).answers == []


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_explains_when_there_is_no_quiz(client, questions, headers):
    response = client.post(question_url(1), {"choice": 1, "confidence": "zeker"}, **headers)
    assert response.status_code == 409
    assert "Je hebt nu geen quiz lopen" in response.content.decode()
    assert reverse("quiz:start") in response.content.decode()

    assert client.get(question_url(1)).status_code == 404
    assert client.get(reverse("quiz:result")).status_code == 404


def test_a_broken_session_counts_as_no_quiz(client, questions):
    session = client.session
    session[SESSION_KEY] = {"ids": "kapot"}
    session.save()
    assert client.get(question_url(1)).status_code == 404


def test_it_answers_only_get_and_post(client, questions):
    assert client.put(reverse("quiz:start")).status_code == 405
    assert client.post(reverse("quiz:result")).status_code == 405


# --- the pages themselves ---------------------------------------------------


def test_the_quiz_pages_are_dutch_spelled_correctly_with_one_h1(client):
    """Through the seeded questions: start, question, feedback, errors, result."""
    pages = [client.get(reverse("quiz:start")), client.get(reverse("quiz:lesson", args=["gan"]))]
    pages.append(client.post(question_url(1), {}))  # no quiz yet
    start_whole_quiz(client)
    pages.append(client.get(question_url(1)))
    pages.append(client.post(question_url(1), {"question": question_at(client, 1).id}))
    for number in range(1, len(quiz_state(client).question_ids) + 1):
        answer(client, number, right=number % 2 == 0, confidence="zeker")
        pages.append(client.get(question_url(number)))
    pages.append(client.get(reverse("quiz:start")))
    pages.append(client.get(reverse("quiz:result")))

    texts = []
    for page in pages:
        parsed = parse(page.content)
        assert len(parsed.find_all("h1")) == 1, page.wsgi_request.path
        texts.append(parsed.text())
    assert misspelled("\n".join(texts)) == []
    headings = [t for t, _ in parse(pages[-1].content).tags if t in ("h1", "h2", "h3")]
    assert headings[0] == "h1" and "h3" not in headings
