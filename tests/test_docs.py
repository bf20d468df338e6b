"""The README documents every setting and every command (datasette tests its docs)."""

import re
from pathlib import Path

import pytest

from marsad.cli import build_parser

pytestmark = [pytest.mark.unit]

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "src" / "marsad").rglob("*.py"):
        names.update(re.findall(r'"((?:MARSAD|DATABASE)_[A-Z_]+)"', path.read_text()))
    return names


def test_every_environment_variable_is_in_the_readme_table() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, re.M))

    assert variables_read_by_the_code() - documented == set()
    assert "MARSAD_DATA_DIR" in documented


def test_every_subcommand_is_in_the_readme() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")

    missing = [name for name in subparsers.choices if f"`marsad {name}" not in README]

    assert missing == []


def test_readme_links_point_to_existing_files() -> None:
    links = re.findall(r"\]\(((?:docs/)[^)#]+)", README)

    assert links
    assert [link for link in links if not (ROOT / link).exists()] == []
