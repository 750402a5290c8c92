"""Form fields that read input the Danish way, and the glue between forms and services.

Workspace forms are plain forms.Form (not ModelForms): a ModelForm writes into the instance
while validating, which would hide the changes from the service that records them.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from actionplan.core.errors import ConflictError
from actionplan.core.l10n import format_bound, format_dkk, parse_dkk, parse_partial_date
from actionplan.core.services import version_of

T = TypeVar("T")


class _ParsedTextField(forms.CharField):
    """Text parsed into a value: the length limit applies to the text, not to the value
    (CharField's MaxLengthValidator would call len() on a Decimal or PartialDate)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)
        ]

    def to_python(self, value):
        text = super().to_python(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                _("Write at most %(limit)s characters.") % {"limit": self.max_length}
            )
        return text


class UpperBound(Decimal):
    """An amount written "op til 2 mio. kr.": a ceiling, not the amount itself."""


def split_bound(value: Decimal | None) -> tuple[Decimal | None, bool]:
    """An AmountField's value as (amount, is an upper bound)."""
    if value is None:
        return None, False
    return Decimal(value), isinstance(value, UpperBound)


class AmountField(_ParsedTextField):
    """DKK as people write it: "1,1 mio. kr.", "4.300.000", "4300000"; with allow_bound,
    "op til 2 mio. kr." too (an UpperBound; split_bound gives amount and flag)."""

    default_error_messages = {"required": _("Write an amount, e.g. 1,1 mio. kr.")}

    def __init__(self, *, allow_bound: bool = False, **kwargs):
        self.allow_bound = allow_bound
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("help_text", _("E.g. 1,1 mio. kr. or 4.300.000"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        # Written the way to_python reads it back, whatever the page's language.
        return format_bound(format_dkk(value, lang="da"), isinstance(value, UpperBound), lang="da")

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        parsed = parse_dkk(text)
        if parsed.upper_bound and self.allow_bound:
            return UpperBound(parsed.amount)
        if parsed.upper_bound:
            raise ValidationError(_("Write the amount itself, not an upper bound."))
        return parsed.amount


class PartialDateField(_ParsedTextField):
    """A date known to the day, month or year: "24.04.2014", "august 2021", "2020"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("E.g. 2021, august 2021 or 24.04.2014"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_partial_date(text)


class ModelChoiceField(forms.ModelChoiceField):
    """An id beyond what the database can store is an invalid choice, not a server error
    (SQLite raises OverflowError for an integer above 64 bits)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class NamedChoiceField(ModelChoiceField):
    """One row of a register too long for a select (organisations: 40.000 at national scale,
    a page of megabytes), typed by name: the exact name (any case), the slug, or the number.
    The page renders one text input; the lookup runs only when the form is sent."""

    widget = forms.TextInput

    def __init__(self, queryset, *, name_field: str = "name", **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.name_field = name_field
        self.widget.attrs.setdefault("class", "form-input")
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return getattr(value, self.name_field)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = self.queryset.filter(pk=value).values_list(self.name_field, flat=True)
            return found.first() or value
        return value

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if isinstance(value, int) or value.isdigit():
            return super().to_python(value)
        if "\x00" in value:
            raise ValidationError(_("Null characters are not allowed."), code="null_characters")
        name = {f"{self.name_field}__iexact": value}
        found = list(self.queryset.filter(Q(**name) | Q(slug=value)).order_by("pk")[:6])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("No “%(name)s” in the register: write the exact name."),
                code="invalid_choice",
                params={"name": value},
            )
        raise ValidationError(
            _("Several are called “%(name)s”: write the number of one of them (%(numbers)s)."),
            code="invalid_choice",
            params={"name": value, "numbers": ", ".join(str(row.pk) for row in found)},
        )


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """As ModelChoiceField, for several."""

    def clean(self, value):
        try:
            return super().clean(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ", ".join(str(v) for v in value)},
            ) from None


def textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# A focus area's "still relevant?": the form's choice and the stored value.
RELEVANCE = {"yes": True, "no": False, "unknown": None}


def relevance_choice(still_relevant: bool | None) -> str:
    return next(key for key, value in RELEVANCE.items() if value is still_relevant)


class RelevanceField(forms.ChoiceField):
    """Is the focus area still relevant: yes, no or not decided (RELEVANCE[choice] stores it)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Is the focus area still relevant?"),
            choices=[("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not decided"))],
            widget=forms.RadioSelect,
            **kwargs,
        )


class VersionedForm(forms.Form):
    """Carries the fingerprint of the values the form was opened with (optimistic locking)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = version_of(instance)

    @property
    def expected_version(self) -> str | None:
        return self.cleaned_data.get("version") or None


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's validation errors next to the fields they concern."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def save_form(form: forms.Form, write: Callable[[dict], T]) -> T | None:
    """Run a service with the form's cleaned data. Invalid input, a refusal by the service,
    and a conflict with someone else's save all end up as errors on the form (None returned);
    nothing is half-written, since every service runs in one transaction."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
    except ConflictError as error:
        form.add_error(None, str(error))
    return None


def saved_redirect(request, form: forms.Form, write: Callable[[dict], T], *, done, to):
    """The end of a workspace form's POST: the form written through `write(cleaned_data)` (as
    save_form), then the message `done` and a redirect to `to` (a URL or a view name; either
    may be a function of what was saved). None for a GET or when the form has errors, so that
    a view ends `return saved_redirect(...) or render(...)` to show the form (again)."""
    if request.method != "POST":
        return None
    saved = save_form(form, write)
    if saved is None:
        return None
    messages.success(request, done(saved) if callable(done) else done)
    return redirect(to(saved) if callable(to) else to)
