"""Hostile input, round two (issue 16), the proposal's part: templates and text blocks that try to
read files outside the bid (class 1), text with quotes and other scripts in every field (class 3),
templates that ask for unbounded work (class 7), and markup in values printed to the terminal or
written to the diff workbook.

Every case runs the real ``bidkit`` command in a child process under the corpus sandbox's
memory and time limits (tests/corpus/sandbox.py) and asserts its exact output.  The case
classes are listed in tests/corpus/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from tests.corpus.sandbox import NOTHING, Run, bidkit_in, outcome, run_bidkit
from tests.helpers import write_catalogue

ONLY = "; only relative names of files inside the bid's folder or the shipped templates are read"
HEAD = ["sku", "name", "description", "category", "unit", "unit_price", "currency", "lead_time_weeks",
        "origin_country"]  # fmt: skip
ALPHA = {"id": "alpha", "name": "Alpha A/S", "country": "DK", "currency": "EUR"}
ROWS = [["A", "Alpha pump", "Circulation pump", "Pumps", "pcs", 100, None, 4, "DK"],
        ["B", "Alpha valve", "", "Valves", "pcs", 50.5, None, 2, "SE"]]  # fmt: skip


def bid_text(**fields: str) -> str:
    """A small valid bid; each keyword replaces or adds a top-level key (its YAML value as written)."""
    values = {
        "id": "H-1", "title": "Hostile bid", "client": "{name: Test Client, country: UA}",
        "currency": "EUR", "incoterm": "DAP Kyiv", "lead": "alpha", "catalogues": "[cat]",
        "date": "2026-11-27", **fields,
    }  # fmt: skip
    head = "".join(f"{key}: {value}\n" for key, value in values.items())
    return head + ("sections:\n  - id: s\n    title: S\n    items:\n"
                   "      - {item: alpha/A, qty: 2}\n      - {item: alpha/B, qty: 1}\n")  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    bid = tmp_path / "bid"
    write_catalogue(bid / "cat" / "alpha.xlsx", ROWS, head=HEAD, member=ALPHA)
    (bid / "bid.yaml").write_text(bid_text(), encoding="utf-8")
    (tmp_path / "secret.md").write_text("TOP SECRET\n", encoding="utf-8")  # beside the bid, outside it
    return bid


bidkit = bidkit_in


def build(folder: Path, **fields: str) -> Run:
    (folder / "bid.yaml").write_text(bid_text(**fields), encoding="utf-8")
    return bidkit(folder, "build", "bid.yaml", "--out", "out")


def corporate(folder: Path, *paragraphs: str) -> None:
    """The bid's own Word template, ``corporate.docx``, one paragraph per argument."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(folder / "corporate.docx"))


def refused(run: Run, message: str) -> None:
    assert outcome(run) == (1, "", message + "\n" + NOTHING)


# -- Class 1: reading files outside the bid ------------------------------------------------------

INCLUDES = {
    "/etc/passwd": ('{% include "/etc/passwd" %}', "include '/etc/passwd' refused: an absolute path"),
    "/proc/self/environ": ('{% include "/proc/self/environ" %}',
                           "include '/proc/self/environ' refused: an absolute path"),
    "climbing": ('{% include "../secret.md" %}', "include '../secret.md' refused: '..' leads out of the folder"),
    "climbing from texts": ('{% include "texts/../../secret.md" %}',
                            "include 'texts/../../secret.md' refused: '..' leads out of the folder"),
    "backslash": ('{% include "..\\\\secret.md" %}',
                  "include '..\\secret.md' refused: a backslash is not a folder separator here (write '/')"),
    "drive letter": ('{% include "C:/Windows/win.ini" %}',
                     "include 'C:/Windows/win.ini' refused: an absolute path (a drive letter)"),
    "NUL": ('{% include "x.md\\x00/etc/passwd" %}',
            "include 'x.md\ufffd/etc/passwd' refused: a file name cannot hold a NUL character"),
    "import": ('{% import "/etc/passwd" as p %}', "include '/etc/passwd' refused: an absolute path"),
    "from import": ('{% from "../secret.md" import x %}',
                    "include '../secret.md' refused: '..' leads out of the folder"),
    "extends": ('{% extends "/etc/passwd" %}', "include '/etc/passwd' refused: an absolute path"),
    "list of names": ('{% include ["nowhere.md", "/etc/passwd"] %}',
                      "include '/etc/passwd' refused: an absolute path"),
}  # fmt: skip


@pytest.mark.parametrize("case", INCLUDES, ids=list(INCLUDES))
def test_a_text_block_cannot_include_a_file_outside_the_bid(folder: Path, case: str) -> None:
    tag, message = INCLUDES[case]
    run = build(folder, summary=json.dumps(f"Hello\n\n{tag}\n"))
    refused(run, f"summary:3: {message}{ONLY}")
    assert not (folder / "out").exists()


def test_the_same_include_in_a_block_file_names_the_file_and_line(folder: Path) -> None:
    (folder / "texts").mkdir()
    (folder / "texts" / "summary.md").write_text("Intro\n\n{% include 'profile.md' %}\n", encoding="utf-8")
    (folder / "texts" / "profile.md").write_text("Us\n{% include '/etc/passwd' %}\n", encoding="utf-8")
    run = build(folder, summary="texts/summary.md")
    refused(run, f"texts/profile.md:2: include '/etc/passwd' refused: an absolute path{ONLY}")


BLOCK_NAMES = {
    "climbing": ("../secret.md", "'..' leads out of the folder"),
    "absolute": ("/etc/x.md", "an absolute path"),
    "backslash": ("texts\\\\x.md", "a backslash is not a folder separator here (write '/')"),
}


@pytest.mark.parametrize("key", ["summary", "section text"])
@pytest.mark.parametrize("case", BLOCK_NAMES, ids=list(BLOCK_NAMES))
def test_a_block_the_bid_names_outside_its_folder_is_refused(folder: Path, case: str, key: str) -> None:
    name, reason = BLOCK_NAMES[case]
    shown = name.replace("\\\\", "\\")
    if key == "summary":
        run = build(folder, summary=f'"{name}"')
        label = "summary"
    else:
        text = bid_text().replace("title: S\n", f'title: S\n    text: "{name}"\n')
        (folder / "bid.yaml").write_text(text, encoding="utf-8")
        run = bidkit(folder, "build", "bid.yaml", "--out", "out")
        label = "sections[0].text"
    refused(run, f"{label}: text block '{shown}' refused: {reason}{ONLY}")


def test_a_symbolic_link_that_leads_out_is_refused(folder: Path) -> None:
    (folder / "texts").mkdir()
    (folder / "texts" / "terms.md").symlink_to(folder.parent / "secret.md")
    refused(
        build(folder, summary="texts/terms.md"),
        f"summary: text block 'texts/terms.md' refused: a symbolic link leads out of the folder{ONLY}",
    )
    refused(
        build(folder, summary=json.dumps("{% include 'terms.md' %}")),
        f"summary:1: include 'terms.md' refused: a symbolic link leads out of the folder{ONLY}",
    )


def test_a_linked_folder_that_leads_out_is_refused(folder: Path) -> None:
    (folder / "texts").symlink_to(folder.parent, target_is_directory=True)
    refused(
        build(folder, summary=json.dumps("{% include 'texts/secret.md' %}")),
        f"summary:1: include 'texts/secret.md' refused: a symbolic link leads out of the folder{ONLY}",
    )
    refused(
        build(folder, summary=json.dumps("{% include 'secret.md' %}")),
        f"summary:1: include 'secret.md' refused: a symbolic link leads out of the folder{ONLY}",
    )


def test_a_link_inside_the_bid_and_relative_names_still_work(folder: Path) -> None:
    (folder / "texts" / "shared").mkdir(parents=True)
    (folder / "texts" / "shared" / "terms.md").write_text("Our terms.\n", encoding="utf-8")
    (folder / "texts" / "terms.md").symlink_to(folder / "texts" / "shared" / "terms.md")
    run = build(
        folder, summary=json.dumps("{% include 'terms.md' %}\n\n{% include 'texts/shared/terms.md' %}")
    )
    assert run.code == 0, run.describe()
    paragraphs = [p.text for p in Document(str(folder / "out" / "H-1-proposal.docx")).paragraphs]
    assert paragraphs.count("Our terms.") == 2


TEMPLATE_NAMES = {
    "climbing": ("../corporate.docx", "'..' leads out of the folder"),
    "absolute": ("/etc/passwd", "an absolute path"),
    "drive": ("C:/corporate.docx", "an absolute path (a drive letter)"),
    "backslash": ("'sub\\corporate.docx'", "a backslash is not a folder separator here (write '/')"),
}


@pytest.mark.parametrize("case", TEMPLATE_NAMES, ids=list(TEMPLATE_NAMES))
def test_the_bids_template_must_be_inside_its_folder(folder: Path, case: str) -> None:
    corporate(folder.parent, "{{ title }}")
    name, reason = TEMPLATE_NAMES[case]
    shown = name.strip("'")
    refused(build(folder, template=name), f"template: '{shown}' refused: {reason}{ONLY}")


def test_a_template_linked_from_outside_is_refused(folder: Path) -> None:
    corporate(folder.parent, "{{ title }}")
    (folder / "corporate.docx").symlink_to(folder.parent / "corporate.docx")
    refused(
        build(folder, template="corporate.docx"),
        f"template: 'corporate.docx' refused: a symbolic link leads out of the folder{ONLY}",
    )


WORD_TEMPLATES = {
    "block climbing": ('{{p block("../secret.md") }}',
                       f"corporate.docx: text block '../secret.md' refused: '..' leads out of the folder{ONLY}"),
    "block absolute": ('{{p block("/etc/passwd.md") }}',
                       f"corporate.docx: text block '/etc/passwd.md' refused: an absolute path{ONLY}"),
    "include smuggled into block()": (
        "{{p block(\"{\\x25 include '/etc/passwd' \\x25\\x7d\") }}",
        "corporate.docx: block() takes the name of a .md text block, not text: "
        "\"{% include '/etc/passwd' %}\""),
    "include built from escapes": (
        "{{p block(\"{\\x25 include '\\x2e\\x2e/secret.md' \\x25\\x7d\") }}",
        "corporate.docx: block() takes the name of a .md text block, not text: "
        "\"{% include '../secret.md' %}\""),
    "include in the template": ('{% include "/etc/passwd" %}',
                                "corporate.docx: include '/etc/passwd' refused: a Word template includes no "
                                'files; name a text block with {{p block("name.md") }} '
                                '(in "{% include "/etc/passwd" %}")'),
    "a block that includes": ('{{p block("evil.md") }}',
                              f"evil.md:1: include '/etc/passwd' refused: an absolute path{ONLY}"),
}  # fmt: skip


@pytest.mark.parametrize("case", WORD_TEMPLATES, ids=list(WORD_TEMPLATES))
def test_a_word_template_cannot_read_files_outside_the_bid(folder: Path, case: str) -> None:
    tag, message = WORD_TEMPLATES[case]
    (folder / "evil.md").write_text("{% include '/etc/passwd' %}\n", encoding="utf-8")
    corporate(folder, "Proposal", tag)
    refused(build(folder, template="corporate.docx"), message)


# -- Class 3: quotes, ampersands, angle brackets and other scripts in every text field ---------------

TEXTS = {
    "quotes": {
        "title": "\"Lviv's substations\"", "client": "O'Brien ApS", "address": "1 'Main' St, \"Lviv\"",
        "contact": "Pat O'Neil \"PO\"", "tender_ref": "UA-2027/42 'A'", "section": "Section \"A\"",
        "option": "O'Brien's option", "line": "Site 'night' supervision", "member": "Alpha \"Nord\" A/S",
        "component": "Pump 'DN40' \"hot\"", "description": "Rated \"120 °C\" 'PN16'",
        "milestone": "On 'order'",
    },
    "ampersands and brackets": {
        "title": "Heat & power <phase 2>", "client": "Smith & Sons <DK>", "address": "A&B <street> 1",
        "contact": "<info@example.com>", "tender_ref": "A&B<1>", "section": "Pumps & <valves>",
        "option": "Spare & <extra>", "line": "Supervision & <travel>", "member": "Alpha & <Omega>",
        "component": "Pump & motor <3 kW>", "description": "a < b & c > d; &amp; &#39; ]]>",
        "milestone": "Order & <signature>",
    },
    "Ukrainian": {
        "title": "Підстанції «Львів» для міста", "client": "Львівтеплоенерго", "address": "вул. Шевченка, 1",
        "contact": "Олена Ковальчук", "tender_ref": "УКР-2027-0042", "section": "Теплові пункти",
        "option": "Віддалений моніторинг", "line": "Технічний нагляд", "member": "Альфа Україна",
        "component": "Насос циркуляційний", "description": "Гаряча вода до 120 °C", "milestone": "Після підписання",
    },
    "Chinese and Arabic": {
        "title": "北京热力 'substations' 项目", "client": "北京热力集团", "address": "شارع الملك فهد، الرياض",
        "contact": "王伟 / محمد", "tender_ref": "京-2027-42", "section": "换热站", "option": "远程监控",
        "line": "现场监理 إشراف", "member": "شركة ألفا", "component": "循环泵 مضخة",
        "description": "ماء ساخن \"120\"", "milestone": "签约后 & بعد التوقيع",
    },
}  # fmt: skip
# A summary block that prints every field on its own line ("key: value"), through Markdown.
FIELDS = {
    "title": "title", "client": "client.name", "address": "client.address", "contact": "client.contact",
    "tender_ref": "tender_ref", "member": "lead.name", "component": "sections[0].rows[0].name",
    "description": "sections[0].rows[0].description", "section": "sections[0].title",
    "option": "options[0].title", "milestone": "payment[0].milestone", "line": "sections[0].rows[1].name",
}  # fmt: skip
ESCAPED_FORMS = ("&#39;", "#39;", "&#34;", "&quot;", "&amp;quot;", "&lt;", "&gt;", "&#35;")


def quoted_bid(folder: Path, v: dict[str, str]) -> None:
    write_catalogue(folder / "cat" / "alpha.xlsx",
                    [["A", v["component"], v["description"], "Pumps", "pcs", 100, None, 4, "DK"]],
                    head=HEAD, member={**ALPHA, "name": v["member"]})  # fmt: skip
    summary = "\n\n".join(f"{key}: {{{{ {expr} }}}}" for key, expr in FIELDS.items())
    j = json.dumps
    text = bid_text(
        title=j(v["title"]), tender_ref=j(v["tender_ref"]), summary=j(summary),
        client=f"{{name: {j(v['client'])}, country: UA, address: {j(v['address'])}, contact: {j(v['contact'])}}}",
        payment=f"[{{milestone: {j(v['milestone'])}, share: 30%}}, {{milestone: Rest, share: 70%}}]",
    ).replace("title: S\n", f"title: {j(v['section'])}\n").replace(
        "      - {item: alpha/B, qty: 1}\n",
        f"      - {{line: {j(v['line'])}, member: alpha, unit: day, qty: 1, unit_price: 950}}\n"
        f"options:\n  - id: o\n    title: {j(v['option'])}\n    items: [{{item: alpha/A, qty: 1}}]\n",
    )  # fmt: skip
    (folder / "bid.yaml").write_text(text, encoding="utf-8")


def document_texts(path: Path) -> list[str]:
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [
        p.text for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    for section in doc.sections:
        texts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return texts


@pytest.mark.parametrize("case", TEXTS, ids=list(TEXTS))
def test_every_text_field_comes_out_as_written_in_all_three_outputs(folder: Path, case: str) -> None:
    from openpyxl import load_workbook

    values = TEXTS[case]
    quoted_bid(folder, values)
    run = bidkit(folder, "build", "bid.yaml", "--out", "out")
    assert run.code == 0 and run.stderr == "", run.describe()
    out = folder / "out"

    texts = document_texts(out / "H-1-proposal.docx")
    for key, value in values.items():
        assert f"{key}: {value}" in texts, key  # through a text block's Markdown, read back whole
    everything = "\n".join(texts)
    for key in ("title", "client", "tender_ref", "section", "option", "line", "member", "component",
                "description", "milestone"):  # fmt: skip
        assert everything.count(values[key]) >= 2, key  # and where the Word template itself puts it
    assert values["title"] in texts and f"Prepared for {values['client']}" in texts
    assert not any(
        form in everything for form in ESCAPED_FORMS if not any(form in v for v in values.values())
    )

    workbook = load_workbook(out / "H-1-costs.xlsx")
    cells = {str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None}
    for key in ("tender_ref", "section", "option", "line", "member", "component", "description"):
        assert values[key] in cells, key
    assert any(values["title"] in cell for cell in cells) and any(values["client"] in cell for cell in cells)

    summary = json.loads((out / "H-1-summary.json").read_text(encoding="utf-8"))
    assert (summary["title"], summary["client"]["name"], summary["tender_ref"]) == (
        values["title"], values["client"], values["tender_ref"])  # fmt: skip
    assert [(x["name"], x.get("description", "")) for x in summary["lines"]][:1] == [
        (values["component"], values["description"])]  # fmt: skip
    assert summary["lines"][1]["name"] == values["line"]
    assert summary["members"][0]["name"] == values["member"]
    assert summary["sections"][0]["title"] == values["section"]
    assert summary["options"][0]["title"] == values["option"]
    assert summary["payment"][0]["milestone"] == values["milestone"]


# -- Class 7: templates that ask for unbounded work ----------------------------------------------

LOOPS = "more than 1,000,000 loop iterations in one proposal (the limit)"
WORK = {
    "nested loops": ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", LOOPS),
    "loops over text": ('{% for a in "x" * 2000 %}{% for b in "y" * 2000 %}{% endfor %}{% endfor %}', LOOPS),
    "range of a million": ("{% for a in range(10**6) %}{% endfor %}",
                           "range() of 1,000,000 numbers; the limit is 100,000"),
    "x times 10**9": ("{{ 'x' * 10**9 }}", "'*' would make 1,000,000,000 characters or items; "
                      "the limit is 10,000,000"),
    "list times 10**9": ("{{ [0] * 10**9 }}", "'*' would make 1,000,000,000 characters or items; "
                         "the limit is 10,000,000"),
    "power": ("{{ 10 ** 100000 }}", "'**' would make a number of more than 100,000 bits (the limit)"),
    "doubling with ~": ("{% set ns = namespace(x='x') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}"
                        "{% endfor %}{{ ns.x | length }}", "'~' would make 16,777,216 characters; "
                        "the limit is 10,000,000"),
    "doubling with +": ("{% set ns = namespace(x='x') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}"
                        "{% endfor %}", "'+' would make 16,777,216 characters or items; the limit is 10,000,000"),
    "padding": ("{{ 'x'.center(10**9) }}", "center(1,000,000,000); the limit is 10,000,000"),
    "filter argument": ("{{ [1, 2] | slice(10**9) | list }}",
                        "the filter 'slice' was given 1,000,000,000; the limit is 10,000,000"),
    "lipsum": ("{{ lipsum(10**6) }}", "lipsum() of more than 1,000 paragraphs or words; that is the limit"),
    "recursive macro": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
                        "macro calls nested more than 50 deep (the limit); does a macro call itself?"),
    "macros calling each other": ("{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}"
                                  "{{ a() }}", "macro calls nested more than 50 deep (the limit); "
                                  "does a macro call itself?"),
    "block output": ("{% for i in range(30000) %}{{ 'x' * 100 }}{% endfor %}",
                     "the text block renders to more than 2,000,000 characters (the limit)"),
}  # fmt: skip


@pytest.mark.parametrize("case", WORK, ids=list(WORK))
def test_unbounded_work_in_a_text_block_ends_at_its_limit(folder: Path, case: str) -> None:
    source, message = WORK[case]
    (folder / "texts").mkdir()
    (folder / "texts" / "summary.md").write_text(f"Intro\n\n{source}\n", encoding="utf-8")
    run = build(folder, summary="texts/summary.md")
    where = "texts/summary.md" if case == "block output" else "texts/summary.md:3"
    refused(run, f"{where}: {message}")
    assert run.seconds < 20, run.describe()


INCLUDE_DEPTH = "blocks include blocks more than 10 deep (the limit); does a block include itself?"


@pytest.mark.parametrize("files", [
    {"self.md": "{% include 'self.md' %}"},
    {"self.md": "{% include 'other.md' %}", "other.md": "x {% include 'self.md' %}"},
    {"self.md": "{% import 'self.md' as me %}"},
    {"self.md": "{% extends 'self.md' %}"},
], ids=["itself", "each other", "import", "extends"])  # fmt: skip
def test_a_block_that_includes_itself_ends_at_the_depth_limit(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    run = build(folder, summary="self.md")
    assert run.code == 1 and run.stdout == "", run.describe()
    assert run.stderr.endswith(f".md:1: {INCLUDE_DEPTH}\n{NOTHING}") and run.stderr.count("\n") == 2


def test_an_inline_block_that_includes_itself_cannot_name_itself(folder: Path) -> None:
    refused(
        build(folder, summary=json.dumps("{% include 'summary' %}")),
        "summary:1: cannot include 'summary': no such text block",
    )


WORD_WORK = {
    "nested loops": ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", LOOPS),
    "x times 10**9": ("{{ 'x' * 10**9 }}", "'*' would make 1,000,000,000 characters or items; "
                      "the limit is 10,000,000"),
    "recursive macro": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
                        "macro calls nested more than 50 deep (the limit); does a macro call itself?"),
}  # fmt: skip


@pytest.mark.parametrize("case", WORD_WORK, ids=list(WORD_WORK))
def test_unbounded_work_in_a_word_template_ends_at_its_limit(folder: Path, case: str) -> None:
    source, message = WORD_WORK[case]
    corporate(folder, "Proposal", source)
    run = build(folder, template="corporate.docx")
    refused(run, f'corporate.docx: {message} (in "{source}")')


@pytest.mark.slow
def test_a_word_template_that_renders_too_much_ends_at_the_document_limit(folder: Path) -> None:
    corporate(
        folder, "{% for i in range(100000) %}{% for j in range(6) %}{{ 'x' * 100 }}{% endfor %}{% endfor %}"
    )
    run = build(folder, template="corporate.docx")
    refused(run, "corporate.docx: the document renders to more than 50,000,000 characters (the limit)")


def test_loops_in_the_template_and_its_blocks_share_one_count(folder: Path) -> None:
    (folder / "half.md").write_text("{% for i in range(100000) %}{% endfor %}\n", encoding="utf-8")
    corporate(folder, "{%p for i in range(6) %}", '{{p block("half.md") }}', "{%p endfor %}")
    run = build(folder, template="corporate.docx")
    assert run.code == 0, run.describe()  # 600,006 iterations: within the limit
    corporate(folder, "{%p for i in range(11) %}", '{{p block("half.md") }}', "{%p endfor %}")
    refused(build(folder, template="corporate.docx"), f"half.md:1: {LOOPS}")


# -- Markup in values: the terminal and the diff workbook ---------------------------------------


def test_rich_markup_in_a_title_is_printed_as_written(folder: Path) -> None:
    title = "[bold]Big[/bold] [link=https://evil.example]click[/link] \\\\[red]x end\\\\"
    shown = "[bold]Big[/bold] [link=https://evil.example]click[/link] \\[red]x end\\"
    text = bid_text(title=f'"{title}"').replace("title: S\n", 'title: "[blink]S[/blink]"\n')
    (folder / "bid.yaml").write_text(text, encoding="utf-8")
    env = {"BIDKIT_CACHE_DIR": str(folder / "cache"), "COLUMNS": "200"}
    run = run_bidkit(["price", "bid.yaml"], folder, env=env)
    assert run.code == 0, run.describe()
    assert run.stdout.splitlines()[0] == f"H-1  {shown}  —  Test Client"
    assert "│ [blink]S[/blink] │" in run.stdout and "\x1b]8;" not in run.stdout


def test_diff_xlsx_keeps_formula_like_text_as_text(folder: Path) -> None:
    from openpyxl import load_workbook

    line = "      - {{line: {}, member: alpha, unit: day, qty: 1, unit_price: 10}}\n"
    for out, name in (("a", "Plain"), ("b", '"=1+2"')):
        text = bid_text().replace("      - {item: alpha/B, qty: 1}\n", line.format(name))
        (folder / "bid.yaml").write_text(text, encoding="utf-8")
        assert bidkit(folder, "build", "bid.yaml", "--out", out).code == 0
    run = bidkit(folder, "diff", "a/H-1-summary.json", "b/H-1-summary.json", "--xlsx", "d.xlsx")
    assert run.code == 0, run.describe()
    sheet = load_workbook(folder / "d.xlsx")["Changes"]
    names = {c.value: c for c in sheet["E"][1:]}
    assert set(names) == {"Plain", "=1+2"}
    formula = names["=1+2"]
    assert (formula.data_type, formula.quotePrefix) == ("s", True)
    assert (names["Plain"].data_type, names["Plain"].quotePrefix) == ("s", False)
