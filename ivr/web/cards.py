"""Wallet cards as printable HTML: ``GET /card?lang=pl-PL`` (``&sheet=a4`` for a sheet of ten)
and ``ivr card``. One self-contained page (its CSS inline), so a saved file prints offline."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

from flask import Blueprint, Response, current_app, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..card import Card, card
from ..i18n import Catalogs
from ..model import Menus
from .langs import bcp47, languages

bp = Blueprint("cards", __name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Cards on an A4 sheet: two across, five down, fronts on one page and backs on the next.
SHEET = 10
_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
_env.filters["bcp47"] = bcp47


def _width(text: str) -> int:
    """Rough printed width in Latin letters: wide (Chinese, Japanese) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def font_size(c: Card) -> float:
    """Points for the card's text, smaller for languages whose sentences run longer."""
    back = sum(_width(k.text) + 12 for k in c.keys) + _width(c.everywhere.text)
    front = sum(_width(s.text) for s in (c.welcome, *c.danger, *([c.text_us] if c.text_us else []))) * 2
    longest = max(back, front, 1)
    return round(max(5.0, min(9.0, 9.0 * math.sqrt(330 / longest))), 2)


def render(menus: Menus, catalogs: Catalogs, lang: str, sheet: bool = False, texts: bool = False) -> str:
    """The card page for ``lang``: one card (front and back), or an A4 sheet of them;
    ``texts`` adds "or text any word to …" (the line answers texts, ``IVR_SMS``)."""
    c = card(menus, catalogs, lang, texts=texts)
    return _env.get_template("card.html").render(
        card=c,
        tag=bcp47(lang),
        size=font_size(c),
        count=SHEET if sheet else 1,
        sheet=sheet,
        languages=languages(menus),
    )


@bp.get("/card")
def card_page() -> Response:
    version = current_app.extensions["ivr"]["store"].current()
    menus = version.menus
    lang = request.args.get("lang") or menus.line.default_language
    codes = [lang.code for lang in languages(menus)]
    if lang not in codes:
        text = f"There is no card in “{lang[:20]}”: this line speaks {', '.join(codes)}."
        return Response(text, status=404, mimetype="text/plain")
    sheet = request.args.get("sheet", "") not in ("", "0", "no")
    texts = current_app.extensions["ivr"]["settings"].sms
    return Response(render(menus, version.catalogs, lang, sheet, texts=texts), mimetype="text/html")
