"""The Client view sheet: the internal figures reconciled with the client's price schedule.

The workbook keeps the internal view (every adjustment on the Summary); the proposal shows the
client's view, where the adjustments the bid does not show are spread over the sections by
largest remainder (docs/pricing.md, rule 10; bidkit/pricing/client.py).  This sheet does that
spreading again with live formulas over the Summary, Sections and Options sheets, so the client's
amounts follow any change to an input and recalculate to the engine's client figures to the cent:

- the spread amount A (the hidden adjustments, signed as they act on the total), and |A| in cents;
- per section: its weight (subtotal in cents, 0 when negative), its share of |A| rounded down and
  the remainder, its place in the order for the cents left (largest remainder, earlier first);
- its spread (share + one of the cents left, if its place is among them, signed as A) and its
  client amount; then the client's total, and its difference from the Summary's total (0.00).

The remainder is the only figure that must be exact to order the sections, so it is computed in
two halves (|A| split at 100,000 cents) to stay within a spreadsheet's 15 exact digits for any
subtotal below 600 million in the bid currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bidkit.money import round2
from bidkit.outputs.workbook.layout import (
    CLIENT,
    OPTION_COLS,
    OPTIONS,
    SECTION_COLS,
    SECTIONS,
    SUMMARY,
    Layout,
)
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header, text_width
from bidkit.outputs.workbook.styles import Style, count_xf
from bidkit.outputs.workbook.xmltext import SharedStrings
from bidkit.pricing.client import ADJUSTMENTS, Adjustment
from bidkit.pricing.model import PricedBid, PricedOption

_NAMES = {"contingency": "Contingency", "discount": "Discount", "rounding": "Rounding"}  # defined names
_SPLIT = 100_000  # |A| in cents = high x _SPLIT + low: the remainder's products stay exact
_CENTS = count_xf(0)


def _signed(figures: PricedBid | PricedOption) -> dict[Adjustment, Decimal]:
    """Each adjustment as it acts on the total (the discount negative), as the Summary shows it."""
    return {"contingency": figures.contingency, "discount": -figures.discount, "rounding": figures.rounding}


def _largest_remainder(cents: int, weights: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(share rounded down, remainder, place, spread in cents) per part, as the sheet's formulas do."""
    units = list(weights) if sum(weights) else [1] * len(weights)
    whole = sum(units)
    floors = [cents * u // whole for u in units]
    rests = [cents * u % whole for u in units]
    left = cents - sum(floors)
    places = [
        sum(r > rest for r in rests) + sum(r == rest for r in rests[:i]) + 1 for i, rest in enumerate(rests)
    ]
    return [(f, r, p, f + (p <= left)) for f, r, p in zip(floors, rests, places, strict=True)]


class _ClientSheet:
    def __init__(self, layout: Layout, strings: SharedStrings) -> None:
        self.layout, self.bid, self.t = layout, layout.bid, layout.t
        self.shown: tuple[Adjustment, ...] = self.bid.client_view.shown
        self.hidden = [a for a in ADJUSTMENTS if a not in self.shown]
        # Column B holds the reconciliation's amounts; its notes in C run on (they are not measured).
        largest = max(self.bid.subtotal, self.bid.total, *(c.amount for c in self.bid.client_view.sections))
        widths = {1: 30, 2: text_width(largest, Style.MONEY)}
        self.sheet = Sheet(layout.name(CLIENT), strings, min_widths=widths)

    def col(self, key: str) -> str:
        return self.t[key].format(currency=self.bid.currency)

    def heading(self, text: str) -> None:
        self.sheet.append([Cell(text, Style.HEADING)] + [Cell(None, Style.HEADING)] * 2, measure=False)

    def row(self, label: str, expr: str, cached: Decimal | int, note: str,
            style: Style | int = Style.MONEY) -> int:  # fmt: skip
        """One line of the reconciliation: label, live figure, what it is in words."""
        widths = self.sheet.widths
        widths[1] = max(widths.get(1, 0), text_width(label, Style.DEFAULT))
        cells = [Cell(label), formula(expr, cached, style), Cell(note, Style.NOTE)]
        return self.sheet.append(cells, measure=False)  # the note runs on into the next columns

    def build(self) -> Sheet:
        t, bid, sheet = self.t, self.bid, self.sheet
        shown = ", ".join(t[a] for a in self.shown) or t["none"]
        sheet.append([Cell(t["client_title"], Style.TITLE)], height=24, measure=False)
        sheet.append([Cell(t["client_note"], Style.NOTE)], measure=False)
        sheet.append([Cell(t["client_shown_list"].format(shown=shown), Style.NOTE)], measure=False)
        sheet.append([])
        signed = _signed(bid)
        spread = sum((signed[a] for a in self.hidden), Decimal(0))
        cents = int(abs(spread) * 100)
        n = len(bid.sections)
        # The section table's first row: below the reconciliation block (heading, subtotal, the hidden
        # adjustments, spread, cents, amounts, the shown ones, total, difference), a blank row, its
        # heading and its header row.
        first = sheet.row_count + 11 + len(self.hidden) + len(self.shown)
        last = first + n - 1
        self.heading(t["client_reconcile_heading"].format(currency=bid.currency))
        self.row(t["client_internal_subtotal"], "Subtotal", bid.subtotal,
                 t["client_internal_subtotal_note"].format(summary=self.layout.name(SUMMARY)))  # fmt: skip
        for a in self.hidden:
            label = t["client_hidden"].format(adjustment=t[a])
            self.row(label, _NAMES[a], signed[a], t["client_hidden_note"])
        terms = "+".join(_NAMES[a] for a in self.hidden) or "0"
        a_row = self.row(t["client_spread"], f"ROUND({terms},2)", spread, t["client_spread_note"])
        c_row = self.row(t["client_cents"], f"ROUND(ABS(B{a_row})*100,0)", cents, t["client_cents_note"],
                         _CENTS)  # fmt: skip
        amounts = bid.client_view.subtotal
        amounts_row = self.row(t["client_amounts"], f"ROUND(SUM(I{first}:I{last}),2)", amounts,
                               t["client_amounts_note"])  # fmt: skip
        for a in self.shown:
            self.row(t["client_shown"].format(adjustment=t[a]), _NAMES[a], signed[a], t["client_shown_note"])
        total = amounts + sum((signed[a] for a in self.shown), Decimal(0))
        shown_terms = "".join(f"+{_NAMES[a]}" for a in self.shown)
        total_row = self.row(t["client_total"], f"ROUND(B{amounts_row}{shown_terms},2)", total,
                             t["client_total_note"], Style.MONEY_TOTAL)  # fmt: skip
        self.row(t["client_difference"], f"ROUND(B{total_row}-Total,2)", total - bid.total,
                 t["client_difference_note"])  # fmt: skip
        sheet.append([])
        self.sections(a_row, c_row, first, spread, cents)
        self.options()
        return sheet

    def sections(self, a_row: int, c_row: int, first: int, spread: Decimal, cents: int) -> None:
        bid, sheet = self.bid, self.sheet
        n = len(bid.sections)
        last, total = first + n - 1, first + n
        self.heading(self.t["client_sections_heading"].format(currency=bid.currency))
        keys = ("col_section", "col_title", "col_internal", "col_weight", "col_floor", "col_remainder",
                "col_order", "col_spread", "col_client_amount")  # fmt: skip
        sheet.append(header([self.col(k) for k in keys], range(3, 10)), height=45)  # German ones take 3 lines
        assert sheet.row_count == first - 1, "the Client view's section table moved"
        weights = [int(max(s.subtotal, Decimal(0)) * 100) for s in bid.sections]
        parts = _largest_remainder(cents, weights)
        sign = -1 if spread < 0 else 1
        c, whole = f"$B${c_row}", f"IF($D${total}=0,{n},$D${total})"
        rows = zip(bid.sections, weights, parts, strict=True)
        for i, (s, w, (floor, rest, place, extra)) in enumerate(rows):
            r = first + i
            weight = f"IF($D${total}=0,1,D{r})"
            ties = f"+SUMPRODUCT(--($F${first}:$F${r - 1}=F{r}))" if r > first else ""
            amount = round2(s.subtotal + Decimal(sign * extra) / 100)
            sheet.append([
                Cell(s.id), Cell(s.title),
                formula(self.layout.ref(SECTIONS, SECTION_COLS["subtotal"], i + 2), s.subtotal, Style.MONEY),
                formula(f"ROUND(MAX(C{r},0)*100,0)", w, _CENTS),
                formula(f"ROUND(({c}*{weight}-F{r})/{whole},0)", floor, _CENTS),
                formula(f"MOD(MOD(INT({c}/{_SPLIT})*{weight},{whole})*{_SPLIT}+MOD({c},{_SPLIT})*{weight},{whole})",
                        rest, _CENTS),
                formula(f"SUMPRODUCT(--($F${first}:$F${last}>F{r})){ties}+1", place, _CENTS),
                formula(f"ROUND(SIGN($B${a_row})*(E{r}+IF(G{r}<=$G${total},1,0))/100,2)",
                        Decimal(sign * extra) / 100, Style.MONEY),
                formula(f"ROUND(C{r}+H{r},2)", amount, Style.MONEY_BOLD),
            ])  # fmt: skip
        left = cents - sum(p[0] for p in parts)
        sheet.append([
            Cell(self.t["total"], Style.BOLD), None,
            formula(f"ROUND(SUM(C{first}:C{last}),2)", bid.subtotal, Style.MONEY_TOTAL),
            formula(f"SUM(D{first}:D{last})", sum(weights), _CENTS),
            formula(f"SUM(E{first}:E{last})", sum(p[0] for p in parts), _CENTS), None,
            formula(f"{c}-E{total}", left, _CENTS),
            formula(f"ROUND(SUM(H{first}:H{last}),2)", spread, Style.MONEY_TOTAL),
            formula(f"ROUND(SUM(I{first}:I{last}),2)", bid.subtotal + spread, Style.MONEY_TOTAL),
        ])  # fmt: skip

    def options(self) -> None:
        """Each option alone takes all of its own hidden adjustments: no spreading is needed."""
        bid, sheet = self.bid, self.sheet
        if not bid.options:
            return
        sheet.append([])
        self.heading(self.t["client_options_heading"].format(currency=bid.currency))
        shown_cols = [f"col_{a}" for a in self.shown]
        keys = ["col_option", "col_title", "col_internal", "col_spread", "col_client_amount", *shown_cols,
                "col_total"]  # fmt: skip
        sheet.append(header([self.col(k) for k in keys], range(3, len(keys) + 1)), height=45)
        for i, o in enumerate(bid.options, start=2):
            ref = {k: self.layout.ref(OPTIONS, col, i) for k, col in OPTION_COLS.items()}
            before = f"ROUND({ref['subtotal']}+{ref['contingency']}+{ref['discount']},2)"
            exprs: dict[Adjustment, str] = {
                "contingency": ref["contingency"], "discount": ref["discount"],
                "rounding": f"({ref['total']}-{before})",
            }  # fmt: skip
            values = _signed(o)
            spread = sum((values[a] for a in self.hidden), Decimal(0))
            r = sheet.row_count + 1
            terms = "+".join(exprs[a] for a in self.hidden) or "0"
            shown = [formula(f"ROUND({exprs[a]},2)", values[a], Style.MONEY) for a in self.shown]
            last = chr(ord("E") + len(self.shown))
            sheet.append([
                Cell(o.id), Cell(o.title), formula(ref["subtotal"], o.subtotal, Style.MONEY),
                formula(f"ROUND({terms},2)", spread, Style.MONEY),
                formula(f"ROUND(C{r}+D{r},2)", o.subtotal + spread, Style.MONEY),
                *shown, formula(f"ROUND(SUM(E{r}:{last}{r}),2)", o.total, Style.MONEY_BOLD),
            ])  # fmt: skip


def client_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    return _ClientSheet(layout, strings).build()
