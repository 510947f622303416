"""The references of a bid whose file does not fit the format, checked all the same.

A bid with a mistyped key and an unknown SKU should hear of both in one run, not of the SKU
only once the key is fixed.  When the bid file fails validation (BidSchemaError) there is no
BidSpec to price, so this module reads the parts that can be read on their own from the file
as parsed: each items entry that is a valid entry by itself, the lead, the consortium and
member markups, and the names of the bundles.  It checks them against the loaded catalogues
with the very rules and words pricing uses (expand.py, engine.py), and never prices anything.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bidkit.bid.loader import item_lists
from bidkit.bid.model import ItemSpec
from bidkit.bid.yamlsource import Path_, SourceMap
from bidkit.catalogue.contract.model import Catalogue
from bidkit.errors import Problem
from bidkit.pricing.engine import named_member_problem
from bidkit.pricing.expand import bundle_problem, component_problem, member_problem


def reference_problems(
    data: dict[str, Any], source: SourceMap, catalogues: dict[str, Catalogue]
) -> list[Problem]:
    """Every reference of the readable parts of ``data`` that names nothing, at its place."""
    problems = []
    for path, member, is_value in _named_members(data):
        problem = named_member_problem(member, catalogues)
        if problem is not None:
            problems.append(Problem(problem, source.at(path) if is_value else source.at(path, key=True)))
    bundles = data.get("bundles")
    names = [name for name in bundles if isinstance(name, str)] if isinstance(bundles, dict) else None
    for path, items in item_lists(data):
        problems += _entry_problems(path, items, names, source, catalogues)
    return problems


def _entry_problems(
    path: Path_, items: list[Any], bundles: list[str] | None, source: SourceMap,
    catalogues: dict[str, Catalogue],
) -> list[Problem]:  # fmt: skip
    """The reference problems of one items list: only of entries that are valid by themselves."""
    problems = []
    for j, entry in enumerate(items):
        try:
            item = ItemSpec.model_validate(entry)
        except ValidationError:
            continue  # its own mistakes are reported by the bid's validation
        if item.kind == "item":
            assert item.item is not None
            found, key = component_problem(item.item, catalogues), "item"
        elif item.kind == "bundle":
            assert item.bundle is not None
            found, key = (bundle_problem(item.bundle, bundles) if bundles is not None else None), "bundle"
        else:
            found, key = member_problem(str(item.member), catalogues), "member"
        if found is not None:
            problems.append(Problem(found, source.at((*path, "items", j, key))))
    return problems


def _named_members(data: dict[str, Any]) -> list[tuple[Path_, str, bool]]:
    """The lead, consortium members and member markups, as pricing checks them: (path, member, is a value)."""
    named: list[tuple[Path_, str, bool]] = []
    if isinstance(data.get("lead"), str):
        named.append((("lead",), data["lead"], True))
    consortium = data.get("consortium")
    if isinstance(consortium, dict):
        named += [(("consortium", m), m, False) for m in consortium if isinstance(m, str)]
    pricing = data.get("pricing")
    by_member = pricing.get("markup_by_member") if isinstance(pricing, dict) else None
    if isinstance(by_member, dict):
        named += [(("pricing", "markup_by_member", m), m, False) for m in by_member if isinstance(m, str)]
    return named
