"""YAML loading that keeps line numbers and leaves dates as text.

PyYAML turns `2022-13-45` into a crash deep inside its date constructor and
`2022-09-13` into a `date` object; we want every value as written so that the
schema can validate it and name the line. So timestamps are not resolved, and
the line of every mapping key is recorded while composing.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


# libyaml's parser when PyYAML was built with it: several times faster on large archives
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without the implicit timestamp type: dates stay strings."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(line, message)
        self.line = line  # 1-based, relative to the parsed text
        self.message = message


# A briefing's frontmatter is a flat mapping of lists of names, and the vocabulary
# files are lists of mappings a few levels deep; past these, a file is a mistake or an
# attack, and refusing it keeps every later step small.
MAX_DEPTH = 12  # collections inside the outermost one
MAX_KEYS = 1000  # keys of one mapping (a briefing has 16 fields)

_MERGE_TAG = "tag:yaml.org,2002:merge"


def _refuse_anchors(loader: yaml.Loader) -> None:
    """Raise at the first anchor (&name) or alias (*name) among the parser's events.

    Aliases let a few hundred bytes stand for billions of values ("billion
    laughs"): every later step that walks the values would never end. A
    briefing or a vocabulary has no use for them, so none is accepted.
    """
    while loader.check_event():
        event = loader.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, f"YAML alias *{event.anchor} is not allowed here; write the value out")
        if getattr(event, "anchor", None) is not None:
            raise YamlProblem(line, f"YAML anchor &{event.anchor} is not allowed here; write the value out")


def _key_lines(root: yaml.Node, max_nodes: int | None) -> dict[tuple[Any, ...], int]:
    """The 1-based line of every key path; raises on a duplicate key or a limit passed.

    Iterative (no recursion limit to hit) and one step per node."""
    lines: dict[tuple[Any, ...], int] = {}
    pending: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    children: list[tuple[yaml.Node, tuple[Any, ...]]] = []
    nodes = 0
    while pending:
        node, prefix = pending.pop()
        nodes += 1
        if max_nodes is not None and nodes > max_nodes:
            raise YamlProblem(
                node.start_mark.line + 1, f"more than {max_nodes} values in all (fields and list items count one each)",
            )
        if len(prefix) > MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            raise YamlProblem(node.start_mark.line + 1, f"values nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            if len(node.value) > MAX_KEYS:
                raise YamlProblem(
                    node.start_mark.line + 1, f"a mapping of {len(node.value)} keys; the limit is {MAX_KEYS}",
                )
            first_lines: dict[tuple[str, Any], int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if key_node.tag == _MERGE_TAG:
                    raise YamlProblem(line, "YAML merge key << is not allowed here; write the keys out")
                if isinstance(key_node, yaml.ScalarNode):
                    identity = (key_node.tag, key_node.value)
                    if identity in first_lines:
                        raise YamlProblem(
                            line, f"duplicate key {key_node.value!r} (first at line {first_lines[identity]})",
                        )
                    first_lines[identity] = line
                key = (*prefix, key_node.value)
                lines.setdefault(key, line)
                children.append((value_node, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                key = (*prefix, index)
                lines.setdefault(key, item.start_mark.line + 1)
                children.append((item, key))
        pending.extend(reversed(children))  # in the order written: a limit is reported where it is passed
        children.clear()
    return lines


# The shape nearly every briefing's frontmatter has: one `key: value` a line, each value
# quoted text, plain text on one line, or a one-line list of such. Read without YAML's
# composer (which makes a node object of every value: a tenth of reading an archive),
# to the values, lines and order it would give; a text of any other shape, or a value
# whose meaning takes more than this to be sure of, goes to YAML (`load_with_lines`), so
# every problem is still YAML's, at its line.
_FLAT_KEY = r"[A-Za-z_][A-Za-z0-9_]{0,99}"  # short: YAML reads a key of 1,024 characters or more otherwise
# plain text: no indicator first, no comment (' #'), no ': ', nothing of flow
# collections, no ':' or space last; letters or digits first are resolved (_resolved_str)
_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#:\[\]{}]|:(?=[^\s,\[\]{}]))*(?<![\s:])"
_PLAIN_IN_LIST = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:,?\[\]{}]*(?<![\s])"
_QUOTED = r"\"[^\"\\]*\"|'[^']*'"
_FLAT_LINE = re.compile(rf"({_FLAT_KEY}):[ ]+(?:({_QUOTED}|{_PLAIN})|\[[ ]*((?:(?:{_QUOTED}|{_PLAIN_IN_LIST})[ ]*,[ ]*)*(?:{_QUOTED}|{_PLAIN_IN_LIST}))?[ ]*\])[ ]*")
_LIST_ITEM = re.compile(rf"({_QUOTED}|{_PLAIN_IN_LIST})[ ]*(?:,[ ]*|$)")
_STR_TAG = "tag:yaml.org,2002:str"


def _resolved_str(plain: str) -> bool:
    """Whether YAML reads this plain scalar as text (not a number, boolean or null), by the
    resolvers of the loader itself."""
    for tag, pattern in _PlainLoader.yaml_implicit_resolvers.get(plain[0], ()):
        if pattern.match(plain):
            return tag == _STR_TAG
    return True


def _scalar(written: str) -> str | None:
    """The text a one-line scalar of _FLAT_LINE stands for; None when YAML reads it otherwise."""
    first = written[0]
    if first == '"' or first == "'":
        return written[1:-1]
    return written if _resolved_str(written) else None


def _flat_mapping(text: str, max_nodes: int | None) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]] | None:
    """What load_with_lines gives for a text of one `key: value` a line (see _FLAT_LINE),
    or None for a text of any other shape, to be read by YAML."""
    data: dict[str, Any] = {}
    key_lines: dict[tuple[Any, ...], int] = {}
    item_lines: list[tuple[tuple[Any, ...], int]] = []  # after every key's, as _key_lines orders them
    nodes = 1
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        found = _FLAT_LINE.fullmatch(line)
        if found is None or not line.isprintable():  # YAML's printable characters include these
            return None
        key, written, listed = found.groups()
        if key in data or not _resolved_str(key):
            return None
        if written is not None:
            value: Any = _scalar(written)
            if value is None:
                return None
        else:
            value = []
            if listed is not None:
                for item in _LIST_ITEM.findall(listed):
                    scalar = _scalar(item)
                    if scalar is None:
                        return None
                    item_lines.append(((key, len(value)), number))
                    value.append(scalar)
        nodes += 1 + (0 if written is not None else len(value))
        data[key] = value
        key_lines[(key,)] = number
    if not data or len(data) > MAX_KEYS or (max_nodes is not None and nodes > max_nodes):
        return None
    key_lines.update(item_lines)
    return data, key_lines


def load_with_lines(text: str, max_nodes: int | None = None) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Parse YAML text; return the data and the 1-based line of every key path.

    Paths are tuples: `("date",)` for a top-level key, `(0, "name")` for the
    name of the first item of a top-level list. Anchors, aliases, merge keys
    and duplicate keys are refused, and so are more than `max_nodes` values
    (None: no limit), more than MAX_KEYS keys in one mapping and nesting past
    MAX_DEPTH, each as a YamlProblem at its line: so the work done on any text
    grows with its length, and nothing written is silently dropped.
    """
    flat = _flat_mapping(text, max_nodes)
    if flat is not None:
        return flat
    try:
        if "&" in text or "*" in text:  # only then can there be an anchor or alias: look (a second parse)
            scanner = _PlainLoader(text)
            try:
                _refuse_anchors(scanner)
            finally:
                scanner.dispose()
        # compose once for the line marks, then build the values from the same nodes
        loader = _PlainLoader(text)
        try:
            node = loader.get_single_node()
            lines = _key_lines(node, max_nodes) if node is not None else {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem_mark and not text[exc.problem_mark.index :].strip():
            # found only at the end of the text: the unclosed list or quote started at the context
            mark = exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise YamlProblem(line, f"invalid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from exc
    except RecursionError as exc:  # the pure-Python parser (PyYAML without libyaml) recurses per level
        raise YamlProblem(1, f"invalid YAML: values nested more than {MAX_DEPTH} levels deep") from exc
    return data, lines
