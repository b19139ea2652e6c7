"""Admin: themes, the audit log, platform statistics and settings."""

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.access import admin_required
from app.admin import audit_labels, bp, services
from app.admin.charts import bar_chart
from app.admin.forms import PlatformSettingsForm, theme_form
from app.admin.stats import platform_stats
from app.choices import country_label
from app.extensions import db
from app.fields import FieldError, parse_date
from app.models import Theme
from app.requests import arg_int
from app.settings import get_setting, set_setting


@bp.route("/themes")
@admin_required
def themes():
    """The theme taxonomy with how much each theme is used."""
    rows = services.themes_listing()
    return render_template("admin/themes.html", themes=rows, in_use=services.themes_in_use())


@bp.route("/themes/new", methods=["GET", "POST"])
@bp.route("/themes/<int:theme_id>", methods=["GET", "POST"])
@admin_required
def theme(theme_id=None):
    """Create a theme, or edit its labels and whether it is active."""
    item = db.get_or_404(Theme, theme_id) if theme_id else None
    languages = current_app.config["LANGUAGES"]
    form = theme_form(languages, item)
    if item is not None:
        del form.weight  # tuned on the weights page, with a preview
    if form.validate_on_submit():
        labels = {lang: form[f"label_{lang}"].data for lang in languages}
        try:
            if item is None:
                services.create_theme(current_user, form.code.data, labels, form.weight.data)
            else:
                services.update_theme(current_user, item, labels, form.active.data)
        except FieldError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("The theme has been saved."), "success")
            return redirect(url_for("admin.themes"))
    label_fields = [form[f"label_{lang}"] for lang in languages]
    return render_template("admin/theme.html", form=form, theme=item, label_fields=label_fields), (
        400 if form.errors else 200
    )


@bp.route("/audit")
@admin_required
def audit():
    """Who did what to which object, when; filterable."""
    args = request.args
    filters = {
        "actor_email": args.get("who", "").strip()[:254] or None,
        "action": (args.get("what") or "")[:40] or None,
        "date_from": parse_date(args.get("from")),
        "date_to": parse_date(args.get("to")),
    }
    page = db.paginate(
        services.audit_query(**filters),
        page=arg_int("page", 1),
        per_page=50,
        error_out=False,
    )
    params = {
        "who": filters["actor_email"],
        "what": filters["action"],
        "from": filters["date_from"].isoformat() if filters["date_from"] else None,
        "to": filters["date_to"].isoformat() if filters["date_to"] else None,
    }
    return render_template(
        "admin/audit.html",
        audit_action=audit_labels.action_label,
        audit_category=audit_labels.category_label,
        audit_value=audit_labels.field_value,
        audit_field=audit_labels.field_label,
        audit_when=audit_labels.when,
        page=page,
        filters=filters,
        actions=services.audit_actions(),
        query_params={k: v for k, v in params.items() if v},
    )


@bp.route("/stats")
@admin_required
def stats():
    """Profiles, projects, suggestions and contacts, with charts."""
    data = platform_stats()
    keys = list(data["suggestions_per_month"])
    months = {
        key: (format_date(date(int(key[:4]), int(key[5:]), 1), "MMM"),
              key[:4] if i == 0 or key.endswith("-01") else "")
        for i, key in enumerate(keys)
    }  # fmt: skip
    charts = {
        "profiles": bar_chart(
            [
                (_("Complete"), "s1", {c: counts[0] for c, counts in data["profiles"].items()}),
                (_("Started"), "s2", {c: counts[1] for c, counts in data["profiles"].items()}),
            ],
            _("Profiles per country"),
            {c: country_label(c) for c in data["profiles"]},
        ),
        "suggestions": bar_chart(
            [(_("Suggestions shown"), "s1", data["suggestions_per_month"])],
            _("Suggestions shown per month"),
            months,
        ),
        "contacts": bar_chart(
            [
                (_("Contacts sent"), "s1", data["contacts_per_month"]),
                (_("Contacts accepted"), "s2", data["accepted_per_month"]),
            ],
            _("Contacts per month"),
            months,
        ),
    }
    return render_template("admin/stats.html", data=data, charts=charts)


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    """Platform settings (the score of a strong match, on every list and in the digest)."""
    keys = ("suggestion_min_score",)
    form = PlatformSettingsForm(data={key: get_setting(key) for key in keys})
    if form.validate_on_submit():
        for key in keys:
            if form[key].data != get_setting(key):
                set_setting(current_user, key, form[key].data)
        flash(_("The settings have been saved."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form), 400 if form.errors else 200
