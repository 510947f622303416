"""Making a model from values bidkit has already checked, the cheap way pydantic offers.

A big build makes ten thousand components, lock entries and priced lines.  Calling the
model's own validator with the values at hand does the same validation as
``Model(**values)`` at a third less cost (no keyword arguments to gather and unpack).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def maker(model: type[M]) -> Callable[[Mapping[str, Any]], M]:
    """``model(**values)`` as a function of ``values``, fully validated."""
    validate = model.__pydantic_validator__.validate_python

    def make(values: Mapping[str, Any]) -> M:
        made: M = validate(values)
        return made

    return make
