from django import template

from actionplan.reports import charts

register = template.Library()


@register.filter
def chart_uri(spec_json: str, image_format: str | None = None) -> str:
    """A chart spec drawn as an SVG data URI (the CSP allows data: images), or as PNG with
    image_format "png" (the PDF: WeasyPrint places a picture faster than it lays out SVG)."""
    if not spec_json:
        return ""
    if image_format in ("pdf-png", "pdf-svg"):  # render_pdf's url_fetcher gives the picture
        return charts.reference(spec_json, image_format[4:])
    if image_format == "png":
        return charts.png_data_uri(spec_json)
    return charts.svg_data_uri(spec_json)
