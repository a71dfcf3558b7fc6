"""Fixtures shared by the quiz tests. Build data with `tests.quiz.factories`."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.s3 import s3_bucket  # noqa: F401 (a fixture)


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a teacher: a staff user who may manage the quiz questions."""
    user = get_user_model().objects.create_user("docent", "docent@example.org", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="quiz"))
    client.force_login(user)
    return client
