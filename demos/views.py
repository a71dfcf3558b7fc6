"""Endpoints of the three demos.

Each button posts a form. With htmx the demo's fragment comes back and
replaces the demo in place; without JavaScript the browser is redirected to
the lesson page (at #probeer), which shows the new state through
`context_for` (called by the `{% demo %}` tag). State lives in the session
under one small key per demo.
"""

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from demos import alley, gan, neuron, present
from demos.forms import AlleyForm, GanForm, LearnerForm, NeuronForm, first_error
from demos.stored import InvalidState
from lessons import content


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


SESSION_KEYS = {"steegje": "demo_steegje", "neuron": "demo_neuron", "gan": "demo_gan"}
TEMPLATES = {
    "steegje": "demos/_steegje.html#steegje",
    "calculator": "demos/_neuron.html#calculator-result",
    "learner": "demos/_neuron.html#learner",
    "gan": "demos/_gan.html#gan",
}
T = TypeVar("T")
TAMPERED = (
    "De opgeslagen stand van deze proef klopte niet. We zijn daarom opnieuw begonnen. "
    "Probeer het nog een keer."
)


# --- Reading state -------------------------------------------------------------


def _load(
    request: HttpRequest, key: str, parse: Callable[[object], T], fresh: Callable[[], T]
) -> tuple[T, bool]:
    """The stored state, or a fresh one; the flag says the stored one was broken."""
    raw = request.session.get(key)
    if raw is None:
        return fresh(), False
    try:
        return parse(raw), False
    except (InvalidState, TypeError, ValueError, KeyError):
        return fresh(), True


def _neuron_parts(request: HttpRequest) -> tuple[dict, neuron.Learner, bool]:
    stored = request.session.get(SESSION_KEYS["neuron"])
    if stored is None:
        return dict(neuron.DEFAULT_CALCULATION), neuron.new_learner(), False
    if not isinstance(stored, dict) or not set(stored) <= {"calc", "learn"}:
        return dict(neuron.DEFAULT_CALCULATION), neuron.new_learner(), True
    try:
        calc = neuron.calculation_from_dict(stored.get("calc", neuron.DEFAULT_CALCULATION))
        learner = (
            neuron.learner_from_dict(stored["learn"]) if "learn" in stored else neuron.new_learner()
        )
    except (InvalidState, TypeError, ValueError, KeyError):
        return dict(neuron.DEFAULT_CALCULATION), neuron.new_learner(), True
    return calc, learner, False


def _save_neuron(request: HttpRequest, calc: dict, learner: neuron.Learner) -> None:
    request.session[SESSION_KEYS["neuron"]] = {
        "calc": calc,
        "learn": neuron.learner_to_dict(learner),
    }


# --- What a lesson page shows ----------------------------------------------------------


def template_for(name: str) -> str:
    """The template of demo `name` as a whole (a lesson page shows all of it)."""
    if name not in SESSION_KEYS:
        raise ValueError(f"unknown demo {name!r}")
    return f"demos/_{name}.html"


def context_for(request: HttpRequest, name: str) -> dict:
    """The template context a lesson page needs to show demo `name`."""
    builders = {"steegje": alley_demo, "neuron": neuron_demo, "gan": gan_demo}
    return builders[name](request)


def alley_demo(request: HttpRequest, error: str = "") -> dict:
    state, broken = _load(request, SESSION_KEYS["steegje"], alley.from_dict, alley.new_state)
    return present.alley_context(state) | {"error": error or (TAMPERED if broken else "")}


def neuron_demo(request: HttpRequest) -> dict:
    calc, learner, broken = _neuron_parts(request)
    return {
        "calc": _calculator(calc, error=TAMPERED if broken else ""),
        "learn": present.learner_context(learner),
    }


def gan_demo(request: HttpRequest) -> dict:
    state, broken = _load(request, SESSION_KEYS["gan"], gan.from_dict, gan.new_state)
    return present.gan_context(state) | {"error": TAMPERED if broken else ""}


def _calculator(calc: dict, *, form: NeuronForm | None = None, error: str = "") -> dict:
    stale = form is not None and bool(error)  # the drawing still shows the stored numbers
    form = form or NeuronForm(initial=NeuronForm.initial_for(calc))
    return present.calculation_context(calc) | {"form": form, "error": error, "stale": stale}


# --- Answering a post --------------------------------------------------------------------


def _lesson_url(demo: str) -> str:
    lesson = next(le for le in content.all_lessons() if le.demo == demo)
    return reverse("lessons:detail", args=[lesson.slug])


def _answer(
    request: HtmxHttpRequest, demo: str, part: str, context: dict, *, error: str = ""
) -> HttpResponse:
    """The fragment for htmx, a redirect to the lesson without it; 400 with a message on error."""
    status = 400 if error else 200
    if request.htmx:
        return render(request, TEMPLATES[part], {"demo": context}, status=status)
    back = _lesson_url(demo) + "#probeer"
    if error:
        return render(
            request,
            "demos/refused.html",
            {"message": error, "back": back},
            status=status,
        )
    return redirect(back)


@require_POST
def alley_step(request: HtmxHttpRequest) -> HttpResponse:
    key = SESSION_KEYS["steegje"]
    state, broken = _load(request, key, alley.from_dict, alley.new_state)
    form = AlleyForm(request.POST)
    if broken or not form.is_valid():
        request.session[key] = alley.to_dict(state)
        error = TAMPERED if broken else first_error(form)
        return _answer(request, "steegje", "steegje", _alley(state, error), error=error)
    action = form.cleaned_data["actie"]
    if action == "opnieuw":
        state = alley.new_state()
    elif action == "lopen":
        state = alley.walk(state)
    else:
        state = alley.give_feedback(state, action)
    request.session[key] = alley.to_dict(state)
    return _answer(request, "steegje", "steegje", _alley(state))


def _alley(state: alley.AlleyState, error: str = "") -> dict:
    return present.alley_context(state) | {"error": error}


@require_POST
def neuron_calculate(request: HtmxHttpRequest) -> HttpResponse:
    calc, learner, broken = _neuron_parts(request)
    form = NeuronForm(request.POST)
    if broken or not form.is_valid():
        _save_neuron(request, calc, learner)
        error = TAMPERED if broken else first_error(form)
        shown_form = None if broken else form
        context = {"calc": _calculator(calc, form=shown_form, error=error)}
        return _answer(request, "neuron", "calculator", context, error=error)
    calc = form.calculation()
    _save_neuron(request, calc, learner)
    return _answer(request, "neuron", "calculator", {"calc": _calculator(calc)})


@require_POST
def neuron_learn(request: HtmxHttpRequest) -> HttpResponse:
    calc, learner, broken = _neuron_parts(request)
    form = LearnerForm(request.POST)
    if broken or not form.is_valid():
        _save_neuron(request, calc, learner)
        error = TAMPERED if broken else first_error(form)
        context = {"learn": present.learner_context(learner) | {"error": error}}
        return _answer(request, "neuron", "learner", context, error=error)
    action = form.cleaned_data["actie"]
    if action == "opnieuw":
        learner = neuron.new_learner(form.cleaned_data["regel"] or learner.rule)
    elif learner.steps >= neuron.MAX_STEPS:
        pass  # the network has long learnt what it can; the buttons stop counting
    elif action == "stap":
        learner = neuron.learn_step(learner)
    else:
        learner = neuron.learn_round(learner)
    _save_neuron(request, calc, learner)
    return _answer(request, "neuron", "learner", {"learn": present.learner_context(learner)})


@require_POST
def gan_train(request: HtmxHttpRequest) -> HttpResponse:
    key = SESSION_KEYS["gan"]
    state, broken = _load(request, key, gan.from_dict, gan.new_state)
    form = GanForm(request.POST)
    if broken or not form.is_valid():
        request.session[key] = gan.to_dict(state)
        error = TAMPERED if broken else first_error(form)
        return _answer(
            request, "gan", "gan", present.gan_context(state) | {"error": error}, error=error
        )
    state = gan.new_state() if form.steps == 0 else gan.train(state, form.steps)
    request.session[key] = gan.to_dict(state)
    return _answer(request, "gan", "gan", present.gan_context(state))
