"""Printing the equilibria of a sequential scenario: the path in words, behaviour
strategies on the path, beliefs where a player is uncertain, payoffs.

Nothing here computes a result; the scenario's :meth:`~multivector.games.scenarios.
TreeScenario.solve` does.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from multivector.cli.render import print_table, print_text

__all__ = ["tree_solution_dict", "tree_solution_table"]


def tree_solution_dict(
    scenario: Any, solution: Any, era: str, values: dict[str, float]
) -> dict[str, Any]:
    """The JSON of ``multivector solve SCENARIO`` for a sequential scenario:
    ``solution.to_dict()`` (behaviour strategies and beliefs at every information set)
    with ``scenario``, ``era``, the ``parameters`` used and each equilibrium's ``words``."""
    d: dict[str, Any] = solution.to_dict()
    d["scenario"] = scenario.name
    d["era"] = era
    d["parameters"] = values
    for row, eq in zip(d["equilibria"], solution.equilibria, strict=True):
        row["words"] = scenario.describe(eq)
    return d


def _on_path(eq: Any) -> dict[str, dict[str, dict[str, float]]]:
    """Each player's behaviour at the information sets the equilibrium reaches."""
    g = eq.game
    reach = g.node_reach(eq.behaviour)
    names = g.infoset_names
    out: dict[str, dict[str, dict[str, float]]] = {}
    strategies = eq.strategies
    for h in range(g.num_infosets):
        p = int(g.infoset_player[h])
        if p < 0 or float(reach[g.infoset_nodes(h)].sum()) <= 1e-12:
            continue
        out.setdefault(g.players[p], {})[names[h]] = strategies[g.players[p]][names[h]]
    return out


def tree_solution_table(
    scenario: Any, solution: Any, era: str, values: dict[str, float], out: Console
) -> None:
    """Print each equilibrium: the path in words, behaviour on the path, beliefs at the
    information sets that hold more than one node, and each player's expected payoff."""
    print_text(out, solution.game.title, style="bold")
    flag = "complete" if solution.complete else "not known to be complete"
    n = len(solution.equilibria)
    print_text(
        out,
        f"{n} {'equilibrium' if n == 1 else 'equilibria'} by {solution.method} ({flag}); "
        f"era {era}",
    )
    if "russia.leverage" in values:
        print_text(
            out,
            f"russia.leverage = {values['russia.leverage']:.4g} (derived from the corridor "
            "network; `multivector params` lists its rows and alternatives)",
            style="dim",
        )
    for k, eq in enumerate(solution.equilibria, start=1):
        out.print()
        print_text(out, f"[{k}] {scenario.describe(eq)}", style="bold", indent=4)
        rows = []
        on_path = _on_path(eq)
        for player, sets in on_path.items():
            for name, probs in sets.items():
                used = ", ".join(f"{a} {p:.3g}" for a, p in probs.items() if p > 1e-9)
                rows.append([player, name, used])
        print_table(out, ["player", "information set (reached)", "behaviour"], rows)
        for player, sets in eq.belief_dict().items():
            for name, nodes in sets.items():
                if len(nodes) > 1 and name in on_path.get(player, {}):
                    text = ", ".join(f"{node} {b:.3g}" for node, b in nodes.items())
                    print_text(out, f"  {player} at {name} believes: {text}", indent=4)
        pay = ", ".join(
            f"{p} {v:.4g}" for p, v in zip(solution.game.players, eq.payoffs, strict=True)
        )
        print_text(out, f"  expected payoffs: {pay}; regret {eq.regret:.2g}", indent=4)
    for note in solution.notes:
        print_text(out, f"note: {note}", style="dim")
