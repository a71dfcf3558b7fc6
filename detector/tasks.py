"""The only module that knows about the task library (django-tasks today, Django's
own ``django.tasks`` later): a task takes an id and calls the real work in jobs.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from detector import jobs
from detector.models import Analysis


@task()
def analyse_clip_task(analysis_id: str) -> None:
    jobs.run_analysis(analysis_id)


def enqueue_analysis(analysis_id: str) -> None:
    result = analyse_clip_task.enqueue(analysis_id)
    # Kept so the clean-up can also fail the task library's own row of a dead worker.
    Analysis.objects.filter(pk=analysis_id).update(task_id=str(result.id))


def fail_task(task_id: str) -> int:
    """Mark the task library's row of a job whose worker died as failed (the database
    backend only; other backends keep no rows). Returns the number of rows changed."""
    if not task_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return 0
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.filter(
            id=task_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="detector.jobs.WorkerStopped",
            traceback="The worker stopped while running this job (no heartbeat).",
        )
    except (ValueError, ValidationError):
        return 0
