"""{% load svg %}: {{ 12.345|coord }} → 12.3, for SVG attributes (never '12,3')."""

from django import template

from common import svg

register = template.Library()
register.filter("coord", svg.coord)
