"""The Vergelijk page: two of this session's results side by side."""

from __future__ import annotations

# The labels of the two choices.
FIRST_CHOICE = "Eerste controle"
SECOND_CHOICE = "Tweede controle"


def result_name(number: int) -> str:
    """This session's results are numbered in upload order on the Vergelijk page."""
    return f"Controle {number}"
