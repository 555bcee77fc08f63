"""What search engines and browsers ask a site for: robots.txt, the sitemap, favicon.ico.

The sitemap lists every canonical answer page and answer list, each with its language alternates: only
the locales with texts of their own (as the pages' `hreflang` links do) and the bare URL as
`x-default`. It is an index of pages that stay under the protocol's 50,000 URLs each. URLs are absolute
under `TAILOR_PUBLIC_URL`, else under the origin the request came to.
"""

from __future__ import annotations

import math
from typing import Any
from xml.etree import ElementTree as ET

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.types import ASGIApp

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.model import Answer, Audience
from service.errors import NotFound
from service.rendition import urls
from service.rendition.build import rendition_last_updated
from service.rendition.fallback import FallbackRules
from service.rendition.site import Site
from service.web.conditional import respond_to
from service.web.dependencies import CatalogDependency, SiteDependency
from service.web.static_assets import AssetsDependency

__all__ = ["SearchEngines"]

_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000
"""The sitemap protocol's limit of URLs per file."""
_XML = "application/xml; charset=utf-8"
ET.register_namespace("", _SITEMAP)
ET.register_namespace("xhtml", _XHTML)


def _xml(root: ET.Element) -> bytes:
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def _origin(request: Request[Any, Any, Any], site: Site) -> str:
    return site.settings.public_url or str(request.base_url).rstrip("/")


def _answers_per_page(catalog: Catalog) -> int:
    """As many answers as fit one sitemap page: each has a URL per audience and locale of its own."""
    return max(1, MAX_URLS // (len(Audience) * max(1, len(catalog.locales))))


def _url(
    urlset: ET.Element, origin: str, canonical: str, alternates: list[tuple[str, str]], lastmod: str | None
) -> None:
    url = ET.SubElement(urlset, f"{{{_SITEMAP}}}url")
    ET.SubElement(url, f"{{{_SITEMAP}}}loc").text = origin + canonical
    if lastmod is not None:
        ET.SubElement(url, f"{{{_SITEMAP}}}lastmod").text = lastmod
    for hreflang, path in alternates:
        ET.SubElement(url, f"{{{_XHTML}}}link", rel="alternate", hreflang=hreflang, href=origin + path)


def _answer_urls(
    urlset: ET.Element, origin: str, answer: Answer, locales: list[str], *, rules: FallbackRules, catalog: Catalog
) -> None:
    for audience in Audience:
        alternates = [
            (locale, urls.answer_path(Choice(audience=audience, locale=locale), answer.slug)) for locale in locales
        ]
        alternates.append(("x-default", urls.bare_answer_path(answer.slug)))
        for locale, path in alternates[:-1]:
            # Each page's own date: an English approval is not news to the Spanish family page.
            updated = rendition_last_updated(answer, Choice(audience=audience, locale=locale), rules, catalog)
            _url(urlset, origin, path, alternates, updated.isoformat())


def _sitemap_page(site: Site, catalog: Catalog, origin: str, number: int) -> bytes:
    size = _answers_per_page(catalog)
    answers = list(catalog.answers.values())[(number - 1) * size : number * size]
    urlset = ET.Element(f"{{{_SITEMAP}}}urlset")
    supported = site.settings.supported_locales
    if number == 1:
        listed = [locale for locale in supported if locale in catalog.locales]
        for audience in Audience:
            alternates = [(locale, urls.index_path(Choice(audience=audience, locale=locale))) for locale in listed]
            alternates.append(("x-default", urls.BARE_INDEX_ROUTE))
            for _, path in alternates[:-1]:
                _url(urlset, origin, path, alternates, None)
    for answer in answers:
        locales = [locale for locale in supported if locale in answer.locales]
        _answer_urls(urlset, origin, answer, locales, rules=site.rules, catalog=catalog)
    return _xml(urlset)


class SearchEngines(Controller):
    """robots.txt, the sitemap and the icon: what crawlers and browsers ask every site for."""

    include_in_schema = False

    @get("/robots.txt", name="robots", sync_to_thread=False)
    def robots(self, request: Request[Any, Any, Any], site: SiteDependency) -> Response[str]:
        """Crawl the answers; not the editorial pages, the JSON API or the chooser, which are not content."""
        text = (
            "User-agent: *\n"
            "Disallow: /editorial/\n"
            "Disallow: /api/\n"
            "Disallow: /*/choose\n"
            f"Sitemap: {_origin(request, site)}/sitemap.xml\n"
        )
        return Response(
            text,
            media_type="text/plain",
            headers={"Cache-Control": site.settings.canonical_cache_control},
        )

    @get("/sitemap.xml", name="sitemap", sync_to_thread=False)
    def sitemap(
        self, request: Request[Any, Any, Any], site: SiteDependency, catalog: CatalogDependency
    ) -> Response[bytes]:
        """The index of the sitemap's pages."""
        origin = _origin(request, site)
        pages = max(1, math.ceil(len(catalog) / _answers_per_page(catalog)))
        index = ET.Element(f"{{{_SITEMAP}}}sitemapindex")
        for number in range(1, pages + 1):
            entry = ET.SubElement(index, f"{{{_SITEMAP}}}sitemap")
            ET.SubElement(entry, f"{{{_SITEMAP}}}loc").text = f"{origin}/sitemaps/{number}.xml"
        body = _xml(index)
        return Response(body, media_type=_XML, headers={"Cache-Control": site.settings.canonical_cache_control})

    @get("/sitemaps/{name:str}", name="sitemap-page", sync_to_thread=False)
    def sitemap_page(
        self, request: Request[Any, Any, Any], site: SiteDependency, catalog: CatalogDependency, name: FromPath[str]
    ) -> Response[bytes]:
        """One page of the sitemap, `N.xml`: the answer lists (on the first), then answers in slug order."""
        digits = name.removesuffix(".xml")
        number = int(digits) if digits.isascii() and digits.isdigit() and name.endswith(".xml") else 0
        if not 1 <= number <= max(1, math.ceil(len(catalog) / _answers_per_page(catalog))):
            raise NotFound()
        body = _sitemap_page(site, catalog, _origin(request, site), number)
        return Response(body, media_type=_XML, headers={"Cache-Control": site.settings.canonical_cache_control})

    @get("/favicon.ico", name="favicon", sync_to_thread=False)
    def favicon(self, request: Request[Any, Any, Any], assets: AssetsDependency) -> ASGIApp:
        """The site's icon, where browsers look for it without being told (the static asset, by its plain name)."""
        icon = assets.response("favicon.ico")
        if icon is None:
            raise NotFound()
        return respond_to(request, icon)
