"""Add commendation campaigns, unit quotas, nominations and objections

优秀志愿者评选 (issue 9 part 5): a campaign per year with its eligibility, deadline and notice
period; each nominating unit's places, fixed when the campaign opens; the nominations with the
hours the system filled in and an optional attachment; objections to the published list, whose
objector's name and contact only the reviewers see.

Revision ID: c1e2a0000002
Revises: c1e2a0000001
Create Date: 2026-12-02 05:10:00.000000

"""
from alembic import op
import sqlalchemy as sa
import volunteer.clock  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c1e2a0000002'
down_revision = 'c1e2a0000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('commendation_campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('open', 'reviewing', 'published', 'final', name='campaignstatus', native_enum=False, length=16), nullable=False),
    sa.Column('min_hours', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('quota_kind', sa.Enum('number', 'share', name='quotakind', native_enum=False, length=16), nullable=False),
    sa.Column('quota_value', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('nomination_deadline', sa.Date(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('notice_starts_on', sa.Date(), nullable=True),
    sa.Column('notice_ends_on', sa.Date(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('published_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('finalised_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['opened_by_id'], ['account.id'], name=op.f('fk_commendation_campaign_opened_by_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_campaign')),
    sa.UniqueConstraint('year', name=op.f('uq_commendation_campaign_year'))
    )
    op.create_table('commendation_quota',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['commendation_campaign.id'], name=op.f('fk_commendation_quota_campaign_id_commendation_campaign')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_commendation_quota_unit_id_unit')),
    sa.PrimaryKeyConstraint('campaign_id', 'unit_id', name=op.f('pk_commendation_quota'))
    )
    op.create_table('commendation_nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('year_hours', sa.Numeric(precision=7, scale=1), nullable=False),
    sa.Column('cumulative_hours', sa.Numeric(precision=8, scale=1), nullable=False),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('nominated', 'approved', 'rejected', 'withdrawn', name='nominationstatus', native_enum=False, length=16), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('nominated_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('review_reason', sa.Text(), nullable=True),
    sa.Column('withdrawn_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('honour_serial', sa.String(length=40), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=True),
    sa.Column('attachment_type', sa.String(length=100), nullable=True),
    sa.Column('attachment_size', sa.Integer(), nullable=True),
    sa.Column('attachment', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_commendation_nomination_account_id_account')),
    sa.ForeignKeyConstraint(['campaign_id'], ['commendation_campaign.id'], name=op.f('fk_commendation_nomination_campaign_id_commendation_campaign')),
    sa.ForeignKeyConstraint(['department_id'], ['unit.id'], name=op.f('fk_commendation_nomination_department_id_unit')),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['account.id'], name=op.f('fk_commendation_nomination_nominated_by_id_account')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['account.id'], name=op.f('fk_commendation_nomination_reviewed_by_id_account')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_commendation_nomination_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_nomination')),
    sa.UniqueConstraint('campaign_id', 'account_id', name=op.f('uq_commendation_nomination_campaign_id_account_id'))
    )
    with op.batch_alter_table('commendation_nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commendation_nomination_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commendation_nomination_unit_id'), ['unit_id'], unique=False)

    op.create_table('commendation_objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('real_name', sa.String(length=50), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'upheld', 'dismissed', name='objectionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('raised_at', volunteer.clock.UTCDateTime(), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', volunteer.clock.UTCDateTime(), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['nomination_id'], ['commendation_nomination.id'], name=op.f('fk_commendation_objection_nomination_id_commendation_nomination')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['account.id'], name=op.f('fk_commendation_objection_raised_by_id_account')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['account.id'], name=op.f('fk_commendation_objection_resolved_by_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_objection'))
    )
    with op.batch_alter_table('commendation_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commendation_objection_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commendation_objection_raised_by_id'), ['raised_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('commendation_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendation_objection_raised_by_id'))
        batch_op.drop_index(batch_op.f('ix_commendation_objection_nomination_id'))

    op.drop_table('commendation_objection')
    with op.batch_alter_table('commendation_nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendation_nomination_unit_id'))
        batch_op.drop_index(batch_op.f('ix_commendation_nomination_campaign_id'))

    op.drop_table('commendation_nomination')
    op.drop_table('commendation_quota')
    op.drop_table('commendation_campaign')
