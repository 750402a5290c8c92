"""Danish and English numbers, amounts and dates: the one module that reads and writes them.

Formatting follows the active language (Danish or English) and takes its symbols, patterns,
currency and month names from Babel's copy of the Unicode CLDR, not from rules written here:

* format_number(12500.456) -> "12.500,46" (English "12,500.46"), rounded half up.
* format_dkk(4300000) -> "4.300.000 kr." (English "DKK 4,300,000").
* format_dkk_short(2100000) -> "2,1 mio. kr." (English "DKK 2.1m"); amount_axis_expression()
  is the same wording as a Vega expression for chart axes, vega_locale() the chart's symbols.
* format_date(date or PartialDate) -> "22. november 2026", "august 2021", "2020".

Parsing reads what people type: parse_number (Danish or English digits), parse_dkk (Danish
money, the rules below) and parse_partial_date (Danish dates).

Money rules (parse_dkk), in the order they are applied:

* An optional "op til", "højst", "maks." or "maksimalt" in front marks an upper bound
  ("op til 100.000 kroner" -> 100000, upper_bound=True).
* A unit after the number: "kr.", "kr", "kroner", "DKK", "mio.", "mio. kr.", "mio.kr.",
  "millioner kroner", "mia." / "milliarder" (10^9), "mnkr" / "mio.kr" (10^6), "t.kr." / "tkr."
  (10^3). Any other word is refused rather than ignored.
* The number is written the Danish way: "." or a space groups thousands, "," starts the
  decimals. A group separator must be followed by exactly three digits.
* "1.500" is one thousand five hundred: a dot followed by three digits is a thousands
  separator, as in Danish. A dot followed by any other number of digits ("1.5", "1.50")
  is refused: Danish writes decimals with a comma.
* "1,500" is refused as ambiguous: a single comma followed by exactly three digits, with
  one to three digits in front, is how English writes one thousand five hundred and how
  Danish writes one and a half. "1,5", "1,50", "7866415,93" and "1.500,000" are not
  ambiguous and are read as decimals. Several commas ("1,500,000") are English: refused.
* The result may have at most two decimals (øre) once the unit is applied.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from actionplan.core.dates import PartialDate, Precision

MILLION = Decimal(1_000_000)
LANGUAGES = ("da", "en")
# The CLDR locale behind each language of the site: British English writes "22 November 2026".
_LOCALES = {"da": "da", "en": "en_GB"}


# -- language ------------------------------------------------------------------------------


def language(language: str | None = None) -> str:
    """ "da" or "en": the one given, else the active language (Danish outside a request)."""
    code = (language or get_language() or "da").lower()
    return "en" if code.startswith("en") else "da"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES[lang])


def _spaces(text: str) -> str:
    # CLDR puts no-break spaces in "4.300.000 kr."; the site writes plain ones.
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@cache
def month_names(lang: str = "da") -> tuple[str, ...]:
    """January to December in the language (CLDR's stand-alone wide names)."""
    names = _locale(language(lang)).months["stand-alone"]["wide"]
    return tuple(names[m] for m in range(1, 13))


@cache
def short_month_names(lang: str = "da") -> tuple[str, ...]:
    names = _locale(language(lang)).months["stand-alone"]["abbreviated"]
    return tuple(names[m].rstrip(".") for m in range(1, 13))


# -- numbers -------------------------------------------------------------------------------


def _decimal(value: Decimal | int | float) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(
    value: Decimal | int | float | None,
    *,
    places: int | None = 2,
    grouping: bool = True,
    lang: str | None = None,
) -> str:
    """12500.456 -> "12.500,46" (English "12,500.46"): rounded half up to at most `places`
    decimals (every decimal with places=None), trailing zeros dropped; thousands grouped
    unless grouping=False."""
    if value is None:
        return ""
    number = _decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    if number == 0:
        number = Decimal(0)  # never "-0"
    return _spaces(
        format_decimal(
            number,
            locale=_locale(language(lang)),
            decimal_quantization=False,
            group_separator=grouping,
        )
    )


def format_excel_number(value: Decimal | int | float | None) -> str:
    """A number as Danish Excel reads it from a CSV: decimal comma, no thousands separator."""
    if value is None:
        return ""
    number = _decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}".replace(".", _locale("da").number_symbols["latn"]["decimal"])


_SPACED = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")
_DANISH_GROUPED = re.compile(r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_ENGLISH_GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def parse_number(text: str | int | float | Decimal, lang: str | None = None) -> Decimal:
    """A number as typed: "14,5", "1.234,5", "120 000" in Danish (lang="da"), "1,234.5"
    in English (lang="en"). Without a language, the machine form ("0.125") or a decimal comma
    ("0,64"; then dots group thousands: "1.234,5"). ValueError when it is no number."""
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    value = " ".join(str(text).split()).replace("\u2212", "-")
    value = _SPACED.sub("", value)
    if lang is not None and language(lang) == "en":
        if _ENGLISH_GROUPED.match(value):
            value = value.replace(",", "")
    elif (lang is not None or "," in value) and _DANISH_GROUPED.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d*,\d+", value):
        value = value.replace(",", ".")
    try:
        return Decimal(value)  # "NaN" and "Infinity" too: the caller says why they are refused
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None


# -- money ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Money:
    prefix: str  # around the number, currency included: "" and " kr." or "DKK " and ""
    suffix: str
    million: str  # after the number of millions: " mio." or "m"


@cache
def _money(lang: str) -> _Money:
    locale = _locale(lang)
    pattern = locale.currency_formats["standard"]
    symbol = locale.currency_symbols.get("DKK", "DKK")
    prefix = pattern.prefix[0].replace("¤", symbol)
    suffix = pattern.suffix[0].replace("¤", symbol)
    # CLDR's currency spacing: a symbol of letters is kept apart from the digits.
    if prefix and prefix[-1].isalpha():
        prefix += " "
    if suffix and suffix[0].isalpha():
        suffix = " " + suffix
    million = locale.compact_decimal_formats["short"]["other"]["1000000"].suffix[0]
    return _Money(_spaces(prefix), _spaces(suffix), _spaces(million.replace("'", "")))


def format_dkk(amount: Decimal | int | None, *, lang: str | None = None) -> str:
    """4300000 -> "4.300.000 kr." (English "DKK 4,300,000"), rounded to whole kroner."""
    if amount is None:
        return ""
    money = _money(language(lang))
    return f"{money.prefix}{format_number(amount, places=0, lang=lang)}{money.suffix}"


def format_dkk_short(amount: Decimal | int | None, *, lang: str | None = None) -> str:
    """1100000 -> "1,1 mio. kr." (English "DKK 1.1m"); under a million in full."""
    if amount is None:
        return ""
    amount = _decimal(amount)
    if abs(amount) < MILLION:
        return format_dkk(amount, lang=lang)
    money = _money(language(lang))
    millions = format_number(amount / MILLION, places=1, lang=lang)
    return f"{money.prefix}{millions}{money.million}{money.suffix}"


def format_bound(text: str, upper_bound: bool, *, lang: str | None = None) -> str:
    """An amount written as a ceiling when it is one: "op til 2 mio. kr." ("up to ...")."""
    if not (upper_bound and text):
        return text
    with translation.override(language(lang)):
        return _("up to %(amount)s") % {"amount": text}


@cache
def vega_locale(lang: str = "da") -> dict:
    """The number and time symbols of the language for a Vega-Lite spec's config.locale."""
    locale = _locale(language(lang))
    symbols = locale.number_symbols["latn"]
    money = _money(language(lang))
    days = locale.days["stand-alone"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": [money.prefix, money.suffix],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%d.%m.%Y" if language(lang) == "da" else "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][d] for d in sunday_first],
            "shortDays": [days["abbreviated"][d].rstrip(".") for d in sunday_first],
            "months": list(month_names(lang)),
            "shortMonths": list(short_month_names(lang)),
        },
    }


def amount_axis_expression(lang: str | None = None) -> str:
    """format_dkk_short as a Vega expression for chart axes and legends ("2 mio. kr."), for
    Vega's CSP-safe interpreter; the spec's config.locale (vega_locale) gives the symbols."""
    money = _money(language(lang))
    prefix = f"'{money.prefix}' + " if money.prefix else ""
    suffix = f" + '{money.suffix}'" if money.suffix else ""
    return (
        f"abs(datum.value) >= 1000000 ? {prefix}format(datum.value / 1000000, ',.1~f') + "
        f"'{money.million}{money.suffix}' : {prefix}format(datum.value, ',.0f'){suffix}"
    )


# -- dates ---------------------------------------------------------------------------------


def format_date(value: dt.date | PartialDate | None, *, lang: str | None = None) -> str:
    """A date in words as far as it is known: "22. november 2026", "august 2021", "2020"
    (English "22 November 2026", "August 2021")."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        date, precision = value.date, value.precision
    else:
        date, precision = value, Precision.DAY
    locale = _locale(language(lang))
    if precision == Precision.YEAR:
        return str(date.year)
    skeleton = "yMMMM" if precision == Precision.MONTH else "yMMMMd"
    return _spaces(format_skeleton(skeleton, date, locale=locale))


# -- parsing money and dates (Danish) ------------------------------------------------------

_UPPER_BOUND = re.compile(
    r"^(?:op\s+til|højst|maks\.?|maksimalt|max\.?|up\s+to|under|mindre\s+end)\s+", re.I
)
# "ca. 33 mio. kr.": an approximate amount is read as the number written, and said to be one.
_APPROXIMATE = re.compile(
    r"^(?:ca\.?|cirka|omkring|knap|godt|næsten|approx\.?|about|around|i\s+alt|samlet)\s+", re.I
)
# "kr. 750.000", "DKK 2.500.000": the currency in front.
_CURRENCY_FIRST = re.compile(r"^(?P<unit>kr\.?|dkk|kroner)\s*(?=[-\u2212]?\d)", re.I)

# Longest first, so that "mio. kr." wins over "mio.".
_UNITS: list[tuple[str, int]] = [
    (r"millioner\s+kroner", 10**6),
    (r"millioner\s+kr\.?", 10**6),
    (r"million(?:er)?\s+dkk", 10**6),
    (r"mio\.?\s*kroner", 10**6),
    (r"mio\.?\s*kr\.?", 10**6),
    (r"mio\.?\s*dkk", 10**6),
    (r"mnkr\.?", 10**6),
    (r"mio\.?", 10**6),
    (r"millioner", 10**6),
    (r"million", 10**6),
    (r"milliarder\s+kroner", 10**9),
    (r"mia\.?\s*kr\.?", 10**9),
    (r"mia\.?", 10**9),
    (r"milliarder", 10**9),
    (r"t\.?\s*kr\.?", 10**3),
    (r"tusinde?\s+kroner", 10**3),
    (r"kroner", 1),
    (r"kr\.?", 1),
    (r"dkk", 1),
]
_UNIT = re.compile(
    r"^(?P<number>.*?)\s*(?P<unit>" + "|".join(f"(?:{u})" for u, _ in _UNITS) + r")\s*$", re.I
)
_NUMBER = re.compile(r"^[-\u2212]?\d[\d. \u00a0,]*$")


@dataclass(frozen=True)
class ParsedAmount:
    amount: Decimal
    upper_bound: bool = False
    text: str = ""
    approximate: bool = False


def _refuse(message: str, text: str) -> ValidationError:
    return ValidationError(message % {"value": text}, code="invalid_amount")


def _scale(unit: str) -> int:
    for pattern, scale in _UNITS:
        if re.fullmatch(pattern, unit, re.I):
            return scale
    return 1  # pragma: no cover - the unit matched one of the patterns above


def _digits(number: str, original: str) -> Decimal:
    negative = number[:1] in "-\u2212"
    if negative:
        number = number[1:]
    number = number.replace("\u00a0", " ").strip()
    if "," in number:
        whole, _comma, decimals = number.rpartition(",")
        if "," in whole:
            raise _refuse(
                _(
                    "“%(value)s” uses commas to group thousands; write the amount the Danish "
                    "way, e.g. 1.500.000 kr."
                ),
                original,
            )
        if not decimals.isdigit():
            raise _refuse(_("“%(value)s” is not an amount."), original)
        if len(decimals) == 3 and whole.isdigit() and len(whole) <= 3:
            raise _refuse(
                _(
                    "“%(value)s” is ambiguous: it could be a decimal number or a thousand. "
                    "Write 1.500 for one thousand five hundred or 1,5 for one and a half."
                ),
                original,
            )
    else:
        whole, decimals = number, ""
    groups = re.split(r"[. ]", whole)
    separators = re.findall(r"[. ]", whole)
    if len(set(separators)) > 1:
        raise _refuse(_("“%(value)s” mixes dots and spaces between digits."), original)
    if not all(group.isdigit() for group in groups):
        raise _refuse(_("“%(value)s” is not an amount."), original)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        if separators[0] == "." and len(groups) == 2:
            raise _refuse(
                _("“%(value)s”: write decimals with a comma, e.g. 1,5 mio. kr."), original
            )
        raise _refuse(
            _("“%(value)s”: thousands are grouped in threes, e.g. 1.500.000 kr."), original
        )
    value = Decimal("".join(groups) + ("." + decimals if decimals else ""))
    return -value if negative else value


def parse_dkk(text: str | int | Decimal) -> ParsedAmount:
    """Read an amount in Danish kroner; refuse what cannot be read without guessing."""
    if isinstance(text, int | Decimal):
        return ParsedAmount(Decimal(text), False, str(text))
    original = str(text)
    rest = " ".join(original.replace("\u00a0", " ").split())
    if not rest:
        raise ValidationError(_("No amount given."), code="invalid_amount")
    approximate = upper = None
    for _round in range(2):  # "op til ca. 2 mio. kr.", "ca. op til ..."
        found = _UPPER_BOUND.match(rest)
        if found:
            upper, rest = found, rest[found.end() :]
        found = _APPROXIMATE.match(rest)
        if found:
            rest = rest[found.end() :]
            if not re.match(r"i\s+alt|samlet", found.group(0), re.I):
                approximate = found
    first = _CURRENCY_FIRST.match(rest)
    if first:
        rest = f"{rest[first.end() :].strip()} {first['unit']}"
    rest = re.sub(r"(?<=\d),-$", "", rest.strip())  # "750.000,-"
    rest = re.sub(r"(?<=\d),-\s*(?=\D)", " ", rest)  # "750.000,- kr."
    scale = 1
    unit = _UNIT.match(rest)
    if unit:
        rest = unit["number"].strip()
        scale = _scale(unit["unit"].strip())
    if not _NUMBER.match(rest):
        raise _refuse(_("“%(value)s” is not an amount in kroner."), original)
    try:
        amount = _digits(rest, original) * scale
    except InvalidOperation as exc:  # pragma: no cover - _NUMBER admits only digits
        raise _refuse(_("“%(value)s” is not an amount."), original) from exc
    if amount != amount.quantize(Decimal("0.01")):
        raise _refuse(_("“%(value)s” has more decimals than øre."), original)
    if amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    return ParsedAmount(amount, bool(upper), original, bool(approximate))


# -- dates ---------------------------------------------------------------------------------

# Words that place a date inside a year, each mapped to a month (documented in parse_partial_date).
_PERIOD_MONTHS: dict[str, int] = {
    "primo": 1,
    "medio": 6,
    "ultimo": 12,
    "foråret": 3,
    "forår": 3,
    "foraaret": 3,
    "sommeren": 6,
    "sommer": 6,
    "efteråret": 9,
    "efterår": 9,
    "efteraaret": 9,
    "vinteren": 1,
    "vinter": 1,
}
_MONTHS = {name: index for index, name in enumerate(month_names("da"), start=1)}
_MONTHS.update({name[:3]: index for name, index in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_DAY = re.compile(r"^(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>\d{4}|\d{2})$")
_QUARTER = re.compile(
    r"^(?:(?P<n>[1-4])\.?\s*(?:kvartal|kvt\.?|quarter)|q(?P<q>[1-4]))\s+(?P<y>\d{4})$"
)
_HALF = re.compile(r"^(?:(?P<n>[12])\.?\s*(?:halvår|halvaar|half)|h(?P<h>[12]))\s+(?P<y>\d{4})$")
_PLACED_MONTH = re.compile(
    r"^(?P<where>primo|medio|ultimo|start|midt|slut|udgangen\s+af|begyndelsen\s+af)\s+"
    r"(?:af\s+)?(?P<word>[a-zæøå]+)\.?\s+(?P<y>\d{4})$"
)
_WORD_YEAR = re.compile(r"^(?:i\s+)?(?P<word>[a-zæøå]+)\.?\s+(?P<y>\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(?P<d>\d{1,2})\.\s*(?P<word>[a-zæøå]+)\.?\s+(?P<y>\d{4})$")


def parse_partial_date(text: str, *, end: bool = False) -> PartialDate:
    """Read a Danish date known to a year, month or day.

    Quarters and halves of a year are a month: "1. kvartal 2022", "Q3 2021", "3. kvt. 2021"
    -> the quarter's first month (its last with end=True); "2. halvår 2021", "H2 2021" ->
    July (December with end=True). "ultimo juni 2022", "primo marts 2022" -> that month.
    "31.12.21" is 31 December 2021 (two-digit years are this century).

    "2020" (year); "august 2021", "aug. 2021" (month); "24.04.2014", "24-04-2014",
    "24. april 2014", "2014-04-24" (day). Words that place a date inside a year become a month
    with month precision: primo -> January, medio -> June, ultimo -> December; a season is its
    first month in that calendar year: foråret -> March, sommeren -> June, efteråret ->
    September, vinteren -> January.
    """
    original = str(text)
    value = " ".join(original.lower().split())
    value = re.sub(r"^(?:i|in|by|inden)\s+(?=\S)", "", value)
    try:
        if re.fullmatch(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?", value):
            return PartialDate.parse(value)
        match = _DAY.match(value)
        if match:
            year = match["y"] if len(match["y"]) == 4 else f"20{match['y']}"  # "31.12.21"
            return PartialDate.parse(f"{year}-{int(match['m']):02d}-{int(match['d']):02d}")
        match = _QUARTER.match(value)
        if match:
            quarter = int(match["n"] or match["q"])
            month = quarter * 3 if end else quarter * 3 - 2
            return PartialDate.parse(f"{match['y']}-{month:02d}")
        match = _HALF.match(value)
        if match:
            half = int(match["n"] or match["h"])
            month = half * 6 if end else half * 6 - 5
            return PartialDate.parse(f"{match['y']}-{month:02d}")
        match = _PLACED_MONTH.match(value)
        if match and match["word"] in _MONTHS:
            return PartialDate.parse(f"{match['y']}-{_MONTHS[match['word']]:02d}")
        match = _DAY_MONTH_YEAR.match(value)
        if match and match["word"] in _MONTHS:
            month = _MONTHS[match["word"]]
            return PartialDate.parse(f"{match['y']}-{month:02d}-{int(match['d']):02d}")
        match = _WORD_YEAR.match(value)
        if match:
            word = match["word"]
            first_month = _MONTHS.get(word) or _PERIOD_MONTHS.get(word)
            if first_month:
                return PartialDate.parse(f"{match['y']}-{first_month:02d}")
    except ValidationError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid date.") % {"value": original}, code="invalid_date"
        ) from exc
    raise ValidationError(
        _("“%(value)s” is not a date; write e.g. 2021, august 2021 or 24.04.2014.")
        % {"value": original},
        code="invalid_date",
    )
