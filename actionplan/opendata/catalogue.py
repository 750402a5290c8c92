"""The DCAT-AP-DK catalogue of the open data: one dataset per published plan (and one for
everything), each with its downloads as distributions, so Open Data DK's harvester (CKAN
with ckanext-dcat) can list them.

The builder makes a small graph of plain nodes; json-ld and Turtle are two renderers of it.
Vocabularies: DCAT 2, DCAT-AP 2 (which DCAT-AP-DK profiles), the EU authority tables for
licence, frequency, file type, language, country and data theme.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Union

from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.plans.selectors import published_plans

from .tables import PLAN_TABLES, PROJECT_TABLES, Table

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
EU = "http://publications.europa.eu/resource/authority/"
LICENCE = EU + "licence/CC_BY_4_0"
LICENCE_TEXT = "https://creativecommons.org/licenses/by/4.0/"
# The data change whenever staff save; the yearly status round is only one of the changes.
FREQUENCY = EU + "frequency/CONT"
LANGUAGE = EU + "language/DAN"
COUNTRY = EU + "country/DNK"
THEMES = (EU + "data-theme/GOVE", EU + "data-theme/REGI")
CVR_URI = "https://datacvr.virk.dk/enhed/virksomhed/{cvr}"
IATI_STANDARD = "https://iatistandard.org/en/iati-standard/203/"
IANA = "https://www.iana.org/assignments/media-types/"


# -- the graph ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    iri: str


@dataclass(frozen=True)
class Lit:
    value: str
    lang: str | None = None
    datatype: str | None = None  # a prefixed name, e.g. "xsd:date"


Value = Union["Node", Ref, Lit]


@dataclass
class Node:
    types: tuple[str, ...]
    iri: str | None = None  # None: a blank node, written inline
    props: list[tuple[str, Value]] = field(default_factory=list)

    def add(self, predicate: str, value: "Value | str | None", lang: str | None = None) -> None:
        if value is None or value == "":
            return
        if isinstance(value, str):
            value = Lit(value, lang=lang)
        self.props.append((predicate, value))


def _date(value: dt.date) -> Lit:
    return Lit(value.isoformat(), datatype="xsd:date")


def _datetime(value: dt.datetime) -> Lit:
    return Lit(value.replace(microsecond=0).isoformat(), datatype="xsd:dateTime")


# -- the builder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    key: str  # json, xlsx, iati or csv
    title: str
    description: str
    url: str
    media_type: str
    file_type: str  # EU file-type table
    table: Table | None = None


FORMATS = {
    "json": ("application/json", "JSON"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "iati": ("application/xml", "XML"),
    "csv": ("text/csv", "CSV"),
}


def downloads(plan: ActionPlan | None, url: Callable[..., str]) -> list[Download]:
    """Every download of one plan (or of everything, plan=None); url(name, slug, table)
    gives a download's absolute address. The open-data page lists the same."""
    slug = plan.slug if plan is not None else None
    what = plan.title if plan is not None else "alle handlingsplaner og projekter"
    items = [
        Download(
            "json",
            f"JSON: {what}",
            "Planen med temaer, indsatsområder, mål, indikatorer og målinger, alle projekter "
            "med partnere, bevillinger, medfinansiering og statusopdateringer, og vurderinger.",
            url("json", slug),
            *FORMATS["json"],
        ),
        Download(
            "xlsx",
            f"Excel: {what}",
            "Ét ark pr. tabel med danske overskrifter.",
            url("xlsx", slug),
            *FORMATS["xlsx"],
        ),
        Download(
            "iati",
            f"IATI 2.03: {what}",
            "Projekterne med kendt startdato som IATI-aktiviteter (IATI kræver en startdato): "
            "organisationer og roller, status, sektorer, budget, bevillinger som tilsagn, og "
            "mål med indikatorer.",
            url("iati", slug),
            *FORMATS["iati"],
        ),
    ]
    for table in PROJECT_TABLES + PLAN_TABLES:
        items.append(
            Download(
                "csv",
                f"CSV, {table.title.lower()}: {what}",
                f"Tabellen {table.title.lower()}; kolonner: {', '.join(table.headers)}.",
                url("csv", slug, table.name),
                *FORMATS["csv"],
                table=table,
            )
        )
    return items


def _agent(organisation: Organisation | None, url: Callable[..., str]) -> Node:
    if organisation is None:
        node = Node(("foaf:Agent",))
        node.add("foaf:name", "actionplan", lang="da")
        return node
    iri = (
        CVR_URI.format(cvr=organisation.cvr)
        if organisation.cvr
        else url("organisation", organisation.slug)
    )
    node = Node(("foaf:Agent", "foaf:Organization"), iri=iri)
    node.add("foaf:name", organisation.name, lang="da")
    if organisation.cvr:
        node.add("dct:identifier", organisation.cvr)
    if organisation.website:
        node.add("foaf:homepage", Ref(organisation.website))
    return node


def _contact(organisation: Organisation | None) -> Node:
    """The organisation, never a person: the catalogue carries no personal data."""
    node = Node(("vcard:Organization",))
    node.add("vcard:fn", organisation.name if organisation else "actionplan")
    if organisation is not None and organisation.website:
        node.add("vcard:hasURL", Ref(organisation.website))
    return node


def _distribution(item: Download, modified: dt.datetime | None) -> Node:
    node = Node(("dcat:Distribution",), iri=item.url)
    node.add("dct:title", item.title, lang="da")
    node.add("dct:description", item.description, lang="da")
    node.add("dcat:accessURL", Ref(item.url))
    node.add("dcat:downloadURL", Ref(item.url))
    node.add("dcat:mediaType", Ref(IANA + item.media_type))
    node.add("dct:format", Ref(EU + "file-type/" + item.file_type))
    node.add("dct:license", Ref(LICENCE))
    if item.key == "iati":
        node.add("dct:conformsTo", Ref(IATI_STANDARD))
    if modified is not None:
        node.add("dct:modified", _datetime(modified))
    return node


def _dataset(
    *,
    iri: str,
    title: str,
    description: str,
    publisher: Organisation | None,
    start: dt.date | None,
    end: dt.date | None,
    landing_page: str,
    items: list[Download],
    issued: dt.datetime | None,
    modified: dt.datetime | None,
    url: Callable[..., str],
) -> Node:
    node = Node(("dcat:Dataset",), iri=iri)
    node.add("dct:identifier", iri)
    node.add("dct:title", title, lang="da")
    node.add("dct:description", description, lang="da")
    node.add("dct:publisher", _agent(publisher, url))
    node.add("dcat:contactPoint", _contact(publisher))
    node.add("dct:license", Ref(LICENCE))
    node.add("dct:accessRights", Ref(EU + "access-right/PUBLIC"))
    node.add("dct:accrualPeriodicity", Ref(FREQUENCY))
    node.add("dct:language", Ref(LANGUAGE))
    node.add("dct:spatial", Ref(COUNTRY))
    for theme in THEMES:
        node.add("dcat:theme", Ref(theme))
    for word in ("regional udvikling", "handlingsplan", "projekter", "bevillinger", "indikatorer"):
        node.add("dcat:keyword", word, lang="da")
    node.add("dcat:landingPage", Ref(landing_page))
    if start is not None and end is not None:
        period = Node(("dct:PeriodOfTime",))
        period.add("dcat:startDate", _date(start))
        period.add("dcat:endDate", _date(end))
        node.add("dct:temporal", period)
    if issued is not None:
        node.add("dct:issued", _datetime(issued))
    if modified is not None:
        node.add("dct:modified", _datetime(modified))
    for item in items:
        node.add("dcat:distribution", _distribution(item, modified))
    return node


def build(url: Callable[..., str], modified: dt.datetime | None) -> Node:
    """The catalogue. url(name, *args) gives absolute addresses: names are the download keys
    (json, xlsx, iati, csv), "index", "dcat", "plan" (the portal page) and "organisation"."""
    plans = list(published_plans())
    owner = plans[0].organisation if plans else None
    catalogue = Node(("dcat:Catalog",), iri=url("dcat"))
    catalogue.add("dct:title", "Regional udvikling: åbne data", lang="da")
    catalogue.add(
        "dct:description",
        "Handlingsplaner for den regionale udviklingsstrategi med temaer, indsatsområder, "
        "mål og indikatorer, og alle projekter med partnere, bevillinger og status.",
        lang="da",
    )
    catalogue.add("dct:publisher", _agent(owner, url))
    catalogue.add("foaf:homepage", Ref(url("index")))
    catalogue.add("dct:language", Ref(LANGUAGE))
    catalogue.add("dct:license", Ref(LICENCE))
    catalogue.add("dct:spatial", Ref(COUNTRY))
    if modified is not None:
        catalogue.add("dct:modified", _datetime(modified))
    for plan in plans:
        catalogue.add(
            "dcat:dataset",
            _dataset(
                iri=url("dataset", plan.slug),
                title=f"{plan.title}: plan, projekter og bevillinger",
                description=(
                    f"{plan.title} ({plan.period_start:%Y}-{plan.period_end:%Y}) under "
                    f"strategien “{plan.strategy.title}”, udgivet af {plan.organisation.name}: "
                    "temaer, indsatsområder, mål, indikatorer med målinger, projekterne med "
                    "partnere, bevillinger, medfinansiering og statusopdateringer, og "
                    "statusrundernes vurderinger."
                ),
                publisher=plan.organisation,
                start=plan.period_start,
                end=plan.period_end,
                landing_page=url("plan", plan.slug),
                items=downloads(plan, url),
                issued=plan.created_at,
                modified=modified,
                url=url,
            ),
        )
    catalogue.add(
        "dcat:dataset",
        _dataset(
            iri=url("dataset", None),
            title="Alle handlingsplaner og projekter",
            description=(
                "Alle udgivne handlingsplaner og alle udgivne projekter, også projekter uden "
                "for en plan, med partnere, bevillinger, medfinansiering og status."
            ),
            publisher=owner,
            start=min((p.period_start for p in plans), default=None),
            end=max((p.period_end for p in plans), default=None),
            landing_page=url("index"),
            items=downloads(None, url),
            issued=None,
            modified=modified,
            url=url,
        ),
    )
    return catalogue


# -- renderers ------------------------------------------------------------------------------

JSONLD_CONTEXT = {**{k: v for k, v in PREFIXES.items() if k != "rdf"}}


def _jsonld_value(value: Value):
    if isinstance(value, Node):
        return to_jsonld_node(value)
    if isinstance(value, Ref):
        return {"@id": value.iri}
    if value.lang:
        return {"@value": value.value, "@language": value.lang}
    if value.datatype:
        return {"@value": value.value, "@type": value.datatype}
    return value.value


def to_jsonld_node(node: Node) -> dict:
    out: dict = {}
    if node.iri:
        out["@id"] = node.iri
    out["@type"] = list(node.types) if len(node.types) > 1 else node.types[0]
    for predicate, value in node.props:
        rendered = _jsonld_value(value)
        if predicate in out:
            if not isinstance(out[predicate], list):
                out[predicate] = [out[predicate]]
            out[predicate].append(rendered)
        else:
            out[predicate] = rendered
    return out


def to_jsonld(catalogue: Node) -> str:
    document = {"@context": JSONLD_CONTEXT, **to_jsonld_node(catalogue)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _turtle_literal(value: Lit) -> str:
    text = "".join(_ESCAPES.get(ch, ch) for ch in value.value)
    if value.lang:
        return f'"{text}"@{value.lang}'
    if value.datatype:
        return f'"{text}"^^{value.datatype}'
    return f'"{text}"'


def _iri(iri: str) -> str:
    # IRIs here are our own URLs and fixed vocabulary addresses; refuse what Turtle cannot hold.
    if any(ch in iri for ch in '<>"{}|^`\\ \n'):
        raise ValueError(f"Not an IRI Turtle can write: {iri!r}")
    return f"<{iri}>"


def _turtle_object(value: Value, pending: list[Node], depth: int) -> str:
    if isinstance(value, Node):
        if value.iri:
            pending.append(value)
            return _iri(value.iri)
        return "[\n" + _turtle_body(value, pending, depth + 1) + "\n" + "    " * depth + "]"
    if isinstance(value, Ref):
        return _iri(value.iri)
    return _turtle_literal(value)


def _turtle_body(node: Node, pending: list[Node], depth: int) -> str:
    indent = "    " * depth
    lines = [f"{indent}a {', '.join(node.types)}"]
    for predicate, value in node.props:
        lines.append(f"{indent}{predicate} {_turtle_object(value, pending, depth)}")
    return " ;\n".join(lines)


def _turtle_blocks(catalogue: Node) -> Iterator[str]:
    pending = [catalogue]
    seen: set[str] = set()
    while pending:
        node = pending.pop(0)
        if node.iri in seen:
            continue
        seen.add(node.iri or "")
        yield f"{_iri(node.iri or '')}\n" + _turtle_body(node, pending, 1) + " .\n"


def to_turtle(catalogue: Node) -> str:
    head = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
    return head + "\n" + "\n".join(_turtle_blocks(catalogue))
