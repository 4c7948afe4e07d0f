"""Notes: a category, an owner, a review-by date, when last reviewed and when last opened

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05

Existing notes become guides owned by their author, with no review date.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "category",
                sa.String(length=32),
                server_default="guide",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("review_by", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.execute("UPDATE note SET owner_id = author_id")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_note_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_note_owner_id_person"), "person", ["owner_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_note_owner_id_person"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_note_owner_id"))
        batch_op.drop_column("last_opened_at")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("review_by")
        batch_op.drop_column("owner_id")
        batch_op.drop_column("category")
