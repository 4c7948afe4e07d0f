"""Reviews as Anki users expect: same-day steps, new cards per day, leeches, suspend and bury,
undo, per-person fitting, imported cards

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Existing teams and people get none of the new settings (the defaults apply); existing card
schedules are neither suspended, buried nor leeches and count no lapses until the next
reschedule replays their logs; existing answers are not undone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(sa.Column("learning_steps_minutes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("relearning_steps_minutes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("new_cards_per_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("leech_lapses", sa.Integer(), nullable=True))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_cards_per_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fsrs_parameters", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("fsrs_fit", sa.JSON(), nullable=True))
    with op.batch_alter_table("reviewcard", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        batch_op.add_column(
            sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_reviewcard_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviewcard_source_key"), ["source_key"], unique=False)
    with op.batch_alter_table("cardschedule", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lapses", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("leech", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("suspended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("buried_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("reset_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("undone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("previous_state", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("previous_due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.drop_column("previous_due_at")
        batch_op.drop_column("previous_state")
        batch_op.drop_column("undone_at")
    with op.batch_alter_table("cardschedule", schema=None) as batch_op:
        batch_op.drop_column("reset_at")
        batch_op.drop_column("buried_until")
        batch_op.drop_column("suspended_at")
        batch_op.drop_column("leech")
        batch_op.drop_column("lapses")
    with op.batch_alter_table("reviewcard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewcard_source_key"))
        batch_op.drop_index(batch_op.f("ix_reviewcard_author_id"))
        batch_op.drop_column("updated_at")
        batch_op.drop_column("source_key")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("fsrs_fit")
        batch_op.drop_column("fsrs_parameters")
        batch_op.drop_column("new_cards_per_day")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("leech_lapses")
        batch_op.drop_column("new_cards_per_day")
        batch_op.drop_column("relearning_steps_minutes")
        batch_op.drop_column("learning_steps_minutes")
