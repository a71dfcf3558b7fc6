"""Klassikaal's "test jezelf" round, the steps and the pupil's side: the teacher opens
it from the lobby or the pause and closes it back to where the class was; each pupil's
phone shows the recorder (and only then may use the camera); a recording goes through
the quick check's intake and is linked to the pupil, one per pupil."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from classroom import selftest
from classroom.models import ClassSession, SelfTestResult
from detector.models import Analysis
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    start_as_teacher,
    step,
)
from tests.classroom.selftest_helpers import (  # noqa: F401 (clip_storage: a fixture)
    class_in_round,
    clip_storage,
    finished,
    link,
    open_round,
    recording,
    send_recording,
)

Phase = ClassSession.Phase


def phase_of(session: ClassSession) -> str:
    session.refresh_from_db()
    return session.phase


# --- opening and closing ----------------------------------------------------------


def test_the_board_offers_the_round_in_the_lobby_and_the_round_goes_back_there(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    lobby = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert 'value="testjezelf"' in lobby and "Test jezelf met de klas" in lobby
    # The clicker's "next" presses the first of the steps below: that stays the start.
    steps = lobby.split('class="board-controls__steps"')[1]
    assert re.search(r'<button type="submit" name="stap" value="(\w+)"', steps)[1] == "start"
    assert 'value="testjezelf"' not in steps

    assert open_round(teacher, session).status_code == 302
    assert phase_of(session) == Phase.SELFTEST
    board = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert "Sluit de test" in board and 'value="testklaar"' in board
    assert "Daarna zie je weer de code om mee te doen." in board

    assert step(teacher, session, "testklaar").status_code == 302
    assert phase_of(session) == Phase.LOBBY
    assert session.selftest_from == ""


def test_the_round_opens_in_the_pause_between_nulmeting_and_eindmeting_and_goes_back():
    for n in range(4):
        make_question(f"Meetvraag {n}: wat klopt?", right=f"Goed {n}")
    teacher = Client()
    response = teacher.post(reverse("classroom:new"), {"aantal": 4, "soort": "meting"})
    assert response.status_code == 302
    session = ClassSession.objects.latest("created")
    pupil = join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    for _ in range(4):  # one pupil: each answer opens the next question
        session.refresh_from_db()
        question = session.current_question()
        assert answer(pupil, question, right_choice(question).pk).status_code == 302
    assert phase_of(session) == Phase.PAUSE
    pause = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    steps = pause.split('class="board-controls__steps"')[1]
    assert re.findall(r'name="stap" value="(\w+)"', steps) == ["eindmeting", "testjezelf"]

    assert open_round(teacher, session).status_code == 302
    assert phase_of(session) == Phase.SELFTEST
    assert (
        "Daarna ga je verder met de les."
        in teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    )
    step(teacher, session, "testklaar")
    assert phase_of(session) == Phase.PAUSE
    # And the lesson goes on: the eindmeting starts as before.
    assert step(teacher, session, "eindmeting").status_code == 302
    assert phase_of(session) == Phase.QUESTION
    assert session.round == ClassSession.SECOND_ROUND_NUMBER


@pytest.mark.parametrize("steps", [["start"], ["start", "sluiten"], ["start", "onthullen"]])
def test_the_round_does_not_open_during_a_question(questions, steps):
    teacher = Client()
    session = start_as_teacher(teacher)
    for name in steps:
        step(teacher, session, name)
    before = phase_of(session)
    refused = open_round(teacher, session)
    assert refused.status_code == 409
    assert "Dat kan nu niet" in refused.content.decode()
    assert phase_of(session) == before


def test_the_quiz_does_not_start_while_the_round_is_open(questions):
    teacher, session, _ = class_in_round(pupils=1)
    refused = step(teacher, session, "start")
    assert refused.status_code == 409
    assert phase_of(session) == Phase.SELFTEST


def test_a_second_click_from_an_old_screen_changes_nothing(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    old_version = session.version
    url = reverse("classroom:step", args=[session.code])
    first = teacher.post(url, {"stap": "testjezelf", "versie": old_version})
    again = teacher.post(url, {"stap": "testjezelf", "versie": old_version})
    assert first.status_code == again.status_code == 302
    assert phase_of(session) == Phase.SELFTEST
    # A stale "close" from the lobby's screen neither: the round stays open.
    teacher.post(url, {"stap": "testklaar", "versie": old_version})
    assert phase_of(session) == Phase.SELFTEST
    assert session.selftest_from == Phase.LOBBY


def test_closing_the_round_or_ending_the_quiz_deletes_its_numbers(questions):
    teacher, session, _ = class_in_round(pupils=2)
    for participant in session.participants.all():
        link(participant, finished(14.0))
    assert SelfTestResult.objects.count() == 2
    step(teacher, session, "testklaar")
    assert SelfTestResult.objects.count() == 0

    open_round(teacher, session)
    link(session.participants.first(), finished(20.0))
    assert step(teacher, session, "stoppen").status_code == 302
    assert phase_of(session) == Phase.FINISHED
    assert session.selftest_from == ""
    assert SelfTestResult.objects.count() == 0


# --- the pupil's screen -------------------------------------------------------------


def test_the_pupil_gets_the_recorder_and_only_then_the_camera(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    pupil = join_as_pupil(session, "Uil")
    lobby = pupil.get(reverse("classroom:play"))
    assert "camera=()" in lobby["Permissions-Policy"]
    assert "data-recorder" not in lobby.content.decode()

    open_round(teacher, session)
    page = pupil.get(reverse("classroom:play"))
    text = page.content.decode()
    assert "camera=(self)" in page["Permissions-Policy"]
    assert "microphone=()" in page["Permissions-Policy"]
    assert f'data-recorder-action="{reverse("classroom:selftest_upload")}"' in text
    assert "js/recorder.js" in text
    # What the class sees, said under the recorder's own privacy text.
    assert "Nooit jouw video, een foto van jou of je bijnaam." in text
    assert f"van minstens {selftest.MIN_RESULTS_FOR_CHART} leerlingen" in text
    # No reload without JavaScript while filming: it would throw the clip away.
    assert 'http-equiv="refresh"' not in text

    step(teacher, session, "testklaar")
    back = pupil.get(reverse("classroom:play"))
    assert "camera=()" in back["Permissions-Policy"]
    assert "data-recorder" not in back.content.decode()


def test_the_pupils_poll_leaves_the_recorder_alone_until_the_round_ends(questions):
    teacher = Client()
    session = start_as_teacher(teacher)
    pupil, other = join_as_pupil(session, "Uil"), join_as_pupil(session, "Vos")
    play = reverse("classroom:play")
    session.refresh_from_db()
    lobby_key = str(session.version)

    open_round(teacher, session)
    # The lobby's screen asks: the whole page loads (the camera is a header of the page).
    opened = pupil.get(play, {"v": lobby_key}, HTTP_HX_REQUEST="true")
    assert opened["HX-Redirect"] == play
    # In the round nothing is swapped, not even when the teacher takes another pupil
    # off the board (that changes the session's version).
    assert pupil.get(play, {"v": "test"}, HTTP_HX_REQUEST="true").status_code == 204
    remove = reverse("classroom:remove_pupil", args=[session.code])
    assert (
        teacher.post(remove, {"leerling": session.participants.get(nickname="Vos").pk}).status_code
        == 302
    )
    assert pupil.get(play, {"v": "test"}, HTTP_HX_REQUEST="true").status_code == 204
    assert other.get(play, {"v": "test"}, HTTP_HX_REQUEST="true")["HX-Redirect"] == reverse(
        "classroom:join"
    )

    step(teacher, session, "testklaar")
    closed = pupil.get(play, {"v": "test"}, HTTP_HX_REQUEST="true")
    assert closed["HX-Redirect"] == play


def test_the_pupil_sees_that_their_recording_came_in(questions):
    _, session, (pupil, *_) = class_in_round(pupils=1)
    analysis = finished(15.0)
    link(session.participants.get(), analysis)
    text = pupil.get(reverse("classroom:play")).content.decode()
    assert "Je opname is binnen." in text
    assert reverse("detector:status", args=[analysis.pk]) in text


# --- the recording ------------------------------------------------------------------


@pytest.mark.usefixtures("clip_storage")
def test_a_recording_is_queued_and_linked_to_the_pupil(
    questions, tmp_path, django_capture_on_commit_callbacks
):
    small_recording = recording(tmp_path)
    _, session, (pupil, *_) = class_in_round(pupils=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_recording(pupil, small_recording)

    assert response.status_code == 200, response.content.decode()
    analysis = Analysis.objects.get()
    assert json.loads(response.content) == {
        "redirect": reverse("detector:status", args=[analysis.pk])
    }
    assert analysis.source == Analysis.Source.CAMERA
    row = SelfTestResult.objects.get()
    assert (row.session, row.participant.nickname) == (session, "Zwaardvis")
    assert row.analysis_id == analysis.pk and not row.done
    # The pupil's own browser may open the result: it is theirs, as on the test page.
    assert pupil.get(reverse("detector:status", args=[analysis.pk])).status_code == 200


@pytest.mark.usefixtures("clip_storage")
def test_a_new_recording_replaces_the_old_one(
    questions, tmp_path, django_capture_on_commit_callbacks
):
    small_recording = recording(tmp_path)
    _, _, (pupil, *_) = class_in_round(pupils=1)
    with django_capture_on_commit_callbacks(execute=True):
        send_recording(pupil, small_recording)
        first = Analysis.objects.get()
        # Without JavaScript: the plain form, answered with the status page.
        response = send_recording(pupil, small_recording, from_recorder=False)
    second = Analysis.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("detector:status", args=[second.pk])
    assert list(SelfTestResult.objects.values_list("analysis_id", flat=True)) == [second.pk]


@pytest.mark.usefixtures("clip_storage")
def test_a_browser_that_did_not_join_is_refused_in_dutch(tmp_path):
    small_recording = recording(tmp_path)
    stranger = Client()
    response = send_recording(stranger, small_recording)
    assert response.status_code == 403
    assert json.loads(response.content)["error"].startswith("Je doet niet mee aan een quiz.")
    page = send_recording(stranger, small_recording, from_recorder=False)
    assert page.status_code == 403
    assert "Je doet niet mee" in page.content.decode()
    assert not Analysis.objects.exists()


@pytest.mark.usefixtures("clip_storage")
def test_a_recording_outside_the_round_is_refused_and_not_queued(questions, tmp_path):
    small_recording = recording(tmp_path)
    teacher = Client()
    session = start_as_teacher(teacher)
    pupil = join_as_pupil(session, "Uil")
    response = send_recording(pupil, small_recording)
    assert response.status_code == 409
    assert json.loads(response.content) == {"error": selftest.NOT_OPEN, "retry": False}
    # The plain form gets the pupil's screen (the lobby) with the message.
    page = send_recording(pupil, small_recording, from_recorder=False)
    assert page.status_code == 409
    text = page.content.decode()
    assert "is nu niet open" in text and "Je bent binnen!" in text
    assert "camera=()" in page["Permissions-Policy"]

    step(teacher, session, "stoppen")
    over = send_recording(pupil, small_recording)
    assert over.status_code == 410
    assert "afgelopen" in json.loads(over.content)["error"]
    assert not Analysis.objects.exists()
    assert not SelfTestResult.objects.exists()


@pytest.mark.usefixtures("clip_storage")
def test_a_file_that_is_no_video_gets_the_quick_checks_message(questions):
    _, _, (pupil, *_) = class_in_round(pupils=1)
    response = send_recording(pupil, b"dit is geen video" * 100, name="opname.webm")
    assert response.status_code == 400
    message = json.loads(response.content)["error"]
    assert message and "video" in message.lower()
    page = send_recording(pupil, b"dit is geen video" * 100, from_recorder=False)
    assert page.status_code == 400
    # Shown on the recorder's own form, on the pupil's screen that still films.
    assert 'id="recorder-refusal"' in page.content.decode()
    assert "camera=(self)" in page["Permissions-Policy"]
    assert not SelfTestResult.objects.exists()


def test_a_recording_that_arrives_after_the_round_closed_keeps_nothing(questions):
    teacher, session, _ = class_in_round(pupils=1)
    step(teacher, session, "testklaar")
    assert selftest.record(session.participants.get(), finished(12.0).pk) is None
    assert not SelfTestResult.objects.exists()


def test_the_recording_address_takes_a_clip_as_large_as_the_upload(settings):
    from common.body_limit import SMALL_BODY_BYTES
    from detector import intake

    assert intake.upload_limit_bytes() > SMALL_BODY_BYTES
    response = Client().post(
        reverse("classroom:selftest_upload"),
        b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(intake.upload_limit_bytes() + 1),
    )
    assert response.status_code == 413
