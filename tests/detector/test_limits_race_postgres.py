"""The upload-limit race of test_limits_race.py, against PostgreSQL: there the gate row
is locked with SELECT ... FOR UPDATE (SQLite takes its write lock instead)."""

from __future__ import annotations

import psycopg
import pytest

from tests.detector.test_limits_race import (
    PER_ADDRESS,
    RACERS,
    WAITING_PER_SESSION,
    race,
    upload,
    upload_page,
)
from tests.detector.test_limits_race import clip as clip
from tests.detector.test_postgres_workers import postgres_url as postgres_url
from tests.hardening_stack import Stack

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server(postgres_url, tmp_path_factory):
    race_url = postgres_url.rsplit("/", 1)[0] + "/race"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS race")
        connection.execute("CREATE DATABASE race")
    stack = Stack(
        tmp_path_factory.mktemp("race-pg"),
        use_nginx=False,
        extra_env={
            "DATABASE_URL": race_url,
            "DETECTOR_MAX_WAITING_PER_CLIENT": str(WAITING_PER_SESSION),
            "DETECTOR_UPLOADS_PER_HOUR": "100",
            "DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS": str(PER_ADDRESS),
        },
    ).start()
    stack.database_url = race_url  # type: ignore[attr-defined]
    yield stack
    stack.stop()


def waiting_rows(url: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM detector_analysis WHERE status IN ('queued', 'running')"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_the_race_on_postgres_gets_no_more_than_the_limits(server, clip):
    csrf, session = upload_page(server.port)
    status, _ = upload(server.port, clip, csrf, session)
    assert status == 302

    one_session = race(server.port, clip, csrf, session)
    assert one_session.count(302) == WAITING_PER_SESSION - 1, one_session
    assert waiting_rows(server.database_url) == WAITING_PER_SESSION

    new_sessions = race(server.port, clip, upload_page(server.port)[0], session=None)
    assert new_sessions.count(302) == PER_ADDRESS - WAITING_PER_SESSION, new_sessions
    assert len(new_sessions) == RACERS
    assert waiting_rows(server.database_url) == PER_ADDRESS
