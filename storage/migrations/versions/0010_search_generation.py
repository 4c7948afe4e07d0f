"""Search chunk ids are never reused; the search index carries a generation

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

On SQLite the chunk registry is rebuilt with AUTOINCREMENT (its rows and ids kept), so an id
freed by a removed chunk is never handed to a new one; PostgreSQL's sequence already never
goes back. `searchindexstate` holds the index's generation (none yet: the first update
after this upgrade writes it into every store).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "searchchunk", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass  # no column changes: recreating the table is the change (AUTOINCREMENT)
    op.create_table(
        "searchindexstate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("searchindexstate")
