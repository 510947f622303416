"""Write the sample member catalogues in catalogues/ (invented firms, invented prices).

Run: python tools/make_sample_catalogues.py
The workbooks are committed; this script is how they were made, so a reviewer
can see every figure in text.  None of these firms exist and none of these
prices are market prices.  The origins, HS codes, CO2e figures and datasheet
references are invented as well: they show what bidkit does with them and are
no statement about any real product.  The same script always writes the same
bytes (the zip is written again with fixed entry dates).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from bidkit.outputs.container import read_parts, zip_parts

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ("SAMPLE DATA: an invented firm with invented prices, origins, HS codes, CO2e figures and "
          "datasheet references, for bidkit's examples and tests.")
FIXED = dt.datetime(2026, 11, 1)

# fmt: off
HEAD = ["sku", "name", "description", "category", "unit", "unit_price", "currency",
        "lead_time_weeks", "min_order_qty", "origin_country", "hs_code", "weight_kg", "co2e_kg", "datasheet"]
DOCS = "https://datasheets.example/"  # an invented address: the sample firms have no real datasheets

FIRMS = {
    "nordheat": {
        "member": {"id": "nordheat", "name": "NordHeat Systems A/S (sample)", "country": "DK",
                   "currency": "DKK", "vat_id": "DK00000001", "contact": "export@nordheat.example",
                   "catalogue_date": dt.date(2026, 11, 1)},
        "rows": [
            ["HEX-150", "Brazed plate heat exchanger 150 kW", "Stainless steel, district heating to building circuit", "Heat exchangers", "pcs", 18450, None, 6, None, "DK", "841950", 38, 210, DOCS + "nordheat/HEX-150.pdf"],
            ["HEX-400", "Brazed plate heat exchanger 400 kW", "Stainless steel, 16 bar", "Heat exchangers", "pcs", 39900, None, 8, None, "DK", "841950", 92, 505, DOCS + "nordheat/HEX-400.pdf"],
            ["SUB-FRAME", "Substation frame and insulation kit", "Galvanised frame, pre-insulated valves", "Substations", "pcs", 6250, None, 4, None, "DK", "730890", 55, 160, DOCS + "nordheat/SUB-FRAME.pdf"],
            ["CTRL-1", "Substation controller", "Weather-compensated controller with Modbus", "Controls", "pcs", 4120.5, None, 3, None, "DE", "903289", 2.5, 35, DOCS + "nordheat/CTRL-1.pdf"],
            ["SCADA-GW", "SCADA gateway", "Remote monitoring gateway, 4G and Ethernet", "Controls", "pcs", 28900, None, 5, None, "DK", "851762", 4, 60, DOCS + "nordheat/SCADA-GW.pdf"],
            ["ENG-DAY", "Engineering day", "Design and documentation", "Services", "day", 9800, None, None, None, "DK", "", None, 6, None],
        ],
    },
    "pumpco": {
        "member": {"id": "pumpco", "name": "PumpCo Nordic ApS (sample)", "country": "DK",
                   "currency": "DKK", "vat_id": "DK00000002", "contact": "sales@pumpco.example",
                   "catalogue_date": dt.date(2026, 10, 15)},
        "rows": [
            ["CP-40", "Circulation pump DN40", "EC motor, PN10, 230 V", "Pumps", "pcs", 5980, None, 4, None, "DK", "841370", 12, 95, DOCS + "pumpco/CP-40.pdf"],
            ["CP-65", "Circulation pump DN65", "EC motor, PN16, 400 V", "Pumps", "pcs", 14350, None, 6, None, "DK", "841370", 31, 240, DOCS + "pumpco/CP-65.pdf"],
            ["EXP-50", "Expansion vessel 50 l", "Membrane vessel, 6 bar", "Accessories", "pcs", 1240, None, 2, 10, "IT", "730900", 11, 28, None],
        ],
        "breaks": [["CP-40", 100, 5620], ["CP-40", 250, 5390], ["CP-65", 20, 13900]],
    },
    "isopipe": {
        "member": {"id": "isopipe", "name": "IsoPipe Denmark A/S (sample)", "country": "DK",
                   "currency": "EUR", "vat_id": "DK00000003", "contact": "tender@isopipe.example",
                   "catalogue_date": dt.date(2026, 9, 30)},
        "rows": [
            ["PI-DN50", "Pre-insulated pipe DN50, series 2", "Steel service pipe, PUR insulation, 12 m lengths", "Pipes", "m", 48.6, None, 8, 120, "DK", "730439", 9.8, 31.5, DOCS + "isopipe/series-2.pdf"],
            ["PI-DN100", "Pre-insulated pipe DN100, series 2", "Steel service pipe, PUR insulation, 12 m lengths", "Pipes", "m", 96.4, None, 8, 120, "DK", "730439", 21.4, 66.2, DOCS + "isopipe/series-2.pdf"],
            ["JK-50", "Joint kit DN50", "Shrink sleeve and foam", "Fittings", "pcs", 38.75, None, 3, None, "PL", "392690", 1.2, 4.1, None],
            ["BEND-100", "Pre-insulated bend DN100, 90 degrees", "", "Fittings", "pcs", 212, None, 6, None, "DK", "730793", 18, 52, DOCS + "isopipe/bends.pdf"],
        ],
    },
    "heatcontrol": {
        "member": {"id": "heatcontrol", "name": "HeatControl Service ApS (sample)", "country": "DK",
                   "currency": "EUR", "vat_id": "DK00000004", "contact": "service@heatcontrol.example",
                   "catalogue_date": dt.date(2026, 11, 10)},
        "rows": [
            ["COMM-SUB", "Commissioning of one substation", "Functional test, setpoints, protocol", "Services", "pcs", 185, None, None, None, "DK", "", None, 14, None],
            ["TRAIN-DAY", "Operator training day", "On site, up to 8 participants", "Services", "day", 1150, None, None, None, "DK", "", None, 9, None],
            ["MET-HEAT", "Heat meter DN25, M-Bus", "Ultrasonic, MID class 2", "Metering", "pcs", 265, None, 4, None, "CH", "902830", 1.6, 12, DOCS + "heatcontrol/MET-HEAT.pdf"],
        ],
    },
}

# fmt: on


def write(firm: str, spec: dict) -> None:  # type: ignore[type-arg]
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    member = wb.active
    member.title = "Member"
    member.append(["key", "value"])
    for key, value in spec["member"].items():
        member.append([key, value])
    components = wb.create_sheet("Components")
    components.append(HEAD)
    for row in spec["rows"]:
        components.append(row)
    for cell in components[1]:
        cell.font = Font(bold=True)
    components.freeze_panes = "A2"
    if spec.get("breaks"):
        breaks = wb.create_sheet("PriceBreaks")
        breaks.append(["sku", "min_qty", "unit_price"])
        for row in spec["breaks"]:
            breaks.append(row)
    about = wb.create_sheet("About")
    about.append([NOTICE])
    about.append(["CO2e figures are kg CO2 equivalent per unit, cradle to gate for goods and travel for a day of "
                  "service; all invented."])
    buffer = io.BytesIO()
    wb.save(buffer)
    (ROOT / "catalogues" / f"{firm}.xlsx").write_bytes(zip_parts(_fixed(read_parts(buffer.getvalue()))))


def _fixed(parts: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """openpyxl stamps the time of saving as the modified date; the catalogues carry FIXED instead."""
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    modified = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
    return [(name, modified.sub(rb"\g<1>" + stamp + rb"\g<2>", body) if name == "docProps/core.xml" else body)
            for name, body in parts]  # fmt: skip


if __name__ == "__main__":
    for firm, spec in FIRMS.items():
        write(firm, spec)
    print(f"wrote {len(FIRMS)} catalogues to {ROOT / 'catalogues'}")
