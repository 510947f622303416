"""Where everything sits in the workbook, decided before any sheet is written.

Sheets refer to each other (a line's markup to a Summary input, the Summary's
subtotal to the Sections sheet), so every address is computed here once from
the priced bid and each sheet module only fills in its own cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from bidkit.outputs.proposal.jinja import LOCALES
from bidkit.outputs.workbook.labels import labels
from bidkit.outputs.workbook.xmltext import absolute, column_letter, formula_text, sheet_ref
from bidkit.pricing.model import PricedBid, PricedLine

# The sheets by key; their names are labels in the bid's language (Layout.name).
SUMMARY, LINES, SECTIONS, MEMBERS, OPTIONS, CLIENT, RATES, BUNDLES, ORIGIN, CO2E = (
    "summary", "lines", "sections", "members", "options", "client", "rates", "bundles", "origin", "co2e",
)  # fmt: skip
SHEETS = (SUMMARY, LINES, SECTIONS, MEMBERS, OPTIONS, CLIENT, RATES, BUNDLES, ORIGIN, CO2E)

# Lines: one column per field, in this order (1-based column numbers follow from it).
LINE_FIELDS = (
    "kind", "group", "bundle", "member", "ref", "name", "description", "category", "unit", "qty",
    "price", "currency", "rate", "unit_cost", "markup", "markup_rule", "unit_sell", "line_cost",
    "line_total", "lead_time", "origin", "co2e",
)  # fmt: skip
LCOL = {name: i for i, name in enumerate(LINE_FIELDS, start=1)}
# Sections, Members and Options: their columns (Summary and charts refer to them).
SECTION_COLS = {"id": 1, "title": 2, "lines": 3, "cost": 4, "subtotal": 5, "margin": 6}
MEMBER_COLS = {"id": 1, "name": 2, "country": 3, "role": 4, "cost": 5, "sell": 6, "share": 7, "part": 8}
OPTION_COLS = {"id": 1, "title": 2, "lines": 3, "cost": 4, "subtotal": 5, "contingency": 6,
               "discount": 7, "total": 8}  # fmt: skip

# The bid's details at the top of the Summary (label keys info_*); an empty one gets no row.
INFO_KEYS = ("bid", "client", "tender_ref", "revision", "date", "currency", "rates_date", "incoterm",
             "validity", "status")  # fmt: skip
INFO_FIRST = 4
TOTAL_KEYS = ("subtotal", "contingency", "discount", "before", "rounding", "total", "cost", "margin",
              "margin_pct")  # fmt: skip
TOTAL_NAMES = {
    "subtotal": "Subtotal", "contingency": "Contingency", "discount": "Discount",
    "before": "BeforeRounding", "rounding": "Rounding", "total": "Total", "cost": "Cost",
    "margin": "Margin", "margin_pct": "MarginPct",
}  # fmt: skip
INPUT_NAMES = {"markup": "DefaultMarkup", "contingency": "ContingencyRate", "discount": "DiscountRate",
               "round_to": "RoundTo"}  # fmt: skip


@dataclass
class Layout:
    """Row numbers of the Summary's inputs and totals and of every table, for one bid."""

    bid: PricedBid
    t: Mapping[str, str]  # the labels in the bid's language
    lines: list[PricedLine] = field(default_factory=list)
    info_keys: tuple[str, ...] = ()
    member_markups: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    category_markups: dict[str, tuple[Decimal, int]] = field(default_factory=dict)
    inputs: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    options_heading: int = 0
    rate_rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, bid: PricedBid) -> Layout:
        layout = cls(bid, labels(bid.language), [*bid.lines, *bid.option_lines])
        optional = {"tender_ref": bid.tender_ref, "revision": bid.revision}
        layout.info_keys = tuple(k for k in INFO_KEYS if optional.get(k, True))
        layout._summary_rows()
        layout.rate_rows = {cur: r for r, cur in enumerate(bid.rates, start=2)}
        return layout

    def _summary_rows(self) -> None:
        """Inputs block, then totals, then options: each label on its own row of the Summary."""
        row = INFO_FIRST + len(self.info_keys) + 1  # a blank row, then the "Inputs" heading
        self.inputs["heading"] = row
        self.inputs["markup"] = row = row + 1
        for line in self.lines:
            if line.markup_source == "member" and line.member not in self.member_markups:
                row += 1
                self.member_markups[line.member] = (line.markup, row)
        for line in self.lines:
            if line.markup_source == "category" and line.category not in self.category_markups:
                row += 1
                self.category_markups[line.category] = (line.markup, row)
        for key in ("contingency", "discount", "round_to"):
            self.inputs[key] = row = row + 1
        self.totals["heading"] = row = row + 2
        for key in TOTAL_KEYS:
            self.totals[key] = row = row + 1
        self.options_heading = row + 2

    # --- references used in formulas -------------------------------------------------------

    def name(self, sheet: str) -> str:
        """A sheet's name in the bid's language."""
        return self.t[f"sheet_{sheet}"]

    @property
    def chart_lang(self) -> str:
        """The language tag of the charts' texts, e.g. ``de-DE``."""
        return LOCALES.get(self.bid.language, "en_US").replace("_", "-")

    def kind(self, kind: str) -> str:
        """A line kind (``section``, ``option``) as a text constant for formulas, in the bid's language."""
        return formula_text(self.t[f"kind_{kind}"])

    def ref(self, sheet: str, col: int, row: int) -> str:
        """An absolute reference to one cell of a sheet, e.g. ``Summary!$B$14``."""
        return absolute(self.name(sheet), col, row)

    def markup_ref(self, line: PricedLine) -> str | None:
        """The Summary input a line's markup comes from, or None when the line carries its own."""
        source = line.markup_source
        if source == "default":
            return INPUT_NAMES["markup"] if line.markup == self.bid.markup else None
        if source == "member":
            found = self.member_markups.get(line.member)
        elif source == "category":
            found = self.category_markups.get(line.category)
        else:
            return None
        if found is not None and found[0] == line.markup:
            return self.ref(SUMMARY, 2, found[1])
        return None

    def rate_position(self, currency: str) -> int:
        """The currency's place among the bid's rates (its number format, ``1 USD = … EUR``)."""
        return self.rate_rows[currency] - 2

    def rate_ref(self, currency: str) -> str:
        return self.ref(RATES, 2, self.rate_rows[currency])

    @property
    def last_line_row(self) -> int:
        return len(self.lines) + 1

    def lines_range(self, field_name: str) -> str:
        col = column_letter(LCOL[field_name])
        return f"{sheet_ref(self.name(LINES))}!${col}$2:${col}${self.last_line_row}"

    def table_range(self, sheet: str, col: int, count: int) -> str:
        letter = column_letter(col)
        return f"{sheet_ref(self.name(sheet))}!${letter}$2:${letter}${count + 1}"

    def defined_names(self) -> list[tuple[str, str]]:
        """Names for the key inputs, the totals and the Lines columns the tables sum over."""
        names = [(INPUT_NAMES[k], self.ref(SUMMARY, 2, self.inputs[k])) for k in INPUT_NAMES]
        names += [(TOTAL_NAMES[k], self.ref(SUMMARY, 2, self.totals[k])) for k in TOTAL_KEYS]
        names += [
            ("LinesKind", self.lines_range("kind")),
            ("LinesGroup", self.lines_range("group")),
            ("LinesMember", self.lines_range("member")),
            ("LinesCost", self.lines_range("line_cost")),
            ("LinesTotal", self.lines_range("line_total")),
        ]
        return names
