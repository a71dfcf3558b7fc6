"""Taking in one clip from a browser: the limits, the checks, the queue.

The upload form (detector.views.upload), the test-yourself recorder
(detector.views.selftest) and Klassikaal's test-yourself round (classroom) all take
clips the same way, so a recording is refused with the same Dutch messages as an
upload and counts toward the same limits. The caller renders the outcome; for a
recording, ``recording_answer`` does (JSON for the recorder's script, a redirect or the
caller's page for its plain form), and ``camera_allowed`` lets the page use the camera.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_permissions_policy.decorators import permissions_policy_override

from common.body_limit import body_limit, multipart_bytes
from detector import services
from detector.forms import UploadForm
from detector.models import Analysis
from detector.wording import errors

# What a browser's session holds: the ids of its own results (the newest 20).
SESSION_KEY = "detector_analyses"
KEPT_IN_SESSION = 20


def upload_limit_bytes() -> int:
    return multipart_bytes(settings.DETECTOR_MAX_UPLOAD_MB)


def upload_too_large() -> str:
    return errors.too_large(settings.DETECTOR_MAX_UPLOAD_MB)


#: A view decorator for every view that takes a clip (an upload or a recording): a
#: body over the upload limit is refused (413, the Dutch message) before it is read.
takes_clip = body_limit(upload_limit_bytes, too_large_message=upload_too_large)

# Seconds recorder.js waits before it sends a recording again after a full queue's
# refusal (``retry``): five tries over about two minutes, time for a worker to empty a
# school address's share of the queue (DETECTOR_MAX_WAITING_PER_ADDRESS) twice over.
RETRY_WAITS_S = (10, 20, 30, 60)

# The header recorder.js sends with a recording: it wants JSON, not a page.
RECORDER_HEADER = "X-Recorder"

# The camera for the recorder's pages only (the site's PERMISSIONS_POLICY says
# camera=() for every other page), and only for the site itself, never for a frame from
# elsewhere; the microphone stays off, the recorder takes no sound. Autoplay stays off
# too: the preview is a muted <video> that recorder.js starts with play() after the
# visitor's click, which needs no autoplay permission (the browser test checks that it
# plays). Read from the settings once, when the views are imported.
CAMERA_POLICY: dict[str, str | list[str] | tuple[str]] = {
    **settings.PERMISSIONS_POLICY,
    "camera": "self",
}
#: A view decorator: its answers (the page and the answer to its POST) allow the camera.
camera_allowed = permissions_policy_override(CAMERA_POLICY)


@dataclass
class Refusal:
    """Why the clip was not taken: a Dutch ``message`` and the HTTP ``status``.
    ``form``: the bound upload form when the refusal is one of its field's errors."""

    message: str
    status: int
    form: UploadForm | None = None
    # A full queue: the same clip may be taken in a minute or two.
    retry: bool = False


def ensure_session(request: HttpRequest) -> None:
    if not request.session.session_key:
        request.session.save()
        request.session.modified = True  # so the response sets the cookie


def remember_result(request: HttpRequest, analysis_id: str) -> None:
    """This browser may open the result (detector.views.own_analysis)."""
    kept = request.session.get(SESSION_KEY, [])[-(KEPT_IN_SESSION - 1) :]
    request.session[SESSION_KEY] = [*kept, analysis_id]


def receive_clip(
    request: HttpRequest,
    source: str = Analysis.Source.UPLOAD,
    max_duration_s: float | None = None,
    on_accepted: Callable[[Analysis], None] | None = None,
) -> Analysis | Refusal:
    """Check the POSTed clip (field ``clip``) and queue its analysis, or say why not.

    ``max_duration_s``: refuse a clip whose header says it is longer (a header that
    says nothing passes; the engine stops at the job's length limit). ``on_accepted``
    runs once the analysis is queued, before the result is remembered in the session.
    """
    address_key = services.client_key(services.client_ip(request.META))
    if not request.session.session_key:
        # No session came along (a script, or one that expired): this answer brings
        # one, and the same clip sent again is taken.
        ensure_session(request)
        return Refusal(errors.NO_SESSION, 400)
    session_key_hash = services.session_key_hash(request.session.session_key)
    try:
        # A cheap first look; submit_clip counts again under a lock.
        services.check_limits(session_key_hash, address_key)
    except services.UploadRefused as error:
        return limit_refusal(error)
    form = UploadForm(request.POST, request.FILES)
    # A valid form has always accepted the clip (UploadForm.clean_clip).
    if not form.is_valid() or form.accepted is None:
        if form.sniffed:
            services.count_refusal(address_key)
        return Refusal(first_form_error(form), 400, form)
    duration = form.accepted.duration_s
    if max_duration_s is not None and duration is not None and duration > max_duration_s:
        services.count_refusal(address_key)
        return Refusal(errors.recording_too_long(max_duration_s), 400)
    try:
        analysis = services.submit_clip(
            form.cleaned_data["clip"], form.accepted, address_key, session_key_hash, source
        )
    except services.UploadRefused as error:
        return limit_refusal(error)
    if on_accepted is not None:
        on_accepted(analysis)
    remember_result(request, analysis.pk)
    return analysis


def receive_recording(
    request: HttpRequest, on_accepted: Callable[[Analysis], None] | None = None
) -> Analysis | Refusal:
    """``receive_clip`` for a recording of oneself (the test-yourself page, Klassikaal's
    round): its source is the camera, and a header that says it is longer than
    DETECTOR_RECORDING_MAX_S is refused."""
    return receive_clip(
        request,
        source=Analysis.Source.CAMERA,
        max_duration_s=settings.DETECTOR_RECORDING_MAX_S,
        on_accepted=on_accepted,
    )


def first_form_error(form: UploadForm) -> str:
    for messages in form.errors.values():
        if messages:
            return str(messages[0])
    return errors.NO_FILE_SENT


def limit_refusal(error: services.UploadRefused) -> Refusal:
    """A limit's refusal. A full queue (services.QueueFull) may lift within minutes (the
    hourly limits, also 429, last an hour): a class behind one school address can fill
    its share of the queue (DETECTOR_MAX_WAITING_PER_ADDRESS) when everybody sends a
    recording at once, and the recorder then sends it again a little later."""
    return Refusal(str(error), error.status, retry=isinstance(error, services.QueueFull))


def from_recorder(request: HttpRequest) -> bool:
    """Sent by recorder.js (it reads a JSON answer), not by the plain form."""
    return request.headers.get(RECORDER_HEADER) == "1"


def recording_answer(
    request: HttpRequest,
    outcome: Analysis | Refusal,
    render_page: Callable[[str, int], HttpResponse],
) -> HttpResponse:
    """The answer to a recording that ``receive_clip`` took (``outcome``) or refused.

    To recorder.js (header ``X-Recorder: 1``): ``{"redirect": status page}`` (200), or
    ``{"error": Dutch message, "retry": bool}`` with the refusal's status; ``retry``
    says the queue is full, so the script sends the same recording again a little
    later. To the plain form: a redirect to the status page, or
    ``render_page(message, status)``, the caller's own page with the message.
    """
    if isinstance(outcome, Refusal):
        if from_recorder(request):
            answer = {"error": outcome.message, "retry": outcome.retry}
            return JsonResponse(answer, status=outcome.status)
        return render_page(outcome.message, outcome.status)
    url = reverse("detector:status", args=[outcome.pk])
    if from_recorder(request):
        return JsonResponse({"redirect": url})
    return redirect(url)


def recorder_context() -> dict:
    """What templates/detector/_recorder.html needs besides its ``with`` variables:
    add it to the context of every page that includes the recorder."""
    return {
        "recorder_seconds": settings.DETECTOR_RECORDING_S,
        "recorder_waits": " ".join(str(wait) for wait in RETRY_WAITS_S),
        "recorder_max_seconds": settings.DETECTOR_RECORDING_MAX_S,
        "recorder_result_hours": settings.DETECTOR_RESULT_HOURS,
    }
