"""{% load dutch %}: {{ 0.356|decimal:1 }} → 0,4 · {{ 0.784|percent }} → 78% ·
{{ 12|seconds }} → 12 seconden · {{ 72.46|clock }} → 1:12,5"""

from django import template

from common import dutch

register = template.Library()
register.filter("decimal", dutch.decimal)
register.filter("percent", dutch.percent)
register.filter("seconds", dutch.seconds)
register.filter("clock", dutch.clock)
