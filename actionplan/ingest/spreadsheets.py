"""Project and grant lists (CSV, XLSX, JSON) -> projects, through the services.

parse:  table_read -> mapping_suggest (or a saved ColumnMapping) -> rows_parse (no writes)
commit: projects_import (one transaction: all rows or none)

Amounts are stored in DKK. A file whose amount columns are in another currency (a header
naming SEK or EUR) is imported only when the caller gives that currency and a rate to DKK;
the original amount and the rate are kept in the co-funding note. Without them it is refused.
"""

import datetime as dt
import gc
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum, prefetch_related_objects
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core import xmltext
from actionplan.core.l10n import format_dkk, parse_dkk, parse_number, parse_partial_date
from actionplan.core.services import Actor
from actionplan.organisations import services as organisations
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.organisations.postcodes import postcode_parse
from actionplan.plans.models import FocusArea
from actionplan.projects import services as projects
from actionplan.projects import summaries
from actionplan.projects.models import CoFunding, Grant, Participation, Project, ProjectStatus
from actionplan.projects.places import utm32_to_wgs84

from .errors import IngestError
from .models import ColumnMapping
from .tables import Row, Table

# field -> header wordings it is suggested for (compared after normalising, see _norm)
FIELDS: dict[str, list[str]] = {
    "external_id": [
        "id",
        "projekt id",
        "projektnummer",
        "journalnummer",
        "sagsnummer",
        "ärende id",
    ],
    "title": [
        "projekttitel",
        "projektitel",
        "operation name",
        "titel",
        "projektnavn",
        "projektnamn",
    ],
    "description": ["projektbeskrivelse", "tas projekt besk", "projektbeskrivning", "beskrivelse"],
    "start": ["startdato", "operation start date", "start dato", "projekt starttid", "start"],
    "end": ["slutdato", "operation end date", "slut dato", "projekt sluttid", "slut"],
    "status": ["status", "projektstatus"],
    "budget": ["budget", "budget kr", "samlet budget", "total budget", "totalbudget"],
    # The open-data export's sum of a project's grants: checked against them, never written.
    "granted_total": ["bevilget i alt kr"],
    "eu_funding": [
        "eu medfinansiering",
        "union co financing",
        "eu",
        "eu tilskud",
        "beviljat belopp sek",
        "beviljat belopp",
    ],
    "fund": ["fond", "fund", "ordning"],
    "lead": [
        "kontraktansvarlig partner",
        "beneficiary name",
        "navn",
        "stödmottagare",
        "projektejer",
        "ansøger",
        "lead partner",
        "projektleder organisation",
    ],
    "lead_cvr": ["cvr", "cvr nummer", "cvr nr"],
    "partners": ["partnere", "partere", "project partners", "parter", "partners"],
    # The export's lists of slugs and goal numbers; other files' "Indsatsområde" columns name
    # their own programmes' priorities, which are no focus areas here.
    "focus_areas": ["indsatsområder", "indsatsområde titel", "indsatsområde slug"],
    "sdgs": ["verdensmål"],
    # Where the project is: WGS84 degrees, or UTM zone 32 metres as Danish registers and
    # the EU lists write them (-> the project's municipality, a point on the portal's maps).
    "latitude": ["breddegrad", "latitude", "lat"],
    "longitude": ["længdegrad", "longitude", "lon", "lng"],
    "east": ["koordinat east", "coordinates east", "koordinat øst", "utm øst", "easting"],
    "north": ["koordinat north", "coordinates north", "koordinat nord", "utm nord", "northing"],
    # A Danish postcode, "2100" or "DK-2100 København Ø" (-> the municipality its centre lies
    # in); the 2007-2013 list gives the lead's address, the 2014-2020 list the operation's.
    "postcode": [
        "postnummer",
        "postnr",
        "post nr",
        "postnr og by",
        "postnummer og by",
        "operation postcode",
        "postcode",
        "postal code",
    ],
    # A grant list: each row a grant to its project (source, amount, decision date).
    "grant_source": ["bevillingskilde", "kilde", "finansieringskilde", "pulje", "grant source"],
    "grant_amount": [
        "bevilget beløb kr",
        "bevilget beløb",
        "bevilling kr",
        "bevilling",
        "beløb",
        "beløb kr",
        "grant amount",
    ],
    "grant_decided": ["bevillingsdato", "bevilget dato", "beslutningsdato", "besluttet", "decided"],
}
# The headers of the template to download (CSV and XLSX), in the order of the columns.
TEMPLATE_HEADERS = {
    "external_id": "Projekt-id",
    "title": "Projekttitel",
    "description": "Projektbeskrivelse",
    "start": "Startdato",
    "end": "Slutdato",
    "status": "Status",
    "budget": "Budget (kr.)",
    "lead": "Projektejer",
    "lead_cvr": "CVR-nummer",
    "partners": "Partnere",
    "focus_areas": "Indsatsområder",
    "sdgs": "Verdensmål",
    "grant_source": "Bevillingskilde",
    "grant_amount": "Bevilget beløb (kr.)",
    "grant_decided": "Bevillingsdato",
}
TEMPLATE_EXAMPLE = {
    "external_id": "P-001",
    "title": "Grøn bølge til busserne",
    "description": "Busser får grønt lys i de største kryds.",
    "start": "1. kvartal 2022",
    "end": "31.12.2023",
    "status": "igangsat",
    "budget": "ca. 2,5 mio. kr.",
    "lead": "Movia",
    "lead_cvr": "",
    "partners": "Københavns Kommune; DTU",
    "focus_areas": "Bruge teknologi og data til at gøre hverdagens transport nemmere og grønnere",
    "sdgs": "11; 13",
    "grant_source": "RUS-puljen",
    "grant_amount": "op til 1,1 mio. kr.",
    "grant_decided": "august 2021",
}
REQUIRED = ["title"]

# The EU funds the DK and SE lists name, by the first letters of their codes.
FUNDS = {
    "erdf": ("erdf", "Den Europæiske Fond for Regionaludvikling (ERDF)"),
    "esf": ("esf", "Den Europæiske Socialfond"),
}


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[_\-/().:]", " ", header.lower()).split())


def mapping_suggest(headers: list[str]) -> dict[str, str]:
    """Field -> header, for every field a header names (bilingual "Budget / Budget" too)."""
    suggestion: dict[str, str] = {}
    for header in headers:
        parts = [_norm(part) for part in header.split(" / ")] + [_norm(header)]
        for name, wordings in FIELDS.items():
            if name not in suggestion and any(part in wordings for part in parts):
                suggestion[name] = header
                break
    return suggestion


def currency_of(columns: dict[str, str]) -> str:
    """The currency the amount columns' headers name; DKK when they name none."""
    for name in ("budget", "eu_funding"):
        words = set(_norm(columns.get(name, "")).split())
        for currency in ("sek", "eur", "nok"):
            if currency in words:
                return currency.upper()
    return "DKK"


@dataclass
class Mapping:
    name: str
    columns: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)

    def check(self, table: Table) -> None:
        for name in self.columns:
            if name not in FIELDS:
                raise IngestError(
                    _("the mapping names an unknown field “%(field)s”; known: %(fields)s.")
                    % {"field": name, "fields": ", ".join(FIELDS)},
                    file=table.name,
                )
        for name, header in self.columns.items():
            if header not in table.headers:
                raise IngestError(
                    _("the mapping takes %(field)s from column “%(header)s”, which the file lacks.")
                    % {"field": name, "header": header},
                    file=table.name,
                    row=1,
                )
        for name in REQUIRED:
            if name not in self.columns:
                raise IngestError(
                    _("no column is mapped to %(field)s.") % {"field": name}, file=table.name
                )


def mapping_for(table: Table, name: str, overrides: dict[str, str] | None = None) -> Mapping:
    saved = ColumnMapping.objects.filter(name=name).first()
    columns = dict(saved.columns) if saved else mapping_suggest(table.headers)
    options = dict(saved.options) if saved else {}
    for key, header in (overrides or {}).items():
        if header:
            columns[key] = header
        else:
            columns.pop(key, None)
    return Mapping(name=name, columns=columns, options=options)


def mapping_save(*, actor: Actor, mapping: Mapping) -> ColumnMapping:
    saved = ColumnMapping.objects.filter(name=mapping.name).first()
    if saved:
        return core.update(saved, actor=actor, columns=mapping.columns, options=mapping.options)
    return core.create(
        ColumnMapping(name=mapping.name, columns=mapping.columns, options=mapping.options),
        actor=actor,
    )


# -- rows ----------------------------------------------------------------------------------


@dataclass
class ProjectRow:
    row: int
    external_id: str
    title: str
    identifier: str = ""  # the file's own id, as written (empty when the file has none)
    description: str = ""
    start: str | None = None
    end: str | None = None
    status: str | None = None
    budget: Decimal | None = None
    eu_funding: Decimal | None = None
    fund: str = "erdf"
    lead: str = ""
    lead_cvr: str = ""
    partners: list[str] = field(default_factory=list)
    note: str = ""
    granted_total: Decimal | None = None
    focus_areas: list[str] | None = None  # slugs or titles; None when no such column
    sdgs: list[int] | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    postcode: str = ""
    grant_source: str = ""
    grant_amount: Decimal | None = None
    grant_upper_bound: bool = False  # "op til 1,1 mio. kr.": the amount is a ceiling
    grant_decided: str | None = None
    budget_upper_bound: bool = False


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# What the open-data export writes for an amount with øre ("1500000.5"): a dot followed by
# one or two digits cannot be a Danish thousands group, so it reads only one way.
_PLAIN_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")

# The export puts an apostrophe before a text a spreadsheet would run as a formula
# (opendata.tables.safe_cell); reading it back takes the apostrophe off again.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unescaped(value: Any) -> Any:
    if isinstance(value, str) and value[:1] == "'" and value[1:2].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def _amount(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if _PLAIN_DECIMAL.match(str(value).strip()):
        return Decimal(str(value).strip())
    return parse_dkk(str(value)).amount


def _coordinate(value: Any) -> Decimal | None:
    """A coordinate as written: "55.6761", "55,6761", 6319238.093; empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_number(str(value).strip()).quantize(Decimal("0.00001"))
    except (ValueError, InvalidOperation):
        raise ValidationError(
            _("“%(value)s” is not a coordinate.") % {"value": value}, code="invalid"
        ) from None


def _slugs(value: Any) -> list[str]:
    """Slugs or titles, split at ";" or a new line; at "," too when no part has a space (a
    list of slugs), as a title may hold a comma."""
    text = _text(value)
    parts = [part.strip() for part in re.split(r"[;|\n]", text) if part.strip()]
    if len(parts) == 1 and "," in text and " " not in text.replace(", ", ","):
        parts = [part.strip() for part in text.split(",") if part.strip()]
    return parts


def _bound(value: Any) -> bool:
    """Whether an amount is written as a ceiling ("op til", "højst", "maks.")."""
    if value is None or isinstance(value, int | float | Decimal):
        return False
    try:
        return parse_dkk(str(value)).upper_bound
    except ValidationError:
        return False


def _sdgs(value: Any) -> list[int]:
    goals: list[int] = []
    for part in _slugs(value):
        if not part.isdigit() or not 1 <= int(part) <= 17:
            raise ValidationError(
                _("“%(value)s” is not one of the UN goals 1-17.") % {"value": part}
            )
        if int(part) not in goals:
            goals.append(int(part))
    return goals


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    return parse_partial_date(text).iso() if text else None


def _fund(value: Any, default: str) -> str:
    code = _text(value).upper()
    if not code:
        return default
    if code.startswith(("ESF", "S")):
        return "esf"
    if code.startswith(("ERDF", "ERUF", "EFRU", "R")):
        return "erdf"
    raise ValidationError(_("“%(value)s” is not a fund code (R/ERDF or S/ESF).") % {"value": code})


def split_partners(text: str) -> list[str]:
    """Partner cells: one per line ending in ".", or several in one line separated by ". "."""
    names: list[str] = []
    for line in str(text or "").splitlines():
        line = line.strip()
        if line.endswith(".") and not line.endswith(".."):
            line = line[:-1]
        # Split after a word of two or more letters, so initials ("K. Balling") stay whole.
        for part in re.split(r"(?<=\S\S)\.\s+(?=\S)", line):
            part = part.strip().rstrip(".") if part.endswith("..") else part.strip()
            if part and part.casefold() not in {n.casefold() for n in names}:
                names.append(part)
    return names


def status_from_dates(start: str | None, end: str | None, today: dt.date) -> str:
    from actionplan.core.dates import PartialDate

    if end and PartialDate.parse(end, end=True).date < today:
        return ProjectStatus.COMPLETED
    if start and PartialDate.parse(start).date > today:
        return ProjectStatus.GRANTED
    return ProjectStatus.STARTED


def _status(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text.lower() in ProjectStatus.values:
        return text.lower()
    return projects.status_from_word(text)


def rows_parse(
    table: Table,
    mapping: Mapping,
    *,
    currency: str = "DKK",
    rate: Decimal | None = None,
    today: dt.date | None = None,
) -> list[ProjectRow]:
    """Every row read and checked; the first bad one raises IngestError with where and why."""
    mapping.check(table)
    file_currency = (mapping.options.get("currency") or currency_of(mapping.columns)).upper()
    currency = currency.upper()
    if file_currency != "DKK" or currency != "DKK":
        if currency != file_currency:
            raise IngestError(
                _(
                    "the amounts are in %(file)s; import them only with --currency %(file)s "
                    "and --rate (kroner per %(file)s), or they would be stored as kroner."
                )
                % {"file": file_currency},
                file=table.name,
            )
        if rate is None or rate <= 0:
            raise IngestError(
                _("amounts in %(currency)s need a positive --rate to convert them to kroner.")
                % {"currency": currency},
                file=table.name,
            )
    today = today or dt.date.today()
    default_fund = mapping.options.get("fund", "erdf")
    columns = mapping.columns
    seen: Counter[str] = Counter()
    result: list[ProjectRow] = []
    errors: list[IngestError] = []
    for row in table.rows:
        try:
            parsed = _parse_row(table, row, columns, default_fund, currency, rate, today)
        except SheetErrors as row_errors:
            errors.extend(row_errors.problems)
            continue
        except IngestError as error:
            errors.append(error)
            continue
        seen[parsed.external_id] += 1
        if seen[parsed.external_id] > 1:
            # The same project twice in a file (the DK 2014-2020 export has four such pairs):
            # number the repeats so both are kept and a re-import still finds each.
            parsed.external_id = f"{parsed.external_id}-{seen[parsed.external_id]}"
        parsed.external_id = f"{mapping.name}:{parsed.external_id}"[:200]
        result.append(parsed)
    if errors:
        raise SheetErrors(errors, file=table.name)
    return result


def _kind(reason: str) -> str:
    """What an error says, without the values it names: errors of one kind are listed
    together."""
    return re.sub(r"“[^”]*”|\d[\d.,]*", "…", reason).strip()


class SheetErrors(IngestError):
    """Every problem of a file at once, grouped by kind; nothing was imported."""

    def __init__(self, problems: list[IngestError], *, file: str = ""):
        self.problems = sorted(problems, key=lambda p: (p.row or 0, p.column))
        groups: dict[str, list[IngestError]] = {}
        for problem in self.problems:
            groups.setdefault(_kind(problem.reason), []).append(problem)
        self.groups = groups
        lines = []
        for kind, members in groups.items():
            lines.append(f"{kind} ({len(members)}):")
            lines.extend(f"  {member.describe()}" for member in members)
        super().__init__(
            _("%(count)s problem(s); nothing was imported:") % {"count": len(self.problems)}
            + "\n"
            + "\n".join(lines),
            file=file,
        )


def _parse_row(
    table: Table,
    row: Row,
    columns: dict[str, str],
    default_fund: str,
    currency: str,
    rate: Decimal | None,
    today: dt.date,
) -> ProjectRow:
    def cell(name: str) -> Any:
        if name not in columns:
            return None
        value = _unescaped(row.values.get(columns[name]))
        if found := xmltext.find(value):
            raise IngestError(
                xmltext.message(value, found),
                file=table.name,
                row=row.number,
                line=row.line,
                column=columns[name],
            )
        return value

    cell_errors: list[IngestError] = []

    def read(name: str, parse: Callable[[Any], Any]) -> Any:
        """A cell's value; a cell that cannot be read is listed and the row read on, so that
        every bad cell of a file is said at once."""
        try:
            return parse(cell(name))
        except ValidationError as exc:
            cell_errors.append(
                IngestError(
                    " ".join(exc.messages),
                    file=table.name,
                    row=row.number,
                    line=row.line,
                    column=columns[name],
                )
            )
            return None

    title = _text(cell("title"))
    if not title:
        raise IngestError(
            _("the project has no title."),
            file=table.name,
            row=row.number,
            line=row.line,
            column=columns["title"],
        )
    start, end = read("start", _date), read("end", _date)
    if cell_errors and not title:
        cell_errors.insert(
            0,
            IngestError(
                _("the project has no title."),
                file=table.name,
                row=row.number,
                line=row.line,
                column=columns["title"],
            ),
        )
    if start and end and end < start[: len(end)]:
        raise IngestError(
            _("the end %(end)s is before the start %(start)s.") % {"end": end, "start": start},
            file=table.name,
            row=row.number,
            line=row.line,
            column=columns.get("end", ""),
        )
    budget, eu = read("budget", _amount), read("eu_funding", _amount)
    granted_total = read("granted_total", _amount)
    note = ""
    if currency != "DKK":
        note = _("%(currency)s %(amount)s converted at %(rate)s kr. per %(currency)s.") % {
            "currency": currency,
            "amount": eu if eu is not None else budget,
            "rate": rate,
        }
        budget = _convert(budget, rate)
        eu = _convert(eu, rate)
    for name, value in (("budget", budget), ("eu_funding", eu), ("granted_total", granted_total)):
        if value is not None and value < 0:
            raise IngestError(
                _("amounts cannot be negative."),
                file=table.name,
                row=row.number,
                line=row.line,
                column=columns[name],
            )
    lead, lead_cvr = _text(cell("lead")), re.sub(r"\D", "", _text(cell("lead_cvr")))
    if lead_cvr and len(lead_cvr) != 8:
        raise IngestError(
            _("“%(value)s” is not a CVR number (8 digits).") % {"value": _text(cell("lead_cvr"))},
            file=table.name,
            row=row.number,
            line=row.line,
            column=columns["lead_cvr"],
        )
    own_id = identifier = _text(cell("external_id"))
    if not identifier:
        key = "|".join([title.casefold(), start or "", lead.casefold()])
        identifier = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:16]
    status = read("status", _status) or status_from_dates(start, end, today)
    partners = [p for p in split_partners(cell("partners")) if p.casefold() != lead.casefold()]
    for name in [lead, *partners]:
        if len(name) > 200:
            raise IngestError(
                _("the organisation name is longer than 200 characters."),
                file=table.name,
                row=row.number,
                line=row.line,
                column=columns["lead" if name == lead else "partners"],
            )
    latitude, longitude = read("latitude", _coordinate), read("longitude", _coordinate)
    east, north = read("east", _coordinate), read("north", _coordinate)
    if (latitude is None or longitude is None) and east is not None and north is not None:
        lat, lon = utm32_to_wgs84(float(east), float(north))
        latitude, longitude = Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")
    if latitude is None or longitude is None or not (-90 <= latitude <= 90):
        latitude = longitude = None
    parsed = ProjectRow(
        latitude=latitude,
        longitude=longitude,
        postcode=read("postcode", postcode_parse) or "",
        row=row.number,
        external_id=identifier,
        identifier=own_id,
        title=title[:400],
        description=str(cell("description") or "").strip(),
        start=start,
        end=end,
        status=status,
        budget=budget,
        eu_funding=eu,
        fund=read("fund", lambda v: _fund(v, default_fund)),
        lead=lead,
        lead_cvr=lead_cvr,
        partners=partners,
        note=note,
        granted_total=granted_total,
        focus_areas=_slugs(cell("focus_areas")) if "focus_areas" in columns else None,
        sdgs=read("sdgs", _sdgs) if "sdgs" in columns else None,
        grant_source=_text(cell("grant_source")),
        grant_amount=_convert(read("grant_amount", _amount), rate),
        grant_upper_bound=_bound(cell("grant_amount")),
        grant_decided=read("grant_decided", _date),
        budget_upper_bound=_bound(cell("budget")),
    )
    if cell_errors:
        raise SheetErrors(cell_errors, file=table.name)
    return parsed


def _cents(amount: Decimal | None) -> Decimal | None:
    """As the database gives it back, so an unchanged amount compares equal on re-import."""
    return None if amount is None else amount.quantize(Decimal("0.01"))


def _convert(amount: Decimal | None, rate: Decimal | None) -> Decimal | None:
    if amount is None or rate is None:
        return amount
    return (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- commit --------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _guess_kind(name: str) -> str:
    lower = name.casefold()
    if "kommune" in lower or "kommun" in lower.split():
        return Organisation.Kind.MUNICIPALITY
    if lower.startswith("region ") or "landsting" in lower or "regionen " in lower:
        return Organisation.Kind.REGION
    if "universit" in lower or "højskole" in lower or "akademi" in lower:
        return Organisation.Kind.KNOWLEDGE
    if lower.endswith((" a/s", " aps", " ab", " i/s", " p/s")):
        return Organisation.Kind.COMPANY
    if "fond" in lower.split() or lower.endswith("fonden"):
        return Organisation.Kind.FOUNDATION
    return Organisation.Kind.OTHER


class _Resolver:
    """Organisations by CVR, then by name ignoring case and spacing. A name none has becomes
    a new organisation, kept pending until flush() writes the batch's new ones at once (and
    then the CVR numbers the file gives organisations that had none)."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self.by_cvr: dict[str, Organisation] = {}
        self.by_name: dict[str, Organisation] = {}
        self.slugs: set[str] = set(Organisation.objects.values_list("slug", flat=True))
        for organisation in Organisation.objects.all():
            if organisation.cvr:
                self.by_cvr[organisation.cvr] = organisation
            self.by_name.setdefault(_name_key(organisation.name), organisation)
        self.created = 0
        self.pending: list[tuple[Organisation, ProjectRow]] = []
        self.cvrs: list[tuple[Organisation, str, ProjectRow]] = []

    def get(self, name: str, cvr: str = "", row: ProjectRow | None = None) -> Organisation | None:
        if cvr and cvr in self.by_cvr:
            return self.by_cvr[cvr]
        if not name:
            return None
        found = self.by_name.get(_name_key(name))
        if found is not None:
            if cvr and not found.cvr and row is not None:
                self.cvrs.append((found, cvr, row))
                self.by_cvr[cvr] = found
            return found
        if row is None:
            raise RuntimeError(f"organisation {name!r} was not resolved before the write")
        organisation = organisations.organisation_build(
            name=name, slug=_unique_slug(name, self.slugs, 100), kind=_guess_kind(name), cvr=cvr
        )
        self.pending.append((organisation, row))
        self.by_name[_name_key(name)] = organisation
        if cvr:
            self.by_cvr[cvr] = organisation
        return organisation

    def flush(self, file: str) -> None:
        """Write the pending new organisations, then the CVR numbers learnt."""
        new = [organisation for organisation, _row in self.pending]
        try:
            organisations.organisations_create_many(actor=self.actor, new=new)
        except core.Refused as exc:
            with _row(file, self.pending[exc.index][1]):
                raise exc.error from exc
        self.created += len(new)
        self.pending.clear()
        for organisation, cvr, row in self.cvrs:
            with _row(file, row):
                organisations.organisation_update(
                    actor=self.actor, organisation=organisation, cvr=cvr
                )
        self.cvrs.clear()


def _unique_slug(text: str, taken: set[str], length: int) -> str:
    base = (slugify(text) or "x")[: length - 8].strip("-") or "x"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _fund_source(actor: Actor, key: str, cache: dict[str, FundingSource]) -> FundingSource:
    if key not in cache:
        slug, name = FUNDS[key]
        cache[key] = FundingSource.objects.filter(slug=slug).first() or (
            organisations.funding_source_create(
                actor=actor, name=name, slug=slug, kind=FundingSource.Kind.EU
            )
        )
    return cache[key]


@dataclass
class ImportResult:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_created: int = 0
    grants_created: int = 0
    budget_total: Decimal = Decimal(0)
    eu_total: Decimal = Decimal(0)


CHUNK = 2000  # rows written per batch: the queries per batch do not grow with its rows


def projects_check(
    rows: list[ProjectRow], *, file: str = "", create_focus_areas: bool = False
) -> tuple[list[IngestError], list[str]]:
    """What the import would refuse (the same checks, no writes), and the focus areas the
    file names that do not exist (created by the import when create_focus_areas)."""
    targets, problems = _targets(rows)
    missing: list[str] = []
    _focus_areas(rows, targets, problems, missing, create_focus_areas)
    _check_granted(rows, targets, problems)
    return problems, missing


def projects_import(
    *,
    actor: Actor,
    file: str,
    rows: list[ProjectRow],
    publish: bool = False,
    focus_area: FocusArea | None = None,
    create_focus_areas: bool = False,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> ImportResult:
    """Write parsed rows: all or none. A row the services refuse stops it with its number;
    rows that do not agree with the projects they name are all listed, and nothing written.
    The rows are written in batches of CHUNK: their organisations, new projects, the
    projects a re-import finds and their grants each in a few statements through the bulk
    services (projects_create_many, projects_update_many, grants_create_many), which check
    and audit every row as the single-project services do. focus_area: where new projects go
    when the file names none. progress(stage, done, total), when given: "checking", then
    "importing" with the rows done, every CHUNK rows."""
    result = ImportResult(file=file, rows=len(rows))
    try:
        with _settled_heap(), transaction.atomic():
            _import(actor, file, rows, publish, focus_area, result, create_focus_areas, progress)
    except PermissionDenied as exc:
        raise IngestError(
            _("%(reason)s Nothing was imported.") % {"reason": exc}, file=file
        ) from exc
    except IntegrityError as exc:
        raise IngestError(
            _("the database refused the rows (%(error)s); nothing was imported.") % {"error": exc},
            file=file,
        ) from exc
    return result


@contextmanager
def _settled_heap() -> Iterator[None]:
    """The objects alive when an import begins (the parsed rows among them) kept out of the
    garbage collector's full passes until it ends: each pass walks every object still
    tracked, and the rows and objects an import keeps grow with the file (100.000 rows:
    millions of objects, walked again every time they grew by a quarter)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import(
    actor: Actor,
    file: str,
    rows: list[ProjectRow],
    publish: bool,
    focus_area: FocusArea | None,
    result: ImportResult,
    create_focus_areas: bool = False,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> None:
    if progress is not None:
        progress("checking", 0, len(rows))
    targets, problems = _targets(rows)
    missing: list[str] = []
    areas = _focus_areas(rows, targets, problems, missing, create_focus_areas)
    _check_granted(rows, targets, problems)
    if problems:
        raise SheetErrors(problems, file=file)
    if missing:
        created = _create_focus_areas(actor, missing, focus_area)
        areas = [
            None if found is None else [*found, *(created[n] for n in names)]
            for found, names in zip(areas, _missing_per_row(rows, missing), strict=True)
        ]
    batch = _Batch(actor, file, publish, focus_area, result)
    for start in range(0, len(rows), CHUNK):
        if progress is not None:
            progress("importing", start, len(rows))
        end = start + CHUNK
        batch.write(rows[start:end], targets[start:end], areas[start:end])
    if batch.rebuild:
        summaries.rebuild(batch.rebuild)
    if progress is not None:
        progress("importing", len(rows), len(rows))
    result.organisations_created = batch.resolver.created
    result.grants_created = batch.sources.grants


class _GrantSources:
    """Funding sources a grant list names, by slug or name; a new one is created."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self.known: dict[str, FundingSource] = {}
        for source in FundingSource.objects.all():
            self.known.setdefault(source.slug, source)
            self.known.setdefault(_name_key(source.name), source)
        self.slugs = {s.slug for s in self.known.values()}
        self.grants = 0

    def get(self, name: str) -> FundingSource:
        key = _name_key(name or _("Unknown source"))
        found = self.known.get(name.strip()) or self.known.get(key) or self.known.get(slugify(name))
        if found is None:
            lower = key
            kind = FundingSource.Kind.OTHER
            if re.search(r"\beu\b|interreg|horizon|life|erdf|esf|socialfond", lower):
                kind = FundingSource.Kind.EU
            elif "pulje" in lower or "udviklingsmidl" in lower:
                kind = FundingSource.Kind.REGIONAL_POOL
            elif "fond" in lower:
                kind = FundingSource.Kind.FOUNDATION
            found = organisations.funding_source_create(
                actor=self.actor,
                name=name.strip() or _("Unknown source"),
                slug=_unique_slug(name or "kilde", self.slugs, 100),
                kind=kind,
            )
            self.known[key] = found
        return found


def _grant(row: ProjectRow, project: Project, sources: _GrantSources, stored: bool) -> Grant | None:
    """The row's grant for the project (unsaved), unless a stored project has that grant
    already (a re-import; its grants prefetched)."""
    if not row.grant_source and row.grant_amount is None:
        return None
    source = sources.get(row.grant_source)
    amount = _cents(row.grant_amount)
    for grant in project.grants.all() if stored else []:
        if grant.source_id == source.pk and grant.amount == amount:
            return None
    return projects.grant_build(
        project=project,
        source=source,
        amount=amount,
        decided=row.grant_decided,
        upper_bound=row.grant_upper_bound,
        note=_("up to this amount (“op til”)") if row.grant_upper_bound else "",
    )


@contextmanager
def _row(file: str, row: ProjectRow) -> Iterator[None]:
    """A refusal from the services, as an IngestError naming the row."""
    try:
        yield
    except ValidationError as exc:
        from actionplan.core.errors import describe

        raise IngestError(describe(exc), file=file, row=row.row) from exc
    except PermissionDenied as exc:
        raise IngestError(str(exc), file=file, row=row.row) from exc


def _targets(rows: list[ProjectRow]) -> tuple[list[Project | None], list[IngestError]]:
    """The project each row updates (None: a new one). First by external id, as a file
    imported before under the same mapping name; else by the file's own id when that column
    holds this installation's project slugs, as the open-data export's "Projekt-id" does.
    A column is read as slugs once any of its ids is one; then every id must be one."""
    query = Project.objects.select_related("lead").prefetch_related("focus_area_links")
    by_external = {
        p.external_id: p for p in query.filter(external_id__in=[r.external_id for r in rows])
    }
    rest = [r for r in rows if r.external_id not in by_external]
    by_slug = {p.slug: p for p in query.filter(slug__in={r.identifier for r in rest} - {""})}
    problems: list[IngestError] = []
    if by_slug:
        example = next(iter(by_slug))
        counts = Counter(r.identifier for r in rest)
        for r in rest:
            if r.identifier not in by_slug:
                problems.append(
                    IngestError(
                        _(
                            "“%(id)s” is not the id of a project here, though the file's ids "
                            "are this installation's project ids (such as “%(example)s”); "
                            "remove the id of a project that is new."
                        )
                        % {"id": r.identifier, "example": example},
                        row=r.row,
                    )
                )
            elif counts[r.identifier] > 1:
                problems.append(
                    IngestError(
                        _("the project “%(id)s” is in the file more than once.")
                        % {"id": r.identifier},
                        row=r.row,
                    )
                )
    targets = [by_external.get(r.external_id) or by_slug.get(r.identifier) for r in rows]
    _same_projects(rows, targets, query)
    return targets, problems


def _same_projects(rows: list[ProjectRow], targets: list[Project | None], query) -> None:
    """Projects imported before from a file of another name: the same id in the file's id
    column, or else the same title, lead and start."""
    from django.db.models import Q

    missing = [i for i, target in enumerate(targets) if target is None]
    taken = {t.pk for t in targets if t is not None}
    by_id: dict[str, Project] = {}
    own = sorted({rows[i].identifier for i in missing if rows[i].identifier})
    for start in range(0, len(own), 200):
        match = Q()
        for identifier in own[start : start + 200]:
            match |= Q(external_id__endswith=f":{identifier}")
        for project in query.filter(match):
            by_id.setdefault(project.external_id.split(":", 1)[-1], project)
    titles = sorted({rows[i].title for i in missing})
    candidates: dict[str, list[Project]] = {}
    for start in range(0, len(titles), 500):
        for project in query.filter(title__in=titles[start : start + 500]):
            candidates.setdefault(project.title, []).append(project)
    for index in missing:
        row = rows[index]
        found = by_id.get(row.identifier) if row.identifier else None
        if found is not None and found.pk not in taken:
            targets[index] = found
            taken.add(found.pk)
            continue
        for project in candidates.get(row.title, []):
            if project.pk in taken:
                continue
            same_lead = _name_key(project.lead.name if project.lead else "") == _name_key(row.lead)
            stored = project.start_partial
            same_start = (stored.iso() if stored else "") == (row.start or "")
            if same_lead and same_start:
                targets[index] = project
                taken.add(project.pk)
                break


def _area_key(text: str) -> str:
    return " ".join(re.sub(r"[^\wæøå ]", " ", text.casefold()).split())


def _focus_areas(
    rows: list[ProjectRow],
    targets: list[Project | None],
    problems: list[IngestError],
    missing: list[str] | None = None,
    create: bool = False,
) -> list[list[FocusArea] | None]:
    """Each row's focus areas from their slugs or titles: one the project is linked to
    already, else the only focus area with that slug or title (slugs are unique within a
    plan, not across plans). Names of none go to missing (to be created when create)."""
    wanted = {slug for row in rows for slug in row.focus_areas or []}
    by_slug: dict[str, list[FocusArea]] = {}
    if wanted:
        for area in FocusArea.objects.select_related("plan"):
            keys = {area.slug, _area_key(area.title), *(_area_key(a) for a in area.aliases or [])}
            for key in keys:
                by_slug.setdefault(key, []).append(area)
    by_slug = {
        k: v for k, v in by_slug.items() if k in wanted or k in {_area_key(w) for w in wanted}
    }
    for key in list(wanted):
        if key not in by_slug and _area_key(key) in by_slug:
            by_slug[key] = by_slug[_area_key(key)]
    result: list[list[FocusArea] | None] = []
    for row, project in zip(rows, targets, strict=True):
        if row.focus_areas is None:
            result.append(None)
            continue
        mine = {link.focus_area_id for link in project.focus_area_links.all()} if project else set()
        chosen: list[FocusArea] = []
        for slug in row.focus_areas:
            found = by_slug.get(slug, [])
            found = [a for a in found if a.pk in mine] or found
            if len(found) == 1:
                if found[0] not in chosen:
                    chosen.append(found[0])
            elif not found:
                if missing is not None and slug not in missing:
                    missing.append(slug)
                if not create:
                    problems.append(
                        IngestError(
                            _(
                                "there is no focus area “%(slug)s” (by slug or title); "
                                "create the missing focus areas to import it."
                            )
                            % {"slug": slug},
                            row=row.row,
                        )
                    )
            else:
                problems.append(
                    IngestError(
                        _("“%(slug)s” names focus areas in several plans (%(plans)s).")
                        % {"slug": slug, "plans": ", ".join(a.plan.slug for a in found)},
                        row=row.row,
                    )
                )
        result.append(chosen)
    return result


def _check_granted(
    rows: list[ProjectRow], targets: list[Project | None], problems: list[IngestError]
) -> None:
    """A total of grants is checked against the project's grants: which grant a different
    total would change cannot be told from the file, so the import writes no grants."""
    # From the grants themselves rather than the project's kept total: the check is the point.
    sums = dict(
        Grant.objects.filter(project__in=[p for p in targets if p], amount__isnull=False)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values_list("project", "total")
    )
    for row, project in zip(rows, targets, strict=True):
        if row.granted_total is None:
            continue
        granted = (sums.get(project.pk) if project else None) or Decimal(0)
        if granted == row.granted_total:
            continue
        problems.append(
            IngestError(
                _(
                    "the file says %(file)s granted in all, the project's grants add up to "
                    "%(stored)s; the import writes no grants, so change them on the project."
                )
                % {"file": format_dkk(row.granted_total), "stored": format_dkk(granted)},
                row=row.row,
            )
        )


def _missing_per_row(rows: list[ProjectRow], missing: list[str]) -> list[list[str]]:
    return [[name for name in row.focus_areas or [] if name in missing] for row in rows]


def _create_focus_areas(
    actor: Actor, names: list[str], near: FocusArea | None
) -> dict[str, FocusArea]:
    """The focus areas a file names and the installation lacks, in the theme of the chosen
    focus area (or the latest plan's last theme), marked as not in the original plan."""
    from actionplan.plans import services as plans
    from actionplan.plans.models import Theme

    theme = (
        near.theme if near is not None else Theme.objects.order_by("-plan__pk", "-order").first()
    )
    if theme is None:
        raise IngestError(
            _("The file names focus areas that do not exist, and there is no plan to add them to.")
        )
    taken = set(FocusArea.objects.filter(plan=theme.plan).values_list("slug", flat=True))
    created = {}
    for order, name in enumerate(names, start=1):
        created[name] = plans.focus_area_create(
            actor=actor,
            theme=theme,
            title=name[:300],
            slug=_unique_slug(name, taken, 60),
            order=1000 + order,
            in_original_plan=False,
        )
    return created


class _Slugs:
    """Slugs for new projects: the title and a digest of the external id, so a re-import
    under another mapping name does not collide; one taken already gets an "x" more."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def new(self, title: str, external_id: str) -> str:
        digest = hashlib.sha1(external_id.encode(), usedforsecurity=False).hexdigest()[:8]
        base = (slugify(title) or "projekt")[:100].strip("-")
        return self._free(f"{base}-{digest}")

    def _free(self, slug: str) -> str:
        while slug in self.taken:
            slug = f"{slug}x"
        self.taken.add(slug)
        return slug

    def settle(self, new: list[Project]) -> None:
        """Move the new projects off slugs that stored projects have (one query)."""
        stored = set(
            Project.objects.filter(slug__in=[p.slug for p in new]).values_list("slug", flat=True)
        )
        for project in new:
            if project.slug in stored:
                project.slug = self._free(project.slug + "x")


def _values(row: ProjectRow, lead: Organisation | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": row.title,
        "description": row.description,
        "lead": lead,
        "status": row.status,
        "budget_dkk": _cents(row.budget),
        "budget_upper_bound": row.budget_upper_bound,
    }
    # An empty date cell leaves the date as it is (project_update would clear it).
    values.update({name: when for name in ("start", "end") if (when := getattr(row, name))})
    if row.sdgs is not None:
        values["sdgs"] = row.sdgs
    if row.latitude is not None:
        values.update(latitude=row.latitude, longitude=row.longitude)
    if row.postcode:
        values["postcode"] = row.postcode
    return values


def _roles(
    row: ProjectRow, lead: Organisation | None, resolver: _Resolver, lead_kept: bool
) -> list[tuple[Organisation, str]]:
    """The lead as accountable (unless the project had it already: it keeps whatever roles
    it was given since) and every other partner as implementing."""
    wanted = []
    if lead is not None and not lead_kept:
        wanted.append((lead, Participation.Role.ACCOUNTABLE))
    for name in row.partners:
        partner = resolver.get(name)
        if partner is not None and partner != lead:
            wanted.append((partner, Participation.Role.IMPLEMENTING))
    return wanted


def _new(
    actor: Actor,
    row: ProjectRow,
    areas: list[FocusArea] | None,
    resolver: _Resolver,
    funds: dict[str, FundingSource],
    slugs: _Slugs,
    publish: bool,
) -> projects.NewProject:
    """A new project for the row, with its partners and co-funding (checked when written)."""
    lead = resolver.get(row.lead, row.lead_cvr)
    project = projects.project_build(
        slug=slugs.new(row.title, row.external_id),
        external_id=row.external_id,
        is_published=publish,
        **_values(row, lead),
    )
    roles = dict.fromkeys(_roles(row, lead, resolver, lead_kept=False))
    item = projects.NewProject(
        project=project,
        focus_areas=areas or (),
        participations=[Participation(organisation=o, role=role) for o, role in roles],
    )
    if row.eu_funding is not None:
        item.cofunding.append(
            CoFunding(
                source=_fund_source(actor, row.fund, funds),
                status=CoFunding.Status.GRANTED,
                amount=_cents(row.eu_funding),
                note=row.note,
            )
        )
    return item


def _lead_kept(project: Project, row: ProjectRow) -> bool:
    """Whether the file names the project's own lead (though another organisation may have
    that name): it stays, with whatever roles it was given since."""
    return (
        project.lead is not None
        and _name_key(project.lead.name) == _name_key(row.lead)
        and row.lead_cvr in ("", project.lead.cvr)
    )


def _change(
    actor: Actor,
    row: ProjectRow,
    project: Project,
    areas: list[FocusArea] | None,
    resolver: _Resolver,
    funds: dict[str, FundingSource],
) -> projects.ProjectChange:
    """What brings a project a re-import finds up to the row (its participations and
    co-funding prefetched); projects_update_many tells what really changes."""
    lead_kept = _lead_kept(project, row)
    lead = project.lead if lead_kept else resolver.get(row.lead, row.lead_cvr)
    values = _values(row, lead)
    if project.external_id and project.external_id != row.external_id:
        values["external_id"] = row.external_id  # found under another file's name: now this
    change = projects.ProjectChange(project=project, values=values, focus_areas=areas)
    roles = {(p.organisation_id, p.role) for p in project.participations.all()}
    for organisation, role in _roles(row, lead, resolver, lead_kept):
        if (organisation.pk, role) not in roles:
            change.participations.append(Participation(organisation=organisation, role=role))
            roles.add((organisation.pk, role))
    if row.eu_funding is not None:
        source = _fund_source(actor, row.fund, funds)
        current = next((c for c in project.cofunding.all() if c.source_id == source.pk), None)
        amount = _cents(row.eu_funding)
        if current is None:
            change.cofunding.append(
                CoFunding(
                    source=source, status=CoFunding.Status.GRANTED, amount=amount, note=row.note
                )
            )
        elif current.amount != row.eu_funding or current.note != row.note:
            change.cofunding_changes.append((current, {"amount": amount, "note": row.note}))
    return change


@contextmanager
def _refused(file: str, rows: list[ProjectRow]) -> Iterator[None]:
    """A bulk service's refusal of one of its items, as an IngestError naming its row."""
    try:
        yield
    except core.Refused as exc:
        with _row(file, rows[exc.index]):
            raise exc.error from exc


class _Batch:
    """The import's writes, one batch of rows at a time (projects_import)."""

    def __init__(
        self,
        actor: Actor,
        file: str,
        publish: bool,
        focus_area: FocusArea | None,
        result: ImportResult,
    ):
        self.actor, self.file, self.publish = actor, file, publish
        self.focus_area, self.result = focus_area, result
        self.resolver = _Resolver(actor)
        self.funds: dict[str, FundingSource] = {}
        self.slugs = _Slugs()
        self.sources = _GrantSources(actor)
        self.rebuild: set[int] = set()  # the plans whose summaries to rebuild at the end

    def write(
        self,
        rows: list[ProjectRow],
        targets: list[Project | None],
        areas: list[list[FocusArea] | None],
    ) -> None:
        actor, file = self.actor, self.file
        prefetch_related_objects(
            [p for p in targets if p is not None],
            "participations",
            "cofunding__source",
            "grants",
        )
        self._organisations(rows, targets)
        new: list[projects.NewProject] = []
        new_rows: list[ProjectRow] = []
        changes: list[projects.ProjectChange] = []
        change_rows: list[ProjectRow] = []
        for row, project, row_areas in zip(rows, targets, areas, strict=True):
            with _row(file, row):
                if project is None:
                    if row_areas is None and self.focus_area is not None:
                        row_areas = [self.focus_area]
                    new.append(
                        _new(
                            actor,
                            row,
                            row_areas,
                            self.resolver,
                            self.funds,
                            self.slugs,
                            self.publish,
                        )
                    )
                    new_rows.append(row)
                else:
                    changes.append(
                        _change(actor, row, project, row_areas, self.resolver, self.funds)
                    )
                    change_rows.append(row)
            self.result.budget_total += row.budget or 0
            self.result.eu_total += row.eu_funding or 0
        self.slugs.settle([item.project for item in new])
        with _refused(file, new_rows):
            projects.projects_create_many(actor=actor, new=new, rebuild=self.rebuild)
        with _refused(file, change_rows):
            changed = projects.projects_update_many(
                actor=actor, changes=changes, rebuild=self.rebuild
            )
        grants: list[Grant] = []
        grant_rows: list[ProjectRow] = []
        for project, row, stored in [
            *((item.project, row, False) for item, row in zip(new, new_rows, strict=True)),
            *((item.project, row, True) for item, row in zip(changes, change_rows, strict=True)),
        ]:
            with _row(file, row):
                grant = _grant(row, project, self.sources, stored)
            if grant is not None:
                grants.append(grant)
                grant_rows.append(row)
        with _refused(file, grant_rows):
            projects.grants_create_many(actor=actor, grants=grants, rebuild=self.rebuild)
        self.sources.grants += len(grants)
        granted = {id(grant.project) for grant in grants}
        # Publishing is a change of its own, as project_update made it after the others.
        publish = [
            i for i, item in enumerate(changes) if self.publish and not item.project.is_published
        ]
        with _refused(file, [change_rows[i] for i in publish]):
            projects.projects_update_many(
                actor=actor,
                changes=[
                    projects.ProjectChange(changes[i].project, {"is_published": True})
                    for i in publish
                ],
                rebuild=self.rebuild,
            )
        for index in publish:
            changed[index] = True
        for item, was in zip(changes, changed, strict=True):
            if was or id(item.project) in granted:
                self.result.updated += 1
            else:
                self.result.unchanged += 1
        self.result.created += len(new)

    def _organisations(self, rows: list[ProjectRow], targets: list[Project | None]) -> None:
        """The organisations the rows name, the new ones written at once: as the rows will
        ask for them (a project's own lead is not looked up again)."""
        for row, project in zip(rows, targets, strict=True):
            if project is None or not _lead_kept(project, row):
                self.resolver.get(row.lead, row.lead_cvr, row)
            for name in row.partners:
                self.resolver.get(name, row=row)
        self.resolver.flush(self.file)


# -- the template to download ----------------------------------------------------------------


def template(kind: str) -> bytes:
    """A project and grant list to fill in, with Danish headers the import recognises and
    one example row: "csv" (semicolons, UTF-8 with a byte order mark for Excel) or "xlsx"."""
    headers = list(TEMPLATE_HEADERS.values())
    example = [TEMPLATE_EXAMPLE[name] for name in TEMPLATE_HEADERS]
    if kind == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerow(example)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if kind == "xlsx":
        import io

        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = "Projekter"
        sheet.append(headers)
        sheet.append(example)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, header in zip(sheet.columns, headers, strict=True):
            sheet.column_dimensions[column[0].column_letter].width = max(14, len(header) + 4)
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise IngestError(_("The template comes as csv or xlsx."))
