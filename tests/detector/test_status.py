from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from detector.models import Analysis
from tests.detector.webfixtures import give_to, make_analysis

pytestmark = pytest.mark.django_db


def status_url(analysis) -> str:
    return reverse("detector:status", args=[analysis.pk])


def fragment_url(analysis) -> str:
    return reverse("detector:status_fragment", args=[analysis.pk])


def test_it_shows_the_place_in_the_queue(client):
    make_analysis(client_key="a")
    make_analysis(client_key="b")
    mine = make_analysis()
    give_to(client, mine)

    text = client.get(status_url(mine)).content.decode()

    assert "Er zijn nog 2 video's voor jou aan de beurt" in text
    assert "Plaats in de wachtrij: 3" in text
    assert 'http-equiv="refresh"' in text
    assert 'hx-trigger="every 2s"' in text
    assert 'role="status"' in text


def test_running_jobs_do_not_count_as_waiting_in_line(client):
    make_analysis(status=Analysis.Status.RUNNING, started_at=timezone.now())
    mine = make_analysis()
    give_to(client, mine)
    assert "als volgende aan de beurt" in client.get(status_url(mine)).content.decode()


def test_it_shows_a_labelled_progress_bar_while_running(client):
    mine = make_analysis(status=Analysis.Status.RUNNING, progress=42, started_at=timezone.now())
    give_to(client, mine)
    text = client.get(fragment_url(mine), HTTP_HX_REQUEST="true").content.decode()
    assert '<progress id="analysis-progress" max="100" value="42">' in text
    assert '<label for="analysis-progress">' in text
    assert 'hx-trigger="every 2s"' in text
    assert "<html" not in text


def test_polling_stops_with_a_redirect_when_the_job_is_done(client):
    mine = make_analysis(status=Analysis.Status.DONE, report={"signals": {}})
    give_to(client, mine)
    response = client.get(fragment_url(mine), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == status_url(mine)
    assert "hx-trigger" not in response.content.decode()


def test_a_failed_job_shows_its_explanation_without_polling(client):
    mine = make_analysis(
        status=Analysis.Status.FAILED,
        error_message="Dit bestand kan niet als video worden geopend.",
    )
    give_to(client, mine)
    text = client.get(status_url(mine)).content.decode()
    assert "Dit bestand kan niet als video worden geopend." in text
    assert "hx-trigger" not in text
    assert 'http-equiv="refresh"' not in text


def test_a_stale_running_job_is_failed_when_its_page_is_viewed(client, settings):
    settings.DETECTOR_STALE_AFTER_S = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    mine = make_analysis(status=Analysis.Status.RUNNING, started_at=long_ago)
    Analysis.objects.filter(pk=mine.pk).update(updated_at=long_ago)
    give_to(client, mine)

    text = client.get(status_url(mine)).content.decode()

    mine.refresh_from_db()
    assert mine.status == Analysis.Status.FAILED
    assert "onderbroken" in text


def test_a_running_job_with_recent_progress_is_left_alone(client, settings):
    settings.DETECTOR_STALE_AFTER_S = 60
    mine = make_analysis(status=Analysis.Status.RUNNING, started_at=timezone.now())
    give_to(client, mine)
    client.get(status_url(mine))
    mine.refresh_from_db()
    assert mine.status == Analysis.Status.RUNNING


@pytest.mark.parametrize("name", ["detector:status", "detector:status_fragment"])
def test_an_unknown_id_is_not_found(client, name):
    response = client.get(reverse(name, args=["bestaat-niet-123"]))
    assert response.status_code == 404
    assert "bestaat niet" in response.content.decode()


@pytest.mark.parametrize("name", ["detector:status", "detector:status_fragment"])
def test_someone_elses_analysis_is_not_found(client, name):
    theirs = make_analysis(status=Analysis.Status.DONE, report={"signals": {}})
    assert client.get(reverse(name, args=[theirs.pk])).status_code == 404


def test_an_expired_result_is_gone(client):
    mine = make_analysis(
        status=Analysis.Status.DONE,
        report={"signals": {}},
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    give_to(client, mine)
    response = client.get(status_url(mine))
    assert response.status_code == 404
    assert "24 uur" in response.content.decode()


def test_ids_are_long_and_random():
    first, second = make_analysis(), make_analysis()
    assert first.pk != second.pk
    assert len(first.pk) >= 20


def test_the_admin_lists_analyses_read_only_without_clip_or_client(admin_client):
    analysis = make_analysis(clip_name="secret-name.mp4", client_key="hashed-key")
    listing = admin_client.get(reverse("admin:detector_analysis_changelist"))
    assert listing.status_code == 200
    detail = admin_client.get(reverse("admin:detector_analysis_change", args=[analysis.pk]))
    text = detail.content.decode()
    assert "secret-name" not in text and "hashed-key" not in text
    assert 'type="submit" value="Opslaan"' not in text
    assert admin_client.get(reverse("admin:detector_analysis_add")).status_code == 403


def test_polling_a_result_deleted_meanwhile_reloads_the_page(client):
    mine = make_analysis(status=Analysis.Status.RUNNING)
    give_to(client, mine)
    mine.delete()
    response = client.get(fragment_url(mine), HTTP_HX_REQUEST="true")
    # Not the whole 404 page swapped into the status box: the page reloads (and is a 404).
    assert response.headers["HX-Refresh"] == "true"
    assert client.get(status_url(mine)).status_code == 404
