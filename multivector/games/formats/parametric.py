"""Parametric game files: a ``parameters`` table and payoff cells written as expressions.

A parametric file is a TOML or JSON game file (see ``docs/file-format.md``) with two more
top-level keys::

    title = "Chicken with a crash cost"
    players = ["Row", "Col"]

    [strategies]
    Row = ["swerve", "straight"]
    Col = ["swerve", "straight"]

    [parameters]
    crash = { default = 10, min = 0, max = 100, unit = "index", source = "judged",
              meaning = "cost of a collision" }
    win = 1                                  # a bare number is a default without bounds

    [calibrations.high-stakes]               # optional named value sets
    crash = { value = 50, source = "..." }

    [[table]]
    profile = ["straight", "straight"]
    payoffs = ["-crash", "-crash"]           # each payoff is an expression
    ...

Expressions are evaluated by a small evaluator of our own, built on :mod:`ast` with a
whitelist: numbers, parameter names, ``+ - * / **``, unary minus and plus, parentheses and
the functions ``min``, ``max`` and ``abs``. Anything else (attribute access, other calls,
subscripts, comparisons, lambdas, strings, names that are not parameters) is refused with a
:class:`~multivector.errors.FormatError` naming the token, before anything is evaluated.
Python's ``eval`` is never called. Every intermediate result must stay finite, so
``1e308**10`` or ``9**9**9`` end with a clear error rather than a hang or an ``inf``.
"""

from __future__ import annotations

import ast
import itertools
import math
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import FormatError, GameError, ScenarioError
from multivector.files import check_number_text, read_text, shorten
from multivector.games.formats.json_format import game_from_dict, game_from_json, parse_json
from multivector.games.formats.registry import check_game_type, load_game, recognise_format
from multivector.games.formats.toml_format import parse_toml
from multivector.games.normal_form import NormalFormGame
from multivector.games.scenarios.base import (
    LATEST,
    Calibration,
    Parameter,
    ParameterSet,
)

__all__ = [
    "ALLOWED_FUNCTIONS",
    "Expression",
    "ParametricGame",
    "compile_expression",
    "game_from_json_any",
    "is_parametric",
    "parameter_set_from_table",
    "parametric_from_dict",
    "parse_document",
    "read_game_or_model",
    "read_parametric",
]

#: The only functions an expression may call.
ALLOWED_FUNCTIONS: dict[str, Callable[..., NDArray[np.float64]]] = {
    "min": lambda *a: np.minimum.reduce(np.broadcast_arrays(*a)),
    "max": lambda *a: np.maximum.reduce(np.broadcast_arrays(*a)),
    "abs": np.abs,
}

#: Longest expression accepted, in characters, and most syntax nodes.
MAX_EXPRESSION_LENGTH = 1000
MAX_NODES = 400

_BINARY = {
    ast.Add: ("+", np.add),
    ast.Sub: ("-", np.subtract),
    ast.Mult: ("*", np.multiply),
    ast.Div: ("/", np.divide),
    ast.Pow: ("**", np.power),
}
_PARAMETRIC_KEYS = ("parameters", "calibrations")


def _token(node: ast.AST, text: str) -> str:
    segment = ast.get_source_segment(text, node)
    return segment if segment is not None else type(node).__name__


def _refuse(node: ast.AST) -> str:
    """Why a node is not allowed, in words."""
    kind = {
        ast.Attribute: "attribute access",
        ast.Subscript: "subscripts",
        ast.Lambda: "lambda",
        ast.Compare: "comparisons",
        ast.BoolOp: "'and'/'or'",
        ast.IfExp: "conditional expressions",
        ast.Call: "function calls",
        ast.Tuple: "tuples",
        ast.List: "lists",
        ast.Dict: "dicts",
        ast.Set: "sets",
        ast.NamedExpr: "assignment",
        ast.Starred: "unpacking",
        ast.JoinedStr: "strings",
        ast.ListComp: "comprehensions",
        ast.GeneratorExp: "comprehensions",
    }.get(type(node), type(node).__name__)
    return kind


@dataclass(frozen=True)
class Expression:
    """A checked arithmetic expression of named parameters.

    Build it with :func:`compile_expression`; call :meth:`evaluate` with arrays.
    """

    text: str
    names: frozenset[str]
    _tree: ast.expr

    def evaluate(self, values: Mapping[str, ArrayLike], *, where: str = "") -> NDArray[np.float64]:
        """Evaluate on parameter values (scalars or 1-D arrays of one batch length).

        Raises
        ------
        FormatError
            On division by zero or a result that is not a finite float (overflow).
        """
        arrays = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
        with np.errstate(all="ignore"):
            result = self._eval(self._tree, arrays, where)
        return np.asarray(result, dtype=np.float64)

    def _eval(self, node: ast.expr, values: Mapping[str, NDArray[np.float64]], where: str) -> Any:
        if isinstance(node, ast.Constant):
            assert isinstance(node.value, (int, float))  # checked by compile_expression
            return np.float64(node.value)
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, values, where)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left = self._eval(node.left, values, where)
            right = self._eval(node.right, values, where)
            symbol, op = _BINARY[type(node.op)]
            if symbol == "/" and np.any(np.asarray(right) == 0):
                raise FormatError(
                    f"{where}expression {self.text!r}: division by zero in "
                    f"{_token(node, self.text)!r}"
                )
            out = op(left, right)
            if not np.all(np.isfinite(out)):
                problem = (
                    "a negative number to a fractional power"
                    if symbol == "**" and np.any(np.isnan(out))
                    else "a number too large for a 64-bit float (overflow)"
                )
                raise FormatError(
                    f"{where}expression {self.text!r}: {_token(node, self.text)!r} gives "
                    f"{problem}; rescale the payoffs or the parameters"
                )
            return out
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        args = [self._eval(a, values, where) for a in node.args]
        return ALLOWED_FUNCTIONS[node.func.id](*args)

    def evaluate_exact(self, values: Mapping[str, Fraction]) -> Fraction | None:
        """The expression's value in rational arithmetic, or None where it is not exact.

        Numbers are read as written (``0.035`` is 7/200, not the nearest binary float).
        None for a power with a non-integer exponent (irrational in general), a division
        by zero or a result too large to compute exactly; :meth:`evaluate` then decides
        (and raises on the errors).

        Examples
        --------
        >>> e = compile_expression("premium - leverage * 0.035", {"premium", "leverage"})
        >>> e.evaluate_exact({"premium": Fraction(0), "leverage": Fraction(4, 5)})
        Fraction(-7, 250)
        >>> e.evaluate({"premium": 0.0, "leverage": 0.8}).item()
        -0.028000000000000004
        """
        try:
            return self._exact(self._tree, values)
        except _NotExact:
            return None

    def _exact(self, node: ast.expr, values: Mapping[str, Fraction]) -> Fraction:
        if isinstance(node, ast.Constant):
            try:  # the digits as written
                return Fraction(_token(node, self.text))
            except (ValueError, ZeroDivisionError):
                return Fraction(repr(node.value))
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self._exact(node.operand, values)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left = self._exact(node.left, values)
            right = self._exact(node.right, values)
            symbol = _BINARY[type(node.op)][0]
            if symbol == "+":
                return left + right
            if symbol == "-":
                return left - right
            if symbol == "*":
                return left * right
            if symbol == "/":
                if right == 0:
                    raise _NotExact
                return left / right
            # a power: exact only for an integer exponent and a result of sane size
            if right.denominator != 1 or (left == 0 and right < 0):
                raise _NotExact
            size = max(left.numerator.bit_length(), left.denominator.bit_length(), 1)
            if abs(right.numerator) * size > _MAX_EXACT_BITS:
                raise _NotExact
            return left ** int(right)
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        args = [self._exact(a, values) for a in node.args]
        if node.func.id == "abs":
            return abs(args[0])
        return min(args) if node.func.id == "min" else max(args)


class _NotExact(Exception):
    """Raised inside :meth:`Expression.evaluate_exact` where exact arithmetic stops."""


#: Largest exact power computed, in bits of the result (larger ones go to floats).
_MAX_EXACT_BITS = 4096


def _decimal_value(value: float) -> Fraction | None:
    """A parameter value as the decimal it prints as (``0.1`` -> 1/10); None if not finite.

    A value read from a file or a command line was written in decimals; its shortest
    round-tripping text gives those decimals back.
    """
    if not math.isfinite(value):
        return None
    return Fraction(repr(float(value)))


def compile_expression(
    text: str | int | float, names: frozenset[str] | set[str], *, where: str = ""
) -> Expression:
    """Check an expression against the whitelist and the parameter names.

    Parameters
    ----------
    text : str or number
        The expression (a number is accepted as a constant).
    names : set of str
        The parameter names the expression may use.
    where : str
        Prefix for error messages (e.g. the file and the cell).

    Raises
    ------
    FormatError
        Naming the token that is not allowed, or the unknown name.

    Examples
    --------
    >>> e = compile_expression("max(0, a - 2) * b", {"a", "b"})
    >>> e.evaluate({"a": 5.0, "b": 2.0}).item()
    6.0
    >>> compile_expression("().__class__", set())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: expression '().__class__': attribute access ...
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float, Fraction)):
        raise FormatError(
            f"{where}payoff {shorten(repr(text), 40)} must be a number or an expression string"
        )
    try:
        if isinstance(text, int):
            float(text)  # the range check; the digits are kept as written
        source = str(float(text)) if isinstance(text, Fraction) else str(text)
    except OverflowError:
        raise FormatError(
            f"{where}payoff {shorten(str(text), 40)} is too large for a 64-bit float (beyond "
            "1.8e308); rescale the payoffs"
        ) from None
    if isinstance(text, float) and not math.isfinite(text):
        raise FormatError(f"{where}payoff {text!r} is not finite")
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise FormatError(
            f"{where}expression of {len(source)} characters is longer than the limit of "
            f"{MAX_EXPRESSION_LENGTH}; split it with parameters"
        )
    shown = source if len(source) <= 80 else source[:77] + "..."
    try:
        # the parser warns of forms such as "1in" before failing or accepting them: an
        # expression it would warn about is refused as malformed
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        raise FormatError(
            f"{where}expression {shown!r} is not valid arithmetic ({err.msg} at column "
            f"{err.offset}); use numbers, parameter names, + - * / **, parentheses, "
            "min, max, abs"
        ) from None
    except ValueError:  # a NUL character, a lone surrogate (JSON's "\ud800")
        raise FormatError(
            f"{where}expression {shown!r} is not valid arithmetic (it holds a character "
            "that is not text); use numbers, parameter names, + - * / **, parentheses, "
            "min, max, abs"
        ) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormatError(f"{where}expression {shown!r} is too complex ({len(nodes)} parts)")
    used: set[str] = set()
    body = tree.body
    text_src = source.strip()

    def check(node: ast.AST) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise FormatError(
                    f"{where}expression {shown!r}: {_token(node, text_src)!r} is not a "
                    "number; only numbers and parameter names are allowed"
                )
            # digits and exponent as written: exact evaluation would expand 1e-999999999
            problem = check_number_text(_token(node, text_src))
            if problem is not None:
                raise FormatError(f"{where}expression {shown!r}: {problem}")
            try:
                value = float(node.value)
            except OverflowError:
                raise FormatError(
                    f"{where}expression {shown!r}: the number {_token(node, text_src)!r} is "
                    "too large for a 64-bit float"
                ) from None
            if not math.isfinite(value):
                raise FormatError(
                    f"{where}expression {shown!r}: the number {_token(node, text_src)!r} is "
                    "not finite"
                )
            return
        if isinstance(node, ast.Name):
            if node.id in ALLOWED_FUNCTIONS:
                raise FormatError(
                    f"{where}expression {shown!r}: {node.id!r} is a function; call it, "
                    f"e.g. {node.id}(a, b)"
                )
            if node.id not in names:
                listed = ", ".join(sorted(names)) or "none are defined"
                raise FormatError(
                    f"{where}expression {shown!r}: unknown name {node.id!r}; define it in "
                    f"the parameters table (parameters: {listed})"
                )
            used.add(node.id)
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            check(node.operand)
            return
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            check(node.left)
            check(node.right)
            return
        if isinstance(node, ast.Call):
            func = node.func
            if not isinstance(func, ast.Name) or func.id not in ALLOWED_FUNCTIONS:
                raise FormatError(
                    f"{where}expression {shown!r}: function call "
                    f"{_token(func, text_src)!r} is not allowed; the only functions are "
                    "min, max and abs"
                )
            if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
                raise FormatError(
                    f"{where}expression {shown!r}: {func.id}() takes plain arguments only"
                )
            wanted = "1" if func.id == "abs" else "2 or more"
            if (func.id == "abs" and len(node.args) != 1) or (
                func.id != "abs" and len(node.args) < 2
            ):
                raise FormatError(
                    f"{where}expression {shown!r}: {func.id}() takes {wanted} arguments"
                )
            for a in node.args:
                check(a)
            return
        if isinstance(node, (ast.BinOp, ast.UnaryOp)):
            op = type(node.op).__name__
            raise FormatError(
                f"{where}expression {shown!r}: operator {op} in {_token(node, text_src)!r} is "
                "not allowed; use + - * / ** only"
            )
        raise FormatError(
            f"{where}expression {shown!r}: {_refuse(node)} ({_token(node, text_src)!r}) is "
            "not allowed; use numbers, parameter names, + - * / **, parentheses, min, "
            "max, abs"
        )

    check(body)
    return Expression(text_src, frozenset(used), body)


def _parameter(name: str, entry: Any, source: str) -> Parameter:
    where = f"{source}: parameters.{name}"
    if isinstance(entry, bool):
        raise FormatError(f"{where} must be a number or a table, not a boolean")
    if isinstance(entry, (int, float, Fraction)):
        entry = {"default": entry}
    if not isinstance(entry, Mapping):
        raise FormatError(f"{where} must be a number or a table {{ default = ... }}")
    unknown = sorted(set(entry) - {"default", "min", "max", "unit", "source", "meaning"})
    if unknown:
        raise FormatError(
            f"{where}: unknown key(s) {unknown}; use default, min, max, unit, source, meaning"
        )
    if "default" not in entry:
        raise FormatError(f"{where} has no default; give it one, e.g. default = 1")
    for key in ("default", "min", "max"):
        if isinstance(entry.get(key), (bool, str, list, dict)):
            raise FormatError(f"{where}: {key} must be a number, e.g. {key} = 1")
    try:
        default = float(entry["default"])
        lo = float(entry.get("min", -math.inf))
        hi = float(entry.get("max", math.inf))
    except (TypeError, ValueError):
        raise FormatError(f"{where}: default, min and max must be numbers") from None
    except OverflowError:
        raise FormatError(
            f"{where}: default, min and max must lie within the floating-point range "
            "(about 1.8e308)"
        ) from None
    try:
        return Parameter(
            name,
            default,
            lo,
            hi,
            str(entry.get("unit", "not stated")),
            str(entry.get("source") or f"given in {os.path.basename(source)}"),
            str(entry.get("meaning") or "not stated"),
            kind="judged",
        )
    except ScenarioError as err:
        raise FormatError(f"{source}: {err}") from None


@dataclass(frozen=True, eq=False)
class ParametricGame:
    """A game whose payoffs are expressions of named parameters, read from a file.

    Attributes
    ----------
    source : str
        File name, for messages.
    parameters : ParameterSet
    calibrations : dict
        Named value sets from the file's ``calibrations`` table.
    expressions : tuple of Expression
        Every payoff cell's expression, in the order of ``index``.
    index : ndarray of int, shape (n, s_1, ..., s_n)
        Which expression gives each payoff.
    template : NormalFormGame
        The game's labels and title (its payoffs are the indices).
    """

    source: str
    parameters: ParameterSet
    calibrations: Mapping[str, Calibration]
    expressions: tuple[Expression, ...]
    index: NDArray[np.intp]
    template: NormalFormGame

    @property
    def name(self) -> str:
        """The model's name: its file."""
        return self.source

    @property
    def players(self) -> tuple[str, ...]:
        """The players' names."""
        return self.template.players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels."""
        return self.template.strategies

    @property
    def eras(self) -> tuple[str, ...]:
        """Names of the file's calibrations."""
        return tuple(self.calibrations)

    def values(
        self, era: str | None = None, overrides: Mapping[str, Any] | None = None
    ) -> dict[str, float]:
        """Checked values: defaults, then the named calibration, then overrides.

        ``era="latest"`` is the file's last calibration, or the defaults when it has none.
        """
        base = None
        if era == LATEST and not self.eras:
            era = None
        if era is not None:
            name = self.eras[-1] if era == LATEST else era
            if name not in self.calibrations:
                known = ", ".join(self.eras) or "none"
                raise ScenarioError(
                    f"unknown era {era!r} for {self.source}; its calibrations: {known}"
                )
            base = self.calibrations[name].values
        return self.parameters.resolve(overrides, base=base)

    def payoffs_batch(self, values: Mapping[str, ArrayLike]) -> NDArray[np.float64]:
        """Payoff tensors ``(B, n, s_1, ..., s_n)`` for a batch of parameter values."""
        full = {k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in values.items()}
        for name in full:
            self.parameters[name]  # an unknown name raises ScenarioError, with a suggestion
        batch = max((a.shape[0] for a in full.values()), default=1)
        for name, p in self.parameters.items():
            a = np.broadcast_to(full.get(name, np.array([p.default])), (batch,))
            bad = np.flatnonzero(~np.isfinite(a) | (a < p.min) | (a > p.max))
            if bad.size:
                p.check(float(a[bad[0]]), where=f"row {int(bad[0])}: ")
            full[name] = a
        cells = np.stack(
            [
                np.broadcast_to(e.evaluate(full, where=f"{self.source}: "), (batch,))
                for e in self.expressions
            ],
            axis=1,
        )
        return cells[:, self.index]

    def game(
        self, era: str | None = None, overrides: Mapping[str, Any] | None = None
    ) -> NormalFormGame:
        """The game at the given values (defaults when neither era nor overrides is given).

        The payoffs are exact (``game.exact_payoffs``) when every cell can be computed in
        rational arithmetic from the decimals of the values and of the expressions, so
        that ``0.3 - 0.1`` is 1/5 and not 0.19999999999999998; a cell with a fractional
        power keeps the game in floating point.
        """
        values = self.values(era, overrides)
        payoffs: Any = self.payoffs_batch({k: np.array([v]) for k, v in values.items()})[0]
        exact = self._exact_payoffs(values)
        if exact is not None:
            payoffs = exact
        t = self.template
        try:
            return NormalFormGame(payoffs, t.players, t.strategies, title=t.title)
        except GameError as err:
            raise FormatError(f"{self.source}: {err}") from None

    def _exact_payoffs(self, values: Mapping[str, float]) -> NDArray[np.object_] | None:
        """The payoff tensor in Fractions, or None when a value or a cell is not exact."""
        decimals = {k: _decimal_value(v) for k, v in values.items()}
        if any(v is None for v in decimals.values()):
            return None
        exact_values = {k: v for k, v in decimals.items() if v is not None}
        cells = [e.evaluate_exact(exact_values) for e in self.expressions]
        if any(c is None for c in cells):
            return None
        table = np.empty(len(cells), dtype=object)
        table[:] = cells
        return table[self.index]


def is_parametric(data: Any) -> bool:
    """True when parsed file contents have a ``parameters`` table."""
    return isinstance(data, Mapping) and "parameters" in data


#: A payoff cell: its value, the place of its parent and its key there (the place is
#: written out only for a message, so that a large table costs little to index).
_Cell = tuple[Any, str, "int | str | None"]


def _place(cell: _Cell) -> str:
    _, where, key = cell
    if key is None:
        return where
    return f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}"


def _replace_cells(
    value: Any, cells: list[_Cell], where: str, key: int | str | None = None
) -> Any:
    """Replace each payoff (number or expression) by its index in ``cells``, which collects
    the payoffs; they are compiled once the layout is known to be right."""
    if isinstance(value, list):
        here = _place((None, where, key))
        # a row of payoffs, indexed in C loops (parsed files hold lists and dicts)
        if not {list, dict} & set(map(type, value)):
            start = len(cells)
            cells.extend(zip(value, itertools.repeat(here), itertools.count()))
            return list(range(start, len(cells)))
        return [_replace_cells(v, cells, here, k) for k, v in enumerate(value)]
    if isinstance(value, Mapping):
        here = _place((None, where, key))
        return {k: _replace_cells(v, cells, here, k) for k, v in value.items()}
    cells.append((value, where, key))
    return len(cells) - 1


def parametric_from_dict(
    data: Mapping[str, Any], *, source: str = "<parametric>"
) -> ParametricGame:
    """Build a :class:`ParametricGame` from parsed file contents.

    Every expression is compiled (checked) before any is evaluated.

    Raises
    ------
    FormatError
        For a bad parameter, calibration or expression, naming the place.
    """
    params_table = data.get("parameters")
    if not isinstance(params_table, Mapping) or not params_table:
        raise FormatError(f"{source}: 'parameters' must be a non-empty table of name = value")
    for name in params_table:
        if not str(name).isidentifier() or str(name) in ALLOWED_FUNCTIONS:
            raise FormatError(
                f"{source}: parameter name {name!r} must be an identifier (letters, digits, "
                "underscore; not starting with a digit) and not min, max or abs"
            )
    parameters = ParameterSet(_parameter(str(k), v, source) for k, v in params_table.items())
    names = frozenset(parameters)
    calibrations: dict[str, Calibration] = {}
    cal_table = data.get("calibrations", {})
    if not isinstance(cal_table, Mapping):
        raise FormatError(f"{source}: 'calibrations' must be a table of named value sets")
    for era, entries in cal_table.items():
        if not isinstance(entries, Mapping):
            raise FormatError(f"{source}: calibrations.{era} must be a table of name = value")
        values: dict[str, float] = {}
        sources: dict[str, str] = {}
        for pname, entry in entries.items():
            value, src = (
                (entry.get("value"), str(entry.get("source", "")))
                if isinstance(entry, Mapping)
                else (entry, "")
            )
            try:
                if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
                    value = float(value)  # an exact number past the float range overflows
                values[pname] = parameters[pname].check(value, where=f"{source}: ")
            except ScenarioError as err:
                raise FormatError(f"{source}: calibrations.{era}: {err}") from None
            except OverflowError:
                raise FormatError(
                    f"{source}: calibrations.{era}.{shorten(str(pname), 40)}: the value is "
                    "beyond the floating-point range (about 1.8e308)"
                ) from None
            sources[pname] = src
        calibrations[str(era)] = Calibration(str(era), "", values, sources, None, tuple(values))
    skeleton = {k: v for k, v in data.items() if k not in _PARAMETRIC_KEYS}
    cells: list[_Cell] = []
    bimatrix = skeleton.get("bimatrix")
    if isinstance(bimatrix, Mapping) and "B" not in bimatrix:
        raise FormatError(
            f'{source}: bimatrix: a parametric file needs both "A" and "B" (write B as '
            "the negated expressions for a zero-sum game)"
        )
    for layout in ("payoffs", "bimatrix"):
        if layout in skeleton:
            skeleton[layout] = _replace_cells(skeleton[layout], cells, f"{source}: {layout}")
    if isinstance(skeleton.get("table"), list):
        rows = []
        for r, row in enumerate(skeleton["table"]):
            if isinstance(row, Mapping) and "payoffs" in row:
                row = dict(row)
                row["payoffs"] = _replace_cells(
                    row["payoffs"], cells, f"{source}: table[{r}].payoffs"
                )
            rows.append(row)
        skeleton["table"] = rows
    # the layout first (a table of 300,000 cells for 2 players is refused at once), then
    # every cell's expression, checked before any is evaluated
    template = game_from_dict(skeleton, source=source)
    if template.exact_payoffs is None:  # pragma: no cover - indices are integers
        raise FormatError(f"{source}: could not index the payoff cells")
    compiled = [compile_expression(cell[0], names, where=f"{_place(cell)}: ") for cell in cells]
    index = np.vectorize(int, otypes=[np.intp])(template.exact_payoffs)
    return ParametricGame(source, parameters, calibrations, tuple(compiled), index, template)


def read_parametric(path: str | os.PathLike[str]) -> ParametricGame:
    """Read a parametric TOML or JSON file.

    Raises
    ------
    FormatError
        When the file cannot be read, has no ``parameters`` table, or a cell is refused.
    """
    name = os.fspath(path)
    data = parse_document(read_text(name, expected="a parametric game file"), source=name)
    if isinstance(data, dict) and "tree" in data:
        raise FormatError(
            f"{name}: a tree file; sweeps and robustness take parametric normal-form files "
            "and scenarios (the sequential scenarios are trees); to solve this tree at "
            "other values use `multivector solve FILE --set name=value`"
        )
    if not is_parametric(data):
        raise FormatError(f"{name}: not a parametric game file (it has no [parameters] table)")
    return parametric_from_dict(data, source=name)


def read_game_or_model(path: str | os.PathLike[str]) -> NormalFormGame | ParametricGame:
    """A game file's contents: a :class:`ParametricGame` when it has a ``parameters``
    table, else its game (any format, see :func:`~multivector.games.formats.load_game`).

    Raises
    ------
    FormatError
        When the file cannot be read or does not describe a game.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in (".json", ".toml"):
        return load_game(name)
    text = read_text(name, expected="a game file")
    fmt = recognise_format(text, suffix)
    assert fmt is not None
    check_game_type(fmt, NormalFormGame, name)
    data = parse_document(text, source=name, suffix=suffix)
    if is_parametric(data):
        return parametric_from_dict(data, source=name)
    game: NormalFormGame = fmt.read(text, source=name)
    return game


def parse_document(text: str, *, source: str, suffix: str | None = None) -> Any:
    """Parse a TOML or JSON file's text (JSON when ``suffix`` is ``.json``, or when it is
    not ``.toml`` and the text starts with ``{``); decimals of TOML exactly.

    Raises
    ------
    FormatError
        For text that is not valid TOML or JSON, naming ``source`` and the place.

    Examples
    --------
    >>> parse_document('crash = 10', source="c.toml")
    {'crash': 10}
    """
    if suffix is None:
        suffix = Path(source).suffix.lower()
    if suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{")):
        return parse_json(text, source=source)
    return parse_toml(text, source=source)


def game_from_json_any(text: str, *, source: str | None = None) -> NormalFormGame:
    """A JSON game file's game; a parametric JSON file's game at its defaults.

    The same as :func:`~multivector.games.formats.json_format.game_from_json`, which reads
    parametric files too.
    """
    return game_from_json(text, source=source)


def parameter_set_from_table(table: Mapping[str, Any], *, source: str) -> ParameterSet:
    """A :class:`ParameterSet` from a file's ``parameters`` table.

    Raises
    ------
    FormatError
        For a name that is not an identifier (or is ``min``, ``max``, ``abs``), or an
        entry that is not a number or a table with a default.

    Examples
    --------
    >>> ps = parameter_set_from_table({"p": {"default": 0.5, "min": 0, "max": 1}, "c": 2},
    ...                               source="game.toml")
    >>> ps.defaults()
    {'p': 0.5, 'c': 2.0}
    """
    if not isinstance(table, Mapping) or not table:
        raise FormatError(f"{source}: 'parameters' must be a non-empty table of name = value")
    for name in table:
        if not str(name).isidentifier() or str(name) in ALLOWED_FUNCTIONS:
            raise FormatError(
                f"{source}: parameter name {name!r} must be an identifier (letters, digits, "
                "underscore; not starting with a digit) and not min, max or abs"
            )
    return ParameterSet(_parameter(str(k), v, source) for k, v in table.items())
