"""The three demos through the test client: with htmx, without JavaScript, and with bad input."""

import pytest
from django.urls import reverse

from demos import alley, gan, neuron

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
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


def store(client, key: str, value) -> None:
    session = client.session
    session[key] = value
    session.save()


# --- The lesson pages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "container"),
    [(ALLEY_PAGE, "demo-steegje"), (NEURON_PAGE, "demo-leren"), (GAN_PAGE, "demo-gan")],
)
def test_each_demo_lesson_shows_its_demo_with_a_described_chart(client, page, container):
    html = client.get(page).content.decode()
    assert f'id="{container}"' in html
    assert 'role="img"' in html
    assert "<desc id=" in html
    assert "csrfmiddlewaretoken" in html


def test_looking_at_a_demo_does_not_start_a_session(client):
    response = client.get(GAN_PAGE)
    assert "sessionid" not in response.cookies


# --- Het stinkende steegje -----------------------------------------------------------


def test_a_penalty_with_htmx_answers_with_the_updated_fragment(client):
    response = client.post(reverse("demos:steegje"), {"actie": "straf"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="demo-steegje"' in html
    assert "Je gaf een straf voor het steegje" in html
    assert "van 0,50 naar 0,35" in html
    assert "Wandeling 2" in html


def test_a_penalty_without_javascript_redirects_to_the_lesson_which_shows_the_new_state(client):
    response = client.post(reverse("demos:steegje"), {"actie": "straf"})
    assert response.status_code == 302
    assert response["Location"] == ALLEY_PAGE + "#probeer"
    html = client.get(ALLEY_PAGE).content.decode()
    assert "Je gaf een straf voor het steegje" in html
    assert "Wandeling 2" in html


def test_starting_again_forgets_what_the_walker_learnt(client):
    client.post(reverse("demos:steegje"), {"actie": "straf"})
    client.post(reverse("demos:steegje"), {"actie": "opnieuw"})
    assert client.session["demo_steegje"] == alley.to_dict(alley.new_state())


@pytest.mark.parametrize("data", [{"actie": "vliegen"}, {}, {"actie": ""}])
def test_an_unknown_or_missing_alley_action_is_refused_in_dutch(client, data):
    response = client.post(reverse("demos:steegje"), data, **HTMX)
    assert response.status_code == 400
    assert "Deze knop kennen we niet" in response.content.decode()
    assert 'id="demo-steegje"' in response.content.decode()


def test_without_javascript_a_refusal_is_a_page_with_a_link_back(client):
    response = client.post(reverse("demos:steegje"), {"actie": "vliegen"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze knop kennen we niet" in html
    assert f'href="{ALLEY_PAGE}#probeer"' in html


@pytest.mark.parametrize(
    "tampered",
    [
        "kapot",
        {"p": [0.0, 0.0], "w": 1, "r": 7, "h": [0]},
        {"p": [float("nan"), 0.0], "w": 1, "r": 0, "h": [0]},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": [0], "extra": 1},
    ],
)
def test_tampered_alley_state_is_reset_with_a_400(client, tampered):
    store(client, "demo_steegje", tampered)
    response = client.post(reverse("demos:steegje"), {"actie": "straf"}, **HTMX)
    assert response.status_code == 400
    assert "opnieuw begonnen" in response.content.decode()
    assert client.session["demo_steegje"] == alley.to_dict(alley.new_state())


def test_a_lesson_page_with_tampered_state_still_shows_a_fresh_demo(client):
    store(client, "demo_steegje", {"p": "x"})
    response = client.get(ALLEY_PAGE)
    assert response.status_code == 200
    assert "opnieuw begonnen" in response.content.decode()


def test_the_demo_endpoints_refuse_get(client):
    for name in ("demos:steegje", "demos:neuron", "demos:neuron-leren", "demos:gan"):
        assert client.get(reverse(name)).status_code == 405


# --- Eén neuron ----------------------------------------------------------------------


def test_the_neuron_calculates_with_htmx_and_answers_with_the_result_only(client):
    response = client.post(reverse("demos:neuron"), neuron_fields(), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="neuron-uitkomst"')
    assert "1 × 2,0 + 0 × 1,5 + 1 × −3,0 = −1,0" in html
    assert "Het neuron zegt 0: je blijft binnen." in html


def test_a_neuron_change_without_javascript_shows_on_the_lesson_page(client):
    fields = neuron_fields(gewicht_huiswerk="-1", activatie="sigmoid")
    response = client.post(reverse("demos:neuron"), fields)
    assert response.status_code == 302
    assert response["Location"] == NEURON_PAGE + "#probeer"
    html = client.get(NEURON_PAGE).content.decode()
    # 2 + 0 − 1 + 0.5 = 1.5; sigmoid(1.5) = 0.82
    assert "= 1,5" in html
    assert "het getal 0,82" in html
    assert 'value="-1.0"' in html


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
    response = client.post(reverse("demos:neuron"), neuron_fields(**changes), **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert field_label in html
    assert 'role="alert"' in html


def test_bad_neuron_input_without_javascript_keeps_the_stored_calculation(client):
    client.post(reverse("demos:neuron"), neuron_fields(gewicht_zon="1"))
    response = client.post(reverse("demos:neuron"), neuron_fields(gewicht_zon="99"))
    assert response.status_code == 400
    assert client.session["demo_neuron"]["calc"]["weights"][0] == 1.0


def test_the_learner_takes_a_step_with_htmx(client):
    response = client.post(reverse("demos:neuron-leren"), {"actie": "ronde"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="demo-leren"' in html
    assert "Stap 4." in html
    assert "Stap 4: voorbeeld ‘zon ja, weekend ja’" in html


def test_the_learner_learns_the_rule_through_the_buttons_without_javascript(client):
    for _ in range(5):
        assert client.post(reverse("demos:neuron-leren"), {"actie": "ronde"}).status_code == 302
    html = client.get(NEURON_PAGE).content.decode()
    assert "Stap 20." in html
    assert "Het neuron kent de regel!" in html


def test_starting_the_learner_again_can_pick_the_other_rule(client):
    client.post(reverse("demos:neuron-leren"), {"actie": "ronde"})
    client.post(reverse("demos:neuron-leren"), {"actie": "opnieuw", "regel": "of"})
    stored = neuron.learner_from_dict(client.session["demo_neuron"]["learn"])
    assert (stored.rule, stored.steps, stored.weights) == ("of", 0, [0.0, 0.0])


@pytest.mark.parametrize("data", [{"actie": "springen"}, {"actie": "opnieuw", "regel": "xor"}, {}])
def test_a_bad_learner_request_is_refused_in_dutch(client, data):
    response = client.post(reverse("demos:neuron-leren"), data, **HTMX)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_tampered_neuron_state_is_reset_with_a_400(client):
    store(client, "demo_neuron", {"calc": {"weights": [1e9]}, "learn": []})
    response = client.post(reverse("demos:neuron-leren"), {"actie": "stap"}, **HTMX)
    assert response.status_code == 400
    assert "opnieuw begonnen" in response.content.decode()
    assert client.session["demo_neuron"]["calc"] == neuron.DEFAULT_CALCULATION


# --- Maker tegen checker ---------------------------------------------------------------


def test_training_with_htmx_answers_with_the_redrawn_fragment(client):
    response = client.post(reverse("demos:gan"), {"actie": "train_50"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="demo-gan"' in html
    assert "Stap 50." in html
    assert "<polyline" in html
    assert client.session["demo_gan"] == gan.to_dict(gan.train(gan.new_state(), 50))


def test_training_without_javascript_shows_the_new_step_on_the_lesson_page(client):
    client.post(reverse("demos:gan"), {"actie": "train_50"})
    response = client.post(reverse("demos:gan"), {"actie": "train_10"})
    assert response["Location"] == GAN_PAGE + "#probeer"
    html = client.get(GAN_PAGE).content.decode()
    assert "Stap 60." in html
    assert "De checker heeft het in" in html


def test_two_pupils_who_click_the_same_buttons_see_the_same_run(client):
    from django.test import Client

    other = Client()
    for c in (client, other):
        c.post(reverse("demos:gan"), {"actie": "train_50"})
        c.post(reverse("demos:gan"), {"actie": "train_50"})
    assert client.session["demo_gan"] == other.session["demo_gan"]


@pytest.mark.parametrize("action", ["train_5000", "train_", "stop"])
def test_an_unknown_training_action_is_refused_in_dutch(client, action):
    response = client.post(reverse("demos:gan"), {"actie": action}, **HTMX)
    assert response.status_code == 400
    assert "Deze knop kennen we niet" in response.content.decode()


@pytest.mark.parametrize(
    "tampered",
    [
        {"n": 10, "g": [1.0], "d": [0.0, 0.0, 0.0]},
        {"n": -1, "g": [1.0, 0.0], "d": [0.0, 0.0, 0.0]},
        {"n": 10, "g": [1.0, "0"], "d": [0.0, 0.0, 0.0]},
        {"n": 10, "g": [1.0, 0.0], "d": [0.0, 0.0, float("inf")]},
        {"n": True, "g": [1.0, 0.0], "d": [0.0, 0.0, 0.0]},
        [1, 2, 3],
    ],
)
def test_tampered_gan_state_is_reset_with_a_400(client, tampered):
    store(client, "demo_gan", tampered)
    response = client.post(reverse("demos:gan"), {"actie": "train_10"})
    assert response.status_code == 400
    assert "opnieuw begonnen" in response.content.decode()
    assert client.session["demo_gan"] == gan.to_dict(gan.new_state())
