"""The figures of multivector.plot: drawn from library results onto a given Axes, without
the command line and without touching matplotlib's backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from multivector import NormalFormGame
from multivector.errors import MissingDependencyError, ScenarioError, SolverError
from multivector.explore.sweep import Sweep, grid_axis
from multivector.games.repeated import RepeatedGame
from multivector.solver.repeated.report import repeated_report

mpl_figure = pytest.importorskip("matplotlib.figure")
plot = pytest.importorskip("multivector.plot")

_REPO = Path(__file__).resolve().parents[2]

# Prisoner's dilemma (Osborne 2004, Section 2.2): feasible payoffs are the hull of
# (3,3), (0,5), (5,0), (1,1); the pure minmax of each player is 1.
PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Row", "Col"], strategies=[["C", "D"]] * 2
)


def _axes() -> object:
    fig = mpl_figure.Figure()
    return fig.add_subplot()


def test_importing_plot_loads_no_cli_and_switches_no_backend(tmp_path: Path) -> None:
    code = (
        "import json, sys, matplotlib\n"
        "import multivector.plot as p\n"
        "from multivector.network import corridor_report, load_corridors\n"
        "G = load_corridors()\n"
        "p.corridor_map(G, corridor_report(G)).savefig('map.png')\n"
        "print(json.dumps({'cli': sorted(m for m in ('typer', 'rich', 'click') "
        "if m in sys.modules), 'pyplot': 'matplotlib.pyplot' in sys.modules, "
        "'backend': matplotlib.rcParams['backend']}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(_REPO), "MPLBACKEND": "svg"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {"cli": [], "pyplot": False, "backend": "svg"}
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_phase_diagram_of_two_parameters_colours_each_cell_by_its_outcome() -> None:
    sweep = Sweep(
        "great-powers",
        grid=[
            grid_axis("kazakhstan.autonomy_value", 0.0, 0.3, 4),
            grid_axis("kazakhstan.bandwagon_premium", 0.0, 1.0, 5),
        ],
    )
    result = sweep.run()
    ax = _axes()
    fig = plot.phase_diagram(result, ax, calibration=sweep.base)
    assert fig is ax.figure
    outcomes = [s or "(none)" for s in result.column("deciding_strategy")]
    kinds = sorted(set(outcomes))
    (mesh,) = ax.collections
    shown = np.asarray(mesh.get_array()).reshape(4, 5)
    assert shown.tolist() == np.array([kinds.index(s) for s in outcomes]).reshape(4, 5).tolist()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [*kinds, "calibration"]
    assert ax.get_xlabel() == "kazakhstan.bandwagon_premium"


def test_phase_diagram_of_one_parameter_plots_the_equilibrium_count() -> None:
    result = Sweep("kz-russia", grid=[grid_axis("russia.leverage", 0.0, 1.0, 6)]).run()
    ax = _axes()
    plot.phase_diagram(result, ax)
    (points,) = ax.collections
    xy = np.asarray(points.get_offsets())
    assert xy[:, 0].tolist() == result.column("russia.leverage")
    assert xy[:, 1].tolist() == result.column("n_equilibria")


def test_phase_diagram_refuses_three_parameters() -> None:
    axes = [grid_axis(n, 0.0, 0.1, 2) for n in ("russia.leverage", "russia.coercion_cost")]
    result = Sweep("kz-russia", grid=axes).run()
    three = type(result)(
        ("point", "a", "b", "c", *result.columns[-3:]), result.rows, result.method
    )
    with pytest.raises(ScenarioError, match="one or two"):
        plot.phase_diagram(three)


def test_corridor_map_draws_every_edge_and_marks_the_cut_ones() -> None:
    from multivector.network import corridor_report, load_corridors
    from multivector.plot.network import node_positions

    G = load_corridors()
    report = corridor_report(G, without=["Russia"])
    ax = _axes()
    fig = plot.corridor_map(G, report, ax)
    assert fig is ax.figure
    pos = node_positions(G)
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    drawn = [(u, v) for u, v in G.edges() if u in pos and v in pos]
    assert len(arrows) == len(drawn)
    grey = [a for a in arrows if a.arrow_patch.get_edgecolor()[:3] == (0.45, 0.45, 0.45)]
    removed = set(report["removed_edges"])
    assert len(grey) == sum(1 for u, v, k in G.edges(keys=True) if k in removed)
    assert ax.get_title() == "Kazakhstan export corridors, without Russia"


def test_payoff_sets_fill_the_feasible_set_and_star_the_target() -> None:
    report = repeated_report(RepeatedGame(PD, discount=0.6), [["C", "C"]])
    ax = _axes()
    plot.payoff_sets(report, ax, targets=[["C", "C"]])
    feasible = ax.patches[0].get_xy()[:-1]  # a closed polygon repeats its first vertex
    assert sorted(map(tuple, np.round(feasible, 9).tolist())) == sorted(
        map(tuple, report["feasible_set"]["vertices"])
    )
    stars = [line for line in ax.lines if line.get_marker() == "*"]
    assert [(s.get_xdata()[0], s.get_ydata()[0]) for s in stars] == [(3.0, 3.0)]
    three = repeated_report(RepeatedGame(NormalFormGame([[[[0]]]] * 3), discount=0.5))
    with pytest.raises(SolverError, match="2-player"):
        plot.payoff_sets(three)


def test_qre_branch_draws_each_strategys_probability() -> None:
    from multivector.solver.qre import logit_branch

    branch = logit_branch(PD, lambda_max=100)
    ax = _axes()
    plot.qre_branch(branch, ax, player="Col")
    assert [line.get_label() for line in ax.lines] == ["C", "D"]
    for k, line in enumerate(ax.lines):
        assert np.allclose(line.get_ydata(), branch.profiles[1][:, k])
    lam = np.asarray(branch.lambdas)
    assert np.allclose(ax.lines[0].get_xdata(), lam / (1 + lam))
    fig = plot.qre_branch(branch)
    assert [a.get_title() for a in fig.axes] == ["Row", "Col"]


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    report = repeated_report(RepeatedGame(PD, discount=0.6))
    with pytest.raises(MissingDependencyError, match=r"multivector\[plot\]") as info:
        plot.payoff_sets(report)
    assert isinstance(info.value, ImportError)
