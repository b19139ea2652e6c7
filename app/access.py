"""Access decorators shared by the blueprints."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.extensions import db


def admin_required(view):
    """Allow admins only: anonymous users go to login, members get 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require(allowed):
    """Abort with 403 unless ``allowed`` (a permission the view has checked)."""
    if not allowed:
        abort(403)


def managed_or_abort(model, ident):
    """The row (404 when missing) when the current user may manage it; 403 otherwise."""
    row = db.get_or_404(model, ident)
    require(row.can_be_managed_by(current_user))
    return row
