"""Concurrent writers to one text on a real `tailor serve` and a real SQLite file: exactly one wins each round."""

import asyncio
import json
import threading
from pathlib import Path

from service.editorial.users import Role, add_user
from service.store.database import alchemy_config, ensure_schema
from tests.helpers import SLUG, in_thread
from tests.helpers.processes import call, free_port, revision, start_server, stop_server, wait_until

TEXT = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"
WRITERS = 6
ROUNDS = 3


def one_round(port: int, author: str, round_number: int) -> list[int]:
    """`WRITERS` threads PUT a different text with the same If-Match at the same moment; their statuses."""
    _, body = call(port, "GET", f"/api/v1/editorial/answers/{SLUG}", author)
    [text] = [t for t in json.loads(body)["texts"] if (t["locale"], t["audience"]) == ("en", "family")]
    statuses: list[int] = []
    start = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        markdown = text["markdown"].replace("Chemo is", f"Chemo ({round_number}.{writer}) is", 1)
        start.wait()
        status, _ = call(
            port, "PUT", TEXT, author, json.dumps({"markdown": markdown}).encode(), **{"If-Match": text["etag"]}
        )
        statuses.append(status)

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_exactly_one_of_several_concurrent_writers_wins_each_round(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    config = alchemy_config(database)

    async def token() -> str:
        await ensure_schema(config, create=True)
        async with config.get_session() as session, session.begin():
            made = await add_user(session, "ana", Role.AUTHOR)
        await config.get_engine().dispose()
        return made

    author = in_thread(asyncio.run, token())
    port = free_port()
    process = start_server(None, port, "--database", database, cwd=tmp_path)
    try:
        wait_until(lambda: revision(port) is not None)
        outcomes = [one_round(port, author, round_number) for round_number in range(ROUNDS)]
        _, body = call(port, "GET", f"/api/v1/editorial/answers/{SLUG}", author)
    finally:
        stop_server(process)

    assert outcomes == [[201] + [412] * (WRITERS - 1)] * ROUNDS
    [final] = [t for t in json.loads(body)["texts"] if (t["locale"], t["audience"]) == ("en", "family")]
    assert final["revision"] == 1 + ROUNDS
