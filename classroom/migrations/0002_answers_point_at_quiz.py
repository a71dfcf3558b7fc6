"""Klassikaal's answers point at the quiz app's models (same tables, so no change
in the database: the foreign keys already reference `lessons_question` and
`lessons_choice`)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classroom", "0001_initial"),
        ("quiz", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="answer",
                    name="question",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="quiz.question"),
                ),
                migrations.AlterField(
                    model_name="answer",
                    name="choice",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="quiz.choice"),
                ),
            ],
            database_operations=[],
        ),
    ]
