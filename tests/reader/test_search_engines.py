"""What search engines read: hreflang alternates for the locales an answer is written in, absolute under the
public URL, a meta description, robots.txt, the sitemap, and favicon.ico."""

import re
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest

from service.settings import Settings
from tests.helpers import PROJECT, SLUG, Client, serving, settings_for

PUBLIC = "https://answers.example.org"
NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def public() -> Iterator[Client]:
    with serving(settings_for(PROJECT / "variants", public_url=PUBLIC)) as client:
        yield client


def links(page: str) -> list[tuple[str, str | None, str]]:
    return [
        (rel, hreflang or None, href)
        for rel, hreflang, href in re.findall(
            r'<link rel="(canonical|alternate)"(?: hreflang="([^"]+)")? href="([^"]+)">', page
        )
    ]


def test_alternates_name_only_the_locales_the_answer_is_written_in(client: Client) -> None:
    page = client.get(f"/fr/family/answers/{SLUG}").text  # French readers get the English text

    assert links(page) == [
        ("canonical", None, f"/fr/family/answers/{SLUG}"),
        ("alternate", "en", f"/en/family/answers/{SLUG}"),
        ("alternate", "es", f"/es/family/answers/{SLUG}"),
        ("alternate", "x-default", f"/answers/{SLUG}"),
    ]


def test_with_a_public_url_links_are_absolute_in_the_page_and_the_header(public: Client) -> None:
    response = public.get(f"/es/nurse/answers/{SLUG}")

    assert [href for _, _, href in links(response.text)] == [
        f"{PUBLIC}/es/nurse/answers/{SLUG}",
        f"{PUBLIC}/en/nurse/answers/{SLUG}",
        f"{PUBLIC}/es/nurse/answers/{SLUG}",
        f"{PUBLIC}/answers/{SLUG}",
    ]
    assert response.headers["link"].startswith(f'<{PUBLIC}/es/nurse/answers/{SLUG}>; rel="canonical"')


@pytest.mark.parametrize("path", [f"/es/family/answers/{SLUG}", "/en/nurse/answers", "/de/clinician/editorial-policy"])
def test_every_page_has_a_short_meta_description(client: Client, path: str) -> None:
    [description] = re.findall(r'<meta name="description" content="([^"]*)">', client.get(path).text)

    assert 40 <= len(description) <= 160


def test_an_answer_is_described_by_the_start_of_its_key_points(client: Client) -> None:
    page = client.get(f"/en/family/answers/{SLUG}").text
    [description] = re.findall(r'<meta name="description" content="([^"]*)">', page)

    key_points = page.split('id="section-key-points"')[1].split("</section>")[0]
    section = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r'<sup class="citation">.*?</sup>', "", key_points)).split())
    assert description.startswith("When neuroblastoma comes back or does not go away, it is very rarely cured.")
    assert description.endswith("…")
    assert description.removesuffix("…") in section.replace(" .", ".")


def test_robots_txt_keeps_crawlers_on_the_answers_and_names_the_sitemap(client: Client, public: Client) -> None:
    response = client.get("/robots.txt")

    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["cache-control"].startswith("public")
    lines = response.text.splitlines()
    assert {"Disallow: /editorial/", "Disallow: /api/", "Disallow: /*/choose"} <= set(lines)
    assert lines[-1] == "Sitemap: http://testserver.local/sitemap.xml"
    assert public.get("/robots.txt").text.splitlines()[-1] == f"Sitemap: {PUBLIC}/sitemap.xml"


def test_the_sitemap_lists_every_canonical_page_with_its_alternates(public: Client) -> None:
    index = ET.fromstring(public.get("/sitemap.xml").content)  # noqa: S314 - our own server's document
    [location] = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NAMESPACES)]
    response = public.get(str(location).removeprefix(PUBLIC))
    urlset = ET.fromstring(response.content)  # noqa: S314 - our own server's document
    entries = {str(url.findtext("s:loc", namespaces=NAMESPACES)): url for url in urlset.iterfind("s:url", NAMESPACES)}

    assert location == f"{PUBLIC}/sitemaps/1.xml"
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    answers = {
        f"{PUBLIC}/{locale}/{audience}/answers/{SLUG}"
        for locale in ("en", "es")
        for audience in ("clinician", "nurse", "family")
    }
    lists = {
        f"{PUBLIC}/{locale}/{audience}/answers"
        for locale in ("en", "es")
        for audience in ("clinician", "nurse", "family")
    }
    assert set(entries) == answers | lists
    family = entries[f"{PUBLIC}/es/family/answers/{SLUG}"]
    # The glossary's last_updated: the family page's definitions are newer than answer.toml (2026-12-07), which
    # a clinician page, explaining no words, keeps.
    assert family.findtext("s:lastmod", namespaces=NAMESPACES) == "2026-12-08"
    clinician = entries[f"{PUBLIC}/es/clinician/answers/{SLUG}"]
    assert clinician.findtext("s:lastmod", namespaces=NAMESPACES) == "2026-12-07"
    assert [(link.get("hreflang"), link.get("href")) for link in family.iterfind("xhtml:link", NAMESPACES)] == [
        ("en", f"{PUBLIC}/en/family/answers/{SLUG}"),
        ("es", f"{PUBLIC}/es/family/answers/{SLUG}"),
        ("x-default", f"{PUBLIC}/answers/{SLUG}"),
    ]
    assert public.get("/sitemaps/2.xml").status_code == 404
    assert public.get("/sitemaps/one.xml").status_code == 404


def test_favicon_ico_is_an_icon(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


@pytest.mark.parametrize(
    "value", ["answers.example.org", "https://answers.example.org/tailor", "ftp://x.org", "https://x.org?a=1"]
)
def test_the_public_url_must_be_an_origin(value: str) -> None:
    with pytest.raises(ValueError, match="TAILOR_PUBLIC_URL"):
        Settings.from_environment({"TAILOR_PUBLIC_URL": value})


def test_the_public_url_loses_its_trailing_slash() -> None:
    assert Settings.from_environment({"TAILOR_PUBLIC_URL": "https://answers.example.org/"}).public_url == PUBLIC
