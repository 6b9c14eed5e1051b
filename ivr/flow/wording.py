"""The sentences the line says, in one home: the 999 advice (on the call, on the card and in
the safe words), what the call is, the way back and to English, and how a service's hours,
number and text message are put.

Each function takes a :class:`Speaker` (the caller's language) and gives :class:`Said`
sentences; the views (:mod:`ivr.flow.views`) decide where they go. ``pybabel extract`` finds
every sentence here, including those written once as constants with :func:`N_`.
"""

from __future__ import annotations

import datetime as dt

from .. import hours, numbers
from ..i18n import SOURCE_LANGUAGE, Catalogs, Said, Speaker
from ..model import Service
from ..saying import Day, Digits, Time, WeekSummary, days_ahead


def N_(msgid: str) -> str:  # noqa: N802 (gettext's name, which pybabel extract knows)
    """Mark a sentence for the catalogues where it is written, to be translated where it is said."""
    return msgid


#: The 999 advice, as said on the call, true for every phone: 55 works on mobiles only, when a
#: recorded message (in English) asks for it; on a landline staying on the line is what works.
IN_DANGER = N_("If you are in danger, hang up, dial 999 and stay on the line.")
# TRANSLATORS: the recorded message of the 999 service is in English: in every
# other language say so ("when a recording in English asks").
CANT_SPEAK = N_("If you can't speak, cough or tap. On a mobile, press 55 when a recording asks.")

# TRANSLATORS: words a caller in danger may say, at any menu, to hear the 999 advice at
# once; separated by commas. Add the short cries people really use ("help me!").
HELP_WORDS = N_("help, danger, police, emergency, help me")
#: (Also what a texter's cry for help is recognised by, in English and the reply's language.)

#: The 999 advice in a text message: read, like the card, so never "hang up"; short, since every
#: SMS segment is paid for.
IN_DANGER_TEXT = N_("In danger now? Dial 999.")
# TRANSLATORS: the recorded message of the 999 service is in English: in every
# other language say so ("when a recording in English asks").
CANT_SPEAK_TEXT = N_("Can't speak? Stay on the line, cough or tap; on a mobile, press 55 when a recording asks.")

#: Said when the line itself is failing: no menus, no catalogues, nothing that can break, so
#: in English and never looked up (the phone's safe words, and the demo's when it fails).
SORRY = "Sorry, this line has a problem right now."
SAFE_WORDS = (SORRY, IN_DANGER, CANT_SPEAK)
#: The same, as a text answers it (a text is read: no "hang up").
SAFE_TEXT = (SORRY, IN_DANGER_TEXT, CANT_SPEAK_TEXT)


def danger_advice(sp: Speaker) -> list[Said]:
    """The 999 advice the call says, in ``sp``'s language."""
    return [sp._(IN_DANGER), sp._(CANT_SPEAK)]


def danger_for_reading(sp: Speaker) -> tuple[Said, ...]:
    """The 999 advice written for a card: a card is read, not heard, so no "hang up"."""
    return (
        sp._("In danger now? Dial 999."),
        # TRANSLATORS: the recorded message of the 999 service is in English: in every
        # other language say so ("when a recording in English asks").
        sp._(
            "If you can't speak, stay on the line and cough or tap if you can. On a mobile, press 55 when a "
            "recording asks."
        ),
    )


def danger_for_texts(sp: Speaker) -> tuple[Said, ...]:
    """The 999 advice in a text message, in ``sp``'s language."""
    return (sp._(IN_DANGER_TEXT), sp._(CANT_SPEAK_TEXT))


def confidential(sp: Speaker, free: bool) -> Said:
    """What the call is: free only when the number called is 0800/0808 (Ofcom)."""
    if free:
        return sp._("This call is free, confidential and not recorded.")
    return sp._("This call is confidential and not recorded.")


def back_and_again(sp: Speaker) -> Said:
    """The keys that work everywhere but the main menu (said there, printed on the card)."""
    return sp._("To go back, press star. To hear this again, press 0.")


def way_to_english(catalogs: Catalogs, key: str) -> Said:
    """How a caller in another language reaches the language menu: always in English."""
    # TRANSLATORS: always said in English, to callers in another language.
    return Speaker(catalogs, SOURCE_LANGUAGE)._("For English and other languages, press {key}.", key=key)


def full_stop(said: Said) -> Said:
    """A title said as a sentence of its own, so a voice pauses before what follows it
    (not "Before you meet a client Sign up to ...")."""
    text = said.text.rstrip()
    if not text or text[-1] in ".!?。！？:：":
        return said
    stop = "。" if said.lang.startswith(("cmn", "zh", "yue")) else "" if said.lang.startswith("th") else "."
    return Said(text + stop, said.lang)


# --- a service, as the caller hears it -------------------------------------------


def day_of(at: dt.datetime) -> dt.datetime:
    """The day a moment is said on: 00:00 is "12 midnight" at the end of the day before, so
    a service closing at 00:00 on Friday is open "until Thursday at 12 midnight", never a day late."""
    return at - dt.timedelta(minutes=1) if at.astimezone(hours.LONDON).time() == dt.time(0) else at


def about(sp: Speaker, svc: Service) -> list[Said]:
    """The service's name and who it is for, in one language (the name is never translated)."""
    said = sp.say(svc.about)
    return [Said(f"{svc.name}. {said.text}", said.lang)]


def hours_lines(sp: Speaker, st: hours.Status, now: dt.datetime) -> list[Said]:
    """Open until when, or closed and when they open next; a bank holiday's doubt after."""
    lines = _hours_lines(sp, st, now)
    if st.hours_may_differ:
        lines.append(sp._("Today is a bank holiday, so their hours may be different."))
    return lines


def _hours_lines(sp: Speaker, st: hours.Status, now: dt.datetime) -> list[Said]:
    if st.open:
        if st.until is None:
            return [sp._("They are open now, day and night.")]
        ahead = days_ahead(day_of(st.until), now)
        if ahead == 0:
            return [sp._("They are open now until {time}.", time=Time(st.until))]
        if ahead == 1:
            return [sp._("They are open now until tomorrow at {time}.", time=Time(st.until))]
        return [
            sp._(
                "They are open now until {day} at {time}.",
                day=Day(day_of(st.until), now),
                time=Time(st.until),
            )
        ]
    lines = []
    if st.bank_holiday_today:
        lines.append(sp._("Today is a bank holiday, and they are closed."))
    else:
        lines.append(sp._("They are closed now."))
    if st.next_open is None:
        lines.append(sp._("The line does not know when they open next."))
        return lines
    ahead = days_ahead(day_of(st.next_open), now)
    if ahead == 0:
        lines.append(sp._("They open again today at {time}.", time=Time(st.next_open)))
    elif ahead == 1:
        lines.append(sp._("They open again tomorrow at {time}.", time=Time(st.next_open)))
    else:
        lines.append(
            sp._(
                "They open again on {day} at {time}.",
                day=Day(day_of(st.next_open), now),
                time=Time(st.next_open),
            )
        )
    return lines


def number_lines(sp: Speaker, svc: Service, named: bool = False) -> list[Said]:
    """The number, twice, digit by digit; ``named`` when the caller has not just heard
    the service's name (a long name and a long number make a sentence too long to follow)."""
    digits = Digits(svc.number)
    first = (
        sp._("The number for {name} is {digits}.", name=svc.name, digits=digits)
        if named
        else sp._("Their number is {digits}.", digits=digits)
    )
    lines = [first, sp._("Again: {digits}.", digits=digits)]
    if svc.free:
        lines.append(sp._("It is free to call."))
    elif numbers.costs_as_geographic(svc.number):
        lines.append(sp._("It costs the same as an ordinary call."))
    return lines


def text_body(sp: Speaker, svc: Service, template: str) -> str:
    """A neutral text: the service, its number and hours, nothing about sex work."""
    if svc.hours.always:
        hours_said = sp._("Open 24 hours, every day.")
    else:
        hours_said = sp._("Open {hours}.", hours=WeekSummary(svc.hours))
        if svc.bank_holidays == "closed":
            closed = sp._("Closed on bank holidays.")
            hours_said = Said(f"{hours_said.text} {closed.text}", hours_said.lang)
    return sp.say(template, name=svc.name, number=svc.number, hours=hours_said.text).text
