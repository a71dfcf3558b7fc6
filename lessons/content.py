"""The lessons as data.

Each lesson's metadata (title, order, duration, learning goals, key terms,
self-check questions, discussion questions, sources) lives in a TOML file in
`lessons/content/`; its text and illustrations live in a template,
`templates/lessons/bodies/<slug>.html`. The files are read on first use and
kept for the life of the process (restart the server after editing one).
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class Term:
    term: str
    definition: str


@dataclass(frozen=True)
class SelfCheck:
    question: str
    answer: str


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str = ""


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    order: int
    minutes: int
    summary: str
    goals: tuple[str, ...]
    key_terms: tuple[Term, ...]
    self_checks: tuple[SelfCheck, ...]
    discussion: tuple[str, ...]
    sources: tuple[Source, ...]
    # Shown in a box above the text of a lesson on a painful subject.
    content_note: str = ""
    # Name of the interactive demo shown in the lesson, if any.
    demo: str = ""
    # The SLO draft core goals (digital literacy, 2024) the lesson serves.
    curriculum: tuple[str, ...] = ()

    @property
    def body_template(self) -> str:
        return f"lessons/bodies/{self.slug}.html"


def _load(path: Path) -> Lesson:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Lesson(
        slug=data["slug"],
        title=data["title"],
        order=data["order"],
        minutes=data["minutes"],
        summary=data["summary"],
        goals=tuple(data["goals"]),
        key_terms=tuple(Term(**t) for t in data["key_terms"]),
        self_checks=tuple(SelfCheck(**c) for c in data["self_checks"]),
        discussion=tuple(data["discussion"]),
        sources=tuple(Source(**s) for s in data["sources"]),
        content_note=data.get("content_note", ""),
        demo=data.get("demo", ""),
        curriculum=tuple(data.get("curriculum", ())),
    )


@cache
def all_lessons() -> tuple[Lesson, ...]:
    lessons = sorted((_load(p) for p in CONTENT_DIR.glob("*.toml")), key=lambda le: le.order)
    orders = [le.order for le in lessons]
    if orders != list(range(1, len(lessons) + 1)):
        raise ValueError(f"Lesson order numbers must run 1..n without gaps, got {orders}")
    return tuple(lessons)


def get_lesson(slug: str) -> Lesson | None:
    return next((le for le in all_lessons() if le.slug == slug), None)


def lesson_choices() -> list[tuple[str, str]]:
    """The lessons as (slug, label) pairs, for a form field or model field's choices."""
    return [(le.slug, f"{le.order}. {le.title}") for le in all_lessons()]


def neighbours(lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    lessons = all_lessons()
    i = lessons.index(lesson)
    previous = lessons[i - 1] if i > 0 else None
    following = lessons[i + 1] if i + 1 < len(lessons) else None
    return previous, following


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    lesson: Lesson


def glossary() -> list[GlossaryEntry]:
    """Every lesson's key terms, in alphabetical order."""
    entries = [
        GlossaryEntry(t.term, t.definition, lesson)
        for lesson in all_lessons()
        for t in lesson.key_terms
    ]
    return sorted(entries, key=lambda e: e.term.casefold())


def glossary_by_letter() -> list[tuple[str, list[GlossaryEntry]]]:
    """The glossary under the 26 letters A-Z; a letter without terms gets an empty list."""
    entries = glossary()
    return [
        (letter, [e for e in entries if e.term[:1].upper() == letter])
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ]
