"""The third set of quiz questions: quiz/migrations/data/questions_v3.toml, loaded
by quiz/migrations/0007_seed_questions_v3.py (issue 22). The give-away checks on
what is served are in tests/quiz/test_seed_v2.py."""

import tomllib
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lessons import content
from lessons.sections import SECTION_LABELS
from quiz.models import Choice, Picture, Question
from quiz.pictures import SEED_DIR
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[2] / "quiz" / "migrations" / "data"
MULTIPLE = ("meerkeuze", "situatie")
RETIRED = {"wat-is-soorten", "steegje-feedback", "gevaar-sextortion-jongens"}


def questions(name: str) -> list[dict]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))["question"]


V3 = questions("questions_v3.toml")
EARLIER = {data["key"]: data for data in questions("questions_v2.toml")} | {
    data["key"]: data for data in questions("picture_questions_v1.toml")
}
BY_KEY = {data["key"]: data for data in V3}


def right_index(data: dict) -> int:
    return next(i for i, c in enumerate(data["choices"]) if c["correct"])


def test_v3_holds_every_lesson_and_the_picture_questions():
    per_lesson = Counter(data["lesson"] for data in V3)
    for lesson in content.all_lessons():
        assert per_lesson[lesson.slug] >= 7, lesson.slug
    assert sum(1 for data in V3 if data["kind"] == "situatie") >= 8
    assert sum(1 for data in V3 if "pictures" in data) >= 10


def test_every_question_has_one_right_answer_and_the_usual_choices():
    for data in V3:
        assert sum(c["correct"] for c in data["choices"]) == 1, data["key"]
        if data["kind"] in MULTIPLE:
            assert len(data["choices"]) == 4, data["key"]
        else:
            assert [c["text"] for c in data["choices"]] == ["Waar", "Niet waar"], data["key"]


def test_answers_that_are_sentences_have_comparable_lengths():
    # Not "Foto 1" against "Geen van beide": those are the same four words each time.
    for data in V3:
        lengths = [len(c["text"]) for c in data["choices"]]
        if data["kind"] in MULTIPLE and min(lengths) > 20:
            assert max(lengths) <= 2 * min(lengths), data["key"]


def test_keys_are_unique_and_a_kept_key_keeps_its_lesson_kind_and_right_answers_place():
    keys = [data["key"] for data in V3]
    assert len(keys) == len(set(keys))
    kept = [data for data in V3 if data["key"] in EARLIER]
    assert len(kept) >= 50
    for data in kept:
        old = EARLIER[data["key"]]
        assert (data["lesson"], data["kind"]) == (old["lesson"], old["kind"]), data["key"]
        assert right_index(data) == right_index(old), data["key"]
        assert len(data["choices"]) == len(old["choices"]), data["key"]


def test_the_retired_keys_are_gone_and_what_they_asked_is_asked_the_true_way():
    assert not RETIRED & set(BY_KEY)
    assert RETIRED.issubset(EARLIER)
    for key in ("wat-is-soorten-stem", "steegje-beloning", "gevaar-sextortion-vooral-jongens"):
        assert BY_KEY[key]["kind"] == "waar_niet_waar"
        assert BY_KEY[key]["choices"][0] == {"text": "Waar", "correct": True}


def test_consent_is_asked_beforehand_not_liked_afterwards():
    situation = BY_KEY["toepassing-drie-vragen"]["situation"]
    assert "vooraf" in situation
    assert "vindt het leuk" not in situation
    assert "achteraf" in BY_KEY["toepassing-drie-vragen"]["explanation"]


def test_the_label_duty_is_on_whoever_uses_ai_for_their_work():
    data = BY_KEY["toepassing-ai-verordening"]
    right = data["choices"][right_index(data)]["text"]
    assert "werk" in right
    assert "openbaar maakt" not in right
    assert "thuis voor jezelf" in data["explanation"]


def test_the_law_on_images_of_minors_is_not_called_absolute():
    explanation = BY_KEY["gevaar-wet-minderjarigen"]["explanation"]
    assert "252" in explanation
    assert "altijd" not in explanation
    assert "niet strafbaar" in explanation  # peers who share with each other


def test_every_explanation_teaches_and_links_to_an_agreed_section_of_its_lesson():
    for data in V3:
        assert len(data["explanation"].split()) >= 30, data["key"]
        assert data["anchor"] in SECTION_LABELS[data["lesson"]], data["key"]


def test_picture_questions_use_seeded_pictures_and_say_what_to_look_for():
    used = set()
    for data in V3:
        if "pictures" not in data:
            continue
        assert data["key"].startswith("beeld-")
        assert 1 <= len(data["pictures"]) <= Picture.MAX_PER_QUESTION
        for number, picture in enumerate(data["pictures"], start=1):
            assert (SEED_DIR / picture["file"]).is_file(), picture["file"]
            assert len(picture["alt"]) >= 40
            if len(data["pictures"]) == 2:
                assert picture["alt"].startswith(f"Foto {number}:")
            used.add(picture["file"])
        assert "Let " in data["explanation"], data["key"]
        assert "kijken is niet genoeg" in data["explanation"].lower(), data["key"]
    # Later seeds (picture_questions_v2.toml) use more: tests/quiz/test_pictures.py.
    assert used <= {p.name for p in SEED_DIR.glob("*.jpg")}


def test_every_question_is_spelled_correctly():
    texts = []
    for data in V3:
        texts += [data.get("situation", ""), data["text"], data["explanation"]]
        texts += [c["text"] for c in data["choices"]]
        texts += [p["alt"] for p in data.get("pictures", [])]
    assert misspelled("\n".join(texts)) == []


# serialized_rollback: the seeded rows come back for the tests that run after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_v3_migration_upserts_in_place_retires_old_keys_and_can_be_undone():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    teachers_own = None
    try:
        # From empty, so the retired v2 questions are there again.
        MigrationExecutor(connection).migrate([("quiz", "0002_question_seed_key")])
        MigrationExecutor(connection).migrate([("quiz", "0006_seed_picture_questions")])
        assert set(Question.objects.values_list("seed_key", flat=True)) == set(EARLIER)
        kept = Question.objects.get(seed_key="gevaar-chantage")
        choice_ids = list(kept.choices.values_list("id", flat=True))
        pictured = Question.objects.get(seed_key="beeld-kat-lichtpuntjes")
        picture_ids = list(pictured.pictures.values_list("id", flat=True))
        teachers_own = Question.objects.create(
            lesson_slug="gan", text="Eigen vraag", explanation="Van de docent."
        )

        MigrationExecutor(connection).migrate([("quiz", "0007_seed_questions_v3")])

        seeded_keys = set(
            Question.objects.exclude(seed_key=None).values_list("seed_key", flat=True)
        )
        assert seeded_keys == set(BY_KEY)
        kept = Question.objects.get(pk=kept.pk)
        assert list(kept.choices.values_list("id", flat=True)) == choice_ids
        assert kept.choices.get(is_correct=False, order=4).text == (
            "Een klein bedrag betalen om tijd te winnen en rustig na te denken."
        )
        assert list(pictured.pictures.values_list("id", flat=True)) == picture_ids
        added = Question.objects.get(seed_key="beeld-raket-kat-allebei-echt")
        assert [p.image.name for p in added.pictures.all()] == [
            "seed/raket-echt.jpg",
            "seed/kat-echt.jpg",
        ]
        assert all(p.width > 0 and p.height > 0 for p in added.pictures.all())
        assert Question.objects.filter(pk=teachers_own.pk).exists()

        # Undoing 0007 removes only what v3 added; the teacher's question stays.
        MigrationExecutor(connection).migrate([("quiz", "0006_seed_picture_questions")])
        assert not Question.objects.filter(seed_key="beeld-raket-kat-allebei-echt").exists()
        assert Question.objects.filter(seed_key="gevaar-chantage").exists()
        assert Question.objects.filter(pk=teachers_own.pk).exists()
    finally:
        # Back to the newest schema first: the live model's delete cascades to newer tables.
        MigrationExecutor(connection).migrate(leaves)
        if teachers_own is not None:
            Question.objects.filter(pk=teachers_own.pk).delete()
    assert Choice.objects.filter(question__seed_key="beeld-raket-kat-allebei-echt").count() == 4
