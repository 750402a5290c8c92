"""The OECD DAC 5-digit purpose codes (the IATI Sector codelist, vocabulary 1), which the
IATI export reports as each project's sector. Data staff choose one per theme or focus area;
a focus area without one takes its theme's.

data/dac-sectors.json: the active codes of IATI/IATI-Codelists-NonEmbedded Sector.xml (commit
7aeece7, CC BY 4.0), code to English name.
"""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "dac-sectors.json"
# Reported where neither the focus area nor its theme names a code.
NOT_SPECIFIED = "99810"


@cache
def dac_sectors() -> dict[str, str]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def dac_sector_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(code, f"{code} {name}") for code, name in dac_sectors().items()]


def validate_dac_sector(value: str) -> None:
    if value and value not in dac_sectors():
        raise ValidationError(
            _("%(code)s is not an OECD DAC 5-digit purpose code."), params={"code": value}
        )
