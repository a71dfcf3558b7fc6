"""The picture items of issue 23: quiz/migrations/data/picture_questions_v2.toml
(seeded by 0008), the marks of the edited pictures (quiz/seed_pictures/marks.json),
the ring once the answer is known, the link that shows a picture larger, and a
seeded picture by its file name (for the lessons). The seed script itself and the
committed files: tests/quiz/test_pictures.py."""

import json
import tomllib
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from PIL import Image

from lessons.sections import SECTION_LABELS
from quiz.models import Picture, Question
from quiz.pictures import SEED_DIR, SEED_PK, Mark, seed_mark
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    right_choice,
    start_as_teacher,
    step,
)
from tests.pages import parse
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[2] / "quiz" / "migrations" / "data"
PAIR_ANSWERS = ["Foto 1", "Foto 2", "Allebei", "Geen van beide"]


def questions(name: str) -> list[dict]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))["question"]


V2 = questions("picture_questions_v2.toml")
SEEDED = questions("questions_v3.toml") + V2
PICTURED = [data for data in SEEDED if "pictures" in data]
MARKS = json.loads((SEED_DIR / "marks.json").read_text(encoding="utf-8"))


def right(data: dict) -> str:
    return next(c["text"] for c in data["choices"] if c["correct"])


# --- The items -------------------------------------------------------------------


def test_there_are_at_least_24_picture_items_of_every_kind():
    assert len(PICTURED) >= 24
    pairs = [data for data in PICTURED if len(data["pictures"]) == 2]
    singles = [data for data in PICTURED if len(data["pictures"]) == 1]
    rights = [right(data) for data in pairs]
    assert rights.count("Allebei") >= 2  # both real
    assert rights.count("Geen van beide") >= 2  # both made
    assert rights.count("Foto 1") >= 2 and rights.count("Foto 2") >= 2
    # The honest answer: looking does not tell, the source does.
    cannot_see = [data for data in singles if "zie je het niet" in right(data)]
    assert len(cannot_see) >= 3, [data["key"] for data in cannot_see]
    nothing = [data for data in singles if right(data).startswith("Niets")]
    assert len(nothing) >= 3


def test_two_pictures_are_answered_in_picture_order():
    for data in PICTURED:
        if len(data["pictures"]) == 2:
            assert [c["text"] for c in data["choices"]] == PAIR_ANSWERS, data["key"]


def test_every_new_item_is_complete_and_says_what_to_look_at():
    keys = [data["key"] for data in SEEDED]
    assert len(keys) == len(set(keys))
    for data in V2:
        assert data["key"].startswith("beeld-")
        assert data["anchor"] in SECTION_LABELS[data["lesson"]], data["key"]
        assert sum(c["correct"] for c in data["choices"]) == 1, data["key"]
        assert len(data["choices"]) == 4, data["key"]
        assert len(data["explanation"].split()) >= 30, data["key"]
        assert "Let " in data["explanation"], data["key"]
        assert "kijken is niet genoeg" in data["explanation"].lower(), data["key"]
        for number, picture in enumerate(data["pictures"], start=1):
            assert (SEED_DIR / picture["file"]).is_file(), picture["file"]
            assert len(picture["alt"]) >= 40, picture["file"]
            if len(data["pictures"]) == 2:
                assert picture["alt"].startswith(f"Foto {number}:"), data["key"]


def test_the_new_items_are_spelled_correctly():
    texts = []
    for data in V2:
        texts += [data["text"], data["explanation"]]
        texts += [c["text"] for c in data["choices"]]
        texts += [p["alt"] for p in data["pictures"]]
    texts += [mark["text"] for mark in MARKS.values()]
    assert misspelled("\n".join(texts)) == []


# --- Where the edited pictures were changed --------------------------------------


def test_every_edited_picture_has_a_mark_inside_the_picture_and_a_real_one_has_none():
    files = {p.name for p in SEED_DIR.glob("*.jpg")}
    assert set(MARKS) <= files
    assert len(MARKS) >= 12
    for name in files:
        if name.endswith("-echt.jpg") or name == "raket-doorgestuurd.jpg":
            assert name not in MARKS, name
        else:
            assert name in MARKS, name
    for name, mark in MARKS.items():
        with Image.open(SEED_DIR / name) as image:
            assert mark["size"] == list(image.size), name
        assert len(mark["text"]) >= 20, name
        if mark["box"] is not None:
            left, top, right_edge, bottom = mark["box"]
            width, height = mark["size"]
            assert 0 <= left < right_edge <= width and 0 <= top < bottom <= height, name


def test_a_seeded_picture_knows_its_mark_and_a_teachers_picture_has_none():
    mark = seed_mark("seed/raket-kloon.jpg")
    assert isinstance(mark, Mark) and mark.box is not None
    assert mark.ring["rx"] > (mark.box[2] - mark.box[0]) / 2  # around the spot, not on it
    assert seed_mark("seed/raket-echt.jpg") is None
    assert seed_mark("vragen/2026/raket-kloon.jpg") is None
    mirrored = seed_mark("seed/kat-gespiegeld.jpg")
    assert mirrored.box is None and mirrored.ring is None and "gespiegeld" in mirrored.text


# --- The ring on reveal, and the link that shows a picture larger ----------------


@pytest.fixture
def coffee_pair():
    """The coffee pair (edited shadow, real), the only active question of its lesson."""
    question = Question.objects.get(seed_key="beeld-koffie-paar")
    Question.objects.exclude(pk=question.pk).delete()
    return question


def rings(html: bytes) -> list[dict[str, str]]:
    return [
        svg
        for svg in parse(html).find_all("svg")
        if "question-picture__ring" in svg.get("class", "")
    ]


def zoom_links(html: bytes) -> list[str]:
    page = parse(html)
    return [a["href"] for a in page.find_all("a") if "data-picture-zoom" in a]


def test_in_the_quiz_the_ring_appears_only_after_the_answer(client, coffee_pair):
    question = coffee_pair
    shadow, real = question.pictures.all()
    begun = client.post(reverse("quiz:lesson", args=[question.lesson_slug]))
    page = client.get(begun["Location"])
    assert zoom_links(page.content) == [shadow.url, real.url]
    assert rings(page.content) == []
    # The partial's own notes stay out of the page.
    assert "Picture.mark" not in page.content.decode()
    assert "In de ring" not in page.content.decode()

    response = client.post(
        reverse("quiz:question", args=[1]),
        {"question": question.pk, "choice": right_choice(question).pk, "confidence": "zeker"},
    )
    if response.status_code == 303:
        response = client.get(response["Location"])
    [ring] = rings(response.content)
    assert ring["viewbox"] == f"0 0 {shadow.mark.width} {shadow.mark.height}"
    assert ring["aria-hidden"] == "true"
    text = parse(response.content).text()
    # The ring's text alternative, under the picture that was edited.
    assert f"In de ring: {shadow.mark.text}" in text
    assert zoom_links(response.content) == [shadow.url, real.url]


def test_in_klassikaal_the_board_and_the_phone_show_the_ring_after_the_reveal(coffee_pair):
    question = coffee_pair
    teacher = Client()
    session = start_as_teacher(teacher, count=1, lessons=(question.lesson_slug,))
    pupil = join_as_pupil(session, "Kim")
    step(teacher, session, "start")
    board_url = reverse("classroom:board", args=[session.code])
    assert rings(teacher.get(board_url).content) == []
    answer(pupil, question, right_choice(question).pk)
    assert rings(pupil.get(reverse("classroom:play")).content) == []

    step(teacher, session, "onthullen")
    board = teacher.get(board_url)
    assert len(rings(board.content)) == 1
    assert "In de ring: deze schaduw valt naar het licht toe." in parse(board.content).text()
    phone = pupil.get(reverse("classroom:play"))
    assert len(rings(phone.content)) == 1


def test_a_mirrored_picture_gets_words_but_no_ring(client):
    question = Question.objects.get(seed_key="beeld-kat-gespiegeld")
    Question.objects.exclude(pk=question.pk).delete()
    begun = client.post(reverse("quiz:lesson", args=[question.lesson_slug]))
    client.get(begun["Location"])
    response = client.post(
        reverse("quiz:question", args=[1]),
        {"question": question.pk, "choice": right_choice(question).pk, "confidence": "gok"},
    )
    if response.status_code == 303:
        response = client.get(response["Location"])
    assert rings(response.content) == []
    assert "Bewerkt: de hele foto is gespiegeld" in parse(response.content).text()


# --- A seeded picture by its file name -------------------------------------------


def test_a_seeded_picture_can_be_fetched_by_its_name_alone(client):
    response = client.get(reverse("quiz:picture", args=[SEED_PK, "raket-kloon.jpg"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == (SEED_DIR / "raket-kloon.jpg").read_bytes()
    for name in ("marks.json", "README.md", "bestaat-niet.jpg", ".."):
        assert client.get(reverse("quiz:picture", args=[SEED_PK, name])).status_code == 404


# --- The migration ---------------------------------------------------------------


# serialized_rollback: the seeded rows come back for the tests that run after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_0008_adds_the_new_items_measures_old_pictures_again_and_can_be_undone():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new_keys = {data["key"] for data in V2}
    try:
        MigrationExecutor(connection).migrate([("quiz", "0007_seed_questions_v3")])
        assert not Question.objects.filter(seed_key__in=new_keys).exists()
        kept = Question.objects.filter(seed_key__startswith="beeld-").count()
        # As an older database has them: the size of the pictures before they were made smaller.
        Picture.objects.filter(image="seed/raket-kloon.jpg").update(width=640, height=427)

        MigrationExecutor(connection).migrate([("quiz", "0008_seed_picture_questions_v2")])

        assert (
            set(Question.objects.filter(seed_key__in=new_keys).values_list("seed_key", flat=True))
            == new_keys
        )
        assert Question.objects.filter(seed_key__startswith="beeld-").count() == kept + len(V2)
        with Image.open(SEED_DIR / "raket-kloon.jpg") as image:
            for picture in Picture.objects.filter(image="seed/raket-kloon.jpg"):
                assert (picture.width, picture.height) == image.size
        pair = Question.objects.get(seed_key="beeld-koffie-paar")
        assert list(pair.choices.values_list("text", flat=True)) == PAIR_ANSWERS

        MigrationExecutor(connection).migrate([("quiz", "0007_seed_questions_v3")])
        assert not Question.objects.filter(seed_key__in=new_keys).exists()
        assert Question.objects.filter(seed_key__startswith="beeld-").count() == kept
    finally:
        MigrationExecutor(connection).migrate(leaves)
