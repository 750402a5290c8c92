"""The Danish municipalities by code (LAU-1): names and lookups."""

from .municipality_data import MUNICIPALITIES

__all__ = ["MUNICIPALITIES", "municipality_from_name", "municipality_name"]


def municipality_name(code: int, *, english: bool = False) -> str:
    names = MUNICIPALITIES.get(code)
    if names is None:
        return str(code)
    return names[1] if english else names[0]


# Older names still met in registers.
OLD_NAMES = {"århus": 751, "brønderslev-dronninglund": 810}
_SUFFIXES = (" kommune", "s kommune", " regionskommune", "s regionskommune")


def municipality_from_name(name: str) -> int | None:
    """ "Københavns Kommune" -> 101, "Bornholms Regionskommune" -> 400; None when unsure."""
    text = " ".join(name.casefold().split())
    by_name = {names[0].casefold(): code for code, names in MUNICIPALITIES.items()}
    by_name.update(OLD_NAMES)
    if text in by_name:
        return by_name[text]
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if text.endswith(suffix) and text.removesuffix(suffix) in by_name:
            return by_name[text.removesuffix(suffix)]
    return None
