"""The scenario framework: sourced parameters, calibrations, payoff terms, games.

A :class:`Scenario` is a named model. Its assumptions are data:

* a :class:`ParameterSet` of :class:`Parameter` records (name, default, bounds, unit,
  source tag, one-line meaning, provenance kind, and an optional ``derive`` hook for
  values that another part of the library will compute);
* named :class:`Calibration` s ("2014-2021", "2022-"), read from TOML data files that
  only set values, each value with its source;
* a tuple of :class:`Term` s: each player's payoff is the sum of its terms, each term a
  non-negative magnitude (a function of the parameters) times a fixed weight on the
  strategy profiles it applies to, counted as a gain or a cost.

Because every payoff is a sum of such terms, the game is a pure function of the
parameters, and a whole batch of parameter draws becomes a stack of payoff tensors in one
vectorised call (:meth:`Scenario.payoffs_batch`).
"""

from __future__ import annotations

import importlib
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import ScenarioError
from multivector.files import shorten
from multivector.games.normal_form import NormalFormGame

__all__ = [
    "LATEST",
    "CalibratedModel",
    "Calibration",
    "Parameter",
    "ParameterSet",
    "Scenario",
    "Term",
    "load_calibrations",
    "parse_assignments",
    "product",
    "sum_times",
]

#: The ``era`` value meaning "the scenario's most recent calibration".
LATEST = "latest"

#: Provenance kinds (see the modelling guide): measured, derived, judged, calibrated.
PROVENANCE_KINDS = ("measured", "derived", "judged", "calibrated")

Values = Mapping[str, NDArray[np.float64]]


@dataclass(frozen=True)
class Parameter:
    """One assumption of a model, with where it comes from.

    Attributes
    ----------
    name : str
        Dotted name, ``owner.quantity`` (e.g. ``"russia.leverage"``).
    default : float
        Value used when no calibration or override sets it.
    min, max : float
        Bounds; values outside are refused.
    unit : str
        Unit or scale (e.g. ``"share of Kazakhstan's trade turnover"``).
    source : str
        A claim tag of the article (``[S6]``, ``[F2]``), a literature reference, or a
        cited figure with its year.
    meaning : str
        One line: what the number means in the model.
    kind : str
        ``"measured"``, ``"derived"``, ``"judged"`` or ``"calibrated"``.
    derive : str, optional
        ``"module:function"`` that computes the value from data (called with no
        arguments, returning a float). A derived parameter's ``default`` is that value
        (the scenario computes it when it is built), so every command uses it; no
        calibration may set it, only an explicit override.
    note : str
        Anything a reader should know (how a judged magnitude was sized, what will derive
        it).
    alternatives : tuple of (label, value, source)
        Other measures of the same quantity that the sources support, shown beside the
        value in use (``multivector params``) and never used silently.
    """

    name: str
    default: float
    min: float
    max: float
    unit: str
    source: str
    meaning: str
    kind: str = "judged"
    derive: str | None = None
    note: str = ""
    alternatives: tuple[tuple[str, float, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.name or any(c.isspace() for c in self.name):
            raise ScenarioError(f"parameter name {self.name!r} must be non-empty, no spaces")
        if not self.min <= self.max:  # also refuses NaN bounds
            raise ScenarioError(
                f"parameter {self.name!r}: bounds [{self.min}, {self.max}] need min <= max"
            )
        if not math.isfinite(self.default):
            raise ScenarioError(f"parameter {self.name!r}: default must be a finite number")
        if not self.min <= self.default <= self.max:
            raise ScenarioError(
                f"parameter {self.name!r}: default {self.default} is outside its bounds "
                f"[{self.min}, {self.max}]"
            )
        if not self.source.strip() or not self.meaning.strip():
            raise ScenarioError(f"parameter {self.name!r} needs a source and a meaning")
        if self.kind not in PROVENANCE_KINDS:
            raise ScenarioError(
                f"parameter {self.name!r}: kind {self.kind!r} is not one of {PROVENANCE_KINDS}"
            )

    def check(self, value: Any, *, where: str = "") -> float:
        """Return ``value`` as a float, or raise ScenarioError when it is out of bounds."""
        try:
            v = float(value)
        except OverflowError:  # an integer past the float range: out of any bounds
            v = math.inf
        except (TypeError, ValueError):
            raise ScenarioError(
                f"{where}parameter {self.name!r} needs a number, got {shorten(repr(value))}"
            ) from None
        if not math.isfinite(v) or not self.min <= v <= self.max:
            raise ScenarioError(
                f"{where}value {shorten(repr(value))} of parameter {self.name!r} is outside "
                f"its bounds [{self.min:g}, {self.max:g}] ({self.unit}); choose a value "
                "inside them"
            )
        return v

    def to_dict(self) -> dict[str, Any]:
        """``{name, default, min, max, unit, source, meaning, kind, derive, note,
        alternatives}``.

        Infinite bounds are given as None (JSON has no infinity).
        """
        return {
            "name": self.name,
            "default": self.default,
            "min": self.min if math.isfinite(self.min) else None,
            "max": self.max if math.isfinite(self.max) else None,
            "unit": self.unit,
            "source": self.source,
            "meaning": self.meaning,
            "kind": self.kind,
            "derive": self.derive,
            "note": self.note,
            "alternatives": [
                {"label": a, "value": v, "source": src} for a, v, src in self.alternatives
            ],
        }


class ParameterSet(Mapping[str, Parameter]):
    """An ordered, read-only set of parameters, with the checks every caller needs.

    Examples
    --------
    >>> ps = ParameterSet([Parameter("a.cost", 0.5, 0, 1, "index", "[S6]", "a cost")])
    >>> ps.resolve({"a.cost": 0.25})
    {'a.cost': 0.25}
    >>> ps.resolve({"a.cots": 0.25})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.ScenarioError: unknown parameter 'a.cots'; did you mean 'a.cost'? ...
    """

    def __init__(self, parameters: Iterable[Parameter]) -> None:
        self._params: dict[str, Parameter] = {}
        for p in parameters:
            if p.name in self._params:
                raise ScenarioError(f"parameter {p.name!r} is declared twice")
            self._params[p.name] = p

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            raise ScenarioError(self._unknown(name)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def __contains__(self, name: object) -> bool:
        return name in self._params

    def _unknown(self, name: str) -> str:
        import difflib

        close = difflib.get_close_matches(name, list(self._params), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return (
            f"unknown parameter {name!r}; {hint}see `multivector params` for the "
            f"{len(self._params)} parameters"
        )

    def defaults(self) -> dict[str, float]:
        """Every parameter's default value."""
        return {name: p.default for name, p in self._params.items()}

    def resolve(
        self,
        overrides: Mapping[str, Any] | None = None,
        *,
        base: Mapping[str, float] | None = None,
        derive: bool = False,
    ) -> dict[str, float]:
        """Full, checked values: defaults, then ``base``, then ``overrides``.

        Parameters
        ----------
        overrides : mapping, optional
            Values set by the caller; names must exist and values lie within bounds.
        base : mapping, optional
            Values of a calibration, applied before the overrides.
        derive : bool
            Call each parameter's ``derive`` hook (when it has one and ``overrides`` does
            not set it); the derived value replaces the default and ``base``. Off by
            default.

        Raises
        ------
        ScenarioError
            For an unknown name or an out-of-bounds value.
        """
        values = self.defaults()
        for name, value in (base or {}).items():
            if name not in self._params:
                raise ScenarioError(self._unknown(name))
            values[name] = self._params[name].check(value)
        if derive:
            for name, p in self._params.items():
                if p.derive and name not in (overrides or {}):
                    module, func = p.derive.split(":")
                    try:
                        fn: Callable[[], float] = getattr(importlib.import_module(module), func)
                    except (ImportError, AttributeError):
                        raise ScenarioError(
                            f"parameter {name!r} is to be derived by {p.derive}, which is not "
                            "available yet; use derive=False (its sourced default)"
                        ) from None
                    values[name] = p.check(fn(), where="derived ")
        for name, value in (overrides or {}).items():
            if name not in self._params:
                raise ScenarioError(self._unknown(name))
            values[name] = self._params[name].check(value)
        return values


@dataclass(frozen=True)
class Calibration:
    """A named set of parameter values, each with its source.

    Attributes
    ----------
    name : str
        E.g. ``"2022-"``.
    description : str
        What period or situation it stands for.
    values : mapping
        ``name -> value`` (after applying ``base``).
    sources : mapping
        ``name -> source`` for every value this calibration (or its base) sets.
    base : str, optional
        Calibration this one starts from; it changes only the values it lists.
    changed : tuple of str
        Parameters this calibration sets itself (not inherited from its base).
    """

    name: str
    description: str
    values: Mapping[str, float]
    sources: Mapping[str, str]
    base: str | None = None
    changed: tuple[str, ...] = ()


def load_calibrations(
    text: str, parameters: ParameterSet, *, where: str = "calibration file"
) -> dict[str, Calibration]:
    """Parse a calibration file (TOML) and check it against ``parameters``.

    The file has one table per era::

        [eras."2014-2021"]
        description = "..."
        [eras."2014-2021".values]
        "russia.leverage" = { value = 0.79, source = "CPC share of oil exports 2021" }

        [eras."2022-"]
        base = "2014-2021"          # only the changed values follow
        ...

    Raises
    ------
    ScenarioError
        For a malformed file, an unknown parameter, a value out of bounds or a value
        without a source.
    """
    import tomllib  # here, not at the top: reading a game file never needs it

    from multivector.files import check_nesting, check_toml_size

    # the input boundary's size, nesting and digit limits, before the parser sees the text
    check_toml_size(text, where, error=ScenarioError)
    check_nesting(text, where, syntax="toml", error=ScenarioError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{where}: not valid TOML ({err})") from None
    except (ValueError, RecursionError) as err:  # (refused above; kept as a last guard)
        raise ScenarioError(f"{where}: not valid TOML ({str(err)[:120]})") from None
    eras = data.get("eras")
    if not isinstance(eras, dict) or not eras:
        raise ScenarioError(f"{where}: needs at least one [eras.NAME] table")
    out: dict[str, Calibration] = {}
    for name, table in eras.items():
        if not isinstance(table, dict):
            raise ScenarioError(f"{where}: eras.{name} must be a table")
        base_name = table.get("base")
        if base_name is not None and base_name not in out:
            raise ScenarioError(
                f"{where}: era {name!r} builds on {base_name!r}, which must come before it"
            )
        values: dict[str, float] = dict(out[base_name].values) if base_name else {}
        sources: dict[str, str] = dict(out[base_name].sources) if base_name else {}
        own = table.get("values", {})
        if not isinstance(own, dict):
            raise ScenarioError(f"{where}: eras.{name}.values must be a table")
        for pname, entry in own.items():
            if pname not in parameters:
                raise ScenarioError(f"{where}: era {name!r}: {parameters._unknown(pname)}")
            if parameters[pname].derive:
                raise ScenarioError(
                    f"{where}: era {name!r}: {pname!r} is derived by "
                    f"{parameters[pname].derive}, so no calibration sets it; remove the line "
                    "(an explicit override such as --set still can)"
                )
            if not isinstance(entry, dict) or "value" not in entry or not entry.get("source"):
                raise ScenarioError(
                    f"{where}: era {name!r}: {pname!r} must be "
                    '{ value = ..., source = "..." } with a non-empty source'
                )
            values[pname] = parameters[pname].check(entry["value"], where=f"{where}: ")
            sources[pname] = str(entry["source"])
        out[name] = Calibration(
            name=name,
            description=str(table.get("description", "")),
            values=values,
            sources=sources,
            base=base_name,
            changed=tuple(own),
        )
    return out


def product(*names: str) -> Callable[[Values], NDArray[np.float64]]:
    """A term magnitude: the product of the named parameters.

    Examples
    --------
    >>> product("a", "b")({"a": np.array([2.0]), "b": np.array([3.0])}).tolist()
    [6.0]
    """

    def magnitude(p: Values) -> NDArray[np.float64]:
        out = np.asarray(p[names[0]], dtype=np.float64)
        for name in names[1:]:
            out = out * p[name]
        return out

    return magnitude


def sum_times(addends: Sequence[str], factor: str) -> Callable[[Values], NDArray[np.float64]]:
    """A term magnitude: the sum of the ``addends`` parameters times ``factor``."""

    def magnitude(p: Values) -> NDArray[np.float64]:
        total = np.asarray(sum(p[name] for name in addends), dtype=np.float64)
        return total * p[factor]

    return magnitude


#: A predicate over one profile's strategy labels, giving the term's weight there.
Weight = Callable[..., float]


@dataclass(frozen=True, kw_only=True)
class Term:
    """One named part of one player's payoff.

    The term adds ``sign * magnitude(values) * weight(profile)`` to ``player``'s payoff,
    where ``sign`` is +1 for a gain and -1 for a cost. ``magnitude`` must be non-negative
    and non-decreasing in each of ``params`` inside their bounds, so that raising a cost
    parameter never raises the player's payoff (the tests check it).

    Attributes
    ----------
    player : str
    name : str
        Short identifier, unique among the player's terms (shown in ``docs/model.md``).
    kind : {"gain", "cost"}
    params : tuple of str
        The parameters the magnitude reads.
    magnitude : callable
        ``values -> array``: vectorised over a batch (each value a 1-D array).
    weight : callable
        ``(*labels) -> float``: the weight of the term at a profile, given each player's
        strategy label (0 where it does not apply).
    formula : str
        The magnitude in symbols, e.g. ``"L * x * d"``.
    applies : str
        The profiles in words, e.g. ``"Russia coerces"``.
    why : str
        The mechanism and its source, one or two sentences.
    """

    player: str
    name: str
    kind: Literal["gain", "cost"]
    params: tuple[str, ...]
    magnitude: Callable[[Values], ArrayLike]
    weight: Weight
    formula: str
    applies: str
    why: str

    @property
    def sign(self) -> float:
        """+1 for a gain, -1 for a cost."""
        return 1.0 if self.kind == "gain" else -1.0


class CalibratedModel:
    """Calibrations and checked values of a model with ``name``, ``parameters`` and a
    ``calibration_file`` in ``multivector/games/scenarios/data`` (shared by normal-form
    and tree scenarios)."""

    name: str
    parameters: ParameterSet
    calibration_file: str

    # ------------------------------------------------------------------ calibrations
    @property
    def calibrations(self) -> dict[str, Calibration]:
        """The named calibrations, in the order of the data file (latest last)."""
        cached: dict[str, Calibration] | None = self.__dict__.get("_calibrations")
        if cached is None:
            from importlib import resources

            text = (
                resources.files("multivector.games.scenarios")
                .joinpath("data", self.calibration_file)
                .read_text(encoding="utf-8")
            )
            cached = load_calibrations(text, self.parameters, where=self.calibration_file)
            object.__setattr__(self, "_calibrations", cached)
        return cached

    @property
    def eras(self) -> tuple[str, ...]:
        """Names of the calibrations, oldest first."""
        return tuple(self.calibrations)

    @property
    def latest_era(self) -> str:
        """The most recent calibration's name."""
        return self.eras[-1]

    def calibration(self, era: str) -> Calibration:
        """The calibration named ``era`` (``"latest"`` for the most recent)."""
        name = self.latest_era if era == LATEST else era
        try:
            return self.calibrations[name]
        except KeyError:
            raise ScenarioError(
                f"unknown era {era!r} for scenario {self.name!r}; choose one of "
                f"{', '.join(self.eras)}"
            ) from None

    # ------------------------------------------------------------------ values and games
    def values(
        self,
        era: str | None = LATEST,
        overrides: Mapping[str, Any] | None = None,
        *,
        derive: bool = False,
    ) -> dict[str, float]:
        """Checked parameter values: defaults, the era's calibration, then overrides.

        ``era=None`` uses the defaults alone.
        """
        base = None if era is None else self.calibration(era).values
        return self.parameters.resolve(overrides, base=base, derive=derive)


# Payoff entries per block of :meth:`Scenario.payoffs_batch` (512 KiB of floats): a
# block's payoffs stay in a core's cache while its terms are added.
_BLOCK_ENTRIES = 1 << 16


@dataclass(frozen=True)
class _TermLevels:
    """The order in which :meth:`Scenario.payoffs_batch` adds terms to payoff entries.

    Entry ``e`` of the flattened ``(players, *shape)`` payoffs receives the terms of its
    player whose weight there is nonzero, in term order. The entries are kept sorted by
    their number of such terms, most first (``position[e]`` is entry ``e``'s place), so
    that level ``j`` adds the ``j``-th term of each of the first ``counts[j]`` entries:
    terms ``which[j]`` with weights ``weights[j]`` (None when all are 1).
    """

    position: NDArray[np.intp]
    counts: tuple[int, ...]
    which: tuple[NDArray[np.intp], ...]
    weights: tuple[NDArray[np.float64] | None, ...]

    @classmethod
    def of(cls, masks: NDArray[np.float64], owner: NDArray[np.intp], players: int) -> _TermLevels:
        flat = masks.reshape(len(masks), -1)
        size = flat.shape[1]
        per_entry: list[list[int]] = [[] for _ in range(players * size)]
        for k in range(len(flat)):
            for s in np.flatnonzero(flat[k]).tolist():
                per_entry[int(owner[k]) * size + s].append(k)
        order = sorted(range(len(per_entry)), key=lambda e: -len(per_entry[e]))
        position = np.empty(len(order), dtype=np.intp)
        position[order] = np.arange(len(order))
        counts, which, weights = [], [], []
        for j in range(max(map(len, per_entry), default=0)):
            entries = [e for e in order if len(per_entry[e]) > j]
            terms = np.array([per_entry[e][j] for e in entries], dtype=np.intp)
            w = flat[terms, np.array(entries, dtype=np.intp) % size]
            counts.append(len(entries))
            which.append(terms)
            weights.append(None if np.all(w == 1.0) else w)
        return cls(position, tuple(counts), tuple(which), tuple(weights))


@dataclass(frozen=True, eq=False)
class Scenario(CalibratedModel):
    """A named model: parameters with sources, calibrations, terms, and the game they make.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"great-powers"``.
    title : str
        One line, used as the game's title.
    description : str
        One paragraph.
    players : sequence of str
    strategies : sequence of sequences of str
    parameters : ParameterSet
    terms : sequence of Term
    units : mapping
        ``player -> unit`` of that player's payoffs.
    calibration_file : str
        File name in ``multivector/games/scenarios/data``.
    """

    name: str
    title: str
    description: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    parameters: ParameterSet
    terms: tuple[Term, ...]
    units: Mapping[str, str]
    calibration_file: str
    _masks: NDArray[np.float64] = field(init=False, repr=False)
    _player_of_term: NDArray[np.intp] = field(init=False, repr=False)
    _levels: _TermLevels = field(init=False, repr=False)

    def __post_init__(self) -> None:
        players = tuple(self.players)
        strategies = tuple(tuple(s) for s in self.strategies)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "terms", tuple(self.terms))
        shape = tuple(len(s) for s in strategies)
        names = [(t.player, t.name) for t in self.terms]
        if len(set(names)) != len(names):
            raise ScenarioError(
                f"scenario {self.name!r}: term names must be unique for each player"
            )
        masks = np.zeros((len(self.terms), *shape))
        owner = np.zeros(len(self.terms), dtype=np.intp)
        for k, term in enumerate(self.terms):
            if term.player not in players:
                raise ScenarioError(f"term {term.name!r}: unknown player {term.player!r}")
            for p in term.params:
                if p not in self.parameters:
                    raise ScenarioError(f"term {term.name!r}: {self.parameters._unknown(p)}")
            owner[k] = players.index(term.player)
            for idx in itertools.product(*(range(s) for s in shape)):
                labels = [strategies[i][j] for i, j in enumerate(idx)]
                masks[(k, *idx)] = float(term.weight(*labels))
        object.__setattr__(self, "_masks", masks)
        object.__setattr__(self, "_player_of_term", owner)
        object.__setattr__(self, "_levels", _TermLevels.of(masks, owner, len(players)))

    def game(
        self,
        era: str | None = LATEST,
        overrides: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> NormalFormGame:
        """The game under a calibration, with any parameter overridden.

        Parameters
        ----------
        era : str or None
            A calibration name, ``"latest"`` (default) or None for the defaults.
        overrides : mapping, optional
            ``{parameter name: value}``.
        **kwargs
            Passed to :meth:`values` (``derive``).

        Raises
        ------
        ScenarioError
            For an unknown era or parameter, or a value out of bounds.
        """
        values = self.values(era, overrides, **kwargs)
        payoffs = self.payoffs_batch({k: np.array([v]) for k, v in values.items()})[0]
        label = f" [{era if era != LATEST else self.latest_era}]" if era else " [defaults]"
        return NormalFormGame(payoffs, self.players, self.strategies, title=self.title + label)

    def payoffs_batch(
        self, values: Mapping[str, ArrayLike], *, check: bool = True
    ) -> NDArray[np.float64]:
        """Payoff tensors for a batch of parameter vectors, in one vectorised call.

        Parameters
        ----------
        values : mapping
            ``name -> array of shape (B,)`` (or a scalar, broadcast to the batch). Names
            not given take their default.
        check : bool
            Check names and bounds (default True).

        Returns
        -------
        ndarray, shape (B, n, s_1, ..., s_n)

        Raises
        ------
        ScenarioError
            For an unknown name, arrays of different lengths, or a value out of bounds
            (naming the first offending row).
        """
        arrays = {k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in values.items()}
        sizes = {a.shape[0] for a in arrays.values() if a.shape[0] != 1}
        if any(a.ndim != 1 for a in arrays.values()) or len(sizes) > 1:
            raise ScenarioError(
                "parameter arrays must be 1-D and of one length B (or scalars); got shapes "
                f"{ {k: a.shape for k, a in arrays.items()} }"
            )
        batch = sizes.pop() if sizes else 1
        full: dict[str, NDArray[np.float64]] = {}
        for name, p in self.parameters.items():
            a = arrays.pop(name, np.array([p.default]))
            a = np.broadcast_to(a, (batch,))
            if check:
                bad = np.flatnonzero(~np.isfinite(a) | (a < p.min) | (a > p.max))
                if bad.size:
                    p.check(float(a[bad[0]]), where=f"row {int(bad[0])}: ")
            full[name] = a
        if arrays:
            raise ScenarioError(self.parameters._unknown(next(iter(arrays))))
        coef = np.empty((len(self.terms), batch))
        for k, term in enumerate(self.terms):
            mag = np.broadcast_to(np.asarray(term.magnitude(full), dtype=np.float64), (batch,))
            coef[k] = term.sign * mag
        # Each entry is the sum of its player's terms in term order, as if each term were
        # added to the whole array in turn: a term of weight zero would add nothing, so
        # level j adds each entry's j-th term of nonzero weight (the same floats, in a
        # fraction of the memory traffic). Entries are rows here, sorted so that each
        # level adds to the first rows, in blocks of points that stay in a core's cache.
        levels = self._levels
        out = np.empty((batch, len(levels.position)))
        step = max(1, _BLOCK_ENTRIES // len(levels.position))
        for lo in range(0, batch, step):
            hi = min(batch, lo + step)
            block = np.zeros((len(levels.position), hi - lo))
            part = coef[:, lo:hi]
            for count, which, weights in zip(
                levels.counts, levels.which, levels.weights, strict=True
            ):
                add = part[which]
                if weights is not None:  # (a weight of 1 leaves the product as it is)
                    add *= weights[:, None]
                block[:count] += add
            out[lo:hi] = block[levels.position].T
        return out.reshape(batch, len(self.players), *self._masks.shape[1:])

    def games_batch(self, values: Mapping[str, ArrayLike]) -> list[NormalFormGame]:
        """The games of :meth:`payoffs_batch`, one per row."""
        return [
            NormalFormGame(p, self.players, self.strategies, title=self.title)
            for p in self.payoffs_batch(values)
        ]

    def term_weights(self, player: str, term: str) -> NDArray[np.float64]:
        """The weight array (shape ``s_1, ..., s_n``) of ``player``'s term ``term``."""
        for k, t in enumerate(self.terms):
            if t.player == player and t.name == term:
                return self._masks[k]
        raise ScenarioError(f"scenario {self.name!r} has no term {term!r} of {player!r}")


def parse_assignments(items: Sequence[str]) -> dict[str, float]:
    """Parse ``["name=value", ...]`` (the CLI's ``--set``) into a mapping.

    Examples
    --------
    >>> parse_assignments(["russia.leverage=0.6", "west.sanction_cost = 0.1"])
    {'russia.leverage': 0.6, 'west.sanction_cost': 0.1}
    """
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ScenarioError(
                f"--set {item!r} must look like name=value, e.g. russia.leverage=0.6"
            )
        try:
            out[name] = float(value)
        except ValueError:
            raise ScenarioError(f"--set {item!r}: {value.strip()!r} is not a number") from None
    return out
