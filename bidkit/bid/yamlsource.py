"""Reading bid YAML into plain data plus a map of where every key and value was written.

ruamel.yaml is used (not PyYAML) because it keeps line and column for every
node, which is what lets each error read ``bid.yaml:12:5: ...``.  On top of it:

* numbers with a decimal point become :class:`~decimal.Decimal` from their
  exact text (``12.50`` stays 12.50, never a float);
* an integer with a leading zero (``0123``) is refused instead of guessed;
* a key written twice is an error naming both lines;
* only plain YAML is accepted: any explicit tag (``!!python/object``) is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bidkit.errors import BidError, Location, Problem

Path_ = tuple[str | int, ...]

_LEADING_ZERO = re.compile(r"^[+-]?0[0-9_]+$")


class _YamlValueError(Exception):
    def __init__(self, message: str, node: Any):
        super().__init__(message)
        self.node = node


@dataclass
class SourceMap:
    """Where each path of the document was written (1-based line and column)."""

    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_, key: bool = False) -> Location:
        """The closest known place for ``path``: itself, else its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col)
            if not key and probe in self.keys:
                line, col = self.keys[probe]
                return Location(self.file, line, col)
            probe = probe[:-1]
        return Location(self.file, 1, 1)


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_float(self, node: Any) -> Any:
            text = str(node.value).replace("_", "")
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise _YamlValueError(f"'{node.value}' is not a number bidkit can use", node) from None
            if not number.is_finite():
                raise _YamlValueError(f"'{node.value}' is not a finite number", node)
            return number

        def construct_yaml_int(self, node: Any) -> Any:
            if _LEADING_ZERO.match(str(node.value)):
                raise _YamlValueError(
                    f"{node.value} has a leading zero, which YAML reads as the number "
                    f"{int(str(node.value).replace('_', ''))}; put it in quotes ('{node.value}') "
                    "if it is a code, or drop the zero",
                    node,
                )
            return super().construct_yaml_int(node)

    Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_yaml_float)
    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    yaml = YAML(typ="rt")
    yaml.Constructor = Constructor
    return yaml


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    """Parse a YAML file into plain Python data and its source map, or raise BidError."""
    label = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BidError("file not found", Location(label)) from None
    except UnicodeDecodeError as exc:
        raise BidError(f"the file is not UTF-8 text (byte {exc.start})", Location(label)) from None
    return parse_yaml(text, label)


def parse_yaml(text: str, label: str) -> tuple[Any, SourceMap]:
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError

    try:
        tree = _yaml().load(text)
    except _YamlValueError as exc:
        mark = exc.node.start_mark
        raise BidError(str(exc), Location(label, mark.line + 1, mark.column + 1)) from None
    except DuplicateKeyError:
        raise BidError(_duplicate_keys(_yaml(), text, label)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(label, mark.line + 1, mark.column + 1) if mark else Location(label)
        raise BidError(f"YAML syntax: {exc.problem or exc.context}", where) from None
    source = SourceMap(label)
    problems: list[Problem] = []
    data = _plain(tree, (), source, problems)
    if problems:
        raise BidError(problems)
    return data, source


def _duplicate_keys(yaml: Any, text: str, label: str) -> list[Problem]:
    """Keys written twice in one mapping, each with both of its lines (from the node tree)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    problems: list[Problem] = []
    stack = [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            first: dict[str, Any] = {}
            for key, value in node.value:
                name = str(key.value)
                if name in first:
                    mark = key.start_mark
                    problems.append(
                        Problem(
                            f"key '{name}' is written twice in the same block (first at line "
                            f"{first[name].line + 1}); the second would silently replace the first",
                            Location(label, mark.line + 1, mark.column + 1),
                        )
                    )
                else:
                    first[name] = key.start_mark
                stack.append(value)
    return sorted(problems, key=lambda p: (p.location.line or 0) if p.location else 0)


def _plain(node: Any, path: Path_, source: SourceMap, problems: list[Problem]) -> Any:
    """Convert ruamel's round-trip nodes to plain data, recording positions on the way."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

    if isinstance(node, TaggedScalar) or _custom_tag(node):
        tag = node.tag.value if hasattr(node, "tag") else "?"
        problems.append(Problem(f"YAML tag '{tag}' is not allowed in a bid file", source.at(path)))
        return None
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            line, col = node.lc.key(key)
            vline, vcol = node.lc.value(key)
            child = (*path, str(key))
            source.keys[child] = (line + 1, col + 1)
            source.values[child] = (vline + 1, vcol + 1)
            out[str(key)] = _plain(value, child, source, problems)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            line, col = node.lc.item(i)
            source.values[(*path, i)] = (line + 1, col + 1)
            items.append(_plain(value, (*path, i), source, problems))
        return items
    return _scalar(node)


_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def _custom_tag(node: Any) -> bool:
    """True for any explicit tag beyond plain YAML's (``!!python/...``, ``!foo``)."""
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None)
    return bool(value) and str(value) not in _SAFE_TAGS


def _scalar(node: Any) -> Any:
    if isinstance(node, bool) or node is None or isinstance(node, Decimal):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node
