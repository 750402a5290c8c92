"""Yes/no indicators (Indicator.Measure.MILESTONE): stored as 1 (yes, reached) and 0 (no),
entered and shown as words: "ja"/"nej" in Danish, "yes"/"no" in English, any case."""

from decimal import Decimal

from django.utils.translation import gettext as _

YES_WORDS = frozenset({"ja", "yes", "j", "y", "true", "sand"})
NO_WORDS = frozenset({"nej", "no", "n", "false", "falsk"})


def yes_no_number(value: object) -> Decimal | None:
    """1 for a yes word, 0 for a no word (any case, surrounding space ignored); None for
    anything else, which the caller then reads as a number or refuses. YAML's and JSON's
    true and false count as yes and no."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if not isinstance(value, str):
        return None
    word = value.strip().casefold().rstrip(".")
    if word in YES_WORDS:
        return Decimal(1)
    if word in NO_WORDS:
        return Decimal(0)
    return None


def yes_no_text(value: Decimal | float | int | None) -> str:
    """A stored yes/no value as a word in the current language ("ja"/"nej", "yes"/"no")."""
    if value is None:
        return ""
    return _("yes") if value else _("no")
