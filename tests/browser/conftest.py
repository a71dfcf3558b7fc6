"""Browser tests: Playwright drives Debian's Chromium against the app started
for real (development server + a task worker on a throwaway SQLite database).

Each journey runs on a phone-sized and a laptop-sized window. When a test
fails, a screenshot of the page is saved in test-artifacts/.
"""

import os
import re
import socket
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
VIEWPORTS: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1366, "height": 768},
}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STRUCTURE_RULES = [
    "heading-order",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-unique",
    "region",
]

BROWSER_TESTS = Path(__file__).resolve().parent


# `pytestmark` in a conftest.py marks nothing, so every test collected from this
# folder gets the marker here: `pytest -m "not browser"` deselects them all.
# tryfirst: the markers must be on the items before `-m` deselects by them.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("browser-var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_DEBUG="1", DJANGO_VAR_DIR=str(var), PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="session")
def app_url(app_env) -> Iterator[str]:
    """The whole app, started for real: web server and task worker."""
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=app_env, check=True
    )
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "browser-server.log").open("w")
    web = subprocess.Popen(
        [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=app_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [
            python,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=app_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, web)
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright for the run: its sync API runs one at a time, and `browser` and
    `camera_browser` may both be open."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def camera_video(tmp_path_factory) -> Path:
    """The fake camera's film: a face that blinks camera.FACE_BLINKS times in every
    recording the test-yourself page makes (tests/browser/camera.py)."""
    from tests.browser.camera import write_face_y4m

    return write_face_y4m(tmp_path_factory.mktemp("camera"))


@pytest.fixture(scope="session")
def camera_browser(playwright, camera_video) -> Iterator[Browser]:
    """Chromium as `browser`, with a camera that films `camera_video` and says yes to
    every camera question (no microphone is asked for). Open pages with `_open_page`
    (or `camera_page`). Chromium starts the film when a page opens the camera; a page
    that opens it while another has it open shares the film from where it is."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={camera_video}",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def camera_page(request, camera_browser, app_url, offsite_requests) -> Iterator[Page]:
    """A laptop-sized page of `camera_browser` (one viewport: a recording takes 22 s)."""
    page = _open_page(camera_browser, app_url, VIEWPORTS["laptop"], offsite_requests)
    yield page
    _save_screenshot_if_failed(request, page)
    page.context.close()
    assert offsite_requests == [], f"requests left the site: {offsite_requests}"


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


class OffsiteRequests(list):
    """Every request a page made to another host than the app's."""


@pytest.fixture
def offsite_requests() -> OffsiteRequests:
    return OffsiteRequests()


def _open_page(
    browser: Browser, app_url: str, size: ViewportSize, offsite: list, **options
) -> Page:
    context = browser.new_context(viewport=size, base_url=app_url, **options)
    page = context.new_page()
    host = urlsplit(app_url).netloc
    page.on(
        "request",
        lambda req: (
            offsite.append(req.url)
            if urlsplit(req.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(req.url).netloc != host
            else None
        ),
    )
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def page(request, browser, app_url, viewport, offsite_requests) -> Iterator[Page]:
    page = _open_page(browser, app_url, VIEWPORTS[viewport], offsite_requests)
    yield page
    _save_screenshot_if_failed(request, page)
    page.context.close()
    assert offsite_requests == [], f"requests left the site: {offsite_requests}"


# The pages opened with JavaScript turned off (see `runs_scripts`).
WITHOUT_JS: weakref.WeakSet[Page] = weakref.WeakSet()


def runs_scripts(page: Page) -> bool:
    """False for a page from `page_without_js` (and so for a `tab` without JavaScript)."""
    return page not in WITHOUT_JS


@pytest.fixture(params=["js", "no-js"])
def tab(request, page, page_without_js) -> Page:
    """The same journey twice: with JavaScript and without."""
    return page if request.param == "js" else page_without_js


@pytest.fixture
def page_without_js(request, browser, app_url, viewport, offsite_requests) -> Iterator[Page]:
    page = _open_page(
        browser, app_url, VIEWPORTS[viewport], offsite_requests, java_script_enabled=False
    )
    WITHOUT_JS.add(page)
    yield page
    _save_screenshot_if_failed(request, page)
    page.context.close()
    assert offsite_requests == [], f"requests left the site: {offsite_requests}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _save_screenshot_if_failed(request, page: Page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
    try:
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    except Exception as error:  # a crashed page must not hide the real failure
        print(f"no screenshot: {error}")


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Zero axe-core violations of the WCAG 2.1 A and AA rules on this page state."""
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    )
    violations = results.response["violations"]
    # Headings in order and landmarks are axe "best practices", not WCAG tags.
    structure = _axe.run(
        page,
        options={
            "runOnly": {"type": "rule", "values": STRUCTURE_RULES},
            "resultTypes": ["violations"],
        },
    )
    violations += structure.response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in violations
    ]
    assert violations == [], f"{page.url}:\n" + "\n".join(details)
    # WCAG 1.4.10 Reflow: no sideways scrolling of the page on a narrow screen.
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the window"
