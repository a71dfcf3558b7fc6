from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lessons import content, demos


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/home.html", {"lessons": content.all_lessons()})


def lesson_list(request: HttpRequest) -> HttpResponse:
    lessons = content.all_lessons()
    total = sum(le.minutes for le in lessons)
    return render(request, "lessons/lesson_list.html", {"lessons": lessons, "total_minutes": total})


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = content.get_lesson(slug)
    if lesson is None:
        raise Http404("Deze les bestaat niet.")
    previous, following = content.neighbours(lesson)
    context = {"lesson": lesson, "previous": previous, "next": following}
    if lesson.demo:
        context["demo"] = demos.context_for(request, lesson.demo)
        context["demo_template"] = f"lessons/demos/_{lesson.demo}.html"
    return render(request, "lessons/lesson_detail.html", context)


def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/glossary.html", {"letters": content.glossary_by_letter()})


def teachers(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/teachers.html", {"lessons": content.all_lessons()})


def worksheet(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/worksheet.html", {"lessons": content.all_lessons()})
