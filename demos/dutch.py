"""Numbers written the Dutch way: a decimal comma and a real minus sign."""


def decimal(value: float, places: int = 2) -> str:
    """`decimal(-0.355)` → '−0,36'."""
    text = f"{value:.{places}f}".replace(".", ",")
    if text.startswith("-"):
        # "−0,00" reads oddly; a rounded zero has no sign.
        text = text[1:] if float(text[1:].replace(",", ".")) == 0 else "−" + text[1:]
    return text


def percent(fraction: float, places: int = 0) -> str:
    """`percent(0.784)` → '78%'; `percent(0.9912, 1)` → '99,1%'."""
    if places == 0:
        return f"{round(fraction * 100)}%"
    return f"{decimal(fraction * 100, places)}%"
