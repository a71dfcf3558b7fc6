"""`{{ mark|shape }}`: an answer's shape as inline SVG (classroom.marks)."""

from django import template
from django.utils.safestring import SafeString

from classroom.marks import Mark

register = template.Library()


@register.filter
def shape(mark: Mark, size: int = 40) -> SafeString:
    return mark.svg(int(size))
