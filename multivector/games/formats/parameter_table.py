"""Public access to the ``[parameters]`` table of parametric game files.

The table's syntax (``name = { default = 1, min = 0, max = 10, unit = "...",
source = "...", meaning = "..." }`` or a bare number) is defined by
:mod:`multivector.games.formats.parametric`; this module lets other file formats (the
extensive-form tree files) read the same table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from multivector.errors import FormatError
from multivector.games.formats.parametric import ALLOWED_FUNCTIONS, _parameter
from multivector.games.scenarios.base import ParameterSet

__all__ = ["parameter_set_from_table"]


def parameter_set_from_table(table: Mapping[str, Any], *, source: str) -> ParameterSet:
    """A :class:`ParameterSet` from a file's ``parameters`` table.

    Raises
    ------
    FormatError
        For a name that is not an identifier (or is ``min``, ``max``, ``abs``), or an
        entry that is not a number or a table with a default.

    Examples
    --------
    >>> ps = parameter_set_from_table({"p": {"default": 0.5, "min": 0, "max": 1}, "c": 2},
    ...                               source="game.toml")
    >>> ps.defaults()
    {'p': 0.5, 'c': 2.0}
    """
    if not isinstance(table, Mapping) or not table:
        raise FormatError(f"{source}: 'parameters' must be a non-empty table of name = value")
    for name in table:
        if not str(name).isidentifier() or str(name) in ALLOWED_FUNCTIONS:
            raise FormatError(
                f"{source}: parameter name {name!r} must be an identifier (letters, digits, "
                "underscore; not starting with a digit) and not min, max or abs"
            )
    return ParameterSet(_parameter(str(k), v, source) for k, v in table.items())
