"""What each demo shows: template context built from a demo's state.

Plain Python, like the maths it presents: the Dutch sentences and the chart
geometry are tested without a browser or a request.
"""

import numpy as np

from common.dutch import decimal, percent
from common.svg import coord
from demos import alley, charts, gan, neuron

# --- Het stinkende steegje ---------------------------------------------------


def alley_context(state: alley.AlleyState, rate: float = alley.LEARNING_RATE) -> dict:
    """What the alley shows; `rate` is where the learning-rate slider stands."""
    chances = alley.probabilities(state.preferences)
    bars = charts.probability_bars(chances)
    routes = [
        {
            "key": route.key,
            "name": route.name,
            "short_name": route.short_name,
            "minutes": route.minutes,
            "feeling": route.feeling,
            "percent": percent(chances[i]),
            "preference": decimal(state.preferences[i], 1),
            "chosen": i == state.route,
            "bar": bars[i],
        }
        for i, route in enumerate(alley.ROUTES)
    ]
    alley_walks = sum(1 for r in state.history if alley.ROUTES[r].key == "steegje")
    walked = alley.ROUTES[state.route]
    return {
        "rate": coord(rate),  # the slider's value attribute: a decimal point
        "rate_text": decimal(rate, 1),
        "min_rate": coord(alley.MIN_LEARNING_RATE),
        "max_rate": coord(alley.MAX_LEARNING_RATE),
        "rate_range": (
            f"van {decimal(alley.MIN_LEARNING_RATE, 1)} tot {decimal(alley.MAX_LEARNING_RATE, 1)}"
        ),
        "walks": state.walks,
        "route": walked,
        "routes": routes,
        "explanation": alley.explain(state),
        "hint": _alley_hint(walked),
        "history": [alley.ROUTES[r] for r in state.history],
        "history_summary": _history_summary(len(state.history), alley_walks),
    }


def _history_summary(walks: int, alley_walks: int) -> str:
    if walks == 1:
        return "Sam liep nog maar één keer naar school."
    return f"Van de laatste {walks} keer liep Sam {alley_walks} keer door het steegje."


def _alley_hint(route: alley.Route) -> str:
    if route.key == "steegje":
        return "Sam liep door het steegje. Het stinkt daar. Geef je een straf?"
    return "Sam liep via het park. Dat is een fijne route. Geef je een beloning?"


# --- Eén neuron ----------------------------------------------------------------

ANSWERS = {0: "binnen blijven", 1: "naar buiten"}


def calculation_context(calc: dict) -> dict:
    result = neuron.fire(calc["inputs"], calc["weights"], calc["bias"], calc["activation"])
    terms = [f"{x} × {decimal(w, 1)}" for x, w in zip(calc["inputs"], calc["weights"], strict=True)]
    rows = [
        {
            "label": label,
            "short": key.capitalize(),
            "input": x,
            "input_word": "ja" if x else "nee",
            "weight": decimal(w, 1),
            "product": decimal(p, 1),
            "line": line,
        }
        for (key, label), x, w, p, line in zip(
            neuron.INPUTS,
            calc["inputs"],
            calc["weights"],
            result.products,
            charts.neuron_lines(calc["weights"], limit=neuron.WEIGHT_LIMIT),
            strict=True,
        )
    ]
    return {
        "rows": rows,
        "sum_sentence": f"{' + '.join(terms)} = {decimal(result.weighted_sum, 1)}",
        "total_sentence": (
            f"{decimal(result.weighted_sum, 1)} + bias {decimal(calc['bias'], 1)} "
            f"= {decimal(result.total, 1)}"
        ),
        "total": decimal(result.total, 1),
        "bias": decimal(calc["bias"], 1),
        "activation": calc["activation"],
        "output": decimal(result.output, 2) if calc["activation"] == "sigmoid" else result.output,
        "output_sentence": _output_sentence(result),
        "goes_out": result.output > 0.5,
    }


def _output_sentence(result: neuron.NeuronResult) -> str:
    total = decimal(result.total, 1)
    if result.activation == "stap":
        if result.output:
            return f"Het totaal {total} is groter dan 0. Het neuron zegt 1: je gaat naar buiten."
        return f"Het totaal {total} is niet groter dan 0. Het neuron zegt 0: je blijft binnen."
    return (
        f"De vloeiende functie maakt van het totaal {total} het getal {decimal(result.output)}. "
        f"Lees dat als: het neuron is {percent(result.output)} zeker dat je naar buiten gaat."
    )


def _example_words(example: tuple[int, int]) -> str:
    sun, weekend = example
    return f"zon {'ja' if sun else 'nee'}, weekend {'ja' if weekend else 'nee'}"


def learner_context(learner: neuron.Learner) -> dict:
    scores = neuron.scores(learner)
    examples = [
        {
            "sun": "ja" if ex[0] else "nee",
            "weekend": "ja" if ex[1] else "nee",
            "answer": ANSWERS[given],
            "target": ANSWERS[wanted],
            "correct": given == wanted,
        }
        for ex, given, wanted in scores
    ]
    right = sum(1 for e in examples if e["correct"])
    return {
        "rule": learner.rule,
        "rule_text": neuron.RULES[learner.rule][0],
        "rules": [(key, text) for key, (text, _) in neuron.RULES.items()],
        "steps": learner.steps,
        "weights": [decimal(w, 1) for w in learner.weights],
        "bias": decimal(learner.bias, 1),
        "examples": examples,
        "right": right,
        "knows": right == len(examples),
        "history": [
            {
                "number": s.number,
                "example": _example_words(neuron.EXAMPLES[s.example]),
                "answer": ANSWERS[s.answer],
                "correct": s.correct,
                "weights": [decimal(w, 1) for w in s.weights],
                "bias": decimal(s.bias, 1),
            }
            for s in reversed(learner.history)
        ],
        "last": _last_step_sentence(learner),
    }


def _last_step_sentence(learner: neuron.Learner) -> str:
    if not learner.history:
        return (
            "Het neuron heeft nog niets geleerd: alle gewichten en de bias zijn 0. "
            "Klik op ‘Leer van één voorbeeld’."
        )
    s = learner.history[-1]
    example = neuron.EXAMPLES[s.example]
    start = (
        f"Stap {s.number}: voorbeeld ‘{_example_words(example)}’. "
        f"Het neuron zei ‘{ANSWERS[s.answer]}’"
    )
    if s.correct:
        return f"{start}. Dat klopt, dus de gewichten bleven hetzelfde."
    error = s.target - s.answer
    direction = "omhoog" if error > 0 else "omlaag"
    changed = [
        f"{name} van {decimal(w - neuron.LEARNING_RATE * error * x, 1)} naar {decimal(w, 1)}"
        for name, w, x in zip(("zon", "weekend"), s.weights, example, strict=True)
        if x
    ]
    changed.append(
        f"bias van {decimal(s.bias - neuron.LEARNING_RATE * error, 1)} naar {decimal(s.bias, 1)}"
    )
    return (
        f"{start}, maar het goede antwoord is ‘{ANSWERS[s.target]}’. "
        f"Daarom gingen de getallen {direction}: {', '.join(changed)}. "
        "Alleen de gewichten van ingangen die ‘ja’ waren, veranderen."
    )


# --- Maker tegen checker ---------------------------------------------------------

CHART_LOW_CM, CHART_HIGH_CM, BIN_CM = 120.0, 200.0, 4.0
PLOT_WIDTH, PLOT_HEIGHT = 560.0, 170.0


def gan_context(state: gan.GanState, history: list[tuple[int, float]] | None = None) -> dict:
    """What the GAN shows; `history` is the checker's accuracy so far, (step, share right)."""
    rep = gan.report(state)
    history = history if history is not None else [(state.step, rep.checker_accuracy)]
    xs = np.linspace(CHART_LOW_CM, CHART_HIGH_CM, 81)
    judged = gan.judgement_curve(state, xs)
    fake_mean, fake_spread = float(rep.fake_cm.mean()), float(rep.fake_cm.std())
    real_mean, real_spread = float(rep.real_cm.mean()), float(rep.real_cm.std())
    return {
        "step": state.step,
        "max_steps": gan.MAX_STEPS,
        "done": state.step >= gan.MAX_STEPS,
        "accuracy": percent(rep.checker_accuracy),
        "checker_loss": decimal(rep.checker_loss),
        "maker_loss": decimal(rep.maker_loss),
        "loss_sentence": _loss_sentence(rep.checker_loss),
        "accuracy_chart": _accuracy_chart(history),
        "real_mean": decimal(real_mean, 1),
        "real_spread": decimal(real_spread, 1),
        "fake_mean": decimal(fake_mean, 1),
        "fake_spread": decimal(fake_spread, 1),
        "story": _gan_story(state, rep.checker_accuracy, fake_mean - real_mean),
        "histogram": charts.histogram(
            rep.real_cm,
            rep.fake_cm,
            low=CHART_LOW_CM,
            high=CHART_HIGH_CM,
            bin_width=BIN_CM,
            plot_width=PLOT_WIDTH,
            plot_height=PLOT_HEIGHT,
        ),
        "curve": charts.curve_points(
            xs,
            judged,
            low=CHART_LOW_CM,
            high=CHART_HIGH_CM,
            plot_width=PLOT_WIDTH,
            plot_height=PLOT_HEIGHT,
        ),
        "curve_rows": [
            {"cm": int(x), "chance": percent(p)}
            for x, p in zip(xs[::10], judged[::10], strict=True)
        ],
        "ticks": charts.axis_ticks(CHART_LOW_CM, CHART_HIGH_CM, 10.0, PLOT_WIDTH),
        "half_y": coord(PLOT_HEIGHT / 2),
    }


# Log-loss of a checker that says 50% to everything: 2 × ln 2 (real and fake together).
GUESSING_LOSS = 2 * float(np.log(2))
ACCURACY_WIDTH, ACCURACY_HEIGHT = 560.0, 150.0


def _loss_sentence(checker_loss: float) -> str:
    guess = decimal(GUESSING_LOSS)
    if abs(checker_loss - GUESSING_LOSS) < 0.08:
        return (
            f"Het verlies van de checker is ongeveer {guess}: precies wat je krijgt als je bij "
            "elke lengte ‘50% kans’ zegt. De checker gokt dus."
        )
    if checker_loss < GUESSING_LOSS:
        return (
            f"Het verlies van de checker is lager dan {guess}, het verlies bij gokken. "
            "Hij ziet dus nog verschil tussen echt en nep."
        )
    return (
        f"Het verlies van de checker is hoger dan {guess}, het verlies bij gokken. "
        "Hij zit er nu vaak naast, en dan leert hij weer bij."
    )


def _accuracy_chart(history: list[tuple[int, float]]) -> dict:
    """A line of the checker's accuracy over the training steps, 0–100% against 0–last step."""
    last = max(100, -(-history[-1][0] // 100) * 100)  # round up to a whole hundred
    steps = np.array([s for s, _ in history], dtype=float)
    shares = np.array([a for _, a in history], dtype=float)
    every = next(e for e in (25, 50, 100, 250, 500, 1000) if last / e <= 6)
    return {
        "points": charts.curve_points(
            steps,
            shares,
            low=0.0,
            high=float(last),
            plot_width=ACCURACY_WIDTH,
            plot_height=ACCURACY_HEIGHT,
        ),
        "ticks": charts.axis_ticks(0.0, float(last), float(every), ACCURACY_WIDTH),
        "half_y": coord(ACCURACY_HEIGHT / 2),
        "rows": [
            {"step": s, "accuracy": percent(a)} for s, a in history[:: max(1, len(history) // 10)]
        ],
        "first": percent(history[0][1]),
        "best": percent(max(shares)),
        "now": percent(history[-1][1]),
    }


def _gan_story(state: gan.GanState, accuracy: float, mean_gap_cm: float) -> str:
    if state.step == 0:
        return (
            "Nog niets geleerd. De maker maakt lengtes van ongeveer 135 cm. "
            "De checker weet nog niets en zegt bij elke lengte: 50% kans dat het echt is."
        )
    if accuracy >= 0.65:
        side = "te klein" if mean_gap_cm < 0 else "te groot"
        return (
            "De checker ziet het verschil nog goed. De nagemaakte lengtes zijn gemiddeld "
            f"{side}, of ze lijken te veel op elkaar. De maker past zich aan."
        )
    if accuracy <= 0.58 and abs(mean_gap_cm) < 2:
        return (
            "De checker kan echt en nep bijna niet meer uit elkaar houden. Hij heeft het "
            "ongeveer even vaak goed als wanneer hij een muntje opgooit. Dat is het doel "
            "van een GAN: de maker maakt nep die niet meer van echt te onderscheiden is."
        )
    return (
        "De maker en de checker zijn volop bezig. Let op: soms is de checker even de weg "
        "kwijt, en dan leert hij weer bij."
    )
