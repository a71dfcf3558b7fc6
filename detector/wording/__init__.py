"""Every sentence a user reads about the quick check, in one place.

The engine (``detector/analysis``) returns codes and numbers only; its codes and norms
are listed in ``detector/analysis/codes.py``, and every code has its words here. The
stored report is parsed once (``detector/results.py``); the modules word it by what
they describe:

- ``errors``: the engine's error codes, the worker's failures, the upload's refusals;
- ``labels``: the upload field, the job's states, the delete confirmation;
- ``norms``: what people usually do, in the engine's own numbers;
- ``quality``: how well each signal was measured, and why not better;
- ``summary``: the one line the result opens with (what was found, and what that
  does not mean);
- ``signals``: the summary per signal (blinks, blur) and the page's opening line;
- ``moments``: the flagged moments;
- ``dips``: the dips of the eye line that were not counted as blinks, and why;
- ``timeline``: the chart's words and its text alternative;
- ``compare``: the Vergelijk page and its table of the two results;
- ``command_line``: ``manage.py analyse_clip``.

House rules for these sentences: always say what was counted and in how many
seconds; then what people usually do (the engine's norm); then whether that says
anything. Never call a clip real or fake, never give a score or a percentage that
reads like one, and never a phrase like "2 is too few" that reads as a verdict. When
the measurement itself is shaky, say that the measurement may have failed.
"""

from detector.wording.command_line import summary_lines
from detector.wording.dips import REJECT_REASONS, DipTexts, dip_sentence, dip_texts
from detector.wording.errors import ERRORS, error_text
from detector.wording.moments import (
    MOMENT_FALLBACK,
    MOMENT_TITLES,
    MomentText,
    moment_detail,
    moment_label,
    moment_name,
    moment_texts,
)
from detector.wording.norms import normal_blinks, usual_range
from detector.wording.quality import (
    DOUBT_FALLBACK,
    DOUBTS,
    MEASURED,
    UNKNOWN_REASONS,
    QualityLine,
    eyes_state,
    quality_lines,
    sharpness_state,
    unknown_explanations,
)
from detector.wording.signals import (
    SignalSummary,
    blink_summary,
    blur_summary,
    counted_sentence,
    lead,
    signal_summaries,
)
from detector.wording.summary import summary_line
from detector.wording.timeline import TimelineEvent

__all__ = [
    "DOUBTS",
    "DOUBT_FALLBACK",
    "ERRORS",
    "MEASURED",
    "MOMENT_FALLBACK",
    "MOMENT_TITLES",
    "REJECT_REASONS",
    "UNKNOWN_REASONS",
    "DipTexts",
    "MomentText",
    "QualityLine",
    "SignalSummary",
    "TimelineEvent",
    "blink_summary",
    "blur_summary",
    "counted_sentence",
    "dip_sentence",
    "dip_texts",
    "error_text",
    "eyes_state",
    "lead",
    "moment_detail",
    "moment_label",
    "moment_name",
    "moment_texts",
    "normal_blinks",
    "quality_lines",
    "sharpness_state",
    "signal_summaries",
    "summary_line",
    "summary_lines",
    "unknown_explanations",
    "usual_range",
]
