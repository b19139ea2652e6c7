"""The digest email: text and HTML in the reader's language, with one-click unsubscribe."""

from app.digest.tokens import unsubscribe_token
from app.email import absolute_url, build_message


def render_digest(user, items, subject):
    """A multipart message for ``items`` (a delivery's snapshot), List-Unsubscribe included."""
    unsubscribe = absolute_url("digest.unsubscribe", token=unsubscribe_token(user))
    links = {}
    for item in items:
        if item["kind"] == "suggestion":
            links[item["key"]] = absolute_url("matches.suggestions", project_id=item["project_id"])
        elif item["kind"] == "project":
            links[item["key"]] = absolute_url("projects.show", project_id=item["project_id"])
        else:
            links[item["key"]] = absolute_url("matches.contact", contact_id=item["contact_id"])
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build_message(
        user.email,
        subject,
        "digest",
        user.locale,
        headers=headers,
        user=user,
        suggestions=[i for i in items if i["kind"] == "suggestion"],
        projects=[i for i in items if i["kind"] == "project"],
        contacts=[i for i in items if i["kind"] == "contact"],
        links=links,
        unsubscribe=unsubscribe,
        settings=absolute_url("digest.settings"),
    )
