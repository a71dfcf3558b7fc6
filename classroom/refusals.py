"""How Klassikaal's pages say no: each kind of refusal by the flow has its HTTP
status, and a refusal that is not a form's own message gets the problem page (or,
where htmx asked for a part of a page, only its message)."""

from django.http import HttpRequest, HttpResponse

from classroom import flow
from common.htmx import render_page_or_fragment

# The convention for all apps is in README.md ("Layout"). A form that does not pass is 400.
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
    return render_page_or_fragment(request, "classroom/problem.html", "refusal", context, status)
