"""The one settings object: environment first, then `[proficio]` in `.streamlit/secrets.toml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SECRETS_FILE = Path(".streamlit/secrets.toml")
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Where Proficio keeps its data and which services it talks to."""

    model_config = SettingsConfigDict(env_prefix="PROFICIO_", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"), description="Folder for the SQLite file, indexes and backups."
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; empty means a SQLite file in the data folder.",
    )
    curriculum_dir: Path | None = Field(
        default=None,
        description="Folder of curriculum YAML; empty means the built-in vector-database course.",
    )
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description="Sentence-transformers model name or local path.",
    )
    chroma_host: str | None = Field(
        default=None, description="Chroma server host; empty means a local persistent Chroma."
    )
    chroma_port: int = Field(default=8000, description="Chroma server port.")
    demo: bool = Field(
        default=False,
        description="Seed the demo team into an empty database on start (`make run` sets it); "
        "ignored when sign-in is configured.",
    )
    admin_emails: str = Field(
        default="",
        description="Comma-separated emails of organisation admins (case ignored).",
    )
    smtp_url: str | None = Field(
        default=None,
        description="SMTP server for reminder e-mails, e.g. "
        "smtp://user:password@mail.example.org:587 (STARTTLS), smtps://…:465 (TLS) or "
        "smtp://localhost:25; empty means nothing is sent.",
    )
    smtp_sender: str = Field(
        default="Proficio <proficio@localhost>",
        description="The From address of reminder e-mails.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        secrets = TomlConfigSettingsSource(
            settings_cls, toml_file=SECRETS_FILE, toml_table_header=("proficio",)
        )
        return (init_settings, env_settings, secrets)

    @property
    def resolved_database_url(self) -> str:
        """The database URL in use: the configured one, else a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'proficio.db').resolve()}"

    @property
    def admin_email_set(self) -> frozenset[str]:
        """The admin emails, trimmed and lower-cased, as sign-in compares them."""
        return frozenset(
            email.strip().lower() for email in self.admin_emails.split(",") if email.strip()
        )

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process (tests clear the cache after changing the environment)."""
    return Settings()
