"""Related briefings: shared actors, countries and tags, weighted by rarity.

A shared actor who appears in two briefings says more than a shared country
that appears in half the archive, so each shared value counts its inverse
document frequency, log(1 + N / df). Ties are broken by closeness in date,
then by the newer briefing, then by address, so the order is stable.

Every briefing is scored against every other that shares a value, which is
quadratic in a large archive (10,000 briefings sharing common countries make
tens of millions of pairs). The sums are therefore done with NumPy, one vector
addition per shared value, and only the few candidates that can reach the top
are ordered with the full tie-breaking key in Python. The additions happen in
the same order as the plain definition's, so the float sums, and the ranking,
are exactly those of scoring pair by pair (tests/test_related.py checks that).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Sequence

# how much a shared value of each kind counts, before rarity
FEATURE_WEIGHTS = {"actors": 1.0, "countries": 0.8, "tags": 0.6}

# scores are compared rounded to 9 decimals (so float noise never reorders);
# candidates are preselected with a margin well above that rounding
_MARGIN = 1e-6


@dataclass(frozen=True)
class RelatedInput:
    key: str  # unique, e.g. the briefing's output path
    date: dt.date
    features: frozenset[tuple[str, Hashable]]  # ("actors", slug), ("countries", slug), ...


def feature_weights(items: Sequence[RelatedInput]) -> tuple[dict, dict]:
    """(postings: feature -> item indexes, weight: feature -> its weight)."""
    postings: dict[tuple[str, Hashable], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for feature in item.features:
            postings[feature].append(index)
    total = len(items)
    weight = {
        feature: FEATURE_WEIGHTS.get(feature[0], 0.5) * math.log(1 + total / len(members))
        for feature, members in postings.items()
    }
    return postings, weight


def rank_related(items: Sequence[RelatedInput], limit: int) -> dict[str, tuple[str, ...]]:
    """For every item, the keys of up to `limit` related items, best first."""
    import numpy as np  # here, not at the top: a build with nothing to do never ranks

    postings, weight = feature_weights(items)
    arrays = {feature: np.asarray(members, dtype=np.intp) for feature, members in postings.items()}
    ordinals = [item.date.toordinal() for item in items]
    result: dict[str, tuple[str, ...]] = {}
    scores = np.zeros(len(items), dtype=np.float64)
    for index, item in enumerate(items):
        if limit <= 0 or not item.features:
            result[item.key] = ()
            continue
        # sorted so float sums are added in the same order on every run
        features = sorted(item.features, key=repr)
        for feature in features:
            scores[arrays[feature]] += weight[feature]  # each index at most once per feature
        scores[index] = 0.0
        touched = np.flatnonzero(scores)  # weights are positive: exactly those sharing a value
        candidates = touched
        if len(candidates) > limit:
            # the limit-th best score, less a margin: nothing below it can make the top
            kth = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            candidates = candidates[scores[candidates] >= kth - _MARGIN]
        date = ordinals[index]
        ranked = sorted(
            (
                -round(float(scores[other]), 9),
                abs(ordinals[other] - date),
                -ordinals[other],
                items[other].key,
            )
            for other in candidates.tolist()
        )
        result[item.key] = tuple(key for *_, key in ranked[:limit])
        scores[touched] = 0.0
    return result
