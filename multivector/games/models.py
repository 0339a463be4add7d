"""Models with parameters, and the games named by a scenario or a file.

A :class:`ParametricModel` is what sweeps, robustness margins and the hypothesis
strategies of :mod:`multivector.explore` take: a built-in
:class:`~multivector.games.scenarios.Scenario` or a
:class:`~multivector.games.formats.parametric.ParametricGame` read from a file, or any
object of your own with the same members. :func:`load_model` turns a scenario name or a
parametric file into one; :func:`resolve_game` turns a scenario name or any game file
(with a calibration and overrides) into the game, as ``multivector solve`` does.

Examples
--------
>>> model = load_model("kz-russia")
>>> isinstance(model, ParametricModel), model.players
(True, ('Kazakhstan', 'Russia'))
>>> resolve_game("kz-russia", era="2014-2021").title
'Kazakhstan and Russia: corridor coercion against alignment [2014-2021]'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from numpy.typing import ArrayLike, NDArray

from multivector.errors import ScenarioError
from multivector.games.normal_form import NormalFormGame
from multivector.games.scenarios import DEFAULT_SCENARIO, LATEST, SCENARIOS, get_scenario
from multivector.games.scenarios.base import ParameterSet

__all__ = ["ParametricModel", "load_model", "parameter_rows", "resolve_game"]


@runtime_checkable
class ParametricModel(Protocol):
    """A game whose payoffs are functions of named, bounded parameters.

    Built-in scenarios and parametric game files are such models; sweeps and robustness
    checks accept any object with these members.
    """

    @property
    def name(self) -> str:
        """What the model is called (a scenario's name, a file's path)."""
        ...

    @property
    def players(self) -> tuple[str, ...]:
        """The players' names."""
        ...

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels."""
        ...

    @property
    def parameters(self) -> ParameterSet:
        """The parameters: default, bounds, unit, source, meaning."""
        ...

    @property
    def eras(self) -> tuple[str, ...]:
        """Names of the model's calibrations, oldest first (possibly none)."""
        ...

    def values(
        self, era: str | None = ..., overrides: Mapping[str, Any] | None = ...
    ) -> dict[str, float]:
        """Checked values of every parameter: defaults, then the calibration ``era``
        (``"latest"``: the last one, or the defaults for a model without calibrations;
        None: the defaults), then ``overrides``."""
        ...

    def payoffs_batch(self, values: Mapping[str, ArrayLike]) -> NDArray[Any]:
        """Payoff tensors ``(B, n, s_1, ..., s_n)`` for a batch of parameter values
        (``name -> array (B,)``; names not given take their defaults)."""
        ...

    def game(
        self, era: str | None = ..., overrides: Mapping[str, Any] | None = ...
    ) -> NormalFormGame:
        """The game at the values of :meth:`values`."""
        ...


def load_model(target: str | os.PathLike[str] | ParametricModel) -> ParametricModel:
    """The model named by a scenario name or a parametric game file; a model as it is.

    Raises
    ------
    ScenarioError
        When ``target`` is neither a scenario nor a ``.toml``/``.json`` file.
    FormatError
        When the file cannot be read or is not a parametric game file.
    """
    if not isinstance(target, (str, os.PathLike)):
        return target
    name = os.fspath(target)
    if name in SCENARIOS:
        return get_scenario(name)
    path = Path(name)
    if path.suffix.lower() in (".toml", ".json") and path.exists():
        from multivector.games.formats.parametric import read_parametric

        return read_parametric(path)
    raise ScenarioError(
        f"{name!r} is neither a scenario ({', '.join(SCENARIOS)}) nor a parametric game "
        "file; sweeps need parameters"
    )


def resolve_game(
    target: str | os.PathLike[str] | None,
    *,
    era: str | None = None,
    overrides: Mapping[str, float] | None = None,
) -> NormalFormGame:
    """The game named by a scenario name or a game file.

    Parameters
    ----------
    target : str, path-like or None
        A scenario name, a game file of any registered format (a parametric file too), or
        None for the default scenario.
    era : str, optional
        A calibration: scenarios default to their latest, parametric files to their
        defaults. Network-measured parameters of scenarios are derived from the corridor
        network unless ``overrides`` sets them.
    overrides : mapping, optional
        ``{parameter: value}`` (``--set``).

    Raises
    ------
    ScenarioError
        For an unknown name, parameter or era, a value out of bounds, or an era or
        overrides given with a game file that has no parameters.
    FormatError
        For a file that cannot be read or does not describe a game.
    """
    overrides = dict(overrides or {})
    if target is None or os.fspath(target) in SCENARIOS:
        scenario = get_scenario(DEFAULT_SCENARIO if target is None else os.fspath(target))
        return scenario.game(era=era or LATEST, overrides=overrides, derive=True)
    name = os.fspath(target)
    path = Path(name)
    if not path.exists() and not path.suffix and "/" not in name and "\\" not in name:
        raise ScenarioError(
            f"{name!r} is neither a scenario ({', '.join(SCENARIOS)}) nor an existing "
            "file; check the name or the path"
        )
    from multivector.games.formats.parametric import ParametricGame, read_game_or_model

    content = read_game_or_model(path)
    if isinstance(content, ParametricGame):
        return content.game(era=era, overrides=overrides)
    if era or overrides:
        raise ScenarioError(
            f"{name}: --era and --set need a scenario or a parametric file; this game "
            "file has no [parameters] table"
        )
    return content


def parameter_rows(model: ParametricModel, era: str | None = None) -> list[dict[str, Any]]:
    """Every parameter of a model as a JSON-ready row, what ``multivector params`` prints.

    Each row has ``name``, ``default``, ``min``, ``max`` (None when unbounded), ``unit``,
    ``source``, ``meaning`` and ``kind``; a parameter that is derived by default (from the
    corridor network) has ``derive`` and says so in its source; with ``era``, ``value`` is
    the calibration's value.

    Examples
    --------
    >>> row = parameter_rows(load_model("kz-russia"), era="2014-2021")[0]
    >>> sorted(row)
    ['default', 'kind', 'max', 'meaning', 'min', 'name', 'source', 'unit', 'value']
    """
    values = model.values(era) if era else None
    rows = []
    for name, p in model.parameters.items():
        d = p.to_dict()
        row = {k: d[k] for k in ("name", "default", "min", "max", "unit", "source", "meaning")}
        row["kind"] = d["kind"]
        if d["derive"]:
            row["derive"] = d["derive"]
            row["source"] += f" | derived by {d['derive']} (no calibration sets it)"
        if d.get("alternatives"):
            row["alternatives"] = d["alternatives"]
        if values is not None:
            row["value"] = values[name]
        rows.append(row)
    return rows
