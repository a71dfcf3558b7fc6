"""Nicknames: look-alike letters from other scripts do not get past the
filter or impersonate a classmate, invisible characters make no blank names, and
real first names are not refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from classroom.nicknames import (
    NicknameError,
    clean_nickname,
    is_invisible,
    is_offensive,
    nickname_key,
    skeleton,
)
from tests.classroom.factories import start_as_teacher

# Real first names (and a few surnames and places pupils use as nicknames) from the
# Netherlands and the families of Dutch pupils, including ones that contain an
# English swear word by accident.
REAL_NAMES = [
    # Dutch
    "Dick", "Dickie", "Cock", "Daan", "Sem", "Lotte", "Tess", "Jesse", "Mees", "Anouk",
    "Fenna", "Saar", "Luuk", "Thijs", "Jip", "Bram", "Noor", "Fokke", "Hidde", "Wietske",
    "Tieme", "Bregje", "Dirk", "Kees", "Fanny", "Willy", "Harry", "Hoekstra",
    # with an English word inside
    "Dickson", "Dickens", "Hancock", "Cockburn", "Peacock", "Shitij", "Shital", "Sexton",
    "Essex", "Sussex", "Nazir", "Nazia", "Nazim", "Pornchai", "Scunthorpe", "Penistone",
    "Cassandra", "Assad", "Anass", "Titus", "Kutlu", "Kanishka", "Nikkie", "Pedro",
    # from families around the world
    "Mohammed", "Fatima", "Yusuf", "Ayşe", "Çağla", "Björn", "Søren", "Zoë", "Nguyễn",
    "Wei", "Priya", "Arjun", "Siddharth", "Oussama", "Semih", "Mustafa", "İlknur",
    "Łukasz", "Jérôme", "Саша", "Δημήτρης", "Chantal", "Shakira",
]  # fmt: skip

OFFENSIVE = [
    "kаnker",  # Cyrillic а
    "\u041a\u0410N\u041a\u0415R",  # KANKER with Cyrillic К, А, К, Е
    "fu\u0441k",  # Cyrillic с
    "fvck",
    "fυck",  # Greek upsilon
    "ｋａｎｋｅｒ",  # fullwidth
    "sh1t",
    "p0rn",
    "Sam de kut",
    "dickhead",
    "bullsh1t",
]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_first_names_are_accepted(name):
    assert not is_offensive(name)
    assert clean_nickname(name) == name


@pytest.mark.parametrize("nickname", OFFENSIVE)
def test_disguised_swear_words_are_caught(nickname):
    assert is_offensive(nickname)


def test_a_look_alike_letter_is_the_same_nickname():
    cyrillic_s = "\u0405am"  # Ѕ, CYRILLIC CAPITAL LETTER DZE
    assert cyrillic_s != "Sam"
    assert skeleton(cyrillic_s) == "Sam"
    assert nickname_key(cyrillic_s) == nickname_key("Sam") == nickname_key(" SAM ")


def test_names_in_another_script_keep_their_own_letters():
    assert nickname_key("Саша") != nickname_key("Caшa".replace("ш", "w"))
    assert clean_nickname("Саша") == "Саша"


# Blocked words written in Greek or Cyrillic letters only, no Latin letter among them.
BLOCKED_IN_ONE_SCRIPT = [
    "\u039d\u0391\u0396\u0399",  # ΝΑΖΙ, Greek
    "\u039a\u039a\u039a",  # ΚΚΚ, Greek
    "\u03ba\u03ba\u03ba",  # κκκ, Greek
    "\u0405\u041d\u0406\u0422",  # ЅНІТ, Cyrillic
    "\u0455\u04bb\u0456\u0442",  # ѕһіт, Cyrillic
    "\u043a\u043a\u043a",  # ккк, Cyrillic
    "\u0442\u0456\u0442\u0455",  # тітѕ, Cyrillic
    "\u0440\u043e\u0433\u043f",  # рогп, Cyrillic
]

GREEK_AND_CYRILLIC_NAMES = [
    "Саша", "Никита", "Катя", "Кирилл", "Тимур", "Наташа", "Тарас", "Оксана", "Віктор",
    "НИКИТА", "ТИМУР", "Δημήτρης", "Νίκος", "Κώστας", "Ελένη", "Ιωάννης", "Ηλίας",
    "Χρήστος", "Παναγιώτης", "ΝΙΚΟΣ", "ΚΩΣΤΑΣ",
]  # fmt: skip

# Each shows nothing, or only a blank: the default-ignorable code points of Unicode
# (Hangul fillers, zero-width space, word joiner, soft hyphen, variation selector,
# tag letter, ...) and the braille blank.
INVISIBLE = [
    "\u3164", "\uffa0", "\u115f", "\u1160", "\u200b", "\u200d", "\u2060", "\ufeff",
    "\u00ad", "\u034f", "\u180e", "\u202e", "\ufe0f", "\U000e0041", "\U000e0100",
    "\U0001d173", "\u2800",
]  # fmt: skip


@pytest.mark.parametrize("nickname", BLOCKED_IN_ONE_SCRIPT)
def test_it_refuses_a_blocked_word_written_all_in_greek_or_cyrillic(nickname):
    assert is_offensive(nickname)
    with pytest.raises(NicknameError, match="Deze bijnaam mag niet"):
        clean_nickname(nickname)


@pytest.mark.parametrize("name", GREEK_AND_CYRILLIC_NAMES)
def test_it_accepts_ordinary_greek_and_cyrillic_names(name):
    assert not is_offensive(name)
    assert clean_nickname(name) == name


@pytest.mark.parametrize("char", INVISIBLE)
def test_it_refuses_a_nickname_with_an_invisible_character(char):
    assert is_invisible(char)
    with pytest.raises(NicknameError, match="onzichtbaar teken"):
        clean_nickname(f"Sam{char}my")


@pytest.mark.parametrize(
    "blank", ["\u3164\u3164", "\u3164 \u3164", "\uffa0\uffa0\uffa0", "\u2800\u2800"]
)
def test_it_refuses_a_nickname_of_hangul_fillers_or_blanks(blank):
    with pytest.raises(NicknameError, match="onzichtbaar teken"):
        clean_nickname(blank)


def test_visible_letters_of_any_script_are_not_invisible():
    assert not any(is_invisible(char) for char in "aZ9 ÄéşŁж한語ـ")


@pytest.mark.django_db
def test_it_refuses_a_nickname_of_hangul_fillers(questions):
    session = start_as_teacher(Client(), count=1)
    response = Client().post(
        reverse("classroom:join"), {"code": session.code, "bijnaam": "\u3164\u3164\u3164"}
    )
    assert response.status_code == 400
    assert "Er zit een onzichtbaar teken in je bijnaam." in response.content.decode()
    assert session.participants.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("nickname", ["\u039d\u0391\u0396\u0399", "\u0455\u04bb\u0456\u0442"])
def test_it_refuses_a_blocked_word_in_greek_or_cyrillic_letters_at_the_door(questions, nickname):
    session = start_as_teacher(Client(), count=1)
    response = Client().post(reverse("classroom:join"), {"code": session.code, "bijnaam": nickname})
    assert response.status_code == 400
    assert "Deze bijnaam mag niet." in response.content.decode()
    assert session.participants.count() == 0


@pytest.mark.django_db
def test_a_pupil_with_a_greek_or_cyrillic_name_joins(questions):
    teacher = Client()
    session = start_as_teacher(teacher, count=1)
    for name in ("Саша", "Δημήτρης"):
        response = Client().post(reverse("classroom:join"), {"code": session.code, "bijnaam": name})
        assert response.status_code == 302
    board = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert "Саша" in board
    assert "Δημήτρης" in board
