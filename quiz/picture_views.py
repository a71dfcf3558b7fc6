"""The picture of a picture question, for the quiz and for Klassikaal."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from quiz.models import Picture
from quiz.pictures import CONTENT_TYPES

# The address holds the file name, which changes with every upload: the
# answer never changes, so a browser, nginx or a CDN may keep it for a year.
FOREVER = "public, max-age=31536000, immutable"


@require_safe
def picture(request: HttpRequest, pk: int, filename: str) -> FileResponse:
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
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = FOREVER
    return response
