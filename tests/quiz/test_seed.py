"""The questions a fresh install starts with (quiz/migrations/data/questions_v1.toml,
loaded by quiz/migrations/0003_seed_questions_v1.py)."""

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from lessons import content
from lessons.sections import SECTION_LABELS
from quiz.models import Question
from quiz.scoring import VERDICT_MESSAGES
from tests.pages import parse
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

V1_FILE = Path(__file__).parents[2] / "quiz" / "migrations" / "data" / "questions_v1.toml"


def v1_questions() -> list[dict]:
    return tomllib.loads(V1_FILE.read_text(encoding="utf-8"))["question"]


def data_file_questions(name: str) -> list[dict]:
    return tomllib.loads(V1_FILE.with_name(name).read_text(encoding="utf-8"))["question"]


def v3_questions() -> list[dict]:
    return data_file_questions("questions_v3.toml")


def as_in_the_file(question: Question) -> dict:
    """A question in the database, written the way the data file writes it."""
    written = {
        "key": question.seed_key,
        "lesson": question.lesson_slug,
        "anchor": question.lesson_anchor,
        "kind": question.kind,
        "situation": question.situation,
        "text": question.text,
        "explanation": question.explanation,
        "choices": [{"text": c.text, "correct": c.is_correct} for c in question.choices.all()],
    }
    pictures = [
        {"file": p.image.name.removeprefix("seed/"), "alt": p.alt} for p in question.pictures.all()
    ]
    return {**written, "pictures": pictures} if pictures else written


def as_loaded(data: dict) -> dict:
    """A question of the data file, with the spacing the loader strips."""
    stripped: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    if "pictures" in stripped:
        stripped["pictures"] = [{**p, "alt": p["alt"].strip()} for p in stripped["pictures"]]
    return {"situation": "", **stripped}


def seeded():
    return Question.objects.active().prefetch_related("choices")


def test_a_fresh_install_has_at_least_28_questions_and_4_per_lesson():
    questions = list(seeded())
    assert len(questions) >= 28
    per_lesson = Counter(q.lesson_slug for q in questions)
    for lesson in content.all_lessons():
        assert per_lesson[lesson.slug] >= 4, lesson.slug


def test_every_seeded_question_has_two_choices_or_more_and_exactly_one_right():
    for question in seeded():
        choices = list(question.choices.all())
        assert len(choices) >= 2, question.text
        assert sum(c.is_correct for c in choices) == 1, question.text
        assert question.correct_choice() is not None


def test_the_seed_mixes_the_kinds_with_at_least_five_situations():
    kinds = Counter(q.kind for q in seeded())
    assert kinds[Question.Kind.SITUATION] >= 5
    assert kinds[Question.Kind.TRUE_FALSE] >= 1
    assert kinds[Question.Kind.MULTIPLE_CHOICE] >= 1
    for question in seeded().filter(kind=Question.Kind.SITUATION):
        assert question.situation.strip()
    for question in seeded().filter(kind=Question.Kind.TRUE_FALSE):
        assert sorted(c.text for c in question.choices.all()) == ["Niet waar", "Waar"]


def test_every_seeded_question_has_an_explanation_that_teaches():
    for question in seeded():
        assert len(question.explanation.split()) >= 30, question.text


def test_the_situations_cover_voice_fraud_a_strange_video_and_a_nude_photo():
    situations = " ".join(q.situation for q in seeded().filter(kind=Question.Kind.SITUATION))
    assert "Hoi mam" in situations
    assert "politicus" in situations
    assert "naaktfoto" in situations


def test_every_seeded_section_is_one_of_the_agreed_sections_of_its_lesson():
    for question in seeded():
        assert question.lesson_anchor in SECTION_LABELS[question.lesson_slug], question.text


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_every_section_a_question_links_to_exists_on_its_lesson_page(client, lesson):
    anchors = {q.lesson_anchor for q in seeded().for_lesson(lesson.slug)}
    page = parse(client.get(reverse("lessons:detail", args=[lesson.slug])).content)
    assert anchors <= page.ids, f"missing on the page: {sorted(anchors - page.ids)}"


def test_the_quiz_text_and_feedback_messages_are_spelled_correctly():
    texts = []
    for question in seeded():
        texts += [question.situation, question.text, question.explanation]
        texts += [c.text for c in question.choices.all()]
    for sections in SECTION_LABELS.values():
        texts += sections.values()
    numbers = {"sure_wrong": 1, "sure_total": 2, "unsure_right": 3, "unsure_total": 4}
    texts += [message.format(**numbers) for message in VERDICT_MESSAGES.values()]
    assert misspelled("\n".join(texts)) == []


def test_a_fresh_install_has_exactly_the_questions_of_the_v3_file():
    # 0003 seeds v1, 0004 brings it to v2, 0006 adds the picture questions and 0007
    # brings them all to v3 (tests/quiz/test_seed_v2.py and test_seed_v3.py test the steps).
    names = ["questions_v2.toml", "picture_questions_v1.toml", "questions_v3.toml"]
    earlier = v1_questions() + [data for name in names for data in data_file_questions(name)]
    from_the_files = {data["key"] for data in earlier}
    in_database = {
        q.seed_key: as_in_the_file(q)
        for q in Question.objects.filter(seed_key__in=from_the_files).prefetch_related(
            "choices", "pictures"
        )
    }
    assert in_database == {data["key"]: as_loaded(data) for data in v3_questions()}


def test_every_question_in_the_v1_file_has_its_own_key():
    keys = [data["key"] for data in v1_questions()]
    assert len(keys) == len(set(keys)) == 32


@pytest.mark.parametrize(
    "migration", ["0003_seed_questions_v1", "0004_seed_questions_v2", "0007_seed_questions_v3"]
)
def test_the_seed_migration_imports_no_live_code(migration):
    source = (V1_FILE.parents[1] / f"{migration}.py").read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == [
        "import tomllib",
        "from pathlib import Path",
        "from django.db import migrations",
    ]


# serialized_rollback: the seeded rows come back for the tests that run after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_seed_migration_can_be_undone_and_redone():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    teachers_own = None
    try:
        MigrationExecutor(connection).migrate([("quiz", "0002_question_seed_key")])
        assert Question.objects.count() == 0
        MigrationExecutor(connection).migrate(leaves)
        v3_keys = [data["key"] for data in v3_questions()]
        assert Question.objects.filter(seed_key__in=v3_keys).count() == len(v3_keys)
        # Undoing removes only the seeded questions, not a teacher's own.
        teachers_own = Question.objects.create(
            lesson_slug="gan", text="Eigen vraag", explanation="Van de docent."
        )
        MigrationExecutor(connection).migrate([("quiz", "0002_question_seed_key")])
        assert list(Question.objects.all()) == [teachers_own]
    finally:
        # Back to the newest schema first: the live model's delete cascades to newer tables.
        MigrationExecutor(connection).migrate(leaves)
        if teachers_own is not None:
            Question.objects.filter(pk=teachers_own.pk).delete()
