"""Finitely repeated games: backward induction and subgame-perfect outcomes.

A stage game played ``T`` times with perfect monitoring. When the stage game has a unique
Nash equilibrium, backward induction leaves a unique subgame-perfect equilibrium: that
equilibrium in every period after every history. With several stage equilibria, the last
periods can reward cooperation (a good stage equilibrium) or punish a deviation (a bad
one), and profiles that are not stage equilibria can be played in early periods (Benoit
and Krishna 1985). :func:`subgame_perfect_outcomes` computes exactly which pure profiles
can be played in each period of a pure-strategy subgame-perfect equilibrium, for small
``T``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import RepeatedGame
from multivector.solver.equilibrium import Equilibrium, Solution

__all__ = [
    "BackwardInduction",
    "FiniteOutcomes",
    "backward_induction",
    "gibbons_2_3_3",
    "subgame_perfect_outcomes",
]

#: Refuse to hold more distinct continuation payoff vectors than this.
DEFAULT_MAX_PAYOFFS = 200_000

Vector = tuple[Fraction, ...]
Profile = tuple[int, ...]


def _finite(game: Any) -> tuple[NormalFormGame, int, Fraction]:
    if not isinstance(game, RepeatedGame):
        raise SolverError(
            f"expected a RepeatedGame, not {type(game).__name__}; build one with "
            "RepeatedGame(stage, horizon=T)"
        )
    if game.horizon is None:
        raise SolverError(
            "the game is infinitely repeated; give RepeatedGame(stage, horizon=T) for "
            "backward induction (critical discount factors cover the infinite game)"
        )
    d = Fraction(1) if game.discount is None else Fraction(game.discount)
    return game.stage, game.horizon, d


def _exact_payoffs(stage: NormalFormGame) -> Any:
    """Payoffs as Fractions: the exact ones, or the floats' exact binary values."""
    if stage.exact_payoffs is not None:
        return stage.exact_payoffs
    return stage.payoffs.astype(object).copy()


@dataclass(frozen=True, eq=False)
class BackwardInduction:
    """Backward induction in a finitely repeated game.

    Attributes
    ----------
    horizon : int
    discount : Fraction
        1 for undiscounted sums.
    stage_solution : Solution
        Every Nash equilibrium of the stage game found by :func:`multivector.solver.solve`.
    unique : bool
        True when the stage game is known to have exactly one Nash equilibrium; the
        repeated game then has a unique subgame-perfect equilibrium.
    equilibrium : Equilibrium or None
        That stage equilibrium, played in every period after every history (None when
        ``unique`` is False).
    payoffs : tuple of float or None
        Total payoffs ``sum_t discount**t u(e)`` of the unique subgame-perfect equilibrium.
    notes : tuple of str
    """

    horizon: int
    discount: Fraction
    stage_solution: Solution
    unique: bool
    equilibrium: Equilibrium | None
    payoffs: tuple[float, ...] | None
    notes: tuple[str, ...] = field(default_factory=tuple)


def backward_induction(game: RepeatedGame) -> BackwardInduction:
    """The subgame-perfect equilibrium of a finitely repeated game with a unique stage
    equilibrium.

    Parameters
    ----------
    game : RepeatedGame
        With ``horizon=T``; a ``discount`` given with it weights period ``t`` by
        ``discount**t`` (undiscounted otherwise).

    Returns
    -------
    BackwardInduction
        ``unique=True`` and the stage equilibrium when the stage game has exactly one Nash
        equilibrium; otherwise ``unique=False`` with the stage equilibria found and a
        pointer to :func:`subgame_perfect_outcomes`.

    Raises
    ------
    SolverError
        When the game has no horizon.

    Notes
    -----
    In the last period any subgame-perfect equilibrium plays a stage equilibrium; if it
    is unique, play in period ``T`` does not depend on history, so period ``T - 1`` is a
    one-shot game too, and so on back to period 1 (Benoit and Krishna 1985;
    Gibbons 1992, Section 2.3.A). Uniqueness is read from the stage
    solver: for 2 players a complete enumeration with one extreme equilibrium; for 3 or
    more players the solver lists isolated equilibria, so uniqueness is then claimed only
    up to that (a note says so).

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=[["C", "D"], ["C", "D"]])
    >>> bi = backward_induction(RepeatedGame(pd, horizon=5))
    >>> bi.unique, bi.equilibrium.profile[0].tolist(), bi.payoffs
    (True, [0.0, 1.0], (5.0, 5.0))
    """
    from multivector.solver import solve

    stage, horizon, d = _finite(game)
    sol = solve(stage)
    notes: list[str] = []
    unique = sol.complete and len(sol.equilibria) == 1
    if unique and stage.num_players > 2:
        notes.append(
            "uniqueness among the isolated stage equilibria the solver enumerates "
            f"(method {sol.method!r})"
        )
    if not sol.complete:
        notes.append(
            f"the stage solver ({sol.method!r}) does not guarantee every equilibrium; "
            "uniqueness is not claimed"
        )
    if not unique:
        notes.append(
            f"the stage game has {len(sol.equilibria)} equilibria found: play may depend "
            "on history; see subgame_perfect_outcomes"
        )
        return BackwardInduction(horizon, d, sol, False, None, None, tuple(notes))
    eq = sol.equilibria[0]
    weight = sum(float(d) ** t for t in range(horizon))
    payoffs = tuple(float(v) * weight for v in eq.payoffs)
    return BackwardInduction(horizon, d, sol, True, eq, payoffs, tuple(notes))


@dataclass(frozen=True, eq=False)
class FiniteOutcomes:
    """Pure-strategy subgame-perfect outcomes of a finitely repeated game.

    Attributes
    ----------
    stage : NormalFormGame
    horizon : int
    discount : Fraction
    playable : tuple of tuple of tuple of str
        ``playable[t]``: the pure profiles played in period ``t + 1`` on the path of some
        pure-strategy subgame-perfect equilibrium (labels), in profile order.
    payoffs : tuple of tuple of Fraction
        The distinct total payoff vectors ``sum_t discount**t u(a_t)`` of those equilibria
        (exact: Fractions of the given numbers), sorted.
    worst : tuple of tuple of Fraction
        ``worst[k][i]``: player ``i``'s lowest subgame-perfect payoff in a game with ``k``
        periods left (``k = 0 .. T``), the harshest credible punishment.
    notes : tuple of str
    """

    stage: NormalFormGame
    horizon: int
    discount: Fraction
    playable: tuple[tuple[tuple[str, ...], ...], ...]
    payoffs: tuple[Vector, ...]
    worst: tuple[Vector | None, ...]
    notes: tuple[str, ...]
    _sets: list[dict[Vector, list[tuple[Profile, Vector]]]] = field(repr=False)

    def labels(self, a: Profile) -> tuple[str, ...]:
        """Strategy labels of a profile of indices."""
        return tuple(self.stage.strategies[i][k] for i, k in enumerate(a))

    def is_path(self, path: Any) -> bool:
        """Whether a path (one profile per period, labels or indices) is the outcome of a
        pure-strategy subgame-perfect equilibrium.

        Examples
        --------
        >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                                   strategies=[["C", "D"], ["C", "D"]])
        >>> out = subgame_perfect_outcomes(RepeatedGame(pd, horizon=2))
        >>> out.is_path([("D", "D"), ("D", "D")]), out.is_path([("C", "C"), ("D", "D")])
        (True, False)
        """
        prof = [tuple(self.stage.strategy_index(i, s) for i, s in enumerate(p)) for p in path]
        if len(prof) != self.horizon:
            raise SolverError(f"the path has {len(prof)} periods; the game has {self.horizon}")
        u = _exact_payoffs(self.stage)
        n = self.stage.num_players
        tail: Vector = tuple(Fraction(0) for _ in range(n))
        for k, a in enumerate(reversed(prof), start=1):
            after = tail
            tail = tuple(Fraction(u[(i, *a)]) + self.discount * after[i] for i in range(n))
            if (a, after) not in self._sets[k].get(tail, []):
                return False
        return True

    def paths(self, limit: int = 10_000) -> Iterator[tuple[tuple[str, ...], ...]]:
        """Every pure-strategy subgame-perfect outcome path (labels), up to ``limit``."""
        count = 0

        def walk(k: int, v: Vector) -> Iterator[list[Profile]]:
            if k == 0:
                yield []
                return
            for a, w in self._sets[k][v]:
                for rest in walk(k - 1, w):
                    yield [a, *rest]

        for v in self._sets[self.horizon]:
            for p in walk(self.horizon, v):
                if count >= limit:
                    return
                count += 1
                yield tuple(self.labels(a) for a in p)

    def witness(self, period: int, profile: Any) -> tuple[tuple[str, ...], ...] | None:
        """One subgame-perfect outcome path that plays ``profile`` in ``period``
        (1-based), or None when there is none.

        Examples
        --------
        >>> game = gibbons_2_3_3()
        >>> subgame_perfect_outcomes(RepeatedGame(game, horizon=2)).witness(1, ("M1", "M2"))
        (('M1', 'M2'), ('R1', 'R2'))
        """
        if not 1 <= period <= self.horizon:
            raise SolverError(f"period {period} is outside 1..{self.horizon}")
        a0 = tuple(self.stage.strategy_index(i, s) for i, s in enumerate(profile))
        # forward: reachable tail values with one prefix each
        reach: dict[Vector, list[Profile]] = {v: [] for v in self._sets[self.horizon]}
        for t in range(1, period):
            k = self.horizon - t + 1
            nxt: dict[Vector, list[Profile]] = {}
            for v, prefix in reach.items():
                for a, w in self._sets[k][v]:
                    nxt.setdefault(w, [*prefix, a])
            reach = nxt
        k = self.horizon - period + 1
        for v, prefix in reach.items():
            for a, w in self._sets[k][v]:
                if a != a0:
                    continue
                tail = [a]
                for kk in range(k - 1, 0, -1):
                    b, w = self._sets[kk][w][0]
                    tail.append(b)
                return tuple(self.labels(x) for x in [*prefix, *tail])
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "horizon": self.horizon,
            "discount": str(self.discount),
            "playable": [[list(p) for p in period] for period in self.playable],
            "payoffs": [[float(x) for x in v] for v in self.payoffs],
            "worst": [None if w is None else [float(x) for x in w] for w in self.worst],
            "notes": list(self.notes),
        }


def subgame_perfect_outcomes(
    game: RepeatedGame, max_payoffs: int = DEFAULT_MAX_PAYOFFS
) -> FiniteOutcomes:
    """Which pure profiles can be played in each period of a finitely repeated game's
    pure-strategy subgame-perfect equilibria.

    Parameters
    ----------
    game : RepeatedGame
        With ``horizon=T`` (and optionally a discount weighting period ``t`` by
        ``discount**t``; undiscounted otherwise).
    max_payoffs : int
        Refuse when a set of continuation payoff vectors grows beyond this (the sets grow
        at most like ``|A|**k``; the method is for small ``T``).

    Returns
    -------
    FiniteOutcomes
        Exact (rational arithmetic on the given payoffs).

    Raises
    ------
    SolverError
        When the game has no horizon or a payoff set exceeds ``max_payoffs``.

    Notes
    -----
    Let ``E_k`` be the set of total payoffs of pure-strategy subgame-perfect equilibria
    of the game with ``k`` periods left (``E_0 = {0}``) and ``m_i(k)`` the lowest ``i``
    component in ``E_k``. A profile ``a`` followed by continuation ``w`` in ``E_{k-1}`` is
    an equilibrium start iff for every player
    ``u_i(a) + d w_i >= max_b u_i(b, a_-i) + d m_i(k - 1)``: by the one-shot deviation
    principle, a deviation is best punished by the worst continuation equilibrium, which
    may be chosen after each history independently (the finite-horizon form of
    Abreu 1988's optimal penal codes). So ``E_k`` is generated exactly from
    ``E_{k-1}``; this is the reward/punishment construction of Benoit and Krishna
    (1985), computed rather than bounded. A path is an equilibrium path iff each of
    its tails is generated in this way, which gives the per-period sets by a forward
    pass.

    Only pure actions are used, in rewards and punishments alike: a mixed stage
    equilibrium can be a harsher punishment or a better reward, so equilibria using
    mixed actions may sustain more (the result's notes say so). A stage game without a
    pure equilibrium has no pure-strategy subgame-perfect equilibrium: the sets are then
    empty. With a unique stage equilibrium the only outcome is that equilibrium every
    period; when every player has two stage equilibria paying it differently, the
    average payoffs of long games approach every feasible, individually rational payoff
    (Benoit and Krishna 1985's folk theorem), which this exact method covers only for
    small ``T``.

    Examples
    --------
    Gibbons (1992), Section 2.3.A, Figure 2.3.3: ``(M1, M2)`` is not a stage equilibrium
    but is played in period 1 of the twice-repeated game, rewarded by ``(R1, R2)`` and
    any deviation punished by ``(L1, L2)``.

    >>> out = subgame_perfect_outcomes(RepeatedGame(gibbons_2_3_3(), horizon=2))
    >>> ("M1", "M2") in out.playable[0], out.playable[1]
    (True, (('L1', 'L2'), ('R1', 'R2')))
    """
    stage, horizon, d = _finite(game)
    u = _exact_payoffs(stage)
    n = stage.num_players
    profiles = list(itertools.product(*(range(s) for s in stage.shape)))
    pay = {a: tuple(Fraction(u[(i, *a)]) for i in range(n)) for a in profiles}
    # best deviation payoff of each player against each profile
    dev = {
        a: tuple(
            max(Fraction(u[(i, *a[:i], b, *a[i + 1 :])]) for b in range(stage.shape[i]))
            for i in range(n)
        )
        for a in profiles
    }
    zero: Vector = tuple(Fraction(0) for _ in range(n))
    sets: list[dict[Vector, list[tuple[Profile, Vector]]]] = [{zero: []}]
    worst: list[Vector | None] = [zero]
    for k in range(1, horizon + 1):
        prev, low = sets[k - 1], worst[k - 1]
        cur: dict[Vector, list[tuple[Profile, Vector]]] = {}
        if low is not None:
            for w in prev:
                for a in profiles:
                    if all(pay[a][i] + d * w[i] >= dev[a][i] + d * low[i] for i in range(n)):
                        v = tuple(pay[a][i] + d * w[i] for i in range(n))
                        cur.setdefault(v, []).append((a, w))
                if len(cur) > max_payoffs:
                    raise SolverError(
                        f"more than {max_payoffs} subgame-perfect payoff vectors with {k} "
                        f"periods left; use a shorter horizon (T={horizon} is too long "
                        "for exact enumeration) or raise max_payoffs"
                    )
        sets.append(cur)
        worst.append(tuple(min(v[i] for v in cur) for i in range(n)) if cur else None)
    # forward pass: tails reachable on some equilibrium path
    playable: list[tuple[tuple[str, ...], ...]] = []
    reach = set(sets[horizon])
    for t in range(1, horizon + 1):
        k = horizon - t + 1
        here: set[Profile] = set()
        nxt: set[Vector] = set()
        for v in reach:
            for a, w in sets[k][v]:
                here.add(a)
                nxt.add(w)
        playable.append(
            tuple(tuple(stage.strategies[i][x] for i, x in enumerate(a)) for a in sorted(here))
        )
        reach = nxt
    notes = ["pure actions only: equilibria using mixed stage actions are not included"]
    if not sets[horizon]:
        notes.append("the stage game has no pure Nash equilibrium: no pure-strategy SPE")
    return FiniteOutcomes(
        stage=stage,
        horizon=horizon,
        discount=d,
        playable=tuple(playable),
        payoffs=tuple(sorted(sets[horizon])),
        worst=tuple(worst),
        notes=tuple(notes),
        _sets=sets,
    )


def gibbons_2_3_3() -> NormalFormGame:
    """The stage game of Gibbons (1992), *Game Theory for Applied Economists*, Section
    2.3.A, Figure 2.3.3: pure equilibria ``(L1, L2)`` paying (1, 1) and ``(R1, R2)``
    paying (3, 3); ``(M1, M2)`` pays (4, 4) but is not an equilibrium.

    Examples
    --------
    >>> gibbons_2_3_3().shape
    (3, 3)
    """
    return NormalFormGame.from_bimatrix(
        [[1, 5, 0], [0, 4, 0], [0, 0, 3]],
        [[1, 0, 0], [5, 4, 0], [0, 0, 3]],
        strategies=[["L1", "M1", "R1"], ["L2", "M2", "R2"]],
        title="Gibbons (1992), Figure 2.3.3",
    )
