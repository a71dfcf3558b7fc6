"""Counting attempts per client in Django's cache (the "throttle" cache), in fixed
windows: for things that must be slow to guess, such as Klassikaal join codes.

The counts live in the cache, never in the visitor's own session (which a client can
simply drop). The "throttle" cache is a file cache in VAR_DIR by default, so all
gunicorn processes on one machine share it; several machines point it at one Redis
or Memcached (DJANGO_THROTTLE_CACHE_BACKEND / _LOCATION). Who is counted is a salted
hash, never an address itself.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.utils.crypto import salted_hmac


class Throttle:
    """At most ``limit`` counted attempts per ``window_s`` seconds for one client."""

    def __init__(self, name: str, limit: int, window_s: int):
        self.name = name
        self.limit = limit
        self.window_s = window_s

    def _key(self, who: str) -> str:
        window = int(time.time() // self.window_s)
        digest = salted_hmac(f"throttle.{self.name}", who).hexdigest()[:32]
        return f"throttle:{self.name}:{digest}:{window}"

    def blocked(self, who: str) -> bool:
        return (caches["throttle"].get(self._key(who)) or 0) >= self.limit

    def hit(self, who: str) -> None:
        cache = caches["throttle"]
        key = self._key(who)
        if cache.add(key, 1, timeout=self.window_s * 2):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window_s * 2)
