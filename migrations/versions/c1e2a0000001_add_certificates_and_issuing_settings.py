"""Add certificates and the yearly issuing settings

certificate: each issued annual or record certificate, its serial (organisation code, year,
sequence: unique), the person, the frozen figures (content, hours, activity count), the code its
QR carries (unique, random), the PDF and its SHA-256, the status (valid, superseded, revoked).
certificate_settings: per year, who is eligible and who issues, with the seal image.

Revision ID: c1e2a0000001
Revises: 99ba5c1c8744
Create Date: 2026-12-02 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import volunteer.clock  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c1e2a0000001'
down_revision = '99ba5c1c8744'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_settings',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('min_hours', sa.Numeric(precision=7, scale=1), nullable=True),
    sa.Column('issuing_body', sa.String(length=100), nullable=False),
    sa.Column('head', sa.String(length=50), nullable=False),
    sa.Column('clerk', sa.String(length=50), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.Column('seal_png', sa.LargeBinary(), nullable=True),
    sa.Column('seal_size', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['account.id'], name=op.f('fk_certificate_settings_updated_by_id_account')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_certificate_settings'))
    )
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('serial', sa.String(length=64), nullable=False),
    sa.Column('organisation_code', sa.String(length=32), nullable=False),
    sa.Column('serial_year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('hours', sa.Numeric(precision=8, scale=1), nullable=False),
    sa.Column('activity_count', sa.Integer(), nullable=False),
    sa.Column('detailed', sa.Boolean(), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('verify_code', sa.String(length=32), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('signed', sa.Boolean(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('superseded_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_certificate_account_id_account')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['account.id'], name=op.f('fk_certificate_issued_by_id_account')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['account.id'], name=op.f('fk_certificate_revoked_by_id_account')),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staff_member.id'], name=op.f('fk_certificate_staff_member_id_staff_member')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['certificate.id'], name=op.f('fk_certificate_superseded_by_id_certificate')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_certificate_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('organisation_code', 'serial_year', 'sequence', name=op.f('uq_certificate_organisation_code_serial_year_sequence')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificate_serial')),
    sa.UniqueConstraint('verify_code', name=op.f('uq_certificate_verify_code'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index('ix_certificate_account_kind', ['account_id', 'kind', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_pdf_sha256'), ['pdf_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_unit_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_status'))
        batch_op.drop_index(batch_op.f('ix_certificate_pdf_sha256'))
        batch_op.drop_index('ix_certificate_account_kind')

    op.drop_table('certificate')
    op.drop_table('certificate_settings')
