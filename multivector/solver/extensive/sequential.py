"""Sequential equilibria: the limit of the agent logit QRE, and candidates checked.

An assessment (behaviour profile, beliefs) is a sequential equilibrium (Kreps and Wilson
1982) when every player's action is optimal at every one of her information sets given
her beliefs there and the others' continuation play (sequential rationality), and the
beliefs are the limit of Bayes' rule along fully mixed profiles converging to the
behaviour (consistency).

Candidates come from two places:

1. the agent logit quantal response equilibrium (McKelvey and Palfrey 1998; Gambit's
   ``logit`` on extensive games) followed from ``lambda = 0`` to a large ``lambda``: each
   agent plays a logit response to the values of its actions given the beliefs that the
   fully mixed profile induces; the limit profile and its limit beliefs form a consistent
   assessment. The path is followed by the package's one predictor-corrector
   (:func:`multivector.solver.qre.logit_tracer`, as for the logit QRE of a normal-form
   game) on :class:`AgentLogitSystem`, whose Jacobian is analytic: a step costs a few
   passes over the pairs (terminal node, action on its path), so the method is meant for
   trees of up to a few thousand terminal nodes;
2. for small 2-player games, every extreme Nash equilibrium of the reduced normal form.

Each candidate is checked: beliefs are built from an explicit system of trembles (each
zero-probability action trembles with a chosen weight times ``eps``), so they are
consistent by construction; off the path the weights are chosen, where the set's nodes
are each reached by one tremble of a different action, to make the prescribed actions
optimal (a small linear program); then sequential rationality is checked at every
information set. Candidates that fail are refused; the notes say how many.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog, root

from multivector.errors import SolverError
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame, concatenated_ranges
from multivector.solver.extensive.result import (
    BehaviourEquilibrium,
    ExtensiveSolution,
    make_behaviour_equilibrium,
)

__all__ = [
    "AgentLogitSystem",
    "action_values",
    "agent_logit_limit",
    "check_sequential",
    "run_sequential",
    "sequential",
    "tremble_beliefs",
]

METHOD = "sequential"

FloatArray = NDArray[np.float64]


def _continuation(game: ExtensiveFormGame, b: FloatArray) -> FloatArray:
    """Each player's expected payoff from each node on, under ``b``."""
    V = np.array(game.terminal_payoffs, dtype=np.float64)
    lv = game.levels
    fc, nc = game.first_child, game.num_children
    pact = game.parent_action
    for d in range(lv.size - 3, -1, -1):
        lo, hi = int(lv[d]), int(lv[d + 1])
        idx = lo + np.flatnonzero(nc[lo:hi] > 0)
        if idx.size == 0:
            continue
        counts = nc[idx]
        c0 = int(fc[idx[0]])
        children = np.arange(c0, int(fc[idx[-1]] + counts[-1]))
        w = b[pact[children]][:, None] * V[children]
        V[idx] = np.add.reduceat(w, fc[idx] - c0, axis=0)
    return V


def action_values(game: ExtensiveFormGame, behaviour: Any, beliefs: Any) -> FloatArray:
    """The mover's expected payoff of each action at its information set.

    ``Q[a] = sum over nodes n of the set of beliefs[n] * V(child of n by a)``, with the
    continuation values ``V`` of ``behaviour``. Chance actions get 0.
    """
    b = np.asarray(behaviour, dtype=np.float64)
    mu = np.asarray(beliefs, dtype=np.float64)
    V = _continuation(game, b)
    par = game.parent[1:]
    mover = game.node_player[par]
    keep = mover >= 0
    kids = np.arange(1, game.num_nodes)[keep]
    par = par[keep]
    contrib = mu[par] * V[kids, mover[keep]]
    q = np.bincount(game.parent_action[kids], weights=contrib, minlength=game.num_actions)
    return np.asarray(q, dtype=np.float64)


def _player_sets(game: ExtensiveFormGame) -> NDArray[np.int64]:
    return np.flatnonzero(game.infoset_player >= 0)


def check_sequential(
    game: ExtensiveFormGame, behaviour: Any, beliefs: Any, *, tol: float = 1e-9
) -> tuple[bool, float]:
    """Whether ``behaviour`` is sequentially rational given ``beliefs``.

    Returns ``(ok, worst)``: ``worst`` is the largest gain, at any information set, of
    the best action over the prescribed mix, in payoff units (scaled by the set's own
    weight 1: beliefs are conditional probabilities). Consistency of the beliefs is the
    caller's to ensure (see :func:`tremble_beliefs`).
    """
    b = np.asarray(behaviour, dtype=np.float64)
    Q = action_values(game, b, beliefs)
    sets = _player_sets(game)
    if sets.size == 0:
        return True, 0.0
    starts = game.infoset_action_start
    cnt = np.diff(starts)[sets]
    acts = concatenated_ranges(starts[sets], cnt)
    offs = np.cumsum(cnt) - cnt
    best = np.maximum.reduceat(Q[acts], offs)
    got = np.add.reduceat(Q[acts] * b[acts], offs)
    worst = float(np.max(best - got))
    scale = max(1.0, float(np.abs(game.outcome_payoffs).max(initial=1.0)))
    return worst <= tol * scale, worst


def tremble_beliefs(
    game: ExtensiveFormGame, behaviour: Any, weights: Any | None = None
) -> FloatArray:
    """Consistent beliefs: the limit of Bayes' rule as every unused action trembles.

    Each action of a player with probability 0 is played with probability
    ``weights[a] * eps`` (default: uniform, ``1 / number of actions``); the beliefs are
    the limit as ``eps -> 0``. They are consistent in the sense of Kreps and Wilson
    (1982) for any positive weights.
    """
    b = np.asarray(behaviour, dtype=np.float64)
    counts = np.diff(game.infoset_action_start)
    chance = np.isfinite(game.action_probs)
    zero = (b <= 0) & ~chance
    w = (
        1.0 / np.maximum(counts[game.action_infoset], 1)
        if weights is None
        else np.asarray(weights, dtype=np.float64)
    )
    safe = np.where(zero, w, b)
    safe = np.where(chance, np.nan_to_num(game.action_probs), safe)
    order = np.zeros(game.num_nodes, dtype=np.int64)
    logw = np.zeros(game.num_nodes)
    par, act = game.parent, game.parent_action
    lv = game.levels
    with np.errstate(divide="ignore"):
        logsafe = np.log(safe)
    for d in range(1, lv.size - 1):
        lo, hi = lv[d], lv[d + 1]
        pp, aa = par[lo:hi], act[lo:hi]
        order[lo:hi] = order[pp] + zero[aa]
        logw[lo:hi] = logw[pp] + logsafe[aa]
    beliefs = np.ones(game.num_nodes)
    dec = np.flatnonzero(game.node_infoset >= 0)
    h = game.node_infoset[dec]
    best = np.full(game.num_infosets, np.iinfo(np.int64).max)
    np.minimum.at(best, h, order[dec])
    keep = order[dec] == best[h]
    top = np.full(game.num_infosets, -np.inf)
    np.maximum.at(top, h[keep], logw[dec][keep])
    with np.errstate(invalid="ignore", over="ignore"):
        ww = np.where(keep, np.exp(logw[dec] - top[h]), 0.0)
    ww[~np.isfinite(ww)] = 0.0
    total = np.bincount(h, weights=ww, minlength=game.num_infosets)
    beliefs[dec] = np.where(total[h] > 0, ww / np.where(total[h] > 0, total[h], 1.0), 0.0)
    return beliefs


class AgentLogitSystem:
    """The agent logit QRE equations of a tree in log-probabilities, with their Jacobian.

    Each information set of a player is an agent that plays a logit response to the values
    of its actions given the beliefs that the fully mixed profile induces (McKelvey and
    Palfrey 1998). The unknowns are ``y = (x, lambda)``, ``x`` the logarithm of every
    player action's probability; the equations, set by set, are
    ``x_k - x_0 - lambda (Q_k - Q_0) = 0`` for ``k >= 1`` and ``sum_k exp(x_k) = 1``,
    ``Q`` the action values. This is the form the shared path follower
    (:func:`multivector.solver.qre.logit_tracer`) takes, as for normal-form games.

    Reach probabilities, beliefs and continuation values are computed in logarithms, so
    that actions whose probability underflows (far along the path) still leave
    consistent beliefs at the sets they lead to. The Jacobian is analytic:
    ``dQ_a/dx_c`` sums, over the terminal nodes below ``a``, the change of their
    probability given the set (``c`` after ``a``) and of the beliefs at the set (``c``
    before it); one evaluation costs a few passes over the pairs (terminal node, action on
    its path), about ``T D^2`` for ``T`` terminal nodes at depth ``D``.

    Parameters
    ----------
    game : ExtensiveFormGame
        Of perfect recall.

    Examples
    --------
    At ``lambda = 0`` uniform play solves the equations, and the Jacobian agrees with
    finite differences (in the probabilities; in ``lambda`` it leaves out the rows'
    weight, whose derivative multiplies a zero residual on the path):

    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {"l": Terminal([1, 0]), "r": Decision(
    ...     "B", {"x": Terminal([0, 2]), "y": Terminal([3, 1])})}))
    >>> system = AgentLogitSystem(g)
    >>> float(np.abs(system.residual(system.start())).max())
    0.0
    >>> y = np.array([-0.3, np.log(1 - np.exp(-0.3)), -1.2, np.log(1 - np.exp(-1.2)), 2.0])
    >>> e = 1e-7 * np.eye(5)
    >>> fd = np.column_stack([(system.residual(y + d) - system.residual(y - d)) / 2e-7
    ...                       for d in e])
    >>> bool(np.allclose(system.jacobian(y)[:, :4], fd[:, :4], atol=1e-6))
    True
    """

    def __init__(self, game: ExtensiveFormGame) -> None:
        self.game = game
        sets = _player_sets(game)
        starts = game.infoset_action_start
        self.counts = np.diff(starts)[sets]
        self.acts = concatenated_ranges(starts[sets], self.counts)
        self.offsets = np.cumsum(self.counts) - self.counts
        self.size = int(self.acts.size)
        col = np.full(game.num_actions, -1, dtype=np.int64)
        col[self.acts] = np.arange(self.size)
        self.col = col
        chance = game.infoset_player[game.action_infoset] == CHANCE
        with np.errstate(divide="ignore"):
            self.log_chance = np.where(chance, np.log(np.nan_to_num(game.action_probs)), 0.0)
        t = game.terminals
        span = float(np.ptp(game.terminal_payoffs[t])) if t.size else 0.0
        self.scale = max(1.0, span)
        self._pairs(game)
        self._cache: tuple[bytes, Any] | None = None

    def _pairs(self, game: ExtensiveFormGame) -> None:
        """Index arrays of the (terminal, player move on its path, action) triples."""
        term = game.terminals
        depth = game.depth
        dmax = int(depth[term].max()) if term.size else 0
        path = np.full((term.size, dmax + 1), -1, dtype=np.int64)
        node = term.copy()
        for k in range(dmax, -1, -1):
            here = depth[term] >= k
            path[here, k] = node[here]
            node = np.where(here & (node > 0), game.parent[np.maximum(node, 0)], node)
        col, par, act = self.col, game.parent, game.parent_action
        # moves: (terminal row, depth k1 of the child m reached by a player action a)
        rows, ks = np.nonzero(path[:, 1:] >= 0)
        ks = ks + 1
        m = path[rows, ks]
        a = col[act[m]]
        keep = a >= 0
        rows, ks, m, a = rows[keep], ks[keep], m[keep], a[keep]
        n = par[m]
        self.e_z = term[rows]
        self.e_m = m
        self.e_n = n
        self.e_a = a
        self.e_p = game.node_player[n]
        after_e, after_c, before_e, before_c = [], [], [], []
        for k in range(1, dmax + 1):
            nodes_k = path[rows, k] if rows.size else np.zeros(0, dtype=np.int64)
            c = np.where(nodes_k >= 0, col[act[np.maximum(nodes_k, 0)]], -1)
            later = (k > ks) & (c >= 0)
            earlier = (k < ks) & (c >= 0)
            idx = np.arange(rows.size)
            after_e.append(idx[later])
            after_c.append(c[later])
            before_e.append(idx[earlier])
            before_c.append(c[earlier])
        self.after = (
            np.concatenate(after_e or [np.zeros(0, np.int64)]),
            np.concatenate(after_c or [np.zeros(0, np.int64)]),
        )
        self.before = (
            np.concatenate(before_e or [np.zeros(0, np.int64)]),
            np.concatenate(before_c or [np.zeros(0, np.int64)]),
        )
        # (decision node of a player set, player action on the way to it)
        dec = np.flatnonzero(game.node_player >= 0)
        s_n, s_c = [], []
        for n_ in dec:
            walk = int(n_)
            while walk > 0:
                c_ = int(col[act[walk]])
                if c_ >= 0:
                    s_n.append(int(n_))
                    s_c.append(c_)
                walk = int(par[walk])
        self.s_n = np.array(s_n, dtype=np.int64)
        self.s_c = np.array(s_c, dtype=np.int64)
        self.set_of_col = np.repeat(np.arange(self.counts.size), self.counts)
        row_of_set = np.full(game.num_infosets, -1, dtype=np.int64)
        row_of_set[_player_sets(game)] = np.arange(self.counts.size)
        self.row_of_set = row_of_set

    def start(self) -> NDArray[np.float64]:
        """Uniform play at every set, ``lambda = 0``."""
        x = -np.log(np.repeat(self.counts, self.counts).astype(np.float64))
        return np.concatenate([x, [0.0]])

    def log_reach(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The logarithm of each node's probability under the profile ``exp(x)``."""
        g = self.game
        logb = self.log_chance.copy()
        logb[self.acts] = x
        out = np.zeros(g.num_nodes)
        lv = g.levels
        par, act = g.parent, g.parent_action
        for d in range(1, lv.size - 1):
            lo, hi = int(lv[d]), int(lv[d + 1])
            out[lo:hi] = out[par[lo:hi]] + logb[act[lo:hi]]
        return out

    def beliefs(self, log_reach: NDArray[np.float64]) -> NDArray[np.float64]:
        """Bayes' rule at every set, from the log reach probabilities (1 at chance and
        terminal nodes)."""
        g = self.game
        h_of = g.node_infoset
        dec = np.flatnonzero(h_of >= 0)
        h = h_of[dec]
        top = np.full(g.num_infosets, -np.inf)
        np.maximum.at(top, h, log_reach[dec])
        top = np.where(np.isfinite(top), top, 0.0)
        w = np.exp(log_reach[dec] - top[h])
        total = np.bincount(h, weights=w, minlength=g.num_infosets)
        mu = np.ones(g.num_nodes)
        mu[dec] = np.where(total[h] > 0, w / np.where(total[h] > 0, total[h], 1.0), 0.0)
        return mu

    def values(
        self, x: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The action values ``Q`` (one per player action), ``dQ/dx`` and the beliefs."""
        key = x.tobytes()
        if self._cache is not None and self._cache[0] == key:
            cached: tuple[FloatArray, FloatArray, FloatArray] = self._cache[1]
            return cached
        g = self.game
        lr = self.log_reach(x)
        mu = self.beliefs(lr)
        k = self.size
        with np.errstate(invalid="ignore"):
            cond = np.exp(lr[self.e_z] - lr[self.e_m])
        cond = np.nan_to_num(cond)
        omega = mu[self.e_n] * cond * g.terminal_payoffs[self.e_z, self.e_p]
        Q = np.bincount(self.e_a, weights=omega, minlength=k)
        e, c = self.after
        dQ = np.bincount(self.e_a[e] * k + c, weights=omega[e], minlength=k * k)
        e, c = self.before
        dQ += np.bincount(self.e_a[e] * k + c, weights=omega[e], minlength=k * k)
        dQ = dQ.reshape(k, k)
        rows = self.row_of_set[g.node_infoset[self.s_n]]
        K = np.bincount(rows * k + self.s_c, weights=mu[self.s_n], minlength=self.counts.size * k)
        dQ -= Q[:, None] * K.reshape(self.counts.size, k)[self.set_of_col]
        out = (np.asarray(Q, np.float64), np.asarray(dQ, np.float64), mu)
        self._cache = (key, out)
        return out

    def damping(self, lam: float) -> float:
        """Weight of the logit rows, ``1 / (1 + |lambda| * scale)``, as for normal-form
        games (:meth:`multivector.solver.qre.LogitSystem.damping`)."""
        return 1.0 / (1.0 + abs(float(lam)) * self.scale)

    def residual(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """The equations' values at ``y = (x, lambda)``."""
        # a corrector's trial point off the curve can overflow exp; the corrector rejects
        # a non-finite residual and shortens the step, so numpy's warning is noise here
        with np.errstate(over="ignore", invalid="ignore"):
            return self._residual(y)

    def _residual(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        x, lam = y[:-1], float(y[-1])
        Q, _, _ = self.values(x)
        out = np.empty(self.size)
        first = np.repeat(self.offsets, self.counts)
        out[:] = self.damping(lam) * (x - x[first] - lam * (Q - Q[first]))
        # the first row of each set (identically zero above) holds its sum instead
        out[self.offsets] = np.add.reduceat(np.exp(x), self.offsets) - 1.0
        return out

    def jacobian(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """The ``(N, N + 1)`` Jacobian of :meth:`residual`."""
        with np.errstate(over="ignore", invalid="ignore"):  # as in residual
            return self._jacobian(y)

    def _jacobian(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        x, lam = y[:-1], float(y[-1])
        Q, dQ, _ = self.values(x)
        k = self.size
        first = np.repeat(self.offsets, self.counts)
        J = np.zeros((k, k + 1))
        J[:, :k] = np.eye(k) - lam * dQ
        J[np.arange(k), first] -= 1.0
        J[:, :k] += lam * dQ[first]
        J[:, k] = -(Q - Q[first])
        J *= self.damping(lam)
        # the first row of each set: the sum of its probabilities
        J[self.offsets] = 0.0
        J[first, np.arange(k)] = np.exp(x)
        # entries below 1e-200 are round-off against the others; as subnormal numbers
        # they would slow the linear algebra a hundredfold far along the path
        J[np.abs(J) < 1e-200] = 0.0
        return J

    def profile(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """The behaviour profile at ``y`` (chance's probabilities included), each set
        normalised."""
        g = self.game
        b = np.nan_to_num(g.action_probs, nan=0.0).copy()
        p = np.exp(y[:-1])
        sums = np.add.reduceat(p, self.offsets)
        b[self.acts] = p / np.repeat(sums, self.counts)
        return b


def _agent_logit_path(
    game: ExtensiveFormGame, lam_max: float, max_steps: int
) -> tuple[FloatArray, FloatArray, float, str]:
    """Follow the agent logit QRE from lambda = 0 to ``lam_max`` with the shared path
    follower; return the last point's profile, its beliefs (fully mixed, so Bayes' rule
    everywhere), its lambda and the follower's status (``"done"`` at ``lam_max``)."""
    from multivector.solver.qre import logit_tracer

    system = AgentLogitSystem(game)
    tracer = logit_tracer(system, max_steps=max_steps)
    y = system.start()
    status = tracer.status
    for point in tracer:
        y = point.y
        if y[-1] >= lam_max:
            status = "done"
            break
    else:
        status = tracer.status
    _, _, mu = system.values(y[:-1])
    return system.profile(y), mu, float(y[-1]), status


def agent_logit_limit(
    game: ExtensiveFormGame, *, lam_max: float | None = None, steps: int = 5000
) -> tuple[FloatArray, FloatArray, float]:
    """The agent logit QRE at a large ``lambda``: ``(behaviour, beliefs, lambda)``.

    The branch is followed from ``lambda = 0`` by the shared predictor-corrector
    (:func:`multivector.solver.qre.logit_tracer`) on :class:`AgentLogitSystem`.
    ``lam_max`` defaults to ``1e4`` divided by the payoff range; ``steps`` bounds the
    predictor-corrector steps. Where the path cannot be followed that far, the last point
    reached is returned (its ``lambda`` says where).
    """
    game.require_perfect_recall("the agent logit QRE")
    t = game.terminals
    span = float(np.ptp(game.terminal_payoffs[t])) or 1.0
    lam_max = 1e4 / span if lam_max is None else float(lam_max)
    b, mu, lam, _ = _agent_logit_path(game, lam_max, steps)
    return b, mu, lam


def _purify(game: ExtensiveFormGame, b: FloatArray, threshold: float) -> FloatArray:
    """Drop probabilities below ``threshold`` and renormalise each set."""
    out = b.copy()
    player = game.infoset_player[game.action_infoset] >= 0
    out[player & (out < threshold)] = 0.0
    sums = np.add.reduceat(out, game.infoset_action_start[:-1])
    return out / np.repeat(sums, np.diff(game.infoset_action_start))


def _polish(game: ExtensiveFormGame, b: FloatArray, mu_off: FloatArray) -> FloatArray:
    """Solve the indifference equations on the supports of ``b`` (Newton-type)."""
    sets = _player_sets(game)
    starts = game.infoset_action_start
    mixed = [
        (int(h), np.flatnonzero(b[starts[h] : starts[h + 1]] > 0) + int(starts[h]))
        for h in sets
        if np.count_nonzero(b[starts[h] : starts[h + 1]] > 0) > 1
    ]
    if not mixed:
        return b
    free = np.concatenate([s for _, s in mixed])

    def beliefs(bb: FloatArray) -> FloatArray:
        reach = game.node_reach(bb)
        h_of = game.node_infoset
        dec = np.flatnonzero(h_of >= 0)
        tot = np.bincount(h_of[dec], weights=reach[dec], minlength=game.num_infosets)
        mu = mu_off.copy()
        on = tot[h_of[dec]] > 1e-12
        mu[dec[on]] = reach[dec[on]] / tot[h_of[dec[on]]]
        return mu

    def resid(v: FloatArray) -> FloatArray:
        bb = b.copy()
        bb[free] = v
        Q = action_values(game, bb, beliefs(bb))
        out = []
        for _, s in mixed:
            out.extend(Q[s[1:]] - Q[s[0]])
            out.append(bb[s].sum() - 1.0)
        return np.array(out)

    sol = root(resid, b[free], method="hybr")
    if not sol.success or np.any(sol.x < -1e-12):
        return b
    out = b.copy()
    out[free] = np.maximum(sol.x, 0.0)
    return out


def _choose_weights(game: ExtensiveFormGame, b: FloatArray, tol: float) -> FloatArray:
    """Tremble weights that make the prescribed actions optimal off the path.

    For each information set off the path whose nodes (of least tremble order) are each
    reached by a single tremble of a different action, the beliefs there can be any
    distribution; a linear program picks one under which every prescribed action is
    optimal (with the largest margin), and the weights of those actions reproduce it.
    """
    counts = np.diff(game.infoset_action_start)
    weights = 1.0 / np.maximum(counts[game.action_infoset], 1).astype(np.float64)
    chance = np.isfinite(game.action_probs)
    zero = (b <= 0) & ~chance
    reach = game.node_reach(b)
    h_of = game.node_infoset
    par, act = game.parent, game.parent_action
    V = _continuation(game, b)
    starts = game.infoset_action_start
    for h in _player_sets(game):
        nodes = np.flatnonzero(h_of == h)
        if reach[nodes].sum() > 0:
            continue
        # the zero-probability actions on each node's path, and the on-path weight
        trembles, base = [], []
        for n in nodes:
            z, w, m = [], 1.0, int(n)
            while m > 0:
                a = int(act[m])
                if zero[a]:
                    z.append(a)
                else:
                    w *= float(
                        np.nan_to_num(game.action_probs[a], nan=b[a]) if chance[a] else b[a]
                    )
                m = int(par[m])
            trembles.append(z)
            base.append(w)
        orders = [len(z) for z in trembles]
        least = min(orders)
        front = [k for k, o in enumerate(orders) if o == least and base[k] > 0]
        if least != 1 or len(front) < 2:
            continue
        first = [trembles[k][0] for k in front]
        if len(set(first)) != len(first):
            continue
        p = int(game.infoset_player[h])
        lo, hi = int(starts[h]), int(starts[h + 1])
        fc = game.first_child
        # value of each action at each front node
        vals = np.array([[V[int(fc[nodes[k]]) + j, p] for j in range(hi - lo)] for k in front])
        used = np.flatnonzero(b[lo:hi] > 0)
        a0 = int(used[0])
        # variables: beliefs mu_k (sum 1) and a margin s; maximise s
        A_ub, b_ub = [], []
        for j in range(hi - lo):
            if j in used:
                continue
            # vals[:, j] . mu - vals[:, a0] . mu + s <= 0
            A_ub.append(np.append(vals[:, j] - vals[:, a0], 1.0))
            b_ub.append(0.0)
        A_eq = [np.append(np.ones(len(front)), 0.0)]
        b_eq = [1.0]
        for j in used[1:]:
            A_eq.append(np.append(vals[:, j] - vals[:, a0], 0.0))
            b_eq.append(0.0)
        res = linprog(
            np.append(np.zeros(len(front)), -1.0),
            A_ub=np.array(A_ub) if A_ub else None,
            b_ub=np.array(b_ub) if b_ub else None,
            A_eq=np.array(A_eq),
            b_eq=np.array(b_eq),
            bounds=[(0, 1)] * len(front) + [(None, 1.0)],
            method="highs",
        )
        if res.status != 0 or -res.fun < -tol:
            continue
        mu = np.maximum(res.x[: len(front)], 1e-12)
        for k, m_k in zip(front, mu, strict=True):
            weights[trembles[k][0]] = m_k / base[k]
    return weights


def _assess(
    game: ExtensiveFormGame,
    b: FloatArray,
    tol: float,
    extra_beliefs: FloatArray | None = None,
) -> FloatArray | None:
    """Consistent beliefs under which ``b`` is sequentially rational, or None."""
    tries: list[FloatArray] = []
    if extra_beliefs is not None:
        tries.append(extra_beliefs)
    tries.append(tremble_beliefs(game, b))
    tries.append(tremble_beliefs(game, b, _choose_weights(game, b, tol)))
    for mu in tries:
        ok, _ = check_sequential(game, b, mu, tol=tol)
        if ok:
            return mu
    return None


def _onpath_agree(game: ExtensiveFormGame, b: FloatArray, mu: FloatArray) -> bool:
    """The beliefs follow Bayes' rule wherever the set is reached."""
    reach = game.node_reach(b)
    h_of = game.node_infoset
    dec = np.flatnonzero(h_of >= 0)
    tot = np.bincount(h_of[dec], weights=reach[dec], minlength=game.num_infosets)
    on = tot[h_of[dec]] > 1e-12
    bayes = reach[dec[on]] / tot[h_of[dec[on]]]
    return bool(np.allclose(bayes, mu[dec[on]], atol=1e-6))


def sequential(
    game: ExtensiveFormGame,
    *,
    candidates: str = "auto",
    lam_max: float | None = None,
    max_profiles: int = 250_000,
    tol: float = 1e-9,
) -> ExtensiveSolution:
    """Sequential equilibria, each with consistent beliefs at every information set.

    Parameters
    ----------
    game : ExtensiveFormGame
        Perfect recall, any number of players.
    candidates : {"auto", "logit", "all"}
        ``"logit"``: the limit of the agent logit QRE only. ``"all"``: also every extreme
        Nash equilibrium of the reduced normal form (2 players, at most ``max_profiles``
        profiles). ``"auto"``: ``"all"`` when the game allows it, else ``"logit"``.
    lam_max : float, optional
        Where the logit path stops (default ``1e4`` over the payoff range).
    max_profiles : int
    tol : float
        Largest gain, relative to the payoff scale, accepted at an information set.

    Returns
    -------
    ExtensiveSolution
        Each equilibrium has ``sequential=True``, its beliefs, and for signalling games
        ``kind`` (pooling, separating or hybrid). ``complete`` is False: sequential
        equilibria are not enumerated, candidates are checked.

    Notes
    -----
    Kreps and Wilson (1982), "Sequential equilibria", Econometrica 50; McKelvey and
    Palfrey (1998), "Quantal response equilibria for extensive form games", Experimental
    Economics 1 (the agent QRE converges to a sequential equilibrium as lambda grows).

    Examples
    --------
    Selten's (1975) horse: (A, a, R) is the sequential equilibrium; (D, a, L) is a Nash
    equilibrium only because player 2's node is off its path, and is refused.

    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> horse = from_tree(["1", "2", "3"], Decision("1", {
    ...     "D": Decision("3", {"L": Terminal([3, 3, 2]), "R": Terminal([0, 0, 0])},
    ...                   infoset="3"),
    ...     "A": Decision("2", {
    ...         "a": Terminal([1, 1, 1]),
    ...         "d": Decision("3", {"L": Terminal([4, 4, 0]), "R": Terminal([0, 0, 1])},
    ...                       infoset="3")})}))
    >>> sol = sequential(horse)
    >>> [(e.path(), e.sequential) for e in sol]
    [([(('A', 'a'), 1.0)], True)]
    """
    game.require_perfect_recall("sequential")
    notes: list[str] = []
    found: list[tuple[FloatArray, FloatArray]] = []

    def consider(b: FloatArray, mu_hint: FloatArray | None) -> bool:
        if game.regret(b) > tol * max(1.0, float(np.abs(game.outcome_payoffs).max())):
            return False
        mu = _assess(game, b, tol, mu_hint)
        if mu is None or not _onpath_agree(game, b, mu):
            return False
        if not any(np.allclose(b, other, atol=1e-7) for other, _ in found):
            found.append((b, mu))
        return True

    b_q, mu_q, lam = agent_logit_limit(game, lam_max=lam_max)
    pure = _purify(game, b_q, 1e-3)
    limit_b = _polish(game, pure, mu_q)
    if consider(limit_b, mu_q):
        notes.append(f"the agent logit QRE was followed to lambda={lam:.3g}; its limit is kept")
    else:
        notes.append(f"the agent logit QRE at lambda={lam:.3g} did not give a checked equilibrium")
    use_all = candidates == "all" or (candidates == "auto" and game.num_players == 2)
    if candidates not in ("auto", "all", "logit"):
        raise SolverError(f"candidates must be 'auto', 'all' or 'logit', not {candidates!r}")
    refused = 0
    if use_all:
        from multivector.solver.extensive.enumerate import all_equilibria

        try:
            sol = all_equilibria(game, max_profiles=max_profiles)
        except SolverError as err:
            if candidates == "all":
                raise
            notes.append(f"only the logit candidate was checked: {err}")
        else:
            for eq in sol.equilibria:
                if not consider(np.array(eq.behaviour), None):
                    refused += 1
            notes.append(
                f"{len(sol.equilibria)} extreme Nash equilibria checked, {refused} refused "
                "(no consistent beliefs found that make them sequentially rational)"
            )
    out: list[BehaviourEquilibrium] = []
    for b, mu in found:
        out.append(make_behaviour_equilibrium(game, b, METHOD, beliefs=mu, sequential=True))
    if not out:
        raise SolverError(
            "no candidate passed the checks of a sequential equilibrium; try a larger "
            "lam_max, or candidates='all' on a small game"
        )
    return ExtensiveSolution(
        game=game,
        equilibria=tuple(out),
        method=METHOD,
        complete=False,
        notes=tuple(notes),
    )


def run_sequential(game: ExtensiveFormGame, **options: Any) -> ExtensiveSolution:
    """Registry runner for ``sequential``."""
    return sequential(game, **options)
