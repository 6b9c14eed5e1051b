"""A phone safety line for sex workers in the UK, run by Twilio.

``ivr:create_app`` is the Flask app factory (``gunicorn 'ivr:create_app()'``). The core
(:mod:`ivr.flow`, :mod:`ivr.hours`, :mod:`ivr.menus`) knows nothing of Flask or Twilio,
so importing it does not import them.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any):  # noqa: ANN201 - Flask is imported lazily
    """Build the Flask app: the Twilio webhooks, the demo and the health check."""
    from .web import create_app as factory

    return factory(*args, **kwargs)
