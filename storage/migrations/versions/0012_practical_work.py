"""Practical work: assignments from the curriculum, hand-ins with their versions and files,
rubric grades (self, mentor or lead, peer) and the peers asked to review

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

New tables only; the next curriculum sync (every start) fills `assignment` from the YAML.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("level_number", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("brief", sa.Text(), nullable=False),
        sa.Column("evidence_level", sa.Integer(), nullable=False),
        sa.Column("rubric", sa.JSON(), nullable=False),
        sa.Column("competency_keys", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["module.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_module_id"), ["module_id"], unique=False)

    op.create_table(
        "handin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "person_id"),
    )
    with op.batch_alter_table("handin", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handin_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_handin_person_id"), ["person_id"], unique=False)

    op.create_table(
        "handinreviewer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hand_in_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hand_in_id"],
            ["handin.id"],
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hand_in_id", "reviewer_id"),
    )
    with op.batch_alter_table("handinreviewer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handinreviewer_hand_in_id"), ["hand_in_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handinreviewer_reviewer_id"), ["reviewer_id"], unique=False
        )

    op.create_table(
        "handinversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hand_in_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hand_in_id"],
            ["handin.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hand_in_id", "number"),
    )
    with op.batch_alter_table("handinversion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handinversion_hand_in_id"), ["hand_in_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handinversion_submitted_at"), ["submitted_at"], unique=False
        )

    op.create_table(
        "handinfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["handinversion.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handinfile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handinfile_version_id"), ["version_id"], unique=False)

    op.create_table(
        "rubricgrade",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hand_in_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("grader_id", sa.Integer(), nullable=False),
        sa.Column("rater_kind", sa.String(length=32), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grader_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["hand_in_id"],
            ["handin.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["handinversion.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rubricgrade", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rubricgrade_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_rubricgrade_grader_id"), ["grader_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rubricgrade_hand_in_id"), ["hand_in_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rubricgrade_version_id"), ["version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rubricgrade", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rubricgrade_version_id"))
        batch_op.drop_index(batch_op.f("ix_rubricgrade_hand_in_id"))
        batch_op.drop_index(batch_op.f("ix_rubricgrade_grader_id"))
        batch_op.drop_index(batch_op.f("ix_rubricgrade_created_at"))

    op.drop_table("rubricgrade")
    with op.batch_alter_table("handinfile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handinfile_version_id"))

    op.drop_table("handinfile")
    with op.batch_alter_table("handinversion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handinversion_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_handinversion_hand_in_id"))

    op.drop_table("handinversion")
    with op.batch_alter_table("handinreviewer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handinreviewer_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_handinreviewer_hand_in_id"))

    op.drop_table("handinreviewer")
    with op.batch_alter_table("handin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handin_person_id"))
        batch_op.drop_index(batch_op.f("ix_handin_assignment_id"))

    op.drop_table("handin")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_module_id"))

    op.drop_table("assignment")
