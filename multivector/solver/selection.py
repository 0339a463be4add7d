"""Equilibrium selection among pure Nash equilibria: payoff dominance and risk dominance.

When a game has several pure equilibria, Harsanyi and Selten (1988) propose two
criteria: an equilibrium that is better for every player (payoff dominance), and an
equilibrium whose strategies are the safer bet when players are unsure which equilibrium
the others expect (risk dominance). In the Stag Hunt they disagree, which is the point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.equilibrium import Equilibrium

__all__ = ["SelectionResult", "deviation_loss_products", "select_equilibrium"]


@dataclass(frozen=True, eq=False)
class SelectionResult:
    """Payoff and risk dominance among a game's pure Nash equilibria.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        The pure equilibria, in lexicographic order of profiles.
    payoff_dominates : ndarray of bool, shape (E, E)
        ``[a, b]`` is True when equilibrium ``a`` gives every player strictly more than
        ``b`` (Harsanyi and Selten's payoff dominance).
    payoff_undominated : tuple of int
        Equilibria no other payoff-dominates.
    payoff_dominant : int or None
        The equilibrium that payoff-dominates every other, when there is one.
    risk_dominates : ndarray of bool, shape (E, E)
        ``[a, b]`` is True when ``a`` risk-dominates ``b``.
    risk_dominant : int or None
        The equilibrium that risk-dominates every other, when there is one.
    risk_products : ndarray, shape (E, E)
        ``[a, b]``: the product over players of the loss from deviating from ``a`` to
        one's strategy in ``b`` (see :func:`deviation_loss_products`).
    rule : str
        Which risk-dominance criterion was applied.
    players, strategies : tuple
    notes : tuple of str
    """

    equilibria: tuple[Equilibrium, ...]
    payoff_dominates: NDArray[np.bool_]
    payoff_undominated: tuple[int, ...]
    payoff_dominant: int | None
    risk_dominates: NDArray[np.bool_]
    risk_dominant: int | None
    risk_products: NDArray[np.float64]
    rule: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def label(self, k: int) -> dict[str, str]:
        """Equilibrium ``k`` as ``{player: label}``."""
        eq = self.equilibria[k]
        return {p: eq.strategies[i][eq.supports[i][0]] for i, p in enumerate(self.players)}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; equilibria are referred to by index (from 0)."""
        E = len(self.equilibria)
        return {
            "concept": "equilibrium selection among pure Nash equilibria",
            "equilibria": [
                {
                    "profile": self.label(k),
                    "payoffs": {
                        p: float(v)
                        for p, v in zip(self.players, self.equilibria[k].payoffs, strict=True)
                    },
                }
                for k in range(E)
            ],
            "payoff_dominant": self.payoff_dominant,
            "payoff_undominated": list(self.payoff_undominated),
            "payoff_dominance": [
                [a, b] for a in range(E) for b in range(E) if self.payoff_dominates[a, b]
            ],
            "risk_dominant": self.risk_dominant,
            "risk_dominance": [
                [a, b] for a in range(E) for b in range(E) if self.risk_dominates[a, b]
            ],
            "rule": self.rule,
            "notes": list(self.notes),
        }


def deviation_loss_products(
    payoffs: NDArray[np.float64], profiles: NDArray[np.intp]
) -> NDArray[np.float64]:
    """``P[a, b] = prod_i (u_i(e_a) - u_i(e_b,i, e_a,-i))`` for pure profiles ``e``.

    The loss of player ``i`` at equilibrium ``a`` when it alone switches to its strategy
    in equilibrium ``b`` (zero when both use the same strategy, so a common strategy makes
    the product zero).

    Examples
    --------
    >>> import numpy as np
    >>> stag = np.array([[[4, 0], [3, 3]], [[4, 3], [0, 3]]], dtype=float)
    >>> deviation_loss_products(stag, np.array([[0, 0], [1, 1]])).tolist()
    [[0.0, 1.0], [9.0, 0.0]]
    """
    n = payoffs.shape[0]
    E = len(profiles)
    P = np.zeros((E, E))
    for a in range(E):
        for b in range(E):
            if a == b:
                continue
            prod = 1.0
            for i in range(n):
                here = tuple(profiles[a])
                dev = list(profiles[a])
                dev[i] = profiles[b][i]
                prod *= float(payoffs[(i, *here)] - payoffs[(i, *dev)])
            P[a, b] = prod
    return P


def select_equilibrium(game: NormalFormGame, *, tol: float | None = None) -> SelectionResult:
    """Compare a game's pure Nash equilibria by payoff dominance and risk dominance.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, optional
        Payoff differences within ``tol`` are ties; default
        :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    SelectionResult

    Raises
    ------
    SolverError
        When ``game`` is not a NormalFormGame.

    Notes
    -----
    Payoff dominance (Harsanyi and Selten 1988, A General Theory of Equilibrium
    Selection in Games, Section 3.9): ``a`` payoff-dominates ``b`` when every player gets
    strictly more at ``a``.

    Risk dominance for 2x2 games with two strict equilibria (Harsanyi and Selten 1988,
    Section 3.9, the Nash-product characterisation of their Lemma 5.4.4): ``a``
    risk-dominates ``b`` when the product of the two players' deviation losses at ``a``
    exceeds that at ``b``. For larger games and more players the same comparison of
    products of deviation losses, over every pair of pure equilibria, is used as a
    generalisation (as in much applied work; Harsanyi and Selten's own general definition
    goes through the tracing procedure and can differ). The pairwise relation need not be
    transitive, so :attr:`SelectionResult.risk_dominant` is set only for an equilibrium
    that risk-dominates every other.

    Examples
    --------
    The Stag Hunt: hunting stag together is payoff dominant, hunting hare risk dominant
    (deviation-loss products 1 against 9).

    >>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...     strategies=[["stag", "hare"], ["stag", "hare"]])
    >>> r = select_equilibrium(stag)
    >>> r.label(r.payoff_dominant), r.label(r.risk_dominant)
    ({'P1': 'stag', 'P2': 'stag'}, {'P1': 'hare', 'P2': 'hare'})
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"select_equilibrium() takes a NormalFormGame, not {type(game).__name__}"
        )
    from multivector.solver.pure import pure_nash

    tol = game.default_tolerance() if tol is None else tol
    eqs = tuple(pure_nash(game, tol=tol))
    E = len(eqs)
    U = np.array([e.payoffs for e in eqs]).reshape(E, game.num_players)
    dominates = np.zeros((E, E), dtype=bool)
    for a in range(E):
        for b in range(E):
            dominates[a, b] = a != b and bool(np.all(U[a] > U[b] + tol))
    undominated = tuple(b for b in range(E) if not dominates[:, b].any())
    payoff_dominant = next(
        (a for a in range(E) if all(dominates[a, b] for b in range(E) if b != a)), None
    )
    profiles = np.array([[s[0] for s in e.supports] for e in eqs], dtype=np.intp).reshape(
        E, game.num_players
    )
    P = deviation_loss_products(game.payoffs, profiles)
    risk = np.zeros((E, E), dtype=bool)
    for a in range(E):
        for b in range(E):
            risk[a, b] = a != b and bool(P[a, b] > P[b, a] + tol)
    risk_dominant = (
        next((a for a in range(E) if all(risk[a, b] for b in range(E) if b != a)), None)
        if E > 1
        else None
    )
    notes: list[str] = []
    two_by_two = game.num_players == 2 and game.shape == (2, 2)
    if two_by_two:
        rule = "Harsanyi-Selten risk dominance (2x2: product of the players' deviation losses)"
    else:
        rule = (
            "generalised risk dominance: for each pair of pure equilibria, the products over "
            "players of the losses from a unilateral switch to the other equilibrium's "
            "strategy are compared (not Harsanyi-Selten's tracing-procedure definition)"
        )
    if E == 0:
        notes.append("the game has no pure Nash equilibrium: nothing to select among")
    elif E == 1:
        notes.append("the game has a single pure Nash equilibrium")
    elif risk_dominant is None and E > 1:
        notes.append("no equilibrium risk-dominates every other (ties or a cycle)")
    mixed = [k for k in range(E) if np.any(np.isclose(P[k], 0.0) & ~np.eye(E, dtype=bool)[k])]
    if mixed:
        notes.append(
            "some pairs of equilibria share a player's strategy, so a deviation loss is "
            "zero and their products compare 0 with 0 or with a positive number"
        )
    for arr in (dominates, risk, P):
        arr.flags.writeable = False
    return SelectionResult(
        equilibria=eqs,
        payoff_dominates=dominates,
        payoff_undominated=undominated,
        payoff_dominant=payoff_dominant if E > 1 else (0 if E == 1 else None),
        risk_dominates=risk,
        risk_dominant=risk_dominant if E > 1 else (0 if E == 1 else None),
        risk_products=P,
        rule=rule,
        players=game.players,
        strategies=game.strategies,
        notes=tuple(notes),
    )
