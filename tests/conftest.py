"""Shared fixtures: the reference games kept beside the repository; a time limit on every
call into Gambit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[1]


def reference_games_dir() -> Path | None:
    """The folder of reference games (Gambit's example .nfg files), or None when absent.

    Looked up in ``$MULTIVECTOR_REFERENCE_GAMES`` first, then in
    ``../shared/research/games`` beside the repository.
    """
    env = os.environ.get("MULTIVECTOR_REFERENCE_GAMES")
    candidates = [Path(env)] if env else []
    candidates.append(_REPO.parent / "shared" / "research" / "games")
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def reference_games() -> Path:
    """Path of the reference-games folder; skips the test when it is absent."""
    d = reference_games_dir()
    if d is None:
        pytest.skip(
            "reference games not found: set MULTIVECTOR_REFERENCE_GAMES or place "
            "shared/research/games beside the repository"
        )
    return d


@pytest.fixture(autouse=True)
def _gambit_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gambit's methods run in a child process stopped after 120 s in every test (some
    of them loop on some games), well inside the per-test limit of pytest-timeout."""
    from multivector.solver import gambit_backend

    monkeypatch.setattr(gambit_backend, "GAMBIT_TIME_LIMIT", 120.0)
