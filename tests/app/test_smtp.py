"""Mail over a real SMTP server on localhost (aiosmtpd)."""


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
