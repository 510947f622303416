"""The Word proposal: the bid's data and text blocks poured into a Word template (docxtpl).

The look (styles, logo, cover, headers and footers) is the template's:
``templates/proposal.docx`` unless the bid names its own (``template:``).
This module only wires things together: the data view (context.py), the text
blocks (blocks.py -> markdown.py), the fixed texts (i18n.py) and the one
sandboxed Jinja environment (jinja.py).  A mistake in the template is reported
as ``templates/proposal.docx: <cause> (in "<the paragraph's text>")``.

Long tables (the component appendix) are not template loops: ``{{p appendix_table }}``
leaves a marker paragraph that is replaced by tables written as text
(wordtables.py) after docxtpl is done, so docxtpl never parses or walks them.
The contents list is filled in from the headings (toc.py), the document's properties and
language set from the bid (finish.py).  The document is saved by docxtpl, its core properties
dated with the bid's date, and
its parts zipped again with fixed entry dates (container.py) so that the same bid and
template always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import io
import re
import secrets
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from lxml.etree import XMLSyntaxError

from bidkit.errors import Location, TemplateError
from bidkit.outputs.container import read_parts, zip_parts
from bidkit.outputs.proposal import context, green, i18n
from bidkit.outputs.proposal.blocks import RUNTIME_ERRORS, NoFiles, TextBlocks, error_message, is_file_name
from bidkit.outputs.proposal.chart import body_font, chart_height_mm, inline_chart
from bidkit.outputs.proposal.finish import finish
from bidkit.outputs.proposal.jinja import country, environment, locale_of, numbers
from bidkit.outputs.proposal.keep import keep_ends_together
from bidkit.outputs.proposal.markdown import Block, DocxWriter
from bidkit.outputs.proposal.resources import DEFAULT_TEMPLATE, RefusedName, find_inside, shown
from bidkit.outputs.proposal.sandbox import Budget
from bidkit.outputs.proposal.toc import fill_contents
from bidkit.outputs.proposal.wordtables import Styles, appendix_xml
from bidkit.pricing.model import PricedBid, PricedOption, PricedSection
from bidkit.speed.templates import TemplateCache

# Text blocks of a section sit under its Heading 2: their '#' is Heading 3.
SECTION_LEVEL = 2
SUMMARY_LEVEL = 1
# The cover letter's text when the bid has no letter: of its own (templates/texts/<language>/).
DEFAULT_LETTER = "cover-letter.md"
CHART_WIDTH_MM = 160  # the shipped template's text width


def template_path(bid: PricedBid, bid_folder: Path) -> Path:
    """The Word template to use: the bid's own, by a relative name inside its folder, or the shipped one."""
    if not bid.template:
        return DEFAULT_TEMPLATE
    try:
        found = find_inside(bid.template, [(bid_folder, bid_folder)])
    except RefusedName as exc:
        raise TemplateError(str(exc), Location("template")) from None
    return found or (bid_folder / bid.template)


def load_template(path: Path, label: str) -> Any:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    from bidkit.catalogue.xlsx.safety import UnsafePackage, check_package, require_xml_defences

    if not path.is_file():
        raise TemplateError("template not found", Location(label))
    require_xml_defences(documents=True)
    tpl = DocxTemplate(path)
    try:
        check_package(path)  # a template can come from anywhere: no zip bomb, no DTD (xlsx/safety.py)
        tpl.init_docx()
        return tpl
    except UnsafePackage as exc:
        raise TemplateError(str(exc), Location(label)) from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, XMLSyntaxError) as exc:
        raise TemplateError(f"not a readable Word document (.docx): {exc}", Location(label)) from None


class Generated:
    """Tables bidkit writes itself, put where a ``{{p name }}`` paragraph stood once docxtpl is done.

    To docxtpl this is one marker paragraph; the marker holds a random token so no
    catalogue text can imitate it.  The XML is made only if the template uses the tag.
    """

    def __init__(self, make: Callable[[], str], present: bool, made: dict[str, str]):
        self.make = make
        self.present = present
        self.made = made
        self.marker = f"bidkit-table-{secrets.token_hex(12)}"

    def __html__(self) -> str:
        if self.marker not in self.made:
            self.made[self.marker] = self.make()
        return f"<w:p><w:r><w:t>{self.marker}</w:t></w:r></w:p>"

    def __bool__(self) -> bool:
        return self.present


class Drawn:
    """A drawing made when a template first prints it (``{{ co2e_chart }}``).

    A template that never shows the chart adds no chart part to the document.
    """

    def __init__(self, make: Callable[[], str]):
        self.make = make

    def __html__(self) -> str:
        return self.make()

    def __bool__(self) -> bool:
        return True


def splice(xml: bytes, made: dict[str, str]) -> bytes:
    """Each marker paragraph replaced by its tables."""
    for marker, tables in made.items():
        at = xml.find(marker.encode())
        if at < 0:
            continue
        start = max(xml.rfind(b"<w:p>", 0, at), xml.rfind(b"<w:p ", 0, at))
        end = xml.find(b"</w:p>", at) + len(b"</w:p>")
        xml = b"".join((xml[:start], tables.encode("utf-8"), xml[end:]))
    return xml


def bid_blocks(bid: PricedBid) -> list[tuple[str, str, str | None, int]]:
    """The text blocks the bid gives its proposal, in order.

    Each is what it is (``summary``, ``section <id>``), its reference, the label its errors point
    at (None: the template's) and its heading level.  The document renders exactly these
    (:meth:`Proposal.context`), and so does the wording an approval covers (wording.py), so the
    two cannot list different blocks.
    """
    found: list[tuple[str, str, str | None, int]] = []
    if bid.summary_text:
        found.append(("summary", bid.summary_text, "summary", SUMMARY_LEVEL))
    own = bid.terms.letter
    found.append(("letter", own or DEFAULT_LETTER, "letter" if own else None, SUMMARY_LEVEL))
    groups: tuple[tuple[str, Sequence[PricedSection | PricedOption]], ...] = (
        ("section", bid.sections), ("option", bid.options),
    )  # fmt: skip
    for kind, members in groups:
        for n, group in enumerate(members):
            if group.text:
                found.append((f"{kind} {group.id}", group.text, f"{kind}s[{n}].text", SECTION_LEVEL))
    return found


class Proposal:
    """One rendering of one bid: the template, its text blocks and the context they share."""

    def __init__(self, bid: PricedBid, bid_folder: Path, cache: TemplateCache | None = None):
        self.bid = bid
        self.cache = cache
        self.path = template_path(bid, bid_folder)
        self.label = shown(self.path, bid_folder) if bid.template else "templates/proposal.docx"
        self.texts = i18n.texts(bid.language)
        self.data = context.data(bid, i18n.units(bid.language, dict(bid.terms.units)))
        self.budget = Budget()  # the limits on a template's work, shared by the template and its blocks
        self.blocks = TextBlocks(bid_folder, bid.language, bid.currency, self.data, cache, self.budget)
        self.tpl = load_template(self.path, self.label)
        self.made: dict[str, str] = {}
        self.charts = 0  # drawn so far

    def block(self, ref: str, level: int = SUMMARY_LEVEL, label: str | None = None) -> Any:
        """A text block rendered into Word paragraphs in the template's styles.

        ``label`` names who asked for it (``summary``, ``sections[0].text``; the
        template by default), for the error when the block does not exist.  The template may
        only name a ``.md`` block: text it passes is never made into template source.
        """
        if label is None and not (isinstance(ref, str) and is_file_name(ref)):
            shown_ref = safe_quote(str(ref))
            raise TemplateError(f"block() takes the name of a .md text block, not text: {shown_ref}",
                                Location(self.label))  # fmt: skip
        markdown = self.blocks.render(ref, label or self.label)
        block = Block(self.tpl.get_docx())
        DocxWriter(block.doc, heading_base=level).write(markdown)
        return block

    def context(self) -> dict[str, Any]:
        made = {key: self.block(ref, level, label) for key, ref, label, level in bid_blocks(self.bid)}

        def with_text(group: context.Group, kind: str) -> context.Group:
            key = f"{kind} {group.id}"
            return dataclasses.replace(group, text=made[key]) if key in made else group

        return {
            **self.data,
            "t": self.texts,
            "summary": made.get("summary"),
            "letter": made["letter"],
            "sections": [with_text(s, "section") for s in self.data["sections"]],
            "options": [with_text(o, "option") for o in self.data["options"]],
            "block": self.block,
            "appendix_table": self._appendix("appendix"),
            "option_appendix_table": self._appendix("option_appendix"),
            "co2e_chart": self._co2e_chart(),
        }

    def _co2e_chart(self) -> Any:
        """The green annex's bar chart, made only if the template places it; None without the annex."""
        annex = self.data["green"]
        if annex is None:
            return None

        def drawing() -> str:
            xml = green.co2e_chart_xml(annex, self.texts["co2e_chart_title"], self.texts["co2e_kg"],
                                       self.bid.language, body_font(self.tpl.get_docx()))  # fmt: skip
            part = self.tpl.current_rendering_part
            self.charts += 1  # a template may show the chart more than once: each drawing its own id
            return inline_chart(part, xml, (CHART_WIDTH_MM, chart_height_mm(len(annex.sections))),
                                self.texts["co2e_chart_title"], part.next_id + self.charts)  # fmt: skip

        return Drawn(drawing)

    def _appendix(self, key: str) -> Generated:
        groups = self.data[key]
        locale = locale_of(self.bid.language)
        ids = {style.name: style.style_id for style in self.tpl.get_docx().styles}
        styles = Styles(
            table=next((ids[n] for n in ("Bidkit Table", "Table Grid") if n in ids), None),
            text=ids.get("Table Text"),
        )

        def make() -> str:
            return appendix_xml(groups, self.texts, numbers(locale), lambda c: country(c, locale), styles)

        return Generated(make, bool(groups), self.made)

    def render(self) -> bytes:
        ctx = self.context()
        bid = self.bid
        env = environment(bid.language, bid.currency, NoFiles(), self.cache, self.budget, document=True)
        try:
            self.tpl.render(ctx, jinja_env=env)
        except TemplateError:
            raise
        except TemplateSyntaxError as exc:
            raise TemplateError(self._message(exc, exc.lineno), Location(self.label)) from None
        except RUNTIME_ERRORS as exc:
            raise TemplateError(self._message(exc, _template_line(exc)), Location(self.label)) from None
        except XMLSyntaxError as exc:
            message = f"its tags produce a broken document ({exc}); check the {{%p}} and {{%tr}} tags"
            raise TemplateError(message, Location(self.label)) from None
        fill_contents(self.tpl.docx)
        keep_ends_together(self.tpl.docx)
        finish(self.tpl.docx, bid, self.texts)
        return self._package()

    def _package(self) -> bytes:
        """The rendered document with the generated tables in place, zipped reproducibly."""
        day = self.bid.date
        stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
        properties = self.tpl.docx.core_properties
        properties.created = properties.modified = stamp
        saved = io.BytesIO()
        self.tpl.save(saved)
        parts = read_parts(saved.getvalue())
        if self.made:
            parts = [(n, splice(body, self.made) if n == "word/document.xml" else body) for n, body in parts]
        return zip_parts(parts)

    def _message(self, exc: BaseException, line: int | None) -> str:
        """The cause, and the text of the template paragraph it is in, so the author can find it."""
        message = error_message(exc)
        where = _paragraph_text(self.tpl, line)
        return f'{message} (in "{where}")' if where else message


def safe_quote(text: str, limit: int = 60) -> str:
    """A value quoted in an error message: one line, control characters shown as U+FFFD, cut at ``limit``."""
    text = re.sub("[\x00-\x1f\x7f-\x9f]", "\ufffd", text)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _template_line(exc: BaseException) -> int | None:
    """The line of docxtpl's generated template source where the error happened."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _paragraph_text(tpl: Any, line: int | None) -> str:
    """Turn the failing line back into its paragraph's text (docxtpl puts each paragraph on a line)."""
    if not line:
        return ""
    part = getattr(tpl, "current_rendering_part", None)
    try:
        xml = tpl.get_xml() if part is None or part is tpl.docx._part else tpl.get_part_xml(part)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml)).splitlines()
    except (AttributeError, TypeError, ValueError):
        return ""
    if not 0 < line <= len(source):
        return ""
    text = re.sub(r"<[^>]+>", "", source[line - 1]).strip()
    return text if len(text) <= 120 else text[:117] + "..."


def render_proposal(bid: PricedBid, bid_folder: Path, cache: TemplateCache | None = None) -> bytes:
    """The proposal as .docx bytes; raises TemplateError naming the template or block at fault.

    Compiled templates are looked up in, and kept in, ``cache`` when one is given.
    """
    return Proposal(bid, bid_folder, cache).render()
