"""A game tree, drawn top down: players, information sets, chance, payoffs, a play.

The layout is the textbook one (Osborne and Rubinstein 1994, Ch. 6 and 11; Fudenberg and
Tirole 1991, Ch. 3): the root at the top, each level of the tree one row lower, the
terminal nodes evenly spaced along the bottom in the order of the actions, each inner
node centred over its first and last child. Decision nodes are filled circles in their
player's colour with the player's name beside them; chance nodes are open circles;
payoffs stand under each terminal node, one player per line in player order. The nodes
of an information set of more than one node are joined by a dashed line in the player's
colour (an arc over the nodes between them), labelled with the set's name, the name
``multivector solve`` uses. Given an equilibrium, the actions it plays with positive
probability are drawn thick, mixed actions carry their probability, and the nodes of
those information sets carry the equilibrium's beliefs.

A new figure is sized to the tree and checked: if any two labels, or a label and a node
or an edge, overlap, the tree is spread wider (then the font made smaller) until none do;
a tree that cannot be drawn so within :data:`MAX_WIDTH` inches is refused.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from multivector.errors import GameError
from multivector.games.extensive.display import format_probability, format_value
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame
from multivector.plot.base import figure_and_axes, require_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

    from multivector.solver.extensive.result import BehaviourEquilibrium

__all__ = ["MAX_LEAVES", "MAX_WIDTH", "leaf_count", "tree_figure"]

#: Largest number of bottom nodes (terminal nodes, or subtrees cut at ``depth``) drawn;
#: past it the figure is refused.
MAX_LEAVES = 36
#: Widest figure (inches) made while spreading a tree until its labels clear each other.
MAX_WIDTH = 14.0
#: Level height and starting leaf spacing, inches.
LEVEL = 0.85
SPACING = 0.36
MARGIN = 0.55
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")


def leaf_count(game: ExtensiveFormGame, depth: int | None = None) -> int:
    """How many bottom nodes a drawing down to ``depth`` has (terminal nodes, and the
    roots of the subtrees cut there).

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {"l": Terminal([1, 0]),
    ...     "r": Decision("B", {"x": Terminal([0, 1]), "y": Terminal([2, 2])})}))
    >>> leaf_count(g), leaf_count(g, depth=1)
    (3, 2)
    """
    d = game.depth
    nc = game.num_children
    if depth is None:
        return game.num_terminals
    return int(np.count_nonzero((d <= depth) & ((nc == 0) | (d == depth))))


def _deepest_fitting(game: ExtensiveFormGame, max_leaves: int) -> int:
    depth = 1
    while depth < int(game.depth.max()) and leaf_count(game, depth + 1) <= max_leaves:
        depth += 1
    return depth


@dataclass
class _Layout:
    """Node positions in slots (x) and rows (level), the nodes shown and which are cut,
    and the order in which each node's children are drawn."""

    nodes: NDArray[np.int64]
    x: NDArray[np.float64]
    level: NDArray[np.int64]
    cut: NDArray[np.bool_]
    below: NDArray[np.int64]
    leaves: int


def _rows(game: ExtensiveFormGame, shown: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The row of each node: one below its parent, and the nodes of a player's
    information set on one row (the lowest of them), as textbooks draw Selten's horse."""
    par = game.parent
    h_of = game.node_infoset
    level = game.depth.astype(np.int64).copy()
    sets = [np.flatnonzero((h_of == h) & shown) for h in np.flatnonzero(game.infoset_player >= 0)]
    sets = [m for m in sets if m.size > 1]
    # usually two passes; sets that cannot share a row (one set's node above another's,
    # and the other way round further down) would push each other down for ever: then
    # every node keeps its own depth
    for _ in range(int(level.max()) + 2):
        changed = False
        for m in sets:
            low = level[m].max()
            if np.any(level[m] != low):
                level[m] = low
                changed = True
        for n in range(1, game.num_nodes):
            if level[n] <= level[par[n]]:
                level[n] = level[par[n]] + 1
                changed = True
        if not changed:
            return level
    return game.depth.astype(np.int64).copy()


def _slots(
    game: ExtensiveFormGame, cut: NDArray[np.bool_], flipped: set[int]
) -> tuple[NDArray[np.float64], int]:
    """x of each node in leaf slots: leaves left to right, each inner node centred over
    its first and last child; children of ``flipped`` nodes in reverse order."""
    fc, nc = game.first_child, game.num_children
    x = np.zeros(game.num_nodes)
    slot = 0
    stack = [0]
    order = []
    while stack:
        m = stack.pop()
        order.append(m)
        if nc[m] == 0 or cut[m]:
            x[m] = slot
            slot += 1
            continue
        kids = [int(fc[m]) + k for k in range(int(nc[m]))]
        stack += kids if m in flipped else kids[::-1]
    for m in reversed(order):
        if nc[m] > 0 and not cut[m]:
            x[m] = 0.5 * (x[int(fc[m])] + x[int(fc[m] + nc[m] - 1)])
    return x, slot


def _tangle(
    game: ExtensiveFormGame,
    x: NDArray[np.float64],
    level: NDArray[np.int64],
    sets: list[NDArray[np.int64]],
) -> tuple[int, int, float]:
    """How tangled the information sets' links are: crossings of links on one row, nodes
    lying between linked nodes, total length."""
    links = []
    for m in sets:
        ordered = m[np.argsort(x[m])]
        links += [(int(a), int(b)) for a, b in itertools.pairwise(ordered)]
    crossings = between = 0
    length = 0.0
    for i, (a, b) in enumerate(links):
        length += abs(x[b] - x[a])
        row = level[a]
        lo, hi = sorted((x[a], x[b]))
        between += int(np.count_nonzero((level == row) & (x > lo) & (x < hi)))
        for c, d in links[i + 1 :]:
            if level[c] != row:
                continue
            lo2, hi2 = sorted((x[c], x[d]))
            if lo < lo2 < hi < hi2 or lo2 < lo < hi2 < hi:
                crossings += 1
    return crossings, between, length


def _layout(game: ExtensiveFormGame, depth: int | None) -> _Layout:
    n = game.num_nodes
    nc = game.num_children
    node_depth = game.depth
    shown = np.ones(n, dtype=bool) if depth is None else node_depth <= depth
    cut = shown & (nc > 0) & (node_depth == (depth if depth is not None else -1))
    below = np.ones(n, dtype=np.int64)
    par = game.parent
    for m in range(n - 1, 0, -1):
        below[par[m]] += below[m]
    level = _rows(game, shown)
    h_of = game.node_infoset
    sets = [np.flatnonzero((h_of == h) & shown) for h in np.flatnonzero(game.infoset_player >= 0)]
    sets = [m for m in sets if m.size > 1]
    flipped: set[int] = set()
    x, slots = _slots(game, cut, flipped)
    if sets:
        # mirror subtrees, greedily, while that untangles the information sets' links
        # (beer-quiche: the weak type's meals reversed make each receiver set adjacent or
        # nested); the game is the same, only the drawing changes
        inner = [int(m) for m in np.flatnonzero(shown & (nc > 1) & ~cut)]
        best = _tangle(game, x, level, sets)
        for _ in range(3):
            improved = False
            for m in inner:
                flipped ^= {m}
                trial, _ = _slots(game, cut, flipped)
                score = _tangle(game, trial, level, sets)
                if score < best:
                    best, x, improved = score, trial, True
                else:
                    flipped ^= {m}
            if not improved:
                break
    # a terminal node between two linked nodes of a set would hang its payoffs across
    # their link: then every terminal node goes to the bottom row
    bottom_nodes = shown & ((nc == 0) | cut)
    for group in sets:
        ordered = group[np.argsort(x[group])]
        for a, b in itertools.pairwise(ordered):
            inside = bottom_nodes & (level == level[a]) & (x > x[a]) & (x < x[b])
            if inside.any():
                level[bottom_nodes] = int(level[shown].max())
                break
        else:
            continue
        break
    return _Layout(np.flatnonzero(shown), x, level, cut, below, slots)


def tree_figure(
    game: ExtensiveFormGame,
    equilibrium: BehaviourEquilibrium | None = None,
    ax: Axes | None = None,
    *,
    depth: int | None = None,
    auto_depth: bool = False,
    max_leaves: int = MAX_LEAVES,
    fontsize: float = 8.0,
    title: str | None = None,
) -> Figure:
    """Draw a game tree top down, with an equilibrium's play when one is given.

    Parameters
    ----------
    game : ExtensiveFormGame
    equilibrium : BehaviourEquilibrium, optional
        An equilibrium of ``game`` (from :func:`multivector.solve`): its played actions are
        drawn thick, mixed actions labelled with their probability, and the nodes of
        information sets of more than one node labelled with its beliefs (``μ``).
    ax : matplotlib Axes, optional
        Where to draw. By default a new figure sized to the tree (about 0.4 in per
        terminal node, 0.85 in per level), spread until no labels overlap.
    depth : int, optional
        Draw the tree down to this depth; a deeper subtree is a triangle with the number
        of its nodes.
    auto_depth : bool
        When no ``depth`` is given and the whole tree cannot be drawn legibly (more than
        ``max_leaves`` bottom nodes, or labels that cannot be kept apart), draw its
        deepest top part that can be (the caption says so) rather than refuse it.
    max_leaves : int
        Most bottom nodes drawn.
    fontsize : float
        Font size of the labels (payoffs one point smaller).
    title : str, optional
        Default: the game's title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    GameError
        For a tree with more than ``max_leaves`` bottom nodes (naming the depth that
        fits), or one whose labels cannot be kept apart within :data:`MAX_WIDTH` inches.
    MissingDependencyError
        Without matplotlib.

    Examples
    --------
    >>> from multivector import solve
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([1, 5]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([0, 0]),
    ...                                  "share": Terminal([2, 2])})}))
    >>> fig = tree_figure(g, solve(g)[0])
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid() == "action")
    ['fight', 'in', 'out', 'share']
    """
    require_matplotlib()
    if depth is not None and depth < 1:
        raise GameError(f"depth must be at least 1, not {depth}")
    full = int(game.depth.max())
    if depth is not None and depth >= full:
        depth = None
    chosen = depth is None and auto_depth
    if leaf_count(game, depth) > max_leaves:
        fits = _deepest_fitting(game, max_leaves)
        if not chosen:
            raise GameError(
                f"the tree has {leaf_count(game, depth)} "
                f"{'terminal' if depth is None else 'bottom'} nodes to draw, more than "
                f"max_leaves={max_leaves} that stay legible; draw its top levels with "
                f"depth={fits} (--depth {fits})"
            )
        depth = fits
    heading = game.title if title is None else title
    if ax is not None:
        layout = _layout(game, depth)
        frame = _frame(
            game, layout, SPACING, fontsize, heading, _caption(game, equilibrium, depth)
        )
        fig, ax, _ = figure_and_axes(ax, (1.0, 1.0))
        _draw(ax, game, equilibrium, layout, frame, fontsize, own=False)
        return fig
    while True:
        drawn, clash = _fit(game, equilibrium, depth, fontsize, heading)
        if drawn is not None:
            return drawn
        if chosen and (depth is None or depth > 1):
            depth = (full if depth is None else depth) - 1
            continue
        raise GameError(
            f"the tree cannot be drawn legibly within {MAX_WIDTH:g} in ({clash}); draw "
            "fewer levels (depth=..., --depth) or give shorter labels"
        )


def _caption(game: ExtensiveFormGame, eq: BehaviourEquilibrium | None, depth: int | None) -> str:
    caption = f"payoffs, top to bottom: {', '.join(game.players)}"
    if eq is not None:
        caption += f"; thick: the play of the equilibrium ({eq.method})"
    if depth is not None:
        caption += (
            f"; drawn down to depth {depth} of {int(game.depth.max())} (the tree has "
            f"{game.num_terminals} terminal nodes)"
        )
    return caption


def _fit(
    game: ExtensiveFormGame,
    eq: BehaviourEquilibrium | None,
    depth: int | None,
    fontsize: float,
    heading: str,
) -> tuple[Figure | None, str]:
    """A figure of the tree with no overlaps, spread wider (then with a smaller font) as
    needed up to :data:`MAX_WIDTH`; or None and what overlaps."""
    from matplotlib.figure import Figure

    layout = _layout(game, depth)
    caption = _caption(game, eq, depth)
    spacing, size = SPACING, fontsize
    while True:
        frame = _frame(game, layout, spacing, size, heading, caption)
        width = frame.right - frame.left
        fig = Figure(figsize=(width, frame.top - frame.bottom))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        clash = _draw(ax, game, eq, layout, frame, size, own=True)
        if not clash:
            return fig, ""
        if width * 1.2 <= MAX_WIDTH:
            spacing *= 1.2
        elif size > 6.0:
            size -= 0.5
        else:
            return None, clash


def _links(game: ExtensiveFormGame, layout: _Layout) -> list[tuple[int, int, int, float]]:
    """The dashed links of the information sets: ``(set, node, node, sag)``, ``sag`` the
    depth in inches of an arc under the row (0 for a straight link)."""
    x, row = layout.x, layout.level
    h_of = game.node_infoset
    shown = layout.nodes
    on_row: dict[int, NDArray[np.float64]] = {
        int(r): x[shown[row[shown] == r]] for r in np.unique(row[shown])
    }
    pairs: list[tuple[int, int, int]] = []
    for set_ in np.flatnonzero(game.infoset_player >= 0):
        members = [int(m) for m in shown[h_of[shown] == set_]]
        if len(members) < 2:
            continue
        members.sort(key=lambda m: (row[m], x[m]))
        pairs += [(int(set_), a, b) for a, b in itertools.pairwise(members)]
    out = []
    for h, a, b in pairs:
        lo, hi = sorted((x[a], x[b]))
        same = row[a] == row[b]
        between = same and bool(np.any((on_row[int(row[a])] > lo) & (on_row[int(row[a])] < hi)))
        inner = sum(
            1
            for h2, c, d in pairs
            if h2 != h
            and row[c] == row[a]
            and row[d] == row[a]
            and lo <= min(x[c], x[d])
            and max(x[c], x[d]) <= hi
        )
        out.append((h, a, b, 0.17 * (1 + inner) if between else 0.0))
    return out


def _row_heights(layout: _Layout, links: list[tuple[int, int, int, float]]) -> NDArray[np.float64]:
    """The y of each row (inches, the root's row at 0): a row with arcs under it is
    followed by a larger gap, so that the arcs stay above the next labels."""
    rows = int(layout.level[layout.nodes].max()) + 1
    extra = np.zeros(rows)
    for _, a, _, sag in links:
        r = int(layout.level[a])
        extra[r] = max(extra[r], sag)
    gaps = LEVEL + extra[:-1]
    return -np.concatenate([[0.0], np.cumsum(gaps)])


@dataclass
class _Frame:
    """Where everything goes, in inches: node positions, the links, the drawn box and
    the caption; the same for the figure's size and for the drawing."""

    xs: NDArray[np.float64]
    ys: NDArray[np.float64]
    links: list[tuple[int, int, int, float]]
    cut_depth: dict[int, float]
    left: float
    right: float
    bottom: float
    top: float
    heading: str
    caption: list[str]


def _frame(
    game: ExtensiveFormGame,
    layout: _Layout,
    spacing: float,
    size: float,
    heading: str,
    caption: str,
) -> _Frame:
    import textwrap

    nodes = layout.nodes
    nc = game.num_children
    xs = layout.x * spacing
    links = _links(game, layout)
    heights = _row_heights(layout, links)
    ys = heights[np.minimum(layout.level, heights.size - 1)]  # (rows of nodes not shown: any)
    # under the bottom nodes hang payoffs, or a cut subtree's triangle (under the arcs of
    # its row) and its count
    sag_under = np.zeros(heights.size)
    for _, a, _, sag in links:
        r = int(layout.level[a])
        sag_under[r] = max(sag_under[r], sag)
    payoff_h = (4.5 + game.num_players * (size - 1) * 1.2) / 72.0
    cut_depth = {int(m): 0.3 + sag_under[int(layout.level[m])] for m in np.flatnonzero(layout.cut)}
    low = min(
        float(ys[m]) - (payoff_h if nc[m] == 0 else cut_depth.get(int(m), 0.0) + 0.18)
        for m in nodes
    )
    x0 = float(xs[nodes].min()) - MARGIN
    x1 = float(xs[nodes].max()) + MARGIN
    width = max(x1 - x0, 3.0)
    mid = 0.5 * (x0 + x1)
    per_line = max(int((width - 0.2) * 72.0 / (0.55 * (size - 1.5))), 30)
    lines = textwrap.wrap(caption, per_line, break_long_words=False)
    bottom = low - 0.12 - len(lines) * (size - 1.5) * 1.3 / 72.0
    h0 = int(game.node_infoset[0])
    root_lines = 2 if h0 >= 0 and game.infoset_labels[h0] else 1
    top = (8.0 + root_lines * size * 1.3) / 72.0
    if heading:
        top += (6.0 + (size + 1) * 1.4) / 72.0
    return _Frame(
        xs,
        ys,
        links,
        cut_depth,
        mid - 0.5 * width,
        mid + 0.5 * width,
        bottom,
        top,
        heading,
        lines,
    )


class _Clearance:
    """What is drawn, in display coordinates, to test a label's box against: other
    labels, node markers and lines (each line owned by an id; a label may sit on the
    line of its own id)."""

    def __init__(self, ax: Axes) -> None:
        from multivector.plot.labels import renderer_for

        self.ax = ax
        self.renderer = renderer_for(ax)
        fig = ax.get_figure()
        assert fig is not None
        self.pt = fig.dpi / 72.0
        self.boxes = np.zeros((0, 4))
        self.names: list[str] = []
        self.owners: list[int] = []
        self.points = np.zeros((0, 2))
        self.point_owner = np.zeros(0, dtype=np.int64)
        self.marks = np.zeros((0, 2))

    def add_line(self, xy: NDArray[np.float64], owner: int = -1) -> None:
        """A line through the data points ``xy`` (its ends, inside node markers, left
        out), sampled every 2 display pixels."""
        d = self.ax.transData.transform(xy)
        r = 3.5 * self.pt
        pieces = []
        for a, b in itertools.pairwise(d):
            length = math.dist(a, b)
            steps = max(2, int(length / 2.0))
            t = np.linspace(0.0, 1.0, steps)
            pieces.append(a[None, :] + t[:, None] * (b - a)[None, :])
        if not pieces:
            return
        pts = np.vstack(pieces)
        keep = (np.hypot(*(pts - d[0]).T) > r) & (np.hypot(*(pts - d[-1]).T) > r)
        self.points = np.vstack([self.points, pts[keep]])
        self.point_owner = np.concatenate(
            [self.point_owner, np.full(int(keep.sum()), owner, dtype=np.int64)]
        )

    def add_mark(self, xy: tuple[float, float]) -> None:
        self.marks = np.vstack([self.marks, self.ax.transData.transform([xy])])

    def box(self, text: Annotation) -> NDArray[np.float64]:
        from multivector.plot.labels import text_extent

        pad = 1.5 * self.pt  # two labels keep 3 pt apart
        return np.asarray(text_extent(text, self.renderer).extents) + np.array(
            [-pad, -pad, pad, pad]
        )

    def clash(self, box: NDArray[np.float64], owner: int = -2, skip: int = -1) -> str:
        """What ``box`` hits (``""`` for nothing): a label (but the ``skip``-th), a node,
        a line not of ``owner``, or the figure's edge."""
        x0, y0, x1, y1 = box
        frame = self.ax.bbox.extents
        if x0 < frame[0] or x1 > frame[2] or y0 < frame[1] or y1 > frame[3]:
            return "the figure's edge"
        b = self.boxes
        hit = (b[:, 0] < x1) & (b[:, 2] > x0) & (b[:, 1] < y1) & (b[:, 3] > y0)
        if 0 <= skip < hit.size:
            hit[skip] = False
        if hit.any():
            return f"the label {self.names[int(np.argmax(hit))]!r}"
        r = 3.0 * self.pt
        m = self.marks
        if np.any(
            (m[:, 0] + r > x0) & (m[:, 0] - r < x1) & (m[:, 1] + r > y0) & (m[:, 1] - r < y1)
        ):
            return "a node"
        p = self.points[self.point_owner != owner]
        if np.any((p[:, 0] > x0) & (p[:, 0] < x1) & (p[:, 1] > y0) & (p[:, 1] < y1)):
            return "a line"
        return ""

    def add_text(self, text: Annotation, owner: int = -2) -> None:
        self.boxes = np.vstack([self.boxes, self.box(text)])
        self.names.append(text.get_text().replace("\n", " "))
        self.owners.append(owner)


def _draw(
    ax: Axes,
    game: ExtensiveFormGame,
    eq: BehaviourEquilibrium | None,
    layout: _Layout,
    frame: _Frame,
    size: float,
    *,
    own: bool,
) -> str:
    """Draw the tree in ``frame``; return what overlaps (``""`` for nothing)."""
    nodes = layout.nodes
    xs, ys, links = frame.xs, frame.ys, frame.links
    fc, nc = game.first_child, game.num_children
    h_of = game.node_infoset
    reach = None if eq is None else game.node_reach(eq.behaviour)
    exact_pay = game.exact_terminal_payoffs()
    names = game.infoset_names
    set_sizes = np.bincount(h_of[h_of >= 0], minlength=game.num_infosets)
    texts: list[Annotation] = []

    def played(m: int) -> bool:
        return reach is not None and bool(reach[m] > 1e-12)

    def colour(m: int) -> str:
        p = int(game.infoset_player[h_of[m]])
        return "0.35" if p == CHANCE else _COLOURS[p % len(_COLOURS)]

    def text(x: float, y: float, s: str, dx: float, dy: float, gid: str, **kw: Any) -> Annotation:
        t = ax.annotate(
            s,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=kw.pop("fontsize", size),
            gid=gid,
            annotation_clip=False,
            zorder=kw.pop("zorder", 4),
            **kw,
        )
        texts.append(t)
        return t

    # the frame first: labels are measured in display coordinates
    ax.set_xlim(frame.left, frame.right)
    ax.set_ylim(frame.bottom, frame.top)
    ax.set_axis_off()
    room = _Clearance(ax)
    jobs: list[tuple[int, int, str, bool]] = []  # edge labels, placed once all is drawn
    # edges
    for m in nodes:
        if nc[m] == 0 or layout.cut[m]:
            continue
        for k in range(int(nc[m])):
            c = int(fc[m]) + k
            a = int(game.parent_action[c])
            on = played(c)
            ax.plot(
                [xs[m], xs[c]],
                [ys[m], ys[c]],
                color="0.1" if on else ("0.6" if eq is not None else "0.3"),
                linewidth=2.2 if on else 0.9,
                solid_capstyle="round",
                zorder=1,
            )
            room.add_line(np.array([[xs[m], ys[m]], [xs[c], ys[c]]]))
            lines = [game.action_labels[a] or '""']
            if game.infoset_player[game.action_infoset[a]] == CHANCE:
                exact = game.exact_action_probs
                prob: Any = (
                    exact[a]
                    if exact is not None and exact[a] is not None
                    else float(game.action_probs[a])
                )
                lines.append(format_value(prob))
            elif eq is not None and 1e-9 < eq.behaviour[a] < 1 - 1e-9:
                lines.append(f"p={format_probability(eq.behaviour[a])}")
            jobs.append((m, c, "\n".join(lines), on))
    # nodes
    for m in nodes:
        x, y = float(xs[m]), float(ys[m])
        room.add_mark((x, y))
        h = int(h_of[m])
        if h < 0:
            on = played(m)
            ax.plot(x, y, "o", color="0.1", markersize=3.2 if on else 2.4, zorder=3)
            row: Any = exact_pay[m] if exact_pay is not None else game.terminal_payoffs[m]
            text(
                x,
                y,
                "\n".join(format_value(v) for v in row),
                0.0,
                -4.5,
                "payoffs",
                ha="center",
                va="top",
                fontsize=size - 1,
                linespacing=1.05,
                fontweight="bold" if on else "normal",
            )
            continue
        p = int(game.infoset_player[h])
        if layout.cut[m]:
            deep = frame.cut_depth[int(m)]
            ax.fill(
                [x, x - 0.1, x + 0.1],
                [y, y - deep, y - deep],
                color="0.85",
                edgecolor="0.4",
                linewidth=0.6,
                zorder=1,
            )
            text(
                x,
                y - deep,
                f"{int(layout.below[m]) - 1} nodes",
                0.0,
                -2.0,
                "cut",
                ha="center",
                va="top",
                fontsize=size - 1,
            )
        if p == CHANCE:
            ax.plot(
                x,
                y,
                "o",
                markerfacecolor="white",
                markeredgecolor="0.35",
                markersize=6.5,
                markeredgewidth=1.0,
                zorder=3,
            )
            words = ["chance"]
        else:
            ax.plot(x, y, "o", color=colour(m), markersize=6.5, zorder=3)
            if set_sizes[h] > 1:
                # the player is named once, with the set, on its link
                if eq is None:
                    continue
                words = [f"μ={format_probability(eq.beliefs[m])}"]
            else:
                words = [game.players[p]]
                if game.infoset_labels[h] not in ("", game.players[p]):
                    words.append(names[h])
        parent = int(game.parent[m])
        if m == 0:
            dx, dy, ha, va = 0.0, 6.0, "center", "bottom"
        elif xs[m] < xs[parent]:
            dx, dy, ha, va = -5.0, 2.0, "right", "bottom"
        else:
            dx, dy, ha, va = 5.0, 2.0, "left", "bottom"
        text(
            x, y, "\n".join(words), dx, dy, "node", ha=ha, va=va, linespacing=1.0, color=colour(m)
        )
    for t_ in texts:
        room.add_text(t_)
    # information sets of more than one node: a dashed link between neighbours on their
    # row, straight when no node lies between them, else an arc under the row (deeper
    # the more links it holds, so that nested arcs stay apart; under the row only lines
    # cross it, the labels are above the nodes); the player and the set's name sit on a
    # link, where they clear everything else
    curves: dict[int, list[NDArray[np.float64]]] = {}
    for h, a_, b_, sag in links:
        xa, ya, xb, yb = xs[a_], ys[a_], xs[b_], ys[b_]
        tt = np.linspace(0.0, 1.0, 41)
        cx = xa + (xb - xa) * tt
        cy = ya + (yb - ya) * tt - 4.0 * sag * tt * (1.0 - tt)
        col = colour(a_)
        ax.plot(cx, cy, linestyle=(0, (3, 2)), color=col, linewidth=1.0, zorder=2)
        curve = np.column_stack([cx, cy])
        room.add_line(curve, owner=h)
        curves.setdefault(h, []).append(curve)
    # edge labels: beside the edge, where nothing else is; first on the side away from
    # the parent and above the point (a sloping edge bends away from a label there), then
    # on the other side below it, nearest 0.6 of the way down first
    for m, c, label, on in jobs:
        dx, dy = xs[c] - xs[m], ys[c] - ys[m]
        side = float(np.sign(dx))
        t_ = text(
            0.0,
            0.0,
            label,
            0.0,
            0.0,
            "action",
            linespacing=1.0,
            fontweight="bold" if on else "normal",
        )
        # (offsets clear the anchor by more than the 1.5 pt kept around every label, so
        # that the edge through the anchor misses the label's corner)
        ways: list[
            tuple[float, float, Literal["left", "right"], Literal["bottom", "top", "center"]]
        ]
        if side:
            ways = [
                (3.5 * side, 2.5, "left" if side > 0 else "right", "bottom"),
                (-3.5 * side, -2.5, "right" if side > 0 else "left", "top"),
            ]
        else:
            ways = [(3.5, 0.0, "left", "center"), (-3.5, 0.0, "right", "center")]
        candidates = [(f, w) for f in (0.6, 0.5, 0.7, 0.4, 0.75, 0.3) for w in ways]
        for f, (ox, oy, ha, va) in [*candidates, candidates[0]]:
            t_.xy = (float(xs[m] + f * dx), float(ys[m] + f * dy))
            t_.xyann = (ox, oy)
            t_.set_horizontalalignment(ha)
            t_.set_verticalalignment(va)
            if not room.clash(room.box(t_)):
                break
        room.add_text(t_)
    for h, pieces in curves.items():
        who = game.players[int(game.infoset_player[h])]
        label = who if game.infoset_labels[h] == who else f"{who}: {names[h]}"
        col = colour(int(np.flatnonzero(h_of == h)[0]))
        t_ = text(
            0.0,
            0.0,
            label,
            0.0,
            0.0,
            "infoset",
            ha="center",
            va="center",
            color=col,
            fontsize=size - 0.5,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "linewidth": 0},
        )
        # on a link, nearest the middle of one first; where every spot is crossed by
        # some line, the label (on white) may hide a piece of it, never a label or node
        order = sorted(range(4, 37), key=lambda i: abs(i - 20))
        spots = [(curve[i], under) for under in (False, True) for i in order for curve in pieces]
        for owner in (h, -3):
            for spot, under in spots:
                t_.xy = (float(spot[0]), float(spot[1]))
                t_.set_verticalalignment("top" if under else "center")
                t_.xyann = (0.0, -2.5 if under else 0.0)
                found = room.clash(room.box(t_), owner=owner)
                if not found or (owner == -3 and found == "a line"):
                    break
            else:
                continue
            break
        else:
            t_.xy = (float(pieces[0][20][0]), float(pieces[0][20][1]))
            t_.set_verticalalignment("center")
            t_.xyann = (0.0, 0.0)
        room.add_text(t_, owner=-3 if room.clash(room.box(t_), owner=h) == "a line" else h)
    # title and caption
    mid = 0.5 * (frame.left + frame.right)
    if frame.heading:
        text(
            mid,
            frame.top,
            frame.heading,
            0.0,
            -4.0,
            "title",
            ha="center",
            va="top",
            fontsize=size + 1,
            fontweight="bold",
        )
        room.add_text(texts[-1])
    text(
        frame.left,
        frame.bottom,
        "\n".join(frame.caption),
        6.0,
        3.0,
        "caption",
        ha="left",
        va="bottom",
        fontsize=size - 1.5,
        color="0.3",
        linespacing=1.2,
    )
    room.add_text(texts[-1])
    if not own:
        return ""
    for k, t_ in enumerate(texts):
        owner = -2 if t_.get_gid() != "infoset" else room.owners[k]
        clash = room.clash(room.boxes[k], owner=owner, skip=k)
        if clash and not (owner == -3 and clash == "a line"):
            return f"the label {room.names[k]!r} covers {clash}"
    return ""
