"""Related briefings: shared actors, countries and tags, weighted by rarity.

A shared actor who appears in two briefings says more than a shared country
that appears in half the archive, so each shared value counts its inverse
document frequency, log(1 + N / df). Ties are broken by closeness in date,
then by the newer briefing, then by address, so the order is stable.

Scoring every briefing against every other that shares a value is quadratic:
at 100,000 briefings a common value is shared with thousands, and the ranking
took most of half an hour. So each briefing's candidates are gathered from its
heaviest (rarest) values, and from the holders of pairs of its values, until
what is left cannot change its list or its ceiling; the result is exactly that
of scoring pair by pair (tests/test_related.py checks that):

- A candidate's score is the sum of the weights of the values it shares, added
  in the briefing's order of values (sorted by repr) starting from 0.0. Each
  gathered candidate is scored so, in that order, whatever the order in which
  it was gathered; the tie-breaks are those of the definition. So the ranking
  of the gathered candidates is the definition's, restricted to them.
- A candidate not gathered holds none of the values gathered whole (the
  heaviest ones, order[:singles]), so it shares either one value v of the
  others, scoring exactly weight(v), or at least two, whose two heaviest, u
  then w, are a pair whose holders were not gathered: it scores at most the
  weights of u and of w and of every value lighter than w summed. A float sum
  of positive terms never decreases when a term is added (rounding is
  monotonic), and a plain sum is rounded up (_ROUND_UP) to cover the order of
  addition, so `unseen`, the largest of these, bounds every score not gathered.
- The list is taken only when the limit-th gathered score, rounded to 9
  decimals, is above `unseen` rounded: rounding is monotonic, so every
  candidate not gathered rounds lower and comes after the whole list.
- The ceiling (the best score left off, those sharing exactly what the last
  entry shares aside) is taken only when the best gathered candidate left off
  scores at least `unseen`: then no candidate not gathered scores above it
  (and none shares what the last entry shares, as it rounds lower than it).
- Otherwise more is gathered: the values and pairs whose bound reaches the
  limit-th score so far (which only rises as more is gathered), or the
  ceiling so far; in the end every value, when nothing else settles it.

Gathering only the heaviest values and pairs keeps the candidates to a few
hundred at 100,000 briefings, where a common value has tens of thousands of
holders; nothing is of size n x n (per value: its holders, and a byte per
briefing for common values; per pair of values asked for: its holders).

A briefing whose values have few holders all told (at most _SMALL_POOL, every
one at 1,000 briefings, few at 10,000) is not gathered: all its candidates are
scored, in plain Python, as the definition scores them (_rank_plainly). There
the gathering's dozens of small array operations cost more than the scoring,
and NumPy is not even imported.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable, Sequence

from generator.numerics import numpy

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


# an item with more values than this has no ceiling exception (see Ranking): its shared values
# were recorded as bits of an int64, and rank_after_adding still ranks such an item again
_MASK_BITS = 62

# a value held by at least this many items gets a membership vector (a byte per item), made
# the first time candidates are tested against it; a rarer one is tested by marking its holders
_DENSE_FROM = 256

# an item's heaviest value is gathered whole when held by at most this many items; otherwise
# the gathering starts with the holders of it and one of the next values (most lists are those)
_FEW_HOLDERS = 256

# an item whose values have at most this many holders all told is ranked in plain Python
# (_rank_plainly): at that size, scoring every candidate costs less than gathering a few
_SMALL_POOL = 1000

# NumPy's import costs about what gathering a few hundred items does (0.045 s): when at most
# this many items have pools above _SMALL_POOL, none above _FEW_POOL, they are scored plainly too
_FEW_TO_GATHER = 50
_FEW_POOL = 3 * _SMALL_POOL

# bounds are plain float sums rounded up by this factor: a float sum of n positive terms, in
# any order, is within n * 2**-53 of the exact sum (relatively), far inside this for any n here
_ROUND_UP = 1 + 1e-12


def _rank(
    items: Sequence[RelatedInput], indexes: Iterable[int], limit: int, postings: dict, weight: dict,
) -> Ranking:
    """The related lists (and ceilings) of the items at `indexes`, ranked among all `items`:
    an item whose values have few holders all told by scoring each of them (`_rank_plainly`),
    the others by gathering candidates from their rarest values and pairs of values first,
    until what is left cannot change the list or its ceiling (`_gather`)."""
    # values as numbers, in order of repr: an item's values sorted as numbers are in the order
    # its float sums are added in (sorting each item's by repr took a tenth of the ranking)
    by_repr = sorted(postings, key=repr)
    number_of = {feature: number for number, feature in enumerate(by_repr)}
    weight_of = [weight[feature] for feature in by_repr]
    posting_list = [postings[feature] for feature in by_repr]
    holder_counts = [len(members) for members in posting_list]
    ordinal_list = [item.date.toordinal() for item in items]
    related: dict[str, tuple[str, ...]] = {}
    ceilings: dict[str, float | None] = {}
    to_gather: list[tuple[int, list[int], int]] = []  # (index, values, pool)
    for index in indexes:
        item = items[index]
        if limit <= 0 or not item.features:
            related[item.key], ceilings[item.key] = (), None
            continue
        # sorted (by repr) so float sums are added in the same order on every run
        values = sorted(map(number_of.__getitem__, item.features))
        pool = sum(map(holder_counts.__getitem__, values))
        if pool <= _SMALL_POOL:
            related[item.key], ceilings[item.key] = _rank_plainly(
                items, index, by_repr, values, weight_of, posting_list, ordinal_list, limit,
            )
        else:
            related[item.key] = ceilings[item.key] = None  # its place in the order of `indexes`, filled below
            to_gather.append((index, values, pool))
    if len(to_gather) <= _FEW_TO_GATHER and all(pool <= _FEW_POOL for _, _, pool in to_gather):
        # a few items a little above the threshold: scored plainly too, rather than importing
        # NumPy for them (an archive a little larger than the one whose pools all fit)
        for index, values, _ in to_gather:
            related[items[index].key], ceilings[items[index].key] = _rank_plainly(
                items, index, by_repr, values, weight_of, posting_list, ordinal_list, limit,
            )
        to_gather = []
    if to_gather:
        gathered = _gather(
            items, [(index, values) for index, values, _ in to_gather], limit, by_repr, weight_of, posting_list,
            ordinal_list,
        )
        related.update(gathered.related)
        ceilings.update(gathered.ceilings)
    return Ranking(related, ceilings)


def _gather(
    items: Sequence[RelatedInput], to_gather: list[tuple[int, list[int]]], limit: int, by_repr: list,
    weight_of: list[float], posting_list: list[list[int]], ordinal_list: list[int],
) -> Ranking:
    """The lists and ceilings of the items in `to_gather` (each with its values as numbers,
    in its order): candidates gathered from the item's rarest values and pairs of values
    first, until what is left cannot change the list or its ceiling (see the module's
    docstring). NumPy is imported here only: at 1,000 briefings no item is gathered, and
    its import was a third of the ranking's CPU in a build."""
    np = numpy()

    count = len(items)
    arrays: list = [None] * len(posting_list)  # each value's holders as an array, made when first needed
    dense: list = [None] * len(posting_list)  # whether each item holds a (common) value, likewise
    pair_holders: dict[tuple[int, int], np.ndarray] = {}  # the holders of both of two values, likewise
    ordinals = np.array(ordinal_list, dtype=np.int64)
    # each key's place in key order: the last tie-break, compared as numbers
    key_order = np.empty(count, dtype=np.int64)
    key_order[sorted(range(count), key=lambda number: items[number].key)] = np.arange(count)
    seen = np.zeros(count, dtype=bool)  # the item itself and its candidates so far
    marks = np.zeros(count, dtype=bool)  # scratch: the holders of one rare value
    slots = np.zeros(count, dtype=np.intp)  # scratch: where a candidate is among those gathered

    def holders(value: int) -> np.ndarray:
        found = arrays[value]
        if found is None:
            found = arrays[value] = np.asarray(posting_list[value], dtype=np.intp)
        return found

    def holding(value: int, others: np.ndarray) -> np.ndarray:
        """Which of `others` hold `value`."""
        members = holders(value)
        if len(members) >= _DENSE_FROM:
            vector = dense[value]
            if vector is None:
                vector = dense[value] = np.zeros(count, dtype=bool)
                vector[members] = True
            return vector[others]
        marks[members] = True
        found = marks[others]
        marks[members] = False
        return found

    def both(first: int, second: int) -> np.ndarray:
        """The items holding both values."""
        key = (first, second) if first < second else (second, first)
        found = pair_holders.get(key)
        if found is None:
            rarer, commoner = sorted(key, key=lambda value: len(posting_list[value]))
            members = holders(rarer)
            found = pair_holders[key] = members[holding(commoner, members)]
        return found

    related: dict[str, tuple[str, ...]] = {}
    ceilings: dict[str, float | None] = {}
    for index, values in to_gather:
        item = items[index]
        features = [by_repr[value] for value in values]
        weights = [weight_of[value] for value in values]
        masked = len(values) <= _MASK_BITS
        # positions (in `values`) from the heaviest (rarest) value to the lightest
        order = sorted(range(len(values)), key=lambda position: -weights[position])
        size = len(order)
        lighter = [0.0] * (size + 1)  # lighter[k]: the weights of order[k:] summed
        for step in range(size - 1, -1, -1):
            lighter[step] = lighter[step + 1] + weights[order[step]]
        date = ordinals[index]
        seen[index] = True
        # gathered so far: the holders of order[:singles], and for each step a >= singles, the
        # holders of both order[a] and order[b] for a < b <= reach[a]
        singles, reach = 0, list(range(size))
        wanted_singles, wanted_reach = 1, list(reach)
        if size > 1 and len(posting_list[values[order[0]]]) > _FEW_HOLDERS:
            # its holders are many: start with those sharing it and one of the next values
            wanted_singles, wanted_reach[0] = 0, min(size - 1, 3)
        others_parts: list[np.ndarray] = []
        score_parts: list[np.ndarray] = []
        while True:
            parts = [holders(values[taken]) for taken in order[singles:wanted_singles]]
            for heavier in range(wanted_singles, size):
                for lighter_step in range(max(reach[heavier], heavier) + 1, wanted_reach[heavier] + 1):
                    parts.append(both(values[order[heavier]], values[order[lighter_step]]))
                reach[heavier] = max(reach[heavier], wanted_reach[heavier])
            gathered = np.concatenate(parts) if len(parts) != 1 else parts[0]
            new = gathered[~seen[gathered]]
            if len(parts) > 1:  # one item may hold several of the values gathered: keep it once
                slots[new] = np.arange(len(new))
                new = new[slots[new] == np.arange(len(new))]
            seen[new] = True
            scores = np.zeros(len(new), dtype=np.float64)
            if len(new):
                before = set(order[:singles])  # the new ones hold none of these (or they were seen)
                for position, value in enumerate(values):  # added in the item's order, as pair by pair
                    if position not in before:
                        scores[holding(value, new)] += weights[position]
            others_parts.append(new)
            score_parts.append(scores)
            singles = wanted_singles
            # the most a candidate not gathered yet scores: it holds none of order[:singles], so
            # either one value of order[singles:] (scoring its weight) or at least two, the two
            # heaviest of them a pair not gathered (scoring at most those two and every lighter one)
            unseen = None
            if singles < size:
                unseen = weights[order[singles]]
                for heavier in range(singles, size - 1):
                    if reach[heavier] + 1 < size:
                        unseen = max(unseen, (weights[order[heavier]] + lighter[reach[heavier] + 1]) * _ROUND_UP)
            others = np.concatenate(others_parts) if len(others_parts) != 1 else others_parts[0]
            if unseen is not None and len(others) < limit:
                wanted_singles = singles + 1
                continue
            scores = np.concatenate(score_parts) if len(score_parts) != 1 else score_parts[0]
            kth = ceiling = None
            if unseen is not None:
                kth = round(float(np.partition(scores, len(others) - limit)[len(others) - limit]), 9)
            if unseen is None or kth > round(unseen, 9):
                top = _top(others, scores, limit, ordinals, key_order, date)
                outside = np.ones(len(others), dtype=bool)
                outside[top] = False
                if masked and len(others) >= limit:
                    # sharing what the last entry shares: never ahead of it (see Ranking). Those
                    # score exactly as it does (the same weights summed in the same order)
                    tied = np.flatnonzero(outside & (scores == scores[top[-1]]))
                    if len(tied):
                        last = items[int(others[top[-1]])].features
                        same = np.ones(len(tied), dtype=bool)
                        for value, feature in zip(values, features):
                            same &= holding(value, others[tied]) == (feature in last)
                        outside[tied[same]] = False
                ceiling = float(scores[outside].max()) if outside.any() else None
                if unseen is None or (ceiling is not None and ceiling >= unseen):
                    related[item.key] = tuple(items[other].key for other in others[top].tolist())
                    ceilings[item.key] = ceiling
                    seen[others] = False
                    seen[index] = False
                    break
                # the list stands, but one not gathered yet might score above its ceiling
                needed = (lambda most: True) if ceiling is None else (lambda most: most > ceiling)
            else:
                # one not gathered yet might make the list: gather what might score at least
                # the limit-th score so far (which only rises as more are gathered)
                # (what to gather next only speeds the search: the tests above decide)
                reach_down = kth - 1e-9  # what rounds to at least kth is above this
                needed = lambda most: most >= reach_down  # noqa: E731
            wanted_singles = singles
            while wanted_singles < size and needed(weights[order[wanted_singles]]):
                wanted_singles += 1
            wanted_reach = list(reach)
            for heavier in range(wanted_singles, size - 1):
                while wanted_reach[heavier] + 1 < size and needed(
                    (weights[order[heavier]] + lighter[wanted_reach[heavier] + 1]) * _ROUND_UP
                ):
                    wanted_reach[heavier] += 1
            if wanted_singles == singles and wanted_reach == reach:
                wanted_singles += 1  # (the bound comes from one of them, so never here) to be sure of progress
    return Ranking(related, ceilings)


def _rank_plainly(
    items: Sequence[RelatedInput], index: int, by_repr: list, values: list[int], weight_of: list[float],
    posting_list: list[list[int]], ordinals: list[int], limit: int,
) -> tuple[tuple[str, ...], float | None]:
    """One item's list and ceiling, every candidate scored as the definition scores it: for
    an item whose values have few holders all told, this costs less than the gathering's
    dozens of small array operations.

    The item's `values` (as numbers) are in its order (sorted by repr), and each score is
    their weights summed in that order from 0.0, as `_gather` and the definition sum them."""
    weights = [weight_of[value] for value in values]
    scores = dict.fromkeys(posting_list[values[0]], weights[0])  # 0.0 + weight, exactly
    for value, weight in zip(values[1:], weights[1:]):
        for other in posting_list[value]:
            if other in scores:
                scores[other] += weight
            else:
                scores[other] = weight
    del scores[index]
    if not scores:
        return (), None
    date = ordinals[index]
    descending = sorted(scores.values(), reverse=True)
    if len(descending) > limit:
        # nothing scoring below the limit-th score less a margin can round up into the list
        cut = descending[limit - 1] - _MARGIN
        near = [other for other, score in scores.items() if score >= cut]
    else:
        cut, near = -math.inf, list(scores)
    near.sort(key=lambda other: (
        -round(scores[other], 9), abs(ordinals[other] - date), -ordinals[other], items[other].key,
    ))
    top, left_off = near[:limit], near[limit:]
    # the best of those below the cut, which all come after the list
    below = next((score for score in descending[limit:] if score < cut), None)
    if len(values) <= _MASK_BITS and len(top) == limit and left_off:
        # sharing exactly what the last entry shares: never ahead of it, so not counted in
        # the ceiling (see Ranking); they score as it does, so they are among the near ones
        features = [by_repr[value] for value in values]
        last = top[-1]
        shares = [feature in items[last].features for feature in features]
        left_off = [
            other for other in left_off
            if scores[other] != scores[last] or [feature in items[other].features for feature in features] != shares
        ]
    ceiling = _highest([below, *(scores[other] for other in left_off)])
    return tuple(items[other].key for other in top), ceiling


def _top(others, scores, limit: int, ordinals, key_order, date):
    """Positions in `others` of the best `limit`, best first: by score rounded to 9
    decimals, then closeness in date, then the newer, then the key."""
    np = numpy()

    if len(others) > limit:
        # the limit-th best score, less a margin: nothing below it can make the top
        kth = np.partition(scores, len(others) - limit)[len(others) - limit]
        near = np.flatnonzero(scores >= kth - _MARGIN)
    else:
        near = np.arange(len(others))
    if len(near) <= 32:  # a few: ordered in Python, faster than a round of array operations
        candidates = others[near]
        ranked = sorted(zip(
            [-round(score, 9) for score in scores[near].tolist()],
            np.abs(ordinals[candidates] - date).tolist(),
            (-ordinals[candidates]).tolist(),
            key_order[candidates].tolist(),
            near.tolist(),
        ))
        return np.array([entry[4] for entry in ranked[:limit]], dtype=np.intp)
    # np.unique's values, without np.unique: it asks numpy.ma whether the array is masked,
    # and importing numpy.ma cost an addition 0.013 s
    ordered = np.sort(scores[near])
    distinct = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    # Python's own rounding, not NumPy's (which scales and can differ in the last place)
    rounded = np.array([round(value, 9) for value in distinct.tolist()])[np.searchsorted(distinct, scores[near])]
    candidates = others[near]
    dates = ordinals[candidates]
    ranked = np.lexsort((key_order[candidates], -dates, np.abs(dates - date), -rounded))
    return near[ranked[:limit]]


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
    np = numpy()

    order = sorted(weight, key=repr)  # an item's values are added in this order (as `_rank` does)
    index_of = {feature: number for number, feature in enumerate(order)}
    padding = len(order)  # a value no item has: it weighs 0.0, and adding 0.0 changes no sum
    weights = np.array([weight[feature] for feature in order] + [0.0])
    moves = np.array([moved[feature] for feature in order] + [0.0])
    position = {item.key: number for number, item in enumerate(items)}
    number_of = index_of.__getitem__
    owned = [sorted(map(number_of, item.features)) for item in items]

    chosen = [
        number for number, item in enumerate(items)
        if 0 < len(item.features) <= _MASK_BITS and item.key not in added and before.related.get(item.key)
    ]
    if not chosen:
        return {}
    width = max(len(owned[number]) for number in chosen)
    values = _rows([owned[number] for number in chosen], width, padding)
    entries = [[position.get(key, -1) for key in before.related[items[number].key][:limit]] for number in chosen]
    listed = _rows(entries, limit, -1)
    gone = np.array([-1 in row for row in entries], dtype=bool)  # an entry no longer among the items: left to the rule
    lengths = (listed >= 0).sum(axis=1)

    # each item's values as a row (padded with -1, which no value is): an entry has a value
    # when one of its row's equals it
    holding = _rows(owned, max(len(own) for own in owned) or 1, -1)
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


def _rows(rows: Sequence[list[int]], width: int, fill: int):  # type: ignore[no-untyped-def]
    """`rows` padded with `fill` to `width`, as one integer array (made at once: filled a row
    at a time, the archive's 10,000 rows took a tenth of an addition's ranking)."""
    np = numpy()
    return np.array([row + [fill] * (width - len(row)) for row in rows], dtype=np.int64).reshape(len(rows), width)
