"""Limits on the work a proposal template or text block can ask for.

Jinja's sandbox stops a template from reaching Python's internals, but not from
asking for unbounded work: two nested loops over ``range(100000)``, ``'x' * 10**9``,
a macro that calls itself, a block that includes itself.  A template comes from
anyone, so every rendering here is held to the limits below; each one that is
passed ends the build with one line naming the template or block and the limit
(docs/security.md lists them).  They are far above what a real proposal needs: the
shipped template renders a 10,000-line bid with a few thousand loop iterations.

How each is enforced:

* loop iterations: every ``{% for %}`` (docxtpl's ``{%tr for %}`` and ``{%p for %}``
  included) iterates through a counter, put in by rewriting the parsed template, and
  all loops of one proposal (the Word template and its text blocks) share one count;
* ``range()`` is Jinja's sandbox limit, with a message that names it;
* ``*``, ``+``, ``**`` and ``%`` are intercepted (the sandbox's ``intercepted_binops``),
  ``~`` is rewritten into a checked join: a text or list they would make longer than
  ``MAX_SEQUENCE``, or a whole number of more than ``MAX_INT_BITS`` bits, is refused
  before it is made;
* what a filter or a call returns is measured, and the padding methods and ``lipsum``
  are refused sizes past ``MAX_SEQUENCE`` before they run;
* calls to macros (and ``caller()``, and recursive loops) are counted while they run;
  includes, imports and ``extends`` are counted by the templates rendering on the stack;
* the rendered text is counted as it is joined: per text block, and for the Word
  template's parts together.

Python's own recursion limit and running out of memory are reported the same way,
as a last line of defence.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import wraps
from typing import Any

from jinja2 import nodes, pass_environment, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

MAX_LOOP_ITERATIONS = 1_000_000  # all {% for %} loops of one proposal together
MAX_RANGE = 100_000  # numbers in one range()
MAX_SEQUENCE = 10_000_000  # characters of a text, or items of a list, made by an operator, filter or call
MAX_INT_BITS = 100_000  # a whole number made by * or ** (about 30,000 digits)
MAX_BLOCK_OUTPUT = 2_000_000  # characters of one rendered text block
MAX_DOCUMENT_OUTPUT = 50_000_000  # characters of the rendered Word template, all its parts
MAX_INCLUDE_DEPTH = 10  # blocks including blocks (include, import, extends)
MAX_CALL_DEPTH = 50  # macros calling macros, recursive loops
MAX_LIPSUM = 1000  # paragraphs, and words in one, of lipsum()

LOOP_FILTER = "bidkit loop"  # not an identifier: no template can name these filters
CONCAT_FILTER = "bidkit concat"
_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


class LimitExceeded(SecurityError):
    """A template asked for more work than the limits allow."""


class Budget:
    """What is left of the limits shared by one proposal's renderings."""

    def __init__(self) -> None:
        self.loops_left = MAX_LOOP_ITERATIONS
        self.document_left = MAX_DOCUMENT_OUTPUT
        self.call_depth = 0


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_SEQUENCE:
        raise LimitExceeded(f"{what} made {_size(value):,} characters or items; "
                            f"the limit is {MAX_SEQUENCE:,}")  # fmt: skip
    return value


def _int_bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it is made, a result past MAX_SEQUENCE or MAX_INT_BITS."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if _size(seq) and isinstance(times, int) and _size(seq) * times > MAX_SEQUENCE:
                raise LimitExceeded(f"'*' would make {_size(seq) * times:,} characters or items; "
                                    f"the limit is {MAX_SEQUENCE:,}")  # fmt: skip
        if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
            raise LimitExceeded(f"'*' would make a number of more than {MAX_INT_BITS:,} bits (the limit)")
    elif operator == "+":
        if _size(left) + _size(right) > MAX_SEQUENCE:
            raise LimitExceeded(f"'+' would make {_size(left) + _size(right):,} characters or items; "
                                f"the limit is {MAX_SEQUENCE:,}")  # fmt: skip
    elif operator == "**" and _int_bits(left) > 1 and isinstance(right, int) and right > 0:  # noqa: SIM102
        if _int_bits(left) * right > MAX_INT_BITS:
            raise LimitExceeded(f"'**' would make a number of more than {MAX_INT_BITS:,} bits (the limit)")


def bounded_range(*args: int) -> range:
    """``range()`` in a template: at most MAX_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitExceeded(f"range() of {len(numbers):,} numbers; the limit is {MAX_RANGE:,}")
    return numbers


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """``lipsum()`` in a template: at most MAX_LIPSUM paragraphs of at most MAX_LIPSUM words."""
    if not all(0 <= value <= MAX_LIPSUM for value in (n, min, max)):
        raise LimitExceeded(f"lipsum() of more than {MAX_LIPSUM:,} paragraphs or words; that is the limit")
    return str(generate_lorem_ipsum(n, html, min, max))


@pass_environment
def _counted(env: BoundedSandbox, iterable: Iterable[Any]) -> Iterator[Any]:
    """What every ``{% for %}`` iterates: its iterable, each step counted against the budget."""
    budget = env.budget
    for item in iterable:
        budget.loops_left -= 1
        if budget.loops_left < 0:
            raise LimitExceeded(f"more than {MAX_LOOP_ITERATIONS:,} loop iterations in one proposal "
                                "(the limit)")  # fmt: skip
        yield item


@pass_eval_context
def _concat(eval_ctx: EvalContext, items: list[Any]) -> str:
    """``a ~ b``: Jinja's own join, its length checked first."""
    total = sum(len(str(item)) for item in items)
    if total > MAX_SEQUENCE:
        raise LimitExceeded(f"'~' would make {total:,} characters; the limit is {MAX_SEQUENCE:,}")
    return str(markup_join(items) if eval_ctx.autoescape else str_join(items))


def _include_depth(env: BoundedSandbox) -> int:
    """How many of env's templates are rendering on the stack (each include adds one)."""
    depth, frame = 0, sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "root" and frame.f_globals.get("environment") is env:
            depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the limits above.

    ``document`` says whether this environment renders the Word template (its output counts
    against the document's limit) or text blocks (each counted against the block limit).
    """

    intercepted_binops = frozenset({"*", "+", "**", "%"})
    budget: Budget
    document = False

    def setup_limits(self, budget: Budget | None, document: bool) -> None:
        self.budget = budget or Budget()
        self.document = document
        self.globals["range"] = bounded_range
        self.globals["lipsum"] = bounded_lipsum
        self.filters[LOOP_FILTER] = _counted
        self.filters[CONCAT_FILTER] = _concat
        for name, func in list(self.filters.items()):
            if name not in (LOOP_FILTER, CONCAT_FILTER):
                self.filters[name] = _measured(name, func)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The parsed template with every loop counted and every ``~`` checked."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
        for node in list(tree.find_all(nodes.Concat)):
            items = nodes.List(list(node.nodes), lineno=node.lineno)
            replacement = nodes.Filter(items, CONCAT_FILTER, [], [], None, None, lineno=node.lineno)
            _replace(tree, node, replacement)
        return tree

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return check_size(result, f"'{operator}'") if operator == "%" else result

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(obj, Macro | LoopContext):
            budget = self.budget
            if budget.call_depth >= MAX_CALL_DEPTH:
                raise LimitExceeded(f"macro calls nested more than {MAX_CALL_DEPTH} deep (the limit); "
                                    "does a macro call itself?")  # fmt: skip
            budget.call_depth += 1
            try:
                return super().call(context, obj, *args, **kwargs)
            finally:
                budget.call_depth -= 1
        if getattr(obj, "__name__", "") in _PADDING and isinstance(getattr(obj, "__self__", None), str):
            for arg in (*args, *kwargs.values()):
                if isinstance(arg, int) and arg > MAX_SEQUENCE:
                    raise LimitExceeded(f"{obj.__name__}({arg:,}); the limit is {MAX_SEQUENCE:,}")
        result = super().call(context, obj, *args, **kwargs)
        return check_size(result, f"{getattr(obj, '__name__', 'a call')}()")

    def get_template(self, name: Any, parent: Any = None, globals: Any = None) -> Any:
        if _include_depth(self) >= MAX_INCLUDE_DEPTH:
            raise LimitExceeded(f"blocks include blocks more than {MAX_INCLUDE_DEPTH} deep (the limit); "
                                "does a block include itself?")  # fmt: skip
        return super().get_template(name, parent, globals)

    def concat(self, events: Iterable[str]) -> str:
        """The rendered text, joined while it is counted (Template.render joins with this)."""
        limit = self.budget.document_left if self.document else MAX_BLOCK_OUTPUT
        out, size = [], 0
        for event in events:
            size += len(event)
            if size > limit:
                what = "the document" if self.document else "the text block"
                total = MAX_DOCUMENT_OUTPUT if self.document else MAX_BLOCK_OUTPUT
                raise LimitExceeded(f"{what} renders to more than {total:,} characters (the limit)")
            out.append(event)
        if self.document:
            self.budget.document_left -= size
        return "".join(out)


def _replace(tree: nodes.Node, old: nodes.Node, new: nodes.Node) -> None:
    """Put ``new`` where ``old`` is in the tree."""
    for parent in tree.find_all(nodes.Node):
        for field in parent.fields:
            value = getattr(parent, field, None)
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                setattr(parent, field, [new if item is old else item for item in value])
                return


def _measured(name: str, func: Any) -> Any:
    """A filter whose numeric arguments and result are held to MAX_SEQUENCE."""

    @wraps(func)
    def measured(*args: Any, **kwargs: Any) -> Any:
        skip = 1 + (getattr(func, "jinja_pass_arg", None) is not None)  # the context and the value
        for arg in (*args[skip:], *kwargs.values()):
            if isinstance(arg, int | Decimal) and not isinstance(arg, bool) and arg > MAX_SEQUENCE:
                raise LimitExceeded(f"the filter '{name}' was given {arg:,}; the limit is {MAX_SEQUENCE:,}")
        return check_size(func(*args, **kwargs), f"the filter '{name}'")

    return measured
