"""Klassikaal, the teacher's side: starting a class quiz, the board on the
smartboard and its controls. Only the browser that holds a session's secret token
(kept in its own Django session, never in the board's address) controls it. The
pupil's side is in `classroom.views`."""

import contextlib
import functools
import math
from collections import Counter
from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseLocation

from classroom import codes, flow, results, screens
from classroom.forms import (
    CODE_SHAPE,
    KIND_CHOICES,
    MEASURE,
    QUIZ,
    TIMER_LABELS,
    MaxPupilsForm,
    NewSessionForm,
    RemovePupilForm,
    StepForm,
    first_error,
)
from classroom.models import ClassSession
from classroom.refusals import problem, status_for
from common.clients import client_ip
from common.htmx import HtmxHttpRequest
from common.throttle import Throttle, give_back_all, take_all
from lessons import content
from quiz.models import Question

# What a teacher's Django session holds: the tokens of the sessions it controls.
TEACHER_KEY = "klassikaal_docent"
# A teacher runs one or two class quizzes at a time; older tokens are forgotten.
MAX_TEACHER_TOKENS = 5

DEFAULT_QUESTION_COUNT = 10
Phase = ClassSession.Phase


# --- starting a class quiz ----------------------------------------------------


@require_http_methods(["GET", "POST"])
def new(request: HtmxHttpRequest) -> HttpResponse:
    context = new_session_context(request)
    if request.method == "GET":
        return render(request, "classroom/new.html", {**context, **preselected(request)})

    form = NewSessionForm(with_measure_default(request.POST))
    context["chosen"] = form["les"].value() or []
    context["kind"] = form["soort"].value() or QUIZ
    context["timer"] = form["tijd"].value() or "0"
    context["count"] = form["aantal"].value() or DEFAULT_QUESTION_COUNT
    if not form.is_valid():
        return new_session_refused(request, context, first_error(form), status=400)
    data = form.cleaned_data
    try:
        session = flow.start_session(
            flow.pick_questions(data["les"], data["aantal"]),
            timer_seconds=data["tijd"],
            measures=data["soort"] == MEASURE,
        )
    except flow.FlowError as error:
        return new_session_refused(request, context, error.message, status=status_for(error))
    remember_teacher(request, session)
    return redirect(board_url(session))


def new_session_context(request: HttpRequest) -> dict:
    """The start page: the choices, and a link back to a quiz this browser still runs."""
    running = (
        ClassSession.objects.live()
        .exclude(phase=Phase.FINISHED)
        .filter(code__in=list(teacher_tokens(request)))
        .order_by("-created")
        .first()
    )
    return {
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
        "measure_default": flow.MEASURE_DEFAULT_QUESTIONS,
    }


def preselected(request: HttpRequest) -> dict:
    """`?les=<slug>` (the end of a lesson's presentation) ticks that lesson's
    questions; `?soort=meting` chooses a nulmeting. Anything else is ignored."""
    lessons = {lesson.slug: lesson for lesson in content.all_lessons()}
    chosen = [slug for slug in request.GET.getlist("les") if slug in lessons]
    context: dict = {"chosen": chosen, "from_lesson": lessons[chosen[0]] if chosen else None}
    if request.GET.get("soort") == MEASURE:
        context |= {"kind": MEASURE, "count": flow.MEASURE_DEFAULT_QUESTIONS}
    return context


def with_measure_default(data: QueryDict) -> QueryDict:
    """The count field starts at a quiz's 10. A nulmeting the teacher did not give a
    count of its own gets 5 questions instead of a refusal."""
    untouched = ("", str(DEFAULT_QUESTION_COUNT))
    if data.get("soort") != MEASURE or data.get("aantal", "") not in untouched:
        return data
    data = data.copy()
    data["aantal"] = str(flow.MEASURE_DEFAULT_QUESTIONS)
    return data


def new_session_refused(
    request: HttpRequest, context: dict, error: str, status: int
) -> HttpResponse:
    return render(request, "classroom/new.html", {**context, "error": error}, status=status)


def lesson_options() -> list[tuple[content.Lesson, int]]:
    counts = Counter(Question.objects.active().playable().values_list("lesson_slug", flat=True))
    return [(lesson, counts.get(lesson.slug, 0)) for lesson in content.all_lessons()]


def board_url(session: ClassSession) -> str:
    return reverse("classroom:board", args=[session.code])


# --- who is the teacher -------------------------------------------------------


def teacher_tokens(request: HttpRequest) -> dict[str, str]:
    tokens = request.session.get(TEACHER_KEY)
    return tokens if isinstance(tokens, dict) else {}


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
        return view(request, flow.settled(session))

    return wrapper


@require_http_methods(["GET", "POST"])
@never_cache
@teacher_only
def handover(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Control from the teacher's phone, without a secret on the board: only after a
    deliberate click (POST) the board shows a short pairing code, valid for two
    minutes and once, that the phone types in at `classroom:pair`."""
    if request.method == "POST":
        flow.open_pairing(session.pk)
        return redirect("classroom:handover", session.code)
    context: dict = {
        "session": session,
        "disconnected": request.GET.get("los") == "1",
        "display_code": codes.display_code(session.code),
        "pair_host": request.build_absolute_uri(reverse("classroom:pair")).split("://", 1)[-1],
    }
    expires = session.pairing_expires
    if session.pairing_code and expires is not None and expires > timezone.now():
        context |= {
            "pairing_code": codes.display_code(session.pairing_code),
            "pairing_seconds": math.ceil((expires - timezone.now()).total_seconds()),
        }
    return render(request, "classroom/handover.html", context)


@require_POST
@teacher_only
def disconnect_others(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Take control back: every other device that controls the quiz (a phone paired
    with a code that someone else typed in first) loses it; this one keeps it."""
    session = flow.new_teacher_key(session.pk)
    remember_teacher(request, session)
    return redirect(reverse("classroom:handover", args=[session.code]) + "?los=1")


class PairForm(forms.Form):
    code = forms.CharField(required=False)
    koppelcode = forms.CharField(required=False)

    def clean_code(self) -> str:
        code = codes.normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(CODE_SHAPE)
        return code

    def clean_koppelcode(self) -> str:
        return codes.normalise_code(self.cleaned_data["koppelcode"]) or ""


TOO_MANY_PAIRING_GUESSES = (
    "Je hebt te vaak een koppelcode ingevuld die niet klopt. "
    "Wacht tien minuten en probeer het dan opnieuw."
)
# Guessing pairing codes, counted like wrong join codes (classroom.views): per
# address and per browser, in ten-minute windows. A code lives two minutes.
PAIRING_GUESSES_PER_ADDRESS = Throttle("klassikaal-pair-address", limit=30, window_s=600)
PAIRING_GUESSES_PER_BROWSER = Throttle("klassikaal-pair-browser", limit=10, window_s=600)


@require_http_methods(["GET", "POST"])
@never_cache
def pair(request: HtmxHttpRequest) -> HttpResponse:
    """The teacher's phone: the quiz's code and the board's pairing code give this
    browser control of the quiz."""
    context = {"pairing": True, "code": request.GET.get("code", "")[:20]}
    if request.method == "GET":
        return render(request, "classroom/handover.html", context)
    form = PairForm(request.POST)
    context["code"] = (form["code"].value() or "")[:20]
    if not form.is_valid():
        return pair_refused(request, context, first_error(form), status=400)
    clients = [(PAIRING_GUESSES_PER_ADDRESS, client_ip(request))]
    if request.session.session_key:
        clients.append((PAIRING_GUESSES_PER_BROWSER, request.session.session_key))
    # Checked and counted in one step, so parallel guesses cannot all pass the check.
    if not take_all(clients):
        return pair_refused(request, context, TOO_MANY_PAIRING_GUESSES, status=429)
    try:
        session = flow.pair(form.cleaned_data["code"], form.cleaned_data["koppelcode"])
    except flow.FlowError as error:
        return pair_refused(request, context, error.message, status=status_for(error))
    give_back_all(clients)  # only wrong codes stay counted
    remember_teacher(request, session)
    return redirect("classroom:board", session.code)


def pair_refused(request: HttpRequest, context: dict, error: str, status: int) -> HttpResponse:
    return render(request, "classroom/handover.html", {**context, "error": error}, status=status)


@require_GET
def teacher_key(request: HtmxHttpRequest, code: str, token: str) -> HttpResponse:
    """A link with the secret token lets this browser control the session (kept for
    scripts and tests; no page shows it)."""
    session = ClassSession.objects.filter(code=code).first()
    if session is None or not codes.tokens_match(token, session.teacher_token):
        return not_the_teacher(request)
    remember_teacher(request, session)
    return redirect("classroom:board", session.code)


# --- the board ----------------------------------------------------------------


@require_GET
@never_cache
@teacher_only
def board(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    return render(request, "classroom/board.html", screens.board_state(request, session))


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
    if request.htmx and request.GET.get("k") == screens.live_key(session):
        # Nobody joined or answered: nothing to swap, and nothing for a
        # screen reader to read out again.
        return HttpResponse(status=204)
    # In a test-yourself round the figures beside the counts come along (hx-swap-oob).
    context = {**screens.board_state(request, session), "figures_out_of_band": True}
    return render(request, "classroom/board.html#live", context)


@require_GET
@never_cache
@teacher_only
def confirm_finish(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """The step before "Quiz nu beëindigen": a page that asks, no JavaScript needed."""
    if session.phase == Phase.FINISHED:
        return redirect("classroom:board", session.code)
    context = {**screens.board_state(request, session), "confirming": True}
    return render(request, "classroom/board.html", context)


@require_GET
@never_cache
@teacher_only
def results_page(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Every question's result, most-missed first: the board shows only the top."""
    context = {"session": session, "class_results": results.class_results(session)}
    return render(request, "classroom/results.html", context)


# --- the board's controls -----------------------------------------------------


@require_POST
@teacher_only
def step(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """The teacher's next step: start, close, reveal, next, eindmeting, finish."""

    def take_step(data: dict) -> None:
        # A double click: the board simply shows the newest state.
        with contextlib.suppress(flow.StaleStep):
            flow.take_step(session.pk, data["stap"], data["versie"])

    return board_change(request, session, StepForm(request.POST), take_step)


@require_POST
@teacher_only
def remove_pupil(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Take a pupil (a fake or rude name) off the board; their phone goes back to join."""
    return board_change(
        request,
        session,
        RemovePupilForm(request.POST),
        lambda data: flow.remove_pupil(session.pk, data["leerling"]),
    )


@require_POST
@teacher_only
def max_pupils(request: HtmxHttpRequest, session: ClassSession) -> HttpResponse:
    """Let more (or fewer) pupils join than the 40 a session starts with."""
    return board_change(
        request,
        session,
        MaxPupilsForm(request.POST),
        lambda data: flow.set_max_pupils(session.pk, data["maximum"]),
    )


def board_change(
    request: HtmxHttpRequest,
    session: ClassSession,
    form: forms.Form,
    change: Callable[[dict], None],
) -> HttpResponse:
    """A control of the board: the form checked, the change made, and the board
    shown again (POST → redirect → GET), or with the refusal on it."""
    if not form.is_valid():
        return board_refused(request, session, first_error(form), status=400)
    try:
        change(form.cleaned_data)
    except flow.FlowError as error:
        session.refresh_from_db()
        return board_refused(request, session, error.message, status=status_for(error))
    return redirect("classroom:board", session.code)


def board_refused(
    request: HtmxHttpRequest, session: ClassSession, error: str, status: int
) -> HttpResponse:
    context = {**screens.board_state(request, session), "error": error}
    return render(request, "classroom/board.html", context, status=status)
