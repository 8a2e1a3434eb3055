"""The Jinja environment of a theme: how templates call functions, and the date filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from generator import render as render_module
from generator.render import format_date, format_datetime, make_environment

THEME = Path(__file__).resolve().parent.parent / "themes" / "default"


def test_a_template_calls_a_plain_function_with_its_arguments_in_and_out_of_loops():
    env = make_environment(THEME)
    seen = []

    def shout(word, end="!"):
        seen.append(word)
        return word.upper() + end

    template = env.from_string("{{ shout('a') }} {% for w in words %}{{ shout(w, end='?') }}{% endfor %}")
    assert template.render(shout=shout, words=["b", "c"]) == "A! B?C?"
    assert seen == ["a", "b", "c"]


def test_a_function_that_asks_for_the_context_still_gets_it():
    env = make_environment(THEME)

    @jinja2.pass_context
    def greeting(context, name):
        return f"{context['salutation']}, {name}"

    template = env.from_string("{% for n in names %}{{ greeting(n) }};{% endfor %}")
    assert template.render(greeting=greeting, salutation="Hello", names=["Ana", "Ben"]) == "Hello, Ana;Hello, Ben;"

    @jinja2.pass_context
    def current(context, key):  # sees the variables of the loop and the block it is called in
        return f"{key}={context[key]}"

    template = env.from_string(
        "{% for n in names %}{% set m = n %}{{ current('m') }};{% endfor %}"
        "{% block b %}{% set shown = 'yes' %}{{ current('shown') }}{% endblock %}"
    )
    assert template.render(current=current, names=["Ana", "Ben"]) == "m=Ana;m=Ben;shown=yes"


def test_a_method_call_in_a_template_is_made_and_a_macro_is_called_as_before():
    env = make_environment(THEME)
    template = env.from_string(
        "{% macro item(d) %}<{{ d.isoformat() }}>{% endmacro %}{% for d in days %}{{ item(d) }}{% endfor %}"
    )
    assert template.render(days=[dt.date(2024, 3, 1), dt.date(1999, 12, 31)]) == "<2024-03-01><1999-12-31>"


def test_dates_are_written_day_month_name_year_with_english_month_names():
    assert format_date(dt.date(2022, 9, 13)) == "13 September 2022"
    assert format_date(dt.date(2015, 5, 3)) == "3 May 2015"
    assert format_datetime(dt.datetime(2023, 3, 2, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=4)))) == (
        "2 March 2023, 18:00 UTC+04:00"
    )


def test_a_template_is_compiled_once_per_process_and_again_once_edited(tmp_path: Path, monkeypatch):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("Hello {{ name }}", encoding="utf-8")
    compiled: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(env, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(env, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert make_environment(tmp_path).get_template("page.html").render(name="a") == "Hello a"
    # the next build's environment, as `serve` makes one for every save
    assert make_environment(tmp_path).get_template("page.html").render(name="b") == "Hello b"
    assert compiled == ["page.html"]
    page.write_text("Goodbye {{ name }}", encoding="utf-8")
    assert make_environment(tmp_path).get_template("page.html").render(name="c") == "Goodbye c"
    assert compiled == ["page.html", "page.html"]


def test_a_template_compiled_by_one_build_process_is_read_by_the_next_from_the_cache(tmp_path: Path, monkeypatch):
    """Each `briefings build` is a process of its own: the templates an addition renders
    are compiled by the first, kept in the build cache (compiledtemplates.py), and read
    from there by the next, unless the file was damaged or another generator wrote it."""
    from generator import compiledtemplates
    from generator.render import referenced_templates

    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text("<main>{% block main %}{% endblock %}</main>", encoding="utf-8")
    (theme / "templates" / "page.html").write_text('{% extends "base.html" %}{% block main %}Hi {{ name }}{% endblock %}', encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    compiled: list[str] = []
    parsed: list[str] = []
    compile_source, parse_source = jinja2.Environment.compile, jinja2.Environment.parse
    monkeypatch.setattr(jinja2.Environment, "compile", lambda env, source, name=None, *rest: compiled.append(name) or compile_source(env, source, name, *rest))
    monkeypatch.setattr(jinja2.Environment, "parse", lambda env, source, *rest: parsed.append(source) or parse_source(env, source, *rest))

    def next_process(key: str = "this generator") -> jinja2.Environment:  # in-memory caches gone, the cache folder kept
        fresh = compiledtemplates.CompiledTemplates()
        fresh.keep_in(cache, key)
        monkeypatch.setattr(render_module, "COMPILED", fresh)
        monkeypatch.setattr(render_module, "_REFERENCES", {})
        return make_environment(theme)

    env = next_process()
    assert env.get_template("page.html").render(name="a") == "<main>Hi a</main>"
    assert referenced_templates(env, (theme / "templates" / "page.html").read_text(encoding="utf-8")) == {"base.html"}
    # what a template references is noted as it is compiled: not parsed again for it
    assert sorted(compiled) == ["base.html", "page.html"] and parsed == []
    assert all(path.name.startswith(compiledtemplates.PREFIX) for path in cache.iterdir())

    env = next_process()
    assert env.get_template("page.html").render(name="b") == "<main>Hi b</main>"
    assert referenced_templates(env, (theme / "templates" / "page.html").read_text(encoding="utf-8")) == {"base.html"}
    assert sorted(compiled) == ["base.html", "page.html"] and parsed == []  # nothing compiled or parsed

    for kept in cache.iterdir():  # damaged: compiled again
        data = bytearray(kept.read_bytes())
        data[len(data) // 2] ^= 0xFF
        kept.write_bytes(bytes(data))
    assert next_process().get_template("page.html").render(name="c") == "<main>Hi c</main>"
    assert sorted(compiled) == ["base.html", "base.html", "page.html", "page.html"]

    # kept by another version of the generator: compiled again
    assert next_process("another generator").get_template("page.html").render(name="d") == "<main>Hi d</main>"
    assert len(compiled) == 6


def test_a_macro_takes_positional_keyword_and_default_arguments_and_gives_markup():
    env = make_environment(THEME)
    template = env.from_string(
        "{% macro item(name, mark='*', end=none) %}{{ mark }}{{ name }}{{ end if end is not none else '' }}{% endmacro %}"
        "{% for n in names %}{{ item(n) }}|{{ item(n, '-') }}|{{ item(n, end='!') }}|{{ item(name=n, mark='+') }};{% endfor %}"
        "{% set shown = item('<b>') %}{{ shown }}"
    )
    assert template.render(names=["a", "<c>"]) == "*a|-a|*a!|+a;*&lt;c&gt;|-&lt;c&gt;|*&lt;c&gt;!|+&lt;c&gt;;*&lt;b&gt;"


def test_a_macro_with_a_caller_or_extra_arguments_is_called_as_jinja_calls_it():
    env = make_environment(THEME)
    template = env.from_string(
        "{% macro box(kind) %}<{{ kind }}>{{ caller() }}{{ varargs | join(',') }}{{ kwargs | length }}</{{ kind }}>{% endmacro %}"
        "{% call box('p', 1, 2, x=3) %}in {{ name }}{% endcall %}"
    )
    assert template.render(name="<x>") == "<p>in &lt;x&gt;1,21</p>"


def test_a_macro_called_wrongly_fails_as_jinja_reports_it():
    env = make_environment(THEME)
    for call, message in [
        ("one(1, 2)", "takes not more than 1 argument"),
        ("one(2, b=1)", "takes no keyword argument 'b'"),
        ("one(a=1, b=2)", "takes no keyword argument 'b'"),
    ]:
        template = env.from_string("{% macro one(a) %}{{ a }}{% endmacro %}{{ " + call + " }}")
        try:
            template.render()
        except TypeError as exc:
            assert message in str(exc)
        else:
            raise AssertionError(f"{call} was accepted")


def test_what_a_template_not_compiled_references_is_found_by_parsing_it_once(tmp_path: Path, monkeypatch):
    from generator.render import referenced_templates

    monkeypatch.setattr(render_module, "_REFERENCES", {})
    parsed: list[str] = []
    parse_source = jinja2.Environment.parse
    monkeypatch.setattr(jinja2.Environment, "parse", lambda env, source, *rest: parsed.append(source) or parse_source(env, source, *rest))
    env = make_environment(tmp_path)
    source = '{% extends "base.html" %}{% from "partials/macros.html" import term_link %}{% include name %}'
    assert referenced_templates(env, source) == {"base.html", "partials/macros.html", None}
    assert referenced_templates(env, source) == {"base.html", "partials/macros.html", None}
    assert referenced_templates(env, "{% if %}") == frozenset()  # a syntax error: rendering reports it
    assert parsed == [source, "{% if %}"]


def test_with_a_jinja_release_of_unknown_internals_stock_jinja_renders_the_same_site(
    tmp_path: Path, monkeypatch, built_fixture: Path,
):
    """The fast environment reaches into Jinja's internals, so it is used only with the
    releases it was tested against; with any other, stock Jinja must give every page
    and feed byte for byte."""
    import shutil

    from generator.build import BuildOptions, build
    from tests.conftest import FIXTURE_ARCHIVE

    assert isinstance(make_environment(THEME), render_module._FastEnvironment) == render_module.JINJA_INTERNALS_KNOWN
    monkeypatch.setattr(render_module, "JINJA_INTERNALS_KNOWN", False)
    env = make_environment(THEME)
    assert type(env) is render_module._Environment and env.code_generator_class is jinja2.compiler.CodeGenerator

    shutil.copytree(FIXTURE_ARCHIVE, tmp_path / "src")
    build(BuildOptions(root=tmp_path / "src", out_dir=tmp_path / "site", search=False, jobs=1))
    pages = sorted(
        path.relative_to(built_fixture) for path in built_fixture.rglob("*")
        if path.suffix in (".html", ".xml") and "pagefind" not in path.parts
    )
    assert len(pages) >= 50  # articles, term pages, archives, feeds
    for page in pages:
        assert (tmp_path / "site" / page).read_bytes() == (built_fixture / page).read_bytes(), page
