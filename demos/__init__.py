"""Interactive demos shown inside lessons: the smelly alley, one neuron, and a tiny GAN.

The maths lives in plain modules (`alley`, `neuron`, `gan`); `present` turns
a state into what a page shows; `views` reads and stores the state in the
session and answers the demos' forms.
"""

from django.http import HttpRequest


def context_for(request: HttpRequest, name: str) -> dict:
    """The template context a lesson page needs to show demo `name`."""
    from lessons.demos import views  # imported late: lessons.views imports this package

    builders = {"steegje": views.alley_demo, "neuron": views.neuron_demo, "gan": views.gan_demo}
    build = builders.get(name)
    return build(request) if build else {}
