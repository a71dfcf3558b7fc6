"""Clips in object storage (an S3 bucket: moto's server, tests/s3.py): the worker
analyses its own copy and deletes it and the object, whatever happens; the clean-up
finds what dead processes left in the bucket. The environment chooses the bucket or
the folders under var/ (the default)."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from detector import isolation, services
from detector.models import Analysis, Thumbnail
from detector.tasks import analyse_clip_task
from tests.detector.webfixtures import make_analysis, upload_file
from tests.s3 import CREDENTIALS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BROKEN_MP4 = b"\x00\x00\x00\x18ftypisom" + bytes(5000)


def save_clip(name: str, content: bytes = b"clip") -> str:
    return storages["clips"].save(name, ContentFile(content))


@pytest.fixture
def worker_tmp(settings, tmp_path) -> Path:
    folder = tmp_path / "worker-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = folder
    return folder


def test_an_upload_is_analysed_from_the_bucket_and_leaves_nothing_behind(
    client,
    s3_bucket,
    worker_tmp,
    immediate_tasks,
    blurry_face_clip,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    seen: dict[str, Any] = {}
    analyse = isolation.analyse

    def watched(path, **kwargs):
        seen.update(path=Path(path), keys=s3_bucket.object_keys(), copy=Path(path).read_bytes())
        seen["private"] = all(s3_bucket.is_private(key) for key in seen["keys"])
        return analyse(path, **kwargs)

    monkeypatch.setattr(isolation, "analyse", watched)
    with django_capture_on_commit_callbacks(execute=True):
        upload_file(client, blurry_face_clip)

    analysis = Analysis.objects.get()
    assert analysis.status == Analysis.Status.DONE
    # While it was analysed, the clip was a private object, and the worker read its
    # own copy of it in its temp folder.
    assert len(seen["keys"]) == 1 and seen["keys"][0].startswith("clips/")
    assert seen["private"]
    assert seen["path"].parent == worker_tmp
    assert seen["copy"] == blurry_face_clip.read_bytes()
    # Afterwards neither the object nor the copy is left.
    assert s3_bucket.object_keys() == []
    assert list(worker_tmp.iterdir()) == []
    # The pictures are rows of the result in the database, served by the app.
    number = analysis.thumbnails.values_list("number", flat=True).first()
    picture_url = reverse("detector:thumbnail", args=[analysis.pk, number])
    picture = client.get(picture_url)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"

    client.post(reverse("detector:delete", args=[analysis.pk]))

    assert not Thumbnail.objects.exists()
    assert client.get(picture_url).status_code == 404
    assert s3_bucket.object_keys() == []


def test_a_job_that_fails_leaves_no_clip_in_the_bucket(s3_bucket, worker_tmp, immediate_tasks):
    name = save_clip("kapot.mp4", BROKEN_MP4)
    assert s3_bucket.object_keys() == [f"clips/{name}"]
    analysis = make_analysis(clip_name=name)

    analyse_clip_task.enqueue(analysis.pk)

    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.FAILED
    assert s3_bucket.object_keys() == []
    assert list(worker_tmp.iterdir()) == []


def test_the_clip_of_a_job_whose_worker_died_goes_with_it(s3_bucket, settings):
    settings.DETECTOR_STALE_AFTER_S = 60
    long_ago = timezone.now() - timedelta(minutes=10)
    dead = make_analysis(
        status=Analysis.Status.RUNNING, started_at=long_ago, clip_name=save_clip("dood.mp4")
    )
    Analysis.objects.filter(pk=dead.pk).update(updated_at=long_ago)

    call_command("cleanup_analyses", verbosity=0)

    dead.refresh_from_db()
    assert dead.status == Analysis.Status.FAILED
    assert s3_bucket.object_keys() == []


def test_an_expired_result_goes_with_its_clip(s3_bucket):
    make_analysis(clip_name=save_clip("verlopen.mp4"), expires_at=timezone.now())

    assert services.clean_up()["expired"] == 1

    assert not Analysis.objects.exists()
    assert s3_bucket.object_keys() == []


def test_the_clean_up_removes_an_orphaned_clip_once_it_is_older_than_its_grace_time(
    s3_bucket, monkeypatch
):
    orphan = save_clip("wees.mp4")
    waiting = save_clip("wacht.mp4")
    make_analysis(clip_name=waiting)
    # One bucket holds every storage: the clips' clean-up keeps to its own prefix.
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key="quiz-pictures/x.jpg", Body=b"x")

    # Just saved: its job's row may not be committed yet.
    assert services.delete_orphaned_clips() == 0
    assert f"clips/{orphan}" in s3_bucket.object_keys()
    later = timezone.now() + timedelta(seconds=services.ORPHAN_GRACE_S + 60)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert services.delete_orphaned_clips() == 1

    assert s3_bucket.object_keys() == [f"clips/{waiting}", "quiz-pictures/x.jpg"]


# --- The environment chooses: a bucket, or folders under var/ -----------------------

SAVE_ONE_FILE_IN_EACH = """
import json
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
names = ("default", "clips", "quiz_pictures")
for name in names:
    storages[name].save("proef.txt", ContentFile(b"proef"))
print(json.dumps({name: settings.STORAGES[name] for name in names}, default=str))
"""


def storages_of_a_fresh_process(var_dir: Path, **env: str) -> dict:
    """Start the app as `manage.py` does, with only these variables set; it saves
    a file in each file storage and tells what STORAGES it built."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "AWS_"))
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", SAVE_ONE_FILE_IN_EACH],
        cwd=ROOT,
        env={**clean, "DJANGO_DEBUG": "1", "DJANGO_VAR_DIR": str(var_dir), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_bucket_every_file_stays_in_a_folder_under_var(tmp_path):
    built = storages_of_a_fresh_process(tmp_path)

    assert {name: entry["BACKEND"].rsplit(".", 1)[1] for name, entry in built.items()} == {
        "default": "FileSystemStorage",
        "clips": "FileSystemStorage",
        "quiz_pictures": "QuestionPictureStorage",
    }
    for folder in ("media", "clips", "quiz-pictures"):
        assert (tmp_path / folder / "proef.txt").read_bytes() == b"proef"


def test_with_a_bucket_every_file_is_a_private_object_under_its_prefix(s3_bucket, tmp_path):
    built = storages_of_a_fresh_process(
        tmp_path,
        DJANGO_S3_BUCKET=s3_bucket.name,
        DJANGO_S3_ENDPOINT_URL=s3_bucket.endpoint_url,
        **CREDENTIALS,
    )

    keys = ["clips/proef.txt", "media/proef.txt", "quiz-pictures/proef.txt"]
    assert s3_bucket.object_keys() == keys
    assert all(s3_bucket.is_private(key) and s3_bucket.read(key) == b"proef" for key in keys)
    assert not any(path.is_file() for path in tmp_path.rglob("*proef*"))
    options = built["clips"]["OPTIONS"]
    assert options["region_name"] == "us-east-1"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None
    assert built["quiz_pictures"]["BACKEND"] == "quiz.picture_bucket.BucketQuestionPictureStorage"
