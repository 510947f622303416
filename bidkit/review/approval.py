r"""Approvals: who approved what, kept in a review log (``<bid>.review.json``) beside the bid.

An approval stores what it approved (``approved``, a mapping such as ``{"figures": <the
JSON summary>}``) and the SHA-256 of that content.  A bid is approved when the latest
approval is intact and its content is exactly what the bid gives now; any change to a
line, a price or a total gives other content and the bid is a DRAFT again until someone
approves anew.

What an approval covers, and how its hash is taken, is its ``scope``:

* scope 1 (review logs of version 1): ``{"figures": summary}``; the hash is of the summary
  alone, as the pretty JSON text a build writes (``json.dumps(summary, indent=2,
  ensure_ascii=False) + "\n"``, UTF-8).  That text depends on the encoder's layout, so
  such approvals are only verified, never made any more.
* scope 2: ``{"figures": summary}``; the hash is of the canonical JSON of the whole mapping
  (:func:`canonical_json`: sorted keys, no spaces, UTF-8), which any JSON library can
  reproduce.  The summary there still holds each line's place in the bid file (``source``),
  so a comment line above an item voided it, and it did not cover the proposal's wording.
* scope 3 (made now): ``{"figures": summary without the lines' "source", "wording": the
  proposal's wording}`` (bidkit/outputs/proposal/wording.py: language, fixed texts, template
  digest, every text block as rendered), hashed as scope 2.  Exactly what the client sees:
  every figure and every word, and not where in the bid file a line was written, its comments
  or the order of keys in a mapping (canonical JSON sorts them).

An intact approval of scope 1 or 2 is still verified, and lists what changed in the figures, but
it never approves the bid now: it did not cover the wording.  The bid is a DRAFT with that reason
until someone approves it anew (:attr:`ReviewState.older_scope`).

An approval whose stored content does not hash to its stored hash, or whose total,
currency or revision are not those of its content, proves nothing: it counts as no
approval, and :func:`review_state` says so in a warning.  A file-based approval shows
what someone with write access to the review log recorded; it cannot show who that was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bidkit.errors import BidkitError, Location, Problem, Severity
from bidkit.review.diff import Diff, diff_summaries
from bidkit.review.statefile import invalid, read_json_file, shown

REVIEW_VERSION: Literal[2] = 2
SCOPE = 3  # the scope of every approval made now
SCOPES = (1, 2, 3)

_WHAT = "the review log"
_HINT = "restore it from your records"


class Approval(BaseModel):
    """One approval as the review log holds it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str
    at: datetime
    revision: str | None
    total: str
    currency: str
    scope: int
    sha256: str
    approved: dict[str, Any]  # what the hash covers, kept so that later changes can be listed

    @property
    def figures(self) -> dict[str, Any]:
        """The JSON summary this approval approved (empty if the log holds none)."""
        figures = self.approved.get("figures")
        return figures if isinstance(figures, dict) else {}

    @property
    def wording(self) -> dict[str, Any]:
        """The proposal's wording this approval approved (empty before scope 3)."""
        wording = self.approved.get("wording")
        return wording if isinstance(wording, dict) else {}


class ReviewLog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bidkit_review: Literal[2] = REVIEW_VERSION
    approvals: list[Approval] = []


class _ApprovalV1(BaseModel):
    """An approval as review logs of version 1 held it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str
    at: datetime
    revision: str | None
    total: str
    currency: str
    summary_sha256: str
    summary: dict[str, Any]


class _ReviewLogV1(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bidkit_review: Literal[1] = 1
    approvals: list[_ApprovalV1] = []


@dataclass(frozen=True)
class Changes:
    """What differs between an approval and the bid now: the figures, and the wording in words."""

    figures: Diff
    other_figures: tuple[str, ...]  # figures the line/section/member/total tables do not show
    wording: tuple[str, ...]


@dataclass(frozen=True)
class ReviewState:
    """Whether the bid is approved, by which approval, and any warning about the log.

    ``figures`` and :attr:`wording` are the bid's now, so :meth:`changes` can compare them with
    the latest approval.  The wording is rendered only when first asked for: a bid without an
    approval, or whose figures differ from the approved ones, is a draft whatever its wording says,
    and a build of it never renders the wording twice (once here, once in the proposal).
    """

    approved: bool
    last: Approval | None  # the latest approval, intact or not
    problems: tuple[Problem, ...] = ()  # warnings: why the latest approval counts for nothing
    figures: dict[str, Any] = field(default_factory=dict, repr=False)
    render_wording: Callable[[], dict[str, Any]] = field(default=dict, repr=False, compare=False)

    @cached_property
    def wording(self) -> dict[str, Any]:
        """The proposal's wording an approval covers (bidkit/outputs/proposal/wording.py)."""
        return self.render_wording()

    @property
    def intact(self) -> bool:
        """There is a latest approval and it proves what it says (its figures can be compared)."""
        return self.last is not None and not self.problems

    @property
    def older_scope(self) -> bool:
        """The latest approval is intact but older than scope 3: it never covered the wording."""
        return self.intact and self.last is not None and self.last.scope < SCOPE

    def changes(self) -> Changes | None:
        """What changed since the latest approval; None when there is none to compare with."""
        last = self.last
        if last is None or not self.intact:
            return None
        diff = diff_summaries(last.figures, self.figures)
        other = _other_figures(covered_figures(last.figures), covered_figures(self.figures), diff)
        if last.scope < SCOPE:
            return Changes(diff, other, ("not covered by that approval",))
        return Changes(diff, other, tuple(wording_changes(last.wording, self.wording)))


def review_path(bid_path: Path) -> Path:
    """``bid.yaml`` -> ``bid.review.json`` beside it."""
    return bid_path.with_name(f"{bid_path.stem}.review.json")


def canonical_json(content: Any) -> bytes:
    """The one byte form of JSON data that approvals hash: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def canonical_sha256(content: Any) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def read_log(path: Path, label: str | None = None) -> ReviewLog:
    """The review log at ``path`` (empty when there is none), any version, as the current model.

    Approvals from a version-1 log become scope-1 approvals with their hash and summary as
    they were, so they are verified by the rule they were made under.
    """
    where = label or str(path)
    data = read_json_file(path, where, _WHAT, _HINT)
    if data is None:
        return ReviewLog()
    version = data.get("bidkit_review", 1) if isinstance(data, dict) else REVIEW_VERSION
    if version not in (1, REVIEW_VERSION):
        raise BidkitError(
            f"{_WHAT} has version {shown(version)}, and this bidkit reads only versions 1 and "
            f"{REVIEW_VERSION}; use the bidkit that wrote it",
            Location(where),
        )
    try:
        if version == REVIEW_VERSION:
            return ReviewLog.model_validate(data)
        old = _ReviewLogV1.model_validate(data)
    except ValidationError as exc:
        raise invalid(_WHAT, _HINT, exc, where) from None
    return ReviewLog(approvals=[_upgraded(a) for a in old.approvals])


def _upgraded(old: _ApprovalV1) -> Approval:
    return Approval(by=old.by, at=old.at, revision=old.revision, total=old.total, currency=old.currency,
                    scope=1, sha256=old.summary_sha256, approved={"figures": old.summary})  # fmt: skip


def log_to_json(log: ReviewLog) -> bytes:
    """The review log's text (always the current version)."""
    return (json.dumps(log.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def latest(log: ReviewLog) -> Approval | None:
    return log.approvals[-1] if log.approvals else None


def review_state(
    log: ReviewLog, figures: dict[str, Any], render_wording: Callable[[], dict[str, Any]], label: str
) -> ReviewState:
    """Whether the latest approval is intact and approved exactly these figures and this wording.

    ``figures`` is the JSON summary as data; ``render_wording`` renders the proposal's wording
    (bidkit/outputs/proposal/wording.py), and is called only when the approved figures are these
    (its errors are the proposal's own, which a build raises anyway); ``label`` is where warnings
    about the log point (the review log's path as shown).
    """
    last = latest(log)
    if last is None:
        return ReviewState(False, None, figures=figures, render_wording=render_wording)
    fault = approval_fault(last)
    if fault is not None:
        warning = Problem(
            f"the approval by {last.by} on {last.at:%Y-%m-%d %H:%M} UTC counts for nothing: {fault}; "
            "the bid needs a new approval ('bidkit review --approve')",
            Location(label),
            Severity.WARNING,
        )
        return ReviewState(False, last, (warning,), figures, render_wording)
    if last.scope != SCOPE or not _same_figures(figures, last.figures):
        return ReviewState(False, last, (), figures, render_wording)
    wording = render_wording()  # rendered once: the state hands back this same text
    same = canonical_sha256(_content(figures, wording)) == last.sha256
    return ReviewState(same, last, (), figures, lambda: wording)


def _same_figures(figures: dict[str, Any], approved: dict[str, Any]) -> bool:
    """Whether the figures are those an approval holds, as its hash covers them (canonical JSON)."""
    return canonical_json(covered_figures(figures)) == canonical_json(covered_figures(approved))


def approval_fault(approval: Approval) -> str | None:
    """Why ``approval`` proves nothing, or None when it is intact."""
    if approval.scope not in SCOPES:
        return f"it has scope {approval.scope}, which this bidkit does not know"
    figures = approval.approved.get("figures")
    keys = ("figures", "wording") if approval.scope == SCOPE else ("figures",)
    what = " and ".join(keys)
    if set(approval.approved) != set(keys) or not all(isinstance(approval.approved[k], dict) for k in keys):
        return f"it does not hold exactly the {what} it approved"
    assert isinstance(figures, dict)
    if approval.scope == 1:
        stored = hashlib.sha256(_pretty(figures)).hexdigest()
    else:
        stored = canonical_sha256(approval.approved)
    if stored != approval.sha256:
        return f"the {what} it holds do not match its SHA-256"
    said = (approval.total, approval.currency, approval.revision)
    if said != (figures.get("total"), figures.get("currency"), figures.get("revision")):
        return "its total, currency or revision differ from the figures it holds"
    return None


def covered_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The summary as an approval covers it: without where each line was written in the bid file."""
    lines = figures.get("lines")
    if not isinstance(lines, list):
        return figures
    plain = [{k: v for k, v in line.items() if k != "source"} if isinstance(line, dict) else line
             for line in lines]  # fmt: skip
    return {**figures, "lines": plain}


def _content(figures: dict[str, Any], wording: dict[str, Any]) -> dict[str, Any]:
    """What an approval made now covers (scope 3)."""
    return {"figures": covered_figures(figures), "wording": wording}


_SHOWN_APART = ("lines", "sections", "members", "subtotal", "total")  # in the diff's own tables
# Figures that follow from the lines: listed only when the tables show no change to explain them.
_DERIVED = ("contingency", "discount", "rounding", "cost", "margin", "margin_pct", "co2e_kg", "origin",
            "payment", "delivery_weeks", "options")  # fmt: skip


def _other_figures(old: dict[str, Any], new: dict[str, Any], diff: Diff) -> tuple[str, ...]:
    """Each figure outside the diff's tables that changed (incoterm, payment, ...), old -> new."""
    out = []
    skip = _SHOWN_APART if diff.empty else (*_SHOWN_APART, *_DERIVED)
    for key in [*old, *[k for k in new if k not in old]]:
        a, b = old.get(key), new.get(key)
        if key in skip or canonical_json(a) == canonical_json(b):
            continue
        scalar = all(v is None or isinstance(v, str | int | float) for v in (a, b))
        out.append(f"{key}: {_brief(a)} -> {_brief(b)}" if scalar else f"{key} changed")
    quiet = not (diff.added or diff.removed or diff.changed)
    if quiet and canonical_json(old.get("lines")) != canonical_json(new.get("lines")):
        out.append("lines: details other than quantity and price changed (name, lead time, origin, ...)")
    return tuple(out)


def _brief(value: Any) -> str:
    text = "(none)" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def wording_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The wording that changed, in words: language, fixed texts, template, each block and bundle."""
    out = []
    if old.get("language") != new.get("language"):
        out.append(f"language: {_brief(old.get('language'))} -> {_brief(new.get('language'))}")
    elif old.get("fixed_texts") != new.get("fixed_texts"):
        out.append("the fixed texts of the language (headings, labels) changed")
    was, now = old.get("template") or {}, new.get("template") or {}
    if was.get("file") != now.get("file"):
        out.append(f"template: {_brief(was.get('file'))} -> {_brief(now.get('file'))}")
    elif was.get("sha256") != now.get("sha256"):
        out.append(f"template {_brief(now.get('file'))} changed")
    for key, what in (("blocks", "text block"), ("bundles", "bundle")):
        before, after = old.get(key) or {}, new.get(key) or {}
        for name in [*before, *[k for k in after if k not in before]]:
            if name not in after:
                out.append(f"{what} removed: {name}")
            elif name not in before:
                out.append(f"{what} added: {name}")
            elif canonical_json(before[name]) != canonical_json(after[name]):
                out.append(f"{what} changed: {name}")
    return out


def _pretty(figures: dict[str, Any]) -> bytes:
    """The summary as a build of review-log version 1 wrote it, which scope 1 hashed."""
    return (json.dumps(figures, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def approve(
    log: ReviewLog, by: str, at: datetime, figures: dict[str, Any], wording: dict[str, Any]
) -> Approval:
    """Record an approval of ``figures`` (the JSON summary as plain data) and ``wording``; return it."""
    content = _content(figures, wording)
    approval = Approval(by=by, at=at, revision=figures.get("revision"), total=figures["total"],
                        currency=figures["currency"], scope=SCOPE, sha256=canonical_sha256(content),
                        approved=content)  # fmt: skip
    log.approvals.append(approval)
    return approval
