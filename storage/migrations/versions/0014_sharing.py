"""Knowledge-sharing sessions (one-off or in a series) with presenters, sign-ups and
attendance, and communities of practice with members and shared notes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("competency_keys", sa.JSON(), nullable=False),
        sa.Column("module_keys", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "sharingseries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("interval_weeks", sa.Integer(), nullable=False),
        sa.Column("first_on", sa.Date(), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("occurrences", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "communitymember",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "person_id"),
    )
    with op.batch_alter_table("communitymember", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_communitymember_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_communitymember_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "communitynote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["note.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "note_id"),
    )
    with op.batch_alter_table("communitynote", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_communitynote_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_communitynote_note_id"), ["note_id"], unique=False)

    op.create_table(
        "sharingsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("time_zone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("competency_keys", sa.JSON(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("cancelled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=True),
        sa.Column("attendance_recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
        ),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["module.id"],
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["note.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["sharingseries.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sharingsession", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharingsession_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sharingsession_series_id"), ["series_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sharingsession_starts_at"), ["starts_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sharingsession_team_id"), ["team_id"], unique=False)

    op.create_table(
        "sharingparticipant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("signed_up_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("attended", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sharingsession.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "person_id"),
    )
    with op.batch_alter_table("sharingparticipant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharingparticipant_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sharingparticipant_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "sharingpresenter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_level", sa.Integer(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sharingsession.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "person_id"),
    )
    with op.batch_alter_table("sharingpresenter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharingpresenter_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sharingpresenter_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sharingpresenter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharingpresenter_session_id"))
        batch_op.drop_index(batch_op.f("ix_sharingpresenter_person_id"))

    op.drop_table("sharingpresenter")
    with op.batch_alter_table("sharingparticipant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharingparticipant_session_id"))
        batch_op.drop_index(batch_op.f("ix_sharingparticipant_person_id"))

    op.drop_table("sharingparticipant")
    with op.batch_alter_table("sharingsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharingsession_team_id"))
        batch_op.drop_index(batch_op.f("ix_sharingsession_starts_at"))
        batch_op.drop_index(batch_op.f("ix_sharingsession_series_id"))
        batch_op.drop_index(batch_op.f("ix_sharingsession_community_id"))

    op.drop_table("sharingsession")
    with op.batch_alter_table("communitynote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communitynote_note_id"))
        batch_op.drop_index(batch_op.f("ix_communitynote_community_id"))

    op.drop_table("communitynote")
    with op.batch_alter_table("communitymember", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communitymember_person_id"))
        batch_op.drop_index(batch_op.f("ix_communitymember_community_id"))

    op.drop_table("communitymember")
    op.drop_table("sharingseries")
    op.drop_table("community")
