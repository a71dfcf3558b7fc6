"""The smelly alley: a walker who learns which route to school to take.

Each route has a *preference*, a number that starts at 0. The chance of
choosing a route comes from the preferences through softmax: a route whose
preference is higher than the others is chosen more often. After a walk the
pupil may give feedback; the preference of the route just walked moves by
reward × learning rate (a penalty is reward −1, a reward +1). The pupil sets
the learning rate with a slider: high, and one smelly day is enough to never
take the alley again; low, and Sam keeps walking through the stink for weeks. This is the
simplest form of reinforcement learning: no rules, only feedback.

The walker's choices come from a random generator seeded with the number of
the walk, so a whole class clicking the same buttons sees the same walks.
"""

import math
import random
from dataclasses import dataclass, field

from common.dutch import decimal, percent
from demos.stored import InvalidState, checked_floats, checked_int, checked_keys


@dataclass(frozen=True)
class Route:
    key: str
    name: str  # fits "Sam liep {name}"
    short_name: str  # fits "de kans op {short_name}"
    minutes: int
    feeling: str


ROUTES = (
    Route("steegje", "door het steegje", "het steegje", 5, "Het stinkt er naar vuilnis."),
    Route("park", "via het park", "het park", 9, "Er zijn bomen en het ruikt fris."),
)
LEARNING_RATE = 0.6  # where the slider starts
MIN_LEARNING_RATE, MAX_LEARNING_RATE = 0.1, 3.0
REWARDS = {"straf": -1.0, "beloning": 1.0}
SEED = 2024
# Bounds keep the numbers readable and let a stored state be checked.
PREFERENCE_LIMIT = 10.0
HISTORY_LENGTH = 20
MAX_WALKS = 10_000


@dataclass(frozen=True)
class Feedback:
    kind: str  # "straf", "beloning" or "geen"
    route: int
    before: float  # chance of that route before the feedback
    after: float
    rate: float = LEARNING_RATE


@dataclass
class AlleyState:
    preferences: list[float]
    walks: int  # how many walks so far; the last one took `route`
    route: int
    history: list[int] = field(default_factory=list)
    feedback: Feedback | None = None


def probabilities(preferences: list[float]) -> list[float]:
    """Softmax: turn preferences into chances that add up to 1."""
    top = max(preferences)
    exps = [math.exp(p - top) for p in preferences]
    total = sum(exps)
    return [e / total for e in exps]


def choose_route(preferences: list[float], walk_number: int, seed: int = SEED) -> int:
    draw = random.Random(seed * 100_003 + walk_number).random()  # noqa: S311 (a demo, not a secret)
    cumulative = 0.0
    chances = probabilities(preferences)
    for index, chance in enumerate(chances):
        cumulative += chance
        if draw < cumulative:
            return index
    return len(chances) - 1


def new_state(seed: int = SEED) -> AlleyState:
    preferences = [0.0] * len(ROUTES)
    route = choose_route(preferences, 1, seed)
    return AlleyState(preferences=preferences, walks=1, route=route, history=[route])


def walk(state: AlleyState, seed: int = SEED) -> AlleyState:
    """Walk once more without feedback."""
    return _walk_on(state, state.preferences, Feedback("geen", state.route, 0.0, 0.0), seed)


def give_feedback(
    state: AlleyState, kind: str, seed: int = SEED, rate: float = LEARNING_RATE
) -> AlleyState:
    """Penalise or reward the route just walked by `rate`, then walk again."""
    reward = REWARDS[kind]
    route = state.route
    preferences = list(state.preferences)
    before = probabilities(preferences)[route]
    preferences[route] = _clamp(preferences[route] + rate * reward)
    after = probabilities(preferences)[route]
    return _walk_on(state, preferences, Feedback(kind, route, before, after, rate), seed)


def _walk_on(
    state: AlleyState, preferences: list[float], feedback: Feedback, seed: int
) -> AlleyState:
    walks = min(state.walks + 1, MAX_WALKS)
    route = choose_route(preferences, walks, seed)
    history = [*state.history, route][-HISTORY_LENGTH:]
    return AlleyState(preferences, walks, route, history, feedback)


def _clamp(value: float) -> float:
    return max(-PREFERENCE_LIMIT, min(PREFERENCE_LIMIT, value))


def explain(state: AlleyState) -> str:
    """What happened in the last step, in words a pupil understands."""
    now = f"Daarna liep Sam opnieuw naar school, deze keer {ROUTES[state.route].name}."
    fb = state.feedback
    if fb is None:
        return (
            "Sam heeft nog niets geleerd. Elke route heeft evenveel kans: "
            f"{percent(probabilities(state.preferences)[0])}. "
            f"De eerste keer liep Sam {ROUTES[state.route].name}."
        )
    route = ROUTES[fb.route]
    if fb.kind == "geen":
        return f"Je gaf geen straf en geen beloning. De kansen bleven hetzelfde. {now}"
    what = "een straf" if fb.kind == "straf" else "een beloning"
    moved = "zakte" if fb.after < fb.before else "steeg"
    # Near 0 or 1 the steps get small: show a decimal rather than "van 99% naar 99%".
    places = 0 if percent(fb.before) != percent(fb.after) else 1
    return (
        f"Je gaf {what} voor {route.short_name}, met leersnelheid {decimal(fb.rate, 1)}. "
        f"De kans dat Sam {route.short_name} kiest, {moved} van "
        f"{percent(fb.before, places)} naar {percent(fb.after, places)}. {now}"
    )


def to_dict(state: AlleyState) -> dict:
    data = {
        "p": [round(p, 6) for p in state.preferences],
        "w": state.walks,
        "r": state.route,
        "h": list(state.history),
    }
    if state.feedback:
        fb = state.feedback
        data["f"] = [fb.kind, fb.route, round(fb.before, 6), round(fb.after, 6), fb.rate]
    return data


def from_dict(data: object) -> AlleyState:
    """Rebuild a state sent back by a form; anything odd raises InvalidState."""
    data = checked_keys(data, {"p", "w", "r", "h"}, {"f"})
    n = len(ROUTES)
    preferences = checked_floats(data["p"], n, PREFERENCE_LIMIT)
    walks = checked_int(data["w"], 1, MAX_WALKS)
    route = checked_int(data["r"], 0, n - 1)
    history = data["h"]
    if not isinstance(history, list) or not 1 <= len(history) <= HISTORY_LENGTH:
        raise InvalidState("bad history")
    history = [checked_int(r, 0, n - 1) for r in history]
    feedback = None
    if "f" in data:
        f = data["f"]
        if not isinstance(f, list) or len(f) != 5 or f[0] not in ("straf", "beloning", "geen"):
            raise InvalidState("bad feedback")
        before, after = checked_floats(f[2:4], 2, 1.0)
        (rate,) = checked_floats(f[4:], 1, MAX_LEARNING_RATE)
        feedback = Feedback(f[0], checked_int(f[1], 0, n - 1), before, after, rate)
    return AlleyState(preferences, walks, route, history, feedback)
