"""team review policy, desired retention and FSRS parameters

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_policy", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(sa.Column("desired_retention", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("fsrs_parameters", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("proposed_fsrs_parameters", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("proposed_loss_before", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("proposed_loss_after", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("proposed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("proposed_at")
        batch_op.drop_column("proposed_loss_after")
        batch_op.drop_column("proposed_loss_before")
        batch_op.drop_column("proposed_fsrs_parameters")
        batch_op.drop_column("fsrs_parameters")
        batch_op.drop_column("desired_retention")
        batch_op.drop_column("review_policy")
