"""Add device logins and per-account login locks

Logins become rows (device_login) that the session and remember cookies name, so logging out
ends them on the server; the session version they replace goes. Cookies from before the
upgrade named the account and its version: everyone logs in once more afterwards.
Wrong passwords are counted on the account (failed_logins, lock_ends_at).

Revision ID: 99ba5c1c8744
Revises: 8e77351fad31
Create Date: 2026-12-02 02:33:12.099707

"""
from alembic import op
import sqlalchemy as sa
import volunteer.clock  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '99ba5c1c8744'
down_revision = '8e77351fad31'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('device_login',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('remembered', sa.Boolean(), nullable=False),
    sa.Column('created_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=45), nullable=True),
    sa.Column('revoked_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_device_login_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_login')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_device_login_key_hash'))
    )
    with op.batch_alter_table('device_login', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_login_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('lock_ends_at', volunteer.clock.UTCDateTime(), nullable=True))
        batch_op.drop_column('session_version')


def downgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        # Every account starts again at version 1, as it was created (the column had no default).
        batch_op.add_column(sa.Column('session_version', sa.INTEGER(), server_default=sa.text('1'), nullable=False))
        batch_op.drop_column('lock_ends_at')
        batch_op.drop_column('failed_logins')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.alter_column('session_version', existing_type=sa.INTEGER(), server_default=None)

    with op.batch_alter_table('device_login', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_login_account_id'))

    op.drop_table('device_login')
