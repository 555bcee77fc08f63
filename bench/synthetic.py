"""Write a synthetic content directory: N answers, each in three audiences and two locales.

    python bench/synthetic.py DIR [--answers 10000]

Texts are short but real Markdown with a list, citations and quantities, shaped like the bundled answer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

AUDIENCES = ("clinician", "nurse", "family")
LOCALES = {
    "en": ("What should happen for case {n}?", "Before", "After", "Note"),
    "es": ("¿Qué debe pasar en el caso {n}?", "Antes", "Después", "Aviso"),
}


def write_answer(root: Path, number: int, total: int) -> None:
    slug = f"synthetic-{number:05d}"
    folder = root / slug
    questions = "\n".join(f'{locale} = "{texts[0].format(n=number)}"' for locale, texts in LOCALES.items())
    related = f'\n[[related]]\nslug = "synthetic-{(number + 1) % total:05d}"\n' if number % 2 else ""
    (folder).mkdir(parents=True)
    (folder / "answer.toml").write_text(
        f'slug = "{slug}"\nlast_updated = 2026-01-{1 + number % 28:02d}\nsections = ["before", "after"]\n\n'
        f'[question]\n{questions}\n\n[review]\nstatus = "submitted"\n\n'
        '[[citations]]\nnumber = 1\ndescription = "A synthetic source."\n' + related,
        encoding="utf-8",
    )
    for locale, (_, before, after, note) in LOCALES.items():
        (folder / locale).mkdir()
        for audience in AUDIENCES:
            (folder / locale / f"{audience}.md").write_text(
                f"## {before} {{#before}}\n\nText {number} for the {audience} before the scan [1].\n\n"
                f"- Give 5 mg every 3 weeks.\n- Watch for fever.\n\n"
                f"## {after} {{#after}}\n\nText {number} for the {audience} after the scan.\n\n"
                f"## {note} {{#disclaimer}}\n\nAsk the team.\n",
                encoding="utf-8",
            )


def main() -> None:
    """Write the directory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--answers", type=int, default=10_000)
    arguments = parser.parse_args()
    arguments.directory.mkdir(parents=True, exist_ok=True)
    for number in range(arguments.answers):
        write_answer(arguments.directory, number, arguments.answers)


if __name__ == "__main__":
    main()
