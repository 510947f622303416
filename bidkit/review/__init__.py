"""Lead-company review: price lock, draft-to-draft diff, approvals."""
