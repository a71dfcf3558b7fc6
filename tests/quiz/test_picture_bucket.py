"""Quiz pictures in the bucket (quiz/picture_bucket.py, with DJANGO_S3_BUCKET; moto's
server: tests/s3.py): a teacher's upload is a private object under its prefix, the
app serves it as it serves one from the folder, and the seeded pictures still come
from the code."""

from io import BytesIO

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from quiz.models import Picture, Question
from quiz.pictures import SEED_DIR
from tests.quiz.factories import admin_form

pytestmark = pytest.mark.django_db

ALT = "Een oranje vlak op een witte achtergrond, recht van voren gefotografeerd."


@pytest.fixture
def bucket(s3_bucket, monkeypatch):
    """The image field made its storage when the model was defined: it gets the one
    settings.py makes for the bucket."""
    field = Picture._meta.get_field("image")
    storage = storages.create_storage(s3_bucket.storages()["quiz_pictures"])
    monkeypatch.setattr(field, "storage", storage)
    return s3_bucket


def photo() -> bytes:
    out = BytesIO()
    Image.new("RGB", (640, 480), (230, 120, 20)).save(out, "JPEG")
    return out.getvalue()


def add_question_with_a_picture(staff_client) -> Picture:
    data = admin_form(("Het vlak", True), ("De achtergrond", False))
    data.update(
        {
            "pictures-TOTAL_FORMS": "1",
            "pictures-0-image": SimpleUploadedFile("foto.jpg", photo(), "image/jpeg"),
            "pictures-0-alt": ALT,
            "pictures-0-order": "1",
        }
    )
    response = staff_client.post(reverse("admin:quiz_question_add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Picture.objects.get(alt=ALT)


def test_a_teachers_picture_is_a_private_object_that_the_app_serves(staff_client, bucket):
    picture = add_question_with_a_picture(staff_client)

    key = f"quiz-pictures/{picture.image.name}"
    assert bucket.object_keys() == [key]
    assert bucket.is_private(key)
    assert (picture.width, picture.height) == (640, 480)
    response = staff_client.get(picture.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == bucket.read(key)


def test_the_admin_links_a_picture_to_the_app_never_to_the_bucket(staff_client, bucket):
    picture = add_question_with_a_picture(staff_client)

    page = staff_client.get(reverse("admin:quiz_question_change", args=[picture.question_id]))

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{picture.url}"' in html
    assert bucket.endpoint_url not in html
    assert "X-Amz" not in html


def test_the_seeded_pictures_still_come_from_the_code(client, bucket):
    picture = Picture.objects.filter(image__startswith="seed/").first()

    response = client.get(picture.url)

    assert response.status_code == 200
    seeded = SEED_DIR / picture.image.name.removeprefix("seed/")
    assert b"".join(response.streaming_content) == seeded.read_bytes()
    assert bucket.object_keys() == []


def test_a_picture_missing_from_the_bucket_is_not_found(client, bucket):
    question = Question.objects.filter(pictures__isnull=False).first()
    gone = Picture.objects.create(
        question=question, image="vragen/2026/weg.jpg", width=10, height=10, alt=ALT, order=3
    )

    assert client.get(gone.url).status_code == 404
