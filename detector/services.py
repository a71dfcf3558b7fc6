"""The quick check's rules that the views and the clean-up share."""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

# Re-exported for the views: the address rule is the whole site's (common/clients.py).
from common.clients import client_ip_from_meta as client_ip  # noqa: F401
from detector import jobs
from detector.models import Analysis, ClientUpload, UploadGate
from detector.validation import AcceptedClip
from detector.wording import errors

logger = logging.getLogger(__name__)

# Clips younger than this may belong to an upload whose row is not committed yet.
ORPHAN_GRACE_S = 600
# Upload temp files untouched for this long belong to a web process that died.
ORPHAN_TEMP_S = 3600


class UploadRefused(Exception):
    """Too many uploads from one client, or too busy; ``str(error)`` is a Dutch message."""

    status = 429


class QueueFull(UploadRefused):
    """Too many jobs waiting (this browser's, this address's or everybody's): jobs
    finish within minutes, so the same clip may be taken a little later."""


class TooBusy(QueueFull):
    """The whole queue is full: nobody can upload for a while."""

    status = 503


def client_key(ip: str) -> str:
    """A salted hash of the IP address: enough to count uploads, useless to find anyone."""
    return salted_hmac("detector.client-key", ip or "unknown").hexdigest()


def session_key_hash(session_key: str) -> str:
    """A salted hash of the browser session's key, for the per-pupil limits."""
    return salted_hmac("detector.session-key", session_key).hexdigest()


def check_limits(session: str, address: str) -> None:
    """Raise UploadRefused when this upload would go over a limit.

    Per browser session (a pupil): DETECTOR_MAX_WAITING_PER_CLIENT waiting and
    DETECTOR_UPLOADS_PER_HOUR an hour. Per address (a whole school behind one
    address): DETECTOR_MAX_WAITING_PER_ADDRESS waiting, a share of the queue, and
    DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS an hour (refusals that cost a header sniff
    count too). Everybody together: DETECTOR_MAX_WAITING_TOTAL waiting jobs. Counted
    again under the upload gate's lock in submit_clip, so parallel uploads cannot slip
    through together.
    """
    waiting = Analysis.objects.waiting()
    if waiting.for_session(session).count() >= settings.DETECTOR_MAX_WAITING_PER_CLIENT:
        raise QueueFull(errors.SESSION_QUEUE_FULL)
    if waiting.filter(client_key=address).count() >= settings.DETECTOR_MAX_WAITING_PER_ADDRESS:
        raise QueueFull(errors.ADDRESS_QUEUE_FULL)
    if waiting.count() >= settings.DETECTOR_MAX_WAITING_TOTAL:
        raise TooBusy(errors.TOO_BUSY)
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = ClientUpload.objects.filter(created_at__gte=hour_ago)
    if recent.filter(session_key=session).count() >= settings.DETECTOR_UPLOADS_PER_HOUR:
        raise UploadRefused(errors.session_hour_full(settings.DETECTOR_UPLOADS_PER_HOUR))
    if recent.filter(client_key=address).count() >= settings.DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS:
        raise UploadRefused(errors.ADDRESS_HOUR_FULL)


def submit_clip(
    upload: UploadedFile,
    accepted: AcceptedClip,
    address: str,
    session: str = "",
    source: str = Analysis.Source.UPLOAD,
) -> Analysis:
    """Store the clip under a random name, then count and insert in one locked step, and
    queue the analysis. Raises UploadRefused (the clip is deleted again) over a limit."""
    from detector.tasks import enqueue_analysis

    upload.seek(0)
    clip_name = jobs.clip_storage().save(f"{secrets.token_hex(16)}{accepted.extension}", upload)
    try:
        with transaction.atomic():
            # Serialises the count-and-insert: a row lock on PostgreSQL; on SQLite the
            # transaction already holds the database's write lock (IMMEDIATE mode).
            UploadGate.objects.select_for_update().get_or_create(pk=1)
            check_limits(session, address)
            analysis = Analysis.objects.create(
                clip_name=clip_name, client_key=address, session_key=session, source=source
            )
            ClientUpload.objects.create(client_key=address, session_key=session)
            transaction.on_commit(lambda: enqueue_analysis(analysis.pk))
    except Exception:
        jobs.delete_clip(clip_name)
        raise
    return analysis


def count_refusal(address: str) -> None:
    """A clip refused after its headers were sniffed counts toward the address's hourly
    limit (not the session's: a pupil with a broken file may try again): reading
    headers costs the web process some work, so it cannot be done without end."""
    ClientUpload.objects.create(client_key=address)


def delete_analysis(analysis: Analysis) -> None:
    """Delete a result now: the row, its thumbnails (cascade) and a clip still waiting."""
    clip_name = analysis.clip_name
    analysis.delete()
    jobs.delete_clip(clip_name)


def fail_if_stale(analysis: Analysis) -> Analysis:
    """Cheap check for one row, run when someone looks at its status."""
    stale = Analysis.objects.stale_running().filter(pk=analysis.pk)
    if analysis.status == Analysis.Status.RUNNING and stale.exists():
        fail_stale([analysis.pk])
        analysis.refresh_from_db()
    return analysis


def fail_stale(ids: list[str] | None = None) -> int:
    stale = Analysis.objects.stale_running()
    if ids is not None:
        stale = stale.filter(pk__in=ids)
    count = 0
    from detector.tasks import fail_task

    for analysis in stale:
        jobs.save_failure(analysis.pk, errors.WORKER_STOPPED)
        fail_task(analysis.task_id)
        jobs.delete_clip(analysis.clip_name)
        logger.warning("Analysis %s was running without a worker; marked failed", analysis.pk)
        count += 1
    if ids is None:
        for analysis in Analysis.objects.stale_queued():
            jobs.save_failure(analysis.pk, errors.WAITED_TOO_LONG)
            fail_task(analysis.task_id)
            jobs.delete_clip(analysis.clip_name)
            logger.warning("Analysis %s waited too long in the queue; marked failed", analysis.pk)
            count += 1
    return count


def delete_expired() -> int:
    count = 0
    for analysis in Analysis.objects.expired():
        delete_analysis(analysis)
        count += 1
    return count


def delete_orphaned_clips() -> int:
    """Clips (files in the folder, or objects under the bucket's prefix) that no waiting
    job needs: a web process or worker that died between saving and deleting one."""
    storage = jobs.clip_storage()
    try:
        _dirs, files = storage.listdir("")
    except FileNotFoundError:
        return 0
    needed = set(
        Analysis.objects.waiting().exclude(clip_name="").values_list("clip_name", flat=True)
    )
    cutoff = timezone.now() - timedelta(seconds=ORPHAN_GRACE_S)
    count = 0
    for name in files:
        if name in needed or not _older_than(storage, name, cutoff):
            continue
        jobs.delete_clip(name)
        count += 1
    return count


def _older_than(storage: Storage, name: str, cutoff: datetime) -> bool:
    """A storage that keeps no times has only old files. A clip that went while we
    looked (its job ended), or a store that did not answer, waits for the next round."""
    try:
        return storage.get_modified_time(name) < cutoff
    except NotImplementedError:
        return True
    except Exception:
        logger.info("No time for clip %s; left for the next clean-up", name)
        return False


def delete_orphaned_temp_files() -> int:
    """Upload temp files a killed web process left in FILE_UPLOAD_TEMP_DIR. A file that
    is still being written changes all the time; one untouched for an hour is an orphan."""
    folder = settings.FILE_UPLOAD_TEMP_DIR
    if not folder:
        return 0
    cutoff = time.time() - ORPHAN_TEMP_S
    count = 0
    for path in Path(folder).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                count += 1
        except OSError:
            logger.warning("Could not remove temp file %s", path.name)
    return count


def delete_old_upload_marks() -> int:
    hour_ago = timezone.now() - timedelta(hours=1)
    return ClientUpload.objects.filter(created_at__lt=hour_ago).delete()[0]


def clean_up() -> dict[str, int]:
    return {
        "upload_marks": delete_old_upload_marks(),
        "stale": fail_stale(),
        "expired": delete_expired(),
        "orphaned_clips": delete_orphaned_clips(),
        "orphaned_temp_files": delete_orphaned_temp_files(),
    }
