"""Guess whether a short text is Spanish or English, from function words and Spanish letters."""

from __future__ import annotations

from kb.text import WORD

SPANISH = frozenset("""
de la el en y los las del que por con para una un se su al lo como más mas sus le ya o este esta entre cuando
muy sin sobre también tambien me hasta hay donde quien desde nos durante todos uno les ni contra otros ese eso
ante ellos e esto mí antes algunos qué que unos yo otro otras otra él tanto esa estos mucho quienes nada muchos
cual poco ella estar estas algunas algo nosotros mi mis tú te ti tu tus ellas nosotras vosotros cómo cuál
es son fue han ha hacer hicieron necesito ciudades otras programas
""".split())
ENGLISH = frozenset("""
the of and to in a is that for it as was with be by on not he this are or his from at which but have an they
you were her she there been their one all we can has more when will would what so if about into them some
could other these than its only who how did do does our my me should after where most
""".split())
SPANISH_LETTERS = set("ñáéíóúü¿¡")


def guess(text: str) -> str | None:
    """``"es"``, ``"en"`` or None when there is no sign either way."""
    tokens = WORD.findall(text.casefold())
    es = sum(t in SPANISH for t in tokens) + 2 * sum(ch in SPANISH_LETTERS for ch in text.casefold())
    en = sum(t in ENGLISH for t in tokens)
    if es > en:
        return "es"
    if en > es:
        return "en"
    return None
