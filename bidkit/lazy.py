"""A package's public names imported when first used, so importing the package stays cheap.

``import bidkit`` must not load pydantic, the renderers or the workbook reader: the CLI
imports only what a command needs, and a rebuild from the catalogue cache never loads the
modules that read a workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def lazy_names(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each of ``names`` (name -> module) from its module."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import importlib

        return getattr(importlib.import_module(module), name)

    return __getattr__
