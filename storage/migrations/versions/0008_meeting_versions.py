"""1:1 sessions: skipped, and a version that catches two people saving the same agenda

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Sessions so far start at version 0, not skipped, last changed by nobody known.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mentoringsession", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("skipped_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_mentoringsession_updated_by_id_person"),
            "person",
            ["updated_by_id"],
            ["id"],
        )
    with op.batch_alter_table("mentoringsession", schema=None) as batch_op:
        batch_op.alter_column("version", server_default=None)  # the model sets the default


def downgrade() -> None:
    with op.batch_alter_table("mentoringsession", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_mentoringsession_updated_by_id_person"), type_="foreignkey"
        )
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("version")
        batch_op.drop_column("skipped_at")
