"""Seeds the quiz with the questions of data/questions_v1.toml.

Self-contained on purpose: it uses only the historical models (apps.get_model),
tomllib and its own data file, so later changes to the live code or to other
data files never change what this migration does. A later seed copies this
file (see data/README.md).

A database that was seeded before the seed became data (by the old
lessons/0002, from lessons/quiz_seed.py, with the same questions) already has
questions. There the seeded ones, found by lesson and text, only get their key;
nothing is added, so a question a teacher deleted stays deleted.
"""

import tomllib
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).parent / "data" / "questions_v1.toml"


def read_questions():
    with DATA_FILE.open("rb") as file:
        return tomllib.load(file)["question"]


def question_fields(data):
    return {
        "lesson_slug": data["lesson"],
        "lesson_anchor": data.get("anchor", ""),
        "kind": data["kind"],
        "situation": data.get("situation", "").strip(),
        "text": data["text"].strip(),
        "explanation": data["explanation"].strip(),
    }


def put_choices(Choice, db, question, choices):
    """Make the question's answers those of the file, in file order.

    Existing answers are updated in place (matched by position), not deleted
    and made again: Klassikaal's answers point at them.
    """
    existing = list(Choice.objects.using(db).filter(question=question).order_by("order", "id"))
    for order, data in enumerate(choices, start=1):
        fields = {"text": data["text"].strip(), "is_correct": data["correct"], "order": order}
        if existing:
            choice = existing.pop(0)
            for name, value in fields.items():
                setattr(choice, name, value)
            choice.save(using=db)
        else:
            Choice.objects.using(db).create(question=question, **fields)
    for choice in existing:
        choice.delete()


def add_questions(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    Choice = apps.get_model("quiz", "Choice")
    db = schema_editor.connection.alias
    questions = Question.objects.using(db)
    seeded_before = questions.exists()
    for data in read_questions():
        fields = question_fields(data)
        if seeded_before:
            same = questions.filter(
                seed_key=None, lesson_slug=fields["lesson_slug"], text=fields["text"]
            ).first()
            if same is not None:
                same.seed_key = data["key"]
                same.save(using=db, update_fields=["seed_key"])
            continue
        question = questions.create(seed_key=data["key"], **fields)
        put_choices(Choice, db, question, data["choices"])


def remove_questions(apps, schema_editor):
    # Only the seeded questions; questions that teachers added stay.
    Question = apps.get_model("quiz", "Question")
    keys = [data["key"] for data in read_questions()]
    Question.objects.using(schema_editor.connection.alias).filter(seed_key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0002_question_seed_key"),
        ("lessons", "0003_quiz_models_moved"),
    ]

    operations = [
        migrations.RunPython(add_questions, remove_questions),
    ]
