"""Approvals: who approved which figures, kept in a review log beside the bid.

An approval records the SHA-256 of the JSON summary it approved.  The summary
holds every line and figure, so any change to a line, a price or a total
gives another hash and the bid is a DRAFT again until someone approves anew.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bidkit.errors import BidkitError, Location


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str
    at: datetime
    revision: str | None
    total: str
    currency: str
    summary_sha256: str
    summary: dict[str, Any]  # the approved summary itself, so later changes can be listed


class ReviewLog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bidkit_review: int = 1
    approvals: list[Approval] = []


def review_path(bid_path: Path) -> Path:
    return bid_path.with_name(f"{bid_path.stem}.review.json")


def summary_sha256(summary_json: str) -> str:
    return hashlib.sha256(summary_json.encode("utf-8")).hexdigest()


def read_log(path: Path, label: str | None = None) -> ReviewLog:
    if not path.exists():
        return ReviewLog()
    try:
        return ReviewLog.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise BidkitError(
            f"the review log is damaged ({exc.errors()[0]['msg']}); restore it from your records",
            Location(label or str(path)),
        ) from None


def log_to_json(log: ReviewLog) -> bytes:
    return (json.dumps(log.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def latest(log: ReviewLog) -> Approval | None:
    return log.approvals[-1] if log.approvals else None


def status(log: ReviewLog, summary_json: str) -> tuple[bool, Approval | None]:
    """(approved?, the latest approval): approved when it approved exactly these figures."""
    last = latest(log)
    return (last is not None and last.summary_sha256 == summary_sha256(summary_json)), last


def approve(log: ReviewLog, by: str, at: datetime, summary_json: str) -> Approval:
    data = json.loads(summary_json)
    approval = Approval(
        by=by, at=at, revision=data.get("revision"), total=data["total"], currency=data["currency"],
        summary_sha256=summary_sha256(summary_json), summary=data,
    )  # fmt: skip
    log.approvals.append(approval)
    return approval
