"""The corridor map on geography: the shipped outlines, the projection, the label layout
(no two labels overlap, none leaves the frame) and the style of closed routes."""

from __future__ import annotations

import itertools
import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

mpl_figure = pytest.importorskip("matplotlib.figure")
backend_agg = pytest.importorskip("matplotlib.backends.backend_agg")
plot = pytest.importorskip("multivector.plot")

from matplotlib import _pylab_helpers  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from multivector.network import corridor_report, load_corridors  # noqa: E402
from multivector.plot.geography import (  # noqa: E402
    COUNTRIES_FILE,
    LambertConformal,
    countries,
    lines_of_control,
)
from multivector.plot.labels import Label, place_labels  # noqa: E402
from multivector.plot.network import (  # noqa: E402
    REMOVED_COLOUR,
    ROUTE_COLOURS,
    node_label,
    node_positions,
)


def _rendered(fig: object) -> object:
    """Draw the figure with Agg, as savefig would, and return the renderer."""
    canvas = backend_agg.FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _label_boxes(fig: object, renderer: object) -> dict[str, object]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    texts = [t for t in ax.texts if (t.get_gid() or "").startswith(("label:", "country:"))]
    return {t.get_gid(): Text.get_window_extent(t, renderer) for t in texts}


def _assert_clean_layout(fig: object) -> dict[str, object]:
    renderer = _rendered(fig)
    boxes = _label_boxes(fig, renderer)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), f"{a} overlaps {b}"
    figure_box = fig.bbox  # type: ignore[attr-defined]
    axes_box = fig.axes[0].bbox  # type: ignore[attr-defined]
    for name, box in boxes.items():
        for frame in (figure_box, axes_box):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{name} leaves the frame"
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1, f"{name} leaves the frame"
    return boxes


@pytest.mark.parametrize("without", [(), ("Russia",)])
def test_map_labels_never_overlap_and_stay_in_the_frame(without: tuple[str, ...]) -> None:
    managers = _pylab_helpers.Gcf.get_num_fig_managers()
    G = load_corridors()
    fig = plot.corridor_map(G, corridor_report(G, without=list(without)))
    boxes = _assert_clean_layout(fig)
    # every node is named: on the map, or at the frame where its route leaves the map
    named = {gid.split(":", 1)[1] for gid in boxes if gid.startswith("label:")}
    assert named == {str(n) for n in G.nodes}
    assert _pylab_helpers.Gcf.get_num_fig_managers() == managers  # no pyplot figure


def test_map_labels_fit_a_given_axes_of_another_shape() -> None:
    G = load_corridors()
    fig = mpl_figure.Figure(figsize=(9.0, 6.5))
    ax = fig.add_subplot()
    assert plot.corridor_map(G, corridor_report(G), ax) is fig
    _assert_clean_layout(fig)


def test_each_label_sits_nearest_its_own_node() -> None:
    """A reader finds a node's name next to it: no other symbol is nearer the label,
    unless the label hangs on a leader line to its own node."""
    G = load_corridors()
    fig = plot.corridor_map(G, corridor_report(G))
    renderer = _rendered(fig)
    ax = fig.axes[0]
    from matplotlib.patches import ConnectionPatch

    leaders = [p for p in ax.patches if isinstance(p, ConnectionPatch)]
    assert leaders  # the dense areas need them
    with_leader = set()
    for p in leaders:
        x, y = ax.transData.transform(p.xy1)
        with_leader.add((round(x, 3), round(y, 3)))
    symbols = [
        ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))[0]
        for line in ax.lines
        if line.get_marker() not in ("None", None, "") and len(line.get_xdata()) == 1
    ]
    for t in ax.texts:
        gid = t.get_gid() or ""
        if not gid.startswith("label:") or t.get_text().startswith("to "):
            continue
        own = ax.transData.transform(t.xy)
        if (round(own[0], 3), round(own[1], 3)) in with_leader:
            continue
        box = Text.get_window_extent(t, renderer)

        def gap(p: np.ndarray, box: object = box) -> float:
            dx = max(box.x0 - p[0], 0.0, p[0] - box.x1)
            dy = max(box.y0 - p[1], 0.0, p[1] - box.y1)
            return float(math.hypot(dx, dy))

        others = [p for p in symbols if not np.allclose(p, own)]
        assert gap(own) <= min(gap(p) for p in others) + 0.5, f"{gid}: a symbol is nearer"


def test_without_russia_the_closed_routes_keep_a_visible_style() -> None:
    G = load_corridors()
    report = corridor_report(G, without=["Russia"])
    removed = set(report["removed_edges"])
    assert removed  # the northern route crosses Russia
    fig = plot.corridor_map(G, report)
    ax = fig.axes[0]
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    closed = [a for a in arrows if a.arrow_patch.get_edgecolor()[:3] == (0.45,) * 3]
    assert len(closed) == len(removed)
    for a in closed:
        assert a.arrow_patch.get_linestyle() not in ("-", "solid")  # dotted, not a route
    # beneath each closed edge, a faded trace in its route's colour
    from matplotlib.colors import to_rgb

    traces = [
        line
        for line in ax.lines
        if len(line.get_xdata()) == 2 and line.get_alpha() is not None and line.get_alpha() < 1
    ]
    assert len(traces) == len(removed)
    northern = [t for t in traces if to_rgb(t.get_color()) == to_rgb(ROUTE_COLOURS["northern"])]
    assert northern  # the northern route stays visible as closed
    # the legend names the closure, and Russia is hatched
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("closed: Russia") for t in legend)
    hatched = [p for p in ax.patches if isinstance(p, PathPatch) and p.get_hatch()]
    assert len(hatched) == 1
    assert REMOVED_COLOUR == "0.45"


def test_without_nothing_removed_the_map_has_no_closed_style() -> None:
    G = load_corridors()
    fig = plot.corridor_map(G, corridor_report(G))
    ax = fig.axes[0]
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert all(a.arrow_patch.get_edgecolor()[:3] != (0.45,) * 3 for a in arrows)
    assert not [p for p in ax.patches if isinstance(p, PathPatch) and p.get_hatch()]


def test_the_cli_writes_the_map(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import app

    out = tmp_path / "map.png"
    done = CliRunner().invoke(app, ["corridors", "--without", "Russia", "--plot", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ data


def test_the_outlines_ship_as_package_data() -> None:
    where = resources.files("multivector.network").joinpath("data", COUNTRIES_FILE)
    assert where.is_file()
    data = json.loads(where.read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    names = {c.name for c in countries()}
    assert {"Kazakhstan", "Russia", "China", "Iran", "Turkey", "Georgia", "Azerbaijan"} <= names
    for c in countries():
        for polygon in c.polygons:
            for ring in polygon:
                assert np.all((ring[:, 0] >= 20) & (ring[:, 0] <= 100))
                assert np.all((ring[:, 1] >= 20) & (ring[:, 1] <= 62))
    assert lines_of_control()  # the Crimea line


def _distance_to_country(lon: float, lat: float, name: str) -> float:
    """0 inside the country's outline, else the distance in degrees to its nearest vertex."""
    country = next(c for c in countries() if c.name == name)
    best = math.inf
    for polygon in country.polygons:
        if MplPath(polygon[0]).contains_point((lon, lat)) and not any(
            MplPath(hole).contains_point((lon, lat)) for hole in polygon[1:]
        ):
            return 0.0
        for ring in polygon:
            best = min(best, float(np.min(np.hypot(ring[:, 0] - lon, ring[:, 1] - lat))))
    return best


def test_every_located_place_lies_in_its_country() -> None:
    """The sourced coordinates agree with Natural Earth's independent outlines: each
    place lies in (or, for a port or a border post, within 0.3 degrees of) the country the
    nodes table gives it."""
    G = load_corridors()
    checked = 0
    for n, d in G.nodes(data=True):
        if d["kind"] == "market" or d["lat"] is None:
            continue
        country = d["country"]
        if n == "Incheh_Borun":  # drawn at Etrek, across the border (see its source)
            country = "Turkmenistan"
        assert _distance_to_country(d["lon"], d["lat"], country) < 0.3, n
        checked += 1
    assert checked >= 20


def test_every_node_cites_the_source_of_its_position() -> None:
    G = load_corridors()
    for n, d in G.nodes(data=True):
        source = d["source"]
        if d["lat"] is None:
            assert "coordinates not found" in source, n
        else:
            assert "GeoNames" in source or "Wikipedia" in source, n


def test_node_positions_place_unlocated_nodes_between_their_neighbours() -> None:
    G = load_corridors()
    pos = node_positions(G)
    assert set(pos) == set(G.nodes)
    assert G.nodes["Kenkiyak"]["lat"] is None
    (ax_, ay), (bx, by) = pos["Atyrau"], pos["Atasu"]
    assert pos["Kenkiyak"] == pytest.approx(((ax_ + bx) / 2, (ay + by) / 2))
    assert node_label(G, "Incheh_Borun") == "Incheh Borun"
    assert node_label(G, "Europe_rail_north") == "Europe by rail"


# ------------------------------------------------------------------ projection


def test_lambert_conformal_is_true_to_scale_on_its_standard_parallels() -> None:
    """Snyder (1987), p. 105: the scale factor is 1 along both standard parallels."""
    proj = LambertConformal(lon0=58.0, lat0=41.0, lat1=33.0, lat2=50.0)
    step = 0.01  # degrees: short enough for the projected arc to be straight
    for lat in (33.0, 50.0):
        x, y = proj([60.0, 60.0 + step], [lat, lat])  # along the parallel
        along = proj.radius * math.radians(step) * math.cos(math.radians(lat))
        assert math.hypot(x[1] - x[0], y[1] - y[0]) == pytest.approx(along, rel=1e-5)
        x, y = proj([60.0, 60.0], [lat, lat + step])  # conformal: the same along a meridian
        north = math.hypot(x[1] - x[0], y[1] - y[0])
        assert north == pytest.approx(proj.radius * math.radians(step), rel=1e-4)
    x, y = proj([60.0, 60.0 + step], [41.0, 41.0])  # between them the scale is smaller
    inner = math.hypot(x[1] - x[0], y[1] - y[0])
    assert inner < proj.radius * math.radians(step) * math.cos(math.radians(41.0))


def test_lambert_conformal_meridians_converge_to_the_north() -> None:
    proj = LambertConformal()
    x_south, _ = proj([40.0, 80.0], [30.0, 30.0])
    x_north, _ = proj([40.0, 80.0], [55.0, 55.0])
    assert x_north[1] - x_north[0] < x_south[1] - x_south[0]


# ------------------------------------------------------------------ label layout


def test_place_labels_separates_labels_of_coincident_points() -> None:
    fig = mpl_figure.Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    labels = [Label(f"p{i}", f"point {i}", (0.5, 0.5)) for i in range(6)]
    texts = place_labels(ax, labels)
    renderer = _rendered(fig)
    boxes = [Text.get_window_extent(t, renderer) for t in texts]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    assert all(ax.bbox.contains(b.x0, b.y0) and ax.bbox.contains(b.x1, b.y1) for b in boxes)


def test_place_labels_refuses_rather_than_overprints() -> None:
    fig = mpl_figure.Figure(figsize=(1.0, 0.8))
    ax = fig.add_subplot()
    labels = [Label(f"p{i}", f"a long label {i}", (0.5, 0.5)) for i in range(30)]
    with pytest.raises(ValueError, match="do not fit"):
        place_labels(ax, labels)


def test_a_map_too_small_for_its_labels_is_refused_with_the_size_it_needs() -> None:
    G = load_corridors()
    fig = mpl_figure.Figure(figsize=(3.5, 2.6))
    ax = fig.add_subplot()
    with pytest.raises(ValueError, match="about 5 in wide"):
        plot.corridor_map(G, corridor_report(G), ax)


# ------------------------------------------------------------------ the other figures


def test_qre_axis_is_log_lambda_over_the_range_where_the_branch_moves() -> None:
    """The great-powers branch (the figure the issue found squeezed into x > 0.9): the
    axis is logit in lambda/(1+lambda), i.e. log lambda, and its range holds both the
    first move away from uniform play and the settling at the limit."""
    from multivector.cli.common import load_game
    from multivector.solver.qre import logit_branch

    branch = logit_branch(load_game("great-powers", None))
    fig = plot.qre_branch(branch)
    assert len(fig.axes) == 4
    lam = np.asarray(branch.lambdas)
    every = np.concatenate(list(branch.profiles), axis=1)
    moved = lam[np.max(np.abs(every - every[0]), axis=1) > 0.005].min()
    unsettled = np.nonzero(np.max(np.abs(every - every[-1]), axis=1) >= 0.005)[0]
    settled = lam[unsettled[-1] + 1]
    for ax in fig.axes:
        assert ax.get_xscale() == "logit"
        lo, hi = (t / (1 - t) for t in ax.get_xlim())
        assert lo < moved and settled < hi
        assert hi / lo < 1e6  # not the whole trace up to lambda = 1e6
    width, height = fig.get_size_inches()
    assert width == pytest.approx(7.0) and 0.6 < height / width < 0.9  # not a strip


def test_payoff_sets_keep_every_set_visible() -> None:
    """The individually rational set is drawn last, hatched and unfilled, over the
    translucent subgame-perfect set; when the two coincide the legend says so."""
    from multivector import NormalFormGame
    from multivector.games.repeated import RepeatedGame
    from multivector.solver.repeated.report import repeated_report

    pd = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Row", "Col"], strategies=[["C", "D"]] * 2
    )
    for discount, same in ((0.3, False), (0.9, True)):
        report = repeated_report(RepeatedGame(pd, discount=discount))
        ax = mpl_figure.Figure().add_subplot()
        plot.payoff_sets(report, ax)
        feasible, perfect, rational = ax.patches
        assert feasible.get_alpha() in (None, 1.0)
        assert 0 < perfect.get_alpha() < 1
        assert rational.get_hatch() and rational.get_facecolor()[3] == 0
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[0] == "feasible" and "individually rational" in labels
        assert ("(= individually rational)" in labels[1]) is same
