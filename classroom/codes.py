"""Join codes that pupils type, the teacher's pairing codes, and the teacher's
secret token.

The code alphabet leaves out letters and digits that look alike on a
smartboard or are easy to mistype (0/O, 1/I/L, 5/S, 2/Z, 8/B) and every vowel,
so a random code never spells a word, rude or otherwise.
"""

import secrets

CODE_ALPHABET = "CDFGHJKMNPQRTVWXY34679"
CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_pairing_code() -> str:
    """The short code that hands control to the teacher's phone: the same readable
    alphabet as a join code, typed once within two minutes."""
    return new_join_code()


def new_teacher_token() -> str:
    # 32 random bytes: unguessable, and short enough for a URL.
    return secrets.token_urlsafe(32)


def normalise_code(typed: str) -> str | None:
    """The code as stored, or None when what was typed cannot be a code.

    Pupils type codes on phones: spaces, dashes and lower case are forgiven.
    """
    code = "".join(ch for ch in typed.upper() if not ch.isspace() and ch != "-")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def tokens_match(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def display_code(code: str) -> str:
    """'CDF 347': two groups of three are easier to read from the back of the room."""
    return f"{code[:3]} {code[3:]}"
