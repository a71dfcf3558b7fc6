"""Picture questions: the seed pictures, the admin's upload rules, the picture
view, and a picture question played in the quiz and in Klassikaal."""

import subprocess
import sys
import tomllib
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from quiz.models import Picture, Question
from quiz.pictures import MAX_SIDE, MAX_UPLOAD_MB, SEED_DIR, QuestionPictureStorage
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    right_choice,
    start_as_teacher,
    step,
)
from tests.pages import parse
from tests.quiz.factories import admin_form

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_quiz_pictures.py"
DATA = ROOT / "quiz" / "migrations" / "data"
# Every file that seeds picture questions: 0006, 0007 and 0008 read them.
SEED_FILES = [
    DATA / "picture_questions_v1.toml",
    DATA / "questions_v3.toml",
    DATA / "picture_questions_v2.toml",
]
ADD_URL = reverse("admin:quiz_question_add")
ALT = "Een kopje koffie op een houten tafel, van bovenaf gefotografeerd."


def _run_script(out: Path) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)], check=True, cwd=ROOT, capture_output=True
    )
    return {p.name: p.read_bytes() for p in sorted([*out.glob("*.jpg"), out / "marks.json"])}


def test_the_seed_script_writes_the_same_bytes_twice_and_they_are_the_committed_pictures(
    tmp_path,
):
    first = _run_script(tmp_path / "first")
    second = _run_script(tmp_path / "second")
    assert len(first) >= 20
    assert first == second
    committed = {
        p.name: p.read_bytes() for p in sorted([*SEED_DIR.glob("*.jpg"), SEED_DIR / "marks.json"])
    }
    assert committed == first


def test_the_seeded_pictures_stay_small_for_the_repository():
    sizes = [p.stat().st_size for p in SEED_DIR.glob("*.jpg")]
    assert len(sizes) >= 20
    assert sum(sizes) < 450 * 1024
    assert max(sizes) < 40 * 1024


def test_every_seeded_picture_is_a_clean_jpeg_that_a_question_uses():
    used = {
        picture["file"]
        for path in SEED_FILES
        for question in tomllib.loads(path.read_text(encoding="utf-8"))["question"]
        for picture in question.get("pictures", [])
    }
    assert used == {p.name for p in SEED_DIR.glob("*.jpg")}
    for name in used:
        with Image.open(SEED_DIR / name) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            assert max(image.size) >= 380


def test_the_migrations_seed_24_picture_questions_each_picture_with_alt_text(client):
    questions = Question.objects.filter(seed_key__startswith="beeld-").prefetch_related("pictures")
    assert questions.count() >= 24
    assert set(Question.objects.playable().filter(seed_key__startswith="beeld-")) == set(questions)
    pairs = 0
    for question in questions:
        pictures = list(question.pictures.all())
        assert 1 <= len(pictures) <= Picture.MAX_PER_QUESTION
        pairs += len(pictures) == 2
        for picture in pictures:
            assert len(picture.alt) >= 40, picture.alt
            # Read from the file as it is now (0008 measures the older rows again).
            with Image.open(SEED_DIR / picture.image.name.removeprefix("seed/")) as image:
                assert (picture.width, picture.height) == image.size
            response = client.get(picture.url)
            assert response.status_code == 200
            assert response["Content-Type"] == "image/jpeg"
        if len(pictures) == 2:
            assert [p.alt[:7] for p in pictures] == ["Foto 1:", "Foto 2:"]
            assert {c.text for c in question.choices.all()} >= {"Foto 1", "Foto 2"}
    assert pairs >= 8


def test_every_explanation_says_what_to_look_for_and_why_looking_is_not_enough():
    for question in Question.objects.filter(seed_key__startswith="beeld-"):
        assert "Let " in question.explanation, question.seed_key
        assert "kijken is niet genoeg" in question.explanation.lower(), question.seed_key


# --- The admin -------------------------------------------------------------------


@pytest.fixture
def picture_folder(monkeypatch, tmp_path):
    """Uploads go to a folder of the test's own.

    The image field made its storage when the model was defined (from
    STORAGES["quiz_pictures"]), so the test swaps the field's storage itself.
    """
    folder = tmp_path / "pictures"
    field = Picture._meta.get_field("image")
    monkeypatch.setattr(field, "storage", QuestionPictureStorage(location=folder, base_url=None))
    return folder


def _photo_with_exif(size=(800, 600), fmt="JPEG", mode="RGB") -> bytes:
    image = Image.new(mode, size, (200, 120, 40) if mode == "RGB" else (200, 120, 40, 128))
    exif = Image.Exif()
    exif[0x010F] = "Testcamera BV"  # Make
    exif[0x0131] = "Geheime Software 1.0"  # Software
    exif[0x8825] = {2: (52.0, 5.0, 0.0), 4: (4.0, 53.0, 0.0)}  # GPS: a place in the Netherlands
    out = BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def _with_pictures(*pictures: tuple[bytes | None, str], name="foto.jpg") -> dict:
    data = admin_form(("De schaduw klopt niet", True), ("Niets", False))
    data["pictures-TOTAL_FORMS"] = str(len(pictures))
    for i, (content, alt) in enumerate(pictures):
        if content is not None:
            data[f"pictures-{i}-image"] = SimpleUploadedFile(name, content, "image/jpeg")
        data[f"pictures-{i}-alt"] = alt
        data[f"pictures-{i}-order"] = str(i + 1)
    return data


def test_a_teacher_adds_a_picture_question_and_the_stored_picture_has_no_exif(
    staff_client, picture_folder
):
    upload = _photo_with_exif()
    assert b"Testcamera BV" in upload
    response = staff_client.post(ADD_URL, _with_pictures((upload, ALT)))
    assert response.status_code == 302, response.content.decode()[-3000:]
    picture = Picture.objects.latest("id")
    assert picture.alt == ALT
    stored = picture.image.read()
    assert Path(picture.image.path).is_relative_to(picture_folder)
    assert b"Testcamera BV" not in stored and b"Geheime Software" not in stored
    assert b"Exif" not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (800, 600) == (picture.width, picture.height)


def test_it_refuses_a_picture_without_alt_text(staff_client, picture_folder):
    before = Question.objects.count()
    response = staff_client.post(ADD_URL, _with_pictures((_photo_with_exif(), "   ")))
    assert response.status_code == 200
    assert "Beschrijf wat er op het plaatje te zien is" in response.content.decode()
    assert Question.objects.count() == before
    assert not any(picture_folder.rglob("*.*"))


def test_it_refuses_a_file_that_is_not_a_picture(staff_client, picture_folder):
    response = staff_client.post(ADD_URL, _with_pictures((b"%PDF-1.4 geen plaatje", ALT)))
    assert response.status_code == 200
    assert Picture.objects.filter(alt=ALT).count() == 0


def test_it_refuses_a_third_picture(staff_client, picture_folder):
    photo = _photo_with_exif()
    response = staff_client.post(ADD_URL, _with_pictures((photo, ALT), (photo, ALT), (photo, ALT)))
    assert response.status_code == 200
    assert "hoogstens 2 plaatjes" in response.content.decode()
    assert Picture.objects.filter(alt=ALT).count() == 0


def test_a_big_photo_is_made_smaller_and_a_transparent_one_stays_a_png(
    staff_client, picture_folder
):
    big = _photo_with_exif(size=(4000, 1000))
    see_through = _photo_with_exif(size=(300, 300), fmt="PNG", mode="RGBA")
    response = staff_client.post(ADD_URL, _with_pictures((big, ALT), (see_through, ALT + " Twee.")))
    assert response.status_code == 302, response.content.decode()[-3000:]
    first, second = Picture.objects.order_by("-id")[:2][::-1]
    assert (first.width, first.height) == (MAX_SIDE, 400)
    assert first.image.name.endswith(".jpg") and second.image.name.endswith(".png")
    with Image.open(second.image.path) as image:
        assert image.mode == "RGBA"
        assert "exif" not in image.info


def test_the_picture_view_lets_browsers_keep_it_and_refuses_other_names(client):
    picture = Picture.objects.filter(question__seed_key__startswith="beeld-").first()
    response = client.get(picture.url)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert response.cookies == {}
    assert client.get(reverse("quiz:picture", args=[picture.pk, "ander.jpg"])).status_code == 404
    assert client.get(reverse("quiz:picture", args=[99999, "x.jpg"])).status_code == 404
    assert client.post(picture.url).status_code == 405


# --- Played ----------------------------------------------------------------------


@pytest.fixture
def only_a_picture_question():
    """The cat question with two pictures, the only active question of its lesson."""
    question = Question.objects.get(seed_key="beeld-kat-lichtpuntjes")
    Question.objects.exclude(pk=question.pk).delete()
    return question


def _pictures_on(html: bytes, question: Question) -> list[dict[str, str]]:
    urls = {p.url: p.alt for p in question.pictures.all()}
    images = [img for img in parse(html).find_all("img") if img.get("src") in urls]
    assert [img["alt"] for img in images] == list(urls.values())
    return images


def test_a_pupil_plays_a_picture_question_in_the_quiz(client, only_a_picture_question):
    question = only_a_picture_question
    begun = client.post(reverse("quiz:lesson", args=[question.lesson_slug]))
    assert begun.status_code == 303
    page = client.get(begun["Location"])
    assert len(_pictures_on(page.content, question)) == 2
    html = page.content.decode()
    assert "Foto 1" in html and "Foto 2" in html
    response = client.post(
        reverse("quiz:question", args=[1]),
        {"question": question.pk, "choice": right_choice(question).pk, "confidence": "zeker"},
    )
    if response.status_code == 303:
        response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Goed!" in html
    assert "kijken is niet genoeg" in html
    assert len(_pictures_on(response.content, question)) == 2


def test_a_class_plays_a_picture_question_on_phones_and_the_board(only_a_picture_question):
    question = only_a_picture_question
    teacher = Client()
    session = start_as_teacher(teacher, count=1, lessons=(question.lesson_slug,))
    pupil = join_as_pupil(session, "Kim")
    step(teacher, session, "start")
    board = teacher.get(reverse("classroom:board", args=[session.code]))
    assert len(_pictures_on(board.content, question)) == 2
    phone = pupil.get(reverse("classroom:play"))
    assert len(_pictures_on(phone.content, question)) == 2
    assert answer(pupil, question, right_choice(question).pk).status_code in (200, 302)
    step(teacher, session, "onthullen")
    board = teacher.get(reverse("classroom:board", args=[session.code]))
    assert len(_pictures_on(board.content, question)) == 2
    assert "kijken is niet genoeg" in board.content.decode()


def test_pictures_are_kept_with_the_code_and_never_in_static(settings):
    # Seeded pictures are data of the quiz, read through the quiz_pictures storage.
    assert settings.STORAGES["quiz_pictures"]["BACKEND"] == "quiz.pictures.QuestionPictureStorage"
    static = Path(settings.BASE_DIR) / "static"
    assert not list(static.rglob("raket-kloon.jpg"))


def _noise_photo(width: int, height: int, quality: int) -> bytes:
    """A photo-like JPEG that compresses badly, so it is as big as a phone's."""
    pixels = np.random.default_rng(15).integers(0, 256, (height, width, 3), dtype=np.uint8)
    out = BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_a_phone_sized_photo_gets_through_and_an_oversized_one_gets_a_dutch_message(
    staff_client, picture_folder
):
    phone_photo = _noise_photo(2000, 1500, 92)
    assert 2 * 1024 * 1024 < len(phone_photo) < MAX_UPLOAD_MB * 1024 * 1024
    response = staff_client.post(ADD_URL, _with_pictures((phone_photo, ALT)))
    assert response.status_code == 302, response.status_code
    assert Picture.objects.filter(alt=ALT).count() == 1

    too_big = _noise_photo(3000, 2200, 97)
    assert len(too_big) > MAX_UPLOAD_MB * 1024 * 1024
    response = staff_client.post(ADD_URL, _with_pictures((too_big, ALT + " Groot.")))
    assert response.status_code == 200
    assert f"groter dan {MAX_UPLOAD_MB} MB" in response.content.decode()
