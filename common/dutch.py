"""Numbers and times written the Dutch way: a decimal comma, a real minus sign, "1
seconde" but "2 seconden", a list joined with "en".

The one place where a decimal point becomes a comma. Python's own formatting
rounds; Django's `floatformat` would give the comma too, but only in a template
and with a hyphen for a minus. `decimal`, `percent`, `seconds` and `clock` are also
the template filters of common/templatetags/dutch.py.
"""

MINUS = "\N{MINUS SIGN}"


def decimal(value: float, places: int = 2) -> str:
    """`decimal(-0.356)` → '−0,36'; a value that rounds to zero has no sign."""
    text = f"{value:.{places}f}".replace(".", ",")
    if text.startswith("-"):
        text = text[1:] if not text.strip("-0,") else MINUS + text[1:]
    return text


def number(value: float, places: int = 1) -> str:
    """`number(10.0)` → '10', `number(12.5)` → '12,5': decimals only when it has them."""
    if round(value, places) == round(value):
        return decimal(round(value), 0)
    return decimal(value, places)


def percent(fraction: float, places: int = 0) -> str:
    """`percent(0.784)` → '78%'; `percent(0.9912, 1)` → '99,1%'."""
    return f"{decimal(fraction * 100, places)}%"


def seconds(value: float) -> str:
    """A duration in whole seconds, in words: '1 seconde', '12 seconden'."""
    rounded = round(value)
    return "1 seconde" if rounded == 1 else f"{rounded} seconden"


def seconds_tenths(value: float) -> str:
    """A duration to a tenth of a second: '0,6 seconde', '1,0 seconde', '2,1 seconden'."""
    text = decimal(value, 1)
    return f"{text} seconde" if round(value, 1) <= 1 else f"{text} seconden"


def times(count: int) -> str:
    """How often: '1 keer', '3 keer'."""
    return f"{count} keer"


def join(parts: list[str]) -> str:
    """`join(["a", "b", "c"])` → 'a, b en c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def clock(value: float) -> str:
    """A moment in a clip as minutes:seconds with tenths: `clock(72.46)` → '1:12,5'."""
    tenths = round(max(0.0, value) * 10)
    minutes, tenths = divmod(tenths, 600)
    return f"{minutes}:{tenths // 10:02d},{tenths % 10}"
