"""Hypothesis strategies for exploring models: games of a shape, calibrations in bounds.

Use them to state a property over every calibration a researcher finds plausible and let
hypothesis search for a counter-example (and shrink it to a minimal one); see
``docs/explore.md``. Needs hypothesis (the ``test`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st

from multivector.games.normal_form import NormalFormGame

__all__ = ["calibrations", "games"]


def games(
    shape: Sequence[int], *, integer: bool = False, max_payoff: int = 10
) -> st.SearchStrategy[NormalFormGame]:
    """Games with ``len(shape)`` players and ``shape[i]`` strategies each.

    ``integer=True`` draws small integer payoffs (ties, hence degenerate games, are
    common); otherwise finite floats in ``[-max_payoff, max_payoff]`` (hypothesis still
    favours repeated values, so degenerate games appear too).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(games((2, 3)))
    ... def check(g):
    ...     assert g.payoffs.shape == (2, 2, 3)
    >>> check()
    """
    size = len(shape) * int(np.prod(shape))
    values: st.SearchStrategy[Any] = (
        st.integers(-max_payoff, max_payoff)
        if integer
        else st.floats(-max_payoff, max_payoff, allow_nan=False, allow_infinity=False)
    )
    return st.lists(values, min_size=size, max_size=size).map(
        lambda v: NormalFormGame(np.array(v, dtype=float).reshape(len(shape), *shape))
    )


def calibrations(
    scenario: Any,
    *,
    vary: Sequence[str] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    era: str | None = "latest",
) -> st.SearchStrategy[dict[str, float]]:
    """Full parameter values of a scenario, with ``vary`` drawn inside their bounds.

    Parameters
    ----------
    scenario : Scenario or str
    vary : sequence of str, optional
        Parameters to draw (default all); the others keep the calibration's values.
    bounds : mapping, optional
        Narrower ``name -> (low, high)`` ranges (cut to the parameter's bounds).
    era : str or None
        Calibration of the fixed parameters.
    """
    from multivector.explore.sweep import _base_values, _load_model

    model = _load_model(scenario)
    base = _base_values(model, era, {})
    names = list(vary) if vary is not None else list(model.parameters)
    draws = {}
    for name in names:
        p = model.parameters[name]
        lo, hi = (bounds or {}).get(name, (p.min, p.max))
        lo, hi = max(lo, p.min), min(hi, p.max)
        draws[name] = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return st.fixed_dictionaries(draws).map(lambda d: {**base, **d})
