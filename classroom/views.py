"""Klassikaal: the live class quiz. Pupils join with a code and a nickname; the
teacher's board (on the smartboard) is reached through a secret token."""

import functools
from collections import Counter
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseLocation

from classroom import codes, flow, marks, nicknames, qr, results
from classroom.forms import (
    KIND_CHOICES,
    MEASURE,
    QUIZ,
    TIMER_LABELS,
    AnswerForm,
    JoinForm,
    MaxPupilsForm,
    NewSessionForm,
    RemovePupilForm,
    StepForm,
    first_error,
)
from classroom.models import Answer, ClassSession, Participant
from common.htmx import HtmxHttpRequest
from deepfake_edu.middleware import client_ip
from deepfake_edu.throttle import Throttle, give_back_all, take_all
from lessons import content
from quiz import rules
from quiz.models import Question

# What a pupil's and a teacher's Django session hold: ids and tokens, no names.
PUPIL_KEY = "klassikaal"
TEACHER_KEY = "klassikaal_docent"
# A teacher runs one or two class quizzes at a time; older tokens are forgotten.
MAX_TEACHER_TOKENS = 5

DEFAULT_QUESTION_COUNT = 10
Phase = ClassSession.Phase


# How each kind of refusal by the flow is answered; the convention for all apps
# is in README.md ("Layout"). A form that does not pass is 400.
STATUS_FOR: dict[type[flow.FlowError], int] = {
    flow.Refused: 400,
    flow.UnknownSession: 404,
    flow.Conflict: 409,
    # Not 409 "not now": waiting does not help. The teacher took this browser or
    # nickname out of the session for good, so it is not theirs to join any more.
    flow.Removed: 403,
    flow.SessionOver: 410,
    flow.NoFreeCode: 503,
}


def status_for(error: flow.FlowError) -> int:
    return next(status for kind, status in STATUS_FOR.items() if isinstance(error, kind))


def problem(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    context = {"title": title, "message": message}
    return render(request, "classroom/problem.html", context, status=status)


# --- pupils -------------------------------------------------------------------


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
        participant.session = settled(participant.session)
    return participant


def settled(session: ClassSession) -> ClassSession:
    """The session with a question whose time ran out closed; a session the
    clean-up deleted meanwhile stays as it was (the views then say it is over)."""
    try:
        return flow.settle(session)
    except flow.SessionOver:
        return session


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant and participant.session.is_expired:
        participant = None
    context = {
        "participant": participant,
        # The board's QR code opens this page with the code filled in.
        "code": request.GET.get("code", "")[:20],
        "nickname": "",
        "min_length": nicknames.MIN_LENGTH,
        "max_length": nicknames.MAX_LENGTH,
    }
    if request.method == "GET":
        return render(request, "classroom/join.html", context)

    form = JoinForm(request.POST)
    context["code"] = (form["code"].value() or "")[:20]
    context["nickname"] = (form["bijnaam"].value() or "")[:60]
    if not form.is_valid():
        context["error"] = first_error(form)
        return render(request, "classroom/join.html", context, status=400)
    clients = join_clients(request)
    # Checked and counted in one step, so parallel guesses cannot all pass the check.
    if not take_all(clients):
        context["error"] = (
            "Je hebt te vaak een code ingevuld die niet bestaat. "
            "Wacht tien minuten en probeer het dan opnieuw."
        )
        return render(request, "classroom/join.html", context, status=429)
    try:
        try:
            session = flow.find_session(form.cleaned_data["code"])
        except flow.UnknownSession:
            raise  # a wrong code stays counted
        except flow.FlowError:
            give_back_all(clients)
            raise
        # Only wrong codes count: a whole class joining at once is not slowed down.
        give_back_all(clients)
        if participant and participant.session_id == session.pk:
            # The same device joins again (a pupil pressed back): same pupil.
            return redirect("classroom:play")
        if request.session.session_key is None:
            request.session.save()
        session_key = request.session.session_key
        assert session_key is not None  # saved just above
        participant = flow.join(session, form.cleaned_data["bijnaam"], session_key)
    except flow.FlowError as error:
        context["error"] = error.message
        return render(request, "classroom/join.html", context, status=status_for(error))
    request.session[PUPIL_KEY] = {"session": session.pk, "participant": participant.pk}
    return redirect("classroom:play")


# Guessing join codes: wrong codes per address (a class behind one school address
# shares it) and per browser, in ten-minute windows. 30 wrong codes per 10 minutes is
# 0.05 a second: finding one live code among 22^6 takes about 36 years on average.
JOIN_GUESSES_PER_ADDRESS = Throttle("klassikaal-join-address", limit=30, window_s=600)
JOIN_GUESSES_PER_BROWSER = Throttle("klassikaal-join-browser", limit=10, window_s=600)


def join_clients(request: HttpRequest) -> list[tuple[Throttle, str]]:
    clients = [(JOIN_GUESSES_PER_ADDRESS, client_ip(request))]
    if request.session.session_key:
        clients.append((JOIN_GUESSES_PER_BROWSER, request.session.session_key))
    return clients


def pupil_state(participant: Participant) -> dict:
    session = participant.session
    context: dict = {"participant": participant, "session": session}
    question = session.current_question()
    if question is not None:
        choices = results.shown_choices(session, question)
        context["question"] = question
        context["choices"] = [(marks.mark(i), c) for i, c in enumerate(choices)]
        context["correct_choice"] = next((c for c in choices if c.is_correct), None)
        context["my_answer"] = (
            Answer.objects.filter(participant=participant, question=question, round=session.round)
            .select_related("choice")
            .first()
        )
        context["confidence_choices"] = rules.CONFIDENCE_CHOICES
        context["confidence_labels"] = rules.CONFIDENCE_LABELS
        context["seconds_left"] = session.seconds_left()
    if session.phase == Phase.FINISHED:
        context["result"] = results.pupil_result(participant)
    # Without JavaScript the page reloads itself, except while the pupil is
    # choosing an answer (a reload would throw the choice away).
    choosing = session.phase == Phase.QUESTION and not context.get("my_answer")
    context["waiting"] = session.phase != Phase.FINISHED and not choosing
    return context


def render_play(
    request: HtmxHttpRequest, participant: Participant, error: str = "", status: int = 200
) -> HttpResponse:
    context = {**pupil_state(participant), "error": error}
    template = "classroom/play.html#state" if request.htmx else "classroom/play.html"
    return render(request, template, context, status=status)


def pupil_gone(request: HtmxHttpRequest) -> HttpResponse:
    # Only a browser that already has a session gets the message: a visitor without
    # cookies (or a bot) polling this page must not create a session row each time.
    if request.session.session_key:
        messages.info(request, "Je doet (nog) niet mee aan een quiz. Vul de code van het bord in.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("classroom:join"))
    return redirect("classroom:join")


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
    if request.htmx and request.GET.get("v") == str(session.version):
        # The poll of 35 phones every 2 seconds: nothing new, nothing to render.
        return HttpResponse(status=204)
    return render_play(request, participant)


@require_POST
def answer(request: HtmxHttpRequest) -> HttpResponse:
    participant = current_participant(request)
    if participant is None:
        return problem(
            request,
            "Je doet niet mee",
            "Je doet niet mee aan een quiz. Vul eerst de code van het bord en een bijnaam in.",
            status=403,
        )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render_play(request, participant, first_error(form), status=400)
    try:
        flow.record_answer(
            participant,
            form.cleaned_data["vraag"],
            form.cleaned_data["keuze"],
            form.cleaned_data["zekerheid"],
        )
    except flow.FlowError as error:
        participant.session = settled(participant.session)
        return render_play(request, participant, error.message, status=status_for(error))
    if request.htmx:
        return render_play(request, participant)
    return redirect("classroom:play")


# --- the teacher --------------------------------------------------------------


def teacher_tokens(request: HttpRequest) -> dict[str, str]:
    tokens = request.session.get(TEACHER_KEY)
    return tokens if isinstance(tokens, dict) else {}


def board_url(session: ClassSession) -> str:
    return reverse("classroom:board", args=[session.code])


def lesson_options() -> list[tuple[content.Lesson, int]]:
    counts = Counter(Question.objects.active().playable().values_list("lesson_slug", flat=True))
    return [(lesson, counts.get(lesson.slug, 0)) for lesson in content.all_lessons()]


@require_http_methods(["GET", "POST"])
def new(request: HtmxHttpRequest) -> HttpResponse:
    running = (
        ClassSession.objects.live()
        .exclude(phase=Phase.FINISHED)
        .filter(code__in=list(teacher_tokens(request)))
        .order_by("-created")
        .first()
    )
    context = {
        "lessons": lesson_options(),
        "running": running,
        "running_url": board_url(running) if running else "",
        "running_code": codes.display_code(running.code) if running else "",
        "chosen": [],
        "count": DEFAULT_QUESTION_COUNT,
        "max_count": flow.MAX_QUESTIONS,
        "kinds": KIND_CHOICES,
        "kind": QUIZ,
        "timers": TIMER_LABELS,
        "timer": "0",
        "measure_range": flow.MEASURE_QUESTIONS,
    }
    if request.method == "GET":
        return render(request, "classroom/new.html", context)

    form = NewSessionForm(request.POST)
    context["chosen"] = form["les"].value() or []
    context["kind"] = form["soort"].value() or QUIZ
    context["timer"] = form["tijd"].value() or "0"
    context["count"] = form["aantal"].value() or DEFAULT_QUESTION_COUNT
    if not form.is_valid():
        context["error"] = first_error(form)
        return render(request, "classroom/new.html", context, status=400)
    chosen, count = form.cleaned_data["les"], form.cleaned_data["aantal"]
    try:
        session = flow.start_session(
            flow.pick_questions(chosen, count),
            timer_seconds=form.cleaned_data["tijd"],
            measures=form.cleaned_data["soort"] == MEASURE,
        )
    except flow.FlowError as error:
        context["error"] = error.message
        return render(request, "classroom/new.html", context, status=status_for(error))
    remember_teacher(request, session)
    return redirect(board_url(session))


class NotTheTeacher(Exception):
    pass


def teacher_session(request: HttpRequest, code: str) -> ClassSession:
    """The session this browser may control: its token, kept in the browser's own
    session, must match. The board's address shows no token, because the
    smartboard's address bar is in view of the whole class."""
    token = teacher_tokens(request).get(code, "")
    session = ClassSession.objects.filter(code=code).first()
    if session is None or not codes.tokens_match(token, session.teacher_token):
        raise NotTheTeacher
    return session


def not_the_teacher(request: HttpRequest) -> HttpResponse:
    return problem(
        request,
        "Alleen voor de docent",
        "Dit scherm is alleen voor de docent die de quiz startte. "
        "Doe je mee als leerling? Ga dan naar je eigen scherm.",
        status=403,
    )


def session_expired(request: HttpRequest) -> HttpResponse:
    return problem(
        request,
        "Deze quiz is voorbij",
        "Deze quiz is verlopen en gewist. Start een nieuwe quiz voor je klas.",
        status=410,
    )


def teacher_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Runs `view(request, session)` only for the browser that controls the
    session with code `code`, and only while the session lasts."""

    @functools.wraps(view)
    def wrapper(request: HtmxHttpRequest, code: str) -> HttpResponse:
        try:
            session = teacher_session(request, code)
        except NotTheTeacher:
            return not_the_teacher(request)
        if session.is_expired:
            return session_expired(request)
        return view(request, settled(session))

    return wrapper


@require_GET
@never_cache
@teacher_only
def handover(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """The secret link, on a page of its own: the board stays free of it."""
    key_url = reverse("classroom:teacher_key", args=[session.code, session.teacher_token])
    return render(
        request,
        "classroom/handover.html",
        {"session": session, "key_url": request.build_absolute_uri(key_url)},
    )


@require_GET
def teacher_key(request: HtmxHttpRequest, code: str, token: str) -> HttpResponse:
    """The secret link: it lets this browser control the session, then hides itself."""
    session = ClassSession.objects.filter(code=code).first()
    if session is None or not codes.tokens_match(token, session.teacher_token):
        return not_the_teacher(request)
    remember_teacher(request, session)
    return redirect("classroom:board", session.code)


def remember_teacher(request: HttpRequest, session: ClassSession) -> None:
    """Keeps the tokens of live sessions only, and at most MAX_TEACHER_TOKENS: the
    session stays small however many class quizzes a browser starts."""
    tokens = teacher_tokens(request)
    live = set(
        ClassSession.objects.live().filter(code__in=list(tokens)).values_list("code", flat=True)
    )
    kept = [
        (code, token) for code, token in tokens.items() if code in live and code != session.code
    ]
    request.session[TEACHER_KEY] = {
        **dict(kept[-(MAX_TEACHER_TOKENS - 1) :]),
        session.code: session.teacher_token,
    }


def join_url(request: HttpRequest, session: ClassSession | None = None) -> str:
    """The join page's full address; with a session, with its code filled in."""
    url = request.build_absolute_uri(reverse("classroom:join"))
    return f"{url}?code={session.code}" if session else url


# The gespreksstarters the final board shows; the rest are on the results page.
STARTERS_ON_BOARD = 3


def board_state(request: HttpRequest, session: ClassSession) -> dict:
    participants = list(session.participants.all())
    short_url = join_url(request)
    context: dict = {
        "session": session,
        "display_code": codes.display_code(session.code),
        "join_url": short_url,
        "join_host": short_url.split("://", 1)[-1],
        "participants": participants,
        "steps": {
            "start": flow.START,
            "close": flow.CLOSE,
            "reveal": flow.REVEAL,
            "next": flow.NEXT,
            "second_round": flow.SECOND_ROUND,
            "finish": flow.FINISH,
        },
        "seconds_left": session.seconds_left(),
    }
    if session.phase == Phase.LOBBY:
        context["qr_url"] = join_url(request, session)
        context["qr_svg"] = qr.join_qr_svg(context["qr_url"])
    question = session.current_question()
    if question is not None:
        choices = results.shown_choices(session, question)
        context["question"] = question
        context["choices"] = [(marks.mark(i), c) for i, c in enumerate(choices)]
        context["answered"] = results.answered_count(session, question.pk)
        if session.phase == Phase.REVEALED:
            tallies = results.distribution(session, question)
            context["tallies"] = tallies
            context["chart"] = results.bar_chart(tallies)
    if session.phase == Phase.PAUSE:
        context["first_round"] = results.round_figures(
            session, ClassSession.FIRST_ROUND, "Nulmeting"
        )
    if session.phase == Phase.FINISHED:
        class_results = results.class_results(session)
        context["class_results"] = class_results[:STARTERS_ON_BOARD]
        context["more_results"] = len(class_results) > STARTERS_ON_BOARD
        if session.measures:
            gain = results.learning_gain(session)
            context["gain"] = gain
            context["gain_chart"] = results.gain_chart(gain)
    context["live_key"] = f"{len(participants)}-{context.get('answered', 0)}"
    return context


@require_GET
@never_cache
@teacher_only
def board(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    return render(request, "classroom/board.html", board_state(request, session))


@require_GET
@never_cache
@teacher_only
def board_live(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """The part of the board that changes without the teacher: who joined, who answered."""
    if request.GET.get("v") != str(session.version):
        # Another tab moved the quiz on, or the timer closed the question: show
        # the whole new screen, swapped in place so full screen stays on.
        if request.htmx:
            return HttpResponseLocation(board_url(session), target="body", swap="innerHTML")
        return redirect("classroom:board", session.code)
    if request.htmx and request.GET.get("k") == live_key(session):
        # Nobody joined or answered: nothing to swap, and nothing for a
        # screen reader to read out again.
        return HttpResponse(status=204)
    return render(request, "classroom/board.html#live", board_state(request, session))


def live_key(session: ClassSession) -> str:
    """Changes whenever the live part of the board does: who joined, who answered."""
    question_id = session.current_question_id()
    answered = results.answered_count(session, question_id) if question_id else 0
    return f"{session.participants.count()}-{answered}"


@require_GET
@never_cache
@teacher_only
def confirm_finish(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """The step before "Quiz nu beëindigen": a page that asks, no JavaScript needed."""
    if session.phase == Phase.FINISHED:
        return redirect("classroom:board", session.code)
    context = {**board_state(request, session), "confirming": True}
    return render(request, "classroom/board.html", context)


@require_GET
@never_cache
@teacher_only
def results_page(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Every question's result, most-missed first: the board shows only the top."""
    context = {"session": session, "class_results": results.class_results(session)}
    return render(request, "classroom/results.html", context)


@require_POST
@teacher_only
def remove_pupil(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Take a pupil (a fake or rude name) off the board; their phone goes back to join."""
    return lobby_change(
        request,
        session,
        RemovePupilForm(request.POST),
        lambda data: flow.remove_pupil(session.pk, data["leerling"]),
    )


@require_POST
@teacher_only
def max_pupils(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Let more (or fewer) pupils join than the 40 a session starts with."""
    return lobby_change(
        request,
        session,
        MaxPupilsForm(request.POST),
        lambda data: flow.set_max_pupils(session.pk, data["maximum"]),
    )


def lobby_change(
    request: HtmxHttpRequest,
    session: ClassSession,
    form: forms.Form,
    change: Callable[[dict], None],
) -> HttpResponse:
    if not form.is_valid():
        context = {**board_state(request, session), "error": first_error(form)}
        return render(request, "classroom/board.html", context, status=400)
    try:
        change(form.cleaned_data)
    except flow.FlowError as error:
        session.refresh_from_db()
        context = {**board_state(request, session), "error": error.message}
        return render(request, "classroom/board.html", context, status=status_for(error))
    return redirect("classroom:board", session.code)


@require_POST
@teacher_only
def step(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    form = StepForm(request.POST)
    if not form.is_valid():
        context = {**board_state(request, session), "error": first_error(form)}
        return render(request, "classroom/board.html", context, status=400)
    try:
        flow.take_step(session.pk, form.cleaned_data["stap"], form.cleaned_data["versie"])
    except flow.StaleStep:
        pass  # a double click: the board simply shows the newest state
    except flow.FlowError as error:
        session.refresh_from_db()
        context = {**board_state(request, session), "error": error.message}
        return render(request, "classroom/board.html", context, status=status_for(error))
    return redirect("classroom:board", session.code)
