"""The client's document (issue 17): what the .docx says about itself, how it opens, what it holds.

The example is rendered in English and in German and read back: contents, properties, language,
schema validity, units, the letter and the terms of the offer.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from bidkit.errors import BidkitError
from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.proposal.i18n import texts
from bidkit.outputs.workbook import render_workbook
from bidkit.pipeline import price_bid
from tests.helpers import (
    body_blocks,
    cells,
    example_copy,
    is_contents_entry,
    ooxml_problems,
    table_after,
    write_bid,
    write_catalogue,
)
from tests.recalc import replace_in_part


class Rendered:
    def __init__(self, bid_path: Path):
        self.priced, _ = price_bid(bid_path)
        self.data = render_proposal(self.priced, bid_path.parent)
        self.path = bid_path.parent / "proposal.docx"
        self.path.write_bytes(self.data)
        self.doc = Document(io.BytesIO(self.data))

    def part(self, name: str) -> str:
        with zipfile.ZipFile(io.BytesIO(self.data)) as package:
            return package.read(name).decode("utf-8")

    def names(self) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as package:
            return package.namelist()


@pytest.fixture(scope="module", params=["en", "de"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return Rendered(example_copy(tmp_path_factory.mktemp(request.param), request.param))


def _headings(doc: Any) -> list[tuple[int, str, Any]]:
    out = []
    for par in doc.paragraphs:
        name = par.style.name if par.style is not None else ""
        if name in ("Heading 1", "Heading 2") and par.text.strip():
            out.append((int(name[-1]), par.text.strip(), par))
    return out


def test_contents_are_real_entries_linked_to_every_heading(rendered: Rendered) -> None:
    doc = rendered.doc
    entries = [p for p in doc.paragraphs if is_contents_entry(p)]
    headings = _headings(doc)
    assert [(int(p.style.name[-1]), p.text) for p in entries] == [(level, text) for level, text, _ in headings]
    t = texts(rendered.priced.language)
    assert entries[0].text == t["executive_summary"] and len(entries) > 15
    for entry, (_, _, heading) in zip(entries, headings, strict=True):
        (link,) = entry._p.findall(qn("w:hyperlink"))
        marks = [b.get(qn("w:name")) for b in heading._p.iter(qn("w:bookmarkStart"))]
        assert marks == [link.get(qn("w:anchor"))]
    body = doc.element.body.xml
    assert t["toc_placeholder"] not in body
    assert [i.text.strip() for i in doc.element.body.iter(qn("w:instrText"))] == ['TOC \\o "1-2" \\h \\z \\u']


def test_it_opens_without_a_question(rendered: Rendered) -> None:
    settings = rendered.part("word/settings.xml")
    assert "updateFields" not in settings
    assert '<w:zoom w:percent="100"/>' in settings
    for name in rendered.names():
        if name.startswith("word/") and name.endswith(".xml"):
            assert "w:dirty" not in rendered.part(name), name


def test_properties_name_the_bid_client_and_lead(rendered: Rendered) -> None:
    props, bid = rendered.doc.core_properties, rendered.priced
    subject = {"en": "Proposal LEC-2027-014 for Lvivteploenergo (sample client)",
               "de": "Angebot LEC-2027-014 für Lvivteploenergo (sample client)"}[bid.language]  # fmt: skip
    assert (props.title, props.subject, props.author, props.last_modified_by) == (
        "District heating substations for Lviv", subject, "NordHeat Systems A/S (sample)",
        "NordHeat Systems A/S (sample)")  # fmt: skip
    assert (props.keywords, props.comments, props.category) == ("UA-2027-0042", "", "")
    assert props.language == {"en": "en-GB", "de": "de-DE"}[bid.language]


def test_every_style_is_in_the_bids_language(rendered: Rendered) -> None:
    tag = {"en": "en-GB", "de": "de-DE"}[rendered.priced.language]
    styles = rendered.doc.styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert default is not None and default.get(qn("w:val")) == tag
    assert {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))} == {tag}


def test_no_preview_picture_of_the_template(rendered: Rendered) -> None:
    assert not [n for n in rendered.names() if "thumbnail" in n]
    assert "thumbnail" not in rendered.part("_rels/.rels")
    assert "thumbnail" not in rendered.part("[Content_Types].xml")


def test_every_part_of_both_documents_follows_the_schemas(rendered: Rendered, tmp_path: Path) -> None:
    assert ooxml_problems(rendered.path) == []
    workbook = tmp_path / "costs.xlsx"
    workbook.write_bytes(render_workbook(rendered.priced))
    assert ooxml_problems(workbook) == []


def test_the_schema_check_finds_a_violation(rendered: Rendered, tmp_path: Path) -> None:
    broken = replace_in_part(rendered.path, "word/settings.xml", '<w:zoom w:percent="100"/>',
                             '<w:zoom w:val="bestFit"/>', tmp_path / "broken.docx")  # fmt: skip
    (problem,) = ooxml_problems(broken)
    assert problem.startswith("word/settings.xml:") and "'{http://schemas.openxmlformats.org/" in problem
    assert "percent' is required but missing" in problem
    workbook = tmp_path / "costs.xlsx"
    workbook.write_bytes(render_workbook(rendered.priced))
    broken = replace_in_part(workbook, "xl/workbook.xml", "<sheets>", "<sheets><sheet/>", tmp_path / "broken.xlsx")
    problems = ooxml_problems(broken)  # a sheet without name, sheetId and r:id
    assert len(problems) == 3 and all(p.startswith("xl/workbook.xml:") for p in problems)
    assert any("attribute 'name' is required but missing" in p for p in problems)


def test_units_are_in_the_proposals_language(rendered: Rendered) -> None:
    language = rendered.priced.language
    doc = rendered.doc
    rows = cells(table_after(doc, "3. Installation and commissioning"))
    units = [r[3] for r in rows[1:-1]]
    assert units == {"en": ["day", "pcs", "day", "day"], "de": ["Tag", "Stk.", "Tag", "Tag"]}[language]
    appendix = cells(table_after(doc, texts(language)["appendix_intro"]))
    assert {r[3] for r in appendix[1:] if len(r) > 3} == {"en": {"day", "pcs", "m"}, "de": {"Tag", "Stk.", "m"}}[language]


def _kept(row: Any) -> bool:
    return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_a_total_never_stands_alone_and_long_units_fit(rendered: Rendered) -> None:
    t = texts(rendered.priced.language)
    table = table_after(rendered.doc, "1. Building substations", t["pos"])
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    qty, unit = widths[2] / 567, widths[3] / 567  # cm
    assert qty >= 2.0 and unit >= 1.8, (qty, unit)  # "123.456,5" and "pauschal" at 9 pt, with margins
    # the header stays with the first item, the last item with the total; the list between may
    # break across pages (kept whole, a long list would leave its heading alone on a page)
    assert [_kept(r) for r in table.rows] == [True, False, False, True, False]  # header, 3 items, total
    option = table_after(rendered.doc, f"{t['option']} 1: Remote monitoring", t["pos"])
    assert [_kept(r) for r in option.rows] == [True, False, True, True, True, False]  # 2 items, 3 price rows
    schedule = table_after(rendered.doc, t["price_schedule"])
    assert all(_kept(r) for r in schedule.rows[:-1])


def test_markdown_table_headers_carry_their_own_fill_and_white_text(tmp_path: Path) -> None:
    bid = example_copy(tmp_path, "en")
    (bid.parent / "texts" / "network.md").write_text("| Pipe | Length |\n|---|--:|\n| DN50 | 3,000 m |\n")
    doc = Rendered(bid).doc
    table = table_after(doc, "2. Service pipe connections")
    header = table.rows[0].cells
    for cell in header:
        shd = cell._tc.tcPr.find(qn("w:shd"))
        assert shd is not None and shd.get(qn("w:fill")) == "0B2E4F"
        assert {str(r.font.color.rgb) for r in cell.paragraphs[0].runs} == {"FFFFFF"}
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.color.rgb is None


def test_the_summary_names_the_city_and_counts_every_item(tmp_path: Path) -> None:
    """The example's summary keeps the title as written and counts the items of every section (3 + 3 + 4)."""
    blocks = [b.text for b in body_blocks(Rendered(example_copy(tmp_path, "en")).doc) if not hasattr(b, "rows")]
    summary = next(t for t in blocks if t.startswith("NordHeat Systems A/S (sample) offers"))
    assert "10 line items for the project District heating substations for Lviv:" in summary


def test_cover_letter_is_signed_and_names_a_contact(rendered: Rendered) -> None:
    language = rendered.priced.language
    t = texts(language)
    text = [b.text for b in body_blocks(rendered.doc) if not hasattr(b, "rows")]
    at = text.index(t["dear"])
    assert text[at + 1].startswith({"en": "Thank you for inviting us to tender (reference UA-2027-0042).",
                                    "de": "Vielen Dank für Ihre Einladung"}[language])  # fmt: skip
    closing = text.index(t["yours_sincerely"])
    assert text[closing + 2 : closing + 4] == [
        "Jens Holm (sample)", "Managing director, NordHeat Systems A/S (sample)"]  # fmt: skip
    assert at < closing < text.index(t["contents"])
    box = cells(next(b for b in body_blocks(rendered.doc) if hasattr(b, "rows")
                     and t["contact_person"] in b.rows[0].cells[0].text))[0][0].split("\n")  # fmt: skip
    assert box[1] == "Mette Sørensen (sample), Export manager"
    assert box[2] == f"{t['phone']} +45 70 00 00 00  ·  {t['email']} mette.sorensen@nordheat.example"


def test_assumptions_exclusions_deviations_and_delivery_schedule(rendered: Rendered) -> None:
    t = texts(rendered.priced.language)
    doc = rendered.doc
    paragraphs = [p for p in doc.paragraphs if not is_contents_entry(p)]
    text = [p.text for p in paragraphs]
    at = text.index(t["assumptions"])
    assert text[at + 1 : at + 4] == list(rendered.priced.terms.assumptions)
    assert all(p.style.name == "List Bullet" for p in paragraphs[at + 1 : at + 4])
    at = text.index(t["exclusions"])
    assert text[at + 1 : at + 4] == list(rendered.priced.terms.exclusions)
    deviations = cells(table_after(doc, t["deviations"]))
    assert deviations[0] == [t["clause"], t["deviation"]]
    assert [r[0] for r in deviations[1:]] == ["4.2", "7.1"]
    schedule = cells(table_after(doc, t["delivery_schedule"]))
    assert schedule[1:] == [[m.milestone, str(m.week)] for m in rendered.priced.terms.delivery_schedule]
    assert t["delivery_by_schedule"] in text


def _small(tmp_path: Path, extra: str = "") -> Path:
    write_catalogue(tmp_path / "cat" / "alpha.xlsx", [["A", "Alpha A", "Pumps", "Stück", 100, None, 4, "DK", 10]],
                    member={"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"})  # fmt: skip
    return write_bid(tmp_path, f"""
        language: de
        pricing: {{contingency: 3%, discount: 2%, round_to: 10}}
        sections: [{{id: s, title: S, items: [{{item: alpha/A, qty: 123456.5}},
                     {{line: Montage, member: alpha, unit: pauschal, qty: 1, unit_price: 500}}]}}]
        {extra}
    """)  # fmt: skip


def test_a_bid_without_terms_says_so_and_signs_with_the_lead(tmp_path: Path) -> None:
    doc = Rendered(_small(tmp_path)).doc
    t = texts("de")
    text = [b.text for b in body_blocks(doc) if not hasattr(b, "rows")]
    for key in ("no_assumptions", "no_exclusions", "no_deviations"):
        assert t[key] in text
    closing = text.index(t["yours_sincerely"])
    assert text[closing + 2 : closing + 4] == ["Alpha A/S", ""]  # the lead signs; no role line
    assert any("Gerne unterbreitet Ihnen Alpha A/S dieses Angebot: Test bid." in x for x in text)  # no "1 Unternehmen"
    assert t["contact_person"] not in "\n".join(text) and t["delivery_schedule"] not in text


def test_the_bid_can_name_its_own_units_and_show_every_adjustment(tmp_path: Path) -> None:
    bid = _small(tmp_path, "units: {Stück: St., pauschal: psch.}")
    text = bid.read_text().replace("round_to: 10}", "round_to: 10, show_adjustments: [contingency, discount, rounding]}")
    bid.write_text(text)
    rendered = Rendered(bid)
    rows = cells(table_after(rendered.doc, "1. S"))
    assert [(r[2], r[3]) for r in rows[1:-1]] == [("123.456,5", "St."), ("1", "psch.")]
    t = texts("de")
    schedule = cells(table_after(rendered.doc, t["price_schedule"]))
    labels = [r[0] for r in schedule[2:]]
    assert labels == [t["subtotal"], f"{t['contingency']} 3\u00a0%", f"{t['discount']} 2\u00a0%", t["rounding"],
                      f"{t['total']} (EUR)"]  # fmt: skip
    bid_ = rendered.priced
    assert schedule[1][2] == f"{bid_.subtotal:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert rendered.priced.client_view.subtotal == bid_.subtotal


def test_german_units_without_the_bids_own(tmp_path: Path) -> None:
    rows = cells(table_after(Rendered(_small(tmp_path)).doc, "1. S"))
    assert [r[3] for r in rows[1:-1]] == ["Stk.", "pauschal"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [("delivery_schedule: [{milestone: Design, week: 4}, {milestone: Order, week: 0}]",
      "bid.yaml:13:20: delivery_schedule: 'Order' (week 0) comes before 'Design' (week 4); list the milestones "
      "in order"),
     ("deviations: [{clause: '4.2'}]", "bid.yaml:13:14: deviations[0].text: is required"),
     ("contact: {name: A, mail: a@b.example}", "bid.yaml:13:20: unknown key 'mail'; did you mean 'email'?")],
)  # fmt: skip
def test_mistakes_in_the_new_keys_are_reported_at_their_place(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(BidkitError) as info:
        price_bid(_small(tmp_path, extra))
    assert [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems] == [message]


def test_client_amounts_add_up_in_the_german_proposal(tmp_path: Path) -> None:
    rendered = Rendered(_small(tmp_path))
    rows = cells(table_after(rendered.doc, "1. S"))

    def number(text: str) -> Decimal:
        return Decimal(text.replace(".", "").replace(",", "."))

    assert sum(number(r[-1]) for r in rows[1:-1]) == number(rows[-1][-1]) == rendered.priced.client_view.subtotal


def _field_runs(par: Any, *parts: tuple[str, str]) -> None:
    from docx.oxml import OxmlElement

    for kind, value in parts:
        run = par.add_run()
        if kind == "char":
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): value}))
        elif kind == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = value
            run._r.append(instr)
        else:
            run.text = value


def test_a_word_made_contents_list_in_a_corporate_template_is_replaced(tmp_path: Path) -> None:
    """Word writes a TOC over several paragraphs with a PAGEREF field in each entry; all of it goes."""
    bid = _small(tmp_path, "template: corporate.docx")
    doc = Document()
    first = doc.add_paragraph()
    _field_runs(first, ("char", "begin"), ("instr", ' TOC \\o "1-1" \\h '), ("char", "separate"), ("text", "Old entry "))
    _field_runs(first, ("char", "begin"), ("instr", " PAGEREF _Toc1 \\h "), ("char", "separate"), ("text", "3"),
                ("char", "end"))  # fmt: skip
    second = doc.add_paragraph("Stale second entry")
    _field_runs(second, ("char", "end"))
    doc.add_paragraph("Kept after the contents")
    doc.add_heading("{{ title }}", level=1)
    doc.add_heading("Not listed", level=2)
    doc.save(str(bid.parent / "corporate.docx"))
    rendered = Rendered(bid)
    text = [p.text for p in rendered.doc.paragraphs]
    assert text[:2] == ["Test bid", "Kept after the contents"]
    assert "Old entry" not in "".join(text) and "Stale second entry" not in text
    assert [i.text.strip() for i in rendered.doc.element.body.iter(qn("w:instrText"))] == ['TOC \\o "1-1" \\h']
    assert ooxml_problems(rendered.path) == []
