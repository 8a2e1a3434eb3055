"""Measure `briefings ingest` on the development corpus in shared/corpus/.

Runs the dry run's code path in-process (`generator.ingest.dry_run_record`, the function
behind `briefings ingest PATH --dry-run --json`, so the records are the same) over:

- clean/ID.txt   (pages copied as plain text)  -> title + body as plain text, scored by `score.py clean`
- clean/ID.html  (the same pages saved as HTML) -> the same, from the HTML
- dates/ID.html                                  -> `date`, scored by `score.py dates`
- actors/ID.txt                                  -> `entities` (person and organisation mentions
                                                     as written) and countries + places as
                                                     locations, scored by `score.py actors`

and prints score.py's own output, then a summary table. The reference date is fixed
(2026-11-24) so that figures do not move with the calendar.

    .venv/bin/python bench/ingest_quality.py [--corpus PATH] [--keep DIR] [--only clean-text,clean-html,dates,actors]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.ingest import dry_run_record  # noqa: E402
from generator.ingest.text import plain_from_markdown  # noqa: E402
from generator.taxonomy import load_vocabulary  # noqa: E402

DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus"
REFERENCE = dt.date(2026, 11, 24)
TASKS = ("clean-text", "clean-html", "dates", "actors")


def predicted_text(record: dict) -> str:
    """What the tool kept of a page: its title and its body, as plain text."""
    return f"{record.get('title') or ''}\n\n{plain_from_markdown(str(record.get('body') or ''))}"


def run_score(corpus: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(corpus / "score.py"), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else float("nan")


def bench_clean(corpus: Path, out: Path, suffix: str, vocabulary) -> tuple[str, float]:
    folder = out / f"clean{suffix.replace('.', '-')}"
    folder.mkdir(parents=True, exist_ok=True)
    failures = 0
    for gold in sorted((corpus / "clean").glob("*.gold.txt")):
        doc_id = gold.name[: -len(".gold.txt")]
        record = dry_run_record(str(corpus / "clean" / f"{doc_id}{suffix}"), vocabulary, REFERENCE)
        failures += "error" in record
        (folder / f"{doc_id}.txt").write_text(predicted_text(record), encoding="utf-8")
    report = run_score(corpus, "clean", str(folder))
    if failures:
        report += f"  inputs that failed: {failures}\n"
    return report, number(r"F1 of the means\s+([\d.]+)", report)


def bench_dates(corpus: Path, out: Path, vocabulary) -> tuple[str, float]:
    lines = []
    for line in (corpus / "dates" / "dates.jsonl").read_text(encoding="utf-8").splitlines():
        doc_id = json.loads(line)["id"]
        record = dry_run_record(str(corpus / "dates" / f"{doc_id}.html"), vocabulary, REFERENCE)
        lines.append(json.dumps({"id": doc_id, "date": record.get("date")}))
    pred = out / "dates.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_score(corpus, "dates", str(pred))
    return report, number(r"exact-day accuracy\s+([\d.]+)", report)


def bench_actors(corpus: Path, out: Path, vocabulary) -> tuple[str, dict[str, float]]:
    lines = []
    for line in (corpus / "actors" / "actors.jsonl").read_text(encoding="utf-8").splitlines():
        doc_id = json.loads(line)["id"]
        record = dry_run_record(str(corpus / "actors" / f"{doc_id}.txt"), vocabulary, REFERENCE)
        entities = record.get("entities") or {}
        lines.append(json.dumps({
            "id": doc_id,
            "persons": entities.get("persons", []),
            "organisations": entities.get("organisations", []),
            "locations": list(record.get("countries") or []) + list(record.get("places") or []),
        }))
    pred = out / "actors.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    figures: dict[str, float] = {}
    reports = []
    for named_only in (False, True):
        report = run_score(corpus, "actors", str(pred), *(["--named-only"] if named_only else []))
        reports.append(report)
        tag = "named-only" if named_only else "all"
        for field in ("persons", "organisations", "locations"):
            m = re.search(rf"{field}\s+macro P [\d.]+ R [\d.]+ F1 ([\d.]+) \| micro P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", report)
            if m:
                figures[f"{field} {tag} macro F1"] = float(m.group(1))
                figures[f"{field} {tag} micro F1"] = float(m.group(4))
    return "\n".join(reports), figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, help="keep the predictions in this folder")
    parser.add_argument("--only", default=",".join(TASKS), help="comma-separated: " + ", ".join(TASKS))
    parser.add_argument("--quiet", action="store_true", help="print the summary table only")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not (corpus / "score.py").is_file():
        print(f"skipped: no development corpus at {corpus} (expected shared/corpus beside the repository)")
        return 0
    tasks = [t.strip() for t in args.only.split(",") if t.strip()]
    vocabulary, _ = load_vocabulary(ROOT / "content", ROOT)
    out = args.keep or Path(tempfile.mkdtemp(prefix="ingest-quality-"))
    rows: list[tuple[str, str, float, str]] = []
    started = time.perf_counter()
    for task in tasks:
        t0 = time.perf_counter()
        if task == "clean-text":
            report, f1 = bench_clean(corpus, out, ".txt", vocabulary)
            rows.append(("plain-text cleaning (clean/*.txt)", "F1 of mean P/R, word 4-grams", f1, ">= 0.90"))
        elif task == "clean-html":
            report, f1 = bench_clean(corpus, out, ".html", vocabulary)
            rows.append(("HTML cleaning (clean/*.html)", "F1 of mean P/R, word 4-grams", f1, ">= 0.93"))
        elif task == "dates":
            report, accuracy = bench_dates(corpus, out, vocabulary)
            rows.append(("publication date (dates/*.html)", "exact-day accuracy", accuracy, ">= 0.90"))
        elif task == "actors":
            report, figures = bench_actors(corpus, out, vocabulary)
            for tag in ("all", "named-only"):
                for field in ("persons", "organisations"):
                    rows.append((f"actors: {field} ({tag} gold)", "micro F1", figures.get(f"{field} {tag} micro F1", float("nan")), ">= 0.75"))
                    rows.append((f"actors: {field} ({tag} gold)", "macro F1", figures.get(f"{field} {tag} macro F1", float("nan")), ">= 0.75"))
            rows.append(("locations (all gold)", "micro F1", figures.get("locations all micro F1", float("nan")), "-"))
        else:
            parser.error(f"unknown task {task!r}")
        if not args.quiet:
            print(f"== {task} ({time.perf_counter() - t0:.1f} s)")
            print(report)
    print("== summary")
    print("| measure | metric | result | target |")
    print("| --- | --- | --- | --- |")
    for name, metric, value, target in rows:
        print(f"| {name} | {metric} | {value:.4f} | {target} |")
    print(
        f"\nmachine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"reference date {REFERENCE}; {time.perf_counter() - started:.0f} s in all; predictions in {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
