"""The proposal's wording as an approval covers it: what the client reads besides the figures.

An approval (bidkit/review/approval.py) covers the figures and this wording, and nothing else,
so that a new sentence voids it and a comment in the bid file does not.  The wording is:

* ``language``: the bid's language;
* ``fixed_texts``: the SHA-256 of the canonical JSON of that language's fixed texts (headings,
  labels; templates/locale/<language>.po as bidkit reads it);
* ``template``: the Word template as the build shows its name, and the SHA-256 of its bytes
  (its own wording, its layout and the blocks it names);
* ``blocks``: every text block the proposal contains, rendered to Markdown with the bid's data as
  a draft (the approval cannot depend on itself), by where it comes from: ``summary``,
  ``letter`` (the bid's own cover letter or the shipped one), ``section <id>``, ``option <id>``,
  and ``template <name>`` for each block the template's body names as ``block("name.md")``.  A
  block the template names by a computed expression is not found here; its wording is covered
  only as far as the template and the data decide it;
* ``bundles``: each bundle's title, description and contents, which the proposal shows and the
  JSON summary does not hold (its lines name only the bundle's id).

The blocks are rendered here apart from the document, so a change can be named by its block and
the review state is known before the document (which says DRAFT or who approved it) is made.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from bidkit.errors import Location, TemplateError
from bidkit.files import FileRefused, read_limited
from bidkit.money import decimal_text
from bidkit.outputs.proposal import context, i18n
from bidkit.outputs.proposal.blocks import NoFiles, TextBlocks, is_file_name
from bidkit.outputs.proposal.docx import bid_blocks, load_template, template_path
from bidkit.outputs.proposal.jinja import environment
from bidkit.outputs.proposal.resources import shown
from bidkit.outputs.proposal.sandbox import Budget
from bidkit.pricing.model import BundleInfo, PricedBid
from bidkit.speed.templates import TemplateCache

MAX_TEMPLATE = 64 * 1024 * 1024  # read for its digest; load_template has checked it is a sane package


def wording(bid: PricedBid, bid_folder: Path, cache: TemplateCache | None = None) -> dict[str, Any]:
    """The proposal's wording for ``bid`` (module docstring), as plain JSON data.

    Raises :class:`~bidkit.errors.TemplateError` where rendering the proposal would: a missing
    template or block, a mistake in a block.
    """
    draft = dataclasses.replace(bid, draft=True, approval=None)
    path = template_path(bid, bid_folder)
    label = shown(path, bid_folder) if bid.template else "templates/proposal.docx"
    texts = i18n.texts(bid.language)
    tpl = load_template(path, label)
    data = context.data(draft, i18n.units(bid.language, dict(bid.terms.units)))
    blocks = TextBlocks(bid_folder, bid.language, bid.currency, data, cache, Budget())
    rendered = {key: blocks.render(ref, where or label) for key, ref, where, _ in bid_blocks(bid)}
    for name in named_blocks(tpl, bid.language, bid.currency):
        rendered[f"template {name}"] = blocks.render(name, label)
    fixed = json.dumps(dict(texts), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {
        "language": bid.language,
        "fixed_texts": hashlib.sha256(fixed.encode("utf-8")).hexdigest(),
        "template": {"file": label, "sha256": _digest(path, label)},
        "blocks": rendered,
        "bundles": {b.id: _bundle(b) for b in bid.bundles},
    }


def named_blocks(tpl: Any, language: str, currency: str) -> list[str]:
    """The ``.md`` blocks the template's body names by a literal, ``block("name.md")``, in order.

    Names are rendered by :meth:`TextBlocks.render` from the bid's folder and the shipped texts,
    under the same checks as every block.

    A template that does not parse names none: rendering it reports the mistake.
    """
    env = environment(language, currency, NoFiles(), document=True)
    try:
        tree = env.parse(tpl.patch_xml(tpl.get_xml()))
    except TemplateSyntaxError:
        return []
    names: list[str] = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "block" and call.args:
            first = call.args[0]
            name = first.value if isinstance(first, nodes.Const) else None
            # Only a .md name is a block; other text is refused when the document renders (docx.py),
            # and is never made template source here.
            if isinstance(name, str) and is_file_name(name) and name not in names:
                names.append(name)
    return names


def _bundle(bundle: BundleInfo) -> dict[str, Any]:
    items = [[ref, decimal_text(qty)] for ref, qty in bundle.items]
    return {"title": bundle.title, "description": bundle.description, "items": items}


def _digest(path: Path, label: str) -> str:
    try:
        return hashlib.sha256(read_limited(path, MAX_TEMPLATE, "a Word template")).hexdigest()
    except (FileRefused, OSError) as exc:
        raise TemplateError(f"cannot read the template: {exc}", Location(label)) from None
