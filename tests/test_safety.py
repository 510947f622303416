"""The checks bidkit/catalogue/xlsx/safety.py makes before any parser sees an Office file, at their edges.

The corpus (test_corpus.py) runs the whole files through the CLI; these tests
pin what the corpus cannot show cheaply: DTDs hidden behind a UTF-16 encoding
or a long comment, a zip directory too large to load, parsers left undefended.
"""

from __future__ import annotations

import io
import sys
import types
import zipfile
from pathlib import Path

import pytest

from bidkit.catalogue.xlsx import safety
from bidkit.catalogue.xlsx.safety import (
    PROLOG_LIMIT,
    UnsafePackage,
    check_package,
    prolog_verdict,
    require_xml_defences,
)
from bidkit.errors import BidkitError

DTD = '<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'


def package(parts: dict[str, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    buf.seek(0)
    return buf


@pytest.mark.parametrize(
    ("head", "verdict"),
    [
        (b'<?xml version="1.0"?>\n<worksheet/>', "ok"),
        (f'<?xml version="1.0"?>{DTD}'.encode(), "dtd"),
        (f"\ufeff<!-- a comment -->\n<?pi data?>{DTD}".encode(), "dtd"),
        (f'<?xml version="1.0" encoding="UTF-16"?>{DTD}'.encode("utf-16"), "dtd"),  # with a byte-order mark
        (f"<?xml?>{DTD}".encode("utf-16-le"), "dtd"),  # without one
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "ok"),  # not XML: no parser reads it as XML
        (b"", "ok"),
        (b"<!-- never closed", "ok"),  # broken XML: the parser refuses it
    ],
)
def test_prolog_verdict_on_whole_parts(head: bytes, verdict: str) -> None:
    assert prolog_verdict(head, complete=True) == verdict


def test_a_dtd_after_a_long_comment_is_still_found() -> None:
    part = f"<!--{'x' * 20000}-->{DTD}".encode()
    with pytest.raises(UnsafePackage, match=r"'word/document\.xml' contains a document type declaration"):
        check_package(package({"word/document.xml": part}))


def test_a_prolog_longer_than_the_limit_is_refused() -> None:
    part = f"<!--{'x' * PROLOG_LIMIT}-->{DTD}".encode()
    with pytest.raises(UnsafePackage) as info:
        check_package(package({"xl/workbook.xml": part}))
    assert str(info.value) == ("the part 'xl/workbook.xml' has more than 64 KiB before its first element, "
                               "which no Office file has; the file is refused")  # fmt: skip


def test_a_zip_directory_too_large_to_load_is_refused_before_reading_it(tmp_path: Path) -> None:
    data = bytearray(package({"a.xml": b"<a/>"}).getvalue())
    end = data.rfind(b"PK\x05\x06")
    data[end + 10 : end + 12] = (60000).to_bytes(2, "little")  # the entry count the directory claims
    (tmp_path / "many.xlsx").write_bytes(bytes(data))
    with pytest.raises(UnsafePackage) as info:
        check_package(tmp_path / "many.xlsx")
    assert str(info.value).startswith("the file's zip directory lists 60,000 entries")


def test_the_shipped_template_passes() -> None:
    from bidkit.outputs.proposal.resources import DEFAULT_TEMPLATE

    check_package(DEFAULT_TEMPLATE)


@pytest.fixture
def fresh_check() -> object:
    require_xml_defences.cache_clear()
    yield
    require_xml_defences.cache_clear()


def test_parsers_are_defended_here(fresh_check: object) -> None:
    require_xml_defences(documents=True)


def test_refuses_to_read_without_defusedxml(monkeypatch: pytest.MonkeyPatch, fresh_check: object) -> None:
    monkeypatch.setitem(sys.modules, "defusedxml", None)  # an import of it now fails
    with pytest.raises(BidkitError) as info:
        require_xml_defences()
    assert str(info.value) == ("bidkit will not read files from outside while defusedxml is not installed "
                               "(reinstall bidkit: pip install --force-reinstall bidkit)")  # fmt: skip


def test_refuses_when_openpyxl_is_told_not_to_use_defusedxml(
    monkeypatch: pytest.MonkeyPatch, fresh_check: object
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl.xml", types.SimpleNamespace(DEFUSEDXML=False))
    with pytest.raises(BidkitError, match=r"openpyxl is set not to use defusedxml \(OPENPYXL_DEFUSEDXML\)"):
        require_xml_defences()
    monkeypatch.delitem(sys.modules, "openpyxl.xml")
    monkeypatch.setenv("OPENPYXL_DEFUSEDXML", "False")  # what openpyxl would decide when imported
    with pytest.raises(BidkitError, match="OPENPYXL_DEFUSEDXML"):
        require_xml_defences.__wrapped__()


def test_limits_are_consistent() -> None:
    assert safety.MAX_PART <= safety.MAX_TOTAL
    assert safety.RATIO_FLOOR * safety.MAX_RATIO <= safety.MAX_PART
