"""A content directory read for its structure alone, without the rules: for tests of loading itself.

The service reads directories through the gate (`service.content.gate.read_content`, `check_content`);
this is the part of it that builds answers from files, so a test can look at loading without the rules.
"""

from pathlib import Path

from service.content.catalog import Catalog
from service.content.files import Paths, answer_folders, stray_file
from service.content.loader import load_answer
from service.content.model import Answer
from service.content.problems import Problem, Rule, Severity
from service.structs import Record

__all__ = ["LoadResult", "load_catalog"]


class LoadResult(Record):
    """A catalog of every answer that could be read, and what is wrong with the directory."""

    catalog: Catalog
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing found is an error (warnings allowed)."""
        return not any(problem.severity is Severity.ERROR for problem in self.problems)


def load_catalog(directory: Path) -> LoadResult:
    """Read every answer folder under `directory` (structure only; `service.content.gate` adds the rules)."""
    if not directory.is_dir():
        problem = Problem(file=str(directory), line=1, rule=Rule.UNKNOWN_FILE, message="not a directory")
        return LoadResult(catalog=Catalog.empty(), problems=(problem,))
    paths = Paths(directory)
    folders, stray = answer_folders(directory)
    slugs = frozenset(folder.name for folder in folders)
    problems = [stray_file(paths, entry) for entry in stray]
    answers: dict[str, Answer] = {}
    for folder in folders:
        loaded = load_answer(paths, folder, slugs)
        problems.extend(loaded.problems)
        if loaded.answer is not None and loaded.metadata_ok:
            answers[loaded.answer.slug] = loaded.answer
    return LoadResult(catalog=Catalog.of(answers), problems=tuple(problems))
