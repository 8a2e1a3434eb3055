"""Page fingerprints: whatever a template can see changes the fingerprint; nothing else does."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

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
