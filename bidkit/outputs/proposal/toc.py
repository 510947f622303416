r"""The table of contents, written by bidkit from the rendered headings.

A Word ``TOC`` field is only an instruction until Word or LibreOffice updates it; left as it is,
previewers, Protected View and any reader that does not update fields show a placeholder, and
asking Word to update on open (``w:updateFields``) makes it ask a question on every open.  So
bidkit fills the field's result itself: one entry per heading of the levels the field names
(``\o "1-2"``), each a hyperlink to a bookmark on its heading, in the ``TOC 1``/``TOC 2`` styles.

The entries carry no page numbers: pages exist only once a program lays the document out.  The
field stays a field, so Word's "Update field" (F9) adds page numbers, and ``bidkit build --pdf``
updates it before printing, so the PDF's contents list has them.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

BOOKMARK_PREFIX = "_Toc_bidkit_"  # a name starting "_Toc" is a hidden bookmark in Word
_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')


def fill_contents(doc: Any) -> int:
    """Fill the document's first TOC field with its entries; returns how many (0: no TOC field)."""
    body = doc.element.body
    found = _toc_field(body)
    if found is None:
        return 0
    first, last, instruction = found
    match = _LEVELS.search(instruction)
    low, high = (int(match.group(1)), int(match.group(2))) if match else (1, 3)
    styles = {style.name: style.style_id for style in doc.styles}
    heading_ids = {styles[f"Heading {n}"]: n for n in range(low, high + 1) if f"Heading {n}" in styles}
    entries: list[Any] = []
    next_id = 1 + max((int(b.get(qn("w:id"), "0")) for b in body.iter(qn("w:bookmarkStart"))), default=0)
    for par in body.iter(qn("w:p")):
        level = heading_ids.get(_style_of(par))
        text = _text(par)
        if level is None or not text:
            continue
        name = f"{BOOKMARK_PREFIX}{len(entries) + 1}"
        _bookmark(par, name, next_id)
        next_id += 1
        entries.append(_entry(text, name, styles.get(f"toc {level}") or styles.get(f"TOC {level}")))
    _replace(body, first, last, instruction, entries)
    return len(entries)


def _toc_field(body: Any) -> tuple[Any, Any, str] | None:
    """The paragraphs where the first TOC field begins and ends, and its instruction."""
    paragraphs = list(body.iter(qn("w:p")))
    for i, par in enumerate(paragraphs):
        instruction = _first_instruction(par)
        if not instruction.strip().upper().startswith("TOC"):
            continue
        depth = 0
        for end in paragraphs[i:]:
            for char in end.iter(qn("w:fldChar")):
                kind = char.get(qn("w:fldCharType"))
                depth += 1 if kind == "begin" else -1 if kind == "end" else 0
                if depth == 0 and kind == "end":
                    return par, end, instruction.strip()
        return None
    return None


def _first_instruction(par: Any) -> str:
    """The instruction of the first field that begins in ``par``, without those of fields inside it."""
    depth, parts = 0, []
    for el in par.iter(qn("w:fldChar"), qn("w:instrText")):
        if el.tag == qn("w:instrText"):
            if depth == 1:
                parts.append(el.text or "")
            continue
        kind = el.get(qn("w:fldCharType"))
        if kind == "begin":
            depth += 1
        elif kind == "end":
            if depth == 1:
                break
            depth -= 1
    return "".join(parts)


def _style_of(par: Any) -> str | None:
    style = par.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def _text(par: Any) -> str:
    return "".join(t.text or "" for t in par.iter(qn("w:t"))).strip()


def _bookmark(par: Any, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)})
    ppr = par.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        par.insert(0, start)
    par.append(end)


def _entry(text: str, anchor: str, style_id: str | None) -> Any:
    par = OxmlElement("w:p")
    if style_id:
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
        par.append(ppr)
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
    run = OxmlElement("w:r")
    t = OxmlElement("w:t", {qn("xml:space"): "preserve"})
    t.text = text
    run.append(t)
    link.append(run)
    par.append(link)
    return par


def _field_run(kind: str, instruction: str = "") -> Any:
    run = OxmlElement("w:r")
    if instruction:
        text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        text.text = f" {instruction} "
        run.append(text)
    else:
        run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return run


def _replace(body: Any, first: Any, last: Any, instruction: str, entries: list[Any]) -> None:
    """The field's paragraphs replaced by the entries, the field wrapped around them."""
    if not entries:
        entries = [OxmlElement("w:p")]
    opening = [_field_run("begin"), _field_run("", instruction), _field_run("separate")]
    head = entries[0]
    at = 1 if head.find(qn("w:pPr")) is not None else 0
    for offset, run in enumerate(opening):
        head.insert(at + offset, run)
    entries[-1].append(_field_run("end"))
    parent = first.getparent()
    siblings = list(parent)
    start, stop = siblings.index(first), siblings.index(last) if last.getparent() is parent else None
    for par in entries:
        first.addprevious(par)
    for old in siblings[start : (stop + 1) if stop is not None else start + 1]:
        parent.remove(old)
