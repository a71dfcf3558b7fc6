"""A database made before the quiz got its own app migrates without losing anything.

The test winds the test database back to the layout of before the move
(questions in the lessons app, Klassikaal pointing there), fills it the way a
school's database would be filled, migrates forward and checks that every
question, answer, Klassikaal answer and teacher's permission is still there and
still works.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from classroom import results
from classroom.models import Answer, ClassSession
from quiz.models import Question

# The newest migrations of main before the move (commit 7d115e2).
BEFORE_THE_MOVE = [("lessons", "0002_seed_quiz_questions"), ("classroom", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def old_apps():
    """The models as they were before the move (historical models)."""
    return MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps


def fill_like_a_school(apps):
    """Questions, a Klassikaal session with answers and a teacher, in the old layout."""
    OldQuestion = apps.get_model("lessons", "Question")
    OldChoice = apps.get_model("lessons", "Choice")
    question = OldQuestion.objects.create(
        lesson_slug="herkennen",
        lesson_anchor="knipperen",
        kind="meerkeuze",
        text="Hoe vaak knippert iemand in een gesprek?",
        explanation="Zo’n 10 tot 30 keer per minuut.",
    )
    right = OldChoice.objects.create(question=question, text="10 tot 30 keer", is_correct=True)
    wrong = OldChoice.objects.create(question=question, text="1 keer", order=1)
    session = apps.get_model("classroom", "ClassSession").objects.create(
        code="ABCDEF",
        teacher_token="t" * 64,
        question_ids=[question.pk],
        phase="finished",
        expires=timezone.now() + timedelta(hours=1),
    )
    Participant = apps.get_model("classroom", "Participant")
    sam = Participant.objects.create(session=session, nickname="Sam", nickname_key="sam")
    kim = Participant.objects.create(session=session, nickname="Kim", nickname_key="kim")
    OldAnswer = apps.get_model("classroom", "Answer")
    OldAnswer.objects.create(
        participant=sam, question=question, choice=right, confidence="zeker", correct=True
    )
    OldAnswer.objects.create(
        participant=kim, question=question, choice=wrong, confidence="gok", correct=False
    )
    # A question the old seed (lessons/quiz_seed.py) made: the same as v1's first.
    seeded = OldQuestion.objects.create(
        lesson_slug="wat-is-een-deepfake",
        lesson_anchor="het-woord",
        text="Waar komt het woord deepfake vandaan?",
        explanation="Van deep learning en fake.",
    )
    OldChoice.objects.create(question=seeded, text="Van deep learning en fake.", is_correct=True)
    OldChoice.objects.create(question=seeded, text="Van een app.", order=1)
    teacher = get_user_model().objects.create_user("docent", is_staff=True)
    old_type = ContentType.objects.get(app_label="lessons", model="question")
    teacher.user_permissions.add(old_type.permission_set.get(codename="change_question"))
    return question.pk, right.pk, session.pk


# serialized_rollback: the seeded rows come back for the tests that run after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_from_before_the_move_keeps_its_questions_answers_and_permissions():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate([("quiz", None)])
        apps = old_apps()
        apps.get_model("lessons", "Question").objects.all().delete()
        question_id, right_id, session_id = fill_like_a_school(apps)

        migrate(leaves)

        question = Question.objects.get(pk=question_id)
        assert question.text == "Hoe vaak knippert iemand in een gesprek?"
        assert question.correct_choice().pk == right_id
        assert list(question.choices.values_list("text", flat=True)) == ["10 tot 30 keer", "1 keer"]
        assert question in Question.objects.active().playable()
        assert question.seed_key is None  # made by hand, not from a seed file
        # The old seed's question gets its key; nothing is seeded twice. Then the v2 seed
        # (0004) updates it in place to its four choices and adds the other v2 questions.
        assert Question.objects.filter(seed_key="wat-is-het-woord").count() == 1
        assert Question.objects.get(seed_key="wat-is-het-woord").choices.count() == 4
        assert Question.objects.filter(seed_key=None).count() == 1

        session = ClassSession.objects.get(pk=session_id)
        answers = Answer.objects.filter(participant__session=session).select_related("choice")
        assert sorted((a.participant.nickname, a.choice.is_correct) for a in answers) == [
            ("Kim", False),
            ("Sam", True),
        ]
        [row] = results.class_results(session)
        assert (row.question, row.answered, row.right) == (question, 2, 1)

        teacher = get_user_model().objects.get(username="docent")
        assert teacher.has_perm("quiz.change_question")
        assert not ContentType.objects.filter(app_label="lessons").exists()
    finally:
        migrate(leaves)
