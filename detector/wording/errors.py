"""What went wrong, in words: the engine's error codes, the worker's failures and the
upload form's refusals (on the upload form or the status page)."""

from __future__ import annotations

from collections.abc import Iterable

EMPTY_FILE = "Het bestand is leeg."
MAYBE_DAMAGED = "Misschien is het bestand beschadigd of heeft het geen beeld."

#: The engine's error codes: ``codes.ERROR_CODES`` (``AnalysisError.code``) and
#: ``codes.CONTAINER_ERROR_CODES`` (``ContainerError.code``).
ERRORS: dict[str, str] = {
    "not_found": "Het bestand is niet gevonden.",
    "empty": EMPTY_FILE,
    "cannot_open": "Dit bestand kan niet als video worden geopend.",
    "no_frames": "Er zijn geen beelden uit deze video te lezen.",
    "too_slow": "De analyse duurde te lang en is gestopt.",
    "read_failed": "Het lezen van de video is halverwege mislukt.",
    "container_unreadable": f"Dit videobestand kunnen we niet lezen. {MAYBE_DAMAGED}",
    "container_too_complex": f"Dit videobestand zit te ingewikkeld in elkaar. {MAYBE_DAMAGED}",
}
ERROR_FALLBACK = "Deze video kon niet worden gecontroleerd."


def error_text(code: str) -> str:
    """The Dutch message for an engine's error code."""
    return ERRORS.get(code, ERROR_FALLBACK)


# --- the worker -------------------------------------------------------------------------

UNEXPECTED = (
    "Er ging iets mis bij het controleren van deze video. Dat ligt waarschijnlijk aan "
    "het bestand. Probeer het opnieuw met een andere video."
)
WAITED_TOO_LONG = (
    "Het was te druk: je video stond te lang in de wachtrij en is niet gecontroleerd. "
    "Hij is gewist. Probeer het later opnieuw."
)
WORKER_STOPPED = (
    "De controle is onderbroken en niet afgemaakt. Upload de video opnieuw om het nog "
    "eens te proberen."
)
TOO_HEAVY = (
    "Deze video was te zwaar om te controleren: er was meer geheugen of tijd voor nodig "
    "dan we hebben. Maak de video kleiner of korter en probeer het opnieuw."
)

# --- the upload form --------------------------------------------------------------------

NO_FILE_CHOSEN = "Kies eerst een video om te controleren."
NO_FILE_SENT = "Er is geen bestand meegestuurd. Kies een video en probeer het opnieuw."
NOT_A_VIDEO = "Dit bestand is geen video, of het is een ander soort bestand dan de naam zegt."
NO_PICTURE = (
    "In dit bestand vinden we geen beeld. Misschien is het bestand beschadigd, "
    "of zit er alleen geluid in."
)
NO_SESSION = (
    "Je browser was nog niet bekend bij ons. Kies je video nog een keer en probeer het opnieuw."
)


def too_large(max_mb: int) -> str:
    """A request body over the upload limit, refused before it is read (the middleware)."""
    return f"Dit is te veel om te versturen. Een video mag hoogstens {max_mb} MB zijn."


def video_too_large(max_mb: int) -> str:
    """The uploaded file itself is over the limit."""
    return f"De video is te groot. Het mag hoogstens {max_mb} MB zijn."


def wrong_extension(extensions: Iterable[str]) -> str:
    return (
        "Dit soort bestand kunnen we niet controleren. "
        f"Kies een video die eindigt op {', '.join(extensions)}."
    )


def too_many_pixels(width: int, height: int) -> str:
    return (
        f"De beelden zijn te groot ({width} × {height} pixels). "
        "Maak de video kleiner, bijvoorbeeld 1280 × 720, en probeer het opnieuw."
    )


# --- the upload limits ------------------------------------------------------------------

SESSION_QUEUE_FULL = (
    "Je hebt al een paar video's in de wachtrij staan. Wacht tot die klaar zijn "
    "en probeer het dan opnieuw."
)
ADDRESS_QUEUE_FULL = (
    "Vanaf dit netwerk (bijvoorbeeld je school) wachten al veel video's op hun "
    "controle. Probeer het over een paar minuten opnieuw."
)
TOO_BUSY = (
    "Het is nu erg druk: er wachten al veel video's op hun controle. "
    "Probeer het over een paar minuten opnieuw."
)
ADDRESS_HOUR_FULL = (
    "Vanaf dit netwerk (bijvoorbeeld je school) zijn het afgelopen uur al heel veel "
    "video's gecontroleerd. Probeer het over een uur opnieuw."
)


def session_hour_full(uploads_per_hour: int) -> str:
    return (
        f"Je hebt het afgelopen uur al {uploads_per_hour} video's laten "
        "controleren. Dat is het maximum. Probeer het over een uur opnieuw."
    )


def recording_too_long(max_seconds: float) -> str:
    """A recording for the test-yourself page whose header says it is too long."""
    return (
        f"Deze opname is te lang. Voor deze test mag een opname hoogstens "
        f"{round(max_seconds)} seconden duren."
    )
