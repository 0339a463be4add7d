"""Gambit's equilibrium methods as optional backends (the ``gambit`` extra).

Each runner converts a :class:`~multivector.games.normal_form.NormalFormGame` to a
pygambit game (exact payoffs as fractions when the game has them, floats otherwise), runs
one of Gambit's methods (McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game
Theory*, version 16; https://www.gambit-project.org), and converts each profile back to an
:class:`~multivector.solver.equilibrium.Equilibrium` certified by its regret like every
other method's.

Certification: Gambit's rational methods (``enummixed``, ``lcp``) give exact profiles;
their zero regret is checked in rational arithmetic and they are returned with ``exact``
set. Its floating-point methods stop at regrets of about ``1e-8`` to ``1e-12`` of the
payoff range; each of their profiles is polished by Newton's method on its support
(:func:`~multivector.solver.nplayer.polish_on_support`) and certified at multivector's
own tolerance (``tol``, by default :meth:`NormalFormGame.default_tolerance`, ``1e-9``
times the payoff range), as every other method's results are. A profile past it is an
error, never an answer.

Failures: Gambit's rational methods compute wrongly when the payoffs span ``2**31`` or
more (they return no equilibrium, or raise). Before calling them, each player's payoffs
are therefore shifted to start at 0 and divided by a power of two until they span less
than :data:`GAMBIT_RATIONAL_RANGE`; this is exact and changes no equilibrium, and the
``Solution``'s notes say so. A Gambit method that raises, or that returns no profile
where every game has an equilibrium, ends in a :class:`~multivector.errors.SolverError`
that says why; an empty list is never reported as a complete answer. So does a method
that runs past its time limit (:data:`GAMBIT_TIME_LIMIT`; ``gnm`` loops on some games):
Gambit runs in a child process, which is stopped at the limit.
"""

from __future__ import annotations

import atexit
import itertools
import math
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.equilibrium import Equilibrium, Solution, make_equilibrium
from multivector.solver.nplayer import polish_on_support

__all__ = [
    "GAMBIT_RATIONAL_RANGE",
    "GAMBIT_TIME_LIMIT",
    "gambit_rational_payoffs",
    "run_gambit_enummixed",
    "run_gambit_enumpoly",
    "run_gambit_gnm",
    "run_gambit_ipa",
    "run_gambit_lcp",
    "run_gambit_logit",
    "run_gambit_simpdiv",
    "to_pygambit",
]

#: Gambit's rational methods are given payoffs spanning less than this: measured with
#: pygambit 16.7, a game whose payoffs span ``2**31 - 1`` or more (from the smallest to the
#: largest) gets no equilibrium from ``enummixed`` and an error from ``lcp``, while a span
#: of ``2**31 - 2`` is solved; a margin of two is kept.
GAMBIT_RATIONAL_RANGE = 2**29

#: Longest a Gambit method may run, in seconds, by default. Gambit runs in a child process
#: that is stopped at the limit (its C++ code cannot be interrupted otherwise); None (or
#: ``math.inf``) runs it in this process, without a limit.
GAMBIT_TIME_LIMIT: float | None = 600.0


def _pygambit() -> Any:
    try:
        import pygambit
    except ImportError:
        raise SolverError(
            "this method runs Gambit, which is not installed; install the gambit extra: "
            "pip install multivector[gambit]"
        ) from None
    return pygambit


def to_pygambit(
    game: NormalFormGame, *, rational: bool | None = None, payoffs: NDArray[Any] | None = None
) -> Any:
    """The game as a ``pygambit.Game``.

    Parameters
    ----------
    game : NormalFormGame
    rational : bool, optional
        Pass payoffs as fractions: the exact payoffs when the game has them, else
        :meth:`NormalFormGame.rational_payoffs`. Default: exactly when
        ``game.exact_payoffs`` is set.
    payoffs : ndarray, optional
        Other payoffs of the same shape to pass instead (e.g. the rescaled ones of
        :func:`gambit_rational_payoffs`); the labels stay the game's.

    Raises
    ------
    SolverError
        Without pygambit.
    """
    gbt = _pygambit()
    if rational is None:
        rational = game.exact_payoffs is not None
    arrays: NDArray[Any]
    if payoffs is not None:
        arrays = payoffs
    else:
        arrays = game.rational_payoffs() if rational else game.payoffs
    g = gbt.Game.from_arrays(*(np.asarray(arrays[i]) for i in range(game.num_players)))
    g.title = game.title or "multivector game"
    for player, name, labels in zip(g.players, game.players, game.strategies, strict=True):
        player.label = name
        for strategy, label in zip(player.strategies, labels, strict=True):
            strategy.label = label
    return g


def gambit_rational_payoffs(game: NormalFormGame) -> tuple[NDArray[np.object_], bool]:
    """Exact payoffs that Gambit's rational methods compute with correctly, and whether
    they were rescaled.

    Each player's payoffs (:meth:`NormalFormGame.rational_payoffs`) are shifted to start at
    0 and divided by the smallest power of two that makes them span less than
    :data:`GAMBIT_RATIONAL_RANGE`. A positive affine map of one player's payoffs changes
    no equilibrium, and the map is exact.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[6_000_000_000, 1], [0, 0]], [[1, 0], [1, 0]])
    >>> scaled, rescaled = gambit_rational_payoffs(g)
    >>> rescaled, str(scaled[0][0, 0]), str(scaled[1][0, 0])
    (True, '375000000', '1')
    """
    exact = game.rational_payoffs()
    out = np.empty(exact.shape, dtype=object)
    rescaled = False
    for i in range(game.num_players):
        flat = list(exact[i].ravel())
        low, high = min(flat), max(flat)
        span = high - low
        if span < GAMBIT_RATIONAL_RANGE:
            out[i] = exact[i]
            continue
        rescaled = True
        k = 0
        while span / 2**k >= GAMBIT_RATIONAL_RANGE:
            k += 1
        out[i] = np.array([Fraction(v - low) / 2**k for v in flat], dtype=object).reshape(
            exact[i].shape
        )
    return out, rescaled


def _nothing_found(method: str, game: NormalFormGame) -> SolverError:
    return SolverError(
        f"Gambit's {method!r} returned no equilibrium, but every finite game has one: "
        f"Gambit failed on this game (payoffs from {game.payoffs.min():.6g} to "
        f"{game.payoffs.max():.6g}); try another method, e.g. vertex (2 players) or "
        "support-homotopy"
    )


def _exact_regret_zero(game: NormalFormGame, profile: Sequence[Sequence[Fraction]]) -> bool:
    """True when no player gains by a unilateral deviation, in rational arithmetic."""
    R = game.rational_payoffs()
    n = game.num_players
    for i in range(n):
        values = [Fraction(0)] * game.shape[i]
        for prof in itertools.product(*(range(s) for s in game.shape)):
            weight = Fraction(1)
            for j in range(n):
                if j != i:
                    weight *= profile[j][prof[j]]
                    if weight == 0:
                        break
            if weight:
                values[prof[i]] += weight * R[(i, *prof)]
        best = max(values)
        if any(p > 0 and v != best for p, v in zip(profile[i], values, strict=True)):
            return False
    return True


def _certify(
    game: NormalFormGame, profiles: list[list[list[Any]]], method: str, tol: float | None
) -> list[Equilibrium]:
    """Float profiles -> polished equilibria certified at multivector's tolerance
    (deduplicated); a profile past it is a SolverError."""
    default = game.default_tolerance() if tol is None else tol
    out: list[Equilibrium] = []
    for raw in profiles:
        x = [np.array([float(v) for v in row]) for row in raw]
        if not all(np.all(np.isfinite(v)) and np.clip(v, 0.0, None).sum() > 0 for v in x):
            raise SolverError(
                f"Gambit's {method!r} returned a profile that is not a mixed strategy "
                "profile (non-finite or all-zero probabilities); try another method"
            )
        x = [np.clip(v, 0.0, None) / np.clip(v, 0.0, None).sum() for v in x]
        polished = polish_on_support(game, x, threshold=1e-6)
        if polished is not None and game.regret(polished) <= default:
            eq = make_equilibrium(game, polished, method, tol=default)
        elif game.regret(x) <= default:
            eq = make_equilibrium(game, x, method, tol=default)
        else:
            raise SolverError(
                f"Gambit's {method!r} returned a profile with regret {game.regret(x):.3g}, "
                f"above multivector's tolerance {default:.3g} (1e-9 times the payoff range "
                f"{game.payoff_scale():.3g}), and Newton polishing did not repair it; it is "
                "not an equilibrium. Try another method, e.g. vertex (2 players) or "
                "support-homotopy"
            )
        if not any(
            all(np.abs(a - b).max() <= 1e-7 for a, b in zip(eq.profile, e.profile, strict=True))
            for e in out
        ):
            out.append(eq)
    return out


# Gambit's methods by name: (pygambit module, game) -> result. Run in this process or in
# the worker process, so they are looked up by name, not passed as functions.
_CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "gambit-enumpoly": lambda gbt, g: gbt.nash.enumpoly_solve(g, use_strategic=True),
    "gambit-gnm": lambda gbt, g: gbt.nash.gnm_solve(g),
    "gambit-ipa": lambda gbt, g: gbt.nash.ipa_solve(g),
    "gambit-simpdiv": lambda gbt, g: gbt.nash.simpdiv_solve(
        g.mixed_strategy_profile(rational=True)
    ),
    "gambit-logit": lambda gbt, g: gbt.nash.logit_solve(g, use_strategic=True),
    "gambit-enummixed": lambda gbt, g: gbt.nash.enummixed_solve(g, rational=True),
    "gambit-lcp": lambda gbt, g: gbt.nash.lcp_solve(g, rational=True, use_strategic=True),
}


def _compute(method: str, payoffs: NDArray[Any]) -> list[list[list[str]]]:
    """Run one Gambit method on a payoff tensor; each profile as text (``"1/3"`` or a
    float's ``repr``), so that it crosses a process boundary exactly."""
    gbt = _pygambit()
    g = gbt.Game.from_arrays(*(np.asarray(payoffs[i]) for i in range(payoffs.shape[0])))
    result = _CALLS[method](gbt, g)
    players = list(g.players)
    return [[[str(eq[s]) for s in p.strategies] for p in players] for eq in result.equilibria]


def _serve(conn: Any) -> None:
    """The worker process: compute what the parent sends, until the pipe closes."""
    while True:
        try:
            method, payoffs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, _compute(method, payoffs))
        except BaseException as err:  # sent back as text: any exception, any type
            reply = (False, f"{type(err).__name__}: {err}")
        conn.send(reply)


class _Worker:
    """One child process that runs Gambit, reused between calls and killed when a call
    passes its time limit (a method stuck in Gambit's C++ code cannot be interrupted in
    this process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="gambit")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def stop(self) -> None:
        """Kill the worker (it is started again when needed)."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
            self._conn.close()
        self._proc = self._conn = None

    def run(self, method: str, payoffs: NDArray[Any], seconds: float) -> list[list[list[str]]]:
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self.stop()
                self._start()
            self._conn.send((method, payoffs))
            if not self._conn.poll(seconds):
                self.stop()
                raise SolverError(
                    f"Gambit's {method!r} did not finish within {seconds:g} s (some of its "
                    "methods loop on some games) and was stopped; choose another method (from "
                    "Python, time_limit= allows more time)"
                )
            try:
                ok, value = self._conn.recv()
            except (EOFError, OSError):
                code = self._proc.exitcode
                self.stop()
                raise SolverError(
                    f"Gambit's {method!r} crashed on this game (its process ended with "
                    f"status {code}); choose another method"
                ) from None
        if not ok:
            raise _GambitFailed(value)
        return value


class _GambitFailed(Exception):
    """Gambit raised; the message is its exception as text."""


_WORKER = _Worker()
atexit.register(_WORKER.stop)


def _gambit_profiles(
    game: NormalFormGame, method: str, payoffs: NDArray[Any], time_limit: float | None
) -> list[list[list[str]]]:
    """Gambit's profiles for ``method``, in this process or, with a time limit, in the
    worker process; Gambit's own failures become a SolverError that names them."""
    _pygambit()  # a missing pygambit is said here, in this process
    limit = GAMBIT_TIME_LIMIT if time_limit is None else time_limit
    try:
        if limit is None or limit == math.inf:
            try:
                return _compute(method, payoffs)
            except (RuntimeError, ValueError, IndexError, OverflowError, ArithmeticError) as err:
                raise _GambitFailed(f"{type(err).__name__}: {err}") from None
        if not limit > 0:
            raise SolverError(f"time_limit {limit!r} must be a positive number of seconds")
        return _WORKER.run(method, payoffs, float(limit))
    except _GambitFailed as err:
        raise SolverError(
            f"Gambit's {method!r} failed on this game ({err}); try another method, e.g. "
            "vertex (2 players) or support-homotopy"
        ) from None


def _run_float(
    game: NormalFormGame,
    method: str,
    complete: bool,
    note: str,
    tol: float | None,
    time_limit: float | None,
) -> Solution:
    raw = _gambit_profiles(game, method, game.payoffs, time_limit)
    # float methods give floats' reprs, simpdiv gives fractions ("1/2")
    eqs = _certify(
        game, [[[float(Fraction(v)) for v in row] for row in p] for p in raw], method, tol
    )
    if not eqs:
        raise _nothing_found(method, game)
    return Solution(
        game=game,
        equilibria=tuple(eqs),
        method=method,
        complete=complete,
        notes=(note,),
    )


def _run_rational(
    game: NormalFormGame,
    method: str,
    complete: bool,
    note: str,
    tol: float | None,
    time_limit: float | None,
) -> Solution:
    payoffs, rescaled = gambit_rational_payoffs(game)
    eqs: list[Equilibrium] = []
    for raw in _gambit_profiles(game, method, payoffs, time_limit):
        exact = tuple(tuple(Fraction(v) for v in row) for row in raw)
        if not _exact_regret_zero(game, exact):
            raise SolverError(
                f"Gambit's {method!r} returned a profile without exactly zero regret; "
                "please report it with the game"
            )
        floats = [np.array([float(q) for q in row]) for row in exact]
        eqs.append(make_equilibrium(game, floats, method, tol=tol, exact=exact))
    if not eqs:
        raise _nothing_found(method, game)
    notes = [note]
    if rescaled:
        notes.append(
            "each player's payoffs were shifted to start at 0 and divided by a power of two "
            "to span less than 2**29 for Gambit's rational arithmetic (exact; no "
            "equilibrium changes)"
        )
    if game.exact_payoffs is None:
        notes.append(
            "float payoffs were replaced by the nearest fractions with denominator at most "
            "10**9 for Gambit's rational arithmetic"
        )
    return Solution(
        game=game,
        equilibria=tuple(eqs),
        method=method,
        complete=complete,
        exact=True,
        notes=tuple(notes),
    )


_TIME_LIMIT_DOC = """
    Parameters
    ----------
    game : NormalFormGame
    tol : float, optional
        Largest regret certified; default :meth:`NormalFormGame.default_tolerance`.
    time_limit : float, optional
        Seconds Gambit may run, in a child process that is stopped at the limit; default
        :data:`GAMBIT_TIME_LIMIT`. ``math.inf`` runs Gambit in this process, unbounded.

    Raises
    ------
    SolverError
        Without pygambit, when Gambit fails, returns nothing or passes the time limit, or
        when a profile is not certified.
"""


def run_gambit_enumpoly(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``enumpoly``: support enumeration with a polynomial solver.

    Meant to find every isolated equilibrium, but known to miss some (one of five on
    Gambit's own ``2x2x2x2x2.nfg``), so ``complete`` is False; ``"support-homotopy"`` is
    this library's own enumeration.
    """
    return _run_float(
        game,
        "gambit-enumpoly",
        False,
        "Gambit's enumpoly: every equilibrium its polynomial solver finds; it can miss some",
        tol,
        time_limit,
    )


def run_gambit_gnm(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``gnm``: the global Newton method of Govindan and Wilson (2003).

    pygambit 16.7's ``gnm`` does not return on Gambit's own ``2x2x2.nfg``; the time limit
    stops it.
    """
    return _run_float(
        game,
        "gambit-gnm",
        False,
        "Gambit's gnm (Govindan and Wilson 2003): the equilibria on one path",
        tol,
        time_limit,
    )


def run_gambit_ipa(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``ipa``: iterated polymatrix approximation (Govindan and Wilson 2004)."""
    return _run_float(
        game,
        "gambit-ipa",
        False,
        "Gambit's ipa (Govindan and Wilson 2004): one equilibrium",
        tol,
        time_limit,
    )


def run_gambit_simpdiv(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``simpdiv``: simplicial subdivision (van der Laan, Talman and van der
    Heyden 1987) from the centroid."""
    return _run_float(
        game,
        "gambit-simpdiv",
        False,
        "Gambit's simpdiv (van der Laan, Talman and van der Heyden 1987): one equilibrium",
        tol,
        time_limit,
    )


def run_gambit_logit(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``logit``: the limit of the logit QRE branch (Turocy 2005)."""
    return _run_float(
        game,
        "gambit-logit",
        False,
        "Gambit's logit (Turocy 2005): the limit of the logit QRE branch",
        tol,
        time_limit,
    )


def run_gambit_enummixed(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``enummixed``: every extreme equilibrium of a 2-player game, exactly."""
    return _run_rational(
        game,
        "gambit-enummixed",
        True,
        "Gambit's enummixed: every extreme equilibrium, in rational arithmetic",
        tol,
        time_limit,
    )


def run_gambit_lcp(
    game: NormalFormGame, *, tol: float | None = None, time_limit: float | None = None
) -> Solution:
    """Gambit's ``lcp``: the equilibria reachable by Lemke-Howson paths, exactly."""
    return _run_rational(
        game,
        "gambit-lcp",
        False,
        "Gambit's lcp: the equilibria reachable by Lemke-Howson paths, in rational arithmetic",
        tol,
        time_limit,
    )


for _runner in (
    run_gambit_enumpoly,
    run_gambit_gnm,
    run_gambit_ipa,
    run_gambit_simpdiv,
    run_gambit_logit,
    run_gambit_enummixed,
    run_gambit_lcp,
):
    _runner.__doc__ = (_runner.__doc__ or "") + _TIME_LIMIT_DOC
