"""Methods for extensive-form games.

- :func:`~multivector.solver.extensive.backward.backward_induction`: every pure subgame
  perfect equilibrium of a perfect-information game;
- :func:`~multivector.solver.extensive.subgame_perfect.subgame_perfect`: subgame perfect
  equilibria by solving each proper subgame with complete normal-form methods;
- :func:`~multivector.solver.extensive.sequence_form.sequence_form`: Lemke's algorithm on
  the sequence form (2 players), or every extreme equilibrium of a small game;
- :func:`~multivector.solver.extensive.sequential.sequential`: sequential equilibria as
  limits of the agent logit QRE, checked.

Modules load when first used.
"""

from multivector.solver.extensive.result import (
    BehaviourEquilibrium,
    ExtensiveSolution,
    make_behaviour_equilibrium,
)

__all__ = ["BehaviourEquilibrium", "ExtensiveSolution", "make_behaviour_equilibrium"]
