"""The engine's error type, in a module of its own so that catching it imports
nothing heavy (no OpenCV, numpy or LiteRT)."""

from __future__ import annotations

from .codes import ERROR_CODES as ERROR_CODES
from .codes import ErrorCode


class AnalysisError(Exception):
    """The video cannot be analysed. ``error.code`` says why (one of ``ERROR_CODES``;
    the web side words it)."""

    def __init__(self, code: ErrorCode) -> None:
        super().__init__(code)
        self.code: ErrorCode = code
