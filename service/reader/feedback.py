"""A real way to ask for more: readers send a question, or report a problem with a section, from any answer.

Plain forms that work without JavaScript; nothing is set in the browser (no cookie, so no CSRF token:
the form carries no authority). A hidden field that people leave empty keeps robots out, size limits and
a rate limit per address keep floods out, and what readers send is only ever shown escaped, to editors.
Stored through the store with the answer, section, audience, locale and revision the reader saw.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeAlias
from urllib.parse import urlencode

from babel.numbers import format_decimal
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery

from service.choice import Choice, parse_audience, parse_locale
from service.content.catalog import Catalog
from service.errors import ReadOnlyContent, TooManyRequests
from service.i18n.labels import N_
from service.i18n.locale_names import babel_locale
from service.rendition import urls
from service.rendition.build import content_digest
from service.rendition.encoded import PRIVATE
from service.rendition.site import Site
from service.store.database import commit_or_lost
from service.store.feedback import MAX_CONTACT, MAX_MESSAGE, FeedbackNote, add_feedback
from service.store.rate_limits import Limit, RateLimits
from service.structs import Record
from service.web.dependencies import (
    CatalogDependency,
    ChoiceDependency,
    SessionDependency,
    SiteDependency,
    page_choice_dependencies,
)
from service.web.responses import see_other
from service.web.same_site import from_this_site
from service.web.security import client_of

__all__ = ["FeedbackController"]

AnyRequest = Request[Any, Any, Any]
SENT = Limit("feedback-address", interval=12.0, burst=5)
"""Messages one address may send: five at once, then one every 12 seconds (five a minute); plenty for a
person, little for a flood. Counted in the store, so every worker and replica counts against it alike."""
RateLimitsDependency: TypeAlias = NamedDependency[RateLimits]


class SentFeedback(Record):
    """What the form sends (every field a string, as forms send them)."""

    slug: str = ""
    audience: str = ""
    locale: str = ""
    revision: str = ""
    kind: str = "question"
    section: str = ""
    message: str = ""
    contact: str = ""
    website: str = ""
    """The trap: people never see it; robots fill it in."""


Problem = tuple[str, int | None]
"""A msgid, and the limit its `%(limit)s` names (formatted in the page's language), if any."""


def _problems(form: SentFeedback) -> list[Problem]:
    """What keeps the message from being sent."""
    problems: list[Problem] = []
    if not form.message.strip():
        problems.append((N_("Write your question or what is wrong."), None))
    if len(form.message) > MAX_MESSAGE:
        problems.append((N_("A message has at most %(limit)s characters."), MAX_MESSAGE))
    if len(form.contact) > MAX_CONTACT:
        problems.append((N_("A way to reach you has at most %(limit)s characters."), MAX_CONTACT))
    return problems


def _form_page(
    site: Site,
    choice: Choice,
    current_path: str,
    *,
    answer_slug: str,
    catalog: Catalog,
    form: SentFeedback | None,
    section: str | None,
    problems: list[Problem],
) -> str:
    """The form on a page of its own, filled in with what was sent and what keeps it from being sent."""
    answer = site.answer(answer_slug, catalog)
    feedback = site.feedback_form(
        answer,
        choice,
        catalog,
        section=section,
        message=form.message if form else "",
        contact=form.contact if form else "",
    )
    if feedback is None:
        raise ReadOnlyContent()
    with site.pages.in_locale(choice.locale) as translations:
        document = site.answer_document(answer, choice, catalog, for_api=False)
        titles = {item.id: item.title for item in document.sections}
        shown = [
            translations.gettext(msgid) % {"limit": format_decimal(limit, locale=babel_locale(choice.locale))}
            if limit is not None
            else translations.gettext(msgid)
            for msgid, limit in problems
        ]
    return site.pages.render(
        "feedback.html",
        choice.locale,
        feedback=feedback,
        question=document.question,
        answer_href=urls.answer_path(choice, answer.slug),
        section_title=titles.get(section or ""),
        problems=shown,
        **site.page_context(choice, current_path),
    )


class FeedbackController(Controller):
    """The feedback form, what it posts to, and the page that thanks the reader."""

    include_in_schema = False
    dependencies = page_choice_dependencies

    @get(urls.FEEDBACK_ROUTE, name="feedback-form", sync_to_thread=False)
    def form(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        catalog: CatalogDependency,
        choice: ChoiceDependency,
        slug: FromPath[str],
        section: FromQuery[str | None] = None,
    ) -> Response[str]:
        """The form on a page of its own: to report a problem with one section (or ask about the answer)."""
        html = _form_page(
            site, choice, request.url.path, answer_slug=slug, catalog=catalog, form=None, section=section, problems=[]
        )
        return Response(html, media_type="text/html", headers={"Cache-Control": site.settings.canonical_cache_control})

    @post("/feedback", name="feedback", status_code=303, guards=[from_this_site])
    async def send(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        catalog: CatalogDependency,
        db_session: SessionDependency,
        rate_limits: RateLimitsDependency,
        data: Annotated[SentFeedback, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response[Any]:
        """Keep the message, then say what happens next (303 to a page that says so)."""
        wait = await rate_limits.take(SENT, client_of(request))
        if wait is not None:
            raise TooManyRequests(wait)
        choice = Choice(audience=parse_audience(data.audience), locale=parse_locale(data.locale, site.settings))
        answer = site.answer(data.slug, catalog)
        sent = see_other(f"{urls.feedback_sent_path(choice)}?{urlencode({'answer': answer.slug})}")
        if data.website:
            return sent  # a robot: it is told it succeeded, and nothing is kept
        problems = _problems(data)
        if problems:
            html = _form_page(
                site,
                choice,
                request.url.path,
                answer_slug=answer.slug,
                catalog=catalog,
                form=data,
                section=data.section or None,
                problems=problems,
            )
            return Response(html, status_code=400, media_type="text/html", headers={"Cache-Control": PRIVATE})
        await add_feedback(
            db_session,
            FeedbackNote(
                slug=answer.slug,
                kind="problem" if data.kind == "problem" else "question",
                audience=choice.audience,
                locale=choice.locale,
                revision=data.revision[:64] or content_digest(answer, choice, catalog=catalog, rules=site.rules),
                message=data.message.strip(),
                section=data.section[:64] or None,
                contact=data.contact.strip() or None,
            ),
            contact_days=site.settings.feedback_contact_days,
        )
        await commit_or_lost(db_session)
        return sent

    @get(urls.FEEDBACK_SENT_ROUTE, name="feedback-sent", sync_to_thread=False)
    def sent(
        self, site: SiteDependency, catalog: CatalogDependency, choice: ChoiceDependency, answer: FromQuery[str] = ""
    ) -> Response[str]:
        """What happens next, and the way back to the answer."""
        found = catalog.answer(answer)
        back = urls.answer_path(choice, found.slug) if found is not None else urls.index_path(choice)
        html = site.pages.render("feedback_sent.html", choice.locale, back_href=back, **site.page_context(choice, back))
        return Response(html, media_type="text/html", headers={"Cache-Control": PRIVATE})
