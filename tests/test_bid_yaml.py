"""The bid file's YAML read as YAML 1.2 plain data, every value with its place in the file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bidkit.bid.yamlsource import parse_yaml
from bidkit.errors import BidkitError


def errors(text: str) -> list[str]:
    with pytest.raises(BidkitError) as info:
        parse_yaml(text, "bid.yaml")
    return [str(p) for p in info.value.problems]


def test_scalars_are_read_as_yaml_1_2_with_exact_decimals() -> None:
    data, source = parse_yaml(
        "a: 12.50\nb: 1_000\nc: [no, NO, yes, true, ~]\nd: 2026-11-27\ne: '0123'\nf: 1e3\n", "bid.yaml"
    )
    assert data == {
        "a": Decimal("12.50"), "b": 1000, "c": ["no", "NO", "yes", True, None],
        "d": date(2026, 11, 27), "e": "0123", "f": Decimal("1E+3"),
    }  # fmt: skip
    assert str(data["a"]) == "12.50"
    assert source.at(("c", 2)).line == 3 and source.at(("c", 2)).column == 13


def test_a_date_that_does_not_exist_is_an_error_at_its_place() -> None:
    assert errors("id: x\ndate: 2026-02-30\n") == [
        "bid.yaml:2:7: '2026-02-30' is not a valid date (YYYY-MM-DD)"
    ]


def test_every_problem_is_reported_together_in_line_order() -> None:
    assert errors("a: 0123\nb: .inf\na: 2\n") == [
        "bid.yaml:1:4: 0123 has a leading zero, which YAML reads as the number 123; "
        "put it in quotes ('0123') if it is a code, or drop the zero",
        "bid.yaml:2:4: '.inf' is not a number bidkit can use",
        "bid.yaml:3:1: key 'a' is written twice in the same block (first at line 1); "
        "the second would silently replace the first",
    ]


def test_anchors_aliases_and_merge_keys() -> None:
    data, _ = parse_yaml("base: &b {qty: 2, markup: 5%}\nitem:\n  <<: *b\n  qty: 3\nsame: *b\n", "bid.yaml")
    assert data["item"] == {"qty": 3, "markup": "5%"}
    assert data["same"] == {"qty": 2, "markup": "5%"}


def test_aliases_that_expand_exponentially_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    problems = errors("\n".join(lines) + "\n")
    assert len(problems) == 1
    assert problems[0].startswith("bid.yaml:6:") and "more than 1,000,000 values" in problems[0]


def test_undefined_alias_second_document_and_tags() -> None:
    assert errors("a: *nowhere\n") == ["bid.yaml:1:4: alias '*nowhere' names no anchor '&nowhere' above it"]
    assert errors("a: 1\n---\nb: 2\n") == [
        "bid.yaml:2:1: a bid file holds one YAML document; remove the '---' line"
    ]
    assert errors("a: !!binary aGk=\n") == [
        "bid.yaml:1:4: YAML tag 'tag:yaml.org,2002:binary' is not allowed in a bid file"
    ]


def test_syntax_error_has_a_line() -> None:
    (problem,) = errors("a: [1, 2\nb: 3\n")
    assert problem.startswith("bid.yaml:") and "YAML syntax:" in problem


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0), ("7", 7), ("297", 297), ("-3", -3), ("+4", 4), ("1_000", 1000), ("0x1f", 31),
        ("0o17", 15), ("0b101", 5), ("123456789012345678901234", 123456789012345678901234),
        ("12.50", Decimal("12.50")), ("m13/S00432", "m13/S00432"), ("²", "²"), ("٣", "٣"),
    ],
)  # fmt: skip
def test_whole_numbers_read_the_same_by_every_path(text: str, value: object) -> None:
    """Plain digits take a short cut in resolve(); signs, underscores, bases and long numbers do not."""
    data, _ = parse_yaml(f"v: {text}\n", "bid.yaml")
    assert data["v"] == value and type(data["v"]) is type(value)


def test_keys_are_text_as_yaml_1_2_reads_them() -> None:
    data, source = parse_yaml("1: a\ntrue: b\n'007': c\nqty: d\n", "bid.yaml")
    assert list(data) == ["1", "True", "007", "qty"]
    assert source.keys[("007",)] == (3, 1) and source.values[("qty",)] == (4, 6)
