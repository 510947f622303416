"""Which table rows stay on a page with the next: no total stands alone, no heading is stranded.

A table kept together row by row (Word's "keep with next" on each row) that is longer than what is
left of a page starts on the next page and leaves its heading alone at the bottom of this one; a
list of hundreds of items does that on every section.  So the template keeps together only what is
short (the price schedule, the payment table, an option's price rows), and once the document is
rendered bidkit adds, for every table:

* the header row stays with the first row under it;
* the last row before the table's closing rows stays with them: the last item of a section with
  its total, the last item of an option with its subtotal, adjustments and price.

The closing rows are the last row and the rows before it that the template already keeps with
the next.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

_KEEP = qn("w:keepNext")


def keep_ends_together(doc: Any) -> None:
    """Header with the first row, last item with the closing rows, in every table of the body."""
    for tbl in doc.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if len(rows) < 3:
            continue
        if rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
            _keep(rows[0])
        last = len(rows) - 1
        while last > 1 and _kept(rows[last - 1]):
            last -= 1
        _keep(rows[last - 1])


def _paragraphs(row: Any) -> list[Any]:
    return [p for tc in row.findall(qn("w:tc")) for p in tc.findall(qn("w:p"))]


def _kept(row: Any) -> bool:
    paragraphs = _paragraphs(row)
    return bool(paragraphs) and all(p.find(f"{qn('w:pPr')}/{_KEEP}") is not None for p in paragraphs)


def _keep(row: Any) -> None:
    for par in _paragraphs(row):
        ppr = par.get_or_add_pPr()
        ppr.keepNext_val = True
