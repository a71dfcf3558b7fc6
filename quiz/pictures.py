"""The pictures of picture questions: where they are kept and how an upload is made safe.

A question may show one or two photos ("Welke foto is echt?", "Is er aan deze
foto iets te zien wat niet klopt?"). Two kinds of picture share one storage, so
the same model field and the same view serve both:

- the seeded pictures, made by scripts/make_quiz_pictures.py and committed in
  quiz/seed_pictures/, ship with the code: their names start with `seed/`;
- a teacher's upload is re-encoded (below) and kept in the `quiz_pictures`
  entry of settings.STORAGES: a folder under var/ by default, the bucket's
  `quiz-pictures/` prefix with DJANGO_S3_BUCKET (quiz/picture_bucket.py).

Neither is a static file: static files are for what the code draws, and a
teacher's picture is data. The view `quiz:picture` serves both with a name
that changes on every upload, so browsers and a proxy may keep it for a year.
A seeded picture can also be asked for by its file name alone (SEED_PK as the
id): the lesson pages show them without a database lookup.

The script also writes quiz/seed_pictures/marks.json: for each edited seeded
picture, where it was changed and what was done there (`seed_mark`). Once a
pupil has answered, the quiz and Klassikaal draw a ring there.
"""

import json
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils._os import safe_join
from PIL import Image, ImageOps, UnidentifiedImageError

SEED_DIR = Path(__file__).resolve().parent / "seed_pictures"
SEED_PREFIX = "seed/"
MARKS_FILE = SEED_DIR / "marks.json"
# The id in a picture's address that means "a seeded picture, by its file name".
SEED_PK = 0
# The ring is drawn a little wider than the changed spot, so it does not cover it.
RING_MARGIN = 1.15

# A phone photo is 2 to 5 MB. The question admin (quiz/admin.py) takes a form this big
# for each picture.
MAX_UPLOAD_MB = 6
# Refused before decoding: a small file can unpack to a huge image.
MAX_SOURCE_PIXELS = 40_000_000
# Big enough for a smartboard, small enough for 35 phones on the school wifi.
MAX_SIDE = 1600
JPEG_QUALITY = 85
READABLE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}


def seed_file(name: str) -> str | None:
    """Where a seeded picture is in the code; None for a teacher's upload."""
    if not name.startswith(SEED_PREFIX):
        return None
    return safe_join(str(SEED_DIR), name.removeprefix(SEED_PREFIX))


@dataclass(frozen=True)
class Mark:
    """Where a seeded picture was changed, in the pixels of its file.

    `box` is (left, top, right, bottom), or None when the change is the whole
    picture (mirrored): then there is only the text. `text` says in Dutch what
    was done there; it is the ring's text alternative.
    """

    text: str
    width: int
    height: int
    box: tuple[int, int, int, int] | None = None

    @property
    def ring(self) -> dict[str, float] | None:
        """The ellipse around the box, for an SVG with the viewBox of the picture."""
        if self.box is None:
            return None
        left, top, right, bottom = self.box
        return {
            "cx": (left + right) / 2,
            "cy": (top + bottom) / 2,
            "rx": (right - left) / 2 * RING_MARGIN,
            "ry": (bottom - top) / 2 * RING_MARGIN,
        }


@cache
def seed_marks() -> dict[str, Mark]:
    """The marks of the seeded pictures by file name (read once per process)."""
    raw = json.loads(MARKS_FILE.read_text(encoding="utf-8"))
    marks = {}
    for name, entry in raw.items():
        box = entry["box"]
        marks[name] = Mark(
            text=entry["text"],
            width=int(entry["size"][0]),
            height=int(entry["size"][1]),
            box=(int(box[0]), int(box[1]), int(box[2]), int(box[3])) if box else None,
        )
    return marks


def seed_mark(name: str) -> Mark | None:
    """The mark of a stored picture (`seed/<file>`); None for an unedited or
    a teacher's picture."""
    if not name.startswith(SEED_PREFIX):
        return None
    return seed_marks().get(name.removeprefix(SEED_PREFIX))


class SeedPictures(Storage):
    """Names under `seed/` are read from quiz/seed_pictures/, wherever uploads are kept;
    they ship with the code, so they are never written or deleted."""

    def open(self, name: str, mode: str = "rb") -> File:
        path = seed_file(name)
        if path is None:
            return super().open(name, mode)
        return File(open(path, "rb"), name)

    def exists(self, name: str) -> bool:
        path = seed_file(name)
        return super().exists(name) if path is None else Path(path).is_file()

    def size(self, name: str) -> int:
        path = seed_file(name)
        return super().size(name) if path is None else Path(path).stat().st_size

    def delete(self, name: str) -> None:
        if seed_file(name) is None:
            super().delete(name)

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        if (name or "").startswith(SEED_PREFIX):
            raise ValidationError("De meegeleverde plaatjes kun je niet overschrijven.")
        return super().save(name, content, max_length)

    def url(self, name: str | None) -> str:
        """The app's own address (quiz:picture), which the admin links to: never one in
        the folder or the bucket."""
        from quiz.models import Picture

        picture = Picture.objects.filter(image=name).first() if name else None
        return picture.url if picture else ""


class QuestionPictureStorage(SeedPictures, FileSystemStorage):
    """Uploads in the folder `location` (the default, on this machine's disk)."""

    def path(self, name: str) -> str:
        return seed_file(name) or super().path(name)


def picture_storage() -> Storage:
    return storages["quiz_pictures"]


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="picture")


def clean_upload(upload: File) -> ContentFile:
    """A teacher's upload as a new JPEG (or PNG when it is transparent).

    Only the pixels survive: EXIF (with the place a phone photo was taken),
    comments and colour profiles are dropped; the photo is first turned the
    way the camera meant, then made at most MAX_SIDE pixels wide and high.
    """
    if upload.size and upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise _refuse(f"Dit plaatje is groter dan {MAX_UPLOAD_MB} MB. Kies een kleiner plaatje.")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in READABLE_FORMATS:
                raise _refuse("Kies een foto als JPEG, PNG, WebP of GIF.")
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise _refuse("Dit plaatje heeft te veel pixels. Maak het eerst kleiner.")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise _refuse("Dit bestand is geen plaatje dat we kunnen lezen.") from error
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode, fmt, suffix = ("RGBA", "PNG", ".png") if transparent else ("RGB", "JPEG", ".jpg")
    converted = image.convert(mode)
    # A fresh image made from the pixels alone carries no metadata at all.
    pixels_only = Image.frombytes(mode, converted.size, converted.tobytes())
    out = BytesIO()
    if fmt == "JPEG":
        pixels_only.save(out, fmt, quality=JPEG_QUALITY, optimize=True)
    else:
        pixels_only.save(out, fmt, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid4().hex}{suffix}")
