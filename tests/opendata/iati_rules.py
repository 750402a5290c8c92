"""A reader of the IATI Standard Ruleset (rulesets/standard.json) and the IATI codelists.

The ruleset states, as data, what the IATI Validator checks beyond the schema: for a context
(an XPath from the document root) a set of rule types, each with cases. This module implements
the rule types the 2.03 ruleset uses, as the IATI-Rulesets repository's checker reads them, and
returns the failures of a document as (rule id, severity, context element, message).
"""

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from lxml import etree

from tests.paths import SHARED

IATI = SHARED / "data" / "iati-2.03"
RULESET = IATI / "rulesets" / "standard.json"
CODELISTS = IATI / "codelists"


@dataclass(frozen=True)
class Failure:
    rule: str
    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.severity}) at {self.where}: {self.message}"


@cache
def codelist(name: str) -> frozenset[str]:
    """The codes of an IATI codelist (withdrawn codes left out)."""
    tree = etree.parse(str(CODELISTS / f"{name}.xml"))
    return frozenset(
        item.findtext("code")
        for item in tree.iter("codelist-item")
        if item.get("status", "active") == "active"
    )


def _strings(element, path: str) -> list[str]:
    found = element.xpath(path)
    if not isinstance(found, list):
        return [str(found)]
    return [x if isinstance(x, str) else (x.text or "") for x in found]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _dates(element, path: str, today: dt.date) -> list[dt.date]:
    if path == "NOW":
        return [today]
    return [d for d in (_date(s) for s in _strings(element, path)) if d is not None]


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _known_org_id(ref: str) -> bool:
    agencies = codelist("OrganisationRegistrationAgency")
    return any(ref.startswith(prefix + "-") for prefix in agencies)


def _truth(element, expression: str) -> bool:
    return bool(element.xpath(f"boolean({expression})"))


class Checker:
    def __init__(self, today: dt.date | None = None):
        self.today = today or dt.date.today()
        self.rules = json.loads(RULESET.read_text(encoding="utf-8"))

    def check(self, root: etree._Element) -> list[Failure]:
        failures: list[Failure] = []
        tree = root.getroottree()
        for context, rule_types in self.rules.items():
            for element in root.xpath(context):
                where = tree.getpath(element)
                for rule_type, rule in rule_types.items():
                    for case in rule["cases"]:
                        failures += self._case(rule_type, case, element, where)
        return failures

    def _case(self, rule_type: str, case: dict, element, where: str) -> list[Failure]:
        if rule_type == "loop":
            return self._loop(case, element, where)
        if "condition" in case and not _truth(element, case["condition"]):
            return []
        passed = getattr(self, "_" + rule_type)(case, element)
        if passed:
            return []
        info = case["ruleInfo"]
        return [Failure(info["id"], info["severity"], where, info["message"])]

    def _loop(self, case: dict, element, where: str) -> list[Failure]:
        failures: list[Failure] = []
        for value in sorted(set(_strings(element, case["foreach"]))):
            for rule_type, rule in case["do"].items():
                for inner in rule["cases"]:
                    substituted = dict(inner)
                    for key in case["subs"]:
                        if key not in inner:
                            continue
                        if isinstance(inner[key], list):
                            substituted[key] = [p.replace("$1", value) for p in inner[key]]
                        else:
                            substituted[key] = inner[key].replace("$1", value)
                    failures += self._case(rule_type, substituted, element, where)
        return failures

    # One method per rule type: True where the case holds.

    def _atleast_one(self, case, element) -> bool:
        return any(element.xpath(path) for path in case["paths"])

    def _no_more_than_one(self, case, element) -> bool:
        return sum(len(element.xpath(path)) for path in case["paths"]) <= 1

    def _one_or_all(self, case, element) -> bool:
        if element.xpath(case["one"]):
            return True
        everything = {
            "lang": ".//narrative[not(@xml:lang)]",
            "currency": ".//value[not(@currency)]",
            "sector": "transaction[not(sector)]",
        }[case["all"]]
        return not element.xpath(everything)

    def _unique(self, case, element) -> bool:
        values = [v for path in case["paths"] for v in _strings(element, path)]
        return len(values) == len(set(values))

    def _startswith(self, case, element) -> bool:
        values = [v for path in case["paths"] for v in _strings(element, path)]
        if case["prefix"] == ["ORG-ID-PREFIX"]:
            return all(_known_org_id(v) for v in values)
        separator = case.get("separator", "")
        prefixes = [p for path in case["prefix"] for p in _strings(element, path)]
        return all(any(v.startswith(p + separator) for p in prefixes) for v in values)

    def _regex_matches(self, case, element) -> bool:
        pattern = re.compile(case["regex"])
        return all(pattern.search(v) for path in case["paths"] for v in _strings(element, path))

    def _no_spaces(self, case, element) -> bool:
        return all(v == v.strip() for path in case["paths"] for v in _strings(element, path))

    def _date_now(self, case, element) -> bool:
        return all(d <= self.today for d in _dates(element, case["date"], self.today))

    def _date_order(self, case, element) -> bool:
        less = _dates(element, case["less"], self.today)
        more = _dates(element, case["more"], self.today)
        return all(a <= b for a in less for b in more)

    def _between_dates(self, case, element) -> bool:
        dates = _dates(element, case["date"], self.today)
        start = _dates(element, case["start"], self.today)
        end = _dates(element, case["end"], self.today)
        return all(s <= d <= e for d in dates for s in start for e in end)

    def _time_limit(self, case, element) -> bool:
        start = _dates(element, case["start"], self.today)
        end = _dates(element, case["end"], self.today)
        return all((e - s).days <= 365 for s in start for e in end)

    def _strict_sum(self, case, element) -> bool:
        values = [_number(v) for path in case["paths"] for v in _strings(element, path)]
        if any(v is None for v in values):
            return False
        return abs(sum(values, Decimal(0)) - Decimal(case["sum"])) < Decimal("0.01")

    def _range(self, case, element) -> bool:
        values = [_number(v) for path in case["paths"] for v in _strings(element, path)]
        low, high = Decimal(str(case["min"])), Decimal(str(case["max"]))
        return all(v is not None and low <= v <= high for v in values)

    def _if_then(self, case, element) -> bool:
        return not _truth(element, case["if"]) or _truth(element, case["then"])


def codelist_failures(root: etree._Element) -> list[str]:
    """Codes in the document that are not in their IATI codelist."""
    checks = [
        ("//activity-status/@code", "ActivityStatus"),
        ("//activity-date/@type", "ActivityDateType"),
        ("//participating-org/@role", "OrganisationRole"),
        ("//transaction-type/@code", "TransactionType"),
        ("//budget/@type", "BudgetType"),
        ("//budget/@status", "BudgetStatus"),
        ("//sector/@vocabulary", "SectorVocabulary"),
        ("//sector[@vocabulary='1' or not(@vocabulary)]/@code", "Sector"),
        ("//sector[@vocabulary='2']/@code", "SectorCategory"),
    ]
    failures = [
        f"{value!r} not in {name}"
        for path, name in checks
        for value in root.xpath(path)
        if value not in codelist(name)
    ]
    for ref in root.xpath(
        "//*[self::reporting-org or self::participating-org"
        " or self::provider-org or self::receiver-org]/@ref"
    ):
        if not _known_org_id(ref):
            failures.append(f"organisation identifier {ref!r} has no registration-agency prefix")
    return failures
