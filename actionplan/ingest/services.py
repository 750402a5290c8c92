"""Ingest as services a view, the API or the CLI can call: parse -> draft -> commit.

upload = safety.check_upload(name, data)         # refuses unsafe files, writes nothing
draft = plan_draft_create(actor=..., upload=upload)   # parsed structure + source + doubts
draft = draft_update(actor=..., draft=draft, data=corrected)   # after review
plan = plan_draft_commit(actor=..., draft=draft)     # through the plans services
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.l10n import format_dkk_short
from actionplan.core.services import Actor
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans import services as plans
from actionplan.plans.models import ActionPlan, FocusArea, Strategy
from actionplan.projects import services as projects
from actionplan.projects.models import Project, ProjectStatus
from actionplan.rounds import services as rounds

from .errors import IngestError
from .memo import Candidate, parse_memo_text
from .models import IngestDraft, RoleLabel
from .plan import parse_plan_text
from .safety import Upload
from .text import extract_text

DRAFT = IngestDraft.State.DRAFT


def _actor_or_none(actor: Actor):
    return core.acting_user(actor)


def organisation_find(name_or_slug: str) -> Organisation | None:
    """The organisation with this slug, or else with this name (case and spacing aside)."""
    wanted = " ".join(name_or_slug.split())
    found = Organisation.objects.filter(slug=wanted).first()
    if found is None:
        found = Organisation.objects.filter(slug=slugify(wanted)).first()
    if found is None:
        casefolded = wanted.casefold()
        found = next(
            (o for o in Organisation.objects.all() if o.name.casefold() == casefolded), None
        )
    return found


def organisation_get_or_create(
    *, actor: Actor, name_or_slug: str, kind: str = Organisation.Kind.REGION
) -> tuple[Organisation, bool]:
    """The named organisation, created (as a region by default) when there is none."""
    from actionplan.organisations.services import organisation_create

    found = organisation_find(name_or_slug)
    if found is not None:
        return found, False
    name = " ".join(name_or_slug.split())
    if name == slugify(name):  # a slug was given: a readable name from it
        name = name.replace("-", " ").title()
    slug = _unique(name, set(Organisation.objects.values_list("slug", flat=True)))
    return organisation_create(actor=actor, name=name, slug=slug, kind=kind), True


def labels_for(organisation: Organisation | None) -> dict[str, list[str]]:
    """The organisation's own section labels, role -> words (see RoleLabel)."""
    labels: dict[str, list[str]] = {}
    if organisation is None:
        return labels
    for role, label in RoleLabel.objects.filter(organisation=organisation).values_list(
        "role", "label"
    ):
        labels.setdefault(role, []).append(label)
    return labels


def role_label_create(*, actor: Actor, organisation: Organisation, role: str, label: str):
    return core.create(
        RoleLabel(organisation=organisation, role=role, label=" ".join(label.split())),
        actor=actor,
    )


def role_label_delete(*, actor: Actor, label: RoleLabel) -> None:
    core.delete(label, actor=actor)


def plan_draft_create(
    *,
    actor: Actor,
    upload: Upload,
    organisation_slug: str | None = None,
    organisation: Organisation | None = None,
) -> IngestDraft:
    if organisation is None and organisation_slug:
        organisation = organisation_find(organisation_slug)
        if organisation is None:
            raise IngestError(
                _("No organisation with the name or slug “%(slug)s”.") % {"slug": organisation_slug}
            )
    text = extract_text(upload)
    data = parse_plan_text(text, labels_for(organisation))
    return _draft_create(
        actor, IngestDraft.Kind.PLAN, upload, text, data, organisation=organisation
    )


def _draft_create(actor: Actor, kind: str, upload, text: str, data: dict, **about) -> IngestDraft:
    """A draft of what a file says; the parser's doubts move from the data to their field."""
    doubts = data.pop("doubts")
    return core.create(
        IngestDraft(
            kind=kind,
            source_name=upload.name,
            source_text=text,
            data=data,
            doubts=doubts,
            created_by=_actor_or_none(actor),
            **about,
        ),
        actor=actor,
    )


def draft_update(
    *, actor: Actor, draft: IngestDraft, data: dict, expected_version: str | None = None
) -> IngestDraft:
    """The reviewer's corrections replace the parsed structure (refused with ConflictError
    when expected_version is given and the draft changed since the form opened)."""
    if draft.state != DRAFT:
        raise ValidationError(_("This draft has been committed or discarded already."))
    return core.update(draft, actor=actor, expected_version=expected_version, data=data)


def plan_draft_restructure(
    *,
    actor: Actor,
    draft: IngestDraft,
    op: str,
    theme: int,
    area: int,
    part: str = "",
    index: int = 0,
    target: str = "",
) -> IngestDraft:
    """One change of the found structure (ingest.review.restructure) saved in the draft."""
    from .review import restructure

    if draft.kind != IngestDraft.Kind.PLAN:
        raise ValidationError(_("Only a plan draft has themes and focus areas to change."))
    data = restructure(
        draft.data, op=op, theme=theme, area=area, part=part, index=index, target=target
    )
    return draft_update(actor=actor, draft=draft, data=data)


def draft_discard(*, actor: Actor, draft: IngestDraft) -> IngestDraft:
    return core.update(draft, actor=actor, state=IngestDraft.State.DISCARDED)


def plan_summary(draft: IngestDraft) -> str:
    themes = draft.data.get("themes", [])
    lines = [f"{draft.source_name}: {len(themes)} themes"]
    for theme in themes:
        lines.append(f"  {theme['title'] or '(no title)'}")
        for area in theme["focus_areas"]:
            lines.append(
                f"    - {area['title']}: {len(area['facts'])} facts, {len(area['goals'])} goals, "
                f"{len(area['activities'])} activities, {len(area['partners'])} partners, "
                f"{len(area['funding_sources'])} funding sources"
            )
    return "\n".join(lines)


def _unique(base: str, taken: set[str], length: int = 100) -> str:
    base = (slugify(base) or "x")[: length - 4].strip("-")
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _period(data: dict) -> tuple[dt.date, dt.date]:
    years = [int(y) for y in data.get("period", [])] or [dt.date.today().year]
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


@transaction.atomic
def plan_draft_commit(
    *,
    actor: Actor,
    draft: IngestDraft,
    slug: str | None = None,
    title: str | None = None,
    strategy: Strategy | None = None,
) -> ActionPlan:
    """Create the reviewed plan (as a draft plan) through the plans services."""
    if draft.state != DRAFT or draft.kind != IngestDraft.Kind.PLAN:
        raise ValidationError(_("Only a plan draft that is not committed can be committed."))
    data = draft.data
    organisation = draft.organisation or Organisation.objects.filter(kind="region").first()
    if organisation is None:
        raise IngestError(_("Say which organisation owns the plan (--organisation)."))
    title = title or data.get("title") or draft.source_name.rsplit(".", 1)[0]
    if strategy is None:
        strategy = Strategy.objects.filter(organisation=organisation).first() or (
            plans.strategy_create(
                actor=actor,
                title=title,
                slug=_unique(title, set(Strategy.objects.values_list("slug", flat=True))),
                organisation=organisation,
            )
        )
    start, end = _period(data)
    plan = plans.plan_create(
        actor=actor,
        strategy=strategy,
        organisation=organisation,
        title=title,
        slug=slug or _unique(title, set(ActionPlan.objects.values_list("slug", flat=True))),
        period_start=start,
        period_end=end,
        intro="\n\n".join(data.get("intro") or []),
    )
    theme_slugs: set[str] = set()
    area_slugs: set[str] = set()
    for order, theme_data in enumerate(data.get("themes", []), start=1):
        theme_title = theme_data["title"] or _("Theme %(number)s") % {"number": order}
        theme = plans.theme_create(
            actor=actor,
            plan=plan,
            title=theme_title,
            slug=_unique(theme_title, theme_slugs, 60),
            order=order,
            aliases=theme_data.get("aliases") or [],
        )
        for area_order, area in enumerate(theme_data["focus_areas"], start=1):
            _focus_area(actor, theme, area, area_order * 10, area_slugs)
    core.update(draft, actor=actor, state=IngestDraft.State.COMMITTED, plan=plan)
    return plan


def _focus_area(actor: Actor, theme, data: dict, order: int, slugs: set[str]) -> FocusArea:
    area = plans.focus_area_create(
        actor=actor,
        theme=theme,
        title=data["title"],
        slug=_unique(data["title"], slugs, 60),
        order=order,
        challenge=data.get("challenge", ""),
        approach=data.get("approach", ""),
        funding_text=data.get("funding_text", ""),
        figure_caption=data.get("figure_caption", ""),
        in_original_plan=data.get("in_original_plan", True),
        aliases=data.get("aliases") or [],
    )
    for index, fact in enumerate(data.get("facts") or [], start=1):
        plans.fact_create(actor=actor, focus_area=area, text=fact["text"], order=index)
    for index, goal in enumerate(data.get("goals") or [], start=1):
        plans.goal_create(
            actor=actor,
            focus_area=area,
            statement=goal["statement"],
            target_years=goal.get("target_years") or [],
            order=index,
        )
    for index, activity in enumerate(data.get("activities") or [], start=1):
        heading = "heading" in activity
        parent = plans.activity_create(
            actor=actor,
            focus_area=area,
            order=index,
            is_heading=heading,
            text=activity["heading"] if heading else activity["text"],
        )
        for item_order, item in enumerate(activity.get("items") or [], start=1):
            plans.activity_create(
                actor=actor, focus_area=area, parent=parent, order=item_order, text=item
            )
    for index, name in enumerate(data.get("partners") or [], start=1):
        plans.suggested_partner_create(actor=actor, focus_area=area, name=name, order=index)
    for index, funding in enumerate(data.get("funding_sources") or [], start=1):
        plans.suggested_funding_create(
            actor=actor, focus_area=area, name=funding["text"], order=index
        )
    return area


# -- memos ---------------------------------------------------------------------------------


def candidates_for(plan: ActionPlan) -> tuple[list[Candidate], dict[str, list[str]]]:
    areas = FocusArea.objects.filter(plan=plan).select_related("theme").order_by("order")
    candidates = [
        Candidate(area.slug, area.theme.slug, [area.title, *(area.aliases or [])]) for area in areas
    ]
    themes = {theme.slug: [theme.title, *(theme.aliases or [])] for theme in plan.themes.all()}
    return candidates, themes


def memo_draft_create(
    *, actor: Actor, upload: Upload, plan_slug: str, round_name: str
) -> IngestDraft:
    plan = ActionPlan.objects.filter(slug=plan_slug).first()
    if plan is None:
        raise IngestError(_("No plan with the slug “%(slug)s”.") % {"slug": plan_slug})
    text = extract_text(upload)
    candidates, themes = candidates_for(plan)
    data = parse_memo_text(text, candidates, themes)
    data["round"] = round_name
    return _draft_create(actor, IngestDraft.Kind.MEMO, upload, text, data, plan=plan)


def memo_summary(draft: IngestDraft) -> str:
    sections = draft.data.get("sections", [])
    lines = [f"{draft.source_name}: {len(sections)} sections for round “{draft.data['round']}”"]
    for section in sections:
        target = section["focus_area"] or _("NEW focus area")
        lines.append(f"  {section['heading']}  ->  {target} ({section['score']:.0%})")
        for item in section["items"]:
            money = ", ".join(format_dkk_short(Decimal(a["amount"])) for a in item["amounts"])
            bits = [b for b in (money, str(item.get("year") or ""), item.get("status_word")) if b]
            lines.append(f"    - {item['title'][:90]}" + (f"  [{'; '.join(bits)}]" if bits else ""))
    return "\n".join(lines)


# The sources a memo's grants come from, by the role memo.funding_named gives them.
MEMO_SOURCES = {
    "pool": ("RUS-puljen (regionale udviklingsmidler)", "rus-puljen", "regional_pool"),
    "health": ("Regionens sundhedsmidler", "sundhedsmidler", "health_funds"),
}


def _memo_source(role: str, plan: ActionPlan) -> FundingSource | None:
    _name, slug, kind = MEMO_SOURCES[role]
    sources = FundingSource.objects.filter(kind=kind).order_by("pk")
    return (
        sources.filter(organisation=plan.organisation).first()
        or sources.first()
        or FundingSource.objects.filter(slug=slug).first()
    )


def memo_sources_missing(draft: IngestDraft) -> list[str]:
    """The names of the funding sources the memo's grants need and the installation lacks
    (offered for creation: memo_draft_commit(create_sources=True))."""
    roles = {
        item.get("funding")
        for section in draft.data.get("sections", [])
        for item in section["items"]
        if item.get("funding")
    }
    plan = draft.plan
    return [
        MEMO_SOURCES[role][0]
        for role in sorted(roles)
        if role in MEMO_SOURCES and plan is not None and _memo_source(role, plan) is None
    ]


def _memo_sources(actor: Actor, plan: ActionPlan, create: bool) -> dict[str, FundingSource]:
    from actionplan.organisations.services import funding_source_create

    found: dict[str, FundingSource] = {}
    for role, (name, slug, kind) in MEMO_SOURCES.items():
        source = _memo_source(role, plan)
        if source is None and create:
            taken = set(FundingSource.objects.values_list("slug", flat=True))
            source = funding_source_create(
                actor=actor,
                name=name,
                slug=_unique(slug, taken),
                kind=kind,
                organisation=plan.organisation,
            )
        if source is not None:
            found[role] = source
    return found


@transaction.atomic
def memo_draft_commit(
    *,
    actor: Actor,
    draft: IngestDraft,
    reference_date: dt.date | None = None,
    create_sources: bool = True,
):
    """The round, an assessment per section, and a project with grant and update per item.

    Every amount becomes a grant: from the regional pool or the health funds, as the memo
    says. A fresh installation has no such funding source: it is created (the CLI and the
    workspace ask first, memo_sources_missing); with create_sources=False the commit is
    refused instead, so that no amount is ever dropped."""
    if draft.state != DRAFT or draft.kind != IngestDraft.Kind.MEMO or draft.plan is None:
        raise ValidationError(_("Only a memo draft that is not committed can be committed."))
    plan = draft.plan
    data = draft.data
    reference_date = reference_date or dt.date.today()
    status_round = rounds.round_create(
        actor=actor,
        plan=plan,
        name=data["round"],
        slug=_unique(data["round"], set(plan.rounds.values_list("slug", flat=True))),
        reference_date=reference_date,
    )
    areas = {area.slug: area for area in FocusArea.objects.filter(plan=plan)}
    themes = {theme.slug: theme for theme in plan.themes.all()}
    missing = memo_sources_missing(draft)
    if missing and not create_sources:
        raise IngestError(
            _(
                "The memo's grants need funding sources this installation lacks: %(names)s. "
                "Create them (--create-sources) or add them first."
            )
            % {"names": ", ".join(missing)}
        )
    sources = _memo_sources(actor, plan, create_sources)
    project_slugs = set(Project.objects.values_list("slug", flat=True))
    for section in data["sections"]:
        area = areas.get(section["focus_area"] or "")
        if area is None:
            theme = themes.get(section.get("theme") or "") or plan.themes.order_by("-order").first()
            if theme is None:
                continue
            area = plans.focus_area_create(
                actor=actor,
                theme=theme,
                title=section["heading"],
                slug=_unique(section["heading"], set(areas), 60),
                order=1000,
                approach=section["text"],
                in_original_plan=False,
            )
            areas[area.slug] = area
        if section["text"]:
            rounds.assessment_create(
                actor=actor,
                round=status_round,
                focus_area=area,
                text=section["text"],
                still_relevant=section.get("still_relevant"),
            )
        for item in section["items"]:
            status = item.get("status") or ProjectStatus.STARTED
            year = item.get("year")
            project = projects.project_create(
                actor=actor,
                title=item["title"][:300],
                slug=_unique(item["title"], project_slugs, 100),
                focus_areas=[area],
                kind=item.get("kind") or Project.Kind.PROJECT,
                description=item["text"],
                status=status,
                start=str(year) if year else None,
            )
            source = sources.get(item.get("funding") or "")
            if source is not None:
                for amount in item["amounts"] or [None]:
                    projects.grant_create(
                        actor=actor,
                        project=project,
                        source=source,
                        amount=Decimal(amount["amount"]) if amount else None,
                        decided=item.get("decided"),
                        upper_bound=bool(amount and amount.get("upper_bound")),
                        note=_("up to %(amount)s") % {"amount": amount["text"]}
                        if amount and amount.get("upper_bound")
                        else "",
                    )
            rounds.status_update_import(
                actor=actor,
                project=project,
                round=status_round,
                date=reference_date,
                status=status,
                narrative=item["text"],
                status_label=item.get("status_word", ""),
            )
    core.update(draft, actor=actor, state=IngestDraft.State.COMMITTED)
    return status_round


# -- spreadsheets from the workspace ---------------------------------------------------------


@transaction.atomic
def projects_sheet_import(
    *,
    actor: Actor,
    upload: Upload,
    mapping,
    currency: str = "DKK",
    rate: Decimal | None = None,
    focus_area=None,
    publish: bool = False,
    create_focus_areas: bool = False,
    progress=None,
):
    """Read the file with the reviewed column mapping, save the mapping for reuse and import
    every row, in one transaction: a bad row leaves neither projects nor the mapping behind.
    New projects go into focus_area (if given) unless the file names their focus areas.
    progress(stage, done, total), when given: "reading", then as spreadsheets.projects_import
    tells it."""
    from . import spreadsheets
    from .tables import read_table

    if progress is not None:
        progress("reading", 0, None)
    table = read_table(upload)
    rows = spreadsheets.rows_parse(table, mapping, currency=currency, rate=rate)
    spreadsheets.mapping_save(actor=actor, mapping=mapping)
    return spreadsheets.projects_import(
        actor=actor,
        file=upload.name,
        rows=rows,
        focus_area=focus_area,
        publish=publish,
        create_focus_areas=create_focus_areas,
        progress=progress,
    )
