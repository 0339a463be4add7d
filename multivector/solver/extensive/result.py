"""Results of the extensive-form methods: behaviour equilibria and their solution list.

They follow :class:`~multivector.solver.equilibrium.Equilibrium` and
:class:`~multivector.solver.equilibrium.Solution`: every equilibrium is certified by its
regret before it is returned (:func:`make_behaviour_equilibrium`), records the method
that found it, and ``to_dict()`` gives the stable JSON shape, with
``"strategies": {player: {infoset: {action: probability}}}`` and ``"beliefs"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import SolverError
from multivector.games.extensive.tree import ExtensiveFormGame

__all__ = [
    "BehaviourEquilibrium",
    "ExtensiveSolution",
    "make_behaviour_equilibrium",
    "signalling_kind",
    "signalling_structure",
]


@dataclass(frozen=True, eq=False)
class BehaviourEquilibrium:
    """One equilibrium of an extensive-form game, in behaviour strategies.

    Attributes
    ----------
    game : ExtensiveFormGame
    behaviour : ndarray, shape (num_actions,)
        Probability of each action at its information set (chance's included).
    beliefs : ndarray, shape (num_nodes,)
        Probability of each decision node given its information set is reached: Bayes'
        rule on the path; off the path, the beliefs of the method (the limit of the
        logit path for ``sequential``), else those of uniform trembles.
    payoffs : ndarray
        Each player's expected payoff.
    regret : float
        Largest gain any player gets by a unilateral deviation.
    method : str
    exact : tuple of Fraction, optional
        The behaviour probabilities in exact arithmetic, when the method computed them.
    kind : str, optional
        For signalling games: ``"pooling"``, ``"separating"`` or ``"hybrid"``.
    sequential : bool, optional
        True when the assessment (behaviour, beliefs) was checked sequentially rational at
        every information set with consistent beliefs.
    """

    game: ExtensiveFormGame = field(repr=False)
    behaviour: NDArray[np.float64]
    beliefs: NDArray[np.float64]
    payoffs: NDArray[np.float64]
    regret: float
    method: str
    exact: tuple[Fraction, ...] | None = None
    kind: str | None = None
    sequential: bool | None = None

    @property
    def strategies(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{player: {infoset: {action: probability}}}``."""
        return self.game.behaviour_dict(self.behaviour)

    @property
    def is_pure(self) -> bool:
        """True when every player takes one action at every information set."""
        player = self.game.infoset_player[self.game.action_infoset] >= 0
        b = self.behaviour[player]
        return bool(np.all((b < 1e-12) | (b > 1 - 1e-12)))

    @property
    def terminal_distribution(self) -> NDArray[np.float64]:
        """Probability of each terminal node (in the order of ``game.terminals``)."""
        return self.game.terminal_distribution(self.behaviour)

    def path(self) -> list[tuple[tuple[str, ...], float]]:
        """The terminal nodes reached with positive probability, as action paths."""
        dist = self.terminal_distribution
        return [
            (self.game.node_path(int(t)), float(p))
            for t, p in zip(self.game.terminals, dist, strict=True)
            if p > 1e-12
        ]

    def belief_dict(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{player: {infoset: {node: belief}}}``, each node named by its action path."""
        g = self.game
        out: dict[str, dict[str, dict[str, float]]] = {p: {} for p in g.players}
        names = g.infoset_names
        dec = np.flatnonzero(g.node_infoset >= 0)
        for n in dec:
            h = int(g.node_infoset[n])
            p = int(g.infoset_player[h])
            if p < 0:
                continue
            key = " > ".join(g.node_path(int(n))) or "(root)"
            out[g.players[p]].setdefault(names[h], {})[key] = float(self.beliefs[n])
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data.

        Keys: ``strategies`` (player -> infoset -> action -> probability), ``beliefs``
        (player -> infoset -> node path -> probability), ``payoffs``, ``regret``,
        ``method``, ``path`` (the terminal nodes reached and their probabilities), and
        when known ``exact``, ``kind`` and ``sequential``.
        """
        g = self.game
        d: dict[str, Any] = {
            "strategies": self.strategies,
            "beliefs": self.belief_dict(),
            "payoffs": {p: float(v) for p, v in zip(g.players, self.payoffs, strict=True)},
            "regret": float(self.regret),
            "method": self.method,
            "path": [{"actions": list(a), "probability": p} for a, p in self.path()],
        }
        if self.exact is not None:
            ex = self.exact
            d["exact"] = {
                player: {
                    iset: {
                        a: str(ex[int(g.infoset_action_start[h]) + k])
                        for k, a in enumerate(g.infoset_actions(h))
                    }
                    for h, iset in _player_sets(g, i)
                }
                for i, player in enumerate(g.players)
            }
        if self.kind is not None:
            d["kind"] = self.kind
        if self.sequential is not None:
            d["sequential"] = self.sequential
        return d

    def __repr__(self) -> str:
        parts = []
        for player, sets in self.strategies.items():
            moves = []
            for iset, probs in sets.items():
                used = {a: p for a, p in probs.items() if p > 1e-12}
                if len(used) == 1:
                    moves.append(f"{iset}: {next(iter(used))}")
                else:
                    mix = ", ".join(f"{a} {p:.3g}" for a, p in used.items())
                    moves.append(f"{iset}: {{{mix}}}")
            parts.append(f"{player}: [{'; '.join(moves)}]")
        return f"BehaviourEquilibrium({' | '.join(parts)}; regret={self.regret:.2g})"


def _player_sets(game: ExtensiveFormGame, player: int) -> list[tuple[int, str]]:
    names = game.infoset_names
    return [(int(h), names[h]) for h in np.flatnonzero(game.infoset_player == player)]


def make_behaviour_equilibrium(
    game: ExtensiveFormGame,
    behaviour: ArrayLike,
    method: str,
    *,
    beliefs: ArrayLike | None = None,
    tol: float | None = None,
    exact: tuple[Fraction, ...] | None = None,
    kind: str | None = None,
    sequential: bool | None = None,
) -> BehaviourEquilibrium:
    """Build a :class:`BehaviourEquilibrium`, certifying it by its regret.

    Raises
    ------
    SolverError
        If the profile's regret exceeds ``tol`` (default ``1e-9`` times the payoff
        scale): a method must never return a non-equilibrium.
    """
    b = game.check_behaviour(behaviour, tol=1e-6)
    scale = float(np.abs(game.outcome_payoffs).max(initial=1.0)) or 1.0
    tol = 1e-9 * max(scale, 1.0) if tol is None else tol
    regret = game.regret(b)
    if not regret <= tol:
        raise SolverError(
            f"method {method!r} produced a profile with regret {regret:.3g} > tolerance "
            f"{tol:.3g}; this is a bug in the method, please report it with the game"
        )
    mu = game.consistent_beliefs(b) if beliefs is None else np.asarray(beliefs, np.float64)
    payoffs = game.expected_payoffs(b)
    if kind is None:
        kind = signalling_kind(game, b)
    for arr in (b, mu, payoffs):
        arr.flags.writeable = False
    return BehaviourEquilibrium(
        game=game,
        behaviour=b,
        beliefs=mu,
        payoffs=payoffs,
        regret=float(regret),
        method=method,
        exact=exact,
        kind=kind,
        sequential=sequential,
    )


def signalling_structure(game: ExtensiveFormGame) -> tuple[int, list[int]] | None:
    """The sender and her type sets when ``game`` is a signalling game, else None.

    A signalling game here: chance moves at the root only; each of its children is the
    one node of an information set of the same player (the sender, who knows her type),
    all with the same action labels (the messages); nothing else of the sender's follows.
    """
    if game.infoset_player[game.node_infoset[0]] != -1 or game.num_players != 2:
        return None
    fc, nc = int(game.first_child[0]), int(game.num_children[0])
    kids = range(fc, fc + nc)
    sets = [int(game.node_infoset[k]) for k in kids]
    if any(h < 0 for h in sets) or len(set(sets)) != len(sets) or len(sets) < 2:
        return None
    senders = {int(game.infoset_player[h]) for h in sets}
    if len(senders) != 1 or -1 in senders:
        return None
    sender = senders.pop()
    labels = {game.infoset_actions(h) for h in sets}
    if len(labels) != 1:
        return None
    if int(np.count_nonzero(game.infoset_player == sender)) != len(sets):
        return None
    return sender, sets


def signalling_kind(game: ExtensiveFormGame, behaviour: NDArray[np.float64]) -> str | None:
    """``"pooling"``, ``"separating"`` or ``"hybrid"`` for a signalling game's profile.

    Pooling: every type sends the same message for sure. Separating: each type sends one
    message for sure and no two types send the same one. Anything else is hybrid.
    """
    found = signalling_structure(game)
    if found is None:
        return None
    _, sets = found
    starts = game.infoset_action_start
    rows = [behaviour[starts[h] : starts[h + 1]] for h in sets]
    pure = all(np.max(r) > 1 - 1e-9 for r in rows)
    if pure:
        sent = [int(np.argmax(r)) for r in rows]
        if len(set(sent)) == 1:
            return "pooling"
        if len(set(sent)) == len(sent):
            return "separating"
    return "hybrid"


@dataclass(frozen=True, eq=False)
class ExtensiveSolution:
    """What the extensive-form methods return: equilibria and what is known of them.

    Attributes
    ----------
    game : ExtensiveFormGame
    equilibria : tuple of BehaviourEquilibrium
    method : str
    complete : bool
        True when the list is known to hold every equilibrium the method promises (for
        ``backward-induction``: every pure subgame perfect equilibrium).
    exact : bool
    notes : tuple of str
    """

    game: ExtensiveFormGame
    equilibria: tuple[BehaviourEquilibrium, ...]
    method: str
    complete: bool
    exact: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[BehaviourEquilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> BehaviourEquilibrium:
        return self.equilibria[k]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: ``{"game": {...}, "method", "complete", "exact",
        "equilibria": [...], "notes": [...]}``, each equilibrium as in
        :meth:`BehaviourEquilibrium.to_dict`."""
        g = self.game
        return {
            "game": {
                "players": list(g.players),
                "infosets": {
                    p: {name: list(g.infoset_actions(h)) for h, name in _player_sets(g, i)}
                    for i, p in enumerate(g.players)
                },
                "title": g.title,
            },
            "method": self.method,
            "complete": bool(self.complete),
            "exact": bool(self.exact),
            "equilibria": [e.to_dict() for e in self.equilibria],
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        flag = "complete" if self.complete else "not known to be complete"
        return (
            f"ExtensiveSolution({len(self.equilibria)} equilibria by {self.method!r}, {flag}"
            f"{', exact' if self.exact else ''})"
        )
