"""LibreOffice as an independent calculator: open .xlsx files, recalculate every formula, read back.

By default LibreOffice does not recalculate an .xlsx that carries cached results
(it shows them as they are, so a wrong formula beside a right cached value
would pass).  A throw-away profile whose ``registrymodifications.xcu`` sets
``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` to 0 ("always")
forces a full recalculation on load; converting to .xlsx then writes the
recalculated values, which openpyxl reads with ``data_only=True``.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from bidkit.outputs.workbook.labels import labels

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalc_profile(folder: Path, *, force: bool = True) -> Path:
    """A LibreOffice user profile; with ``force`` it recalculates every formula on load."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    if force:
        (user / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
    return folder


def recalculate(soffice: str, sources: list[Path], outdir: Path, profile: Path) -> dict[Path, Path]:
    """Open each source in LibreOffice (one process for all) and save it again as .xlsx in ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    assert all(src.parent != outdir for src in sources), "LibreOffice would overwrite its input"
    cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), *map(str, sources)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    out = {src: outdir / src.name for src in sources}
    missing = [str(p) for p in out.values() if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out


def exact(value: Any) -> Decimal:
    """A cell's number as the Decimal it spells (the shortest repr of the float, no rounding)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), f"not a number: {value!r}"
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """Every formula in a workbook: (sheet, cell) -> formula text."""
    wb = load_workbook(path)
    return {
        (ws.title, c.coordinate): str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    }


def differing_cells(ours: Path, recalculated: Path) -> list[str]:
    """Formula cells whose cached value (ours) is not what LibreOffice computed."""
    cached = load_workbook(ours, data_only=True)
    fresh = load_workbook(recalculated, data_only=True)
    out = []
    for sheet, ref in formula_cells(ours):
        a, b = cached[sheet][ref].value, fresh[sheet][ref].value
        if a != b:
            out.append(f"{sheet}!{ref}: cached {a!r}, LibreOffice {b!r}")
    return out


def replace_in_part(path: Path, part: str, old: str, new: str, dest: Path) -> Path:
    """Copy a workbook, replacing ``old`` by ``new`` (exactly once) in one of its XML parts."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {part}"
                data = text.replace(old, new).encode("utf-8")
            out.writestr(info, data)
    return dest


def cell_xml(path: Path, part: str, ref: str) -> str:
    """The XML of one cell (``<c r="B18" ...>...</c>``) in a sheet part."""
    with zipfile.ZipFile(path) as zf:
        text = zf.read(part).decode("utf-8")
    found = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', text)
    assert found, f"no cell {ref} in {part}"
    return found.group(0)


def named(wb: Any, name: str) -> Any:
    """The value of the cell a defined name points to."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")].value


def table(wb: Any, sheet: str) -> dict[str, dict[str, Any]]:
    """A table sheet as {first-column value: {header: value}}."""
    rows = list(wb[sheet].iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    return {str(r[0]): dict(zip(head, r, strict=True)) for r in rows[1:] if r[0] is not None}


def _block(rows: list[tuple[Any, ...]], head: str) -> dict[str, tuple[Any, ...]]:
    """The rows under the header row whose first cell is ``head``, up to a blank or total row."""
    start = next(i for i, r in enumerate(rows) if r[0] == head) + 1
    out = {}
    for r in rows[start:]:
        if r[0] is None or r[1] is None:
            break
        out[str(r[0])] = r
    return out


def _client_checks(wb: Any, priced: Any, t: Any) -> list[tuple[str, Any, Decimal, int]]:
    """The Client view sheet against the engine's client view: sections, options, total, difference."""
    rows = list(wb[t["sheet_client"]].iter_rows(values_only=True))
    figures = {r[0]: r[1] for r in rows if r[0]}
    view = priced.client_view
    checks: list[tuple[str, Any, Decimal, int]] = [
        ("client total", figures[t["client_total"]], view.total, 1),
        ("client difference", figures[t["client_difference"]], Decimal(0), 1),
    ]
    sections = _block(rows, t["col_section"])
    assert list(sections) == [c.id for c in view.sections]
    checks += [(f"client section {c.id}", sections[c.id][8], c.amount, 1) for c in view.sections]
    if view.options:
        options = _block(rows, t["col_option"])
        for o in view.options:
            row = [v for v in options[o.id] if v is not None]
            checks += [(f"client option {o.id} amount", row[4], o.amount, 1),
                       (f"client option {o.id} total", row[-1], o.total, 1)]  # fmt: skip
    return checks


def _origin_checks(wb: Any, priced: Any, t: Any) -> list[tuple[str, Any, Decimal, int]]:
    """The Origin sheet against the engine's content figures: each country, shares, net-zero, rules."""
    rows = [r for r in wb[t["sheet_origin"]].iter_rows(values_only=True) if r and r[0] is not None]
    content, by_label = priced.content, {r[0]: r for r in rows}
    countries = rows[1 : len(content.by_country) + 1]
    names = [t["origin_unknown"] if c.country == "unknown" else c.country for c in content.by_country]
    assert [r[0] for r in countries] == names
    checks: list[tuple[str, Any, Decimal, int]] = []
    for c, row in zip(content.by_country, countries, strict=True):
        checks += [(f"origin {c.country} cost", row[1], c.cost, 1),
                   (f"origin {c.country} share", row[2], c.share, 100)]  # fmt: skip
    base = sum((c.cost for c in content.by_country), Decimal(0))
    checks.append(("origin base scope", by_label[t["origin_base"]][1], base, 1))
    for key, share in (("origin_domestic", content.domestic_share), ("origin_local", content.local_share)):
        if share is not None:
            checks.append((key, by_label[t[key]][2], share, 100))
    checks.append(("net-zero cost", by_label[t["origin_net_zero"]][1], content.net_zero.cost, 1))
    if content.net_zero.categories:
        largest = content.net_zero.max_share or Decimal(0)
        checks.append(("largest non-EU share", by_label[t["origin_largest"]][2], largest, 100))
    for check in content.checks:
        row = by_label[t[f"rule_{check.rule}"]]
        met = int(row[3] == t["yes" if check.ok else "no"])
        checks += [
            (f"rule {check.rule}", row[2], check.value, 100),
            (f"rule {check.rule} met", met, Decimal(1), 1),
        ]
    return checks


def _co2e_checks(wb: Any, priced: Any, t: Any) -> list[tuple[str, Any, Decimal, int]]:
    """The CO2e sheet against the engine's figures, to 0.01 kg: sections, options, members, total, coverage."""
    sheet = wb[t["sheet_co2e"]].iter_rows(values_only=True)
    rows = {(r[0], r[1]): r[2] for r in sheet if r and r[0] is not None}
    cent = Decimal("0.01")

    def kg(value: Any) -> Any:
        return float(exact(value).quantize(cent)) if isinstance(value, int | float) else value

    figures = [(f"co2e section {s.id}", rows[(s.id, s.title)], s.co2e_kg) for s in priced.sections]
    figures += [(f"co2e option {o.id}", rows[(o.id, o.title)], o.co2e_kg) for o in priced.options]
    figures += [(f"co2e member {m.id}", rows[(m.id, m.name)], m.co2e_kg) for m in priced.members]
    figures.append(("co2e total", rows[(t["total"], None)], priced.co2e_kg))
    checks = [(label, kg(value), expected.quantize(cent), 1) for label, value, expected in figures]
    coverage = rows[(t["co2e_coverage"], t["co2e_coverage_note"])]
    checks.append(("co2e coverage", coverage, priced.co2e_coverage, 100))
    return checks


def reconcile(wb: Any, priced: Any) -> list[str]:
    """Every figure the engine priced that the workbook shows differently (to the cent): [] when equal.

    Sections (subtotal, cost), options (subtotal, contingency, discount, total), members (sell,
    cost, share, and the total row's 100 %), the Summary's totals, and the Client view's client
    amounts (sections, options, total) with its difference from the total (0.00), the Origin sheet's
    content figures (costs, shares, rules met) and the CO2e sheet's (to 0.01 kg).  ``wb`` is opened with
    ``data_only=True``: cached values, or a LibreOffice recalculation.  Deductions are shown
    negative in the workbook.  Sheets and columns are found by their labels in the bid's language.
    """
    t = labels(priced.language)
    cur = priced.currency

    def col(key: str) -> str:
        return t[key].format(currency=cur)

    checks: list[tuple[str, Any, Decimal, int]] = [
        (name, named(wb, name), value, 1)
        for name, value in (
            ("Subtotal", priced.subtotal), ("Contingency", priced.contingency),
            ("Discount", -priced.discount), ("Rounding", priced.rounding), ("Total", priced.total),
            ("Cost", priced.cost), ("Margin", priced.margin), ("MarginPct", priced.margin_pct),
        )
    ]  # fmt: skip
    checks[-1] = ("MarginPct", named(wb, "MarginPct"), priced.margin_pct, 100)
    sections, options, members = (table(wb, t[f"sheet_{k}"]) for k in ("sections", "options", "members"))
    for s in priced.sections:
        checks += [(f"section {s.id} subtotal", sections[s.id][col("col_subtotal")], s.subtotal, 1),
                   (f"section {s.id} cost", sections[s.id][col("col_cost")], s.cost, 1)]  # fmt: skip
    for o in priced.options:
        row = options[o.id]
        checks += [(f"option {o.id} subtotal", row[col("col_subtotal")], o.subtotal, 1),
                   (f"option {o.id} contingency", row[col("col_contingency")], o.contingency, 1),
                   (f"option {o.id} discount", row[col("col_discount")], -o.discount, 1),
                   (f"option {o.id} total", row[col("col_total")], o.total, 1)]  # fmt: skip
    for m in priced.members:
        row = members[m.id]
        checks += [(f"member {m.id} sell", row[col("col_sell")], m.sell, 1),
                   (f"member {m.id} cost", row[col("col_cost")], m.cost, 1),
                   (f"member {m.id} share", row[col("col_share")], m.share, 100)]  # fmt: skip
    if priced.subtotal:
        checks.append(("members total share", members[t["total"]][col("col_share")], Decimal(100), 100))
    checks += _client_checks(wb, priced, t) + _origin_checks(wb, priced, t) + _co2e_checks(wb, priced, t)
    return [
        f"{label}: workbook {value!r}, engine {expected}"
        for label, value, expected, scale in checks
        if not isinstance(value, int | float) or exact(value) * scale != expected
    ]
