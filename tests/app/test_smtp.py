"""Mail over a real SMTP server on localhost (aiosmtpd)."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app_config):
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield handler
    controller.stop()


def test_reset_email_goes_through_smtp_in_the_users_language(
    smtp_server, client, make_user, outbox
):
    _, address = make_user(email="dansk@example.org", locale="da")
    assert client.post("/reset", data={"email": address}).status_code == 302
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["dansk@example.org"]
    assert message["Subject"] == "Nulstil din adgangskode til KÖP Match"
    assert message.is_multipart()
    assert "Åbn linket" in message.get_body(("plain",)).get_content()
    assert 'href="http://kop.test/reset/' in message.get_body(("html",)).get_content()
    assert outbox() == []  # with a server configured, nothing lands in the outbox
