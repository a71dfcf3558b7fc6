"""Counting attempts per client in fixed windows, for things that must be slow to
guess, such as Klassikaal join codes.

The counts are rows in the database (common.models.AttemptCount), never in the
visitor's own session (which a client can simply drop), so all processes and
machines that share the database count together. Counting and deciding are one
conditional UPDATE (`count = count + 1 WHERE count < limit`): parallel attempts wait
for each other on the row (PostgreSQL's row lock, SQLite's write lock), so never more
than `limit` get through. A check first and a count afterwards (a cache's get and
set) cannot promise that: a burst of 200 parallel wrong codes can all pass a limit of 30.

Who is counted is a salted hash, never an address itself. Rows of ended windows are
deleted whenever some client starts a new window, so no clean-up job is needed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.models import AttemptCount


class Throttle:
    """At most ``limit`` counted attempts per ``window_s`` seconds for one client."""

    def __init__(self, name: str, limit: int, window_s: int):
        self.name = name
        self.limit = limit
        self.window_s = window_s

    def take(self, who: str) -> bool:
        """Count one attempt by `who`; False, and nothing counted, when the limit is reached."""
        key = self._key(who)
        this_window = AttemptCount.objects.filter(**key)
        with transaction.atomic():
            if self._count(this_window):
                return True
            if not this_window.exists():
                # The client's first attempt in this window. A parallel first attempt
                # may insert the row too: the unique constraint keeps one, and both
                # then count on it.
                AttemptCount.objects.filter(expires_at__lte=timezone.now()).delete()
                expires_at = key["window_start"] + timedelta(seconds=self.window_s)
                row = AttemptCount(**key, expires_at=expires_at)
                AttemptCount.objects.bulk_create([row], ignore_conflicts=True)
            return self._count(this_window)

    def give_back(self, who: str) -> None:
        """Undo a counted attempt that turned out to be allowed (a right join code)."""
        AttemptCount.objects.filter(**self._key(who), count__gt=0).update(count=F("count") - 1)

    def _key(self, who: str) -> dict:
        now = time.time()
        return {
            "throttle": self.name,
            "client": salted_hmac(f"throttle.{self.name}", who).hexdigest()[:32],
            "window_start": datetime.fromtimestamp(now - now % self.window_s, tz=UTC),
        }

    def _count(self, this_window: QuerySet[AttemptCount]) -> bool:
        return this_window.filter(count__lt=self.limit).update(count=F("count") + 1) == 1


def take_all(clients: Sequence[tuple[Throttle, str]]) -> bool:
    """Count one attempt against each (throttle, client); when one is at its limit,
    count none (a pupil stopped per browser must not use up the school's address)."""
    for taken, (throttle, who) in enumerate(clients):
        if not throttle.take(who):
            give_back_all(clients[:taken])
            return False
    return True


def give_back_all(clients: Sequence[tuple[Throttle, str]]) -> None:
    for throttle, who in clients:
        throttle.give_back(who)
