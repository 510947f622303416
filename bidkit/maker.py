"""Making models from values bidkit has already checked, the cheap ways pydantic allows.

A big build makes ten thousand components, lock entries and priced lines.

* :func:`maker`: calling the model's own validator with the values at hand does the same
  validation as ``Model(**values)`` at a third less cost (no keyword arguments to gather and
  unpack).  For values read from a file bidkit did not just write (the price lock).
* :func:`trusted`: no validation at all, a fifth of the cost.  Only for values bidkit made
  itself from inputs already checked (a catalogue row checked cell by cell as it was read, a
  priced line computed from them), where validating again checks nothing new.  The values
  must be every field, in the model's order, of the declared types; tests/test_maker.py holds
  every such model made from the shipped example to that, field by field.
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


def trusted(model: type[M]) -> Callable[[dict[str, Any]], M]:
    """``model(**values)`` for checked values: the instance holds ``values`` as its fields.

    What pydantic itself does when it unpickles a model: the field values become the
    instance's ``__dict__`` (so ``values`` must not be used afterwards), every field counts
    as set, and there are neither extra nor private attributes.
    """
    new = object.__new__
    put = object.__setattr__  # frozen models refuse setattr
    every = set(model.model_fields)

    def make(values: dict[str, Any]) -> M:
        made: M = new(model)
        put(made, "__dict__", values)
        put(made, "__pydantic_fields_set__", every)
        put(made, "__pydantic_extra__", None)
        put(made, "__pydantic_private__", None)
        return made

    return make
