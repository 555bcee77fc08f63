"""Every answer page carries a schema.org MedicalWebPage in JSON-LD that says what the page (and its JSON) says."""

import json
import re
from typing import Any

import pytest
from pyld import jsonld

from tests.helpers import SLUG, Client, cli, reader_text
from tests.helpers.store import Store

SCHEMA = "https://schema.org/"
LOCALES = ["en", "es", "es-MX", "fr", "de", "ar"]
AUDIENCES = ["clinician", "nurse", "family"]
_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _offline_schema_org(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context, as far as these pages use it: every term in its vocabulary (nothing downloads here)."""
    assert url.rstrip("/") in {"https://schema.org", "http://schema.org"}, url
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def _expanded(html: str) -> dict[str, Any]:
    """The page's one JSON-LD block, expanded by a JSON-LD processor (what a crawler reads)."""
    [block] = _BLOCK.findall(html)
    [node] = jsonld.expand(json.loads(block), {"documentLoader": _offline_schema_org})
    return node  # type: ignore[no-any-return]


def _values(node: dict[str, Any], term: str) -> list[Any]:
    return [item.get("@value", item.get("@id", item)) for item in node.get(SCHEMA + term, [])]


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_bundled_page_describes_itself_as_its_rendition_does(client: Client, locale: str, audience: str) -> None:
    html = client.get(f"/{locale}/{audience}/answers/{SLUG}").text
    rendition = client.get(f"/api/v1/answers/{SLUG}?audience={audience}&locale={locale}").json()

    page = _expanded(html)

    assert page["@type"] == [SCHEMA + "MedicalWebPage"]
    assert _values(page, "name") == [rendition["question"]]
    assert rendition["question"] in reader_text(html)  # the page's h1
    assert _values(page, "inLanguage") == list(dict.fromkeys(s["served_locale"] for s in rendition["sections"]))
    assert _values(page, "dateModified") == [rendition["last_updated"]]
    [audience_node] = page[SCHEMA + "medicalAudience"]
    expected_type = {"clinician": "Clinician", "nurse": "Nurse", "family": "Patient"}[audience]
    assert _values(audience_node, "audienceType") == [expected_type]
    assert [_values(citation, "name")[0] for citation in page[SCHEMA + "citation"]] == [
        citation["description"] for citation in rendition["citations"]
    ]
    assert {_values(citation, "inLanguage")[0] for citation in page[SCHEMA + "citation"]} == {"en"}
    [publisher] = page[SCHEMA + "publisher"]
    assert _values(publisher, "name") == ["Tailor"]
    based_on = _values(page, "isBasedOn")
    if (locale, audience) == ("en", "clinician"):
        assert based_on == []
        assert rendition["based_on"] is None
    else:
        source_locale = locale if audience != "clinician" else "en"
        assert based_on == [f"/{source_locale}/clinician/answers/{SLUG}"]
        assert rendition["based_on"] == f"/api/v1/answers/{SLUG}?audience=clinician&locale={source_locale}"
    # Pending review: nobody is named and no review date is claimed.
    assert SCHEMA + "lastReviewed" not in page
    assert SCHEMA + "reviewedBy" not in page


def test_after_an_approval_the_page_the_json_and_the_json_ld_name_the_reviewer_and_date(store: Store) -> None:
    credential = ("--display-name", "Ben Ortiz", "--credential", "RN, paediatric oncology")
    assert cli("users", "set-profile", "ben", *credential, "--database", store.database_url) == 0
    store.approve_metadata()
    store.approve("en", "family", 1)
    store.approve("en", "family", 1, slug="glossary")

    html = store.client.get(f"/en/family/answers/{SLUG}").text
    rendition = store.client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=en").json()
    page = _expanded(html)

    [approval] = rendition["approvals"]
    assert rendition["review"]["status"] == "approved"
    assert _values(page, "lastReviewed") == [rendition["review"]["reviewed_on"]] == [approval["reviewed_on"]]
    [person] = page[SCHEMA + "reviewedBy"]
    assert person["@type"] == [SCHEMA + "Person"]
    assert (_values(person, "name"), _values(person, "jobTitle")) == (["Ben Ortiz"], ["RN, paediatric oncology"])
    assert approval["reviewed_by"]["name"] == "Ben Ortiz"
    assert "Reviewed by Ben Ortiz, RN, paediatric oncology, on" in reader_text(html)
