"""The demos' Dutch after some clicks is spelled right too (lesson pages show the start)."""

import re

import pytest
from django.urls import reverse

from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
STEPS = [
    ("demos:alley", {"actie": "straf", "leersnelheid": "2.5"}),
    ("demos:alley", {"actie": "beloning"}),
    ("demos:alley", {"actie": "lopen"}),
    ("demos:neuron-learning", {"actie": "ronde", "stappen": "4"}),
    ("demos:gan", {"actie": "train_50", "stap": "50"}),
    ("demos:gan", {"actie": "train_50", "stap": "2950"}),
    ("demos:gan", {"actie": "train_10", "stap": "15"}),  # refused: the Dutch message
]


@pytest.mark.parametrize(("name", "data"), STEPS)
def test_the_text_of_a_demo_step_is_spelled_correctly(client, name, data):
    html = client.get(reverse(name), data, **HTMX).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # SVG labels and descriptions included
    assert misspelled(text) == []
