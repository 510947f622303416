"""The shipped example end to end, against figures computed by hand from the sample catalogues."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bidkit.pipeline import build
from tests.helpers import ROOT, convert

EXAMPLE = ROOT / "examples" / "lviv-substations" / "bid.yaml"

# Unit cost = round2(price x rate), unit sell = round2(cost x (1 + markup)), total = qty x sell.
# DKK rate 0.1341; default markup 12%, pumpco 8%, category Services 0%.
SUBSTATIONS = [
    # ref, qty, unit cost, unit sell, line total
    ("nordheat/HEX-150", "120", "2474.15", "2771.05", "332526.00"),  # 18450 x .1341 = 2474.145
    ("pumpco/CP-40", "240", "753.64", "813.93", "195343.20"),  # break >= 100: 5620 x .1341 = 753.642
    ("nordheat/SUB-FRAME", "120", "838.13", "938.71", "112645.20"),  # 838.125 up; x1.12 = 938.7056
    ("heatcontrol/MET-HEAT", "120", "265.00", "296.80", "35616.00"),
    ("nordheat/CTRL-1", "120", "552.56", "635.44", "76252.80"),  # own markup 15%: 635.444
    ("pumpco/EXP-50", "120", "166.28", "179.58", "21549.60"),  # 166.284; x1.08 = 179.5824
]
NETWORK_TOTAL = "236438.16"  # 3000 x 54.43 + 360 x 43.40 + 480 x 107.97 + 24 x 237.44
SERVICES_TOTAL = "79420.16"  # 40 x 950 + 120 x 185 + 3 x 1150 + 12 x 1314.18 (all 0% markup)
TOTALS = {
    "subtotal": "1089791.12",  # 773932.80 + 236438.16 + 79420.16
    "contingency": "32693.73",  # 3% = 32693.7336
    "discount": "22449.70",  # 2% of 1122484.85 = 22449.697
    "rounding": "-35.15",  # 1100035.15 -> nearest 100
    "total": "1100000.00",
}
OPTIONS = {
    # SCADA-GW 3875.49 x 1.12 = 4340.55 + 2 x 1314.18 = 6968.91; +3% 209.07; -2% 143.56 = 7034.42,
    # to the nearest 100 like the total
    "scada": ("6968.91", "7000.00"),
    # CP-40 at 240 + 12 = 252 >= 250: 5390 x .1341 = 722.80; x1.08 = 780.62; x 12; +3% 281.02;
    # -2% 192.97 = 9455.49 -> 9500.00
    "spare-pumps": ("9367.44", "9500.00"),
}
# The client's schedule: contingency 32693.73 and rounding -35.15 spread, 3265858 cents, by subtotal:
# x 773932.80 / 1089791.12 = 2319301.91, x 236438.16 / .. = 708551.80, x 79420.16 / .. = 238004.29;
# 3265856 rounded down, the 2 cents left to .91 and .80.
CLIENT_SECTIONS = {"substations": "797125.82", "network": "243523.68", "services": "81800.20"}
# options: scada 6968.91 + 209.07 - 34.42 = 7143.56 - 143.56; spare pumps 9367.44 + 281.02 + 44.51
CLIENT_OPTIONS = {"scada": ("7143.56", "-143.56", "7000.00"), "spare-pumps": ("9692.97", "-192.97", "9500.00")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    return build(EXAMPLE, out).outputs


def test_summary_matches_hand_computed_figures(built: dict[str, Path]) -> None:
    data = json.loads(built["summary"].read_text())
    lines = [x for x in data["lines"] if x["group_id"] == "substations"]
    assert [(x["ref"], x["qty"], x["unit_cost"], x["unit_sell"], x["line_total"]) for x in lines] == SUBSTATIONS
    sections = {s["id"]: s["subtotal"] for s in data["sections"]}
    assert sections == {"substations": "773932.80", "network": NETWORK_TOTAL, "services": SERVICES_TOTAL}
    assert {k: data[k] for k in TOTALS} == TOTALS
    assert {o["id"]: (o["subtotal"], o["total"]) for o in data["options"]} == OPTIONS
    assert data["payment"][0]["amount"] == "330000.00"
    client = data["client_view"]
    assert {s["id"]: s["amount"] for s in client["sections"]} == CLIENT_SECTIONS
    assert (client["subtotal"], client["adjustments"], client["total"]) == (
        "1122449.70", [{"kind": "discount", "rate": "0.02", "amount": "-22449.70"}], "1100000.00")  # fmt: skip
    options = {o["id"]: (o["amount"], *(a["amount"] for a in o["adjustments"]), o["total"]) for o in client["options"]}
    assert options == CLIENT_OPTIONS
    assert all(isinstance(data[k], str) for k in TOTALS), "money must be decimal strings"


def test_summary_is_sum_of_its_lines(built: dict[str, Path]) -> None:
    data = json.loads(built["summary"].read_text())
    section_lines = [x for x in data["lines"] if x["group"] == "section"]
    assert sum(D(x["line_total"]) for x in section_lines) == D(data["subtotal"])
    assert sum(D(m["sell"]) for m in data["members"]) == D(data["subtotal"])


def test_documents_carry_the_total(built: dict[str, Path]) -> None:
    text = "\n".join(p.text for p in Document(str(built["proposal"])).paragraphs)
    cells = [c.text for t in Document(str(built["proposal"])).tables for r in t.rows for c in r.cells]
    assert any("1,100,000.00" in s for s in [text, *cells])
    wb = load_workbook(built["costs"], data_only=True)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert 1100000 in values


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_opens_both_documents(built: dict[str, Path], soffice: str, tmp_path: Path) -> None:
    for key in ("proposal", "costs"):
        src = tmp_path / built[key].name
        shutil.copy(built[key], src)
        pdf = convert(soffice, src, "pdf", tmp_path, tmp_path / f"profile-{key}")
        assert pdf.read_bytes().startswith(b"%PDF")
