"""Repeated games: a stage game played again and again, discounted or with a horizon.

A :class:`RepeatedGame` only holds data: the stage game, the common discount factor and,
for a finitely repeated game, the number of periods. The analyses (minmax, feasible and
individually rational payoffs, critical discount factors, strategy automata) live in
:mod:`multivector.solver.repeated`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from multivector.errors import GameError
from multivector.files import NumberTextError, exact_number, shorten
from multivector.games.normal_form import NormalFormGame

__all__ = ["Discount", "RepeatedGame", "as_discount"]

#: A discount factor: exact (Fraction) when given exactly, else a float.
Discount = Fraction | float


def as_discount(value: Any) -> Discount:
    """Check a discount factor and keep it exact when it is given exactly.

    Integers, Fractions and strings such as ``"9/10"`` give a Fraction; floats stay floats.

    Raises
    ------
    GameError
        When the value is not a number in ``[0, 1)``.

    Examples
    --------
    >>> as_discount("1/2"), as_discount(0.9)
    (Fraction(1, 2), 0.9)
    """
    if isinstance(value, bool):
        raise GameError(f"discount factor {value!r} is a boolean; give a number in [0, 1)")
    d: Discount
    if isinstance(value, Fraction):
        d = value
    elif isinstance(value, int):
        d = Fraction(value)
    elif isinstance(value, str):
        # digits and exponent are checked before conversion: "1e-999999999" is refused,
        # not expanded into an exact fraction
        try:
            d = Fraction(exact_number(value))
        except NumberTextError as err:
            if err.limit:
                raise GameError(f"discount factor {err}; give a number in [0, 1)") from None
            raise GameError(
                f"discount factor {shorten(value, 40)!r} is not a number; write it as 0.9 or 9/10"
            ) from None
    else:
        try:
            d = float(value)
        except (TypeError, ValueError):
            raise GameError(
                f"discount factor {value!r} is not a number; give a number in [0, 1)"
            ) from None
        if not math.isfinite(d):
            raise GameError(f"discount factor {value!r} is not finite; give a number in [0, 1)")
    if not 0 <= d < 1:
        raise GameError(
            f"discount factor {value} is outside [0, 1); the infinitely repeated game needs "
            "0 <= discount < 1 (use horizon=T for a finite game)"
        )
    return d


@dataclass(frozen=True, eq=False, init=False)
class RepeatedGame:
    """A stage game repeated with a common discount factor, or for ``horizon`` periods.

    Parameters
    ----------
    stage : NormalFormGame
        The game played each period; every player observes the whole action profile
        (perfect monitoring).
    discount : number, optional
        The common discount factor in ``[0, 1)``; payoffs are normalised discounted sums
        ``(1 - discount) * sum_t discount**t u(a_t)``. Kept exact when given exactly.
    horizon : int, optional
        Number of periods of a finitely repeated game; None (the default) for an infinite
        horizon, which then needs ``discount``.

    Raises
    ------
    GameError
        When the stage is not a NormalFormGame, the discount is outside ``[0, 1)``, the
        horizon is not a positive integer, or neither is given.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> RepeatedGame(pd, discount="9/10")
    RepeatedGame(2x2, discount=9/10)
    >>> RepeatedGame(pd, horizon=5).horizon
    5
    """

    stage: NormalFormGame
    discount: Discount | None
    horizon: int | None

    def __init__(
        self, stage: NormalFormGame, discount: Any = None, *, horizon: int | None = None
    ) -> None:
        if not isinstance(stage, NormalFormGame):
            raise GameError(
                f"the stage game must be a NormalFormGame, not {type(stage).__name__}; "
                "build one with NormalFormGame(...) or load_game(...)"
            )
        d = None if discount is None else as_discount(discount)
        if horizon is not None:
            if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
                raise GameError(
                    f"horizon {horizon!r} is not a positive integer; give the number of "
                    "periods, e.g. horizon=10"
                )
        elif d is None:
            raise GameError(
                "a repeated game needs discount=... (infinitely repeated) or horizon=T "
                "(finitely repeated)"
            )
        object.__setattr__(self, "stage", stage)
        object.__setattr__(self, "discount", d)
        object.__setattr__(self, "horizon", horizon)

    @property
    def is_finite(self) -> bool:
        """True for a finitely repeated game."""
        return self.horizon is not None

    def __repr__(self) -> str:
        shape = "x".join(str(s) for s in self.stage.shape)
        parts = []
        if self.discount is not None:
            parts.append(f"discount={self.discount}")
        if self.horizon is not None:
            parts.append(f"horizon={self.horizon}")
        return f"RepeatedGame({shape}, {', '.join(parts)})"
