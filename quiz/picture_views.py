"""The picture of a picture question, for the quiz, Klassikaal and the lessons."""

from pathlib import Path, PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from quiz.models import Picture
from quiz.pictures import CONTENT_TYPES, SEED_PK, SEED_PREFIX, seed_file

# The address holds the file name, which changes with every upload: the
# answer never changes, so a browser, nginx or a CDN may keep it for a year.
FOREVER = "public, max-age=31536000, immutable"


def _seed_picture(filename: str) -> FileResponse:
    """A seeded picture by its file name: the lessons show these without a row."""
    try:
        path = seed_file(SEED_PREFIX + filename)
    except SuspiciousFileOperation as error:  # a name that leaves the folder
        raise Http404("Dit plaatje bestaat niet.") from error
    content_type = CONTENT_TYPES.get(PurePosixPath(filename).suffix.lower())
    if path is None or content_type is None or not Path(path).is_file():
        raise Http404("Dit plaatje bestaat niet.")
    return FileResponse(open(path, "rb"), content_type=content_type)


def _stored_picture(pk: int, filename: str) -> FileResponse:
    stored = get_object_or_404(Picture, pk=pk)
    stored_name = stored.image.name or ""
    name = PurePosixPath(stored_name)
    content_type = CONTENT_TYPES.get(name.suffix.lower())
    if not stored_name or name.name != filename or content_type is None:
        raise Http404("Dit plaatje bestaat niet.")
    try:
        file = stored.image.storage.open(stored_name, "rb")
    except FileNotFoundError as error:
        raise Http404("Dit plaatje bestaat niet.") from error
    return FileResponse(file, content_type=content_type)


@require_safe
def picture(request: HttpRequest, pk: int, filename: str) -> FileResponse:
    response = _seed_picture(filename) if pk == SEED_PK else _stored_picture(pk, filename)
    response["Cache-Control"] = FOREVER
    return response
