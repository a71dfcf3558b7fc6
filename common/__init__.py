"""What several apps need: the typed htmx request, SVG chart geometry and
numbers and times written the Dutch way (Python functions and template filters).

A plain module with no models: it imports nothing from the project's other apps.
"""
