"""The proposal's consortium roles, "Origin of supply" and green annex, with figures computed by hand.

The bid is tests/helpers.py's content bid: base cost 1600 by DK 440, DE 398, UA 202, SE 200, US 200,
CN 100, unknown 60 (Beta fitting); CO2e s1 34, s2 17.75, option 10; 5 of 8 lines have a figure.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from bidkit.pipeline import build
from tests.helpers import (
    body_blocks,
    cells,
    ooxml_problems,
    table_after,
    write_bid,
    write_catalogue,
    write_content_bid,
)

CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _build(root: Path, extra: str = "") -> Path:
    bid = write_content_bid(root)
    bid.write_text(bid.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return build(bid, root / "out", today=date(2026, 11, 27)).outputs["proposal"]


def _texts(path: Path) -> list[str]:
    return [b.text for b in body_blocks(Document(str(path))) if not hasattr(b, "rows")]


def _charts(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("word/charts/")]


def _chart_data(part: bytes) -> dict[str, list[str]]:
    """What a chart part shows: its title, its categories, their values, and the value axis's title."""
    root = etree.fromstring(part)
    return {
        "titles": ["".join(t.itertext()) for t in root.iter(f"{CHART}title")],
        "categories": [v.text or "" for v in root.iterfind(f".//{CHART}cat//{CHART}pt/{CHART}v")],
        "values": [v.text or "" for v in root.iterfind(f".//{CHART}val//{CHART}pt/{CHART}v")],
        "language": [e.get("val", "") for e in root.iter(f"{CHART}lang")],
    }


@pytest.fixture(scope="module")
def proposal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("green"))


def test_the_consortium_table_shows_role_country_and_share(proposal: Path) -> None:
    rows = cells(table_after(Document(str(proposal)), "The following companies take part in this proposal:"))
    # sell = cost (no markup): alpha 938 / 1600 = 58.625% -> 58.63%; beta 662 / 1600 = 41.375% -> 41.38%
    assert rows[1] == ["Alpha A/S\nLead company", "Denmark", "Lead company", "58.63%"]
    assert rows[2] == ["Beta AB", "Sweden", "Member", "41.38%"]


def test_origin_of_supply_lists_each_country_share_and_the_lines_of_unknown_origin(proposal: Path) -> None:
    doc = Document(str(proposal))
    rows = cells(table_after(doc, "Where the cost of the scope of supply (options not included) is made, "
                                  "by country of origin:"))  # fmt: skip
    assert rows[1:] == [["Denmark", "27.50%"], ["Germany", "24.88%"], ["Ukraine", "12.63%"], ["Sweden", "12.50%"],
                        ["United States", "12.50%"], ["China", "6.25%"], ["Origin not stated", "3.75%"]]  # fmt: skip
    texts = _texts(proposal)
    assert "27.50% of the cost is supplied from Denmark, the consortium's home country." in texts
    assert "12.63% of the cost is supplied from Ukraine, the client's country." in texts
    assert "Lines whose origin is not stated: Beta fitting." in texts


def test_the_green_annex_shows_co2e_by_section_member_option_the_gaps_and_a_chart(proposal: Path) -> None:
    doc = Document(str(proposal))
    texts = _texts(proposal)
    assert "Appendix: embodied CO2e" in texts
    assert any(t.startswith("The embodied emissions of the scope of supply come to 51.75 kg CO2 equivalent")
               and "62.50% of the lines have such a figure" in t for t in texts)  # fmt: skip
    assert cells(table_after(doc, "By section")) == [
        ["Scope of supply", "CO2e (kg)"], ["One", "34"], ["Two", "17.75"], ["Total", "51.75"]
    ]
    assert cells(table_after(doc, "By company"))[1:] == [["Alpha A/S", "34"], ["Beta AB", "17.75"]]
    assert cells(table_after(doc, "Options (not included above)"))[1:] == [["Spare", "10"]]
    assert cells(table_after(doc, "Lines without a CO2e figure"))[1:] == [
        ["Engineering", "Engineering", "One"], ["beta/U", "Beta upgrader", "Two"], ["Hall rent", "Hall rent", "Two"],
    ]  # fmt: skip
    assert "Datasheets" not in texts  # no line of this bid has one
    [chart] = _charts(proposal)  # a Word chart of the same figures
    assert _chart_data(chart) == {
        "titles": ["Embodied CO2e by section", "CO2e (kg)"], "categories": ["One", "Two"],
        "values": ["34", "17.75"], "language": ["en-GB"],
    }  # fmt: skip
    assert ooxml_problems(proposal) == []


def test_the_chart_is_the_same_on_every_build(proposal: Path, tmp_path: Path) -> None:
    assert _charts(_build(tmp_path)) == _charts(proposal)


def test_the_chart_is_in_the_bid_s_language(tmp_path: Path) -> None:
    bid = write_content_bid(tmp_path)
    bid.write_text(bid.read_text(encoding="utf-8").replace("date: 2026-11-27\n", "date: 2026-11-27\nlanguage: da\n"),
                   encoding="utf-8")  # fmt: skip
    [chart] = _charts(build(bid, tmp_path / "out").outputs["proposal"])
    assert _chart_data(chart)["titles"] == ["Indlejret CO2e pr. afsnit", "CO2e (kg)"]
    assert _chart_data(chart)["language"] == ["da-DK"]


def test_the_bid_can_turn_the_annex_off(tmp_path: Path) -> None:
    path = _build(tmp_path, "green_annex: false\n")
    assert "Appendix: embodied CO2e" not in _texts(path) and _charts(path) == []


def test_no_annex_without_any_co2e_figure_and_datasheets_are_listed(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx",
                    [["A", "Alpha pump", "Pumps", "pcs", 100, None, 4, "DK", None, "https://datasheets.example/a.pdf"]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"},
                    head=["sku", "name", "category", "unit", "unit_price", "currency", "lead_time_weeks",
                          "origin_country", "co2e_kg", "datasheet"])  # fmt: skip
    bid = write_bid(tmp_path, "sections: [{id: s, title: S, items: [{item: alpha/A, qty: 2}]}]\n")
    path = build(bid, tmp_path / "out").outputs["proposal"]
    assert "Appendix: embodied CO2e" not in _texts(path) and _charts(path) == []
    bid.write_text(bid.read_text().replace("qty: 2}", "qty: 2}, {line: L, member: alpha, unit: h, qty: 1, "
                                           "unit_price: 5, co2e_kg: 1.5}"))  # fmt: skip
    doc = Document(str(build(bid, tmp_path / "out2").outputs["proposal"]))
    assert cells(table_after(doc, "Datasheets"))[1:] == [["alpha/A", "Alpha pump", "https://datasheets.example/a.pdf"]]


def test_shares_keep_both_decimals_in_the_language_s_format(tmp_path: Path) -> None:
    bid = write_content_bid(tmp_path)
    bid.write_text(bid.read_text(encoding="utf-8").replace("date: 2026-11-27\n", "date: 2026-11-27\nlanguage: da\n"),
                   encoding="utf-8")  # fmt: skip
    doc = Document(str(build(bid, tmp_path / "out").outputs["proposal"]))
    rows = cells(table_after(doc, "Følgende virksomheder deltager i tilbuddet:"))
    assert [r[3] for r in rows[1:]] == ["58,63\u00a0%", "41,38\u00a0%"]  # 58.625 -> 58.63; 41.375 -> 41.38
    origin = cells(table_after(doc, "Hvor omkostningen ved leveranceomfanget (uden optioner) skabes, fordelt på "
                                    "oprindelsesland:"))  # fmt: skip
    assert origin[1] == ["Danmark", "27,50\u00a0%"] and origin[4] == ["Sverige", "12,50\u00a0%"]


def test_a_section_title_with_markup_is_shown_as_written(tmp_path: Path) -> None:
    title = r"Pumps $\frac{ & <b>valves</b> ]]>"
    bid = write_content_bid(tmp_path)
    bid.write_text(bid.read_text(encoding="utf-8").replace("title: One", f"title: '{title}'"), encoding="utf-8")
    path = build(bid, tmp_path / "out").outputs["proposal"]
    assert title in [row[0] for row in cells(table_after(Document(str(path)), "By section"))]
    [chart] = _charts(path)
    assert _chart_data(chart)["categories"] == [title, "Two"]
    assert ooxml_problems(path) == []


def test_a_template_may_show_the_chart_twice_each_a_drawing_of_its_own(tmp_path: Path) -> None:
    corporate = Document()
    for text in ("{{ co2e_chart }}", "Again:", "{{ co2e_chart }}"):
        corporate.add_paragraph(text)
    corporate.save(str(tmp_path / "corporate.docx"))
    path = _build(tmp_path, "template: corporate.docx\n")
    charts = _charts(path)
    assert len(charts) == 2 and charts[0] == charts[1]
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ids = [e.get("id") for e in document.iter(drawing)]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert ooxml_problems(path) == []
