"""Interactive demos shown inside lessons: the smelly alley, one neuron, and a tiny GAN.

The maths lives in plain modules (`alley`, `neuron`, `gan`); `present` turns
a state into what a page shows; `views` answers the demos' GET forms, whose
state travels in the form itself (no session, so lesson pages stay
cacheable). A lesson page shows its demo through the `{% demo %}` template
tag (`demos.templatetags.demos`), so the lessons app needs no import of this
one.
"""
