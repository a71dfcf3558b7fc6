"""Benchmark: how fast each lesson demo answers one click.

    python bench/demos.py [--steps 200]

Runs in-process through Django's test client against a throw-away SQLite
database (migrated, sessions stored as in production), so a timing covers
everything but the network: CSRF and session middleware, form validation,
the maths, SVG rendering and the session write. For each demo it times
`--steps` htmx clicks (the fragment answer) and a quarter as many clicks
without JavaScript (POST, redirect, and the full lesson page), and prints the
median and 95th percentile in milliseconds per click. The GAN starts again,
untimed, before it reaches its last training step, so every timed click
really trains 50 steps.
"""

import argparse
import os
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


def timed(client, url: str, data: dict, *, htmx: bool) -> float:
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    start = time.perf_counter()
    response = client.post(url, data, **extra)
    if not htmx:
        response = client.get(response["Location"])
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed * 1000


def clicks(name: str, step: int) -> tuple[str, dict]:
    from django.urls import reverse

    if name == "steegje":
        return reverse("demos:steegje"), {"actie": ("straf", "beloning", "lopen")[step % 3]}
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
        return reverse("demos:neuron-leren"), {"actie": "stap"}
    return reverse("demos:gan"), {"actie": "train_50"}


def run(name: str, steps: int, *, htmx: bool) -> list[float]:
    from django.test import Client
    from django.urls import reverse

    from demos import gan

    client = Client()
    samples = []
    for step in range(steps):
        if name == "gan" and client.session.get("demo_gan", {}).get("n", 0) >= gan.MAX_STEPS - 50:
            client.post(reverse("demos:gan"), {"actie": "opnieuw"})
        url, data = clicks(name, step)
        samples.append(timed(client, url, data, htmx=htmx))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    steps = max(1, min(parser.parse_args().steps, 2000))
    with tempfile.TemporaryDirectory() as db_dir:
        setup_django(db_dir)
        print(f"{'demo':<10}{'kind':<22}{'clicks':>7}{'median ms':>11}{'p95 ms':>9}")
        for name in ("steegje", "neuron", "leren", "gan"):
            run(name, 5, htmx=True)  # warm up imports and template caches
            for kind, htmx, n in (
                ("htmx fragment", True, steps),
                ("no JS: post + page", False, steps // 4),
            ):
                samples = run(name, max(n, 1), htmx=htmx)
                print(
                    f"{name:<10}{kind:<22}{len(samples):>7}"
                    f"{statistics.median(samples):>11.1f}{percentile(samples, 0.95):>9.1f}"
                )


if __name__ == "__main__":
    main()
