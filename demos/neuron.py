"""One artificial neuron, and a perceptron that learns a rule from examples.

A neuron multiplies each input by its weight, adds the results up (the
weighted sum), adds a bias, and passes the total through an activation
function: the *step* function says yes (1) when the total is above 0 and no
(0) otherwise; the *sigmoid* turns the total into a smooth number between 0
and 1 that can be read as "how sure".

The perceptron rule learns the weights from examples: after each example,
weight += learning rate × (right answer − given answer) × input. When the
answer was right nothing changes; when it was wrong the weights move so that
the total gets closer to the right side of 0.
"""

import math
from dataclasses import dataclass

from demos.stored import InvalidState, checked_floats, checked_int, checked_keys

# The three inputs of the "ga je naar buiten?" neuron.
INPUTS = (
    ("zon", "De zon schijnt"),
    ("weekend", "Het is weekend"),
    ("huiswerk", "Je hebt veel huiswerk"),
)
ACTIVATIONS = ("stap", "sigmoid")
WEIGHT_LIMIT = 5.0
DEFAULT_CALCULATION = {
    "inputs": [1, 0, 1],
    "weights": [2.0, 1.5, -3.0],
    "bias": 0.5,
    "activation": "stap",
}


@dataclass(frozen=True)
class NeuronResult:
    products: list[float]  # input × weight, one per input
    weighted_sum: float
    total: float  # weighted sum + bias
    output: float
    activation: str


def step(total: float) -> int:
    return 1 if total > 0 else 0


def sigmoid(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-total))


def fire(inputs: list[float], weights: list[float], bias: float, activation: str) -> NeuronResult:
    products = [x * w for x, w in zip(inputs, weights, strict=True)]
    weighted_sum = sum(products)
    total = weighted_sum + bias
    output = step(total) if activation == "stap" else sigmoid(total)
    return NeuronResult(products, weighted_sum, total, output, activation)


def calculation_from_dict(data: object) -> dict:
    data = checked_keys(data, {"inputs", "weights", "bias", "activation"})
    inputs = [checked_int(x, 0, 1) for x in _list(data["inputs"], len(INPUTS))]
    weights = checked_floats(data["weights"], len(INPUTS), WEIGHT_LIMIT)
    (bias,) = checked_floats([data["bias"]], 1, WEIGHT_LIMIT)
    if data["activation"] not in ACTIVATIONS:
        raise InvalidState("unknown activation")
    return {"inputs": inputs, "weights": weights, "bias": bias, "activation": data["activation"]}


# --- The learner -------------------------------------------------------------

# Two inputs: "de zon schijnt" and "het is weekend"; the target is "naar buiten".
EXAMPLES = ((0, 0), (0, 1), (1, 0), (1, 1))
RULES = {
    "en": ("Je gaat naar buiten als de zon schijnt én het weekend is.", lambda a, b: a and b),
    "of": ("Je gaat naar buiten als de zon schijnt óf het weekend is.", lambda a, b: a or b),
}
LEARNING_RATE = 0.5
HISTORY_LENGTH = 8
MAX_STEPS = 1000
LEARNER_LIMIT = LEARNING_RATE * MAX_STEPS


@dataclass(frozen=True)
class LearnStep:
    number: int
    example: int  # index into EXAMPLES
    answer: int
    target: int
    weights: tuple[float, float]
    bias: float

    @property
    def correct(self) -> bool:
        return self.answer == self.target


@dataclass
class Learner:
    rule: str
    weights: list[float]
    bias: float
    steps: int
    history: list[LearnStep]


def target(rule: str, example: tuple[int, int]) -> int:
    return int(RULES[rule][1](*example))


def new_learner(rule: str = "en") -> Learner:
    return Learner(rule=rule, weights=[0.0, 0.0], bias=0.0, steps=0, history=[])


def answer(learner: Learner, example: tuple[int, int]) -> int:
    return step(fire(list(example), learner.weights, learner.bias, "stap").total)


def learn_step(learner: Learner) -> Learner:
    """Show the learner the next example (in a fixed order) and apply the perceptron rule."""
    index = learner.steps % len(EXAMPLES)
    example = EXAMPLES[index]
    given = answer(learner, example)
    wanted = target(learner.rule, example)
    error = wanted - given
    weights = [w + LEARNING_RATE * error * x for w, x in zip(learner.weights, example, strict=True)]
    bias = learner.bias + LEARNING_RATE * error
    number = learner.steps + 1
    record = LearnStep(number, index, given, wanted, (weights[0], weights[1]), bias)
    history = [*learner.history, record][-HISTORY_LENGTH:]
    return Learner(learner.rule, weights, bias, number, history)


def learn_round(learner: Learner) -> Learner:
    for _ in EXAMPLES:
        learner = learn_step(learner)
    return learner


def scores(learner: Learner) -> list[tuple[tuple[int, int], int, int]]:
    """Every example with the learner's answer and the right answer."""
    return [(ex, answer(learner, ex), target(learner.rule, ex)) for ex in EXAMPLES]


def knows_the_rule(learner: Learner) -> bool:
    return all(given == wanted for _, given, wanted in scores(learner))


def learner_to_dict(learner: Learner) -> dict:
    return {
        "rule": learner.rule,
        "w": list(learner.weights),
        "b": learner.bias,
        "n": learner.steps,
        "h": [
            [s.number, s.example, s.answer, s.target, *s.weights, s.bias] for s in learner.history
        ],
    }


def learner_from_dict(data: object) -> Learner:
    data = checked_keys(data, {"rule", "w", "b", "n", "h"})
    if data["rule"] not in RULES:
        raise InvalidState("unknown rule")
    weights = checked_floats(data["w"], 2, LEARNER_LIMIT)
    (bias,) = checked_floats([data["b"]], 1, LEARNER_LIMIT)
    steps = checked_int(data["n"], 0, MAX_STEPS)
    rows = data["h"]
    if not isinstance(rows, list) or len(rows) > min(steps, HISTORY_LENGTH):
        raise InvalidState("bad history")
    history = []
    for row in rows:
        row = _list(row, 7)
        w1, w2 = checked_floats(row[4:6], 2, LEARNER_LIMIT)
        history.append(
            LearnStep(
                number=checked_int(row[0], 1, steps),
                example=checked_int(row[1], 0, len(EXAMPLES) - 1),
                answer=checked_int(row[2], 0, 1),
                target=checked_int(row[3], 0, 1),
                weights=(w1, w2),
                bias=checked_floats(row[6:7], 1, LEARNER_LIMIT)[0],
            )
        )
    return Learner(data["rule"], weights, bias, steps, history)


def _list(value: object, length: int) -> list:
    if not isinstance(value, list) or len(value) != length:
        raise InvalidState(f"expected a list of {length}")
    return value
