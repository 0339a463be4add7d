"""Backward induction: every pure subgame perfect equilibrium of a perfect-information game.

At each decision node the mover takes an action that is best for her given the values of
the subgames below; chance nodes average. Where the mover is indifferent, each of her best
actions starts its own equilibrium, so the method lists them all (Zermelo 1913; Kuhn
1953; Osborne and Rubinstein 1994, Proposition 99.2).

Without ties the whole tree is solved by a few vectorised numpy operations per depth
level, so a tree of a million nodes takes about a second. When ties appear, equilibria
are enumerated node by node, in exact arithmetic when the game is exact, up to
``max_equilibria``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.solver.extensive.result import (
    ExtensiveSolution,
    make_behaviour_equilibrium,
)

__all__ = ["DEFAULT_MAX_EQUILIBRIA", "backward_induction", "run_backward_induction"]

#: Largest number of subgame perfect equilibria listed by default.
DEFAULT_MAX_EQUILIBRIA = 1000

METHOD = "backward-induction"


def _require_perfect_information(game: ExtensiveFormGame) -> None:
    if not game.is_perfect_information:
        raise SolverError(
            "backward induction needs perfect information (every information set of a "
            "player holds one node); use method='subgame-perfect' or 'sequence-form'"
        )


def _fast_pass(
    game: ExtensiveFormGame, tol: float
) -> tuple[NDArray[np.float64], NDArray[np.int64], bool]:
    """Values and choices by vectorised backward induction; flags any tie."""
    val = np.array(game.terminal_payoffs, dtype=np.float64)
    choice = np.full(game.num_nodes, -1, dtype=np.int64)
    lv = game.levels
    fc, nc = game.first_child, game.num_children
    player = game.node_player
    probs = np.nan_to_num(game.action_probs, nan=0.0)
    pact = game.parent_action
    tie = False
    for d in range(lv.size - 3, -1, -1):
        lo, hi = int(lv[d]), int(lv[d + 1])
        idx = lo + np.flatnonzero(nc[lo:hi] > 0)
        if idx.size == 0:
            continue
        counts = nc[idx]
        c0 = int(fc[idx[0]])
        c1 = int(fc[idx[-1]] + counts[-1])
        children = np.arange(c0, c1)
        offs = fc[idx] - c0
        mover = player[idx]
        rep = np.repeat(mover, counts)
        dec = mover >= 0
        key = val[children, np.maximum(rep, 0)]
        mx = np.maximum.reduceat(key, offs)
        is_max = key >= np.repeat(mx, counts) - tol
        pos = np.where(is_max, np.arange(children.size), children.size)
        first = np.minimum.reduceat(pos, offs)
        n_max = np.add.reduceat(is_max.astype(np.int64), offs)
        if np.any(n_max[dec] > 1):
            tie = True
        new = val[children[first]]
        if not np.all(dec):
            w = probs[pact[children]][:, None] * val[children]
            avg = np.add.reduceat(w, offs, axis=0)
            new = np.where(dec[:, None], new, avg)
        val[idx] = new
        choice[idx] = np.where(dec, first - offs, -1)
    return val, choice, tie


Option = tuple[tuple[Any, ...], int, tuple[int, ...]]


def _enumerate(
    game: ExtensiveFormGame, max_equilibria: int, tol: float
) -> tuple[list[dict[int, int]], bool]:
    """Every pure SPE as {decision node: action index}, and whether the list is complete."""
    exact_pay = game.exact_terminal_payoffs()
    exact_prob = game.exact_action_probs
    use_exact = exact_pay is not None and (
        exact_prob is not None or not np.any(game.infoset_player < 0)
    )
    fc, nc, player = game.first_child, game.num_children, game.node_player
    pact = game.parent_action
    options: list[list[Option] | None] = [None] * game.num_nodes
    complete = True

    def value(n: int) -> tuple[Any, ...]:
        if use_exact:
            assert exact_pay is not None
            return exact_pay[n]
        return tuple(float(v) for v in game.terminal_payoffs[n])

    for n in range(game.num_nodes - 1, -1, -1):
        k = int(nc[n])
        if k == 0:
            options[n] = [(value(n), -1, ())]
            continue
        kids = range(int(fc[n]), int(fc[n]) + k)
        lists = [options[c] for c in kids]
        assert all(lst is not None for lst in lists)
        combos = itertools.product(*(range(len(lst)) for lst in lists if lst is not None))
        out: list[Option] = []
        p = int(player[n])
        for combo in combos:
            vals = [lists[j][combo[j]][0] for j in range(k)]  # type: ignore[index]
            if p < 0:
                if use_exact:
                    w = [exact_prob[int(pact[c])] for c in kids]  # type: ignore[index]
                else:
                    w = [float(game.action_probs[int(pact[c])]) for c in kids]
                total = tuple(
                    sum((wi * v[i] for wi, v in zip(w, vals, strict=True)), start=0)
                    for i in range(game.num_players)
                )
                out.append((total, -1, combo))
            else:
                best = max(v[p] for v in vals)
                for j, v in enumerate(vals):
                    if (v[p] == best) if use_exact else (v[p] >= best - tol):
                        out.append((v, j, combo))
            if len(out) >= max_equilibria:
                complete = complete and len(out) == max_equilibria and _exhausted(combos)
                out = out[:max_equilibria]
                break
        options[n] = out
    # materialise: each root option is one equilibrium
    equilibria = []
    root = options[0]
    assert root is not None
    for opt in root:
        assign: dict[int, int] = {}
        stack = [(0, opt)]
        while stack:
            n, (_, j, combo) = stack.pop()
            if j >= 0:
                assign[n] = j
            for c_off, idx in enumerate(combo):
                c = int(fc[n]) + c_off
                child_opts = options[c]
                assert child_opts is not None
                stack.append((c, child_opts[idx]))
        equilibria.append(assign)
    return equilibria, complete


def _exhausted(it: Any) -> bool:
    return next(it, None) is None


def _behaviour(game: ExtensiveFormGame, choice: dict[int, int] | NDArray[np.int64]) -> Any:
    b = np.nan_to_num(game.action_probs, nan=0.0).copy()
    starts = game.infoset_action_start
    if isinstance(choice, dict):
        for n, j in choice.items():
            h = int(game.node_infoset[n])
            b[starts[h] + j] = 1.0
        return b
    dec = np.flatnonzero(choice >= 0)
    sets = game.node_infoset[dec]
    b[starts[sets] + choice[dec]] = 1.0
    return b


def backward_induction(
    game: ExtensiveFormGame, *, max_equilibria: int = DEFAULT_MAX_EQUILIBRIA
) -> ExtensiveSolution:
    """Every pure subgame perfect equilibrium of a perfect-information game.

    Parameters
    ----------
    game : ExtensiveFormGame
        A game of perfect information (chance moves allowed), any number of players.
    max_equilibria : int
        Stop listing after this many equilibria (ties can make their number grow
        exponentially); the result then says ``complete=False``.

    Returns
    -------
    ExtensiveSolution
        Pure behaviour profiles; ``complete`` is True when every pure subgame perfect
        equilibrium is listed.

    Raises
    ------
    SolverError
        When a player's information set holds more than one node.

    Notes
    -----
    Kuhn (1953) and Zermelo (1913): a finite game of perfect information has a pure
    subgame perfect equilibrium, found by backward induction; Osborne and Rubinstein
    (1994), Proposition 99.2. Ties are compared exactly when the payoffs and chance
    probabilities are exact, else within ``1e-12`` times the largest payoff.

    Examples
    --------
    Entry deterrence (Selten 1978): the threat to fight is not credible.

    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([0, 2]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([-1, -1]),
    ...                                  "accommodate": Terminal([1, 1])})}))
    >>> sol = backward_induction(g)
    >>> sol.complete, len(sol)
    (True, 1)
    >>> sol[0].path()
    [(('in', 'accommodate'), 1.0)]
    """
    _require_perfect_information(game)
    scale = float(np.abs(game.outcome_payoffs).max(initial=1.0)) or 1.0
    tol = 1e-12 * max(scale, 1.0)
    _, choice, tie = _fast_pass(game, tol)
    notes: list[str] = []
    if not tie:
        profiles: list[Any] = [_behaviour(game, choice)]
        complete = True
    else:
        assigns, complete = _enumerate(game, max_equilibria, tol)
        profiles = [_behaviour(game, a) for a in assigns]
        if not complete:
            notes.append(
                f"listing stopped at max_equilibria={max_equilibria}: ties make more pure "
                "subgame perfect equilibria; raise the limit to see more"
            )
    exact = game.is_exact
    equilibria = []
    for b in profiles:
        ex = None
        if exact:
            ex = tuple(
                Fraction(round(v)) if game.infoset_player[h] >= 0 else p
                for v, h, p in zip(
                    b,
                    game.action_infoset,
                    game.exact_action_probs or [None] * game.num_actions,
                    strict=True,
                )
            )
        equilibria.append(
            make_behaviour_equilibrium(game, b, METHOD, exact=ex, sequential=True)  # type: ignore[arg-type]
        )
    return ExtensiveSolution(
        game=game,
        equilibria=tuple(equilibria),
        method=METHOD,
        complete=complete,
        exact=exact,
        notes=tuple(notes),
    )


def run_backward_induction(game: ExtensiveFormGame, **options: Any) -> ExtensiveSolution:
    """Registry runner for ``backward-induction``."""
    return backward_induction(game, **options)
