"""The Bundles sheet: what each bundle contains and what one of it sells for.

A bundle's contents are priced as at its first use in the bid (sections
first, then options): each item's unit sell is a reference to that line on
the Lines sheet, or to the inner bundle's unit price, so the sheet follows
any change made there.  A bundle the bid never uses is listed without a price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bidkit.money import round2
from bidkit.outputs.workbook.layout import BUNDLES, LCOL, LINES, Layout
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header, text_width
from bidkit.outputs.workbook.styles import Style, count_xf
from bidkit.outputs.workbook.xmltext import SharedStrings
from bidkit.pricing.model import BundleInfo


@dataclass(frozen=True)
class _Item:
    ref: str
    name: str
    qty: Decimal
    unit_ref: str | None  # the cell holding one unit's sell price
    unit_sell: Decimal | None


class _Pricer:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.bundles = {b.id: b for b in layout.bid.bundles}
        self.price_rows: dict[str, int] = {}
        row = 2
        for b in layout.bid.bundles:  # title row, one row per item, price row, blank row
            row += len(b.items) + 1
            self.price_rows[b.id] = row
            row += 2
        self.prices: dict[str, Decimal | None] = {}
        # (bundle, ref) -> Lines row of the first line of that item directly inside that bundle;
        # a line's bundle path "plant > skid" ends in the bundle it sits in directly ("skid").
        self.first_rows: dict[tuple[str, str], int] = {}
        for row, line in enumerate(layout.lines, start=2):
            steps = line.bundle.split(" > ") if line.bundle else []
            for k in range(len(steps)):
                self.first_rows.setdefault((" > ".join(steps[k:]), line.ref), row)

    def _line_row(self, bundle: str, ref: str) -> int | None:
        return self.first_rows.get((bundle, ref))

    def items(self, bundle: BundleInfo) -> list[_Item]:
        out = []
        for ref, qty in bundle.items:
            row = self._line_row(bundle.id, ref)
            if row is not None:
                line = self.layout.lines[row - 2]
                cell = self.layout.ref(LINES, LCOL["unit_sell"], row)
                out.append(_Item(ref, line.name, qty, cell, line.unit_sell))
            elif ref in self.bundles:
                inner = self.bundles[ref]
                cell = self.layout.ref(BUNDLES, 6, self.price_rows[ref])
                out.append(_Item(ref, inner.title, qty, cell, self.price(inner)))
            else:
                out.append(_Item(ref, "", qty, None, None))
        return out

    def price(self, bundle: BundleInfo) -> Decimal | None:
        """One bundle's unit sell: the sum of its items' amounts (None when it is never used)."""
        if bundle.id not in self.prices:
            units = [(i.qty, i.unit_sell) for i in self.items(bundle)]
            known = all(u is not None for _, u in units)
            self.prices[bundle.id] = (
                sum((round2(q * u) for q, u in units if u is not None), Decimal(0)) if known else None
            )
        return self.prices[bundle.id]


def bundles_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    cur, t = layout.bid.currency, layout.t
    # Column A holds the bundle ids, on title rows kept out of the measured widths (the title and
    # description beside them may run on): the ids are measured here so that none is cut off.
    ids = max((text_width(b.id, Style.BOLD) + 1 for b in layout.bid.bundles), default=0)
    sheet = Sheet(layout.name(BUNDLES), strings, header_rows=1, min_widths={1: ids, 3: 24})
    heads = [t[k].format(currency=cur) for k in ("col_bundle", "col_item", "col_name", "col_qty_per_bundle",
                                                 "col_unit_sell", "col_amount")]  # fmt: skip
    sheet.append(header(heads, numeric=(4, 5, 6)), height=30)
    pricer = _Pricer(layout)
    if not layout.bid.bundles:
        sheet.append([Cell(t["no_bundles"], Style.NOTE)])
    for bundle in layout.bid.bundles:
        sheet.append([Cell(bundle.id, Style.BOLD), Cell(bundle.title, Style.BOLD),
                      Cell(bundle.description or None, Style.NOTE)], measure=False)  # fmt: skip
        first = sheet.row_count + 1
        for item in pricer.items(bundle):
            r = sheet.row_count + 1
            priced = item.unit_ref is not None and item.unit_sell is not None
            sheet.append([
                None, Cell(item.ref), Cell(item.name or None), Cell(item.qty, count_xf(item.qty)),
                formula(item.unit_ref, item.unit_sell, Style.MONEY) if priced and item.unit_ref else None,
                formula(f"ROUND(D{r}*E{r},2)", round2(item.qty * item.unit_sell), Style.MONEY)
                if priced and item.unit_sell is not None else None,
            ])  # fmt: skip
        price = pricer.price(bundle)
        r = sheet.append([
            None, Cell(t["unit_price"], Style.BOLD),
            Cell(t["bundle_unused"] if price is None else None, Style.NOTE), None, None,
            formula(f"ROUND(SUM(F{first}:F{sheet.row_count}),2)", price, Style.MONEY_TOTAL)
            if price is not None else None,
        ])  # fmt: skip
        assert r == pricer.price_rows[bundle.id]
        sheet.append([])
    return sheet
