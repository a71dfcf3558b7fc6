"""The board during Klassikaal's "test jezelf" round: numbers of the whole class only.
Finished analyses' numbers are copied when the board looks; the spread of blink rates
and the hints per kind appear once five pupils have a rate, and never a nickname."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classroom import selftest
from classroom.models import ClassSession, Participant, SelfTestResult
from detector.analysis import codes
from detector.models import Analysis
from tests.classroom.selftest_helpers import (
    NICKNAMES,
    board_html,
    class_in_round,
    finished,
    link,
)
from tests.detector.webfixtures import make_analysis
from tests.pages import parse

# Five pupils with a rate, one of them on the edge of the usual range, and the hints
# they got: two a blurry face, one "few blinks" (and a long blink), one nothing...
FIVE = [
    (4.0, ["few_blinks", "eyes_closed"]),
    (10.0, ["face_blurrier_than_scene"]),
    (16.5, []),
    (22.0, ["sudden_face_blur", "face_blurrier_than_scene"]),
    (41.0, ["many_blinks"]),
]


def pupils(session: ClassSession) -> list[Participant]:
    return list(session.participants.order_by("pk"))


def results_for(session: ClassSession, rows) -> None:
    for participant, (rate, reasons) in zip(pupils(session), rows, strict=False):
        link(participant, finished(rate, *reasons))


def words(html: str) -> str:
    """The text of a page or a fragment, tags and extra spaces left out."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def board_text(teacher, session) -> str:
    return parse(board_html(teacher, session)).text()


# --- copying the numbers ------------------------------------------------------------


def test_the_numbers_of_finished_analyses_are_copied_when_the_board_looks(questions):
    teacher, session, _ = class_in_round(pupils=4)
    done, failed, waiting, gone = pupils(session)
    link(done, finished(12.5, "odd_blink", "sudden_face_blur", "odd_blink"))
    link(failed, make_analysis(status=Analysis.Status.FAILED, error_message="kapot"))
    link(waiting, make_analysis(status=Analysis.Status.RUNNING, progress=40))
    deleted = finished(18.0)
    link(gone, deleted)
    deleted.delete()  # the pupil pressed "wis" on their result

    board_html(teacher, session)

    rows = {row.participant_id: row for row in SelfTestResult.objects.all()}
    assert (rows[done.pk].done, rows[done.pk].blink_rate_per_min) == (True, 12.5)
    assert rows[done.pk].hints == ["odd_blink", "blurry_face"]
    assert (rows[failed.pk].done, rows[failed.pk].blink_rate_per_min) == (True, None)
    assert rows[waiting.pk].done is False
    assert (rows[gone.pk].done, rows[gone.pk].blink_rate_per_min) == (True, None)
    # Nothing of the report is kept but the numbers.
    assert set(rows[done.pk].__dict__) >= {"blink_rate_per_min", "hints"}
    assert not any(isinstance(value, dict) for value in rows[done.pk].__dict__.values())


def test_a_report_without_a_rate_counts_apart_from_the_chart(questions):
    teacher, session, _ = class_in_round(pupils=1)
    link(pupils(session)[0], finished(None, "face_blurrier_than_scene"))
    text = board_text(teacher, session)
    assert "Bij 1 uitslag kon de controle het knipperen niet tellen" in text
    assert "Die staat niet in de grafiek." in text
    assert "Nu weten we het van 0." in text


def test_a_pupil_who_records_again_while_the_board_copies_keeps_the_new_recording(questions):
    _, session, _ = class_in_round(pupils=1)
    pupil = pupils(session)[0]
    link(pupil, finished(12.0))
    again = make_analysis(status=Analysis.Status.QUEUED)
    look_up = Analysis.objects.in_bulk

    def new_recording_lands_meanwhile(ids):
        found = look_up(ids)  # the board has read the old recording's row ...
        link(pupil, again)  # ... and now the new one replaces it
        return found

    with mock.patch.object(Analysis.objects, "in_bulk", new_recording_lands_meanwhile):
        assert selftest.collect(session) == 0
    row = SelfTestResult.objects.get()
    assert row.analysis_id == again.pk
    assert not row.done and row.blink_rate_per_min is None


def test_every_reason_the_engine_flags_is_a_kind_of_hint_the_board_names():
    for reason in codes.MOMENT_REASONS:
        report = {"suspicious_moments": [{"reason": reason}]}
        (kind,) = selftest.hint_kinds(report)
        assert selftest.HINT_KINDS[kind]
    assert selftest.hint_kinds({"suspicious_moments": [{"reason": "iets nieuws"}]}) == []


def test_rates_fall_in_bins_of_five_with_everything_from_35_up_in_the_last():
    bins = selftest.rate_bins([0.0, 4.9, 5.0, 10.0, 32.0, 34.9, 35.0, 60.0])
    assert [b.label for b in bins] == [
        "0–5", "5–10", "10–15", "15–20", "20–25", "25–30", "30–35", "35+",
    ]  # fmt: skip
    assert [b.count for b in bins] == [2, 1, 1, 0, 0, 0, 2, 2]
    assert bins[-1].words == "35 keer of vaker"


# --- what the board shows -------------------------------------------------------------


def test_with_five_results_the_board_shows_the_spread_and_the_hints_and_no_nickname(
    questions,
):
    teacher, session, _ = class_in_round(pupils=6)
    results_for(session, FIVE)
    html = board_html(teacher, session)
    page = parse(html)
    text = page.text()

    assert "6 leerlingen doen mee" in text
    assert "5 opnames binnen" in text and "5 uitslagen klaar" in text
    # The chart: one bar per bin, the usual range (from the engine's norm) behind them.
    bars = re.findall(
        r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#0b5c8c">', html
    )
    assert len(bars) == 8
    assert "gewoon: 10 tot 32" in html
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S).group(1)
    assert "0 tot 5 keer per minuut: 1 leerling." in desc
    assert "10 tot 15 keer per minuut: 1 leerling." in desc
    assert "35 keer of vaker per minuut: 1 leerling." in desc
    assert "3 van de 5 knipperden zo vaak als de meeste mensen" in text
    # The hints, per kind, of real pupils.
    assert "4 van de 5 leerlingen kregen minstens één hint. Toch is iedereen echt." in text
    hints = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', html))
    assert hints == {
        "Weinig geknipperd": "1",
        "Vaak geknipperd": "1",
        "Vreemde knipper": "1",
        "Wazig gezicht": "2",
    }
    # The discussion questions are there, folded away.
    assert "<details" in html and "Vragen voor het gesprek" in html
    for nickname in NICKNAMES:
        assert nickname not in html
    assert "<video" not in html and "<img" not in html


def test_when_nobody_got_a_hint_the_board_says_so_plainly(questions):
    teacher, session, _ = class_in_round(pupils=5)
    results_for(session, [(15.0, [])] * 5)
    text = board_text(teacher, session)
    assert "0 van de 5 leerlingen kregen een hint." in text
    assert "Toch is iedereen echt" not in text


def test_with_four_results_the_board_shows_no_chart_and_no_hint_counts(questions):
    teacher, session, _ = class_in_round(pupils=6)
    results_for(session, FIVE[:4])
    html = board_html(teacher, session)
    text = parse(html).text()
    assert "4 uitslagen klaar" in text
    assert "De grafiek komt als van 5 leerlingen bekend is hoe vaak ze knipperen." in text
    assert "Nu weten we het van 4." in text
    assert "<svg" not in html.split('id="inhoud"')[1]
    assert "Wazig gezicht" not in html and "minstens één hint" not in html
    for nickname in NICKNAMES:
        assert nickname not in html


def test_the_board_poll_brings_new_numbers_and_stays_quiet_without(questions):
    teacher, session, _ = class_in_round(pupils=6)
    results_for(session, FIVE[:4])
    board_html(teacher, session)
    live = reverse("classroom:board_live", args=[session.code])
    session.refresh_from_db()
    key = selftest.counts(session).key
    quiet = teacher.get(live, {"v": str(session.version), "k": key}, HTTP_HX_REQUEST="true")
    assert quiet.status_code == 204

    analysis = make_analysis(status=Analysis.Status.RUNNING)
    link(pupils(session)[4], analysis)
    recorded = teacher.get(live, {"v": str(session.version), "k": key}, HTTP_HX_REQUEST="true")
    assert "5 opnames binnen" in words(recorded.content.decode())
    assert "<svg" not in recorded.content.decode()

    rate, reasons = FIVE[4]
    report = finished(rate, *reasons).report
    Analysis.objects.filter(pk=analysis.pk).update(status=Analysis.Status.DONE, report=report)
    fragment = teacher.get(
        live, {"v": str(session.version), "k": selftest.counts(session).key}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "5 uitslagen klaar" in words(fragment)
    # The figures come along, for their own place on the board.
    assert 'id="selftest-figures" class="selftest-figures" hx-swap-oob="true"' in fragment
    assert "<svg" in fragment and "Wazig gezicht" in fragment
    for nickname in NICKNAMES:
        assert nickname not in fragment


@pytest.mark.parametrize("removed", [True, False])
def test_the_rows_go_with_the_pupil_and_with_the_session(questions, removed):
    teacher, session, _ = class_in_round(pupils=2)
    results_for(session, FIVE[:2])
    if removed:
        remove = reverse("classroom:remove_pupil", args=[session.code])
        teacher.post(remove, {"leerling": pupils(session)[0].pk})
        assert SelfTestResult.objects.count() == 1
    ClassSession.objects.filter(pk=session.pk).update(expires=timezone.now() - timedelta(1))
    call_command("cleanup_classroom", verbosity=0)
    assert not ClassSession.objects.exists()
    assert not SelfTestResult.objects.exists()
    # The pupils' own results are the quick check's: they expire on their own clock.
    assert Analysis.objects.count() == 2
