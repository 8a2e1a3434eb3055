"""What Pagefind's input costs: the CLI over the written pages (what the build does)
against the CLI over copies cut to what it reads, and against its service mode fed
the pages from memory (issue 17, point 4).

    .venv/bin/python bench/pagefind_input.py SITE [--runs 5]

SITE is the output of `briefings build` (its briefing pages are read, never written).
Per run, interleaved, on a scratch folder beside nothing of SITE's:

  cli          `pagefind --site SITE --glob articles/*/*/index.html`, as search.py runs it
  cli-cut      each page cut to its start up to `</head>` and its `data-pagefind-body`
               element, written to a scratch site (the same paths: the same addresses),
               the CLI over that, the scratch removed
  service      `pagefind --service` (the protocol of the `pagefind` Python package:
               base64 JSON messages ended by commas, over a pipe), every page sent
               whole with its address, then WriteFiles
  service-cut  the same with the cut pages

It prints, per variant, the medians of our CPU (reading, cutting, writing, encoding)
and Pagefind's, and whether its word chunks and fragments are byte-identical to the
CLI's (the files Pagefind names anew on every run, search.VARYING_FILES, are left
out: they differ between two runs of the same command). The cut here checks nothing:
it is for measuring, on pages our templates wrote.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.search import briefing_pages, page_url, pagefind_executable  # noqa: E402

VARIANTS = ("cli", "cli-cut", "service", "service-cut")
GLOB = "articles/*/*/index.html"


def cut(page: bytes) -> bytes:
    body = page.find(b"data-pagefind-body")
    start = page.rfind(b"<", 0, body)
    name = page[start + 1:].split(maxsplit=1)[0]
    end = page.rfind(b"</" + name + b">") + len(name) + 3
    head_end = page.find(b"</head>") + len(b"</head>")
    return page[:head_end] + page[start:end]


def cpu() -> tuple[float, float]:
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime, children.ru_utime + children.ru_stime


def run_cli(executable: Path, site: Path, out: Path) -> None:
    subprocess.run([str(executable), "--site", str(site), "--glob", GLOB, "--output-path", str(out)],
                   capture_output=True, check=True, timeout=3600)


def run_service(executable: Path, site: Path, pages: list[str], out: Path, cut_pages: bool) -> None:
    def message(number: int, payload: dict) -> bytes:
        return base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode("utf-8")) + b","

    last = len(pages) + 1
    process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)

    def send() -> None:  # in a thread: the answers must be read while the pages go in
        assert process.stdin is not None
        process.stdin.write(message(0, {"type": "NewIndex", "config": None}))
        for number, page in enumerate(pages, 1):
            data = (site / page).read_bytes()
            text = (cut(data) if cut_pages else data).decode("utf-8")
            process.stdin.write(message(number, {"type": "AddFile", "index_id": 0, "url": page_url(page),
                                                 "file_path": None, "file_contents": text}))
        process.stdin.write(message(last, {"type": "WriteFiles", "index_id": 0, "output_path": str(out)}))
        process.stdin.flush()

    sender = threading.Thread(target=send)
    sender.start()
    assert process.stdout is not None
    pending, done = b"", False
    while not done:
        chunk = process.stdout.read1(1 << 16)
        if not chunk:
            break
        *answers, pending = (pending + chunk).split(b",")
        for answer in answers:
            reply = json.loads(base64.b64decode(answer))
            if reply["payload"]["type"] == "Error":
                raise RuntimeError(f"Pagefind's service: {reply}")
            done = done or reply.get("message_id") == last
    sender.join()
    process.stdin.close()  # the service exits at the end of its input
    process.wait(timeout=60)
    if not done:
        raise RuntimeError("Pagefind's service stopped before writing the index")


def one(variant: str, executable: Path, site: Path, pages: list[str], out: Path) -> tuple[float, float]:
    """Our CPU and Pagefind's for one run of `variant`, its index written to `out`."""
    mine, theirs = cpu()
    if variant == "cli":
        run_cli(executable, site, out)
    elif variant == "cli-cut":
        scratch = out.with_name(out.name + "-site")
        for page in pages:
            (scratch / page).parent.mkdir(parents=True, exist_ok=True)
            (scratch / page).write_bytes(cut((site / page).read_bytes()))
        run_cli(executable, scratch, out)
        shutil.rmtree(scratch)
    else:
        run_service(executable, site, pages, out, cut_pages=variant == "service-cut")
    mine_after, theirs_after = cpu()
    return mine_after - mine, theirs_after - theirs


def same_index(a: Path, b: Path) -> bool:
    """The word chunks and fragments of two Pagefind outputs byte-identical (their names included)."""
    def files(folder: Path) -> dict[str, bytes]:
        return {f"{sub}/{path.name}": path.read_bytes()
                for sub in ("index", "fragment") for path in sorted((folder / sub).iterdir())}
    return files(a) == files(b)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    executable = pagefind_executable()
    pages = briefing_pages(args.site)
    figures: dict[str, list[tuple[float, float]]] = {variant: [] for variant in VARIANTS}
    identical: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="pagefind-input-") as scratch:
        for run in range(args.runs):
            for variant in VARIANTS:
                out = Path(scratch) / f"{variant}-{run}"
                figures[variant].append(one(variant, executable, args.site, pages, out))
                if run == 0 and variant != "cli":
                    identical[variant] = same_index(Path(scratch) / "cli-0", out)
    print(f"{len(pages)} briefing pages, {args.runs} runs each, interleaved; CPU seconds, medians")
    print(f"{'variant':12} {'ours':>6} {'Pagefind':>9} {'total':>6}  index and fragments as the CLI's")
    for variant, runs in figures.items():
        ours = statistics.median(m for m, _ in runs)
        theirs = statistics.median(t for _, t in runs)
        total = statistics.median(m + t for m, t in runs)
        same = "-" if variant == "cli" else ("byte-identical" if identical[variant] else "DIFFERENT")
        print(f"{variant:12} {ours:6.3f} {theirs:9.3f} {total:6.3f}  {same}")


if __name__ == "__main__":
    main()
