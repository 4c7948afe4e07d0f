"""Shared 1:1 agenda and the feedback loop: talking points on a 1:1, learners' answers to
"how useful was this week's learning" (per week or per finished module), and improvement
items a lead opens for a module

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "improvementitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["module.id"],
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("improvementitem", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_improvementitem_module_id"), ["module_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_improvementitem_team_id"), ["team_id"], unique=False)

    op.create_table(
        "learningfeedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["module.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learningfeedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learningfeedback_module_id"), ["module_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learningfeedback_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_learningfeedback_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_learningfeedback_week_start"), ["week_start"], unique=False
        )

    op.create_table(
        "talkingpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("private", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["mentoringsession.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("talkingpoint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talkingpoint_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_talkingpoint_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("talkingpoint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talkingpoint_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_talkingpoint_author_id"))

    op.drop_table("talkingpoint")
    with op.batch_alter_table("learningfeedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learningfeedback_week_start"))
        batch_op.drop_index(batch_op.f("ix_learningfeedback_team_id"))
        batch_op.drop_index(batch_op.f("ix_learningfeedback_person_id"))
        batch_op.drop_index(batch_op.f("ix_learningfeedback_module_id"))

    op.drop_table("learningfeedback")
    with op.batch_alter_table("improvementitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvementitem_team_id"))
        batch_op.drop_index(batch_op.f("ix_improvementitem_module_id"))

    op.drop_table("improvementitem")
