"""The illustration that stands for a lesson on the home page and the overview.

It is the first picture in the lesson's own body, so a lesson that gets a new
drawing gets a new card picture with it. On a card it is decorative (alt=""):
the card's title already names the lesson, and the picture's full description
belongs to the lesson page, where it explains something.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.loader import render_to_string

from lessons.content import Lesson


@dataclass(frozen=True)
class Illustration:
    src: str
    width: int
    height: int


class _FirstImage(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: Illustration | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img" or self.found is not None:
            return
        a = {k: v or "" for k, v in attrs}
        if a.get("src") and a.get("width", "").isdigit() and a.get("height", "").isdigit():
            self.found = Illustration(a["src"], int(a["width"]), int(a["height"]))


def _first_image(body_template: str) -> Illustration | None:
    parser = _FirstImage()
    parser.feed(render_to_string(body_template))
    return parser.found


def card_illustration(lesson: Lesson) -> Illustration | None:
    """The first picture of the lesson's body, or None for a lesson without one."""
    return _first_image(lesson.body_template)


def lesson_cards(lessons: tuple[Lesson, ...]) -> list[tuple[Lesson, Illustration | None]]:
    return [(lesson, card_illustration(lesson)) for lesson in lessons]
