"""Printing the equilibria of a sequential scenario: the path in words, behaviour
strategies on the path, beliefs where a player is uncertain, payoffs.

Nothing here computes a result; the scenario's :meth:`~multivector.games.scenarios.
TreeScenario.solve` does.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

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
    out.print(Text(solution.game.title, style="bold"))
    flag = "complete" if solution.complete else "not known to be complete"
    out.print(
        Text(
            f"{len(solution.equilibria)} "
            f"{'equilibrium' if len(solution.equilibria) == 1 else 'equilibria'} "
            f"by {solution.method} ({flag}); era {era}"
        )
    )
    if "russia.leverage" in values:
        out.print(
            Text(
                f"russia.leverage = {values['russia.leverage']:.4g} (derived from the corridor "
                "network; `multivector params` lists its rows and alternatives)",
                style="dim",
            )
        )
    for k, eq in enumerate(solution.equilibria, start=1):
        out.print(Text(f"\n[{k}] {scenario.describe(eq)}", style="bold"))
        table = Table(show_header=True)
        table.add_column("player")
        table.add_column("information set (reached)")
        table.add_column("behaviour")
        for player, sets in _on_path(eq).items():
            for name, probs in sets.items():
                used = ", ".join(f"{a} {p:.3g}" for a, p in probs.items() if p > 1e-9)
                table.add_row(Text(player), Text(name), Text(used))
        out.print(table)
        beliefs = [
            (player, name, nodes)
            for player, sets in eq.belief_dict().items()
            for name, nodes in sets.items()
            if len(nodes) > 1 and name in _on_path(eq).get(player, {})
        ]
        for player, name, nodes in beliefs:
            text = ", ".join(f"{node} {b:.3g}" for node, b in nodes.items())
            out.print(Text(f"  {player} at {name} believes: {text}"))
        pay = ", ".join(
            f"{p} {v:.4g}" for p, v in zip(solution.game.players, eq.payoffs, strict=True)
        )
        out.print(Text(f"  expected payoffs: {pay}; regret {eq.regret:.2g}"))
    for note in solution.notes:
        out.print(Text(f"note: {note}", style="dim"))
