"""The sections of each lesson that other parts link to (quiz feedback, the admin).

Each anchor is the id of a heading in the lesson's body template
(`templates/lessons/bodies/<slug>.html`); the label is what a pupil reads.
`tests/quiz/test_seed.py` checks that every anchor a question uses is on its page.
"""

from dataclasses import dataclass

from lessons import presentation
from lessons.content import Lesson

SECTION_LABELS: dict[str, dict[str, str]] = {
    "wat-is-een-deepfake": {
        "het-woord": "Waar het woord vandaan komt",
        "soorten": "Soorten deepfakes",
        "camera-liegt-niet": "‘De camera liegt niet’ klopt niet meer",
        "misbruik": "Misbruik",
        "apps": "Apps die het makkelijk maken",
    },
    "neurale-netwerken": {
        "neuronen": "Neuronen",
        "lagen": "Lagen",
        "leren-van-voorbeelden": "Leren van voorbeelden",
    },
    "stinkend-steegje": {
        "het-steegje": "Het steegje",
        "feedback": "Feedback",
        "netwerk-leert": "Zo leert een netwerk",
    },
    "gan": {
        "maker-en-checker": "Maker en checker",
        "ronde-na-ronde": "Ronde na ronde",
        "wanneer-klaar": "Wanneer stopt de training?",
        "mensen-als-checker": "Jij als checker",
        "andere-technieken": "Hoe deepfakes nu gemaakt worden",
    },
    "toepassingen": {
        "goed": "Goede toepassingen",
        "schadelijk": "Schadelijke toepassingen",
        "nepadvertenties": "Neppe advertenties met bekende gezichten",
        "grijs-gebied": "Het grijze gebied",
    },
    "gevaren": {
        "nepnieuws": "Nepnieuws",
        "chantage": "Chantage",
        "naaktbeelden": "Nepnaaktfoto’s",
        "stemfraude": "Stemfraude",
        "videobellen": "Ook een videogesprek kan nep zijn",
        "wet": "Wat zegt de wet?",
        "nepvideo-klasgenoot": "Een vernederende nepvideo van een klasgenoot",
        "wat-doe-je": "Wat doe je als het gebeurt?",
        "hulp": "Hier vind je hulp",
    },
    "herkennen": {
        "kijk": "Goed kijken",
        "knipperen": "Knipperen",
        "mond": "Mond en tanden",
        "hoofd-en-lichaam": "Hoofd en lichaam",
        "vage-pixels": "Wazige randen en pixels",
        "licht-handen-oren": "Licht, handen en oren",
        "gemaakte-video": "Video’s die helemaal gemaakt zijn",
        "luister": "Goed luisteren",
        "controleer-de-bron": "Controleer de bron",
        "echte-foto-vals-verhaal": "Een echte foto bij een verzonnen verhaal",
        "herkomst-oefening": "Probeer het: wat laat een herkomstlabel zien?",
        "niet-genoeg": "Kijken is niet genoeg",
        "test-jezelf": "Test de controle op jezelf",
        "gewaarschuwd": "Een gewaarschuwd mens telt voor twee",
    },
}


def section_label(lesson_slug: str, anchor: str) -> str:
    """The name a pupil reads for a section of a lesson."""
    known = SECTION_LABELS.get(lesson_slug, {}).get(anchor)
    return known or anchor.replace("-", " ").capitalize()


def sections_of(lesson_slug: str) -> dict[str, str]:
    """Anchor → label for the sections of one lesson, in lesson order."""
    return dict(SECTION_LABELS.get(lesson_slug, {}))


def lesson_of_section(anchor: str) -> str | None:
    """The slug of the lesson that has a section with this anchor, if any."""
    return next((slug for slug, sections in SECTION_LABELS.items() if anchor in sections), None)


# The parts of a lesson page after its text, in page order (templates/lessons/lesson_detail.html).
DEMO_SECTION = ("probeer", "Probeer het zelf")
CLOSING_SECTIONS = (
    ("check-jezelf", "Check jezelf"),
    ("bespreken", "Praat erover in de klas"),
    ("begrippen", "Begrippen"),
    ("bronnen", "Bronnen"),
)


@dataclass(frozen=True)
class Contents:
    """The table of contents at the top of a lesson page: (id, label) pairs in page order."""

    text: list[tuple[str, str]]
    demo: tuple[str, str] | None
    closing: tuple[tuple[str, str], ...] = CLOSING_SECTIONS


def contents(lesson: Lesson, body_html: str) -> Contents:
    """What a pupil can jump to: each section of the lesson's text by its own heading,
    the demo, and the parts every lesson ends with."""
    return Contents(
        text=presentation.section_headings(body_html),
        demo=DEMO_SECTION if lesson.demo else None,
    )
