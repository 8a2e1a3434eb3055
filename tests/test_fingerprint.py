"""Page fingerprints: whatever a template can see changes the fingerprint; nothing else does."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.incremental.fingerprint import Fingerprinter
from generator.models import Article, Term
from generator.models import Page


def article(**changes) -> Article:
    fields = dict(
        path="content/articles/2024/talks.md", slug="talks", title="Talks resume", date=dt.date(2024, 3, 1),
        region="South Caucasus", body="Delegations met.", body_line=6,
    )
    return Article(**{**fields, **changes})


def page(context: dict, **changes) -> Page:
    return Page(**{"path": "x/index.html", "template": "term.html", "title": "X", "context": context, **changes})


def fingerprint(value) -> str:
    return Fingerprinter().page(value)


def test_the_same_context_built_twice_has_the_same_fingerprint():
    assert fingerprint(page({"a": article(), "n": [1, "two", None]})) == fingerprint(
        page({"a": article(), "n": [1, "two", None]})
    )


@pytest.mark.parametrize(
    "other",
    [
        page({"a": article(title="Talks stall")}),
        page({"a": article(date=dt.date(2024, 3, 2))}),
        page({"a": article(), "extra": True}),
        page({"a": article()}, title="Y"),
        page({"a": article()}, template="article.html"),
    ],
)
def test_any_change_a_template_could_show_changes_the_fingerprint(other: Page):
    assert fingerprint(other) != fingerprint(page({"a": article()}))


def test_values_of_different_types_do_not_collide():
    prints = {fingerprint(page({"v": value})) for value in (1, 1.0, True, "1", (1,), [1], None)}
    assert len(prints) == 6  # (1,) and [1] are the same sequence to a template


def test_an_article_from_a_file_is_its_files_digest():
    # every field is a function of the file, so the digest stands for all of them
    one = article(source_digest="abc")
    assert fingerprint(page({"a": one})) == fingerprint(page({"a": dataclasses.replace(one, title="Other")}))
    assert fingerprint(page({"a": one})) != fingerprint(page({"a": article(source_digest="abd")}))


def test_a_value_of_an_unknown_kind_is_an_error_not_a_skipped_dependency():
    with pytest.raises(TypeError, match="cannot fingerprint a object"):
        fingerprint(page({"mystery": object()}))


def test_fields_marked_derived_are_left_out():
    @dataclasses.dataclass(frozen=True)
    class Drawn:
        number: int
        draw: object = dataclasses.field(default=None, metadata={"derived": True})

    assert fingerprint(page({"d": Drawn(1, lambda: 1)})) == fingerprint(page({"d": Drawn(1, lambda: 2)}))
    assert fingerprint(page({"d": Drawn(1)})) != fingerprint(page({"d": Drawn(2)}))


def test_shared_terms_are_digested_by_value_not_identity():
    first, second = Term("actors", "Antony Blinken", "antony-blinken"), Term("actors", "Antony Blinken", "antony-blinken")
    assert fingerprint(page({"t": first})) == fingerprint(page({"t": second}))


# Figures planned with a `fingerprint` (a digest of their plain values, made as they are
# planned) stand for what their repr shows: two figures have the same fingerprint exactly
# when they have the same repr, and a page's fingerprint follows its figures'.
BRIEFING_DAYS = st.lists(
    st.tuples(st.dates(dt.date(2019, 11, 1), dt.date(2020, 3, 31)), st.sampled_from(["A", "B", "C & <D>"])),
    max_size=6,
)
COMPANIONS = st.lists(st.tuples(st.sampled_from(["X", "Y", "Z\"é"]), st.integers(1, 3), st.sampled_from(["a/", "b/"])), max_size=3)


SPANS = st.sampled_from([(dt.date(2019, 11, 1), dt.date(2020, 3, 31)), (dt.date(2010, 1, 1), dt.date(2020, 3, 31))])


def planned_figures(days, companions, subject: str, span=(dt.date(2019, 11, 1), dt.date(2020, 3, 31))) -> list:
    from types import SimpleNamespace

    from generator.charts import periods_between, plan_co_actors
    from generator.figures import co_actor_figure, timeline_figure

    periods = periods_between(*span)  # by month, or by year over the longer span
    briefings = [SimpleNamespace(date=day, region=series) for day, series in days]
    return [
        timeline_figure("timeline", subject, briefings, periods),
        timeline_figure(
            "timeline", subject, briefings, periods, series_of=lambda b: b.region, series_order=("A", "B", "C & <D>"),
            by="region",
        ),
        co_actor_figure(plan_co_actors(subject, companions)),
    ]


@settings(max_examples=150, derandomize=True)
@given(
    BRIEFING_DAYS, COMPANIONS, st.sampled_from(["R", "S"]), SPANS,
    BRIEFING_DAYS, COMPANIONS, st.sampled_from(["R", "S"]), SPANS,
)
def test_a_planned_figure_fingerprints_as_its_repr_would(
    days, companions, subject, span, other_days, others, other_subject, other_span,
):
    for one, other in zip(
        planned_figures(days, companions, subject, span), planned_figures(other_days, others, other_subject, other_span)
    ):
        assert one.fingerprint and other.fingerprint
        assert (one.fingerprint == other.fingerprint) == (repr(one) == repr(other))
        same_page = fingerprint(page({"figures": (one,)})) == fingerprint(page({"figures": (other,)}))
        assert same_page == (repr(one) == repr(other))


def test_a_copy_of_a_planned_figure_has_no_fingerprint_but_its_repr():
    (figure, *_) = planned_figures([(dt.date(2020, 1, 2), "A")], [], "R")
    bare = dataclasses.replace(figure)  # a copy might have other fields: the digest is not copied
    assert figure.fingerprint and not bare.fingerprint
    assert fingerprint(page({"figures": (bare,)})) != fingerprint(page({"figures": (figure,)}))
    changed = dataclasses.replace(figure, note="Another note.")
    assert not changed.fingerprint
    assert fingerprint(page({"figures": (bare,)})) != fingerprint(page({"figures": (changed,)}))


@settings(max_examples=100, derandomize=True)
@given(BRIEFING_DAYS, COMPANIONS, st.sampled_from(["R", "S & <T>"]), SPANS)
def test_a_planned_figure_kept_between_builds_is_read_back_as_it_was(days, companions, subject, span):
    import pickle

    for figure in planned_figures(days, companions, subject, span):
        kept = pickle.dumps((figure,), protocol=pickle.HIGHEST_PROTOCOL)
        assert b"Cell" not in kept and b"TimelineBar" not in kept  # as what it is made from
        read = pickle.loads(kept)[0]
        assert read == figure and repr(read) == repr(figure)  # its rows, rebuilt
        assert read.fingerprint == figure.fingerprint
        assert read.svg(lambda target: f"../{target}") == figure.svg(lambda target: f"../{target}")
        assert fingerprint(page({"figures": (read,)})) == fingerprint(page({"figures": (figure,)}))
