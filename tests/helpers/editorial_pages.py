"""Driving the editorial pages as a browser without JavaScript would: forms, their CSRF tokens, redirects."""

import html
import re

from tests.helpers import Client
from tests.helpers.store import PASSWORD

EDITORIAL = "/editorial"


def form_token(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="_csrf_token" value="([^"]*)"', page)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def field(page: str, name: str) -> str:
    """The value of a form field (an input's value, or a textarea's text)."""
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert found is not None, f"no field {name!r}"
    return html.unescape(found.group(1))


def sign_in(client: Client, name: str, password: str = PASSWORD) -> int:
    """Sign in through the form; returns the status (303 when signed in)."""
    token = form_token(client.get(f"{EDITORIAL}/login").text)
    response = client.post(
        f"{EDITORIAL}/login",
        data={"name": name, "password": password, "_csrf_token": token},
        follow_redirects=False,
    )
    return response.status_code


def decisions(page: str) -> list[str]:
    """The decision buttons a text page offers."""
    return re.findall(r'name="decision" value="([^"]*)"', page)
