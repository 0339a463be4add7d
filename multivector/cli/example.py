"""The built-in example that ``multivector solve`` solves when given no file."""

from __future__ import annotations

from multivector.games.normal_form import NormalFormGame

__all__ = ["example_game"]

#: Title shown with the example; it says that the payoffs are made up.
EXAMPLE_TITLE = (
    "Illustrative example (made-up payoffs): Kazakhstan's alignment choice against Russia"
)


def example_game() -> NormalFormGame:
    """A 3x2 alignment game between Kazakhstan and Russia, with illustrative payoffs.

    Kazakhstan aligns with Russia, balances between the vectors, or pivots West; Russia
    accommodates or pressures. The integer payoffs are invented to show the command line
    at work (two pure equilibria and one mixed): they are not a calibrated model.

    Examples
    --------
    >>> g = example_game()
    >>> g.players, g.shape
    (('Kazakhstan', 'Russia'), (3, 2))
    """
    return NormalFormGame.from_bimatrix(
        [[2, 1], [4, 0], [3, -1]],
        [[3, 4], [2, 1], [0, 2]],
        players=["Kazakhstan", "Russia"],
        strategies=[["align", "balance", "pivot West"], ["accommodate", "pressure"]],
        title=EXAMPLE_TITLE,
    )
