"""Strategy automata for repeated games: build, check for subgame perfection, play.

An automaton (Kalai and Stanford 1988; Mailath and Samuelson 2006, Section 2.3) has
states, an initial state, an action per state, and a transition from each state on each
observed action profile. A profile of automata is a strategy profile of the repeated game
with perfect monitoring; its joint automaton has the product of the states.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import Discount, as_discount
from multivector.solver.repeated.minmax import stage_payoffs

__all__ = [
    "Automaton",
    "SPECheck",
    "Simulation",
    "check_nash",
    "check_subgame_perfect",
    "from_table",
    "generous_tit_for_tat",
    "grim_trigger",
    "k_period_punishment",
    "simulate",
    "tit_for_tat",
    "tournament",
    "win_stay_lose_shift",
]


@dataclass(frozen=True, eq=False)
class Automaton:
    """One player's strategy in a repeated game, as a finite automaton.

    Attributes
    ----------
    name : str
    player : int
        The player index it plays for.
    states : tuple of str
    initial : int
        Index of the initial state.
    actions : tuple of int
        The strategy index played in each state.
    transitions : ndarray of int, shape (num_states, s_1, ..., s_n)
        ``transitions[w][a]`` is the next state after profile ``a`` is observed in ``w``.
    mixing : tuple of ndarray, optional
        Per state, a probability vector over actions; when set (generous tit-for-tat) the
        automaton randomises and only :func:`simulate` uses it.
    """

    name: str
    player: int
    states: tuple[str, ...]
    initial: int
    actions: tuple[int, ...]
    transitions: NDArray[np.int64]
    mixing: tuple[NDArray[np.float64], ...] | None = None

    def __post_init__(self) -> None:
        k = len(self.states)
        if not 0 <= self.initial < k or len(self.actions) != k:
            raise SolverError(f"automaton {self.name!r}: initial state or actions malformed")
        if (
            self.transitions.shape[0] != k
            or np.any(self.transitions < 0)
            or np.any(self.transitions >= k)
        ):
            raise SolverError(f"automaton {self.name!r}: transitions must name its states")


def _idx(game: NormalFormGame, player: int, s: int | str) -> int:
    return game.strategy_index(player, s)


def _profile_of(game: NormalFormGame, profile: Sequence[int | str]) -> tuple[int, ...]:
    if isinstance(profile, str) or len(profile) != game.num_players:
        raise SolverError(f"profile {profile!r} must give one strategy per player")
    return tuple(_idx(game, j, s) for j, s in enumerate(profile))


def _all_profiles(game: NormalFormGame) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(s) for s in game.shape)))


def grim_trigger(
    game: NormalFormGame,
    player: int | str,
    target: Sequence[int | str],
    punishment: Sequence[int | str],
) -> Automaton:
    """Play ``target[player]`` until any profile other than ``target`` is seen, then
    ``punishment[player]`` forever (Friedman 1971).

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim_trigger(pd, 0, ("s1", "s1"), ("s2", "s2")).states
    ('cooperate', 'punish')
    """
    i = game.player_index(player)
    a, p = _profile_of(game, target), _profile_of(game, punishment)
    tr = np.ones((2, *game.shape), dtype=np.int64)
    tr[(0, *a)] = 0
    return Automaton("grim-trigger", i, ("cooperate", "punish"), 0, (a[i], p[i]), tr)


def k_period_punishment(
    game: NormalFormGame,
    player: int | str,
    target: Sequence[int | str],
    punishment: Sequence[int | str],
    periods: int,
) -> Automaton:
    """Play ``target``; after a deviation play ``punishment`` for ``periods`` periods,
    restarting the punishment if anyone deviates from it, then return to ``target``.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> k_period_punishment(pd, 0, ("s1", "s1"), ("s2", "s2"), 2).states
    ('cooperate', 'punish-1', 'punish-2')
    """
    if isinstance(periods, bool) or not isinstance(periods, int) or periods < 1:
        raise SolverError(f"punishment length {periods!r} must be a positive integer")
    i = game.player_index(player)
    a, p = _profile_of(game, target), _profile_of(game, punishment)
    k = periods
    tr = np.ones((k + 1, *game.shape), dtype=np.int64)
    tr[(0, *a)] = 0
    for r in range(1, k + 1):
        tr[(r, *p)] = r + 1 if r < k else 0
    names = ("cooperate", *(f"punish-{r}" for r in range(1, k + 1)))
    return Automaton(f"punish-{k}", i, names, 0, (a[i], *([p[i]] * k)), tr)


def tit_for_tat(
    game: NormalFormGame, player: int | str, nice: int | str = 0, nasty: int | str = 1
) -> Automaton:
    """Start with ``nice``; then copy what the opponent played last (2 players).

    Strategy labels are matched by index: the opponent's ``nice`` is the same position
    in its own strategy list unless the labels exist for both players.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tit_for_tat(pd, 1).actions
    (0, 1)
    """
    return _copycat(game, player, nice, nasty, "tit-for-tat")


def _copycat(
    game: NormalFormGame, player: int | str, nice: int | str, nasty: int | str, name: str
) -> Automaton:
    if game.num_players != 2:
        raise SolverError(
            f"{name} is defined for 2-player games; this game has {game.num_players}"
        )
    i = game.player_index(player)
    j = 1 - i
    mine = (_idx(game, i, nice), _idx(game, i, nasty))
    theirs = _idx(game, j, nice)
    tr = np.ones((2, *game.shape), dtype=np.int64)
    for a in _all_profiles(game):
        if a[j] == theirs:
            tr[(0, *a)] = 0
            tr[(1, *a)] = 0
    return Automaton(name, i, ("nice", "nasty"), 0, mine, tr)


def generous_tit_for_tat(
    game: NormalFormGame,
    player: int | str,
    generosity: float = 1 / 3,
    nice: int | str = 0,
    nasty: int | str = 1,
) -> Automaton:
    """Tit-for-tat that forgives a defection with probability ``generosity``
    (Nowak and Sigmund 1992). Randomised: used by :func:`simulate` only.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> generous_tit_for_tat(pd, 0).mixing[1].round(3).tolist()
    [0.333, 0.667]
    """
    if not 0 <= generosity <= 1:
        raise SolverError(f"generosity {generosity} must be a probability in [0, 1]")
    base = _copycat(game, player, nice, nasty, "generous-tit-for-tat")
    i = base.player
    s = game.shape[i]
    m0 = np.eye(s)[base.actions[0]]
    m1 = (1 - generosity) * np.eye(s)[base.actions[1]] + generosity * m0
    return Automaton(base.name, i, base.states, 0, base.actions, base.transitions, mixing=(m0, m1))


def win_stay_lose_shift(
    game: NormalFormGame, player: int | str, aspiration: float | None = None
) -> Automaton:
    """Keep the last action if it paid at least ``aspiration``, else switch (2 actions).

    The default aspiration is the player's payoff when both play their first strategy
    (mutual cooperation ``R`` in the prisoner's dilemma, where this is Pavlov: Nowak and
    Sigmund 1993).

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> wsls = win_stay_lose_shift(pd, 0)
    >>> int(wsls.transitions[1, 1, 1])  # after mutual defection, back to cooperate
    0
    """
    i = game.player_index(player)
    if game.shape[i] != 2:
        raise SolverError("win-stay-lose-shift needs a player with exactly 2 strategies")
    u = game.payoffs[i]
    asp = float(u[(0,) * game.num_players]) if aspiration is None else float(aspiration)
    tr = np.zeros((2, *game.shape), dtype=np.int64)
    for a in _all_profiles(game):
        for w in (0, 1):
            own = a[i]
            tr[(w, *a)] = own if u[a] >= asp else 1 - own
    return Automaton("win-stay-lose-shift", i, tuple(game.strategies[i]), 0, (0, 1), tr)


def from_table(
    game: NormalFormGame,
    player: int | str,
    actions: Mapping[str, int | str],
    transitions: Mapping[tuple[str, Any], str],
    initial: str | None = None,
    name: str = "custom",
) -> Automaton:
    """An automaton from tables.

    Parameters
    ----------
    actions : mapping state -> strategy
        The states, in order, and the action in each.
    transitions : mapping (state, profile or "*") -> state
        Next state on an observed profile (a tuple of strategy labels); ``"*"`` is the
        default for profiles not listed. A state with no entry at all stays put.
    initial : str, optional
        Initial state, default the first.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim = from_table(pd, 0, {"c": "s1", "d": "s2"},
    ...                   {("c", ("s1", "s1")): "c", ("c", "*"): "d"})
    >>> grim.transitions[0].tolist()
    [[0, 1], [1, 1]]
    """
    i = game.player_index(player)
    states = tuple(actions)
    if not states:
        raise SolverError("an automaton needs at least one state")
    pos = {s: k for k, s in enumerate(states)}

    def state(s: str) -> int:
        if s not in pos:
            raise SolverError(f"state {s!r} is not one of {list(states)}; add it to actions")
        return pos[s]

    tr = np.empty((len(states), *game.shape), dtype=np.int64)
    for k, s in enumerate(states):
        tr[k] = state(transitions[(s, "*")]) if (s, "*") in transitions else k
    for (s, prof), nxt in transitions.items():
        if prof == "*":
            continue
        tr[(state(s), *_profile_of(game, prof))] = state(nxt)
    acts = tuple(_idx(game, i, a) for a in actions.values())
    init = 0 if initial is None else state(initial)
    return Automaton(name, i, states, init, acts, tr)


# ---------------------------------------------------------------- joint automaton
def _check_profile(game: NormalFormGame, automata: Sequence[Automaton]) -> None:
    if len(automata) != game.num_players or any(m.player != i for i, m in enumerate(automata)):
        raise SolverError(
            "give one automaton per player, in player order, each built for its player"
        )
    for m in automata:
        if m.transitions.shape[1:] != game.shape:
            raise SolverError(f"automaton {m.name!r} was built for another game shape")


def _joint_states(automata: Sequence[Automaton], which: str) -> list[tuple[int, ...]]:
    if which == "all":
        return list(itertools.product(*(range(len(m.states)) for m in automata)))
    start = tuple(m.initial for m in automata)
    seen = {start}
    stack = [start]
    shape = automata[0].transitions.shape[1:]
    while stack:
        w = stack.pop()
        for a in itertools.product(*(range(s) for s in shape)):
            nxt = tuple(int(m.transitions[(w[k], *a)]) for k, m in enumerate(automata))
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return sorted(seen)


def _solve(matrix: list[list[Any]], rhs: list[Any]) -> list[Any]:
    """Gaussian elimination; exact on Fractions, partial pivoting on floats."""
    n = len(rhs)
    m = [[*row, rhs[r]] for r, row in enumerate(matrix)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if m[p][c] == 0:
            raise SolverError("value equations are singular (discount factor 1?)")
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[r][n] / m[r][r] for r in range(n)]


def _values(
    u: Any, automata: Sequence[Automaton], states: list[tuple[int, ...]], delta: Discount
) -> dict[tuple[int, ...], list[Any]]:
    """Normalised discounted values of each player in each joint state (closed set)."""
    index = {w: k for k, w in enumerate(states)}
    n = len(automata)
    out: dict[tuple[int, ...], list[Any]] = {w: [] for w in states}
    one = Fraction(1) if isinstance(delta, Fraction) else 1.0
    for i in range(n):
        mat = [[one * 0 for _ in states] for _ in states]
        rhs = []
        for w in states:
            a = tuple(m.actions[w[k]] for k, m in enumerate(automata))
            nxt = tuple(int(m.transitions[(w[k], *a)]) for k, m in enumerate(automata))
            r = index[w]
            mat[r][r] += one
            mat[r][index[nxt]] -= delta
            rhs.append((one - delta) * u[(i, *a)])
        for w, v in zip(states, _solve(mat, rhs), strict=True):
            out[w].append(v)
    return out


@dataclass(frozen=True, eq=False)
class SPECheck:
    """The result of a one-shot deviation check.

    Attributes
    ----------
    is_equilibrium : bool
    discount : Fraction or float
    values : dict
        Joint state names -> each player's normalised value.
    violations : list of dict
        Each profitable one-shot deviation: joint state, player, deviation, gain.
    states_checked : int
    """

    is_equilibrium: bool
    discount: Discount
    values: dict[tuple[str, ...], tuple[float, ...]]
    violations: list[dict[str, Any]] = field(default_factory=list)
    states_checked: int = 0


def _game_delta(game: NormalFormGame, discount: Any) -> tuple[Any, Discount]:
    d = as_discount(discount)
    u = stage_payoffs(game)
    if isinstance(d, float) or game.exact_payoffs is None:
        return game.payoffs, float(d)
    return u, d


def check_subgame_perfect(
    game: NormalFormGame,
    automata: Sequence[Automaton],
    discount: Any,
    states: str = "reachable",
    tol: float = 1e-9,
) -> SPECheck:
    """Whether a profile of automata is a subgame-perfect equilibrium at ``discount``.

    Parameters
    ----------
    game : NormalFormGame
        The stage game (perfect monitoring).
    automata : sequence of Automaton
        One per player, in player order.
    discount : number
        Exact (Fraction) discount factors on exact games give an exact check.
    states : {"reachable", "all"}
        Joint states to check: those reachable from the initial state by some history
        (any action profiles, on or off the path: exactly subgame perfection), or every
        product state (a stronger condition).
    tol : float
        Slack for float arithmetic; unused on the exact path.

    Returns
    -------
    SPECheck

    Notes
    -----
    The values solve ``V_i(w) = (1 - delta) u_i(f(w)) + delta V_i(tau(w, f(w)))``, one
    linear system per player over the joint states. By the one-shot deviation principle
    (Mailath and Samuelson 2006, Proposition 2.4.1) the profile is subgame perfect iff in
    every reachable joint state no player gains from a one-period deviation
    ``(1 - delta) u_i(b, f_{-i}(w)) + delta V_i(tau(w, (b, f_{-i}(w)))) > V_i(w)``.
    The check is exhaustive over states and actions, not sampled.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> grim = [grim_trigger(pd, i, ("s1", "s1"), ("s2", "s2")) for i in (0, 1)]
    >>> check_subgame_perfect(pd, grim, "3/5").is_equilibrium
    True
    >>> check_subgame_perfect(pd, grim, "2/5").is_equilibrium
    False
    """
    _check_profile(game, automata)
    if states not in ("reachable", "all"):
        raise SolverError(f"states={states!r} is not 'reachable' or 'all'")
    u, delta = _game_delta(game, discount)
    joint = _joint_states(automata, states)
    # deviations may lead to any product state: evaluate values on all of them
    every = _joint_states(automata, "all")
    values = _values(u, automata, every, delta)
    exact = isinstance(delta, Fraction)
    violations = []
    for w in joint:
        a = tuple(m.actions[w[k]] for k, m in enumerate(automata))
        for i in range(game.num_players):
            for b in range(game.shape[i]):
                if b == a[i]:
                    continue
                dev = list(a)
                dev[i] = b
                nxt = tuple(int(m.transitions[(w[k], *dev)]) for k, m in enumerate(automata))
                val = (1 - delta) * u[(i, *dev)] + delta * values[nxt][i]
                gain = val - values[w][i]
                if (gain > 0) if exact else (gain > tol):
                    violations.append(
                        {
                            "state": tuple(m.states[w[k]] for k, m in enumerate(automata)),
                            "player": game.players[i],
                            "deviation": game.strategies[i][b],
                            "gain": gain,
                        }
                    )
    named = {
        tuple(m.states[w[k]] for k, m in enumerate(automata)): tuple(float(x) for x in values[w])
        for w in every
    }
    return SPECheck(not violations, delta, named, violations, len(joint))


def check_nash(game: NormalFormGame, automata: Sequence[Automaton], discount: Any) -> SPECheck:
    """Whether a profile of automata is a Nash equilibrium of the repeated game.

    Each player's best reply to the others' automata solves a Markov decision problem on
    the others' joint states; policy iteration (Howard 1960) solves it exactly (Fractions
    on exact input). The profile is Nash iff no player's optimal value at the initial
    state exceeds its value from following its own automaton.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tft = [tit_for_tat(pd, i) for i in (0, 1)]
    >>> check_nash(pd, tft, "7/10").is_equilibrium, check_nash(pd, tft, "3/5").is_equilibrium
    (True, False)
    """
    _check_profile(game, automata)
    u, delta = _game_delta(game, discount)
    exact = isinstance(delta, Fraction)
    start = tuple(m.initial for m in automata)
    on_path = _values(u, automata, _joint_states(automata, "all"), delta)[start]
    violations = []
    for i in range(game.num_players):
        others = [m for m in automata if m.player != i]
        ostates = list(itertools.product(*(range(len(m.states)) for m in others)))
        index = {w: k for k, w in enumerate(ostates)}

        def step(
            w: tuple[int, ...],
            b: int,
            i: int = i,
            others: list[Automaton] = others,
        ) -> tuple[tuple[int, ...], tuple[int, ...]]:
            a = [0] * game.num_players
            a[i] = b
            for k, m in enumerate(others):
                a[m.player] = m.actions[w[k]]
            prof = tuple(a)
            return prof, tuple(int(m.transitions[(w[k], *prof)]) for k, m in enumerate(others))

        policy = {w: 0 for w in ostates}
        while True:
            mat = [[delta * 0 for _ in ostates] for _ in ostates]
            rhs = []
            for w in ostates:
                prof, nxt = step(w, policy[w])
                r = index[w]
                mat[r][r] += 1
                mat[r][index[nxt]] -= delta
                rhs.append((1 - delta) * u[(i, *prof)])
            v = _solve(mat, rhs)
            changed = False
            for w in ostates:
                best, best_val = policy[w], v[index[w]]
                for b in range(game.shape[i]):
                    prof, nxt = step(w, b)
                    q = (1 - delta) * u[(i, *prof)] + delta * v[index[nxt]]
                    if (q > best_val) if exact else (q > best_val + 1e-12):
                        best, best_val = b, q
                if best != policy[w]:
                    policy[w], changed = best, True
            if not changed:
                break
        ostart = tuple(m.initial for m in others)
        gain = v[index[ostart]] - on_path[i]
        if (gain > 0) if exact else (gain > 1e-9):
            violations.append({"player": game.players[i], "gain": gain})
    return SPECheck(not violations, delta, {}, violations, 1)


# ---------------------------------------------------------------- play
@dataclass(frozen=True, eq=False)
class Simulation:
    """A simulated path of play.

    Attributes
    ----------
    profiles : ndarray of int, shape (periods, n)
    payoffs : ndarray, shape (periods, n)
    average : ndarray, shape (n,)
        Mean payoff per period.
    """

    profiles: NDArray[np.int64]
    payoffs: NDArray[np.float64]
    average: NDArray[np.float64]


def simulate(
    game: NormalFormGame,
    automata: Sequence[Automaton],
    periods: int,
    noise: float = 0.0,
    seed: int | None = None,
) -> Simulation:
    """Play ``periods`` rounds; with probability ``noise`` a player's action is replaced by
    a uniformly drawn other action (implementation error), observed as played.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tft = [tit_for_tat(pd, i) for i in (0, 1)]
    >>> simulate(pd, tft, 10).average.tolist()
    [3.0, 3.0]
    """
    _check_profile(game, automata)
    if not 0 <= noise <= 1:
        raise SolverError(f"noise {noise} must be a probability in [0, 1]")
    if periods < 1:
        raise SolverError(f"periods {periods} must be positive")
    rng = np.random.default_rng(seed)
    n = game.num_players
    sizes = game.shape
    # every draw is made up front; the loop below is plain integer work
    draws = rng.random((periods, n))
    slips = (rng.random((periods, n)) < noise).tolist() if noise else None
    shifts = rng.integers(1, np.maximum(np.array(sizes), 2), (periods, n)).tolist()
    cums = [None if m.mixing is None else np.cumsum(np.stack(m.mixing), axis=1) for m in automata]
    # picks[k][t][w]: the action a randomising automaton takes in state w at period t
    picks: list[list[list[int]] | None] = [
        None
        if c is None
        else np.minimum((draws[:, k, None, None] >= c[None]).sum(axis=2), sizes[k] - 1).tolist()
        for k, c in enumerate(cums)
    ]
    acts = [list(m.actions) for m in automata]
    trans = [m.transitions.tolist() for m in automata]
    profiles = np.empty((periods, n), dtype=np.int64)
    w = [m.initial for m in automata]
    for t in range(periods):
        a = [acts[k][w[k]] if (p := picks[k]) is None else p[t][w[k]] for k in range(n)]
        if slips is not None:
            a = [
                (a[k] + shifts[t][k]) % sizes[k] if slips[t][k] and sizes[k] > 1 else a[k]
                for k in range(n)
            ]
        profiles[t] = a
        w = [_lookup(trans[k], w[k], a) for k in range(n)]
    pay = np.stack([game.payoffs[(slice(None), *p)] for p in map(tuple, profiles)])
    return Simulation(profiles, pay, pay.mean(axis=0))


def _lookup(table: Any, state: int, profile: Sequence[int]) -> int:
    """``table[state][profile...]`` of a nested list."""
    row = table[state]
    for a in profile:
        row = row[a]
    return int(row)


def tournament(
    game: NormalFormGame,
    entrants: Mapping[str, Callable[[NormalFormGame, int], Automaton]],
    periods: int = 200,
    noise: float = 0.0,
    seed: int | None = None,
    repetitions: int = 1,
) -> dict[str, dict[str, float]]:
    """Round-robin tournament of 2-player automata (Axelrod 1984).

    Every entrant plays every entrant (itself included) as player 1 against it as player
    2; ``table[row][col]`` is the row entrant's mean per-period payoff as player 1 against
    the column entrant, averaged over ``repetitions`` matches.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> alld = lambda g, i: from_table(g, i, {"d": "s2"}, {})
    >>> t = tournament(pd, {"tft": tit_for_tat, "alld": alld}, periods=10)
    >>> t["tft"]["tft"], t["alld"]["tft"], t["tft"]["alld"]
    (3.0, 1.4, 0.9)
    """
    if game.num_players != 2:
        raise SolverError("tournaments are for 2-player games")
    if repetitions < 1:
        raise SolverError(f"repetitions {repetitions} must be at least 1")
    if not 0 <= noise <= 1:
        raise SolverError(f"noise {noise} must be a probability in [0, 1]")
    if periods < 1:
        raise SolverError(f"periods {periods} must be positive")
    names = list(entrants)
    by_player = [[entrants[e](game, k) for e in names] for k in (0, 1)]
    for m0, m1 in zip(*by_player, strict=True):
        _check_profile(game, [m0, m1])
    rng = np.random.default_rng(seed)
    pairs = len(names) ** 2
    totals = np.zeros(pairs)
    matches = pairs * repetitions
    for start in range(0, matches, _MATCH_BATCH):
        ids = np.arange(start, min(start + _MATCH_BATCH, matches))
        pair = ids // repetitions
        pay = _play_matches(
            game, by_player, pair // len(names), pair % len(names), periods, noise, rng
        )
        totals += np.bincount(pair, weights=pay, minlength=pairs)
    means = totals / (repetitions * periods)
    return {
        r: {c: float(means[i * len(names) + j]) for j, c in enumerate(names)}
        for i, r in enumerate(names)
    }


_MATCH_BATCH = 65_536
"""Matches played side by side in one array pass (bounds the memory of a tournament)."""
_DRAWS_PER_BLOCK = 1 << 20
"""Random numbers drawn at once for the matches of a batch (bounds their memory)."""


def _padded(
    game: NormalFormGame, automata: Sequence[Automaton], player: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """The automata of one player as arrays padded to the largest state count.

    Returns ``cum[e, w]``, the cumulative distribution of entrant ``e``'s action in state
    ``w`` (a step at the action for a pure automaton), and ``trans[e, w, a1, a2]``.
    """
    size = game.shape[player]
    states = max(len(m.states) for m in automata)
    cum = np.ones((len(automata), states, size))
    trans = np.zeros((len(automata), states, *game.shape), dtype=np.int64)
    for e, m in enumerate(automata):
        k = len(m.states)
        if m.mixing is None:
            cum[e, :k] = np.arange(size) >= np.asarray(m.actions)[:, None]
        else:
            cum[e, :k] = np.cumsum(np.stack(m.mixing), axis=1)
        trans[e, :k] = m.transitions
    return cum, trans


def _draw_actions(
    u: NDArray[np.float64], cum: NDArray[np.float64], z: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The action of each match: how many of its automaton's cumulative probabilities
    ``cum[:, z]`` the uniform draw ``u`` reaches (a few actions: one gather per action)."""
    if len(cum) > 8:
        return (u[:, None] >= cum.T[z]).sum(axis=1)
    act = np.zeros(len(u), dtype=np.int64)
    for column in cum[:-1]:
        act += u >= column[z]
    return act


def _play_matches(
    game: NormalFormGame,
    by_player: Sequence[Sequence[Automaton]],
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    periods: int,
    noise: float,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """The first player's total payoff in independent matches of ``rows[m]`` (the first
    player's entrant) against ``cols[m]``.

    The matches are played in lockstep, one array operation per period and player, with
    the mixing and noise of :func:`simulate` drawn for all of them at once.
    """
    s1, s2 = game.shape
    payoff = game.payoffs[0].ravel()
    n = len(rows)
    cum, step = [], []
    z = []  # entrant * states + state: where each match's automaton is
    for k, who in enumerate((rows, cols)):
        c, trans = _padded(game, by_player[k], k)
        entrants, states = trans.shape[:2]
        c[..., -1] = 2.0  # a draw in [0, 1) never passes the last action
        cum.append(np.ascontiguousarray(c.reshape(entrants * states, -1).T))
        offset = (np.arange(entrants) * states)[:, None, None, None]
        step.append((trans + offset).ravel())
        initial = np.array([m.initial for m in by_player[k]])
        z.append(who * states + initial[who])
    total = np.zeros(n)
    block = max(1, min(periods, _DRAWS_PER_BLOCK // max(n, 1)))
    for t in range(periods):
        if t % block == 0:
            draws = rng.random((block, 2, n))
            if noise:
                slips = rng.random((block, 2, n)) < noise
                shifts = rng.integers(1, [[max(s1, 2)], [max(s2, 2)]], (block, 2, n))
        act = [_draw_actions(draws[t % block, k], cum[k], z[k]) for k in (0, 1)]
        if noise:
            for k, size in enumerate((s1, s2)):
                if size > 1:
                    slip = slips[t % block, k]
                    act[k] = np.where(slip, (act[k] + shifts[t % block, k]) % size, act[k])
        joint = act[0] * s2 + act[1]
        total += payoff[joint]
        z = [step[k][z[k] * (s1 * s2) + joint] for k in (0, 1)]
    return total
