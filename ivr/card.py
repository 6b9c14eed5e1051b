"""What a wallet card says, in one language, from the same YAML and catalogues as the line.

The card repeats the call's own sentences (that it is confidential, free only for an
0800/0808 number, each main-menu option) and the 999 and 55 advice written for reading, so a card
can never promise a key the line does not have. A sentence with no
translation comes back in English (its :class:`Said` says so), exactly as on the phone.
No HTML here: :mod:`ivr.web.cards` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .flow import back_and_again, confidential, danger_for_reading, way_to_english
from .i18n import SOURCE_LANGUAGE, Catalogs, Said, Speaker
from .model import Menus, Option
from .numbers import is_free_line

#: Stands in for the key inside a sentence, so a face can print the key in bold.
KEY_MARK = "\ue000"


@dataclass(frozen=True)
class KeyLine:
    """One main-menu key and its sentence; ``said.text`` holds :data:`KEY_MARK` where the key goes."""

    key: str
    said: Said

    def parts(self) -> tuple[str, ...]:
        """The sentence split around the key: ("For safety tips, press ", ".")."""
        return tuple(self.said.text.split(KEY_MARK))

    @property
    def text(self) -> str:
        return self.said.text.replace(KEY_MARK, self.key)


@dataclass(frozen=True)
class Card:
    lang: str
    name: str
    #: The line's number as callers dial it; "" when none is configured.
    phone: str
    #: Said instead of the number when none is configured, so no card invents one.
    no_phone: Said | None
    welcome: Said
    danger: tuple[Said, ...]
    keys: tuple[KeyLine, ...]
    everywhere: Said
    #: "Or text any word to …", when the line answers texts (``IVR_SMS``) and has a number.
    text_us: Said | None = None


def _option(sp: Speaker, menus: Menus, opt: Option) -> Said:
    if opt.target == "languages" and sp.lang != SOURCE_LANGUAGE:
        # As on the call: the way to English is written in English.
        return way_to_english(sp.catalogs, KEY_MARK)
    if opt.say:
        return sp.say(opt.say, key=KEY_MARK)
    if opt.target == "service" and opt.ref in menus.services:
        svc = menus.services[opt.ref]
        press = sp._("Press {key}.", key=KEY_MARK)
        return Said(f"{svc.name}. {press.text}", press.lang)
    return sp._("Press {key}.", key=KEY_MARK)


def card(menus: Menus, catalogs: Catalogs, lang: str, texts: bool = False) -> Card:
    """The card for ``lang`` (one of the line's languages); ``texts`` when the line's number
    answers texts (:mod:`ivr.sms`)."""
    sp = Speaker(catalogs, lang)
    line = menus.line
    main = menus.menus["main"]
    keys = [KeyLine(o.key, _option(sp, menus, o)) for o in main.options]
    return Card(
        lang=lang,
        name=sp.say(line.name).text,
        phone=line.phone,
        no_phone=None if line.phone else sp._("This card has no phone number yet: the line's number is not set."),
        # Free only when the number on the card is 0800/0808, as on the call (from ``To``).
        welcome=confidential(sp, free=is_free_line(line.phone)),
        danger=danger_for_reading(sp),
        keys=tuple(keys),
        everywhere=back_and_again(sp),
        # TRANSLATORS: on the wallet card, under the number, when the line answers texts. Any
        # word gets an answer. Write your language's word for help in capitals instead of "any
        # word" (e.g. "Or text POMOC to …"): it also tells the line your language. English
        # says "any word" because Twilio answers the English HELP itself.
        text_us=sp._("Or text any word to {phone}.", phone=line.phone) if texts and line.phone else None,
    )
