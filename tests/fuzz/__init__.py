"""The fuzz suite: valid inputs, generated and then mutated, for every reader and every
command's options, run through the command line in this process.

The property of every case: the command either succeeds (status 0, nothing on stderr) or
ends with exactly one ``error:`` line on stderr, nothing on stdout and status 2; within
2 s and 500 MB. A case is built from one integer (:func:`tests.fuzz.cases.make_case`), so
any case can be replayed.

* ``tests/fuzz/test_fuzz.py`` runs a few thousand cases drawn by hypothesis (CI);
* ``python -m tests.fuzz --cases 1000000`` runs a million, in worker processes, resumable
  (docs/fuzzing.md).
"""
