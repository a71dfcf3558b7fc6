"""Seeds the picture questions of data/picture_questions_v1.toml.

Self-contained like the other seeds (see data/README.md): historical models,
tomllib and its own data file only. The pictures themselves ship with the code
in quiz/seed_pictures/; a picture row holds the name `seed/<file>`, which the
`quiz_pictures` storage reads from that folder (quiz/pictures.py), so nothing
is copied and a fresh database needs no media folder.
"""

import tomllib
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).parent / "data" / "picture_questions_v1.toml"


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
    """The file's answers in file order, updated in place: Klassikaal's answers point at them."""
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
    Picture.objects.using(db).filter(question=question).delete()
    for order, data in enumerate(pictures, start=1):
        # The image field reads the width and height from the file itself.
        Picture.objects.using(db).create(
            question=question, image=f"seed/{data['file']}", alt=data["alt"].strip(), order=order
        )


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


def remove_picture_questions(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    keys = [data["key"] for data in read_questions()]
    Question.objects.using(schema_editor.connection.alias).filter(seed_key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("quiz", "0005_question_pictures")]

    operations = [migrations.RunPython(add_picture_questions, remove_picture_questions)]
