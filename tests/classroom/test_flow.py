"""A whole class session through the test client: teacher, three pupils, results."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from classroom.models import Answer, ClassSession
from classroom.results import shown_choices
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    start_as_teacher,
    step,
    wrong_choice,
)
from tests.pages import parse

pytestmark = pytest.mark.django_db


def test_a_class_plays_a_whole_session(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=2)
    assert session.question_ids == [q.pk for q in questions]

    board = teacher.get(reverse("classroom:board", args=[session.code]))
    assert board.status_code == 200
    html = board.content.decode()
    assert f"{session.code[:3]} {session.code[3:]}" in html
    assert "/klassikaal/" in html
    assert session.teacher_token not in html  # the board is on the smartboard

    anna, bram, cem = (join_as_pupil(session, name) for name in ("Anna", "Bram", "Cem"))
    live = teacher.get(
        reverse("classroom:board_live", args=[session.code]),
        {"v": ClassSession.objects.get().version},
    )
    assert "3</strong> leerlingen doen mee" in live.content.decode()
    nicknames = [li.get("class", "") for li in parse(live.content).find_all("li")]
    assert len(nicknames) == 3
    # Each nickname starts its own list item (the teacher's "weg" button follows it).
    assert re.findall(r"<li>([^<\s]+)", live.content.decode()) == ["Anna", "Bram", "Cem"]

    # Question 1: two right (one sure, one guessing), one wrong but sure.
    assert step(teacher, session, "start").status_code == 302
    first, second = questions
    assert "Vraag een" in anna.get(reverse("classroom:play")).content.decode()
    assert answer(anna, first, right_choice(first).pk, "zeker").status_code == 302
    assert answer(bram, first, right_choice(first).pk, "gok").status_code == 302
    assert answer(cem, first, wrong_choice(first).pk, "zeker").status_code == 302
    counting = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert "3</strong> van de 3 leerlingen hebben geantwoord" in counting

    assert step(teacher, session, "onthullen").status_code == 302
    revealed = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert 'role="img"' in revealed
    # The chart names the choices by the letters of this session's own order.
    tally = {right_choice(first).pk: 2, wrong_choice(first).pk: 1}
    described = " ".join(
        f"{letter}: {tally.get(choice.pk, 0)} keer gekozen"
        + (", het goede antwoord." if choice.is_correct else ".")
        for letter, choice in zip("ABCD", shown_choices(session, first), strict=False)
    )
    assert described in revealed
    assert first.explanation in revealed
    assert "Goed!" in anna.get(reverse("classroom:play")).content.decode()
    assert "niet goed" in cem.get(reverse("classroom:play")).content.decode()

    # Question 2: only Cem gets it right; Bram does not answer at all.
    assert step(teacher, session, "volgende").status_code == 302
    assert answer(anna, second, wrong_choice(second).pk, "twijfel").status_code == 302
    assert answer(cem, second, right_choice(second).pk, "zeker").status_code == 302
    assert step(teacher, session, "sluiten").status_code == 302
    assert step(teacher, session, "onthullen").status_code == 302
    assert step(teacher, session, "volgende").status_code == 302  # after the last: results

    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.FINISHED
    results = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert "De gespreksstarters" in results
    # The most-missed question first: 1 of 2 right (50%) before 2 of 3 (67%).
    assert results.index("Vraag twee") < results.index("Vraag een")
    assert "1 van 2 (50%)" in results
    assert "2 van 3 (67%)" in results

    scores = {
        name: parse(pupil.get(reverse("classroom:play")).content).text()
        for name, pupil in (("Anna", anna), ("Bram", bram), ("Cem", cem))
    }
    assert "Je had 1 van de 2 vragen goed" in scores["Anna"]
    assert "Je had 1 van de 2 vragen goed" in scores["Bram"]
    assert "Je hebt 1 van de 2 vragen beantwoord" in scores["Bram"]
    assert "Je had 1 van de 2 vragen goed" in scores["Cem"]
    assert Answer.objects.count() == 5


def test_the_teacher_chooses_lessons_and_the_number_of_questions(questions):
    make_question("Nog een GAN-vraag", lesson_slug="gan")
    session = start_as_teacher(Client(), count=1, lessons=("gan",))
    assert len(session.question_ids) == 1
    assert ClassSession.objects.get().question_ids[0] != questions[0].pk


def test_a_double_click_on_next_moves_on_only_once(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=2)
    step(teacher, session, "start")
    step(teacher, session, "onthullen")
    session.refresh_from_db()
    seen = session.version
    url = reverse("classroom:step", args=[session.code])
    for _ in range(2):
        assert teacher.post(url, {"stap": "volgende", "versie": seen}).status_code == 302
    session.refresh_from_db()
    assert (session.phase, session.current_index) == (ClassSession.Phase.QUESTION, 1)


def test_a_poll_with_nothing_new_is_answered_without_content(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    pupil = join_as_pupil(session, "Sam")
    session.refresh_from_db()
    poll = pupil.get(
        reverse("classroom:play"), {"v": session.version}, headers={"HX-Request": "true"}
    )
    assert poll.status_code == 204
    assert poll.content == b""

    step(teacher, session, "start")
    poll = pupil.get(
        reverse("classroom:play"), {"v": session.version}, headers={"HX-Request": "true"}
    )
    assert poll.status_code == 200
    assert "Vraag een" in poll.content.decode()
    assert "<html" not in poll.content.decode()


def test_the_board_poll_answers_without_content_until_someone_joins_or_answers(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    url = reverse("classroom:board_live", args=[session.code])
    htmx = {"HX-Request": "true"}
    session.refresh_from_db()
    first = teacher.get(url, {"v": str(session.version), "k": "x"}, headers=htmx)
    key = re.search(r"k=([\d-]+)", first.content.decode()).group(1)
    assert teacher.get(url, {"v": session.version, "k": key}, headers=htmx).status_code == 204

    join_as_pupil(session, "Sam")
    changed = teacher.get(url, {"v": session.version, "k": key}, headers=htmx)
    assert changed.status_code == 200
    assert re.findall(r"<li>([^<\s]+)", changed.content.decode()) == ["Sam"]

    step(teacher, session, "start")
    moved_on = teacher.get(url, {"v": session.version, "k": key}, headers=htmx)
    # The whole board is fetched again and swapped in place (full screen stays on).
    location = json.loads(moved_on.headers["HX-Location"])
    assert location["path"] == reverse("classroom:board", args=[session.code])
    assert location["target"] == "body"
