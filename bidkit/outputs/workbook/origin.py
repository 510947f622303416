"""The Origin sheet: where the base scope's cost comes from, as live formulas over the Lines sheet.

Each figure is the JSON summary's ``content`` figure (docs/pricing.md, "Where the value comes
from") recomputed from the Lines sheet's cost, origin and category columns, section lines only, with
the engine's value cached.  Texts are matched with ``EXACT`` (as the other tables do), so a country
or category is never read as a wildcard.  The line kind, the yes/no cells and every label are in the
bid's language (:mod:`.labels`), so a German workbook's formulas match its "Abschnitt" lines.  Shares
are fractions rounded to 4 places (percent to 2), and each content rule's limit is a yellow input:
change it and its "Met" cell follows.
"""

from __future__ import annotations

from bidkit.codes import EU_MEMBERS
from bidkit.money import HUNDRED, ZERO, percent_of
from bidkit.outputs.workbook.layout import ORIGIN, Layout
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header, share_of
from bidkit.outputs.workbook.styles import Style
from bidkit.outputs.workbook.xmltext import SharedStrings, formula_text
from bidkit.pricing.content import UNKNOWN

_COMPARE = {"domestic_min": ">=", "local_max": "<=", "single_country_max": "<="}  # the rules' labels: rule_*


class _Ranges:
    """The Lines columns the formulas read, restricted to section lines by ``base``."""

    def __init__(self, layout: Layout) -> None:
        self.base = f'({layout.lines_range("kind")}={layout.kind("section")})'
        self.origin = layout.lines_range("origin")
        self.category = layout.lines_range("category")
        self.cost = layout.lines_range("line_cost")

    def cost_where(self, *conditions: str) -> str:
        return f"ROUND(SUMPRODUCT({'*'.join((self.base, *conditions))}*{self.cost}),2)"


def origin_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, t = layout.bid, layout.t
    content, ranges = bid.content, _Ranges(layout)
    sheet = Sheet(layout.name(ORIGIN), strings, header_rows=1, min_widths={1: 34, 2: 18, 3: 26, 4: 12})
    sheet.append(header([t["origin_col_country"], t["col_cost"].format(currency=bid.currency),
                         t["origin_col_share"]], (2, 3)), height=30)  # fmt: skip
    first = 2
    for c in content.by_country:
        r = sheet.row_count + 1
        unknown = c.country == UNKNOWN
        match = f'EXACT({ranges.origin},"")' if unknown else f"EXACT({ranges.origin},$A{r})"
        sheet.append([Cell(t["origin_unknown"] if unknown else c.country),
                      formula(ranges.cost_where(match), c.cost, Style.MONEY),
                      formula(share_of(f"B{r}", f"$B${first + len(content.by_country)}"), c.share / HUNDRED,
                              Style.PERCENT)])  # fmt: skip
    total = sheet.row_count + 1
    sheet.append([Cell(t["origin_base"], Style.BOLD),
                  formula(f"ROUND(SUM(B{first}:B{total - 1}),2)", bid.cost, Style.MONEY_TOTAL)])  # fmt: skip
    sheet.append([Cell(t["origin_unknown_note"], Style.NOTE)], measure=False)
    shares = _country_shares(sheet, layout, ranges, f"$B${total}")
    largest = _net_zero(sheet, layout, ranges)
    shares["single_country_max"] = largest
    _checks(sheet, layout, shares)
    return sheet


def _country_shares(sheet: Sheet, layout: Layout, ranges: _Ranges, total: str) -> dict[str, str]:
    """Domestic and local share rows; the cell of each share by the rule that limits it."""
    sheet.append([])
    cells: dict[str, str] = {}
    content, t = layout.bid.content, layout.t
    rows = (("domestic_min", t["origin_domestic"], content.domestic_country, content.domestic_share),
            ("local_max", t["origin_local"], content.local_country, content.local_share))  # fmt: skip
    for rule, label, country, share in rows:
        if country is None or share is None:
            continue
        r = sheet.row_count + 1
        part = ranges.cost_where(f"EXACT({ranges.origin},$B{r})")
        sheet.append([Cell(label, Style.BOLD), Cell(country), formula(share_of(part, total), share / HUNDRED,
                                                                      Style.PERCENT)])  # fmt: skip
        cells[rule] = f"C{r}"
    return cells


def _net_zero(sheet: Sheet, layout: Layout, ranges: _Ranges) -> str:
    """The net-zero categories, their cost, and each country's part of it; the largest non-EU share's cell."""
    content, t = layout.bid.content, layout.t
    categories = content.net_zero.categories
    cost_title = t["col_cost"].format(currency=layout.bid.currency)
    sheet.append([])
    sheet.append(header([t["origin_col_category"], cost_title], (2,)), height=30)
    first = sheet.row_count + 1
    for category, cost in content.net_zero.by_category:
        r = sheet.row_count + 1
        sheet.append([Cell(category), formula(ranges.cost_where(f"EXACT({ranges.category},$A{r})"), cost,
                                              Style.MONEY)])  # fmt: skip
    total = sheet.row_count + 1
    last = total - 1
    sheet.append([Cell(t["origin_net_zero"], Style.BOLD),
                  formula(f"ROUND(SUM(B{first}:B{last}),2)" if categories else "0", content.net_zero.cost,
                          Style.MONEY_TOTAL)])  # fmt: skip
    if not categories:
        sheet.append([Cell(t["origin_no_categories"], Style.NOTE)], measure=False)
        return "0"
    in_categories = "(" + "+".join(f"EXACT({ranges.category},$A${r})" for r in range(first, last + 1)) + ")"
    sheet.append([])
    titles = [t["origin_col_nz_country"], cost_title, t["origin_col_nz_share"], t["origin_col_eu"]]
    sheet.append(header(titles, (2, 3), (4,)), height=30)
    top = sheet.row_count + 1
    for country, cost in content.net_zero.by_country:
        r = sheet.row_count + 1
        cached = percent_of(cost, content.net_zero.cost) / HUNDRED
        part = ranges.cost_where(f"EXACT({ranges.origin},$A{r})", in_categories)
        sheet.append([Cell(country), formula(part, cost, Style.MONEY),
                      formula(share_of(f"B{r}", f"$B${total}"), cached, Style.PERCENT),
                      Cell(t["yes"] if country in EU_MEMBERS else t["no"], Style.FLAG)])  # fmt: skip
    bottom = sheet.row_count
    r = sheet.row_count + 1
    largest = (content.net_zero.max_share or ZERO) / HUNDRED
    no = formula_text(t["no"])
    expr = f"SUMPRODUCT(MAX((D{top}:D{bottom}={no})*C{top}:C{bottom}))" if bottom >= top else "0"
    sheet.append([Cell(t["origin_largest"], Style.BOLD), None, formula(expr, largest, Style.PERCENT)])
    return f"C{r}"


def _checks(sheet: Sheet, layout: Layout, shares: dict[str, str]) -> None:
    content, t = layout.bid.content, layout.t
    if not content.checks:
        return
    yes, no = formula_text(t["yes"]), formula_text(t["no"])
    sheet.append([])
    titles = [t[f"origin_col_{k}"] for k in ("rule", "limit", "value", "met")]
    sheet.append(header(titles, (2, 3), (4,)), height=30)
    for check in content.checks:
        r = sheet.row_count + 1
        sheet.append([Cell(t[f"rule_{check.rule}"]), Cell(check.limit / HUNDRED, Style.INPUT_PERCENT),
                      formula(shares.get(check.rule, "0"), check.value / HUNDRED, Style.PERCENT),
                      Cell(t["yes"] if check.ok else t["no"], Style.FLAG_BOLD,
                           f"IF(C{r}{_COMPARE[check.rule]}B{r},{yes},{no})")])  # fmt: skip
    sheet.append([Cell(t["origin_limits_note"], Style.NOTE)], measure=False)
