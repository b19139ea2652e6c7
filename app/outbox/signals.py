"""What the outbox tells the features whose mail it carries (blinker signals, as Flask's own).

The outbox knows no feature: a feature that needs to act when its mail is out (the digest
advances the user's period) or is given up (the digest releases its items) connects here
and looks at the mail's ``kind``. Receivers run inside the transaction that records the
outcome, so their changes are committed with it, or not at all.
"""

from blinker import Namespace

_signals = Namespace()

#: ``mail_sent.send(mail, now=...)``: the SMTP server took ``mail`` (an ``OutgoingMail``).
mail_sent = _signals.signal("mail-sent")
#: ``mail_given_up.send(mail, now=...)``: ``mail`` failed MAIL_MAX_ATTEMPTS times.
mail_given_up = _signals.signal("mail-given-up")
