"""The open data as flat tables with Danish headers, for CSV and XLSX.

Rows are made from the open-data JSON dictionaries (json_export via stream), so every format
carries the same projects and amounts. Project tables fan out from one pass over the projects.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from actionplan.core import xmltext
from actionplan.opendata import stream
from actionplan.plans.models import ActionPlan

Row = list[Any]


@dataclass(frozen=True)
class Table:
    name: str  # file name and key, ASCII
    title: str  # sheet name in Danish, at most 31 characters
    headers: tuple[str, ...]


PROJECTS = Table(
    "projekter",
    "Projekter",
    (
        "Projekt-id",
        "Titel",
        "Type",
        "Status",
        "Start",
        "Slut",
        "Budget (kr.)",
        "Bevilget i alt (kr.)",
        "Projektleder (organisation)",
        "Indsatsområder",
        "Verdensmål",
        "Beskrivelse",
        # new columns go last, so that readers by position keep working
        "Budget er et loft (op til)",
    ),
)
GRANTS = Table(
    "bevillinger",
    "Bevillinger",
    (
        "Projekt-id",
        "Projekt",
        "Finansieringskilde",
        "Beløb (kr.)",
        "Besluttet",
        "Beløb er et loft (op til)",
    ),
)
COFUNDING = Table(
    "medfinansiering",
    "Medfinansiering",
    ("Projekt-id", "Projekt", "Finansieringskilde", "Beløb (kr.)", "Status", "År", "Note"),
)
PARTNERS = Table("partnere", "Partnere", ("Projekt-id", "Projekt", "Organisation", "Roller"))
UPDATES = Table(
    "statusopdateringer",
    "Statusopdateringer",
    ("Projekt-id", "Projekt", "Dato", "Status", "Fremdrift (%)", "Tekst"),
)
FOCUS_AREAS = Table(
    "indsatsomraader",
    "Indsatsområder",
    (
        "Handlingsplan",
        "Tema",
        "Indsatsområde-id",
        "Indsatsområde",
        "Udfordringen",
        "Det vil vi gøre",
        "Fakta",
        "Mulige aktiviteter",
        "Mulige partnere",
        "Mulig finansiering",
    ),
)
INDICATORS = Table(
    "indikatorer",
    "Indikatorer",
    (
        "Handlingsplan",
        "Indsatsområde-id",
        "Mål",
        "Målår",
        "Indikator",
        "Enhed",
        "Baseline",
        "Baseline-år",
        "Målværdi",
        "Målværdi-år",
        "Status",
    ),
)
OBSERVATIONS = Table(
    "maalinger",
    "Målinger",
    ("Handlingsplan", "Indsatsområde-id", "Indikator", "Dato", "Værdi"),
)
ASSESSMENTS = Table(
    "vurderinger",
    "Vurderinger",
    ("Handlingsplan", "Statusrunde", "Indsatsområde-id", "Vurdering", "Fortsat relevant"),
)

PROJECT_TABLES = (PROJECTS, GRANTS, COFUNDING, PARTNERS, UPDATES)
PLAN_TABLES = (FOCUS_AREAS, INDICATORS, OBSERVATIONS, ASSESSMENTS)
TABLES = {table.name: table for table in PROJECT_TABLES + PLAN_TABLES}

LIST_SEPARATOR = "; "


def _joined(values: list[Any]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nej")


def granted_total(project: dict) -> int | float | None:
    """The sum of the project's grants; 0 without grants, None (unknown) when a grant's
    amount is unknown."""
    amounts = [g["amount_dkk"] for g in project["grants"]]
    return None if None in amounts else sum(amounts)


def project_rows(project: dict) -> dict[str, list[Row]]:
    """The rows one project gives in each project table."""
    pid, title = project["id"], project["title"]
    return {
        PROJECTS.name: [
            [
                pid,
                title,
                project["kind"],
                project["status"],
                project["start"],
                project["end"],
                project["budget_dkk"],
                granted_total(project),
                project["lead"],
                _joined(project["focus_areas"]),
                _joined(project["sdgs"]),
                project["description"],
                _yes_no(project["budget_upper_bound"]),
            ]
        ],
        GRANTS.name: [
            [pid, title, g["source"], g["amount_dkk"], g["decided"], _yes_no(g["upper_bound"])]
            for g in project["grants"]
        ],
        COFUNDING.name: [
            [pid, title, c["source"], c["amount_dkk"], c["status"], c["year"], c["note"]]
            for c in project["cofunding"]
        ],
        PARTNERS.name: [[pid, title, p["name"], _joined(p["roles"])] for p in project["partners"]],
        UPDATES.name: [
            [pid, title, u["date"], u["status"], u["progress"], u["text"]]
            for u in project["updates"]
        ],
    }


def plan_rows(themes: list[dict], assessments: list[dict]) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {table.name: [] for table in PLAN_TABLES}
    for theme in themes:
        for area in theme["focus_areas"]:
            rows[FOCUS_AREAS.name].append(
                [
                    theme["plan"],
                    theme["title"],
                    area["slug"],
                    area["title"],
                    area["challenge"],
                    area["approach"],
                    _joined(area["facts"]),
                    _joined(area["activities"]),
                    _joined(area["partners"]),
                    _joined(area["funding_sources"]),
                ]
            )
            for goal in area["goals"]:
                for indicator in goal["indicators"]:
                    baseline = indicator["baseline"] or {}
                    target = indicator["target"] or {}
                    rows[INDICATORS.name].append(
                        [
                            theme["plan"],
                            area["slug"],
                            goal["text"],
                            _joined(goal["target_years"]),
                            indicator["name"],
                            indicator["unit"],
                            baseline.get("value"),
                            baseline.get("year"),
                            target.get("value"),
                            target.get("year"),
                            indicator["status"],
                        ]
                    )
                    for observation in indicator["observations"]:
                        rows[OBSERVATIONS.name].append(
                            [
                                theme["plan"],
                                area["slug"],
                                indicator["name"],
                                observation["date"],
                                observation["value"],
                            ]
                        )
    for assessment in assessments:
        rows[ASSESSMENTS.name].append(
            [
                assessment["plan"],
                assessment["round"],
                assessment["focus_area"],
                assessment["text"],
                _yes_no(assessment["still_relevant"]),
            ]
        )
    return rows


def table_chunks(
    table: Table, plan: ActionPlan | None = None, *, progress: stream.Progress | None = None
) -> Iterator[list[Row]]:
    """The rows of one table, header not included, a chunk of projects at a time; project
    tables stream."""
    if table in PROJECT_TABLES:
        for chunk in stream.iter_project_chunks(plan, progress=progress):
            yield [row for project in chunk for row in project_rows(project)[table.name]]
        return
    plans = stream.scope_plans(plan)
    yield plan_rows(list(stream.iter_themes(plans)), list(stream.iter_assessments(plans)))[
        table.name
    ]


def table_rows(table: Table, plan: ActionPlan | None = None) -> Iterator[Row]:
    """The rows of one table, header not included; project tables stream."""
    for chunk in table_chunks(table, plan):
        yield from chunk


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV
    injection); numbers stay numbers; characters XML cannot carry are dropped (they would
    make the whole workbook unwritable)."""
    value = xmltext.clean(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
