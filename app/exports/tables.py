"""What each export holds: the rows of the page it comes from, in the reader's language.

Every builder takes what the page's view has already checked (a project the user manages,
the user whose contacts these are, filters read from the query string) and shows nothing
the page would not: the other side's names and emails only after a contact is accepted.
"""

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.admin.stats import platform_stats
from app.area import current_area
from app.choices import CONTACT_STATUSES, COOPERATION_FORMS, HORIZONS, country_label
from app.email import absolute_url
from app.exports.formats import Table
from app.extensions import db
from app.i18n import current_language
from app.matches import contacts as contact_rules
from app.matches.presentation import COMPONENT_LABELS, explanation_text
from app.matches.strength import is_strong, strong_threshold
from app.models import Cooperation
from app.profiles.services import completeness
from app.reference import attribution_lines


def _labels(themes):
    language = current_language()
    return "; ".join(t.label(language) for t in themes)


def _link(endpoint, **values):
    """An absolute link built from SERVER_URL (a file outlives the request: never the Host a
    client sent)."""
    return absolute_url(endpoint, **values)


def suggestions_table(project, rows):
    """A project's suggestions (``matches.suggestions.suggest`` rows) with scores and reasons."""
    headers = [_("Rank"), _("Municipality"), _("Country"), _("Region"), _("Score (0–100)"),
               _("Strong match")]  # fmt: skip
    headers += [str(label) for label in COMPONENT_LABELS.values()]
    headers += [_("Why"), _("Distance (km)"), _("Contact"), _("Link")]
    table = Table(_("Suggestions"), headers)
    threshold = strong_threshold()
    for row in rows:
        municipality, match = row["municipality"], row["match"]
        contact = row["contact"]
        table.rows.append(
            [row["rank"], municipality.name, country_label(municipality.country),
             municipality.region, _percent(match.score),
             _("Yes") if is_strong(match, threshold) else _("No, weaker")]
            + [_component(match.components.get(key)) for key in COMPONENT_LABELS]
            + [explanation_text(match), row["distance_km"],
               str(CONTACT_STATUSES[contact.status]) if contact else "",
               _link("profiles.show", code=municipality.code)]
        )  # fmt: skip
    return table


def _component(value):
    return "" if value is None else _percent(value)


def _percent(value):
    """A score as the page shows it: 0–100, whole."""
    return int(round(value * 100))


def contacts_table(user):
    """The contacts page: to and from the user's municipality; people once accepted."""
    incoming, outgoing = contact_rules.inbox(user)
    table = Table(
        _("Contacts"),
        [_("Direction"), _("Project"), _("Municipality"),
         _("Sent"), _("Status"), _("Answered"), _("Message"), _("Reply"),
         _("Who to talk to"), _("Link")],
    )  # fmt: skip
    for direction, items in ((_("To us"), incoming), (_("From us"), outgoing)):
        for contact in items:
            other = contact.project.municipality if items is incoming else contact.to_municipality
            people = contact_rules.other_side_people(user, contact)
            table.rows.append(
                [direction, contact.project.title, other.name, contact.created_at,
                 str(CONTACT_STATUSES.get(contact.status, contact.status)), contact.answered_at,
                 contact.message, contact.reply,
                 "; ".join(f"{p.name} <{p.email}>" if p.name else p.email for p in people),
                 _link("matches.contact", contact_id=contact.id)]
            )  # fmt: skip
    return table


def projects_table(query):
    """Open projects of the project list with its filters (``projects.services.search_query``)."""
    table = Table(
        _("Projects"),
        [_("Title"), _("Municipality"), _("Country"), _("Region"), _("Themes"),
         _("Form of cooperation"), _("Horizon"), _("Summary"), _("What we look for"),
         _("What we offer"), _("Posted"), _("Open until"), _("Link")],
    )  # fmt: skip
    for project in db.session.execute(query).scalars():
        m = project.municipality
        table.rows.append(
            [project.title, m.name, country_label(m.country), m.region, _labels(project.themes),
             str(COOPERATION_FORMS.get(project.cooperation_form, project.cooperation_form)),
             str(HORIZONS.get(project.horizon, project.horizon)), project.summary,
             project.needs, project.offers, project.created_at.date(),
             project.expires_at.date(), _link("projects.show", project_id=project.id)]
        )  # fmt: skip
    return table


def directory_table(municipalities):
    """The directory: facts and profile status of each municipality."""
    table = Table(
        _("Municipalities"),
        [_("Code"), _("Municipality"), _("Country"), _("Region"), _("Seat"), _("Population"),
         _("Profile complete (per cent)"), _("Themes"), _("Link")],
    )  # fmt: skip
    for m in municipalities:
        profile = m.profile
        table.rows.append(
            [m.code, m.name, country_label(m.country), m.region, m.seat,
             _("not known") if m.population is None else m.population,
             completeness(profile)[0], _labels(profile.themes) if profile else "",
             _link("profiles.show", code=m.code)]
        )  # fmt: skip
    return table


def stats_table():
    """The statistics page as rows: measure, period or country, value."""
    data = platform_stats()
    table = Table(_("Statistics"), [_("Measure"), _("Country or month"), _("Value")])
    for country in current_area().country_codes:
        name = country_label(country)
        complete, started = data["profiles"].get(country, (0, 0))
        table.rows += [
            [_("Municipalities"), name, data["municipalities"].get(country, 0)],
            [_("Complete profiles"), name, complete],
            [_("Started profiles"), name, started],
            [_("Open projects"), name, data["open_projects"].get(country, 0)],
        ]
    for key, label in (
        ("suggestions_per_month", _("Suggestions shown")),
        ("contacts_per_month", _("Contacts sent")),
        ("accepted_per_month", _("Contacts accepted")),
    ):
        table.rows += [[label, month, n] for month, n in data[key].items()]
    return table


def history_table(public=False):
    """The cooperation history. ``public``: the imported public records, facts only."""
    query = db.select(Cooperation).options(
        selectinload(Cooperation.members), selectinload(Cooperation.themes)
    )
    if public:
        query = query.where(Cooperation.origin == "imported")
    headers = [_("Title"), _("Programme"), _("Start"), _("End"), _("Ongoing"), _("Partners"),
               _("Partner codes"), _("Themes"), _("Source")]  # fmt: skip
    if not public:
        headers += [_("Summary"), _("Origin")]
    table = Table(_("Cooperation history"), headers, notes=attribution_lines() if public else [])
    order = {code: i for i, code in enumerate(current_area().country_codes)}
    for c in db.session.execute(query.order_by(Cooperation.start_year, Cooperation.id)).scalars():
        members = sorted(c.members, key=lambda m: (order.get(m.country, 99), m.name))
        row = [c.title, c.programme, c.start_year, c.end_year, c.ongoing,
               "; ".join(m.name for m in members), "; ".join(m.code for m in members),
               _labels(c.themes), c.source_url]  # fmt: skip
        if not public:
            row += [c.summary, _("platform") if c.origin == "platform" else _("imported")]
        table.rows.append(row)
    return table
