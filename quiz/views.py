"""The pupil's own quiz: start, one question at a time, the end score.

Without JavaScript every answer is a plain POST that redirects to the question's
own page, which then shows the feedback (POST → redirect → GET). With htmx the
same views return only the question area. The quiz lives in the session as
`quiz.rules.QuizState`; the rules are in `quiz.rules` and `quiz.scoring`.
"""

from collections import Counter

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from common.htmx import HtmxHttpRequest, render_page_or_fragment, wants_fragment
from lessons import content
from lessons.sections import section_label
from quiz.forms import AnswerForm
from quiz.models import Question
from quiz.rules import (
    CONFIDENCE_CHOICES,
    CONFIDENCE_LABELS,
    LESSON_QUIZ_SIZE,
    SESSION_KEY,
    WHOLE_QUIZ_SIZE,
    Answer,
    Candidate,
    QuizState,
    draw,
    mistakes_quiz,
    shown_order,
)
from quiz.scoring import confidence_feedback, lesson_breakdown, score, score_ring

# Refusals follow the convention in README.md ("Layout"): a form that does not
# pass is 400; an answer that clashes with the quiz in the session (no quiz, an
# old page, a question not in the draw or not yet reached) is 409.
INVALID = 400
CONFLICT = 409

# What the pupil reads above a question: what kind of thinking it asks for.
KIND_LABELS: dict[str, str] = {
    Question.Kind.MULTIPLE_CHOICE: "Kies het goede antwoord",
    Question.Kind.TRUE_FALSE: "Waar of niet waar?",
    Question.Kind.SITUATION: "Echt of nep? Wat doe je?",
}

STALE_PAGE = "Deze pagina hoort bij een eerdere quiz. Hieronder gaat je quiz van nu verder."
NOT_IN_QUIZ = "Die vraag hoort niet bij je quiz. Hieronder gaat je quiz verder."
NO_QUESTIONS = "Er zijn nog geen vragen voor deze quiz. Probeer een andere quiz."
FINISH_FIRST = "Maak eerst je quiz af. Daarna kun je je fouten oefenen."
NO_MISTAKES = "Je had geen vragen fout die je nog kunt oefenen. Kies hieronder een nieuwe quiz."


def _quiz_title(lesson_slug: str, practice: bool = False) -> str:
    lesson = content.get_lesson(lesson_slug) if lesson_slug else None
    title = f"Quiz over les {lesson.order}: {lesson.title}" if lesson else "De hele quiz"
    return f"Oefen je fouten · {title}" if practice else title


def _load(request: HtmxHttpRequest) -> tuple[QuizState | None, dict[int, Question]]:
    """The pupil's quiz and its questions, or (None, {}) when there is none."""
    raw = request.session.get(SESSION_KEY)
    state = QuizState.from_session(raw)
    if state is None:
        return None, {}
    if isinstance(raw, dict) and raw.get("seed") != state.seed:
        # A quiz kept without a seed just got one: keep it, so its order stays put.
        _save(request, state)
    questions = {
        q.id: q
        for q in Question.objects.filter(id__in=state.question_ids).prefetch_related(
            "choices", "pictures"
        )
    }
    if len(questions) != len(state.question_ids):
        state.keep_only(questions)
        if not state.question_ids:
            del request.session[SESSION_KEY]
            return None, {}
        _save(request, state)
    return state, questions


def _save(request: HtmxHttpRequest, state: QuizState) -> None:
    request.session[SESSION_KEY] = state.to_session()


def _question_counts() -> dict[str, int]:
    return Counter(Question.objects.active().playable().values_list("lesson_slug", flat=True))


# --- starting a quiz ---------------------------------------------------------


def _render_start(
    request: HtmxHttpRequest, lesson: content.Lesson | None, status: int = 200, error: str = ""
) -> HttpResponse:
    counts = _question_counts()
    state, _ = _load(request)
    lesson_slug = lesson.slug if lesson else ""
    available = counts.get(lesson_slug, 0) if lesson else sum(counts.values())
    context = {
        "lesson": lesson,
        "quiz_title": _quiz_title(lesson_slug),
        "lessons": [(le, counts.get(le.slug, 0)) for le in content.all_lessons()],
        "question_count": min(available, LESSON_QUIZ_SIZE if lesson else WHOLE_QUIZ_SIZE),
        "state": state,
        "state_title": _quiz_title(state.lesson_slug, state.is_practice) if state else "",
        "resume_position": (state.current_position if state else None),
        "error": error or ("" if available else NO_QUESTIONS),
    }
    return render(request, "quiz/start.html", context, status=status)


def _begin(request: HtmxHttpRequest, lesson: content.Lesson | None) -> HttpResponse:
    questions = Question.objects.active().playable()
    if lesson:
        questions = questions.for_lesson(lesson.slug)
    candidates = [Candidate(q.id, q.lesson_slug) for q in questions]
    size = LESSON_QUIZ_SIZE if lesson else WHOLE_QUIZ_SIZE
    ids = draw(candidates, size)
    if not ids:
        return _render_start(request, lesson, status=CONFLICT, error=NO_QUESTIONS)
    _save(request, QuizState(question_ids=ids, lesson_slug=lesson.slug if lesson else ""))
    return _see_other(1)


def _see_other(number: int) -> HttpResponse:
    # 303: the browser follows a POST with a GET, so a reload never re-posts.
    response = HttpResponse(status=303)
    response["Location"] = reverse("quiz:question", args=[number])
    return response


@require_http_methods(["GET", "POST"])
@never_cache
def start(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _begin(request, None)
    return _render_start(request, None)


@require_http_methods(["GET", "POST"])
@never_cache
def lesson_quiz(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    lesson = content.get_lesson(slug)
    if lesson is None:
        return _render_missing(
            request, "Deze les bestaat niet. Kies hieronder een quiz.", status=404
        )
    if request.method == "POST":
        return _begin(request, lesson)
    response = _render_start(request, lesson)
    if response.status_code == 200 and not _question_counts().get(slug):
        response.status_code = 404
    return response


# --- one question ------------------------------------------------------------


def _render_missing(request: HtmxHttpRequest, message: str, status: int) -> HttpResponse:
    return render_page_or_fragment(
        request, "quiz/missing.html", "area", {"message": message}, status
    )


def _no_quiz(request: HtmxHttpRequest) -> HttpResponse:
    status = 404 if request.method == "GET" else CONFLICT
    message = (
        "Je hebt nu geen quiz lopen. Misschien is je sessie verlopen, of je bent nog niet "
        "begonnen. Begin hieronder een nieuwe quiz."
    )
    return _render_missing(request, message, status)


def _render_question(
    request: HtmxHttpRequest,
    state: QuizState,
    questions: dict[int, Question],
    number: int,
    *,
    form: AnswerForm | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    question = questions[state.question_ids[number - 1]]
    choices = shown_order(
        list(question.choices.all()), kind=question.kind, seed=state.seed, question_id=question.id
    )
    answer = state.answer_for(question.id)
    lesson = question.lesson
    if notice:
        focus = "notice"
    elif form is not None and form.errors:
        focus = "errors"
    elif answer:
        focus = "feedback"
    else:
        focus = "question"
    context = {
        "quiz_title": _quiz_title(state.lesson_slug, state.is_practice),
        "state": state,
        "number": number,
        "total": state.total,
        "answered_count": len(state.answers),
        "question": question,
        "kind_label": KIND_LABELS.get(question.kind, ""),
        "choices": choices,
        "answer": answer,
        "confidence_label": CONFIDENCE_LABELS.get(answer.confidence, "") if answer else "",
        "confidence_choices": CONFIDENCE_CHOICES,
        "lesson": lesson,
        "section_label": section_label(question.lesson_slug, question.lesson_anchor),
        "form": form,
        "picked_choice": form.data.get("choice", "") if form is not None else "",
        "notice": notice,
        "focus": focus,
        "is_last": number == state.total,
    }
    # The fragment carries the title, which htmx puts on the tab (question.html).
    context["as_fragment"] = wants_fragment(request)
    return render_page_or_fragment(request, "quiz/question.html", "area", context, status)


def _show_answered(
    request: HtmxHttpRequest, state: QuizState, questions: dict[int, Question], number: int
) -> HttpResponse:
    if wants_fragment(request):
        return _render_question(request, state, questions, number)
    return _see_other(number)


@require_http_methods(["GET", "POST"])
@never_cache
@vary_on_headers("HX-Request")
def question(request: HtmxHttpRequest, number: int) -> HttpResponse:
    state, questions = _load(request)
    if state is None:
        return _no_quiz(request)
    current = state.current_position or state.total

    if request.method == "GET":
        if not 1 <= number <= current:
            # Not in the quiz, or not yet reached: back to where the pupil is.
            return redirect("quiz:question", current)
        return _render_question(request, state, questions, number)

    question_id = state.question_at(number)
    if question_id is None:
        return _render_question(
            request, state, questions, current, notice=NOT_IN_QUIZ, status=CONFLICT
        )
    posted_id = request.POST.get("question", "").strip()
    if posted_id and posted_id != str(question_id):
        return _render_question(
            request, state, questions, current, notice=STALE_PAGE, status=CONFLICT
        )
    if state.answer_for(question_id) is not None:
        # Reload, back button, double click: the first answer counts.
        return _show_answered(request, state, questions, number)
    if number != current:
        notice = f"Beantwoord eerst vraag {current}."
        return _render_question(request, state, questions, current, notice=notice, status=CONFLICT)

    question = questions[question_id]
    form = AnswerForm(question, request.POST)
    if not form.is_valid():
        return _render_question(request, state, questions, number, form=form, status=INVALID)
    choice = next(c for c in question.choices.all() if c.id == form.cleaned_data["choice"])
    state.record(Answer(question_id, choice.id, form.cleaned_data["confidence"], choice.is_correct))
    _save(request, state)
    return _show_answered(request, state, questions, number)


# --- the end -----------------------------------------------------------------


@require_http_methods(["GET"])
@never_cache
def result(request: HtmxHttpRequest) -> HttpResponse:
    state, questions = _load(request)
    if state is None:
        return _no_quiz(request)
    if not state.is_finished:
        return redirect("quiz:question", state.current_position)
    review = [
        (number, questions[qid], state.answer_for(qid))
        for number, qid in enumerate(state.question_ids, start=1)
    ]
    result_score = score(state.answers)
    context = {
        "quiz_title": _quiz_title(state.lesson_slug, state.is_practice),
        "lesson": content.get_lesson(state.lesson_slug) if state.lesson_slug else None,
        "score": result_score,
        "ring": score_ring(result_score),
        "state": state,
        "missed_count": len(state.missed_ids),
        "breakdown": lesson_breakdown(state.answers, questions),
        "confidence": confidence_feedback(state.answers),
        "review": review,
    }
    return render(request, "quiz/result.html", context)


@require_http_methods(["POST"])
@never_cache
def practise(request: HtmxHttpRequest) -> HttpResponse:
    """Oefen je fouten: a new quiz of only the questions the finished quiz missed.

    The form names the quiz it was on (`quiz`, its seed). A repeat of the same
    post (reload, double click, back button) finds the practice quiz it already
    made and goes on there; a post from another quiz's page is refused (409).
    """
    state, questions = _load(request)
    if state is None:
        return _no_quiz(request)
    posted = request.POST.get("quiz", "")
    if posted and posted == state.practised_from:
        # Already started from that page: the first post counts.
        if state.is_finished:
            return redirect("quiz:result")
        return _see_other(state.current_position or 1)
    if posted != state.seed:
        position = state.current_position or state.total
        return _render_question(
            request, state, questions, position, notice=STALE_PAGE, status=CONFLICT
        )
    if not state.is_finished:
        return _render_question(
            request,
            state,
            questions,
            state.current_position or 1,
            notice=FINISH_FIRST,
            status=CONFLICT,
        )
    playable = Question.objects.active().playable().filter(id__in=state.missed_ids)
    practice = mistakes_quiz(state, playable.values_list("id", flat=True))
    if practice is None:
        lesson = content.get_lesson(state.lesson_slug) if state.lesson_slug else None
        return _render_start(request, lesson, status=CONFLICT, error=NO_MISTAKES)
    _save(request, practice)
    return _see_other(1)
