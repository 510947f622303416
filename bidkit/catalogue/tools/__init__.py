"""The member firms' own tools: check, diff and a fill-in template."""
