import datetime as dt

import pytest

from generator.legal import indonesian as idn


@pytest.mark.parametrize("n, text", [(1, "I"), (4, "IV"), (9, "IX"), (11, "XI"), (14, "XIV"), (40, "XL"),
                                     (1994, "MCMXCIV")])
def test_roman(n, text):
    assert idn.roman(n) == text


@pytest.mark.parametrize("n, text", [(1, "Kesatu"), (2, "Kedua"), (10, "Kesepuluh"), (11, "Kesebelas"),
                                     (12, "Kedua Belas"), (21, "Kedua Puluh Satu")])
def test_ordinal_of_bagian(n, text):
    assert idn.ordinal(n) == text


def test_quantities_and_money_follow_the_drafting_form():
    assert idn.count_words(14, "hari") == "14 (empat belas) hari"
    assert idn.count_words(1000, "orang") == "1.000 (seribu) orang"
    assert idn.rupiah(16800) == "Rp16.800,00 (enam belas ribu delapan ratus rupiah)"
    assert idn.rupiah(201_600_000) == "Rp201.600.000,00 (dua ratus satu juta enam ratus ribu rupiah)"
    assert idn.rupiah(10000, with_words=False) == "Rp10.000,00"
    with pytest.raises(ValueError):
        idn.rupiah(10.5)


def test_numbers_dates_percent():
    assert idn.number(1_234_567) == "1.234.567"
    assert idn.percent(36.7) == "36,7%"
    assert idn.percent(42.2222, 2) == "42,22%"
    assert idn.date(dt.date(2026, 11, 25)) == "25 November 2026"
    assert idn.date(dt.date(2021, 3, 5)) == "5 Maret 2021"


def test_letters_and_enumerations():
    assert [idn.letter(n) for n in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]
    assert idn.join_words(["huruf a"]) == "huruf a"
    assert idn.join_words(["huruf a", "huruf b"]) == "huruf a dan huruf b"
    assert idn.join_words(["huruf a", "huruf b", "huruf c"]) == "huruf a, huruf b, dan huruf c"
