"""An app on a real SQLite store filled from `variants/`, with one user per role, and review steps for tests."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service.content.gate import Gate
from service.editorial.users import Role, add_user, set_password
from service.store.database import alchemy_config
from service.store.transfer import import_directory
from tests.helpers import PROJECT, SLUG, Client, cli, in_thread, serving, settings_for

USERS = (("ana", Role.AUTHOR), ("ben", Role.REVIEWER), ("cy", Role.ADMIN))
"""Who the store knows: ana writes, ben reviews, cy does both."""
PASSWORD = "correct horse battery staple"  # noqa: S105 - the test users' password
"""Every user's password for the editorial pages, when the store is filled with passwords."""


def text_path(locale: str, audience: str, slug: str = SLUG) -> str:
    """The editorial API's URL of a text."""
    return f"/api/v1/editorial/answers/{slug}/texts/{locale}/{audience}"


class Store:
    """A test client on an app served from the store, and every user's token."""

    def __init__(self, client: Client, tokens: dict[str, str], database_url: str, slug: str = SLUG) -> None:
        self.client = client
        self.tokens = tokens
        self.database_url = database_url
        self.slug = slug
        """The answer the helpers below write and decide on."""

    def auth(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def texts(self, slug: str | None = None) -> dict[tuple[str, str], dict[str, Any]]:
        """The latest revision of each text of the answer, by (locale, audience)."""
        document = self.client.get(f"/api/v1/editorial/answers/{slug or self.slug}", headers=self.auth("ben")).json()
        return {(text["locale"], text["audience"]): text for text in document["texts"]}

    def write(self, locale: str, audience: str, markdown: str, *, author: str = "ana") -> dict[str, Any]:
        """Write a new revision of an existing text (asserting that it is stored); returns it."""
        etag = str(self.texts()[locale, audience]["etag"])
        response = self.client.put(
            text_path(locale, audience, self.slug),
            json={"markdown": markdown},
            headers={**self.auth(author), "If-Match": etag},
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    def edit(self, locale: str, audience: str, old: str, new: str, *, author: str = "ana") -> dict[str, Any]:
        """Replace `old` by `new` in the latest revision of a text, as a new revision."""
        markdown = str(self.texts()[locale, audience]["markdown"])
        assert old in markdown
        return self.write(locale, audience, markdown.replace(old, new), author=author)

    def decide(
        self,
        locale: str,
        audience: str,
        revision: int,
        decision: str,
        note: str | None = None,
        *,
        slug: str | None = None,
    ) -> int:
        """ben's decision on a revision (of this answer's text, or of `slug`'s); returns the status code."""
        body = {"decision": decision, **({"note": note} if note is not None else {})}
        url = f"{text_path(locale, audience, slug or self.slug)}/revisions/{revision}/review"
        return self.client.post(url, json=body, headers=self.auth("ben")).status_code

    def decide_metadata(self, revision: int, decision: str, *, reviewer: str = "ben") -> int:
        """A reviewer's decision on a metadata revision; returns the status code."""
        url = f"/api/v1/editorial/answers/{self.slug}/metadata/revisions/{revision}/review"
        return self.client.post(url, json={"decision": decision}, headers=self.auth(reviewer)).status_code

    def approve_metadata(self, revision: int = 1) -> None:
        """ben starts the review of a metadata revision and approves it."""
        assert self.decide_metadata(revision, "start") == 200
        assert self.decide_metadata(revision, "approve") == 200

    def approve(
        self, locale: str, audience: str, revision: int, summary: str | None = None, *, slug: str | None = None
    ) -> None:
        """ben starts the review of a revision (of this answer's text, or of `slug`'s) and approves it."""
        assert self.decide(locale, audience, revision, "start", slug=slug) == 200
        assert self.decide(locale, audience, revision, "approve", summary, slug=slug) == 200


def filled_store(url: str, *, passwords: bool = False, content: Path = PROJECT / "variants") -> dict[str, str]:
    """The store at `url` (empty) made ready as an operator would: schema applied (`tailor db upgrade`),
    `variants/` imported, one user per role (`USERS`), each with `PASSWORD` if `passwords`. Returns each
    user's token."""
    assert cli("db", "upgrade", "--database", url) == 0
    config = alchemy_config(url)

    async def prepare() -> dict[str, str]:
        await import_directory(config, content, gate=Gate())
        tokens = {}
        async with config.get_session() as session, session.begin():
            for name, role in USERS:
                tokens[name] = await add_user(session, name, role)
                if passwords:
                    await set_password(session, name, PASSWORD)
        await config.get_engine().dispose()
        return tokens

    return in_thread(asyncio.run, prepare())


@contextmanager
def open_store(
    url: str,
    *,
    passwords: bool = False,
    base_url: str = "http://testserver.local",
    content: Path = PROJECT / "variants",
    slug: str = SLUG,
    **settings: object,
) -> Iterator[Store]:
    """The store at `url` (empty), filled by `filled_store` from `content`, served in this process with `settings`."""
    tokens = filled_store(url, passwords=passwords, content=content)
    with serving(settings_for(content, database_url=url, **settings), base_url=base_url) as client:
        yield Store(client, tokens, url, slug)
