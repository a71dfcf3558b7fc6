"""A lesson as a row of screens for the smartboard.

The screens come from the lesson itself, so a teacher never keeps a second
copy in step: a title screen (title, summary, goals), then the lesson body cut
at its top-level `<section>`s, then the discussion questions. A section with
more text than fits one screen at board size is cut again between its blocks
(paragraphs, lists, figures), never inside one, and a sub-heading stays with
the block after it. A screen holds at most one illustration, shown large
beside the text.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from lessons.content import Lesson

# Characters of running text per screen. At the board's font size (about
# 31 px at 1920x1080, see present.css) a full-width column holds about 1,300
# characters and the column beside an illustration about 750; these budgets
# leave room for the heading. A single block that is longer still gets its
# own screen, which then scrolls on its own.
TEXT_BUDGET = 1100
TEXT_BUDGET_BESIDE_FIGURE = 650

VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Block:
    """One element directly inside a section: a paragraph, list, figure, heading …"""

    tag: str
    start: int
    end: int = -1
    text_length: int = 0
    has_image: bool = False
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""


@dataclass
class BodySection:
    start: int
    heading: Block | None = None
    blocks: list[Block] = field(default_factory=list)


class _SectionParser(HTMLParser):
    """Finds the top-level `<section>`s of a rendered lesson body and their blocks."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0]
        for i, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(i + 1)
        self.sections: list[BodySection] = []
        self._stack: list[str] = []
        self._block: Block | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self._stack)
        if depth == 0 and tag == "section":
            self.sections.append(BodySection(start=self._offset()))
        elif depth == 1 and self.sections and self._stack[0] == "section":
            self._block = Block(tag, self._offset(), attrs={k: v or "" for k, v in attrs})
        if self._block is not None and tag == "img":
            self._block.has_image = True
        if self._block is not None and tag in VOID_TAGS and len(self._stack) == 1:
            self._close_block(self._offset() + len(self.get_starttag_text() or ""))
        if tag not in VOID_TAGS:
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            popped = self._stack.pop()
            if popped == tag:
                break
        if len(self._stack) == 1 and self._block is not None:
            self._close_block(self.source.index(">", self._offset()) + 1)

    def _close_block(self, end: int) -> None:
        block = self._block
        assert block is not None
        block.end = end
        self._block = None
        section = self.sections[-1]
        if section.heading is None and block.tag == "h2":
            section.heading = block
        else:
            section.blocks.append(block)

    def handle_data(self, data: str) -> None:
        if self._block is not None:
            self._block.text += data
            self._block.text_length += len(" ".join(data.split()))


@dataclass(frozen=True)
class Screen:
    """One screen of a presentation. `kind` is "title", "section" or "discussion"."""

    kind: str
    title: str
    # Pieces of the lesson's own rendered template, so already escaped.
    text_html: str = ""
    figure_html: str = ""
    # The id of the lesson section this screen shows, for a link back to it.
    anchor: str = ""


def _units(blocks: list[Block]) -> list[list[Block]]:
    """Blocks in groups that stay on one screen: a sub-heading with the block after it."""
    units: list[list[Block]] = []
    pending: list[Block] = []
    for block in blocks:
        pending.append(block)
        if block.tag not in ("h3", "h4"):
            units.append(pending)
            pending = []
    if pending:
        units.append(pending)
    return units


def _pack(blocks: list[Block]) -> list[list[Block]]:
    """Cut a section's blocks into screens that each fit the board."""
    screens: list[list[Block]] = [[]]
    text = 0
    figure = False
    for unit in _units(blocks):
        unit_text = sum(b.text_length for b in unit if not b.has_image)
        unit_figure = any(b.has_image for b in unit)
        budget = TEXT_BUDGET_BESIDE_FIGURE if (figure or unit_figure) else TEXT_BUDGET
        if screens[-1] and ((figure and unit_figure) or text + unit_text > budget):
            screens.append([])
            text, figure = 0, False
        screens[-1].extend(unit)
        text += unit_text
        figure = figure or unit_figure
    return [s for s in screens if s]


def section_screens(body_html: str, lesson_url: str) -> list[Screen]:
    """The screens of a rendered lesson body, in order."""
    parser = _SectionParser(body_html)
    parser.feed(body_html)
    parser.close()

    def piece(block: Block) -> str:
        # A link to another place in the lesson (say #probeer) points into the lesson page.
        return body_html[block.start : block.end].replace('href="#', f'href="{lesson_url}#')

    screens = []
    for section in parser.sections:
        heading = section.heading
        title = " ".join(heading.text.split()) if heading else ""
        anchor = heading.attrs.get("id", "") if heading else ""
        for i, blocks in enumerate(_pack(section.blocks)):
            if heading is None:
                heading_html = ""
            elif i == 0:
                heading_html = piece(heading)
            else:
                heading_html = format_html(
                    '<h2 class="slide__continued">{} <span class="muted">(vervolg)</span></h2>',
                    title,
                )
            text = [piece(b) for b in blocks if not _is_figure(b)]
            figures = [piece(b) for b in blocks if _is_figure(b)]
            screens.append(
                Screen(
                    kind="section",
                    title=title,
                    text_html=mark_safe(heading_html + "\n".join(text)),  # noqa: S308
                    figure_html=mark_safe("\n".join(figures)),  # noqa: S308
                    anchor=anchor,
                )
            )
    return screens


def _is_figure(block: Block) -> bool:
    # Only a figure of its own goes beside the text; an image inside a callout stays in it.
    return block.tag == "figure" and block.has_image


def screens_for(lesson: Lesson) -> list[Screen]:
    """Every screen of the lesson's presentation: title, body sections, discussion."""
    lesson_url = reverse("lessons:detail", args=[lesson.slug])
    body = render_to_string(lesson.body_template)
    screens = [Screen(kind="title", title=lesson.title)]
    screens += section_screens(body, lesson_url)
    if lesson.discussion:
        screens.append(Screen(kind="discussion", title="Praat erover in de klas"))
    return screens
