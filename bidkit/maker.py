"""Making models from values bidkit has already checked, without validating them again.

A big build makes ten thousand components, priced lines and lock entries.  Their values
were checked before (a catalogue row cell by cell as its workbook was read) or computed
from checked values (a priced line, a lock entry taken from a component), so pydantic's
validation would check nothing new, at five times the cost of making the instance.
The values must be every field, in the model's order, of the declared types;
tests/test_maker.py holds every such model made from real projects to that, field by
field.  Values read from a file bidkit did not just make (the bid, the price lock on
disk) are always validated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def trusted(model: type[M]) -> Callable[[dict[str, Any]], M]:
    """``model(**values)`` for checked values: the instance holds ``values`` as its fields.

    Every field counts as set (one set shared by every instance made this way); ``values``
    must not be used afterwards.
    """
    every = set(model.model_fields)

    def make(values: dict[str, Any]) -> M:
        return restored(model, values, every)

    return make


def restored(model: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """A model instance made the way pydantic unpickles one.

    The field values become the instance's ``__dict__``, with the fields that were set, and
    there are neither extra nor private attributes.
    """
    made: M = _new(model)
    _put(made, "__dict__", values)
    _put(made, "__pydantic_fields_set__", fields_set)
    _put(made, "__pydantic_extra__", None)
    _put(made, "__pydantic_private__", None)
    return made


_new = object.__new__
_put = object.__setattr__  # frozen models refuse setattr
