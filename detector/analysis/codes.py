"""The engine's vocabulary: every code it writes into a report or an error, and the
norms it judges by.

A report holds codes and numbers, never sentences. The web side words every code
listed here (``detector/wording/``) and reads the norms from here, so a page never
restates a number the engine judged by. Each kind of code is a ``Literal`` type (mypy
checks every code the engine writes against it) and a tuple of the same codes for
checks at run time. Plain Python: importing this module loads nothing heavy.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# --- errors ---------------------------------------------------------------------------

#: Why a clip cannot be analysed at all: ``AnalysisError.code``.
ErrorCode = Literal["not_found", "empty", "cannot_open", "no_frames", "too_slow", "read_failed"]
ERROR_CODES: Final[tuple[ErrorCode, ...]] = get_args(ErrorCode)

#: Why the container's headers cannot be read: ``container.ContainerError.code``.
ContainerErrorCode = Literal["container_unreadable", "container_too_complex"]
CONTAINER_ERROR_CODES: Final[tuple[ContainerErrorCode, ...]] = get_args(ContainerErrorCode)

# --- signals --------------------------------------------------------------------------

#: ``report["signals"]["blink_rate"]``.
BlinkRate = Literal["low", "normal", "high", "unknown"]
BLINK_RATES: Final[tuple[BlinkRate, ...]] = get_args(BlinkRate)

#: ``report["signals"]["blur"]``.
BlurLevel = Literal["none", "some", "many", "unknown"]
BLUR_LEVELS: Final[tuple[BlurLevel, ...]] = get_args(BlurLevel)

#: Every signal of ``report["signals"]`` and the values it takes.
SIGNALS: Final[dict[str, tuple[str, ...]]] = {"blink_rate": BLINK_RATES, "blur": BLUR_LEVELS}

#: Why the eyes (or everything) cannot be judged: ``report["unknown_reasons"]``.
UnknownReason = Literal[
    "no_face",
    "several_faces",
    "face_turned_away",
    "face_too_small",
    "too_dark",
    "too_short",
    "face_mostly_missing",
    "landmarks_unsure",
    "eyes_noisy",
]
UNKNOWN_REASONS: Final[tuple[UnknownReason, ...]] = get_args(UnknownReason)
#: The one reason about the clip's length, not the face: the blinks are still counted.
TOO_SHORT: Final[UnknownReason] = "too_short"

#: Why a dip of the eye line was not counted as a blink:
#: ``report["rejected_blinks"][]["reason"]``.
#: ``noise``: no deeper than the eye line's own jitter in this clip; ``one_sample``:
#: a single measured frame at a frame rate where a blink spans several (or, below
#: 20 fps, a single frame that is not clearly closed in both eyes); ``face_jump``: the
#: whole face changed in the same frame (its brightness or its place jumped);
#: ``one_eye``: only one eye closed; ``settling``: a shallow dip just after a blink,
#: while the lids settle (it belongs to that blink).
RejectReason = Literal["noise", "one_sample", "face_jump", "one_eye", "settling"]
REJECT_REASONS: Final[tuple[RejectReason, ...]] = get_args(RejectReason)

# --- how well it was measured ---------------------------------------------------------

#: ``report["quality"]["eyes"]`` and ``report["quality"]["sharpness"]``.
Verdict = Literal["good", "doubtful", "unknown"]
VERDICTS: Final[tuple[Verdict, ...]] = get_args(Verdict)

#: Measured, but not as well as usual: ``report["quality"]["doubts"]``.
Doubt = Literal[
    "eyes_small", "face_small", "dark", "face_often_lost", "landmarks_unsure", "no_scene"
]
DOUBTS: Final[tuple[Doubt, ...]] = get_args(Doubt)
#: The doubts that make the eyes' verdict doubtful. ``no_scene`` (the face fills the
#: picture) leaves nothing to compare the face's sharpness with; the eyes are fine.
EYE_DOUBTS: Final[tuple[Doubt, ...]] = (
    "eyes_small",
    "face_small",
    "dark",
    "face_often_lost",
    "landmarks_unsure",
)
#: The doubts that make the sharpness verdict doubtful.
SHARPNESS_DOUBTS: Final[tuple[Doubt, ...]] = ("face_small", "dark", "no_scene")

# --- flagged moments ------------------------------------------------------------------

#: ``report["suspicious_moments"][]["reason"]``.
MomentReason = Literal[
    "face_blurrier_than_scene",
    "sudden_face_blur",
    "few_blinks",
    "many_blinks",
    "odd_blink",
    "eyes_closed",
]
MOMENT_REASONS: Final[tuple[MomentReason, ...]] = get_args(MomentReason)
#: A stretch where the face alone turned blurry (its numbers: ``face_vs_usual``,
#: ``scene_vs_usual``).
BLUR_MOMENTS: Final[tuple[MomentReason, ...]] = ("face_blurrier_than_scene", "sudden_face_blur")
#: A closure of the eyes (``closed_s``); these get an eye strip besides the face.
EYE_MOMENTS: Final[tuple[MomentReason, ...]] = ("odd_blink", "eyes_closed")
#: The blink rate of the whole clip (``blinks``, ``seconds``), not one moment.
WHOLE_CLIP_MOMENTS: Final[tuple[MomentReason, ...]] = ("few_blinks", "many_blinks")

#: The pictures of a moment: ``suspicious_moments[]["pictures"]`` keys.
PictureKind = Literal["face", "eyes"]
PICTURE_KINDS: Final[tuple[PictureKind, ...]] = get_args(PictureKind)

# --- norms ----------------------------------------------------------------------------
# People in conversation blink 10.5-32.5 times a minute (95 % range over normal
# adults; Doughty 2001, Optom Vis Sci 78:712, the source lesson 7 cites), fewer
# while reading or staring at a screen. A count is judged against both ends, in
# whole blinks.
BLINK_NORM_LOW_PER_MIN: Final = 10.0
BLINK_NORM_HIGH_PER_MIN: Final = 32.0
# Below this much visible face no count is judged: even a statistically "significant"
# count over a few seconds says more about that moment than about the person.
MIN_SECONDS_FOR_ANY_VERDICT: Final = 5.0
# "normal" needs enough time that a too-low rate would have shown:
# P(0 blinks | 10/min, 20 s) = exp(-3.3) = 0.036.
MIN_SECONDS_FOR_NORMAL: Final = 20.0
# A blink closes the eyes for about 0.1-0.4 s; the engine calls a longer one odd.
BLINK_USUAL_SHORTEST_S: Final = 0.1
BLINK_USUAL_LONGEST_S: Final = 0.4
