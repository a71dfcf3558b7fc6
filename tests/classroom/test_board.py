"""The board beyond the plain quiz: the timer per question, the nulmeting and
eindmeting with the class's learning gain, the join QR code, the confirmation
before ending the quiz, and a shape with every answer."""

import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import cv2
import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom import results
from classroom.models import Answer, ClassSession
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    step,
    wrong_choice,
)
from tests.pages import parse


def board(teacher: Client, session: ClassSession) -> str:
    return teacher.get(reverse("classroom:board", args=[session.code])).content.decode()


def start(teacher: Client, count: int = 2, **form) -> ClassSession:
    response = teacher.post(reverse("classroom:new"), {"aantal": count, **form})
    assert response.status_code == 302, response.content.decode()
    return ClassSession.objects.latest("created")


@contextmanager
def clock_at(moment):
    """Django's clock (timezone.now) stands still at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


# --- the timer ------------------------------------------------------------------


def test_a_question_closes_by_itself_when_its_time_is_up(questions):
    teacher = Client()
    session = start(teacher, tijd="20")
    pupil, late = join_as_pupil(session, "Uil"), join_as_pupil(session, "Vos")
    opened = timezone.now()
    with clock_at(opened):
        step(teacher, session, "start")
    session.refresh_from_db()
    assert session.timer_seconds == 20
    assert session.deadline == opened + timedelta(seconds=20)
    first = questions[0]

    with clock_at(opened + timedelta(seconds=19)):
        assert answer(pupil, first, right_choice(first).pk).status_code == 302
        page = pupil.get(reverse("classroom:play")).content.decode()
        assert 'data-seconds-left="1"' in page
        assert "Nog <span data-countdown>1</span> seconden" in page  # the text without JavaScript

    with clock_at(opened + timedelta(seconds=20)):
        refused = answer(late, first, right_choice(first).pk)
        assert refused.status_code == 409
        assert "Te laat" in refused.content.decode()
        # No one pressed anything: the next request found the question closed.
        session.refresh_from_db()
        assert session.phase == ClassSession.Phase.CLOSED
        assert session.deadline is None
        assert "Antwoorden gesloten" in board(teacher, session)
    assert Answer.objects.count() == 1


def test_the_board_poll_alone_closes_an_overdue_question_once(questions):
    teacher = Client()
    session = start(teacher, tijd="30")
    step(teacher, session, "start")
    session.refresh_from_db()
    version = session.version
    url = reverse("classroom:board_live", args=[session.code])
    with clock_at(session.deadline + timedelta(seconds=1)):
        moved_on = teacher.get(url, {"v": str(version), "k": "x"}, headers={"HX-Request": "true"})
        assert "HX-Location" in moved_on.headers
        teacher.get(url, {"v": str(version + 1), "k": "x"}, headers={"HX-Request": "true"})
    session.refresh_from_db()
    assert (session.phase, session.version) == (ClassSession.Phase.CLOSED, version + 1)


def test_the_teacher_closing_just_after_the_timer_is_no_error(questions):
    teacher = Client()
    session = start(teacher, tijd="60")
    step(teacher, session, "start")
    session.refresh_from_db()
    seen = session.version
    with clock_at(session.deadline + timedelta(seconds=2)):
        response = teacher.post(
            reverse("classroom:step", args=[session.code]), {"stap": "sluiten", "versie": seen}
        )
        assert response.status_code == 302
        step(teacher, session, "onthullen")
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.REVEALED


def test_every_next_question_gets_its_own_deadline_and_no_timer_means_none(questions):
    teacher = Client()
    timed = start(teacher, tijd="30")
    step(teacher, timed, "start")
    step(teacher, timed, "onthullen")
    moment = timezone.now() + timedelta(minutes=5)
    with clock_at(moment):
        step(teacher, timed, "volgende")
    timed.refresh_from_db()
    assert timed.deadline == moment + timedelta(seconds=30)

    untimed = start(teacher)
    step(teacher, untimed, "start")
    untimed.refresh_from_db()
    assert untimed.deadline is None
    with clock_at(timezone.now() + timedelta(hours=1)):
        untimed.refresh_from_db()
        assert not untimed.is_overdue()
        assert 'role="timer"' not in board(teacher, untimed)


@pytest.mark.parametrize("value", ["45", "-1", "tien"])
def test_the_start_page_refuses_a_timer_that_is_not_offered(questions, value):
    response = Client().post(reverse("classroom:new"), {"aantal": 2, "tijd": value})
    assert response.status_code == 400
    assert "Kies geen tijd, 20, 30 of 60 seconden per vraag." in response.content.decode()
    assert not ClassSession.objects.exists()


# --- nulmeting and eindmeting -----------------------------------------------------


@pytest.fixture
def four_questions():
    return [
        make_question(f"Meetvraag {n}: wat is waar?", right=f"Goed {n}", wrong=(f"Fout {n}",))
        for n in range(1, 5)
    ]


PUPILS = ["Tijger", "Uil", "Vos", "Egel", "Das"]


def play_round(teacher, session, pupils, plan, first_step: str) -> int:
    """`plan[pupil][n]` is (right?, confidence) for the n-th question shown, or
    None for no answer. The teacher clicks "next" only when a pupil did not answer;
    returns the teacher's clicks in the round."""
    assert step(teacher, session, first_step).status_code == 302
    clicks = 1
    for number in range(session.question_count):
        session.refresh_from_db()
        assert (session.phase, session.current_index) == (ClassSession.Phase.QUESTION, number)
        question = session.current_question()
        # A measuring round shows no right answer.
        assert step(teacher, session, "onthullen").status_code == 409
        for name, client in pupils.items():
            given = plan[name][number]
            if given is None:
                continue
            is_right, confidence = given
            choice = right_choice(question) if is_right else wrong_choice(question)
            assert answer(client, question, choice.pk, confidence).status_code == 302
        session.refresh_from_db()
        if session.phase == ClassSession.Phase.QUESTION and session.current_index == number:
            assert step(teacher, session, "volgende").status_code == 302
            clicks += 1
    return clicks


def test_a_class_does_a_nulmeting_and_an_eindmeting_and_sees_its_gain(four_questions):
    teacher = Client()
    session = start(teacher, count=4, soort="meting")
    assert session.measures
    pupils = {name: join_as_pupil(session, name) for name in PUPILS}
    R, W = True, False
    before = {  # 20 answers: 6 right; 10 "zeker", 8 of them wrong
        "Tijger": [(R, "zeker"), (W, "zeker"), (W, "zeker"), (W, "gok")],
        "Uil": [(W, "zeker"), (W, "zeker"), (R, "twijfel"), (W, "gok")],
        "Vos": [(R, "zeker"), (W, "zeker"), (W, "twijfel"), (W, "twijfel")],
        "Egel": [(W, "zeker"), (W, "zeker"), (R, "gok"), (W, "gok")],
        "Das": [(R, "gok"), (W, "zeker"), (R, "gok"), (W, "twijfel")],
    }
    after = {  # 19 answers (Das skips one): 15 right; 12 "zeker", 2 of them wrong
        "Tijger": [(R, "zeker"), (R, "zeker"), (R, "zeker"), (W, "zeker")],
        "Uil": [(R, "zeker"), (R, "zeker"), (R, "twijfel"), (R, "zeker")],
        "Vos": [(R, "zeker"), (W, "zeker"), (R, "twijfel"), (W, "gok")],
        "Egel": [(R, "zeker"), (R, "zeker"), (R, "zeker"), (W, "twijfel")],
        "Das": [(R, "twijfel"), (R, "gok"), None, (R, "twijfel")],
    }
    # Haas answers the nulmeting only; Mol joins in the pause and answers the
    # eindmeting only, all right. Neither may move the class's figures.
    pupils["Haas"] = join_as_pupil(session, "Haas")
    before["Haas"] = [(W, "zeker")] * 4
    after["Haas"] = [None] * 4
    # Everybody answers every question of the nulmeting: one click, to start it.
    assert play_round(teacher, session, pupils, before, "start") == 1
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.PAUSE
    pupils["Mol"] = join_as_pupil(session, "Mol")
    after["Mol"] = [(R, "zeker")] * 4
    pause = board(teacher, session)
    assert "Nulmeting klaar" in pause and "Start de eindmeting" in pause
    assert "30%" not in pause  # the nulmeting's score waits for the eindmeting
    assert "nulmeting is klaar" in pupils["Uil"].get(reverse("classroom:play")).content.decode()

    # Haas does not answer in the eindmeting: a click for each question.
    assert play_round(teacher, session, pupils, after, "eindmeting") == 1 + 4
    session.refresh_from_db()
    assert (session.round, session.phase) == (2, ClassSession.Phase.FINISHED)

    gain = results.learning_gain(session)
    assert (gain.before.answers, gain.before.right) == (20, 6)
    assert (gain.before.sure, gain.before.sure_wrong) == (10, 8)
    assert (gain.after.answers, gain.after.right) == (19, 15)
    assert (gain.after.sure, gain.after.sure_wrong) == (12, 2)
    assert (gain.before.pupils, gain.after.pupils) == (5, 5)
    assert gain.left_out == 2

    screen = board(teacher, session)
    assert "Goed beantwoord: 30% voor de les, 79% na de les" in screen
    table = re.sub(r"\s+", " ", screen[screen.index('class="gain__table"') :])
    assert "Goed beantwoord</th><td>30%</td><td>79%</td>" in table
    assert "Zeker, maar fout</th><td>80%</td><td>17%</td>" in table
    assert "Antwoorden</th><td>20</td><td>19</td>" in table
    assert "Alleen wie beide keren meedeed, telt mee." in table
    assert "2 leerlingen deden maar één keer mee." in table
    chart = parse(screen).find_all("svg")
    assert any(svg.get("role") == "img" for svg in chart)
    assert "Goed beantwoord: voor 30%, na 79%. Zeker, maar fout: voor 80%, na 17%." in screen
    for name in PUPILS:
        assert name not in screen, f"{name} is named on the gain screen"
    # Per question, of the five pupils of both rounds: 60→100, 0→80, 60→100 (Das
    # skipped it), 0→40.
    rows = [
        (g.number, g.before_percent, g.after_percent, g.change)
        for g in results.question_gains(session)
    ]
    assert rows == [
        (1, "60%", "100%", "beter"),
        (2, "0%", "80%", "beter"),
        (3, "60%", "100%", "beter"),
        (4, "0%", "40%", "beter"),
    ]
    per_question = re.sub(r"\s+", " ", screen[screen.index('class="gain__questions"') :])
    assert "Per vraag: hoeveel goed voor en na de les" in per_question
    assert "2. Meetvraag" in per_question
    assert '<td>0%</td><td>80%</td><td><span aria-hidden="true">▲</span> beter</td>' in (
        per_question
    )

    # Each pupil sees their own two scores, on their own phone.
    tijger = pupils["Tijger"].get(reverse("classroom:play")).content.decode()
    assert "<strong>3 van de 4</strong> vragen goed" in tijger
    assert "had je er 1 goed" in tijger


def test_a_measuring_round_asks_the_same_questions_and_keeps_both_answers(four_questions):
    teacher = Client()
    session = start(teacher, count=4, soort="meting")
    uil = join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    first = ClassSession.objects.get().current_question()
    answer(uil, first, right_choice(first).pk)  # the only pupil: the next question opens
    for _ in range(3):
        step(teacher, session, "volgende")
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.PAUSE
    step(teacher, session, "eindmeting")
    session.refresh_from_db()
    assert session.current_question() == first
    assert answer(uil, first, wrong_choice(first).pk).status_code == 302
    rounds = sorted(Answer.objects.filter(question=first).values_list("round", "correct"))
    assert rounds == [(1, True), (2, False)]


@pytest.mark.parametrize("count", [3, 7])
def test_a_nulmeting_has_four_to_six_questions(four_questions, count):
    for n in range(5, 9):
        make_question(f"Extra vraag {n}?")
    response = Client().post(reverse("classroom:new"), {"aantal": count, "soort": "meting"})
    assert response.status_code == 400
    assert "4 tot en met 6 vragen" in response.content.decode()
    assert not ClassSession.objects.exists()


def test_a_nulmeting_with_too_few_questions_in_the_lessons_says_so(questions):
    response = Client().post(reverse("classroom:new"), {"aantal": 5, "soort": "meting"})
    assert response.status_code == 409
    assert "Voor een nulmeting zijn er 2 vragen" in response.content.decode()


# --- the QR code ----------------------------------------------------------------------


def rasterise_segno_svg(svg: str, scale: int = 8):
    """Draws the QR code's SVG path (rows of horizontal strokes, as segno writes
    it) into a black-and-white image: the page's own SVG, no other renderer."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    image = np.full((size, size), 255, np.uint8)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([^MmHh]*)", path):
        values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            end = values[0] if command == "H" else x + values[0]
            image[int(y - 0.5), int(x) : int(end)] = 0
            x = end
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)


def test_the_lobby_shows_a_qr_code_of_the_join_page_with_the_code_filled_in(questions):
    teacher = Client()
    session = start(teacher)
    lobby = board(teacher, session)
    join_url = f"http://testserver/klassikaal/?code={session.code}"
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", lobby, re.S).group(0)
    assert f'aria-label="QR-code naar {join_url}"' in svg
    assert "style=" not in svg  # presentation attributes only: the CSP allows them
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(rasterise_segno_svg(svg))
    assert decoded == join_url
    # ... and beside it the short address and the code, in words.
    assert "testserver/klassikaal/" in lobby
    assert f"{session.code[:3]} {session.code[3:]}" in lobby

    # The address in the QR code opens the join page with the code filled in.
    page = Client().get(f"/klassikaal/?code={session.code}").content.decode()
    assert f'value="{session.code}"' in page
    assert re.search(r'id="id_bijnaam"[^>]*autofocus', page)
    # After the lobby the QR code is gone and the code is a strip.
    step(teacher, session, "start")
    question = board(teacher, session)
    assert 'class="qr"' not in question
    assert 'class="board-bar__code"' in question


# --- ending the quiz, the answers' shapes --------------------------------------------------


def test_ending_the_quiz_asks_first_and_works_without_javascript(questions):
    teacher = Client()
    session = start(teacher)
    step(teacher, session, "start")
    screen = board(teacher, session)
    confirm_url = reverse("classroom:confirm_finish", args=[session.code])
    assert f'href="{confirm_url}"' in screen
    assert 'value="stoppen"' not in screen  # the board itself has no end button to misclick

    asking = teacher.get(confirm_url).content.decode()
    assert "Wil je de quiz nu beëindigen?" in asking
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.QUESTION
    assert re.search(r'<button type="submit" name="stap" value="stoppen"', asking)
    step(teacher, session, "stoppen")
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.FINISHED
    assert teacher.get(confirm_url).status_code == 302
    assert Client().get(confirm_url).status_code == 403


def test_every_answer_has_a_letter_a_shape_and_a_colour_on_board_and_phone(questions):
    teacher = Client()
    session = start(teacher)
    uil = join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    for html in (board(teacher, session), uil.get(reverse("classroom:play")).content.decode()):
        marks = re.findall(r'class="[^"]*\bmark-([a-h])\b', html)
        assert marks == ["a", "b", "c"]
        shapes = re.findall(
            r'<svg class="mark"[^>]*aria-hidden="true"[^>]*><path d="[^"]+" fill="(#[0-9A-F]{6})"',
            html,
        )
        assert len(set(shapes)) == 3


def test_the_new_screens_are_sound(four_questions):
    """One h1, nothing inline for the CSP to block, correct Dutch (test_pages' checks)."""
    from tests.classroom.test_pages import assert_page_is_sound

    teacher = Client()
    session = start(teacher, count=4, soort="meting", tijd="30")
    uil = join_as_pupil(session, "Uil")
    screens = [teacher.get(reverse("classroom:new"))]
    step(teacher, session, "start")
    screens += [
        teacher.get(reverse("classroom:board", args=[session.code])),
        teacher.get(reverse("classroom:confirm_finish", args=[session.code])),
        uil.get(reverse("classroom:play")),
    ]
    for _ in range(4):
        step(teacher, session, "volgende")
    screens += [
        teacher.get(reverse("classroom:board", args=[session.code])),
        uil.get(reverse("classroom:play")),
    ]
    step(teacher, session, "stoppen")
    screens += [
        teacher.get(reverse("classroom:board", args=[session.code])),
        teacher.get(reverse("classroom:results", args=[session.code])),
        uil.get(reverse("classroom:play")),
    ]
    for response in screens:
        assert_page_is_sound(response)


def test_the_board_has_a_big_countdown_and_keys_for_a_clicker(questions):
    teacher = Client()
    session = start(teacher, tijd="30")
    lobby = board(teacher, session)
    # The key help needs classroom.js, so it starts hidden; the buttons work without it.
    assert "<body" in lobby and "data-board>" in lobby
    assert "data-board-keys hidden>Toetsen: → of Page Down = volgende stap, B = pauze" in lobby
    assert re.search(r'<section class="board-pause"[^>]*hidden>', lobby)
    step(teacher, session, "start")
    question = board(teacher, session)
    assert re.search(
        r'<p class="timer timer--board" role="timer" data-seconds-left="(30|29)">Nog '
        r'<span data-countdown class="timer__number">(30|29)</span> seconden</p>',
        question,
    )
    assert "data-board-keys" not in question  # no room beside the question's buttons
