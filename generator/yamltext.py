"""YAML loading that keeps line numbers and leaves dates as text.

PyYAML turns `2022-13-45` into a crash deep inside its date constructor and
`2022-09-13` into a `date` object; we want every value as written so that the
schema can validate it and name the line. So timestamps are not resolved, and
the line of every mapping key is recorded while composing.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class YamlProblem(Exception):
    line: int  # 1-based, relative to the parsed text
    message: str


def _key_lines(node: yaml.Node, prefix: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, key_node.value)
            lines.setdefault(key, key_node.start_mark.line + 1)
            _key_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*prefix, index)
            lines.setdefault(key, item.start_mark.line + 1)
            _key_lines(item, key, lines)


def load_with_lines(text: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Parse YAML text; return the data and the 1-based line of every key path.

    Paths are tuples: `("date",)` for a top-level key, `(0, "name")` for the
    name of the first item of a top-level list.
    """
    try:
        # compose once for the line marks, then build the values from the same nodes
        loader = _PlainLoader(text)
        try:
            node = loader.get_single_node()
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
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _key_lines(node, (), lines)
    return data, lines
