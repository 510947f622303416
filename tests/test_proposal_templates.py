"""Templates and text blocks: data stays data, Markdown keeps the template's styles, mistakes are located."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from bidkit.errors import TemplateError
from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.proposal.jinja import environment
from bidkit.pipeline import price_bid
from tests.helpers import ROOT, is_contents_entry, write_bid, write_catalogue, write_tree

HOSTILE_NAME = "Pump {{ 7*7 }} {% if true %}x{% endif %}"
HOSTILE_DESC = "R&D <b>bold</b> **not bold** | # not a heading ]]> \x0b end"


def project(root: Path, body: str = "", **files: str) -> Path:
    """A one-member bid whose catalogue text is hostile, plus any text blocks."""
    write_catalogue(
        root / "cat" / "alpha.xlsx",
        [["P-1", HOSTILE_NAME, "Pumps", "pcs", 1234.5, "EUR", 4, "DK", 10]],
        member={"id": "alpha", "name": "Alpha & Sons A/S", "country": "DK", "currency": "EUR"},
        head=["sku", "name", "category", "unit", "unit_price", "currency", "lead_time_weeks",
              "origin_country", "co2e_kg"],
    )  # fmt: skip
    write_tree(root, files)
    return write_bid(
        root,
        body
        or """
        sections:
          - id: main
            title: Main scope
            items:
              - {item: alpha/P-1, qty: 2}
              - {line: Commissioning, member: alpha, unit: day, qty: 1, unit_price: 100, description: "DESC"}
        """.replace("DESC", HOSTILE_DESC.replace("\x0b", "\\v")),
    )


def render(bid_path: Path) -> Document:
    priced, _ = price_bid(bid_path)
    return Document(io.BytesIO(render_proposal(priced, bid_path.parent)))


def all_text(doc: Document) -> str:
    return "\n".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))


def test_catalogue_text_appears_literally_in_tables(tmp_path: Path) -> None:
    text = all_text(render(project(tmp_path)))
    assert HOSTILE_NAME in text
    assert HOSTILE_DESC.replace("\x0b", "\ufffd") in text
    assert "Alpha & Sons A/S" in text
    assert "49" not in text.replace("2,469.00", "")  # {{ 7*7 }} was never evaluated


def test_catalogue_text_inside_a_text_block_is_data_not_markdown(tmp_path: Path) -> None:
    block = "Items:\n\n{% for x in sections[0].lines %}\n- {{ x.name }}: {{ x.description }}\n{% endfor %}\n"
    bid = project(tmp_path, **{"texts/summary.md": block})
    bid.write_text(bid.read_text() + "summary: texts/summary.md\n")
    doc = render(bid)
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"][:2]  # then the standard terms
    assert [p.text for p in bullets] == [
        f"{HOSTILE_NAME}:",
        "Commissioning: " + HOSTILE_DESC.replace("\x0b", "\ufffd"),
    ]
    assert not any(r.bold for p in bullets for r in p.runs)  # '**not bold**' stayed literal
    assert not any(p.style.name.startswith("Heading") and "not a heading" in p.text for p in doc.paragraphs)


MARKDOWN = """\
# Approach

We deliver **in three steps** and *on time*:

1. design
2. factory test
3. installation

Then again:

1. kick-off
2. hand-over

- one
  - nested
- two

| Item | Qty |
|------|----:|
| {{ sections[0].title }} | {{ total | money }} |
"""


def test_markdown_blocks_take_the_templates_styles(tmp_path: Path) -> None:
    bid = project(tmp_path, **{"texts/summary.md": MARKDOWN})
    bid.write_text(bid.read_text() + "summary: texts/summary.md\n")
    priced, _ = price_bid(bid)
    doc = Document(io.BytesIO(render_proposal(priced, tmp_path)))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 2", "Approach") in styles  # '#' in the summary sits under its Heading 1
    step = next(p for p in doc.paragraphs if p.text.startswith("We deliver"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in step.runs] == [
        ("We deliver ", False, False), ("in three steps", True, False), (" and ", False, False),
        ("on time", False, True), (":", False, False),
    ]  # fmt: skip
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["design", "factory test", "installation", "kick-off", "hand-over"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert num_ids[0] == num_ids[2] != num_ids[3] == num_ids[4]  # the second list starts again at 1
    assert ("List Bullet 2", "nested") in styles
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Item")
    assert table.style.name == "Bidkit Table"
    assert [c.text for c in table.rows[1].cells] == ["Main scope", f"{_en(priced.total)}\u00a0EUR"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_money_date_and_percent_filters_use_babel_locale_data() -> None:
    from datetime import date

    for language, money, day, pct in (
        ("en", "1,234.50\u00a0EUR", "27 November 2026", "12.5%"),
        ("da", "1.234,50\u00a0EUR", "27. november 2026", "12,5\u00a0%"),
        ("de", "1.234,50\u00a0EUR", "27. November 2026", "12,5\u00a0%"),
    ):
        env = environment(language, "EUR")
        source = "{{ v | money }}|{{ d | date }}|{{ p | percent }}"
        out = env.from_string(source).render(v=Decimal("1234.5"), d=date(2026, 11, 27), p=Decimal("0.125"))
        assert out.replace("&#46;", ".").replace("&#45;", "-") == f"{money}|{day}|{pct}"


def test_a_bid_can_use_its_own_template(tmp_path: Path) -> None:
    corporate = Document()
    corporate.add_paragraph("{{ title }} for {{ client.name }}: {{ total | money }} ({{ t.total }})")
    corporate.save(str(tmp_path / "corporate.docx"))
    bid = project(tmp_path)
    bid.write_text(bid.read_text() + "template: corporate.docx\n")
    priced, _ = price_bid(bid)
    text = all_text(Document(io.BytesIO(render_proposal(priced, tmp_path))))
    assert text == f"Test bid for Test Client: {_en(priced.total)}\u00a0EUR (Total price)"


def _en(value: Decimal) -> str:
    return f"{value:,.2f}"


# --- mistakes are reported with the file (and line) at fault ---


def corporate(tmp_path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph("Heading")
    doc.add_paragraph(text)
    doc.save(str(tmp_path / "corporate.docx"))
    bid = project(tmp_path)
    bid.write_text(bid.read_text() + "template: corporate.docx\n")
    return bid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Dear {{ clent.name }},", "corporate.docx: 'clent' is undefined (in \"Dear {{ clent.name }},\")"),
        ("Total {{ total | mony }}", "corporate.docx: No filter named 'mony'. (in \"Total {{ total | mony }}\")"),
        ("For {{ client.name }", "corporate.docx: unexpected '}' (in \"For {{ client.name }\")"),
        ("{% for x in sections %}{{ x.title }}", "corporate.docx: Unexpected end of template. Jinja was looking "
         "for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'. "
         "(in \"{% for x in sections %}{{ x.title }}\")"),
        ("{{ client.__class__.__mro__ }}", "corporate.docx: access to attribute '__class__' of 'Party' object "
         "is unsafe. (in \"{{ client.__class__.__mro__ }}\")"),
    ],
)  # fmt: skip
def test_template_mistakes_name_the_template_and_paragraph(tmp_path: Path, text: str, message: str) -> None:
    bid = corporate(tmp_path, text)
    with pytest.raises(TemplateError) as caught:
        render(bid)
    assert str(caught.value) == message


def block_error(tmp_path: Path, files: dict[str, str]) -> str:
    bid = project(tmp_path, **files)
    bid.write_text(bid.read_text() + "summary: texts/summary.md\n")
    with pytest.raises(TemplateError) as caught:
        render(bid)
    return str(caught.value)


def test_text_block_unknown_variable_names_file_and_line(tmp_path: Path) -> None:
    message = block_error(tmp_path, {"texts/summary.md": "Hello\n\nDear {{ clent.name }}\n"})
    assert message == "texts/summary.md:3: 'clent' is undefined"


def test_text_block_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    message = block_error(tmp_path, {"texts/summary.md": "One\n{% if %}\nx\n{% endif %}\n"})
    assert message == "texts/summary.md:2: Expected an expression, got 'end of statement block'"


def test_error_inside_an_included_block_names_that_block(tmp_path: Path) -> None:
    files = {
        "texts/summary.md": "Intro\n{% include 'profile.md' %}\n",
        "texts/profile.md": "A\nB {{ 1 + nope }}\n",
    }
    assert block_error(tmp_path, files) == "texts/profile.md:2: 'nope' is undefined"


def test_missing_include_and_missing_block(tmp_path: Path) -> None:
    files = {"texts/summary.md": "Intro\n\n{% include 'nowhere.md' %}\n"}
    assert (
        block_error(tmp_path, files) == "texts/summary.md:3: cannot include 'nowhere.md': no such text block"
    )
    bid = tmp_path / "bid.yaml"
    bid.write_text(bid.read_text().replace("texts/summary.md", "texts/absent.md"))
    with pytest.raises(TemplateError) as caught:
        render(bid)
    assert str(caught.value).startswith("summary: text block 'texts/absent.md' not found (looked in ")


def test_shipped_blocks_are_included_by_name_and_can_be_replaced(tmp_path: Path) -> None:
    files = {"texts/summary.md": "{% include 'standard-terms.md' %}\n"}
    bid = project(tmp_path, **files)
    bid.write_text(bid.read_text() + "summary: texts/summary.md\n")
    assert "Orgalime S2012" in all_text(render(bid))
    (tmp_path / "texts" / "standard-terms.md").write_text("Our own terms.\n")
    text = all_text(render(bid))
    assert "Our own terms." in text and "Orgalime" not in text


def test_cli_reports_a_template_error_without_traceback(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bid = project(tmp_path, **{"texts/summary.md": "{{ nope }}\n"})
    bid.write_text(bid.read_text() + "summary: texts/summary.md\n")
    code, _, err = run_cli("build", str(bid), "--out", str(tmp_path / "out"))
    assert code == 1
    assert err.splitlines()[0] == "texts/summary.md:1: 'nope' is undefined"
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_shipped_template_is_what_the_script_makes() -> None:
    """templates/proposal.docx is reproducible from tools/make_proposal_template.py."""
    import importlib.util
    import zipfile

    spec = importlib.util.spec_from_file_location(
        "make_template", ROOT / "tools" / "make_proposal_template.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = zipfile.ZipFile(io.BytesIO(module.build()))
    shipped = zipfile.ZipFile(ROOT / "templates" / "proposal.docx")
    assert made.namelist() == shipped.namelist()
    for name in made.namelist():
        assert made.read(name) == shipped.read(name), f"{name} differs: run tools/make_proposal_template.py"


def test_inline_text_block_errors_name_the_bid_key(tmp_path: Path) -> None:
    bid = project(tmp_path)
    bid.write_text(bid.read_text() + "summary: 'We offer {{ client.name }}\n\n  and {{ nope }}.'\n")
    with pytest.raises(TemplateError) as caught:
        render(bid)
    assert str(caught.value) == "summary:2: 'nope' is undefined"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "corporate.docx: template not found"),
        (b"not a zip", "corporate.docx: not a readable Word document"),
    ],
)
def test_missing_or_broken_template(tmp_path: Path, content: bytes | None, message: str) -> None:
    bid = project(tmp_path)
    bid.write_text(bid.read_text() + "template: corporate.docx\n")
    if content is not None:
        (tmp_path / "corporate.docx").write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        render(bid)
    assert str(caught.value).startswith(message)


def test_amount_formatting_agrees_with_babels_own() -> None:
    import random

    from babel.numbers import format_decimal

    from bidkit.outputs.proposal.jinja import amount, locale_of

    rng = random.Random(4)
    values = [Decimal(rng.randint(-(10**13), 10**13)) / 100 for _ in range(3000)]
    values += [Decimal(v) for v in ("0", "-0.00", "0.005", "-35.15", "999.995", "1100000.00", "12.5")]
    for language in ("en", "da", "de"):
        locale = locale_of(language)
        for value in values:
            assert amount(value, locale) == format_decimal(value, format="#,##0.00", locale=locale), value


@pytest.mark.parametrize("language", ["en", "da", "de"])
def test_numbers_are_babels_digit_for_digit(language: str) -> None:
    from babel.numbers import format_decimal

    from bidkit.outputs.proposal.jinja import locale_of, numbers

    locale = locale_of(language)
    format_number = numbers(locale)
    values = [Decimal("120"), Decimal("120.0"), Decimal("1.50"), Decimal("1.5"), Decimal("-0.5"),
              Decimal("1234567.125"), Decimal("1E+3"), 7]  # fmt: skip
    for value in values * 2:  # the second time from what the formatter kept
        assert format_number(value) == format_decimal(Decimal(str(value)), locale=locale, decimal_quantization=False)


def test_any_text_in_an_appendix_cell_is_written_as_word_text() -> None:
    """Escaped for XML, characters XML cannot carry replaced, line breaks and tabs as Word's own."""
    from bidkit.outputs.proposal.wordtables import Column, Styles, TableWriter, escape
    from bidkit.outputs.text import xml_safe

    def word_text(text: str) -> str:
        safe = escape(xml_safe(text)).replace("\r\n", "\n")
        safe = safe.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        return safe.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')

    writer = TableWriter([Column("a", 1.0), Column("b", 2.0, right=True)], Styles("Grid", "Text"))
    texts = [chr(c) for c in range(0x10000)] + ["\U0001f600", "a\r\nb", "100 %s %%", "R&D <b>", "plain"]
    for text in texts:
        writer.add((text, "x"))
        assert writer.tables[-1][-1] == writer.row % (word_text(text), "x"), repr(text)
        assert "x</w:t>" in writer.tables[-1][-1]


def test_option_text_blocks_are_rendered_under_the_option(tmp_path: Path) -> None:
    body = """
    sections:
      - {id: main, title: Main scope, items: [{item: alpha/P-1, qty: 1}]}
    options:
      - id: extra
        title: Extra pumps
        text: "Two **spare** pumps for {{ client.name }}."
        items: [{item: alpha/P-1, qty: 2}]
    """
    doc = render(project(tmp_path, body))
    paragraphs = [p for p in doc.paragraphs if not is_contents_entry(p)]
    at = [p.text for p in paragraphs].index("Option 1: Extra pumps")
    assert paragraphs[at + 1].text == "Two spare pumps for Test Client."
    assert any(r.bold and r.text == "spare" for r in paragraphs[at + 1].runs)
