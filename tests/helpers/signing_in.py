"""Signing in to a real server's editorial pages over HTTP, as a browser at some loopback address would."""

import re
import threading
import urllib.parse
from collections.abc import Callable

from tests.helpers.processes import send

__all__ = ["FORM", "at_once", "sign_in", "sign_in_form"]

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def sign_in_form(port: int, source: str) -> dict[str, str]:
    """The sign-in form's CSRF cookie and token, as a browser at `source` gets them: the headers to post with."""
    _, headers, page = send(port, "GET", "/editorial/login", source=source)
    cookie = headers["set-cookie"].split(";", 1)[0]
    found = re.search(rb'name="_csrf_token" value="([^"]*)"', page)
    assert found is not None
    return {**FORM, "Cookie": cookie, "X-CSRFToken": found.group(1).decode()}


def sign_in(port: int, form: dict[str, str], name: str, password: str, source: str) -> tuple[int, dict[str, str]]:
    body = urllib.parse.urlencode({"name": name, "password": password, "_csrf_token": form["X-CSRFToken"]})
    status, headers, _ = send(port, "POST", "/editorial/login", body=body.encode(), headers=form, source=source)
    return status, headers


def at_once(count: int, attempt: Callable[[int], tuple[int, dict[str, str]]]) -> list[tuple[int, dict[str, str]]]:
    """`attempt(0)` … `attempt(count - 1)`, each from a thread of its own, released together."""
    outcomes: list[tuple[int, dict[str, str]]] = [(0, {})] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait()
        outcomes[index] = attempt(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
