"""The second set of quiz questions: quiz/migrations/data/questions_v2.toml,
loaded by quiz/migrations/0004_seed_questions_v2.py.

At the end: what the quiz serves after every seed (v3 and later) gives nothing
away to a pupil who ignores the question (issue 22). Those checks compute their
figures from the database; `pytest -s` prints them.
"""

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
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

        # Up to v2 only: v3 (0007) retires some v2 keys (tests/quiz/test_seed_v3.py).
        MigrationExecutor(connection).migrate([("quiz", "0004_seed_questions_v2")])

        seeded = Question.objects.exclude(seed_key=None)
        seeded_keys = set(seeded.values_list("seed_key", flat=True))
        v1_keys = {data["key"] for data in questions(1)}
        v2_keys = {data["key"] for data in V2}
        # every v2 question is there, and no v1 key that v2 dropped
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


# --- What the quiz serves gives nothing away (issue 22) -------------------------
#
# A pupil who ignores the question can still guess with a rule: take the longest
# answer, the second-longest, the shortest; cross out answers with an absolute
# word; say "Niet waar" to every statement; never pick "Niets" or "Allebei" under
# a photo. On what is served, none of these rules may beat chance by much.

# Words that make a claim absolute. Test makers cross these out: a wrong answer
# is often the one that says "always" or "nobody".
ABSOLUTE_WORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads best as words
        "altijd nooit alleen iedereen niemand niets niks overal nergens alles allemaal "
        "elk elke ieder iedere helemaal zeker precies voorgoed"
    ).split()
)
WORDS = re.compile(r"[^\W\d_]+")

MAX_STRATEGY_SCORE = 0.35
RANK_SHARE_RANGE = (0.15, 0.35)
TRUE_SHARE_RANGE = (0.40, 0.60)
ABSOLUTE_GAP = 0.10  # percentage points between right and wrong answers, as a fraction
ABSOLUTE_RARE = 0.10  # below this in right and wrong answers, the word gives little away
# "Wat klopt er niet?" tells the pupil that something is wrong.
PRESUPPOSING_STEMS = ("wat klopt er niet", "wat is er nep", "wat is er fout")


@dataclass(frozen=True)
class ServedQuestion:
    key: str
    kind: str
    text: str
    choices: tuple[tuple[str, bool], ...]  # (text, is right)
    picture_count: int

    @property
    def right(self) -> str:
        return next(text for text, correct in self.choices if correct)


def served_questions() -> list[ServedQuestion]:
    """What a pupil can be asked: active and playable, seeded or not."""
    questions = Question.objects.active().playable().prefetch_related("choices", "pictures")
    return [
        ServedQuestion(
            key=q.seed_key or str(q.pk),
            kind=q.kind,
            text=f"{q.situation} {q.text}",
            choices=tuple((c.text, c.is_correct) for c in q.choices.all()),
            picture_count=len(q.pictures.all()),
        )
        for q in questions
    ]


def has_absolute_word(text: str) -> bool:
    return any(word.lower() in ABSOLUTE_WORDS for word in WORDS.findall(text))


def rank_shares(choices) -> dict[int, float]:
    """The right answer's length rank (1 = longest); a tie shares the ranks it spans."""
    lengths = sorted((len(text) for text, _ in choices), reverse=True)
    right = next(len(text) for text, correct in choices if correct)
    ranks = [rank for rank, length in enumerate(lengths, start=1) if length == right]
    return {rank: 1 / len(ranks) for rank in ranks}


def nth_longest_score(choices, n: int) -> float:
    """The expected score of always picking the n-th longest answer (n=-1: the
    shortest); ties are broken at random."""
    length = sorted((len(text) for text, _ in choices), reverse=True)[n if n < 0 else n - 1]
    tied = [correct for text, correct in choices if len(text) == length]
    return sum(tied) / len(tied)


def cross_out_score(choices) -> float:
    """The expected score of crossing out the answers with an absolute word and
    guessing among the rest (among all, if every answer has one)."""
    left = [correct for text, correct in choices if not has_absolute_word(text)]
    left = left or [correct for _, correct in choices]
    return sum(left) / len(left)


def share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def giveaway_figures(questions: list[ServedQuestion]) -> dict[str, float]:
    four = [q for q in questions if len(q.choices) == 4]
    statements = [q for q in questions if q.kind == Question.Kind.TRUE_FALSE]
    absolute_statements = [q for q in statements if has_absolute_word(q.text)]
    rights = [q.right for q in four]
    wrongs = [text for q in four for text, correct in q.choices if not correct]
    ranks: Counter[int] = Counter()
    for q in four:
        ranks.update(rank_shares(q.choices))
    return {
        "four-option questions": len(four),
        **{f"right is length rank {r}": share(ranks[r], len(four)) for r in (1, 2, 3, 4)},
        "score always longest": share(
            sum(nth_longest_score(q.choices, 1) for q in four), len(four)
        ),
        "score always second-longest": share(
            sum(nth_longest_score(q.choices, 2) for q in four), len(four)
        ),
        "score always shortest": share(
            sum(nth_longest_score(q.choices, -1) for q in four), len(four)
        ),
        "score crossing out absolute words": share(
            sum(cross_out_score(q.choices) for q in four), len(four)
        ),
        "absolute word in right answers": share(sum(map(has_absolute_word, rights)), len(rights)),
        "absolute word in wrong answers": share(sum(map(has_absolute_word, wrongs)), len(wrongs)),
        "true/false statements": len(statements),
        "true/false true": share(sum(q.right == "Waar" for q in statements), len(statements)),
        "true/false with an absolute word": len(absolute_statements),
        "true/false with an absolute word, true": share(
            sum(q.right == "Waar" for q in absolute_statements), len(absolute_statements)
        ),
    }


def report(figures: dict[str, float]) -> str:
    return "\n".join(
        f"{name}: {value:.0%}" if isinstance(value, float) else f"{name}: {value}"
        for name, value in figures.items()
    )


@pytest.fixture
def figures() -> dict[str, float]:
    found = giveaway_figures(served_questions())
    print("\n" + report(found))
    return found


def test_the_right_answers_length_rank_is_spread_over_all_four_ranks(figures):
    low, high = RANK_SHARE_RANGE
    assert figures["four-option questions"] >= 40
    for rank in (1, 2, 3, 4):
        assert low <= figures[f"right is length rank {rank}"] <= high, report(figures)


def test_no_strategy_that_ignores_the_question_scores_above_35_percent(figures):
    for strategy in (
        "score always longest",
        "score always second-longest",
        "score always shortest",
        "score crossing out absolute words",
    ):
        assert figures[strategy] <= MAX_STRATEGY_SCORE, report(figures)


def test_absolute_words_are_as_common_in_right_answers_as_in_wrong_ones(figures):
    right = figures["absolute word in right answers"]
    wrong = figures["absolute word in wrong answers"]
    rare_in_both = right < ABSOLUTE_RARE and wrong < ABSOLUTE_RARE
    assert rare_in_both or abs(right - wrong) <= ABSOLUTE_GAP, report(figures)


def test_about_half_of_the_true_false_statements_are_true(figures):
    low, high = TRUE_SHARE_RANGE
    assert figures["true/false statements"] >= 10
    assert low <= figures["true/false true"] <= high, report(figures)
    # An absolute word in a statement must not say "Niet waar" either.
    if figures["true/false with an absolute word"] >= 3:
        assert 1 / 3 <= figures["true/false with an absolute word, true"] <= 2 / 3, report(figures)


def test_picture_questions_do_not_say_that_something_is_wrong():
    pictured = [q for q in served_questions() if q.picture_count]
    assert pictured
    for question in pictured:
        stem = question.text.lower()
        assert not any(phrase in stem for phrase in PRESUPPOSING_STEMS), question.key


def test_under_a_photo_nothing_wrong_both_real_and_both_made_can_be_right():
    pictured = [q for q in served_questions() if q.picture_count]
    singles = [q for q in pictured if q.picture_count == 1]
    pairs = [q for q in pictured if q.picture_count == 2]
    # Nothing visible is wrong, or looking cannot tell and the source must.
    honest = [q for q in singles if q.right.startswith("Niets") or "bron" in q.right]
    assert len(honest) >= 2, [q.key for q in singles]
    nothing = [q for q in singles if any(t.startswith("Niets") for t, _ in q.choices)]
    assert any(q.right.startswith("Niets") for q in nothing)
    assert any(not q.right.startswith("Niets") for q in nothing)
    rights = Counter(q.right for q in pairs)
    assert rights["Allebei"] >= 1 and rights["Geen van beide"] >= 1, rights
    assert rights["Foto 1"] + rights["Foto 2"] >= 1, rights
