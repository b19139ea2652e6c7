"""The API's pages for people: the documentation and the access-token settings."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import managed_or_abort
from app.api.forms import RevokeForm, TokenForm
from app.audit import record_event
from app.clock import utcnow
from app.extensions import db
from app.models import ApiToken

bp = Blueprint("api_pages", __name__)


@bp.route("/api/v1/docs")
def docs():
    """The OpenAPI document made readable, rendered here (nothing from other hosts)."""
    spec = current_app.extensions["kop_api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec, operations=_operations(spec))


def _operations(spec):
    """(tag, [(method, path, operation)]) in the order the code declares them."""
    by_tag = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                tag = (operation.get("tags") or [""])[0]
                by_tag.setdefault(tag, []).append((method.upper(), path, operation))
    descriptions = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    return [(descriptions.get(tag, tag), ops) for tag, ops in by_tag.items()]


def _tokens():
    return (
        db.session.execute(
            db.select(ApiToken)
            .where(ApiToken.user_id == current_user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
        .scalars()
        .all()
    )


def _page(form, secret=None, status=200):
    return render_template(
        "api/tokens.html", form=form, tokens=_tokens(), revoke_form=RevokeForm(formdata=None),
        secret=secret, now=utcnow(),
    ), status  # fmt: skip


@bp.route("/settings/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """List, create and revoke personal access tokens; a new secret is shown once."""
    form = TokenForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        return _page(form, status=400)
    days = int(form.expires.data)
    token, secret = ApiToken.issue(
        current_user, form.name.data.strip(), timedelta(days=days) if days else None
    )
    db.session.add(token)
    db.session.flush()
    record_event(current_user, "token.create", token, None, {"name": token.name,
                 "hint": token.hint, "expires_at": _iso(token.expires_at)})  # fmt: skip
    db.session.commit()
    # The secret is in this response only: not in a flash message (the session cookie is
    # signed, not encrypted) and never stored.
    return _page(TokenForm(formdata=None), secret=secret, status=201)


@bp.route("/settings/tokens/<int(max=2147483647):token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    token = managed_or_abort(ApiToken, token_id)
    if not RevokeForm().validate_on_submit():
        return _page(TokenForm(formdata=None), status=400)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_event(current_user, "token.revoke", token, {"name": token.name}, None)
        db.session.commit()
    flash(_("The token “%(name)s” has been revoked.", name=token.name), "success")
    return redirect(url_for("api_pages.tokens"))


def _iso(value):
    return value.isoformat() if value else None
