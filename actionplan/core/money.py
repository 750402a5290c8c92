"""Money is Decimal in whole DKK, shown the Danish way."""

from decimal import ROUND_HALF_UP, Decimal

MILLION = Decimal(1_000_000)


def _group(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def format_dkk(amount: Decimal | int | None) -> str:
    """4300000 -> '4.300.000 kr.'"""
    if amount is None:
        return ""
    whole = int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{_group(whole)} kr."


def format_bound(text: str, upper_bound: bool) -> str:
    """An amount written as a ceiling when it is one: 'op til 2 mio. kr.'"""
    return f"op til {text}" if upper_bound and text else text


def format_dkk_short(amount: Decimal | int | None) -> str:
    """1100000 -> '1,1 mio. kr.'; amounts under a million are written out in full."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    if abs(amount) < MILLION:
        return format_dkk(amount)
    millions = (amount / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{millions:f}".replace(".", ",")
    text = text.removesuffix(",0")
    whole, _, decimals = text.partition(",")
    whole = _group(int(whole))
    return f"{whole},{decimals} mio. kr." if decimals else f"{whole} mio. kr."


def format_number(
    value: Decimal | int | float | None, *, english: bool = False, places: int = 2
) -> str:
    """12500.456 -> "12.500,46" (English: "12,500.46"): rounded half up to at most `places`
    decimals, trailing zeros dropped."""
    if value is None:
        return ""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, decimals = f"{abs(number):f}".partition(".")
    decimals = decimals.rstrip("0")
    grouped = f"{int(whole):,}"
    if english:
        return sign + grouped + (f".{decimals}" if decimals else "")
    return sign + grouped.replace(",", ".") + (f",{decimals}" if decimals else "")


def format_excel_number(value: Decimal | int | float | None) -> str:
    """A number as Danish Excel reads it from a CSV: decimal comma, no thousands separator."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}".replace(".", ",")
