"""Parser bombs, made as an attacker makes them: a valid start, then a great many
empty boxes, elements or chunks. Used by the tests (test_limits_sniff.py) and
bench/attack.py."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np


def mp4_of_free_boxes(count: int = 1_000_000) -> bytes:
    """An 8 MB MP4: a file-type box, then a million empty `free` boxes."""
    return b"\0\0\0\x18ftypisom\0\0\0\0isomiso2" + b"\0\0\0\x08free" * count


def webm_of_empty_elements(count: int = 1_000_000) -> bytes:
    """A 2 MB WebM: a real clip (FFmpeg's muxer, VP8) with a million empty Void
    elements (ID 0xEC, size 0) put in its segment before the first cluster, and the
    segment's size grown to match. (The hachoir reader took 28 s and 1.6 GB on it.)"""
    real = io.BytesIO()
    with av.open(real, "w", format="webm") as output:
        stream = output.add_stream("libvpx", rate=Fraction(10))
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for index in range(10):
            picture = np.full((64, 64, 3), index * 9, np.uint8)
            output.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        output.mux(stream.encode(None))
    data = bytearray(real.getvalue())
    segment = data.find(b"\x18\x53\x80\x67")
    cluster = data.find(b"\x1f\x43\xb6\x75")
    assert data[segment + 4] == 0x01 and 0 < segment < cluster  # an 8-byte size
    filler = b"\xec\x80" * count
    size = int.from_bytes(data[segment + 5 : segment + 12], "big") + len(filler)
    data[segment + 5 : segment + 12] = size.to_bytes(7, "big")
    return bytes(data[:cluster] + filler + data[cluster:])


def avi_of_junk_chunks(count: int = 500_000) -> bytes:
    """A 4 MB AVI: a RIFF header, then half a million empty JUNK chunks."""
    return b"RIFF" + (4 + 8 * count).to_bytes(4, "little") + b"AVI " + b"JUNK\0\0\0\0" * count


BOMBS = {
    "vrij.mp4": mp4_of_free_boxes,
    "leeg.webm": webm_of_empty_elements,
    "rommel.avi": avi_of_junk_chunks,
}
