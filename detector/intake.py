"""Taking in one clip from a browser: the limits, the checks, the queue.

The upload form (detector.views.upload), the test-yourself recorder
(detector.views.selftest) and Klassikaal's test-yourself round (classroom) all take
clips the same way, so a recording is refused with the same Dutch messages as an
upload and counts toward the same limits. The caller renders the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from detector import services
from detector.forms import UploadForm
from detector.models import Analysis
from detector.wording import errors

# What a browser's session holds: the ids of its own results (the newest 20).
SESSION_KEY = "detector_analyses"
KEPT_IN_SESSION = 20


@dataclass
class Refusal:
    """Why the clip was not taken: a Dutch ``message`` and the HTTP ``status``.
    ``form``: the bound upload form when the refusal is one of its field's errors."""

    message: str
    status: int
    form: UploadForm | None = None


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
        return Refusal(str(error), error.status)
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
        return Refusal(str(error), error.status)
    if on_accepted is not None:
        on_accepted(analysis)
    remember_result(request, analysis.pk)
    return analysis


def first_form_error(form: UploadForm) -> str:
    for messages in form.errors.values():
        if messages:
            return str(messages[0])
    return errors.NO_FILE_SENT
