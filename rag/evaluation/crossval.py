"""k-fold cross-validation by question, for the fitted parts of the pipeline (fusion weights, the answerability
model): folds that spread every stratum (language, answerable or not) evenly, so each held-out fold looks like the
whole set. scikit-learn's StratifiedKFold does the same for one label; this takes any stratum key and several
shuffles, and keeps the scripts that use it free of index bookkeeping."""
from __future__ import annotations

import random
from typing import Hashable, Iterator, Sequence


def folds(strata: Sequence[Hashable], k: int, seed: int) -> list[list[int]]:
    """k lists of indices into `strata`, each stratum dealt round-robin after a seeded shuffle."""
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 folds (got {k})")
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    start = 0
    for stratum in sorted(set(strata), key=str):
        idx = [i for i, s in enumerate(strata) if s == stratum]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            out[(start + j) % k].append(i)
        start += len(idx)
    return out


def splits(strata: Sequence[Hashable], k: int, seeds: int) -> Iterator[tuple[list[int], list[int]]]:
    """(train, test) index lists for every fold of every shuffle."""
    for seed in range(seeds):
        for test in folds(strata, k, seed):
            held = set(test)
            yield [i for i in range(len(strata)) if i not in held], test
