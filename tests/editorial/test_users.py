"""`tailor users`: tokens shown once and never stored, roles, revocation — on each engine."""

import subprocess

from tests.helpers.processes import TAILOR
from tests.helpers.sql import rows


def tailor(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TAILOR), *arguments], capture_output=True, text=True, timeout=60, check=False)


def test_a_token_is_printed_once_alone_and_only_its_hash_is_stored(store_url: str) -> None:
    database = store_url

    added = tailor("users", "add", "ana", "--role", "author", "--database", database)

    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert added.stdout == token + "\n"
    assert len(token) >= 40
    stored = rows(database, "select name, role, token_hash, revoked from users")
    assert len(stored) == 1
    assert stored[0][:2] == ("ana", "author")
    assert token not in str(stored[0][2])
    assert not stored[0][3]


def test_names_are_unique_roles_are_checked_and_revocation_is_listed(store_url: str) -> None:
    database = store_url
    tailor("users", "add", "ana", "--role", "author", "--database", database)
    tailor("users", "add", "ben", "--role", "reviewer", "--database", database)

    again = tailor("users", "add", "ana", "--role", "admin", "--database", database)
    wrong_role = tailor("users", "add", "cy", "--role", "boss", "--database", database)
    revoked = tailor("users", "revoke", "ana", "--database", database)
    unknown = tailor("users", "revoke", "nobody", "--database", database)
    listed = tailor("users", "list", "--database", database)

    assert (again.returncode, "exists already" in again.stderr) == (1, True)
    assert wrong_role.returncode == 2
    assert "invalid choice" in wrong_role.stderr
    assert revoked.returncode == 0
    assert (unknown.returncode, "no user is called 'nobody'" in unknown.stderr) == (1, True)
    assert [line.split("\t")[:3] for line in listed.stdout.splitlines()] == [
        ["ana", "author", "revoked"],
        ["ben", "reviewer", "active"],
    ]


def set_password(database: str, name: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TAILOR), "users", "set-password", name, "--password-stdin", "--database", database],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_password_is_stored_as_an_argon2_hash_of_a_long_enough_secret(store_url: str) -> None:
    database = store_url
    tailor("users", "add", "ana", "--role", "author", "--database", database)
    tailor("users", "add", "ben", "--role", "reviewer", "--database", database)

    short = set_password(database, "ana", "too short")
    unknown = set_password(database, "nobody", "a long enough password")
    accepted = set_password(database, "ana", "a long enough password")
    listed = tailor("users", "list", "--database", database)

    assert (short.returncode, "12 to 1024 characters; this one has 9" in short.stderr) == (1, True)
    assert (unknown.returncode, "no active user is called 'nobody'" in unknown.stderr) == (1, True)
    assert accepted.returncode == 0, accepted.stderr
    [(stored,)] = rows(database, "select password_hash from users where name = 'ana'")
    assert str(stored).startswith("$argon2id$")
    assert "a long enough password" not in str(stored)
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[3] for line in listed.stdout.splitlines()] == ["password", "token only"]


def test_set_password_without_a_terminal_says_to_use_password_stdin(store_url: str) -> None:
    tailor("users", "add", "ana", "--role", "author", "--database", store_url)
    piped = subprocess.run(
        [str(TAILOR), "users", "set-password", "ana", "--database", store_url],
        input="a long enough password\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert piped.returncode == 2
    assert piped.stderr.strip().splitlines() == [
        "tailor users: no terminal to ask for the password on; pipe it with --password-stdin"
    ]
    assert rows(store_url, "select password_hash from users") == [(None,)]
