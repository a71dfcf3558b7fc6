"""A real, tiny GAN on one number: the height of a 14-year-old.

The *maker* (generator) turns random noise z into a height: x = a·z + b. It
starts out making everyone about 135 cm tall. The *checker* (discriminator)
looks at a height and says how likely it is to be real:
D(x) = sigmoid(c0 + c1·x + c2·x²). The squared term lets the checker notice
not only heights that are too small or too large, but also heights that are
all too much alike.

Each training step the checker sees a batch of real heights and a batch of
the maker's heights and learns to tell them apart (gradient descent on its
log-loss); then the maker learns from the checker's judgement how to change
a and b so that its heights look more real (the "non-saturating" maker loss,
−log D(fake)). Both move a little at a time, and the maker's heights drift
towards the real ones until the checker can no longer tell: it is right
about half of the time, no better than guessing.

Heights are made up, but realistic: mean 163 cm, spread (standard deviation)
7.5 cm. Internally heights are scaled to (cm − 160) / 10 so that all numbers
stay near 1 and one learning rate fits both networks.

Random numbers come from a generator seeded with (seed, step number), so a
run is the same for everybody who clicks the same buttons: the step number
alone says where a run is. `state_at` therefore trains each stretch of the
run once per process and remembers it; a page only needs to pass the step.
"""

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from demos.stored import InvalidState, checked_floats, checked_int, checked_keys

REAL_MEAN_CM = 163.0
REAL_SPREAD_CM = 7.5
CENTRE_CM, SCALE_CM = 160.0, 10.0
START_MAKER = (0.25, -2.5)  # a, b: spread 2.5 cm around 135 cm
SEED = 14
BATCH = 64
CHECKER_LEARNING_RATE = 0.3
MAKER_LEARNING_RATE = 0.015
MAX_STEPS = 3000
# Bounds that a sane run stays far inside; they let a stored state be checked.
MAKER_LIMIT = 20.0
CHECKER_LIMIT = 200.0
DISPLAY_SAMPLES = 1000
# Every button trains a multiple of this many steps; the run is remembered at
# these points, and the checker's accuracy is drawn at each of them.
CHECKPOINT = 10
# The checker has "settled" once its accuracy stays this close to a coin toss (50 %)
# for the rest of the run. Before that the two networks take turns getting ahead.
SETTLED_BAND = 0.05


@dataclass
class GanState:
    step: int
    maker: list[float]  # a, b
    checker: list[float]  # c0, c1, c2


@dataclass(frozen=True)
class Report:
    """What the pupil sees after a step, computed on a fixed display sample."""

    real_cm: np.ndarray
    fake_cm: np.ndarray
    checker_accuracy: float  # share of real and fake heights the checker gets right
    checker_loss: float
    maker_loss: float


def new_state() -> GanState:
    return GanState(step=0, maker=list(START_MAKER), checker=[0.0, 0.0, 0.0])


def _scaled(cm: np.ndarray) -> np.ndarray:
    return (cm - CENTRE_CM) / SCALE_CM


def _sigmoid(t: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(t, -30.0, 30.0)))


def _features(x: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(x), x, x * x], axis=1)


def judge(checker: list[float], x: np.ndarray) -> np.ndarray:
    """The checker's probability that each (scaled) height is real."""
    return _sigmoid(_features(x) @ np.asarray(checker))


def make(maker: Sequence[float] | np.ndarray, z: np.ndarray) -> np.ndarray:
    return maker[0] * z + maker[1]


def train(state: GanState, steps: int, seed: int = SEED) -> GanState:
    """Train checker and maker for `steps` rounds of one update each."""
    maker = np.asarray(state.maker, dtype=float)
    checker = np.asarray(state.checker, dtype=float)
    real_mean, real_spread = _scaled(np.array(REAL_MEAN_CM)), REAL_SPREAD_CM / SCALE_CM
    end = min(state.step + steps, MAX_STEPS)
    for step in range(state.step, end):
        rng = np.random.default_rng([seed, step])
        real = real_mean + real_spread * rng.standard_normal(BATCH)
        fake = make(maker, rng.standard_normal(BATCH))
        # Checker: gradient of −mean log D(real) − mean log(1 − D(fake)).
        f_real, f_fake = _features(real), _features(fake)
        p_real, p_fake = _sigmoid(f_real @ checker), _sigmoid(f_fake @ checker)
        grad = -(f_real * (1 - p_real)[:, None]).mean(0) + (f_fake * p_fake[:, None]).mean(0)
        checker = np.clip(checker - CHECKER_LEARNING_RATE * grad, -CHECKER_LIMIT, CHECKER_LIMIT)
        # Maker: gradient of −mean log D(a·z + b) with respect to a and b.
        z = rng.standard_normal(BATCH)
        fake = make(maker, z)
        p_fake = judge(list(checker), fake)
        d_fake = -(1 - p_fake) * (checker[1] + 2 * checker[2] * fake)
        grad = np.array([(d_fake * z).mean(), d_fake.mean()])
        maker = np.clip(maker - MAKER_LEARNING_RATE * grad, -MAKER_LIMIT, MAKER_LIMIT)
    return GanState(end, [float(v) for v in maker], [float(v) for v in checker])


def report(state: GanState, seed: int = SEED) -> Report:
    rng = np.random.default_rng([seed, MAX_STEPS + 1])
    real_cm = REAL_MEAN_CM + REAL_SPREAD_CM * rng.standard_normal(DISPLAY_SAMPLES)
    fake = make(state.maker, rng.standard_normal(DISPLAY_SAMPLES))
    p_real = judge(state.checker, _scaled(real_cm))
    p_fake = judge(state.checker, fake)
    eps = 1e-9
    accuracy = float(((p_real > 0.5).mean() + (p_fake <= 0.5).mean()) / 2)
    checker_loss = float(-np.log(p_real + eps).mean() - np.log(1 - p_fake + eps).mean())
    maker_loss = float(-np.log(p_fake + eps).mean())
    fake_cm = CENTRE_CM + SCALE_CM * fake
    return Report(real_cm, fake_cm, accuracy, checker_loss, maker_loss)


def judgement_curve(state: GanState, heights_cm: np.ndarray) -> np.ndarray:
    return judge(state.checker, _scaled(heights_cm))


def to_dict(state: GanState) -> dict:
    return {"n": state.step, "g": list(state.maker), "d": list(state.checker)}


def from_dict(data: object) -> GanState:
    data = checked_keys(data, {"n", "g", "d"})
    return GanState(
        step=checked_int(data["n"], 0, MAX_STEPS),
        maker=checked_floats(data["g"], 2, MAKER_LIMIT),
        checker=checked_floats(data["d"], 3, CHECKER_LIMIT),
    )


class _Run:
    """The one run every visitor sees (SEED), trained once and remembered per checkpoint."""

    def __init__(self) -> None:
        self.states = [new_state()]  # states[i] is the state after i * CHECKPOINT steps
        self.accuracies = [report(self.states[0]).checker_accuracy]
        self.lock = threading.Lock()

    def upto(self, step: int) -> int:
        index = checked_step(step) // CHECKPOINT
        with self.lock:
            while len(self.states) <= index:
                state = train(self.states[-1], CHECKPOINT)
                self.states.append(state)
                self.accuracies.append(report(state).checker_accuracy)
        return index


_RUN = _Run()


def checked_step(value: object) -> int:
    """A step a button can reach: 0 to MAX_STEPS, a multiple of CHECKPOINT."""
    step = checked_int(value, 0, MAX_STEPS)
    if step % CHECKPOINT:
        raise InvalidState(f"a step is a multiple of {CHECKPOINT}")
    return step


def state_at(step: int) -> GanState:
    """The state after `step` training steps of the shared run."""
    return _RUN.states[_RUN.upto(step)]


def accuracy_history(step: int) -> list[tuple[int, float]]:
    """The checker's accuracy at every checkpoint up to `step`: (step, share right)."""
    index = _RUN.upto(step)
    return [(i * CHECKPOINT, _RUN.accuracies[i]) for i in range(index + 1)]


@functools.cache
def settled_step() -> int:
    """The first checkpoint from which the checker's accuracy stays within
    SETTLED_BAND of 50 % until the end of the run.

    Before it the accuracy swings: the checker races ahead, the maker catches up and
    even fools it most of the time (the accuracy drops below a coin toss), then the
    checker learns the new fakes and climbs again. Each network's step is a reply to
    the other's, so the lead changes hands a few times before both settle.
    """
    settled = 0
    for step, accuracy in accuracy_history(MAX_STEPS):
        if abs(accuracy - 0.5) > SETTLED_BAND:
            settled = step + CHECKPOINT
    return min(settled, MAX_STEPS)
