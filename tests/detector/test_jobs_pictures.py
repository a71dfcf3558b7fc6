"""The worker stores the engine's pictures as thumbnails (no decoding on its side)."""

from __future__ import annotations

from detector import jobs


def test_face_crops_and_eye_strips_become_numbered_thumbnails():
    report = {
        "suspicious_moments": [
            {"id": "m1", "time_s": 2.0, "reason": "sudden_face_blur", "pictures": {"face": "a"}},
            {
                "id": "m2",
                "time_s": 5.0,
                "reason": "odd_blink",
                "pictures": {"face": "b", "eyes": "c"},
            },
            {"id": "m3", "time_s": 7.0, "reason": "few_blinks", "pictures": {}},
        ]
    }
    pictures = {"a": b"jpeg-a", "b": b"jpeg-b", "c": b"jpeg-c"}

    thumbnails = jobs.store_pictures(report, pictures)

    assert [(t.number, t.reason, bytes(t.jpeg)) for t in thumbnails] == [
        (1, "sudden_face_blur", b"jpeg-a"),
        (2, "odd_blink", b"jpeg-b"),
        (102, "odd_blink", b"jpeg-c"),
    ]
    moments = report["suspicious_moments"]
    assert [m["thumbnails"] for m in moments] == [{"face": 1}, {"face": 2, "eyes": 102}, {}]
