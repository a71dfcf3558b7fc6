"""Brings every seeded quiz question to data/questions_v3.toml (issue 22).

Self-contained like 0004 and 0006 (see data/README.md): read_questions,
question_fields and put_choices are copies, not imports, so later changes to
the live code or to other data files never change what this migration does.

The file holds the text questions and the picture questions together, so one
upsert covers both. Forward: every question of the file is added or updated by
its key (choices and pictures updated in place by position, so Klassikaal
answers keep their rows and a picture keeps its address); seeded questions whose
key the file no longer has are deleted. Questions teachers made in the admin
(no key) stay.

Backward: only the questions that v3 added are deleted. The kept questions stay
in their v3 wording and the retired ones do not come back, as with 0004.
"""

import tomllib
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).parent / "data"
DATA_FILE = DATA / "questions_v3.toml"
EARLIER_FILES = [DATA / "questions_v2.toml", DATA / "picture_questions_v1.toml"]


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


def put_pictures(Picture, db, question, pictures):
    """The file's pictures in file order, updated in place by position.

    A picture row holds the name `seed/<file>`, read from quiz/seed_pictures/
    (see 0006); assigning the name makes the image field read the width and
    height from the file again.
    """
    existing = list(Picture.objects.using(db).filter(question=question).order_by("order", "id"))
    for order, data in enumerate(pictures, start=1):
        fields = {"image": f"seed/{data['file']}", "alt": data["alt"].strip(), "order": order}
        if existing:
            picture = existing.pop(0)
            for name, value in fields.items():
                setattr(picture, name, value)
            picture.save(using=db)
        else:
            Picture.objects.using(db).create(question=question, **fields)
    for picture in existing:
        picture.delete()


def upsert_questions(apps, schema_editor):
    """Add or update every question of the file by its key; retire seeded
    questions the file no longer has. Questions teachers made (no key) stay."""
    Question = apps.get_model("quiz", "Question")
    Choice = apps.get_model("quiz", "Choice")
    Picture = apps.get_model("quiz", "Picture")
    db = schema_editor.connection.alias
    questions = Question.objects.using(db)
    file_questions = read_questions()
    for data in file_questions:
        question, _ = questions.update_or_create(
            seed_key=data["key"], defaults=question_fields(data)
        )
        put_choices(Choice, db, question, data["choices"])
        # A question without pictures in the file keeps what a teacher gave it.
        if "pictures" in data:
            put_pictures(Picture, db, question, data["pictures"])
    keys = [data["key"] for data in file_questions]
    questions.exclude(seed_key=None).exclude(seed_key__in=keys).delete()


def remove_added_questions(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    earlier_keys = {data["key"] for path in EARLIER_FILES for data in read_questions(path)}
    added = [data["key"] for data in read_questions() if data["key"] not in earlier_keys]
    Question.objects.using(schema_editor.connection.alias).filter(seed_key__in=added).delete()


class Migration(migrations.Migration):
    dependencies = [("quiz", "0006_seed_picture_questions")]

    operations = [migrations.RunPython(upsert_questions, remove_added_questions)]
