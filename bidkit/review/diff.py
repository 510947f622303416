"""What changed between two drafts: lines, section and member subtotals, the total.

Works on JSON summaries (the contract every build writes), so any two builds
can be compared, including ones made by an older bidkit or on another machine.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictStr, ValidationError

from bidkit.errors import BidkitError, Location
from bidkit.review.statefile import read_json_file, shown

LINE_FIELDS = ("qty", "catalogue_price", "unit_cost", "markup", "unit_sell", "line_total")
LineKey = tuple[str, str, str, str, int]


@dataclass(frozen=True)
class FigureChange:
    id: str
    title: str
    old: Decimal
    new: Decimal

    @property
    def change(self) -> Decimal:
        return self.new - self.old


@dataclass
class Diff:
    currency: str
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], dict[str, tuple[str, str]]]] = field(default_factory=list)
    sections: list[FigureChange] = field(default_factory=list)
    members: list[FigureChange] = field(default_factory=list)
    totals: list[FigureChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or any(t.change for t in self.totals))


MAX_AMOUNT = Decimal(10) ** 18
"""The largest amount a summary may hold: a thousand times any real tender, and far below what
would make a difference too long to print."""


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{shown(value)} is not an amount")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{shown(value)} is not an amount") from None
    if not number.is_finite() or number.copy_abs() >= MAX_AMOUNT:
        raise ValueError(f"{shown(value)} is not an amount bidkit writes")
    return number


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Figure = StrictStr | int | float | None


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class _Line(_Open):
    group: StrictStr
    group_id: StrictStr
    ref: StrictStr
    bundle: StrictStr | None = None
    qty: Figure = None
    catalogue_price: Figure = None
    unit_cost: Figure = None
    markup: Figure = None
    unit_sell: Figure = None
    line_total: Figure = None


class _Section(_Open):
    id: StrictStr
    title: StrictStr | None = None
    subtotal: Amount


class _Member(_Open):
    id: StrictStr
    name: StrictStr | None = None
    sell: Amount


class _Summary(_Open):
    """What the diff reads of a JSON summary; the rest of the summary is passed through unread."""

    currency: StrictStr = ""
    subtotal: Amount
    total: Amount
    lines: list[_Line]
    sections: list[_Section]
    members: list[_Member]


def read_summary(path: Path, label: str) -> dict[str, Any]:
    """A JSON summary written by a build, checked as untrusted input; one line when it is not one."""
    what, hint = "the file", "give a summary .json written by 'bidkit build', or a bid .yaml"
    data = read_json_file(path, label, what, hint)
    if data is None:
        raise BidkitError("file not found", Location(label))
    try:
        _Summary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        place = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
        message = str(first["msg"]).removeprefix("Value error, ")
        message = "is missing" if first["type"] == "missing" else message
        raise BidkitError(f"not a bidkit summary: {place or 'top level'}: {message}; {hint}",
                          Location(label)) from None  # fmt: skip
    assert isinstance(data, dict)
    return data


def _keyed(lines: list[dict[str, Any]]) -> dict[LineKey, dict[str, Any]]:
    """Lines keyed by where they sit; the same component twice in one place is told apart by order."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out = {}
    for line in lines:
        base = (line["group"], line["group_id"], line.get("bundle", ""), line["ref"])
        out[(*base, seen[base])] = line
        seen[base] += 1
    return out


def _figures(old: list[dict[str, Any]], new: list[dict[str, Any]], amount: str) -> list[FigureChange]:
    before = {x["id"]: x for x in old}
    after = {x["id"]: x for x in new}
    out = []
    for key in [*before, *[k for k in after if k not in before]]:
        title = (after.get(key) or before[key]).get("title") or (after.get(key) or before[key]).get(
            "name", key
        )
        a = Decimal(before[key][amount]) if key in before else Decimal(0)
        b = Decimal(after[key][amount]) if key in after else Decimal(0)
        out.append(FigureChange(key, str(title), a, b))
    return out


def diff_summaries(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    result = Diff(currency=new.get("currency", ""))
    before, after = _keyed(old["lines"]), _keyed(new["lines"])
    result.removed = [line for key, line in before.items() if key not in after]
    result.added = [line for key, line in after.items() if key not in before]
    for key, line in after.items():
        if key in before:
            changes = {
                f: (str(before[key].get(f)), str(line.get(f)))
                for f in LINE_FIELDS
                if _differs(before[key].get(f), line.get(f))
            }
            if changes:
                result.changed.append((line, changes))
    result.sections = _figures(old["sections"], new["sections"], "subtotal")
    result.members = _figures(old["members"], new["members"], "sell")
    totals = [{"id": k, "title": k, "value": old[k]} for k in ("subtotal", "total")]
    result.totals = _figures(
        totals, [{"id": k, "title": k, "value": new[k]} for k in ("subtotal", "total")], "value"
    )
    return result


def _differs(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) != Decimal(str(b))
    except ArithmeticError:
        return bool(a != b)


def line_label(line: dict[str, Any]) -> str:
    where = f"{line['group_id']}" + (f" / {line['bundle']}" if line.get("bundle") else "")
    return f"{where}: {line['ref']}"


def diff_to_data(diff: Diff) -> dict[str, Any]:
    """The diff as JSON-ready data (decimal strings)."""

    def figures(items: list[FigureChange]) -> list[dict[str, str]]:
        return [
            {
                "id": c.id,
                "title": c.title,
                "old": f"{c.old:f}",
                "new": f"{c.new:f}",
                "change": f"{c.change:f}",
            }
            for c in items
        ]

    return {
        "currency": diff.currency,
        "lines_added": [_brief(x) for x in diff.added],
        "lines_removed": [_brief(x) for x in diff.removed],
        "lines_changed": [
            {**_brief(line), "changes": {k: {"old": a, "new": b} for k, (a, b) in ch.items()}}
            for line, ch in diff.changed
        ],
        "sections": figures(diff.sections),
        "members": figures(diff.members),
        "totals": figures(diff.totals),
    }


def _brief(line: dict[str, Any]) -> dict[str, Any]:
    keys = ("group", "group_id", "bundle", "member", "ref", "name", "qty", "unit_sell", "line_total")
    return {k: line.get(k) for k in keys}
