"""Small factories for the class quiz tests: questions, sessions and pupils."""

from django.test import Client
from django.urls import reverse

from classroom.models import ClassSession
from quiz.models import Choice, Question


def make_question(
    text: str = "Wat is een deepfake?",
    lesson_slug: str = "wat-is-een-deepfake",
    right: str = "Nepbeeld gemaakt met AI",
    wrong: tuple[str, ...] = ("Een echte foto", "Een soort virus"),
    explanation: str = "Een deepfake is beeld of geluid dat een computer namaakt.",
) -> Question:
    question = Question.objects.create(lesson_slug=lesson_slug, text=text, explanation=explanation)
    Choice.objects.create(question=question, text=right, is_correct=True, order=0)
    for order, choice_text in enumerate(wrong, start=1):
        Choice.objects.create(question=question, text=choice_text, order=order)
    return question


def right_choice(question: Question) -> Choice:
    return question.choices.get(is_correct=True)


def wrong_choice(question: Question) -> Choice:
    return question.choices.filter(is_correct=False).first()


def start_as_teacher(
    client: Client, count: int = 10, lessons: tuple[str, ...] = ()
) -> ClassSession:
    response = client.post(reverse("classroom:new"), {"aantal": count, "les": list(lessons)})
    assert response.status_code == 302, response.content.decode()
    return ClassSession.objects.latest("created")


def join_as_pupil(session: ClassSession, nickname: str) -> Client:
    pupil = Client()
    response = pupil.post(reverse("classroom:join"), {"code": session.code, "bijnaam": nickname})
    assert response.status_code == 302, response.content.decode()
    return pupil


def step(teacher: Client, session: ClassSession, name: str):
    session.refresh_from_db()
    return teacher.post(
        reverse("classroom:step", args=[session.code]), {"stap": name, "versie": session.version}
    )


def answer(pupil: Client, question: Question, choice_id, confidence: str = "zeker", **extra):
    return pupil.post(
        reverse("classroom:answer"),
        {"question": question.pk, "choice": choice_id, "confidence": confidence},
        **extra,
    )
