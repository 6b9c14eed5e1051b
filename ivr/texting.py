"""Sending a caller a service's number by text, with twilio's REST client.

The caller is waiting on the line, so Twilio gets a few seconds at most. Whatever
happens, nothing here logs the caller's number: a Twilio error message can quote the
number it refused, so only its code and HTTP status are logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import phonenumbers

from .flow import TEXTS_PER_CALL  # noqa: F401  (the faces read it here, beside the sending)

if TYPE_CHECKING:
    from twilio.http import HttpClient

log = logging.getLogger("ivr.texting")
#: Seconds Twilio's API may take before the caller hears the number instead.
TIMEOUT = 4.0
#: How Twilio marks a withheld or unknown caller.
WITHHELD = {"", "anonymous", "restricted", "unknown", "private", "unavailable", "+266696687", "266696687"}


def can_receive_text(caller: str | None) -> bool:
    """True for a caller whose number is shown and is a mobile (any country)."""
    value = (caller or "").strip()
    if value.lower() in WITHHELD or not value.startswith("+"):
        return False
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(number)
    return phonenumbers.is_valid_number(number) and kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


class Texter:
    """Sends texts from the line's own number through the Twilio REST API."""

    def __init__(self, account_sid: str, auth_token: str, http_client: HttpClient | None = None):
        # twilio's REST client (and requests under it) is about 6 MiB a worker: loaded only
        # where texting is set up.
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        quiet = logging.getLogger("ivr.texting.http")
        quiet.setLevel(logging.WARNING)  # twilio logs request details at INFO
        self.client = Client(
            account_sid, auth_token, http_client=http_client or TwilioHttpClient(timeout=TIMEOUT, logger=quiet)
        )

    def send(self, to: str, from_: str, body: str) -> bool:
        """Send one text; False (and a log line with no number in it) if it did not go."""
        from twilio.base.exceptions import TwilioException, TwilioRestException

        try:
            message = self.client.messages.create(to=to, from_=from_, body=body)
        except TwilioRestException as exc:
            log.warning("text message refused by Twilio: error %s (HTTP %s)", exc.code, exc.status)
            return False
        except TwilioException as exc:
            log.warning("text message not sent: %s", type(exc).__name__)
            return False
        except Exception as exc:  # timeouts and connection errors from the HTTP layer
            log.warning("text message not sent: %s", type(exc).__name__)
            return False
        log.info("text message accepted by Twilio (status %s)", getattr(message, "status", "?"))
        return True
