"""Helpers for the tests of Klassikaal's "test jezelf" round: a round opened by the
teacher, pupils in it, and finished analyses with the numbers a report would hold."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from classroom import selftest
from classroom.models import ClassSession, Participant, SelfTestResult
from detector.models import Analysis
from tests.classroom.factories import join_as_pupil, start_as_teacher, step
from tests.detector.webfixtures import (
    DUMMY,
    clips_in,
    finished_report,
    make_analysis,
    write_clip,
)

Phase = ClassSession.Phase
# Hard to miss in a page: none of these is a Dutch word or part of the board's text.
NICKNAMES = ["Zwaardvis", "Kolibrie", "Wasbeer", "Narwal", "Stokstaart", "Axolotl"]


@pytest.fixture
def clip_storage(settings, tmp_path) -> Path:
    """The detector's private clip storage in a temporary folder, and a task queue
    that only collects (nothing is analysed in these tests)."""
    folder = clips_in(settings, tmp_path / "clips")
    settings.TASKS = DUMMY
    return folder


def recording(folder: Path) -> bytes:
    """A small clip of a face, made in `folder`: the intake takes it as a recording."""
    return write_clip(folder / "opname.mp4", seconds=2.0).read_bytes()


def open_round(teacher: Client, session: ClassSession):
    return step(teacher, session, "testjezelf")


def class_in_round(pupils: int = 5) -> tuple[Client, ClassSession, list[Client]]:
    """A teacher, `pupils` pupils in the lobby (named from NICKNAMES), the round open."""
    teacher = Client()
    session = start_as_teacher(teacher)
    clients = [join_as_pupil(session, name) for name in NICKNAMES[:pupils]]
    assert open_round(teacher, session).status_code == 302
    session.refresh_from_db()
    assert session.phase == Phase.SELFTEST
    return teacher, session, clients


def send_recording(pupil: Client, content: bytes, from_recorder: bool = True, name="opname.mp4"):
    """A recording as recorder.js sends it (X-Recorder: 1, a JSON answer), or as the
    plain form does."""
    clip = io.BytesIO(content)
    clip.name = name
    headers = {"X-Recorder": "1"} if from_recorder else {}
    return pupil.post(reverse("classroom:selftest_upload"), {"clip": clip}, headers=headers)


def moment(reason: str, time_s: float = 5.0) -> dict:
    return {"time_s": time_s, "reason": reason, "numbers": {}}


def finished(rate: float | None, *reasons: str) -> Analysis:
    """A finished analysis of a recording, with this blink rate and flagged moments."""
    report = finished_report(
        blink_rate_per_min=rate, suspicious_moments=[moment(reason) for reason in reasons]
    )
    return make_analysis(
        status=Analysis.Status.DONE,
        progress=100,
        report=report,
        source=Analysis.Source.CAMERA,
    )


def link(participant: Participant, analysis: Analysis) -> SelfTestResult:
    """What the upload's callback does once the analysis is queued."""
    result = selftest.record(participant, analysis.pk)
    assert result is not None
    return result


def board_html(teacher: Client, session: ClassSession) -> str:
    response = teacher.get(reverse("classroom:board", args=[session.code]))
    assert response.status_code == 200
    return response.content.decode()
