"""Key terms explained where a pupil reads them.

A lesson body marks a key term as a link into the glossary,
`<a class="term" href="/begrippen/#begrip-neuron">neuronen</a>`. On the lesson
page and on the board that link becomes a button that opens the term's
explanation in a popover: the HTML `popover` attribute, so it works without
JavaScript, and the pupil stays in the lesson. A browser too old for popovers
shows the explanation in brackets after the word (see site.css).
"""

import re
from functools import cache

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, slugify

from lessons import content

# The only shape a body template writes a key term in; tests/lessons checks
# that every term link of every lesson is turned into an explanation.
TERM_LINK = re.compile(
    r'<a class="term" href="[^"#]*#begrip-(?P<slug>[\w-]+)">(?P<label>.*?)</a>', re.DOTALL
)


@cache
def _entries() -> dict[str, content.GlossaryEntry]:
    """Glossary entries by the id the glossary page gives them (`begrip-<slug>`)."""
    return {slugify(entry.term): entry for entry in content.glossary()}


def glossary_anchor(entry: content.GlossaryEntry) -> str:
    return f"begrip-{slugify(entry.term)}"


def explain_terms(html: str, *, link_to_glossary: bool = True) -> SafeString:
    """`html` (already safe: a rendered lesson template) with each term link as a popover.

    Ids are numbered per call, so a term used twice on one page gets two popovers.
    On the board (`link_to_glossary=False`) there is no link away from the screen.
    """
    glossary_url = reverse("lessons:glossary")
    number = 0

    def explanation(match: re.Match[str]) -> str:
        nonlocal number
        entry = _entries().get(match["slug"])
        if entry is None:
            return match[0]
        number += 1
        popover_id = f"uitleg-{number}"
        more = (
            format_html(
                '<a class="term-popover__more" href="{}#{}">Alle begrippen</a>',
                glossary_url,
                glossary_anchor(entry),
            )
            if link_to_glossary
            else ""
        )
        return format_html(
            '<button type="button" class="term" popovertarget="{id}">{label}</button>'
            '<span id="{id}" class="term-popover" popover>'
            '<span class="term-popover__term">{term}</span>'
            '<span class="term-popover__bracket"> (</span>{definition}'
            '<span class="term-popover__bracket">)</span>'
            '<span class="term-popover__actions">{more}'
            '<button type="button" class="button--secondary term-popover__close" '
            'popovertarget="{id}" popovertargetaction="hide">Sluiten</button></span></span>',
            id=popover_id,
            label=mark_safe(match["label"]),  # noqa: S308  # a piece of the lesson's own template
            term=capfirst(entry.term),
            definition=entry.definition,
            more=more,
        )

    return mark_safe(TERM_LINK.sub(explanation, html))  # noqa: S308  # built from safe pieces
