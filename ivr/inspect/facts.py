"""Facts that may have gone stale: services change their hours and numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..problems import Problem
from ..reading import Source

#: About six months: after this a service's facts should be checked again.
STALE_AFTER = dt.timedelta(days=183)


def stale_or_undated(src: Source) -> Iterator[Problem]:
    for sid, svc in src.services.items():
        path = ("services", sid, "checked")
        if src.find("services.yaml", *path) is None or svc.checked == dt.date(1970, 1, 1):
            continue  # reading already said the date is missing or wrong
        if svc.checked > src.today:
            yield src.problem(
                "services.yaml",
                path,
                f"{svc.name} says its facts were checked on {svc.checked.isoformat()}, which is in the future. Write "
                "the day you checked them.",
                "warning",
                code="facts.checked_in_future",
            )
        elif src.today - svc.checked > STALE_AFTER:
            months = (src.today - svc.checked).days // 30
            yield src.problem(
                "services.yaml",
                path,
                f"the facts of {svc.name} were last checked on {svc.checked.isoformat()}, about {months} months ago. "
                f"Check the number and hours at the source ({svc.source or 'none given'}), "
                "then write today's date here.",
                "warning",
                code="facts.stale",
            )
