"""The README's Python examples run, and print what the README says they print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_each_example_runs_and_prints_what_its_comments_say(index, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[index], f"README example {index}", "exec"), {"__name__": "__readme__"})
    printed = capsys.readouterr().out.split()
    # A comment after print(...) gives the numbers it prints, e.g. "# -8.0 6.0 -4.0".
    for line in BLOCKS[index].splitlines():
        if line.lstrip().startswith("print(") and "#" in line:
            expected = line.split("#", 1)[1].split()
            assert expected == printed[:len(expected)]
            printed = printed[len(expected):]


def test_the_readme_lists_every_operation_of_the_engine():
    from retrograd.engine import FUNCTIONS

    text = README.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `retrograd.engine`"))
    assert all(f"`{name}`" in row for name in FUNCTIONS)
