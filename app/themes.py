"""Reading the theme taxonomy."""

from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.i18n import current_language
from app.models import Theme


def active_themes():
    return (
        db.session.execute(db.select(Theme).where(Theme.active.is_(True)).order_by(Theme.position))
        .scalars()
        .all()
    )


def theme_choices():
    """Active themes as form choices, labelled in the request's language."""
    language = current_language()
    return [SelectChoice(t.id, t.label(language)) for t in active_themes()]


def themes_by_ids(ids):
    """The active themes with these ids; ValueError when one is unknown or inactive."""
    ids = set(ids or ())
    if not ids:
        return []
    themes = (
        db.session.execute(db.select(Theme).where(Theme.id.in_(ids), Theme.active.is_(True)))
        .scalars()
        .all()
    )
    if len(themes) != len(ids):
        raise ValueError("unknown or inactive theme")
    return sorted(themes, key=lambda t: t.position)
