from django import template

from actionplan.core.text import rich_text

register = template.Library()
register.filter("rich", rich_text)
