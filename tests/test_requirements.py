"""The lock files say what the human pins in requirements*.in say.

Someone who edits a .in file and forgets `python3 dev.py lock`, or edits a
lock file by hand, is told here (dev.py installs only the lock files).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match and "python_full_version >= '3.12'" not in line:
            pins[_name(match[1])] = match[2]
    return pins


def _locked(path: Path) -> dict[str, str]:
    """Name -> version of each package in a lock file; every one has a hash."""
    text = path.read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    for entry in entries:
        if entry.strip() and not entry.startswith("#"):
            assert "--hash=sha256:" in entry, f"{path.name}: no hash in {entry.splitlines()[0]}"
    return _pins(path)


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")],
)
def test_every_human_pin_is_in_the_lock(source: str, lock: str) -> None:
    locked = _locked(ROOT / lock)
    for name, version in _pins(ROOT / source).items():
        assert locked.get(name) == version, f"{name}=={version}: run `python3 dev.py lock`"


def test_the_dev_lock_has_the_apps_versions() -> None:
    dev = _locked(ROOT / "requirements-dev.txt")
    for name, version in _locked(ROOT / "requirements.txt").items():
        assert dev.get(name) == version, name


def test_the_dev_pins_include_the_apps() -> None:
    assert "-r requirements.in" in (ROOT / "requirements-dev.in").read_text().splitlines()
