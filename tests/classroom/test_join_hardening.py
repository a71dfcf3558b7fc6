"""Klassikaal under attack: guessing join codes is throttled per client, a poll
without cookies creates no session row, a teacher's tokens stay bounded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom import codes
from classroom.models import ClassSession
from classroom.teacher_views import MAX_TEACHER_TOKENS, TEACHER_KEY
from tests.classroom.factories import join_as_pupil, start_as_teacher

pytestmark = pytest.mark.django_db


def unused_code(index: int) -> str:
    alphabet = codes.CODE_ALPHABET
    code = "".join(alphabet[(index // len(alphabet) ** k) % len(alphabet)] for k in range(6))
    assert not ClassSession.objects.filter(code=code).exists()
    return code


def guess(client: Client, code: str, address: str = "198.51.100.7"):
    return client.post(
        reverse("classroom:join"), {"code": code, "bijnaam": "Gokker"}, REMOTE_ADDR=address
    )


def test_a_browser_guessing_codes_is_stopped_after_ten_wrong_ones(client, questions):
    client.get(reverse("classroom:join"))
    session = client.session
    session.save()  # a browser with a session, as after its first visit
    statuses = [guess(client, unused_code(n)).status_code for n in range(12)]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]
    # Even the right code is refused now: the attacker cannot tell a hit.
    live = start_as_teacher(Client(), count=1)
    response = guess(client, live.code)
    assert response.status_code == 429
    assert "Wacht tien minuten" in response.content.decode()


def test_an_address_guessing_without_cookies_is_stopped_after_thirty(questions):
    statuses = [guess(Client(), unused_code(n)).status_code for n in range(32)]
    assert statuses[:30] == [404] * 30
    assert statuses[30:] == [429, 429]
    # Another address is not affected.
    assert guess(Client(), unused_code(99), address="203.0.113.9").status_code == 404


def test_a_whole_class_behind_one_address_joins(questions):
    teacher = Client()
    live = start_as_teacher(teacher, count=1)
    for number in range(40):
        join_as_pupil(live, f"Leerling {number}")
    assert live.participants.count() == 40


def test_a_poll_without_cookies_creates_no_session_row():
    before = Session.objects.count()
    for _ in range(5):
        response = Client().get(reverse("classroom:play"))
        assert response.status_code == 302
    assert Session.objects.count() == before


def test_a_teachers_browser_keeps_only_a_few_live_tokens(questions):
    teacher = Client()
    started = [start_as_teacher(teacher, count=1) for _ in range(MAX_TEACHER_TOKENS + 3)]
    tokens = teacher.session[TEACHER_KEY]
    assert len(tokens) == MAX_TEACHER_TOKENS
    assert started[-1].code in tokens
    # A session that has ended is forgotten at the next start.
    ClassSession.objects.filter(code=started[-1].code).update(
        expires=timezone.now() - timedelta(minutes=1)
    )
    newest = start_as_teacher(teacher, count=1)
    tokens = teacher.session[TEACHER_KEY]
    assert started[-1].code not in tokens
    assert newest.code in tokens


def test_no_more_pupils_than_the_maximum_can_join(questions):
    teacher = Client()
    live = start_as_teacher(teacher, count=1)
    assert live.max_pupils == 40
    ClassSession.objects.filter(pk=live.pk).update(max_pupils=3)
    for number in range(3):
        join_as_pupil(live, f"Leerling {number}")
    full = Client().post(reverse("classroom:join"), {"code": live.code, "bijnaam": "Nummer vier"})
    assert full.status_code == 409
    assert "zit vol" in full.content.decode()
    # The teacher lets more pupils join.
    response = teacher.post(reverse("classroom:max_pupils", args=[live.code]), {"maximum": 4})
    assert response.status_code == 302
    join_as_pupil(live, "Nummer vier")
    assert live.participants.count() == 4


def test_only_the_teacher_can_change_the_maximum(questions):
    live = start_as_teacher(Client(), count=1)
    response = Client().post(reverse("classroom:max_pupils", args=[live.code]), {"maximum": 300})
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.max_pupils == 40


def test_a_nonsense_maximum_is_refused(questions):
    teacher = Client()
    live = start_as_teacher(teacher, count=1)
    for value in ("0", "301", "veel"):
        response = teacher.post(
            reverse("classroom:max_pupils", args=[live.code]), {"maximum": value}
        )
        assert response.status_code == 400
        assert "1 tot en met 300" in response.content.decode()


def test_the_teacher_removes_a_pupil_from_the_board(questions):
    teacher = Client()
    live = start_as_teacher(teacher, count=1)
    join_as_pupil(live, "Echte Leerling")
    fake = join_as_pupil(live, "Nep Naam")
    board = teacher.get(reverse("classroom:board", args=[live.code])).content.decode()
    assert "Nep Naam van het bord halen" in board
    target = live.participants.get(nickname="Nep Naam")

    response = teacher.post(
        reverse("classroom:remove_pupil", args=[live.code]), {"leerling": target.pk}
    )

    assert response.status_code == 302
    assert list(live.participants.values_list("nickname", flat=True)) == ["Echte Leerling"]
    # The removed pupil's phone is sent back to the join page.
    assert fake.get(reverse("classroom:play"))["Location"] == reverse("classroom:join")


def test_a_pupil_of_another_session_cannot_be_removed(questions):
    teacher = Client()
    mine = start_as_teacher(teacher, count=1)
    other = start_as_teacher(Client(), count=1)
    join_as_pupil(other, "Iemand Anders")
    someone = other.participants.get()
    response = teacher.post(
        reverse("classroom:remove_pupil", args=[mine.code]), {"leerling": someone.pk}
    )
    assert response.status_code == 404
    assert other.participants.count() == 1
    # And nobody but the teacher can remove anyone.
    response = Client().post(
        reverse("classroom:remove_pupil", args=[other.code]), {"leerling": someone.pk}
    )
    assert response.status_code == 403
