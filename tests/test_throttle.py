"""Attempt counts (common/throttle.py): one atomic step to count and decide, so a
burst of parallel attempts gets no more through than the limit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

from common.models import AttemptCount
from common.throttle import Throttle, take_all
from tests.detector.test_postgres_workers import postgres_url as postgres_url

ROOT = Path(__file__).resolve().parent.parent


LIMIT = 30
RACERS = 100


# Each racer has its own connection, as each gunicorn thread has; run in a child
# process on a real database file (the test run's in-memory SQLite is one shared
# connection cache, whose table locks do not wait).
RACE = """
import sys, threading
import django

django.setup()
from django.core.management import call_command
from django.db import connection
from common.throttle import Throttle

call_command("migrate", "common", verbosity=0)
throttle = Throttle("race", limit=int(sys.argv[1]), window_s=600)
barrier = threading.Barrier(int(sys.argv[2]))
passed = []

def attempt():
    try:
        barrier.wait()
        passed.append(throttle.take("198.51.100.7"))
    finally:
        connection.close()

threads = [threading.Thread(target=attempt) for _ in range(barrier.parties)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(passed.count(True), len(passed))
"""


def race(env: dict[str, str], racers: int = RACERS) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", RACE, str(LIMIT), str(racers)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    passed, finished = done.stdout.split()
    return int(passed), int(finished)


def race_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="deepfake_edu.settings",
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(var_dir),
        **extra,
    )
    return env


def test_parallel_attempts_never_pass_the_limit(tmp_path):
    """100 attempts at once against a limit of 30: exactly 30 get through."""
    assert race(race_env(tmp_path)) == (LIMIT, RACERS)


@pytest.mark.postgres
def test_parallel_attempts_never_pass_the_limit_on_postgres(postgres_url, tmp_path):
    # Each racer holds a connection: stay under the test server's 100 connections
    # (a racer that cannot connect would fail for that reason, not the throttle's).
    racers = 2 * LIMIT
    assert race(race_env(tmp_path, DATABASE_URL=postgres_url), racers) == (LIMIT, racers)


@pytest.mark.django_db
def test_an_attempt_given_back_can_be_used_again():
    throttle = Throttle("proef", limit=2, window_s=600)
    assert throttle.take("a") and throttle.take("a")
    assert not throttle.take("a")
    throttle.give_back("a")
    assert throttle.take("a")
    assert not throttle.take("a")


@pytest.mark.django_db
def test_clients_are_counted_apart_by_a_hash():
    throttle = Throttle("proef", limit=1, window_s=600)
    assert throttle.take("198.51.100.7")
    assert not throttle.take("198.51.100.7")
    assert throttle.take("203.0.113.9")
    assert not AttemptCount.objects.filter(client__contains="198.51").exists()


@pytest.mark.django_db
def test_one_full_throttle_counts_the_attempt_nowhere():
    per_address = Throttle("proef-adres", limit=5, window_s=600)
    per_browser = Throttle("proef-browser", limit=1, window_s=600)
    clients = [(per_address, "198.51.100.7"), (per_browser, "sessie")]
    assert take_all(clients)
    assert not take_all(clients)
    assert not take_all(clients)
    assert AttemptCount.objects.get(throttle="proef-adres").count == 1


@pytest.mark.django_db
def test_a_new_window_starts_at_zero_and_ended_windows_are_deleted():
    throttle = Throttle("proef", limit=1, window_s=600)
    an_hour_ago = time.time() - 3600
    with mock.patch("common.throttle.time.time", return_value=an_hour_ago):
        assert throttle.take("a")
        assert not throttle.take("a")
    assert throttle.take("a")  # now: a later window
    assert throttle.take("b")
    assert AttemptCount.objects.count() == 2  # the ended window's row is gone
