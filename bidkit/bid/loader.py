"""Bid YAML file -> validated :class:`BidSpec`, with every problem reported at its line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bidkit.bid.model import MAX_LINES, BidSpec, ItemSpec, shown_number, shown_text
from bidkit.bid.yamlsource import Path_, SourceMap, parse_yaml, read_text
from bidkit.errors import BidError, Location, Problem


class BidSchemaError(BidError):
    """The bid file does not fit the format.

    It carries the file as read (``data``, ``source``), so the references of the parts that did
    fit (items, the lead, bundles) can be checked in the same run (bidkit/pricing/references.py).
    """

    def __init__(self, problems: list[Problem], data: dict[str, Any], source: SourceMap):
        super().__init__(problems)
        self.data = data
        self.source = source


@dataclass(frozen=True)
class Bid:
    """A validated bid and where it came from (for relative paths and error locations)."""

    spec: BidSpec
    path: Path
    # Each item's YAML path and its "line:col", by the item's identity: items are many, and
    # a private attribute on the pydantic model cost more to set and read than this lookup.
    item_paths: dict[int, Path_] = field(repr=False, compare=False)
    item_places: dict[int, str] = field(repr=False, compare=False)
    source: SourceMap = field(repr=False, compare=False)  # where every key and value was written

    @property
    def folder(self) -> Path:
        return self.path.parent

    def at(self, path: Path_) -> Location:
        return self.source.at(path)

    def item_path(self, item: ItemSpec) -> Path_:
        """Where ``item`` was written: ``("sections", 0, "items", 3)``."""
        return self.item_paths[id(item)]

    def item_place(self, item: ItemSpec) -> str:
        """Where ``item`` was written as ``line:col`` (its nearest parent's, if it came by an alias)."""
        return self.item_places[id(item)]

    def resolve(self, relative: str) -> Path:
        return (self.folder / relative).resolve()


def load_bid(path: Path | str, display: str | None = None) -> Bid:
    """Read and validate a bid file; raises BidError listing every problem found."""
    path = Path(path)
    label = display or str(path)
    return parse_bid(read_text(path, label), path, label)


def parse_bid(text: str, path: Path, label: str) -> Bid:
    """Validate a bid file's text (read from ``path``, shown as ``label``)."""
    data, source = parse_yaml(text, label)
    if not isinstance(data, dict):
        raise BidError("a bid file must be a YAML mapping (key: value lines)", Location(label, 1, 1))
    _count_entries(data, source)
    try:
        spec = BidSpec.model_validate(data)
    except ValidationError as exc:
        raise BidSchemaError(_problems(exc, source), data, source) from None
    items = _items(spec)
    return Bid(
        spec=spec,
        path=path.resolve(),
        item_paths={id(item): item_path for item, item_path in items},
        item_places={id(item): _place(source, item_path) for item, item_path in items},
        source=source,
    )


def _count_entries(data: dict[str, Any], source: SourceMap) -> None:
    """Refuse, before validating them one by one, more item entries than a bid may price."""
    counted = item_lists(data)
    total = sum(len(items) for _, items in counted)
    if total <= MAX_LINES:
        return
    seen = 0
    for path, items in counted:
        if seen + len(items) > MAX_LINES:
            where = source.at((*path, "items", MAX_LINES - seen))
            raise BidError(f"the bid holds {total:,} item entries (sections, options and bundles), more "
                           f"than the {MAX_LINES:,} lines bidkit prices; split the bid", where)  # fmt: skip
        seen += len(items)


def item_lists(data: dict[str, Any]) -> list[tuple[Path_, list[Any]]]:
    """Each ``items:`` list of the bid file as parsed (bundles, sections, options), with its group's path."""
    groups: list[tuple[Path_, Any]] = []
    bundles = data.get("bundles")
    if isinstance(bundles, dict):
        groups += [(("bundles", name), b) for name, b in bundles.items()]
    for kind in ("sections", "options"):
        listed = data.get(kind)
        if isinstance(listed, list):
            groups += [((kind, i), group) for i, group in enumerate(listed)]
    return [(path, group["items"]) for path, group in groups
            if isinstance(group, dict) and isinstance(group.get("items"), list)]  # fmt: skip


def _place(source: SourceMap, path: Path_) -> str:
    """``line:col`` of a value: its own place, else (it came by an alias) its nearest parent's."""
    place = source.values.get(path)  # the usual case, without making a Location
    if place is None:
        where = source.at(path)
        return f"{where.line}:{where.column}"
    return f"{place[0]}:{place[1]}"


def _items(spec: BidSpec) -> list[tuple[ItemSpec, Path_]]:
    """Every item of the bid with its YAML path, in the order of the file's lists."""
    groups: list[tuple[Path_, list[ItemSpec]]] = []
    groups += [(("bundles", name), b.items) for name, b in spec.bundles.items()]
    groups += [(("sections", i), s.items) for i, s in enumerate(spec.sections)]
    groups += [(("options", i), o.items) for i, o in enumerate(spec.options)]
    return [(item, (*prefix, "items", j)) for prefix, items in groups for j, item in enumerate(items)]


def _problems(exc: ValidationError, source: SourceMap) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            problems.append(Problem(_unknown_key(loc), source.at(loc, key=True)))
        else:
            problems.append(Problem(f"{_dotted(loc)}: {_message(err)}", source.at(loc)))
    return sorted(
        problems,
        key=lambda p: (p.location.line or 0, p.location.column or 0) if p.location else (0, 0),
    )


def _dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "bid"


def _known_keys(loc: Path_) -> list[str]:
    model: type[BaseModel] | None = BidSpec
    for part in loc[:-1]:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_of(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found:
            return found
    return None


def _unknown_key(loc: Path_) -> str:
    key = str(loc[-1])
    known = _known_keys(loc)
    close = difflib.get_close_matches(key, known, n=1)
    hint = (
        f"; did you mean '{close[0]}'?"
        if close
        else (f"; expected one of: {', '.join(known)}" if known else "")
    )
    return f"unknown key '{key}'{hint}"


_MESSAGES = {
    "missing": "is required",
    "string_type": "expected text; put the value in quotes",
    "int_type": "expected a whole number",
    "dict_type": "expected a block of 'key: value' lines",
    "model_type": "expected a block of 'key: value' lines",
    "list_type": "expected a list ('- ...' lines or [a, b])",
    "date_type": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date without a time",
    "date_from_datetime_parsing": "expected a date written as YYYY-MM-DD",
    "too_short": "must not be empty",
}


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "string_pattern_mismatch":
        if "/" in str(err.get("ctx", {}).get("pattern", "")):
            return (f"{shown_text(err['input'])} is not a catalogue reference; write it as member/sku, "
                    "e.g. pumpco/CP-40")
        return f"{shown_text(err['input'])} may contain only letters, digits, '.', '_' and '-'"
    if kind == "literal_error":
        return f"{shown_text(err['input'])} must be one of {err['ctx']['expected']}"
    if kind in ("less_than_equal", "greater_than", "greater_than_equal"):
        word = {"less_than_equal": "at most", "greater_than": "more than", "greater_than_equal": "at least"}
        bound = next(iter(err.get("ctx", {}).values()), "")
        return f"must be {word[kind]} {bound}, got {shown_number(err['input'])}"
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(err["msg"])
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
