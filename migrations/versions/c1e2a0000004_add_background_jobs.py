"""Add background jobs

One row per job handed to the worker (volunteer/jobs): its kind and parameters, owner and
unit, status and progress, and its finished file's path, size and SHA-256.

Revision ID: c1e2a0000004
Revises: c1e2a0000003
Create Date: 2026-12-02 05:10:00

"""
from alembic import op
import sqlalchemy as sa
import volunteer.clock  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c1e2a0000004'
down_revision = 'c1e2a0000003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('file_path', sa.String(length=500), nullable=True),
    sa.Column('file_size', sa.BigInteger(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('started_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('finished_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['account.id'], name=op.f('fk_job_owner_id_account')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_job_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index('ix_job_owner_id_created_at', ['owner_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_unit_id'))
        batch_op.drop_index(batch_op.f('ix_job_status'))
        batch_op.drop_index('ix_job_owner_id_created_at')

    op.drop_table('job')
