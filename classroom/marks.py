"""Each answer's mark: a letter, a shape and a colour, the same on the board and
on the phones. The shape and the letter carry the meaning, the colour only
helps: a colour-blind pupil, or a board printed in grey, still tells them apart.

The shapes are inline SVG with presentation attributes (fill, stroke), which
the Content-Security-Policy allows; a `style` attribute would be blocked.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString

# Okabe and Ito's colours, told apart with every common kind of colour blindness;
# a dark outline gives each shape enough contrast on a light background.
OUTLINE = "#1b1f2a"


@dataclass(frozen=True)
class Mark:
    letter: str
    shape: str  # the shape's Dutch name, for the printed legend and tests
    colour: str
    path: str  # the shape in a 0..40 box

    @property
    def css(self) -> str:
        return f"mark-{self.letter.lower()}"

    def svg(self, size: int = 40) -> SafeString:
        return format_html(
            '<svg class="mark" viewBox="0 0 40 40" width="{}" height="{}" aria-hidden="true"'
            ' focusable="false"><path d="{}" fill="{}" stroke="{}" stroke-width="3"'
            ' stroke-linejoin="round"/></svg>',
            size,
            size,
            self.path,
            self.colour,
            OUTLINE,
        )


MARKS = (
    Mark("A", "driehoek", "#D55E00", "M20 3 L37 35 L3 35 Z"),
    Mark("B", "ruit", "#0072B2", "M20 2 L38 20 L20 38 L2 20 Z"),
    Mark("C", "cirkel", "#E69F00", "M20 3 A17 17 0 1 1 19.99 3 Z"),
    Mark("D", "vierkant", "#009E73", "M5 5 H35 V35 H5 Z"),
    Mark(
        "E",
        "ster",
        "#CC79A7",
        "M20 2 L25 15 L38 15 L27 23 L31 37 L20 29 L9 37 L13 23 L2 15 L15 15 Z",
    ),
    Mark("F", "zeshoek", "#56B4E9", "M11 4 H29 L38 20 L29 36 H11 L2 20 Z"),
    Mark("G", "kruis", "#F0E442", "M14 3 H26 V14 H37 V26 H26 V37 H14 V26 H3 V14 H14 Z"),
    Mark("H", "halve maan", "#999999", "M26 3 A17 17 0 1 0 26 37 A13 13 0 1 1 26 3 Z"),
)


def mark(position: int) -> Mark:
    """The mark of the answer at this position (0 = the first)."""
    return MARKS[position % len(MARKS)]
