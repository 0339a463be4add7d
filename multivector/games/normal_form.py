"""Normal-form games: the payoff tensor, the labels, and what follows from them alone.

A :class:`NormalFormGame` is an immutable value. It holds no solver; what can be computed
from a single profile (expected payoffs, best responses, regret) lives here, everything
that searches for equilibria lives in :mod:`multivector.solver`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import GameError
from multivector.files import NumberTextError, exact_number, shorten
from multivector.games.display import game_html, game_markdown

__all__ = [
    "MAX_ABS_PAYOFF",
    "MixedProfile",
    "NormalFormGame",
    "PayoffTableError",
    "check_payoff_range",
    "payoff_grid",
    "payoff_vectors",
    "to_fraction",
]

#: Largest payoff, in absolute value, that the solvers compute with (see
#: :func:`check_payoff_range`). Linear programs (HiGHS) treat coefficients near ``1e15``
#: as errors or infinities, so a margin of a thousand is kept below that.
MAX_ABS_PAYOFF = 1e12

#: A mixed profile: one 1-D probability array per player.
MixedProfile = tuple[NDArray[np.float64], ...]

_STRATEGY_PREFIX = "s"


def to_fraction(value: Any) -> Fraction:
    """Convert an exact payoff (int, Fraction, ``"3/4"``, ``"0.25"``) to a Fraction.

    Floats are converted exactly (their binary value); use
    :meth:`NormalFormGame.rational_payoffs` for the rounding rule applied to float games.

    Examples
    --------
    >>> to_fraction("3/4"), to_fraction(2), to_fraction("0.1")
    (Fraction(3, 4), Fraction(2, 1), Fraction(1, 10))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise GameError(f"payoff {value!r} is a boolean; give a number")
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, str):
        try:
            return Fraction(exact_number(value))
        except NumberTextError as err:
            if not err.limit:
                raise GameError(
                    f"payoff {shorten(value, 40)!r} is not a number; write it as 3, -1.5 or 2/3"
                ) from None
            raise GameError(f"payoff {err}") from None
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise GameError(f"payoff {value!r} is not finite; payoffs must be finite numbers")
        return Fraction(float(value))
    raise GameError(f"payoff {value!r} of type {type(value).__name__} is not a number")


def _as_payoff_array(payoffs: Any) -> tuple[NDArray[np.float64], NDArray[np.object_] | None]:
    """Float array of the payoffs, and an exact Fraction array when the input was exact.

    The payoffs are exact when every entry is an integer, a Fraction or a numeric string
    (``"2/3"``, ``"0.25"``); as soon as one entry is a float the game is a float game and
    strings are converted through their exact value.
    """
    if isinstance(payoffs, np.ndarray) and payoffs.dtype.kind in "fiu":
        arr = np.asarray(payoffs)
        exact = None
        if arr.dtype.kind in "iu" and arr.size:
            exact = np.vectorize(Fraction, otypes=[object])(arr)
        return arr.astype(np.float64), exact
    try:
        obj = np.array(payoffs, dtype=object)
    except ValueError as err:  # ragged nested lists
        raise GameError(
            f"payoffs are ragged: every row must have the same length (numpy said: {err})"
        ) from None
    flat = obj.ravel()
    for v in flat:
        if isinstance(v, (list, tuple, np.ndarray)):
            raise GameError(
                "payoffs are ragged: every row must have the same length, so that they "
                "form an array of shape (n, s_1, ..., s_n)"
            )
        if isinstance(v, (bool, np.bool_)) or v is None:
            raise GameError(f"payoff {v!r} is not a number; payoffs must be numbers")
    exact_input = all(isinstance(v, (int, np.integer, Fraction, str)) for v in flat)
    values = [to_fraction(v) if isinstance(v, str) else v for v in flat]
    try:
        arr = np.array([float(v) for v in values], dtype=np.float64).reshape(obj.shape)
    except OverflowError:
        raise GameError(
            "a payoff is too large for a 64-bit float (about 1.8e308); rescale the payoffs"
        ) from None
    except (TypeError, ValueError):
        bad = next(v for v in flat if not _is_number(v))
        raise GameError(
            f"payoff {shorten(repr(bad), 40)} is not a number; payoffs must be numbers"
        ) from None
    if exact_input and flat.size:
        fractions = np.empty(obj.shape, dtype=object)
        fractions.reshape(-1)[:] = [to_fraction(v) for v in values]
        return arr, fractions
    return arr, None


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_labels(kind: str, labels: Sequence[str], expected: int) -> tuple[str, ...]:
    labels = tuple(str(label) for label in labels)
    if len(labels) != expected:
        raise GameError(f"{len(labels)} {kind} labels given for {expected} {kind}s")
    if any(not label for label in labels):
        raise GameError(f"{kind} labels must be non-empty strings; got {list(labels)}")
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise GameError(
                f"duplicate {kind} label {label!r} in {list(labels)}; labels must be unique"
            )
        seen.add(label)
    return labels


@dataclass(frozen=True, eq=False, init=False)
class NormalFormGame:
    """A finite game in normal (strategic) form, for any number of players.

    Parameters
    ----------
    payoffs : array_like, shape (n, s_1, ..., s_n)
        ``payoffs[i][a_1, ..., a_n]`` is player ``i``'s payoff when each player ``j`` plays
        strategy ``a_j``. Integers, Fractions and strings such as ``"2/3"`` are kept exactly
        as well (see :attr:`exact_payoffs`); floats are used as given.
    players : sequence of str, optional
        Player names, default ``"P1", "P2", ...``.
    strategies : sequence of sequences of str, or mapping player -> labels, optional
        Strategy labels per player, default ``"s1", "s2", ...``.
    title : str, optional
        A one-line description kept with the game.

    Raises
    ------
    GameError
        On a wrong shape, fewer than 2 players, an empty strategy set, a non-finite payoff,
        or missing or duplicate labels; on the layouts of other libraries, naming the
        constructor that reads them (see Notes).

    Notes
    -----
    The player axis comes first. Other libraries' habits are refused rather than
    misread: payoffs written as one tuple of every player's payoffs per cell
    (QuantEcon's ``[[(1, 1), (-2, 3)], ...]``) or of a shape that fits only QuantEcon's
    ``(s_1, ..., s_n, n)`` point to :meth:`from_quantecon`; a single matrix, or a second
    matrix given where the player names go (nashpy's ``Game(A, B)``), point to
    :meth:`from_bimatrix`. A nested list or array whose shape fits both conventions (a
    2-player game whose second player has 2 strategies: ``(2, m, 2)``) is read as
    ``(n, s_1, ..., s_n)``.

    Examples
    --------
    >>> import numpy as np
    >>> pd = NormalFormGame.from_bimatrix(
    ...     [[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=["Row", "Col"], strategies=[["C", "D"], ["C", "D"]])
    >>> pd.shape
    (2, 2)
    >>> pd.expected_payoffs((np.array([0.0, 1.0]), np.array([0.0, 1.0]))).tolist()
    [1.0, 1.0]
    >>> pd.regret((np.array([1.0, 0.0]), np.array([1.0, 0.0])))
    2.0
    """

    payoffs: NDArray[np.float64]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    title: str
    exact_payoffs: NDArray[np.object_] | None

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> None:
        _refuse_other_layouts(payoffs, players)
        arr, exact = _as_payoff_array(payoffs)
        if arr.ndim < 1:
            raise GameError("payoffs must be an array of shape (n, s_1, ..., s_n), got a scalar")
        n = arr.shape[0]
        if n < 2:
            raise GameError(
                f"a game needs at least 2 players; payoffs has shape {arr.shape}, "
                "whose first axis (the player axis) has length {n}".replace("{n}", str(n))
            )
        if arr.ndim != n + 1:
            raise GameError(
                f"payoffs has shape {arr.shape}: its first axis says {n} players, so it "
                f"needs {n + 1} axes (n, s_1, ..., s_{n}), not {arr.ndim}"
            )
        if any(s < 1 for s in arr.shape[1:]):
            empty = [i for i, s in enumerate(arr.shape[1:]) if s < 1]
            raise GameError(
                f"player {empty[0] + 1} has no strategies (payoffs shape {arr.shape}); "
                "every player needs at least one strategy"
            )
        if not np.all(np.isfinite(arr)):
            where = tuple(int(k) for k in np.argwhere(~np.isfinite(arr))[0])
            raise GameError(
                f"payoff at index {where} is {arr[where]}; payoffs must be finite numbers"
            )
        if arr.size:
            flat = arr.reshape(n, -1)
            with np.errstate(over="ignore"):
                spans = flat.max(axis=1) - flat.min(axis=1)
            if not np.all(np.isfinite(spans)):
                i = int(np.argmin(np.isfinite(spans)))
                raise GameError(
                    f"the payoffs of player {i + 1} run from {flat[i].min():.3g} to "
                    f"{flat[i].max():.3g}, a span beyond the floating-point range (about "
                    "1.8e308); rescale them (dividing a player's payoffs by a positive number "
                    "does not change the equilibria)"
                )
        player_names = (
            tuple(f"P{i + 1}" for i in range(n))
            if players is None
            else _check_labels("player", players, n)
        )
        if strategies is None:
            labels = tuple(
                tuple(f"{_STRATEGY_PREFIX}{k + 1}" for k in range(s)) for s in arr.shape[1:]
            )
        else:
            if isinstance(strategies, Mapping):
                missing = [p for p in player_names if p not in strategies]
                if missing:
                    raise GameError(
                        f"strategies mapping has no labels for player(s) {missing}; "
                        f"give labels for each of {list(player_names)}"
                    )
                strategies = [strategies[p] for p in player_names]
            if isinstance(strategies, str) or len(strategies) != n:
                raise GameError(f"strategies must give one list of labels per player ({n})")
            labels = tuple(
                _check_labels(f"strategy (player {player_names[i]!r})", s, arr.shape[i + 1])
                for i, s in enumerate(strategies)
            )
        arr = np.ascontiguousarray(arr, dtype=np.float64)
        arr.flags.writeable = False
        if exact is not None:
            exact.flags.writeable = False
        object.__setattr__(self, "payoffs", arr)
        object.__setattr__(self, "players", player_names)
        object.__setattr__(self, "strategies", labels)
        object.__setattr__(self, "title", str(title))
        object.__setattr__(self, "exact_payoffs", exact)
        # the cached ``shape``, filled now: computing it on first use (a lock, a generator
        # and a tuple) took several microseconds of a small game's first solve
        object.__setattr__(self, "shape", tuple(int(s) for s in arr.shape[1:]))

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_bimatrix(
        cls,
        A: Any,
        B: Any | None = None,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> NormalFormGame:
        """Build a 2-player game from the row player's matrix ``A`` and the column's ``B``.

        With ``B`` omitted the game is zero-sum (``B = -A``), as in nashpy.

        Examples
        --------
        >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> mp.payoffs[1].tolist()
        [[-1.0, 1.0], [1.0, -1.0]]
        """
        a_obj = np.array(A, dtype=object)
        if a_obj.ndim != 2:
            raise GameError(f"A must be a matrix (2-D), got shape {a_obj.shape}")
        if B is None:
            b_obj = (
                np.vectorize(
                    lambda v: -to_fraction(v) if _exactish(v) else -float(v), otypes=[object]
                )(a_obj)
                if a_obj.size
                else a_obj
            )
        else:
            b_obj = np.array(B, dtype=object)
        if b_obj.shape != a_obj.shape:
            raise GameError(
                f"A has shape {a_obj.shape} but B has shape {b_obj.shape}; "
                "both matrices must be (row strategies, column strategies)"
            )
        return cls(np.stack([a_obj, b_obj]), players, strategies, title=title)

    @classmethod
    def from_table(
        cls,
        table: Mapping[Any, Sequence[Any]] | Iterable[tuple[Sequence[str], Sequence[Any]]],
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from a per-profile table: ``{(label_1, ..., label_n): (u_1, ..., u_n)}``.

        Strategy labels are taken in order of first appearance unless ``strategies`` is given.
        Every profile must appear exactly once.

        Examples
        --------
        >>> g = NormalFormGame.from_table({
        ...     ("opera", "opera"): (2, 1), ("opera", "football"): (0, 0),
        ...     ("football", "opera"): (0, 0), ("football", "football"): (1, 2)},
        ...     players=["Ann", "Bob"])
        >>> g.strategies
        (('opera', 'football'), ('opera', 'football'))
        >>> g.payoffs[1][1, 1]
        np.float64(2.0)
        """
        items = list(table.items()) if isinstance(table, Mapping) else list(table)
        if not items:
            raise GameError("the payoff table is empty; give one row per strategy profile")
        n = len(items[0][0])
        for profile, values in items:
            if isinstance(profile, str) or len(profile) != n:
                raise GameError(
                    f"profile {profile!r} has {1 if isinstance(profile, str) else len(profile)} "
                    f"labels but the first profile has {n}; give one label per player"
                )
            if len(values) != n:
                raise GameError(
                    f"profile {tuple(profile)} has {len(values)} payoffs; "
                    f"give one per player ({n})"
                )
        labels: Sequence[Sequence[str]] | None
        if isinstance(strategies, Mapping):
            if players is None:
                players = list(strategies)
            labels = [list(map(str, strategies[p])) for p in players]
        else:
            labels = None if strategies is None else [list(map(str, x)) for x in strategies]
        grid, labels = payoff_grid([([str(x) for x in p], v) for p, v in items], labels)
        return cls(grid, players, labels, title=title)

    # ------------------------------------------------------------------ other libraries
    @classmethod
    def from_nashpy(
        cls,
        game: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> NormalFormGame:
        """The game of a ``nashpy.Game``; labels as given (nashpy keeps none).

        See :func:`multivector.games.interop.from_nashpy`.

        Examples
        --------
        >>> import nashpy
        >>> g = NormalFormGame.from_nashpy(nashpy.Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
        >>> NormalFormGame.from_nashpy(g.to_nashpy()) == g
        True
        """
        from multivector.games.interop import from_nashpy

        return from_nashpy(game, players, strategies, title=title)

    def to_nashpy(self) -> Any:
        """This 2-player game as a ``nashpy.Game`` (see :mod:`multivector.games.interop`)."""
        from multivector.games.interop import to_nashpy

        return to_nashpy(self)

    @classmethod
    def from_quantecon(
        cls,
        data: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
        *,
        title: str = "",
    ) -> NormalFormGame:
        """A game in QuantEcon's layout, the player axis last, or a QuantEcon game.

        See :func:`multivector.games.interop.from_quantecon`.

        Examples
        --------
        QuantEcon's prisoner's dilemma, whose only equilibrium is (D, D):

        >>> from multivector import solve
        >>> pd = NormalFormGame.from_quantecon(
        ...     [[(1, 1), (-2, 3)], [(3, -2), (0, 0)]], strategies=[["C", "D"]] * 2)
        >>> [eq.strategy_dict(all_strategies=False) for eq in solve(pd)]
        [{'P1': {'D': 1.0}, 'P2': {'D': 1.0}}]
        """
        from multivector.games.interop import from_quantecon

        return from_quantecon(data, players, strategies, title=title)

    def to_quantecon(self) -> Any:
        """This game as a ``quantecon.game_theory.NormalFormGame`` (needs QuantEcon)."""
        from multivector.games.interop import to_quantecon

        return to_quantecon(self)

    @classmethod
    def from_pygambit(cls, game: Any) -> NormalFormGame:
        """The game of a ``pygambit.Game``: labels, title, exact payoffs.

        See :func:`multivector.games.interop.from_pygambit`.
        """
        from multivector.games.interop import from_pygambit

        return from_pygambit(game)

    def to_pygambit(self) -> Any:
        """This game as a ``pygambit.Game`` with its labels and title (needs pygambit)."""
        from multivector.games.interop import to_pygambit

        return to_pygambit(self)

    # ------------------------------------------------------------------ structure
    @property
    def num_players(self) -> int:
        """Number of players."""
        return int(self.payoffs.shape[0])

    @cached_property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(int(s) for s in self.payoffs.shape[1:])

    @property
    def is_exact(self) -> bool:
        """True when the payoffs were given exactly (integers, fractions, decimal strings)."""
        return self.exact_payoffs is not None

    def bimatrix(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The row and column payoff matrices ``(A, B)`` of a 2-player game."""
        self._require_two_players("bimatrix")
        return self.payoffs[0], self.payoffs[1]

    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        if isinstance(player, str):
            try:
                return self.players.index(player)
            except ValueError:
                raise GameError(
                    f"no player named {player!r}; players are {list(self.players)}"
                ) from None
        if not 0 <= int(player) < self.num_players:
            raise GameError(f"player index {player} out of range 0..{self.num_players - 1}")
        return int(player)

    def payoff_scale(self) -> float:
        """Largest payoff range (max - min) over players, at least 1: the unit of tolerances."""
        scale = self.__dict__.get("_payoff_scale")
        if scale is None:  # computed once: every certified result asks for it
            flat = self.payoffs.reshape(self.num_players, -1)
            scale = max(1.0, float((flat.max(axis=1) - flat.min(axis=1)).max()))
            object.__setattr__(self, "_payoff_scale", scale)
        return scale

    def default_tolerance(self) -> float:
        """Regret tolerance used by the solvers: ``1e-9`` times :meth:`payoff_scale`."""
        return 1e-9 * self.payoff_scale()

    def rational_payoffs(
        self, max_denominator: int = 10**9, player: int | None = None
    ) -> NDArray[np.object_]:
        """Payoffs as exact Fractions, by the rule used by every exact method.

        Exact input (integers, fractions, decimal strings) is used as given. A float payoff
        is replaced by the nearest fraction whose denominator is at most ``max_denominator``
        (``Fraction.limit_denominator``); a float that is an integer is kept exactly.
        With ``player`` (an index), only that player's payoffs: ``rational_payoffs()[i]``
        for half the work on a 2-player game (each float costs tens of microseconds).

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[0.1, 1 / 3]], [[0.5, 0.25]])
        >>> [str(v) for v in g.rational_payoffs()[0].ravel()]
        ['1/10', '1/3']
        >>> [str(v) for v in g.rational_payoffs(player=1).ravel()]
        ['1/2', '1/4']
        """
        if self.exact_payoffs is not None:
            return self.exact_payoffs if player is None else self.exact_payoffs[player]
        payoffs = self.payoffs if player is None else self.payoffs[player]
        out = np.empty(payoffs.shape, dtype=object)
        flat_in = payoffs.ravel()
        flat_out = out.reshape(-1)
        for k, v in enumerate(flat_in):
            fv = float(v)
            flat_out[k] = (
                Fraction(int(fv))
                if fv.is_integer()
                else Fraction(fv).limit_denominator(max_denominator)
            )
        return out

    # ------------------------------------------------------------------ profiles
    def check_profile(self, profile: Sequence[ArrayLike], tol: float = 1e-9) -> MixedProfile:
        """Validate a mixed profile and return it as float arrays.

        Raises
        ------
        GameError
            When the profile has the wrong number of strategies, negative entries or
            entries that do not sum to one (within ``tol``).
        """
        if len(profile) != self.num_players:
            raise GameError(
                f"a profile needs one mixed strategy per player ({self.num_players}), "
                f"got {len(profile)}"
            )
        out = []
        for i, (p, s) in enumerate(zip(profile, self.shape, strict=True)):
            x = np.asarray(p, dtype=np.float64).reshape(-1)
            if x.shape != (s,):
                raise GameError(f"{self.players[i]}'s strategy has {x.size} entries; it needs {s}")
            if not np.all(np.isfinite(x)) or np.any(x < -tol) or abs(x.sum() - 1.0) > tol:
                raise GameError(
                    f"{self.players[i]}'s strategy {x.tolist()} is not a probability vector "
                    "(entries >= 0 summing to 1)"
                )
            out.append(x)
        return tuple(out)

    def deviation_payoffs(self, profile: Sequence[ArrayLike]) -> tuple[NDArray[np.float64], ...]:
        """Each player's payoff from each pure strategy against the others' mixed strategies.

        Examples
        --------
        >>> import numpy as np
        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> [d.tolist() for d in g.deviation_payoffs((np.array([1., 0.]), np.array([.5, .5])))]
        [[0.0, 0.0], [-1.0, 1.0]]
        """
        prof = self.check_profile(profile)
        return payoff_vectors(self.payoffs, prof)

    def exact_expected_payoffs(self, profile: Sequence[Sequence[Any]]) -> list[Fraction]:
        """Every player's expected payoff under a profile of exact probabilities, exactly.

        The payoffs are :meth:`rational_payoffs`; probabilities are converted with
        :func:`to_fraction`, and only profiles of positive probability are summed.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        >>> bos.exact_expected_payoffs([[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]])
        [Fraction(2, 3), Fraction(2, 3)]
        """
        probs = [[to_fraction(p) for p in x] for x in profile]
        supports = [[k for k, p in enumerate(x) if p] for x in probs]
        payoffs = self.rational_payoffs()
        totals = [Fraction(0)] * self.num_players
        for pure in itertools.product(*supports):
            weight = Fraction(1)
            for i, k in enumerate(pure):
                weight *= probs[i][k]
            for i in range(self.num_players):
                totals[i] += weight * payoffs[(i, *pure)]
        return totals

    def expected_payoffs(self, profile: Sequence[ArrayLike]) -> NDArray[np.float64]:
        """Expected payoff of every player under a mixed profile."""
        prof = self.check_profile(profile)
        dev = payoff_vectors(self.payoffs, prof)
        return np.array([float(d @ x) for d, x in zip(dev, prof, strict=True)])

    def best_responses(
        self, profile: Sequence[ArrayLike], tol: float | None = None
    ) -> tuple[tuple[int, ...], ...]:
        """Each player's pure best responses to the others' strategies in ``profile``.

        A strategy counts as a best response when its payoff is within ``tol`` (default
        :meth:`default_tolerance`) of the best.
        """
        prof = self.check_profile(profile)
        tol = self.default_tolerance() if tol is None else tol
        dev = payoff_vectors(self.payoffs, prof)
        return tuple(tuple(int(k) for k in np.flatnonzero(d >= d.max() - tol)) for d in dev)

    def regrets(self, profile: Sequence[ArrayLike]) -> NDArray[np.float64]:
        """Each player's gain from its best unilateral deviation (0 at a Nash equilibrium)."""
        prof = self.check_profile(profile)
        dev = payoff_vectors(self.payoffs, prof)
        return np.array([max(0.0, float(d.max() - d @ x)) for d, x in zip(dev, prof, strict=True)])

    def regret(self, profile: Sequence[ArrayLike]) -> float:
        """Largest gain any player gets by a unilateral deviation from ``profile``."""
        return float(self.regrets(profile).max())

    def is_nash(self, profile: Sequence[ArrayLike], tol: float | None = None) -> bool:
        """True when no player gains more than ``tol`` by deviating."""
        tol = self.default_tolerance() if tol is None else tol
        return self.regret(profile) <= tol

    def pure_profile(self, strategies: Sequence[int | str]) -> MixedProfile:
        """The mixed profile that puts probability one on the given strategies.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], strategies=[["a", "b"], ["c", "d"]])
        >>> [p.tolist() for p in g.pure_profile(["b", 0])]
        [[0.0, 1.0], [1.0, 0.0]]
        """
        out = []
        for i, k in enumerate(self.profile_index(strategies)):
            x = np.zeros(self.shape[i])
            x[k] = 1.0
            out.append(x)
        return tuple(out)

    def profile_index(
        self, strategies: Sequence[int | str], *, name: str | None = None
    ) -> tuple[int, ...]:
        """The indices of a pure profile given by one strategy (label or index) per player.

        ``name`` names the profile in the error message (default: the list itself).

        Raises
        ------
        GameError
            For a wrong number of strategies or an unknown label.

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], strategies=[["a", "b"], ["c", "d"]])
        >>> g.profile_index(["b", "c"])
        (1, 0)
        >>> g.profile_index(["b"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        multivector.errors.GameError: ['b'] gives 1 strategy for 2 players; give one ... e.g. a,c
        """
        if len(strategies) != self.num_players:
            example = ",".join(s[0] for s in self.strategies)
            k = len(strategies)
            given = f"{k} {'strategy' if k == 1 else 'strategies'}"
            raise GameError(
                f"{name or list(strategies)} gives {given} for "
                f"{self.num_players} players; give one strategy per player "
                f"({self.num_players}), e.g. {example}"
            )
        return tuple(self.strategy_index(i, s) for i, s in enumerate(strategies))

    def strategy_index(self, player: int | str, strategy: int | str) -> int:
        """Index of one of a player's strategies given by index or label."""
        i = self.player_index(player)
        if isinstance(strategy, str):
            try:
                return self.strategies[i].index(strategy)
            except ValueError:
                raise GameError(
                    f"{self.players[i]} has no strategy {strategy!r}; "
                    f"its strategies are {list(self.strategies[i])}"
                ) from None
        if not 0 <= int(strategy) < self.shape[i]:
            raise GameError(
                f"strategy index {strategy} out of range for {self.players[i]} "
                f"(0..{self.shape[i] - 1})"
            )
        return int(strategy)

    # ------------------------------------------------------------------ transforms
    def permute_strategies(self, permutations: Sequence[Sequence[int]]) -> NormalFormGame:
        """The same game with each player's strategies reordered (labels move with them)."""
        payoffs: NDArray[Any] = (
            self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        )
        for i, perm in enumerate(permutations):
            payoffs = np.take(payoffs, list(perm), axis=i + 1)
        labels = [[self.strategies[i][k] for k in perm] for i, perm in enumerate(permutations)]
        return NormalFormGame(payoffs, self.players, labels, title=self.title)

    def with_labels(
        self,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """The same payoffs with new player names and/or strategy labels."""
        payoffs: Any = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        return NormalFormGame(
            payoffs,
            self.players if players is None else players,
            self.strategies if strategies is None else strategies,
            title=self.title,
        )

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        dims = "x".join(str(s) for s in self.shape)
        return f"NormalFormGame({dims}, players={list(self.players)})"

    def _repr_html_(self) -> str:
        """The payoff table, as a notebook shows it (see :mod:`multivector.games.display`)."""
        return game_html(self)

    def _repr_markdown_(self) -> str:
        """The payoff table in Markdown (see :mod:`multivector.games.display`)."""
        return game_markdown(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategies == other.strategies
            and np.array_equal(self.payoffs, other.payoffs)
        )

    def __hash__(self) -> int:
        return hash((self.players, self.strategies, self.payoffs.tobytes()))

    def profiles(self) -> Iterable[tuple[int, ...]]:
        """All pure profiles, in lexicographic order."""
        return itertools.product(*(range(s) for s in self.shape))

    def _require_two_players(self, what: str) -> None:
        if self.num_players != 2:
            raise GameError(f"{what} needs a 2-player game; this one has {self.num_players}")


class PayoffTableError(GameError):
    """A per-profile payoff table that does not give every profile exactly once.

    Raised by :func:`payoff_grid`; the attributes let a file reader name the place in its
    own terms (``table[3].profile``).

    Attributes
    ----------
    problem : {"unknown", "duplicate", "missing"}
        A row names a strategy that is not in the labels, a profile comes twice, or a
        profile has no row.
    row : int or None
        The offending row (None for ``"missing"``).
    first_row : int or None
        For ``"duplicate"``, the row that gave the profile first.
    profile : tuple of str
        The profile concerned.
    player : int or None
        For ``"unknown"``, the player whose label is unknown.
    labels : list of list of str
        Each player's strategy labels (given, or found in the rows).
    """

    def __init__(
        self,
        message: str,
        *,
        problem: str,
        profile: tuple[str, ...],
        labels: list[list[str]],
        row: int | None = None,
        first_row: int | None = None,
        player: int | None = None,
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.labels = labels
        self.profile = profile
        self.row = row
        self.first_row = first_row
        self.player = player


def payoff_grid(
    rows: Sequence[tuple[Sequence[str], Sequence[Any]]],
    strategies: Sequence[Sequence[str]] | None = None,
) -> tuple[NDArray[np.object_], list[list[str]]]:
    """The payoff tensor of a per-profile table, checking that each profile comes once.

    The one table parser behind :meth:`NormalFormGame.from_table` and the ``table`` layout
    of game files.

    Parameters
    ----------
    rows : sequence of (labels, payoffs)
        One row per strategy profile: one strategy label and one payoff per player, in
        player order (the caller checks the lengths).
    strategies : sequence of sequences of str, optional
        Each player's labels, in order; by default the labels in order of first
        appearance.

    Returns
    -------
    grid : ndarray of object, shape (n, s_1, ..., s_n)
        ``grid[i][profile]`` is player i's payoff, as given.
    strategies : list of list of str

    Raises
    ------
    PayoffTableError
        For a label not in ``strategies``, a profile given twice or a profile without a
        row.

    Examples
    --------
    >>> grid, labels = payoff_grid([(("U", "L"), (1, 2)), (("D", "L"), (3, 4))])
    >>> grid.tolist(), labels
    ([[[1], [3]], [[2], [4]]], [['U', 'D'], ['L']])
    """
    n = len(rows[0][0])
    if strategies is None:
        # dicts keep the order of first appearance, and look labels up in constant time
        seen: list[dict[str, None]] = [{} for _ in range(n)]
        for profile, _ in rows:
            for i, label in enumerate(profile):
                seen[i].setdefault(label, None)
        labels: list[list[str]] = [list(s) for s in seen]
    else:
        labels = [list(s) for s in strategies]
    index = [{label: k for k, label in enumerate(s)} for s in labels]
    shape = tuple(len(s) for s in labels)
    if math.prod(shape) > len(rows):
        # some profile has no row: name one without allocating a table of every profile
        _missing_profile(rows, labels, index)
    grid = np.empty((n, *shape), dtype=object)
    first = np.full(shape, -1, dtype=np.intp)
    for r, (profile, values) in enumerate(rows):
        idx = []
        for i, label in enumerate(profile):
            if label not in index[i]:
                raise PayoffTableError(
                    f"profile {tuple(profile)} uses unknown strategy {label!r}",
                    problem="unknown",
                    profile=tuple(profile),
                    labels=labels,
                    row=r,
                    player=i,
                )
            idx.append(index[i][label])
        key = tuple(idx)
        if first[key] >= 0:
            raise PayoffTableError(
                f"profile {tuple(profile)} appears twice in the table",
                problem="duplicate",
                profile=tuple(profile),
                labels=labels,
                row=r,
                first_row=int(first[key]),
            )
        first[key] = r
        for i, v in enumerate(values):
            grid[(i, *key)] = v
    if (first < 0).any():
        missing = tuple(labels[i][k] for i, k in enumerate(np.argwhere(first < 0)[0]))
        raise PayoffTableError(
            f"profile {missing} is missing from the table; every profile needs payoffs",
            problem="missing",
            profile=missing,
            labels=labels,
        )
    return grid, labels


def _missing_profile(
    rows: Sequence[tuple[Sequence[str], Sequence[Any]]],
    labels: list[list[str]],
    index: list[dict[str, int]],
) -> None:
    """Raise the PayoffTableError of the first profile (in index order) without a row, or
    of a row's unknown label; at most ``len(rows) + 1`` profiles are looked at."""
    given: set[tuple[int, ...]] = set()
    for r, (profile, _) in enumerate(rows):
        for i, label in enumerate(profile):
            if label not in index[i]:
                raise PayoffTableError(
                    f"profile {tuple(profile)} uses unknown strategy {label!r}",
                    problem="unknown",
                    profile=tuple(profile),
                    labels=labels,
                    row=r,
                    player=i,
                )
        given.add(tuple(index[i][label] for i, label in enumerate(profile)))
    for key in itertools.product(*(range(len(s)) for s in labels)):
        if key not in given:
            missing = tuple(labels[i][k] for i, k in enumerate(key))
            raise PayoffTableError(
                f"profile {missing} is missing from the table; every profile needs payoffs",
                problem="missing",
                profile=missing,
                labels=labels,
            )


def check_payoff_range(game: NormalFormGame, *, limit: float = MAX_ABS_PAYOFF) -> None:
    """Refuse a game with a payoff beyond ``limit`` in absolute value, before solving.

    The rule of the command line: payoffs must lie within ``+-MAX_ABS_PAYOFF`` (``1e12``).
    Past it the linear programs behind security levels, correlated equilibria,
    Stackelberg commitments and repeated-game punishments lose their precision (HiGHS
    refuses coefficients near ``1e15``), and sums of payoffs can overflow. Equilibria do not
    change when a player's payoffs are multiplied by a positive number, so a game past the
    limit can be rescaled without loss.

    Raises
    ------
    GameError
        Naming the largest payoff, its player and profile, and the fix.

    Examples
    --------
    >>> check_payoff_range(NormalFormGame.from_bimatrix([[1e300, 0]], [[0, 1]]))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.GameError: payoff 1e+300 of player P1 at (s1, s1) is beyond 1e+12 ...
    """
    if game.payoffs.size == 0:
        return
    k = int(np.argmax(np.abs(game.payoffs)))
    where = np.unravel_index(k, game.payoffs.shape)
    value = float(game.payoffs[where])
    if abs(value) > limit:
        i = int(where[0])
        profile = ", ".join(game.strategies[j][int(a)] for j, a in enumerate(where[1:]))
        raise GameError(
            f"payoff {value:.6g} of player {game.players[i]} at ({profile}) is beyond "
            f"{limit:.6g} in absolute value, the range the solvers compute in; rescale the "
            "payoffs (dividing a player's payoffs by a positive number does not change the "
            "equilibria)"
        )


def _innermost(payoffs: Any) -> tuple[Any, int]:
    """The innermost sequence along the first entries of nested lists, and its depth."""
    depth, inner = 0, None
    x = payoffs
    while isinstance(x, (list, tuple)) and len(x) > 0:
        inner, x, depth = x, x[0], depth + 1
    return inner, depth


def _is_matrix_like(value: Any) -> bool:
    """True for a matrix (rows of values), where a list of names is expected."""
    if isinstance(value, np.ndarray):
        return value.ndim >= 2
    return (
        isinstance(value, (list, tuple))
        and len(value) > 0
        and all(isinstance(v, (list, tuple, np.ndarray)) for v in value)
    )


def _refuse_other_layouts(payoffs: Any, players: Any) -> None:
    """Refuse the payoff layouts of nashpy and QuantEcon, naming the constructor to use.

    Raises
    ------
    GameError
        For a second matrix where the player names go (nashpy's ``Game(A, B)``), payoff
        tuples in the cells or a shape that fits only QuantEcon's ``(s_1, ..., s_n, n)``,
        or a single matrix.
    """
    if players is not None and not isinstance(players, str) and _is_matrix_like(players):
        raise GameError(
            "NormalFormGame(A, B): the second argument is the player names; for a "
            "2-player game from two payoff matrices (nashpy's Game(A, B)) use "
            "NormalFormGame.from_bimatrix(A, B), or NormalFormGame.from_nashpy(game)"
        )
    inner, depth = _innermost(payoffs)
    if isinstance(inner, tuple) and depth >= 3:
        raise GameError(
            "payoffs hold one tuple of every player's payoffs per cell, QuantEcon's layout "
            "(s_1, ..., s_n, n); read it with NormalFormGame.from_quantecon(payoffs), or "
            "give the payoff tensor (n, s_1, ..., s_n), player first, as lists or an array"
        )
    try:
        shape = np.shape(payoffs)
    except ValueError:  # ragged: the constructor says so
        return
    ndim = len(shape)
    if ndim == 2 and shape[0] >= 2:
        raise GameError(
            f"payoffs of shape {shape} are a single matrix; as a tensor (n, s_1, ..., s_n) "
            f"with {shape[0]} players it needs {shape[0] + 1} axes. For a 2-player game "
            "from matrices use NormalFormGame.from_bimatrix(A, B) (B omitted: zero-sum, as "
            "in nashpy), or NormalFormGame.from_quantecon(M) for QuantEcon's symmetric game"
        )
    fits_ours = ndim >= 3 and shape[0] == ndim - 1
    fits_quantecon = ndim >= 3 and shape[-1] == ndim - 1
    if fits_quantecon and not fits_ours:
        n = shape[0]
        why = (
            f"its first axis says {n} players, so it needs {n + 1} axes (n, s_1, ..., s_n)"
            if n >= 2
            else f"its first axis, the players, has length {n}"
        )
        raise GameError(
            f"payoffs of shape {shape}: {why}; the shape fits QuantEcon's layout "
            "(s_1, ..., s_n, n), the player axis last: read it with "
            "NormalFormGame.from_quantecon(payoffs), or move the axis with "
            "numpy.moveaxis(payoffs, -1, 0)"
        )


def _exactish(v: Any) -> bool:
    return isinstance(v, (int, np.integer, Fraction, str)) and not isinstance(v, bool)


def payoff_vectors(
    payoffs: NDArray[np.float64], profile: MixedProfile
) -> tuple[NDArray[np.float64], ...]:
    """For each player i, the vector of payoffs of i's pure strategies against the rest.

    The kernel of :meth:`NormalFormGame.deviation_payoffs`, without its checks: a payoff
    tensor ``(n, s_1, ..., s_n)`` and one probability array per player in, one array
    ``(s_i,)`` per player out.

    Examples
    --------
    >>> pd = np.array([[[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]])
    >>> [v.tolist() for v in payoff_vectors(pd, (np.array([0.0, 1.0]), np.array([0.5, 0.5])))]
    [[1.5, 3.0], [0.0, 1.0]]
    """
    n = payoffs.shape[0]
    if n == 2:  # the common case, without tensordot's overhead
        return payoffs[0] @ profile[1], profile[0] @ payoffs[1]
    out = []
    for i in range(n):
        u = payoffs[i]
        # Contract the other players' axes from the last to the first so indices stay valid.
        for j in reversed(range(n)):
            if j != i:
                u = np.tensordot(u, profile[j], axes=([j], [0]))
        out.append(np.asarray(u, dtype=np.float64))
    return tuple(out)
