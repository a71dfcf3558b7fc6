"""A free TCP port on the loopback address, for the servers tests and benches start."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port the system just handed out and let go. Another process could take it
    before the server binds it; on a test machine that is rare enough."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
