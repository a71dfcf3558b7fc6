"""A fake camera for browser tests: a face with a known number of blinks, as a Y4M file
for Chromium's ``--use-file-for-fake-video-capture``.

Chromium starts the file when a page opens the camera and plays it in a loop. The
test-yourself recorder records ``DETECTOR_RECORDING_S`` (22) seconds, starting a moment
after the camera opens (the page's own start-up, the browser's). So the blinks lie
between BLINKS_FROM_S and BLINKS_UNTIL_S: any 22 s recording that starts in the file's
first RECORDING_MAY_START_S seconds holds all of them, well away from its first and
last second (where the engine may not yet, or no longer, have a settled face), and the
file is long enough that no such recording reaches the loop's next round.

The face is tests/detector/clipgen.py's (the astronaut portrait, moving and lit like a
person in a video call); the frames pass through its mp4 once, so they carry a codec's
artefacts before the browser's own encoder adds its own, as a webcam's would.
"""

from __future__ import annotations

from pathlib import Path

import cv2

from tests.detector.clipgen import ClipSpec, make_clip

# 480 x 360 at 15 frames a second: a small file (about 260 kB a frame, 100 MB in all)
# and still a face the engine measures well; 15 fps is a low but real webcam rate.
WIDTH, HEIGHT, FPS = 480, 360, 15
RECORDING_S = 22
RECORDING_MAY_START_S = 4.0
BLINKS_FROM_S, BLINKS_UNTIL_S = 5.0, 17.0
# Six blinks in a 22 s recording: 16 a minute, an ordinary rate in conversation.
BLINK_TIMES = (5.0, 7.3, 9.7, 12.2, 14.6, 17.0)
#: The truth: how often the face in the file blinks during any such recording.
FACE_BLINKS = len(BLINK_TIMES)
# The next round of the loop starts this late: no recording above reaches its blinks.
FILE_S = RECORDING_MAY_START_S + RECORDING_S + 2.0

assert min(BLINK_TIMES) >= BLINKS_FROM_S and max(BLINK_TIMES) <= BLINKS_UNTIL_S
assert BLINKS_FROM_S > RECORDING_MAY_START_S and BLINKS_UNTIL_S < RECORDING_S - 1


def face_spec(blink_times: tuple[float, ...] = BLINK_TIMES) -> ClipSpec:
    assert all(BLINKS_FROM_S <= t <= BLINKS_UNTIL_S for t in blink_times)
    return ClipSpec(
        width=WIDTH, height=HEIGHT, fps=FPS, duration_s=FILE_S, blink_times=list(blink_times)
    )


def write_face_y4m(
    folder: Path, blink_times: tuple[float, ...] = BLINK_TIMES, name: str = "face"
) -> Path:
    """Write the face as ``folder/<name>.y4m`` (4:2:0 planes, as Chromium reads them).
    Other ``blink_times`` (between BLINKS_FROM_S and BLINKS_UNTIL_S, at least 0.5 s
    apart) make a film with another count, for a second camera browser."""
    mp4 = folder / f"{name}.mp4"
    truth = make_clip(mp4, face_spec(blink_times))
    assert len(truth.blinks) == len(blink_times)
    y4m = folder / f"{name}.y4m"
    capture = cv2.VideoCapture(str(mp4))
    try:
        with y4m.open("wb") as out:
            out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
            frames = 0
            while True:
                ok, frame = capture.read()
                if not ok:
                    break
                out.write(b"FRAME\n")
                out.write(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
                frames += 1
    finally:
        capture.release()
        mp4.unlink()
    assert frames == truth.frame_count, (frames, truth.frame_count)
    return y4m
