"""Helpers for the server-rendered pages: language choice, URLs that keep the search, highlighted snippets."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from api import i18n
from indexer.keyword import STOPWORDS
from kb import vocab
from kb.countries import country_label
from kb.settings import get_settings
from kb.text import fold, words

HERE = Path(__file__).parent
COOKIE = "lang"


def language(request: Request) -> str:
    """?lang= wins, then the cookie, then Spanish."""
    asked = request.query_params.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in i18n.LANGUAGES else "es"


def url_with(request: Request, **changes) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        params.extend((key, v) for v in (value if isinstance(value, (list, tuple)) else [value]))
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def without_filter(request: Request, facet: str, value: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if not (k == facet and v == value)]
    return request.url.path + ("?" + urlencode(params) if params else "")


def highlight(text: str, query: str) -> Markup:
    """``text`` escaped, with the words that share a stem with the query's words marked."""
    stems = {w[:5] for w in words(query) if len(w) > 2 and w not in STOPWORDS}
    out = []
    for part in re.split(r"(\w+)", text):
        if part and len(part) > 2 and fold(part)[:5] in stems and part.isalnum():
            out.append(Markup("<mark>") + escape(part) + Markup("</mark>"))
        else:
            out.append(escape(part))
    return Markup("").join(out)


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.globals.update(label=vocab.label, country_label=country_label, facet_label=i18n.facet_label,
                           FACETS=i18n.FACETS, EXAMPLES=i18n.EXAMPLES, highlight=highlight)
    return env


def _query_limit(request: Request) -> int:
    kb = getattr(request.app.state, "kb", None)
    return (kb.settings if kb is not None else get_settings()).max_query_chars


def render(request: Request, name: str, context: dict, status: int = 200):
    lang = language(request)
    other = "en" if lang == "es" else "es"
    # the language switch keeps a refused, too-long query only up to the limit (it can be a megabyte)
    query, limit = request.query_params.get("q", ""), _query_limit(request)
    switch = url_with(request, lang=other, **({"q": query[:limit]} if len(query) > limit else {}))
    base = {"lang": lang, "t": lambda key, **v: i18n.t(key, lang, **v), "switch_url": switch,
            "url_with": lambda **c: url_with(request, **c), "script_messages": i18n.script_messages(lang),
            "without_filter": lambda f, v: without_filter(request, f, v)}
    response = templates().TemplateResponse(request, name, {**base, **context}, status_code=status)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
