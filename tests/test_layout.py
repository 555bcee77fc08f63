"""The layout is the data flow: web → choice → rendition → content, and no package imports one above it."""

import ast

import pytest

from tests.helpers import PROJECT

SERVICE = PROJECT / "service"
LAYERS = ["web", "rendition", "choice", "content"]
"""From the outside in: each may import those after it, never those before it."""


def imported_packages(package: str) -> dict[str, set[str]]:
    """For each module of `service.<package>`, the other `service` packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((SERVICE / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("service."):
                names.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("service."))
        found[str(path.relative_to(PROJECT))] = names - {package}
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_no_package_imports_a_layer_above_it(package: str) -> None:
    above = set(LAYERS[: LAYERS.index(package)])

    assert {module: names & above for module, names in imported_packages(package).items() if names & above} == {}


def test_the_choice_is_imported_by_rendition_and_web() -> None:
    for package in ("rendition", "web"):
        assert any("choice" in names for names in imported_packages(package).values()), package


def test_every_public_module_declares_its_interface() -> None:
    missing = [
        str(path.relative_to(PROJECT))
        for path in sorted(SERVICE.rglob("*.py"))
        if path.name != "__init__.py"
        and "migrations" not in path.parts  # Alembic's scripts, not modules anyone imports
        and "__all__" not in path.read_text("utf-8")
    ]

    assert missing == []


def test_no_test_imports_conftest_or_another_test_module() -> None:
    offending = [
        f"{path.relative_to(PROJECT)}: {node.module}"
        for path in sorted((PROJECT / "tests").rglob("*.py"))
        if "node_modules" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("tests.")
        and (node.module.split(".")[-1].startswith("test_") or node.module.endswith("conftest"))
    ]

    assert offending == []
