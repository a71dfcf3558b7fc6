"""Numbers and times written the Dutch way: a decimal comma, a real minus sign.

The one place where a decimal point becomes a comma. Python's own formatting
rounds; Django's `floatformat` would give the comma too, but only in a template
and with a hyphen for a minus. The same functions are the template filters in
common/templatetags/dutch.py.
"""

MINUS = "\N{MINUS SIGN}"


def decimal(value: float, places: int = 2) -> str:
    """`decimal(-0.356)` → '−0,36'; a value that rounds to zero has no sign."""
    text = f"{value:.{places}f}".replace(".", ",")
    if text.startswith("-"):
        text = text[1:] if not text.strip("-0,") else MINUS + text[1:]
    return text


def percent(fraction: float, places: int = 0) -> str:
    """`percent(0.784)` → '78%'; `percent(0.9912, 1)` → '99,1%'."""
    return f"{decimal(fraction * 100, places)}%"


def seconds(value: float) -> str:
    """A duration in whole seconds, in words: '1 seconde', '12 seconden'."""
    rounded = round(value)
    return "1 seconde" if rounded == 1 else f"{rounded} seconden"


def clock(value: float) -> str:
    """A moment in a clip as minutes:seconds with tenths: `clock(72.46)` → '1:12,5'."""
    tenths = round(max(0.0, value) * 10)
    minutes, tenths = divmod(tenths, 600)
    return f"{minutes}:{tenths // 10:02d},{tenths % 10}"
