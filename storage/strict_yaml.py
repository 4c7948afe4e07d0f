"""YAML as people write it by hand (curriculum files, note front matter), read strictly.

`yaml.safe_load` keeps the last of two equal keys without a word, so a field written twice
silently loses one value; deeply nested input ends in a RecursionError, slowly; and anchors
with aliases (`&a [x, x]`, `*a`) let a few hundred bytes stand for gigabytes of text once the
value is printed or walked ("billion laughs"). Here all three are `yaml.YAMLError`s, like any
other problem with the text, with the line where it is: nobody writes an alias in front matter
or a curriculum file by hand, so none is accepted.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node

# Deeper than any file a person writes; refusing early is quicker than Python's own limit.
MAX_DEPTH = 64
NO_ALIASES = "aliases and anchors (*name, &name) are not allowed"


class _StrictLoader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            mark = event.start_mark
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None, None, f"the text is nested more than {MAX_DEPTH} levels deep", mark
                )
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                raise ComposerError(None, None, NO_ALIASES, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:
                continue  # an unhashable key: the base class reports it
            if repeated:
                raise ConstructorError(
                    None, None, f"the key {key!r:.60} appears twice", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """The one YAML document in `text` (safe types only); yaml.YAMLError says what is wrong."""
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    except RecursionError as error:
        raise yaml.YAMLError("the text is nested too deeply") from error
    finally:
        loader.dispose()
