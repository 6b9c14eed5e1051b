"""What a wallet card says, in one language, from the same YAML and catalogues as the line.

The card repeats the call's own sentences (the welcome, the 999 and 55 advice, each main-menu
option), so a card can never promise a key the line does not have. A sentence with no
translation comes back in English (its :class:`Said` says so), exactly as on the phone.
No HTML here: :mod:`ivr.web.cards` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Catalogs, Said, Speaker
from .model import Menus, Option

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


def _option(sp: Speaker, menus: Menus, opt: Option) -> Said:
    if opt.say:
        return sp.say(opt.say, key=KEY_MARK)
    if opt.target == "service" and opt.ref in menus.services:
        svc = menus.services[opt.ref]
        press = sp._("Press {key}.", key=KEY_MARK)
        return Said(f"{svc.name}. {press.text}", press.lang)
    return sp._("Press {key}.", key=KEY_MARK)


def card(menus: Menus, catalogs: Catalogs, lang: str) -> Card:
    """The card for ``lang`` (one of the line's languages)."""
    sp = Speaker(catalogs, lang)
    line = menus.line
    main = menus.menus["main"]
    keys = [KeyLine(o.key, _option(sp, menus, o)) for o in main.options]
    return Card(
        lang=lang,
        name=sp.say(line.name).text,
        phone=line.phone,
        no_phone=None if line.phone else sp._("This card has no phone number yet: the line's number is not set."),
        welcome=sp._("{name}. This call is free and confidential, and it is not recorded.", name=sp.say(line.name).text),
        danger=(
            sp._("If you are in danger now, hang up and dial 999."),
            sp._("If you can't speak, dial 999 and press 55 when asked."),
        ),
        keys=tuple(keys),
        everywhere=sp._("To go back, press star. To hear this again, press 0."),
    )
