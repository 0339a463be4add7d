"""Figures of multivector's results, drawn with matplotlib (the ``plot`` extra).

One function per figure; each takes a library result and an optional matplotlib
``Axes`` to draw on, and returns the ``Figure``:

* :func:`phase_diagram`: a sweep's outcome over one or two varied parameters;
* :func:`corridor_map`: the corridor network as a map, with a disruption's cut edges;
* :func:`payoff_sets`: a 2-player repeated game's feasible, individually rational and
  subgame-perfect payoffs;
* :func:`qre_branch`: the logit quantal response equilibrium branch;
* :func:`tree_figure`: a game tree (an extensive-form game), with an equilibrium's play.

Without an ``Axes`` each function makes its own ``matplotlib.figure.Figure`` (not through
``pyplot``), so importing or calling them never changes matplotlib's backend: in a
notebook the returned figure shows as usual, and ``fig.savefig("map.png")`` writes a file.
Importing this package does not import matplotlib; calling a function without matplotlib
installed raises :class:`~multivector.errors.MissingDependencyError` (an ImportError)
that names the extra to install.

Examples
--------
>>> from multivector.explore.sweep import Sweep, grid_axis
>>> result = Sweep("kz-russia", grid=[grid_axis("russia.leverage", 0.0, 1.0, 5)]).run()
>>> fig = phase_diagram(result, title="kz-russia")
>>> fig.axes[0].get_xlabel()
'russia.leverage'
"""

from multivector.plot.network import corridor_map
from multivector.plot.qre import qre_branch
from multivector.plot.repeated import payoff_sets
from multivector.plot.sweep import phase_diagram
from multivector.plot.tree import tree_figure

__all__ = ["corridor_map", "payoff_sets", "phase_diagram", "qre_branch", "tree_figure"]
