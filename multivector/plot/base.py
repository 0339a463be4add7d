"""What every figure needs: matplotlib, checked once, and a figure to draw on.

A new figure is one module beside this one whose function takes a library result and
``ax=None``, calls :func:`figure_and_axes`, draws, and returns the figure; and one line in
``multivector/plot/__init__.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multivector.errors import MissingDependencyError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PLOT_EXTRA", "figure_and_axes", "require_matplotlib", "root_figure"]

#: What to install for the figures.
PLOT_EXTRA = "pip install 'multivector[plot]'"


def require_matplotlib() -> None:
    """Check that matplotlib can be imported.

    Raises
    ------
    MissingDependencyError
        (an ImportError) naming the ``plot`` extra, when it cannot.
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            f"the figures need matplotlib, which is not installed; {PLOT_EXTRA}"
        ) from None


def figure_and_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """The figure and axes to draw on: ``ax`` and its figure, or a new figure.

    Returns
    -------
    figure, axes, own : Figure, Axes, bool
        ``own`` is True for a new figure (the caller may then lay it out); a new figure
        is a ``matplotlib.figure.Figure`` made without ``pyplot``, so no backend is chosen
        or switched.

    Raises
    ------
    MissingDependencyError
        When matplotlib is not installed.
    """
    require_matplotlib()
    from matplotlib.figure import Figure

    if ax is not None:
        return root_figure(ax), ax, False
    fig = Figure(figsize=figsize)
    return fig, fig.add_subplot(), True


def root_figure(ax: Axes) -> Figure:
    """The figure that holds ``ax``, through any subfigures."""
    from matplotlib.figure import Figure

    parent = ax.get_figure()
    while not isinstance(parent, Figure):  # a subfigure: up to the figure that holds it
        parent = parent.figure  # type: ignore[union-attr]
    return parent
