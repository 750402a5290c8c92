"""The DCAT-AP-DK catalogue of the open data: one dataset per published plan (and one for
everything), each with its downloads as distributions, so Open Data DK's harvester (CKAN
with ckanext-dcat and its DanishDCATAPProfile) can list them.

The builder makes a small graph of plain nodes; json-ld and Turtle are two renderers of it.
Vocabularies: DCAT 2, DCAT-AP 2.1.1 (which DCAT-AP-DK 2.0 profiles), the EU authority tables
for licence, frequency, file type, language, country, access right, availability and data
theme. The catalogue passes the DCAT-AP SHACL shapes (tests/opendata/test_dcat_shapes.py):
since a validator cannot fetch the EU vocabularies, each concept used states its own class
and scheme. For the harvester it also states what DCAT-AP 2 leaves out: the licence by the
exact URI of Open Data DK's licence list, with a title; the period as schema:startDate (how
DCAT-AP 1 said it); the file types as dct:IMT with a label ("CSV"); the contact's e-mail; the
size of every download.

DCAT-AP 3 types a byte size as xsd:nonNegativeInteger where DCAT-AP 2 wants xsd:decimal, so
one document cannot pass both: profile=3 (`?dcat-ap=3`) gives the DCAT-AP 3.0.1 form.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Union

from django.conf import settings

from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.plans.selectors import published_plans

from .tables import PLAN_TABLES, PROJECT_TABLES, Table

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
}
EU = "http://publications.europa.eu/resource/authority/"
# Open Data DK's licence list matches this exact URI (https, CC_BY: CC BY 4.0) to its "cc-by".
LICENCE = "https://publications.europa.eu/resource/authority/licence/CC_BY"
LICENCE_TITLE = "Creative Commons Navngivelse 4.0 International (CC BY 4.0)"
LICENCE_TEXT = "https://creativecommons.org/licenses/by/4.0/"
# The data change whenever staff save; the yearly status round is only one of the changes.
FREQUENCY = EU + "frequency/CONT"
LANGUAGE = EU + "language/DAN"
COUNTRY = EU + "country/DNK"
PUBLIC = EU + "access-right/PUBLIC"
STABLE = EU + "planned-availability/STABLE"
DATA_THEMES = EU + "data-theme"
THEMES = (DATA_THEMES + "/GOVE", DATA_THEMES + "/REGI")
PUBLISHER_TYPES = "http://purl.org/adms/publishertype/"
LICENCE_TYPES = "http://purl.org/adms/licencetype/"
# Denmark's bounding box and centre (WGS 84, longitude latitude), for the spatial coverage.
DENMARK_BBOX = "POLYGON((8.07 54.55, 15.20 54.55, 15.20 57.75, 8.07 57.75, 8.07 54.55))"
DENMARK_CENTROID = "POINT(10.0 56.0)"
PUBLISHER_TYPE = {
    Organisation.Kind.REGION: "RegionalAuthority",
    Organisation.Kind.MUNICIPALITY: "LocalAuthority",
    Organisation.Kind.STATE: "NationalAuthority",
    Organisation.Kind.KNOWLEDGE: "Academia-ScientificOrganisation",
    Organisation.Kind.COMPANY: "Company",
    Organisation.Kind.FOUNDATION: "NonGovernmentalOrganisation",
    Organisation.Kind.ASSOCIATION: "NonGovernmentalOrganisation",
    Organisation.Kind.EU_PROGRAMME: "SupraNationalAuthority",
}
SCHEME_TITLES = {
    EU + "licence": "Licence",
    EU + "language": "Language",
    EU + "access-right": "Access right",
    DATA_THEMES: "Data theme",
    EU + "frequency": "Frequency",
    EU + "country": "Country",
    EU + "planned-availability": "Planned availability",
    EU + "file-type": "File type",
    PUBLISHER_TYPES + "1.0": "Publisher type",
    LICENCE_TYPES + "1.0": "Licence type",
}
CVR_URI = "https://datacvr.virk.dk/enhed/virksomhed/{cvr}"
IATI_STANDARD = "https://iatistandard.org/en/iati-standard/203/"
IANA = "https://www.iana.org/assignments/media-types/"
# The profiles the catalogue follows (dct:conformsTo), by DCAT-AP version.
DCAT_AP_DK = ("https://digst.github.io/DCAT-AP-DK/releases/v.2.0/docs/", "DCAT-AP-DK 2.0")
DCAT_AP = {
    "2": ("https://semiceu.github.io/DCAT-AP/releases/2.1.1/", "DCAT-AP 2.1.1"),
    "3": ("https://semiceu.github.io/DCAT-AP/releases/3.0.1/", "DCAT-AP 3.0.1"),
}
BYTE_SIZE_TYPE = {"2": "xsd:decimal", "3": "xsd:nonNegativeInteger"}
DATA_PACKAGE = "https://datapackage.org/standard/data-package/"
TABLE_SCHEMA = "https://datapackage.org/standard/table-schema/"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


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
    schema: str | None = None  # the address of the schema it follows
    schema_title: str = ""


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
            schema=url("schema", None),
            schema_title="JSON Schema for JSON-dokumentet",
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
                schema=url("schema", table.name),
                schema_title=f"Table Schema for tabellen {table.title.lower()}",
            )
        )
    return items


def _concept(iri: str, scheme: str, label: str, *types: str, lang: str = "da") -> Node:
    """A concept of a controlled vocabulary, typed and placed in its scheme, so validators
    that cannot fetch the vocabulary still see what it is."""
    node = Node((*types, "skos:Concept"), iri=iri)
    node.add("skos:prefLabel", label, lang=lang)
    node.add("skos:inScheme", _scheme(scheme))
    return node


def _scheme(iri: str) -> Node:
    node = Node(("skos:ConceptScheme",), iri=iri)
    node.add("dct:title", SCHEME_TITLES[iri], lang="en")
    return node


def _licence() -> Node:
    node = _concept(LICENCE, EU + "licence", LICENCE_TITLE, "dct:LicenseDocument")
    node.add("dct:title", LICENCE_TITLE, lang="da")
    node.add(
        "dct:type",
        _concept(LICENCE_TYPES + "Attribution", LICENCE_TYPES + "1.0", "Attribution", lang="en"),
    )
    node.add("rdfs:seeAlso", Ref(LICENCE_TEXT))
    return node


def _denmark() -> Node:
    node = _concept(COUNTRY, EU + "country", "Danmark", "dct:Location")
    node.add("dcat:bbox", Lit(DENMARK_BBOX, datatype="gsp:wktLiteral"))
    node.add("dcat:centroid", Lit(DENMARK_CENTROID, datatype="gsp:wktLiteral"))
    return node


def _document(iri: str) -> Node:
    return Node(("foaf:Document",), iri=iri)


def _standard(iri: str, title: str) -> Node:
    node = Node(("dct:Standard",), iri=iri)
    node.add("dct:title", title)
    return node


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
    kind = PUBLISHER_TYPE.get(organisation.kind)
    if kind:
        node.add(
            "dct:type",
            _concept(PUBLISHER_TYPES + kind, PUBLISHER_TYPES + "1.0", kind, lang="en"),
        )
    if organisation.cvr:
        node.add("dct:identifier", organisation.cvr)
    if organisation.website:
        node.add("foaf:homepage", _document(organisation.website))
    return node


def _contact(organisation: Organisation | None) -> Node:
    """The organisation and the open data's address, never a person: the catalogue carries
    no personal data."""
    node = Node(("vcard:Kind", "vcard:Organization"))
    node.add("vcard:fn", organisation.name if organisation else "actionplan")
    if settings.ACTIONPLAN_OPENDATA_EMAIL:
        node.add("vcard:hasEmail", Ref("mailto:" + settings.ACTIONPLAN_OPENDATA_EMAIL))
    if organisation is not None and organisation.website:
        node.add("vcard:hasURL", Ref(organisation.website))
    return node


def _file_type(item: "Download") -> Node:
    """The EU file type, also as a dct:IMT with the media type and a label: ckanext-dcat
    takes a format's label ("CSV") only from a dct:IMT."""
    node = _concept(
        EU + "file-type/" + item.file_type,
        EU + "file-type",
        item.file_type,
        "dct:IMT",
        "dct:MediaTypeOrExtent",
        lang="en",
    )
    node.add("rdf:value", item.media_type)
    node.add("rdfs:label", item.file_type)
    return node


def _distribution(
    item: "Download", modified: dt.datetime | None, size: int | None, profile: str
) -> Node:
    node = Node(("dcat:Distribution",), iri=item.url)
    node.add("dct:title", item.title, lang="da")
    node.add("dct:description", item.description, lang="da")
    node.add("dcat:accessURL", Ref(item.url))
    node.add("dcat:downloadURL", Ref(item.url))
    node.add("dcat:mediaType", Node(("dct:MediaType",), iri=IANA + item.media_type))
    node.add("dct:format", _file_type(item))
    node.add("dct:license", _licence())
    node.add(
        "dcatap:availability",
        _concept(STABLE, EU + "planned-availability", "stabil"),
    )
    if item.key == "iati":
        node.add("dct:conformsTo", _standard(IATI_STANDARD, "IATI Standard 2.03"))
    if item.schema:
        node.add("dct:conformsTo", _standard(item.schema, item.schema_title))
    if size is not None:
        node.add("dcat:byteSize", Lit(str(size), datatype=BYTE_SIZE_TYPE[profile]))
    if modified is not None:
        node.add("dct:modified", _datetime(modified))
    return node


def _period(start: dt.date, end: dt.date) -> Node:
    """DCAT-AP 2's dcat:startDate, and schema:startDate, which Open Data DK's harvester reads."""
    period = Node(("dct:PeriodOfTime",))
    period.add("dcat:startDate", _date(start))
    period.add("dcat:endDate", _date(end))
    period.add("schema:startDate", _date(start))
    period.add("schema:endDate", _date(end))
    return period


@dataclass
class _Context:
    url: Callable[..., str]
    modified: dt.datetime | None
    size: Callable[[ActionPlan | None, "Download"], int | None]
    profile: str


def _dataset(
    context: _Context,
    *,
    plan: ActionPlan | None,
    iri: str,
    title: str,
    description: str,
    publisher: Organisation | None,
    start: dt.date | None,
    end: dt.date | None,
    landing_page: str,
    issued: dt.datetime | None,
) -> Node:
    url = context.url
    node = Node(("dcat:Dataset",), iri=iri)
    node.add("dct:identifier", iri)
    node.add("dct:title", title, lang="da")
    node.add("dct:description", description, lang="da")
    node.add("dct:publisher", _agent(publisher, url))
    node.add("dcat:contactPoint", _contact(publisher))
    node.add("dct:license", _licence())
    node.add(
        "dct:accessRights",
        _concept(PUBLIC, EU + "access-right", "offentlig", "dct:RightsStatement"),
    )
    node.add(
        "dct:accrualPeriodicity",
        _concept(FREQUENCY, EU + "frequency", "løbende", "dct:Frequency"),
    )
    node.add("dct:language", _concept(LANGUAGE, EU + "language", "dansk", "dct:LinguisticSystem"))
    node.add("dct:spatial", _denmark())
    for theme, label in zip(
        THEMES, ("Regeringen og den offentlige sektor", "Regioner og byer"), strict=True
    ):
        node.add("dcat:theme", _concept(theme, DATA_THEMES, label))
    for word in ("regional udvikling", "handlingsplan", "projekter", "bevillinger", "indikatorer"):
        node.add("dcat:keyword", word, lang="da")
    node.add("dcat:landingPage", _document(landing_page))
    node.add("foaf:page", _document(url("datapackage")))
    if start is not None and end is not None:
        node.add("dct:temporal", _period(start, end))
    if issued is not None:
        node.add("dct:issued", _datetime(issued))
    if context.modified is not None:
        node.add("dct:modified", _datetime(context.modified))
    for item in downloads(plan, url):
        node.add(
            "dcat:distribution",
            _distribution(item, context.modified, context.size(plan, item), context.profile),
        )
    return node


def build(
    url: Callable[..., str],
    modified: dt.datetime | None,
    size: Callable[[ActionPlan | None, Download], int | None] = lambda plan, item: None,
    profile: str = "2",
) -> Node:
    """The catalogue. url(name, *args) gives absolute addresses: names are the download keys
    (json, xlsx, iati, csv), "index", "dcat", "plan" (the portal page), "organisation" and
    "schema" (a table's or the JSON document's schema). size(plan, download) gives the
    download's length in bytes, or None. profile: the DCAT-AP version, "2" or "3"."""
    context = _Context(url, modified, size, profile)
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
    catalogue.add("dct:conformsTo", _standard(*DCAT_AP_DK))
    catalogue.add("dct:conformsTo", _standard(*DCAT_AP[profile]))
    catalogue.add("dct:publisher", _agent(owner, url))
    catalogue.add("foaf:homepage", _document(url("index")))
    catalogue.add(
        "dct:language", _concept(LANGUAGE, EU + "language", "dansk", "dct:LinguisticSystem")
    )
    catalogue.add("dct:license", _licence())
    catalogue.add("dct:spatial", _denmark())
    catalogue.add("dcat:themeTaxonomy", _scheme(DATA_THEMES))
    issued = min((p.created_at for p in plans), default=None)
    if issued is not None:
        catalogue.add("dct:issued", _datetime(issued))
    if modified is not None:
        catalogue.add("dct:modified", _datetime(modified))
    for plan in plans:
        catalogue.add(
            "dcat:dataset",
            _dataset(
                context,
                plan=plan,
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
                issued=plan.created_at,
            ),
        )
    catalogue.add(
        "dcat:dataset",
        _dataset(
            context,
            plan=None,
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
            issued=issued,
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
