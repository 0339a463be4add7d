"""The extensive-form game: a tree stored in flat arrays, validated when built.

Nodes are numbered in breadth-first order with each node's children contiguous and in the
order of its actions, so the whole shape of the tree follows from one array: which
information set each node belongs to (``-1`` for a terminal node). The children of node
``n`` are ``first_child[n] .. first_child[n] + num_children[n] - 1``, every parent has a
smaller number than its children, and a bottom-up pass is a loop over depth levels of
vectorised numpy operations. A tree of a million nodes costs a few tens of megabytes,
not a million Python objects.

Chance moves are information sets of the chance player (index ``-1``) whose actions carry
probabilities. Payoffs sit in *outcomes* attached to nodes (as in Gambit's ``.efg``
files): a player's payoff at a terminal node is the sum of the outcomes met on the way
there. Probabilities and payoffs given exactly (integers, fractions, decimal strings) are
also kept as :class:`fractions.Fraction`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import GameError
from multivector.games.normal_form import to_fraction

__all__ = ["CHANCE", "ExtensiveFormGame", "SequenceData"]

#: The player index of chance moves.
CHANCE = -1

_PROB_TOL = 1e-9

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def _frozen(a: NDArray[Any]) -> NDArray[Any]:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class SequenceData:
    """The sequences of each player (Koller, Megiddo and von Stengel 1996).

    A player's sequence is the list of her own actions on the path to a node; with perfect
    recall it is the same at every node of an information set. Sequence ``0`` of every
    player is the empty sequence; sequence ``k >= 1`` ends with that player's ``k``-th
    action in the game's global action order.

    Attributes
    ----------
    node_sequence : ndarray, shape (num_nodes, num_players)
        Each player's sequence at each node.
    action_sequence : ndarray, shape (num_actions,)
        The sequence that each player action ends (``-1`` for chance actions).
    num_sequences : tuple of int
        Per player, 1 + the number of her actions.
    parent_sequence : ndarray, shape (num_infosets,)
        The mover's sequence leading to each information set (``-1`` for chance sets).
    own_depth : ndarray, shape (num_infosets,)
        Length of that sequence: how many of her own moves precede the set.
    sequence_action : tuple of ndarray
        Per player, the global action index of each sequence (``-1`` for the empty one).
    """

    node_sequence: IntArray
    action_sequence: IntArray
    num_sequences: tuple[int, ...]
    parent_sequence: IntArray
    own_depth: IntArray
    sequence_action: tuple[IntArray, ...]


@dataclass(frozen=True, eq=False, init=False)
class ExtensiveFormGame:
    """A finite game in extensive form: a tree with chance, information sets and payoffs.

    Build one with :func:`~multivector.games.extensive.from_tree` (nested Python values),
    :func:`~multivector.games.extensive.builder.TreeBuilder`, a file reader, or directly
    from arrays with this constructor.

    Parameters
    ----------
    players : sequence of str
        Player names (at least one).
    node_infoset : array_like of int, shape (num_nodes,)
        The information set of each node in breadth-first order, ``-1`` for terminal
        nodes. Node 0 is the root; the children of the non-terminal nodes follow in order.
    infoset_player : array_like of int, shape (num_infosets,)
        Who moves at each information set (``-1`` = chance).
    infoset_actions : sequence of sequence of str
        The labelled actions of each information set.
    chance_probs : mapping int -> sequence of numbers
        For each chance information set, the probability of each action. Exact input
        (integers, fractions, ``"1/3"`` or ``"0.25"`` strings) is kept exactly.
    node_outcome : array_like of int, shape (num_nodes,)
        Index of the outcome attached to each node, ``-1`` for none.
    outcome_payoffs : array_like, shape (num_outcomes, num_players)
        The payoffs of each outcome, exact input kept exactly.
    infoset_labels, outcome_labels, node_labels : sequence of str, optional
    infoset_numbers : array_like of int, optional
        Each information set's number within its player (Gambit's numbering), default
        1, 2, ... in order of appearance.
    title, comment : str
    perfect_recall : bool
        Require perfect recall (default). With ``False`` a game of imperfect recall
        (absent-mindedness included) is accepted, the attribute :attr:`perfect_recall`
        then says whether the game has it, and every method that needs it refuses a game
        without it.

    Raises
    ------
    GameError
        Naming the node by its path of actions: chance probabilities that are negative or
        do not sum to 1, an information set containing a node and its descendant, a
        non-finite payoff, imperfect recall, or arrays that do not describe a tree.

    Examples
    --------
    Entry deterrence (Selten 1978): the entrant stays out (0, 2) or enters, and the
    incumbent then fights (-1, -1) or accommodates (1, 1).

    >>> g = ExtensiveFormGame(
    ...     ["Entrant", "Incumbent"],
    ...     node_infoset=[0, -1, 1, -1, -1],
    ...     infoset_player=[0, 1],
    ...     infoset_actions=[["out", "in"], ["fight", "accommodate"]],
    ...     node_outcome=[-1, 0, -1, 1, 2],
    ...     outcome_payoffs=[[0, 2], [-1, -1], [1, 1]],
    ... )
    >>> g.num_nodes, g.num_terminals, g.is_perfect_information
    (5, 3, True)
    >>> g.node_path(3)
    ('in', 'fight')
    >>> g.terminal_payoffs[g.terminals].tolist()
    [[0.0, 2.0], [-1.0, -1.0], [1.0, 1.0]]
    """

    players: tuple[str, ...]
    node_infoset: IntArray
    infoset_player: IntArray
    infoset_action_start: IntArray
    action_labels: tuple[str, ...]
    action_probs: FloatArray
    exact_action_probs: tuple[Fraction | None, ...] | None
    node_outcome: IntArray
    outcome_payoffs: FloatArray
    exact_outcome_payoffs: tuple[tuple[Fraction, ...], ...] | None
    infoset_labels: tuple[str, ...]
    infoset_numbers: IntArray
    outcome_labels: tuple[str, ...]
    node_labels: tuple[str, ...] | None
    title: str
    comment: str
    perfect_recall: bool

    def __init__(
        self,
        players: Sequence[str],
        node_infoset: ArrayLike,
        infoset_player: ArrayLike,
        infoset_actions: Sequence[Sequence[str]],
        chance_probs: Mapping[int, Sequence[Any]] | None = None,
        node_outcome: ArrayLike | None = None,
        outcome_payoffs: Any = None,
        *,
        infoset_labels: Sequence[str] | None = None,
        infoset_numbers: ArrayLike | None = None,
        outcome_labels: Sequence[str] | None = None,
        node_labels: Sequence[str] | None = None,
        title: str = "",
        comment: str = "",
        perfect_recall: bool = True,
    ) -> None:
        players = tuple(str(p) for p in players)
        if not players:
            raise GameError("an extensive-form game needs at least one player")
        if len(set(players)) != len(players) or any(not p for p in players):
            raise GameError(f"player names must be unique and non-empty; got {list(players)}")
        n_players = len(players)
        node_set = np.asarray(node_infoset, dtype=np.int64).reshape(-1)
        iset_player = np.asarray(infoset_player, dtype=np.int64).reshape(-1)
        n_sets = iset_player.shape[0]
        if len(infoset_actions) != n_sets:
            raise GameError(f"{len(infoset_actions)} action lists for {n_sets} information sets")
        if node_set.size == 0:
            raise GameError("the tree has no nodes; give at least a root")
        if n_sets == 0:
            raise GameError(
                "the tree has no move: its root is a terminal node; give the root actions "
                "(a decision or chance node)"
            )
        if np.any((node_set < -1) | (node_set >= n_sets)):
            raise GameError("node_infoset refers to an information set that does not exist")
        if np.any((iset_player < -1) | (iset_player >= n_players)):
            raise GameError("infoset_player refers to a player that does not exist")
        counts = np.array([len(a) for a in infoset_actions], dtype=np.int64)
        if np.any(counts == 0):
            h = int(np.flatnonzero(counts == 0)[0])
            raise GameError(f"information set {h} has no actions; give it at least one")
        starts = np.zeros(n_sets + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        labels: list[str] = []
        for h, acts in enumerate(infoset_actions):
            acts = [str(a) for a in acts]
            if len(set(acts)) != len(acts) and iset_player[h] != CHANCE:
                raise GameError(
                    f"information set {h} has duplicate action labels {acts}; "
                    "labels must be unique within an information set"
                )
            labels.extend(acts)
        n_children = np.where(node_set >= 0, counts[np.maximum(node_set, 0)], 0)
        if 1 + int(n_children.sum()) != node_set.size:
            raise GameError(
                f"node_infoset has {node_set.size} nodes but the information sets' actions "
                f"give {1 + int(n_children.sum())}: list the nodes breadth-first, each "
                "non-terminal node followed (at the next level) by one child per action"
            )
        n_actions = len(labels)
        probs = np.full(n_actions, np.nan)
        exact: list[Fraction | None] = [None] * n_actions
        all_exact = True
        chance_probs = dict(chance_probs or {})
        for h_ in np.flatnonzero(iset_player == CHANCE):
            h = int(h_)
            if h not in chance_probs:
                raise GameError(f"chance information set {h} has no probabilities")
            given = list(chance_probs[h])
            if len(given) != counts[h]:
                raise GameError(
                    f"chance information set {h} has {counts[h]} actions but "
                    f"{len(given)} probabilities"
                )
            for k, v in enumerate(given):
                a = int(starts[h]) + k
                if isinstance(v, (int, np.integer, Fraction, str)) and not isinstance(v, bool):
                    f = to_fraction(v)
                    exact[a] = f
                    probs[a] = float(f)
                else:
                    all_exact = False
                    probs[a] = float(v)
        self_probs = _frozen(probs)
        node_out = (
            np.full(node_set.size, -1, dtype=np.int64)
            if node_outcome is None
            else np.asarray(node_outcome, dtype=np.int64).reshape(-1)
        )
        if node_out.shape != node_set.shape:
            raise GameError("node_outcome needs one entry per node (-1 for none)")
        pay_float, pay_exact = _outcome_array(outcome_payoffs, n_players)
        if np.any((node_out < -1) | (node_out >= pay_float.shape[0])):
            raise GameError("node_outcome refers to an outcome that does not exist")
        iset_labels = (
            tuple("" for _ in range(n_sets))
            if infoset_labels is None
            else tuple(str(s) for s in infoset_labels)
        )
        if len(iset_labels) != n_sets:
            raise GameError("infoset_labels needs one label per information set")
        if infoset_numbers is None:
            numbers = np.zeros(n_sets, dtype=np.int64)
            for p in range(-1, n_players):
                mask = iset_player == p
                numbers[mask] = np.arange(1, int(mask.sum()) + 1)
        else:
            numbers = np.asarray(infoset_numbers, dtype=np.int64).reshape(-1)
            if numbers.shape != (n_sets,):
                raise GameError("infoset_numbers needs one number per information set")
        out_labels = (
            tuple("" for _ in range(pay_float.shape[0]))
            if outcome_labels is None
            else tuple(str(s) for s in outcome_labels)
        )
        if len(out_labels) != pay_float.shape[0]:
            raise GameError("outcome_labels needs one label per outcome")
        n_labels = None if node_labels is None else tuple(str(s) for s in node_labels)
        if n_labels is not None and len(n_labels) != node_set.size:
            raise GameError("node_labels needs one label per node")
        set_ = object.__setattr__
        set_(self, "players", players)
        set_(self, "node_infoset", _frozen(node_set))
        set_(self, "infoset_player", _frozen(iset_player))
        set_(self, "infoset_action_start", _frozen(starts))
        set_(self, "action_labels", tuple(labels))
        set_(self, "action_probs", self_probs)
        set_(self, "exact_action_probs", tuple(exact) if all_exact else None)
        set_(self, "node_outcome", _frozen(node_out))
        set_(self, "outcome_payoffs", _frozen(pay_float))
        set_(self, "exact_outcome_payoffs", pay_exact)
        set_(self, "infoset_labels", iset_labels)
        set_(self, "infoset_numbers", _frozen(numbers))
        set_(self, "outcome_labels", out_labels)
        set_(self, "node_labels", n_labels)
        set_(self, "title", str(title))
        set_(self, "comment", str(comment))
        set_(self, "perfect_recall", bool(perfect_recall))
        self._validate()
        if not perfect_recall:
            actual = self._player_sets_are_singletons or not self._recall_violations().size
            set_(self, "perfect_recall", actual)

    # ------------------------------------------------------------------ validation
    def _validate(self) -> None:
        starts = self.infoset_action_start
        # chance probabilities, checked for all chance sets at once
        chance_sets = np.flatnonzero(self.infoset_player == CHANCE)
        if chance_sets.size:
            cnt = np.diff(starts)[chance_sets]
            acts = concatenated_ranges(starts[chance_sets], cnt)
            p_all = self.action_probs[acts]
            bad_value = ~np.isfinite(p_all) | (p_all < 0)
            sums = np.add.reduceat(np.where(bad_value, 0.0, p_all), np.cumsum(cnt) - cnt)
            suspect = np.unique(
                np.concatenate(
                    [
                        chance_sets[np.abs(sums - 1.0) > _PROB_TOL],
                        self.action_infoset[acts[bad_value]],
                    ]
                )
            )
            if self.exact_action_probs is not None:
                suspect = chance_sets  # exact sums are checked exactly, set by set
            for h in suspect:
                self._check_chance_set(int(h))
        if not np.all(np.isfinite(self.outcome_payoffs)):
            o = int(np.argwhere(~np.isfinite(self.outcome_payoffs))[0][0])
            raise GameError(f"outcome {o} has a payoff that is not finite")
        # every player information set must be reached, and no set may contain a node
        # together with one of its descendants
        used = np.zeros(self.num_infosets, dtype=bool)
        used[self.node_infoset[self.node_infoset >= 0]] = True
        if not np.all(used):
            h = int(np.flatnonzero(~used)[0])
            raise GameError(f"information set {h} contains no node; remove it")
        if self._player_sets_are_singletons:
            return
        bad = self._recall_violations()
        if not bad.size:
            return
        if not self.perfect_recall:
            return  # accepted as a game of imperfect recall (absent-mindedness included)
        self._check_no_descendant_in_same_set(bad)
        h = int(bad[0])
        nodes = np.flatnonzero(self.node_infoset == h)
        seq = self.sequences.node_sequence[nodes, self.infoset_player[h]]
        a, b = nodes[0], nodes[np.flatnonzero(seq != seq[0])[0]]
        raise GameError(
            f"imperfect recall: player {self.players[self.infoset_player[h]]!r} "
            f"cannot tell {self._where(int(a))} from {self._where(int(b))}, though "
            "her own earlier moves (or what she saw) differ on the way there; pass "
            "perfect_recall=False to accept the game (methods that need perfect "
            "recall then refuse it)"
        )

    def _check_chance_set(self, h: int) -> None:
        starts = self.infoset_action_start
        lo, hi = int(starts[h]), int(starts[h + 1])
        p = self.action_probs[lo:hi]
        if not np.all(np.isfinite(p)) or np.any(p < 0):
            raise GameError(
                f"chance move at {self._infoset_where(h)}: probabilities {p.tolist()} must be "
                "finite and non-negative"
            )
        ex = self.exact_action_probs
        if ex is not None:
            total_exact = sum((ex[a] or Fraction(0)) for a in range(lo, hi))
            if total_exact != 1:
                raise GameError(
                    f"chance move at {self._infoset_where(h)}: probabilities "
                    f"{[str(ex[a]) for a in range(lo, hi)]} sum to {total_exact}, not 1"
                )
        elif abs(float(p.sum()) - 1.0) > _PROB_TOL:
            raise GameError(
                f"chance move at {self._infoset_where(h)}: probabilities {p.tolist()} sum to "
                f"{float(p.sum()):.12g}, not 1"
            )

    def _check_no_descendant_in_same_set(self, infosets: NDArray[np.int64]) -> None:
        parent = self.parent
        for h in infosets:
            nodes = np.flatnonzero(self.node_infoset == h)
            if nodes.size < 2:
                continue
            members = set(nodes.tolist())
            for n in nodes:
                a = int(parent[n])
                while a >= 0:
                    if a in members:
                        raise GameError(
                            f"information set {self._infoset_name_for_error(int(h))} "
                            f"contains {self._where(a)} and its descendant "
                            f"{self._where(int(n))}; a player cannot be unsure whether she "
                            "has already moved there: split the set"
                        )
                    a = int(parent[a])

    def _recall_violations(self) -> NDArray[np.int64]:
        if self.num_player_infosets == 0:
            return np.zeros(0, dtype=np.int64)
        seq = self.sequences.node_sequence
        dec = np.flatnonzero(self.node_infoset >= 0)
        dec = dec[self.infoset_player[self.node_infoset[dec]] >= 0]
        h = self.node_infoset[dec]
        s = seq[dec, self.infoset_player[h]]
        first = np.full(self.num_infosets, -1, dtype=np.int64)
        # the sequence at the first node of each set (reverse assignment keeps the first)
        first[h[::-1]] = s[::-1]
        bad = np.unique(h[s != first[h]])
        return bad.astype(np.int64)

    # ------------------------------------------------------------------ basic shape
    @property
    def num_players(self) -> int:
        """Number of players (chance not counted)."""
        return len(self.players)

    @property
    def num_nodes(self) -> int:
        """Number of nodes of the tree."""
        return int(self.node_infoset.shape[0])

    @property
    def num_infosets(self) -> int:
        """Number of information sets, chance's included."""
        return int(self.infoset_player.shape[0])

    @property
    def num_actions(self) -> int:
        """Number of actions over all information sets, chance's included."""
        return len(self.action_labels)

    @cached_property
    def num_player_infosets(self) -> int:
        """Number of information sets of the players (chance's not counted)."""
        return int(np.count_nonzero(self.infoset_player >= 0))

    @cached_property
    def num_children(self) -> IntArray:
        """Number of children of each node (0 at terminal nodes)."""
        counts = np.diff(self.infoset_action_start)
        ns = self.node_infoset
        return _frozen(np.where(ns >= 0, counts[np.maximum(ns, 0)], 0))

    @cached_property
    def first_child(self) -> IntArray:
        """Index of each node's first child (the next free index at terminal nodes)."""
        fc = np.ones(self.num_nodes, dtype=np.int64)
        np.cumsum(self.num_children[:-1], out=fc[1:])
        fc[1:] += 1
        return _frozen(fc)

    @cached_property
    def parent(self) -> IntArray:
        """Parent of each node (``-1`` at the root)."""
        par = np.empty(self.num_nodes, dtype=np.int64)
        par[0] = -1
        par[1:] = np.repeat(np.arange(self.num_nodes), self.num_children)
        return _frozen(par)

    @cached_property
    def parent_action(self) -> IntArray:
        """Global index of the action leading to each node (``-1`` at the root)."""
        act = np.empty(self.num_nodes, dtype=np.int64)
        act[0] = -1
        par = self.parent[1:]
        offset = np.arange(1, self.num_nodes) - self.first_child[par]
        act[1:] = self.infoset_action_start[self.node_infoset[par]] + offset
        return _frozen(act)

    @cached_property
    def action_infoset(self) -> IntArray:
        """The information set of each action."""
        return _frozen(np.repeat(np.arange(self.num_infosets), np.diff(self.infoset_action_start)))

    @cached_property
    def terminals(self) -> IntArray:
        """Indices of the terminal nodes, in breadth-first order."""
        return _frozen(np.flatnonzero(self.node_infoset < 0))

    @property
    def num_terminals(self) -> int:
        """Number of terminal nodes."""
        return int(self.terminals.shape[0])

    @cached_property
    def node_player(self) -> IntArray:
        """Who moves at each node: a player index, ``-1`` for chance, ``-2`` at terminals."""
        ns = self.node_infoset
        return _frozen(np.where(ns >= 0, self.infoset_player[np.maximum(ns, 0)], -2))

    @cached_property
    def levels(self) -> IntArray:
        """Start index of each depth level of the tree, and the end (``num_nodes``)."""
        bounds = [0, 1]
        fc, nc = self.first_child, self.num_children
        while bounds[-1] < self.num_nodes:
            hi = bounds[-1]
            bounds.append(int(fc[hi - 1] + nc[hi - 1]))
        return _frozen(np.array(bounds, dtype=np.int64))

    @cached_property
    def depth(self) -> IntArray:
        """Depth of each node (0 at the root)."""
        lv = self.levels
        return _frozen(np.repeat(np.arange(lv.size - 1), np.diff(lv)))

    def infoset_actions(self, h: int) -> tuple[str, ...]:
        """The action labels of information set ``h``."""
        lo, hi = self.infoset_action_start[h], self.infoset_action_start[h + 1]
        return self.action_labels[lo:hi]

    def infoset_nodes(self, h: int) -> IntArray:
        """The nodes of information set ``h``."""
        return np.flatnonzero(self.node_infoset == h)

    def player_infosets(self, player: int | str) -> IntArray:
        """The information sets where ``player`` moves (a name, an index or ``-1``)."""
        p = self.player_index(player) if isinstance(player, str) else int(player)
        return np.flatnonzero(self.infoset_player == p)

    def player_index(self, player: int | str) -> int:
        """Index of a player given by name or index."""
        if isinstance(player, str):
            if player not in self.players:
                raise GameError(f"unknown player {player!r}; players are {list(self.players)}")
            return self.players.index(player)
        if not 0 <= player < self.num_players:
            raise GameError(f"player index {player} out of range 0..{self.num_players - 1}")
        return int(player)

    @cached_property
    def infoset_names(self) -> tuple[str, ...]:
        """A name for each information set, unique among its player's sets.

        The set's label when it has a label that no other set of the same player has;
        otherwise ``"#k"`` (with ``k`` its number within the player) after the label.
        """
        names: list[str] = []
        seen: dict[tuple[int, str], int] = {}
        for h in range(self.num_infosets):
            key = (int(self.infoset_player[h]), self.infoset_labels[h])
            seen[key] = seen.get(key, 0) + 1
        for h in range(self.num_infosets):
            label = self.infoset_labels[h]
            key = (int(self.infoset_player[h]), label)
            if label and seen[key] == 1:
                names.append(label)
            else:
                names.append(f"{label}#{int(self.infoset_numbers[h])}")
        return tuple(names)

    @cached_property
    def _player_sets_are_singletons(self) -> bool:
        ns = self.node_infoset[self.node_infoset >= 0]
        ns = ns[self.infoset_player[ns] >= 0]
        return bool(np.unique(ns).size == ns.size)

    @property
    def is_perfect_information(self) -> bool:
        """True when every player information set holds a single node."""
        return self._player_sets_are_singletons

    @property
    def is_exact(self) -> bool:
        """True when the chance probabilities and the payoffs are all kept exactly."""
        return self.exact_outcome_payoffs is not None and (
            self.exact_action_probs is not None or not np.any(self.infoset_player == CHANCE)
        )

    # ------------------------------------------------------------------ paths and names
    def node_path(self, node: int) -> tuple[str, ...]:
        """The action labels on the way from the root to ``node``."""
        out = []
        par, act = self.parent, self.parent_action
        n = int(node)
        while n > 0:
            out.append(self.action_labels[act[n]])
            n = int(par[n])
        return tuple(reversed(out))

    def _where(self, node: int) -> str:
        path = self.node_path(node)
        shown = [a if a else '""' for a in path]
        return "the root" if not path else "the node after " + " > ".join(shown)

    def _infoset_where(self, h: int) -> str:
        return self._where(int(np.flatnonzero(self.node_infoset == h)[0]))

    def _infoset_name_for_error(self, h: int) -> str:
        p = int(self.infoset_player[h])
        who = "chance" if p == CHANCE else repr(self.players[p])
        label = self.infoset_labels[h]
        return f"{label!r} of {who}" if label else f"{int(self.infoset_numbers[h])} of {who}"

    # ------------------------------------------------------------------ derived data
    @cached_property
    def terminal_payoffs(self) -> FloatArray:
        """Payoffs collected from the root to each node, shape ``(num_nodes, n)``.

        At a terminal node this is the players' payoff there (the sum of the outcomes on
        its path, as in Gambit).
        """
        n_players = self.num_players
        own = np.zeros((self.num_nodes, n_players))
        has = self.node_outcome >= 0
        own[has] = self.outcome_payoffs[self.node_outcome[has]]
        if not np.any(has[self.node_infoset >= 0]):
            return _frozen(own)  # outcomes at terminals only: nothing to accumulate
        par = self.parent
        lv = self.levels
        for d in range(1, lv.size - 1):
            lo, hi = lv[d], lv[d + 1]
            own[lo:hi] += own[par[lo:hi]]
        return _frozen(own)

    def exact_terminal_payoffs(self) -> dict[int, tuple[Fraction, ...]] | None:
        """Exact payoffs at each terminal node, or None when the payoffs are not exact."""
        ex = self.exact_outcome_payoffs
        if ex is None:
            return None
        out: dict[int, tuple[Fraction, ...]] = {}
        zero = tuple(Fraction(0) for _ in self.players)
        par, outc = self.parent, self.node_outcome
        for t in self.terminals:
            total = list(zero)
            n = int(t)
            while n >= 0:
                o = int(outc[n])
                if o >= 0:
                    total = [a + b for a, b in zip(total, ex[o], strict=True)]
                n = int(par[n])
            out[int(t)] = tuple(total)
        return out

    @cached_property
    def chance_reach(self) -> FloatArray:
        """Probability that chance's moves allow each node to be reached."""
        reach = np.ones(self.num_nodes)
        par, act = self.parent, self.parent_action
        lv = self.levels
        probs = np.nan_to_num(self.action_probs, nan=1.0)
        for d in range(1, lv.size - 1):
            lo, hi = lv[d], lv[d + 1]
            reach[lo:hi] = reach[par[lo:hi]] * probs[act[lo:hi]]
        return _frozen(reach)

    @cached_property
    def sequences(self) -> SequenceData:
        """The players' sequences (see :class:`SequenceData`)."""
        n_players = self.num_players
        act_player = self.infoset_player[self.action_infoset]
        action_seq = np.full(self.num_actions, -1, dtype=np.int64)
        seq_action: list[IntArray] = []
        num_seq = []
        for p in range(n_players):
            mine = np.flatnonzero(act_player == p)
            action_seq[mine] = np.arange(1, mine.size + 1)
            seq_action.append(_frozen(np.concatenate([[-1], mine]).astype(np.int64)))
            num_seq.append(mine.size + 1)
        node_seq = np.zeros((self.num_nodes, n_players), dtype=np.int64)
        moves = np.zeros((self.num_nodes, n_players), dtype=np.int32)
        par, pact = self.parent, self.parent_action
        lv = self.levels
        node_player = self.node_player
        for d in range(1, lv.size - 1):
            lo, hi = int(lv[d]), int(lv[d + 1])
            pp = par[lo:hi]
            node_seq[lo:hi] = node_seq[pp]
            moves[lo:hi] = moves[pp]
            mover = node_player[pp]
            rows = np.flatnonzero(mover >= 0)
            node_seq[lo + rows, mover[rows]] = action_seq[pact[lo + rows]]
            moves[lo + rows, mover[rows]] += 1
        parent_seq = np.full(self.num_infosets, -1, dtype=np.int64)
        own_depth = np.zeros(self.num_infosets, dtype=np.int64)
        first = self._first_node_of_infoset
        mine = np.flatnonzero(self.infoset_player >= 0)
        pl = self.infoset_player[mine]
        parent_seq[mine] = node_seq[first[mine], pl]
        own_depth[mine] = moves[first[mine], pl]
        return SequenceData(
            node_sequence=_frozen(node_seq),
            action_sequence=_frozen(action_seq),
            num_sequences=tuple(num_seq),
            parent_sequence=_frozen(parent_seq),
            own_depth=_frozen(own_depth),
            sequence_action=tuple(seq_action),
        )

    @cached_property
    def _first_node_of_infoset(self) -> IntArray:
        first = np.full(self.num_infosets, self.num_nodes, dtype=np.int64)
        dec = np.flatnonzero(self.node_infoset >= 0)
        first[self.node_infoset[dec[::-1]]] = dec[::-1]
        return first

    def require_perfect_recall(self, what: str) -> None:
        """Raise a :class:`GameError` when the game was built without perfect recall."""
        if not self.perfect_recall:
            raise GameError(
                f"{what} needs a game of perfect recall; this game has imperfect recall "
                "(a player forgets what she knew or did). Use a method on its normal form "
                "(reduced_normal_form), which does not need it"
            )

    # ------------------------------------------------------------------ profiles
    def check_behaviour(self, behaviour: ArrayLike, tol: float = 1e-9) -> FloatArray:
        """A behaviour profile as a flat array over all actions, checked.

        Chance actions take chance's probabilities whatever is given for them.

        Raises
        ------
        GameError
            When the array has the wrong length, or a player's probabilities at an
            information set are negative or do not sum to 1.
        """
        b = np.array(behaviour, dtype=np.float64).reshape(-1)
        if b.shape != (self.num_actions,):
            raise GameError(
                f"a behaviour profile needs one probability per action ({self.num_actions}), "
                f"got {b.shape[0]}"
            )
        chance = np.isfinite(self.action_probs)
        b[chance] = self.action_probs[chance]
        if np.any(~np.isfinite(b)) or np.any(b < -tol):
            raise GameError("behaviour probabilities must be finite and non-negative")
        sums = np.add.reduceat(b, self.infoset_action_start[:-1])
        if np.any(np.abs(sums - 1.0) > max(tol, 1e-9) * 10):
            h = int(np.flatnonzero(np.abs(sums - 1.0) > max(tol, 1e-9) * 10)[0])
            raise GameError(
                f"behaviour probabilities at information set "
                f"{self._infoset_name_for_error(h)} sum to {sums[h]:.12g}, not 1"
            )
        return b

    def behaviour_from_dict(
        self, strategies: Mapping[str, Mapping[str, Mapping[str, float]]]
    ) -> FloatArray:
        """A flat behaviour array from ``{player: {infoset name: {action: prob}}}``."""
        b = np.zeros(self.num_actions)
        chance = np.isfinite(self.action_probs)
        b[chance] = self.action_probs[chance]
        names = self.infoset_names
        for h in range(self.num_infosets):
            p = int(self.infoset_player[h])
            if p < 0:
                continue
            table = strategies.get(self.players[p], {}).get(names[h])
            if table is None:
                raise GameError(
                    f"no probabilities for information set {names[h]!r} of player "
                    f"{self.players[p]!r}"
                )
            for k, label in enumerate(self.infoset_actions(h)):
                b[self.infoset_action_start[h] + k] = float(table.get(label, 0.0))
        return self.check_behaviour(b)

    def behaviour_dict(self, behaviour: ArrayLike) -> dict[str, dict[str, dict[str, float]]]:
        """``{player: {infoset name: {action: probability}}}`` of a flat behaviour array."""
        b = np.asarray(behaviour, dtype=np.float64)
        out: dict[str, dict[str, dict[str, float]]] = {p: {} for p in self.players}
        names = self.infoset_names
        for h in range(self.num_infosets):
            p = int(self.infoset_player[h])
            if p < 0:
                continue
            lo = int(self.infoset_action_start[h])
            out[self.players[p]][names[h]] = {
                label: float(b[lo + k]) for k, label in enumerate(self.infoset_actions(h))
            }
        return out

    def realization_plans(self, behaviour: ArrayLike) -> tuple[FloatArray, ...]:
        """Each player's realization plan (probability of each of her sequences).

        ``r[s]`` is the product of her behaviour probabilities along sequence ``s``.
        """
        self.require_perfect_recall("a realization plan")
        b = np.asarray(behaviour, dtype=np.float64)
        sq = self.sequences
        plans = []
        for p in range(self.num_players):
            r = np.ones(sq.num_sequences[p])
            sets = np.flatnonzero(self.infoset_player == p)
            if sets.size:
                depth = sq.own_depth[sets]
                for d in range(int(depth.max()) + 1):
                    hs = sets[depth == d]
                    cnt = np.diff(self.infoset_action_start)[hs]
                    acts = concatenated_ranges(self.infoset_action_start[hs], cnt)
                    r[sq.action_sequence[acts]] = (
                        np.repeat(r[sq.parent_sequence[hs]], cnt) * b[acts]
                    )
            plans.append(r)
        return tuple(plans)

    def behaviour_from_plans(self, plans: Sequence[ArrayLike]) -> FloatArray:
        """The behaviour profile of realization plans (uniform where a set is unreached)."""
        sq = self.sequences
        b = np.zeros(self.num_actions)
        chance = np.isfinite(self.action_probs)
        b[chance] = self.action_probs[chance]
        counts = np.diff(self.infoset_action_start)
        for p in range(self.num_players):
            r = np.asarray(plans[p], dtype=np.float64)
            sets = np.flatnonzero(self.infoset_player == p)
            if not sets.size:
                continue
            cnt = counts[sets]
            acts = concatenated_ranges(self.infoset_action_start[sets], cnt)
            num = np.maximum(r[sq.action_sequence[acts]], 0.0)
            den = np.repeat(np.add.reduceat(num, np.cumsum(cnt) - cnt), cnt)
            uniform = 1.0 / np.repeat(cnt, cnt)
            b[acts] = np.where(den > 1e-15, num / np.where(den > 1e-15, den, 1.0), uniform)
        return b

    def node_reach(self, behaviour: ArrayLike) -> FloatArray:
        """Probability of reaching each node under a behaviour profile."""
        b = np.asarray(behaviour, dtype=np.float64)
        reach = np.ones(self.num_nodes)
        par, act = self.parent, self.parent_action
        lv = self.levels
        for d in range(1, lv.size - 1):
            lo, hi = lv[d], lv[d + 1]
            reach[lo:hi] = reach[par[lo:hi]] * b[act[lo:hi]]
        return reach

    def expected_payoffs(self, behaviour: ArrayLike) -> FloatArray:
        """Each player's expected payoff under a behaviour profile."""
        reach = self.node_reach(behaviour)
        t = self.terminals
        return np.asarray(reach[t] @ self.terminal_payoffs[t], dtype=np.float64)

    def terminal_distribution(self, behaviour: ArrayLike) -> FloatArray:
        """Probability of ending at each terminal node (in the order of :attr:`terminals`)."""
        return self.node_reach(behaviour)[self.terminals]

    def best_response_values(self, behaviour: ArrayLike) -> FloatArray:
        """Each player's best payoff against the others' behaviour (perfect recall).

        Computed bottom-up over the player's own information sets on the sequence form:
        the value of a set is the best, over its actions, of the payoff collected by that
        action's sequence and the values of the sets that follow it.
        """
        self.require_perfect_recall("a best response")
        b = np.asarray(behaviour, dtype=np.float64)
        sq = self.sequences
        t = self.terminals
        plans = self.realization_plans(b)
        weight_all = self.chance_reach[t].copy()
        for p in range(self.num_players):
            weight_all *= plans[p][sq.node_sequence[t, p]]
        out = np.zeros(self.num_players)
        counts = np.diff(self.infoset_action_start)
        for p in range(self.num_players):
            own = plans[p][sq.node_sequence[t, p]]
            with np.errstate(invalid="ignore", divide="ignore"):
                others = np.where(own > 0, weight_all / np.where(own > 0, own, 1.0), 0.0)
            # recompute where the player's own plan is 0, so nothing is lost
            zero = own <= 0
            if np.any(zero):
                w = self.chance_reach[t[zero]].copy()
                for q in range(self.num_players):
                    if q != p:
                        w *= plans[q][sq.node_sequence[t[zero], q]]
                others[zero] = w
            g = np.bincount(
                sq.node_sequence[t, p],
                weights=others * self.terminal_payoffs[t, p],
                minlength=sq.num_sequences[p],
            )
            sets = np.flatnonzero(self.infoset_player == p)
            if sets.size:
                depth = sq.own_depth[sets]
                for d in range(int(depth.max()), -1, -1):
                    hs = sets[depth == d]
                    cnt_h = counts[hs]
                    acts = concatenated_ranges(self.infoset_action_start[hs], cnt_h)
                    qv = g[sq.action_sequence[acts]]
                    best = np.maximum.reduceat(qv, np.cumsum(cnt_h) - cnt_h)
                    np.add.at(g, sq.parent_sequence[hs], best)
            out[p] = g[0]
        return out

    def regrets(self, behaviour: ArrayLike) -> FloatArray:
        """Each player's gain from her best deviation against a behaviour profile."""
        b = self.check_behaviour(behaviour, tol=1e-6)
        return np.maximum(self.best_response_values(b) - self.expected_payoffs(b), 0.0)

    def regret(self, behaviour: ArrayLike) -> float:
        """Largest gain any player gets by deviating (0 at a Nash equilibrium)."""
        return float(self.regrets(behaviour).max(initial=0.0))

    def consistent_beliefs(self, behaviour: ArrayLike) -> FloatArray:
        """Beliefs at every node: Bayes' rule on the path, uniform trembles off it.

        On the equilibrium path the belief at a node is its reach probability divided by
        that of its information set. Off the path the beliefs are the limit, as
        ``eps -> 0``, of Bayes' rule applied to the profile in which every player
        trembles to each action with probability ``eps`` (each zero-probability action
        counted once per order of ``eps``): so they are consistent in the sense of Kreps
        and Wilson (1982). Entries at terminal and chance nodes are 1.
        """
        b = np.asarray(behaviour, dtype=np.float64)
        counts = np.diff(self.infoset_action_start)
        zero = (b <= 0) & ~np.isfinite(self.action_probs)
        safe = np.where(zero, 1.0 / np.maximum(counts[self.action_infoset], 1), b)
        safe = np.where(np.isfinite(self.action_probs), np.nan_to_num(self.action_probs), safe)
        order = np.zeros(self.num_nodes, dtype=np.int64)
        logw = np.zeros(self.num_nodes)
        par, act = self.parent, self.parent_action
        lv = self.levels
        with np.errstate(divide="ignore"):
            logsafe = np.log(safe)
        for d in range(1, lv.size - 1):
            lo, hi = lv[d], lv[d + 1]
            pp, aa = par[lo:hi], act[lo:hi]
            order[lo:hi] = order[pp] + zero[aa]
            logw[lo:hi] = logw[pp] + logsafe[aa]
        beliefs = np.ones(self.num_nodes)
        dec = np.flatnonzero(self.node_infoset >= 0)
        h = self.node_infoset[dec]
        best = np.full(self.num_infosets, np.iinfo(np.int64).max)
        np.minimum.at(best, h, order[dec])
        keep = order[dec] == best[h]
        top = np.full(self.num_infosets, -np.inf)
        np.maximum.at(top, h[keep], logw[dec][keep])
        # an information set reached only through chance moves of probability 0 has every
        # log-weight -inf: -inf - -inf is nan, set to 0 (no belief is defined there); a
        # node not kept (reached through more zero-probability moves) can have a larger
        # log-weight than the kept ones, and its exp, discarded, may overflow
        with np.errstate(invalid="ignore", over="ignore"):
            w = np.where(keep, np.exp(logw[dec] - top[h]), 0.0)
        w[~np.isfinite(w)] = 0.0
        total = np.bincount(h, weights=w, minlength=self.num_infosets)
        beliefs[dec] = np.where(total[h] > 0, w / np.where(total[h] > 0, total[h], 1.0), 0.0)
        return beliefs

    # ------------------------------------------------------------------ equality
    def _canonical_sets(self) -> tuple[IntArray, IntArray]:
        """Information sets renumbered by first appearance (breadth first)."""
        first = self._first_node_of_infoset
        order = np.argsort(first, kind="stable")
        rank = np.empty(self.num_infosets, dtype=np.int64)
        rank[order] = np.arange(self.num_infosets)
        ns = np.where(self.node_infoset >= 0, rank[np.maximum(self.node_infoset, 0)], -1)
        return ns, order

    def same_tree(self, other: ExtensiveFormGame) -> bool:
        """True when both games have the same tree, information sets, labels,
        probabilities and payoffs (whatever the numbering of their information sets)."""
        if self.players != other.players or self.num_nodes != other.num_nodes:
            return False
        ns1, order1 = self._canonical_sets()
        ns2, order2 = other._canonical_sets()
        if not np.array_equal(ns1, ns2) or self.num_infosets != other.num_infosets:
            return False
        for h1, h2 in zip(order1, order2, strict=True):
            if self.infoset_player[h1] != other.infoset_player[h2]:
                return False
            if self.infoset_actions(int(h1)) != other.infoset_actions(int(h2)):
                return False
            lo1, hi1 = self.infoset_action_start[h1], self.infoset_action_start[h1 + 1]
            lo2, hi2 = other.infoset_action_start[h2], other.infoset_action_start[h2 + 1]
            if not np.array_equal(
                self.action_probs[lo1:hi1], other.action_probs[lo2:hi2], equal_nan=True
            ):
                return False
        return bool(
            np.array_equal(
                self.terminal_payoffs[self.terminals], other.terminal_payoffs[other.terminals]
            )
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveFormGame):
            return NotImplemented
        return self.same_tree(other)

    def __hash__(self) -> int:
        return hash((self.players, self.node_infoset.tobytes(), self.action_labels))

    def __repr__(self) -> str:
        return (
            f"ExtensiveFormGame({self.num_nodes} nodes, {self.num_terminals} terminal, "
            f"{self.num_player_infosets} information sets, players={list(self.players)})"
        )


def concatenated_ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """Concatenation of ``range(s, s + c)`` for each start and count, vectorised."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    offs = np.arange(total) - np.repeat(ends - counts, counts)
    return np.repeat(starts, counts) + offs


def _outcome_array(
    payoffs: Any, n_players: int
) -> tuple[FloatArray, tuple[tuple[Fraction, ...], ...] | None]:
    if payoffs is None:
        return np.zeros((0, n_players)), ()
    if isinstance(payoffs, np.ndarray) and payoffs.dtype.kind == "f":
        arr = np.asarray(payoffs, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != n_players:
            raise GameError(f"outcome payoffs need shape (num_outcomes, {n_players})")
        return arr, None
    rows = list(payoffs)
    exact_rows: list[tuple[Fraction, ...]] = []
    all_exact = True
    floats = np.zeros((len(rows), n_players))
    for o, row in enumerate(rows):
        row = list(row)
        if len(row) != n_players:
            raise GameError(
                f"outcome {o} has {len(row)} payoffs for {n_players} players; give one each"
            )
        ex_row = []
        for k, v in enumerate(row):
            if isinstance(v, (int, np.integer, Fraction, str)) and not isinstance(v, bool):
                f = to_fraction(v)
                ex_row.append(f)
                floats[o, k] = float(f)
            else:
                if isinstance(v, bool) or v is None:
                    raise GameError(f"outcome {o}: payoff {v!r} is not a number")
                all_exact = False
                floats[o, k] = float(v)
        if all_exact:
            exact_rows.append(tuple(ex_row))
    return floats, (tuple(exact_rows) if all_exact else None)
