"""organisation, archived teams, leavers and admins; emails lower-cased

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("curriculum_dir", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("archived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column("is_admin", server_default=None)  # the model sets the default
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_auditevent_team_id"), ["team_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_auditevent_team_id_team"), "team", ["team_id"], ["id"]
        )
    # Events so far belong to their actor's team (people could not move teams until now).
    op.execute(
        "UPDATE auditevent SET team_id = "
        "(SELECT person.team_id FROM person WHERE person.id = auditevent.actor_id) "
        "WHERE actor_id IS NOT NULL"
    )
    # Emails are matched case-insensitively from now on and stored lower-cased. Two people
    # whose emails differ only in case cannot both keep theirs: refuse rather than guess.
    # Folded in Python: SQLite's lower() changes ASCII letters only.
    connection = op.get_bind()
    people = connection.execute(sa.text("SELECT id, email FROM person")).fetchall()
    folded: dict[str, list[str]] = {}
    for _, email in people:
        folded.setdefault(email.strip().lower(), []).append(email)
    clashes = sorted(key for key, emails in folded.items() if len(emails) > 1)
    if clashes:
        raise RuntimeError(
            "Two people share an email that differs only in case ("
            + ", ".join(clashes)
            + "); give one of them another email, then start again."
        )
    for person_id, email in people:
        if email != email.strip().lower():
            connection.execute(
                sa.text("UPDATE person SET email = :email WHERE id = :id"),
                {"email": email.strip().lower(), "id": person_id},
            )
    # A database that already has a team was set up before this migration: it gets its
    # organisation row (named after its first team), so it is not asked to be set up again.
    connection.execute(
        sa.text(
            "INSERT INTO organisation (name, curriculum_dir, demo, created_at) "
            "SELECT name, NULL, :false, created_at FROM team ORDER BY id LIMIT 1"
        ),
        {"false": False},
    )


def downgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditevent_team_id"))
        batch_op.drop_column("team_id")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("is_admin")
        batch_op.drop_column("left_on")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    op.drop_table("organisation")
