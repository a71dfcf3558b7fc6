"""Helpers for the result page tests: results made by a real engine run on generated
clips with known blinks and blur, stored as the worker stores them, and a small HTML
reader for what the page shows (text, SVG marks, pictures, ids)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.urls import reverse

from detector import jobs
from detector.analysis import Result
from detector.models import Analysis, Thumbnail
from tests.detector import clipgen
from tests.detector.webfixtures import give_to, make_analysis

# Three ordinary blinks... and a long one: blink profiles 0.08 s apart keep the lids
# shut for about 0.6 s (one slow blink, not seven). The face is blurred for 0.6 s.
LONG_BLINK = [round(6.0 + 0.08 * k, 2) for k in range(7)]
SLOW_BLINK_CLIP = clipgen.ClipSpec(640, 360, 25, 9, [1.5, 4.0, *LONG_BLINK], [(2.5, 3.1)], seed=5)
# Five ordinary blinks and a blurred face from 5.0 to 5.6 s.
FIVE_BLINKS_CLIP = clipgen.ClipSpec(
    640, 360, 25, 10, [1.0, 2.7, 4.1, 6.3, 8.4], [(5.0, 5.6)], seed=0
)
CLIPS = {"slow_blink": SLOW_BLINK_CLIP, "five_blinks": FIVE_BLINKS_CLIP}


def true_blinks(truth: clipgen.ClipTruth) -> list[tuple[float, float]]:
    """The blinks a person sees: overlapping closures are one (long) blink."""
    merged: list[list[float]] = []
    for start, end in sorted(truth.blinks):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def store(result: Result, client=None) -> Analysis:
    """The engine's result saved the way the worker saves it (jobs.store_pictures)."""
    report = copy.deepcopy(result.report)
    thumbnails = jobs.store_pictures(report, result.pictures)
    analysis = make_analysis(status=Analysis.Status.DONE, progress=100, report=report)
    for thumbnail in thumbnails:
        thumbnail.analysis = analysis
    Thumbnail.objects.bulk_create(thumbnails)
    if client is not None:
        give_to(client, analysis)
    return analysis


def result_html(client, analysis: Analysis) -> str:
    response = client.get(reverse("detector:status", args=[analysis.pk]))
    assert response.status_code == 200
    return response.content.decode()


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def inside(self, tag: str, **attrs: str) -> bool:
        return any(
            t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.parents
        )

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


VOID = {"img", "br", "input", "meta", "link", "hr", "source"}


class Page(HTMLParser):
    """Every element with its attributes, own text and ancestors; all visible words
    (SVG text, title and desc included) and the accessible names of links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.words: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {k: v or "" for k, v in attrs}, "", [(e.tag, e.attrs) for e in self._open]
        )
        self.elements.append(element)
        for name in ("alt", "aria-label"):
            if element.attrs.get(name):
                self.words.append(element.attrs[name])
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if self._open and self._open[-1].tag in ("script", "style"):
            return
        for element in self._open:
            element.text += data
        self.words.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (cls is None or cls in e.classes())]

    def by_id(self, ident: str) -> Element | None:
        return next((e for e in self.elements if e.attrs.get("id") == ident), None)

    def main_text(self) -> str:
        main = next(e for e in self.elements if e.tag == "main")
        return " ".join(main.text.split())

    def all_words(self) -> str:
        return " ".join(" ".join(self.words).split())


def report_v2(**overrides) -> dict:
    """A report in the engine's contract 2.0 (detector/analysis/report.py), for pages
    that only display one: 30 s, two blinks, one blurry stretch at 20 s."""
    n = 301
    times = [round(i * 0.1, 2) for i in range(n)]
    eyes = [0.25 if 31 <= i <= 33 or 140 <= i <= 142 else 1.0 for i in range(n)]
    face = [0.2 if 200 <= i <= 210 else 1.0 for i in range(n)]
    report = {
        "version": "2.0",
        "width": 1280,
        "height": 720,
        "duration_s": 30.0,
        "fps": 10.0,
        "frames_analysed": 300,
        "frames_measured": 300,
        "face_found_ratio": 0.98,
        "visible_face_s": 29.5,
        "blinks": [
            {"number": 1, "start_s": 3.1, "end_s": 3.4, "lowest_s": 3.2, "depth": 0.75},
            {"number": 2, "start_s": 14.0, "end_s": 14.3, "lowest_s": 14.1, "depth": 0.75},
        ],
        "eyes_closed": [],
        "blink_count": 2,
        "blink_rate_per_min": 4.1,
        "blurry_frames": [{"time_s": 20.5, "face_sharpness": 0.2, "scene_sharpness": 0.97}],
        "suspicious_moments": [
            {
                "id": "m1",
                "time_s": 15.0,
                "reason": "few_blinks",
                "numbers": {"blinks": 2, "seconds": 29.5},
                "face_box": [500, 200, 240, 240],
                "pictures": {},
                "thumbnails": {},
            },
            {
                "id": "m2",
                "time_s": 20.5,
                "start_s": 20.0,
                "end_s": 21.0,
                "reason": "face_blurrier_than_scene",
                "numbers": {"face_vs_usual": 0.2, "scene_vs_usual": 0.97},
                "face_box": [500, 200, 240, 240],
                "pictures": {"face": "m2_face.jpg"},
                "thumbnails": {"face": 2},
            },
        ],
        "signals": {"blink_rate": "low", "blur": "some"},
        "unknown_reasons": [],
        "quality": {
            "face_found_ratio": 0.98,
            "landmark_confidence": 0.99,
            "face_size_px": 240,
            "eye_width_px": 38.0,
            "brightness": 120,
            "seconds_usable": 29.5,
            "eyes": "good",
            "sharpness": "good",
            "doubts": [],
        },
        "series": {
            "time_s": times,
            "eye_openness": eyes,
            "face_sharpness": face,
            "scene_sharpness": [1.0] * n,
        },
    }
    report.update(overrides)
    return report


#: One dip per reason the engine gives for not counting it (report contract 2.1).
REJECTED_BLINKS = [
    {"start_s": 5.0, "end_s": 5.2, "lowest_s": 5.1, "depth": 0.12, "reason": "noise"},
    {"start_s": 8.3, "end_s": 8.4, "lowest_s": 8.3, "depth": 0.4, "reason": "one_sample"},
    {"start_s": 11.0, "end_s": 11.2, "lowest_s": 11.1, "depth": 0.6, "reason": "face_jump"},
    {"start_s": 17.4, "end_s": 17.7, "lowest_s": 17.5, "depth": 0.5, "reason": "one_eye"},
    {"start_s": 3.5, "end_s": 3.7, "lowest_s": 3.6, "depth": 0.2, "reason": "settling"},
]


def report_v21(**overrides) -> dict:
    """``report_v2`` in contract 2.1: blinks with their ``samples`` and the dips that
    were not counted as blinks (one per reason, listed out of time order)."""
    report = report_v2()
    report["version"] = "2.1"
    for blink in report["blinks"]:
        blink["samples"] = 3
    report["rejected_blinks"] = copy.deepcopy(REJECTED_BLINKS)
    report.update(overrides)
    return report


def main_words(page: Page) -> str:
    """What a reader of the page's main part reads or hears: its text (SVG text,
    title and desc included), alt texts and link names."""
    labels = [
        e.attrs.get(name, "")
        for e in page.elements
        if e.inside("main")
        for name in ("alt", "aria-label")
    ]
    return " ".join((page.main_text() + " " + " ".join(labels)).split())


def rendered(client, report: dict) -> Page:
    """The result page of a finished job with this report, as ``client`` sees it."""
    analysis = make_analysis(
        status=Analysis.Status.DONE, progress=100, report=copy.deepcopy(report)
    )
    give_to(client, analysis)
    return Page(result_html(client, analysis))
