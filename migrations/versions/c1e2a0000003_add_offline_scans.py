"""Add offline scans, and mark the records they made

A coordinator's scanner keeps each scan on the device while the network is down and sends it
later: offline_scan holds each once, by the id the device gave it (unique), with the device's
time, the chosen action and what became of it. service_record.made_offline marks the sessions
such a scan opened or closed.

Revision ID: c1e2a0000003
Revises: c1e2a0000002
Create Date: 2026-12-02 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import volunteer.clock  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c1e2a0000003'
down_revision = 'c1e2a0000002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offline_scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_scan_id', sa.String(length=64), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('scanned_by_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('scanned_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('clock_offset_seconds', sa.Integer(), nullable=False),
    sa.Column('received_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_offline_scan_account_id_account')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_offline_scan_activity_id_activity')),
    sa.ForeignKeyConstraint(['record_id'], ['service_record.id'], name=op.f('fk_offline_scan_record_id_service_record')),
    sa.ForeignKeyConstraint(['scanned_by_id'], ['account.id'], name=op.f('fk_offline_scan_scanned_by_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offline_scan')),
    sa.UniqueConstraint('device_scan_id', name=op.f('uq_offline_scan_device_scan_id'))
    )
    with op.batch_alter_table('offline_scan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_scan_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offline_scan_activity_id'), ['activity_id'], unique=False)

    # ALTER in place, never a copy of the table: on SQLite a copy would lose the trigger that
    # refuses to delete a record (6788561b8b39).
    with op.batch_alter_table('service_record', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('made_offline', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('service_record', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('made_offline')

    with op.batch_alter_table('offline_scan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_scan_activity_id'))
        batch_op.drop_index(batch_op.f('ix_offline_scan_account_id'))

    op.drop_table('offline_scan')
