"""The zip container bidkit writes its documents in (bidkit/render/zipparts.py), read back by zipfile."""

from __future__ import annotations

import re
import zipfile
import zlib
from datetime import UTC, datetime
from io import BytesIO

import pytest

from bidkit.errors import OutputError
from bidkit.render import zipparts
from bidkit.render.zipparts import deterministic_zip, zip_parts

PARTS = [
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
    ("xl/worksheets/sheet1.xml", b"<worksheet>" + b"<row><c><v>1</v></c></row>" * 20_000 + b"</worksheet>"),
    ("xl/media/\u00e6bler \u00f8.bin", bytes(range(256)) * 40),  # a non-ASCII name, incompressible-ish bytes
    ("docProps/empty.xml", b""),
]


def test_every_part_reads_back_as_written_with_fixed_metadata() -> None:
    data = zip_parts(PARTS)
    with zipfile.ZipFile(BytesIO(data)) as zf:
        assert zf.testzip() is None  # every CRC checks out
        infos = zf.infolist()
        assert [i.filename for i in infos] == [name for name, _ in PARTS]
        assert [zf.read(i) for i in infos] == [body for _, body in PARTS]
        assert {(i.date_time, i.compress_type, i.create_system, i.external_attr >> 16) for i in infos} == {
            ((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, 3, 0o100644)
        }
        assert [i.flag_bits for i in infos] == [0, 0, 0x800, 0]  # UTF-8 only where the name needs it
    sheet = next(body for name, body in PARTS if name.endswith("sheet1.xml"))
    assert infos[1].compress_size < len(sheet) // 20  # deflated, not stored


def test_the_same_parts_give_the_same_bytes() -> None:
    assert zip_parts(PARTS) == zip_parts(list(PARTS))
    assert zip_parts(PARTS) != zip_parts(PARTS[::-1])


def test_zlib_where_isal_is_missing_gives_a_valid_zip_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipparts, "compressobj", zlib.compressobj)
    monkeypatch.setattr(zipparts, "crc32", zlib.crc32)
    with zipfile.ZipFile(BytesIO(zip_parts(PARTS))) as zf:
        assert zf.testzip() is None
        assert [zf.read(name) for name, _ in PARTS] == [body for _, body in PARTS]


def test_a_document_past_the_zip_limits_is_refused_not_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipparts, "_LIMIT", 1000)  # 4 GiB really
    with pytest.raises(OutputError) as caught:
        zip_parts(PARTS)
    assert str(caught.value) == (
        "the document is too large to write: its part 'xl/worksheets/sheet1.xml' ends past 4 GiB"
    )


def test_a_documents_core_properties_carry_the_date_given() -> None:
    core = (
        b'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2019-01-01T00:00:00Z</dcterms:created>'
        b'<dcterms:modified xsi:type="dcterms:W3CDTF">2020-05-05T10:00:00Z</dcterms:modified></cp:coreProperties>'
    )
    data = deterministic_zip([("docProps/core.xml", core), ("word/document.xml", b"<w:document/>")],
                             datetime(2026, 11, 27, tzinfo=UTC))  # fmt: skip
    with zipfile.ZipFile(BytesIO(data)) as zf:
        dated = re.sub(rb"20[12][0-9]-[0-9-]+T[0-9:]+Z", b"2026-11-27T00:00:00Z", core)
        assert zf.read("docProps/core.xml") == dated
        assert zf.read("word/document.xml") == b"<w:document/>"
