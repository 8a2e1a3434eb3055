"""Related briefings: rare shared values count more, then closeness in date."""

from __future__ import annotations

import datetime as dt
import math

import random

import pytest

from generator.related import RelatedInput, Ranking, rank_after_adding, rank_related, rank_with_ceilings


def item(key, date, *features):
    return RelatedInput(key, dt.date.fromisoformat(date), frozenset(features))


def test_a_shared_rare_actor_outranks_a_shared_common_country():
    items = [
        item("target", "2024-01-10", ("actors", "rare"), ("countries", "common")),
        item("shares-rare-actor", "2020-01-01", ("actors", "rare")),
        item("shares-common-country", "2024-01-11", ("countries", "common")),
        item("filler-1", "2024-01-01", ("countries", "common")),
        item("filler-2", "2024-01-01", ("countries", "common")),
    ]
    assert rank_related(items, 5)["target"][:2] == ("shares-rare-actor", "shares-common-country")


def test_equal_scores_are_ordered_by_closeness_in_date():
    items = [
        item("target", "2024-06-15", ("tags", "x")),
        item("far", "2020-06-15", ("tags", "x")),
        item("near", "2024-06-10", ("tags", "x")),
        item("middle", "2023-06-15", ("tags", "x")),
    ]
    assert rank_related(items, 5)["target"] == ("near", "middle", "far")


def test_nothing_shared_means_not_related_and_the_limit_holds():
    items = [item("a", "2024-01-01", ("tags", "x"))] + [
        item(f"b{i}", "2024-01-01", ("tags", "x")) for i in range(8)
    ] + [item("unrelated", "2024-01-01", ("tags", "y"))]
    related = rank_related(items, 5)
    assert len(related["a"]) == 5
    assert "unrelated" not in related["a"]
    assert related["unrelated"] == ()


def test_a_briefing_is_never_related_to_itself():
    items = [item("a", "2024-01-01", ("actors", "x")), item("b", "2024-01-02", ("actors", "x"))]
    assert rank_related(items, 5) == {"a": ("b",), "b": ("a",)}


def test_the_ranking_does_not_depend_on_input_order():
    items = [
        item("t", "2024-01-01", ("actors", "a"), ("tags", "t")),
        item("u", "2024-01-01", ("actors", "a")),
        item("v", "2024-01-01", ("tags", "t")),
        item("w", "2024-01-01", ("actors", "a"), ("tags", "t")),
    ]
    assert rank_related(items, 5) == rank_related(list(reversed(items)), 5)


def rank_pair_by_pair(items, limit):
    """The plain definition: score every pair that shares a value, sort them all (the
    reference below, without its ceilings)."""
    return rank_pair_by_pair_with_ceilings(items, limit).related


def test_the_fast_ranking_is_exactly_the_pair_by_pair_definition():
    import random

    chooser = random.Random(11)
    # skewed values, many ties, dates over a few years: the shape of a real archive
    actors = [("actors", f"a{i}") for i in range(40)]
    countries = [("countries", f"c{i}") for i in range(8)]
    tags = [("tags", f"t{i}") for i in range(5)]
    items = []
    for number in range(600):
        features = set(chooser.choices(actors, weights=[1 / (i + 1) for i in range(40)], k=chooser.randint(0, 4)))
        features |= set(chooser.sample(countries, chooser.randint(0, 2)))
        features |= set(chooser.sample(tags, chooser.randint(0, 2)))
        date = dt.date(2020, 1, 1) + dt.timedelta(days=chooser.randint(0, 900))
        items.append(RelatedInput(f"k{number:04d}", date, frozenset(features)))
    for limit in (1, 5, 12):
        assert rank_related(items, limit) == rank_pair_by_pair(items, limit)


def random_archive(rng: random.Random, count: int, start: int = 0) -> list[RelatedInput]:
    """Items with Zipf-like values, as in an archive: a few everywhere, most rare."""
    actors = [("actors", f"a{n}") for n in range(60)]
    countries = [("countries", f"c{n}") for n in range(12)]
    tags = [("tags", f"t{n}") for n in range(8)]
    items = []
    for number in range(start, start + count):
        features = {rng.choice(countries)}
        features.update(rng.choices(actors, weights=[1 / (r + 1) for r in range(60)], k=rng.randint(0, 4)))
        features.update(rng.sample(tags, rng.randint(0, 2)))
        date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
        items.append(RelatedInput(f"item-{number}", date, frozenset(features)))
    return items


@pytest.mark.parametrize("seed", [17, 23, 41])
def test_ranking_after_additions_is_the_full_ranking(seed):
    """The weights depend on the number of items, so an addition may reorder any list:
    ranking again only what may change gives exactly what ranking all gives, addition
    after addition (each building on the last one's ceilings)."""
    rng = random.Random(seed)
    items = random_archive(rng, 300)
    ranking = rank_with_ceilings(items, 5)
    for round_number in range(12):
        added = random_archive(rng, rng.randint(1, 3), start=1000 + 10 * round_number)
        if round_number % 4 == 3:  # a copy of an earlier item's values: ties everywhere
            twin = rng.choice(items)
            added = [RelatedInput(f"twin-{round_number}", twin.date, twin.features)]
        items = items + added
        rng.shuffle(items)
        ranking = rank_after_adding(items, {item.key for item in added}, ranking, 5)
        full = rank_with_ceilings(items, 5)
        assert ranking.related == full.related
        for key, ceiling in ranking.ceilings.items():  # a ceiling stays a bound, if a looser one
            assert (ceiling is None) == (full.ceilings[key] is None) or ceiling is not None
            if full.ceilings[key] is not None:
                assert ceiling >= full.ceilings[key]


def test_an_addition_that_shares_nothing_ranks_only_itself_again():
    items = [item("a", "2024-01-01", ("tags", "x")), item("b", "2024-01-02", ("tags", "x"))]
    before = rank_with_ceilings(items, 5)
    lonely = item("lonely", "2024-02-01", ("tags", "never-seen"))
    after = rank_after_adding([*items, lonely], {"lonely"}, before, 5)
    assert after.related == {"a": ("b",), "b": ("a",), "lonely": ()}
    assert after == Ranking(rank_related([*items, lonely], 5), after.ceilings)


@pytest.mark.parametrize("seed", [5, 29])
def test_lists_an_addition_leaves_standing_are_found_without_scoring_them_one_by_one(seed):
    """The array screen (`_standing`) keeps most lists as they were, and each it keeps
    is the full ranking's, with a ceiling that still bounds what was left off."""
    from generator.related import _standing, feature_weights

    rng = random.Random(seed)
    items = random_archive(rng, 400)
    before = rank_with_ceilings(items, 5)
    added = random_archive(rng, 2, start=5000)
    grown = items + added
    full = rank_with_ceilings(grown, 5)
    after = rank_after_adding(grown, {item.key for item in added}, before, 5)
    _, weight = feature_weights(grown)
    moved = {feature: abs(weight[feature] - w) for feature, w in feature_weights(items)[1].items()}
    moved.update({feature: 0.0 for feature in weight.keys() - moved.keys()})
    standing = _standing(grown, {item.key for item in added}, before, 5, weight, moved)
    assert len(standing) > len(items) / 2
    for key, ceiling in standing.items():
        assert full.related[key] == before.related[key]
        if full.ceilings[key] is not None:
            assert ceiling is not None and ceiling >= full.ceilings[key]
    assert after.related == full.related


def rank_pair_by_pair_with_ceilings(items, limit):
    """The plain definition, ceilings included: each item's best score left off its list,
    those sharing exactly what its last entry shares aside (see `Ranking`)."""
    from generator.related import feature_weights

    postings, weight = feature_weights(items)
    related, ceilings = {}, {}
    for index, item in enumerate(items):
        scores, shared = {}, {}
        for feature in sorted(item.features, key=repr):
            for other in postings[feature]:
                if other != index:
                    scores[other] = scores.get(other, 0.0) + weight[feature]
                    shared.setdefault(other, set()).add(feature)
        ranked = sorted(
            scores,
            key=lambda other: (
                -round(scores[other], 9),
                abs((items[other].date - item.date).days),
                -items[other].date.toordinal(),
                items[other].key,
            ),
        )
        related[item.key] = tuple(items[other].key for other in ranked[:limit])
        last = shared[ranked[limit - 1]] if limit > 0 and len(ranked) >= limit and len(item.features) <= 62 else None
        left_off = [scores[other] for other in ranked[limit:] if shared[other] != last]
        ceilings[item.key] = max(left_off) if left_off and limit > 0 else None
    return Ranking(related, ceilings)


def skewed_archive(rng: random.Random, count: int) -> list[RelatedInput]:
    """Items built to stress the gathering's shortcuts: a value nearly everyone holds, a
    few common ones, many rare ones; copies of one item (ties everywhere), items holding
    only the common value, items sharing nothing, and dates drawn from a few days."""
    everywhere = ("countries", "everywhere")
    common = [("tags", f"common-{n}") for n in range(3)]
    rare = [("actors", f"rare-{n}") for n in range(count // 4)]
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 6)) for _ in range(5)]
    items = []
    for number in range(count):
        roll = rng.random()
        if roll < 0.1:
            features = {everywhere}  # only the common value
        elif roll < 0.15:
            features = {("tags", f"alone-{number}")}  # shares nothing
        elif roll < 0.3 and items:
            features = set(items[-1].features)  # a copy: the same score as the one before
        else:
            features = {everywhere} if rng.random() < 0.7 else set()
            features.update(rng.sample(common, rng.randint(0, 3)))
            features.update(rng.sample(rare, rng.randint(0, 3)))
            if not features:
                features = {rng.choice(common)}
        items.append(RelatedInput(f"s{number:04d}", rng.choice(days), frozenset(features)))
    return items


@pytest.mark.parametrize("seed", [3, 8])
@pytest.mark.parametrize("shortcuts_from", [None, 3])
def test_the_gathering_gives_the_definitions_lists_and_ceilings_however_tied(seed, shortcuts_from, monkeypatch):
    """Ties of score and of date everywhere, an item whose only value is held by most,
    items sharing nothing: the lists and the ceilings are the pair-by-pair definition's.
    `shortcuts_from` lowers the counts of holders from which a value is tested through a
    vector and a heaviest value is gathered by pairs, so this small archive takes those
    paths too (a large one takes them at their own thresholds). Every item is gathered
    here (none is scored plainly, which a small archive's items otherwise all are)."""
    from generator import related

    gather_every_item(monkeypatch)
    if shortcuts_from is not None:
        monkeypatch.setattr(related, "_DENSE_FROM", shortcuts_from)
        monkeypatch.setattr(related, "_FEW_HOLDERS", shortcuts_from)
    items = skewed_archive(random.Random(seed), 300)
    for limit in (1, 4):
        assert rank_with_ceilings(items, limit) == rank_pair_by_pair_with_ceilings(items, limit)


def test_a_common_value_held_by_hundreds_is_ranked_as_the_definition_ranks_it():
    """Above the default thresholds: a value held by 600 of 700 items, ranked with the
    shortcuts a large archive takes (and most items gathered, their values' holders being
    too many to score them all plainly), still gives the definition's lists and ceilings."""
    rng = random.Random(19)
    items = skewed_archive(rng, 700)
    assert sum(("countries", "everywhere") in item.features for item in items) > 256
    assert rank_with_ceilings(items, 5) == rank_pair_by_pair_with_ceilings(items, 5)


def test_an_item_whose_only_value_everyone_holds_lists_the_nearest_in_date():
    items = [item("only", "2024-03-10", ("countries", "c"))] + [
        item(f"n{day:02d}", f"2024-03-{day:02d}", ("countries", "c"), ("actors", f"a{day}")) for day in range(1, 29)
    ]
    ranking = rank_with_ceilings(items, 3)
    # equally near before and after: the newer first
    assert ranking.related["only"] == ("n10", "n11", "n09")
    # every candidate left off shares exactly what the last entry shares: no ceiling
    assert ranking.ceilings["only"] is None


@pytest.mark.parametrize("every_item_gathered", [True, False])
def test_an_item_with_more_values_than_bits_is_ranked_as_the_definition_ranks_it(every_item_gathered, monkeypatch):
    """Past 62 values an item's ceiling makes no exception for those sharing what its
    last entry shares (rank_after_adding ranks such an item again in any case); gathered,
    or scored plainly as its few holders let it be by default."""
    if every_item_gathered:
        gather_every_item(monkeypatch)
    rng = random.Random(31)
    tags = [("tags", f"t{n}") for n in range(80)]
    crowded = RelatedInput("crowded", dt.date(2024, 5, 1), frozenset(tags[:70]))
    others = [
        RelatedInput(f"o{n:03d}", dt.date(2024, 5, 1) + dt.timedelta(days=rng.randint(-3, 3)), frozenset(rng.sample(tags, 2)))
        for n in range(120)
    ]
    items = [crowded, *others]
    assert rank_with_ceilings(items, 5) == rank_pair_by_pair_with_ceilings(items, 5)


def gather_every_item(monkeypatch):
    """No item scored plainly: every one ranked by gathering candidates, as most are in a
    large archive (a small one's items would otherwise all be scored plainly)."""
    from generator import related

    monkeypatch.setattr(related, "_SMALL_POOL", 0)
    monkeypatch.setattr(related, "_FEW_TO_GATHER", 0)


def pool_sizes(items):
    """Each item's values' holders counted all told: what decides whether it is scored
    plainly (at most `_SMALL_POOL`) or gathered."""
    from generator.related import feature_weights

    postings, _ = feature_weights(items)
    return [sum(len(postings[feature]) for feature in item.features) for item in items]


@pytest.mark.parametrize("archive", ["zipf", "skewed"])
def test_items_scored_plainly_and_items_gathered_side_by_side_give_the_definitions_ranking(archive, monkeypatch):
    """With the threshold at the median pool, half the items are scored plainly and half
    gathered, from the same weights: ties of score and date everywhere (the skewed
    archive), lists, ceilings and their exception are the definition's on both sides."""
    from generator import related

    rng = random.Random(47)
    items = random_archive(rng, 400) if archive == "zipf" else skewed_archive(rng, 400)
    pools = sorted(pool_sizes(items))
    threshold = pools[len(pools) // 2]
    monkeypatch.setattr(related, "_SMALL_POOL", threshold)
    monkeypatch.setattr(related, "_FEW_TO_GATHER", 0)  # (half the items are more than a few in any case)
    assert pools[0] <= threshold < pools[-1]
    for limit in (1, 4, 5):
        assert rank_with_ceilings(items, limit) == rank_pair_by_pair_with_ceilings(items, limit)


@pytest.mark.parametrize("every_item_gathered", [True, False])
def test_a_candidate_tied_with_the_last_entry_on_other_values_counts_in_the_ceiling(every_item_gathered, monkeypatch):
    """Two actors, each held by two items, weigh exactly the same: the candidate sharing
    the other actor scores as the last entry does but shares something else, so it is
    the ceiling; a copy of the last entry's values is not (it can never pass it).
    Gathered, or scored plainly."""
    if every_item_gathered:
        gather_every_item(monkeypatch)
    items = [
        item("target", "2024-01-10", ("actors", "x"), ("actors", "y")),
        item("shares-x", "2024-01-09", ("actors", "x")),
        item("shares-y", "2024-01-01", ("actors", "y")),
        *(item(f"filler-{n}", "2024-01-01", ("tags", "z")) for n in range(4)),
    ]
    ranking = rank_with_ceilings(items, 1)
    assert ranking.related["target"] == ("shares-x",)
    assert ranking.ceilings["target"] == pytest.approx(math.log(1 + 7 / 2))
    copy = item("copies-x", "2023-01-01", ("actors", "x"))
    without_y = [entry for entry in items if entry.key != "shares-y"] + [copy]
    assert rank_with_ceilings(without_y, 1).ceilings["target"] is None


@pytest.mark.parametrize("values", [62, 63])
@pytest.mark.parametrize("every_item_gathered", [True, False])
def test_at_62_values_copies_of_the_last_entry_are_no_ceiling_and_at_63_they_are(values, every_item_gathered, monkeypatch):
    """The exception for candidates sharing exactly what the last entry shares holds up to
    62 values, gathered or scored plainly."""
    if every_item_gathered:
        gather_every_item(monkeypatch)
    tags = [("tags", f"t{n}") for n in range(values)]
    items = [RelatedInput("crowded", dt.date(2024, 5, 1), frozenset(tags))] + [
        RelatedInput(f"copy-{n}", dt.date(2024, 5, 1 + n), frozenset(tags[:2])) for n in range(3)
    ]
    ranking = rank_with_ceilings(items, 1)
    assert ranking.related["crowded"] == ("copy-0",)
    if values <= 62:
        assert ranking.ceilings["crowded"] is None
    else:
        # each copy shares two values held by the four items: the two weights summed
        assert ranking.ceilings["crowded"] == 2 * (0.6 * math.log(1 + 4 / 4))
    assert ranking == rank_pair_by_pair_with_ceilings(items, 1)


def test_a_few_items_a_little_above_the_threshold_are_scored_plainly_too(monkeypatch):
    """When only a few items' pools are above the threshold (by less than three times it),
    they are scored plainly rather than gathered (which would import NumPy for them), and
    the ranking is still the definition's; more of them, and they are gathered."""
    from generator import related

    items = random_archive(random.Random(53), 400)
    pools = sorted(pool_sizes(items))
    threshold = pools[-10]
    above = sum(pool > threshold for pool in pools)
    monkeypatch.setattr(related, "_SMALL_POOL", threshold)
    monkeypatch.setattr(related, "_FEW_POOL", 3 * threshold)
    assert 0 < above <= related._FEW_TO_GATHER and pools[-1] <= 3 * threshold
    gathered = []
    real_gather = related._gather
    monkeypatch.setattr(related, "_gather", lambda items, to_gather, *rest: gathered.extend(to_gather) or real_gather(
        items, to_gather, *rest))
    assert rank_with_ceilings(items, 5) == rank_pair_by_pair_with_ceilings(items, 5)
    assert gathered == []
    monkeypatch.setattr(related, "_FEW_TO_GATHER", above - 1)
    assert rank_with_ceilings(items, 5) == rank_pair_by_pair_with_ceilings(items, 5)
    assert len(gathered) == above
