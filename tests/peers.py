"""Peer libraries under a limit: every call of the tests into nashpy, pygambit or quantecon
goes through here, so that no test can hang on a peer's loop.

Two kinds of limit:

* :func:`time_limit`, for peers written in Python and numpy (nashpy): an alarm signal
  interrupts the call in this process after ``seconds`` and raises :class:`PeerTimeout`.
* :func:`run_limited`, for peers that run compiled code an alarm cannot interrupt
  (pygambit's C++, quantecon's numba kernels): the call runs in a worker process, which is
  killed at the limit; :class:`PeerTimeout` again. The worker is started once and reused,
  so a test pays the peer's import once. Its functions are the ``peer_*`` functions of this
  module, which take and return plain data (arrays, lists, Fractions).

A test that meets a :class:`PeerTimeout` from a peer it only compares against may skip the
comparison; it then says so with a :class:`PeerTimeoutWarning`, which pytest lists in its
summary (reported, not hidden).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "PEER_SECONDS",
    "PeerTimeout",
    "PeerTimeoutWarning",
    "peer_gambit_enummixed",
    "peer_gambit_logit",
    "peer_gambit_nfg",
    "peer_nashpy_lemke_howson",
    "peer_quantecon_pure_nash",
    "peer_quantecon_spe_payoffs",
    "run_limited",
    "time_limit",
]

#: Default limit of one peer call, in seconds.
PEER_SECONDS = 60.0


class PeerTimeout(Exception):
    """A peer library's call passed its time limit and was stopped."""


class PeerTimeoutWarning(UserWarning):
    """A comparison with a peer was skipped because the peer passed its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`PeerTimeout` in this (main) thread if the block runs past ``seconds``.

    An alarm already set (pytest-timeout's, say) is restored afterwards with what is left
    of it.
    """
    if threading.current_thread() is not threading.main_thread():  # pragma: no cover
        raise RuntimeError("time_limit needs the main thread (it uses an alarm signal)")

    def expire(signum: int, frame: Any) -> None:
        raise PeerTimeout(f"{what} did not finish within {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - seconds, 1e-3))


# ---------------------------------------------------------------------- the worker process
def _serve(conn: Any) -> None:
    while True:
        try:
            func, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, func(*args, **kwargs))
        except BaseException as err:
            reply = (False, f"{type(err).__name__}: {err}")
        conn.send(reply)


class _Worker:
    def __init__(self) -> None:
        self.proc: Any = None
        self.conn: Any = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join()
            self.conn.close()
        self.proc = self.conn = None

    def call(self, func: Callable[..., Any], args: Any, kwargs: Any, seconds: float) -> Any:
        if self.proc is None or not self.proc.is_alive():
            self.stop()
            ctx = multiprocessing.get_context("spawn")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)
            self.proc.start()
            child.close()
        self.conn.send((func, args, kwargs))
        if not self.conn.poll(seconds):
            self.stop()
            raise PeerTimeout(
                f"{func.__name__} did not finish within {seconds:g} s; its process was killed"
            )
        try:
            ok, value = self.conn.recv()
        except EOFError:
            self.stop()
            raise PeerTimeout(f"{func.__name__} crashed its process") from None
        if not ok:
            raise RuntimeError(f"{func.__name__} failed: {value}")
        return value


_WORKER = _Worker()


def run_limited(
    func: Callable[..., Any], *args: Any, seconds: float = PEER_SECONDS, **kw: Any
) -> Any:
    """``func(*args, **kw)`` in the worker process, killed after ``seconds``.

    Raises
    ------
    PeerTimeout
        When the call passes the limit (or crashes the worker).
    RuntimeError
        When the call raises; the message holds the peer's exception.
    """
    return _WORKER.call(func, args, kw, seconds)


# ---------------------------------------------------------------------- peer calls
def peer_nashpy_lemke_howson(
    A: np.ndarray, B: np.ndarray, label: int, *, seconds: float
) -> tuple[np.ndarray, np.ndarray]:
    """nashpy's Lemke-Howson from ``label``, in this process under :func:`time_limit`
    (nashpy is Python and numpy, which an alarm interrupts)."""
    import nashpy

    with time_limit(seconds, f"nashpy's lemke_howson from label {label}"):
        x, y = nashpy.Game(A, B).lemke_howson(initial_dropped_label=label)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _exact_profiles(g: Any, equilibria: Any) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in g.players)
        for eq in equilibria
    }


def peer_gambit_enummixed(
    source: str | list[list[list[int]]],
) -> set[tuple[tuple[Fraction, ...], ...]]:
    """Gambit's rational ``enummixed`` on an ``.nfg`` file (its path) or on the integer
    matrices ``[A, B]``: every extreme equilibrium, as exact profiles."""
    import pygambit as gbt

    g = gbt.read_nfg(source) if isinstance(source, str) else gbt.Game.from_arrays(*source)
    return _exact_profiles(g, gbt.nash.enummixed_solve(g, rational=True).equilibria)


def peer_gambit_logit(
    A: list[list[float]], B: list[list[float]], lambdas: list[float]
) -> list[list[list[float]]]:
    """Gambit's logit QRE of the bimatrix game at each lambda, as probability lists."""
    import pygambit as gbt

    G = gbt.Game.from_arrays(np.array(A), np.array(B))
    out = []
    for lam in lambdas:
        (ref,) = gbt.qre.logit_solve_lambda(G, lam=[lam])
        out.append([[float(ref.profile[s]) for s in p.strategies] for p in G.players])
    return out


def peer_gambit_nfg(path: str | Path) -> dict[str, Any]:
    """What pygambit reads from an ``.nfg`` file, as plain data.

    Returns
    -------
    dict
        ``title``; ``players`` (labels); ``strategies`` (label tuples, ``""`` where the
        file gives none); ``payoffs``: ``{profile (indices): [Fraction per player]}``, the
        null outcome as zeros.
    """
    import itertools

    import pygambit as gbt

    g = gbt.read_nfg(str(path))
    players = list(g.players)
    strategies = [list(p.strategies) for p in players]
    payoffs = {}
    for profile in itertools.product(*(range(len(s)) for s in strategies)):
        outcome = g[profile]
        payoffs[profile] = [
            Fraction(0) if outcome is None else Fraction(str(outcome[p])) for p in players
        ]
    return {
        "title": g.title,
        "players": [p.label for p in players],
        "strategies": [tuple(s.label for s in row) for row in strategies],
        "payoffs": payoffs,
    }


def peer_quantecon_pure_nash(payoffs: np.ndarray) -> set[tuple[int, ...]]:
    """QuantEcon's ``pure_nash_brute`` of one payoff tensor ``(n, s_1, ..., s_n)``."""
    import quantecon.game_theory as gt

    qe = gt.NormalFormGame(np.moveaxis(payoffs, 0, -1))
    return {tuple(int(a) for a in p) for p in gt.pure_nash_brute(qe)}


def peer_quantecon_spe_payoffs(A: np.ndarray, B: np.ndarray, delta: float) -> Any:
    """QuantEcon's subgame-perfect payoff set of the repeated bimatrix game: the hull's
    vertices, ``"empty"`` when quantecon finds no incentive-compatible payoff, or
    ``"qhull"`` when its hull of a degenerate set fails."""
    import quantecon.game_theory as qe
    from scipy.spatial import QhullError

    players = [qe.Player(A), qe.Player(B.T)]
    try:
        hull = qe.RepeatedGame(qe.NormalFormGame(players), delta).equilibrium_payoffs()
    except ValueError:
        return "empty"
    except QhullError:
        return "qhull"
    return hull.points[hull.vertices]


def skip_on_timeout(err: PeerTimeout) -> None:
    """Say (as a :class:`PeerTimeoutWarning`) that a peer comparison was skipped."""
    warnings.warn(PeerTimeoutWarning(str(err)), stacklevel=2)
