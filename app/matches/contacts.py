"""Contacts: a project owner writes to a candidate; its members accept or decline.

States: sent → accepted | declined (by the receiving municipality) and sent → withdrawn (by
the project's municipality). Names and email addresses of the other side are shown only
after acceptance.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.area import current_area
from app.audit import record_event
from app.clock import utcnow
from app.email import absolute_url
from app.extensions import db
from app.history.services import record_platform_cooperation
from app.i18n import recipient_locale
from app.models import Contact, Project, User
from app.outbox.services import deliver_soon, queue_email


class ContactError(ValueError):
    """A contact action that is not possible in the contact's state."""


def members(municipality_id):
    """The members who answer for a municipality: active accounts that can log in (an
    invitation not yet accepted answers nothing; platform admins do not answer)."""
    return (
        db.session.execute(
            db.select(User)
            .where(User.municipality_id == municipality_id, User.answers())
            .order_by(User.name)
        )
        .scalars()
        .all()
    )


def admins():
    return (
        db.session.execute(
            db.select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.id)
        )
        .scalars()
        .all()
    )


def answered_for(municipality_id):
    """Whether anybody on the platform answers for a municipality."""
    return bool(members(municipality_id))


def deliver_waiting_contacts(user):
    """A municipality's first member gets the contacts that waited for somebody."""
    waiting = (
        db.session.execute(
            db.select(Contact).where(
                Contact.to_municipality_id == user.municipality_id, Contact.status == "sent"
            )
        )
        .scalars()
        .all()
    )
    for contact in waiting:
        _notify(
            [user],
            "contact_received",
            lambda c=contact: _("New contact about “%(title)s”", title=c.project.title),
            contact,
        )
    return len(waiting)


def is_sender_side(user, contact):
    return user.municipality_id == contact.project.municipality_id


def is_receiver_side(user, contact):
    """Members of the receiving municipality; not platform admins (docs/decisions.md)."""
    return not user.is_admin and user.municipality_id == contact.to_municipality_id


def _contact_of(project, municipality):
    return db.session.execute(
        db.select(Contact).where(
            Contact.project_id == project.id, Contact.to_municipality_id == municipality.id
        )
    ).scalar_one_or_none()


def already_contacted(project, municipality):
    """Whether ``project`` has a live contact to ``municipality`` (a withdrawn one may be
    sent anew). The unique index decides a race between two requests; this check gives the
    usual case its message early."""
    contact = _contact_of(project, municipality)
    return contact is not None and contact.status != "withdrawn"


def send_contact(user, project, municipality, message):
    """Write to a candidate municipality about ``project``; emails its members."""
    if not project.can_be_managed_by(user):
        raise PermissionError
    if not project.is_open:
        raise ContactError(_l("The project is not open for partners."))
    if municipality.country not in current_area().other_side(project.municipality.country):
        raise ContactError(_l("Contacts go to municipalities on the other side of the border."))
    already = _l("You have already contacted this municipality about the project.")
    if already_contacted(project, municipality):
        raise ContactError(already)
    contact = _contact_of(project, municipality)  # withdrawn before: sent anew, same row
    if contact is None or contact.status != "withdrawn":
        contact = Contact(project=project, to_municipality=municipality)
        db.session.add(contact)
    contact.from_user_id, contact.message, contact.status = user.id, message.strip(), "sent"
    contact.created_at, contact.answered_at, contact.reply = utcnow(), None, ""
    try:
        db.session.flush()
    except IntegrityError:  # the same contact sent at the same moment by another request
        db.session.rollback()
        raise ContactError(already) from None
    record_event(
        user, "contact.send", contact, None, {"to": municipality.code, "project_id": project.id}
    )
    receivers = members(municipality.id)
    if receivers:
        _notify(
            receivers,
            "contact_received",
            lambda: _("New contact about “%(title)s”", title=project.title),
            contact,
        )
    else:
        # Nobody answers for this municipality yet: the platform's admins are asked to reach
        # it; the contact is delivered to its first member (see deliver_waiting_contacts).
        _notify(
            admins(),
            "contact_unanswered",
            lambda: _(
                "A contact for %(name)s, where nobody has an account", name=municipality.name
            ),
            contact,
        )
    try:
        db.session.commit()  # the contact and its mail are saved together
    except IntegrityError:
        db.session.rollback()
        raise ContactError(already) from None
    deliver_soon()
    return contact


def answer_contact(user, contact, accept, reply=""):
    """Accept or decline a contact (members of the receiving municipality only)."""
    if not is_receiver_side(user, contact):
        raise PermissionError
    if contact.status != "sent":
        raise ContactError(_l("This contact has already been answered or withdrawn."))
    before = {"status": contact.status}
    contact.status = "accepted" if accept else "declined"
    contact.reply = (reply or "").strip()
    contact.answered_by_id = user.id
    contact.answered_at = utcnow()
    record_event(user, f"contact.{contact.status}", contact, before, {"status": contact.status})
    title = contact.project.title

    def subject():
        if accept:
            return _("Your contact about “%(title)s” was accepted", title=title)
        return _("Your contact about “%(title)s” was declined", title=title)

    _notify(members(contact.project.municipality_id), "contact_answered", subject, contact)
    _notify(
        [u for u in members(contact.to_municipality_id) if u.id != user.id],
        "contact_answered",
        subject,
        contact,
    )
    db.session.commit()
    deliver_soon()
    return contact


def withdraw_contact(user, contact):
    """Take back a contact that has not been answered (the project's municipality)."""
    if not is_sender_side(user, contact):
        raise PermissionError
    if contact.status != "sent":
        raise ContactError(_l("Only an unanswered contact can be withdrawn."))
    contact.status = "withdrawn"
    contact.answered_at = utcnow()
    record_event(user, "contact.withdraw", contact, {"status": "sent"}, {"status": "withdrawn"})
    # The receivers were told of the contact: they are told it was taken back.
    _notify(
        members(contact.to_municipality_id),
        "contact_withdrawn",
        lambda: _("The contact about “%(title)s” has been withdrawn", title=contact.project.title),
        contact,
    )
    db.session.commit()
    deliver_soon()
    return contact


def confirm_working_together(user, contact):
    """One side says "we are working together"; when both have, it becomes history.

    Returns the Cooperation once both sides have said it, else None.
    """
    if user.is_admin or not (is_sender_side(user, contact) or is_receiver_side(user, contact)):
        raise PermissionError  # only the two municipalities' own members say it
    if contact.status != "accepted":
        raise ContactError(_l("Only an accepted contact can become a cooperation."))
    now = utcnow()
    if is_sender_side(user, contact):
        contact.sender_confirmed_at = contact.sender_confirmed_at or now
    elif is_receiver_side(user, contact):
        contact.receiver_confirmed_at = contact.receiver_confirmed_at or now
    else:
        raise PermissionError
    record_event(user, "contact.working_together", contact, None, {"side": _side(user, contact)})
    cooperation = None
    if contact.sender_confirmed_at and contact.receiver_confirmed_at:
        cooperation = record_platform_cooperation(user, contact)
    db.session.commit()
    return cooperation


def _side(user, contact):
    return "sender" if is_sender_side(user, contact) else "receiver"


def inbox(user):
    """(incoming contacts to the user's municipality, outgoing from its projects)."""
    incoming = (
        db.session.execute(
            db.select(Contact)
            .where(Contact.to_municipality_id == user.municipality_id)
            .order_by(Contact.created_at.desc())
        )
        .scalars()
        .all()
    )
    outgoing = (
        db.session.execute(
            db.select(Contact)
            .join(Contact.project)
            .where(Project.municipality_id == user.municipality_id)
            .order_by(Contact.created_at.desc())
        )
        .scalars()
        .all()
    )
    return incoming, outgoing


def waiting_for(user):
    """Contacts to the user's municipality that wait for an answer."""
    return (
        db.session.execute(
            db.select(Contact)
            .where(Contact.to_municipality_id == user.municipality_id, Contact.status == "sent")
            .order_by(Contact.created_at)
        )
        .scalars()
        .all()
    )


def other_side_people(user, contact):
    """Who to talk to on the other side: shown only once the contact is accepted."""
    if contact.status != "accepted":
        return []
    if is_receiver_side(user, contact):
        sender = contact.from_user
        people = members(contact.project.municipality_id)  # active accounts only
        return ([sender] if sender.active else []) + [u for u in people if u != sender]
    return members(contact.to_municipality_id)


def _notify(recipients, template, subject, contact):
    """Queue one email per recipient, each in the recipient's own language."""
    for user in recipients:
        with force_locale(recipient_locale(user)):
            queue_email(
                user.email,
                subject(),
                template,
                user.locale,
                user=user,
                contact=contact,
                link=absolute_url("matches.contact", contact_id=contact.id),
            )
