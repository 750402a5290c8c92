"""Where projects happen: their municipalities and coordinates, for the portal's maps.

A project's municipalities are derived from its lead's and partners' municipalities
(Organisation.municipality_code), from its coordinates (the municipality whose boundary
holds the point) and from its postcode (the municipality the postcode's centre lies in),
unless staff have set them (then they stay as set). Coordinates come in as
WGS84 latitude/longitude or as UTM zone 32 east/north (ETRS89, as Danish registers and the
EU structural-fund lists write them).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.models import AuditEvent
from actionplan.core.services import Actor
from actionplan.organisations.municipalities import MUNICIPALITIES
from actionplan.organisations.postcodes import postcode_municipality

from .models import Participation, Project, ProjectMunicipality
from .summaries import summarised

BOUNDARIES = Path(__file__).resolve().parents[1] / "portal/static/portal/geo/dk-municipalities.json"


# -- coordinates ------------------------------------------------------------------------------


def utm32_to_wgs84(east: float, north: float) -> tuple[float, float]:
    """UTM zone 32N (ETRS89/GRS80) -> (latitude, longitude) in degrees, to about a metre."""
    a, f, k0 = 6378137.0, 1 / 298.257222101, 0.9996
    e2 = f * (2 - f)
    ep2 = e2 / (1 - e2)
    x, y = east - 500000.0, north
    m = y / k0
    mu = m / (a * (1 - e2 / 4 - 3 * e2**2 / 64 - 5 * e2**3 / 256))
    e1 = (1 - math.sqrt(1 - e2)) / (1 + math.sqrt(1 - e2))
    phi1 = (
        mu
        + (3 * e1 / 2 - 27 * e1**3 / 32) * math.sin(2 * mu)
        + (21 * e1**2 / 16 - 55 * e1**4 / 32) * math.sin(4 * mu)
        + (151 * e1**3 / 96) * math.sin(6 * mu)
        + (1097 * e1**4 / 512) * math.sin(8 * mu)
    )
    sin1, cos1, tan1 = math.sin(phi1), math.cos(phi1), math.tan(phi1)
    n1 = a / math.sqrt(1 - e2 * sin1**2)
    t1, c1 = tan1**2, ep2 * cos1**2
    r1 = a * (1 - e2) / (1 - e2 * sin1**2) ** 1.5
    d = x / (n1 * k0)
    lat = phi1 - (n1 * tan1 / r1) * (
        d**2 / 2
        - (5 + 3 * t1 + 10 * c1 - 4 * c1**2 - 9 * ep2) * d**4 / 24
        + (61 + 90 * t1 + 298 * c1 + 45 * t1**2 - 252 * ep2 - 3 * c1**2) * d**6 / 720
    )
    lon = (
        d
        - (1 + 2 * t1 + c1) * d**3 / 6
        + (5 - 2 * c1 + 28 * t1 - 3 * c1**2 + 8 * ep2 + 24 * t1**2) * d**5 / 120
    ) / cos1
    return math.degrees(lat), 9.0 + math.degrees(lon)


@cache
def _boundaries() -> list[tuple[int, tuple[float, float, float, float], list]]:
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    shapes = []
    for feature in data["features"]:
        polygons = feature["geometry"]["coordinates"]
        xs = [x for polygon in polygons for x, _y in polygon[0]]
        ys = [y for polygon in polygons for _x, y in polygon[0]]
        shapes.append(
            (feature["properties"]["code"], (min(xs), min(ys), max(xs), max(ys)), polygons)
        )
    return shapes


def _inside(x: float, y: float, ring: list) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def municipality_at(latitude: float | Decimal, longitude: float | Decimal) -> int | None:
    """The municipality whose (simplified) boundary holds the point, or None (at sea, abroad)."""
    x, y = float(longitude), float(latitude)
    for code, (x0, y0, x1, y1), polygons in _boundaries():
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        for polygon in polygons:
            if _inside(x, y, polygon[0]) and not any(_inside(x, y, hole) for hole in polygon[1:]):
                return code
    return None


# -- services ----------------------------------------------------------------------------------


def _codes(project: Project, partner_codes: Iterable[int | None]) -> set[int]:
    """The municipalities of the project's lead, of its partners (their codes given), of its
    coordinates and of its postcode."""
    codes = set(partner_codes)
    if project.lead is not None:
        codes.add(project.lead.municipality_code)
    if project.latitude is not None and project.longitude is not None:
        codes.add(municipality_at(project.latitude, project.longitude))
    if project.postcode:
        codes.add(postcode_municipality(project.postcode))
    return {code for code in codes if code}


def derived_codes(project: Project) -> set[int]:
    return _codes(
        project,
        project.participations.values_list("organisation__municipality_code", flat=True),
    )


def municipalities_of_new(projects: list[tuple[Project, list]]) -> None:
    """The derived municipalities of new projects (bulk imports), from the lead, partner
    organisations, coordinates and postcode given, in one insert."""
    rows = []
    for project, partners in projects:
        codes = _codes(project, (o.municipality_code for o in partners))
        rows += [ProjectMunicipality(project=project, code=c) for c in sorted(codes)]
    ProjectMunicipality.objects.bulk_create(rows)


def municipalities_derive_many(project_ids: Sequence[int]) -> None:
    """project_municipalities_derive for many projects (bulk imports), a few statements per
    thousand: the projects staff have placed are left alone. Their summaries are the
    caller's to rebuild (summaries.rebuild), as for refresh_totals_many."""
    for start in range(0, len(project_ids), core.BATCH):
        chunk = list(project_ids[start : start + core.BATCH])
        by_staff = set(
            ProjectMunicipality.objects.filter(project_id__in=chunk, set_by_staff=True)
            .values_list("project_id", flat=True)
            .distinct()
        )
        chunk = [pk for pk in chunk if pk not in by_staff]
        projects = Project.objects.filter(pk__in=chunk).select_related("lead")
        partners: dict[int, set[int | None]] = {}
        for project_id, code in Participation.objects.filter(project_id__in=chunk).values_list(
            "project_id", "organisation__municipality_code"
        ):
            partners.setdefault(project_id, set()).add(code)
        stored: dict[int, list[int]] = {}
        for project_id, code in ProjectMunicipality.objects.filter(
            project_id__in=chunk
        ).values_list("project_id", "code"):
            stored.setdefault(project_id, []).append(code)
        rows, stale = [], []
        for project in projects:
            codes = _codes(project, partners.get(project.pk, set()))
            if sorted(stored.get(project.pk, [])) != sorted(codes):
                stale.append(project.pk)
                rows += [ProjectMunicipality(project=project, code=c) for c in sorted(codes)]
        ProjectMunicipality.objects.filter(project_id__in=stale).delete()
        ProjectMunicipality.objects.bulk_create(rows)


def _replace(project: Project, codes: Iterable[int], *, by_staff: bool) -> tuple[list, list]:
    before = sorted(project.municipality_links.values_list("code", flat=True))
    after = sorted(set(codes))
    if before != after or by_staff:
        # The maps' sums per municipality (summaries.MunicipalityTotals) follow.
        with summarised(project.pk):
            project.municipality_links.all().delete()
            ProjectMunicipality.objects.bulk_create(
                [ProjectMunicipality(project=project, code=c, set_by_staff=by_staff) for c in after]
            )
    return before, after


@transaction.atomic
def project_municipalities_set(*, actor: Actor, project: Project, codes: Iterable[int]) -> None:
    """Staff say where the project works; an empty list hands it back to derivation."""
    codes = [int(c) for c in codes]
    unknown = [c for c in codes if c not in MUNICIPALITIES]
    if unknown:
        raise ValidationError(
            _("%(codes)s is not a municipality code.") % {"codes": ", ".join(map(str, unknown))}
        )
    core.authorize(actor, AuditEvent.Action.UPDATE, project)
    before, after = _replace(project, codes, by_staff=bool(codes))
    if not codes:
        before, after = _replace(project, derived_codes(project), by_staff=False)
    core.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=project,
        changes={"municipalities": [before, after]},
    )


def project_municipalities_derive(*, project: Project) -> None:
    """Derive the project's municipalities again unless staff have set them (system work,
    called by the project services after a change of lead, partners, coordinates or postcode)."""
    if project.municipality_links.filter(set_by_staff=True).exists():
        return
    _replace(project, derived_codes(project), by_staff=False)
