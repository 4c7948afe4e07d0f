"""Every download button leaves the page as it is: a second download within a second of the
first arrives too (without `on_click="ignore"` the click reruns the page, which drops the file
just served: "Deferred file not found")."""

from __future__ import annotations

import ast
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def _download_buttons() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(DASHBOARD.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "download_button"
            ):
                found.append((f"{path.relative_to(DASHBOARD)}:{node.lineno}", node))
    return found


def _ignores_its_click(call: ast.Call) -> bool:
    return any(
        k.arg == "on_click" and isinstance(k.value, ast.Constant) and k.value.value == "ignore"
        for k in call.keywords
    )


def test_every_download_button_leaves_the_page_as_it_is_so_a_quick_second_click_works() -> None:
    buttons = _download_buttons()
    places = {place.split(":")[0] for place, _ in buttons}
    assert {"pages/members_page.py", "pages/plan_page.py", "pages/framework_page.py"} <= places
    assert [place for place, call in buttons if not _ignores_its_click(call)] == []
