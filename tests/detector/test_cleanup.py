import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from detector import services
from detector.models import Analysis, ClientUpload, Thumbnail
from tests.detector.webfixtures import make_analysis, stored_clips

pytestmark = pytest.mark.django_db


def old_file(folder, name: str, age_s: int = 3600):
    path = folder / name
    path.write_bytes(b"clip")
    stamp = time.time() - age_s
    os.utime(path, (stamp, stamp))
    return path


def test_it_fails_a_job_whose_worker_died_and_deletes_its_clip(clip_dir, settings):
    settings.DETECTOR_STALE_AFTER_S = 60
    old_file(clip_dir, "dead.mp4")
    long_ago = timezone.now() - timedelta(minutes=10)
    dead = make_analysis(status=Analysis.Status.RUNNING, started_at=long_ago, clip_name="dead.mp4")
    Analysis.objects.filter(pk=dead.pk).update(updated_at=long_ago)

    call_command("cleanup_analyses", verbosity=0)

    dead.refresh_from_db()
    assert dead.status == Analysis.Status.FAILED
    assert "onderbroken" in dead.error_message
    assert stored_clips() == []


def test_a_job_past_the_time_limit_is_stale_even_if_it_still_writes(clip_dir, settings):
    settings.DETECTOR_TIME_LIMIT_S = 60
    settings.DETECTOR_STALE_AFTER_S = 60
    stuck = make_analysis(
        status=Analysis.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=5)
    )
    assert list(Analysis.objects.stale_running()) == [stuck]


def test_it_leaves_live_jobs_and_their_clips_alone(clip_dir):
    old_file(clip_dir, "waiting.mp4")
    old_file(clip_dir, "working.mp4")
    waiting = make_analysis(clip_name="waiting.mp4")
    working = make_analysis(
        status=Analysis.Status.RUNNING, started_at=timezone.now(), clip_name="working.mp4"
    )

    services.clean_up()

    assert sorted(stored_clips()) == ["waiting.mp4", "working.mp4"]
    assert {a.status for a in Analysis.objects.filter(pk__in=[waiting.pk, working.pk])} == {
        Analysis.Status.QUEUED,
        Analysis.Status.RUNNING,
    }


def test_it_deletes_expired_results_with_their_thumbnails(clip_dir):
    expired = make_analysis(
        status=Analysis.Status.DONE, expires_at=timezone.now() - timedelta(minutes=1)
    )
    Thumbnail.objects.create(analysis=expired, number=1, time_s=1.0, reason="x", jpeg=b"j")
    fresh = make_analysis(status=Analysis.Status.DONE)

    counts = services.clean_up()

    assert counts["expired"] == 1
    assert list(Analysis.objects.all()) == [fresh]
    assert not Thumbnail.objects.exists()


def test_it_deletes_orphaned_clips_but_not_ones_just_uploaded(clip_dir):
    old_file(clip_dir, "orphan.mp4")
    old_file(clip_dir, "just-saved.mp4", age_s=5)

    counts = services.clean_up()

    assert counts["orphaned_clips"] == 1
    assert stored_clips() == ["just-saved.mp4"]


def test_expired_queries_match_the_expiry_time():
    past = make_analysis(expires_at=timezone.now() - timedelta(seconds=1))
    future = make_analysis()
    assert list(Analysis.objects.expired()) == [past]
    assert list(Analysis.objects.visible()) == [future]
    assert future.expires_at > timezone.now() + timedelta(hours=23)


def test_upload_marks_are_kept_for_an_hour_only():
    ClientUpload.objects.create(client_key="k", created_at=timezone.now() - timedelta(hours=2))
    recent = ClientUpload.objects.create(client_key="k")
    assert services.clean_up()["upload_marks"] == 1
    assert list(ClientUpload.objects.all()) == [recent]


def test_a_job_that_waited_too_long_in_the_queue_is_failed_and_its_clip_deleted(clip_dir, settings):
    settings.DETECTOR_MAX_QUEUE_WAIT_S = 60
    old_file(clip_dir, "forgotten.mp4")
    forgotten = make_analysis(
        clip_name="forgotten.mp4", created_at=timezone.now() - timedelta(minutes=5)
    )
    recent = make_analysis()

    services.clean_up()

    forgotten.refresh_from_db()
    recent.refresh_from_db()
    assert forgotten.status == Analysis.Status.FAILED
    assert "te lang in de wachtrij" in forgotten.error_message
    assert recent.status == Analysis.Status.QUEUED
    assert stored_clips() == []
