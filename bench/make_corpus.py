"""Write a synthetic archive of N briefings, deterministic for a seed.

    python bench/make_corpus.py 1000 /tmp/corpus-1000 [--seed 7]

The archive has realistic shape rather than realistic prose: about 12 regions,
60 countries, 400 actors whose frequency follows a Zipf-like curve (a few
appear everywhere, most rarely), 40 tags, 30 sources, dates over ten years,
and 500-900-word bodies with headings, lists, links and quotes. It writes
content/articles/YEAR/SLUG.md, content/taxonomy/{regions,actors}.yaml and a
pyproject.toml, so `briefings build -C DIR` builds it as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

SYLLABLES = ["ka", "ri", "mo", "ten", "sa", "lu", "vor", "an", "del", "mi", "ros", "ta", "be", "nor", "ul", "es"]
WORDS = (
    "the a of and to in on for with after before during as officials said reported forces talks "
    "border ceasefire shelling convoy aid corridor displaced civilians mediators delegation ministry "
    "statement province district village river bridge airport port road checkpoint negotiations "
    "monitors observers casualties wounded agreement violation withdrawal deployment sanctions "
    "envoy summit council resolution humanitarian access supplies shelters winter harvest fuel "
    "electricity water clinic school market prices currency protest curfew election coalition"
).split()
KINDS = ["person"] * 6 + ["organisation"] * 2 + ["armed group", "state"]


def name(rng: random.Random, parts: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts)
    )


def sentence(rng: random.Random, mentions: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 20))]
    if mentions and rng.random() < 0.5:
        words.insert(rng.randint(0, len(words)), rng.choice(mentions))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, mentions: list[str], target_words: int) -> str:
    blocks: list[str] = []
    words = 0
    section = 0
    while words < target_words:
        roll = rng.random()
        if roll < 0.12 and blocks:
            section += 1
            blocks.append(f"## {sentence(rng, [])[:-1].title()[:60]}")
        elif roll < 0.22:
            items = [f"- {sentence(rng, mentions)}" for _ in range(rng.randint(2, 4))]
            blocks.append("\n".join(items))
            words += sum(len(i.split()) for i in items)
        elif roll < 0.30:
            quote = sentence(rng, mentions)
            blocks.append(f"> {quote}")
            words += len(quote.split())
        else:
            paragraph = " ".join(sentence(rng, mentions) for _ in range(rng.randint(2, 5)))
            if rng.random() < 0.3:
                paragraph += f" See the [full statement](https://example.org/{rng.randint(1, 99999)})."
            blocks.append(paragraph)
            words += len(paragraph.split())
    return "\n\n".join(blocks) + "\n"


def yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def make_corpus(count: int, target: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    regions = [f"{name(rng, 1)} Region" for _ in range(12)]
    countries = {f"{name(rng, 1)}ia": regions[i % len(regions)] for i in range(60)}
    country_names = sorted(countries)
    actors: list[tuple[str, str]] = []
    while len(actors) < 400:
        kind = KINDS[len(actors) % len(KINDS)]
        candidate = name(rng, 2 if kind == "person" else 3)
        if candidate not in {a for a, _ in actors}:
            actors.append((candidate, kind))
    actor_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(actors))]
    tags = [rng.choice(WORDS[10:]) + f"-{i}" for i in range(40)]
    sources = [f"{name(rng, 1).lower()}.example" for _ in range(30)]
    start = dt.date(2015, 1, 1)

    (target / "content/taxonomy").mkdir(parents=True, exist_ok=True)
    (target / "pyproject.toml").write_text(
        '[tool.briefings]\ntitle = "Synthetic Briefings"\nbase_url = "https://example.org/synthetic/"\n',
        encoding="utf-8",
    )
    with open(target / "content/taxonomy/regions.yaml", "w", encoding="utf-8") as out:
        for region in regions:
            out.write(f"- name: {region}\n  countries:\n")
            for country in country_names:
                if countries[country] == region:
                    out.write(f"    - {country}\n")
    with open(target / "content/taxonomy/actors.yaml", "w", encoding="utf-8") as out:
        names = {a.casefold() for a, _ in actors}
        for actor, kind in actors:
            # an alias only where it cannot be mistaken for another actor
            alias = actor.split()[-1]
            aliases = f"  aliases: [{alias}]\n" if alias.casefold() not in names else ""
            names.add(alias.casefold())
            out.write(f"- name: {actor}\n  kind: {kind}\n{aliases}")

    slugs: set[tuple[int, str]] = set()
    for index in range(count):
        date = start + dt.timedelta(days=rng.randint(0, 3652))
        country = rng.choice(country_names)
        region = countries[country]
        others = rng.sample(country_names, rng.randint(0, 2))
        chosen_actors = sorted({actors[i][0] for i in rng.choices(range(len(actors)), actor_weights, k=rng.randint(1, 6))})
        title = f"{sentence(rng, [])[:-1][:70].rstrip()} in {country}"
        slug = "-".join(title.lower().split())[:60].strip("-") + f"-{index}"
        slugs.add((date.year, slug))
        text = (
            "---\n"
            f'title: "{title}"\n'
            f"date: {date.isoformat()}\n"
            f'region: "{region}"\n'
            f"countries: {yaml_list([country, *[c for c in others if c != country]])}\n"
            f"actors: {yaml_list(chosen_actors)}\n"
            f"tags: {yaml_list(sorted(set(rng.sample(tags, rng.randint(1, 3)))))}\n"
            f'source: "{rng.choice(sources)}"\n'
            "---\n\n" + body(rng, chosen_actors, rng.randint(500, 900))
        )
        folder = target / "content/articles" / str(date.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of briefings")
    parser.add_argument("target", type=Path, help="folder to write the archive into (created)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same archive)")
    args = parser.parse_args()
    make_corpus(args.count, args.target, args.seed)
    print(f"wrote {args.count} briefings to {args.target}")


if __name__ == "__main__":
    main()
