"""Where the value comes from and the CO2e figures, with every figure computed by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from bidkit.errors import BidkitError
from bidkit.outputs.summary import summary
from bidkit.pipeline import build, price_bid
from tests.helpers import CONTENT_ALPHA, CONTENT_BODY, write_bid, write_catalogue, write_content_bid

ALPHA = CONTENT_ALPHA
BODY = CONTENT_BODY
_project = write_content_bid


def _summary(bid: Path) -> dict[str, Any]:
    priced, _ = price_bid(bid, today=date(2026, 11, 27))
    return summary(priced)


def test_content_figures_are_shares_of_the_base_scope_cost(tmp_path: Path) -> None:
    content = _summary(_project(tmp_path))["content"]
    # shares = cost / 1600 x 100, half up: 440 -> 27.50; 398 -> 24.875 -> 24.88; 202 -> 12.625 -> 12.63;
    # 200 -> 12.50 (SE before US: equal cost, by code); 100 -> 6.25; unknown 60 -> 3.75, always last
    assert content["by_country"] == [
        {"country": "DK", "cost": "440.00", "share": "27.50"},
        {"country": "DE", "cost": "398.00", "share": "24.88"},
        {"country": "UA", "cost": "202.00", "share": "12.63"},
        {"country": "SE", "cost": "200.00", "share": "12.50"},
        {"country": "US", "cost": "200.00", "share": "12.50"},
        {"country": "CN", "cost": "100.00", "share": "6.25"},
        {"country": "unknown", "cost": "60.00", "share": "3.75"},
    ]
    assert (content["domestic_country"], content["domestic_share"]) == ("DK", "27.50")  # the lead's country
    assert (content["local_country"], content["local_share"]) == ("UA", "12.63")  # the client's country
    # net-zero lines (Heat, Upgrading, Pumps): A 300 DK, C 100 CN, H 200 SE, U 200 US, X 60 unknown = 860;
    # non-EU: CN 100, US 200 -> US, 200 / 860 = 23.2558% -> 23.26
    assert content["net_zero"] == {"cost": "860.00", "max_country": "US", "max_share": "23.26"}
    assert content["checks"] == [
        {"rule": "domestic_min", "limit": "30.00", "value": "27.50", "ok": False},
        {"rule": "local_max", "limit": "12.63", "value": "12.63", "ok": True},  # equal to the limit is allowed
        {"rule": "single_country_max", "limit": "23.25", "value": "23.26", "ok": False},
    ]


def test_a_failed_rule_is_a_warning_naming_rule_limit_and_value(tmp_path: Path) -> None:
    bid = _project(tmp_path)
    _, warnings = price_bid(bid, today=date(2026, 11, 27))
    assert [str(w) for w in warnings] == [
        f"{bid}:10:17: warning: content rule domestic_min: the domestic share (DK) is 27.50% of the base "
        "scope's cost, below the limit of 30.00%",
        f"{bid}:12:23: warning: content rule single_country_max: US supplies 23.26% of the net-zero lines' "
        "cost, above the limit of 23.25%",
    ]


def test_strict_makes_a_failed_rule_an_error_and_writes_nothing(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    bid = _project(tmp_path)
    with pytest.raises(BidkitError) as caught:
        build(bid, tmp_path / "out", today=date(2026, 11, 27), strict=True)
    assert [p.is_error for p in caught.value.problems] == [True, True]
    code, _, err = run_cli("build", str(bid), "--out", str(tmp_path / "out"), "--strict", "--quiet")
    assert code == 1
    assert f"{bid}:10:17: content rule domestic_min: the domestic share (DK) is 27.50%" in err
    assert err.endswith("2 errors; nothing was written.\n")
    assert not (tmp_path / "out").exists()
    assert run_cli("validate", str(bid))[0] == 0
    assert run_cli("validate", str(bid), "--strict")[0] == 1


def test_rules_that_are_met_give_no_warning(tmp_path: Path) -> None:
    body = BODY.replace("single_country_max: 23.25%", "single_country_max: 23.26%")
    _, warnings = price_bid(_project(tmp_path, "27.5%", body), today=date(2026, 11, 27))
    assert warnings == []


def test_the_domestic_country_may_be_set_and_no_non_eu_country_gives_null(tmp_path: Path) -> None:
    body = BODY.replace("content_rules:\n", "content_rules:\n  domestic_country: DE\n").replace(
        "[Heat, Upgrading, Pumps]", "[Pumps]"
    )
    content = _summary(_project(tmp_path, "20%", body))["content"]
    assert (content["domestic_country"], content["domestic_share"]) == ("DE", "24.88")
    # Pumps: A 300 DK + X 60 unknown = 360; no non-EU country among them
    assert content["net_zero"] == {"cost": "360.00", "max_country": None, "max_share": None}
    assert content["checks"][2] == {"rule": "single_country_max", "limit": "23.25", "value": "0.00", "ok": True}


def test_without_rules_there_are_no_checks_and_no_client_country_no_local_share(tmp_path: Path) -> None:
    body = BODY.split("sections:", 1)[1]
    bid = _project(tmp_path, body="sections:" + body)
    bid.write_text(bid.read_text().replace("client: {name: Test Client, country: UA}", "client: {name: C}"))
    content = _summary(bid)["content"]
    assert (content["local_country"], content["local_share"], content["checks"]) == (None, None, [])
    assert content["net_zero"] == {"cost": "0.00", "max_country": None, "max_share": None}


def test_a_local_limit_without_a_client_country_is_an_error(tmp_path: Path) -> None:
    bid = _project(tmp_path)
    bid.write_text(bid.read_text().replace("client: {name: Test Client, country: UA}", "client: {name: C}"))
    with pytest.raises(BidkitError) as caught:
        price_bid(bid, today=date(2026, 11, 27))
    assert [str(p) for p in caught.value.problems if p.is_error] == [
        f"{bid}:11:14: content_rules.local_max needs the client's country; set client.country"
    ]


def test_a_lead_without_a_country_needs_a_domestic_country(tmp_path: Path) -> None:
    bid = _project(tmp_path)
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", ALPHA,
                    member={"id": "alpha", "name": "Alpha A/S", "currency": "EUR"})  # fmt: skip
    with pytest.raises(BidkitError) as caught:
        price_bid(bid, today=date(2026, 11, 27))
    assert f"{bid}:10:17: content_rules.domestic_min needs a domestic country, and the lead company 'alpha' " \
           "gives none in its catalogue; set content_rules.domestic_country" in [str(p) for p in caught.value.problems]  # fmt: skip


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("{domestic_min: 20}", "write percentages with a percent sign: 20% rather than 20"),
        ("{local_max: 120%}", "120% is outside 0% .. 100%"),
        ("{single_country_max: 12.345%}", "12.345% has more than 2 decimals"),
        ("{domestic_country: XX}", "'XX' is not an ISO 3166 two-letter country code"),
        ("{domestic_mni: 20%}", "unknown key 'domestic_mni'"),
    ],
)
def test_content_rules_are_checked_as_written(tmp_path: Path, rules: str, message: str) -> None:
    written = rules.replace("{", "{{").replace("}", "}}")
    bid = _project(tmp_path, body=f"content_rules: {written}\nsections:" + BODY.split("sections:", 1)[1])
    with pytest.raises(BidkitError) as caught:
        price_bid(bid, today=date(2026, 11, 27))
    assert message in str(caught.value)


def test_an_ad_hoc_line_gives_origin_or_origin_country_not_both(tmp_path: Path) -> None:
    body = BODY.replace("origin: DE}", "origin: DE, origin_country: DE}")
    with pytest.raises(BidkitError) as caught:
        price_bid(_project(tmp_path, body=body), today=date(2026, 11, 27))
    assert "give the line's country as 'origin' or as 'origin_country', not both" in str(caught.value)


def test_co2e_per_section_option_member_and_coverage(tmp_path: Path) -> None:
    data = _summary(_project(tmp_path, "20%"))
    # s1: A 3 x 10 + C 2 x 2 = 34; s2: H 1 x 5 + X 2 x 0.125 + Crane 1 x 12.5 = 17.75; option: A 1 x 10
    assert [(s["id"], D(s["co2e_kg"])) for s in data["sections"]] == [("s1", D(34)), ("s2", D("17.75"))]
    assert [(o["id"], D(o["co2e_kg"])) for o in data["options"]] == [("o", D(10))]
    # alpha: A 30 + C 4 (Engineering and Hall rent have none) = 34; beta: 5 + 0.25 + 12.5 = 17.75
    assert [(m["id"], D(m["co2e_kg"])) for m in data["members"]] == [("alpha", D(34)), ("beta", D("17.75"))]
    assert D(data["co2e_kg"]) == D("51.75")
    # base lines with a figure: A, C, H, X, Crane = 5 of 8 -> 62.50 (the option's line does not count)
    assert data["co2e_coverage"] == "62.50"


def test_co2e_coverage_rounds_half_up_and_is_zero_without_figures(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [*ALPHA, ["N", "No figure", "Pumps", "pcs", 1, None, 4, "DK", None]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 1}, {item: alpha/N, qty: 1},"
                              " {line: L, member: alpha, unit: h, qty: 1, unit_price: 1}]}]\n")  # fmt: skip
    # 1 of 3 lines has a figure: 33.333...% -> 33.33
    assert _summary(bid)["co2e_coverage"] == "33.33"
    bid.write_text(bid.read_text().replace("{item: alpha/A, qty: 1}, ", ""))
    assert _summary(bid)["co2e_coverage"] == "0.00"
