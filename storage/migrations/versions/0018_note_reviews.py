"""Note reviews: every time a note was confirmed still right, not only the last

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05

A new table; each note's last review so far (its `reviewed_at`, credited to its owner, who is
the one who looked after it) becomes its first row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notereview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("next_review_by", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["note.id"]),
        sa.ForeignKeyConstraint(["reviewer_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notereview", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notereview_note_id"), ["note_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notereview_reviewer_id"), ["reviewer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notereview_reviewed_at"), ["reviewed_at"], unique=False
        )
    op.execute(
        "INSERT INTO notereview (note_id, reviewer_id, reviewed_at, next_review_by) "
        "SELECT id, owner_id, reviewed_at, review_by FROM note "
        "WHERE reviewed_at IS NOT NULL AND review_by IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("notereview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notereview_reviewed_at"))
        batch_op.drop_index(batch_op.f("ix_notereview_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_notereview_note_id"))
    op.drop_table("notereview")
