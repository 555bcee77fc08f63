"""The section workbench: one section of a nurse or family text, written beside the same section of its source.

`GET …/edit/sections/{id}` shows the section's Markdown in a box beside the source's section, with
its reading level against the target and the plain-language findings (`service.editorial.lint`) at
their lines. Without JavaScript the author works by "Preview and check" and takes a suggestion with
its button (both plain POSTs); with it, `/static/workbench.js` sends the box to `…/check` as the
author types and swaps in the same fragment the page renders. The script calls this page-scoped
twin rather than `POST /api/v1/editorial/lint` because the editorial session cookie is confined to
`/editorial` (it never reaches the API); both run the same `lint`. Saving replaces the section's lines
in the stored text and writes it through the gate like any edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeAlias

import msgspec
from babel.support import NullTranslations
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from service.choice import parse_audience, parse_locale
from service.content.gate import Gate
from service.content.model import Audience
from service.editorial.api import MAX_TEXT_BYTES, GateDependency, LexiconDependency
from service.editorial.inspection import check_draft, inspect_answers
from service.editorial.lint import Lexicon, SectionLint
from service.editorial.pages import (
    PAGE_DEPENDENCIES,
    PageEditorDependency,
    PageLocaleDependency,
    editorial_page,
    save_text,
    text_path,
)
from service.editorial.section_edit import (
    Suggestion,
    section_ids,
    section_lint,
    section_markdown,
    section_span,
    taken,
    with_section,
)
from service.editorial.texts import text_etag
from service.editorial.users import WRITERS, require_role
from service.editorial.views import FindingAtLine, RenderedSection, findings_at_lines, findings_of, rendered_sections
from service.errors import TailorError, UnknownAnswer
from service.rendition.encoded import PRIVATE
from service.store.drift import source_of
from service.store.models import UserModel
from service.store.source import shown_file
from service.structs import Record
from service.web.dependencies import ReloaderDependency, SessionDependency, SiteDependency
from service.web.responses import see_other

__all__ = ["SectionWorkbench"]

AnyRequest = Request[Any, Any, Any]
_FORM = RequestEncodingType.URL_ENCODED
SECTION_PATH = "/answers/{slug:str}/texts/{locale:str}/{audience:str}/edit/sections/{section:str}"
"""Where one section's workbench is, under the editorial router."""


class SectionForm(Record):
    """What the section form sends: the section's Markdown, and which button was pressed."""

    markdown: str
    etag: str = ""
    """The ETag of the revision the author started from."""
    action: Literal["preview", "save"] = "preview"
    take: str = ""
    """A suggestion's button: `line:column:length:replacement` in the section's box."""


class CheckForm(Record):
    """What the workbench script sends while the author types."""

    markdown: str


@dataclass(frozen=True, kw_only=True)
class Workbench:
    """One section of a text as the store holds it now, its source's section, and the rules it is read by."""

    slug: str
    locale: str
    audience: Audience
    section: str
    stored: str
    """The whole text's newest Markdown."""
    etag: str
    source_key: tuple[str, str] | None
    source: RenderedSection | None
    gate: Gate
    lexicons: Lexicon

    @property
    def href(self) -> str:
        """The section's page."""
        return f"{text_path(self.slug, self.locale, self.audience.value)}/edit/sections/{self.section}"

    def lint(self, written: str, translations: NullTranslations) -> SectionLint | None:
        """The plain-language findings on `written` as this section, messages through `translations`."""
        return section_lint(
            self.stored,
            self.section,
            written,
            locale=self.locale,
            audience=self.audience,
            translate=translations.gettext,
            targets=self.gate.targets,
            lexicons=self.lexicons,
        )


async def _workbench(
    *,
    db_session: SessionDependency,
    gate: GateDependency,
    lexicons: LexiconDependency,
    site: SiteDependency,
    editor: PageEditorDependency,
    slug: FromPath[str],
    locale: FromPath[str],
    audience: FromPath[str],
    section: FromPath[str],
) -> Workbench:
    """The section the path names, for a writer; a 404 that says what is missing (text or section)."""
    require_role(editor, WRITERS)
    text_locale, text_audience = parse_locale(locale, site.settings), parse_audience(audience)
    (latest,) = await inspect_answers(db_session, [slug], gate=gate)
    current = latest.texts.get((text_locale, text_audience.value))
    if current is None:
        raise UnknownAnswer(f"{slug}/{text_locale}/{text_audience.value}")
    stored = current[1].markdown
    section_markdown(stored, section)  # a 404 for a section the text does not have
    source_key = source_of(text_locale, text_audience.value)
    source_text = latest.texts.get(source_key) if source_key else None
    shown = shown_file(slug, text_locale, text_audience.value)
    source_sections = rendered_sections(source_text[1].markdown, shown) if source_text else []
    return Workbench(
        slug=slug,
        locale=text_locale,
        audience=text_audience,
        section=section,
        stored=stored,
        etag=text_etag(slug, text_locale, text_audience.value, current[1].number),
        source_key=source_key,
        source=next((found for found in source_sections if found.id == section), None),
        gate=gate,
        lexicons=lexicons,
    )


WorkbenchDependency: TypeAlias = NamedDependency[Workbench]
"""The section a workbench request is about (`_workbench`)."""


async def _gate_findings(
    session: AsyncSession, bench: Workbench, written: str
) -> tuple[list[FindingAtLine], list[FindingAtLine]]:
    """What the gate finds in the whole text with `written` in place, in the section and elsewhere.

    The section's findings are at its own lines; the others at the text's, since they block a save too.
    """
    whole = with_section(bench.stored, bench.section, written)
    found = await check_draft(
        session, slug=bench.slug, locale=bench.locale, audience=bench.audience, markdown=whole, gate=bench.gate
    )
    problems = findings_of(found, bench.slug, bench.locale, bench.audience)
    if bench.section not in section_ids(whole):
        return [], findings_at_lines(problems, whole)  # the heading is gone: the section has no lines of its own
    first, last = section_span(whole, bench.section)
    inside = [problem for problem in problems if first < problem.line <= last]
    elsewhere = [problem for problem in problems if not first < problem.line <= last]
    moved = [msgspec.structs.replace(problem, line=problem.line - first) for problem in inside]
    return findings_at_lines(moved, written), findings_at_lines(elsewhere, whole)


def _page(
    request: AnyRequest,
    site: SiteDependency,
    page_locale: str,
    editor: UserModel,
    bench: Workbench,
    *,
    written: str,
    etag: str,
    findings: tuple[list[FindingAtLine], list[FindingAtLine]] | None = None,
    error: TailorError | None = None,
) -> Response[str]:
    """The workbench page: the source's section, the box holding `written`, its level and findings."""
    ids = section_ids(bench.stored)
    place = ids.index(bench.section)
    shown = shown_file(bench.slug, bench.locale, bench.audience.value)
    with site.pages.in_locale(page_locale) as translations:
        linted = bench.lint(written, translations)
    return editorial_page(
        request,
        site,
        page_locale,
        "editorial_section.html",
        editor=editor,
        status=error.status_code if error is not None else 200,
        slug=bench.slug,
        text_locale=bench.locale,
        text_audience=bench.audience,
        section=bench.section,
        section_href=bench.href,
        source_key=bench.source_key,
        source=bench.source,
        markdown=written,
        etag=etag,
        lint=linted,
        preview=rendered_sections(written, shown) if findings is not None else None,
        findings=findings[0] if findings is not None else None,
        findings_elsewhere=findings[1] if findings is not None else None,
        error=error,
        previous_section=ids[place - 1] if place > 0 else None,
        next_section=ids[place + 1] if place + 1 < len(ids) else None,
    )


class SectionWorkbench(Controller):
    """Writing a text section by section."""

    path = SECTION_PATH
    include_in_schema = False
    dependencies = {**PAGE_DEPENDENCIES, "bench": Provide(_workbench)}  # noqa: RUF012 - Litestar reads it

    @get("/", name="editorial-section-form")
    async def section_form(
        self,
        request: AnyRequest,
        site: SiteDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
        bench: WorkbenchDependency,
    ) -> Response[str]:
        """The section's Markdown beside its source's section, with its level and plain-language findings."""
        written = section_markdown(bench.stored, bench.section)
        return _page(request, site, page_locale, editor, bench, written=written, etag=bench.etag)

    @post("/", name="editorial-section-edit", status_code=303, request_max_body_size=MAX_TEXT_BYTES)
    async def section_edit(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        reloader: ReloaderDependency,
        page_locale: PageLocaleDependency,
        bench: WorkbenchDependency,
        data: Annotated[SectionForm, Body(media_type=_FORM)],
    ) -> Response[Any]:
        """Preview and check the section, take a suggestion, or save the text with this section replaced."""
        # Browsers send textarea lines with CRLF; the store keeps the text as authors write it elsewhere.
        written = data.markdown.replace("\r\n", "\n")
        error: TailorError | None = None
        if data.take:
            written = taken(written, Suggestion.parse(data.take))
        elif data.action == "save":
            error = await save_text(
                db_session,
                reloader,
                editor,
                text=(bench.slug, bench.locale, bench.audience),
                markdown=with_section(bench.stored, bench.section, written),
                etag=data.etag,
                gate=bench.gate,
            )
            if error is None:
                return see_other(f"{text_path(bench.slug, bench.locale, bench.audience.value)}?done=saved")
        findings = await _gate_findings(db_session, bench, written)
        return _page(
            request, site, page_locale, editor, bench, written=written, etag=data.etag, findings=findings, error=error
        )

    @post("/check", name="editorial-section-check", status_code=200, request_max_body_size=MAX_TEXT_BYTES)
    async def section_check(
        self,
        site: SiteDependency,
        page_locale: PageLocaleDependency,
        bench: WorkbenchDependency,
        data: Annotated[CheckForm, Body(media_type=_FORM)],
    ) -> Response[str]:
        """The level and findings of what the author is typing, as the fragment the page shows them in."""
        written = data.markdown.replace("\r\n", "\n")
        with site.pages.in_locale(page_locale) as translations:
            linted = bench.lint(written, translations)
        html = site.pages.render("_section_lint.html", page_locale, lint=linted, text_audience=bench.audience)
        return Response(html, media_type="text/html", headers={"Cache-Control": PRIVATE})
