"""Checks for demo state read back from a form.

A demo's state travels in the page's form (signed, or as a step count), so a
state written by an older version of the code, or changed by hand, must never
crash a lesson page: every demo rebuilds its state through these checks and
answers 400 with a fresh start when they fail.
"""

import math


class InvalidState(ValueError):
    """A stored demo state that the demo's own code did not write."""


def checked_int(value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidState(f"expected a whole number from {low} to {high}")
    return value


def checked_floats(values: object, length: int, limit: float) -> list[float]:
    """A list of exactly `length` finite numbers, each within ±limit."""
    if not isinstance(values, list) or len(values) != length:
        raise InvalidState(f"expected a list of {length} numbers")
    result = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise InvalidState("not a number")
        if not math.isfinite(v) or abs(v) > limit:
            raise InvalidState("number out of range")
        result.append(float(v))
    return result


def checked_keys(
    data: object, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> dict:
    if not isinstance(data, dict):
        raise InvalidState("expected a dict")
    keys = set(data)
    if not required <= keys or not keys <= required | optional:
        raise InvalidState("unexpected keys")
    return data
