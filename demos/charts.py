"""The demos' server-drawn SVG charts, built on the shared geometry in common.svg.

Numbers go into SVG attributes, where a decimal comma would break the
drawing; everything here is formatted with a decimal point as text
(`common.svg.coord`), so the templates print it as is.
"""

from collections.abc import Sequence

import numpy as np

from common.svg import Scale, coord, polyline, ticks

BAR_LEFT = 120.0


def probability_bars(chances: Sequence[float], *, width: float = 240.0) -> list[dict]:
    """One horizontal bar per route: its length is the chance of choosing it."""
    bars = []
    for i, chance in enumerate(chances):
        length = max(chance * width, 1.0)
        bars.append(
            {
                "x": coord(BAR_LEFT),
                "width": coord(length),
                "y": coord(10 + i * 44),
                "text_y": coord(10 + i * 44 + 18),
                "end": coord(BAR_LEFT + length + 8),
            }
        )
    return bars


def neuron_lines(weights: Sequence[float], *, limit: float) -> list[dict]:
    """A line from each input to the neuron; thicker for a stronger weight."""
    lines = []
    for i, w in enumerate(weights):
        lines.append(
            {
                "y": coord(40 + i * 70),
                "thickness": coord(1.5 + 7.0 * abs(w) / limit),
                "sign": "plus" if w > 0 else "min" if w < 0 else "nul",
                "label_y": coord((40 + i * 70 + 110) / 2 - 8),
            }
        )
    return lines


def histogram(
    real: np.ndarray,
    fake: np.ndarray,
    *,
    low: float,
    high: float,
    bin_width: float,
    plot_width: float = 560.0,
    plot_height: float = 170.0,
) -> dict:
    """Side-by-side counts of real and fake values; values outside the range go to the edge bins."""
    edges = np.arange(low, high + bin_width / 2, bin_width)
    n_bins = len(edges) - 1
    real_counts = np.histogram(np.clip(real, low, high - 1e-9), bins=edges)[0]
    fake_counts = np.histogram(np.clip(fake, low, high - 1e-9), bins=edges)[0]
    top = max(int(real_counts.max()), int(fake_counts.max()), 1)
    slot = plot_width / n_bins
    bars = []
    for i in range(n_bins):
        for kind, counts, offset in (("echt", real_counts, 0.08), ("nep", fake_counts, 0.5)):
            h = plot_height * counts[i] / top
            bars.append(
                {
                    "kind": kind,
                    "x": coord(i * slot + offset * slot),
                    "y": coord(plot_height - h),
                    "width": coord(slot * 0.42),
                    "height": coord(h),
                }
            )
    return {
        "bars": bars,
        "ticks": axis_ticks(low, high, 10.0, plot_width),
        "rows": [
            {
                "from": int(edges[i]),
                "to": int(edges[i + 1]),
                "real": int(real_counts[i]),
                "fake": int(fake_counts[i]),
            }
            for i in range(n_bins)
        ],
    }


def axis_ticks(low: float, high: float, every: float, plot_width: float) -> list[dict]:
    x = Scale(low, high, 0.0, plot_width)
    return [{"x": coord(x(value)), "label": f"{value:.0f}"} for value in ticks(low, high, every)]


def curve_points(
    xs: np.ndarray,
    ys: np.ndarray,
    *,
    low: float,
    high: float,
    plot_width: float,
    plot_height: float,
) -> str:
    """An SVG polyline for ys in [0, 1] over xs in [low, high]."""
    px = (xs - low) / (high - low) * plot_width
    y = Scale(0.0, 1.0, plot_height, 0.0)
    return polyline((float(a), y(float(b))) for a, b in zip(px, ys, strict=True))
