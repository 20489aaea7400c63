"""Add kept breakdown totals by unit, party, dimension and key

One row per (unit, year, party, dimension, key): the approved hours, records and people of the
staff whose roster unit is that unit, grouped by team, project, category, monthly theme, and
'all'. Filled here from the existing records, so an upgraded database has exact figures.

Revision ID: c1e2a0000005
Revises: c1e2a0000004
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1e2a0000005'
down_revision = 'c1e2a0000004'
branch_labels = None
depends_on = None

DIMENSIONS = {
    "all": "0",
    "team": "COALESCE(activity.team_id, 0)",
    "project": "COALESCE(activity.project_id, 0)",
    "category": "COALESCE(activity.category_id, 0)",
    "theme": "COALESCE(activity.theme_id, 0)",
}


def upgrade():
    op.create_table('unit_year_breakdown',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('party', sa.Boolean(), nullable=False),
    sa.Column('dimension', sa.String(length=8), nullable=False),
    sa.Column('key_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hours', sa.Numeric(precision=10, scale=1), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_year_breakdown_unit_id_unit')),
    sa.PrimaryKeyConstraint('unit_id', 'year', 'party', 'dimension', 'key_id', name=op.f('pk_unit_year_breakdown')),
    sqlite_with_rowid=False,
    )
    _fill_from_records()


def _fill_from_records():
    """Sum the existing approved records by each dimension (one SQL statement)."""
    if op.get_bind().dialect.name == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM service_record.service_date) AS INTEGER)"
    else:
        year = "CAST(strftime('%Y', service_record.service_date) AS INTEGER)"
    branches = " UNION ALL ".join(
        f"SELECT roster_entry.unit_id, {year}, roster_entry.party_member, '{name}', {key}, "
        "SUM(service_record.hours), COUNT(*), COUNT(DISTINCT service_record.account_id) "
        "FROM service_record "
        "JOIN activity ON activity.id = service_record.activity_id "
        "JOIN roster_entry ON roster_entry.account_id = service_record.account_id "
        "WHERE service_record.status = 'approved' "
        f"GROUP BY roster_entry.unit_id, {year}, roster_entry.party_member"
        + ("" if key == "0" else f", {key}")
        for name, key in DIMENSIONS.items()
    )
    op.execute(
        "INSERT INTO unit_year_breakdown "
        "(unit_id, year, party, dimension, key_id, hours, records, people) " + branches
    )


def downgrade():
    op.drop_table('unit_year_breakdown')
