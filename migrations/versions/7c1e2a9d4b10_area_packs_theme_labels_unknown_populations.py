"""Area packs: theme labels per language, unknown populations, codes unique per country

Theme labels move from one column per language (label_sv, label_da, label_en) to one JSON
object {language: label}, so that an area pack may bring any language. A municipality's
population may be unknown (the ÖKS pack's Norwegian rows), its code is unique per country,
and it records the programmes whose area it is in.

Revision ID: 7c1e2a9d4b10
Revises: 2b9d03801078
Create Date: 2026-12-05 17:40:00

"""
import json

import sqlalchemy as sa
from alembic import op

revision = "7c1e2a9d4b10"
down_revision = "2b9d03801078"
branch_labels = None
depends_on = None

LANGUAGES = ("sv", "da", "en")


def upgrade():
    with op.batch_alter_table("theme") as batch:
        batch.add_column(sa.Column("labels", sa.JSON(), nullable=True))
    bind = op.get_bind()
    theme = sa.table("theme", sa.column("id"), sa.column("labels"),
                     *(sa.column(f"label_{lang}") for lang in LANGUAGES))
    rows = bind.execute(sa.select(theme.c.id, *(theme.c[f"label_{lang}"] for lang in LANGUAGES)))
    for theme_id, *labels in rows.all():
        value = {lang: label for lang, label in zip(LANGUAGES, labels) if label}
        bind.execute(theme.update().where(theme.c.id == theme_id).values(labels=value))
    with op.batch_alter_table("theme") as batch:
        batch.alter_column("labels", existing_type=sa.JSON(), nullable=False)
        for lang in LANGUAGES:
            batch.drop_column(f"label_{lang}")

    with op.batch_alter_table("municipality") as batch:
        batch.alter_column("population", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("programmes", sa.String(length=60), nullable=False,
                                   server_default=""))
        batch.drop_constraint("uq_municipality_code", type_="unique")
        batch.create_index("ix_municipality_code", ["code"])
        batch.create_unique_constraint("uq_municipality_country", ["country", "code"])


def downgrade():
    with op.batch_alter_table("municipality") as batch:
        batch.drop_constraint("uq_municipality_country", type_="unique")
        batch.drop_index("ix_municipality_code")
        batch.create_unique_constraint("uq_municipality_code", ["code"])
        batch.drop_column("programmes")
        batch.alter_column("population", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("theme") as batch:
        for lang in LANGUAGES:
            batch.add_column(sa.Column(f"label_{lang}", sa.String(length=120), nullable=True))
    bind = op.get_bind()
    theme = sa.table("theme", sa.column("id"), sa.column("labels"),
                     *(sa.column(f"label_{lang}") for lang in LANGUAGES))
    for theme_id, labels in bind.execute(sa.select(theme.c.id, theme.c.labels)).all():
        labels = labels if isinstance(labels, dict) else json.loads(labels or "{}")
        bind.execute(theme.update().where(theme.c.id == theme_id).values(
            **{f"label_{lang}": labels.get(lang) or labels.get("en") or "" for lang in LANGUAGES}))
    with op.batch_alter_table("theme") as batch:
        for lang in LANGUAGES:
            batch.alter_column(f"label_{lang}", existing_type=sa.String(length=120),
                               nullable=False)
        batch.drop_column("labels")
