"""`{% demo name %}`: a lesson page shows its demo in its current state."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from demos import views

register = template.Library()


@register.simple_tag(takes_context=True)
def demo(context: template.Context, name: str) -> SafeString:
    request = context["request"]
    return render_to_string(
        views.template_for(name), {"demo": views.context_for(request, name)}, request
    )
