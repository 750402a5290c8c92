from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.projects.models import ProjectStatus
from actionplan.projects.selectors import ProjectFilter

SORT_CHOICES = [
    ("title", _("Title (A-Å)")),
    ("-start", _("Newest start first")),
    ("start", _("Oldest start first")),
    ("-granted", _("Most money granted first")),
]


class ProjectFilterForm(forms.Form):
    """The project list's filters; the choices offer only what published content uses."""

    q = forms.CharField(
        label=_("Search in titles and descriptions"), required=False, max_length=200
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    focus_area = forms.TypedChoiceField(
        label=_("Focus area"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProjectStatus.choices]
    )
    year = forms.TypedChoiceField(
        label=_("Running in year"), required=False, coerce=int, empty_value=None
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    source = forms.ChoiceField(label=_("Funding source"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, options):
        super().__init__(data)
        everything = [("", _("All"))]
        many_plans = options["plans_count"] > 1
        self.fields["theme"].choices = everything + [
            (pk, f"{title} ({plan})" if many_plans else title)
            for pk, title, _plan_id, plan in options["themes"]
        ]
        self.fields["focus_area"].choices = everything + [
            (pk, f"{title} ({plan})" if many_plans else title)
            for pk, title, _plan_id, plan in options["focus_areas"]
        ]
        self.fields["year"].choices = everything + [(y, str(y)) for y in options["years"]]
        # Too many organisations to list (see selectors.ORGANISATIONS_LISTED): a name field.
        self.organisation_by_name = options["organisations"] is None
        if self.organisation_by_name:
            self.fields["organisation"] = forms.CharField(
                label=_("Organisation (name or part of it)"),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"type": "search"}),
            )
        else:
            self.fields["organisation"].choices = everything + list(options["organisations"])
        self.fields["source"].choices = everything + list(options["sources"])

    def filters(self) -> ProjectFilter:
        """The valid filters; a field with a bad value is left out (and shows its error)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        # A slug from the list, or a name (or part of one) typed in the text field.
        organisation = data.get("organisation", "").strip() or None
        by_name = self.organisation_by_name
        return ProjectFilter(
            search=(data.get("q") or "").strip() or None,
            theme=data.get("theme"),
            focus_area=data.get("focus_area"),
            status=data.get("status") or None,
            year=data.get("year"),
            organisation=None if by_name else organisation,
            organisation_name=organisation if by_name else None,
            funding_source=data.get("source") or None,
        )

    def order(self) -> str:
        """The order chosen, as a key of projects.selectors.PROJECT_SORTS."""
        self.is_valid()
        return self.cleaned_data.get("sort") or "title"

    def active_count(self) -> int:
        return sum(bool(value) for value in vars(self.filters()).values())
