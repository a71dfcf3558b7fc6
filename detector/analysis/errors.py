"""The engine's error type, in a module of its own so that catching it imports
nothing heavy (no OpenCV, numpy or LiteRT)."""

from __future__ import annotations

#: Codes of :class:`AnalysisError`; ``detector/wording.py`` words them for the user.
ERROR_CODES = (
    "not_found",
    "empty",
    "cannot_open",
    "no_frames",
    "bad_size",
    "too_slow",
    "read_failed",
)


class AnalysisError(Exception):
    """The video cannot be analysed. ``error.code`` says why (one of ``ERROR_CODES``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
