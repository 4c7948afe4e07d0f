"""The one settings object: environment, secrets file, defaults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.settings import DEFAULT_EMBEDDING_MODEL, Settings, get_settings

SETTING_NAMES = (
    "DATA_DIR",
    "DATABASE_URL",
    "CURRICULUM_DIR",
    "EMBEDDING_MODEL",
    "CHROMA_HOST",
    "CHROMA_PORT",
)


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No PROFICIO_* variables from the caller, no secrets file, a fresh settings cache."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(f"PROFICIO_{name}", raising=False)
    # The secrets file is read relative to the working folder.
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _write_secrets(folder: Path, body: str) -> None:
    (folder / ".streamlit").mkdir(exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(body, encoding="utf-8")


def test_defaults_without_environment() -> None:
    settings = Settings()
    assert settings.data_dir == Path("data")
    assert settings.database_url is None
    assert settings.embedding_model == DEFAULT_EMBEDDING_MODEL == "all-MiniLM-L6-v2"
    assert settings.chroma_host is None
    assert settings.chroma_port == 8000


def test_default_database_is_a_sqlite_file_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path / "team-data"))
    settings = Settings()
    assert settings.data_dir == tmp_path / "team-data"
    assert settings.resolved_database_url == (
        f"sqlite:///{tmp_path.resolve() / 'team-data' / 'proficio.db'}"
    )
    assert settings.is_sqlite


def test_relative_data_folder_resolves_to_an_absolute_database_path(tmp_path: Path) -> None:
    # With no settings at all the file is data/proficio.db under the working folder, absolute so
    # that a page run from another folder opens the same database.
    url = Settings().resolved_database_url
    assert url == f"sqlite:///{tmp_path.resolve() / 'data' / 'proficio.db'}"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", "/srv/proficio")
    monkeypatch.setenv("PROFICIO_DATABASE_URL", "postgresql+psycopg://app@db.internal/proficio")
    monkeypatch.setenv("PROFICIO_EMBEDDING_MODEL", "/models/minilm")
    monkeypatch.setenv("PROFICIO_CHROMA_HOST", "chroma.internal")
    monkeypatch.setenv("PROFICIO_CHROMA_PORT", "8123")
    settings = Settings()
    assert settings.data_dir == Path("/srv/proficio")
    assert settings.embedding_model == "/models/minilm"
    assert settings.chroma_host == "chroma.internal"
    assert settings.chroma_port == 8123
    # A configured URL is used as is and is not SQLite.
    assert settings.resolved_database_url == "postgresql+psycopg://app@db.internal/proficio"
    assert not settings.is_sqlite


def test_configured_sqlite_url_counts_as_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROFICIO_DATABASE_URL", "sqlite:////var/lib/proficio/team.db")
    settings = Settings()
    assert settings.resolved_database_url == "sqlite:////var/lib/proficio/team.db"
    assert settings.is_sqlite


def test_unrelated_environment_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROFICIO_SOMETHING_ELSE", "x")
    monkeypatch.setenv("DATA_DIR", "/not/ours")
    assert Settings().data_dir == Path("data")


def test_bad_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROFICIO_CHROMA_PORT", "not-a-port")
    with pytest.raises(ValueError, match="chroma_port"):
        Settings()


def test_secrets_file_is_read(tmp_path: Path) -> None:
    _write_secrets(
        tmp_path,
        '[proficio]\ndata_dir = "/from/secrets"\nchroma_host = "chroma.from.secrets"\n',
    )
    settings = Settings()
    assert settings.data_dir == Path("/from/secrets")
    assert settings.chroma_host == "chroma.from.secrets"


def test_environment_wins_over_secrets_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_secrets(tmp_path, '[proficio]\ndata_dir = "/from/secrets"\n')
    monkeypatch.setenv("PROFICIO_DATA_DIR", "/from/env")
    assert Settings().data_dir == Path("/from/env")


def test_get_settings_reads_once_until_the_cache_is_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", "/first")
    first = get_settings()
    assert first.data_dir == Path("/first")
    monkeypatch.setenv("PROFICIO_DATA_DIR", "/second")
    assert get_settings() is first  # cached: the change is not seen yet
    get_settings.cache_clear()
    assert get_settings().data_dir == Path("/second")
