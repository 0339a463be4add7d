"""Sequential scenarios: sourced parameters -> an extensive-form game, solved stage by stage.

A :class:`TreeScenario` mirrors the normal-form :class:`~multivector.games.scenarios.Scenario`:
the same :class:`~multivector.games.scenarios.base.Parameter` records, the same calibration
files, the same :class:`~multivector.games.scenarios.base.Term` s (a named magnitude of
named parameters, counted as a gain or a cost), and a pure function from parameters to a
game. The game is a tree of :class:`Stage` s played in order: chance (for instance the
private resolve of a power) or one player, who sees the outcome of the earlier stages it
``observes``. Every history of stage outcomes is a node; a term's weight is a function of
the history (a mapping ``stage name -> action label``).

Because every stage is played after every history, the tree is a product of the stages'
action sets, its terminal payoffs are an array of shape ``(n, A_1, ..., A_K)``, and a
batch of parameter draws gives ``(B, n, A_1, ..., A_K)`` in one vectorised call
(:meth:`TreeScenario.payoffs_batch`). The equilibria of a whole batch are found by
backward induction over the stages with beliefs (:func:`stage_equilibria`), which is
what sweeps and robustness margins use; :meth:`TreeScenario.solve` builds the
:class:`~multivector.games.extensive.ExtensiveFormGame` of one point and certifies each
equilibrium in the tree itself (regret, consistent beliefs and sequential rationality at
every information set).

What the backward pass assumes, and checks: each player sees every earlier *player*
stage (no simultaneous moves), so only chance outcomes can be hidden; a mover who does
not see a chance outcome either moves before any player who saw it (its belief is then
the prior), or its ranking of its own actions does not depend on that outcome (its
payoffs do not depend on the hidden type, so any belief gives the same best reply). A
tree outside this class is refused with an error naming the stage; the general methods
of :mod:`multivector.solver.extensive` still solve it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import ScenarioError
from multivector.games.scenarios.base import (
    LATEST,
    CalibratedModel,
    ParameterSet,
    Term,
    Values,
)

__all__ = [
    "CHANCE",
    "METHOD",
    "Stage",
    "StagePlan",
    "TreeScenario",
    "stage_equilibria",
]

#: The ``player`` of a chance stage.
CHANCE = "chance"

#: The method name recorded in the equilibria :meth:`TreeScenario.solve` returns.
METHOD = "stage-backward-induction"

#: Ties in a mover's values closer than this (times the payoff scale) are ties.
_TIE = 1e-10


@dataclass(frozen=True)
class Stage:
    """One move of a sequential scenario.

    Attributes
    ----------
    name : str
        Key of this stage's outcome in a history (unique).
    player : str
        The mover, or :data:`CHANCE`.
    actions : tuple of str
    observes : tuple of str
        Names of the earlier stages whose outcome the mover sees. A player must see every
        earlier player stage; it may miss chance stages (a private type).
    probability : callable, optional
        Chance only: ``values -> array (B, len(actions))`` of probabilities, or, when the
        chance stage ``observes`` earlier stages (a signal of a move), ``(B, A_j..., len(
        actions))`` with one axis per observed stage.
    params : tuple of str
        Chance only: the parameters ``probability`` reads.
    """

    name: str
    player: str
    actions: tuple[str, ...]
    observes: tuple[str, ...] = ()
    probability: Callable[[Values], NDArray[np.float64]] | None = None
    params: tuple[str, ...] = ()

    @property
    def is_chance(self) -> bool:
        """True for a chance stage."""
        return self.player == CHANCE


@dataclass(frozen=True)
class StagePlan:
    """A pure profile found by :func:`stage_equilibria` for one point.

    ``choices[k]`` is None for a chance stage, else an integer array over the earlier
    stages' actions (shape ``A_1, ..., A_k``) giving the mover's action after each
    history; it does not vary along the stages the mover does not observe. ``values`` is
    each player's expected payoff; ``ties`` counts information sets where the mover had
    more than one best action (each would start another equilibrium). ``first_values``
    is, when the first player stage has a single information set, the mover's expected
    payoff of each of its actions there (what each choice would earn it).
    """

    choices: tuple[NDArray[np.int64] | None, ...]
    values: NDArray[np.float64]
    ties: int
    first_values: NDArray[np.float64] | None = None


def _check_stages(
    stages: Sequence[Stage], players: Sequence[str], *, allow_hidden_moves: bool = False
) -> None:
    names = [s.name for s in stages]
    if len(set(names)) != len(names):
        raise ScenarioError(f"stage names must be unique, got {names}")
    for k, s in enumerate(stages):
        if not s.actions or len(set(s.actions)) != len(s.actions):
            raise ScenarioError(f"stage {s.name!r} needs distinct actions")
        earlier = names[:k]
        unknown = [o for o in s.observes if o not in earlier]
        if unknown:
            raise ScenarioError(f"stage {s.name!r} observes {unknown}, which are not earlier")
        if s.is_chance:
            if s.probability is None:
                raise ScenarioError(f"chance stage {s.name!r} needs a probability function")
            if s.observes and not allow_hidden_moves:
                raise ScenarioError(
                    f"chance stage {s.name!r} depends on {list(s.observes)}; history-dependent "
                    "chance needs a general method (method='sequence-form' or 'sequential')"
                )
            continue
        if s.player not in players:
            raise ScenarioError(f"stage {s.name!r}: unknown player {s.player!r}")
        missed = [t.name for t in stages[:k] if not t.is_chance and t.name not in s.observes]
        if missed and not allow_hidden_moves:
            raise ScenarioError(
                f"stage {s.name!r} does not observe the player stages {missed}; sequential "
                "scenarios have no simultaneous moves (only chance outcomes may be hidden)"
            )


def stage_equilibria(
    stages: Sequence[Stage],
    players: Sequence[str],
    payoffs: NDArray[np.float64],
    chance: Mapping[str, NDArray[np.float64]],
) -> list[StagePlan]:
    """One pure equilibrium per point of a batch, by backward induction over the stages.

    Parameters
    ----------
    stages : sequence of Stage
    players : sequence of str
    payoffs : ndarray, shape (B, n, A_1, ..., A_K)
        Terminal payoffs of every point.
    chance : mapping
        ``stage name -> (B, A_k)`` probabilities of each chance stage.

    Returns
    -------
    list of StagePlan
        One per point. Where a mover is indifferent the first best action is taken and
        ``ties`` says how often that happened.

    Raises
    ------
    ScenarioError
        When a mover's best reply depends on a belief about a chance outcome that an
        earlier player saw (the tree is then outside the class this pass solves).

    Notes
    -----
    Backward induction (Kuhn 1953) with beliefs: at a stage whose mover does not see a
    chance outcome, the mover's values are averaged over that outcome with its prior
    when no earlier player saw it (nothing has revealed it yet, so Bayes' rule leaves
    the prior); otherwise the pass checks that the mover's payoff differences between
    its actions do not depend on the outcome, so every belief gives the same best reply.
    Each step is a handful of numpy operations on the whole batch.
    """
    V = np.asarray(payoffs, dtype=np.float64)
    B = V.shape[0]
    K = len(stages)
    names = [s.name for s in stages]
    choices: list[NDArray[np.int64] | None] = [None] * K
    ties = np.zeros(B, dtype=np.int64)
    first_values: NDArray[np.float64] | None = None
    first = next((k for k, s in enumerate(stages) if not s.is_chance), -1)
    scale = max(1.0, float(np.abs(V).max(initial=1.0)))
    for k in range(K - 1, -1, -1):
        s = stages[k]
        if s.is_chance:
            p = np.asarray(chance[s.name], dtype=np.float64).reshape(B, *(1,) * k, -1)
            V = np.einsum("bn...a,b...a->bn...", V, np.broadcast_to(p, (B, *V.shape[2:])))
            continue
        i = players.index(s.player)
        own = V[:, i]  # (B, A_1..A_k)
        hidden = [j for j in range(k) if names[j] not in s.observes]
        Q = own
        for j in sorted(hidden, reverse=True):
            seen_by = [
                m
                for m in range(j + 1, k)
                if not stages[m].is_chance and names[j] in stages[m].observes
            ]
            if not seen_by:
                pj = np.asarray(chance[names[j]], dtype=np.float64)
                w = pj.reshape(B, *([1] * j), pj.shape[1], *([1] * (Q.ndim - 2 - j)))
                Q = (Q * w).sum(axis=j + 1, keepdims=True)
            else:
                diff = Q - Q[..., :1]
                spread = diff.max(axis=j + 1) - diff.min(axis=j + 1)
                if np.any(spread > _TIE * scale):
                    raise ScenarioError(
                        f"stage {s.name!r}: {s.player}'s best reply depends on its belief "
                        f"about {names[j]!r}, which {stages[seen_by[0]].player} saw; this "
                        "tree needs a general method (solve its ExtensiveFormGame with "
                        "method='sequential')"
                    )
                Q = Q.take([0], axis=j + 1)
        if k == first and int(np.prod(Q.shape[1:-1])) == 1:
            first_values = Q.reshape(B, -1).copy()
        best = Q.max(axis=-1, keepdims=True)
        is_best = best - _TIE * scale <= Q
        pick = np.argmax(is_best, axis=-1)  # first best action
        n_best = is_best.sum(axis=-1)
        ties += (n_best > 1).reshape(B, -1).sum(axis=1)
        pick = np.broadcast_to(pick, own.shape[:-1])
        choices[k] = pick.astype(np.int64)
        idx = pick[:, None, ..., None]
        V = np.take_along_axis(V, np.broadcast_to(idx, (*V.shape[:-1], 1)), axis=-1)[..., 0]
    return [
        StagePlan(
            choices=tuple(None if c is None else c[b] for c in choices),
            values=V[b].copy(),
            ties=int(ties[b]),
            first_values=None if first_values is None else first_values[b],
        )
        for b in range(B)
    ]


@dataclass(frozen=True, eq=False)
class TreeScenario(CalibratedModel):
    """A named sequential model: sourced parameters, calibrations, terms over histories.

    Parameters
    ----------
    name, title, description : str
    players : sequence of str
        The players (chance is not one); the first is the one whose choice sweeps and
        robustness margins report.
    stages : sequence of Stage
        The moves, in order.
    parameters : ParameterSet
    terms : sequence of Term
        Each term's ``weight`` takes one argument, the history (``{stage name: action}``).
    units : mapping
        ``player -> unit`` of that player's payoffs.
    calibration_file : str
        File name in ``multivector/games/scenarios/data``.
    phrases : mapping
        ``(stage name, action) -> words`` for the path in words: a verb phrase for a
        player's action ("squeezes the northern corridor"), a noun phrase for a chance
        outcome ("a resolute Russia"); ``("", player)`` names a player ("the West").
    method : str
        ``"stage-backward-induction"`` (default, :data:`METHOD`), or the name of a
        method of :func:`multivector.solver.solve` for trees outside that class (a mover
        who does not see an earlier player's move, as in a signalling or inspection
        game); ``method_options`` are passed to it. Sweeps then solve point by point.
    """

    name: str
    title: str
    description: str
    players: tuple[str, ...]
    stages: tuple[Stage, ...]
    parameters: ParameterSet
    terms: tuple[Term, ...]
    units: Mapping[str, str]
    calibration_file: str
    phrases: Mapping[tuple[str, str], str] = field(default_factory=dict)
    method: str = METHOD
    method_options: Mapping[str, Any] = field(default_factory=dict)
    _masks: NDArray[np.float64] = field(init=False, repr=False)
    _owner: NDArray[np.intp] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "stages", tuple(self.stages))
        object.__setattr__(self, "terms", tuple(self.terms))
        _check_stages(self.stages, self.players, allow_hidden_moves=self.method != METHOD)
        names = [(t.player, t.name) for t in self.terms]
        if len(set(names)) != len(names):
            raise ScenarioError(f"scenario {self.name!r}: term names must be unique per player")
        masks = np.zeros((len(self.terms), *self.shape))
        owner = np.zeros(len(self.terms), dtype=np.intp)
        histories = list(itertools.product(*(range(len(s.actions)) for s in self.stages)))
        for k, term in enumerate(self.terms):
            if term.player not in self.players:
                raise ScenarioError(f"term {term.name!r}: unknown player {term.player!r}")
            for p in term.params:
                if p not in self.parameters:
                    raise ScenarioError(f"term {term.name!r}: {self.parameters._unknown(p)}")
            owner[k] = self.players.index(term.player)
            for idx in histories:
                masks[(k, *idx)] = float(term.weight(self.history(idx)))
        for s in self.stages:
            for p in s.params:
                if p not in self.parameters:
                    raise ScenarioError(f"stage {s.name!r}: {self.parameters._unknown(p)}")
        object.__setattr__(self, "_masks", masks)
        object.__setattr__(self, "_owner", owner)

    # ------------------------------------------------------------------ structure
    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each stage."""
        return tuple(len(s.actions) for s in self.stages)

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Each player's actions (over all its stages), for listings; a player's strategy
        in the tree is one action at each of its information sets."""
        out = []
        for p in self.players:
            acts: list[str] = []
            for s in self.stages:
                if s.player == p:
                    acts.extend(a for a in s.actions if a not in acts)
            out.append(tuple(acts))
        return tuple(out)

    def history(self, idx: Sequence[int]) -> dict[str, str]:
        """``{stage name: action label}`` of the action indices ``idx`` (a prefix allowed)."""
        return {s.name: s.actions[a] for s, a in zip(self.stages, idx, strict=False)}

    def term_weights(self, player: str, term: str) -> NDArray[np.float64]:
        """The weight array (shape :attr:`shape`) of ``player``'s term ``term``."""
        for k, t in enumerate(self.terms):
            if t.player == player and t.name == term:
                return self._masks[k]
        raise ScenarioError(f"scenario {self.name!r} has no term {term!r} of {player!r}")

    # ------------------------------------------------------------------ batches
    def _full(self, values: Mapping[str, ArrayLike], check: bool) -> dict[str, NDArray[Any]]:
        arrays = {k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in values.items()}
        sizes = {a.shape[0] for a in arrays.values() if a.shape[0] != 1}
        if any(a.ndim != 1 for a in arrays.values()) or len(sizes) > 1:
            raise ScenarioError("parameter arrays must be 1-D and of one length B (or scalars)")
        batch = sizes.pop() if sizes else 1
        defaults = self.parameters.defaults()
        full: dict[str, NDArray[Any]] = {}
        for name, p in self.parameters.items():
            a = np.broadcast_to(arrays.pop(name, np.array([defaults[name]])), (batch,))
            if check:
                bad = np.flatnonzero(~np.isfinite(a) | (a < p.min) | (a > p.max))
                if bad.size:
                    p.check(float(a[bad[0]]), where=f"row {int(bad[0])}: ")
            full[name] = a
        if arrays:
            raise ScenarioError(self.parameters._unknown(next(iter(arrays))))
        return full

    def payoffs_batch(
        self, values: Mapping[str, ArrayLike], *, check: bool = True
    ) -> NDArray[np.float64]:
        """Terminal payoffs of a batch: ``(B, n, A_1, ..., A_K)``, one axis per stage.

        Names not given take their defaults. Chance stages are axes too: their payoffs are
        those of each outcome, weighted by :meth:`chance_batch` when solving.
        """
        full = self._full(values, check)
        batch = next(iter(full.values())).shape[0] if full else 1
        out = np.zeros((batch, len(self.players), *self.shape))
        extra = (1,) * len(self.shape)
        for k, term in enumerate(self.terms):
            mag = np.broadcast_to(np.asarray(term.magnitude(full), dtype=np.float64), (batch,))
            out[:, self._owner[k]] += term.sign * mag.reshape(batch, *extra) * self._masks[k]
        return out

    def chance_batch(
        self, values: Mapping[str, ArrayLike], *, check: bool = True
    ) -> dict[str, NDArray[np.float64]]:
        """``{chance stage: (B, A_k) probabilities}`` of a batch."""
        full = self._full(values, check)
        batch = next(iter(full.values())).shape[0] if full else 1
        out = {}
        for s in self.stages:
            if s.is_chance:
                assert s.probability is not None
                dims = [len(t.actions) for t in self.stages if t.name in s.observes]
                p = np.asarray(s.probability(full), dtype=np.float64).reshape(
                    batch, *dims, len(s.actions)
                )
                if np.any(p < -1e-12) or np.any(np.abs(p.sum(axis=-1) - 1) > 1e-9):
                    raise ScenarioError(f"chance stage {s.name!r}: probabilities must sum to 1")
                out[s.name] = np.clip(p, 0.0, 1.0)
        return out

    def plans_batch(self, values: Mapping[str, ArrayLike]) -> list[StagePlan]:
        """One equilibrium per point (:func:`stage_equilibria`)."""
        return stage_equilibria(
            self.stages, self.players, self.payoffs_batch(values), self.chance_batch(values)
        )

    def equilibria_batch(self, values: Mapping[str, ArrayLike]) -> list[list[tuple[str, ...]]]:
        """The equilibrium of each point as one text per player, what sweeps record.

        A player's text lists its actions on the equilibrium path, each prefixed by the
        chance outcomes it depends on (``"resolute:squeeze|opportunistic:accommodate"``);
        the first player's text is its choice (``"balance"``).
        """
        if self.method != METHOD:
            return self._general_batch(values)
        chance = self.chance_batch(values)
        plans = stage_equilibria(self.stages, self.players, self.payoffs_batch(values), chance)
        probs = [{k: v[b] for k, v in chance.items()} for b in range(len(plans))]
        return [[self.plan_labels(plan, pr)] for plan, pr in zip(plans, probs, strict=True)]

    def _general_batch(self, values: Mapping[str, ArrayLike]) -> list[list[tuple[str, ...]]]:
        """Point by point with the scenario's general method: each player's actions on the
        path of each equilibrium, a mixed one as ``"p*label+q*label"``."""
        from multivector.solver import solve

        arrays = {k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in values.items()}
        size = max((a.shape[0] for a in arrays.values()), default=1)
        out = []
        for b in range(size):
            point = {
                k: a[b if a.shape[0] > 1 else 0 : (b if a.shape[0] > 1 else 0) + 1]
                for k, a in arrays.items()
            }
            sol = solve(self.tree(point), self.method, **dict(self.method_options))
            out.append([self.path_labels(e) for e in sol])
        return out

    def path_labels(self, eq: Any) -> tuple[str, ...]:
        """One text per player, as :meth:`equilibria_batch` records it: for a pure
        equilibrium its actions on the path grouped by the chance outcomes they follow;
        for a mixed one its behaviour at each reached information set,
        ``"p*label+q*label"``, sets joined by ``|`` and prefixed by their names."""
        g = eq.game
        if eq.is_pure:
            dist = eq.terminal_distribution
            return self._group(
                [g.node_path(int(t)) for t, q in zip(g.terminals, dist, strict=True) if q > 1e-12]
            )
        reach = g.node_reach(eq.behaviour)
        starts = g.infoset_action_start
        names = g.infoset_names
        texts = []
        for i in range(len(self.players)):
            parts = []
            for h in np.flatnonzero(g.infoset_player == i):
                nodes = g.infoset_nodes(int(h))
                if float(reach[nodes].sum()) <= 1e-12:
                    continue
                probs = eq.behaviour[starts[h] : starts[h + 1]]
                acts = g.infoset_actions(int(h))
                used = [(a, float(q)) for a, q in zip(acts, probs, strict=True) if q > 1e-9]
                text = used[0][0] if len(used) == 1 else "+".join(f"{q:.6g}*{a}" for a, q in used)
                parts.append((names[h], text))
            if len(parts) == 1:
                texts.append(parts[0][1])
            else:
                texts.append("|".join(f"{n}:{t}" for n, t in parts))
        return tuple(texts)

    def _paths(
        self, plan: StagePlan, probs: Mapping[str, NDArray[np.float64]]
    ) -> list[tuple[float, list[tuple[int, int]], tuple[str, ...]]]:
        """Every play of the plan: (probability, [(stage, action)], chance outcomes)."""
        out: list[tuple[float, list[tuple[int, int]], tuple[str, ...]]] = [(1.0, [], ())]
        for k, s in enumerate(self.stages):
            nxt = []
            for pr, path, tags in out:
                idx = tuple(a for _, a in path)
                if s.is_chance:
                    for a, lab in enumerate(s.actions):
                        q = float(probs[s.name][a])
                        if q > 1e-12:
                            nxt.append((pr * q, [*path, (k, a)], (*tags, lab)))
                else:
                    choice = plan.choices[k]
                    assert choice is not None
                    nxt.append((pr, [*path, (k, int(choice[idx]))], tags))
            out = nxt
        return out

    def plan_labels(
        self, plan: StagePlan, probs: Mapping[str, NDArray[np.float64]]
    ) -> tuple[str, ...]:
        """One text per player for a plan of :func:`stage_equilibria`, as
        :meth:`equilibria_batch` records it (``probs``: the point's chance probabilities).

        The texts depend only on the plan's choices and on which chance outcomes are
        possible, so they are kept per scenario for those (a batch of thousands of
        points has a handful of distinct plans)."""
        key = (
            tuple(None if c is None else c.tobytes() for c in plan.choices),
            tuple((name, (np.asarray(q) > 1e-12).tobytes()) for name, q in sorted(probs.items())),
        )
        cache = self.__dict__.setdefault("_label_cache", {})
        found: tuple[str, ...] | None = cache.get(key)
        if found is None:
            plays = [
                tuple(self.stages[k].actions[a] for k, a in path)
                for _, path, _ in self._paths(plan, probs)
            ]
            found = cache[key] = self._group(plays)
        return found

    def _group(self, plays: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
        """Each player's actions over the plays (one label per stage of a play), grouped
        by the chance outcomes they follow: ``"resolute:squeeze|opportunistic:accommodate"``,
        or one label when every play agrees."""
        chance = [k for k, s in enumerate(self.stages) if s.is_chance]
        texts = []
        for p in self.players:
            seen: dict[str, list[str]] = {}
            for play in plays:
                acts = [play[k] for k, s in enumerate(self.stages) if s.player == p]
                key = ":".join(play[k] for k in chance)
                keys = seen.setdefault("/".join(acts), [])
                if key not in keys:
                    keys.append(key)
            if len(seen) == 1:
                texts.append(next(iter(seen)))
            else:
                texts.append("|".join(f"{','.join(keys)}:{act}" for act, keys in seen.items()))
        return tuple(texts)

    # ------------------------------------------------------------------ one point
    def game(
        self,
        era: str | None = LATEST,
        overrides: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """The :class:`~multivector.games.extensive.ExtensiveFormGame` at one point.

        Raises
        ------
        ScenarioError
            For an unknown era or parameter, or a value out of bounds.
        """
        values = self.values(era, overrides, **kwargs)
        label = f" [{era if era != LATEST else self.latest_era}]" if era else " [defaults]"
        return self.tree({k: np.array([v]) for k, v in values.items()}, title=self.title + label)

    def tree(self, values: Mapping[str, ArrayLike], *, title: str = "") -> Any:
        """The extensive-form game of the first point of ``values`` (arrays or scalars)."""
        from multivector.games.extensive.tree import ExtensiveFormGame

        U = self.payoffs_batch(values)[0]
        probs = {k: v[0] for k, v in self.chance_batch(values).items()}
        shape = self.shape
        K = len(shape)
        node_infoset: list[int] = []
        infoset_player: list[int] = []
        infoset_actions: list[tuple[str, ...]] = []
        infoset_labels: list[str] = []
        chance_probs: dict[int, list[float]] = {}
        for k, s in enumerate(self.stages):
            prefix = list(itertools.product(*(range(n) for n in shape[:k])))
            seen = [j for j in range(k) if self.stages[j].name in s.observes]
            if s.is_chance:
                for idx in prefix:
                    h = len(infoset_player)
                    infoset_player.append(-1)
                    infoset_actions.append(s.actions)
                    infoset_labels.append(s.name)
                    row = probs[s.name][tuple(idx[j] for j in seen)]
                    chance_probs[h] = [float(x) for x in row]
                    node_infoset.append(h)
                continue
            sets: dict[tuple[int, ...], int] = {}
            for idx in prefix:
                key = tuple(idx[j] for j in seen)
                if key not in sets:
                    sets[key] = len(infoset_player)
                    infoset_player.append(self.players.index(s.player))
                    infoset_actions.append(s.actions)
                    infoset_labels.append(self._infoset_label(s, seen, key))
                node_infoset.append(sets[key])
        n_term = int(np.prod(shape))
        first = len(node_infoset)
        node_infoset.extend([-1] * n_term)
        outcomes = U.reshape(len(self.players), -1).T
        node_outcome = [-1] * first + list(range(n_term))
        _ = K
        return ExtensiveFormGame(
            self.players,
            node_infoset,
            infoset_player,
            infoset_actions,
            chance_probs,
            node_outcome,
            outcomes,
            infoset_labels=infoset_labels,
            title=title or self.title,
        )

    def _infoset_label(self, s: Stage, seen: list[int], key: tuple[int, ...]) -> str:
        own = [t for t in self.stages if t.player == s.player]
        parts = [self.stages[j].actions[a] for j, a in zip(seen, key, strict=True)]
        head = s.name if len(own) > 1 else ""
        body = ", ".join(parts) if parts else "start"
        return f"{head}: {body}" if head else body

    def plan_behaviour(self, game: Any, plan: StagePlan) -> NDArray[np.float64]:
        """The behaviour profile of ``plan`` in ``game`` (:meth:`tree` of the same point)."""
        b = np.nan_to_num(game.action_probs, nan=0.0).copy()
        starts = game.infoset_action_start
        shape = self.shape
        node = 0
        for k, s in enumerate(self.stages):
            count = int(np.prod(shape[:k])) if k else 1
            if not s.is_chance:
                choice = plan.choices[k]
                assert choice is not None
                flat = np.asarray(choice).reshape(-1) if k else np.asarray([int(choice)])
                sets = game.node_infoset[node : node + count]
                b[starts[sets] + flat] = 1.0
            node += count
        return b

    def solve(
        self,
        era: str | None = LATEST,
        overrides: Mapping[str, Any] | None = None,
        *,
        max_equilibria: int = 64,
        **kwargs: Any,
    ) -> Any:
        """The pure sequential equilibria at one point, certified in the tree.

        Every combination of tie-breaks is followed (each best action where a mover is
        indifferent starts another equilibrium), up to ``max_equilibria``. Each profile is
        checked in the :class:`~multivector.games.extensive.ExtensiveFormGame`: its regret
        must vanish, and with beliefs from a system of trembles (consistent by
        construction) every action must be optimal at its information set
        (:func:`~multivector.solver.extensive.sequential.check_sequential`).

        Returns
        -------
        ExtensiveSolution
            Method ``"stage-backward-induction"``; ``complete`` is True when every pure
            equilibrium of this kind is listed.
        """
        from multivector.solver.extensive.result import (
            ExtensiveSolution,
            make_behaviour_equilibrium,
        )
        from multivector.solver.extensive.sequential import check_sequential, tremble_beliefs

        values = self.values(era, overrides, **kwargs)
        batch = {k: np.array([v]) for k, v in values.items()}
        label = f" [{era if era != LATEST else self.latest_era}]" if era else " [defaults]"
        game = self.tree(batch, title=self.title + label)
        if self.method != METHOD:
            from multivector.solver import solve

            return solve(game, self.method, **dict(self.method_options))
        U = self.payoffs_batch(batch)[0]
        chance = {k: v[0] for k, v in self.chance_batch(batch).items()}
        plans, complete = self._enumerate(U, chance, max_equilibria)
        equilibria = []
        for plan in plans:
            b = self.plan_behaviour(game, plan)
            mu = tremble_beliefs(game, b)
            ok, _ = check_sequential(game, b, mu)
            equilibria.append(
                make_behaviour_equilibrium(game, b, METHOD, beliefs=mu, sequential=ok)
            )
        notes = [
            "pure equilibria by backward induction over the stages with beliefs: the prior "
            "where nothing has revealed a private type, else belief-free best replies "
            "(checked); each certified by its regret and by sequential rationality with "
            "consistent (tremble) beliefs"
        ]
        if not complete:
            notes.append(f"listing stopped at max_equilibria={max_equilibria}")
        return ExtensiveSolution(
            game=game,
            equilibria=tuple(equilibria),
            method=METHOD,
            complete=complete,
            notes=tuple(notes),
        )

    def _enumerate(
        self, U: NDArray[np.float64], chance: Mapping[str, NDArray[np.float64]], limit: int
    ) -> tuple[list[StagePlan], bool]:
        """Every pure plan, following each tie-break (depth first, up to ``limit``)."""
        stages, players = self.stages, self.players
        K = len(stages)
        names = [s.name for s in stages]
        scale = max(1.0, float(np.abs(U).max(initial=1.0)))
        out: list[StagePlan] = []
        complete = True

        def run(k: int, V: NDArray[np.float64], picks: list[NDArray[np.int64] | None]) -> None:
            nonlocal complete
            if len(out) >= limit:
                complete = False
                return
            if k < 0:
                out.append(StagePlan(tuple(picks), V.copy(), 0))
                return
            s = stages[k]
            if s.is_chance:
                p = np.asarray(chance[s.name]).reshape(*(1,) * (V.ndim - 1), -1)
                run(k - 1, (V * p).sum(axis=-1), picks)
                return
            # one batch row: reuse the batched pass for this stage's best replies
            i = players.index(s.player)
            own = V[i]
            hidden = [j for j in range(k) if names[j] not in s.observes]
            Q = own
            for j in sorted(hidden, reverse=True):
                seen_by = [
                    m
                    for m in range(j + 1, k)
                    if not stages[m].is_chance and names[j] in stages[m].observes
                ]
                if not seen_by:
                    pj = np.asarray(chance[names[j]])
                    w = pj.reshape(*([1] * j), -1, *([1] * (Q.ndim - 1 - j)))
                    Q = (Q * w).sum(axis=j, keepdims=True)
                else:
                    diff = Q - Q[..., :1]
                    if np.any(diff.max(axis=j) - diff.min(axis=j) > _TIE * scale):
                        raise ScenarioError(
                            f"stage {s.name!r}: {s.player}'s best reply depends on a belief"
                        )
                    Q = Q.take([0], axis=j)
            best = Q.max(axis=-1, keepdims=True)
            is_best = best - _TIE * scale <= Q
            cells = list(np.ndindex(*Q.shape[:-1]))
            options = [np.flatnonzero(is_best[c]) for c in cells]
            for combo in itertools.product(*options):
                pick = np.zeros(Q.shape[:-1], dtype=np.int64)
                for c, a in zip(cells, combo, strict=True):
                    pick[c] = a
                full = np.broadcast_to(pick, own.shape[:-1]).copy()
                idx = np.broadcast_to(full[None, ..., None], (*V.shape[:-1], 1))
                Vn = np.take_along_axis(V, idx, axis=-1)[..., 0]
                new = list(picks)
                new[k] = full if k else np.asarray(full).reshape(())
                run(k - 1, Vn, new)
                if len(out) >= limit:
                    complete = False
                    return

        run(K - 1, U, [None] * K)
        return out, complete

    # ------------------------------------------------------------------ words
    def describe(self, eq: Any) -> str:
        """The equilibrium path in words, e.g. "Kazakhstan balances; a resolute Russia
        (probability 0.5) squeezes the northern corridor, then ...".

        ``eq`` is a :class:`~multivector.solver.extensive.BehaviourEquilibrium` of
        :meth:`game`, or a :class:`StagePlan` with the chance probabilities in
        ``eq.values``' place given through :meth:`describe_plan`.
        """
        g = eq.game
        if not eq.is_pure:
            parts = []
            for player, text in zip(self.players, self.path_labels(eq), strict=True):
                subject = self.phrases.get(("", player), player)
                pretty = text.replace("|", "; ").replace("+", ", ").replace("*", " x ")
                parts.append(f"{subject} mixes: {pretty}" if "*" in text else f"{subject}: {text}")
            return "; ".join(parts)
        dist = eq.terminal_distribution
        plays: list[tuple[float, tuple[str, ...]]] = []
        for t, p in zip(g.terminals, dist, strict=True):
            if p > 1e-12:
                plays.append((float(p), g.node_path(int(t))))
        return self._words(plays)

    def _words(self, plays: list[tuple[float, tuple[str, ...]]]) -> str:
        stages = self.stages
        K = len(stages)
        chance = [k for k in range(K) if stages[k].is_chance]
        chance_names = {stages[k].name for k in chance}
        # moves that every play shares and that no hidden outcome can have shaped
        common: list[str] = []
        shared: set[int] = set()
        for k in range(K):
            s = stages[k]
            if s.is_chance:
                continue
            acts = {path[k] for _, path in plays}
            if len(acts) != 1 or chance_names & set(s.observes):
                break
            common.append(self._phrase(s, next(iter(acts))))
            shared.add(k)
        groups: dict[tuple[str, ...], list[tuple[float, tuple[str, ...]]]] = {}
        for p, path in plays:
            groups.setdefault(tuple(path[k] for k in chance), []).append((p, path))
        parts = []
        for tags, members in groups.items():
            prob = sum(p for p, _ in members)
            path = members[0][1]
            words: list[str] = []
            for k in range(K):
                s = stages[k]
                if s.is_chance or k in shared:
                    continue
                if not words and tags:
                    who = " and ".join(
                        self.phrases.get((stages[c].name, t), t)
                        for c, t in zip(chance, tags, strict=True)
                    )
                    verb = self.phrases.get((s.name, path[k]), path[k])
                    if who.startswith(("after", "if", "when")):
                        words.append(f"{who} (probability {prob:.2g}) {self._phrase(s, path[k])}")
                    else:
                        words.append(f"{who} (probability {prob:.2g}) {verb}")
                else:
                    words.append(self._phrase(s, path[k]))
            if words:
                parts.append(
                    ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]
                )
        head = "; ".join(common)
        tail = "; ".join(parts)
        return f"{head}; {tail}" if head and tail else head or tail

    def _phrase(self, s: Stage, action: str) -> str:
        verb = self.phrases.get((s.name, action), action)
        return f"{self.phrases.get(('', s.player), s.player)} {verb}"
