"""Indonesian wording of numbers, money, dates and legal numbering.

Words come from num2words and dates/decimals from Babel (CLDR); only what neither library does is written
here: Roman numerals for BAB, the ordinal words of "Bagian Kesatu", and the drafting forms that combine
digits with words ("14 (empat belas) hari", "Rp16.800,00 (enam belas ribu delapan ratus rupiah)").
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

LOCALE = "id_ID"

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """BAB numbers: 1 -> "I", 14 -> "XIV"."""
    if not 0 < n < 4000:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def words(n: int) -> str:
    """Cardinal in words: 16800 -> "enam belas ribu delapan ratus"."""
    if n < 0 or int(n) != n:
        raise ValueError(f"only whole non-negative numbers are written in words, not {n}")
    return num2words(int(n), lang="id")


def ordinal(n: int) -> str:
    """Ordinal word of the Bagian heading: 1 -> "Kesatu", 2 -> "Kedua", 11 -> "Kesebelas"."""
    if n < 1:
        raise ValueError(f"no ordinal for {n}")
    if n == 1:
        return "Kesatu"
    return " ".join(w.capitalize() for w in ("ke" + words(n)).split())


def diktum(n: int) -> str:
    """Label of the n-th diktum of a Keputusan, in capitals: 1 -> "KESATU", 2 -> "KEDUA", 11 ->
    "KESEBELAS", 21 -> "KEDUA PULUH SATU"."""
    return ordinal(n).upper()


def number(n: int | float | Decimal, decimals: int | None = None) -> str:
    """Digits with Indonesian separators: 1234567 -> "1.234.567", 36.7 -> "36,7"."""
    if decimals is None:
        return format_decimal(n, locale=LOCALE, group_separator=True)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(n, format=pattern, locale=LOCALE, decimal_quantization=True)


def count_words(n: int, unit: str = "") -> str:
    """Drafting form of a quantity: (14, "hari") -> "14 (empat belas) hari"."""
    text = f"{number(n)} ({words(n)})"
    return f"{text} {unit}" if unit else text


def rupiah(amount: int | float | Decimal, with_words: bool = True) -> str:
    """Money: 16800 -> "Rp16.800,00 (enam belas ribu delapan ratus rupiah)"."""
    value = Decimal(str(amount))
    text = "Rp" + number(value, 2)
    if not with_words:
        return text
    if value != value.to_integral_value():
        raise ValueError(f"amounts with sen are not written in words: {amount}")
    return f"{text} ({words(int(value))} rupiah)"


def percent(value: float, decimals: int = 1) -> str:
    """Percent as in Indonesian reports: 36.7 -> "36,7%"."""
    return number(round(value, decimals), decimals) + "%"


def date(value: _dt.date) -> str:
    """Long date: 2026-11-25 -> "25 November 2026"."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def month_year(year: int, month: int) -> str:
    """A period: (2025, 12) -> "Desember 2025"."""
    return format_date(_dt.date(year, month, 1), "MMMM y", locale=LOCALE)


def letter(n: int) -> str:
    """List letters: 1 -> "a", 26 -> "z", 27 -> "aa" (Lampiran II runs past z that way)."""
    if n < 1:
        raise ValueError(f"no letter for {n}")
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def join_words(items: list[str], conjunction: str = "dan") -> str:
    """Indonesian enumeration with a serial comma: a, b, dan c; two items: a dan b."""
    items = list(items)
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} " + items[-1]


FILTERS = {
    "roman": roman,
    "terbilang": words,
    "angka": number,
    "jumlah": count_words,
    "rupiah": rupiah,
    "persen": percent,
    "tanggal": date,
}
