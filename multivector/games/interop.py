"""Games to and from the neighbouring libraries: nashpy, QuantEcon and pygambit.

Each library lays out a game its own way:

* nashpy: ``nashpy.Game(A, B)``, the row and column players' matrices
  (``game.payoff_matrices``); no labels.
* QuantEcon: ``quantecon.game_theory.NormalFormGame`` holds the payoff profile array of
  shape ``(s_1, ..., s_n, n)``, the player axis *last* (``payoffs[a_1, ..., a_n][i]`` is
  player i's payoff); a square matrix is a symmetric 2-player game. No labels.
* pygambit: ``pygambit.Game`` with player and strategy labels, a title, and payoffs as
  exact rationals or decimals.

multivector's tensor has the player axis first, ``(n, s_1, ..., s_n)``. The functions
here convert both ways; :class:`~multivector.games.normal_form.NormalFormGame` offers them
as ``from_nashpy``, ``to_nashpy``, ``from_quantecon``, ``to_quantecon``,
``from_pygambit`` and ``to_pygambit``. Labels and the title travel only where the other
library keeps them (pygambit); for nashpy and QuantEcon pass them to ``from_...``.
Exactness: nashpy and QuantEcon compute in floating point, so exact payoffs are passed
as integers when they all are, else as floats; pygambit keeps fractions and decimals
exactly, so a game read from it is exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from multivector.errors import GameError, MissingDependencyError

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame

__all__ = [
    "from_nashpy",
    "from_pygambit",
    "from_quantecon",
    "to_nashpy",
    "to_pygambit",
    "to_quantecon",
]

Labels = Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None


def _game_class() -> type[NormalFormGame]:
    from multivector.games.normal_form import NormalFormGame

    return NormalFormGame


def _plain_payoffs(game: NormalFormGame) -> np.ndarray:
    """The payoff tensor for a floating-point library: integers when every payoff is an
    exact integer (nothing is lost), floats otherwise."""
    exact = game.exact_payoffs
    if exact is not None and all(
        isinstance(v, Fraction) and v.denominator == 1 and abs(v) < 2**62 for v in exact.flat
    ):
        return np.vectorize(int, otypes=[np.int64])(exact)
    return np.array(game.payoffs)


# ------------------------------------------------------------------ nashpy
def from_nashpy(
    game: Any,
    players: Sequence[str] | None = None,
    strategies: Labels = None,
    *,
    title: str = "",
) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``nashpy.Game`` (its ``payoff_matrices``).

    nashpy keeps no labels: give ``players`` and ``strategies`` to name them (default
    ``P1``, ``P2`` and ``s1``, ``s2``, ...). Integer matrices stay exact.

    Raises
    ------
    GameError
        When ``game`` has no ``payoff_matrices`` (is not a nashpy game).

    Examples
    --------
    >>> import nashpy
    >>> g = from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), players=["Row", "Col"])
    >>> g.players, g.payoffs[1].tolist()
    (('Row', 'Col'), [[-1.0, 1.0], [1.0, -1.0]])
    """
    matrices = getattr(game, "payoff_matrices", None)
    if matrices is None or len(matrices) != 2:
        raise GameError(
            f"{type(game).__name__} is not a nashpy game (no payoff_matrices); for two "
            "matrices use NormalFormGame.from_bimatrix(A, B)"
        )
    try:
        A, B = (np.asarray(m) for m in matrices)
    except ValueError:
        raise GameError(
            "nashpy payoff matrices are ragged: every row needs one payoff per column"
        ) from None
    return _game_class().from_bimatrix(A, B, players, strategies, title=title)


def to_nashpy(game: NormalFormGame) -> Any:
    """The 2-player ``game`` as a ``nashpy.Game`` (labels are not kept by nashpy).

    Raises
    ------
    GameError
        For a game that does not have 2 players.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [m.tolist() for m in to_nashpy(pd).payoff_matrices]
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    """
    import nashpy

    if game.num_players != 2:
        raise GameError(
            f"nashpy takes 2-player games; this one has {game.num_players} players "
            "(QuantEcon and pygambit take n players: to_quantecon, to_pygambit)"
        )
    payoffs = _plain_payoffs(game)
    return nashpy.Game(payoffs[0], payoffs[1])


# ------------------------------------------------------------------ QuantEcon
def _quantecon_game_theory() -> Any:
    try:
        from quantecon import game_theory
    except ImportError:
        raise MissingDependencyError(
            "to_quantecon needs QuantEcon, which is not installed: pip install quantecon"
        ) from None
    return game_theory


def from_quantecon(
    data: Any,
    players: Sequence[str] | None = None,
    strategies: Labels = None,
    *,
    title: str = "",
) -> NormalFormGame:
    """A :class:`NormalFormGame` from QuantEcon's layout, the player axis last.

    Parameters
    ----------
    data : quantecon.game_theory.NormalFormGame or array_like
        A QuantEcon game (its ``payoff_profile_array``), or payoffs as QuantEcon's
        ``NormalFormGame`` takes them: an array of shape ``(s_1, ..., s_n, n)`` such as
        ``[[(1, 1), (-2, 3)], [(3, -2), (0, 0)]]`` (each cell the players' payoffs), or a
        square matrix ``M`` for the symmetric 2-player game in which each player gets
        ``M[own, other]``.
    players, strategies, title
        Labels (QuantEcon keeps none); defaults as in :class:`NormalFormGame`.

    Raises
    ------
    GameError
        When the shape is not ``(s_1, ..., s_n, n)`` nor a square matrix.

    Examples
    --------
    QuantEcon's prisoner's dilemma (its documentation's first example):

    >>> pd = from_quantecon([[(1, 1), (-2, 3)], [(3, -2), (0, 0)]], strategies=[["C", "D"]] * 2)
    >>> pd.payoffs[0].tolist(), pd.payoffs[1].tolist()
    ([[1.0, -2.0], [3.0, 0.0]], [[1.0, 3.0], [-2.0, 0.0]])
    """
    profile = getattr(data, "payoff_profile_array", None)
    source = profile if profile is not None else data
    try:
        arr = np.array(source, dtype=object)
    except ValueError:
        raise GameError("QuantEcon payoffs are ragged: every cell needs n payoffs") from None
    if arr.ndim == 2 and arr.shape[0] == arr.shape[1] and profile is None:
        # a symmetric 2-player game: player 0 gets M[a0, a1], player 1 gets M[a1, a0]
        tensor = np.stack([arr, arr.T])
    elif arr.ndim >= 3 and arr.shape[-1] == arr.ndim - 1:
        tensor = np.moveaxis(arr, -1, 0)
    else:
        raise GameError(
            f"QuantEcon payoffs have shape (s_1, ..., s_n, n), the player axis last, or "
            f"are a square matrix (a symmetric 2-player game); got shape {arr.shape}"
        )
    return _game_class()(tensor, players, strategies, title=title)


def to_quantecon(game: NormalFormGame) -> Any:
    """The game as a ``quantecon.game_theory.NormalFormGame`` (player axis last).

    Raises
    ------
    MissingDependencyError
        Without QuantEcon (``pip install quantecon``).

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> qe = to_quantecon(pd)
    >>> qe.nums_actions, qe.payoff_profile_array[1, 0].tolist()
    ((2, 2), [5, 0])
    """
    game_theory = _quantecon_game_theory()
    return game_theory.NormalFormGame(np.moveaxis(_plain_payoffs(game), 0, -1))


# ------------------------------------------------------------------ pygambit
def _pygambit(feature: str) -> Any:
    try:
        import pygambit
    except ImportError:
        raise MissingDependencyError(
            f"{feature} needs pygambit, which is not installed: "
            "pip install 'multivector[gambit]' (it may build from source)"
        ) from None
    return pygambit


def _gambit_number(value: Any) -> Fraction | str:
    """A payoff as pygambit takes it exactly: a Fraction, or a float as its decimal."""
    if isinstance(value, Fraction):
        return value
    # plain decimal text without an exponent: Gambit's parser does not take 1e+20
    return format(Decimal(repr(float(value))), "f")


def to_pygambit(game: NormalFormGame) -> Any:
    """The game as a ``pygambit.Game``, with its labels and title.

    Exact payoffs are passed as fractions; float payoffs as their shortest decimals,
    which Gambit keeps exactly, so :func:`from_pygambit` gives back an equal game.

    Raises
    ------
    MissingDependencyError
        Without pygambit (the ``gambit`` extra).

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...     players=["Ann", "Bob"], strategies=[["opera", "football"]] * 2, title="BoS")
    >>> g = to_pygambit(bos)
    >>> g.title, [p.label for p in g.players], [s.label for s in g.strategies][:2]
    ('BoS', ['Ann', 'Bob'], ['opera', 'football'])
    """
    gbt = _pygambit("to_pygambit")
    values: Any = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    cells = np.vectorize(_gambit_number, otypes=[object])(values)
    g = gbt.Game.from_arrays(*(cells[i] for i in range(game.num_players)))
    g.title = game.title
    for player, name, labels in zip(g.players, game.players, game.strategies, strict=True):
        player.label = name
        for strategy, label in zip(player.strategies, labels, strict=True):
            strategy.label = label
    return g


def from_pygambit(game: Any) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``pygambit.Game``: labels, title, exact payoffs.

    Gambit's payoffs are rationals or decimals; they are kept exactly
    (``exact_payoffs``). An extensive-form game is read through its strategic form (its
    reduced strategies, as Gambit lists them). A strategy without a label gets its
    position (``"1"``, ``"2"``, ...), as in Gambit's own files.

    Raises
    ------
    GameError
        When ``game`` is not a pygambit game, or its labels repeat.

    Examples
    --------
    >>> import pygambit
    >>> g = pygambit.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], title="BoS")
    >>> from_pygambit(g).payoffs[1].tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """
    to_arrays = getattr(game, "to_arrays", None)
    if to_arrays is None or not hasattr(game, "players"):
        raise GameError(f"{type(game).__name__} is not a pygambit game")
    arrays = to_arrays(dtype=Fraction)
    tensor = np.stack([np.asarray(a, dtype=object) for a in arrays])
    players = [p.label or str(k + 1) for k, p in enumerate(game.players)]
    strategies = [
        [s.label or str(k + 1) for k, s in enumerate(p.strategies)] for p in game.players
    ]
    return _game_class()(tensor, players, strategies, title=str(game.title or ""))
