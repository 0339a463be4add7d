"""Bayesian games: types, a common prior, type-dependent payoffs; Harsanyi's tree.

Each player privately learns her type, drawn from a common prior over type profiles, then
the players choose actions simultaneously. :meth:`BayesianGame.to_extensive` writes the
game as Harsanyi (1967-68) did: chance draws the type profile first, then each player
moves knowing only her own type (one information set per type), without seeing the
others' moves.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import GameError
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.games.normal_form import to_fraction

__all__ = ["BayesianGame"]


def _labels(kind: str, given: Sequence[Sequence[str]], n: int) -> tuple[tuple[str, ...], ...]:
    if len(given) != n:
        raise GameError(f"give one list of {kind} per player ({n}), got {len(given)}")
    out = []
    for i, labels in enumerate(given):
        labels = tuple(str(x) for x in labels)
        if not labels or len(set(labels)) != len(labels) or any(not x for x in labels):
            raise GameError(
                f"player {i + 1}'s {kind} {list(labels)} must be non-empty, unique labels"
            )
        out.append(labels)
    return tuple(out)


@dataclass(frozen=True, eq=False, init=False)
class BayesianGame:
    """A finite Bayesian game.

    Parameters
    ----------
    players : sequence of str
    types : sequence of sequence of str
        Each player's types.
    actions : sequence of sequence of str
        Each player's actions (the same for all her types).
    prior : array_like, shape (T_1, ..., T_n)
        The common prior over type profiles; exact input (integers, fractions, strings
        such as ``"1/3"``) is kept exactly.
    payoffs : array_like, shape (n, T_1, ..., T_n, A_1, ..., A_n)
        ``payoffs[i][t][a]``: player ``i``'s payoff at type profile ``t`` and action
        profile ``a``.
    title : str

    Raises
    ------
    GameError
        For a prior that is negative or does not sum to 1, or arrays of the wrong shape.

    Examples
    --------
    An entrant does not know whether the incumbent is tough (prior ``p``) or weak; a
    tough incumbent likes to fight, a weak one does not.

    >>> g = BayesianGame(
    ...     ["Entrant", "Incumbent"],
    ...     types=[["-"], ["tough", "weak"]],
    ...     actions=[["out", "in"], ["fight", "yield"]],
    ...     prior=[["1/4", "3/4"]],
    ...     payoffs=[
    ...         [[[[0, 0], [-1, 1]], [[0, 0], [-1, 1]]]],
    ...         [[[[2, 2], [1, 0]], [[2, 2], [-1, 0]]]],
    ...     ],
    ... )
    >>> tree = g.to_extensive()
    >>> tree.num_terminals, tree.perfect_recall
    (8, True)
    """

    players: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[str, ...], ...]
    prior: NDArray[np.float64]
    exact_prior: NDArray[np.object_] | None
    payoffs: NDArray[np.float64]
    exact_payoffs: NDArray[np.object_] | None
    title: str

    def __init__(
        self,
        players: Sequence[str],
        types: Sequence[Sequence[str]],
        actions: Sequence[Sequence[str]],
        prior: Any,
        payoffs: Any,
        *,
        title: str = "",
    ) -> None:
        players = tuple(str(p) for p in players)
        n = len(players)
        if n < 1 or len(set(players)) != n:
            raise GameError(f"player names must be unique and non-empty; got {list(players)}")
        types_ = _labels("types", types, n)
        actions_ = _labels("actions", actions, n)
        tshape = tuple(len(t) for t in types_)
        ashape = tuple(len(a) for a in actions_)
        prior_f, prior_x = _numbers(prior, "prior")
        if prior_f.shape != tshape:
            raise GameError(
                f"prior has shape {prior_f.shape}; it needs {tshape} (one per type profile)"
            )
        if np.any(prior_f < 0):
            raise GameError("prior probabilities must be non-negative")
        total = prior_x.sum() if prior_x is not None else float(prior_f.sum())
        if (prior_x is not None and total != 1) or abs(float(total) - 1.0) > 1e-9:
            raise GameError(f"prior probabilities sum to {total}, not 1")
        pay_f, pay_x = _numbers(payoffs, "payoffs")
        if pay_f.shape != (n, *tshape, *ashape):
            raise GameError(
                f"payoffs have shape {pay_f.shape}; they need (n, T_1..T_n, A_1..A_n) = "
                f"{(n, *tshape, *ashape)}"
            )
        if not np.all(np.isfinite(pay_f)):
            raise GameError("payoffs must be finite numbers")
        set_ = object.__setattr__
        set_(self, "players", players)
        set_(self, "types", types_)
        set_(self, "actions", actions_)
        set_(self, "prior", prior_f)
        set_(self, "exact_prior", prior_x)
        set_(self, "payoffs", pay_f)
        set_(self, "exact_payoffs", pay_x)
        set_(self, "title", str(title))

    @property
    def num_players(self) -> int:
        """Number of players."""
        return len(self.players)

    def to_extensive(self) -> ExtensiveFormGame:
        """Harsanyi's extensive form: chance draws the types, then players move in turn.

        Type profiles of prior probability 0 are left out (and so are types that occur in
        none of the others). Player ``i``'s information
        set for her type ``t`` is labelled ``"<t>"``; she sees neither the others' types
        nor their moves, so the tree is equivalent to simultaneous moves.
        """
        n = self.num_players
        tshape = tuple(len(t) for t in self.types)
        profiles = [t for t in itertools.product(*(range(k) for k in tshape)) if self.prior[t] > 0]
        set_id: dict[tuple[int, int], int] = {}
        infoset_player: list[int] = [-1]
        infoset_actions: list[tuple[str, ...]] = [
            tuple(",".join(self.types[i][t[i]] for i in range(n)) for t in profiles)
        ]
        infoset_labels = ["types"]
        for i in range(n):
            occurs = {t[i] for t in profiles}
            for k, label in enumerate(self.types[i]):
                if k not in occurs:
                    continue  # a type of prior probability 0 has no node
                set_id[(i, k)] = len(infoset_player)
                infoset_player.append(i)
                infoset_actions.append(self.actions[i])
                infoset_labels.append(label)
        probs = [
            self.exact_prior[t] if self.exact_prior is not None else float(self.prior[t])
            for t in profiles
        ]
        # breadth first: root, then level i holds player i's nodes for every history
        node_infoset = [0]
        histories: list[tuple[tuple[int, ...], tuple[int, ...]]] = [(t, ()) for t in profiles]
        for i in range(n):
            node_infoset.extend(set_id[(i, t[i])] for t, _ in histories)
            histories = [(t, (*a, k)) for t, a in histories for k in range(len(self.actions[i]))]
        outcomes = []
        for t, a in histories:
            if self.exact_payoffs is not None:
                outcomes.append([self.exact_payoffs[(i, *t, *a)] for i in range(n)])
            else:
                outcomes.append([float(self.payoffs[(i, *t, *a)]) for i in range(n)])
        first_terminal = len(node_infoset)
        node_infoset.extend([-1] * len(histories))
        node_outcome = [-1] * first_terminal + list(range(len(histories)))
        return ExtensiveFormGame(
            self.players,
            node_infoset,
            infoset_player,
            infoset_actions,
            {0: probs},
            node_outcome,
            outcomes,
            infoset_labels=infoset_labels,
            title=self.title or "Bayesian game (Harsanyi form)",
        )

    def interim_payoffs(self, strategies: Sequence[ArrayLike]) -> list[NDArray[np.float64]]:
        """Each type's expected payoff given her type, when every player ``j`` of type
        ``t_j`` plays the mixed action ``strategies[j][t_j]``.

        ``strategies[j]`` has shape ``(T_j, A_j)``. Types of prior probability 0 get
        ``nan``.
        """
        n = self.num_players
        sig = [np.asarray(s, dtype=np.float64) for s in strategies]
        out = []
        for i in range(n):
            # expected payoff at each type profile: contract every player's action axis
            u = self.payoffs[i]
            # weights[t, a] = prod_j sigma_j(t_j, a_j): axis j is j's type, n + j her action
            weights = np.ones(u.shape)
            for j in range(n):
                shape = [1] * (2 * n)
                shape[j] = sig[j].shape[0]
                shape[n + j] = sig[j].shape[1]
                weights = weights * sig[j].reshape(shape)
            per_profile = (u * weights).sum(axis=tuple(range(n, 2 * n)))
            joint = self.prior * per_profile
            axes = tuple(k for k in range(n) if k != i)
            num = joint.sum(axis=axes)
            den = self.prior.sum(axis=axes)
            with np.errstate(invalid="ignore", divide="ignore"):
                out.append(np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan))
        return out


def _numbers(values: Any, what: str) -> tuple[NDArray[np.float64], NDArray[np.object_] | None]:
    arr = np.array(values, dtype=object)
    flat = arr.reshape(-1)
    exact = all(
        isinstance(v, (int, np.integer, Fraction, str)) and not isinstance(v, bool) for v in flat
    )
    try:
        if exact:
            ex = np.empty(arr.shape, dtype=object)
            ex.reshape(-1)[:] = [to_fraction(v) for v in flat]
            return np.vectorize(float, otypes=[np.float64])(ex).reshape(arr.shape), ex
        return np.array(values, dtype=np.float64), None
    except (TypeError, ValueError) as err:
        raise GameError(f"{what} must be numbers ({err})") from None
