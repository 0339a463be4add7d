"""What a game is: data and validation, no solving."""

from multivector.games.normal_form import MixedProfile, NormalFormGame, to_fraction

__all__ = ["MixedProfile", "NormalFormGame", "to_fraction"]
