"""What a game is: data and validation, no solving."""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multivector.games.normal_form import MixedProfile, NormalFormGame, to_fraction

__all__ = ["MixedProfile", "NormalFormGame", "to_fraction"]


def __getattr__(name: str) -> Any:
    # imported on first use, so that the package's numpy-free modules (display) load alone
    if name not in __all__:
        raise AttributeError(f"module 'multivector.games' has no attribute {name!r}")
    value = getattr(importlib.import_module("multivector.games.normal_form"), name)
    globals()[name] = value
    return value
