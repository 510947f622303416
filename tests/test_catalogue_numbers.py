"""Numbers typed as text, in the conventions member firms use: one reading or a refusal."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from bidkit.catalogue.contract.numbers import AmbiguousNumber, currency_marker, parse_text_number

KR = frozenset({"DKK", "NOK", "SEK", "ISK"})


@pytest.mark.parametrize(
    ("text", "number", "sign"),
    [
        ("1.234,50", D("1234.50"), None),  # Danish: dot groups, comma decimals
        ("1 234,50", D("1234.50"), None),  # space groups
        ("1\u00a0234,50", D("1234.50"), None),  # non-breaking space groups
        ("1\u202f234,50", D("1234.50"), None),  # narrow no-break space (French/Excel export)
        ("1,234.50", D("1234.50"), None),  # English
        ("1'234.50", D("1234.50"), None),  # Swiss
        ("kr. 1.234,50", D("1234.50"), KR),
        ("1.234,50 kr", D("1234.50"), KR),
        ("€ 950", D("950"), frozenset({"EUR"})),
        ("950 EUR", D("950"), frozenset({"EUR"})),
        ("dkk 12,5", D("12.5"), frozenset({"DKK"})),
        ("950,-", D("950"), None),  # Danish whole-krone notation
        ("kr. 1.950,-", D("1950"), KR),
        ("12,50", D("12.50"), None),
        ("12.5", D("12.5"), None),
        ("0,125", D("0.125"), None),  # a leading zero never starts a thousands group
        ("1234,567", D("1234.567"), None),  # four digits before: the comma cannot group thousands
        ("1.234.567", D("1234567"), None),
        ("1,234,567.5", D("1234567.5"), None),
        ("  42  ", D("42"), None),
        ("-5", D("-5"), None),
    ],
)
def test_unambiguous_text_is_read(text: str, number: D, sign: frozenset[str] | None) -> None:
    assert parse_text_number(text, currency=True) == (number, sign)


@pytest.mark.parametrize("text", ["1,234", "1.234", "12.500", "999,000"])
def test_three_digits_after_a_single_separator_is_ambiguous(text: str) -> None:
    with pytest.raises(AmbiguousNumber):
        parse_text_number(text, currency=True)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "12 50",
        "1.23.4",
        "1,2,3",
        "1.234,5.6",
        "12,5 kg",
        "€ 950 €",
        "950,-5",
        "1e5",
        "1.234,",
        "zzz 5",
    ],
)
def test_text_that_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_text_number(text, currency=True)


def test_currency_signs_are_refused_where_no_currency_belongs() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_text_number("kr. 12", currency=False)
    assert parse_text_number("12,5", currency=False) == (D("12.5"), None)


def test_currency_markers() -> None:
    assert currency_marker("Kr.") == KR
    assert currency_marker("€") == frozenset({"EUR"})
    assert currency_marker("usd") == frozenset({"USD"})
    assert currency_marker("kg") is None
    assert currency_marker("ABC") is None
