"""Index changes by (kind, id): the newest refit is one index lookup

``IndexChange.latest_refit_id`` runs on every page that ranks. With an index on ``kind``
alone PostgreSQL walked back through the primary key past every newer change of another
kind (30,000 rows, 3 ms, at the load benchmark's size); by (kind, id) it reads one entry.

Revision ID: 3d5e8f1a2b7c
Revises: 56075b357f1d
Create Date: 2026-12-05 22:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3d5e8f1a2b7c'
down_revision = '56075b357f1d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('index_change', schema=None) as batch_op:
        batch_op.create_index('ix_index_change_kind_id', ['kind', 'id'], unique=False)
        batch_op.drop_index('ix_index_change_kind')


def downgrade():
    with op.batch_alter_table('index_change', schema=None) as batch_op:
        batch_op.create_index('ix_index_change_kind', ['kind'], unique=False)
        batch_op.drop_index('ix_index_change_kind_id')
