"""`tailor coverage --html FILE`: the coverage map as one self-contained page, for CI reports."""

from __future__ import annotations

import datetime

from markupsafe import Markup

from service.editorial.coverage import AnswerCoverage
from service.i18n.labels import AUDIENCE_READERS, TEXT_STATUSES
from service.i18n.templating import Pages
from service.i18n.translations import load_translations
from service.settings import Settings
from service.web.static_assets import STATIC_DIR

__all__ = ["coverage_html"]


def coverage_html(answers: list[AnswerCoverage], settings: Settings, locale: str) -> str:
    """The page: the same tables as `/editorial/coverage`, with the stylesheet inlined and no links."""
    pages = Pages(load_translations(settings.locales_dir, settings.supported_locales))
    return pages.render(
        "coverage_report.html",
        locale,
        answers=answers,
        statuses=TEXT_STATUSES,
        readers=AUDIENCE_READERS,
        # Our own stylesheet, as it is: escaping would turn its quotes into entities CSS does not read.
        stylesheet=Markup((STATIC_DIR / "tailor.css").read_text(encoding="utf-8")),  # noqa: S704 - not user input
        today=datetime.datetime.now(datetime.UTC).date(),
        text_path=None,
    )
