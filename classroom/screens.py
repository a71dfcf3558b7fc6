"""What the two screens of a class session show: the pupil's phone and the
teacher's board. Each function turns the session's state into the context of
its template (`classroom/play.html`, `classroom/board.html`)."""

from django.http import HttpRequest
from django.urls import reverse

from classroom import codes, flow, marks, qr, results, selftest
from classroom.models import Answer, ClassSession, Participant
from detector import intake
from quiz import rules
from quiz.models import Question

Phase = ClassSession.Phase

# The gespreksstarters the final board shows; the rest are on the results page.
STARTERS_ON_BOARD = 3

# The teacher's steps, by the names the board's buttons use.
STEPS = {
    "start": flow.START,
    "close": flow.CLOSE,
    "reveal": flow.REVEAL,
    "next": flow.NEXT,
    "start_second_round": flow.START_SECOND_ROUND,
    "open_selftest": flow.OPEN_SELFTEST,
    "close_selftest": flow.CLOSE_SELFTEST,
    "finish": flow.FINISH,
}


def shown_question(session: ClassSession, question: Question) -> dict:
    """The open question with its choices, in the order and with the marks both screens show."""
    choices = results.shown_choices(session, question)
    return {"question": question, "choices": [(marks.mark(i), c) for i, c in enumerate(choices)]}


# --- the pupil's phone ----------------------------------------------------------


def pupil_state(participant: Participant) -> dict:
    session = participant.session
    context: dict = {"participant": participant, "session": session}
    question = session.current_question()
    if question is not None:
        context |= shown_question(session, question)
        context |= pupil_question(participant, question, context["choices"])
    if session.phase == Phase.FINISHED:
        context["result"] = results.pupil_result(participant)
    if session.phase == Phase.SELFTEST:
        context |= pupil_selftest(participant)
    # Without JavaScript the page reloads itself, except while the pupil is
    # choosing an answer or filming (a reload would throw the choice or the clip away).
    choosing = session.phase == Phase.QUESTION and not context.get("my_answer")
    filming = session.phase == Phase.SELFTEST
    context["waiting"] = session.phase != Phase.FINISHED and not choosing and not filming
    context["poll_key"] = pupil_poll_key(session)
    return context


def pupil_selftest(participant: Participant) -> dict:
    """The recorder, and the pupil's recording in this round if there is one."""
    return {
        **intake.recorder_context(),
        "my_recording": selftest.recording_of(participant),
        "selftest_notice": selftest.PUPIL_NOTICE,
    }


# What a pupil's poll sends while the recorder is on the screen. Not the session's
# version: the teacher taking another pupil off the board changes that, and must not
# swap the recorder away in the middle of a recording.
SELFTEST_POLL_KEY = "test"


def pupil_poll_key(session: ClassSession) -> str:
    """The key of what the pupil's screen shows: a poll that sends the same key gets
    nothing new (204)."""
    return SELFTEST_POLL_KEY if session.phase == Phase.SELFTEST else str(session.version)


def pupil_question(participant: Participant, question: Question, choices: list) -> dict:
    """The pupil's own side of the open question: their answer, the right one, the time left."""
    session = participant.session
    my_answer = (
        Answer.objects.filter(participant=participant, question=question, round=session.round)
        .select_related("choice")
        .first()
    )
    return {
        "correct_choice": next((choice for _, choice in choices if choice.is_correct), None),
        "my_answer": my_answer,
        "confidence_choices": rules.CONFIDENCE_CHOICES,
        "confidence_labels": rules.CONFIDENCE_LABELS,
        "seconds_left": session.seconds_left(),
    }


# --- the teacher's board --------------------------------------------------------


def board_state(request: HttpRequest, session: ClassSession) -> dict:
    participants = list(session.participants.all())
    short_url = join_url(request)
    context: dict = {
        "session": session,
        "display_code": codes.display_code(session.code),
        "join_url": short_url,
        "join_host": short_url.split("://", 1)[-1],
        # Empty during a test-yourself round: the board shows no nickname then.
        "participants": [] if session.phase == Phase.SELFTEST else participants,
        "steps": STEPS,
        "seconds_left": session.seconds_left(),
    }
    if session.phase == Phase.LOBBY:
        context["qr_url"] = join_url(request, session)
        context["qr_svg"] = qr.join_qr_svg(context["qr_url"])
    question = session.current_question()
    if question is not None:
        context |= shown_question(session, question) | board_question(session, question)
    if session.phase == Phase.PAUSE:
        context["first_round"] = results.round_figures(
            session, ClassSession.FIRST_ROUND_NUMBER, "Nulmeting"
        )
    if session.phase == Phase.FINISHED:
        context |= board_end(session)
    if session.phase == Phase.SELFTEST:
        context |= board_selftest(session)
        context["live_key"] = context["selftest"].counts.key
    else:
        context["live_key"] = f"{len(participants)}-{context.get('answered', 0)}"
    return context


def board_selftest(session: ClassSession) -> dict:
    """The class's numbers of the test-yourself round, and the chart once it may show.
    No nickname: the template of this phase gets only these numbers to show."""
    figures = selftest.round_figures(session)
    chart = selftest.rate_chart(figures.spread.bins) if figures.spread else None
    return {"selftest": figures, "selftest_chart": chart}


def board_question(session: ClassSession, question: Question) -> dict:
    """How many answered; once revealed, how the class answered."""
    context: dict = {"answered": results.answered_count(session, question.pk)}
    if session.phase == Phase.REVEALED:
        tallies = results.distribution(session, question)
        context["tallies"] = tallies
        context["chart"] = results.bar_chart(tallies)
    return context


def board_end(session: ClassSession) -> dict:
    """The discussion starters and, after an eindmeting, what the class learnt."""
    class_results = results.class_results(session)
    context: dict = {
        "class_results": class_results[:STARTERS_ON_BOARD],
        "more_results": len(class_results) > STARTERS_ON_BOARD,
    }
    if session.measures:
        gain = results.learning_gain(session)
        context["gain"] = gain
        context["gain_chart"] = results.gain_chart(gain)
        context["question_gains"] = results.question_gains(session)
    return context


def live_key(session: ClassSession) -> str:
    """Changes whenever the live part of the board does: who joined, who answered
    (the same as `board_state`'s, without drawing the board)."""
    if session.phase == Phase.SELFTEST:
        selftest.collect(session)  # the round's numbers move on when the board looks
        return selftest.counts(session).key
    question_id = session.current_question_id()
    answered = results.answered_count(session, question_id) if question_id else 0
    return f"{session.participants.count()}-{answered}"


def join_url(request: HttpRequest, session: ClassSession | None = None) -> str:
    """The join page's full address; with a session, with its code filled in."""
    url = request.build_absolute_uri(reverse("classroom:join"))
    return f"{url}?code={session.code}" if session else url
