"""The layout is the design: two flows (the read side in `rendition/`, the write side in `editorial/`) over a
thin shared HTTP edge (`web/`), each layer importing only the layers below it, and no import circle."""

import ast
from pathlib import Path

import pytest

from tests.helpers import PROJECT

SERVICE = PROJECT / "service"
LAYERS: list[set[str]] = [
    {"app", "cli"},  # wiring and the command line
    {"editorial", "reader", "apps", "search"},  # the surfaces: what each kind of client reaches
    {"web"},  # the HTTP edge every surface shares
    {"rendition", "store"},  # the read side and persistence, side by side: neither knows the other
    {"choice"},
    {"errors"},
    {"i18n", "settings", "logs"},
    {"content"},
    {"structs", "english"},
]
"""From the top down: a package may import the packages of the layers below its own, never its own layer's
others (`reader` and `apps` never reach into `editorial`) and never a layer above."""
MOST_OF_THE_CODE = 0.25
"""No top-level package holds more than this share of the service's lines: one that grows past it is split."""
EDGE_LINES = 2000
"""The shared HTTP edge stays thin: what grows there belongs to a surface or to the read side."""


def _top(module: str) -> str:
    """`service.rendition.urls` → `rendition`; `service.app` → `app`."""
    return module.split(".")[1]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SERVICE.rglob("*.py")):
        if "migrations" in path.parts:  # Alembic's scripts, not modules anyone imports
            continue
        name = ".".join(path.relative_to(PROJECT).with_suffix("").parts).removesuffix(".__init__")
        if name != "service":  # the root package: its docstring only
            found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The `service` modules `path` imports (a name imported from a package counts as its module when it is one)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("service."):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in modules else node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("service."))
    return names


MODULES = _modules()
GRAPH = {name: _imports(path, MODULES) for name, path in MODULES.items()}


def _layer(package: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if package in layer)


def test_every_package_has_its_layer() -> None:
    assert {_top(name) for name in MODULES} == set().union(*LAYERS)


@pytest.mark.parametrize("package", sorted(set().union(*LAYERS)))
def test_no_package_imports_its_own_layer_or_one_above(package: str) -> None:
    wrong = {
        f"{module} → {imported}"
        for module, imports in GRAPH.items()
        if _top(module) == package
        for imported in imports
        if _top(imported) != package and _layer(_top(imported)) <= _layer(package)
    }

    assert wrong == set()


def test_no_module_imports_itself_in_a_circle() -> None:
    """Depth-first search for a way back: the first circle found is named, module by module."""
    done: set[str] = set()

    def circle_from(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for imported in sorted(GRAPH.get(module, ())):
            found = circle_from(imported, [*path, module])
            if found:
                return found
        done.add(module)
        return None

    assert [circle for module in sorted(GRAPH) if (circle := circle_from(module, []))][:1] == []


def _lines(package: str) -> int:
    return sum(len(MODULES[name].read_text("utf-8").splitlines()) for name in MODULES if _top(name) == package)


def test_no_package_holds_most_of_the_code() -> None:
    total = sum(_lines(package) for package in set().union(*LAYERS))
    shares = {package: round(_lines(package) / total, 2) for package in set().union(*LAYERS)}

    assert {package: share for package, share in shares.items() if share > MOST_OF_THE_CODE} == {}


def test_the_shared_http_edge_stays_thin() -> None:
    assert _lines("web") < EDGE_LINES


def test_every_package_says_its_one_job() -> None:
    packages = [SERVICE, *sorted({path.parent for path in MODULES.values() if path.name == "__init__.py"})]

    assert [
        str(package.relative_to(PROJECT))
        for package in packages
        if not ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
    ] == []


def test_the_choice_is_imported_by_the_read_side_and_the_edge() -> None:
    for package in ("rendition", "web"):
        assert any(
            _top(module) == package and any(_top(i) == "choice" for i in imports) for module, imports in GRAPH.items()
        ), package


def test_every_public_module_declares_its_interface() -> None:
    missing = [
        str(path.relative_to(PROJECT))
        for path in MODULES.values()
        if path.name not in {"__init__.py", "__main__.py"} and "__all__" not in path.read_text("utf-8")
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
