"""The words a plan uses for its parts: a vocabulary of Danish and English labels per section
role, which an organisation extends with its own (ingest.models.RoleLabel).

A line is a label when it is nothing but the label (after numbering, "#" and a colon), or
when it starts with the label and a colon ("Mål: I 2035 ..."), or, for themes and focus
areas, with a number ("Indsatsområde 2: Sikre grundvandet", "Tema 1 - Klima").
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ROLES = {
    "theme": _("theme"),
    "focus": _("focus area"),
    "challenge": _("challenge"),
    "facts": _("facts"),
    "approach": _("what we will do"),
    "goal": _("goal"),
    "activities": _("activities"),
    "partners": _("partners"),
    "funding": _("financing"),
}
# The roles whose label starts a part of a focus area (the rest name a theme or focus area).
SECTION_ROLES = ("challenge", "facts", "approach", "goal", "activities", "partners", "funding")

DEFAULT_LABELS: dict[str, list[str]] = {
    "theme": [
        "tema",
        "strategisk tema",
        "hovedtema",
        "temaområde",
        "theme",
        "strategic theme",
    ],
    "focus": [
        "rus-indsatsområde",
        "indsatsområde",
        "strategisk indsatsområde",
        "fokusområde",
        "satsningsområde",
        "indsatsområde og mål",
        "focus area",
        "priority area",
        "area of action",
    ],
    "challenge": [
        "udfordringen",
        "udfordring",
        "udfordringer",
        "udfordringerne",
        "baggrund",
        "problemstilling",
        "problemstillingen",
        "hvorfor",
        "hvorfor er det vigtigt",
        "the challenge",
        "challenge",
        "challenges",
        "background",
        "why it matters",
    ],
    "facts": [
        "fakta",
        "nøgletal",
        "fakta og tal",
        "tal og fakta",
        "fakta og nøgletal",
        "vidste du",
        "key figures",
        "key facts",
        "facts",
        "fact",
        "facts and figures",
    ],
    "approach": [
        "det vil vi gøre",
        "det vil vi",
        "det gør vi",
        "hvad vil vi gøre",
        "det skal vi gøre",
        "sådan gør vi",
        "vores indsats",
        "indsatsen",
        "tilgang",
        "vores tilgang",
        "løsningen",
        "what we will do",
        "what we'll do",
        "our approach",
        "approach",
    ],
    "goal": [
        "mål",
        "målet",
        "målsætning",
        "målsætningen",
        "målsætninger",
        "vores mål",
        "succeskriterie",
        "succeskriterier",
        "effektmål",
        "ambition",
        "goal",
        "goals",
        "target",
        "targets",
        "objective",
        "objectives",
    ],
    "activities": [
        "mulige aktiviteter",
        "aktiviteter",
        "eksempler på aktiviteter",
        "planlagte aktiviteter",
        "konkrete aktiviteter",
        "mulige tiltag",
        "tiltag",
        "initiativer",
        "possible activities",
        "activities",
        "planned activities",
        "actions",
    ],
    "partners": [
        "mulige partnere",
        "partnere",
        "samarbejdspartnere",
        "mulige samarbejdspartnere",
        "relevante partnere",
        "aktører",
        "possible partners",
        "partners",
        "stakeholders",
    ],
    "funding": [
        "finansiering",
        "mulig finansiering",
        "mulige finansieringskilder",
        "finansieringskilder",
        "finansieringsmuligheder",
        "økonomi",
        "financing",
        "funding",
        "funding sources",
        "possible funding",
    ],
}


@dataclass
class Label:
    role: str
    rest: str  # what follows the label on its line ("" for a label alone)
    alone: bool  # the line is nothing but the label


_NUMBERING = re.compile(r"^(?:#+\s*)?(?:\(?(?:\d{1,2}(?:\.\d{1,2})+\.?|[0-9A-Za-z]{1,2}[.)])\s+)?")


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


class Vocabulary:
    def __init__(self, extra: dict[str, list[str]] | None = None):
        labels = {role: list(words) for role, words in DEFAULT_LABELS.items()}
        for role, words in (extra or {}).items():
            if role in labels:
                labels[role].extend(w for w in words if w.strip())
        pairs = [(_normal(w).rstrip(":"), role) for role, words in labels.items() for w in words]
        # Longest first: "mulige aktiviteter" before "aktiviteter", "målsætning" before "mål".
        self.pairs = sorted(set(pairs), key=lambda pair: -len(pair[0]))
        self.patterns = [
            (
                re.compile(
                    rf"^{re.escape(word)}(?P<number>\s+\d{{1,2}}(?:\.\d{{1,2}})*)?"
                    rf"\s*(?P<sep>:|[\u2013\u2014-](?=\s)|\.(?=\s))?\s*(?P<rest>.*)$",
                    re.I,
                ),
                role,
            )
            for word, role in self.pairs
        ]

    def match(self, text: str) -> Label | None:
        body = " ".join(_NUMBERING.sub("", text.strip(), count=1).split())
        normal = _normal(body)
        for pattern, role in self.patterns:
            found = pattern.match(normal)
            if not found:
                continue
            rest_start = found.start("rest")
            rest = body[rest_start:].strip() if rest_start < len(body) else ""
            if not rest:
                return Label(role, "", True)
            if found.group("sep") == ":" or (
                role in {"theme", "focus"} and (found.group("sep") or found.group("number"))
            ):
                return Label(role, rest, False)
        return None
