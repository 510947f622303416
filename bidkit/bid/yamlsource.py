"""Reading bid YAML into plain data plus a map of where every key and value was written.

The file is read as a stream of parse events from libyaml (PyYAML's C parser),
and this module turns the events into plain data itself.  That keeps the line
and column of every key and value (so each error reads ``bid.yaml:12:5: ...``),
keeps a big bid quick to read (libyaml does the scanning, not Python), and
puts every choice about values here, in YAML 1.2's terms:

* ``true``/``false`` are booleans; ``no``, ``NO``, ``yes``, ``on`` stay text;
* numbers with a decimal point become :class:`~decimal.Decimal` from their
  exact text (``12.50`` stays 12.50, never a float);
* an integer with a leading zero (``0123``) is refused instead of guessed;
* a key written twice is an error naming both lines;
* only plain YAML is accepted: any explicit tag (``!!python/object``) is an error;
* anchors, aliases and ``<<`` merge keys work, but aliases may not expand to
  more than a million values (a "billion laughs" file is refused, not expanded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bidkit.errors import BidError, Location, Problem
from bidkit.files import FileRefused, read_limited

Path_ = tuple[str | int, ...]

MAX_VALUES = 1_000_000  # values a document may hold once its aliases are expanded
MAX_DEPTH = 200  # nesting of mappings and lists
MAX_BID_FILE = 4 << 20  # bytes: the 10,120-line benchmark bid is 360 KB (docs/bid-format.md, "Limits")

_LEADING_ZERO = re.compile(r"^[+-]?0[0-9_]+$")
# YAML 1.2 core schema, as the previous (ruamel.yaml) reader resolved plain scalars.
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_DATETIME = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?"
    r"(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$"
)
_MAYBE_TYPED = frozenset("-+0123456789.~nNtTfF")
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _ValueError(Exception):
    """A scalar bidkit will not read; the message says why."""


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


def read_text(path: Path, label: str) -> str:
    """A YAML file's text, or BidError when it is missing, not a regular file, too large or not UTF-8.

    A FIFO or ``/dev/zero`` given as a bid (``bidkit diff /dev/zero``) is refused without
    being read, and no more than :data:`MAX_BID_FILE` bytes are ever read.
    """
    try:
        data = read_limited(path, MAX_BID_FILE, "a bid file")
    except FileNotFoundError:
        raise BidError("file not found", Location(label)) from None
    except FileRefused as exc:
        raise BidError(str(exc), Location(label)) from None
    except OSError as exc:  # a loop of links, no permission, a name too long
        raise BidError(f"cannot read the file: {exc.strerror or exc}", Location(label)) from None
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    except UnicodeDecodeError as exc:
        raise BidError(f"the file is not UTF-8 text (byte {exc.start})", Location(label)) from None


def parse_yaml(text: str, label: str) -> tuple[Any, SourceMap]:
    import yaml

    builder = _Builder(_parser(text), label)
    try:
        data = builder.document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(label, mark.line + 1, mark.column + 1) if mark else Location(label)
        raise BidError(f"YAML syntax: {exc.problem or exc.context}", where) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at its line and column
        raise _unacceptable(exc, text, label) from None
    except yaml.YAMLError as exc:
        raise BidError(f"YAML syntax: {exc}", Location(label)) from None
    finally:
        builder.close()
    if builder.problems:
        raise BidError(sorted(builder.problems, key=_line_order))
    return data, builder.source


def _parser(text: str) -> Any:
    """PyYAML's event parser over ``text``: libyaml's when the wheel has it."""
    import yaml

    loader = getattr(yaml, "CBaseLoader", None) or yaml.BaseLoader
    return loader(text)


def _dispose(parser: Any) -> None:
    """Free what libyaml's parser holds (the pure-Python one has nothing to free)."""
    dispose = getattr(parser, "dispose", None)
    if dispose is not None:
        dispose()


def _unacceptable(exc: Any, text: str, label: str) -> BidError:
    """One line for a control character typed into the file, instead of libyaml's two."""
    pos = exc.position
    line = text.count("\n", 0, pos) + 1
    where = Location(label, line, pos - text.rfind("\n", 0, pos))
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    message = f"YAML syntax: the control character U+{code:04X} is not allowed in a bid file; delete it"
    return BidError(message, where)


def _line_order(problem: Problem) -> tuple[int, int]:
    where = problem.location
    return (where.line or 0, where.column or 0) if where else (0, 0)


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    """Plain data from parse events, recording the place of every key and value on the way."""

    def __init__(self, parser: Any, label: str):
        import yaml

        self.yaml = yaml
        self.parser = parser
        self._next = parser.get_event  # called for every event: no method of ours in between
        self.source = SourceMap(label)
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, values it holds)
        self.total = 0

    def close(self) -> None:
        _dispose(self.parser)

    def document(self) -> Any:
        """The stream's one document (None when it is empty)."""
        events = self.yaml.events
        self._next()  # stream start
        event = self._next()
        if isinstance(event, events.StreamEndEvent):
            return None
        data, _ = self.value(self._next(), (), 0)
        self._next()  # document end
        event = self._next()
        if isinstance(event, events.DocumentStartEvent):
            self.error("a bid file holds one YAML document; remove the '---' line", _mark(event))
        return data

    def error(self, message: str, where: tuple[int, int]) -> None:
        self.problems.append(Problem(message, Location(self.source.file, *where)))

    def value(self, event: Any, path: Path_, depth: int) -> tuple[Any, int]:
        """One node's value and how many values it holds (aliases counted in full)."""
        events = self.yaml.events
        if isinstance(event, events.AliasEvent):
            return self.alias(event)
        if depth > MAX_DEPTH:
            raise BidError(
                f"nested more than {MAX_DEPTH} levels deep", Location(self.source.file, *_mark(event))
            )
        if isinstance(event, events.ScalarEvent):
            result = (self.scalar(event), 1)
        elif isinstance(event, events.SequenceStartEvent):
            self.collection_tag(event)
            result = self.sequence(path, depth)
        else:
            self.collection_tag(event)
            result = self.mapping(path, depth)
        self.total += 1
        if event.anchor is not None:
            self.anchors[event.anchor] = result
        return result

    def alias(self, event: Any) -> tuple[Any, int]:
        if event.anchor not in self.anchors:
            self.error(f"alias '*{event.anchor}' names no anchor '&{event.anchor}' above it", _mark(event))
            return None, 1
        data, size = self.anchors[event.anchor]
        self.total += size
        if self.total > MAX_VALUES:
            raise BidError(
                f"aliases expand the file to more than {MAX_VALUES:,} values; write the values out",
                Location(self.source.file, *_mark(event)),
            )
        return data, size

    def collection_tag(self, event: Any) -> None:
        if event.tag is not None and event.tag not in _COLLECTION_TAGS:
            self.error(f"YAML tag '{event.tag}' is not allowed in a bid file", _mark(event))

    def scalar(self, event: Any) -> Any:
        if event.tag is not None:
            self.error(f"YAML tag '{event.tag}' is not allowed in a bid file", _mark(event))
            return None
        if event.style:  # quoted, literal or folded: always text
            return event.value
        try:
            return resolve(event.value)
        except _ValueError as exc:
            self.error(str(exc), _mark(event))
            return None

    def sequence(self, path: Path_, depth: int) -> tuple[list[Any], int]:
        end = self.yaml.events.SequenceEndEvent
        items: list[Any] = []
        size = 1
        values = self.source.values
        event = self._next()
        while not isinstance(event, end):
            child = (*path, len(items))
            values[child] = _mark(event)
            item, count = self.value(event, child, depth + 1)
            items.append(item)
            size += count
            event = self._next()
        return items, size

    def mapping(self, path: Path_, depth: int) -> tuple[dict[str, Any], int]:
        events = self.yaml.events
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        merges: list[tuple[Any, tuple[int, int]]] = []
        size = 1
        event = self._next()
        while not isinstance(event, events.MappingEndEvent):
            where = _mark(event)
            name = self.key(event)
            value_event = self._next()
            if name is None:  # not usable as a key; reported
                self.value(value_event, (*path, "?"), depth + 1)
            elif name == "<<" and not event.style:
                merges.append((self.value(value_event, path, depth + 1)[0], _mark(value_event)))
            elif name in first:
                self.error(
                    f"key '{name}' is written twice in the same block (first at line {first[name]}); "
                    "the second would silently replace the first",
                    where,
                )
                self.value(value_event, (*path, name), depth + 1)
            else:
                child = (*path, name)
                first[name] = where[0]
                self.source.keys[child] = where
                self.source.values[child] = _mark(value_event)
                out[name], count = self.value(value_event, child, depth + 1)
                size += count
            event = self._next()
        for merged, where in merges:
            size += self.merge(out, merged, where)
        return out, size

    def key(self, event: Any) -> str | None:
        """A mapping key as text, as YAML 1.2 reads it (``1`` -> "1", ``true`` -> "True")."""
        if not isinstance(event, self.yaml.events.ScalarEvent):
            self.error("a key must be plain text, not a list, a block or an alias", _mark(event))
            if not isinstance(event, self.yaml.events.AliasEvent):
                self.skip()
            return None
        return str(self.scalar(event))

    def skip(self) -> None:
        """Skip the rest of a collection whose start event was just read."""
        events = self.yaml.events
        depth = 1
        while depth:
            event = self._next()
            if isinstance(event, events.SequenceStartEvent | events.MappingStartEvent):
                depth += 1
            elif isinstance(event, events.SequenceEndEvent | events.MappingEndEvent):
                depth -= 1

    def merge(self, out: dict[str, Any], merged: Any, where: tuple[int, int]) -> int:
        """``<<: *base`` (or a list of them): keys written in the mapping itself win."""
        sources = merged if isinstance(merged, list) else [merged]
        added = 0
        for source in sources:
            if not isinstance(source, dict):
                self.error("'<<' merges a block of 'key: value' lines, e.g. <<: *defaults", where)
                continue
            for name, value in source.items():
                if name not in out:
                    out[name] = value
                    added += 1
        return added


def resolve(text: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it, numbers as exact decimals."""
    if text and text[0] not in _MAYBE_TYPED:
        return text
    if text.isdigit() and text.isascii() and len(text) < 19 and (text[0] != "0" or len(text) == 1):
        return int(text)  # the common case of _integer: a plain whole number (qty: 3)
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return _integer(text)
    if _FLOAT.match(text):
        return _decimal(text)
    if text[0].isdigit():
        return _timestamp(text)
    return text


def _integer(text: str) -> int:
    if _LEADING_ZERO.match(text):
        raise _ValueError(
            f"{text} has a leading zero, which YAML reads as the number {int(text.replace('_', ''))}; "
            f"put it in quotes ('{text}') if it is a code, or drop the zero"
        )
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    try:
        for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
            if digits.startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits)
    except ValueError:  # more digits than Python turns into a number (4,300)
        count = len(digits)
        raise _ValueError(f"a number of {count} digits is too long to be a quantity or a price") from None


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise _ValueError(f"'{text}' is not a number bidkit can use") from None
    if not number.is_finite():
        raise _ValueError(f"'{text}' is not a finite number")
    return number


def _timestamp(text: str) -> Any:
    try:
        if found := _DATE.match(text):
            return date(*(int(part) for part in found.groups()))
        if found := _DATETIME.match(text):
            return _datetime(found)
    except ValueError:
        raise _ValueError(f"'{text}' is not a valid date (YYYY-MM-DD)") from None
    return text


def _datetime(found: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz = None
    if zone == "Z":
        tz = UTC
    elif zone:
        hours, _, minutes = zone[1:].partition(":")
        offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
        tz = timezone(-offset if zone[0] == "-" else offset)
    parts = (int(year), int(month), int(day), int(hour), int(minute), int(second), micro)
    return datetime(*parts, tzinfo=tz)
