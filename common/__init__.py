"""What several apps need and nothing app-specific: the typed htmx request, SVG
chart geometry, numbers and times written the Dutch way (Python functions and template
filters), the visitor's address, the attempt throttle, the public-page cache, the
request body limits and the log redaction.

It imports nothing from the project's other apps (tests/test_layout.py holds it to that).
"""
