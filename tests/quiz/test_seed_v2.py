"""The second set of quiz questions: quiz/migrations/data/questions_v2.toml,
loaded by quiz/migrations/0004_seed_questions_v2.py."""

import tomllib
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from lessons import content
from quiz.models import Choice, Question
from tests.pages import parse
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[2] / "quiz" / "migrations" / "data"
MULTIPLE = ("meerkeuze", "situatie")


def questions(version: int) -> list[dict]:
    path = DATA / f"questions_v{version}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["question"]


V2 = questions(2)


def right_choice(data: dict) -> str:
    return next(c["text"] for c in data["choices"] if c["correct"])


def test_every_lesson_has_at_least_seven_questions_so_a_retry_differs():
    per_lesson = Counter(data["lesson"] for data in V2)
    assert len(V2) >= 49
    for lesson in content.all_lessons():
        assert per_lesson[lesson.slug] >= 7, lesson.slug


def test_there_are_at_least_eight_situation_questions_each_with_a_situation():
    situations = [data for data in V2 if data["kind"] == "situatie"]
    assert len(situations) >= 8
    assert all(data["situation"].strip() for data in situations)
    assert all("situation" not in data for data in V2 if data["kind"] != "situatie")


def test_every_multiple_choice_question_has_four_choices_and_one_right():
    for data in V2:
        right = sum(c["correct"] for c in data["choices"])
        assert right == 1, data["key"]
        if data["kind"] in MULTIPLE:
            assert len(data["choices"]) == 4, data["key"]
        else:
            assert [c["text"] for c in data["choices"]] == ["Waar", "Niet waar"], data["key"]


def test_the_right_answer_cannot_be_guessed_by_its_length():
    multiple = [data for data in V2 if data["kind"] in MULTIPLE]
    longest_is_right = 0
    for data in multiple:
        lengths = [len(c["text"]) for c in data["choices"]]
        if len(right_choice(data)) >= max(lengths):
            longest_is_right += 1
        # comparable lengths: the longest choice at most twice the shortest
        assert max(lengths) <= 2 * min(lengths), data["key"]
    assert longest_is_right <= len(multiple) / 3


def test_keys_are_unique_and_kept_v1_keys_keep_their_right_answer_in_place():
    keys = [data["key"] for data in V2]
    assert len(keys) == len(set(keys))
    v1 = {data["key"]: data for data in questions(1)}
    kept = [data for data in V2 if data["key"] in v1]
    assert len(kept) >= 20
    for data in kept:
        old = v1[data["key"]]
        assert (data["lesson"], data["kind"]) == (old["lesson"], old["kind"])
        old_right = [c["correct"] for c in old["choices"]]
        assert [c["correct"] for c in data["choices"]][: len(old_right)] == old_right


def test_the_debatable_v1_items_are_gone():
    keys = {data["key"] for data in V2}
    assert not keys & {"gan-wanneer-klaar", "toepassing-grijs-gebied", "herken-mond"}
    assert "herken-hoe-vaak" not in keys
    every_text = " ".join(
        data["text"] + " ".join(c["text"] for c in data["choices"]) for data in V2
    )
    assert "26 keer" not in every_text
    assert "altijd zwart" not in every_text


def test_the_new_topics_are_asked():
    every_text = " ".join(data["text"] + data.get("situation", "") for data in V2).lower()
    for topic in ("diffusiemodel", "stem", "label", "strafbaar", "ai-verordening"):
        assert topic in every_text, topic


def test_every_explanation_teaches_and_links_to_a_section_of_its_lesson():
    for data in V2:
        assert len(data["explanation"].split()) >= 30, data["key"]
        assert data["anchor"], data["key"]


@pytest.mark.parametrize("lesson", content.all_lessons(), ids=lambda le: le.slug)
def test_every_anchor_exists_in_the_rendered_lesson(client, lesson):
    anchors = {data["anchor"] for data in V2 if data["lesson"] == lesson.slug}
    page = parse(client.get(reverse("lessons:detail", args=[lesson.slug])).content)
    assert anchors <= page.ids, sorted(anchors - page.ids)


def test_every_question_is_spelled_correctly():
    texts = []
    for data in V2:
        texts += [data.get("situation", ""), data["text"], data["explanation"]]
        texts += [c["text"] for c in data["choices"]]
    assert misspelled("\n".join(texts)) == []


# serialized_rollback: the seeded rows come back for the tests that run after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_v2_migration_upserts_by_key_keeps_choice_rows_and_retires_old_keys():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    teachers_own = None
    try:
        MigrationExecutor(connection).migrate([("quiz", "0002_question_seed_key")])
        assert Question.objects.count() == 0
        MigrationExecutor(connection).migrate([("quiz", "0003_seed_questions_v1")])
        assert set(Question.objects.values_list("seed_key", flat=True)) == {
            data["key"] for data in questions(1)
        }
        kept = Question.objects.get(seed_key="gevaar-stemfraude")
        choice_ids = list(kept.choices.values_list("id", flat=True))
        teachers_own = Question.objects.create(
            lesson_slug="gan", text="Eigen vraag", explanation="Van de docent."
        )

        MigrationExecutor(connection).migrate(leaves)

        seeded = Question.objects.exclude(seed_key=None)
        seeded_keys = set(seeded.values_list("seed_key", flat=True))
        v1_keys = {data["key"] for data in questions(1)}
        v2_keys = {data["key"] for data in V2}
        # every v2 question is there, and no v1 key that v2 dropped (later seeds may add more)
        assert v2_keys <= seeded_keys
        assert not (v1_keys - v2_keys) & seeded_keys
        kept = Question.objects.get(pk=kept.pk)
        # the three v1 choices are the same rows, in place; the fourth is new
        assert list(kept.choices.values_list("id", flat=True))[:3] == choice_ids
        assert kept.choices.count() == 4
        assert Question.objects.filter(pk=teachers_own.pk).exists()
        assert not Question.objects.filter(seed_key="gan-wanneer-klaar").exists()

        # Undoing 0004 removes only what v2 added; the teacher's question stays.
        MigrationExecutor(connection).migrate([("quiz", "0003_seed_questions_v1")])
        assert not Question.objects.filter(seed_key="gan-diffusie").exists()
        assert Question.objects.filter(pk=teachers_own.pk).exists()
    finally:
        # Back to the newest schema first: the live model's delete cascades to newer tables.
        MigrationExecutor(connection).migrate(leaves)
        if teachers_own is not None:
            Question.objects.filter(pk=teachers_own.pk).delete()
    assert Choice.objects.filter(question__seed_key="gan-diffusie").count() == 4


def test_the_v2_migration_imports_no_live_code():
    source = (DATA.parent / "0004_seed_questions_v2.py").read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == [
        "import tomllib",
        "from pathlib import Path",
        "from django.db import migrations",
    ]
