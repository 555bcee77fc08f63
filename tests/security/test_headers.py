"""Protective headers on every status; HSTS only over HTTPS; a charset on every text type."""

import re

import pytest

from service.rendition.site import Site
from tests.helpers import PROJECT, SLUG, Client, serving, settings_for

PATHS = [
    (f"/es/family/answers/{SLUG}", 200),
    (f"/api/v1/answers/{SLUG}?audience=family&locale=es", 200),
    ("/static/tailor.css", 200),
    ("/schema/openapi.json", 200),
    ("/health", 200),
    (f"/answers/{SLUG}", 307),
    ("/en/nobody/answers", 400),
    ("/api/v1/answers?locale=xx", 400),
    ("/nowhere", 404),
]


def check_protective(response: object, path: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = headers["content-security-policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy, path
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]
    assert "camera=()" in headers["permissions-policy"]
    content_type = headers.get("content-type", "")
    if content_type.startswith("text/"):
        assert "charset=utf-8" in content_type, path


@pytest.mark.parametrize(("path", "status"), PATHS)
@pytest.mark.parametrize("warm_first", [False, True], ids=["cold", "warm"])
def test_every_response_is_protected(client: Client, path: str, status: int, warm_first: bool) -> None:
    if warm_first:
        client.get(path, follow_redirects=False)
    response = client.get(path, follow_redirects=False)

    assert response.status_code == status
    check_protective(response, path)
    assert "strict-transport-security" not in response.headers


def test_a_500_is_protected_and_generic(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Site, "answer_document", explode)
    with serving(settings_for(PROJECT / "variants")) as client:
        response = client.get(f"/en/family/answers/{SLUG}")

    assert response.status_code == 500
    check_protective(response, "500")
    assert "boom" not in response.text


def test_the_api_viewer_gets_its_own_policy_naming_no_other_origin(client: Client) -> None:
    page = client.get("/schema")
    policy = page.headers["content-security-policy"]
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))

    assert directives["script-src"] == "'self'"  # the vendored viewer; never an inline script
    assert directives["style-src"] == "'self' 'unsafe-inline'"  # the viewer styles itself from its script
    assert "http" not in policy  # no CDN
    [source] = re.findall(r'<script src="(/static/vendor/scalar-api-reference-1\.46\.4\.[0-9a-f]{12}\.js)"', page.text)
    assert "https://" not in page.text
    script = client.get(source)
    assert script.status_code == 200
    assert len(script.content) > 1_000_000


def test_hsts_over_https() -> None:
    with serving(settings_for(PROJECT / "variants"), base_url="https://tailor.test") as client:
        warm = client.get(f"/es/family/answers/{SLUG}")
        response = client.get(f"/es/family/answers/{SLUG}")

    assert warm.headers["strict-transport-security"].startswith("max-age=31536000")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


@pytest.mark.parametrize(("trusted", "expected"), [(("testclient",), True), ((), False)])
def test_forwarded_proto_is_believed_only_from_trusted_proxies(trusted: tuple[str, ...], expected: bool) -> None:
    settings = settings_for(PROJECT / "variants", trusted_proxies=trusted)
    with serving(settings) as client:
        page = client.get("/health", headers={"X-Forwarded-Proto": "https"})
        form = client.post(
            "/preferences",
            data={"audience": "nurse", "locale": "es"},
            headers={"X-Forwarded-Proto": "https"},
            follow_redirects=False,
        )

    assert ("strict-transport-security" in page.headers) is expected
    assert ("Secure" in form.headers["set-cookie"]) is expected


def test_request_ids_are_echoed_when_sane_and_replaced_otherwise(client: Client) -> None:
    echoed = client.get("/health", headers={"X-Request-ID": "abc12345-trace"})
    replaced = client.get("/health", headers={"X-Request-ID": "<script>"})
    fresh = client.get("/health")
    another = client.get("/health")

    assert echoed.headers["x-request-id"] == "abc12345-trace"
    assert replaced.headers["x-request-id"] != "<script>"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]+", fresh.headers["x-request-id"])
    assert another.headers["x-request-id"] != fresh.headers["x-request-id"]


def test_templates_have_no_inline_script_or_style_and_mark_only_sanitized_html_safe() -> None:
    templates = (PROJECT / "service" / "templates").glob("*.html")
    for template in templates:
        text = template.read_text(encoding="utf-8")
        # Scripts only from /static (the section workbench's, the glossary's popover), never inline: the CSP's
        # script-src 'self' holds.
        # JSON-LD is data, never run: one block, the answer page's, its content a `tojson` value (HTML-escaped).
        data = re.findall(r"<script type=\"application/ld\+json\">(.*?)</script>", text)
        assert data == (["{{ structured_data | tojson }}"] if template.name == "answer.html" else []), template
        scripts = re.findall(r"<script[^>]*>", text.replace('<script type="application/ld+json">', ""))
        assert all(re.fullmatch(r"<script src=\"\{\{ static\('[\w.-]+\.js'\) \}\}\" defer>", tag) for tag in scripts), (
            template
        )
        assert len(scripts) == (1 if template.name in {"editorial_section.html", "answer.html"} else 0), template
        # `tailor coverage --html` writes a file to open anywhere, never served (so under no CSP): it carries
        # its stylesheet inline, as one <style> element.
        assert text.count("<style") == (1 if template.name == "coverage_report.html" else 0), template
        assert " style=" not in text, template
        for line in text.splitlines():
            if "safe" in line and "|" in line:
                # Section texts and glossary definitions, both made by `render` (nh3's allowlist last).
                assert "section.html | safe" in line or "term.html | safe" in line, (template, line)
