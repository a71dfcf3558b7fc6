"""One neuron computes what the lesson says, and the perceptron learns its rule."""

import math

import pytest

from demos import neuron
from demos.present import calculation_context, learner_context
from demos.stored import InvalidState


def test_the_neuron_adds_the_weighted_inputs_and_the_bias():
    result = neuron.fire([1, 0, 1], [2.0, 1.5, -3.0], 0.5, "stap")
    assert result.products == [2.0, 0.0, -3.0]
    assert result.weighted_sum == pytest.approx(-1.0)
    assert result.total == pytest.approx(-0.5)
    assert result.output == 0


def test_the_step_function_says_yes_only_above_zero():
    assert neuron.fire([1, 1, 0], [1.0, 1.0, 0.0], -1.5, "stap").output == 1
    assert neuron.fire([1, 1, 0], [1.0, 1.0, 0.0], -2.0, "stap").output == 0


def test_the_smooth_function_turns_the_total_into_a_number_between_0_and_1():
    assert neuron.fire([0, 0, 0], [1.0, 1.0, 1.0], 0.0, "sigmoid").output == 0.5
    result = neuron.fire([1, 0, 1], [2.0, 1.5, -1.0], 0.5, "sigmoid")
    assert result.output == pytest.approx(1 / (1 + math.exp(-1.5)))


def test_the_calculation_is_written_out_with_dutch_numbers():
    context = calculation_context(neuron.DEFAULT_CALCULATION)
    assert context["sum_sentence"] == "1 × 2,0 + 0 × 1,5 + 1 × −3,0 = −1,0"
    assert context["total_sentence"] == "−1,0 + bias 0,5 = −0,5"
    assert context["output_sentence"].endswith("Het neuron zegt 0: je blijft binnen.")


def test_a_stronger_weight_draws_a_thicker_line_and_a_negative_one_is_marked():
    lines = [row["line"] for row in calculation_context(neuron.DEFAULT_CALCULATION)["rows"]]
    assert (
        float(lines[2]["thickness"]) > float(lines[0]["thickness"]) > float(lines[1]["thickness"])
    )
    assert [line["sign"] for line in lines] == ["plus", "plus", "min"]


@pytest.mark.parametrize(("rule", "within"), [("en", 20), ("of", 12)])
def test_the_learner_knows_the_rule_within_a_few_rounds(rule, within):
    learner = neuron.new_learner(rule)
    assert not neuron.knows_the_rule(learner)
    for _ in range(within):
        learner = neuron.learn_step(learner)
    assert neuron.knows_the_rule(learner)
    # and once it knows, more examples change nothing
    assert neuron.learn_round(learner).weights == learner.weights


def test_the_weights_change_only_after_a_wrong_answer():
    learner = neuron.new_learner("en")
    for _ in range(3):  # (0,0) (0,1) (1,0): "binnen", already right
        learner = neuron.learn_step(learner)
    assert learner.weights == [0.0, 0.0]
    learner = neuron.learn_step(learner)  # (1,1): said "binnen", should be "naar buiten"
    assert (learner.weights, learner.bias) == ([0.5, 0.5], 0.5)
    assert not learner.history[-1].correct


def test_the_last_step_is_explained_with_old_and_new_numbers():
    learner = neuron.new_learner("en")
    for _ in range(4):
        learner = neuron.learn_step(learner)
    text = learner_context(learner)["last"]
    assert "Stap 4: voorbeeld ‘zon ja, weekend ja’" in text
    assert "zon van 0,0 naar 0,5" in text
    assert "bias van 0,0 naar 0,5" in text


def test_the_examples_table_shows_which_answers_are_right():
    context = learner_context(neuron.new_learner("of"))
    assert [e["correct"] for e in context["examples"]] == [True, False, False, False]
    assert context["right"] == 1


def test_a_stored_learner_survives_the_round_trip():
    learner = neuron.learn_round(neuron.learn_round(neuron.new_learner("of")))
    assert neuron.learner_from_dict(neuron.learner_to_dict(learner)) == learner


@pytest.mark.parametrize(
    "changes",
    [
        {"weights": [6.0, 0.0, 0.0]},
        {"weights": [1.0, 0.0]},
        {"bias": float("nan")},
        {"inputs": [1, 0, 2]},
        {"inputs": [True, 0, 1]},
        {"activation": "relu"},
    ],
)
def test_a_tampered_calculation_is_refused(changes):
    with pytest.raises(InvalidState):
        neuron.calculation_from_dict(neuron.DEFAULT_CALCULATION | changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"rule": "xof"},
        {"n": -1},
        {"w": [0.0, "1"]},
        {"h": [[1, 9, 0, 0, 0.0, 0.0, 0.0]]},
        {"h": [[1, 0, 0, 0, 0.0, 0.0]]},
        {"extra": 1},
    ],
)
def test_a_tampered_learner_is_refused(changes):
    stored = neuron.learner_to_dict(neuron.learn_step(neuron.new_learner("en")))
    with pytest.raises(InvalidState):
        neuron.learner_from_dict(stored | changes)
