"""Nicknames pupils choose for a class session: length, characters and abuse.

The abuse check is a small list, not a guarantee: it catches the words a class
of teenagers tries first, also when written with spaces, odd capitals,
repeated letters, digits for letters ("k4nk3r", "f u c k", "kuuut", "fvck") or
look-alike letters from other scripts ("kаnker" with a Cyrillic а, "ΝΑΖΙ" all in
Greek). Look-alikes are mapped to the Latin letter they imitate with the Unicode
confusables table (the confusable-homoglyphs library) before anything else, so
"Ѕam" with a Cyrillic Ѕ is the same nickname as "Sam". Words that are also
ordinary first names or places (Dick, Shitij, Nazir, Scunthorpe, Hancock) are not
refused. Characters that show nothing (zero-width spaces, Hangul fillers) are
refused: they make blank or look-alike names on the board.
"""

import re
import unicodedata

from confusable_homoglyphs import confusables

MIN_LENGTH = 2
MAX_LENGTH = 20

# Dutch and English swear words, slurs and sexual words. Kept short on purpose;
# the teacher sees every nickname on the board and can remove a pupil.
# These are found anywhere in a nickname ("superkanker", "xXfuckXx").
BLOCKED_ANYWHERE = (
    # Dutch
    "kanker", "tering", "tyfus", "typhus", "klootzak", "hoer", "neuk", "flikker", "mongool",
    "sukkel", "debiel", "pedo", "neger", "nikker", "kutwijf", "kutjong", "pijpen",
    # English
    "fuck", "cunt", "bitch", "whore", "slut", "nigg", "retard", "penis",
    "vagina", "pussy", "asshole", "boob", "hitler", "dickhead", "cocksuck", "bullshit",
    "shithead", "shitty",
)  # fmt: skip
# Short words hide inside ordinary names (Margreet, Thomas, Lulu, Shitij, Nazia,
# Sexton), so these only count as a whole word: "kut", "k u t", "KUUUT", "Sam de kut".
BLOCKED_WORDS = (
    "kut", "lul", "pik", "kech", "slet", "reet", "tiet", "aars", "bef", "kloot", "mongol",
    "fuk", "fag", "ass", "tits", "rape", "kkk", "isis", "homo", "shit", "sex", "sexy",
    "nazi", "porn", "porno",
)  # fmt: skip
# Not refused although they are rude in English: "Dick" and "Cock" are Dutch first
# names and sit inside many others (Dickson, Hancock, Cockburn, Peacock).

# Innocent words that contain a blocked one; taken out before checking.
ALLOWED_WORDS = ("hoera", "torpedo", "nigeria", "catering", "scunthorpe", "penistone",
                 "mongolie", "mongolia")  # fmt: skip

# Characters that stand in for letters. "1" and "|" can be i or l: both are tried.
_LEET = str.maketrans(
    {"0": "o", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s", "7": "t", "+": "t",
     "8": "b", "9": "g", "6": "g", "!": "i", "€": "e", "2": "z", "#": "h"}
)  # fmt: skip
_ALLOWED_CHARS = re.compile(r"^[\w .\-!?@#$€+|]+$")

# Greek and Cyrillic letters read as a Latin one where the confusables table gives no
# ASCII letter (к → ĸ, т → ᴛ: `skeleton` keeps the Cyrillic letter) or a misleading
# one (its stand-in for I, l, 1 and | is "l", so "ЅНІТ" became "shlt"). The upright
# strokes become "|", which is read as i and as l, like "1".
_GREEK_CYRILLIC_LOOK_ALIKES = str.maketrans(
    {"Ι": "|", "І": "|", "Ӏ": "|", "κ": "k", "ϰ": "k", "к": "k", "τ": "t", "т": "t",
     "η": "n", "п": "n", "н": "h", "в": "b", "м": "m", "ε": "e", "χ": "x", "ω": "w"}
)  # fmt: skip

# Default_Ignorable_Code_Point in Unicode's DerivedCoreProperties.txt (Unicode 15.1):
# code points that show nothing, such as zero-width spaces and joiners, direction
# marks, variation selectors, tags and the Hangul fillers. Python's unicodedata does
# not have this property.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip
# Not default-ignorable, but shown as a blank all the same: BRAILLE PATTERN BLANK and
# KHITAN SMALL SCRIPT FILLER.
_BLANK_LOOKING = frozenset("\u2800\U00016fe4")


class NicknameError(ValueError):
    """Why a nickname is refused, in Dutch for the pupil."""


def is_invisible(char: str) -> bool:
    """A character that shows nothing, or only a blank."""
    point = ord(char)
    return char in _BLANK_LOOKING or any(low <= point <= high for low, high in _DEFAULT_IGNORABLE)


def skeleton(text: str) -> str:
    """Letters from other scripts that imitate Latin ones replaced by the Latin letter
    (Cyrillic а → a, Greek υ → u, Cyrillic Ѕ → S); anything else stays as it is."""
    found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"])
    mapping: dict[str, str] = {}
    for item in found or []:
        if item["character"].isascii():
            continue  # "0" looks like "O", but digits are handled as leetspeak
        latin = next(
            (g["c"] for g in item["homoglyphs"] if g["c"].isascii() and g["c"].isalnum()), None
        )
        if latin:
            mapping[item["character"]] = latin
    return "".join(mapping.get(ch, ch) for ch in text)


def tidy(raw: str) -> str:
    """Unicode-normalised, outer spaces stripped, inner runs of spaces made one."""
    text = unicodedata.normalize("NFKC", raw)
    return " ".join(text.split())


def nickname_key(nickname: str) -> str:
    """What makes two nicknames the same within a session: capitals, spaces and
    look-alike letters do not count ("Ѕam" with a Cyrillic Ѕ is "Sam")."""
    return skeleton(tidy(nickname)).casefold()


def _letters_only(text: str) -> str:
    # Accents off (é → e), then only letters remain: spacing and dots can't hide a word.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalpha() and ch.isascii())


def _squeeze(text: str) -> str:
    """Repeated letters count once: 'kuuuut' reads as 'kut'."""
    return re.sub(r"(.)\1+", r"\1", text)


def _latin_look(text: str) -> str:
    """The Latin letters a reader sees: also a word written all in Greek or Cyrillic
    ("ΝΑΖΙ", "ѕһіт") reads as the Latin word it imitates. Before casefolding: "Ν"
    looks like "N", its small letter "ν" like "v"."""
    return skeleton(text.translate(_GREEK_CYRILLIC_LOOK_ALIKES))


def _deleet(nickname: str) -> set[str]:
    base = _latin_look(tidy(nickname)).casefold().translate(_LEET)
    variants = {base.replace("1", one).replace("|", one) for one in ("i", "l")}
    # "fvck": a v can stand for a u.
    return variants | {variant.replace("v", "u") for variant in variants}


def _strip_allowed(letters: str) -> str:
    for word in ALLOWED_WORDS:
        letters = letters.replace(word, "")
    return letters


def is_offensive(nickname: str) -> bool:
    for text in _deleet(nickname):
        letters = _strip_allowed(_letters_only(text))
        squeezed = _squeeze(letters)
        if any(word in letters or word in squeezed for word in BLOCKED_ANYWHERE):
            return True
        words = {_letters_only(part) for part in re.split(r"[\s.\-_]+", text)}
        words |= {letters}  # spaced out: "k u t"
        words |= {_squeeze(word) for word in words}
        if words & set(BLOCKED_WORDS):
            return True
    return False


def clean_nickname(raw: str) -> str:
    """The nickname as it will be shown, or NicknameError with the reason."""
    nickname = tidy(raw)
    if any(is_invisible(char) for char in nickname):
        raise NicknameError(
            "Er zit een onzichtbaar teken in je bijnaam. "
            "Gebruik alleen letters, cijfers, spaties en gewone leestekens."
        )
    if len(nickname) < MIN_LENGTH:
        raise NicknameError(f"Je bijnaam is te kort. Gebruik minstens {MIN_LENGTH} tekens.")
    if len(nickname) > MAX_LENGTH:
        raise NicknameError(f"Je bijnaam is te lang. Gebruik hoogstens {MAX_LENGTH} tekens.")
    if not _ALLOWED_CHARS.match(nickname) or not any(ch.isalnum() for ch in nickname):
        raise NicknameError(
            "Gebruik in je bijnaam alleen letters, cijfers, spaties en gewone leestekens."
        )
    if is_offensive(nickname):
        raise NicknameError("Deze bijnaam mag niet. Kies een bijnaam zonder scheldwoord.")
    return nickname
