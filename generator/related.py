"""Related briefings: shared actors, countries and tags, weighted by rarity.

A shared actor who appears in two briefings says more than a shared country
that appears in half the archive, so each shared value counts its inverse
document frequency, log(1 + N / df). Ties are broken by closeness in date,
then by the newer briefing, then by address, so the order is stable.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Sequence

# how much a shared value of each kind counts, before rarity
FEATURE_WEIGHTS = {"actors": 1.0, "countries": 0.8, "tags": 0.6}


@dataclass(frozen=True)
class RelatedInput:
    key: str  # unique, e.g. the briefing's output path
    date: dt.date
    features: frozenset[tuple[str, Hashable]]  # ("actors", slug), ("countries", slug), ...


def rank_related(items: Sequence[RelatedInput], limit: int) -> dict[str, tuple[str, ...]]:
    """For every item, the keys of up to `limit` related items, best first."""
    total = len(items)
    postings: dict[tuple[str, Hashable], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for feature in item.features:
            postings[feature].append(index)
    weight = {
        feature: FEATURE_WEIGHTS.get(feature[0], 0.5) * math.log(1 + total / len(members))
        for feature, members in postings.items()
    }
    result: dict[str, tuple[str, ...]] = {}
    for index, item in enumerate(items):
        scores: dict[int, float] = defaultdict(float)
        # sorted so float sums are added in the same order on every run
        for feature in sorted(item.features, key=repr):
            for other in postings[feature]:
                if other != index:
                    scores[other] += weight[feature]
        ranked = sorted(
            scores,
            key=lambda other: (
                -round(scores[other], 9),
                abs((items[other].date - item.date).days),
                -items[other].date.toordinal(),
                items[other].key,
            ),
        )
        result[item.key] = tuple(items[other].key for other in ranked[:limit])
    return result
