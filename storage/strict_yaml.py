"""YAML as people write it by hand (curriculum files, note front matter), read strictly.

`yaml.safe_load` keeps the last of two equal keys without a word, so a field written twice
silently loses one value; and deeply nested input ends in a RecursionError. Here both are
`yaml.YAMLError`s, like any other problem with the text, with the line where it is.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode


class _StrictLoader(yaml.SafeLoader):
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
