"""What the proposal says about itself: its properties, its language, how it opens.

A template says "Proposal template" in its title and carries the preview picture of a blank
page; a proposal must name its bid, its client and its author (the lead company), be spelled
in the bid's language, and open without asking anything.  This runs on the rendered document,
whichever template it came from:

* core properties: title = the bid's title; subject = "Proposal <id> for <client>" in the bid's
  language; author and last editor = the lead company; keywords = the tender reference;
  description and category cleared (no generator script's name); language = the bid's;
* the default language of every style (``w:docDefaults``, and each style that sets its own)
  is the bid's: en-GB, da-DK or de-DE, so spelling and hyphenation follow it;
* the preview picture (``docProps/thumbnail``) is dropped: it showed the template, not the
  proposal, and no picture is better than a wrong one;
* settings: no ``w:updateFields`` (Word would ask to update fields on every open) and no
  dirty fields; a ``w:zoom`` without its required ``w:percent`` gets 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from bidkit.outputs.proposal.jinja import locale_of
from bidkit.pricing.model import PricedBid

_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def language_tag(language: str) -> str:
    """The bid's language as Word writes it: ``de`` -> ``de-DE`` (the locale the formats come from)."""
    locale = locale_of(language)
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


def finish(doc: Any, bid: PricedBid, texts: Mapping[str, str]) -> None:
    """Properties, language, preview picture and settings of a rendered proposal (module docstring)."""
    tag = language_tag(bid.language)
    _properties(doc, bid, texts, tag)
    _language(doc, tag)
    _drop_thumbnail(doc)
    _settings(doc)


def _properties(doc: Any, bid: PricedBid, texts: Mapping[str, str], tag: str) -> None:
    props = doc.core_properties
    props.title = bid.title
    props.subject = texts["document_subject"].format(id=bid.file_stem, client=bid.client.name)
    props.author = props.last_modified_by = bid.lead.name
    props.keywords = bid.tender_ref
    props.comments = props.category = props.content_status = props.identifier = ""
    props.language = tag
    props.revision = 1


def _language(doc: Any, tag: str) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        _insert_lang(rpr)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)


# The children of w:rPr that come after w:lang (ECMA-376 CT_RPr's sequence).
_AFTER_LANG = {qn(t) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")}


def _insert_lang(rpr: Any) -> None:
    lang = OxmlElement("w:lang")
    for child in rpr:
        if child.tag in _AFTER_LANG:
            child.addprevious(lang)
            return
    rpr.append(lang)


def _drop_thumbnail(doc: Any) -> None:
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == _THUMBNAIL]:
        rels.pop(rid)


def _settings(doc: Any) -> None:
    settings = doc.settings.element
    for update in settings.findall(qn("w:updateFields")):
        settings.remove(update)
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    kinds = (RT.HEADER, RT.FOOTER)
    parts = [doc.element, *(r.target_part.element for r in doc.part.rels.values() if r.reltype in kinds)]
    for part in parts:
        for char in part.iter(qn("w:fldChar")):
            char.attrib.pop(qn("w:dirty"), None)
