"""Dutch texts for everything a user reads.

Codes (dictionary keys) are stable: the web pages and stored reports refer to them.
The texts may be reworded freely.
"""

#: Why a signal could not be judged. Keys appear in ``report["unknown_reasons"]``.
UNKNOWN_REASONS = {
    "no_face": "Er is geen gezicht gevonden in de video.",
    "several_faces": (
        "Er zijn meerdere gezichten in beeld; de snelle controle werkt alleen met één gezicht."
    ),
    "face_turned_away": (
        "Het gezicht is grotendeels van opzij of afgewend te zien, "
        "dus de ogen zijn niet goed te volgen."
    ),
    "face_too_small": "Het gezicht is te klein in beeld om de ogen goed te kunnen meten.",
    "too_dark": "Het gezicht is te donker om de ogen goed te kunnen meten.",
    "too_short": (
        "Er is te weinig tijd met een goed zichtbaar gezicht om iets over het knipperen "
        "te zeggen. Mensen knipperen niet elke seconde; daarvoor is minstens "
        "twintig seconden beeld nodig."
    ),
    "face_mostly_missing": "Het gezicht is een groot deel van de tijd niet te zien.",
}

#: Why a moment was flagged. Keys appear as ``reason`` in ``suspicious_moments``.
MOMENT_REASONS = {
    "face_blurrier_than_scene": "Het gezicht is veel waziger dan de omgeving.",
    "sudden_face_blur": "Het gezicht wordt plotseling wazig en daarna weer scherp.",
    "few_blinks": "Er wordt opvallend weinig geknipperd.",
    "many_blinks": "Er wordt opvallend vaak geknipperd.",
    "odd_blink": "Een knippering die vreemd verloopt (heel lang of heel kort).",
}

#: Short labels for the signal values in ``report["signals"]``.
SIGNAL_LABELS = {
    "blink_rate": {
        "low": "weinig geknipperd",
        "normal": "normaal geknipperd",
        "high": "veel geknipperd",
        "unknown": "knipperen niet te beoordelen",
    },
    "blur": {
        "none": "geen wazige momenten",
        "some": "enkele wazige momenten",
        "many": "veel wazige momenten",
        "unknown": "scherpte niet te beoordelen",
    },
}

# Error messages (AnalysisError); shown on the upload form and in the status page.
ERROR_NOT_FOUND = "Het bestand is niet gevonden."
ERROR_EMPTY = "Het bestand is leeg."
ERROR_CANNOT_OPEN = "Dit bestand kan niet als video worden geopend."
ERROR_NO_FRAMES = "Er zijn geen beelden uit deze video te lezen."
ERROR_BAD_SIZE = "De video heeft een onbruikbare beeldgrootte."
ERROR_TOO_SLOW = "De analyse duurde te lang en is gestopt."
ERROR_READ_FAILED = "Het lezen van de video is halverwege mislukt."
ERROR_BAD_TIME = "Dit tijdstip ligt niet binnen de video."
