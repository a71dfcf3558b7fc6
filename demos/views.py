"""Endpoints of the three demos.

A demo step only calculates: it changes nothing on the server. So every
button is a GET form that needs no session and no CSRF cookie, and the lesson
page around a demo stays the same for every visitor, and cacheable
(common/caching.py). The demo's state travels in the form:

- the alley's as one value signed with `django.core.signing`, so it cannot
  be changed by hand (a changed value gets a 400 and a fresh start);
- the learning neuron's and the GAN's as a step count: their runs are fixed
  by their seeds and rules, so the step count is the whole state, checked
  like any other input;
- the single neuron's as its own fields.

With htmx the demo's fragment comes back and replaces the demo in place.
Without JavaScript the form goes to the same address and gets the whole
lesson page with the new state (the `{% demo %}` tag reads it from the
request), at `#probeer`.
"""

from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from common.caching import public_page
from common.htmx import HtmxHttpRequest
from demos import alley, gan, neuron, present
from demos.forms import AlleyForm, GanForm, LearnerForm, NeuronForm, first_error
from demos.stored import InvalidState, checked_int
from lessons import content
from lessons import views as lesson_views

DEMOS = ("steegje", "neuron", "gan")
TEMPLATES = {
    "steegje": "demos/_steegje.html#steegje",
    "calculator": "demos/_neuron.html#calculator-result",
    "learner": "demos/_neuron.html#learner",
    "gan": "demos/_gan.html#gan",
}
ALLEY_SALT = "demos.steegje"
TAMPERED = (
    "De opgeslagen stand van deze proef klopte niet. We zijn daarom opnieuw begonnen. "
    "Probeer het nog een keer."
)


@dataclass
class Step:
    """What one click gives: the demo's template context, and a Dutch refusal if any."""

    context: dict
    error: str = ""


# --- The state in the form ---------------------------------------------------------


def sign_alley(state: alley.AlleyState) -> str:
    return signing.dumps(alley.to_dict(state), salt=ALLEY_SALT, compress=True)


def _alley_state(query: QueryDict) -> alley.AlleyState:
    """The walker's state from the form: fresh without one; InvalidState if changed."""
    token = query.get("stand", "")
    if not token:
        return alley.new_state()
    try:
        return alley.from_dict(signing.loads(token, salt=ALLEY_SALT))
    except (signing.BadSignature, TypeError, ValueError, KeyError) as error:
        raise InvalidState("the alley's state was changed") from error


def _step_count(query: QueryDict, name: str, high: int) -> int:
    text = query.get(name, "0")
    if not (text.isascii() and text.isdigit()):  # no sign, space, point or "²"
        raise InvalidState(f"{name} is not a whole number")
    return checked_int(int(text), 0, high)


def _learner(query: QueryDict) -> neuron.Learner:
    """The learning neuron after `stappen` steps of rule `regel`, learnt again from the start."""
    rule = query.get("regel", "en")
    if rule not in neuron.RULES:
        raise InvalidState("unknown rule")
    learner = neuron.new_learner(rule)
    for _ in range(_step_count(query, "stappen", neuron.MAX_STEPS)):
        learner = neuron.learn_step(learner)
    return learner


def _gan_step(query: QueryDict) -> int:
    return gan.checked_step(_step_count(query, "stap", gan.MAX_STEPS))


# --- One click of each demo ----------------------------------------------------------


def alley_step(query: QueryDict) -> Step:
    form = AlleyForm(query)
    try:
        state = _alley_state(query)
    except InvalidState:
        return Step(alley_context(alley.new_state()) | {"error": TAMPERED}, TAMPERED)
    if not form.is_valid():
        rate = form.cleaned_data.get("leersnelheid") or alley.LEARNING_RATE
        error = first_error(form)
        return Step(alley_context(state, rate) | {"error": error}, error)
    action = form.cleaned_data["actie"]
    if action == "opnieuw":
        state = alley.new_state()
    elif action == "lopen":
        state = alley.walk(state)
    else:
        state = alley.give_feedback(state, action, rate=form.rate)
    return Step(alley_context(state, form.rate))


def alley_context(state: alley.AlleyState, rate: float = alley.LEARNING_RATE) -> dict:
    return present.alley_context(state, rate) | {"stand": sign_alley(state), "error": ""}


def calculator_step(query: QueryDict) -> Step:
    form = NeuronForm(query)
    if not form.is_valid():
        error = first_error(form)
        return Step(_calculator(neuron.DEFAULT_CALCULATION, form=form, error=error), error)
    return Step(_calculator(form.calculation(), form=form))


def _calculator(calc: dict, *, form: NeuronForm | None = None, error: str = "") -> dict:
    form = form or NeuronForm(initial=NeuronForm.initial_for(calc))
    if error:  # nothing to draw: the numbers that would be drawn are wrong
        return {"form": form, "error": error}
    return present.calculation_context(calc) | {
        "form": form,
        "error": "",
        "carry": calculation_fields(calc),
    }


def calculation_fields(calc: dict) -> list[tuple[str, str]]:
    """The calculator's numbers as form fields, for the other forms on a page without JS."""
    keys = [key for key, _ in neuron.INPUTS]
    fields = [(key, "on") for key, x in zip(keys, calc["inputs"], strict=True) if x]
    fields += [(f"gewicht_{k}", repr(w)) for k, w in zip(keys, calc["weights"], strict=True)]
    return [*fields, ("bias", repr(calc["bias"])), ("activatie", calc["activation"])]


def learner_step(query: QueryDict) -> Step:
    form = LearnerForm(query)
    try:
        learner = _learner(query)
    except InvalidState:
        return Step(learner_context(neuron.new_learner()) | {"error": TAMPERED}, TAMPERED)
    if not form.is_valid():
        error = first_error(form)
        return Step(learner_context(learner) | {"error": error}, error)
    action = form.cleaned_data["actie"]
    if action == "opnieuw":
        learner = neuron.new_learner(form.cleaned_data["regel"] or learner.rule)
    elif learner.steps >= neuron.MAX_STEPS:
        pass  # the network has long learnt what it can; the buttons stop counting
    elif action == "stap":
        learner = neuron.learn_step(learner)
    else:
        learner = neuron.learn_round(learner)
    return Step(learner_context(learner))


def learner_context(learner: neuron.Learner) -> dict:
    carry = [("regel", learner.rule), ("stappen", str(learner.steps))]
    return present.learner_context(learner) | {"error": "", "carry": carry}


def gan_step(query: QueryDict) -> Step:
    form = GanForm(query)
    try:
        step = _gan_step(query)
    except InvalidState:
        return Step(gan_context(0) | {"error": TAMPERED}, TAMPERED)
    if not form.is_valid():
        error = first_error(form)
        return Step(gan_context(step) | {"error": error}, error)
    step = 0 if form.steps == 0 else min(step + form.steps, gan.MAX_STEPS)
    return Step(gan_context(step))


def gan_context(step: int) -> dict:
    settled = gan.settled_step()
    return present.gan_context(gan.state_at(step), gan.accuracy_history(step)) | {
        "error": "",
        "settled_step": settled,
        "progress_hint": _gan_progress_hint(step, settled),
    }


def _gan_progress_hint(step: int, settled: int) -> str:
    """Whether to keep going: before `settled` the checker's accuracy still swings."""
    if step == 0 or step >= gan.MAX_STEPS:
        return ""
    if step < settled:
        return (
            "Nog niet klaar. De checker en de maker zijn nog om de beurt de beste, "
            "dus de lijn gaat nog op en neer. Train verder, of kies ‘Train tot het einde’."
        )
    return (
        f"Vanaf stap {settled} blijft de lijn dicht bij de 50%. "
        "Verder trainen verandert nu weinig meer."
    )


# --- What a lesson page shows ----------------------------------------------------------


def template_for(name: str) -> str:
    """The template of demo `name` as a whole (a lesson page shows all of it)."""
    if name not in DEMOS:
        raise ValueError(f"unknown demo {name!r}")
    return f"demos/_{name}.html"


def context_for(request: HttpRequest, name: str) -> dict:
    """The demo on a lesson page: the state a demo step left, else the start (same for all)."""
    shown = getattr(request, "demo_shown", None)
    if shown is not None and shown[0] == name:
        return shown[1]
    if name == "steegje":
        return alley_context(alley.new_state())
    if name == "neuron":
        return {
            "calc": _calculator(neuron.DEFAULT_CALCULATION),
            "learn": learner_context(neuron.new_learner()),
        }
    return gan_context(0)


# --- Answering a click -------------------------------------------------------------------


def _lesson_slug(demo: str) -> str:
    return next(le.slug for le in content.all_lessons() if le.demo == demo)


def _answer(
    request: HtmxHttpRequest, demo: str, part: str, step: Step, page_context: dict
) -> HttpResponse:
    """The fragment for htmx; the whole lesson page without it; a 400 with a message on error."""
    status = 400 if step.error else 200
    if request.htmx:
        return render(request, TEMPLATES[part], {"demo": step.context}, status=status)
    slug = _lesson_slug(demo)
    if step.error:
        back = reverse("lessons:detail", args=[slug]) + "#probeer"
        context = {"message": step.error, "back": back}
        return render(request, "demos/refused.html", context, status=status)
    request.demo_shown = (demo, page_context)  # type: ignore[attr-defined]  # read by {% demo %}
    return lesson_views.lesson_detail(request, slug)


def _neuron_page(query: QueryDict, calc: Step | None = None, learn: Step | None = None) -> dict:
    """Both neuron demos for a whole page: the one clicked, the other as its form left it."""
    calc = calc or (calculator_step(query) if "bias" in query else None)
    if calc is None or calc.error:
        calc = Step(_calculator(neuron.DEFAULT_CALCULATION))
    if learn is None:
        try:
            learn = Step(learner_context(_learner(query)))
        except InvalidState:
            learn = Step(learner_context(neuron.new_learner()))
    return {"calc": calc.context, "learn": learn.context}


# GET: a step calculates and stores nothing. Public: the same address always
# gives the same answer; it differs for htmx (a fragment) and without (a page).
def demo_view(view):
    return require_safe(public_page(vary_on_headers("HX-Request")(view)))


@demo_view
def alley_view(request: HtmxHttpRequest) -> HttpResponse:
    step = alley_step(request.GET)
    return _answer(request, "steegje", "steegje", step, step.context)


@demo_view
def neuron_calculate(request: HtmxHttpRequest) -> HttpResponse:
    step = calculator_step(request.GET)
    answer = Step({"calc": step.context}, step.error)
    return _answer(request, "neuron", "calculator", answer, _neuron_page(request.GET, calc=step))


@demo_view
def neuron_learn(request: HtmxHttpRequest) -> HttpResponse:
    step = learner_step(request.GET)
    answer = Step({"learn": step.context}, step.error)
    return _answer(request, "neuron", "learner", answer, _neuron_page(request.GET, learn=step))


@demo_view
def gan_train(request: HtmxHttpRequest) -> HttpResponse:
    step = gan_step(request.GET)
    return _answer(request, "gan", "gan", step, step.context)
