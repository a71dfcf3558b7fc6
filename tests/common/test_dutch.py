import pytest
from django.template import Context, Template

from common import dutch


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (0.5, 2, "0,50"),
        (-0.356, 2, "−0,36"),
        (-0.004, 2, "0,00"),  # rounds to zero: no sign
        (-10.0, 1, "−10,0"),
        (1234.5, 1, "1234,5"),
        (3.0, 0, "3"),
    ],
)
def test_decimal_has_a_comma_and_a_real_minus(value, places, text):
    assert dutch.decimal(value, places) == text


def test_percent():
    assert dutch.percent(0.784) == "78%"
    assert dutch.percent(0.9912, 1) == "99,1%"


def test_seconds_in_words():
    assert dutch.seconds(1.2) == "1 seconde"
    assert dutch.seconds(12.4) == "12 seconden"


def test_seconds_to_a_tenth():
    assert dutch.seconds_tenths(0.62) == "0,6 seconde"
    assert dutch.seconds_tenths(1.0) == "1,0 seconde"
    assert dutch.seconds_tenths(2.06) == "2,1 seconden"


def test_a_number_has_decimals_only_when_it_needs_them():
    assert dutch.number(10.0) == "10"
    assert dutch.number(12.5) == "12,5"
    assert dutch.number(9.96) == "10"


def test_how_often_and_a_list_joined_with_en():
    assert dutch.times(1) == "1 keer"
    assert dutch.times(3) == "3 keer"
    assert dutch.join([]) == ""
    assert dutch.join(["a"]) == "a"
    assert dutch.join(["a", "b", "c"]) == "a, b en c"


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0:00,0"), (7.44, "0:07,4"), (72.46, "1:12,5"), (59.96, "1:00,0")]
)
def test_clock(value, text):
    assert dutch.clock(value) == text


def test_the_template_filters_are_the_same_functions():
    rendered = Template(
        "{% load dutch %}{{ a|decimal:1 }} {{ b|percent }} {{ c|seconds }} {{ d|clock }}"
    ).render(Context({"a": -2.26, "b": 0.5, "c": 3, "d": 61}))
    assert rendered == "−2,3 50% 3 seconden 1:01,0"
