"""Add notices (reminders) and the staff member's e-mail address

One row per notice a person is sent (volunteer/reminders): its kind and figures, who sent it
from which unit, when it was read, and what became of its e-mail. A staff member's e-mail
address is optional: without one the notice is shown only in the application.

Revision ID: c1e2a0000006
Revises: c1e2a0000005
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa
import volunteer.clock  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c1e2a0000006'
down_revision = 'c1e2a0000005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('read_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('mail_status', sa.String(length=16), nullable=False),
    sa.Column('mail_error', sa.String(length=200), nullable=True),
    sa.Column('mailed_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['sent_by_id'], ['account.id'], name=op.f('fk_notice_sent_by_id_account')),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staff_member.id'], name=op.f('fk_notice_staff_member_id_staff_member')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_notice_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_staff_member_id_created_at', ['staff_member_id', 'created_at'], unique=False)
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_staff_member_id_created_at')

    op.drop_table('notice')
