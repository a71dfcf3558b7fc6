"""Klassikaal, the pupil's side: joining with the board's code and a nickname,
the play screen that follows the teacher's steps, the answers, and the recordings of
the test-yourself round (`classroom.selftest`). The teacher's side is in
`classroom.teacher_views`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from classroom import flow, nicknames, results, screens, selftest
from classroom.forms import AnswerForm, JoinForm, first_error
from classroom.models import ClassSession, Participant
from classroom.refusals import problem, status_for
from common.clients import client_ip
from common.htmx import HtmxHttpRequest, render_page_or_fragment
from common.throttle import Throttle, give_back_all, take_all
from detector import intake
from detector.models import Analysis

# What a pupil's Django session holds: ids, no names.
PUPIL_KEY = "klassikaal"

TOO_MANY_GUESSES = (
    "Je hebt te vaak een code ingevuld die niet bestaat. "
    "Wacht tien minuten en probeer het dan opnieuw."
)

# Guessing join codes: wrong codes per address (a class behind one school address
# shares it) and per browser, in ten-minute windows. 30 wrong codes per 10 minutes is
# 0.05 a second: finding one live code among 22^6 takes about 36 years on average.
JOIN_GUESSES_PER_ADDRESS = Throttle("klassikaal-join-address", limit=30, window_s=600)
JOIN_GUESSES_PER_BROWSER = Throttle("klassikaal-join-browser", limit=10, window_s=600)


def current_participant(request: HttpRequest) -> Participant | None:
    """The pupil this browser joined as, if that session still exists."""
    pupil = request.session.get(PUPIL_KEY)
    if not isinstance(pupil, dict):
        return None
    participant_id, session_id = pupil.get("participant"), pupil.get("session")
    if not isinstance(participant_id, int) or not isinstance(session_id, int):
        return None
    participant = (
        Participant.objects.select_related("session")
        .filter(pk=participant_id, session_id=session_id)
        .first()
    )
    if participant is not None:
        participant.session = flow.settled(participant.session)
    return participant


# --- joining ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant and participant.session.is_expired:
        participant = None
    context = join_context(request, participant)
    if request.method == "GET":
        return render(request, "classroom/join.html", context)

    form = JoinForm(request.POST)
    context["code"] = (form["code"].value() or "")[:20]
    context["nickname"] = (form["bijnaam"].value() or "")[:60]
    if not form.is_valid():
        return join_refused(request, context, first_error(form), status=400)
    clients = join_clients(request)
    # Checked and counted in one step, so parallel guesses cannot all pass the check.
    if not take_all(clients):
        return join_refused(request, context, TOO_MANY_GUESSES, status=429)
    try:
        session = find_session(form.cleaned_data["code"], clients)
        if participant and participant.session_id == session.pk:
            # The same device joins again (a pupil pressed back): same pupil.
            return redirect("classroom:play")
        participant = flow.join(session, form.cleaned_data["bijnaam"], session_key(request))
    except flow.FlowError as error:
        return join_refused(request, context, error.message, status=status_for(error))
    request.session[PUPIL_KEY] = {"session": session.pk, "participant": participant.pk}
    return redirect("classroom:play")


def join_context(request: HttpRequest, participant: Participant | None) -> dict:
    return {
        "participant": participant,
        # The board's QR code opens this page with the code filled in.
        "code": request.GET.get("code", "")[:20],
        "nickname": "",
        "min_length": nicknames.MIN_LENGTH,
        "max_length": nicknames.MAX_LENGTH,
    }


def join_refused(request: HttpRequest, context: dict, error: str, status: int) -> HttpResponse:
    return render(request, "classroom/join.html", {**context, "error": error}, status=status)


def join_clients(request: HttpRequest) -> list[tuple[Throttle, str]]:
    clients = [(JOIN_GUESSES_PER_ADDRESS, client_ip(request))]
    if request.session.session_key:
        clients.append((JOIN_GUESSES_PER_BROWSER, request.session.session_key))
    return clients


def find_session(code: str, clients: list[tuple[Throttle, str]]) -> ClassSession:
    """The session to join. Only a wrong code stays counted against the clients:
    a whole class joining at once is not slowed down."""
    try:
        session = flow.find_session(code)
    except flow.UnknownSession:
        raise  # a wrong code stays counted
    except flow.FlowError:
        give_back_all(clients)
        raise
    give_back_all(clients)
    return session


def session_key(request: HttpRequest) -> str:
    """This browser's session key; a browser that has no session yet gets one."""
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    assert key is not None  # saved just above
    return key


# --- playing ------------------------------------------------------------------


@require_GET
@never_cache
def play(request: HtmxHttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant is None:
        return pupil_gone(request)
    session = participant.session
    if session.is_expired:
        if request.htmx:
            return HttpResponseClientRedirect(reverse("classroom:play"))
        return problem(
            request, "Deze quiz is voorbij", "Deze quiz is voorbij en wordt gewist.", status=410
        )
    if request.htmx and request.GET.get("v") == screens.pupil_poll_key(session):
        # The poll of 35 phones every 2 seconds: nothing new, nothing to render.
        return HttpResponse(status=204)
    filming = session.phase == ClassSession.Phase.SELFTEST
    if request.htmx and filming != (request.GET.get("v") == screens.SELFTEST_POLL_KEY):
        # Into or out of the test-yourself round: the whole page loads, so that the
        # camera is allowed (a header of the page, not of a part) and the recorder's
        # script starts, or both are gone again.
        return HttpResponseClientRedirect(reverse("classroom:play"))
    return render_screen(request, participant)


@require_POST
def answer(request: HtmxHttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant is None:
        # Also the pupil the teacher removed; with htmx only this message replaces the question.
        return not_taking_part(request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        # The answer the pupil chose stays chosen: one more tap sends it.
        picked = str(request.POST.get("choice", ""))[:20]
        return render_play(request, participant, first_error(form), status=400, picked=picked)
    data = form.cleaned_data
    try:
        flow.record_answer(participant, data["question"], data["choice"], data["confidence"])
    except flow.FlowError as error:
        participant.session = flow.settled(participant.session)
        return render_play(request, participant, error.message, status=status_for(error))
    if request.htmx:
        return render_play(request, participant)
    return redirect("classroom:play")


def render_play(
    request: HtmxHttpRequest,
    participant: Participant,
    error: str = "",
    status: int = 200,
    picked: str = "",
) -> HttpResponse:
    context = {**screens.pupil_state(participant), "error": error, "picked_choice": picked}
    session = participant.session
    if session.phase == ClassSession.Phase.FINISHED:
        context["review"] = results.review(participant)
        context["review_both_rounds"] = results.measured_twice(session)
    return render_page_or_fragment(request, "classroom/play.html", "state", context, status)


# The play screen with the recorder on it: only this answer lets the page use the
# camera (every other page of the site says camera=()).
render_recorder = intake.camera_allowed(render_play)


def render_screen(
    request: HtmxHttpRequest, participant: Participant, error: str = "", status: int = 200
) -> HttpResponse:
    """The pupil's screen as the session stands, with the camera only for the recorder."""
    if participant.session.phase == ClassSession.Phase.SELFTEST:
        return render_recorder(request, participant, error, status)
    return render_play(request, participant, error, status)


# --- the test-yourself round --------------------------------------------------

NOT_IN_A_QUIZ = "Je doet niet mee aan een quiz. Vul eerst de code van het bord en een bijnaam in."


@intake.takes_clip
@require_POST
def selftest_upload(request: HtmxHttpRequest) -> HttpResponse:
    """A pupil's recording in the test-yourself round (recorder.js, or the plain form
    with the phone's camera app): taken as on the test-yourself page, and linked to
    the pupil, so that the board can count its numbers."""
    participant = current_participant(request)
    if participant is None:
        outcome: Analysis | intake.Refusal = intake.Refusal(NOT_IN_A_QUIZ, 403)
        return intake.recording_answer(
            request, outcome, lambda message, status: not_taking_part(request, status)
        )
    try:
        selftest.check_open(participant.session)
    except flow.FlowError as error:
        outcome = intake.Refusal(error.message, status_for(error))
    else:

        def link_to_pupil(analysis: Analysis) -> None:
            selftest.record(participant, analysis.pk)

        outcome = intake.receive_recording(request, on_accepted=link_to_pupil)
    return intake.recording_answer(
        request,
        outcome,
        lambda message, status: render_screen(request, participant, message, status),
    )


def not_taking_part(request: HtmxHttpRequest, status: int = 403) -> HttpResponse:
    return problem(request, "Je doet niet mee", NOT_IN_A_QUIZ, status=status)


def pupil_gone(request: HtmxHttpRequest) -> HttpResponse:
    # Only a browser that already has a session gets the message: a visitor without
    # cookies (or a bot) polling this page must not create a session row each time.
    if request.session.session_key:
        messages.info(request, "Je doet (nog) niet mee aan een quiz. Vul de code van het bord in.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("classroom:join"))
    return redirect("classroom:join")
