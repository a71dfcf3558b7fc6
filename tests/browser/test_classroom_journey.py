"""Klassikaal in a real browser: a teacher's board on a laptop, pupils on phones.

The htmx polling is what is tested here: the board fills up and counts answers,
the pupils' screens move on, without anyone reloading. One pupil has no
JavaScript and plays with plain forms and the page's own refresh.
"""

import re
import subprocess
import sys

from playwright.sync_api import Browser, Error, Page, expect

from tests.browser.conftest import ROOT, VIEWPORTS, assert_accessible

POLL_WAIT_MS = 6_000  # three polls


def open_device(browser: Browser, app_url: str, size: str, **options) -> Page:
    context = browser.new_context(viewport=VIEWPORTS[size], base_url=app_url, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def reload_without_js(page: Page) -> None:
    """Reload the no-JavaScript pupil's page. Its own <meta http-equiv="refresh">
    may be navigating at that very moment, which aborts the reload: then the page
    is already loading the same address, so try again."""
    for attempt in range(3):
        try:
            page.reload()
            return
        except Error as error:
            if "ERR_ABORTED" not in str(error) or attempt == 2:
                raise


def join(page: Page, code: str, nickname: str) -> None:
    page.goto("/klassikaal/")
    page.get_by_label("Code van het bord").fill(code.lower())
    page.get_by_label("Je bijnaam").fill(nickname)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_text("Je bent binnen!")).to_be_visible()


def test_a_class_plays_with_the_board_and_phones_in_step(browser: Browser, app_url: str):
    board = open_device(browser, app_url, "laptop")
    board.goto("/docenten/")
    board.get_by_role("link", name="Start een live quiz met je klas").click()
    assert_accessible(board)
    board.get_by_label("Aantal vragen").fill("2")
    board.get_by_role("button", name="Start de quiz").click()
    code = re.search(r"/klassikaal/docent/(\w+)/", board.url).group(1)
    assert "sleutel" not in board.url
    expect(board.locator(".lobby__code")).to_have_text(f"{code[:3]} {code[3:]}")
    assert_accessible(board)

    uil = open_device(browser, app_url, "phone")
    join(uil, code, "Uil")
    assert_accessible(uil)
    vos = open_device(browser, app_url, "phone", java_script_enabled=False)
    join(vos, code, "Vos")
    expect(board.locator(".nicknames li")).to_contain_text(["Uil", "Vos"], timeout=POLL_WAIT_MS)

    board.get_by_role("button", name="Start de eerste vraag").click()
    expect(uil.get_by_role("group", name="Kies je antwoord")).to_be_visible(timeout=POLL_WAIT_MS)
    assert_accessible(uil)
    uil.get_by_role("group", name="Kies je antwoord").get_by_role("radio").first.check()
    uil.get_by_role("button", name="Twijfel").click()
    expect(uil.get_by_text("Je antwoord is binnen")).to_be_visible()

    # Without JavaScript: a plain form and a full page.
    reload_without_js(vos)
    vos.get_by_role("group", name="Kies je antwoord").get_by_role("radio").last.check()
    vos.get_by_role("button", name="Zeker", exact=True).click()
    expect(vos.get_by_text("Je antwoord is binnen")).to_be_visible()

    expect(board.locator(".board-live__count")).to_contain_text(
        "2 van de 2 leerlingen hebben geantwoord", timeout=POLL_WAIT_MS
    )
    board.get_by_role("button", name="Laat het goede antwoord zien").click()
    expect(board.get_by_role("img", name="Zo antwoordde de klas")).to_be_visible()
    assert_accessible(board)
    expect(uil.locator(".verdict")).to_be_visible(timeout=POLL_WAIT_MS)
    assert_accessible(uil)

    board.get_by_role("button", name="Volgende vraag").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Vraag 2 van 2")
    expect(uil.get_by_text("Vraag 2 van 2")).to_be_visible(timeout=POLL_WAIT_MS)
    board.get_by_role("button", name="Laat het goede antwoord zien").click()
    board.get_by_role("button", name="Naar de uitslag").click()
    expect(board.get_by_role("heading", name="De gespreksstarters")).to_be_visible()
    assert_accessible(board)
    expect(uil.locator(".score")).to_contain_text("van de 2", timeout=POLL_WAIT_MS)
    assert_accessible(uil)
    reload_without_js(vos)
    expect(vos.get_by_role("heading", name="Klaar!")).to_be_visible()

    for page in (board, uil, vos):
        page.context.close()


def pupil_at_the_first_question(browser: Browser, app_url: str) -> tuple[Page, Page, str, str]:
    """A board with one question open and a phone showing it; the phone's polls
    from then on find nothing new, so it keeps the question on screen. Also the
    join code, and the pupil's id from the lobby's form that takes a pupil off."""
    board = open_device(browser, app_url, "laptop")
    board.goto("/klassikaal/nieuw/")
    board.get_by_label("Aantal vragen").fill("1")
    board.get_by_role("button", name="Start de quiz").click()
    code = re.search(r"/klassikaal/docent/(\w+)/", board.url).group(1)
    uil = open_device(browser, app_url, "phone")
    join(uil, code, "Uil")
    remove_form = board.locator(".nicknames__remove input[name='leerling']")
    expect(remove_form).to_have_count(1, timeout=POLL_WAIT_MS)
    pupil_id = remove_form.get_attribute("value")
    board.get_by_role("button", name="Start de eerste vraag").click()
    expect(uil.get_by_role("group", name="Kies je antwoord")).to_be_visible(timeout=POLL_WAIT_MS)
    uil.route(re.compile(r"/klassikaal/spel/\?v="), lambda route: route.fulfill(status=204))
    return board, uil, code, pupil_id


def send_answer(page: Page) -> None:
    page.get_by_role("group", name="Kies je antwoord").get_by_role("radio").first.check()
    page.get_by_role("button", name="Zeker", exact=True).click()


def assert_only_the_message_came_in(page: Page, message: str) -> None:
    refusal = page.locator("#spel [data-refusal]")
    expect(refusal).to_contain_text(message)
    # The page around the answer area is still the one page, with one header.
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text("Klassenquiz")
    expect(page).to_have_title(re.compile(r"^Klassenquiz · "))
    assert_accessible(page)


def test_a_pupil_the_teacher_removed_who_answers_sees_a_short_message(
    browser: Browser, app_url: str
):
    board, uil, code, pupil_id = pupil_at_the_first_question(browser, app_url)
    # The board shows its remove buttons in the lobby only: the board's own POST
    # takes the pupil off while their phone still shows the open question.
    status = board.evaluate(
        """async ([url, pupil]) => {
          const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
          const headers = {"X-CSRFToken": token};
          const body = new URLSearchParams({leerling: pupil});
          return (await fetch(url, {method: "POST", headers, body})).status;
        }""",
        [f"/klassikaal/docent/{code}/verwijderen/", pupil_id],
    )
    assert status == 200

    send_answer(uil)

    assert_only_the_message_came_in(uil, "Je doet niet mee aan een quiz")
    expect(uil.get_by_role("link", name="Meedoen met een klassenquiz")).to_be_visible()
    for page in (board, uil):
        page.context.close()


def test_a_pupil_whose_form_expired_sees_a_short_message_and_a_reload(
    browser: Browser, app_url: str
):
    board, uil, _, _ = pupil_at_the_first_question(browser, app_url)
    uil.context.clear_cookies(name="csrftoken")

    send_answer(uil)

    assert_only_the_message_came_in(uil, "niet controleren dat dit formulier")
    uil.get_by_role("link", name="Pagina opnieuw laden").click()
    expect(uil.get_by_role("group", name="Kies je antwoord")).to_be_visible()
    for page in (board, uil):
        page.context.close()


TEACHER_TOKEN = """
from classroom.models import ClassSession
print(ClassSession.objects.get(code={code!r}).teacher_token)
"""


def teacher_token(app_env: dict[str, str], code: str) -> str:
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", TEACHER_TOKEN.format(code=code)],
        cwd=ROOT, env=app_env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return made.stdout.splitlines()[-1].strip()  # after any start-up log lines


def test_a_teacher_starts_from_the_home_page_and_hands_control_to_a_phone(
    browser: Browser, app_url: str, app_env: dict[str, str]
):
    """The way in from the home page, and control handed to the teacher's phone
    with a pairing code: the secret token is on no screen the class can see."""
    board = open_device(browser, app_url, "laptop")
    board.goto("/")
    board.get_by_role("link", name="Start een klassenquiz").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Start een klassenquiz")
    board.get_by_label("Aantal vragen").fill("2")
    board.get_by_role("button", name="Start de quiz").click()
    code = re.search(r"/klassikaal/docent/(\w+)/", board.url).group(1)
    token = teacher_token(app_env, code)
    assert token not in board.content()

    board.get_by_role("link", name="Bedienen vanaf een ander apparaat").click()
    expect(board.get_by_role("button", name="Toon een koppelcode")).to_be_visible()
    expect(board.locator("[data-pairing-code]")).to_have_count(0)
    assert token not in board.content()
    assert_accessible(board)
    board.get_by_role("button", name="Toon een koppelcode").click()
    pairing_code = board.locator("[data-pairing-code]").inner_text()
    assert re.fullmatch(r"\w{3} \w{3}", pairing_code)
    expect(board.get_by_role("timer")).to_contain_text("seconden")
    assert token not in board.content()
    assert_accessible(board)

    phone = open_device(browser, app_url, "phone")
    phone.goto("/klassikaal/bedienen/")
    assert_accessible(phone)
    phone.get_by_label("Code van de quiz").fill(code.lower())
    phone.get_by_label("Koppelcode").fill(pairing_code.lower())
    phone.get_by_role("button", name="Koppelen").click()
    expect(phone.get_by_role("button", name="Start de eerste vraag")).to_be_visible()
    assert token not in phone.content()

    # Used once: the board's hand-over page no longer shows it, a second phone fails.
    board.reload()
    expect(board.locator("[data-pairing-code]")).to_have_count(0)
    assert token not in board.content()
    other = open_device(browser, app_url, "phone")
    other.goto(f"/klassikaal/bedienen/?code={code}")
    other.get_by_label("Koppelcode").fill(pairing_code)
    other.get_by_role("button", name="Koppelen").click()
    expect(other.get_by_role("alert")).to_contain_text("klopt niet of is verlopen")

    # The phone controls the quiz; the board follows.
    board.get_by_role("link", name="Terug naar het bord").click()
    phone.get_by_role("button", name="Start de eerste vraag").click()
    expect(board.get_by_role("heading", level=1)).to_have_text(
        "Vraag 1 van 2", timeout=POLL_WAIT_MS
    )
    for page in (board, phone, other):
        page.context.close()
