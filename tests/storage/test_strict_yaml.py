"""Hand-written YAML read strictly: what expands when printed ("billion laughs") is refused."""

from __future__ import annotations

import pytest
import yaml

from storage.strict_yaml import NO_ALIASES, load_yaml

# Nine levels of nine aliases: 509 bytes that stand for 9**9 "lol"s (about 1.5 GB printed).
# Reading it must refuse at the first anchor, never build or print what it stands for.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_billion_laughs_is_refused_at_its_first_anchor() -> None:
    with pytest.raises(yaml.YAMLError, match=r"aliases and anchors .* are not allowed") as error:
        load_yaml(BILLION_LAUGHS)
    assert error.value.problem_mark.line == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "base: &base {level: 1}\nmodule: {<<: *base, key: x}\n",
        "- &one 1\n- *one\n",
        "a: *nowhere\n",
    ],
    ids=["merge-key", "list-alias", "undefined-alias"],
)
def test_any_anchor_or_alias_is_refused(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as error:
        load_yaml(text)
    assert NO_ALIASES in str(error.value)


def test_plain_yaml_still_reads() -> None:
    assert load_yaml("title: A & B *really*\ntags: [a, b]\n") == {
        "title": "A & B *really*",
        "tags": ["a", "b"],
    }
