"""``json.dumps(..., default=to_jsonable)``: results and games inside your own JSON.

Results (:class:`~multivector.solver.Solution`, :class:`~multivector.solver.Equilibrium`
and every concept's result) have ``to_dict()``; :func:`to_jsonable` calls it, so that a
solution nested in other data serialises as ``multivector solve --format json`` prints
it. It also turns games into their JSON game file contents, numpy arrays and numbers
into lists and Python numbers, and exact fractions into ``"p/q"`` strings, as the JSON
output of the command line writes them.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["to_jsonable"]


def to_jsonable(obj: Any) -> Any:
    """JSON-ready data for ``obj``: the ``default=`` of :func:`json.dumps`.

    Raises
    ------
    TypeError
        For an object it does not know, as :func:`json.dumps` expects of a ``default``.

    Examples
    --------
    >>> import json
    >>> from multivector import NormalFormGame, solve, to_jsonable
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> solution = solve(pd)
    >>> data = json.loads(json.dumps({"run": 1, "result": solution}, default=to_jsonable))
    >>> data["result"] == json.loads(solution.to_json())
    True
    >>> json.dumps([np.float64(0.5), Fraction(2, 3)], default=to_jsonable)
    '[0.5, "2/3"]'
    """
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    from multivector.games.normal_form import NormalFormGame

    if isinstance(obj, NormalFormGame):
        from multivector.games.formats import game_to_dict

        return game_to_dict(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
