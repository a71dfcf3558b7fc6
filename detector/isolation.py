"""The first decode of an uploaded clip, in a child process with a memory cap and a
time limit, so that a decoder bomb kills a child and not the worker.

The web process never decodes (detector/validation.py reads only the container's
headers), and headers can lie. The worker therefore runs the engine's ``analyse``
in a fresh process (``spawn``: no copy of the worker's database connections) whose
address space is capped with ``resource.setrlimit(RLIMIT_AS)``. The child sends its
progress and its report back through a pipe; the parent writes the progress to the
database, which is also the job's heartbeat. A child that is killed, runs out of
memory or out of time ends the job as failed with a Dutch message; the worker goes
on with the next job.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

# How much longer than the engine's own time limit the child may live.
GRACE_S = 30
HEARTBEAT_EVERY_S = 10


class ChildFailed(Exception):
    """The child died, used too much memory or time; ``str(error)`` is Dutch."""


def _too_heavy() -> ChildFailed:
    # Imported here: the child imports this module too, and needs neither the words
    # nor Django.
    from detector.wording.errors import TOO_HEAVY

    return ChildFailed(TOO_HEAVY)


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # No core dumps of a crashed decoder (they would hold the clip's pixels).
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _is_out_of_memory(error: BaseException) -> bool:
    # numpy raises MemoryError; OpenCV raises cv2.error "Failed to allocate ..."; a
    # library loaded lazily under the cap fails with "failed to map segment".
    text = str(error).lower()
    return isinstance(error, MemoryError) or "allocate" in text or "map segment" in text


def _child(
    connection,
    target: str,
    path: str,
    time_limit_s: float | None,
    memory_mb: int,
    max_duration_s: float | None = None,
):
    """Runs in the child: import the engine, cap the memory, analyse, send the outcome.

    The cap comes after the imports: the libraries are trusted, the clip is not.
    """
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    try:
        from detector.analysis import AnalysisError

        module_name, function_name = target.split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        _limit_memory(memory_mb)

        def on_progress(fraction: float) -> None:
            connection.send(("progress", float(fraction)))

        report = function(
            path,
            on_progress=on_progress,
            time_limit_s=time_limit_s,
            max_duration_s=max_duration_s,
        )
        connection.send(("report", report))
    except AnalysisError as error:
        connection.send(("analysis_error", error))
    except BaseException as error:  # everything goes back to the parent
        if _is_out_of_memory(error):
            connection.send(("too_heavy", None))
        else:
            connection.send(("crash", repr(error)))
    finally:
        connection.close()


def analyse_in_child(
    path: str,
    on_progress: Callable[[float], None],
    heartbeat: Callable[[], None],
    time_limit_s: float | None,
    memory_mb: int,
    target: str = "detector.analysis:analyse",
    max_duration_s: float | None = None,
) -> Any:
    """The engine's report for ``path``, computed in a capped child process.

    Raises the engine's AnalysisError as the child raised it, ChildFailed when the
    child died or went over its memory or time, and whatever ``on_progress`` or
    ``heartbeat`` raise (a cancelled job), after killing the child. ``target`` is
    the function the child runs, "module:function" (the engine's analyse).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(sender, target, path, time_limit_s, memory_mb, max_duration_s),
        daemon=True,
    )
    process.start()
    sender.close()
    deadline = time.monotonic() + (time_limit_s or 600) + GRACE_S
    try:
        return _wait_for_child(process, receiver, on_progress, heartbeat, deadline)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(10)


def _wait_for_child(
    process: Any,
    receiver: Any,
    on_progress: Callable[[float], None],
    heartbeat: Callable[[], None],
    deadline: float,
) -> Any:
    """Pass the child's progress on and beat the heartbeat until it sends its outcome;
    raise for a child that dies, overruns its time or fails."""
    next_heartbeat = time.monotonic() + HEARTBEAT_EVERY_S
    while True:
        if time.monotonic() > deadline:
            logger.warning("Analysis child over its time limit; killed")
            raise _too_heavy()
        if time.monotonic() >= next_heartbeat:
            heartbeat()
            next_heartbeat = time.monotonic() + HEARTBEAT_EVERY_S
        if not receiver.poll(min(1.0, HEARTBEAT_EVERY_S)):
            if not process.is_alive() and not receiver.poll(0):
                logger.warning("Analysis child died (exit code %s)", process.exitcode)
                raise _too_heavy()
            continue
        try:
            kind, value = receiver.recv()
        except EOFError:
            process.join(5)
            logger.warning("Analysis child died (exit code %s)", process.exitcode)
            raise _too_heavy() from None
        if kind == "progress":
            on_progress(value)
        elif kind == "report":
            return value
        elif kind == "analysis_error":
            raise value
        elif kind == "too_heavy":
            raise _too_heavy()
        else:
            logger.error("Analysis child crashed: %s", value)
            raise RuntimeError(f"analysis child crashed: {value}")


def analyse(
    path: str,
    on_progress: Callable[[float], None],
    heartbeat: Callable[[], None],
    time_limit_s: float | None,
) -> Any:
    """What the worker calls: in a capped child unless DETECTOR_ANALYSE_IN_CHILD is off
    (only tests that swap the engine for a stand-in in this process turn it off)."""
    from django.conf import settings

    # The length limit is judged by the engine on the decoded timeline.
    max_duration_s = settings.DETECTOR_MAX_DURATION_S
    if not settings.DETECTOR_ANALYSE_IN_CHILD:
        import detector.analysis

        return detector.analysis.analyse(
            path,
            on_progress=on_progress,
            time_limit_s=time_limit_s,
            max_duration_s=max_duration_s,
        )
    return analyse_in_child(
        path,
        on_progress=on_progress,
        heartbeat=heartbeat,
        time_limit_s=time_limit_s,
        memory_mb=settings.DETECTOR_CHILD_MEMORY_MB,
        max_duration_s=max_duration_s,
    )
