"""Reviews indexed by person and time: a team's figures read its people's recent reviews

The index on person and time replaces the one on person alone, which it begins with.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.create_index("ix_reviewlog_person_id_reviewed_at", ["person_id", "reviewed_at"])
        batch_op.drop_index("ix_reviewlog_person_id")


def downgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.create_index("ix_reviewlog_person_id", ["person_id"])
        batch_op.drop_index("ix_reviewlog_person_id_reviewed_at")
