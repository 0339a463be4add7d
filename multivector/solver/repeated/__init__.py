"""Repeated games: minmax, feasible and individually rational payoffs, critical discount
factors, strategy automata, subgame-perfection checks, simulation and tournaments, and
finitely repeated games (backward induction, Benoit-Krishna outcomes).

See docs/repeated.md for the concepts and their sources.
"""

from multivector.solver.repeated.automata import (
    Automaton,
    Simulation,
    SPECheck,
    check_nash,
    check_subgame_perfect,
    from_table,
    generous_tit_for_tat,
    grim_trigger,
    k_period_punishment,
    simulate,
    tit_for_tat,
    tournament,
    win_stay_lose_shift,
)
from multivector.solver.repeated.feasible import (
    PayoffSet,
    feasible_set,
    individually_rational_set,
)
from multivector.solver.repeated.finite import (
    BackwardInduction,
    FiniteOutcomes,
    backward_induction,
    gibbons_2_3_3,
    subgame_perfect_outcomes,
)
from multivector.solver.repeated.minmax import (
    MinmaxValue,
    minmax_values,
    mixed_minmax,
    pure_minmax,
)
from multivector.solver.repeated.spe import (
    SPEPayoffSet,
    spe_payoff_set,
    sustained_by_optimal_penal_code,
)
from multivector.solver.repeated.thresholds import (
    Threshold,
    critical_discount_factor,
    grim_trigger_threshold,
    minmax_punishment_threshold,
    sustainable_profiles,
)

__all__ = [
    "Automaton",
    "BackwardInduction",
    "FiniteOutcomes",
    "MinmaxValue",
    "PayoffSet",
    "SPECheck",
    "SPEPayoffSet",
    "Simulation",
    "Threshold",
    "backward_induction",
    "check_nash",
    "check_subgame_perfect",
    "critical_discount_factor",
    "feasible_set",
    "from_table",
    "generous_tit_for_tat",
    "gibbons_2_3_3",
    "grim_trigger",
    "grim_trigger_threshold",
    "individually_rational_set",
    "k_period_punishment",
    "minmax_punishment_threshold",
    "minmax_values",
    "mixed_minmax",
    "pure_minmax",
    "simulate",
    "spe_payoff_set",
    "subgame_perfect_outcomes",
    "sustainable_profiles",
    "sustained_by_optimal_penal_code",
    "tit_for_tat",
    "tournament",
    "win_stay_lose_shift",
]
