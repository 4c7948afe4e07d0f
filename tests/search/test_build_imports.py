"""The background index build and the pages import some of the same packages; those are imported
before the build starts, so two threads never import one of them at once (CI once saw Python's
import locks raise `_DeadlockError` in the build while a page drew a chart)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from search.indexing import IMPORTED_BEFORE_BUILD

ROOT = Path(__file__).resolve().parents[2]

# What the app has imported before a page draws its first chart or the build loads the model.
_BASE = "import streamlit, pandas, sqlmodel, dashboard.resources"
_PAGE_CHARTS = "import altair"
_MODEL_LOAD = "import sentence_transformers, tokenizers, faiss, chromadb"


def _new_modules(imports: str) -> set[str]:
    """Module names `imports` adds to a fresh interpreter that has run `_BASE`."""
    script = (
        f"import sys\n{_BASE}\nbefore = set(sys.modules)\n{imports}\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(run.stdout.split())


def _loaded_after_preload() -> set[str]:
    script = (
        f"import sys\n{_BASE}\nfrom search.indexing import _import_shared_packages\n"
        "_import_shared_packages()\n"
        "print('\\n'.join(sorted(set(sys.modules))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(run.stdout.split())


def test_every_package_both_the_pages_and_the_model_load_import_is_imported_before_the_build():
    shared = _new_modules(_PAGE_CHARTS) & _new_modules(_MODEL_LOAD)
    # Something is shared today (narwhals, through altair and scikit-learn); if a library upgrade
    # removes it, this test still checks whatever else is shared.
    assert shared
    missing = sorted(shared - _loaded_after_preload())
    assert not missing, f"add these packages to IMPORTED_BEFORE_BUILD: {missing}"


def test_the_preload_list_names_only_real_modules():
    assert set(IMPORTED_BEFORE_BUILD) <= _loaded_after_preload()
