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
    "tag-only-punctuation": article(extra="tags: [\"../..\", \"<>\"]\n"),
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
}
