"""The three demos through the test client: with htmx, without JavaScript, and with bad input.

Every client here is a fresh browser with no cookies: a demo step is a GET
whose state travels in the form, so it needs no session and no CSRF cookie.
"""

import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from demos import alley, gan, views
from tests.pages import parse

pytestmark = pytest.mark.django_db

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
ALLEY_PAGE = reverse("lessons:detail", args=["stinkend-steegje"])
NEURON_PAGE = reverse("lessons:detail", args=["neurale-netwerken"])
GAN_PAGE = reverse("lessons:detail", args=["gan"])


def neuron_fields(**changes) -> dict:
    fields = {
        "zon": "on",
        "huiswerk": "on",
        "gewicht_zon": "2",
        "gewicht_weekend": "1.5",
        "gewicht_huiswerk": "-3",
        "bias": "0.5",
        "activatie": "stap",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def form_fields(html: str, form_index: int, container: str = "") -> dict:
    """The hidden fields of one of the page's GET forms, as a browser would send them."""
    if container:
        html = html[html.index(f'id="{container}"') :]
    forms = re.findall(r"<form\b.*?</form>", html, flags=re.S)
    page = parse(forms[form_index])
    return {
        attrs["name"]: attrs.get("value", "")
        for attrs in page.find_all("input")
        if attrs.get("type") == "hidden"
    }


def assert_cookie_free(response) -> None:
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


# --- The lesson pages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "container"),
    [(ALLEY_PAGE, "demo-steegje"), (NEURON_PAGE, "demo-leren"), (GAN_PAGE, "demo-gan")],
)
def test_each_demo_lesson_shows_its_demo_with_a_described_chart_and_get_forms(
    client, page, container
):
    response = client.get(page)
    html = response.content.decode()
    assert f'id="{container}"' in html
    assert 'role="img"' in html
    assert "<desc id=" in html
    assert "csrfmiddlewaretoken" not in html
    methods = {f.get("method") for f in parse(html).find_all("form")}
    assert methods == {"get"}
    assert_cookie_free(response)


# --- Het stinkende steegje -----------------------------------------------------------


def test_a_penalty_with_htmx_answers_with_the_updated_fragment(client):
    response = client.get(reverse("demos:alley"), {"actie": "straf"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="demo-steegje"' in html
    assert "Je gaf een straf voor het steegje" in html
    assert "van 50% naar 35%" in html
    assert "Wandeling 2" in html
    assert_cookie_free(response)
    assert "HX-Request" in response["Vary"]


def test_a_penalty_without_javascript_answers_with_the_lesson_page_in_the_new_state(client):
    response = client.get(reverse("demos:alley"), {"actie": "straf"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Het stinkende steegje" in html
    assert "Je gaf een straf voor het steegje" in html
    assert "Wandeling 2" in html
    assert_cookie_free(response)


def test_the_walker_keeps_learning_through_the_state_in_the_form():
    browser = Client()
    html = browser.get(ALLEY_PAGE).content.decode()
    for _ in range(3):  # three walks, each sent from the form of the page before
        fields = form_fields(html, 0, "demo-steegje") | {"actie": "lopen"}
        response = browser.get(reverse("demos:alley"), fields)
        html = response.content.decode()
    assert "Wandeling 4" in html
    stand = form_fields(html, 0, "demo-steegje")["stand"]
    state = alley.from_dict(signing.loads(stand, salt=views.ALLEY_SALT))
    assert state.walks == 4
    assert_cookie_free(response)


def test_the_learning_rate_slider_sets_the_size_of_the_step(client):
    response = client.get(reverse("demos:alley"), {"actie": "straf", "leersnelheid": "3"}, **HTMX)
    html = response.content.decode()
    assert "met leersnelheid 3,0" in html
    assert "van 50% naar 5%" in html
    assert 'name="leersnelheid"' in html and 'value="3.0"' in html


@pytest.mark.parametrize("rate", ["0", "3.5", "snel", "nan"])
def test_a_learning_rate_off_the_slider_is_refused_in_dutch(client, rate):
    data = {"actie": "straf", "leersnelheid": rate}
    response = client.get(reverse("demos:alley"), data, **HTMX)
    assert response.status_code == 400
    assert "Kies een getal van 0,1 tot en met 3." in response.content.decode()


def test_starting_again_forgets_what_the_walker_learnt(client):
    first = client.get(reverse("demos:alley"), {"actie": "straf"}, **HTMX)
    stand = form_fields(first.content.decode(), 0)["stand"]
    again = client.get(reverse("demos:alley"), {"actie": "opnieuw", "stand": stand}, **HTMX)
    assert form_fields(again.content.decode(), 0)["stand"] == views.sign_alley(alley.new_state())


@pytest.mark.parametrize("data", [{"actie": "vliegen"}, {}, {"actie": ""}])
def test_an_unknown_or_missing_alley_action_is_refused_in_dutch(client, data):
    response = client.get(reverse("demos:alley"), data, **HTMX)
    assert response.status_code == 400
    assert "Deze knop kennen we niet" in response.content.decode()
    assert 'id="demo-steegje"' in response.content.decode()


def test_without_javascript_a_refusal_is_a_page_with_a_link_back(client):
    response = client.get(reverse("demos:alley"), {"actie": "vliegen"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze knop kennen we niet" in html
    assert f'href="{ALLEY_PAGE}#probeer"' in html
    assert_cookie_free(response)


def forged(data: object, salt: str = views.ALLEY_SALT, key: str | None = None) -> str:
    return signing.dumps(data, salt=salt, key=key, compress=True)


@pytest.mark.parametrize(
    "stand",
    [
        "kapot",
        # signed with another key: written by hand, not by the server
        forged({"p": [9.0, 0.0], "w": 1, "r": 0, "h": [0]}, key="not-the-secret-key"),
        # a state of another demo, or the right key used for something else
        forged({"p": [9.0, 0.0], "w": 1, "r": 0, "h": [0]}, salt="demos.gan"),
        # an edited value with the signature of the original
        views.sign_alley(alley.new_state()).replace("0", "1", 1),
        # signed by the server, but not a state the demo can be in
        forged({"p": [0.0, 0.0], "w": 1, "r": 7, "h": [0]}),
        forged({"p": [float("nan"), 0.0], "w": 1, "r": 0, "h": [0]}),
    ],
)
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "no-js"])
def test_a_tampered_alley_state_is_reset_with_a_400(client, stand, headers):
    response = client.get(reverse("demos:alley"), {"actie": "straf", "stand": stand}, **headers)
    html = response.content.decode()
    assert response.status_code == 400
    assert "opnieuw begonnen" in html
    if headers:  # the demo starts again, with a fresh state in its forms
        assert form_fields(html, 0)["stand"] == views.sign_alley(alley.new_state())


def test_the_demo_endpoints_change_nothing_and_refuse_post(client):
    for name in ("demos:alley", "demos:neuron", "demos:neuron-learning", "demos:gan"):
        assert client.post(reverse(name), {"actie": "straf"}).status_code in (403, 405)


# --- Eén neuron ----------------------------------------------------------------------


def test_the_neuron_calculates_with_htmx_and_answers_with_the_result_only(client):
    response = client.get(reverse("demos:neuron"), neuron_fields(), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="neuron-uitkomst"')
    assert "1 × 2,0 + 0 × 1,5 + 1 × −3,0 = −1,0" in html
    assert "Het neuron zegt 0: je blijft binnen." in html
    assert_cookie_free(response)


def test_a_neuron_change_without_javascript_shows_on_the_lesson_page(client):
    fields = neuron_fields(gewicht_huiswerk="-1", activatie="sigmoid")
    response = client.get(reverse("demos:neuron"), fields)
    html = response.content.decode()
    assert response.status_code == 200
    # 2 + 0 − 1 + 0.5 = 1.5; sigmoid(1.5) = 0.82
    assert "= 1,5" in html
    assert "het getal 0,82" in html
    assert 'value="-1"' in html
    assert_cookie_free(response)


@pytest.mark.parametrize(
    ("changes", "field_label"),
    [
        ({"gewicht_zon": "7"}, "Gewicht bij ‘de zon schijnt’"),
        ({"bias": "-5.5"}, "Bias"),
        ({"gewicht_weekend": "veel"}, "Gewicht bij ‘het is weekend’"),
        ({"gewicht_weekend": "nan"}, "Gewicht bij ‘het is weekend’"),
        ({"gewicht_huiswerk": None}, "Gewicht bij ‘veel huiswerk’"),
        ({"activatie": "tanh"}, "Activatiefunctie"),
    ],
)
def test_bad_neuron_input_is_refused_in_dutch_naming_the_field(client, changes, field_label):
    response = client.get(reverse("demos:neuron"), neuron_fields(**changes), **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert field_label in html
    assert 'role="alert"' in html


def test_bad_neuron_input_without_javascript_is_a_page_with_a_link_back(client):
    response = client.get(reverse("demos:neuron"), neuron_fields(gewicht_zon="99"))
    assert response.status_code == 400
    assert f'href="{NEURON_PAGE}#probeer"' in response.content.decode()


def test_the_learner_takes_a_step_with_htmx(client):
    response = client.get(reverse("demos:neuron-learning"), {"actie": "ronde"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="demo-leren"' in html
    assert "Stap 4." in html
    assert "Stap 4: voorbeeld ‘zon ja, weekend ja’" in html
    assert form_fields(html, 0) == {"regel": "en", "stappen": "4"}


def test_the_learner_learns_the_rule_through_the_buttons_without_javascript():
    browser = Client()
    html = browser.get(NEURON_PAGE).content.decode()
    for _ in range(5):
        fields = form_fields(html, 0, "demo-leren") | {"actie": "ronde"}
        response = browser.get(reverse("demos:neuron-learning"), fields)
        assert response.status_code == 200
        html = response.content.decode()
    assert "Stap 20." in html
    assert "Het neuron kent de regel!" in html
    assert_cookie_free(response)


def test_without_javascript_each_neuron_demo_keeps_the_others_numbers():
    browser = Client()
    calculated = browser.get(reverse("demos:neuron"), neuron_fields(gewicht_zon="4")).content
    fields = form_fields(calculated.decode(), 0, "demo-leren") | {"actie": "stap"}
    assert fields["gewicht_zon"] == "4.0"
    html = browser.get(reverse("demos:neuron-learning"), fields).content.decode()
    assert "Stap 1." in html
    assert 'name="gewicht_zon" value="4.0"' in html  # the calculator keeps the pupil's weight
    back = form_fields(html, 0, "demo-neuron")
    assert back == {"regel": "en", "stappen": "1"}


def test_starting_the_learner_again_can_pick_the_other_rule(client):
    data = {"actie": "opnieuw", "regel": "of", "stappen": "8"}
    response = client.get(reverse("demos:neuron-learning"), data, **HTMX)
    html = response.content.decode()
    assert "Stap 0." in html
    assert form_fields(html, 0) == {"regel": "of", "stappen": "0"}


@pytest.mark.parametrize("data", [{"actie": "springen"}, {"actie": "opnieuw", "regel": "xor"}, {}])
def test_a_bad_learner_request_is_refused_in_dutch(client, data):
    response = client.get(reverse("demos:neuron-learning"), data, **HTMX)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("steps", ["-1", "1001", "1e3", "vier", " 4", "²", "٤", ""])
def test_a_tampered_learner_step_count_is_reset_with_a_400(client, steps):
    data = {"actie": "stap", "regel": "en", "stappen": steps}
    response = client.get(reverse("demos:neuron-learning"), data, **HTMX)
    assert response.status_code == 400
    assert "opnieuw begonnen" in response.content.decode()
    assert form_fields(response.content.decode(), 0) == {"regel": "en", "stappen": "0"}


# --- Maker tegen checker ---------------------------------------------------------------


def test_training_with_htmx_answers_with_the_redrawn_fragment(client):
    response = client.get(reverse("demos:gan"), {"actie": "train_50", "stap": "0"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="demo-gan"' in html
    assert "Stap 50." in html
    assert "<polyline" in html
    assert form_fields(html, 0) == {"stap": "50"}
    assert_cookie_free(response)


def test_training_without_javascript_shows_the_new_step_on_the_lesson_page():
    browser = Client()
    html = browser.get(GAN_PAGE).content.decode()
    for action in ("train_50", "train_10"):
        fields = form_fields(html, 0, "demo-gan") | {"actie": action}
        response = browser.get(reverse("demos:gan"), fields)
        html = response.content.decode()
    assert "Stap 60." in html
    assert "De checker heeft het in" in html
    assert_cookie_free(response)


def test_the_training_is_the_real_gan_run():
    """The step count is the state: the page shows what training that many steps gives."""
    html = Client().get(reverse("demos:gan"), {"actie": "train_50", "stap": "100"}, **HTMX)
    trained = gan.train(gan.new_state(), 150)
    assert gan.state_at(150) == trained
    accuracy = gan.report(trained).checker_accuracy
    assert f"De checker heeft het in {round(accuracy * 100)}% van de gevallen goed" in (
        html.content.decode()
    )


def test_the_checkers_accuracy_is_drawn_over_the_training_steps(client):
    response = client.get(reverse("demos:gan"), {"actie": "train_50", "stap": "50"}, **HTMX)
    html = response.content.decode()
    line = re.search(r'<polyline points="([^"]+)" class="accuracy-line"', html)
    assert line, "a line of the checker's accuracy"
    assert len(line.group(1).split()) == 11  # step 0, 10, …, 100
    assert "Hoe vaak de checker gelijk had" in html


@pytest.mark.parametrize("action", ["train_5000", "train_", "stop"])
def test_an_unknown_training_action_is_refused_in_dutch(client, action):
    response = client.get(reverse("demos:gan"), {"actie": action}, **HTMX)
    assert response.status_code == 400
    assert "Deze knop kennen we niet" in response.content.decode()


@pytest.mark.parametrize("step", ["-10", "3010", "15", "1e2", "tien", "50.0", "²", "9" * 40])
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "no-js"])
def test_a_tampered_gan_step_is_reset_with_a_400(client, step, headers):
    response = client.get(reverse("demos:gan"), {"actie": "train_10", "stap": step}, **headers)
    assert response.status_code == 400
    assert "opnieuw begonnen" in response.content.decode()
