from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from common.caching import public_page
from lessons import content, illustrations, presentation, sections, terms


@public_page
def home(request: HttpRequest) -> HttpResponse:
    cards = illustrations.lesson_cards(content.all_lessons())
    return render(request, "lessons/home.html", {"cards": cards})


@public_page
def lesson_list(request: HttpRequest) -> HttpResponse:
    lessons = content.all_lessons()
    total = sum(le.minutes for le in lessons)
    context = {"cards": illustrations.lesson_cards(lessons), "total_minutes": total}
    return render(request, "lessons/lesson_list.html", context)


@public_page
def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = content.get_lesson(slug)
    if lesson is None:
        raise Http404("Deze les bestaat niet.")
    previous, following = content.neighbours(lesson)
    body = render_to_string(lesson.body_template, request=request)
    context = {
        "lesson": lesson,
        "previous": previous,
        "next": following,
        "contents": sections.contents(lesson, body),
        "body": terms.explain_terms(body),
    }
    return render(request, "lessons/lesson_detail.html", context)


def present_start(request: HttpRequest, slug: str) -> HttpResponse:
    if content.get_lesson(slug) is None:
        raise Http404("Deze les bestaat niet.")
    return redirect("lessons:present", slug=slug, number=1)


@public_page
def present(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One screen of a lesson on the smartboard; every screen has its own address."""
    lesson = content.get_lesson(slug)
    if lesson is None:
        raise Http404("Deze les bestaat niet.")
    screens = presentation.screens_for(lesson)
    if not 1 <= number <= len(screens):
        raise Http404("Dit scherm bestaat niet.")
    screen = screens[number - 1]
    context = {
        "lesson": lesson,
        "screen": screen,
        # On the board a term opens its explanation; no link leads off the screen.
        "text_html": terms.explain_terms(screen.text_html, link_to_glossary=False),
        "number": number,
        "count": len(screens),
        "previous_number": number - 1 if number > 1 else None,
        "next_number": number + 1 if number < len(screens) else None,
    }
    return render(request, "lessons/present.html", context)


@public_page
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/glossary.html", {"letters": content.glossary_by_letter()})


@public_page
def teachers(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/teachers.html", {"lessons": content.all_lessons()})


@public_page
def worksheet(request: HttpRequest) -> HttpResponse:
    return render(request, "lessons/worksheet.html", {"lessons": content.all_lessons()})
