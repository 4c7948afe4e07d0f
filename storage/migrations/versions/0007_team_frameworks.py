"""each team owns its competency framework

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

The competencies so far were shared by every team. They stay as the curriculum's copy
(team_id NULL: modules link to it, new teams start from it), and every existing team gets its
own copy, with its ratings, role targets and action items moved onto it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.drop_constraint("competency_key_key", "competency", type_="unique")
        batch = op.batch_alter_table("competency", schema=None)
    else:
        # SQLite's copy-and-move needs a name for the unnamed UNIQUE(key) of 0001.
        batch = op.batch_alter_table(
            "competency",
            schema=None,
            naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"},
            reflect_args=[sa.UniqueConstraint("key", name="uq_competency_key")],
        )
    with batch as batch_op:
        if connection.dialect.name != "postgresql":
            batch_op.drop_constraint("uq_competency_key", type_="unique")
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_competency_team_id"), ["team_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_competency_team_id_team"), "team", ["team_id"], ["id"]
        )
        batch_op.create_unique_constraint(batch_op.f("uq_competency_team_id"), ["team_id", "key"])

    template = connection.execute(
        sa.text(
            'SELECT id, key, name, "group", description, position FROM competency '
            "WHERE team_id IS NULL ORDER BY id"
        )
    ).fetchall()
    descriptors = connection.execute(
        sa.text("SELECT competency_id, level, description FROM leveldescriptor")
    ).fetchall()
    teams = [row[0] for row in connection.execute(sa.text("SELECT id FROM team ORDER BY id"))]
    for team_id in teams:
        for old_id, key, name, group, description, position in template:
            new_id = connection.execute(
                sa.text(
                    'INSERT INTO competency (team_id, key, name, "group", description, position) '
                    "VALUES (:team, :key, :name, :group, :description, :position) RETURNING id"
                ),
                {
                    "team": team_id,
                    "key": key,
                    "name": name,
                    "group": group,
                    "description": description,
                    "position": position,
                },
            ).scalar_one()
            for competency_id, level, text in descriptors:
                if competency_id == old_id:
                    connection.execute(
                        sa.text(
                            "INSERT INTO leveldescriptor (competency_id, level, description) "
                            "VALUES (:c, :level, :text)"
                        ),
                        {"c": new_id, "level": level, "text": text},
                    )
            moved = {"new": new_id, "old": old_id, "team": team_id}
            connection.execute(
                sa.text(
                    "UPDATE rating SET competency_id = :new WHERE competency_id = :old "
                    "AND person_id IN (SELECT id FROM person WHERE team_id = :team)"
                ),
                moved,
            )
            connection.execute(
                sa.text(
                    "UPDATE roletarget SET competency_id = :new "
                    "WHERE competency_id = :old AND team_id = :team"
                ),
                moved,
            )
            connection.execute(
                sa.text(
                    "UPDATE actionitem SET competency_id = :new WHERE competency_id = :old "
                    "AND owner_id IN (SELECT id FROM person WHERE team_id = :team)"
                ),
                moved,
            )


def downgrade() -> None:
    raise NotImplementedError("Team frameworks cannot be merged back into one automatically.")
