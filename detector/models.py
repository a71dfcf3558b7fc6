import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from detector.wording import labels


def new_analysis_id() -> str:
    # 128 random bits: the id in the address is the only key to a result.
    return secrets.token_urlsafe(16)


def default_expiry():
    return timezone.now() + timedelta(hours=settings.DETECTOR_RESULT_HOURS)


class AnalysisQuerySet(models.QuerySet):
    def expired(self) -> "AnalysisQuerySet":
        return self.filter(expires_at__lte=timezone.now())

    def visible(self) -> "AnalysisQuerySet":
        return self.filter(expires_at__gt=timezone.now())

    def waiting(self) -> "AnalysisQuerySet":
        return self.filter(status__in=[Analysis.Status.QUEUED, Analysis.Status.RUNNING])

    def stale_running(self) -> "AnalysisQuerySet":
        """Running jobs whose worker most likely died.

        A live job writes its progress every few seconds and never runs longer than
        the time limit, so silence or old age both mean nobody is working on it.
        """
        now = timezone.now()
        silent_since = now - timedelta(seconds=settings.DETECTOR_STALE_AFTER_S)
        too_old = now - timedelta(
            seconds=settings.DETECTOR_TIME_LIMIT_S + settings.DETECTOR_STALE_AFTER_S
        )
        return self.filter(status=Analysis.Status.RUNNING).filter(
            models.Q(updated_at__lt=silent_since) | models.Q(started_at__lt=too_old)
        )

    def stale_queued(self) -> "AnalysisQuerySet":
        """Jobs that waited longer than anyone would: lost from the queue, or a queue
        so long that the visitor has given up. Either way, free their clip."""
        too_old = timezone.now() - timedelta(seconds=settings.DETECTOR_MAX_QUEUE_WAIT_S)
        return self.filter(status=Analysis.Status.QUEUED, created_at__lt=too_old)

    def for_client(self, client_key: str) -> "AnalysisQuerySet":
        return self.filter(client_key=client_key)

    def for_session(self, session_key: str) -> "AnalysisQuerySet":
        return self.filter(session_key=session_key)


class Analysis(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", labels.QUEUED
        RUNNING = "running", labels.RUNNING
        DONE = "done", labels.DONE
        FAILED = "failed", labels.FAILED

    class Source(models.TextChoices):
        UPLOAD = "upload", "Geüploade video"
        # Recorded on the test-yourself page (or in Klassikaal's round): a real
        # person, so every flagged moment is a false alarm (the result says so).
        CAMERA = "camera", "Eigen camera-opname"

    id = models.CharField(primary_key=True, max_length=32, default=new_analysis_id, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error_message = models.TextField(blank=True)
    report = models.JSONField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source, default=Source.UPLOAD)
    # Name inside storages["clips"]; emptied once the clip is deleted.
    clip_name = models.CharField(max_length=100, blank=True)
    # Salted hashes of the uploader's IP address and browser session, only for the
    # upload limits (a class behind one school address shares the first).
    client_key = models.CharField(max_length=64, db_index=True)
    session_key = models.CharField(max_length=64, db_index=True, default="", blank=True)
    # The task library's id for this job, so the clean-up can fail its row too.
    task_id = models.CharField(max_length=64, blank=True, default="")
    # How many times a worker started this job; more than one means a retry.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_expiry, db_index=True)

    objects = AnalysisQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "controle"
        verbose_name_plural = "controles"

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def place_in_queue(self) -> int:
        """1 for the next job to run: the number of queued jobs created before it, plus one."""
        earlier = Analysis.objects.filter(
            status=self.Status.QUEUED, created_at__lt=self.created_at
        ).count()
        return earlier + 1


class Thumbnail(models.Model):
    """A small JPEG of a flagged moment. Kept in the database: tiny, it expires with
    its analysis (cascade) and every web machine can serve it without shared disk."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="thumbnails")
    number = models.PositiveSmallIntegerField()
    time_s = models.FloatField()
    reason = models.CharField(max_length=40)
    jpeg = models.BinaryField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="unique_thumbnail_number")
        ]

    def __str__(self) -> str:
        return f"{self.reason} @ {self.time_s:.1f}s"


class ClientUpload(models.Model):
    """One accepted upload, for the per-hour limits, or a refusal that cost a header
    sniff (no session key; it counts for the address only): the hashed keys and the
    time. Separate from Analysis so that deleting a result does not reset the count;
    the clean-up deletes marks older than an hour."""

    client_key = models.CharField(max_length=64)
    session_key = models.CharField(max_length=64, default="", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["client_key", "created_at"]),
            models.Index(fields=["session_key", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.client_key[:8]}… {self.created_at:%H:%M}"


class UploadGate(models.Model):
    """One row, locked (SELECT ... FOR UPDATE) while an upload's limits are counted and
    its rows inserted, so parallel uploads cannot all pass the same count. SQLite
    takes its write lock at the start of the transaction instead (settings.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    def __str__(self) -> str:
        return "upload gate"
