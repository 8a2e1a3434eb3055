"""Hostile inputs a scraped archive will meet sooner or later.

`SAFE_CASES` must build, and nothing in them may become live markup, script
or a script link anywhere in the output. `FAILING_CASES` must fail the build
with an error that names the file (and says why). Each case is a file name
under content/articles/2024/ and its raw bytes.
"""

from __future__ import annotations


def article(body: str = "Text.", title: str = "Hostile case", extra: str = "", region: str = "Middle East") -> bytes:
    return (
        f"---\ntitle: {title}\ndate: 2024-05-01\nregion: {region}\n{extra}---\n\n{body}\n"
    ).encode("utf-8")


SCRIPT_BODIES = {
    "script-tag": "<script>alert(1)</script>",
    "script-uppercase": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-animate": '<svg><a><animate attributeName=href values=javascript:alert(1) /><text y=20>x</text></a></svg>',
    "img-onerror": "<img src=x onerror=alert(1)>",
    "body-onload": "<body onload=alert(1)>",
    "div-onmouseover": '<div onmouseover="alert(1)">hover</div>',
    "input-autofocus": "<input autofocus onfocus=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "style-expression": '<div style="background:url(javascript:alert(1))">x</div>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="javascript:alert(1)//">',
    "form-action": '<form action="javascript:alert(1)"><button>go</button></form>',
    "html-comment": "<!-- <script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "md-javascript-link": "[click](javascript:alert(1))",
    "md-javascript-upper": "[click](JAVASCRIPT:alert(1))",
    "md-javascript-entity": "[click](javascript&#58;alert(1))",
    "md-javascript-hex-entity": "[click](javascript&#x3A;alert(1))",
    "md-javascript-tab": "[click](java\tscript:alert(1))",
    "md-javascript-percent": "[click](%6Aavascript:alert(1))",
    "md-javascript-autolink": "<javascript:alert(1)>",
    "md-javascript-reference": "[click][x]\n\n[x]: javascript:alert(1)",
    "md-javascript-image": "![x](javascript:alert(1))",
    "md-vbscript-link": "[click](vbscript:msgbox(1))",
    "md-data-html-link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-link-title-quote": '[click](https://example.org "a\\" onmouseover=\\"alert(1))',
    "md-code-span": "`<script>alert(1)</script>`",
    "md-fenced-code": "```html\n<script>alert(1)</script>\n```",
    "md-footnote": "Text[^x]\n\n[^x]: <script>alert(1)</script>",
    "md-table-cell": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "md-heading-id": "## <img src=x onerror=alert(1)>",
    "entity-encoded-tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "deep-nesting-quotes": ">" * 5000 + " deep",
    "deep-nesting-lists": "- " * 3000 + "deep",
    "pathological-brackets": "[" * 50000 + "a",
    "pathological-emphasis": "*a " * 20000,
    "unicode-bidi": "Normal \u202etxt.exe\u202c text",
}

FRONTMATTER_CASES = {
    "title-script": article(title="\"<script>alert(1)</script>\""),
    "title-attribute-break": article(title="'\" onmouseover=\"alert(1)'"),
    "summary-script": article(extra="summary: \"</p><script>alert(1)</script>\"\n"),
    "region-html": article(region="\"<img src=x onerror=alert(1)>\""),
    "countries-html": article(extra="countries: [\"<b onclick=alert(1)>Ruritania</b>\"]\n"),
    "actors-html": article(extra="actors: [\"\\\"><script>alert(1)</script>\"]\n"),
    "tags-html": article(extra="tags: [\"<svg onload=alert(1)>\"]\n"),
    "places-html": article(extra="places: [\"<a href=javascript:alert(1)>Town</a>\"]\n"),
    "source-javascript-text": article(extra="source: \"javascript:alert(1)\"\n"),
    "actor-path-traversal": article(extra="actors: [\"../../../etc/passwd\"]\n"),
    "many-actors-at-limit": article(extra="actors: [" + ", ".join(f"Actor {i}" for i in range(200)) + "]\n"),
}

SAFE_CASES: dict[str, bytes] = {
    **{f"{name}.md": article(body=body) for name, body in SCRIPT_BODIES.items()},
    **{f"{name}.md": data for name, data in FRONTMATTER_CASES.items()},
}

# file name -> (raw bytes, text the error must contain)
FAILING_CASES: dict[str, tuple[bytes, str]] = {
    "source-url-javascript.md": (article(extra="source_url: javascript:alert(1)\n"), "is not an http(s) address"),
    "source-url-data.md": (article(extra="source_url: data:text/html,x\n"), "is not an http(s) address"),
    "broken-yaml.md": (b"---\ntitle: [unclosed\ndate: 2024-05-01\nregion: X\n---\n\nText\n", "invalid YAML"),
    "yaml-tabs.md": (b"---\ntitle: x\n\tdate: 2024-05-01\nregion: X\n---\n", "invalid YAML"),
    "yaml-python-object.md": (
        b"---\ntitle: !!python/object/apply:os.system [echo hi]\ndate: 2024-05-01\nregion: X\n---\n",
        "invalid YAML",
    ),
    "yaml-not-a-mapping.md": (b"---\n- a\n- b\n---\n\nText\n", "frontmatter must be a mapping"),
    "nul-byte.md": (article(body="Text\x00more"), "NUL byte"),
    "invalid-utf8.md": (article(body="Caf") + b"\xe9\xff\n", "not valid UTF-8"),
    "no-frontmatter.md": (b"<script>alert(1)</script>\n", "no frontmatter"),
    "twenty-megabytes.md": (article(body="word " * (4 * 1024 * 1024)), "a briefing may be at most 1024 KB"),
    "too-many-actors.md": (
        article(extra="actors: [" + ", ".join(f"Actor {i}" for i in range(5000)) + "]\n"),
        "has 5000 values; the limit is 200",
    ),
    "huge-title.md": (article(title="x" * 5000), "the limit is 2000"),
    "impossible-date.md": (article().replace(b"2024-05-01", b"2024-02-30"), "is not a real date"),
    # two files whose names give one slug: the error names both
    "Duplicate-Slug.md": (article(), "same address as"),
    "duplicate-slug.md": (article(), "same address as"),
    "....md": (article(), "empty slug"),
    # names of which nothing is left in an address: once dropped without a word
    "tag-only-punctuation.md": (article(extra='tags: ["../..", "<>"]\n'), "tag '../..' gives no page address"),
}


# --- Heavy cases: files under the size limit that are costly to read -------------------
#
# Each is made when asked for (a megabyte of text each: not kept in the repository). A
# build or check must finish each in seconds and modest memory, or refuse it with an
# error naming the file; none may hang, crash or eat the machine. Most body patterns
# come from cmark's pathological tests (test/pathological_tests.py), the frontmatter
# ones from YAML's own bombs.

HEAVY_BYTES = 1_000_000  # a little under the 1 MiB limit, frontmatter included


def _body(unit: str, prefix: str = "", suffix: str = "") -> str:
    """`unit` repeated to fill the file: the body of a briefing of HEAVY_BYTES."""
    room = HEAVY_BYTES - 200 - len(prefix.encode()) - len(suffix.encode())
    return prefix + unit * (room // len(unit.encode())) + suffix


def _heavy_body(unit: str, prefix: str = "", suffix: str = "") -> bytes:
    return article(body=_body(unit, prefix, suffix), title="Heavy case")


def billion_laughs() -> bytes:
    """`title: *l` where l is 9 aliases of 9 aliases ... 11 levels down: 9^11 strings in 509 bytes."""
    levels = ['a: &a "lol"'] + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(11)]
    return ("---\n" + "\n".join(levels) + "\ntitle: *l\ndate: 2024-05-01\nregion: Middle East\n---\n\nText.\n").encode()


def _frontmatter(lines: str) -> bytes:
    return f"---\ntitle: Heavy case\ndate: 2024-05-01\nregion: Middle East\n{lines}---\n\nText.\n".encode()


def _lines(template: str, size: int = HEAVY_BYTES) -> str:
    count = (size - 200) // len((template.format(i=99999) + "\n").encode())
    return "".join(template.format(i=i) + "\n" for i in range(count))


def _nested(opening: str, closing: str, size: int = HEAVY_BYTES) -> str:
    count = (size - 200) // (len(opening) + len(closing))
    return opening * count + closing * count


FRONTMATTER_BYTES = 120_000  # just under the frontmatter's own limit (128 KB): YAML reads it all


HEAVY_CASES = {
    # frontmatter
    "billion-laughs": billion_laughs,
    "anchor-without-alias": lambda: article(title="&t Heavy case"),
    "merge-key": lambda: _frontmatter("<<: {summary: merged}\n"),
    "unknown-keys": lambda: _frontmatter("".join(f"k{i}: v\n" for i in range(50_000))),
    "unknown-keys-to-the-limit": lambda: _frontmatter("".join(f"title{i}: v\n" for i in range(990))),
    "unknown-keys-within-the-size": lambda: _frontmatter(_lines("k{i}: v", FRONTMATTER_BYTES)),
    "unknown-keys-nested": lambda: _frontmatter("extra:\n" + _lines("  k{i}: v", FRONTMATTER_BYTES)),
    "duplicate-keys": lambda: _frontmatter("summary: again\n" * 900),
    "huge-list": lambda: _frontmatter("tags: [" + "a, " * (FRONTMATTER_BYTES // 3) + "a]\n"),
    "huge-list-unknown-field": lambda: _frontmatter("extra:\n" + _lines("- x", FRONTMATTER_BYTES)),
    "deep-flow-nesting": lambda: _frontmatter("extra: " + _nested("[", "]", FRONTMATTER_BYTES) + "\n"),
    "deep-flow-mappings": lambda: _frontmatter("extra: " + _nested("{a: ", "}", FRONTMATTER_BYTES) + "\n"),
    "deep-block-nesting": lambda: _frontmatter("extra:\n" + "".join("  " * i + "-\n" for i in range(1, 340))),
    "frontmatter-past-its-size": lambda: _frontmatter(_lines("k{i}: v")),
    "huge-title": lambda: article(title="x" * (HEAVY_BYTES - 200)),
    "huge-quoted-scalar": lambda: _frontmatter('summary: "' + "\\u00e9" * (FRONTMATTER_BYTES // 6) + '"\n'),
    "many-frontmatter-lines": lambda: _frontmatter("#\n" * (FRONTMATTER_BYTES // 2)),
    # headings and their ids
    "same-headings": lambda: article(body="## Same\n\n" * 100_000),
    "same-headings-within-the-limits": lambda: article(body="## Same\n" * 24_000),
    "headings-numbered-like-ids": lambda: _heavy_body("## Same\n\n## Same 1\n\n## Same-1-1\n\n"),
    "distinct-headings": lambda: article(body=_lines("## Heading {i}")),
    "setext-headings": lambda: _heavy_body("a\n-\n"),
    # links, auto-links and wiki links
    "autolinks-on-one-line": lambda: article(body="<http://a.example/>" * 45_000),
    "autolinks-on-one-line-within-the-limits": lambda: article(body="<http://a.example/>" * 30_000),
    "autolinks-on-lines": lambda: _heavy_body("<http://a.example/>\n"),
    "distinct-autolinks": lambda: article(body="".join(f"<http://a{i}.example/>" for i in range(40_000))),
    "links-on-one-line": lambda: _heavy_body("[a](/nowhere) "),
    "dead-links-on-lines": lambda: article(body=_lines("[a](/nowhere/{i})")),
    "wiki-links-on-one-line": lambda: _heavy_body("[[red-sea-shipping-attacks]] "),
    "wiki-links-on-lines": lambda: _heavy_body("[[red-sea-shipping-attacks]]\n"),
    "unresolved-wiki-links": lambda: article(body=_lines("[[nothing {i}]]")),
    "vocabulary-names": lambda: _heavy_body("Blinken met Pashinyan and Aliyev in the EU. "),
    "reference-definitions": lambda: article(body=_lines("[r{i}]: /nowhere") + "\n[r1] [r2]"),
    "reference-uses": lambda: _heavy_body("[r] ", suffix="\n\n[r]: /nowhere\n"),
    "footnotes": lambda: _heavy_body("a[^1] ", suffix="\n\n[^1]: note\n"),
    "unclosed-inline-footnotes": lambda: _heavy_body("^[a"),
    "footnote-definitions": lambda: article(body="a[^1]\n\n" + _lines("[^{i}]: note")),
    # cmark's pathological inputs
    "nested-strong-emphasis": lambda: article(body=_nested("*a **a ", "b** b*")),
    "emphasis-closers-without-openers": lambda: _heavy_body("a_ "),
    "emphasis-openers-without-closers": lambda: _heavy_body("_a "),
    "mismatched-openers-and-closers": lambda: _heavy_body("*a_ "),
    "openers-and-closers-multiple-of-3": lambda: _heavy_body("c* ", prefix="a**b"),
    "link-closers-without-openers": lambda: _heavy_body("a]"),
    "link-openers-without-closers": lambda: _heavy_body("[a"),
    "link-openers-and-emphasis-closers": lambda: _heavy_body("[ a_"),
    "bracket-paren-pattern": lambda: _heavy_body("[ (]("),
    "nested-brackets": lambda: article(body=_nested("[", "]")),
    "nested-block-quotes": lambda: _heavy_body(">", suffix=" a"),
    "deep-list-nesting": lambda: article(body="".join("  " * i + "- a\n" for i in range(900))),
    "many-list-items": lambda: _heavy_body("- a\n"),
    "backticks": lambda: _heavy_body("`e", prefix="e"),
    "growing-backtick-runs": lambda: article(body="".join("`" * i + "a " for i in range(1, 1400))),
    "unclosed-link-destinations": lambda: _heavy_body("[a](<b"),
    "unclosed-links": lambda: _heavy_body("[a](b"),
    "unclosed-angle-brackets": lambda: _heavy_body("<a "),
    "backslashes": lambda: _heavy_body("\\"),
    "entities": lambda: _heavy_body("&amp;"),
    # sheer size of text and tables
    "one-long-line": lambda: _heavy_body("word "),
    "one-long-word": lambda: _heavy_body("a"),
    "many-paragraphs": lambda: _heavy_body("a\n\n"),
    "many-soft-breaks": lambda: _heavy_body("a\n"),
    "many-hard-breaks": lambda: _heavy_body("a  \n"),
    "many-code-fences": lambda: _heavy_body("```\n```\n"),
    "many-thematic-breaks": lambda: _heavy_body("***\n"),
    "huge-table": lambda: _heavy_body("| x | y |\n", prefix="| a | b |\n|---|---|\n"),
    "wide-table": lambda: article(body="|" + "a|" * 150_000 + "\n|" + "-|" * 150_000 + "\n|" + "x|" * 150_000 + "\n"),
    "carriage-returns": lambda: _heavy_body("a\r"),
    "combining-marks": lambda: _heavy_body("a\u0301\u0301\u0301 "),
}
