"""The cost workbook's entry point; the workbook itself is built in :mod:`bidkit.render.workbook`."""

from __future__ import annotations

from bidkit.render.workbook import render_workbook

__all__ = ["render_workbook"]
