"""Work-share packs: each member's own lines and figures, computed by hand, and nothing of anyone else."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bidkit.errors import BidkitError
from bidkit.outputs.workbook.xmltext import escape_text
from bidkit.pipeline import build
from bidkit.pricing.model import PricedBid, PricedLine
from tests.helpers import copy_example, ooxml_problems, package_problems, write_bid, write_catalogue

_NUMBER = re.compile(r'<c r="[A-Z]+[0-9]+" s="[0-9]+">(?:<f>[^<]*</f>)?<v>([^<]*)</v>')  # not t="s": no string index


def _parts(path: Path) -> dict[str, str]:
    """Every XML part of a workbook as text."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist()}


def _own_figures(priced: PricedBid, member: str, lines: list[PricedLine]) -> set[D]:
    """Every number the pack of ``member`` may hold: its own quantities, prices, costs and their sums."""
    own = {x.qty for x in lines} | {x.catalogue_price for x in lines} | {x.line_cost for x in lines}
    base = [x for x in priced.lines if x.member == member]
    total = sum((x.line_cost for x in base), D(0))
    own |= {total, sum((x.line_cost for x in lines), D(0)) - total, *(m.share for m in priced.payment)}
    parts = [(total * m.share).quantize(D("0.01"), "ROUND_HALF_UP") for m in priced.payment[:-1]]
    own |= {*parts, total - sum(parts, D(0))}  # its part of each milestone, the last taking the rest
    weeks = [x.lead_time_weeks for x in base if x.lead_time_weeks is not None]
    own |= {D(max(weeks))} if weeks else set()
    own.add(D((priced.date - date(1899, 12, 30)).days))  # the bid date as a spreadsheet serial
    return own


def test_every_pack_holds_its_member_and_leaks_nothing_of_the_others(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)  # the example sets member_packs: true
    result = build(bid, tmp_path / "out")
    priced = result.priced
    every = [*priced.lines, *priced.option_lines]
    members = [m.id for m in priced.members]
    assert sorted(k for k in result.outputs if k.startswith("workshare-")) == sorted(f"workshare-{m}" for m in members)
    for member in members:
        path = result.outputs[f"workshare-{member}"]
        assert path == tmp_path / "out" / f"LEC-2027-014-workshare-{member}.xlsx"
        parts = _parts(path)
        text = "\n".join(parts.values())
        own = [x for x in every if x.member == member]
        others = [x for x in every if x.member != member]
        own_names = {x.name for x in own}
        for line in others:  # none of the other members' SKUs or line names
            if line.sku:
                assert f">{escape_text(line.sku)}<" not in text, (member, line.sku)
            if line.name not in own_names:
                assert escape_text(line.name) not in text, (member, line.name)
        for m in priced.members:  # no other member's id, nor its name (but the lead's, who sends the pack)
            if m.id != member:
                assert f">{m.id}<" not in text and f"({m.id})" not in text, (member, m.id)
                if m.id != priced.lead.id:
                    assert escape_text(m.name) not in text, (member, m.name)
        # no figure but its own: no other member's price or cost, no sell price, markup or bid total
        values = {D(v) for name, xml in parts.items() if name.startswith("xl/worksheets/") for v in _NUMBER.findall(xml)}
        assert values <= _own_figures(priced, member, own), (member, values - _own_figures(priced, member, own))
        assert "Markup" not in text and "sell" not in text.lower()
        assert f"{priced.total:f}" not in text and f"{priced.subtotal:f}" not in text


def _small(root: Path, extra: str = "") -> Path:
    """Two members; ``extra`` is added to the bid file as it is."""
    # sku, name, category, unit, unit_price, currency, lead, origin, co2e
    write_catalogue(root / "cat" / "alpha.xlsx", [["A-1", "Alpha heat pump", "Heat", "pcs", 1000, None, 10, "DK", None]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    write_catalogue(root / "cat" / "beta.xlsx",
                    [["B-7", "Beta valve", "Pumps", "pcs", 111.11, None, 6, "SE", None],
                     ["B-9", "Beta sensor", "Controls", "pcs", 50, None, 14, "SE", None]],
                    member={"id": "beta", "name": "Beta AB", "country": "SE", "currency": "DKK"})  # fmt: skip
    write_bid(root, """
        rates: {DKK: 0.5}
        rates_date: 2026-11-20
        pricing: {markup: 20%}
        payment: [{milestone: Order, share: 30%}, {milestone: Delivery, share: 70%}]
        sections:
          - {id: s, title: Plant, items: [{item: alpha/A-1, qty: 1}, {item: beta/B-7, qty: 6}]}
          - {id: t, title: Controls, items: [{item: beta/B-9, qty: 1}]}
        options: [{id: o, title: Spares, items: [{item: beta/B-7, qty: 2}]}]
    """)
    bid = root / "bid.yaml"
    bid.write_text(bid.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return bid


def test_a_pack_shows_costs_total_weeks_and_payment_parts_computed_by_hand(tmp_path: Path) -> None:
    result = build(_small(tmp_path), tmp_path / "out", member_packs=True)
    ws = load_workbook(result.outputs["workshare-beta"], data_only=True)["Work share"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    # B-7: 111.11 DKK x 0.5 = 55.555 -> 55.56 a unit; 6 x 55.56 = 333.36. B-9: 50 x 0.5 = 25.00, 1 x 25 = 25.00
    # total 358.36; the option: 2 x 55.56 = 111.12 (apart)
    assert ["Plant", "B-7", "Beta valve", "pcs", 6, 111.11, "DKK", 333.36] in rows
    assert ["Controls", "B-9", "Beta sensor", "pcs", 1, 50, "DKK", 25] in rows
    assert ["Option: Spares", "B-7", "Beta valve", "pcs", 2, 111.11, "DKK", 111.12] in rows
    assert ["Your total (the bid's scope, options apart)", 358.36] in rows
    assert ["Options, if the client takes them", 111.12] in rows
    assert ["Delivery weeks asked of you", 14] in rows  # the longest lead time of its base lines
    # 30% of 358.36 = 107.508 -> 107.51; the last takes the rest: 358.36 - 107.51 = 250.85
    assert ["Order", 0.3, 107.51] in rows and ["Delivery", 0.7, 250.85] in rows
    assert ["Your role", "member"] in rows
    text = "\n".join(_parts(result.outputs["workshare-beta"]).values())
    assert "A-1" not in text and "Alpha heat pump" not in text and "1000" not in text
    # the sell side stays out: 55.56 x 1.2 = 66.67 a unit, 6 x 66.67 = 400.02
    assert "66.67" not in text and "400.02" not in text


def test_the_bid_can_show_sell_prices_and_markups_in_the_packs(tmp_path: Path) -> None:
    result = build(_small(tmp_path, "member_packs: true\nmember_packs_show_sell: true\n"), tmp_path / "out")
    ws = load_workbook(result.outputs["workshare-beta"], data_only=True)["Work share"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert ["Plant", "B-7", "Beta valve", "pcs", 6, 111.11, "DKK", 333.36, 0.2, 66.67, 400.02] in rows


def test_packs_are_written_only_when_asked_for_and_the_flag_reaches_the_build(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    bid = _small(tmp_path)
    assert not any(k.startswith("workshare") for k in build(bid, tmp_path / "a").outputs)
    code, out, _ = run_cli("build", str(bid), "--out", str(tmp_path / "b"), "--member-packs")
    assert code == 0
    assert f"wrote {tmp_path / 'b' / 'T-1-workshare-alpha.xlsx'}" in out
    assert f"wrote {tmp_path / 'b' / 'T-1-workshare-beta.xlsx'}" in out
    # same bid, same bytes
    again = build(bid, tmp_path / "c", member_packs=True).outputs["workshare-beta"]
    assert again.read_bytes() == (tmp_path / "b" / "T-1-workshare-beta.xlsx").read_bytes()


def _pack_rows(path: Path) -> tuple[list[str], list[list[object]]]:
    wb = load_workbook(path, data_only=True)
    rows = [[c for c in row if c is not None] for row in wb.worksheets[0].iter_rows(values_only=True)]
    return wb.sheetnames, rows


def test_a_pack_is_in_the_bid_language_unless_the_bid_names_the_packs_own(tmp_path: Path) -> None:
    german = build(_small(tmp_path / "de", "language: de\n"), tmp_path / "de" / "out", member_packs=True)
    names, rows = _pack_rows(german.outputs["workshare-beta"])
    assert names == ["Arbeitsanteil"]
    assert rows[0] == ["Arbeitsanteil von Beta AB (beta)"] and rows[1] == ["Angebot T-1: Test bid"]
    assert ["Ihre Rolle", "Mitglied"] in rows
    assert ["Von Ihnen erbetene Lieferzeit (Wochen)", 14] in rows
    assert ["Status", "ENTWURF - nicht freigegeben"] in rows
    assert rows[11][:5] == ["Teil des Angebots", "Artikelnr.", "Name", "Einheit", "Menge"]
    assert ["Option: Spares", "B-7", "Beta valve", "pcs", 2, 111.11, "DKK", 111.12] in rows
    assert ["Ihre Summe (Umfang des Angebots, ohne Optionen)", 358.36] in rows
    assert ["Zahlungsmeilenstein", "Anteil", "Ihr Anteil EUR"] in rows and ["Order", 0.3, 107.51] in rows
    assert "Seite &P von &N" in load_workbook(german.outputs["workshare-beta"]).worksheets[0].oddFooter.right.text
    assert ooxml_problems(german.outputs["workshare-beta"]) == []
    assert package_problems(german.outputs["workshare-beta"]) == []
    # a German client, Danish member firms: the lead writes the packs in Danish
    danish = build(_small(tmp_path / "da", "language: de\nmember_packs_language: da\n"), tmp_path / "da" / "out",
                   member_packs=True)  # fmt: skip
    names, rows = _pack_rows(danish.outputs["workshare-beta"])
    assert names == ["Arbejdsandel"] and ["Jeres total (tilbuddets omfang, uden optioner)", 358.36] in rows
    assert ["Jeres rolle", "medlem"] in rows
    assert load_workbook(danish.outputs["costs"]).sheetnames[0] == "Übersicht"  # the client's workbook stays German


def test_an_unknown_pack_language_is_reported_where_it_is_written(tmp_path: Path) -> None:
    bid = _small(tmp_path, "member_packs_language: fr\n")
    line = bid.read_text(encoding="utf-8").count("\n")
    with pytest.raises(BidkitError) as caught:
        build(bid, tmp_path / "out")
    assert str(caught.value) == f"{bid}:{line}:24: member_packs_language: 'fr' must be one of 'en', 'da' or 'de'"


def test_a_build_without_packs_removes_the_packs_an_earlier_build_left(tmp_path: Path) -> None:
    bid = copy_example(tmp_path)  # the example sets member_packs: true
    out = tmp_path / "out"
    build(bid, out)
    (out / "notes-workshare-pumpco.xlsx").write_bytes(b"not bidkit's")  # another stem: left alone
    assert len(list(out.glob("LEC-2027-014-workshare-*.xlsx"))) == 4
    packs = [out / f"LEC-2027-014-workshare-{m}.xlsx" for m in ("heatcontrol", "isopipe", "nordheat", "pumpco")]
    assert sorted(build(bid, out, member_packs=False, check=True).mismatched) == packs  # would remove them
    build(bid, out, member_packs=False)
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "LEC-2027-014-costs.xlsx", "LEC-2027-014-proposal.docx", "LEC-2027-014-summary.json",
        "notes-workshare-pumpco.xlsx"])


def test_a_pack_says_whether_its_figures_are_approved(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    bid = _small(tmp_path, "member_packs: true\n")

    def status() -> list[object]:
        _, rows = _pack_rows(build(bid, tmp_path / "out").outputs["workshare-beta"])
        return next(row for row in rows if row and row[0] == "Status")

    assert status() == ["Status", "DRAFT - not approved"]
    assert run_cli("review", str(bid), "--approve", "--by", "Anna Lead")[0] == 0
    said = status()
    assert len(said) == 2 and str(said[1]).startswith("Approved by Anna Lead on ")
    bid.write_text(bid.read_text(encoding="utf-8").replace("beta/B-9, qty: 1", "beta/B-9, qty: 2"), encoding="utf-8")
    assert status() == ["Status", "DRAFT - not approved"]  # figures the approval did not cover
