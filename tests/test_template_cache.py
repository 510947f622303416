"""The compiled-template cache: entries are reused, keyed by all they depend on, and never trusted blindly."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from bidkit.outputs.proposal.docx import render_proposal
from bidkit.outputs.proposal.jinja import environment
from bidkit.pipeline import price_bid
from bidkit.speed import templates as template_cache
from bidkit.speed.templates import TemplateCache, decode, encode
from tests.helpers import ROOT

EXAMPLE = ROOT / "examples" / "lviv-substations" / "bid.yaml"
SOURCE = "{{ name }}: {{ qty | number }}"


def render(cache: TemplateCache | None, source: str = SOURCE, language: str = "en") -> str:
    env = environment(language, "EUR", cache=cache)
    out = env.from_string(source).render(name="Pump", qty=Decimal("1234.5"))
    return out.replace("&#46;", ".")  # values are escaped for a text block's Markdown too


def entries(cache: TemplateCache) -> list[Path]:
    return sorted(cache.folder.glob("*.tpl"))


def test_a_compiled_template_is_stored_and_read_back(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "templates")
    assert render(cache) == "Pump: 1,234.5"
    [entry] = entries(cache)
    # Prove the stored code is what runs: put other code under the same key.
    other = environment("en", "EUR").compile("stored {{ name }}")
    entry.write_bytes(encode(entry.stem, other))
    assert render(cache) == "stored Pump"
    assert entries(cache) == [entry]


def test_another_source_or_language_is_another_entry(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "templates")
    render(cache)
    assert render(cache, SOURCE + "!") == "Pump: 1,234.5!"
    # Jinja folds filters on constants at compile time: the language is part of the key.
    assert render(cache, "{{ 1234.5 | number }}", "en") == "1,234.5"
    assert render(cache, "{{ 1234.5 | number }}", "da") == "1.234,5"
    assert len(entries(cache)) == 4


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry[:-5],  # truncated
        lambda entry: entry[:40] + bytes([entry[40] ^ 1]) + entry[41:],  # checksum no longer matches
        lambda entry: b"not an entry at all",
    ],
)
def test_a_corrupt_entry_is_ignored_and_written_again(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = TemplateCache(tmp_path / "templates")
    render(cache)
    [entry] = entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert render(cache) == "Pump: 1,234.5"
    assert decode(entry.read_bytes(), entry.stem) is not None


def test_an_entry_written_for_another_key_is_not_used(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "templates")
    render(cache, "other {{ name }}")
    [first] = entries(cache)
    render(cache)
    [second] = set(entries(cache)) - {first}
    first.write_bytes(second.read_bytes())  # valid checksum, wrong key
    assert render(cache, "other {{ name }}") == "other Pump"
    assert decode(first.read_bytes(), first.stem) is not None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    folder.chmod(0o777)
    cache = TemplateCache(folder)
    assert render(cache) == "Pump: 1,234.5"
    assert entries(cache) == []
    assert str(cache.refusal()) == (
        f"{folder}: warning: other users can write to the cache folder, so bidkit does not use it and works "
        f"without a cache; make it private with: chmod 700 {folder}"
    )


def test_a_folder_that_cannot_be_made_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    cache = TemplateCache(tmp_path / "file" / "templates")
    assert render(cache) == "Pump: 1,234.5"
    assert render(cache) == "Pump: 1,234.5"
    assert cache.refusal() is None  # nothing to warn about: it only costs time


def test_the_folder_is_private_and_beside_the_catalogue_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIDKIT_CACHE_DIR", str(tmp_path / "cache"))
    cache = TemplateCache()
    assert cache.folder == tmp_path / "cache" / "templates"
    render(cache)
    assert cache.folder.stat().st_mode & 0o777 == 0o700 or not hasattr(os, "getuid")
    monkeypatch.delenv("BIDKIT_CACHE_DIR")
    assert template_cache.default_folder().parts[-2:] == ("bidkit", "templates")


def test_the_proposal_is_the_same_with_a_cold_cache_a_warm_one_and_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIDKIT_CACHE_DIR", str(tmp_path / "cache"))
    priced, _ = price_bid(EXAMPLE)
    uncached = render_proposal(priced, EXAMPLE.parent)
    assert not (tmp_path / "cache" / "templates").exists()
    cold = render_proposal(priced, EXAMPLE.parent, TemplateCache())
    stored = entries(TemplateCache())
    assert stored  # the template's parts and the text blocks
    warm = render_proposal(priced, EXAMPLE.parent, TemplateCache())
    assert uncached == cold == warm
    assert entries(TemplateCache()) == stored
