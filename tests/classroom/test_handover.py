"""Handing control of a class quiz to the teacher's phone: the board shows a short
pairing code only after a deliberate click, for two minutes and for one use, and
never the secret token that controls the quiz."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom import codes, flow
from classroom.models import ClassSession
from tests.classroom.factories import join_as_pupil, make_question, start_as_teacher, step
from tests.classroom.test_pages import assert_page_is_sound


@pytest.fixture
def teacher():
    return Client()


@pytest.fixture
def session(teacher):
    make_question()
    return start_as_teacher(teacher, count=1)


def handover_url(session: ClassSession) -> str:
    return reverse("classroom:handover", args=[session.code])


def show_pairing_code(teacher: Client, session: ClassSession) -> str:
    response = teacher.post(handover_url(session))
    assert response.status_code == 302
    assert response["Location"] == handover_url(session)
    session.refresh_from_db()
    return session.pairing_code


def pair(phone: Client, code: str, pairing_code: str):
    return phone.post(reverse("classroom:pair"), {"code": code, "koppelcode": pairing_code})


def controls(client: Client, session: ClassSession) -> bool:
    return client.get(reverse("classroom:board", args=[session.code])).status_code == 200


def test_no_screen_of_the_handover_shows_the_control_token(teacher, session):
    token = session.teacher_token
    board = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert handover_url(session) in board
    before_click = teacher.get(handover_url(session))
    assert "Toon een koppelcode" in before_click.content.decode()
    assert 'class="pairing__code"' not in before_click.content.decode()

    pairing_code = show_pairing_code(teacher, session)
    shown = teacher.get(handover_url(session))
    assert codes.display_code(pairing_code) in shown.content.decode()
    phone_page = Client().get(reverse("classroom:pair"))
    assert pair(Client(), session.code, pairing_code).status_code == 302
    used = teacher.get(handover_url(session))
    assert codes.display_code(pairing_code) not in used.content.decode()

    for response in (before_click, shown, phone_page, used):
        assert_page_is_sound(response)
    for html in (board, before_click.content.decode(), shown.content.decode(),
                 phone_page.content.decode(), used.content.decode()):  # fmt: skip
        assert token not in html
        assert "/sleutel/" not in html


def test_a_pairing_code_gives_the_teachers_phone_control_once(teacher, session):
    pairing_code = show_pairing_code(teacher, session)
    assert len(pairing_code) == codes.CODE_LENGTH
    assert all(ch in codes.CODE_ALPHABET for ch in pairing_code)

    phone = Client()
    assert not controls(phone, session)
    # Typed on a phone: lower case and a space, as the board shows it.
    response = pair(phone, session.code.lower(), codes.display_code(pairing_code).lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:board", args=[session.code])
    assert controls(phone, session)
    assert step(phone, session, "start").status_code == 302

    pupil = Client()
    refused = pair(pupil, session.code, pairing_code)
    assert refused.status_code == 400
    assert flow.WRONG_PAIRING in refused.content.decode()
    assert not controls(pupil, session)
    assert controls(teacher, session)  # the board keeps control too


def test_a_pairing_code_works_for_two_minutes(teacher, session):
    pairing_code = show_pairing_code(teacher, session)
    later = timezone.now() + flow.PAIRING_LIFETIME + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "data-pairing-code" not in teacher.get(handover_url(session)).content.decode()
        phone = Client()
        assert pair(phone, session.code, pairing_code).status_code == 400
        assert not controls(phone, session)


def test_a_new_pairing_code_replaces_the_old_one(teacher, session):
    old = show_pairing_code(teacher, session)
    other = "CDFGHJ" if old != "CDFGHJ" else "KMNPQR"  # a random code could repeat
    with mock.patch("classroom.codes.new_join_code", return_value=other):
        new = show_pairing_code(teacher, session)
    assert new != old
    assert pair(Client(), session.code, old).status_code == 400
    assert pair(Client(), session.code, new).status_code == 302


def test_the_code_of_another_quiz_does_not_pair(teacher, session):
    pairing_code = show_pairing_code(teacher, session)
    other = start_as_teacher(Client(), count=1)
    phone = Client()
    assert pair(phone, other.code, pairing_code).status_code == 400
    assert not controls(phone, other) and not controls(phone, session)


def test_only_the_teacher_can_show_a_pairing_code(session):
    pupil = join_as_pupil(session, "Sam")
    assert pupil.post(handover_url(session)).status_code == 403
    assert pupil.get(handover_url(session)).status_code == 403
    session.refresh_from_db()
    assert session.pairing_code == ""


def test_guessing_pairing_codes_is_stopped_like_guessing_join_codes(teacher, session):
    pairing_code = show_pairing_code(teacher, session)
    guesser = Client()
    guesser.get(reverse("classroom:pair"))
    guesser.session.save()  # a browser with a session is counted on its own
    wrong = "CDF347" if pairing_code != "CDF347" else "CDF349"
    for _ in range(10):
        assert pair(guesser, session.code, wrong).status_code == 400
    stopped = pair(guesser, session.code, pairing_code)
    assert stopped.status_code == 429
    assert "te vaak een koppelcode" in stopped.content.decode()
    assert not controls(guesser, session)
    # The teacher's own phone, another browser at the same school address, still pairs.
    phone = Client()
    assert pair(phone, session.code, pairing_code).status_code == 302


def test_a_right_pairing_code_is_not_counted_as_a_guess(teacher, session):
    phone = Client()
    phone.get(reverse("classroom:pair"))
    phone.session.save()
    for _ in range(12):
        assert pair(phone, session.code, show_pairing_code(teacher, session)).status_code == 302


def test_the_phone_page_explains_itself_and_keeps_the_typed_quiz_code(session):
    page = Client().get(reverse("classroom:pair"), {"code": session.code}).content.decode()
    assert "Bedien de quiz vanaf dit apparaat" in page
    assert f'value="{session.code}"' in page
    refused = pair(Client(), "XX", "")
    assert refused.status_code == 400
    assert "Een code heeft 6 tekens" in refused.content.decode()


def test_the_hand_over_pages_are_not_stored(teacher, session):
    for response in (Client().get(reverse("classroom:pair")), teacher.get(handover_url(session))):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control


def test_the_board_takes_control_back_from_every_other_device(teacher, session):
    """A pupil who typed the pairing code first controls the quiz until the board
    disconnects every other device: the board keeps control, the pupil's device is
    refused from then on, and the page says what happened."""
    pupil_phone = Client()
    assert pair(pupil_phone, session.code, show_pairing_code(teacher, session)).status_code == 302
    assert controls(pupil_phone, session) and controls(teacher, session)
    old_token = session.teacher_token

    disconnect = reverse("classroom:disconnect_others", args=[session.code])
    assert teacher.get(disconnect).status_code == 405
    response = teacher.post(disconnect)
    assert response.status_code == 302
    assert response["Location"] == handover_url(session) + "?los=1"
    page = teacher.get(response["Location"])
    assert_page_is_sound(page)
    assert "Alle andere apparaten zijn losgekoppeld." in page.content.decode()

    assert controls(teacher, session)
    assert not controls(pupil_phone, session)
    session.refresh_from_db()
    assert session.teacher_token != old_token
    assert session.teacher_token not in page.content.decode()
    assert session.pairing_code == ""  # a code still on the board is no use any more


def test_only_a_device_that_controls_the_quiz_can_disconnect_the_others(teacher, session):
    stranger = Client()
    response = stranger.post(reverse("classroom:disconnect_others", args=[session.code]))
    assert response.status_code == 403
    assert controls(teacher, session)
