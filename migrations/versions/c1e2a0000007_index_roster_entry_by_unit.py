"""Index roster_entry by unit, so a unit's progress reads only its subtree's rows

Progress pages select a unit's people by their roster unit (the units of its subtree) plus the
few people who moved out of it after the reference date; without this index a hospital's
page read the whole organisation's roster.

Revision ID: c1e2a0000007
Revises: c1e2a0000006
Create Date: 2026-12-04 09:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c1e2a0000007'
down_revision = 'c1e2a0000006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_roster_entry_unit_id'), 'roster_entry', ['unit_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_roster_entry_unit_id'), table_name='roster_entry')
