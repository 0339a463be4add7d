"""Doctest collection: modules of compiled kernels need numba (the ``fast`` extra)."""

import importlib.util

collect_ignore = []
if importlib.util.find_spec("numba") is None:
    collect_ignore += [
        "multivector/solver/_bfs_numba.py",
        "multivector/solver/_pure_numba.py",
        "multivector/solver/_lh_numba.py",
    ]
