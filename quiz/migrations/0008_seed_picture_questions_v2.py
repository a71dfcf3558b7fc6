"""Seeds the picture questions of data/picture_questions_v2.toml (issue 23).

Self-contained like the other seeds (see data/README.md): read_questions,
question_fields, put_choices and put_pictures are copies of 0007's, not
imports. Forward: every question of the file is added or updated by its key;
nothing is retired, so the questions of questions_v3.toml stay as they are.
The script that made the pictures (scripts/make_quiz_pictures.py) also made the
older seeded pictures smaller, so every seeded picture row reads its width and
height from its file again.

Backward: the questions of the file are deleted.
"""

import tomllib
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).parent / "data" / "picture_questions_v2.toml"


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
    """The file's answers in file order, updated in place by position:
    Klassikaal's answers point at them."""
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
    """The file's pictures in file order, updated in place by position. A row
    holds the name `seed/<file>`, read from quiz/seed_pictures/ (see 0006)."""
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


def measure_seeded_pictures(Picture, db):
    """Assigning the name again makes the image field read the file's size."""
    for picture in Picture.objects.using(db).filter(image__startswith="seed/"):
        picture.image = picture.image.name
        picture.save(using=db, update_fields=["image", "width", "height"])


def add_picture_questions(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    Choice = apps.get_model("quiz", "Choice")
    Picture = apps.get_model("quiz", "Picture")
    db = schema_editor.connection.alias
    for data in read_questions():
        question, _ = Question.objects.using(db).update_or_create(
            seed_key=data["key"], defaults=question_fields(data)
        )
        put_choices(Choice, db, question, data["choices"])
        put_pictures(Picture, db, question, data["pictures"])
    measure_seeded_pictures(Picture, db)


def remove_picture_questions(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    keys = [data["key"] for data in read_questions()]
    Question.objects.using(schema_editor.connection.alias).filter(seed_key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("quiz", "0007_seed_questions_v3")]

    operations = [migrations.RunPython(add_picture_questions, remove_picture_questions)]
