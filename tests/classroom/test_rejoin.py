"""A pupil who reloads, loses the connection or comes late lands on the current question."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom.models import Answer, ClassSession, Participant
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    right_choice,
    start_as_teacher,
    step,
)

pytestmark = pytest.mark.django_db


def test_a_pupil_who_reloads_sees_the_current_question(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=2)
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    step(teacher, session, "onthullen")
    step(teacher, session, "volgende")
    page = pupil.get(reverse("classroom:play")).content.decode()
    assert "Vraag twee:" in page
    assert "Vraag 2 van 2" in page


def test_a_pupil_who_already_answered_sees_their_answer_after_a_reload(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=2)
    pupil = join_as_pupil(session, "Sam")
    step(teacher, session, "start")
    answer(pupil, questions[0], right_choice(questions[0]).pk)
    page = pupil.get(reverse("classroom:play")).content.decode()
    assert "Je antwoord is binnen" in page
    assert "Je was zeker." in page
    assert 'name="choice"' not in page


def test_a_pupil_who_opens_the_join_page_again_rejoins_as_themselves(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    pupil = join_as_pupil(session, "Sam")
    assert "Je doet al mee als <strong>Sam</strong>" in (
        pupil.get(reverse("classroom:join")).content.decode()
    )
    again = pupil.post(reverse("classroom:join"), {"code": session.code, "bijnaam": "Sam"})
    assert again.status_code == 302
    assert Participant.objects.count() == 1


def test_a_late_joiner_gets_the_current_question(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=2)
    step(teacher, session, "start")
    late = join_as_pupil(session, "Laatkomer")
    page = late.get(reverse("classroom:play")).content.decode()
    assert "Vraag een:" in page
    assert 'name="choice"' in page
    assert answer(late, questions[0], right_choice(questions[0]).pk).status_code == 302


def test_someone_who_never_joined_is_sent_to_the_join_page(questions):
    response = Client().get(reverse("classroom:play"))
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:join")
    htmx = Client().get(reverse("classroom:play"), headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == reverse("classroom:join")


def test_cleanup_deletes_old_sessions_with_their_pupils_and_answers(questions):
    teacher = Client()
    old = start_as_teacher(teacher)
    pupil = join_as_pupil(old, "Sam")
    step(teacher, old, "start")
    answer(pupil, questions[0], right_choice(questions[0]).pk)
    fresh = start_as_teacher(Client())
    join_as_pupil(fresh, "Noor")
    ClassSession.objects.filter(pk=old.pk).update(expires=timezone.now() - timedelta(seconds=1))

    call_command("cleanup_classroom", verbosity=0)

    assert list(ClassSession.objects.all()) == [fresh]
    assert list(Participant.objects.values_list("nickname", flat=True)) == ["Noor"]
    assert not Answer.objects.exists()
    assert pupil.get(reverse("classroom:play")).status_code == 302  # back to the join page


def test_a_session_expires_four_hours_after_it_starts_and_soon_after_it_ends(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=1)
    assert session.expires - session.created == timedelta(hours=4)
    step(teacher, session, "stoppen")
    session.refresh_from_db()
    assert session.phase == ClassSession.Phase.FINISHED
    assert session.expires - session.ended == timedelta(hours=1)
