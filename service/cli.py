"""The `tailor` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from service.content.gate import check_content
from service.content.report import build_report, render_json, render_text
from service.content.targets import DEFAULT_TARGETS, load_targets
from service.settings import check_cache_from

__all__ = ["main"]

DEFAULT_CONTENT_DIR = Path("variants")


def _check(arguments: argparse.Namespace) -> int:
    try:
        targets = load_targets(arguments.targets) if arguments.targets else DEFAULT_TARGETS
    except (OSError, ValueError) as error:
        print(f"tailor check: {error}", file=sys.stderr)
        return 2
    checked = check_content(arguments.directory, targets, check_cache_from(os.environ))
    report = build_report(list(checked.rows), list(checked.problems))
    print(render_json(report) if arguments.json else render_text(report))
    return 0 if report.ok else 1


def _serve(arguments: argparse.Namespace) -> int:
    # Imported here so that `tailor check` does not pay for the server.
    from service.server import PortInUse, serve  # noqa: PLC0415 - only `serve` needs the server

    # Workers are separate processes that build the app from the environment: hand the choices down.
    if arguments.content is not None:
        os.environ["TAILOR_CONTENT"] = str(arguments.content.resolve())
    if arguments.reload:
        os.environ["TAILOR_WATCH_CONTENT"] = "1"
    if arguments.targets is not None:
        os.environ["TAILOR_TARGETS"] = str(arguments.targets.resolve())
    try:
        serve(host=arguments.host, port=arguments.port, workers=arguments.workers, reload_code=arguments.reload)
    except PortInUse as busy:
        print(f"tailor serve: {busy}", file=sys.stderr)
        return 1
    return 0


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
        "--content", type=Path, default=None, help="content directory (default: $TAILOR_CONTENT, else variants/)"
    )
    serve.add_argument(
        "--targets",
        type=Path,
        default=None,
        help="reading-level targets, as for `tailor check` (default: $TAILOR_TARGETS)",
    )
    serve.add_argument("--reload", action="store_true", help="restart when code or content changes (development)")
    serve.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = _parser().parse_args(argv)
    status: int = arguments.run(arguments)
    return status


if __name__ == "__main__":
    sys.exit(main())
