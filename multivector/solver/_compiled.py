"""Optional compiled kernels: found once per process, skipped without numba.

numba is an optional dependency (the ``fast`` extra). Each kernel module imports it at
the top, so importing such a module fails cleanly without numba and the caller uses its
numpy path. Setting the environment variable ``MULTIVECTOR_DISABLE_NUMBA`` to a non-empty
value forces the numpy paths (tests use it to check that both give the same answers).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__all__ = ["compiled_kernel"]

_CACHE: dict[tuple[str, str | None], Any] = {}


def compiled_kernel(module: str, name: str | None = None) -> Any:
    """The function ``name`` of the kernel module ``module`` (the module itself when
    ``name`` is None), or None without numba."""
    key = (module, name)
    if key not in _CACHE:
        if os.environ.get("MULTIVECTOR_DISABLE_NUMBA"):
            _CACHE[key] = None
        else:
            try:
                found = importlib.import_module(module)
            except ImportError:
                _CACHE[key] = None
            else:
                _CACHE[key] = found if name is None else getattr(found, name)
    return _CACHE[key]
