"""Jinja2 environment of a theme, and rendering of planned pages.

Autoescape is on for HTML and XML and undefined names raise: a template can
neither inject unescaped content text nor silently print nothing for a typo.
Besides the page's own context, every template receives:

- `site`: the Settings (title, description, language, base_url, ...)
- `page`: the Page (path, title, description, searchable)
- `link(path)`: a relative link from this page to an output path
- `asset(name)`: a relative link to a theme asset (`assets/<name>`)
- `canonical`: the page's absolute address, or "" without base_url
- `root`: the relative link to the site root ("../../")
- `nav`: the header navigation as (label, output path) pairs
- `taxonomy_labels`: taxonomy -> (singular, plural)
- `content_security_policy`: the policy every page declares
- `body(html)`: a briefing's rendered body, with links fit for the edition
- `edition`: "web" (served: links end at folders, service worker) or
  "offline" (read from disk: links name index.html, search from script files)
- `offline_zip`: output path of the offline edition's zip, "" when not built
- `month_label(year, month)`: "March 2024"
- `by_month(briefings)`: (label, archive path, briefings) per month, in the order given

Both editions come from the same templates; `edition` is the only switch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import types
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import jinja2
import jinja2.compiler
import jinja2.meta
import jinja2.nodes
import jinja2.runtime
import markupsafe
from jinja2.utils import missing

from generator import urls
from generator.bodies import BodyHtml, Html, html_of
from generator.compiledtemplates import COMPILED
from generator.config import BUNDLED_THEMES, Settings, find_theme  # noqa: F401 (re-exported: where they were first)
from generator.diagnostics import BuildError
from generator.escaping import escape_text
from generator.models import Briefing, Page
from generator.pages import MONTH_NAMES, group_by_month, month_label
from generator.site import TAXONOMY_LABELS
from generator.workers import Workers, give_back_freed_memory
from generator.write import write_file

# Only the site's own files may run or load: no inline script, no other host
# (a reader's visit is not announced to anyone), nothing framed or embedded.
# Pagefind compiles its WebAssembly, hence 'wasm-unsafe-eval'; inline style
# attributes are allowed because they cannot run code and Pagefind's UI sets some.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)

NAV = (
    ("Regions", urls.taxonomy_index("regions")),
    ("Countries", urls.taxonomy_index("countries")),
    ("Actors", urls.taxonomy_index("actors")),
    ("Archive", urls.archive_index()),
)


def format_date(value: dt.date | dt.datetime) -> str:
    """13 September 2022: unambiguous for readers everywhere. The month's name comes
    from our own list, not strftime's %B: that is English only in the C locale, and
    strftime was a good part of rendering the lists (every item shows a date)."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def format_datetime(value: dt.datetime) -> str:
    offset = value.strftime("%z")
    offset = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{format_date(value)}, {value:%H:%M} {offset}"


def search_filter_value(name: str) -> str:
    """A filter value, prepared so that Pagefind stores it HTML-escaped.

    Pagefind's UI inserts filter values into the page as HTML, so a scraped
    actor name like `<img onerror=...>` would run there. Pagefind (1.5) decodes
    entities in a filter attribute twice, and the template's autoescape adds
    one escape, so escaping twice here leaves the stored value escaped once:
    the UI then shows the literal text. Names without <, > or & are unchanged.
    The browser test of hostile text guards this against Pagefind changes.
    """
    if type(name) is str:  # as below, without making two Markups for every filter link
        return escape_text(escape_text(name))
    return str(markupsafe.escape(str(markupsafe.escape(name))))


_PLAIN_CALLABLES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)


class _Context(jinja2.runtime.Context):
    """Jinja's template context, calling plain functions, methods and macros directly.

    Jinja sends every call a template makes (`link(...)`, `b.date.isoformat()`,
    `term_link(...)`) through `Context.call`, which looks on each callable for a marker
    asking for the context or the environment as first argument: about a microsecond
    each, and a page of lists makes hundreds. A function or method without the marker
    (all of ours) is called as Jinja would call it; a macro as `_Macro.invoke` says.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        kind = type(__obj)
        if kind is _Macro:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            return __obj.invoke(__self.eval_ctx, args, kwargs)
        if kind in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)

    def call_in(
        __self, __loop_vars: dict[str, Any] | None, __block_vars: dict[str, Any] | None, __obj: Any,  # noqa: N805
        *args: Any, **kwargs: Any,
    ) -> Any:
        """`call`, as the templates call it (_CodeGenerator.visit_Call): the variables of
        the loop and block the call is made in (Jinja's `_loop_vars` and `_block_vars`,
        which only a callable asking for the context receives) given apart from the
        call's own keywords, so that most calls have none (a dict of keywords made and
        emptied for each was half of a call's cost)."""
        kind = type(__obj)
        if kind is _Macro:
            return __obj.invoke(__self.eval_ctx, args, kwargs)
        if kind in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        if __loop_vars is not None:
            kwargs["_loop_vars"] = __loop_vars
        if __block_vars is not None:
            kwargs["_block_vars"] = __block_vars
        return jinja2.runtime.Context.call(__self, __obj, *args, **kwargs)


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's compiler, its templates' calls made through `_Context.call_in`."""

    @jinja2.compiler.optimizeconst  # as Jinja's own
    def visit_Call(self, node: jinja2.nodes.Call, frame: jinja2.compiler.Frame, forward_caller: bool = False) -> None:
        if forward_caller or self.environment.is_async or self.environment.sandboxed:
            super().visit_Call(node, frame, forward_caller=forward_caller)  # a {% call %} block's, with its caller
            return
        loop_vars = "_loop_vars" if frame.loop_frame else "None"
        block_vars = "_block_vars" if frame.block_frame else "None"
        self.write(f"context.call_in({loop_vars}, {block_vars}, ")
        self.visit(node.node, frame)
        self.signature(node, frame)
        self.write(")")


class _Macro(jinja2.runtime.Macro):
    """A template's macro, called from a template without Jinja's general path.

    A macro call went through `Context.call`'s markers, then `Macro.__call__`, which binds
    the arguments one by one for macros taking a caller, *varargs or **kwargs, then
    `Markup(...)`: some 10,000 calls at 1,000 briefings (a term link is a macro). A macro
    that takes none of those is called here with its positional arguments, those not
    given as keywords or not at all (Jinja's `missing`, which the macro replaces by its
    default); anything else, errors included, goes Jinja's way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain = not (self.caller or self.catch_kwargs or self.catch_varargs or self._environment.is_async)

    def invoke(self, eval_ctx: jinja2.nodes.EvalContext, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        given = len(args)
        if self._plain and given <= self._argument_count:
            if given < self._argument_count:
                args = (*args, *[kwargs.pop(name, missing) for name in self.arguments[given:]])
            if not kwargs:
                try:
                    text = self._func(*args)
                except StopIteration:  # as Context.call has it
                    return self._environment.undefined("value was undefined because a callable raised a StopIteration exception")
                # the macro's text (a str: its parts joined), made Markup as Macro._invoke does
                return _as_markup(markupsafe.Markup, text) if eval_ctx.autoescape else text
        return jinja2.runtime.Macro.__call__(self, eval_ctx, *args, **kwargs)  # reports what is wrong


_as_markup = str.__new__  # text made Markup without Markup.__new__'s checks: it is escaped here


def _escape(value: Any) -> str:
    """markupsafe.escape, for what a template outputs, in a third of the time for text:
    a page's every `{{ ... }}` goes through it (348,000 at 1,000 briefings, 0.59 against
    0.20 microseconds each). Jinja's compiled code calls it only on what it outputs, and
    only joins that (into the page, or a macro's text, which the macro makes Markup): so
    escaped text is given back as the str it is, not copied into a Markup."""
    if type(value) is str:
        return escape_text(value)
    if type(value) is markupsafe.Markup:
        return value
    return markupsafe.escape(value)


class _Template(jinja2.Template):
    """Jinja's template, its compiled code escaping through `_escape` and making its macros
    `_Macro`s: the code looks the names `escape` and `Macro` up among its module's globals,
    which Jinja fills from its runtime."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):  # noqa: A002 (Jinja's signature)
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = _escape
        if isinstance(environment, _FastEnvironment):
            template.root_render_func.__globals__["Macro"] = _Macro
        return template


class _Environment(jinja2.Environment):
    """Jinja's environment, its templates' globals a plain dict.

    Jinja chains each template's globals to the environment's (a ChainMap), so that a
    global added later reaches templates loaded before. Ours are all set before any
    template loads (make_environment), and a ChainMap is read in Python: every page
    copied it into its context, and every `{% from ... import %}` compared its keys with
    the page's (Template._get_default_module), at some microseconds a page."""

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:  # type: ignore[override]
        return {**self.globals, **(d or {})}


class _FastEnvironment(_Environment):
    """The environment, compiling with `_CodeGenerator` (and so making `_Macro`s, see
    `_Template`), noting what each template references as it parses it (`_parse`)."""

    code_generator_class = _CodeGenerator

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        """The parsed template, what it extends, includes and imports noted on the way:
        a template parsed to be compiled is not parsed again for its references
        (template_digests, about 0.025 s of a clean build)."""
        tree = super()._parse(source, name, filename)
        _remember_references(source, frozenset(jinja2.meta.find_referenced_templates(tree)))
        return tree


# `_FastEnvironment` reaches into Jinja's compiler, parser and runtime (CodeGenerator.visit_Call,
# Environment._parse, Macro's attributes), which are not its public API and may change in any
# release: it is used only with the releases it was written and tested against. With any
# other, stock Jinja renders the same pages (tests/test_render.py builds them both ways),
# a few tenths of a second slower at 1,000 briefings, rather than a build failing or, worse,
# writing something else after an upgrade.
JINJA_INTERNALS_KNOWN = jinja2.__version__.startswith("3.1.")


def make_environment(theme_dir: Path) -> jinja2.Environment:
    fast = JINJA_INTERNALS_KNOWN
    env = (_FastEnvironment if fast else _Environment)(
        loader=jinja2.FileSystemLoader(str(theme_dir / "templates")),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # a build makes its own environment: templates cannot change under it, so
        # checking each template file's time on every page rendered is wasted
        auto_reload=False,
        # compiled once per process, not once per build (generator/compiledtemplates.py)
        # (only the fast environment's: the two compile templates to different code)
        bytecode_cache=COMPILED if fast else None,
        # a plain dict, never emptied: a build's environment loads a theme's few templates
        # (Jinja's default keeps 400 in an LRU cache, taking a lock on every lookup)
        cache_size=-1,
    )
    env.context_class = _Context
    env.template_class = _Template
    env.filters["date"] = format_date
    env.filters["datetime"] = format_datetime
    env.filters["search_filter_value"] = search_filter_value
    env.globals["month_label"] = month_label
    env.globals["by_month"] = group_by_month
    env.globals["taxonomy_labels"] = TAXONOMY_LABELS
    return env


EDITIONS = ("web", "offline")


def template_digests(env: jinja2.Environment) -> dict[str, str]:
    """Each template's digest, covering the templates it extends, includes and imports.

    An incremental build re-renders a page when its template's digest
    changes, so editing term.html leaves briefing pages alone, while editing
    base.html (which every page extends) changes every digest. A template
    that names another by a computed expression depends on all of them.
    """
    loader = env.loader
    assert loader is not None
    names = sorted(env.list_templates())
    sources: dict[str, str] = {}
    references: dict[str, set[str]] = {}
    for name in names:
        source, _, _ = loader.get_source(env, name)
        sources[name] = source
        found = referenced_templates(env, source)
        references[name] = set(names) if None in found else {ref for ref in found if ref in names}
    digests: dict[str, str] = {}
    for name in names:
        closure, pending = set(), [name]
        while pending:
            current = pending.pop()
            if current not in closure:
                closure.add(current)
                pending.extend(references.get(current, ()))
        digest = hashlib.blake2b(digest_size=16)
        for member in sorted(closure):
            digest.update(member.encode("utf-8") + b"\0" + sources[member].encode("utf-8", "surrogatepass") + b"\0")
        digests[name] = digest.hexdigest()
    return digests


def referenced_templates(env: jinja2.Environment, source: str) -> frozenset[str | None]:
    """The templates `source` extends, includes or imports (None: one named by a computed
    expression); found once per process for each text, as the template is compiled (or
    parsed here if it was not), and kept in the build cache for the next
    (generator/compiledtemplates.py)."""
    found = _REFERENCES.get(source)
    if found is None:
        found = COMPILED.kept_references(source)  # by an earlier build's process
        if found is not None:
            _remember_references(source, found, keep=False)
            return found
        try:
            tree = env.parse(source)  # noted and kept by _Environment._parse
        except jinja2.TemplateSyntaxError:
            found = frozenset()  # rendering will report it; the digest still follows the text
            _remember_references(source, found)
            return found
        found = _REFERENCES.get(source)
        if found is None:  # another environment's parse
            found = frozenset(jinja2.meta.find_referenced_templates(tree))
            _remember_references(source, found)
    return found


def _remember_references(source: str, found: frozenset[str | None], keep: bool = True) -> None:
    """What `source` references, for this process, and (`keep`) for the next build's."""
    if keep:
        COMPILED.keep_references(source, found)
    if len(_REFERENCES) >= 512:  # a few themes' templates; forgotten all at once beyond
        _REFERENCES.clear()
    _REFERENCES[source] = found


_REFERENCES: dict[str, frozenset[str | None]] = {}


# a relative link to a folder inside a briefing's text (wiki links, auto-links): no
# scheme, no query or fragment, ending in "/"
_FOLDER_HREF = re.compile(r'href="([^":?#]*/)"')


def file_links(html: str) -> str:
    """Rendered body HTML with folder links naming their index.html, for reading from disk."""
    return _FOLDER_HREF.sub(lambda m: f'href="{m.group(1)}{urls.INDEX}"', html)


class PageRenderer:
    def __init__(self, theme_dir: Path, settings: Settings, edition: str = "web", offline_zip: str = ""):
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
        self.env = make_environment(theme_dir)
        self.settings = settings
        self.edition = edition
        self.offline_zip = offline_zip
        # from disk a folder link opens a file listing, not the folder's index.html
        self.pretty = edition == "web"

    def context_for(self, page: Page, shown: dict[str, str] | None = None) -> dict[str, Any]:
        """The context `page` renders with; `shown`: the HTML of bodies it shows, by digest,
        where the page came without them (`shown_bodies`)."""
        link = urls.relative_from(page.path, pretty=self.pretty)
        to_file = urls.relative_from(page.path, pretty=False)

        def asset(name: str) -> str:
            return to_file(f"assets/{name}")

        def body(stored: Html) -> markupsafe.Markup:
            # bodies are rendered once, with folder links; the offline edition needs file links
            html = shown.get(stored.digest) if shown and isinstance(stored, BodyHtml) else None
            if html is None:
                html = html_of(stored)  # read from the body cache (generator/bodies.py)
            return markupsafe.Markup(html if self.pretty else file_links(html))

        return {
            **page.context,
            "body": body,
            "site": self.settings,
            "page": page,
            "link": link,
            "asset": asset,
            "canonical": urls.absolute(self.settings.base_url, page.path),
            "root": urls.relative(page.path, urls.home(), pretty=self.pretty),
            "nav": NAV,
            "content_security_policy": CONTENT_SECURITY_POLICY,
            "edition": self.edition,
            "offline_zip": self.offline_zip,
        }

    def render(self, page: Page, shown: dict[str, str] | None = None) -> str:
        template = self.env.get_template(page.template)
        return template.render(self.context_for(page, shown))


def shown_bodies(page: Page) -> dict[str, str]:
    """The held HTML of the body `page` shows, by digest: its briefing's, for a briefing's
    page (`briefing` in its context, as generator/pages.py plans it); lists and the
    neighbours a page links to show none. A body goes to a render worker without its HTML
    (bodies.BodyHtml.__reduce__), so a page sent there is sent this beside it; a body
    shown but not in it is read from the body cache."""
    briefing = page.context.get("briefing")
    if type(briefing) is Briefing and isinstance(briefing.body_html, BodyHtml) and briefing.body_html.held is not None:
        return {briefing.body_html.digest: briefing.body_html.held}
    return {}


def theme_templates(env: jinja2.Environment) -> list[str]:
    """The theme's HTML templates: its pages' templates and what they extend and import."""
    return [name for name in env.list_templates() if name.endswith(".html")]


def compile_templates(renderer: PageRenderer, names: Iterable[str] = ()) -> None:
    """Compile `names` and every theme template once, before workers are forked: each would
    compile them again, and with them the templates they extend and import (which Jinja
    compiles when a page first renders)."""
    for name in sorted(set(names) | set(theme_templates(renderer.env))):
        try:
            renderer.env.get_template(name)
        except jinja2.TemplateError:
            pass  # rendering the page reports it, naming the page


def render_page(renderer: PageRenderer, page: Page, theme_dir: Path, shown: dict[str, str] | None = None) -> str:
    """`page` rendered (`shown`: as PageRenderer.render); a template's error as a BuildError
    naming the template and the page."""
    try:
        return renderer.render(page, shown)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise BuildError(
            f"{theme_dir.as_posix()}/templates/{page.template}: error while rendering "
            f"{page.path} ({renderer.edition} edition): {exc}"
        ) from exc


def render_pages(
    workers: Workers[PageRenderer], pages: Sequence[Page], staging: Path, theme_dir: Path,
    advance: Callable[[int], None],
) -> dict[str, str]:
    """Render and write `pages` (on the build's `workers`, whose resident is the page
    renderer); sha256 of each by path."""
    # what planning this batch freed, handed back (the build's own resident memory at
    # 10,000 briefings: 26 MB less at its peak)
    give_back_freed_memory()
    # compiled here when the workers are forked for this call (a quick build); a full build's
    # were compiled before its workers were forked (incremental/fullplan.py)
    compile_templates(workers.resident, {page.template for page in pages})
    digests = {}
    jobs = [(page, staging.as_posix(), theme_dir, shown_bodies(page)) for page in pages]
    for page, digest in zip(pages, workers.map_in_order(_render_and_write, jobs)):
        digests[page.path] = digest
        advance(1)
    return digests


def _render_and_write(renderer: PageRenderer, job: tuple[Page, str, Path, dict[str, str]]) -> str:
    """A page rendered and written by the process that rendered it (pages are never all
    held in memory); its sha256. The page comes by value to a worker, which holds no site,
    with the bodies it shows (`shown_bodies`)."""
    page, folder, theme_dir, shown = job
    return write_file(f"{folder}/{page.path}", render_page(renderer, page, theme_dir, shown).encode("utf-8"))
