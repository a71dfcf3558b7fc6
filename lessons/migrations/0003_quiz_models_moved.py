"""The quiz models now belong to the quiz app (quiz/migrations/0001_initial.py).

Removed from the lessons app's picture of the models only: the tables and
their rows stay and are the quiz app's from here on.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0002_seed_quiz_questions"),
        ("quiz", "0001_initial"),
        ("classroom", "0002_answers_point_at_quiz"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Choice"),
                migrations.DeleteModel(name="Question"),
            ],
            database_operations=[],
        ),
    ]
