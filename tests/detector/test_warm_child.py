"""The worker's warm analysis child: it takes job after job with the models loaded
once, and is replaced after anything goes wrong and after DETECTOR_CHILD_MAX_JOBS
jobs (detector/isolation.py).

The stand-in target (tests/detector/warm_targets.py) does what a clip's bytes say,
so these tests take seconds; one test runs the real engine on generated clips.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detector import isolation
from detector.analysis import AnalysisError
from detector.apps import starts_a_worker
from tests.detector import clipgen

STAND_IN = "tests.detector.warm_targets:by_content"


@pytest.fixture(autouse=True)
def no_child_left():
    isolation.stop()
    yield
    isolation.stop()


def clip(tmp_path: Path, content: str) -> str:
    path = tmp_path / f"{content}-{len(list(tmp_path.iterdir()))}.mp4"
    path.write_text(content)
    return str(path)


def job(path: str, target: str = STAND_IN, max_jobs: int = 50, **kwargs):
    options = {"time_limit_s": 30, "memory_mb": 1024, **kwargs}
    return isolation.analyse_in_child(
        path,
        on_progress=options.pop("on_progress", lambda fraction: None),
        heartbeat=lambda: None,
        target=target,
        max_jobs=max_jobs,
        **options,
    )


def is_running(pid: int) -> bool:
    """Alive, and not a zombie waiting for a parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while is_running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_two_jobs_in_a_row_use_the_same_child_and_each_gets_its_own_report(tmp_path):
    first = job(clip(tmp_path, "eerste"))
    second = job(clip(tmp_path, "tweede"), time_limit_s=20)

    assert second["pid"] == first["pid"]
    assert first["content"] == "eerste"
    assert (second["content"], second["time_limit_s"]) == ("tweede", 20)
    assert is_running(second["pid"])


def test_a_child_killed_for_memory_is_replaced_and_the_next_job_runs(tmp_path):
    before = job(clip(tmp_path, "gewoon"))

    with pytest.raises(isolation.ChildFailed) as failure:
        job(clip(tmp_path, "bomb"), memory_mb=1024)
    assert "te zwaar" in str(failure.value)
    assert not is_running(before["pid"])

    after = job(clip(tmp_path, "gewoon"))
    assert after["pid"] != before["pid"]
    assert after["content"] == "gewoon"


def test_a_job_over_its_time_limit_kills_the_child_and_the_next_runs_in_a_new_one(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(isolation, "GRACE_S", 1)
    before = job(clip(tmp_path, "gewoon"))

    with pytest.raises(isolation.ChildFailed):
        job(clip(tmp_path, "hang"), time_limit_s=1)
    assert not is_running(before["pid"])

    after = job(clip(tmp_path, "gewoon"))
    assert after["pid"] != before["pid"]


def test_after_its_last_job_the_child_is_replaced(tmp_path):
    pids = [job(clip(tmp_path, f"clip{n}"), max_jobs=2)["pid"] for n in range(5)]

    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert not is_running(pids[0])
    assert not is_running(pids[2])


def test_a_cancelled_job_kills_the_child(tmp_path):
    class Cancelled(Exception):
        pass

    def cancel(fraction):
        raise Cancelled

    before = job(clip(tmp_path, "gewoon"))
    with pytest.raises(Cancelled):
        job(clip(tmp_path, "chatty"), on_progress=cancel)
    assert not is_running(before["pid"])

    assert job(clip(tmp_path, "gewoon"))["pid"] != before["pid"]


def test_a_crash_is_a_runtime_error_and_the_next_job_gets_a_new_child(tmp_path):
    before = job(clip(tmp_path, "gewoon"))

    with pytest.raises(RuntimeError, match="a decoder bug"):
        job(clip(tmp_path, "crash"))

    assert job(clip(tmp_path, "gewoon"))["pid"] != before["pid"]


def test_a_refused_clip_is_the_engines_error_and_the_child_stays(tmp_path):
    before = job(clip(tmp_path, "gewoon"))

    with pytest.raises(AnalysisError) as refused:
        job(clip(tmp_path, "refuse"))
    assert refused.value.code == "no_frames"

    assert job(clip(tmp_path, "gewoon"))["pid"] == before["pid"]


def test_another_target_or_memory_cap_gets_a_child_of_its_own(tmp_path):
    before = job(clip(tmp_path, "gewoon"))

    other_cap = job(clip(tmp_path, "gewoon"), memory_mb=1536)
    assert other_cap["pid"] != before["pid"]
    with pytest.raises(isolation.ChildFailed):
        job(clip(tmp_path, "gewoon"), target="tests.detector.hungry:analyse")
    assert job(clip(tmp_path, "gewoon"))["pid"] not in (before["pid"], other_cap["pid"])


def test_warm_up_starts_the_child_that_the_first_job_then_uses(tmp_path, settings):
    settings.DETECTOR_CHILD_MEMORY_MB = 1024
    isolation.warm_up()
    (started,) = isolation._running
    assert started.process.is_alive()

    # The real engine, on a file that is no video: refused, and the child stays.
    with pytest.raises(AnalysisError):
        job(clip(tmp_path, "geen video"), target=isolation.ENGINE, memory_mb=1024)

    assert isolation._running == {started}
    assert started.jobs == 1 and started.process.is_alive()


def test_the_real_engine_loads_its_models_once_for_job_after_job(tmp_path):
    specs = {
        "een_knipper": clipgen.ClipSpec(320, 240, 25, 5, [2.0], [], seed=11),
        "drie_knippers": clipgen.ClipSpec(320, 240, 25, 5, [0.8, 2.2, 3.8], [(3.0, 3.5)], seed=12),
    }
    clips = {
        name: clipgen.make_clip(tmp_path / f"{name}.mp4", spec) for name, spec in specs.items()
    }
    target = "tests.detector.warm_targets:engine_counting_models"

    first = job(str(clips["een_knipper"].path), target=target, memory_mb=2048)
    second = job(str(clips["drie_knippers"].path), target=target, memory_mb=2048)

    assert second["pid"] == first["pid"]
    # The models were made once, when the child started (before its first clip), and
    # the pool kept them for the second.
    assert first["models_made_before"] == len(first["pooled"]) >= 1
    assert first["models_made"] == second["models_made"] == len(first["pooled"])
    assert second["pooled"] == first["pooled"]
    # The second report is the second clip's, as a fresh child makes it.
    isolation.stop()
    fresh = job(str(clips["drie_knippers"].path), target=target, memory_mb=2048)
    assert fresh["pid"] != second["pid"]
    assert second["report"] == fresh["report"] != first["report"]


def test_a_child_that_dies_while_starting_fails_its_job_and_the_next_gets_a_new_one(tmp_path):
    with pytest.raises(isolation.ChildFailed):
        job(clip(tmp_path, "gewoon"), target="tests.detector.warm_dying:analyse")
    assert isolation._running == set()

    assert job(clip(tmp_path, "gewoon"))["content"] == "gewoon"


WORKER = """
import os, signal, sys
from detector import isolation
from detector.apps import starts_a_worker

report = isolation.analyse_in_child(
    sys.argv[1], lambda f: None, lambda: None, 30, 1024,
    target="tests.detector.warm_targets:by_content", max_jobs=50,
)
print(report["pid"], flush=True)
if sys.argv[2] == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("end", ["exits", "killed"])
def test_when_the_worker_process_ends_its_child_goes_too(tmp_path, end):
    root = Path(__file__).resolve().parents[2]
    worker = subprocess.run(
        [sys.executable, "-c", WORKER, clip(tmp_path, "gewoon"), end],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert worker.returncode == (-signal.SIGKILL if end == "killed" else 0), worker.stderr
    child_pid = int(worker.stdout.split()[0])
    # Exit: the worker kills it (atexit). Killed: the child reads the end of its pipe.
    assert gone_within(child_pid, 10)


@pytest.mark.parametrize(
    ("argv", "environ", "debug", "expected"),
    [
        (["manage.py", "db_worker", "--no-reload"], {}, False, True),
        (["manage.py", "db_worker"], {}, False, True),
        # The reloader's watcher runs no jobs; the process it restarts does.
        (["manage.py", "db_worker"], {}, True, False),
        (["manage.py", "db_worker"], {"RUN_MAIN": "true"}, True, True),
        (["manage.py", "db_worker", "--reload"], {}, False, False),
        (["manage.py", "db_worker", "--no-reload"], {}, True, True),
        (["manage.py", "db_worker", "--batch"], {}, False, False),
        (["manage.py", "runserver"], {}, True, False),
        (["pytest"], {}, False, False),
    ],
)
def test_the_worker_warms_its_child_as_it_starts(argv, environ, debug, expected):
    assert starts_a_worker(argv, environ, debug) is expected
