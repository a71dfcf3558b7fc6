"""Wrong codes, bad nicknames, late or double answers, pupils at the teacher's
controls: each gets a Dutch message and a 4xx, and the session goes on."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom import flow, refusals
from classroom.models import Answer, ClassSession, Participant
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    start_as_teacher,
    step,
    wrong_choice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return make_question()


@pytest.fixture
def teacher():
    return Client()


@pytest.fixture
def session(question, teacher):
    return start_as_teacher(teacher, count=1)


def join(client: Client, code: str, nickname: str):
    return client.post(reverse("classroom:join"), {"code": code, "bijnaam": nickname})


def the_session_goes_on(session: ClassSession) -> None:
    assert join_as_pupil(session, f"Later{Participant.objects.count()}")


def test_it_rejects_a_code_that_does_not_exist(session):
    other = "CCCCCC" if session.code != "CCCCCC" else "DDDDDD"
    response = join(Client(), other, "Sam")
    assert response.status_code == 404
    assert "Er is geen quiz met deze code" in response.content.decode()
    the_session_goes_on(session)


def test_it_rejects_a_code_of_the_wrong_shape(session):
    response = join(Client(), "12", "Sam")
    assert response.status_code == 400
    assert "Een code heeft 6 tekens" in response.content.decode()


def test_it_forgives_spaces_and_lower_case_in_the_code(session):
    code = f" {session.code[:3].lower()} {session.code[3:]} "
    assert join(Client(), code, "Sam").status_code == 302


def test_it_rejects_an_expired_session(session):
    ClassSession.objects.update(expires=timezone.now() - timedelta(minutes=1))
    response = join(Client(), session.code, "Sam")
    assert response.status_code == 410
    assert "Deze quiz is al afgelopen" in response.content.decode()


def test_it_rejects_a_nickname_already_taken_whatever_the_capitals(session):
    join_as_pupil(session, "Sam")
    response = join(Client(), session.code, "  sAM ")
    assert response.status_code == 409
    assert "al bezet" in response.content.decode()
    assert Participant.objects.count() == 1
    the_session_goes_on(session)


@pytest.mark.parametrize("nickname", ["kanker", "K4nK3r", "f u c k", "kuuuut", "Sh1t"])
def test_it_rejects_an_offensive_nickname(session, nickname):
    response = join(Client(), session.code, nickname)
    assert response.status_code == 400
    assert "Deze bijnaam mag niet" in response.content.decode()
    assert not Participant.objects.exists()
    the_session_goes_on(session)


@pytest.mark.parametrize(
    ("nickname", "message"),
    [("S", "te kort"), ("   ", "te kort"), ("x" * 21, "te lang"), ("<script>", "alleen letters")],
)
def test_it_rejects_a_nickname_too_short_too_long_or_odd(session, nickname, message):
    response = join(Client(), session.code, nickname)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_refuses_an_answer_after_the_teacher_closed_the_question(session, teacher, question):
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    step(teacher, session, "sluiten")
    response = answer(pupil, question, right_choice(question).pk)
    assert response.status_code == 409
    assert "Te laat" in response.content.decode()
    assert not Answer.objects.exists()
    assert step(teacher, session, "onthullen").status_code == 302


def test_a_second_answer_counts_once(session, teacher, question):
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    assert answer(pupil, question, wrong_choice(question).pk).status_code == 302
    response = answer(pupil, question, right_choice(question).pk, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "Je eerste antwoord telt" in response.content.decode()
    assert Answer.objects.get().correct is False


def test_it_rejects_a_choice_that_does_not_exist_or_belongs_to_another_question(
    session, teacher, question
):
    other = make_question("Een andere vraag")
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    for made_up in (999999, "abc", right_choice(other).pk, ""):
        response = answer(pupil, question, made_up)
        assert response.status_code == 400
        assert "Kies" in response.content.decode()
    assert answer(pupil, question, right_choice(question).pk).status_code == 302


def test_it_rejects_an_answer_without_a_confidence(session, teacher, question):
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    response = answer(pupil, question, right_choice(question).pk, confidence="heel zeker")
    assert response.status_code == 400
    assert "hoe zeker je bent" in response.content.decode()


def test_it_refuses_an_answer_from_someone_who_did_not_join(session, teacher, question):
    step(teacher, session, "start")
    response = answer(Client(), question, right_choice(question).pk)
    assert response.status_code == 403
    assert "Je doet niet mee" in response.content.decode()


def test_a_pupil_cannot_reach_the_teachers_controls(session):
    pupil = join_as_pupil(session, "Sam")
    for response in (
        pupil.get(reverse("classroom:board", args=[session.code])),
        pupil.get(reverse("classroom:board_live", args=[session.code])),
        pupil.post(reverse("classroom:step", args=[session.code]), {"stap": "start"}),
        pupil.get(reverse("classroom:teacher_key", args=[session.code, "x" * 43])),
    ):
        assert response.status_code == 403
        assert "alleen voor de docent" in response.content.decode()
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.LOBBY


def test_the_secret_link_lets_another_device_control_the_session(session, teacher):
    board = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    handover_url = reverse("classroom:handover", args=[session.code])
    assert handover_url in board
    assert session.teacher_token not in board
    key_url = reverse("classroom:teacher_key", args=[session.code, session.teacher_token])
    assert session.teacher_token not in teacher.get(handover_url).content.decode()
    assert Client().get(handover_url).status_code == 403
    laptop = Client()
    response = laptop.get(key_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:board", args=[session.code])
    assert laptop.get(response["Location"]).status_code == 200


def test_it_refuses_a_step_that_does_not_fit_the_phase(session, teacher):
    response = step(teacher, session, "volgende")
    assert response.status_code == 409
    assert "Dat kan nu niet" in response.content.decode()
    assert step(teacher, session, "bestaat-niet").status_code == 400
    assert step(teacher, session, "start").status_code == 302


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"aantal": "0"}, 400, "Kies een aantal vragen"),
        ({"aantal": "veel"}, 400, "Kies een aantal vragen"),
        ({"aantal": "41"}, 400, "Kies een aantal vragen van 1 tot en met 40"),
        ({"aantal": "5", "les": "bestaat-niet"}, 400, "bestaat niet"),
        # A fine choice, but the database has no questions for it: a conflict.
        ({"aantal": "5", "les": "gevaren"}, 409, "geen vragen"),
    ],
)
def test_the_start_page_explains_what_is_wrong(question, data, status, message):
    response = Client().post(reverse("classroom:new"), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ClassSession.objects.exists()


def test_a_session_deleted_between_two_clicks_gives_a_message_not_an_error(
    session, teacher, question
):
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    participant = Participant.objects.get()
    ClassSession.objects.all().delete()
    with pytest.raises(flow.SessionOver):
        flow.record_answer(participant, question.pk, right_choice(question).pk, "zeker")
    with pytest.raises(flow.SessionOver):
        flow.take_step(session.pk, flow.NEXT)
    assert pupil.get(reverse("classroom:play")).status_code == 302


def test_every_kind_of_refusal_by_the_flow_has_its_status():
    kinds = set()
    pending = [flow.FlowError]
    while pending:
        kind = pending.pop()
        kinds.add(kind)
        pending += kind.__subclasses__()
    for kind in kinds - {flow.FlowError}:
        assert refusals.status_for(kind("…")) in {400, 403, 404, 409, 410, 503}, kind


def test_the_flow_itself_refuses_what_the_forms_stop_first(session, teacher, question):
    join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    participant = Participant.objects.get()
    with pytest.raises(flow.Refused):
        flow.record_answer(participant, question.pk, right_choice(question).pk, "heel zeker")
    with pytest.raises(flow.Refused):
        flow.take_step(session.pk, "bestaat-niet")
    with pytest.raises(flow.Refused):
        flow.join(session, "S", "sessiesleutel")
    assert not Answer.objects.exists()


def test_an_answer_whose_form_expired_gets_a_message_htmx_can_swap_in(session, teacher, question):
    step(teacher, session, "start")
    phone = Client(enforce_csrf_checks=True)
    play_url = "http://testserver" + reverse("classroom:play")
    headers = {"HX-Request": "true", "HX-Current-URL": play_url}

    response = answer(phone, question, right_choice(question).pk, headers=headers)

    assert response.status_code == 403
    # htmx swaps in only the marked part (templates/_htmx.html): the message and
    # a way to load the page again, not the whole page inside the answer area.
    refusal = re.search(r"<div data-refusal>(.*?)</div>", response.content.decode(), re.S)
    assert refusal is not None
    assert "niet controleren dat dit formulier echt van deze website kwam" in refusal[1]
    assert f'href="{reverse("classroom:play")}"' in refusal[1]
    assert not Answer.objects.exists()


def test_the_reload_link_of_an_expired_form_stays_on_this_site(session, teacher, question):
    step(teacher, session, "start")
    headers = {"HX-Request": "true", "HX-Current-URL": "https://elders.example/klassikaal/spel/"}
    phone = Client(enforce_csrf_checks=True)
    response = answer(phone, question, right_choice(question).pk, headers=headers)
    assert response.status_code == 403
    assert "elders.example" not in response.content.decode()
    assert "Pagina opnieuw laden" not in response.content.decode()
