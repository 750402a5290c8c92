"""Atom feeds of what changes in public: a plan's, a focus area's or a project's published
status updates (a project's status as reported) and grants, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from actionplan.core.l10n import format_dkk
from actionplan.plans.models import FocusArea
from actionplan.projects.models import Grant, Project, ProjectFocusArea
from actionplan.projects.selectors import published_projects
from actionplan.rounds.selectors import public_updates

from .selectors import get_published_plan

ENTRIES = 50


@dataclass
class Entry:
    key: str
    title: str
    text: str
    project: Project
    when: dt.datetime


def _moment(day: dt.date | None, fallback: dt.datetime) -> dt.datetime:
    if day is None:
        return fallback
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def entries(projects: QuerySet[Project]) -> list[Entry]:
    """The newest ENTRIES status updates and grants of these projects (two queries)."""
    updates = (
        public_updates()
        .filter(project__in=projects)
        .select_related("project")
        .order_by("-date", "-id")[:ENTRIES]
    )
    grants = (
        Grant.objects.filter(project__in=projects)
        .select_related("project", "source")
        .order_by("-decided_on", "-id")[:ENTRIES]
    )
    found = [
        Entry(
            key=f"update-{u.pk}",
            title=_("%(project)s: %(status)s")
            % {"project": u.project.title, "status": u.get_status_display()},
            text=u.narrative
            + (
                "\n" + _("%(progress)s %% done") % {"progress": u.progress}
                if u.progress is not None
                else ""
            ),
            project=u.project,
            when=_moment(u.date, u.updated_at),
        )
        for u in updates
    ]
    found += [
        Entry(
            key=f"grant-{g.pk}",
            title=_("%(project)s: grant from %(source)s")
            % {"project": g.project.title, "source": g.source.name},
            text=format_dkk(g.amount) if g.amount is not None else _("amount not stated"),
            project=g.project,
            when=_moment(g.decided_on, g.created_at),
        )
        for g in grants
    ]
    found.sort(key=lambda e: (e.when, e.key), reverse=True)
    return found[:ENTRIES]


class _Feed(Feed):
    feed_type = Atom1Feed

    def items(self, obj):
        return entries(self.projects(obj))

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.text

    def item_link(self, item: Entry) -> str:
        return reverse("portal:project", args=[item.project.slug]) + f"#{item.key}"

    def item_guid(self, item: Entry) -> str:
        return item.key

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.when

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.when


class PlanFeed(_Feed):
    def get_object(self, request, slug):
        return get_published_plan(slug)

    def title(self, plan) -> str:
        return _("News from %(plan)s") % {"plan": plan.title}

    def subtitle(self, plan) -> str:
        return _("Status updates and grants of the plan's published projects")

    def link(self, plan) -> str:
        return reverse("portal:plan", args=[plan.slug])

    def projects(self, plan):
        return published_projects().filter(
            Exists(ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area__plan=plan))
        )


class FocusAreaFeed(_Feed):
    def get_object(self, request, plan_slug, area_slug):
        plan = get_published_plan(plan_slug)
        return get_object_or_404(
            FocusArea.objects.select_related("plan"), plan=plan, slug=area_slug
        )

    def title(self, area) -> str:
        return _("News from %(area)s") % {"area": area.title}

    def subtitle(self, area) -> str:
        return _("Status updates and grants of the focus area's published projects")

    def link(self, area) -> str:
        return reverse("portal:focus_area", args=[area.plan.slug, area.slug])

    def projects(self, area):
        return published_projects().filter(
            Exists(ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area=area))
        )


class ProjectFeed(_Feed):
    def get_object(self, request, slug):
        return get_object_or_404(published_projects(), slug=slug)

    def title(self, project) -> str:
        return _("News from %(project)s") % {"project": project.title}

    def subtitle(self, project) -> str:
        return _("The project's published status updates and grants")

    def link(self, project) -> str:
        return reverse("portal:project", args=[project.slug])

    def projects(self, project):
        return published_projects().filter(pk=project.pk)
