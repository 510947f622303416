"""Text blocks: Markdown files with Jinja tags, rendered with the bid's data.

A block is named by the bid (``summary: texts/summary.md``, a section's
``text:``) or by the template (``{{p block("standard-terms.md") }}``), and can
``{% include %}`` shared blocks.  Names are looked up, in order, relative to
the bid's folder, in its ``texts/`` folder, then in the shipped
``templates/texts/<language>/`` and ``templates/texts/``, so a bid can replace
any shipped block by putting a file of the same name next to it.

A bid value that is not a ``.md`` file name is itself the block's text.

Every failure becomes a :class:`TemplateError` naming the block and line,
``texts/summary.md:3: 'clent' is undefined``, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError

from bidkit.errors import Location, TemplateError
from bidkit.files import MAX_TEXT_BLOCK, FileRefused, read_limited
from bidkit.outputs.proposal.jinja import environment
from bidkit.outputs.proposal.resources import SHARED_TEXTS, shown
from bidkit.speed.templates import TemplateCache

INLINE = "inline:"
# What a mistake in a template can raise while it runs, besides Jinja's own errors.
RUNTIME_ERRORS = (JinjaError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError)


def is_file_name(value: str) -> bool:
    return "\n" not in value and value.strip().endswith(".md")


class BlockLoader(BaseLoader):
    """Finds blocks along the search path; also serves a bid's inline blocks by label."""

    def __init__(self, search: list[Path], bid_folder: Path):
        self.search = search
        self.bid_folder = bid_folder
        self.inline: dict[str, str] = {}
        self.names: dict[str, str] = {}  # filename as Jinja knows it -> as errors show it

    def find(self, name: str) -> Path | None:
        for root in self.search:
            path = root / name
            if path.is_file():
                return path
        return None

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(INLINE):
            label = template.removeprefix(INLINE)
            self.names[label] = label
            return self.inline[label], label, lambda: True
        path = self.find(template)
        if path is None:
            raise TemplateNotFound(template)
        filename = str(path.resolve())
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
    if isinstance(exc, JinjaError):
        return str(exc.message or type(exc).__name__)
    return f"{type(exc).__name__}: {exc}"


class TextBlocks:
    """Renders a bid's text blocks to Markdown text, in the bid's language."""

    def __init__(
        self, bid_folder: Path, language: str, currency: str, data: dict[str, Any],
        cache: TemplateCache | None = None,
    ):  # fmt: skip
        search = [bid_folder, bid_folder / "texts", SHARED_TEXTS / language, SHARED_TEXTS]
        self.loader = BlockLoader(search, bid_folder)
        self.env = environment(language, currency, self.loader, cache)
        self.data = data

    def render(self, ref: str, label: str) -> str:
        """Render the block a bid value names (a ``.md`` file) or holds (inline text)."""
        if is_file_name(ref):
            name = ref.strip()
            if self.loader.find(name) is None:
                where = ", ".join(shown(p, self.loader.bid_folder) for p in self.loader.search)
                raise TemplateError(f"text block '{name}' not found (looked in {where})", Location(label))
        else:
            self.loader.inline[label] = ref
            name = INLINE + label
        return self._render(name)

    def _render(self, name: str) -> str:
        try:
            return self.env.get_template(name).render(self.data)
        except TemplateSyntaxError as exc:
            names = self.loader.names
            where = Location(names.get(exc.filename or "", exc.filename or name), exc.lineno)
            raise TemplateError(error_message(exc), where) from None
        except TemplateError:
            raise
        except RUNTIME_ERRORS as exc:
            where = _frame_location(exc.__traceback__, self.loader.names) or Location(name)
            raise TemplateError(error_message(exc), where) from None
