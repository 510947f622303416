"""The Origin sheet: where the base scope's cost comes from, as live formulas over the Lines sheet.

Each figure is the JSON summary's ``content`` figure (docs/pricing.md, "Where the value comes
from") recomputed from the Lines sheet's cost, origin and category columns, section lines only, with
the engine's value cached.  Texts are matched with ``EXACT`` (as the other tables do), so a country
or category is never read as a wildcard.  Shares are fractions rounded to 4 places (percent to 2),
and each content rule's limit is a yellow input: change it and its "Met" cell follows.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from bidkit.codes import EU_MEMBERS
from bidkit.money import HUNDRED, ZERO, percent_of
from bidkit.outputs.workbook.layout import Layout
from bidkit.outputs.workbook.sheet import Cell, Sheet, formula, header
from bidkit.outputs.workbook.styles import Style
from bidkit.outputs.workbook.xmltext import SharedStrings
from bidkit.pricing.content import UNKNOWN, Content

ORIGIN = "Origin"
_RULES = {
    "domestic_min": ("Domestic share at least", ">="),
    "local_max": ("Share from the client's country at most", "<="),
    "single_country_max": ("Largest non-EU share of the net-zero lines at most", "<="),
}


class _Ranges:
    """The Lines columns the formulas read, restricted to section lines by ``base``."""

    def __init__(self, layout: Layout) -> None:
        kind = layout.lines_range("kind")
        self.base = f'({kind}="Section")'
        self.origin = layout.lines_range("origin")
        self.category = layout.lines_range("category")
        self.cost = layout.lines_range("line_cost")

    def cost_where(self, *conditions: str) -> str:
        return f"ROUND(SUMPRODUCT({'*'.join((self.base, *conditions))}*{self.cost}),2)"


def _share(part: str, whole: str) -> str:
    return f"IF({whole}=0,0,ROUND({part}/{whole},4))"


def origin_sheet(layout: Layout, strings: SharedStrings) -> Sheet:
    bid, cur = layout.bid, layout.bid.currency
    content, ranges = bid.content, _Ranges(layout)
    sheet = Sheet(ORIGIN, strings, header_rows=1, min_widths={1: 34, 2: 18, 3: 26, 4: 10})
    sheet.append(header(["Country of origin", f"Cost {cur}", "Share of the base scope's cost", ""], (2, 3)),
                 height=30)  # fmt: skip
    first = 2
    for c in content.by_country:
        r = sheet.row_count + 1
        match = f'EXACT({ranges.origin},"")' if c.country == UNKNOWN else f"EXACT({ranges.origin},$A{r})"
        sheet.append([Cell(c.country), formula(ranges.cost_where(match), c.cost, Style.MONEY),
                      formula(_share(f"B{r}", f"$B${first + len(content.by_country)}"), c.share / HUNDRED,
                              Style.PERCENT)])  # fmt: skip
    total = sheet.row_count + 1
    base_cost = sum((c.cost for c in content.by_country), ZERO)
    sheet.append([Cell("Base scope (options apart)", Style.BOLD),
                  formula(f"ROUND(SUM(B{first}:B{total - 1}),2)", base_cost, Style.MONEY_TOTAL)])  # fmt: skip
    sheet.append([Cell("Lines without an origin count as 'unknown'.", Style.NOTE)], measure=False)
    shares = _country_shares(sheet, content, ranges, f"$B${total}")
    largest = _net_zero(sheet, layout, ranges)
    shares["single_country_max"] = largest
    _checks(sheet, content, shares)
    return sheet


def _country_shares(sheet: Sheet, content: Content, ranges: _Ranges, total: str) -> dict[str, str]:
    """Domestic and local share rows; the cell of each share by the rule that limits it."""
    sheet.append([])
    cells: dict[str, str] = {}
    rows = (("domestic_min", "Domestic country", content.domestic_country, content.domestic_share),
            ("local_max", "Client's country", content.local_country, content.local_share))  # fmt: skip
    for rule, label, country, share in rows:
        if country is None or share is None:
            continue
        r = sheet.row_count + 1
        part = ranges.cost_where(f"EXACT({ranges.origin},$B{r})")
        sheet.append([Cell(label, Style.BOLD), Cell(country), formula(_share(part, total), share / HUNDRED,
                                                                      Style.PERCENT)])  # fmt: skip
        cells[rule] = f"C{r}"
    return cells


def _net_zero(sheet: Sheet, layout: Layout, ranges: _Ranges) -> str:
    """The net-zero categories, their cost, and each country's part of it; the largest non-EU share's cell."""
    content = layout.bid.content
    lines = layout.bid.lines
    categories = content.net_zero.categories
    sheet.append([])
    sheet.append(header(["Net-zero category", f"Cost {layout.bid.currency}"], (2,)), height=30)
    first = sheet.row_count + 1
    for category in categories:
        r = sheet.row_count + 1
        cost = sum((x.line_cost for x in lines if x.category == category), ZERO)
        sheet.append([Cell(category), formula(ranges.cost_where(f"EXACT({ranges.category},$A{r})"), cost,
                                              Style.MONEY)])  # fmt: skip
    total = sheet.row_count + 1
    last = total - 1
    sheet.append([Cell("Net-zero lines", Style.BOLD),
                  formula(f"ROUND(SUM(B{first}:B{last}),2)" if categories else "0", content.net_zero.cost,
                          Style.MONEY_TOTAL)])  # fmt: skip
    if not categories:
        sheet.append([Cell("No net_zero_categories are set in the bid.", Style.NOTE)], measure=False)
        return "0"
    in_categories = "(" + "+".join(f"EXACT({ranges.category},$A${r})" for r in range(first, last + 1)) + ")"
    by_country: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for x in lines:
        if x.category in categories and x.origin_country:
            by_country[x.origin_country] += x.line_cost
    sheet.append([])
    cur = layout.bid.currency
    titles = ["Country (net-zero lines)", f"Cost {cur}", "Share of the net-zero cost", "In the EU"]
    sheet.append(header(titles, (2, 3)), height=30)
    top = sheet.row_count + 1
    for country, cost in sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0])):
        r = sheet.row_count + 1
        cached = percent_of(cost, content.net_zero.cost) / HUNDRED
        part = ranges.cost_where(f"EXACT({ranges.origin},$A{r})", in_categories)
        sheet.append([Cell(country), formula(part, cost, Style.MONEY),
                      formula(_share(f"B{r}", f"$B${total}"), cached, Style.PERCENT),
                      Cell("yes" if country in EU_MEMBERS else "no")])  # fmt: skip
    bottom = sheet.row_count
    r = sheet.row_count + 1
    largest = (content.net_zero.max_share or ZERO) / HUNDRED
    expr = f'SUMPRODUCT(MAX((D{top}:D{bottom}="no")*C{top}:C{bottom}))' if bottom >= top else "0"
    sheet.append([Cell("Largest non-EU share", Style.BOLD), None, formula(expr, largest, Style.PERCENT)])
    return f"C{r}"


def _checks(sheet: Sheet, content: Content, shares: dict[str, str]) -> None:
    if not content.checks:
        return
    sheet.append([])
    sheet.append(header(["Content rule", "Limit", "Value", "Met"], (2, 3)), height=30)
    for check in content.checks:
        r = sheet.row_count + 1
        label, compare = _RULES[check.rule]
        sheet.append([Cell(label), Cell(check.limit / HUNDRED, Style.INPUT_PERCENT),
                      formula(shares.get(check.rule, "0"), check.value / HUNDRED, Style.PERCENT),
                      Cell("yes" if check.ok else "no", Style.BOLD,
                           f'IF(C{r}{compare}B{r},"yes","no")')])  # fmt: skip
    sheet.append([Cell("The limits are the bid's settings, not law: check them against the current rules of "
                       "the financing institution or tender.", Style.NOTE)], measure=False)  # fmt: skip
