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
