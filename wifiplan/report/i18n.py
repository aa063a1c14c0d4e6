"""Languages of the report: standard gettext catalogs, English in the code, Japanese in ``locale/``.

Strings are marked with :func:`_` (translated now, in the active language) or :func:`N_`
(marked for extraction, translated later). The catalogs live in
``wifiplan/locale/<lang>/LC_MESSAGES/wifiplan.po`` (extracted with Babel, see
``docs/report.md``). A compiled ``wifiplan.mo`` next to the ``.po`` is used when it is
present and not older; otherwise the ``.po`` is compiled in memory with Babel, so an
editable install and a wheel both get working catalogs without a build step.

>>> with language("ja"):
...     _("Access points")
'アクセスポイント'
>>> _("Access points")
'Access points'
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGUAGES", "DOMAIN", "LOCALE_DIR", "_", "N_", "current_language", "default_language", "language",
           "translation"]

#: Languages the report is written in (English is the source language).
LANGUAGES = ("en", "ja")
#: The gettext domain.
DOMAIN = "wifiplan"
#: Where the catalogs ship.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: Default report language by building country (ISO 3166 alpha-2); others get English.
_COUNTRY_LANGUAGE = {"JP": "ja"}

_current: ContextVar[str] = ContextVar("wifiplan_report_language", default="en")


def default_language(country: str | None) -> str:
    """The report language for a building country: JP → ``ja``, anything else → ``en``.

    >>> default_language("JP"), default_language("us"), default_language(None)
    ('ja', 'en', 'en')
    """
    return _COUNTRY_LANGUAGE.get((country or "").upper(), "en")


@lru_cache(maxsize=None)
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (``en``: no translation).

    Raises
    ------
    ValueError
        If the language is not one of :data:`LANGUAGES`.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def current_language() -> str:
    """The language :func:`_` translates into now."""
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Within the block, :func:`_` translates into ``lang``."""
    translation(lang)  # fail early on unknown languages
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` in the active language (the English text when untranslated)."""
    return translation(_current.get()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate with :func:`_` when shown)."""
    return message
