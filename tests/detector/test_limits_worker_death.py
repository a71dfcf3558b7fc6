"""A worker killed mid-job: its heartbeat stops, the status page says so within about a
minute, and the clean-up fails both the product's row and the task library's row and
deletes the clip. Upload temp files of a killed web process are removed too."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from detector import isolation, jobs, services
from detector.models import Analysis
from detector.tasks import enqueue_analysis
from tests.detector.webfixtures import give_to, make_analysis, stored_clips, write_clip

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running_job_of_a_dead_worker(clip_dir, silent_for_s: int) -> Analysis:
    """A job a worker claimed (both rows running) and then stopped writing to."""
    (clip_dir / "bezig.mp4").write_bytes(b"clip")
    analysis = make_analysis(clip_name="bezig.mp4")
    enqueue_analysis(analysis.pk)
    analysis.refresh_from_db()
    DBTaskResult.objects.filter(id=analysis.task_id).update(status=TaskResultStatus.RUNNING)
    jobs.claim(analysis.pk)
    Analysis.objects.filter(pk=analysis.pk).update(
        progress=19, updated_at=timezone.now() - timedelta(seconds=silent_for_s)
    )
    return analysis


def test_the_status_page_says_within_a_minute_that_the_analysis_stopped(client, clip_dir, settings):
    settings.TASKS = DB_TASKS
    analysis = running_job_of_a_dead_worker(clip_dir, silent_for_s=75)
    give_to(client, analysis)

    response = client.get(f"/controle/{analysis.pk}/")

    text = response.content.decode()
    assert "onderbroken" in text
    assert "19 %" not in text
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.FAILED
    task = DBTaskResult.objects.get(id=analysis.task_id)
    assert task.status == TaskResultStatus.FAILED
    assert stored_clips() == []


def test_a_job_that_beats_is_not_taken_for_dead(client, clip_dir, settings):
    settings.TASKS = DB_TASKS
    analysis = running_job_of_a_dead_worker(clip_dir, silent_for_s=20)
    services.clean_up()
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.RUNNING
    assert stored_clips() == ["bezig.mp4"]


def test_the_clean_up_fails_both_rows_and_deletes_the_clip(clip_dir, settings):
    settings.TASKS = DB_TASKS
    analysis = running_job_of_a_dead_worker(clip_dir, silent_for_s=120)

    call_command("cleanup_analyses", verbosity=0)

    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.FAILED
    assert DBTaskResult.objects.get(id=analysis.task_id).status == TaskResultStatus.FAILED
    assert stored_clips() == []


def test_the_heartbeat_moves_while_the_percentage_stands_still(clip_dir, settings):
    analysis = make_analysis(clip_name="x.mp4")
    jobs.claim(analysis.pk)
    writer = jobs.ProgressWriter(analysis.pk)
    writer(0.2)
    Analysis.objects.filter(pk=analysis.pk).update(
        updated_at=timezone.now() - timedelta(seconds=50)
    )
    writer.heartbeat()
    analysis.refresh_from_db()
    assert timezone.now() - analysis.updated_at < timedelta(seconds=5)
    assert analysis.progress == 18


def test_the_parent_beats_while_the_child_works(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "HEARTBEAT_EVERY_S", 0.3)
    monkeypatch.setattr(isolation, "GRACE_S", 2)
    clip = write_clip(tmp_path / "c.mp4", seconds=1.0)
    beats: list[float] = []
    with pytest.raises(isolation.ChildFailed):
        isolation.analyse_in_child(
            str(clip),
            on_progress=lambda fraction: None,
            heartbeat=lambda: beats.append(time.monotonic()),
            time_limit_s=1,
            memory_mb=1024,
            target="tests.detector.hungry:hang",
        )
    assert len(beats) >= 3


def test_orphaned_upload_temp_files_are_removed(settings, tmp_path):
    folder = tmp_path / "tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = folder
    orphan = folder / "tmpab12cd.upload.mp4"
    orphan.write_bytes(b"half a clip")
    stamp = time.time() - 2 * 3600
    os.utime(orphan, (stamp, stamp))
    being_written = folder / "tmpef34gh.upload.mp4"
    being_written.write_bytes(b"arriving")

    counts = services.clean_up()

    assert counts["orphaned_temp_files"] == 1
    assert not orphan.exists()
    assert being_written.exists()
