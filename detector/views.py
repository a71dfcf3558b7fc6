import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from detector import charts, services, wording
from detector.forms import UploadForm
from detector.models import Analysis

SESSION_KEY = "detector_analyses"
# A multipart body carries some headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def own_analysis(request: HtmxHttpRequest, analysis_id: str) -> Analysis | None:
    """The result, if it exists, has not expired and was uploaded in this session.

    The id alone is unguessable; tying it to the session as well means a link that
    leaks (a shared screen, a browser history) does not show someone else's result.
    """
    if analysis_id not in request.session.get(SESSION_KEY, []):
        return None
    return Analysis.objects.visible().filter(pk=analysis_id).first()


def own_result(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Runs `view(request, analysis, ...)` for this session's own result; 404 otherwise."""

    @functools.wraps(view)
    def wrapper(request: HtmxHttpRequest, analysis_id: str, **kwargs) -> HttpResponse:
        analysis = own_analysis(request, analysis_id)
        if analysis is None:
            return not_found(request)
        return view(request, analysis, **kwargs)

    return wrapper


def not_found(request: HtmxHttpRequest) -> HttpResponse:
    if request.htmx:
        # The status poll of a result deleted meanwhile: htmx swaps 4xx answers in
        # place (base.html), and this is a whole page, so load it as a page.
        return HttpResponseClientRefresh()
    return render(request, "detector/not_found.html", limits_context(), status=404)


def limits_context() -> dict:
    return {
        "max_mb": settings.DETECTOR_MAX_UPLOAD_MB,
        "max_seconds": settings.DETECTOR_MAX_DURATION_S,
        "result_hours": settings.DETECTOR_RESULT_HOURS,
    }


def render_upload(
    request: HtmxHttpRequest, form: UploadForm, status: int = 200, refusal: str = ""
) -> HttpResponse:
    template = "detector/upload.html#upload-form" if request.htmx else "detector/upload.html"
    context = {"form": form, "refusal": refusal, **limits_context()}
    return render(request, template, context, status=status)


def refuse(request: HtmxHttpRequest, message: str, status: int) -> HttpResponse:
    return render_upload(request, UploadForm(), status=status, refusal=message)


@require_http_methods(["GET", "POST"])
def upload(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render_upload(request, UploadForm())
    # Refuse an oversized body before Django reads it into a temporary file.
    max_bytes = settings.DETECTOR_MAX_UPLOAD_MB * 1024 * 1024
    if int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes + MULTIPART_OVERHEAD:
        return refuse(
            request,
            f"De video is te groot. Het mag hoogstens {settings.DETECTOR_MAX_UPLOAD_MB} MB zijn.",
            413,
        )
    address = services.client_key(services.client_ip(request.META))
    if not request.session.session_key:
        request.session.save()
    session = services.session_key_hash(request.session.session_key or "")
    try:
        # A cheap first look; submit_clip counts again under a lock.
        services.check_limits(session, address)
    except services.UploadRefused as error:
        return refuse(request, str(error), error.status)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_upload(request, form, status=400)
    try:
        analysis = services.submit_clip(form.cleaned_data["clip"], form.accepted, address, session)
    except services.UploadRefused as error:
        return refuse(request, str(error), error.status)
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], analysis.pk]
    url = reverse("detector:status", args=[analysis.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_GET
@never_cache
@own_result
def status(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    analysis = services.fail_if_stale(analysis)
    if analysis.status == Analysis.Status.DONE:
        return render_result(request, analysis)
    return render(request, "detector/status.html", status_context(analysis))


@require_GET
@never_cache
@own_result
def status_fragment(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    analysis = services.fail_if_stale(analysis)
    if analysis.is_finished and request.htmx:
        # The page itself changes (result or error): load it whole; polling stops.
        return HttpResponseClientRedirect(reverse("detector:status", args=[analysis.pk]))
    return render(request, "detector/status.html#job-status", status_context(analysis))


def status_context(analysis: Analysis) -> dict:
    place = analysis.place_in_queue() if analysis.status == Analysis.Status.QUEUED else None
    return {"analysis": analysis, "place": place, "ahead": (place or 1) - 1}


def render_result(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    report = analysis.report or {}
    # Face crops only (eye strips are numbered from jobs.EYE_STRIP_NUMBER on).
    thumbnails = list(analysis.thumbnails.filter(number__lt=100).defer("jpeg"))
    for thumbnail in thumbnails:
        thumbnail.reason_text = wording.moment_reason(thumbnail.reason)
        thumbnail.timestamp = wording.timestamp(thumbnail.time_s)
    context = {
        "analysis": analysis,
        "report": report,
        "signals": wording.signal_summaries(report),
        "unknown_explanations": wording.unknown_explanations(report),
        "nothing_measured": wording.nothing_measured(report),
        "timeline": None if wording.nothing_measured(report) else charts.timeline(report),
        "thumbnails": thumbnails,
        "blink_count": len(report.get("blinks") or []),
        "moment_count": len(report.get("suspicious_moments") or []),
    }
    return render(request, "detector/result.html", context)


@require_POST
@own_result
def delete(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    services.delete_analysis(analysis)
    request.session[SESSION_KEY] = [
        pk for pk in request.session.get(SESSION_KEY, []) if pk != str(analysis.pk)
    ]
    messages.success(request, "Je resultaat is gewist. Er is niets meer van bewaard.")
    return redirect("detector:upload")


@require_GET
@own_result
def thumbnail(request: HtmxHttpRequest, analysis: Analysis, number: int) -> HttpResponse:
    picture = analysis.thumbnails.filter(number=number).first()
    if picture is None:
        return not_found(request)
    response = HttpResponse(bytes(picture.jpeg), content_type="image/jpeg")
    # Not kept by the browser: "wis" must leave nothing behind, not even a cached picture.
    response["Cache-Control"] = "no-store"
    return response
