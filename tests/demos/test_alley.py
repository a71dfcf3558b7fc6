"""The smelly alley: the walker's preferences move with feedback, the way the lesson says."""

import math

import pytest

from demos import alley
from demos.present import alley_context
from demos.stored import InvalidState

ALLEY, PARK = 0, 1


def walker_on(route: int) -> alley.AlleyState:
    """A fresh walker who has just walked `route`."""
    state = alley.new_state()
    state.route = route
    state.history = [route]
    return state


def test_a_new_walker_has_no_preference():
    assert alley.probabilities(alley.new_state().preferences) == [0.5, 0.5]


def test_a_penalty_for_the_alley_lowers_its_chance_from_050_to_035():
    state = alley.give_feedback(walker_on(ALLEY), "straf")
    # softmax of (−0.6, 0): 1 / (1 + e^0.6)
    assert alley.probabilities(state.preferences)[ALLEY] == pytest.approx(1 / (1 + math.exp(0.6)))
    feedback = state.feedback
    assert feedback is not None
    assert (feedback.kind, feedback.route, feedback.before) == ("straf", ALLEY, 0.5)
    assert feedback.after == pytest.approx(0.3543, abs=1e-4)


def test_a_reward_for_the_park_raises_its_chance():
    state = alley.give_feedback(walker_on(PARK), "beloning")
    assert alley.probabilities(state.preferences)[PARK] == pytest.approx(0.6457, abs=1e-4)


def test_walking_without_feedback_changes_no_chance_but_counts_the_walk():
    state = alley.walk(walker_on(ALLEY))
    assert state.preferences == [0.0, 0.0]
    assert state.walks == 2
    assert state.feedback.kind == "geen"


def test_after_four_penalties_for_the_alley_it_is_chosen_less_than_one_in_ten():
    state = walker_on(ALLEY)
    for _ in range(4):
        state.route = ALLEY
        state = alley.give_feedback(state, "straf")
    # preference −2.4: 1 / (1 + e^2.4) ≈ 0.083
    assert alley.probabilities(state.preferences)[ALLEY] < 0.1


def test_a_pupil_who_penalises_the_alley_and_rewards_the_park_ends_up_avoiding_the_alley():
    state = alley.new_state()
    for _ in range(30):
        kind = "straf" if state.route == ALLEY else "beloning"
        state = alley.give_feedback(state, kind)
    assert alley.probabilities(state.preferences)[ALLEY] < 0.01
    assert state.history[-10:].count(ALLEY) <= 1


def test_preferences_stay_within_their_bounds_however_long_a_pupil_clicks():
    state = walker_on(PARK)
    for _ in range(100):
        state.route = PARK
        state = alley.give_feedback(state, "beloning")
    assert max(state.preferences) == alley.PREFERENCE_LIMIT
    assert alley.from_dict(alley.to_dict(state)).preferences == state.preferences


def test_the_same_clicks_give_every_pupil_the_same_walks():
    def run(seed):
        state = alley.new_state(seed)
        for _ in range(20):
            state = alley.walk(state, seed)
        return state.history

    assert run(alley.SEED) == run(alley.SEED)
    assert run(alley.SEED) != run(alley.SEED + 1)


def test_the_explanation_says_what_happened_in_percent_like_the_chart():
    state = alley.give_feedback(walker_on(ALLEY), "straf")
    text = alley.explain(state)
    assert text.startswith("Je gaf een straf voor het steegje, met leersnelheid 0,6.")
    assert "zakte van 50% naar 35%" in text


def test_a_tiny_change_near_certainty_is_shown_with_a_decimal_comma():
    state = walker_on(PARK)
    state.preferences = [0.0, 4.5]
    text = alley.explain(alley.give_feedback(state, "beloning"))
    assert "steeg van 98,9% naar 99,4%" in text


def test_a_high_learning_rate_learns_from_one_smelly_day():
    slow = alley.give_feedback(walker_on(ALLEY), "straf", rate=0.1)
    fast = alley.give_feedback(walker_on(ALLEY), "straf", rate=3.0)
    assert alley.probabilities(slow.preferences)[ALLEY] == pytest.approx(0.475, abs=0.001)
    assert alley.probabilities(fast.preferences)[ALLEY] < 0.05
    assert "met leersnelheid 3,0" in alley.explain(fast)


def test_the_chart_bars_are_as_long_as_the_chances_and_labelled_in_percent():
    context = alley_context(alley.give_feedback(walker_on(ALLEY), "straf"))
    alley_bar, park_bar = context["routes"]
    assert (alley_bar["percent"], park_bar["percent"]) == ("35%", "65%")
    assert float(park_bar["bar"]["width"]) == pytest.approx(0.6457 * 240, abs=0.1)


def test_a_stored_state_survives_the_round_trip():
    state = alley.give_feedback(walker_on(ALLEY), "straf", rate=1.3)
    again = alley.from_dict(alley.to_dict(state))
    assert again.preferences == pytest.approx(state.preferences)
    assert (again.walks, again.route, again.history) == (state.walks, state.route, state.history)
    assert (again.feedback.kind, again.feedback.rate) == ("straf", 1.3)
    assert again.feedback.after == pytest.approx(state.feedback.after)


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"p": [0.0, 0.0], "w": 1, "r": 0},
        {"p": [0.0], "w": 1, "r": 0, "h": [0]},
        {"p": [0.0, "0"], "w": 1, "r": 0, "h": [0]},
        {"p": [0.0, 11.0], "w": 1, "r": 0, "h": [0]},
        {"p": [0.0, float("inf")], "w": 1, "r": 0, "h": [0]},
        {"p": [0.0, 0.0], "w": 0, "r": 0, "h": [0]},
        {"p": [0.0, 0.0], "w": True, "r": 0, "h": [0]},
        {"p": [0.0, 0.0], "w": 1, "r": 2, "h": [0]},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": []},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": [0] * 21},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": [0], "f": ["kus", 0, 0.5, 0.4]},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": [0], "f": ["straf", 0, 0.5, 4.0, 0.6]},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": [0], "f": ["straf", 0, 0.5, 0.4, 9.0]},
        {"p": [0.0, 0.0], "w": 1, "r": 0, "h": [0], "x": 1},
    ],
)
def test_a_tampered_stored_state_is_refused(data):
    with pytest.raises(InvalidState):
        alley.from_dict(data)
