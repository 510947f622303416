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
  reproduce.

A later scope can cover more (the rendered wording of the proposal, say) by adding keys
to the mapping and a rule to :func:`_content`; logs keep their format, and approvals of
an older scope are still checked by their own rule.

An approval whose stored content does not hash to its stored hash, or whose total,
currency or revision are not those of its content, proves nothing: it counts as no
approval, and :func:`review_state` says so in a warning.  A file-based approval shows
what someone with write access to the review log recorded; it cannot show who that was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bidkit.errors import BidkitError, Location, Problem, Severity
from bidkit.review.statefile import invalid, read_json_file, shown

REVIEW_VERSION: Literal[2] = 2
SCOPE = 2  # the scope of every approval made now

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
class ReviewState:
    """Whether the bid is approved, by which approval, and any warning about the log."""

    approved: bool
    last: Approval | None  # the latest approval, intact or not
    problems: tuple[Problem, ...] = ()  # warnings: why the latest approval counts for nothing

    @property
    def intact(self) -> bool:
        """There is a latest approval and it proves what it says (its figures can be compared)."""
        return self.last is not None and not self.problems


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


def review_state(log: ReviewLog, figures: dict[str, Any], label: str) -> ReviewState:
    """Whether the latest approval is intact and approved exactly ``figures`` (the JSON summary).

    ``label`` is where warnings about the log point (the review log's path as shown).
    """
    last = latest(log)
    if last is None:
        return ReviewState(False, None)
    fault = approval_fault(last)
    if fault is not None:
        warning = Problem(
            f"the approval by {last.by} on {last.at:%Y-%m-%d %H:%M} UTC counts for nothing: {fault}; "
            "the bid needs a new approval ('bidkit review --approve')",
            Location(label),
            Severity.WARNING,
        )
        return ReviewState(False, last, (warning,))
    same = canonical_sha256(_content(last.scope, figures)) == canonical_sha256(last.approved)
    return ReviewState(same, last)


def approval_fault(approval: Approval) -> str | None:
    """Why ``approval`` proves nothing, or None when it is intact."""
    if approval.scope not in (1, 2):
        return f"it has scope {approval.scope}, which this bidkit does not know"
    figures = approval.approved.get("figures")
    if set(approval.approved) != {"figures"} or not isinstance(figures, dict):
        return "it does not hold exactly the figures it approved"
    if approval.scope == 1:
        stored = hashlib.sha256(_pretty(figures)).hexdigest()
    else:
        stored = canonical_sha256(approval.approved)
    if stored != approval.sha256:
        return "the figures it holds do not match its SHA-256"
    said = (approval.total, approval.currency, approval.revision)
    if said != (figures.get("total"), figures.get("currency"), figures.get("revision")):
        return "its total, currency or revision differ from the figures it holds"
    return None


def _content(scope: int, figures: dict[str, Any]) -> dict[str, Any]:
    """What an approval of ``scope`` covers, for a bid whose summary is ``figures``."""
    return {"figures": figures}


def _pretty(figures: dict[str, Any]) -> bytes:
    """The summary as a build of review-log version 1 wrote it, which scope 1 hashed."""
    return (json.dumps(figures, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def approve(log: ReviewLog, by: str, at: datetime, figures: dict[str, Any]) -> Approval:
    """Record an approval of ``figures`` (the JSON summary as plain data) and return it."""
    content = _content(SCOPE, figures)
    approval = Approval(by=by, at=at, revision=figures.get("revision"), total=figures["total"],
                        currency=figures["currency"], scope=SCOPE, sha256=canonical_sha256(content),
                        approved=content)  # fmt: skip
    log.approvals.append(approval)
    return approval
