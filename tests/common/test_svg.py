from django.template import Context, Template

from common import svg


def test_coord_keeps_a_decimal_point_even_in_a_dutch_template():
    assert svg.coord(12.345) == "12.3"
    rendered = Template("{% load svg %}{{ x|coord }} {{ x }}").render(Context({"x": 12.345}))
    assert rendered == "12.3 12,345"


def test_scale_maps_and_clamps():
    x = svg.Scale(0, 10, 50, 150)
    assert (x(0), x(5), x(10)) == (50, 100, 150)
    assert (x(-3), x(99)) == (50, 150)
    y = svg.Scale(0, 1, 100, 0)  # upwards
    assert y(0.25) == 75
    assert svg.Scale(2, 2, 0, 10)(2) == 0  # an empty range does not divide by zero


def test_polyline():
    assert svg.polyline([(1, 2), (3.25, 4.5)]) == "1.0,2.0 3.2,4.5"


def test_ticks_and_nice_steps():
    assert svg.ticks(-10, 10, 5) == [-10, -5, 0, 5, 10]
    assert svg.ticks(0, 9, 4) == [0, 4, 8]
    assert svg.nice_step(9) == 1
    assert svg.nice_step(45) == 5
    assert svg.nice_step(300, steps=(1, 2, 5, 10, 15, 30, 60)) == 30
    assert svg.nice_step(5000) == 1000


def test_bar_length():
    assert svg.bar_length(5, 10, 200) == 100
    assert svg.bar_length(0, 10, 200, least=3) == 3
    assert svg.bar_length(0, 0, 200) == 0
