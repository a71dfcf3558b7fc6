"""Several machines, for real: the stack docker-compose.yml describes, started on
127.0.0.1 by tests/stack.py with real servers (PostgreSQL, redis-server, moto's S3
server), two web machines (gunicorn) that share no disk, nginx in front of both, and
two task workers with folders of their own.

Needs PostgreSQL's server binaries, redis-server and nginx (`python3 dev.py test`
installs them). About a minute; leave it out with `-m "not stack"`.
"""

from __future__ import annotations

import random
import re
import signal
import threading
import time
from dataclasses import dataclass

import pytest

from classroom.codes import CODE_ALPHABET, CODE_LENGTH
from tests.detector.webfixtures import write_clip
from tests.hardening_stack import nginx_binary
from tests.stack import Browser, Response, Stack, Web

pytestmark = pytest.mark.stack

ANALYSIS_WAIT_S = 60
# classroom/views.py: wrong join codes per address in ten minutes.
WRONG_CODES_PER_ADDRESS = 30
THROTTLE_WINDOW_S = 600
PICTURE = re.compile(r'src="(/controle/[\w-]+/beeld/\d+\.jpg)"')
QUESTION = re.compile(r'name="question" value="(\d+)"')
CHOICE = re.compile(r'name="choice" value="(\d+)"')
VERSION = re.compile(r'name="versie" value="(\d+)"')
ANSWER_PATH = "/klassikaal/spel/antwoord/"
# nginx's default: after a failed attempt an upstream gets no requests for 10 s,
# counted in whole seconds (so up to 11 s); then round robin tries it again.
NGINX_FAIL_TIMEOUT_S = 10
REFUSED_ANSWER = re.compile(
    r"Connection refused\) while connecting to upstream.*\"POST /klassikaal/spel/antwoord/"
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert nginx_binary(), "nginx is missing: python3 dev.py test installs it"
    # Uploads above 10 kB go through a temp file in the web machine's var folder,
    # which must be gone afterwards too.
    extra = {"DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE": "10000"}
    with Stack(tmp_path_factory.mktemp("stack"), extra_env=extra) as running:
        web_a, web_b = running.start_webs("a", "b")
        running.start_nginx(web_a, web_b)
        yield running


def webs(stack: Stack) -> tuple[Web, Web]:
    return stack.webs["a"], stack.webs["b"]


# --- the quick check -------------------------------------------------------------


@dataclass
class Analysed:
    analysis_id: str
    cookies: dict[str, str]


@pytest.fixture(scope="module")
def analysed(stack, tmp_path_factory) -> Analysed:
    """A clip with a blurry stretch (so the result has pictures), uploaded through web
    machine A; the workers start once the clip is seen in the bucket."""
    web_a, _ = webs(stack)
    clip = write_clip(
        tmp_path_factory.mktemp("clip") / "wazig.mp4",
        seconds=3.0,
        blur_face_from_s=1.0,
        blur_face_until_s=2.0,
    )
    browser = Browser(web_a.port)
    assert browser.get("/controle/").status == 200  # the session comes with the form
    uploaded = browser.upload("/controle/", "wazig.mp4", clip.read_bytes())
    assert uploaded.status == 302, uploaded.text[:2000]
    analysis_id = uploaded.headers["Location"].strip("/").rsplit("/", 1)[-1]
    assert len(stack.bucket_keys()) == 1, (
        "the clip is not in the bucket: with DJANGO_S3_BUCKET set, clips must go to S3"
    )
    stack.start_workers("worker-1", "worker-2")
    wait_until_finished(stack, analysis_id)
    return Analysed(analysis_id, dict(browser.cookies))


def wait_until_finished(stack: Stack, analysis_id: str) -> None:
    deadline = time.monotonic() + ANALYSIS_WAIT_S
    while time.monotonic() < deadline:
        status, error = stack.rows(
            "SELECT status, error_message FROM detector_analysis WHERE id = %s", (analysis_id,)
        )[0]
        if status == "done":
            return
        if status == "failed":
            pytest.fail(f"the analysis failed: {error}\n{workers_output(stack)}")
        time.sleep(0.3)
    pytest.fail(f"not analysed after {ANALYSIS_WAIT_S} s\n{workers_output(stack)}")


def workers_output(stack: Stack) -> str:
    return "\n".join(f"--- {w.name}:\n{w.output()}" for w in stack.workers.values())


def test_an_upload_through_a_is_analysed_by_a_worker_and_shown_by_b(stack, analysed):
    _, web_b = webs(stack)
    browser = Browser(web_b.port)
    browser.cookies = dict(analysed.cookies)
    page = browser.get(f"/controle/{analysed.analysis_id}/")
    assert page.status == 200
    assert "Wat de controle zag" in page.text
    pictures = PICTURE.findall(page.text)
    assert pictures, "the result shows no pictures of the blurry moment"
    for address in pictures:
        picture = browser.get(address)
        assert picture.status == 200
        assert picture.headers["Content-Type"] == "image/jpeg"
        assert picture.body.startswith(b"\xff\xd8")
    [(workers,)] = stack.rows("SELECT worker_ids FROM django_tasks_database_dbtaskresult")
    assert len(workers) == 1 and workers[0] in {"worker-1", "worker-2"}
    # The clip went from A to a worker through the bucket, and is gone from it.
    assert stack.bucket_keys() == []


def test_after_expiry_nothing_is_left_in_the_bucket_or_on_any_disk(stack, analysed):
    _, web_b = webs(stack)
    stack.rows(
        "UPDATE detector_analysis SET expires_at = now() - interval '1 minute' "
        "WHERE id = %s RETURNING id",
        (analysed.analysis_id,),
    )
    # The compose file's clean-up service: a machine of its own.
    stack.manage(stack.machine("cleanup"), "cleanup_analyses", "-v", "0")
    assert stack.rows("SELECT count(*) FROM detector_analysis") == [(0,)]
    assert stack.rows("SELECT count(*) FROM detector_thumbnail") == [(0,)]
    assert stack.bucket_keys() == []
    assert stack.leftover_files() == []
    browser = Browser(web_b.port)
    browser.cookies = dict(analysed.cookies)
    assert browser.get(f"/controle/{analysed.analysis_id}/").status == 404


# --- the shared cache ------------------------------------------------------------


def test_both_machines_keep_a_public_page_once_in_the_shared_redis(stack):
    import redis

    web_a, web_b = webs(stack)
    assert Browser(web_a.port).get("/lessen/").status == 200
    assert Browser(web_b.port).get("/lessen/").status == 200
    keys = redis.Redis.from_url(stack.redis_url).keys("*public-page:*/lessen/")
    assert len(keys) == 1, "with DJANGO_REDIS_URL set, the pages cache must be in Redis"


# --- Klassikaal ------------------------------------------------------------------


def wrong_code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def test_wrong_join_codes_count_for_both_web_machines_together(stack):
    web_a, web_b = webs(stack)
    # One address (as nginx passes it on), one request to A, the next to B. No
    # session cookie: only the per-address limit counts, not the per-browser one.
    guesser = Browser(web_a.port, web_b.port, forwarded_for="198.51.100.31")
    assert guesser.get("/klassikaal/").status == 200
    guesser.cookies.pop("sessionid", None)
    # All guesses in one ten-minute window of the throttle.
    if time.time() % THROTTLE_WINDOW_S > THROTTLE_WINDOW_S - 10:
        time.sleep(THROTTLE_WINDOW_S - time.time() % THROTTLE_WINDOW_S + 0.5)
    rng = random.Random(21)
    answers = []
    for number in range(WRONG_CODES_PER_ADDRESS + 2):
        guess = guesser.post("/klassikaal/", {"code": wrong_code(rng), "bijnaam": f"Gok {number}"})
        answers.append((guess.port, guess.status))
    assert [status for _, status in answers] == [404] * WRONG_CODES_PER_ADDRESS + [429, 429]
    # Each machine saw only half of the 30: per machine, they would still pass.
    assert {port for port, _ in answers} == {web_a.port, web_b.port}


@dataclass
class Klas:
    """A teacher and pupils on devices of their own, sending wherever `ports` say."""

    teacher: Browser
    pupils: list[Browser]
    code: str

    @classmethod
    def start(cls, *ports: int, pupils: int = 3, questions: int = 2) -> Klas:
        teacher = Browser(*ports)
        teacher.get("/klassikaal/nieuw/")
        form = {"aantal": questions, "tijd": 0, "soort": "quiz"}
        started = teacher.post("/klassikaal/nieuw/", form)
        assert started.status == 302, started.text[:2000]
        code = started.headers["Location"].strip("/").rsplit("/", 1)[-1]
        devices = []
        for number in range(1, pupils + 1):
            pupil = Browser(*ports)
            # Each device starts at another machine: the class is spread from the start.
            pupil.turn = number
            pupil.get("/klassikaal/")
            joined = pupil.post("/klassikaal/", {"code": code, "bijnaam": f"Leerling {number}"})
            assert joined.status == 302, joined.text[:2000]
            devices.append(pupil)
        return cls(teacher, devices, code)

    def step(self, name: str) -> None:
        board = self.teacher.get(f"/klassikaal/docent/{self.code}/")
        assert f'value="{name}"' in board.text, f"no {name} on the board"
        form = {"stap": name, "versie": VERSION.search(board.text)[1]}
        done = self.teacher.post(f"/klassikaal/docent/{self.code}/stap/", form)
        assert done.status == 302, done.text[:2000]

    def answer(self, pupil: Browser) -> dict[str, str]:
        """What the pupil's screen asks, answered (the form; send it with `send`)."""
        screen = pupil.get("/klassikaal/spel/", htmx=True)
        assert screen.status == 200
        question = QUESTION.search(screen.text)
        assert question, "the pupil's screen shows no question"
        return {"question": question[1], "choice": CHOICE.findall(screen.text)[0],
                "confidence": "zeker"}  # fmt: skip

    @staticmethod
    def send(pupil: Browser, form: dict[str, str]) -> Response:
        return pupil.post(ANSWER_PATH, form, htmx=True)

    def answers(self, stack: Stack) -> list[tuple[int, int]]:
        """(pupil, question) of every answer stored for this class."""
        return stack.rows(
            "SELECT a.participant_id, a.question_id FROM classroom_answer a"
            " JOIN classroom_participant p ON a.participant_id = p.id"
            " JOIN classroom_classsession s ON p.session_id = s.id WHERE s.code = %s",
            (self.code,),
        )


def test_a_class_runs_to_the_reveal_while_requests_alternate_between_machines(stack):
    web_a, web_b = webs(stack)
    klas = Klas.start(web_a.port, web_b.port)
    klas.step("start")
    for pupil in klas.pupils:
        assert Klas.send(pupil, klas.answer(pupil)).status == 200
    klas.step("sluiten")
    klas.step("onthullen")
    for pupil in klas.pupils:
        screen = pupil.get("/klassikaal/spel/", htmx=True)
        assert "Het goede antwoord is" in screen.text
        assert "Jij koos" in screen.text
    assert len(set(klas.answers(stack))) == len(klas.answers(stack)) == 3
    # Answers were taken by both machines (gunicorn's access logs).
    assert gunicorn_lines(web_a, ANSWER_PATH) and gunicorn_lines(web_b, ANSWER_PATH)


def gunicorn_lines(web: Web, path: str) -> int:
    return sum(path in line for line in web.server.output(last=10**7).splitlines())


def test_killing_a_web_machine_mid_class_loses_no_answer(stack):
    """Through nginx (the module's last test: A is dead after it). A freezes with an
    answer in it and then dies: nginx sends that answer on to B (the answer's location
    allows resending a POST: the app counts an answer once), so no pupil sees an error.
    nginx then sends nothing to A for its fail_timeout; after that it tries A with a
    request now and then, and a request it could not deliver goes on to B. Every
    answer, before and after, is counted once."""
    web_a, web_b = webs(stack)
    klas = Klas.start(stack.nginx_port)
    klas.step("start")
    first, *others = klas.pupils
    assert Klas.send(first, klas.answer(first)).status == 200
    assert gunicorn_lines(web_a, "/klassikaal/") and gunicorn_lines(web_b, "/klassikaal/")

    forms = [klas.answer(pupil) for pupil in others]
    sent, killed_at = answer_while_a_freezes_and_dies(stack, others, forms)
    assert sorted(response.status for response in sent.values()) == [200, 200]

    klas.step("sluiten")
    klas.step("onthullen")
    for pupil in klas.pupils:
        assert "Jij koos" in pupil.get("/klassikaal/spel/", htmx=True).text
    klas.step("volgende")
    forms = [klas.answer(pupil) for pupil in klas.pupils]
    time.sleep(max(0, killed_at + NGINX_FAIL_TIMEOUT_S + 2.5 - time.monotonic()))
    for pupil, form in zip(klas.pupils, forms, strict=True):
        assert Klas.send(pupil, form).status == 200
    assert re.search(REFUSED_ANSWER, stack.nginx_errors()), "no answer was tried on A"
    assert len(set(klas.answers(stack))) == len(klas.answers(stack)) == 6


def answer_while_a_freezes_and_dies(
    stack: Stack, pupils: list[Browser], forms: list[dict[str, str]]
) -> tuple[dict[int, Response], float]:
    """Two answers sent one after the other while A is frozen: round robin gives each
    machine one. B answers; A holds its answer until it is killed."""
    web_a = stack.webs["a"]
    web_a.server.signal_group(signal.SIGSTOP)
    sent: dict[int, Response] = {}

    def tap(number: int) -> None:
        sent[number] = Klas.send(pupils[number], forms[number])

    threads = [threading.Thread(target=tap, args=(number,)) for number in range(len(pupils))]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while not sent and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert [response.status for response in sent.values()] == [200], "B answers one"
    web_a.server.kill()
    killed_at = time.monotonic()
    for thread in threads:
        thread.join(timeout=30)
    return sent, killed_at
