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
from typing import Hashable, Iterable, Sequence

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


@dataclass(frozen=True)
class Ranking:
    """Every item's related keys, best first, and for each its ceiling: a score that no
    candidate left off its list reaches, those that share exactly the same values with
    it as its last entry does aside (they score as that entry does, whatever the
    weights, and come after it); None when there is no such candidate."""

    related: dict[str, tuple[str, ...]]
    ceilings: dict[str, float | None]


def rank_related(items: Sequence[RelatedInput], limit: int) -> dict[str, tuple[str, ...]]:
    """For every item, the keys of up to `limit` related items, best first."""
    return rank_with_ceilings(items, limit).related


def rank_with_ceilings(items: Sequence[RelatedInput], limit: int) -> Ranking:
    """`rank_related`, with each item's ceiling (what `rank_after_adding` starts from)."""
    return _rank(items, range(len(items)), limit, *feature_weights(items))


# shared values are recorded as bits, one per value of the item: at most this many
_MASK_BITS = 62


def _rank(
    items: Sequence[RelatedInput], indexes: Iterable[int], limit: int, postings: dict, weight: dict,
) -> Ranking:
    """The related lists (and ceilings) of the items at `indexes`, ranked among all `items`."""
    import numpy as np  # here, not at the top: a build with nothing to do never ranks

    arrays = {feature: np.asarray(members, dtype=np.intp) for feature, members in postings.items()}
    ordinals = [item.date.toordinal() for item in items]
    related: dict[str, tuple[str, ...]] = {}
    ceilings: dict[str, float | None] = {}
    scores = np.zeros(len(items), dtype=np.float64)
    masks = np.zeros(len(items), dtype=np.int64)  # which of the item's values each other item shares
    for index in indexes:
        item = items[index]
        if limit <= 0 or not item.features:
            related[item.key], ceilings[item.key] = (), None
            continue
        # sorted so float sums are added in the same order on every run
        features = sorted(item.features, key=repr)
        masked = len(features) <= _MASK_BITS
        for position, feature in enumerate(features):
            scores[arrays[feature]] += weight[feature]  # each index at most once per feature
            if masked:
                masks[arrays[feature]] |= 1 << position
        scores[index] = 0.0
        touched = np.flatnonzero(scores)  # weights are positive: exactly those sharing a value
        candidates = touched
        left_out = candidates[:0]  # candidates not even ordered
        if len(candidates) > limit:
            # the limit-th best score, less a margin: nothing below it can make the top
            kth = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            kept = scores[candidates] >= kth - _MARGIN
            left_out = candidates[~kept]
            candidates = candidates[kept]
        date = ordinals[index]
        ranked = sorted(
            (-round(float(scores[other]), 9), abs(ordinals[other] - date), -ordinals[other], items[other].key, other)
            for other in candidates.tolist()
        )
        related[item.key] = tuple(entry[3] for entry in ranked[:limit])
        # left off, but sharing what the last entry shares: never ahead of it (see Ranking)
        last_mask = int(masks[ranked[limit - 1][4]]) if masked and len(ranked) >= limit else None
        # the candidates left off, kept as an array: listing the left-out ones (most of a large
        # archive) in Python cost more than ranking at 20,000 briefings
        outside = np.concatenate((np.fromiter((entry[4] for entry in ranked[limit:]), dtype=np.intp), left_out))
        if last_mask is not None:
            outside = outside[masks[outside] != last_mask]
        ceilings[item.key] = float(scores[outside].max()) if len(outside) else None
        scores[touched] = 0.0
        masks[touched] = 0
        masks[index] = 0  # its own bits were set too (its score, set to 0, hid it from `touched`)
    return Ranking(related, ceilings)


def _highest(values: Iterable[float | None]) -> float | None:
    found = [value for value in values if value is not None]
    return max(found) if found else None


# a list is kept only if its last entry outscores every candidate left off by this much:
# scores are compared rounded to 9 decimals, and this is well above that rounding
_CERTAIN = 1e-8


def rank_after_adding(items: Sequence[RelatedInput], added: set[str], before: Ranking, limit: int) -> Ranking:
    """The ranking of `items`, of which those keyed in `added` are new and `before`
    ranked the others: equal to `rank_with_ceilings(items, limit)`, ranking again only
    the items whose list an addition may change.

    Adding items changes every weight (they depend on the number of items), so any
    score may move; but a score is a sum of some of the weights of the item's own
    values, so it moves by at most `bound`, the sum of how much those moved. For each
    earlier item: its listed candidates are scored again exactly (the same sums in the
    same order as a full ranking), and the new items that share a value with it are
    scored and merged in. A candidate left off shares either exactly what the last
    entry shared, so scores as it does and stays behind it, or scores at most the
    ceiling plus `bound`. When the new list's last entry outscores that by a clear
    margin (and the old last entry is still last, or gone), no candidate left off can
    reach the list, and the list, ordered by the full ranking's own key, is the full
    ranking's. Otherwise (and for the new items) the item is ranked again among all.

    Most lists stand as they were, and scoring them one by one in Python took half a
    second at 10,000 items; `_standing` finds those with array operations first.
    """
    postings, weight = feature_weights(items)
    old_count = len(items) - len(added)
    old_frequency = {feature: len(members) for feature, members in postings.items()}
    for item in items:
        if item.key in added:
            for feature in item.features:
                old_frequency[feature] -= 1
    moved = {
        feature: abs(weight[feature] - FEATURE_WEIGHTS.get(feature[0], 0.5) * math.log(1 + old_count / old_frequency[feature]))
        if old_frequency[feature] else 0.0  # a value only new items have: no earlier score has it
        for feature in postings
    }
    by_key = {item.key: item for item in items}
    ordinal = {item.key: item.date.toordinal() for item in items}
    new_items = [item for item in items if item.key in added]
    related: dict[str, tuple[str, ...]] = {}
    ceilings: dict[str, float | None] = {}
    standing = _standing(items, added, before, limit, weight, moved) if limit > 0 else {}
    again: list[int] = []
    for index, item in enumerate(items):
        if item.key in standing:
            related[item.key], ceilings[item.key] = before.related[item.key], standing[item.key]
            continue
        if item.key in added or item.key not in before.related:
            again.append(index)
            continue
        if limit <= 0 or not item.features:
            related[item.key], ceilings[item.key] = (), None
            continue
        features = sorted(item.features, key=repr)
        listed = [by_key.get(key) for key in before.related[item.key]]
        if None in listed or len(features) > _MASK_BITS:
            again.append(index)
            continue
        bound = sum(moved[feature] for feature in features)

        def scored(other: RelatedInput) -> tuple[float, int]:
            total, mask = 0.0, 0
            for position, feature in enumerate(features):  # the order a full ranking adds them in
                if feature in other.features:
                    total += weight[feature]
                    mask |= 1 << position
            return total, mask

        joining = [other for other in new_items if not item.features.isdisjoint(other.features)]
        date = ordinal[item.key]
        ranked = sorted(
            (-round(score, 9), abs(ordinal[o.key] - date), -ordinal[o.key], o.key, score, mask)
            for o, (score, mask) in ((o, scored(o)) for o in [*listed, *joining])  # type: ignore[misc]
        )
        top = ranked[:limit]
        ceiling = before.ceilings.get(item.key)
        unseen = None if ceiling is None else ceiling + bound  # the most a candidate not scored here scores
        old_last = next((entry for entry in ranked if entry[3] == listed[-1].key), None) if listed else None
        still_listed = [entry[3] for entry in top]
        if (unseen is not None and (len(top) < limit or top[-1][4] - unseen <= _CERTAIN)) or (
            old_last is not None and len(listed) == limit and old_last[3] in still_listed[:-1]
        ):
            again.append(index)  # a candidate left off might reach the list: rank it again
            continue
        related[item.key] = tuple(still_listed)
        last_mask = top[-1][5] if len(top) == limit else None
        outside = [entry[4] for entry in ranked[limit:] if entry[5] != last_mask]
        if old_last is not None and len(listed) == limit and old_last[5] != last_mask:
            outside.append(old_last[4])  # those behind the old last entry now count as left off
        ceilings[item.key] = _highest([unseen, *outside])
    ranked_again = _rank(items, again, limit, postings, weight)
    related.update(ranked_again.related)
    ceilings.update(ranked_again.ceilings)
    return Ranking({item.key: related[item.key] for item in items}, {item.key: ceilings[item.key] for item in items})


def _standing(
    items: Sequence[RelatedInput], added: set[str], before: Ranking, limit: int, weight: dict, moved: dict,
) -> dict[str, float | None]:
    """The earlier items whose related list certainly stands after the addition, each with
    its new ceiling: what `rank_after_adding`'s item-by-item rule concludes, found with
    array operations (and only where the conclusion is clear by a margin; the others are
    left to that rule). A list stands when its entries keep their order (each outscores
    the next by a clear margin, or shares exactly what the next shares, so scores as it
    does and keeps its tie-break), it is full and its last entry outscores by a clear
    margin both the ceiling plus `bound` and every new item (or it has no ceiling and no
    new item shares a value with it). Its new ceiling is the highest of the ceiling plus
    `bound` and the new items' scores, as that rule gives."""
    import numpy as np

    order = sorted(weight, key=repr)  # an item's values are added in this order (as `_rank` does)
    index_of = {feature: number for number, feature in enumerate(order)}
    padding = len(order)  # a value no item has: it weighs 0.0, and adding 0.0 changes no sum
    weights = np.array([weight[feature] for feature in order] + [0.0])
    moves = np.array([moved[feature] for feature in order] + [0.0])
    position = {item.key: number for number, item in enumerate(items)}
    owned = [sorted(index_of[feature] for feature in item.features) for item in items]

    chosen = [
        number for number, item in enumerate(items)
        if 0 < len(item.features) <= _MASK_BITS and item.key not in added and before.related.get(item.key)
    ]
    if not chosen:
        return {}
    width = max(len(owned[number]) for number in chosen)
    values = np.full((len(chosen), width), padding, dtype=np.int64)
    listed = np.full((len(chosen), limit), -1, dtype=np.int64)
    gone = np.zeros(len(chosen), dtype=bool)  # an entry no longer among the items: left to the rule
    for row, number in enumerate(chosen):
        values[row, :len(owned[number])] = owned[number]
        keys = before.related[items[number].key][:limit]
        entries = [position.get(key, -1) for key in keys]
        listed[row, :len(keys)] = entries
        gone[row] = -1 in entries
    lengths = (listed >= 0).sum(axis=1)

    # each item's values as a row (padded with -1, which no value is): an entry has a value
    # when one of its row's equals it
    holding = np.full((len(items), max(len(own) for own in owned) or 1), -1, dtype=np.int64)
    for number, own in enumerate(owned):
        holding[number, :len(own)] = own
    shared = np.zeros((len(chosen), limit, width), dtype=bool)
    for start in range(0, len(chosen), 1024):  # in slices: the comparison is rows x entries x values x values
        rows = slice(start, start + 1024)
        entries = holding[np.maximum(listed[rows], 0)]  # (rows, limit, values of the entry)
        shared[rows] = (entries[:, :, None, :] == values[rows][:, None, :, None]).any(axis=3)
    shared &= (listed >= 0)[:, :, None]

    scores = np.zeros((len(chosen), limit))
    masks = np.zeros((len(chosen), limit), dtype=np.int64)
    bounds = np.zeros(len(chosen))
    for column in range(width):  # in each item's order of values, as the full ranking sums them
        value = values[:, column]
        scores += np.where(shared[:, :, column], weights[value][:, None], 0.0)
        masks |= shared[:, :, column].astype(np.int64) << column
        bounds += moves[value]

    # new items' scores, which must stay clearly below the last entry's
    newcomers = np.zeros(len(chosen))
    for item in items:
        if item.key in added:
            theirs = np.zeros(padding + 1, dtype=bool)
            theirs[[index_of[feature] for feature in item.features]] = True
            score = np.zeros(len(chosen))
            for column in range(width):
                value = values[:, column]
                score += np.where(theirs[value], weights[value], 0.0)
            newcomers = np.maximum(newcomers, score)

    rows = np.arange(len(chosen))
    last = scores[rows, np.maximum(lengths - 1, 0)]
    in_order = np.ones(len(chosen), dtype=bool)
    for column in range(limit - 1):
        pair = column + 1 < lengths
        in_order &= ~pair | (masks[:, column] == masks[:, column + 1]) | (
            scores[:, column] - scores[:, column + 1] > _CERTAIN
        )
    ceiling_known = np.array([before.ceilings.get(items[number].key) is not None for number in chosen])
    ceiling = np.array([before.ceilings.get(items[number].key) or 0.0 for number in chosen]) + bounds
    full = lengths == limit
    clear_of_unseen = ~ceiling_known | (full & (last - ceiling > _CERTAIN))
    clear_of_new = (newcomers == 0.0) | (full & (last - newcomers > _CERTAIN))
    stands = in_order & clear_of_unseen & clear_of_new & ~gone
    # the new ceiling: the highest of the ceiling plus `bound` and the new items' scores
    highest = np.maximum(np.where(ceiling_known, ceiling, -np.inf), np.where(newcomers > 0.0, newcomers, -np.inf))
    return {
        items[number].key: None if value == -math.inf else value
        for number, value in zip(np.asarray(chosen)[stands].tolist(), highest[stands].tolist())
    }
