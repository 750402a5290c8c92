from django import template

from actionplan.reports import charts

register = template.Library()


@register.filter
def chart_uri(spec_json: str) -> str:
    """A chart spec drawn as an SVG data URI (the CSP allows data: images)."""
    return charts.svg_data_uri(spec_json) if spec_json else ""
