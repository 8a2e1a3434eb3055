"""Related briefings: rare shared values count more, then closeness in date."""

from __future__ import annotations

import datetime as dt

from generator.related import RelatedInput, rank_related


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
    """The plain definition: score every pair that shares a value, sort them all."""
    from generator.related import feature_weights

    postings, weight = feature_weights(items)
    result = {}
    for index, item in enumerate(items):
        scores = {}
        for feature in sorted(item.features, key=repr):
            for other in postings[feature]:
                if other != index:
                    scores[other] = scores.get(other, 0.0) + weight[feature]
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
