"""Benchmarks: ``python -m bench`` runs them all and prints one table; ``python -m bench core`` runs one.

Each benchmark module defines ``rows()``, returning ``Row``s. Timings are interleaved (every contender
once per round, so a busy machine slows all of them alike), the best of the rounds counts, and the
clock is this process's CPU time, so time spent waiting for a busy machine's other processes does not.
"""

import gc
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the table: a measured figure and, if it has one, its goal (value <= goal)."""

    name: str  # the benchmark module
    figure: str  # what was measured
    value: float
    unit: str = "x"  # "x" for a ratio, "ms" for a time
    goal: float | None = None  # None: shown for context only

    @property
    def met(self):
        """True if the value meets its goal, or there is none."""
        return self.goal is None or self.value <= self.goal


def best_times(contenders, rounds):
    """Best CPU time in seconds of each callable in ``contenders`` (a dict), over interleaved rounds."""
    for fn in contenders.values():  # warm-up: imports, caches, first allocations
        fn()
    best = dict.fromkeys(contenders, float("inf"))
    names = list(contenders)
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        for i in range(rounds):
            for name in names if i % 2 == 0 else reversed(names):  # alternate who goes first
                t0 = time.process_time()
                contenders[name]()
                best[name] = min(best[name], time.process_time() - t0)
    finally:
        if gc_was_on:
            gc.enable()
    return best
