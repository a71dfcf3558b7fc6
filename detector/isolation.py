"""The first decode of an uploaded clip, in a child process with a memory cap and a
time limit, so that a decoder bomb kills a child and not the worker.

The web process never decodes (detector/validation.py reads only the container's
headers), and headers can lie. The worker therefore runs the engine's ``analyse``
in a child process (``spawn``: no copy of the worker's database connections) whose
address space is capped with ``resource.setrlimit(RLIMIT_AS)``. The child sends its
progress and its report back through a pipe; the parent writes the progress to the
database, which is also the job's heartbeat. A child that is killed, runs out of
memory or out of time ends the job as failed with a Dutch message; the worker goes
on with the next job.

The child is kept warm. Starting a process and loading the three face models was
most of the time of a short clip, so each worker process keeps one child: it imports
the engine, loads the models once (``pipeline.warm_models``), caps its memory, and
then takes clips one by one. It is started when the worker starts (``warm_up``, from
detector/apps.py) or else at the first job, and a child that goes is replaced at once.

What the isolation still gives: every job runs under the memory cap and the time
limit; a child that fails in any way (out of memory, over its time, crashed, dead, or
its job cancelled) is killed and the next job gets a fresh one; and after
DETECTOR_CHILD_MAX_JOBS jobs the child is replaced anyway. Between jobs the child
keeps only the loaded models; no job's report depends on an earlier clip.

What it no longer gives: a fresh process for every clip. A clip that exploits a
decoder bug and takes over the child could in principle see the clips that child
analyses after it, and what earlier clips left in its memory (freed buffers, the
models' last inputs), until the child is replaced: DETECTOR_CHILD_MAX_JOBS bounds
this, and 1 gives back a fresh child per clip.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

logger = logging.getLogger(__name__)

ENGINE = "detector.analysis:analyse"
# How much longer than the engine's own time limit a job may take in the child.
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


def _failure(error: BaseException) -> tuple[str, Any]:
    if _is_out_of_memory(error):
        return ("too_heavy", None)
    return ("crash", repr(error))


# --- In the child ---


def _child_main(connection: Connection, target: str, memory_mb: int) -> None:
    """Runs in the child: import the engine and load its models, cap the memory, then
    analyse the clips the parent sends, one by one, until it closes the pipe.

    The cap comes after the imports and the models: the libraries are trusted, the
    clips are not. After a failed job the child exits: a child that ran out of memory
    or crashed is not trusted with another clip.
    """
    import signal

    # Ctrl+C reaches the whole process group: the worker finishes its job and then
    # stops this child itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    try:
        function = _load(target)
        _limit_memory(memory_mb)
    except BaseException as error:
        _fail_first_job(connection, error)
        return
    try:
        while _run_job(connection, function, connection.recv()):
            # Whatever the last clip left in cycles goes before the next one comes.
            gc.collect()
    except (EOFError, OSError):
        pass  # the parent closed the pipe, or is gone
    finally:
        connection.close()


def _load(target: str) -> Callable[..., Any]:
    """The target function, after its module and the engine are imported and the
    engine's models loaded into its pool (reused by every clip in this process)."""
    from detector.analysis import pipeline

    module_name, function_name = target.split(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
    pipeline.warm_models()
    return function


def _fail_first_job(connection: Connection, error: BaseException) -> None:
    """A child that could not start answers its first job with the reason, and ends."""
    try:
        connection.recv()
        connection.send(_failure(error))
    except (EOFError, OSError):
        pass
    finally:
        connection.close()


def _run_job(connection: Connection, function: Callable[..., Any], job: tuple) -> bool:
    """Analyse one clip and send the outcome; True when the child may take another."""
    from detector.analysis import AnalysisError

    path, time_limit_s, max_duration_s = job

    def on_progress(fraction: float) -> None:
        connection.send(("progress", float(fraction)))

    try:
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
        connection.send(_failure(error))
        return False
    return True


# --- In the parent (the worker process) ---


@dataclass(eq=False)
class _Child:
    process: BaseProcess
    connection: Connection
    target: str
    memory_mb: int
    jobs: int = 0


# The idle child of this process, if any, and every child it started that still runs.
# A job takes the idle child out of its slot and puts it back after, so two threads
# analysing at once (db_worker runs one task at a time; a threaded dev server might
# not) each get a child of their own; only one is kept.
_lock = threading.Lock()
_idle: _Child | None = None
_running: set[_Child] = set()


def _start(target: str, memory_mb: int) -> _Child:
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    process = context.Process(
        target=_child_main, args=(theirs, target, memory_mb), daemon=True, name="analysis-child"
    )
    process.start()
    theirs.close()
    child = _Child(process, mine, target, memory_mb)
    with _lock:
        _running.add(child)
    return child


def _discard(child: _Child) -> None:
    """Kill the child (nothing in it is worth a clean exit) and reap it."""
    with _lock:
        _running.discard(child)
    child.connection.close()
    if child.process.is_alive():
        child.process.kill()
    child.process.join(10)


def _take(target: str, memory_mb: int) -> _Child:
    """This process's idle child for ``target`` under this memory cap, else a new one."""
    global _idle
    with _lock:
        child, _idle = _idle, None
    if child is not None and (
        (child.target, child.memory_mb) != (target, memory_mb) or not child.process.is_alive()
    ):
        _discard(child)
        child = None
    return child or _start(target, memory_mb)


def _keep(child: _Child) -> None:
    """Keep ``child`` as this process's idle child (only one is kept)."""
    global _idle
    with _lock:
        previous, _idle = _idle, child
    if previous is not None:
        _discard(previous)


def warm_up() -> None:
    """Start this process's child for the engine now, so that it has loaded the models
    by the first job (it loads them in the background: this returns at once)."""
    from django.conf import settings

    if settings.DETECTOR_ANALYSE_IN_CHILD:
        _keep(_take(ENGINE, settings.DETECTOR_CHILD_MEMORY_MB))


def stop() -> None:
    """Kill every child this process started (at exit; tests between cases)."""
    global _idle
    with _lock:
        children, _idle = list(_running), None
    for child in children:
        _discard(child)


atexit.register(stop)


def analyse_in_child(
    path: str,
    on_progress: Callable[[float], None],
    heartbeat: Callable[[], None],
    time_limit_s: float | None,
    memory_mb: int,
    target: str = ENGINE,
    max_duration_s: float | None = None,
    max_jobs: int | None = None,
) -> Any:
    """The engine's report for ``path``, computed in this process's capped child.

    Raises the engine's AnalysisError as the child raised it, ChildFailed when the
    child died or went over its memory or time, and whatever ``on_progress`` or
    ``heartbeat`` raise (a cancelled job), after killing the child. ``target`` is
    the function the child runs, "module:function" (the engine's analyse); a child
    runs one target under one memory cap. After ``max_jobs`` jobs (by default
    DETECTOR_CHILD_MAX_JOBS) the child is replaced.
    """
    if max_jobs is None:
        from django.conf import settings

        max_jobs = settings.DETECTOR_CHILD_MAX_JOBS
    child = _take(target, memory_mb)
    deadline = time.monotonic() + (time_limit_s or 600) + GRACE_S
    try:
        _send_job(child, (path, time_limit_s, max_duration_s))
        kind, value = _wait_for_child(
            child.process, child.connection, on_progress, heartbeat, deadline
        )
    except BaseException:
        _replace(child)
        raise
    child.jobs += 1
    # A clean job (a report, or a clip the engine refused) leaves a child fit for the
    # next one; after any other outcome, or its last job, it goes.
    if kind in ("report", "analysis_error") and child.jobs < max_jobs:
        _keep(child)
    else:
        _replace(child)
    return _outcome(kind, value)


def _replace(child: _Child) -> None:
    """Kill the child; for the engine, start its successor now, so that it has loaded
    the models by the next job (a stand-in target in a test starts on demand)."""
    _discard(child)
    if child.target == ENGINE:
        _keep(_start(child.target, child.memory_mb))


def _send_job(child: _Child, job: tuple) -> None:
    try:
        child.connection.send(job)
    except OSError:
        # The child died between two jobs (the machine's OOM killer, say).
        logger.warning("Analysis child gone before its job (exit code %s)", child.process.exitcode)
        raise _too_heavy() from None


def _outcome(kind: str, value: Any) -> Any:
    """The report, or the child's failure raised as the worker expects it."""
    if kind == "report":
        return value
    if kind == "analysis_error":
        raise value
    if kind == "too_heavy":
        raise _too_heavy()
    logger.error("Analysis child crashed: %s", value)
    raise RuntimeError(f"analysis child crashed: {value}")


def _wait_for_child(
    process: BaseProcess,
    receiver: Connection,
    on_progress: Callable[[float], None],
    heartbeat: Callable[[], None],
    deadline: float,
) -> tuple[str, Any]:
    """Pass the child's progress on and beat the heartbeat until it sends the job's
    outcome, and return that; raise for a child that dies or overruns its time."""
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
        except (EOFError, OSError):
            # EOF, or a reset when the child died before it read its job.
            process.join(5)
            logger.warning("Analysis child died (exit code %s)", process.exitcode)
            raise _too_heavy() from None
        if kind == "progress":
            on_progress(value)
        else:
            return kind, value


def analyse(
    path: str,
    on_progress: Callable[[float], None],
    heartbeat: Callable[[], None],
    time_limit_s: float | None,
    max_duration_s: float | None = None,
) -> Any:
    """What the worker calls: in a capped child unless DETECTOR_ANALYSE_IN_CHILD is off
    (only tests that swap the engine for a stand-in in this process turn it off).
    ``max_duration_s``: the job's length limit (by default DETECTOR_MAX_DURATION_S)."""
    from django.conf import settings

    # The length limit is judged by the engine on the decoded timeline.
    if max_duration_s is None:
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
        max_jobs=settings.DETECTOR_CHILD_MAX_JOBS,
    )
