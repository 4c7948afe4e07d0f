"""Development plans: personal targets, goals, their milestones and 1:1 review notes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personaltarget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["competency_id"], ["competency.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["set_by_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "competency_id"),
    )
    with op.batch_alter_table("personaltarget", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_personaltarget_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=True),
        sa.Column("target_level", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("success_measure", sa.Text(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("learner_agreed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("mentor_agreed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("mentor_agreed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["competency_id"], ["competency.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["mentor_agreed_by_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_person_id"), ["person_id"], unique=False)

    op.create_table(
        "goalmilestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["done_by_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goalmilestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goalmilestone_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "goalreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["mentoringsession.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goalreview", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goalreview_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goalreview_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("goalreview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goalreview_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_goalreview_goal_id"))
    op.drop_table("goalreview")
    with op.batch_alter_table("goalmilestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goalmilestone_goal_id"))
    op.drop_table("goalmilestone")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_person_id"))
    op.drop_table("goal")
    with op.batch_alter_table("personaltarget", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personaltarget_person_id"))
    op.drop_table("personaltarget")
