"""The only module that knows about the task library (django-tasks today, Django's
own ``django.tasks`` later): a task takes an id and calls the real work in jobs.py."""

from django_tasks import task

from detector import jobs


@task()
def analyse_clip_task(analysis_id: str) -> None:
    jobs.run_analysis(analysis_id)


def enqueue_analysis(analysis_id: str) -> None:
    analyse_clip_task.enqueue(analysis_id)
