"""Shared helpers for tests that look at whole pages."""

from html.parser import HTMLParser

from django.urls import reverse

from lessons import content

# Every page a visitor can reach with a plain GET, by URL name.
PAGE_NAMES = [
    ("lessons:home", ()),
    ("lessons:list", ()),
    ("lessons:glossary", ()),
    ("lessons:teachers", ()),
    ("lessons:worksheet", ()),
    ("quiz:start", ()),
    ("detector:upload", ()),
    ("detector:selftest", ()),
    ("classroom:join", ()),
    ("classroom:new", ()),
]

# The pages that may use the camera (their view is decorated with
# detector.intake.camera_allowed); every other page says camera=().
CAMERA_PAGE_NAMES = [("detector:selftest", ())]


def camera_page_urls() -> list[str]:
    return [reverse(name, args=args) for name, args in CAMERA_PAGE_NAMES]


def public_page_urls() -> list[str]:
    urls = [reverse(name, args=args) for name, args in PAGE_NAMES]
    urls += [reverse("lessons:detail", args=[le.slug]) for le in content.all_lessons()]
    return urls


class PageParser(HTMLParser):
    """Collects what the tests look at: tags with attributes, ids, text."""

    SKIP_TEXT = {"script", "style", "svg", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self._stack: list[str] = []
        self._text: list[str] = []
        self._main_depth = 0
        self.main_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in ("img", "input", "br", "hr", "meta", "link", "source", "wbr", "col"):
            return
        self._stack.append(tag)
        if tag == "main":
            self._main_depth += 1

    def handle_startendtag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack:
                popped = self._stack.pop()
                if popped == "main":
                    self._main_depth -= 1
                if popped == tag:
                    break

    def handle_data(self, data):
        if any(t in self.SKIP_TEXT for t in self._stack):
            return
        if self._main_depth:
            self.main_text.append(data)

    def find_all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for t, attrs in self.tags if t == tag]

    def text(self) -> str:
        return " ".join(" ".join(self.main_text).split())


def parse(html: str | bytes) -> PageParser:
    parser = PageParser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser
