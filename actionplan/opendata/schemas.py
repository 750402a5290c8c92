"""What the downloads look like, as data: a Table Schema for each CSV table, a JSON Schema for
the JSON document, and a Data Package that lists the tables of everything with their schemas
(https://datapackage.org). Served at stable addresses (/data/datapackage.json,
/data/skema/<table>.json, /data/skema/json-dokument.json) and named by the catalogue; the
tests validate real exports against them with frictionless and jsonschema.

Unknown values are empty in a CSV cell and null in JSON, never 0.
"""

from collections.abc import Callable
from typing import Any

from actionplan.indicators.models import Indicator
from actionplan.indicators.progress import Status
from actionplan.projects.models import CoFunding, Participation, Project, ProjectStatus

from .tables import (
    ASSESSMENTS,
    COFUNDING,
    FOCUS_AREAS,
    GRANTS,
    INDICATORS,
    OBSERVATIONS,
    PARTNERS,
    PLAN_TABLES,
    PROJECT_TABLES,
    PROJECTS,
    UPDATES,
    Table,
)

# A date known to the year, the month or the day: 2021, 2021-08, 2021-08-15.
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
LIST = "Flere værdier adskilt af semikolon og mellemrum."
UNKNOWN = "Tom: ukendt."


def _string(description: str = "", **constraints) -> dict[str, Any]:
    return {"type": "string", "description": description, "constraints": constraints}


def _number(description: str = UNKNOWN, **constraints) -> dict[str, Any]:
    return {"type": "number", "description": description, "constraints": constraints}


def _integer(description: str = UNKNOWN, **constraints) -> dict[str, Any]:
    return {"type": "integer", "description": description, "constraints": constraints}


def _partial_date(description: str) -> dict[str, Any]:
    return _string(
        f"{description} Kendt til året, måneden eller dagen (2021, 2021-08, 2021-08-15). "
        + UNKNOWN,
        pattern=PARTIAL_DATE,
    )


def _choices(choices) -> list[str]:
    return [value for value, _ in choices]


PROJECT_ID = _string("Projektets id (som i adressen på portalen).", required=True)
PROJECT_TITLE = _string("Projektets titel.", required=True)
PLAN = _string("Handlingsplanens id.", required=True)
AREA_ID = _string("Indsatsområdets id i planen.", required=True)

FIELDS: dict[str, dict[str, dict[str, Any]]] = {
    PROJECTS.name: {
        "Projekt-id": {**PROJECT_ID, "constraints": {"required": True, "unique": True}},
        "Titel": PROJECT_TITLE,
        "Type": _string("Projekt eller initiativ.", enum=_choices(Project.Kind.choices)),
        "Status": _string("Projektets status.", enum=_choices(ProjectStatus.choices)),
        "Start": _partial_date("Projektets start."),
        "Slut": _partial_date("Projektets slut."),
        "Budget (kr.)": _number("Projektets samlede budget i kroner. " + UNKNOWN, minimum=0),
        "Bevilget i alt (kr.)": _number(
            "Summen af projektets bevillinger i kroner; 0 uden bevillinger. Tom når en "
            "bevillings beløb er ukendt.",
            minimum=0,
        ),
        "Projektleder (organisation)": _string("Den ledende organisation."),
        "Indsatsområder": _string("Indsatsområdernes id'er. " + LIST),
        "Verdensmål": _string("FN's verdensmål (1-17). " + LIST),
        "Beskrivelse": _string("Projektets beskrivelse."),
        "Budget er et loft (op til)": _string(
            "ja: budgettet er et loft (“op til”), nej: et beløb.", enum=["ja", "nej"]
        ),
    },
    GRANTS.name: {
        "Projekt-id": PROJECT_ID,
        "Projekt": PROJECT_TITLE,
        "Finansieringskilde": _string("Hvem bevilgede.", required=True),
        "Beløb (kr.)": _number("Bevillingens beløb i kroner. " + UNKNOWN, minimum=0),
        "Besluttet": _partial_date("Hvornår bevillingen blev besluttet."),
        "Beløb er et loft (op til)": _string(
            "ja: beløbet er et loft (“op til”), nej: et beløb.", enum=["ja", "nej"]
        ),
    },
    COFUNDING.name: {
        "Projekt-id": PROJECT_ID,
        "Projekt": PROJECT_TITLE,
        "Finansieringskilde": _string("Medfinansieringens kilde.", required=True),
        "Beløb (kr.)": _number("Beløbet i kroner. " + UNKNOWN, minimum=0),
        "Status": _string("Medfinansieringens status.", enum=_choices(CoFunding.Status.choices)),
        "År": _integer("Året medfinansieringen gælder. " + UNKNOWN),
        "Note": _string(),
    },
    PARTNERS.name: {
        "Projekt-id": PROJECT_ID,
        "Projekt": PROJECT_TITLE,
        "Organisation": _string("Partneren.", required=True),
        "Roller": _string(
            "Partnerens roller (IATI): "
            + ", ".join(_choices(Participation.Role.choices))
            + ". "
            + LIST
        ),
    },
    UPDATES.name: {
        "Projekt-id": PROJECT_ID,
        "Projekt": PROJECT_TITLE,
        "Dato": {"type": "date", "description": "Opdateringens dato.", "constraints": {}},
        "Status": _string(
            "Projektets status ved opdateringen.", enum=_choices(ProjectStatus.choices)
        ),
        "Fremdrift (%)": _integer("Fremdrift i procent. " + UNKNOWN, minimum=0, maximum=100),
        "Tekst": _string(),
    },
    FOCUS_AREAS.name: {
        "Handlingsplan": PLAN,
        "Tema": _string("Temaets titel.", required=True),
        "Indsatsområde-id": AREA_ID,
        "Indsatsområde": _string("Indsatsområdets titel.", required=True),
        "Udfordringen": _string(),
        "Det vil vi gøre": _string(),
        "Fakta": _string(LIST),
        "Mulige aktiviteter": _string(LIST),
        "Mulige partnere": _string(LIST),
        "Mulig finansiering": _string(LIST),
    },
    INDICATORS.name: {
        "Handlingsplan": PLAN,
        "Indsatsområde-id": AREA_ID,
        "Mål": _string("Målet indikatoren måler.", required=True),
        "Målår": _string("Målets målår. " + LIST),
        "Indikator": _string("Indikatorens navn.", required=True),
        "Enhed": _string(),
        "Baseline": _number(),
        "Baseline-år": _integer(),
        "Målværdi": _number(),
        "Målværdi-år": _integer(),
        "Status": _string("Indikatorens status.", enum=_choices(Status.choices)),
    },
    OBSERVATIONS.name: {
        "Handlingsplan": PLAN,
        "Indsatsområde-id": AREA_ID,
        "Indikator": _string("Indikatorens navn.", required=True),
        "Dato": {
            "type": "date",
            "description": "Målingens dato.",
            "constraints": {"required": True},
        },
        "Værdi": {
            "type": "any",
            "description": "Et tal, eller en tekst for en kvalitativ indikator.",
            "constraints": {},
        },
    },
    ASSESSMENTS.name: {
        "Handlingsplan": PLAN,
        "Statusrunde": _string("Statusrundens navn.", required=True),
        "Indsatsområde-id": AREA_ID,
        "Vurdering": _string(),
        "Fortsat relevant": {
            "type": "boolean",
            "description": "ja eller nej. " + UNKNOWN,
            "trueValues": ["ja"],
            "falseValues": ["nej"],
            "constraints": {},
        },
    },
}
KEYS = {PROJECTS.name: ["Projekt-id"]}
FOREIGN_KEYS = {
    table.name: [
        {
            "fields": ["Projekt-id"],
            "reference": {"resource": PROJECTS.name, "fields": ["Projekt-id"]},
        }
    ]
    for table in PROJECT_TABLES
    if table is not PROJECTS
}


def table_schema(table: Table) -> dict[str, Any]:
    fields = []
    for header in table.headers:
        spec = dict(FIELDS[table.name][header])
        if not spec.get("constraints"):
            spec.pop("constraints", None)
        if not spec.get("description"):
            spec.pop("description", None)
        fields.append({"name": header, "title": header, **spec})
    schema: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
    }
    if table.name in KEYS:
        schema["primaryKey"] = KEYS[table.name]
    if table.name in FOREIGN_KEYS:
        schema["foreignKeys"] = FOREIGN_KEYS[table.name]
    return schema


CSV_DIALECT = {
    "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
    "delimiter": ",",
    "quoteChar": '"',
    "header": True,
}


def datapackage(url: Callable[..., str]) -> dict[str, Any]:
    """The Data Package of everything: the CSV tables with their schemas, and the JSON
    document with a link to its JSON Schema. url(name, *args) as for the catalogue."""
    from .catalogue import LICENCE_TEXT, LICENCE_TITLE

    resources: list[dict[str, Any]] = [
        {
            "name": table.name,
            "title": table.title,
            "type": "table",
            "path": url("csv", None, table.name),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": CSV_DIALECT,
            "schema": table_schema(table),
        }
        for table in PROJECT_TABLES + PLAN_TABLES
    ]
    resources.append(
        {
            "name": "json-dokument",
            "title": "JSON-dokumentet",
            "description": "Planerne og projekterne i ét dokument; følger sit JSON Schema.",
            "path": url("json", None),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": url("schema", None),
        }
    )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "regional-udvikling",
        "title": "Regional udvikling: åbne data",
        "description": (
            "Alle udgivne handlingsplaner og projekter som CSV-tabeller og som ét JSON-dokument. "
            "Ukendte værdier er tomme i CSV og null i JSON, aldrig 0."
        ),
        "homepage": url("index"),
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCE_TEXT, "title": LICENCE_TITLE}],
        "resources": resources,
    }


# -- the JSON document ------------------------------------------------------------------------

NULLABLE_NUMBER = {"type": ["number", "null"]}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
PARTIAL = {"type": ["string", "null"], "pattern": PARTIAL_DATE}
SHARE = {"type": ["number", "null"], "minimum": 0}
STATUS = {"enum": _choices(Status.choices)}


def _object(properties: dict[str, Any], **extra) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STRINGS = _array({"type": "string"})
ROLL_UP = {"status": STATUS, "progress": SHARE, "reason": {"type": "string"}}


def json_schema(url: Callable[..., str]) -> dict[str, Any]:
    point = {
        "oneOf": [{"type": "null"}, _object({"value": NULLABLE_NUMBER, "year": NULLABLE_INTEGER})]
    }
    forecast = {
        "oneOf": [
            {"type": "null"},
            _object(
                {
                    "year": NULLABLE_INTEGER,
                    "value": NULLABLE_NUMBER,
                    "low": NULLABLE_NUMBER,
                    "high": NULLABLE_NUMBER,
                    "standard_error": NULLABLE_NUMBER,
                    "observations": {"type": "integer"},
                    "text": {"type": "string"},
                }
            ),
        ]
    }
    indicator = _object(
        {
            "name": {"type": "string"},
            "measure": {"enum": _choices(Indicator.Measure.choices)},
            "unit": {"type": "string"},
            "ascending": {"type": "boolean"},
            "baseline": {"$ref": "#/$defs/point"},
            "target": {"$ref": "#/$defs/point"},
            "observations": _array(
                _object(
                    {
                        "date": {"type": "string", "format": "date"},
                        "value": {"type": ["number", "string"]},
                    }
                )
            ),
            "status": STATUS,
            "progress": SHARE,
            "expected": SHARE,
            "reason": {"type": "string"},
            "forecast": {"$ref": "#/$defs/forecast"},
        }
    )
    focus_area = _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "challenge": {"type": "string"},
            "approach": {"type": "string"},
            "facts": STRINGS,
            "goals": _array(
                _object(
                    {
                        "text": {"type": "string"},
                        "target_years": _array({"type": "integer"}),
                        "indicators": _array({"$ref": "#/$defs/indicator"}),
                        **ROLL_UP,
                    }
                )
            ),
            "activities": STRINGS,
            "partners": STRINGS,
            "funding_sources": STRINGS,
            "in_original_plan": {"type": "boolean"},
            "activity_tree": _array(
                _object(
                    {"text": {"type": "string"}, "heading": {"type": "boolean"}, "items": STRINGS}
                )
            ),
            **ROLL_UP,
            "facts_detail": _array(
                _object(
                    {
                        "text": {"type": "string"},
                        "value": NULLABLE_NUMBER,
                        "unit": {"type": "string"},
                        "year": NULLABLE_INTEGER,
                        "source": {"type": "string"},
                    }
                )
            ),
        }
    )
    plan = _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "organisation": {"type": "string"},
            "period_start": {"type": "string", "format": "date"},
            "period_end": {"type": "string", "format": "date"},
            "strategy": {"type": "string"},
        }
    )
    amount = {**NULLABLE_NUMBER, "minimum": 0, "description": "Kroner; null: ukendt."}
    project = _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"enum": _choices(Project.Kind.choices)},
            "description": {"type": "string"},
            "focus_areas": STRINGS,
            "status": {"enum": _choices(ProjectStatus.choices)},
            "start": PARTIAL,
            "end": PARTIAL,
            "budget_dkk": amount,
            "budget_upper_bound": {"type": "boolean", "description": "budget_dkk is a ceiling."},
            "lead": NULLABLE_STRING,
            "partners": _array(
                _object(
                    {
                        "name": {"type": "string"},
                        "roles": _array({"enum": _choices(Participation.Role.choices)}),
                    }
                )
            ),
            "grants": _array(
                _object(
                    {
                        "source": {"type": "string"},
                        "amount_dkk": amount,
                        "decided": PARTIAL,
                        "upper_bound": {
                            "type": "boolean",
                            "description": "amount_dkk is a ceiling.",
                        },
                    }
                )
            ),
            "cofunding": _array(
                _object(
                    {
                        "source": {"type": "string"},
                        "amount_dkk": amount,
                        "status": {"enum": _choices(CoFunding.Status.choices)},
                        "year": NULLABLE_INTEGER,
                        "note": {"type": "string"},
                    }
                )
            ),
            "updates": _array(
                _object(
                    {
                        "date": {"type": "string", "format": "date"},
                        "status": {"enum": _choices(ProjectStatus.choices)},
                        "progress": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                        "text": {"type": "string"},
                    }
                )
            ),
            "sdgs": _array({"type": "integer", "minimum": 1, "maximum": 17}),
        }
    )
    theme = _object(
        {
            "title": {"type": "string"},
            "slug": {"type": "string"},
            "plan": {"type": "string"},
            "focus_areas": _array({"$ref": "#/$defs/focus_area"}),
            **ROLL_UP,
        }
    )
    assessment = _object(
        {
            "round": {"type": "string"},
            "plan": {"type": "string"},
            "focus_area": {"type": "string"},
            "text": {"type": "string"},
            "still_relevant": {"type": ["boolean", "null"]},
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url("schema", None),
        "title": "Regional udvikling: åbne data som JSON",
        "description": (
            "Én plan (/data/planer/<plan>.json) eller alt (/data/alle.json): planerne med temaer, "
            "indsatsområder, mål og indikatorer, projekterne og vurderingerne. Ukendte værdier "
            "er null, aldrig 0."
        ),
        **_object(
            {
                "plan": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/plan"}]},
                "plans": _array({"$ref": "#/$defs/plan"}),
                "themes": _array({"$ref": "#/$defs/theme"}),
                "projects": _array({"$ref": "#/$defs/project"}),
                "assessments": _array({"$ref": "#/$defs/assessment"}),
            }
        ),
        "$defs": {
            "point": point,
            "forecast": forecast,
            "indicator": indicator,
            "focus_area": focus_area,
            "plan": plan,
            "project": project,
            "theme": theme,
            "assessment": assessment,
        },
    }
