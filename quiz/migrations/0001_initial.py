"""The quiz models move here from the lessons app; their tables stay where they are.

Only Django's picture of the models changes (state operations): the tables
`lessons_question` and `lessons_choice` and every row in them are untouched, so
an existing database keeps its questions and the Klassikaal answers that point
at them. The admin's content types move along, so the permissions teachers
were given keep working.
"""

import django.db.models.deletion
from django.db import migrations, models

import lessons.content

MOVED_MODELS = ("question", "choice")


def move_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, "lessons", "quiz")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, schema_editor, "quiz", "lessons")


def _relabel(apps, schema_editor, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED_MODELS:
        if not content_types.filter(app_label=new_label, model=model).exists():
            content_types.filter(app_label=old_label, model=model).update(app_label=new_label)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lessons", "0002_seed_quiz_questions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Question",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("lesson_slug", models.CharField(choices=lessons.content.lesson_choices, max_length=60, verbose_name="les")),
                        ("lesson_anchor", models.CharField(blank=True, max_length=60, verbose_name="stuk van de les (anker)")),
                        ("kind", models.CharField(choices=[("meerkeuze", "Meerkeuze"), ("waar_niet_waar", "Waar of niet waar"), ("situatie", "Echt of nep? (situatie)")], default="meerkeuze", max_length=20, verbose_name="soort")),
                        ("situation", models.TextField(blank=True, help_text="Alleen bij een situatievraag: wat er gebeurt.", verbose_name="situatie")),
                        ("text", models.TextField(verbose_name="vraag")),
                        ("explanation", models.TextField(help_text="Waarom het goede antwoord goed is en het verleidelijke foute fout.", verbose_name="uitleg")),
                        ("is_active", models.BooleanField(default=True, verbose_name="in gebruik")),
                        ("created", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "vraag",
                        "verbose_name_plural": "vragen",
                        "db_table": "lessons_question",
                        "ordering": ["lesson_slug", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Choice",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.CharField(max_length=300, verbose_name="antwoord")),
                        ("is_correct", models.BooleanField(default=False, verbose_name="goed antwoord")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="volgorde")),
                        ("question", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="choices", to="quiz.question")),
                    ],
                    options={
                        "verbose_name": "antwoord",
                        "verbose_name_plural": "antwoorden",
                        "db_table": "lessons_choice",
                        "ordering": ["order", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
