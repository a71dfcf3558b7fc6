"""What the worker does with one uploaded clip: analyse, make thumbnails, store the
report, and delete the clip whatever happens."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from detector.models import Analysis, Thumbnail
from detector.wording import errors

logger = logging.getLogger(__name__)

MAX_THUMBNAILS = 6
# Eye strips are stored as thumbnails with this number added to their moment's.
EYE_STRIP_NUMBER = 100
# The analysis is 0–90 %; storing the result the last stretch.
ANALYSIS_SHARE = 90
PROGRESS_EVERY_S = 1.0


class Cancelled(Exception):
    """The result was deleted while the clip was being analysed."""


def clip_storage():
    return storages["clips"]


def delete_clip(name: str) -> None:
    if not name:
        return
    try:
        clip_storage().delete(name)
    except Exception:
        # A disk says OSError, object storage its own errors (boto's). Either way the
        # clean-up finds the clip later (services.delete_orphaned_clips).
        logger.exception("Could not delete clip %s", name)


@contextlib.contextmanager
def local_copy(name: str) -> Iterator[str]:
    """A path on this machine for the stored clip: the file itself in a folder on this
    machine, else (object storage has no path) a copy in this machine's upload temp
    folder, deleted afterwards. A copy a killed worker leaves there, the clean-up
    removes after an hour (services.delete_orphaned_temp_files)."""
    storage = clip_storage()
    try:
        path = storage.path(name)
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    suffix = os.path.splitext(name)[1]
    folder = settings.FILE_UPLOAD_TEMP_DIR or None
    with tempfile.NamedTemporaryFile(prefix="clip-", suffix=suffix, dir=folder) as copy:
        with storage.open(name, "rb") as stored:
            shutil.copyfileobj(stored, copy)
        copy.flush()
        yield copy.name


def claim(analysis_id: str) -> bool:
    """Move a queued job to running. Atomic, so a job runs once even if delivered twice."""
    now = timezone.now()
    return bool(
        Analysis.objects.filter(pk=analysis_id, status=Analysis.Status.QUEUED).update(
            status=Analysis.Status.RUNNING,
            started_at=now,
            updated_at=now,
            progress=0,
            attempts=F("attempts") + 1,
        )
    )


class ProgressWriter:
    """Writes progress to the row at most once a second; notices a deleted result."""

    def __init__(self, analysis_id: str):
        self.analysis_id = analysis_id
        self.last_written = 0.0
        self.last_percent = -1

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(ANALYSIS_SHARE, round(float(fraction) * ANALYSIS_SHARE)))
        self.write(percent)

    def write(self, percent: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and (
            percent == self.last_percent or now - self.last_written < PROGRESS_EVERY_S
        ):
            return
        self.last_written, self.last_percent = now, percent
        updated = Analysis.objects.filter(
            pk=self.analysis_id, status=Analysis.Status.RUNNING
        ).update(progress=percent, updated_at=timezone.now())
        if not updated:
            raise Cancelled

    def heartbeat(self) -> None:
        """Tell the status page this job is alive even when the percentage stands still."""
        self.write(self.last_percent if self.last_percent >= 0 else 0, force=True)


def store_pictures(report: dict, pictures: dict[str, bytes]) -> list[Thumbnail]:
    """Thumbnails from the engine's pictures (cut in its single pass; no decoding here).

    The face crop of the N-th flagged moment becomes thumbnail N, its eye strip
    (before / during / after a blink) thumbnail 100 + N; each moment of the stored
    report gets ``"thumbnails": {"face": N, "eyes": 100 + N}`` for the page's links.
    """
    moments = [m for m in report.get("suspicious_moments") or [] if m.get("time_s") is not None]
    thumbnails = []
    for number, moment in enumerate(moments[:MAX_THUMBNAILS], start=1):
        names = moment.get("pictures") or {}
        numbers = {}
        for kind, offset in (("face", 0), ("eyes", EYE_STRIP_NUMBER)):
            jpeg = pictures.get(names.get(kind, ""))
            if not jpeg:
                continue
            numbers[kind] = offset + number
            thumbnails.append(
                Thumbnail(
                    number=offset + number,
                    time_s=float(moment["time_s"]),
                    reason=str(moment.get("reason", "")),
                    jpeg=jpeg,
                )
            )
        moment["thumbnails"] = numbers
    return thumbnails


def save_result(analysis_id: str, report: dict, thumbnails: list[Thumbnail]) -> None:
    with transaction.atomic():
        updated = Analysis.objects.filter(pk=analysis_id, status=Analysis.Status.RUNNING).update(
            status=Analysis.Status.DONE,
            progress=100,
            report=report,
            finished_at=timezone.now(),
            clip_name="",
        )
        if not updated:
            raise Cancelled
        for thumbnail in thumbnails:
            thumbnail.analysis_id = analysis_id
        Thumbnail.objects.bulk_create(thumbnails)


def save_failure(analysis_id: str, message: str) -> None:
    Analysis.objects.filter(
        pk=analysis_id, status__in=[Analysis.Status.QUEUED, Analysis.Status.RUNNING]
    ).update(
        status=Analysis.Status.FAILED,
        error_message=message,
        finished_at=timezone.now(),
        clip_name="",
    )


def length_limit(source: str) -> float:
    """Seconds of the clip the engine measures: a test-yourself recording is short (a
    longer one was not made by the page's recorder), an upload may be longer."""
    if source == Analysis.Source.CAMERA:
        return settings.DETECTOR_RECORDING_MAX_S
    return settings.DETECTOR_MAX_DURATION_S


def run_analysis(analysis_id: str) -> None:
    """The worker's whole job for one clip. Never leaves the clip behind."""
    from detector import isolation
    from detector.analysis import AnalysisError
    from detector.isolation import ChildFailed

    clip_name, source = Analysis.objects.filter(pk=analysis_id).values_list(
        "clip_name", "source"
    ).first() or ("", "")
    if not claim(analysis_id):
        # Deleted, already done, or taken by another worker: nothing to do here. The
        # clip of a deleted result was removed with it; the clean-up catches the rest.
        logger.info("Analysis %s is not queued any more; skipped", analysis_id)
        return
    progress = ProgressWriter(analysis_id)
    try:
        with local_copy(clip_name) as path:
            # The only decode: in a child with a memory cap (a decoder bomb kills
            # the child, not this worker). The child also cuts the pictures.
            result = isolation.analyse(
                path,
                on_progress=progress,
                heartbeat=progress.heartbeat,
                time_limit_s=settings.DETECTOR_TIME_LIMIT_S,
                max_duration_s=length_limit(source),
            )
            progress.write(ANALYSIS_SHARE, force=True)
        report = result.report
        # A recording of oneself keeps only numbers: no pictures of a (young) face.
        kept = {} if source == Analysis.Source.CAMERA else result.pictures
        thumbnails = store_pictures(report, kept)
        save_result(analysis_id, report, thumbnails)
    except Cancelled:
        logger.info("Analysis %s was deleted while running", analysis_id)
    except AnalysisError as error:
        logger.info("Analysis %s failed: %s", analysis_id, error.code)
        save_failure(analysis_id, errors.error_text(error.code))
    except ChildFailed as error:
        logger.warning("Analysis %s: the child process failed", analysis_id)
        save_failure(analysis_id, str(error))
    except Exception:
        logger.exception("Analysis %s crashed", analysis_id)
        save_failure(analysis_id, errors.UNEXPECTED)
    finally:
        delete_clip(clip_name)
