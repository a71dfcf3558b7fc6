import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from common.htmx import HtmxHttpRequest
from detector import charts, intake, services
from detector.forms import UploadForm
from detector.intake import SESSION_KEY, camera_allowed, ensure_session, takes_clip
from detector.models import Analysis
from detector.results import ParsedReport, parse_report
from detector.wording import labels
from detector.wording.compare import FIRST_CHOICE, SECOND_CHOICE, compare_rows, result_name
from detector.wording.dips import DipTexts, dip_texts
from detector.wording.moments import MomentText, moment_texts
from detector.wording.quality import QualityLine, quality_lines, unknown_explanations
from detector.wording.signals import SignalSummary, lead, signal_summaries
from detector.wording.summary import summary_line
from detector.wording.timeline import (
    CHART_TITLE,
    TimelineEvent,
    chart_description,
    timeline_events,
)


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
        # place (_htmx.html), and this is a whole page, so load it as a page.
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


@takes_clip
@require_http_methods(["GET", "POST"])
def upload(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        # The browser gets its session with the form, so that all the uploads it sends
        # (also several at once) share it: each result opens in this browser, and the
        # per-browser limits apply to every upload.
        ensure_session(request)
        return render_upload(request, UploadForm())
    outcome = intake.receive_clip(request)
    if isinstance(outcome, intake.Refusal):
        if outcome.form is not None:
            return render_upload(request, outcome.form, status=outcome.status)
        return refuse(request, outcome.message, outcome.status)
    url = reverse("detector:status", args=[outcome.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def render_selftest(request: HtmxHttpRequest, refusal: str = "", status: int = 200) -> HttpResponse:
    context = {"refusal": refusal, **intake.recorder_context()}
    return render(request, "detector/selftest.html", context, status=status)


@takes_clip
@camera_allowed
@require_http_methods(["GET", "POST"])
def selftest(request: HtmxHttpRequest) -> HttpResponse:
    """Test jezelf: a pupil records themself with the camera (recorder.js, or the
    phone's camera app through the plain form) and gets the normal result, which
    says that every flagged moment of a real person is a false alarm."""
    if request.method == "GET":
        ensure_session(request)  # as on the upload page: the recording needs it
        return render_selftest(request)
    outcome = intake.receive_recording(request)
    return intake.recording_answer(
        request, outcome, lambda message, status: render_selftest(request, message, status)
    )


def in_class(request: HtmxHttpRequest) -> bool:
    """A Klassikaal pupil's browser: the result leads back to the class. The key is
    classroom.views.PUPIL_KEY, named here so that the quick check needs no classroom."""
    return "klassikaal" in request.session


@require_GET
@never_cache
@own_result
def status(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    analysis = services.fail_if_stale(analysis)
    if analysis.status == Analysis.Status.DONE:
        return render_result(request, analysis)
    context = {**status_context(analysis), "in_class": in_class(request)}
    return render(request, "detector/status.html", context)


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


@dataclass
class ResultParts:
    """Everything one result shows: its summary, timeline and moments (also one
    column of the Vergelijk page, where ``prefix`` keeps the ids of the two apart)."""

    analysis: Analysis
    report: ParsedReport
    prefix: str
    summary: str  # the one line the page opens with
    lead: str
    signals: list[SignalSummary]
    quality: list[QualityLine]
    unknown_explanations: list[str]
    charts: list[charts.Timeline]
    chart_title: str
    chart_description: str
    events: list[TimelineEvent]
    moments: list[MomentText]
    dips: DipTexts | None = None  # dips not counted as blinks (beside the chart)
    name: str = ""


def result_parts(analysis: Analysis, prefix: str = "") -> ResultParts:
    report = parse_report(analysis.report)
    stored = set(analysis.thumbnails.values_list("number", flat=True))
    flagged = moment_texts(report)
    for moment in flagged:
        # Link only pictures that exist (jobs.store_pictures keeps the first few).
        if moment.face_picture not in stored:
            moment.face_picture = None
        if moment.eyes_picture not in stored:
            moment.eyes_picture = None
    drawn = not report.nothing_measured
    timeline = charts.timelines(report, flagged, prefix) if drawn else []
    return ResultParts(
        analysis=analysis,
        report=report,
        prefix=prefix,
        summary=summary_line(report, flagged),
        lead=lead(report),
        signals=signal_summaries(report, flagged),
        quality=quality_lines(report),
        unknown_explanations=unknown_explanations(report),
        charts=timeline,
        chart_title=CHART_TITLE,
        chart_description=chart_description(report),
        events=timeline_events(report, flagged) if drawn else [],
        moments=flagged,
        # Listed beside the chart, where their rings are: no chart, no list.
        dips=dip_texts(report) if timeline else None,
    )


def own_results(request: HtmxHttpRequest) -> list[Analysis]:
    """This session's finished results that have not expired, oldest first."""
    ids = request.session.get(SESSION_KEY, [])
    done = Analysis.objects.visible().filter(pk__in=ids, status=Analysis.Status.DONE)
    return sorted(done, key=lambda analysis: analysis.created_at)


def render_result(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    context = {
        "analysis": analysis,
        "result": result_parts(analysis),
        "can_compare": len(own_results(request)) >= 2,
        "in_class": in_class(request),
    }
    return render(request, "detector/result.html", context)


@require_GET
@never_cache
def compare(request: HtmxHttpRequest) -> HttpResponse:
    """Two of this session's results side by side (a real clip next to its fake).

    Without both ``a`` and ``b`` it shows the choice; a result of another session,
    an expired one or an unknown id is not found (404), as on the result page.
    """
    mine = own_results(request)
    chosen = [request.GET.get("a", ""), request.GET.get("b", "")]
    # Preselected in the choice: what was asked for, else the two latest results.
    latest = [analysis.pk for analysis in mine[-2:]]
    first = chosen[0] or (latest[0] if latest else "")
    second = chosen[1] or next((pk for pk in reversed(latest) if pk != first), "")
    sides = [("a", FIRST_CHOICE, first), ("b", SECOND_CHOICE, second)]
    context: dict = {"results": mine, "sides": sides, "columns": []}
    if not all(chosen):
        return render(request, "detector/compare.html", context)
    by_id = {analysis.pk: analysis for analysis in mine}
    if any(pk not in by_id for pk in chosen):
        return not_found(request)
    columns = []
    for side, pk in zip("ab", chosen, strict=True):
        parts = result_parts(by_id[pk], prefix=f"{side}-")
        parts.name = result_name(mine.index(by_id[pk]) + 1)
        columns.append(parts)
    context["columns"] = columns
    context["rows"] = compare_rows([(parts.report, parts.moments) for parts in columns])
    return render(request, "detector/compare.html", context)


@require_POST
@own_result
def delete(request: HtmxHttpRequest, analysis: Analysis) -> HttpResponse:
    services.delete_analysis(analysis)
    request.session[SESSION_KEY] = [
        pk for pk in request.session.get(SESSION_KEY, []) if pk != str(analysis.pk)
    ]
    messages.success(request, labels.DELETED)
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
