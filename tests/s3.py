"""An S3 service for the tests: moto's standalone server, real HTTP on a free port of
127.0.0.1 (started on first use, kept for the test run), and a fresh bucket per test
that the project's file storages use, built by settings.py exactly as for
DJANGO_S3_BUCKET. Production uses any S3 service (MinIO, Ceph, a cloud provider).

Use the fixture ``s3_bucket`` (the test folders' conftest.py bring it in).
"""

from __future__ import annotations

import functools
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.config import Config
from moto.server import ThreadedMotoServer

from deepfake_edu import settings as project_settings
from tests.ports import free_port

# Whatever boto3 finds in the environment, the tests sign with these.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


@functools.cache
def s3_server() -> str:
    """The address of moto's S3 server, started once (its thread dies with the run)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no log line per request
    port = free_port()
    ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False).start()
    return f"http://127.0.0.1:{port}"


@dataclass
class Bucket:
    name: str
    endpoint_url: str

    @functools.cached_property
    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=Config(s3={"addressing_style": "path"}),
        )

    def object_keys(self, prefix: str = "") -> list[str]:
        """Every object's key under ``prefix``, sorted."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def is_private(self, key: str) -> bool:
        """Only the owner may do anything with the object: no grant to everyone."""
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)

    def storages(self) -> dict[str, dict]:
        """The STORAGES entries settings.py makes with this bucket."""
        return project_settings.file_storages(self.name, self.endpoint_url)


def new_bucket() -> Bucket:
    bucket = Bucket(f"echt-of-nep-{uuid.uuid4().hex[:16]}", s3_server())
    bucket.client.create_bucket(Bucket=bucket.name)
    return bucket


@pytest.fixture
def s3_bucket(settings, monkeypatch) -> Bucket:
    """A new, empty bucket holding every file storage of the project, as with
    DJANGO_S3_BUCKET and DJANGO_S3_ENDPOINT_URL set."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = new_bucket()
    settings.STORAGES = {**settings.STORAGES, **bucket.storages()}
    return bucket
