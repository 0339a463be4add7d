"""Result types shared by every solver: :class:`Equilibrium` and :class:`Solution`.

Every solver builds its equilibria through :func:`make_equilibrium`, which computes the
regret of the profile and refuses to return one whose regret exceeds the tolerance: a
solver bug surfaces as a :class:`~multivector.errors.SolverError`, never as a wrong answer.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector._optional import require_pandas
from multivector.errors import SolverError
from multivector.games.display import (
    PROBABILITY_DIGITS,
    REGRET_DIGITS,
    game_html,
    game_markdown,
    html_table,
    markdown_table,
    number,
    text_table,
)
from multivector.games.normal_form import MixedProfile, NormalFormGame, payoff_vectors
from multivector.solver._records import built

__all__ = [
    "Component",
    "Equilibrium",
    "Solution",
    "certified_bimatrix_equilibrium",
    "make_bimatrix_equilibria",
    "make_bimatrix_equilibrium",
    "make_equilibrium",
]

ExactProfile = tuple[tuple[Fraction, ...], ...]

#: Up to this many payoff entries, :func:`make_bimatrix_equilibrium` multiplies whole
#: matrices; above it, only the columns and rows of the supports.
_FULL_PRODUCTS = 4096


def _frame_columns(
    players: Sequence[str], strategies: Sequence[Sequence[str]]
) -> list[tuple[str, str, str]]:
    """The three-level columns of the equilibria's DataFrame, in order."""
    columns = [
        ("probability", p, label)
        for p, labels in zip(players, strategies, strict=True)
        for label in labels
    ]
    columns += [("payoff", p, "") for p in players]
    return [*columns, ("regret", "", ""), ("method", "", "")]


def _frame(
    rows: list[dict[tuple[str, str, str], Any]], columns: list[tuple[str, str, str]]
) -> Any:
    """A DataFrame of equilibrium rows with three-level columns, indexed by number."""
    pd = require_pandas("to_frame()")
    # levels in order of first use, not sorted: the codes then follow the column order,
    # so that selecting by a player (two keys) needs no sort and raises no warning
    levels = [list(dict.fromkeys(key[k] for key in columns)) for k in range(3)]
    index = pd.MultiIndex(
        levels=levels, codes=[[levels[k].index(key[k]) for key in columns] for k in range(3)]
    )
    frame = pd.DataFrame([[row[key] for key in columns] for row in rows], columns=index)
    frame.index.name = "equilibrium"
    return frame


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One equilibrium of a game, with the labels needed to read it.

    Attributes
    ----------
    profile : tuple of ndarray
        One probability vector per player.
    payoffs : ndarray
        Each player's expected payoff.
    regret : float
        Largest gain any player gets by a unilateral deviation (0 at an exact equilibrium).
    method : str
        Name of the method that found it.
    players, strategies : tuple
        The game's labels.
    exact : tuple of tuple of Fraction, optional
        The profile in exact arithmetic, when an exact method found it; its regret in the
        (rationalised) game is then exactly zero.
    """

    profile: MixedProfile
    payoffs: NDArray[np.float64]
    regret: float
    method: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    exact: ExactProfile | None = None

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies each player uses with positive probability."""
        if self.exact is not None:
            return tuple(tuple(k for k, p in enumerate(x) if p != 0) for x in self.exact)
        return tuple(tuple(int(k) for k in np.flatnonzero(x > 1e-12)) for x in self.profile)

    @property
    def is_pure(self) -> bool:
        """True when every player uses a single strategy."""
        return all(len(s) == 1 for s in self.supports)

    def strategy_dict(self, *, all_strategies: bool = True) -> dict[str, dict[str, float]]:
        """``{player: {label: probability}}``."""
        out: dict[str, dict[str, float]] = {}
        supports = self.supports
        for i, (player, labels, x) in enumerate(
            zip(self.players, self.strategies, self.profile, strict=True)
        ):
            out[player] = {
                label: float(x[k])
                for k, label in enumerate(labels)
                if all_strategies or k in supports[i]
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with labels.

        Keys: ``strategies`` (player -> label -> probability), ``payoffs`` (player ->
        expected payoff), ``regret``, ``method``, ``supports`` (player -> labels used) and,
        for exact results, ``exact`` (player -> label -> ``"p/q"``).
        """
        d: dict[str, Any] = {
            "strategies": self.strategy_dict(),
            "payoffs": {p: float(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "regret": float(self.regret),
            "method": self.method,
            "supports": {
                p: [self.strategies[i][k] for k in s]
                for i, (p, s) in enumerate(zip(self.players, self.supports, strict=True))
            },
        }
        if self.exact is not None:
            d["exact"] = {
                p: {
                    label: str(q)
                    for label, q in zip(self.strategies[i], self.exact[i], strict=True)
                }
                for i, p in enumerate(self.players)
            }
        return d

    def to_json(self, **kwargs: Any) -> str:
        """This equilibrium as JSON text: ``json.dumps(self.to_dict(), **kwargs)``.

        Examples
        --------
        >>> from multivector import NormalFormGame, solve
        >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                                   strategies=[["C", "D"], ["C", "D"]])
        >>> solve(pd)[0].to_json()[:48]
        '{"strategies": {"P1": {"C": 0.0, "D": 1.0}, "P2"'
        """
        return json.dumps(self.to_dict(), **kwargs)

    def frame_row(self) -> dict[tuple[str, str, str], Any]:
        """This equilibrium as one row of :meth:`Solution.to_frame`, without pandas.

        Keys are three-level column names: ``("probability", player, strategy)`` for
        every strategy, ``("payoff", player, "")``, ``("regret", "", "")`` and
        ``("method", "", "")``.

        Examples
        --------
        >>> from multivector import NormalFormGame, solve
        >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                                   strategies=[["C", "D"], ["C", "D"]])
        >>> row = solve(pd)[0].frame_row()
        >>> row["probability", "P1", "D"], row["payoff", "P2", ""]
        (1.0, 1.0)
        """
        values: list[Any] = [float(p) for x in self.profile for p in x]
        values += [float(v) for v in self.payoffs]
        values += [float(self.regret), self.method]
        return dict(zip(_frame_columns(self.players, self.strategies), values, strict=True))

    def to_frame(self) -> Any:
        """This equilibrium as a one-row ``pandas.DataFrame`` (see :meth:`Solution.to_frame`).

        Raises
        ------
        ImportError
            When pandas is not installed.
        """
        return _frame([self.frame_row()], _frame_columns(self.players, self.strategies))

    def strategy_text(self, player: int) -> str:
        """One player's strategy for people: its label when pure, else ``label: p`` pairs
        over the support (exact fractions for exact results)."""
        labels = self.strategies[player]
        support = self.supports[player]
        if len(support) == 1:
            return labels[support[0]]
        probs: Any = self.exact[player] if self.exact is not None else self.profile[player]
        return ", ".join(
            f"{labels[k]}: {probs[k] if self.exact is not None else f'{probs[k]:.4g}'}"
            for k in support
        )

    def __repr__(self) -> str:
        parts = []
        for player, labels, x, s in zip(
            self.players, self.strategies, self.profile, self.supports, strict=True
        ):
            mix = ", ".join(f"{labels[k]}: {x[k]:.4g}" for k in s)
            parts.append(f"{player}: {{{mix}}}")
        return f"Equilibrium({'; '.join(parts)}; regret={self.regret:.2g})"


def make_equilibrium(
    game: NormalFormGame,
    profile: Sequence[ArrayLike],
    method: str,
    *,
    tol: float | None = None,
    exact: ExactProfile | None = None,
) -> Equilibrium:
    """Build an :class:`Equilibrium`, certifying it by its regret.

    Parameters
    ----------
    game : NormalFormGame
    profile : sequence of array_like
        One probability vector per player. Tiny negative entries from floating-point
        round-off (above ``-tol``) are clipped and the vector renormalised.
    method : str
        The method's name, recorded in the result.
    tol : float, optional
        Largest regret accepted; default :meth:`NormalFormGame.default_tolerance`.
    exact : tuple of tuple of Fraction, optional
        The exact profile, when known.

    Raises
    ------
    SolverError
        If the profile's regret exceeds ``tol``: a solver must never return a
        non-equilibrium.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> make_equilibrium(g, ([0.5, 0.5], [0.5, 0.5]), "by hand").regret
    0.0
    """
    tol = game.default_tolerance() if tol is None else tol
    cleaned = []
    for x in profile:
        v = np.asarray(x, dtype=np.float64).reshape(-1).copy()
        v[(v < 0) & (v > -max(tol, 1e-12))] = 0.0
        total = v.sum()
        if total > 0:
            v /= total
        cleaned.append(v)
    prof = game.check_profile(cleaned, tol=max(tol, 1e-9))
    # one pass over the payoffs gives both the regret and the expected payoffs
    deviations = payoff_vectors(game.payoffs, prof)
    payoffs = np.array([float(d @ x) for d, x in zip(deviations, prof, strict=True)])
    regret = float(
        max(max(0.0, float(d.max()) - u) for d, u in zip(deviations, payoffs, strict=True))
    )
    if not regret <= tol:
        raise SolverError(
            f"method {method!r} produced a profile with regret {regret:.3g} > tolerance "
            f"{tol:.3g}; this is a bug in the method, please report it with the game"
        )
    for x in prof:
        x.flags.writeable = False
    payoffs.flags.writeable = False
    return Equilibrium(
        profile=prof,
        payoffs=payoffs,
        regret=regret,
        method=method,
        players=game.players,
        strategies=game.strategies,
        exact=exact,
    )


def make_bimatrix_equilibria(
    game: NormalFormGame,
    X: NDArray[np.float64],
    Y: NDArray[np.float64],
    method: str,
    *,
    tol: float | None = None,
    exact: Sequence[ExactProfile] | None = None,
    sort: bool = False,
) -> list[Equilibrium]:
    """Many equilibria of a 2-player game at once, certified by their regrets.

    The vectorised form of :func:`make_equilibrium` for enumeration methods: rows of
    ``X`` and ``Y`` are the players' strategies (nonnegative, any positive scale: they are
    normalised here). With ``sort``, the equilibria come in descending lexicographic
    order of their normalised profiles ``(x, y)``, else in the order of the rows.

    Raises
    ------
    SolverError
        If any profile's regret exceeds ``tol``.
    """
    tol = game.default_tolerance() if tol is None else tol
    X = np.where(X > 0, X, 0.0)
    Y = np.where(Y > 0, Y, 0.0)
    X = X / X.sum(axis=1, keepdims=True)
    Y = Y / Y.sum(axis=1, keepdims=True)
    A, B = game.bimatrix()
    AY = Y @ A.T  # (E, m): each row strategy's payoff against y
    XB = X @ B  # (E, n)
    payoffs = np.empty((len(X), 2))
    u1 = np.einsum("ei,ei->e", X, AY, out=payoffs[:, 0])
    u2 = np.einsum("ej,ej->e", Y, XB, out=payoffs[:, 1])
    regret = np.maximum(np.maximum(AY.max(axis=1) - u1, XB.max(axis=1) - u2), 0.0)
    # (a NaN regret fails the test too)
    if len(regret) and not regret.max() <= tol:
        raise SolverError(
            f"method {method!r} produced a profile with regret {regret.max():.3g} > "
            f"tolerance {tol:.3g}; this is a bug in the method, please report it with the game"
        )
    for arr in (X, Y, payoffs):
        arr.flags.writeable = False
    order: Any = range(len(regret))
    if sort:
        order = np.lexsort(-np.concatenate([X, Y], axis=1).T[::-1]).tolist()
    players, strategies = game.players, game.strategies
    return [
        built(
            Equilibrium,
            profile=(X[e], Y[e]),
            payoffs=payoffs[e],
            regret=float(regret[e]),
            method=method,
            players=players,
            strategies=strategies,
            exact=None if exact is None else exact[e],
        )
        for e in order
    ]


def make_bimatrix_equilibrium(
    game: NormalFormGame,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    method: str,
    *,
    tol: float | None = None,
) -> Equilibrium:
    """One equilibrium of a 2-player game, certified by its regret computed from supports.

    The fast path of :func:`make_equilibrium` for methods that produce one profile of a
    bimatrix game (Lemke-Howson): the same certificate, the largest gain of a pure
    deviation, ``max(max_i (A y)_i - x A y, max_j (x B)_j - x B y)``, but ``A y`` and
    ``x B`` are summed over the supports only (``A[:, supp y] y``, ``x B[supp x, :]``), so
    that certifying costs a few microseconds and no pass over the whole game.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player game.
    x, y : ndarray
        The players' strategies: nonnegative, summing to 1 (within round-off).
    method : str
        The method's name, recorded in the result.
    tol : float, optional
        Largest regret accepted; default :meth:`NormalFormGame.default_tolerance`.

    Raises
    ------
    SolverError
        If the strategies are not probability vectors of the game's sizes, or the regret
        exceeds ``tol``.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> e = make_bimatrix_equilibrium(g, np.array([0.5, 0.5]), np.array([0.5, 0.5]), "by hand")
    >>> e.regret, e.payoffs.tolist()
    (0.0, [0.0, 0.0])
    >>> pure = np.array([1.0, 0.0])
    >>> make_bimatrix_equilibrium(g, pure, pure, "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.SolverError: method 'x' produced a profile with regret 2 > ...
    """
    A, B = game.bimatrix()
    m, n = A.shape
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != (m,) or y.shape != (n,):
        raise SolverError(
            f"method {method!r} produced strategies of sizes {x.shape} and {y.shape} for a "
            f"{m}x{n} game; this is a bug in the method"
        )
    if m * n <= _FULL_PRODUCTS:
        # small games: whole products cost no more than gathering the supports, and
        # Python's own min and sum of short lists less than numpy's reductions
        Ay, xB = A @ y, x @ B
        u1, u2 = float(x @ Ay), float(xB @ y)
        xl, yl = x.tolist(), y.tolist()
        lowest, sums = min(min(xl), min(yl)), (sum(xl), sum(yl))
        best = (max(Ay.tolist()), max(xB.tolist()))
    else:
        sx, sy = np.flatnonzero(x), np.flatnonzero(y)
        xs, ys = x[sx], y[sy]
        Ay = A[:, sy] @ ys  # every pure row's payoff against y
        xB = xs @ B[sx]  # every pure column's payoff against x
        u1, u2 = float(xs @ Ay[sx]), float(xB[sy] @ ys)
        lowest = min(float(xs.min(initial=0.0)), float(ys.min(initial=0.0)))
        sums = (float(xs.sum()), float(ys.sum()))
        best = (float(Ay.max()), float(xB.max()))
    return certified_bimatrix_equilibrium(
        game, x, y, method, (u1, u2, best[0], best[1], lowest, sums[0], sums[1]), tol=tol
    )


def certified_bimatrix_equilibrium(
    game: NormalFormGame,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    method: str,
    numbers: tuple[float, float, float, float, float, float, float],
    *,
    tol: float | None = None,
    payoffs: NDArray[np.float64] | None = None,
) -> Equilibrium:
    """The check and result of :func:`make_bimatrix_equilibrium` from its numbers computed
    elsewhere (a compiled kernel computes them with the equilibrium, on the game's own
    payoffs): ``(u1, u2, best1, best2, lowest, sum_x, sum_y)``, the payoffs ``x A y`` and
    ``x B y``, the largest entries of ``A y`` and ``x B``, the smallest probability and the
    two sums. ``x`` and ``y`` must have the game's sizes; the result keeps read-only
    copies. With ``payoffs`` (``[u1, u2]`` as an array) given, ``x``, ``y`` and
    ``payoffs`` are read-only arrays nobody else writes (views of one array a kernel
    returned, made read-only by the caller), and the result keeps all three as they are.

    Raises
    ------
    SolverError
        If the strategies are not probability vectors or the regret exceeds ``tol``.
    """
    u1, u2, best1, best2, lowest, sum_x, sum_y = numbers
    sums = (sum_x, sum_y)
    best = (best1, best2)
    if not (lowest >= 0.0 and abs(sums[0] - 1.0) <= 1e-9 and abs(sums[1] - 1.0) <= 1e-9):
        raise SolverError(
            f"method {method!r} produced strategies that are not probability vectors; "
            "this is a bug in the method"
        )
    regret = max(0.0, best[0] - u1, best[1] - u2)
    # the default tolerance is at least 1e-9 (1e-9 times a payoff scale of at least 1):
    # a smaller regret passes it without computing it
    if regret > 1e-9 or tol is not None:
        tol = game.default_tolerance() if tol is None else tol
        if not regret <= tol:
            raise SolverError(
                f"method {method!r} produced a profile with regret {regret:.3g} > tolerance "
                f"{tol:.3g}; this is a bug in the method, please report it with the game"
            )
    if payoffs is None:
        x, y = x.copy(), y.copy()
        payoffs = np.array((u1, u2))
        for arr in (x, y, payoffs):
            arr.setflags(write=False)
    return built(
        Equilibrium,
        profile=(x, y),
        payoffs=payoffs,
        regret=regret,
        method=method,
        players=game.players,
        strategies=game.strategies,
        exact=None,
    )


@dataclass(frozen=True)
class Component:
    """A connected component of the equilibrium set of a degenerate 2-player game.

    The component is the union of its maximal Nash subsets; each maximal Nash subset is
    the product ``conv(rows) x conv(cols)`` of the convex hulls of some extreme strategies
    (von Stengel 2002, "Computing equilibria for two-person games", Section 3.7; Gambit's
    ``enummixed -c``).

    Attributes
    ----------
    equilibria : tuple of int
        Indices (into :attr:`Solution.equilibria`) of the extreme equilibria in it.
    nash_subsets : tuple of (tuple of int, tuple of int)
        Each maximal Nash subset as (indices of extreme row strategies, indices of extreme
        column strategies); indices refer to :attr:`Solution.row_vertices` and
        :attr:`Solution.col_vertices`.
    """

    equilibria: tuple[int, ...]
    nash_subsets: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]

    @property
    def is_isolated(self) -> bool:
        """True for a single extreme equilibrium that is not part of a continuum."""
        return len(self.equilibria) == 1


@dataclass(frozen=True, eq=False)
class Solution:
    """What :func:`multivector.solver.solve` returns: equilibria and what is known of them.

    Attributes
    ----------
    game : NormalFormGame
    equilibria : tuple of Equilibrium
    method : str
        The method that ran (after ``"auto"`` was resolved).
    complete : bool
        True when the list is known to contain every equilibrium (for 2-player enumeration:
        every extreme equilibrium, from which all others are convex combinations inside
        :attr:`components`).
    exact : bool
        True when the equilibria were computed and certified in rational arithmetic.
    degenerate : bool or None
        Whether the game was found degenerate (None when the method does not tell).
    components : tuple of Component, optional
        For 2-player enumeration: how the extreme equilibria join into convex sets.
    row_vertices, col_vertices : tuple of ndarray, optional
        The distinct extreme strategies appearing in equilibria (2-player enumeration).
    notes : tuple of str
        Anything the user should know: a fallback taken, a limit hit, a rounding rule.
    """

    game: NormalFormGame
    equilibria: tuple[Equilibrium, ...]
    method: str
    complete: bool
    exact: bool = False
    degenerate: bool | None = None
    components: tuple[Component, ...] | None = None
    row_vertices: tuple[NDArray[np.float64], ...] | None = None
    col_vertices: tuple[NDArray[np.float64], ...] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a result.

        ``{"game": {"players", "strategies", "title"}, "method", "complete", "exact",
        "degenerate", "equilibria": [...], "components": [...] | null, "notes": [...]}``;
        each equilibrium as in :meth:`Equilibrium.to_dict`.
        """
        g = self.game
        comps = None
        if self.components is not None:
            comps = [
                {
                    "equilibria": list(c.equilibria),
                    "nash_subsets": [
                        {"rows": list(r), "cols": list(col)} for r, col in c.nash_subsets
                    ],
                }
                for c in self.components
            ]
        return {
            "game": {
                "players": list(g.players),
                "strategies": {p: list(s) for p, s in zip(g.players, g.strategies, strict=True)},
                "title": g.title,
            },
            "method": self.method,
            "complete": bool(self.complete),
            "exact": bool(self.exact),
            "degenerate": self.degenerate,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "components": comps,
            "notes": list(self.notes),
        }

    def to_json(self, **kwargs: Any) -> str:
        """This solution as JSON text, the shape ``multivector solve --format json`` prints.

        ``json.dumps(self.to_dict(), **kwargs)``; for a solution inside other data use
        ``json.dumps(data, default=multivector.to_jsonable)``.

        Examples
        --------
        >>> import json
        >>> from multivector import NormalFormGame, solve
        >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> data = json.loads(solve(pd).to_json())
        >>> data["method"], data["complete"], data["equilibria"][0]["payoffs"]
        ('vertex', True, {'P1': 1.0, 'P2': 1.0})
        """
        return json.dumps(self.to_dict(), **kwargs)

    def to_frame(self) -> Any:
        """The equilibria as a ``pandas.DataFrame``, one row per equilibrium.

        Columns are three levels deep (see :meth:`Equilibrium.frame_row`):
        ``("probability", player, strategy)``, ``("payoff", player, "")``,
        ``("regret", "", "")`` and ``("method", "", "")``; the index is the
        equilibrium's number, named ``"equilibrium"``. Select one player's mixed
        strategies with ``frame["probability", "P1"]``.

        Raises
        ------
        ImportError
            When pandas is not installed (it is optional: ``pip install pandas``).

        Examples
        --------
        >>> from multivector import NormalFormGame, solve
        >>> bos = NormalFormGame.from_bimatrix(
        ...     [[2, 0], [0, 1]], [[1, 0], [0, 2]], strategies=[["opera", "football"]] * 2)
        >>> frame = solve(bos).to_frame()
        >>> frame["probability", "P1"].round(4).values.tolist()
        [[1.0, 0.0], [0.6667, 0.3333], [0.0, 1.0]]
        >>> frame["payoff", "P2", ""].round(4).tolist()
        [1.0, 0.6667, 2.0]
        """
        columns = _frame_columns(self.game.players, self.game.strategies)
        return _frame([e.frame_row() for e in self.equilibria], columns)

    def _table(self) -> tuple[str, list[str], list[list[str]]]:
        """Caption, header and rows of the equilibria table shown in notebooks."""
        g = self.game
        flag = "complete" if self.complete else "not known to be complete"
        caption = (
            f"{len(self.equilibria)} equilibri{'um' if len(self.equilibria) == 1 else 'a'} "
            f"by {self.method!r} ({flag}{', exact' if self.exact else ''})"
        )
        header = ["#", *g.players, *(f"payoff {p}" for p in g.players), "regret"]
        zero = g.default_tolerance()
        rows = [
            [
                str(k + 1),
                *(e.strategy_text(i) for i in range(g.num_players)),
                *(number(v, zero=zero) for v in e.payoffs),
                number(e.regret, REGRET_DIGITS, zero=zero),
            ]
            for k, e in enumerate(self.equilibria)
        ]
        return caption, header, rows

    def _text_rows(self) -> list[list[str]]:
        """One row per equilibrium for :meth:`__str__`: number, each player's mixed
        strategy (one ``label probability`` a line), payoffs, regret."""
        g = self.game
        zero = g.default_tolerance()
        rows = []
        for k, e in enumerate(self.equilibria, start=1):
            mixes = []
            for i, support in enumerate(e.supports):
                labels = e.strategies[i]
                if len(support) == 1:
                    mixes.append(labels[support[0]])
                    continue
                probs: Any = e.exact[i] if e.exact is not None else e.profile[i]
                mixes.append(
                    "\n".join(
                        f"{labels[j]} {number(probs[j], PROBABILITY_DIGITS)}" for j in support
                    )
                )
            payoffs: list[Any] = (
                list(g.exact_expected_payoffs(e.exact)) if e.exact is not None else list(e.payoffs)
            )
            rows.append(
                [
                    str(k),
                    *mixes,
                    *(number(v, zero=zero) for v in payoffs),
                    number(e.regret, REGRET_DIGITS, zero=zero),
                ]
            )
        return rows

    def __str__(self) -> str:
        """The solution as a plain-text table, as ``print(solve(game))`` shows it.

        Examples
        --------
        >>> from multivector import NormalFormGame, solve
        >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
        ...     players=["Ann", "Bob"], strategies=[["opera", "football"]] * 2,
        ...     title="Battle of the Sexes")
        >>> print(solve(bos, exact=True))
        Battle of the Sexes
        2-player 2x2 game | method: exact | complete: yes | exact: yes
        #  Ann           Bob           Ann payoff  Bob payoff  regret
        -  ------------  ------------  ----------  ----------  ------
        1  opera         opera                  2           1       0
        2  opera 2/3     opera 1/3            2/3         2/3       0
           football 1/3  football 2/3
        3  football      football               1           2       0
        """
        g = self.game
        dims = "x".join(str(s) for s in g.shape)
        lines = [g.title] if g.title else []
        lines.append(
            f"{g.num_players}-player {dims} game | method: {self.method} | "
            f"complete: {'yes' if self.complete else 'no'} | "
            f"exact: {'yes' if self.exact else 'no'}"
        )
        if self.equilibria:
            header = ["#", *g.players, *(f"{p} payoff" for p in g.players), "regret"]
            n = g.num_players
            justify = ["right", *["left"] * n, *["right"] * (n + 1)]
            lines.append(text_table(header, self._text_rows(), justify))
        else:
            lines.append("no equilibrium found by this method")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The game's payoff table, then the equilibria, as a notebook shows them."""
        caption, header, rows = self._table()
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            game_html(self.game)
            + html_table(header, rows, caption=caption)
            + (f"<ul>{notes}</ul>" if notes else "")
        )

    def _repr_markdown_(self) -> str:
        """The game's payoff table, then the equilibria, in Markdown."""
        caption, header, rows = self._table()
        notes = "".join(f"\n- {n}" for n in self.notes)
        return (
            f"{game_markdown(self.game)}\n\n**{caption}**\n\n"
            f"{markdown_table(header, rows)}\n{notes}"
        )

    def __repr__(self) -> str:
        flag = "complete" if self.complete else "not known to be complete"
        count = len(self.equilibria)
        dims = "x".join(str(s) for s in self.game.shape)
        return (
            f"Solution({count} equilibri{'um' if count == 1 else 'a'} of a {dims} game by "
            f"{self.method!r}, {flag}{', exact' if self.exact else ''})"
        )
