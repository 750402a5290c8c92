"""Text that XML cannot carry: control characters other than tab, line feed and carriage
return, lone surrogates, U+FFFE and U+FFFF. One of them in a stored text breaks every XLSX,
IATI, DOCX and PDF that includes it, so input refuses them (the services for forms, API and
imports alike; the importers name row and column) and every XML-based export removes them
as a second line of defence (`clean`)."""

import dataclasses
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def find(text: str) -> re.Match | None:
    return ILLEGAL.search(text) if isinstance(text, str) else None


def message(text: str, found: re.Match) -> str:
    return _(
        "The text contains a control character (%(char)s at position %(position)s) that "
        "cannot be stored; remove it (it often comes with text copied from another program)."
    ) % {"char": f"U+{ord(found.group()):04X}", "position": found.start() + 1}


def validate(value: Any) -> None:
    """A validator for form fields and schemas: refuses a text XML cannot carry."""
    for text in _strings(value):
        if found := find(text):
            raise ValidationError(message(text, found), code="xml_character")


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def validate_instance(instance: models.Model) -> None:
    """Every text field of a row about to be saved; the errors by field, as full_clean's."""
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, TEXT_FIELDS):
            continue
        try:
            validate(getattr(instance, field.attname))
        except ValidationError as error:
            errors[field.name] = error.messages
    if errors:
        raise ValidationError(errors)


def clean(value: Any) -> Any:
    """The value with every character XML cannot carry removed (strings inside lists, dicts
    and dataclasses too, such as a report's data); anything else as it is."""
    if isinstance(value, str):
        return ILLEGAL.sub("", value) if ILLEGAL.search(value) else value
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value,
            **{f.name: clean(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init},
        )
    return value
