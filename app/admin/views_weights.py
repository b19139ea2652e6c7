"""Admin: tune the ranking weights with a preview and evidence; apply; roll back."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import admin_required
from app.admin import bp, evidence, weights
from app.admin.forms import weights_form
from app.extensions import db
from app.matches.services import PARAMETERS, default_components, learn_from_outcomes, make_weights
from app.models import WeightSet
from app.themes import active_themes


def _draft(form, themes):
    components = {p.name: form[f"c_{p.name}"].data for p in PARAMETERS}
    theme_weights = {t.code: form[f"t_{t.code}"].data for t in themes}
    return components, theme_weights


@bp.route("/weights", methods=["GET", "POST"])
@admin_required
def weights_page():
    """The weights in force as an editable draft; preview and evidence before applying."""
    components, theme_weights, version = weights.current_values()
    themes = active_themes()
    form = weights_form(
        components,
        theme_weights,
        themes,
        formdata=request.form if request.method == "POST" else None,
    )
    context = {
        "form": form,
        "themes": themes,
        "version": version,
        "versions": weights.versions(),
        "parameters": PARAMETERS,
    }
    if request.method == "POST" and request.form.get("action") == "learn":
        return _learned_draft(context, components, theme_weights, themes)
    if request.method == "POST" and request.form.get("action") == "defaults":
        return _defaults_draft(context, components, theme_weights, themes)
    if request.method == "POST":
        if not form.validate():
            return render_template("admin/weights.html", **context), 400
        draft_components, draft_themes = _draft(form, themes)
        if request.form.get("action") == "apply":
            applied = weights.apply_weights(
                current_user, draft_components, draft_themes, form.note.data
            )
            flash(
                _("Weights version %(version)d is now in force.", version=applied.version),
                "success",
            )
            return redirect(url_for("admin.weights_page"))
        current = make_weights(components, theme_weights)
        draft = make_weights(draft_components, draft_themes)
        context.update(
            preview=evidence.preview(current, draft),
            evidence_now=evidence.evidence(current),
            evidence_draft=evidence.evidence(draft),
        )
    return render_template("admin/weights.html", **context)


def _defaults_draft(context, components, theme_weights, themes):
    """A draft with the engine's defaults and every theme at 1 (what version 0 was),
    previewed and applied like any other draft."""
    defaults = default_components()
    default_themes = {t.code: 1.0 for t in themes}
    context["form"] = weights_form(
        defaults, default_themes, themes, data={"note": _("Back to the defaults.")}
    )
    current = make_weights(components, theme_weights)
    draft = make_weights(defaults, default_themes)
    flash(_("The defaults are in the draft below. Nothing has changed yet: look at the "
            "preview, then apply the draft to use them."), "info")  # fmt: skip
    context.update(
        restoring=True,
        preview=evidence.preview(current, draft),
        evidence_now=evidence.evidence(current),
        evidence_draft=evidence.evidence(draft),
    )
    return render_template("admin/weights.html", **context)


# Below this many outcomes, learned weights follow chance: with one case the learner set
# three weights to 0. Ten cases is the smallest set the cross-validation (five folds) can
# hold out two of at a time (docs/decisions.md).
MIN_OUTCOMES = 10


def _learned_draft(context, components, theme_weights, themes):
    """A draft with the weights learned from outcomes, previewed like any other draft."""
    current = make_weights(components, theme_weights)
    try:
        learned = learn_from_outcomes(current)
    except ValueError:
        learned = None
    if learned is None or learned.n_outcomes < MIN_OUTCOMES:
        flash(_("Too few outcomes to learn from: %(n)d, and at least %(min)d are needed (real "
                "cooperations in the history and accepted contacts). Weights learned from fewer "
                "follow chance, not evidence.", n=learned.n_outcomes if learned else 0,
                min=MIN_OUTCOMES), "error")  # fmt: skip
        return redirect(url_for("admin.weights_page")), 303
    draft_components = {**components, **learned.weights.parameters()}
    note = _(
        "Learned from %(n)d outcomes (cooperations and accepted contacts).", n=learned.n_outcomes
    )
    context["form"] = weights_form(
        draft_components, theme_weights, themes, data={"note": note}
    )
    draft = make_weights(draft_components, theme_weights)
    context.update(
        learned=learned.cv,
        preview=evidence.preview(current, draft),
        evidence_now=evidence.evidence(current),
        evidence_draft=evidence.evidence(draft),
    )
    return render_template("admin/weights.html", **context)


@bp.route("/weights/<int:version>/activate", methods=["POST"])
@admin_required
def activate_weights(version):
    """Put an earlier (or later) version back in force."""
    weight_set = db.one_or_404(db.select(WeightSet).where(WeightSet.version == version))
    weights.activate_version(current_user, weight_set)
    flash(_("Weights version %(version)d is now in force.", version=version), "success")
    return redirect(url_for("admin.weights_page"))
