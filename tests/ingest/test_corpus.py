"""Regression on the shared development corpus (read in place, never copied here).

A sample of each set, with floors well under the bench's figures: these catch a change
that breaks cleaning or dates, while bench/ingest_quality.py gives the real numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from generator.ingest import dry_run_record
from generator.ingest.text import plain_from_markdown

from .conftest import CORPUS, need

REFERENCE = dt.date(2026, 11, 24)


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", text.lower())
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


def f1(predicted: str, gold: str) -> float:
    p, g = shingles(predicted), shingles(gold)
    shared = len(p & g)
    if not shared:
        return 0.0
    precision, recall = shared / len(p), shared / len(g)
    return 2 * precision * recall / (precision + recall)


def sample_ids() -> list[str]:
    golds = sorted((need(CORPUS) / "clean").glob("*.gold.txt"))
    return [g.name[: -len(".gold.txt")] for g in golds[::6]]  # 20 pages, fixed


@pytest.mark.parametrize("suffix,floor", [(".txt", 0.80), (".html", 0.85)])
def test_cleaning_a_sample_of_pages_keeps_the_article_and_little_else(vocabulary, suffix, floor):
    scores = []
    for doc_id in sample_ids():
        record = dry_run_record(str(CORPUS / "clean" / f"{doc_id}{suffix}"), vocabulary, REFERENCE)
        predicted = f"{record['title']}\n\n{plain_from_markdown(record['body'])}"
        scores.append(f1(predicted, (CORPUS / "clean" / f"{doc_id}.gold.txt").read_text(encoding="utf-8")))
    assert sum(scores) / len(scores) >= floor


def test_publication_dates_of_a_sample_of_pages(vocabulary):
    lines = (need(CORPUS) / "dates" / "dates.jsonl").read_text(encoding="utf-8").splitlines()[::5]
    right = 0
    for line in lines:
        gold = json.loads(line)
        record = dry_run_record(str(CORPUS / "dates" / f"{gold['id']}.html"), vocabulary, REFERENCE)
        right += record["date"] == gold["date"]
    assert right / len(lines) >= 0.85


def test_people_named_in_conflict_reports_are_found(vocabulary):
    lines = (need(CORPUS) / "actors" / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    found = total = 0
    for line in lines:
        gold = json.loads(line)
        record = dry_run_record(str(CORPUS / "actors" / f"{gold['id']}.txt"), vocabulary, REFERENCE)
        names = {n.casefold() for n in record["entities"]["persons"]} | {n.casefold() for n in record["actor_candidates"]}
        wanted = {p.casefold() for p in gold["persons"] if len(p.split()) >= 2 and p[:1].isupper() and not p.startswith("The ")}
        found += len(wanted & names)
        total += len(wanted)
    assert found / total >= 0.4
