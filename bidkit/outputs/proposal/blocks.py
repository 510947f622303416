"""Text blocks: Markdown files with Jinja tags, rendered with the bid's data.

A block is named by the bid (``summary: texts/summary.md``, a section's
``text:``) or by the template (``{{p block("standard-terms.md") }}``), and can
``{% include %}`` shared blocks.  Names are looked up, in order, relative to
the bid's folder, in its ``texts/`` folder, then in the shipped
``templates/texts/<language>/`` and ``templates/texts/``, so a bid can replace
any shipped block by putting a file of the same name next to it.

Only relative names are looked up, and only files inside the bid's folder or
the shipped templates are read (resources.find_inside): an absolute name,
``..``, a backslash or drive, a NUL, or a symbolic link that leads out is an
error naming the block that asked for it.

A bid value that is not a ``.md`` file name is itself the block's text; no
template or block can include it.

Every failure becomes a :class:`TemplateError` naming the block and line,
``texts/summary.md:3: 'clent' is undefined``, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import BaseLoader, Environment, Template, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError

from bidkit.errors import Location, TemplateError
from bidkit.files import MAX_TEXT_BLOCK, FileRefused, read_limited
from bidkit.outputs.proposal.jinja import environment
from bidkit.outputs.proposal.resources import SHARED_TEXTS, TEMPLATES, RefusedName, find_inside, shown
from bidkit.outputs.proposal.sandbox import Budget
from bidkit.speed.templates import TemplateCache

# What a mistake in a template can raise while it runs, besides Jinja's own errors; the last two
# are the limits a template passed that sandbox.py does not count (Python's recursion limit, memory).
RUNTIME_ERRORS = (JinjaError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError,
                  RecursionError, MemoryError)  # fmt: skip


def is_file_name(value: str) -> bool:
    return "\n" not in value and value.strip().endswith(".md")


class RefusedInclude(JinjaError):
    """An include, import or extends of a name that is not looked up; the message says why.

    Not a TemplateNotFound: ``ignore missing`` and a list of names to try must not pass over it.
    """


class NoFiles(BaseLoader):
    """The Word template's loader: a template reads no files itself, only through block()."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        raise RefusedInclude(f"include '{template}' refused: a Word template includes no files; "
                                       'name a text block with {{p block("name.md") }}')  # fmt: skip


class BlockLoader(BaseLoader):
    """Finds blocks along the search path, by relative names inside the bid's folder or the shipped texts.

    Every name goes through the one check (:func:`resources.find_inside`): no absolute path, no
    '..', no backslash or drive, no NUL, and no symbolic link that leads out of its folder.
    """

    def __init__(self, search: list[tuple[Path, Path]], bid_folder: Path):
        self.search = search
        self.bid_folder = bid_folder
        self.names: dict[str, str] = {}  # filename as Jinja knows it -> as errors show it

    def find(self, name: str) -> Path | None:
        """The block's file, or None; raises RefusedName for a name that may not be looked up."""
        return find_inside(name, self.search)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            path = self.find(template)
        except RefusedName as exc:
            raise RefusedInclude(f"include {exc}") from None
        if path is None:
            raise TemplateNotFound(template)
        filename = str(path)
        self.names[filename] = shown(path, self.bid_folder)
        try:
            data = read_limited(path, MAX_TEXT_BLOCK, "a text block")
            source = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except FileRefused as exc:
            raise TemplateError(str(exc), Location(self.names[filename])) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(
                f"cannot read the text block: {exc}", Location(self.names[filename])
            ) from None
        return source, filename, lambda: False


def _frame_location(tb: TracebackType | None, names: dict[str, str]) -> Location | None:
    """The innermost template line in a traceback (Jinja rewrites frames to template lines)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in names:
            found = Location(names[filename], tb.tb_lineno)
        tb = tb.tb_next
    return found


def error_message(exc: BaseException) -> str:
    if isinstance(exc, TemplateNotFound):
        return f"cannot include '{exc.name}': no such text block"
    if isinstance(exc, RecursionError):
        return "nested deeper than Python's recursion limit; does a macro call itself?"
    if isinstance(exc, MemoryError):
        return "ran out of memory while rendering (the process's memory limit)"
    if isinstance(exc, JinjaError):
        return str(exc.message or type(exc).__name__)
    return f"{type(exc).__name__}: {exc}"


class TextBlocks:
    """Renders a bid's text blocks to Markdown text, in the bid's language."""

    def __init__(
        self, bid_folder: Path, language: str, currency: str, data: dict[str, Any],
        cache: TemplateCache | None = None, budget: Budget | None = None,
    ):  # fmt: skip
        search = [(bid_folder, bid_folder), (bid_folder / "texts", bid_folder),
                  (SHARED_TEXTS / language, TEMPLATES), (SHARED_TEXTS, TEMPLATES)]  # fmt: skip
        self.loader = BlockLoader(search, bid_folder)
        self.env = environment(language, currency, self.loader, cache, budget)
        self.data = data

    def render(self, ref: str, label: str) -> str:
        """Render the block a bid value names (a ``.md`` file) or holds (inline text)."""
        if not is_file_name(ref):
            filename = f"<{label}>"  # never a name the loader serves: an inline block cannot be included
            self.loader.names[filename] = label
            return self._render(lambda: self.env.from_source(ref, filename), label)
        name = ref.strip()
        try:
            found = self.loader.find(name)
        except RefusedName as exc:
            raise TemplateError(f"text block {exc}", Location(label)) from None
        if found is None:
            where = ", ".join(shown(p, self.loader.bid_folder) for p, _ in self.loader.search)
            raise TemplateError(f"text block '{name}' not found (looked in {where})", Location(label))
        return self._render(lambda: self.env.get_template(name), name)

    def _render(self, load: Callable[[], Template], name: str) -> str:
        names = self.loader.names
        try:
            return load().render(self.data)
        except TemplateSyntaxError as exc:
            where = Location(names.get(exc.filename or "", exc.filename or name), exc.lineno)
            raise TemplateError(error_message(exc), where) from None
        except TemplateError:
            raise
        except RUNTIME_ERRORS as exc:
            where = _frame_location(exc.__traceback__, names) or Location(names.get(name, name))
            raise TemplateError(error_message(exc), where) from None
