"""Ratings marked when they decide a cell's level: the matrix's read model

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05

`rating.decides` is kept by `assessments.ratings.refresh_deciding` whenever ratings are added;
here it is worked out once for every rating there is, by the same rule written in SQL (the
latest rating of each kind in a cell, every quiz, practical or presentation, and each mentor or
lead rating that changed the level), so the matrix reads only those rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECIDING = """
UPDATE rating SET decides = (id IN (
    SELECT id FROM (
        SELECT id, level, rater_kind,
            row_number() OVER (
                PARTITION BY person_id, competency_id, rater_kind
                ORDER BY created_at DESC, id DESC
            ) AS latest,
            lag(level) OVER (
                PARTITION BY person_id, competency_id, rater_kind IN ('mentor', 'lead')
                ORDER BY created_at, id
            ) AS previous
        FROM rating
    ) AS ranked
    WHERE latest = 1
        OR rater_kind IN ('quiz', 'practical', 'presentation')
        OR (rater_kind IN ('mentor', 'lead') AND (previous IS NULL OR previous <> level))
))
"""


def upgrade() -> None:
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decides", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_rating_person_id_decides", ["person_id", "decides"])
    op.execute(DECIDING)


def downgrade() -> None:
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index("ix_rating_person_id_decides")
        batch_op.drop_column("decides")
