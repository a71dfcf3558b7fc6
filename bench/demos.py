"""Benchmark: how fast each lesson demo answers one click.

    python bench/demos.py [--steps 200]

Runs in-process through Django's test client against a throw-away SQLite
database, so a timing covers everything but the network: middleware, form
validation, the state read back from the form (the alley's signature), the
maths and the SVG rendering. A click is a GET whose state comes from the
previous answer's form, as in a browser. For each demo it times `--steps`
htmx clicks (the fragment answer) and a quarter as many clicks without
JavaScript (the whole lesson page). The GAN is timed twice: the first run
through a process trains every step (50 per click); a second run is the same
run, remembered, so it only draws. It starts again, untimed, before its last
step.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deepfake_edu.settings")
    # Development settings: no HTTPS redirect and no collected static files
    # needed; templates are cached either way.
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def hidden_fields(html: str) -> dict:
    """The hidden fields of the answer's first GET form: the demo's state."""
    form = re.search(r'<form method="get".*?</form>', html, flags=re.S)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0))
    return dict(fields)


def timed(client, url: str, data: dict, *, htmx: bool) -> tuple[float, str]:
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    start = time.perf_counter()
    response = client.get(url, data, **extra)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed * 1000, response.content.decode()


def clicks(name: str, step: int) -> tuple[str, dict]:
    from django.urls import reverse

    if name == "steegje":
        return reverse("demos:alley"), {"actie": ("straf", "beloning", "lopen")[step % 3]}
    if name == "neuron":
        weight = f"{(step % 100) / 10 - 5:.1f}"
        return reverse("demos:neuron"), {
            "zon": "on",
            "gewicht_zon": weight,
            "gewicht_weekend": "1.5",
            "gewicht_huiswerk": "-3",
            "bias": "0.5",
            "activatie": ("stap", "sigmoid")[step % 2],
        }
    if name == "leren":
        return reverse("demos:neuron-learning"), {"actie": "stap"}
    return reverse("demos:gan"), {"actie": "train_50"}


def run(name: str, steps: int, *, htmx: bool) -> list[float]:
    from django.test import Client

    from demos import gan

    client = Client()
    samples: list[float] = []
    state: dict[str, str] = {}
    for step in range(steps):
        if name == "gan" and int(state.get("stap", 0)) >= gan.MAX_STEPS - 50:
            state = {}  # start again
        url, data = clicks(name, step)
        elapsed, html = timed(client, url, data | state, htmx=htmx)
        samples.append(elapsed)
        if name != "neuron":
            state = hidden_fields(html if htmx else html[html.index('class="demo-box"') :])
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    steps = max(1, min(parser.parse_args().steps, 2000))
    with tempfile.TemporaryDirectory() as db_dir:
        setup_django(db_dir)
        print(f"{'demo':<10}{'kind':<22}{'clicks':>7}{'median ms':>11}{'p95 ms':>9}")
        from demos import gan

        for name in ("steegje", "neuron", "leren", "gan"):
            run(name, 5, htmx=True)  # warm up imports and template caches
            runs = [("htmx fragment", True, steps), ("no JS: whole page", False, steps // 4)]
            if name == "gan":
                gan._RUN = gan._Run()  # forget the run: the first pass really trains
                runs = [("htmx, trains", True, steps), *runs]
                runs[1] = ("htmx, remembered", True, steps)
            for kind, htmx, n in runs:
                samples = run(name, max(n, 1), htmx=htmx)
                print(
                    f"{name:<10}{kind:<22}{len(samples):>7}"
                    f"{statistics.median(samples):>11.1f}{percentile(samples, 0.95):>9.1f}"
                )


if __name__ == "__main__":
    main()
