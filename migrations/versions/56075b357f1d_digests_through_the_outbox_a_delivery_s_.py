"""Digests through the outbox: a delivery's mail; its own claim and retry columns gone

A digest delivery is now sent as all mail is, as an ``outgoing_mail`` row (``mail_id``) with
the outbox's claim and retries. Deliveries still waiting here (pending, or "sending" by a run
that stopped with the old code) stay pending without a mail: the next `flask digest send`
queues their message once (``app.digest.delivery.queue_unqueued``).

Revision ID: 56075b357f1d
Revises: 7c1e2a9d4b10
Create Date: 2026-12-05 19:41:46.524331

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '56075b357f1d'
down_revision = '7c1e2a9d4b10'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE digest_delivery SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table('digest_delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_digest_delivery_mail_id'), ['mail_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_digest_delivery_mail_id_outgoing_mail'), 'outgoing_mail', ['mail_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_column('last_error')
        batch_op.drop_column('claim_token')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('claimed_at')


def downgrade():
    # Attempts and errors of digests queued meanwhile stay on their outgoing_mail rows.
    with op.batch_alter_table('digest_delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_digest_delivery_mail_id_outgoing_mail'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_digest_delivery_mail_id'))
        batch_op.drop_column('mail_id')
