"""What people usually do, in the engine's own numbers (``detector.analysis.codes``).

Read at every call, never copied: the page states the norm the engine judged by.
"""

from __future__ import annotations

import math

from common import dutch
from detector.analysis import codes


def normal_blinks() -> str:
    """The norm in words: 'Mensen knipperen in een gesprek meestal N tot M keer per minuut.'"""
    low = dutch.number(codes.BLINK_NORM_LOW_PER_MIN)
    high = dutch.number(codes.BLINK_NORM_HIGH_PER_MIN)
    return f"Mensen knipperen in een gesprek meestal {low} tot {high} keer per minuut."


def usual_range(seconds: float) -> tuple[int, int]:
    """How many blinks most people make in a conversation of this many seconds."""
    minutes = seconds / 60.0
    return (
        math.floor(codes.BLINK_NORM_LOW_PER_MIN * minutes),
        math.ceil(codes.BLINK_NORM_HIGH_PER_MIN * minutes),
    )


def seconds_needed() -> str:
    """The least seconds of visible eyes for a verdict on the blinks: '20 seconden'."""
    return dutch.seconds(codes.MIN_SECONDS_FOR_NORMAL)


def usual_blink_length() -> str:
    """'0,1 tot 0,4 seconde'."""
    shortest = dutch.decimal(codes.BLINK_USUAL_SHORTEST_S, 1)
    return f"{shortest} tot {dutch.seconds_tenths(codes.BLINK_USUAL_LONGEST_S)}"
