"""The signature check computes one HMAC for a genuine request, and accepts and refuses exactly
what twilio's own ``RequestValidator.validate`` does (tests/test_signatures.py covers the
deployment's edges: proxies, ports, slashes, SHA-256 shared keys)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import HMAC_SHA1, HMAC_SHA256, RequestValidator
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict, MultiDict

from ivr.web.signing import Validator

TOKEN = "test-auth-token-0123456789abcdef"
FORM = {"CallSid": "CA" + "0" * 32, "Digits": "1", "To": "+441632960001"}


class Counting(Validator):
    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.computed = 0

    def compute_signature(self, uri, params, algorithm=None):
        self.computed += 1
        return super().compute_signature(uri, params, algorithm)


@pytest.mark.parametrize("url", ["https://line.example/voice?at=menu%3Amain", "http://127.0.0.1:8000/voice"])
def test_a_genuine_request_costs_one_hmac(url):
    signature = RequestValidator(TOKEN).compute_signature(url, FORM)
    validator = Counting(TOKEN)
    assert validator.validate(url, FORM, signature) and validator.computed == 1


def test_the_other_form_of_the_url_is_still_tried():
    """Twilio may sign https://host:443/… for https://host/…: the other form is tried too, as twilio does."""
    signature = RequestValidator(TOKEN).compute_signature("https://line.example:443/voice", FORM)
    validator = Counting(TOKEN)
    assert validator.validate("https://line.example/voice", FORM, signature) and validator.computed == 2


@given(
    url=st.sampled_from(
        ["https://line.example/voice", "https://line.example:443/voice", "http://h:8000/voice?x=1", "https://h:8443/v"]
    ),
    signed_url=st.sampled_from(["https://line.example/voice", "https://line.example:443/voice", "http://h:8000/voice"]),
    form=st.dictionaries(st.sampled_from(["Digits", "To", "From", "ev"]), st.text(max_size=5), max_size=3),
    algorithm=st.sampled_from([HMAC_SHA1, HMAC_SHA256, "hmac_sha256", "HMAC_SHA512", None]),
    token=st.sampled_from([TOKEN, "another"]),
    garble=st.booleans(),
)
def test_agrees_with_twilios_validator(url, signed_url, form, algorithm, token, garble):
    known = algorithm is None or algorithm.upper() in (HMAC_SHA1, HMAC_SHA256)
    signature = RequestValidator(TOKEN).compute_signature(signed_url, form, algorithm if known else None)
    if garble:
        signature = signature[::-1]
    theirs = RequestValidator(token).validate(url, form, signature, algorithm=algorithm)
    assert Validator(token).validate(url, form, signature, algorithm=algorithm) == theirs


def test_every_value_of_a_repeated_field_is_signed_as_twilio_signs_it():
    form = MultiDict([("Digits", "1"), ("Digits", "2"), ("To", "+441632960001")])
    signature = RequestValidator(TOKEN).compute_signature("https://h/voice", form)
    assert Validator(TOKEN).validate("https://h/voice", form, signature)
    assert not Validator(TOKEN).validate(
        "https://h/voice", MultiDict([("Digits", "1"), ("To", "+441632960001")]), signature
    )


FIELD_NAMES = st.sampled_from(["Digits", "To", "From", "ev", "at", "Digits2", "é", ""])


@given(
    url=st.text(max_size=30),
    items=st.lists(st.tuples(FIELD_NAMES, st.text(max_size=6)), max_size=8),
    query=st.lists(st.tuples(FIELD_NAMES, st.text(max_size=6)), max_size=3),
    kind=st.sampled_from(["multi", "immutable", "combined"]),
    algorithm=st.sampled_from([HMAC_SHA1, HMAC_SHA256, "hmac_sha256", None]),
    token=st.sampled_from([TOKEN, "another", "ünïcode"]),
)
def test_a_werkzeug_form_is_signed_exactly_as_twilio_signs_it(url, items, query, kind, algorithm, token):
    """The string signed is put together at once for a werkzeug form (repeated fields, the same
    value twice, empty names and values, any text): the same signature as twilio's own loop."""
    form = {
        "multi": lambda: MultiDict(items),
        "immutable": lambda: ImmutableMultiDict(items),
        "combined": lambda: CombinedMultiDict([ImmutableMultiDict(items), ImmutableMultiDict(query)]),
    }[kind]()
    theirs = RequestValidator(token).compute_signature(url, form, algorithm)
    assert Validator(token).compute_signature(url, form, algorithm) == theirs
