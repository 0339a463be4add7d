"""Point labels that never overprint: a greedy search over positions around each point.

Each label tries positions around its point, nearest first: eight directions at a
growing distance (in points, so the layout holds at any dpi); a label set further out
than the first ring gets a thin leader line to its point. A position is taken when the
label's box, measured by the renderer, lies inside the axes and clears every label
already placed and every obstacle (node markers, fixed text). Crowded points choose
first. When no position is free, the search is repeated with a smaller font, down to
``min_fontsize``; a label that still finds no place raises, never overprints.

This is the classic greedy point-feature labelling heuristic (Imhof 1975, "Positioning
names on maps", *The American Cartographer* 2; Christensen, Marks and Shieber 1995,
"An empirical study of algorithms for point-feature label placement", *ACM Transactions
on Graphics* 14), with leader lines for dense clusters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from multivector.plot.base import root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

__all__ = ["Label", "place_labels", "renderer_for", "text_extent"]

#: Distances of the label anchor from its point, in points; beyond the first, a leader.
RADII = (5.5, 12.0, 19.0, 28.0, 38.0, 50.0, 64.0, 80.0, 100.0)
#: Rings (of RADII) within which a position clear of the ``avoid`` boxes is preferred.
SOFT_RINGS = 4
#: Directions tried at each distance, in order of preference (right, then above, ...).
DIRECTIONS = (
    (1, 0),
    (1, 1),
    (1, -1),
    (-1, 0),
    (-1, 1),
    (-1, -1),
    (0, 1),
    (0, -1),
    (2, 1),
    (2, -1),
    (-2, 1),
    (-2, -1),
)


@dataclass(frozen=True)
class Label:
    """A label to place: ``text`` for the point ``xy`` (data coordinates)."""

    key: str
    text: str
    xy: tuple[float, float]
    style: tuple[tuple[str, Any], ...] = ()
    #: Labels of a lower priority value choose their positions first.
    priority: int = 0


def renderer_for(ax: Axes) -> RendererBase:
    """A renderer that measures text as the figure's own would, without drawing it.

    The figure's canvas renderer when it has one (Agg, inline notebooks); otherwise an
    Agg renderer of the same size and dpi, made without touching the figure's canvas or
    matplotlib's backend.
    """
    fig = root_figure(ax)
    get = getattr(fig.canvas, "get_renderer", None)
    if get is not None:
        return get()
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(fig.bbox.width, fig.bbox.height, fig.dpi)


def text_extent(text: Any, renderer: RendererBase) -> Bbox:
    """The window extent of a label's text alone (an Annotation's arrow excluded)."""
    from matplotlib.text import Annotation, Text

    if isinstance(text, Annotation):
        text.update_positions(renderer)  # where its offset puts the text
    return Text.get_window_extent(text, renderer)


def place_labels(
    ax: Axes,
    labels: Sequence[Label],
    *,
    obstacles: Sequence[Bbox] = (),
    avoid: Sequence[Bbox] = (),
    fontsize: float = 6.5,
    min_fontsize: float = 5.0,
    leader_color: str = "0.2",
    margin: float = 1.5,
) -> list[Annotation]:
    """Place ``labels`` around their points so that no two overlap and all stay inside.

    Parameters
    ----------
    ax : matplotlib Axes
        Laid out already (its final size and limits), since positions are measured.
    labels : sequence of Label
    obstacles : sequence of Bbox
        Display-space boxes that no label may cover (markers, fixed text).
    avoid : sequence of Bbox
        Boxes a label should not cover (pieces of lines): a position clear of them is
        preferred when one exists within 28 pt of the point.
    fontsize, min_fontsize : float
        The font size tried first and the smallest one tried when the labels do not fit.
    leader_color : str
        Colour of the leader lines drawn to labels set away from their points.
    margin : float
        Space kept free around each label, in points.

    Returns
    -------
    list of matplotlib.text.Annotation
        One per label, in the order given, with ``gid`` ``"label:<key>"``.

    Raises
    ------
    ValueError
        When some label finds no free position even at ``min_fontsize``.
    """
    ax.apply_aspect()
    renderer = renderer_for(ax)
    size = fontsize
    while True:
        placed = _try(ax, labels, obstacles, avoid, size, renderer, leader_color, margin)
        if placed is not None:
            return placed
        if size <= min_fontsize:
            raise ValueError(
                f"{len(labels)} labels do not fit in the axes without overlap even at "
                f"{min_fontsize:g} pt; draw the map larger"
            )
        size = max(min_fontsize, size - 0.5)


def _try(
    ax: Axes,
    labels: Sequence[Label],
    obstacles: Sequence[Bbox],
    avoid: Sequence[Bbox],
    fontsize: float,
    renderer: RendererBase,
    leader_color: str,
    margin: float,
) -> list[Annotation] | None:
    from matplotlib.patches import ConnectionPatch
    from matplotlib.transforms import ScaledTranslation

    fig = root_figure(ax)
    pad = margin * fig.dpi / 72.0
    frame = ax.bbox.padded(-pad)
    points = [ax.transData.transform(lab.xy) for lab in labels]
    # crowded points first: the number of other points within 40 pt
    near = 40.0 * fig.dpi / 72.0
    crowd = [sum(1 for q in points if 0 < math.dist(p, q) < near) for p in points]
    order = sorted(
        range(len(labels)), key=lambda i: (labels[i].priority, -crowd[i], labels[i].key)
    )
    taken = _Boxes(obstacles)  # labels padded by the margin, and the obstacles
    bare = _Boxes(obstacles)  # labels as drawn, and the obstacles: what leaders must miss
    soft = _Boxes(avoid)
    texts: dict[int, Any] = {}
    leaders: list[Any] = []
    for i in order:
        lab = labels[i]
        ann = ax.annotate(
            lab.text,
            xy=lab.xy,
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=fontsize,
            gid=f"label:{lab.key}",
            annotation_clip=False,
            **dict(lab.style),
        )
        spot = _search(ann, points[i], frame, taken, bare, soft, renderer, fig.dpi)
        if spot is None:
            ann.remove()
            for t in texts.values():
                t.remove()
            for line in leaders:
                line.remove()
            return None
        (dx, dy), ring, box = spot
        taken.add(box.padded(pad))
        bare.add(box)
        texts[i] = ann
        if ring > 0:
            end = ScaledTranslation(dx / 72.0, dy / 72.0, fig.dpi_scale_trans)
            line = ConnectionPatch(
                xyA=lab.xy,
                coordsA=ax.transData,
                xyB=lab.xy,
                coordsB=ax.transData + end,
                color=leader_color,
                linewidth=0.6,
                shrinkA=1.5,
                shrinkB=0.5,
                zorder=ann.get_zorder() - 0.1,
            )
            ax.add_artist(line)
            leaders.append(line)
    return [texts[i] for i in range(len(labels))]


def _leader_hits(point: Any, dx: float, dy: float, taken: _Boxes, dpi: float) -> bool:
    """Whether the leader from ``point`` to the label crosses a taken box (a label or a
    symbol), leaving out its first 6 pt, inside the label's own symbol."""
    px, py = float(point[0]), float(point[1])
    ex, ey = px + dx * dpi / 72.0, py + dy * dpi / 72.0
    length = math.hypot(ex - px, ey - py)
    skip = 6.0 * dpi / 72.0
    if length <= skip:
        return False
    a = taken.array
    for t in np.linspace(skip / length, 1.0, max(2, int(length / (2.0 * dpi / 72.0)))):
        x, y = px + t * (ex - px), py + t * (ey - py)
        if np.any((a[:, 0] < x) & (a[:, 2] > x) & (a[:, 1] < y) & (a[:, 3] > y)):
            return True
    return False


class _Boxes:
    """Display-space boxes, tested for overlap all at once."""

    def __init__(self, boxes: Sequence[Bbox] = ()) -> None:
        self.array = np.array([b.extents for b in boxes], dtype=float).reshape(-1, 4)

    def add(self, box: Bbox) -> None:
        self.array = np.vstack([self.array, np.asarray(box.extents, dtype=float)])

    def hit(self, box: Bbox) -> bool:
        a = self.array
        x0, y0, x1, y1 = box.extents
        return bool(np.any((a[:, 0] < x1) & (a[:, 2] > x0) & (a[:, 1] < y1) & (a[:, 3] > y0)))


def _search(
    ann: Any,
    point: Any,
    frame: Bbox,
    taken: _Boxes,
    bare: _Boxes,
    soft: _Boxes,
    renderer: RendererBase,
    dpi: float,
) -> tuple[tuple[float, float], int, Bbox] | None:
    """The first free position for ``ann`` (and leave ``ann`` there), or None."""
    found = None
    fallback = None
    for ring, radius in enumerate(RADII):
        if ring == SOFT_RINGS and fallback is not None:
            found = fallback
            break
        for ux, uy in DIRECTIONS:
            norm = math.hypot(ux, uy)
            offset = (radius * ux / norm, radius * uy / norm)
            _put(ann, offset, ux, uy)
            box = text_extent(ann, renderer)
            if not frame.contains(box.x0, box.y0) or not frame.contains(box.x1, box.y1):
                continue
            if taken.hit(box):
                continue
            if ring > 0 and _leader_hits(point, *offset, bare, dpi):
                continue
            if ring >= SOFT_RINGS or not soft.hit(box):
                found = (offset, ring, box, ux, uy)
                break
            if fallback is None:
                fallback = (offset, ring, box, ux, uy)
        if found is not None:
            break
    found = found or fallback
    if found is None:
        return None
    offset, ring, box, ux, uy = found
    _put(ann, offset, ux, uy)
    return offset, ring, box


def _put(ann: Any, offset: tuple[float, float], ux: float, uy: float) -> None:
    ann.set_ha("left" if ux > 0 else "right" if ux < 0 else "center")
    ann.set_va("bottom" if uy > 0 else "top" if uy < 0 else "center")
    ann.xyann = offset
