import pytest

import detector.analysis
from detector import jobs
from detector.models import Analysis, Thumbnail
from detector.tasks import analyse_clip_task
from detector.wording import errors
from tests.detector.webfixtures import make_analysis, stored_clips

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_in_process(settings):
    """These tests swap the engine for a stand-in in this process (monkeypatch), which
    a spawned child would not see: run the analysis in the worker itself."""
    settings.DETECTOR_ANALYSE_IN_CHILD = False


def queued_with_clip(clip_dir, content: bytes, name: str = "a1b2.mp4") -> Analysis:
    (clip_dir / name).write_bytes(content)
    return make_analysis(clip_name=name)


def test_the_task_analyses_the_clip_makes_thumbnails_and_deletes_it(
    clip_dir, immediate_tasks, blurry_face_clip
):
    analysis = queued_with_clip(clip_dir, blurry_face_clip.read_bytes())

    analyse_clip_task.enqueue(analysis.pk)

    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.DONE
    assert analysis.progress == 100
    assert analysis.attempts == 1
    assert analysis.started_at <= analysis.finished_at
    moments = analysis.report["suspicious_moments"]
    assert [t.reason for t in Thumbnail.objects.filter(analysis=analysis)] == [
        m["reason"] for m in moments
    ][: jobs.MAX_THUMBNAILS]
    assert stored_clips() == []


def test_a_recording_of_oneself_keeps_the_flagged_moments_but_no_pictures_of_the_face(
    clip_dir, immediate_tasks, blurry_face_clip
):
    (clip_dir / "c3d4.webm").write_bytes(blurry_face_clip.read_bytes())
    analysis = make_analysis(clip_name="c3d4.webm", source=Analysis.Source.CAMERA)

    analyse_clip_task.enqueue(analysis.pk)

    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.DONE
    assert analysis.report["suspicious_moments"]  # the same clip as an upload gets pictures
    assert not Thumbnail.objects.filter(analysis=analysis).exists()
    assert stored_clips() == []


def test_a_corrupt_clip_that_only_fails_in_the_worker_ends_as_failed_and_the_next_runs(
    clip_dir, immediate_tasks, small_clip
):
    broken = queued_with_clip(clip_dir, b"\x00\x00\x00\x18ftypisom" + bytes(5000), "bad.mp4")
    good = queued_with_clip(clip_dir, small_clip.read_bytes(), "good.mp4")

    analyse_clip_task.enqueue(broken.pk)
    analyse_clip_task.enqueue(good.pk)

    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.status == Analysis.Status.FAILED
    assert "video" in broken.error_message  # the engine's Dutch explanation
    assert good.status == Analysis.Status.DONE
    assert stored_clips() == []


def test_an_unexpected_crash_fails_the_job_with_a_dutch_explanation(
    clip_dir, immediate_tasks, small_clip, monkeypatch, caplog, engine_in_process
):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(detector.analysis, "analyse", crash)
    analysis = queued_with_clip(clip_dir, small_clip.read_bytes())

    analyse_clip_task.enqueue(analysis.pk)

    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.FAILED
    assert analysis.error_message == errors.UNEXPECTED
    assert "boom" in caplog.text
    assert stored_clips() == []


def test_the_time_limit_stops_a_long_analysis(clip_dir, immediate_tasks, small_clip, settings):
    settings.DETECTOR_TIME_LIMIT_S = 1e-9
    analysis = queued_with_clip(clip_dir, small_clip.read_bytes())

    analyse_clip_task.enqueue(analysis.pk)

    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.FAILED
    assert "te lang" in analysis.error_message
    assert stored_clips() == []


def test_a_job_runs_only_once_even_if_delivered_twice(
    clip_dir, small_clip, monkeypatch, engine_in_process
):
    calls = []
    real = detector.analysis.analyse

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(detector.analysis, "analyse", counted)
    analysis = queued_with_clip(clip_dir, small_clip.read_bytes())

    jobs.run_analysis(analysis.pk)
    jobs.run_analysis(analysis.pk)

    analysis.refresh_from_db()
    assert calls == [1]
    assert analysis.attempts == 1
    assert analysis.status == Analysis.Status.DONE


def test_a_result_deleted_during_the_analysis_stops_it_and_deletes_the_clip(
    clip_dir, small_clip, monkeypatch, engine_in_process
):
    real = detector.analysis.analyse

    def delete_then_analyse(path, on_progress=None, time_limit_s=None, max_duration_s=None):
        Analysis.objects.filter(pk=analysis.pk).delete()
        return real(
            path, on_progress=on_progress, time_limit_s=time_limit_s, max_duration_s=max_duration_s
        )

    monkeypatch.setattr(detector.analysis, "analyse", delete_then_analyse)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY_S", 0)
    analysis = queued_with_clip(clip_dir, small_clip.read_bytes())

    jobs.run_analysis(analysis.pk)

    assert not Analysis.objects.exists()
    assert not Thumbnail.objects.exists()
    assert stored_clips() == []


def test_progress_is_written_to_the_row(clip_dir):
    analysis = make_analysis(status=Analysis.Status.RUNNING)
    writer = jobs.ProgressWriter(analysis.pk)

    writer(0.5)

    analysis.refresh_from_db()
    assert analysis.progress == 45


def test_progress_writes_are_throttled(django_assert_num_queries):
    analysis = make_analysis(status=Analysis.Status.RUNNING)
    writer = jobs.ProgressWriter(analysis.pk)
    with django_assert_num_queries(1):
        for step in range(100):
            writer(step / 100)
