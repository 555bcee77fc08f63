"""The `tailor` command."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from service.content.gate import Gate
from service.content.report import build_report, render_json, render_text
from service.settings import Publish, Settings, check_cache_from, strict_claims_from

__all__ = ["main"]

DEFAULT_CONTENT_DIR = Path("variants")


def _check(arguments: argparse.Namespace) -> int:
    gate = _gate("check", arguments, check_cache_from(os.environ))
    if gate is None:
        return 2
    checked = gate.check_content(arguments.directory)
    report = build_report(list(checked.rows), list(checked.problems))
    print(render_json(report) if arguments.json else render_text(report))
    return 0 if report.ok else 1


def _serve(arguments: argparse.Namespace) -> int:
    # Imported here so that `tailor check` does not pay for the server.
    from service.cli.serve import PortInUse, serve  # noqa: PLC0415 - only `serve` needs the server

    # Workers are separate processes that build the app from the environment: hand the choices down.
    if arguments.content is not None:
        os.environ["TAILOR_CONTENT"] = str(arguments.content.resolve())
    if arguments.database is not None:
        os.environ["TAILOR_DATABASE_URL"] = arguments.database
    if arguments.reload:
        os.environ["TAILOR_WATCH_CONTENT"] = "1"
    if arguments.targets is not None:
        os.environ["TAILOR_TARGETS"] = str(arguments.targets.resolve())
    if arguments.strict_claims:
        os.environ["TAILOR_STRICT_CLAIMS"] = "1"
    if arguments.publish is not None:
        os.environ["TAILOR_PUBLISH"] = arguments.publish
    # The workers must sign editorial forms alike, or a form one made would be refused by another.
    os.environ.setdefault("TAILOR_SECRET_KEY", secrets.token_hex(32))
    try:
        settings = Settings.from_environment()
    except ValueError as error:
        print(f"tailor serve: {error}", file=sys.stderr)
        return 2
    from service.editorial.lint import Lexicon  # noqa: PLC0415 - word frequencies are loaded only when used

    try:
        Lexicon(settings.lexicon)  # each worker reads it again: a mistake stops the start here, in one line
    except ValueError as error:
        print(f"tailor serve: {error}", file=sys.stderr)
        return 2
    if settings.database_url is not None:
        # Once, before the workers start, so that they never race to create or fill the database.
        from service.cli.store import prepare_store  # noqa: PLC0415 - the store is loaded only when used

        # The rules the workers will apply (`--targets` is in the environment by now): the seed is held to them too.
        gate = _gate("serve", arguments, settings.check_cache, targets=settings.reading_targets)
        if gate is None:
            return 2
        refused = prepare_store(settings.database_url, settings.seed_dir, gate)
        if refused is not None:
            print(f"tailor serve: {refused}", file=sys.stderr)
            return 1
    try:
        serve(host=arguments.host, port=arguments.port, workers=arguments.workers, reload_code=arguments.reload)
    except PortInUse as busy:
        print(f"tailor serve: {busy}", file=sys.stderr)
        return 1
    return 0


def _gate(
    command: str, arguments: argparse.Namespace, cache_dir: Path | None, *, targets: Path | None = None
) -> Gate | None:
    """The rules a command applies: `--targets` (or `targets`; default: the built-in ones) and `--strict-claims`."""
    strict = arguments.strict_claims or strict_claims_from(os.environ)
    try:
        return Gate.configured(targets or arguments.targets, cache_dir, strict_claims=strict)
    except (OSError, ValueError) as error:
        print(f"tailor {command}: {error}", file=sys.stderr)
        return None


def _db(arguments: argparse.Namespace) -> int:
    from service.cli.store import run_upgrade  # noqa: PLC0415 - the store is loaded only when used

    return run_upgrade(arguments.database)


def _import(arguments: argparse.Namespace) -> int:
    from service.cli.store import run_import  # noqa: PLC0415 - the store is loaded only when used

    gate = _gate("import", arguments, check_cache_from(os.environ))
    if gate is None:
        return 2
    return run_import(arguments.database, arguments.directory, gate)


def _export(arguments: argparse.Namespace) -> int:
    from service.cli.store import run_export  # noqa: PLC0415 - the store is loaded only when used

    return run_export(arguments.database, arguments.directory)


def _users(arguments: argparse.Namespace) -> int:
    from service.cli.store import Profile, run_users  # noqa: PLC0415 - the store is loaded only when used

    password = None
    if arguments.users_command == "set-password":
        password = _read_password(from_stdin=arguments.password_stdin)
        if password is None:
            return 2
    return run_users(
        arguments.database,
        arguments.users_command,
        getattr(arguments, "name", None),
        getattr(arguments, "role", None),
        password,
        profile=Profile(
            display_name=getattr(arguments, "display_name", None),
            credential=getattr(arguments, "credential", None),
            named_publicly=getattr(arguments, "named_publicly", None),
        ),
    )


def _read_password(*, from_stdin: bool) -> str | None:
    """One line of standard input (for scripts), or asked twice without echo; None when the two differ."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        # getpass would read the first line anyway, then fail at the second prompt with a traceback.
        print("tailor users: no terminal to ask for the password on; pipe it with --password-stdin", file=sys.stderr)
        return None
    try:
        first = getpass.getpass("New password: ")
        again = getpass.getpass("Again: ")
    except EOFError:
        print("tailor users: no password given; nothing was changed", file=sys.stderr)
        return None
    if again != first:
        print("tailor users: the two passwords differ; nothing was changed", file=sys.stderr)
        return None
    return first


def _coverage(arguments: argparse.Namespace) -> int:
    from service.cli.store import run_coverage  # noqa: PLC0415 - the store is loaded only when used

    settings = Settings.from_environment()
    gate = _gate("coverage", arguments, settings.check_cache)
    if gate is None:
        return 2
    if arguments.locale not in settings.supported_locales:
        print(f"tailor coverage: --locale must be one of {', '.join(settings.supported_locales)}", file=sys.stderr)
        return 2
    return run_coverage(
        arguments.database, settings, gate, html=arguments.html, as_json=arguments.json, locale=arguments.locale
    )


def _database_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--database",
        default=None,
        help="SQLAlchemy URL (default: $TAILOR_DATABASE_URL, else sqlite+aiosqlite:///data/tailor.db)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tailor", description="Audience-adapted medical answers.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('tailor')}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="validate a content directory",
        description="Validate a content directory: structure, citations, figures and reading level. "
        "Exits 1 when anything is an error.",
    )
    check.add_argument("directory", nargs="?", type=Path, default=DEFAULT_CONTENT_DIR, help="default: variants/")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument(
        "--targets", type=Path, help="a TOML file of reading-level targets (see service/content/targets.py)"
    )
    _strict_claims_option(check)
    check.set_defaults(run=_check)

    serve = commands.add_parser(
        "serve",
        help="serve the content over HTTP",
        description="Serve pages and the JSON API with the Granian ASGI server.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    serve.add_argument(
        "--content",
        type=Path,
        default=None,
        help="serve this content directory, read-only, instead of the store (default: $TAILOR_CONTENT)",
    )
    _database_option(serve)
    serve.add_argument(
        "--targets",
        type=Path,
        default=None,
        help="reading-level targets, as for `tailor check` (default: $TAILOR_TARGETS)",
    )
    _strict_claims_option(serve)
    serve.add_argument(
        "--publish",
        choices=[mode.value for mode in Publish],
        default=None,
        help="which revisions readers get: the latest submitted one, marked pending review, or only approved "
        "ones (default: $TAILOR_PUBLISH, else submitted)",
    )
    serve.add_argument("--reload", action="store_true", help="restart when code or content changes (development)")
    serve.set_defaults(run=_serve)

    _add_store_commands(commands)
    return parser


def _strict_claims_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--strict-claims",
        action="store_true",
        help="an answer whose clinician text marks no claims is an error, not a warning "
        "(default: $TAILOR_STRICT_CLAIMS)",
    )


def _add_store_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that work on the store: db, import, export, coverage, users."""
    database = commands.add_parser("db", help="manage the store's database")
    database_commands = database.add_subparsers(dest="db_command", required=True)
    upgrade = database_commands.add_parser("upgrade", help="apply the migrations the database lacks")
    _database_option(upgrade)
    upgrade.set_defaults(run=_db)

    importer = commands.add_parser(
        "import",
        help="load a content directory into the store",
        description="Store every answer of DIR that passes `tailor check`, one transaction per answer; "
        "answers with errors are listed and nothing of them is stored (exit status 1). Files equal to the "
        "latest revisions add nothing.",
    )
    importer.add_argument("directory", type=Path)
    importer.add_argument("--targets", type=Path, help="reading-level targets, as for `tailor check`")
    _strict_claims_option(importer)
    _database_option(importer)
    importer.set_defaults(run=_import)

    exporter = commands.add_parser(
        "export",
        help="write the store's latest texts as a content directory",
        description="Write the latest revision of every answer in the variants/ format into DIR (new or empty).",
    )
    exporter.add_argument("directory", type=Path)
    _database_option(exporter)
    exporter.set_defaults(run=_export)

    report = commands.add_parser(
        "coverage",
        help="which sections exist for which audience and locale, and in what state",
        description="A line per answer of the store: cells written, approved, stale, above their reading target, "
        "falling back. Exits 1 when an answer breaks a rule now.",
    )
    report.add_argument("--html", type=Path, help="also write the coverage map as a self-contained page to HTML")
    report.add_argument("--json", action="store_true", help="print the coverage as JSON (the API's document)")
    report.add_argument("--locale", default="en", help="the language of the HTML page (default: en)")
    report.add_argument("--targets", type=Path, help="reading-level targets, as for `tailor check`")
    _strict_claims_option(report)
    _database_option(report)
    report.set_defaults(run=_coverage)

    users = commands.add_parser("users", help="who may write and review")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add = users_commands.add_parser("add", help="add a user; prints their API token, once, alone on standard output")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["author", "reviewer", "admin"])
    set_profile = users_commands.add_parser(
        "set-profile",
        help="what readers are told of a user's approvals: a display name and credential, or the role alone",
    )
    set_profile.add_argument("name")
    for command in (add, set_profile):
        command.add_argument("--display-name", help='the name readers see, e.g. "Ana Ruiz" (an empty one clears it)')
        command.add_argument("--credential", help='the line after it, e.g. "RN, paediatric oncology"')
        command.add_argument(
            "--named-publicly",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="whether readers see the name and credential (default: yes); without, readers are told the role",
        )
    listing = users_commands.add_parser("list", help="every user, with role and state")
    revoke = users_commands.add_parser("revoke", help="end a user's access (token, password, sessions) at once")
    revoke.add_argument("name")
    set_password = users_commands.add_parser(
        "set-password",
        help="give a user a password for the editorial pages (asked twice, without echo)",
        description="Store an Argon2 hash of a new password (12 to 1,024 characters) for /editorial/login.",
    )
    set_password.add_argument("name")
    set_password.add_argument(
        "--password-stdin", action="store_true", help="read the password from one line of standard input"
    )
    for command in (add, listing, revoke, set_password, set_profile):
        _database_option(command)
        command.set_defaults(run=_users)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = _parser().parse_args(argv)
    status: int = arguments.run(arguments)
    return status


if __name__ == "__main__":
    sys.exit(main())
