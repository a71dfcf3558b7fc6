"""Brings the seeded quiz questions to data/questions_v2.toml.

Self-contained like 0003 (see data/README.md): read_questions, question_fields
and put_choices are copies, not imports, so later changes to the live code or
to other data files never change what this migration does.

Forward: every question of the file is added or updated by its key (choices
updated in place by position, so Klassikaal answers keep their rows); seeded
questions whose key the file no longer has are deleted. Questions teachers
made in the admin (no key) stay.

Backward: only the questions that v2 added are deleted. The kept questions stay
in their v2 wording and the retired v1 questions do not come back; undoing 0003
after this removes the v1 keys as usual.
"""

import tomllib
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).parent / "data" / "questions_v2.toml"
V1_FILE = Path(__file__).parent / "data" / "questions_v1.toml"


def read_questions(path=DATA_FILE):
    with path.open("rb") as file:
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


def upsert_questions(apps, schema_editor):
    """Add or update every question of the file by its key; retire seeded
    questions the file no longer has. Questions teachers made (no key) stay."""
    Question = apps.get_model("quiz", "Question")
    Choice = apps.get_model("quiz", "Choice")
    db = schema_editor.connection.alias
    questions = Question.objects.using(db)
    file_questions = read_questions()
    for data in file_questions:
        question, _ = questions.update_or_create(
            seed_key=data["key"], defaults=question_fields(data)
        )
        put_choices(Choice, db, question, data["choices"])
    keys = [data["key"] for data in file_questions]
    questions.exclude(seed_key=None).exclude(seed_key__in=keys).delete()


def remove_added_questions(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    v1_keys = {data["key"] for data in read_questions(V1_FILE)}
    added = [data["key"] for data in read_questions() if data["key"] not in v1_keys]
    Question.objects.using(schema_editor.connection.alias).filter(seed_key__in=added).delete()


class Migration(migrations.Migration):
    dependencies = [("quiz", "0003_seed_questions_v1")]

    operations = [migrations.RunPython(upsert_questions, remove_added_questions)]
