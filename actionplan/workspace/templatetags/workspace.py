"""Form fields in the markup of the Danish design system (dkfds), with the error next to the
field and tied to it by aria-describedby, so screen readers read it with the field."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-checkbox"
    # Before RadioSelect: Django's CheckboxSelectMultiple is a RadioSelect.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "form-checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "form-radio"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


def _attrs(attrs: dict) -> SafeString:
    """HTML attributes as Django's widgets/attrs.html writes them (True: the name alone)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


def _option_input(option: forms.boundfield.BoundWidget) -> SafeString:
    """One checkbox or radio of a choice field, as Django's input.html writes it; written
    here since a template per option made a form with a plan's 200 focus areas cost 100 ms."""
    data = option.data
    value = "" if data["value"] is None else format_html(' value="{}"', data["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>', data["type"], data["name"], value, _attrs(data["attrs"])
    )


def _select(bound: forms.BoundField, attrs: dict) -> SafeString:
    """A select as Django's select.html and select_option.html write it, without a template
    per option (the focus areas of every plan are a few hundred options)."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(attrs, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    groups = []
    for group_name, options, _index in context["optgroups"]:
        items = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((o["value"], _attrs(o["attrs"]), o["label"]) for o in options),
        )
        groups.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, items)
            if group_name
            else items
        )
    return format_html(
        '<select name="{}"{}>{}</select>',
        context["name"],
        _attrs(context["attrs"]),
        format_html_join("", "{}", ((g,) for g in groups)),
    )


def _error(field: forms.BoundField, error_id: str) -> SafeString:
    if not field.errors:
        return SafeString("")
    return format_html(
        '<span class="form-error-message" id="{}"><span class="sr-only">{}</span>{}</span>',
        error_id,
        _("Error:"),
        " ".join(str(e) for e in field.errors),
    )


@register.simple_tag
def field(bound: forms.BoundField, **attrs) -> SafeString:
    """One field: label, hint, error and input. Extra keyword arguments become input attributes
    (e.g. {% field form.amount inputmode="decimal" %})."""
    widget = bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return bound.as_widget()
    input_id = bound.id_for_label or bound.auto_id
    hint_id, error_id = f"{input_id}-hint", f"{input_id}-error"
    described = [i for i, on in ((hint_id, bound.help_text), (error_id, bound.errors)) if on]
    attrs = {"class": _css_class(widget), **attrs}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    if bound.field.required and not isinstance(widget, forms.CheckboxInput):
        attrs["required"] = True
    hint = (
        format_html('<span class="form-hint" id="{}">{}</span>', hint_id, bound.help_text)
        if bound.help_text
        else ""
    )
    group = "form-group form-error" if bound.errors else "form-group"
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="{}"><div class="form-group-checkbox">{}<label class="form-label" '
            'for="{}">{}</label></div>{}{}</div>',
            group,
            bound.as_widget(attrs=attrs),
            input_id,
            bound.label,
            hint,
            _error(bound, error_id),
        )
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        kind = "checkbox" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio"
        # Each option is its own input: it needs the class (dkfds draws the control from it).
        for option in bound.subwidgets:
            option.data["attrs"] = {**option.data["attrs"], "class": attrs["class"]}
        options = format_html_join(
            "",
            '<li class="form-group-{}">{}<label class="form-label" for="{}">{}</label></li>',
            (
                (kind, _option_input(option), option.id_for_label, option.choice_label)
                for option in bound.subwidgets
            ),
        )
        return format_html(
            '<div class="{}"><fieldset{}><legend class="form-label">{}</legend>{}{}'
            '<ul class="nobullet-list">{}</ul></fieldset></div>',
            group,
            format_html(' aria-describedby="{}"', " ".join(described)) if described else "",
            bound.label,
            hint,
            _error(bound, error_id),
            options,
        )
    return format_html(
        '<div class="{}"><label class="form-label" for="{}">{}{}</label>{}{}{}</div>',
        group,
        input_id,
        bound.label,
        "" if bound.field.required else format_html(" <span>({})</span>", _("optional")),
        hint,
        _error(bound, error_id),
        _select(bound, attrs)
        if type(widget) in (forms.Select, forms.SelectMultiple)
        else bound.as_widget(attrs=attrs),
    )


@register.simple_tag
def fields(form: forms.Form) -> SafeString:
    """Every field of a form, in order, hidden ones included."""
    return format_html_join("", "{}", ((field(bound),) for bound in form))


@register.simple_tag
def form_errors(form: forms.Form) -> SafeString:
    """Errors that belong to no single field (a conflict, a refused change) as an alert."""
    errors = form.non_field_errors()
    hidden = [e for bound in form.hidden_fields() for e in bound.errors]
    if not errors and not hidden:
        return SafeString("")
    items = format_html_join("", "<li>{}</li>", ((e,) for e in [*errors, *hidden]))
    return format_html(
        '<div class="alert alert-error" role="alert"><div class="alert-body">'
        '<p class="alert-heading">{}</p><ul class="alert-text">{}</ul></div></div>',
        _("The changes were not saved"),
        items,
    )


@register.filter
def moment(value) -> str:
    """A moment written as every history and the log write it: "4. december 2026 kl. 18.33"."""
    from actionplan.core.history import format_moment

    return format_moment(value) if value else ""
