"""A lesson as a row of screens for the smartboard.

The screens come from the lesson itself, so a teacher never keeps a second
copy in step: a title screen (title, summary, goals), then the lesson body cut
at its top-level `<section>`s, then the lesson's demo (where the lesson page
has it too: after the text), then the discussion questions, and last a way on
into Klassikaal with this lesson's questions. A section with
more text than fits one screen at board size is cut again between its blocks
(paragraphs, lists, figures), never inside one, and a sub-heading stays with
the block after it. A screen holds at most one illustration, shown large
beside the text.
"""

from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lessons.content import Lesson

# What fits one screen at the board's font size (about 31 px at 1920x1080,
# see present.css), measured in the browser: about 18 lines of text, of which
# the section heading takes 2.5; about 68 characters a line across the full
# width and 42 in the column beside an illustration. A single block that is
# longer still gets its own screen, which then scrolls on its own.
LINES_PER_SCREEN = 15.5
CHARS_PER_LINE = 68
CHARS_PER_LINE_BESIDE_FIGURE = 42
# The space after a paragraph or list, and a sub-heading, in lines.
BLOCK_GAP_LINES = 0.5
SUBHEADING_LINES = 2.0
# A box (a tip, a callout) has padding, and space between its paragraphs.
BOX_LINES = 1.0

VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


ITEM_TAGS = {"li", "p", "dt", "dd"}


@dataclass
class Item:
    """A list item or a paragraph inside a block: it starts a new line."""

    tag: str
    start: int
    end: int = -1
    text_length: int = 0


@dataclass
class Block:
    """One element directly inside a section: a paragraph, list, figure, heading …"""

    tag: str
    start: int
    end: int = -1
    text_length: int = 0
    items: list[Item] = field(default_factory=list)
    has_image: bool = False
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    # Set for a piece of a list that was too long for one screen.
    html: str = ""


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
        # A photo or drawing: an <img>, or an <svg> (a photo with a mark drawn on it).
        if self._block is not None and tag in ("img", "svg"):
            self._block.has_image = True
        if self._block is not None and tag in ITEM_TAGS and depth == 2:
            self._block.items.append(Item(tag, self._offset()))
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
        block = self._block
        if len(self._stack) == 2 and block is not None and block.items:
            item = block.items[-1]
            if item.end == -1 and item.tag == tag:
                item.end = self.source.index(">", self._offset()) + 1
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
            length = len(" ".join(data.split()))
            self._block.text_length += length
            if self._block.items and self._block.items[-1].end == -1:
                self._block.items[-1].text_length += length


@dataclass(frozen=True)
class Screen:
    """One screen of a presentation.

    `kind` is "title", "section", "demo", "discussion" or "end".
    """

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


def _lines(blocks: list[Block], beside_figure: bool) -> float:
    """About how many lines of the screen these blocks take."""
    per_line = CHARS_PER_LINE_BESIDE_FIGURE if beside_figure else CHARS_PER_LINE
    lines = 0.0
    for block in blocks:
        if _is_figure(block):
            continue
        if block.tag in ("h3", "h4"):
            lines += SUBHEADING_LINES
            continue
        for length in [i.text_length for i in block.items] or [block.text_length]:
            lines += -(-length // per_line)  # whole lines, rounded up
        lines += BLOCK_GAP_LINES
        if block.tag in ("div", "aside", "blockquote"):
            lines += BOX_LINES
    return lines


def _split_list(block: Block, source: str) -> list[Block]:
    """A list too long for one screen, as lists that each fit (an `<ol>` counts on)."""
    if block.tag not in ("ul", "ol") or _lines([block], False) <= LINES_PER_SCREEN:
        return [block]
    groups: list[list[Item]] = [[]]
    for item in block.items:
        if groups[-1] and _lines([_list_piece(block, groups[-1] + [item], source, 1)], False) > (
            LINES_PER_SCREEN - SUBHEADING_LINES
        ):
            groups.append([])
        groups[-1].append(item)
    pieces = []
    first = int(block.attrs.get("start", "1") or 1)
    for group in groups:
        pieces.append(_list_piece(block, group, source, first))
        first += len(group)
    return pieces


def _list_piece(block: Block, items: list[Item], source: str, first: int) -> Block:
    attrs = {k: v for k, v in block.attrs.items() if k != "start"}
    if block.tag == "ol" and first != 1:
        attrs["start"] = str(first)
    opening = format_html_join("", ' {}="{}"', attrs.items())
    inner = "\n".join(source[i.start : i.end] for i in items)
    return Block(
        tag=block.tag,
        start=block.start,
        end=block.end,
        text_length=sum(i.text_length for i in items),
        items=items,
        attrs=attrs,
        html=f"<{block.tag}{opening}>\n{inner}\n</{block.tag}>",
    )


def _pack(blocks: list[Block]) -> list[list[Block]]:
    """Cut a section's blocks into screens that each fit the board."""
    screens: list[list[Block]] = [[]]
    for unit in _units(blocks):
        current = screens[-1]
        figures = sum(_is_figure(b) for b in current + unit)
        if current and (figures > 1 or _lines(current + unit, figures > 0) > LINES_PER_SCREEN):
            screens.append([])
        screens[-1].extend(unit)
    return [s for s in screens if s]


def section_screens(body_html: str, lesson_url: str) -> list[Screen]:
    """The screens of a rendered lesson body, in order."""
    parser = _SectionParser(body_html)
    parser.feed(body_html)
    parser.close()

    def piece(block: Block) -> str:
        html = block.html or body_html[block.start : block.end]
        # A link to another place in the lesson (say #probeer) points into the lesson page.
        return html.replace('href="#', f'href="{lesson_url}#')

    screens = []
    for section in parser.sections:
        heading = section.heading
        title = " ".join(heading.text.split()) if heading else ""
        anchor = heading.attrs.get("id", "") if heading else ""
        blocks_cut = [piece for b in section.blocks for piece in _split_list(b, body_html)]
        for i, blocks in enumerate(_pack(blocks_cut)):
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


def section_headings(body_html: str) -> list[tuple[str, str]]:
    """(id, text) of the heading of each top-level section of a rendered lesson body."""
    parser = _SectionParser(body_html)
    parser.feed(body_html)
    parser.close()
    return [
        (s.heading.attrs.get("id", ""), " ".join(s.heading.text.split()))
        for s in parser.sections
        if s.heading is not None and s.heading.attrs.get("id")
    ]


DEMO_TITLE = "Probeer het zelf"
END_TITLE = "Klaar met de les"


def screens_for(lesson: Lesson) -> list[Screen]:
    """Every screen of the lesson's presentation, in order (see the module's docstring)."""
    lesson_url = reverse("lessons:detail", args=[lesson.slug])
    body = render_to_string(lesson.body_template)
    screens = [Screen(kind="title", title=lesson.title)]
    screens += section_screens(body, lesson_url)
    if lesson.demo:
        screens.append(Screen(kind="demo", title=DEMO_TITLE, anchor="probeer"))
        # "Bij Probeer het zelf" in the text leads to the demo's screen, not the page.
        demo_url = reverse("lessons:present", args=[lesson.slug, len(screens)])
        screens = [_link_demo(s, f'href="{lesson_url}#probeer"', demo_url) for s in screens]
    if lesson.discussion:
        screens.append(Screen(kind="discussion", title="Praat erover in de klas"))
    screens.append(Screen(kind="end", title=END_TITLE))
    return screens


def _link_demo(screen: Screen, link: str, demo_url: str) -> Screen:
    if link not in screen.text_html:
        return screen
    text = screen.text_html.replace(link, f'href="{demo_url}"')
    return replace(screen, text_html=mark_safe(text))  # noqa: S308  # a safe text, one href changed
