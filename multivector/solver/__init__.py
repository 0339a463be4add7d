"""Solvers: what we compute from a game.

Each algorithm is a plain function in its own module; :func:`solve` sits on top and picks
one by name from :data:`METHODS`, the registry that says for each method which games it
takes, whether it finds every equilibrium, and whether it computes exactly.

Modules are imported when a method first runs, so that ``import multivector`` and the
command line stay fast (compiled kernels load only for the methods that need them).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, overload

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.equilibrium import Component, Equilibrium, Solution, make_equilibrium
from multivector.solver.limits import BUDGETS, check_work

if TYPE_CHECKING:
    from multivector.games.extensive.tree import ExtensiveFormGame
    from multivector.solver.extensive.result import ExtensiveSolution

__all__ = [
    "METHODS",
    "Component",
    "Equilibrium",
    "MethodInfo",
    "Solution",
    "make_equilibrium",
    "solve",
]


@dataclass(frozen=True)
class MethodInfo:
    """What a solver method guarantees.

    Attributes
    ----------
    name : str
        The name given to :func:`solve` and to ``multivector solve --method``.
    players : str
        ``"2"`` for 2-player games only, ``"n"`` for any number of players.
    finds : str
        ``"all"`` (every extreme equilibrium, hence every equilibrium; for n players every
        isolated one), ``"pure"`` (every pure equilibrium), ``"one"`` (one equilibrium) or
        ``"accessible"`` (some: those reachable by a path-following walk, or those an
        enumeration known to miss some finds).
    exact : bool
        True when the method computes in rational arithmetic and certifies zero regret.
    runner : str
        ``"module:function"`` of the function taking ``(game, **options)`` and returning a
        :class:`Solution`.
    summary : str
        One line for ``multivector methods``.
    reference : str
        Where the algorithm comes from.
    kind : str
        ``"normal"`` for methods on a :class:`NormalFormGame`, ``"extensive"`` for methods
        on an :class:`~multivector.games.extensive.ExtensiveFormGame`.
    """

    name: str
    players: str
    finds: str
    exact: bool
    runner: str
    summary: str
    reference: str
    kind: str = "normal"

    def accepts(self, game: Any) -> bool:
        """True when the method can run on ``game``."""
        if self.kind == "normal" and isinstance(game, NormalFormGame):
            # a normal-form game's shape is filled when it is made: cheaper than
            # num_players on the path of every small solve
            return self.players == "n" or len(game.shape) == int(self.players)
        is_tree = type(game).__name__ == "ExtensiveFormGame"
        if is_tree != (self.kind == "extensive"):
            return False
        return self.players == "n" or game.num_players == int(self.players)

    def load(self) -> Callable[..., Solution]:
        """Import and return the runner."""
        loaded = _MODULES.get(self.runner)
        if loaded is None:
            module, func = self.runner.split(":")
            loaded = _MODULES[self.runner] = (importlib.import_module(module), func)
        # read from the module each time, so that a replaced runner is seen
        runner: Callable[..., Solution] = getattr(*loaded)
        return runner


# Each runner's module once imported, with the runner's name in it (a solve of a small
# game costs microseconds; importing the module again each time was a tenth of that).
_MODULES: dict[str, tuple[Any, str]] = {}


# Methods on extensive-form games (multivector.solver.extensive); ``solve`` sends a tree to
# them, and choosing one of them for a normal-form game is refused.
_EXTENSIVE_METHODS = [
    MethodInfo(
        name="backward-induction",
        players="n",
        finds="pure",
        exact=True,
        runner="multivector.solver.extensive.backward:run_backward_induction",
        summary="trees of perfect information (chance allowed): every pure subgame perfect "
        "equilibrium, ties enumerated; exact on exact payoffs and probabilities",
        reference="Zermelo 1913; Kuhn 1953; Osborne and Rubinstein 1994, Prop. 99.2",
        kind="extensive",
    ),
    MethodInfo(
        name="subgame-perfect",
        players="n",
        finds="accessible",
        exact=False,
        runner="multivector.solver.extensive.subgame_perfect:run_subgame_perfect",
        summary="trees: each proper subgame solved bottom up by complete normal-form "
        "methods, every combination of subgame equilibria (up to a limit)",
        reference="Selten 1965, 1975",
        kind="extensive",
    ),
    MethodInfo(
        name="sequence-form",
        players="2",
        finds="one",
        exact=True,
        runner="multivector.solver.extensive.sequence_form:run_sequence_form",
        summary="trees: one equilibrium in behaviour strategies by Lemke's algorithm on the "
        "sparse sequence form (all=True: every extreme one of a small game)",
        reference="Koller, Megiddo and von Stengel 1996; von Stengel 2022, ch. 10",
        kind="extensive",
    ),
    MethodInfo(
        name="sequential",
        players="n",
        finds="accessible",
        exact=False,
        runner="multivector.solver.extensive.sequential:run_sequential",
        summary="trees: sequential equilibria with beliefs, from the agent logit QRE limit "
        "and (small 2-player games) every extreme Nash equilibrium, each checked",
        reference="Kreps and Wilson 1982; McKelvey and Palfrey 1998",
        kind="extensive",
    ),
]

METHODS: dict[str, MethodInfo] = {
    info.name: info
    for info in [
        MethodInfo(
            name="pure",
            players="n",
            finds="pure",
            exact=False,
            runner="multivector.solver.pure:run_pure",
            summary="every pure-strategy equilibrium, vectorised (also over stacks of games)",
            reference="definition of Nash equilibrium; exhaustive check",
        ),
        MethodInfo(
            name="vertex",
            players="2",
            finds="all",
            exact=False,
            runner="multivector.solver.vertex:run_vertex",
            summary=(
                "every extreme equilibrium and the convex components, degenerate games "
                "included; floating point, switching to exact arithmetic on degenerate games"
            ),
            reference="vertex enumeration of the best-response polytopes (von Stengel 2007, "
            "Algorithmic Game Theory, Section 3.5; Avis et al. 2010)",
        ),
        MethodInfo(
            name="exact",
            players="2",
            finds="all",
            exact=True,
            runner="multivector.solver.vertex:run_exact",
            summary="as 'vertex', in rational arithmetic, regret certified exactly zero",
            reference="vertex enumeration by exact integer pivoting (Avis 2000, lrs)",
        ),
        MethodInfo(
            name="lemke-howson",
            players="2",
            finds="one",
            exact=False,
            runner="multivector.solver.lemke_howson:run_lemke_howson",
            summary="one equilibrium by complementary pivoting from a chosen label (label=0)",
            reference="Lemke and Howson 1964; von Stengel 2007, Algorithm 3.5 (lexicographic)",
        ),
        MethodInfo(
            name="lh-graph",
            players="2",
            finds="accessible",
            exact=False,
            runner="multivector.solver.lemke_howson:run_lh_graph",
            summary="every equilibrium reachable by Lemke-Howson paths from any equilibrium "
            "(Gambit's lcp walk)",
            reference="Shapley 1974; von Stengel 2007, Section 3.6 (the LH graph)",
        ),
        MethodInfo(
            name="support-homotopy",
            players="n",
            finds="all",
            exact=False,
            runner="multivector.solver.nplayer:run_support_homotopy",
            summary="every isolated equilibrium of a small n-player game: support enumeration, "
            "certified subdivision per support (homotopy continuation where it cannot "
            "decide), Newton-polished; notes flag singular cases",
            reference="Porter, Nudelman and Shoham 2008; Krawczyk 1969; Morgan and Sommese "
            "1987 (m-homogeneous homotopy)",
        ),
        MethodInfo(
            name="logit-trace",
            players="n",
            finds="one",
            exact=False,
            runner="multivector.solver.tracing:run_logit_trace",
            summary="one equilibrium: the limit of the logit QRE branch, traced by "
            "predictor-corrector and polished by Newton's method",
            reference="McKelvey and Palfrey 1995; Turocy 2005; Allgower and Georg 1990",
        ),
        MethodInfo(
            name="gambit-enumpoly",
            players="n",
            finds="accessible",
            exact=False,
            runner="multivector.solver.gambit_backend:run_gambit_enumpoly",
            summary="Gambit's enumpoly (gambit extra): aims at every isolated equilibrium, "
            "can miss some",
            reference="Gambit 16 (McKelvey, McLennan and Turocy); Turocy 2008",
        ),
        MethodInfo(
            name="gambit-gnm",
            players="n",
            finds="accessible",
            exact=False,
            runner="multivector.solver.gambit_backend:run_gambit_gnm",
            summary="Gambit's global Newton method (gambit extra): the equilibria on one path",
            reference="Govindan and Wilson 2003, J. Econ. Theory 110",
        ),
        MethodInfo(
            name="gambit-ipa",
            players="n",
            finds="one",
            exact=False,
            runner="multivector.solver.gambit_backend:run_gambit_ipa",
            summary="Gambit's iterated polymatrix approximation (gambit extra)",
            reference="Govindan and Wilson 2004, J. Econ. Dyn. Control 28",
        ),
        MethodInfo(
            name="gambit-simpdiv",
            players="n",
            finds="one",
            exact=False,
            runner="multivector.solver.gambit_backend:run_gambit_simpdiv",
            summary="Gambit's simplicial subdivision (gambit extra)",
            reference="van der Laan, Talman and van der Heyden 1987, Math. Oper. Res. 12",
        ),
        MethodInfo(
            name="gambit-logit",
            players="n",
            finds="one",
            exact=False,
            runner="multivector.solver.gambit_backend:run_gambit_logit",
            summary="Gambit's logit QRE branch to its limit (gambit extra)",
            reference="McKelvey and Palfrey 1995; Turocy 2005",
        ),
        MethodInfo(
            name="gambit-enummixed",
            players="2",
            finds="all",
            exact=True,
            runner="multivector.solver.gambit_backend:run_gambit_enummixed",
            summary="Gambit's enummixed (gambit extra): every extreme equilibrium, rational",
            reference="Gambit 16; Avis et al. 2010 (lrsnash)",
        ),
        MethodInfo(
            name="gambit-lcp",
            players="2",
            finds="accessible",
            exact=True,
            runner="multivector.solver.gambit_backend:run_gambit_lcp",
            summary="Gambit's lcp (gambit extra): equilibria reachable by Lemke-Howson paths, "
            "rational",
            reference="Lemke and Howson 1964; Shapley 1974; Gambit 16",
        ),
        *_EXTENSIVE_METHODS,
    ]
}


def _auto(game: NormalFormGame, exact: bool) -> tuple[str, str | None]:
    """The method ``"auto"`` runs on ``game``, and the note saying why when it is not a
    complete one: each enumeration is chosen only when its work estimate is within its
    budget (:mod:`multivector.solver.limits`)."""
    from multivector.solver.limits import estimate_work

    if game.num_players == 2:
        name = "exact" if exact else "vertex"
        estimate = estimate_work(game, name)
        if exact or estimate is None or estimate.within:
            return name, None
        return "lemke-howson", (
            f"the game is past the work budget of 'vertex' (up to {estimate.value:,} "
            f"polytope vertices, budget {estimate.budget:,}), so 'auto' found one "
            "equilibrium by Lemke-Howson; method='lh-graph' finds those reachable by "
            "Lemke-Howson paths (it can take minutes on large games), method='vertex' with "
            "force=True (--force) every one"
        )
    if exact:
        raise SolverError(
            f"exact arithmetic is available for 2-player games only; this game has "
            f"{game.num_players} players. Drop exact=True / --exact"
        )
    from multivector.solver.nplayer import DEFAULT_MAX_SUPPORT_PROFILES, support_profile_count

    if support_profile_count(game.shape) <= DEFAULT_MAX_SUPPORT_PROFILES:
        estimate = estimate_work(game, "support-homotopy")
        if estimate is None or estimate.within:
            return "support-homotopy", None
        more = "more than " if estimate.partial else ""
        reason = (
            f"past the work budget of 'support-homotopy' ({more}{estimate.value:,} "
            f"estimated homotopy paths, budget {estimate.budget:,})"
        )
    else:
        reason = "past the size limit of 'support-homotopy'"
    return "pure", (
        f"the game is {reason}, so 'auto' listed the pure equilibria only; try "
        "method='logit-trace' or 'gambit-gnm' for a mixed one"
    )


@overload
def solve(
    game: NormalFormGame,
    method: str = "auto",
    *,
    exact: bool = False,
    force: bool = False,
    **options: Any,
) -> Solution: ...


@overload
def solve(
    game: ExtensiveFormGame,
    method: str = "auto",
    *,
    exact: bool = False,
    force: bool = False,
    **options: Any,
) -> ExtensiveSolution: ...


def solve(
    game: NormalFormGame | ExtensiveFormGame,
    method: str = "auto",
    *,
    exact: bool = False,
    force: bool = False,
    **options: Any,
) -> Solution | ExtensiveSolution:
    """Solve a game with a named method, or with the best complete one (``"auto"``).

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A tree goes to :func:`multivector.solver.extensive.auto.solve_extensive` and
        returns an :class:`~multivector.solver.extensive.ExtensiveSolution`.
    method : str
        A key of :data:`METHODS`, or ``"auto"``: every extreme equilibrium for 2 players
        (``"vertex"``, or ``"exact"`` with ``exact=True``) when the game is within the
        work budget of ``"vertex"``, else one equilibrium by ``"lemke-howson"``, with a
        note; for more players every isolated equilibrium
        (``"support-homotopy"``) when the game is within that method's size limit and
        work budget, else every pure equilibrium, with a note.
    exact : bool
        Ask for rational arithmetic (2-player enumeration only).
    force : bool
        Run an enumeration even when its estimated work is past the method's budget
        (:data:`multivector.solver.limits.BUDGETS`); without it such a request is
        refused before any work starts.
    **options
        Passed to the method (for example ``label=2`` for ``"lemke-howson"``).

    Returns
    -------
    Solution
        The equilibria, the method that ran and whether the list is complete.

    Raises
    ------
    SolverError
        For an unknown method, or one that does not take this game.
    WorkLimitError
        When the method's estimated work on this game is past its budget and ``force``
        is not given; the message names the estimate, the budget and the alternatives.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sol = solve(bos)
    >>> sol.method, sol.complete, len(sol.equilibria)
    ('vertex', True, 3)
    >>> [e.profile[0].tolist() for e in sol.equilibria]
    [[1.0, 0.0], [0.6666666666666666, 0.3333333333333333], [0.0, 1.0]]
    """
    if not isinstance(game, NormalFormGame):
        if type(game).__name__ == "ExtensiveFormGame":
            from multivector.solver.extensive.auto import solve_extensive

            return solve_extensive(game, method, exact=exact, **options)
        raise SolverError(
            f"solve() takes a NormalFormGame, not {type(game).__name__}; build one with "
            "NormalFormGame(payoffs) or NormalFormGame.from_bimatrix(A, B)"
        )
    name, auto_note = _auto(game, exact) if method == "auto" else (method, None)
    if name not in METHODS:
        raise SolverError(
            f"unknown method {method!r}; choose one of {['auto', *METHODS]} "
            "(see `multivector methods`)"
        )
    info = METHODS[name]
    if info.kind != "normal":
        raise SolverError(
            f"method {name!r} solves extensive-form games (trees); for a normal-form game "
            "choose one of the normal-form methods (see `multivector methods`)"
        )
    if exact and not info.exact:
        if name == "vertex":
            info = METHODS["exact"]
        else:
            raise SolverError(
                f"method {name!r} is not exact; use method='exact' (2-player) or drop exact"
            )
    if not info.accepts(game):
        raise SolverError(
            f"method {info.name!r} needs a {info.players}-player game; this game has "
            f"{game.num_players} players. Use method='pure' or 'auto'"
        )
    if not force and info.name in BUDGETS:
        check_work(game, info.name)
    solution = info.load()(game, **options)
    if auto_note is not None:
        solution = replace(solution, notes=(*solution.notes, auto_note))
    return solution
