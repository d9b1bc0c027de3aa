"""The Makefile's promises, read from `make -n` (what make would run): a light
`make demo`, `make test` with everything, a quick `make check`, `make lab` that
starts as root and installs once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str, venv: Path) -> str:
    r = subprocess.run(["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True,
                       text=True, check=True)
    return r.stdout


def installs(printed: str) -> list[str]:
    return re.findall(r"pip install -e (\S+)", printed)


def test_demo_installs_the_runtime_dependencies_only(tmp_path):
    printed = dry_run("demo", tmp_path)
    assert installs(printed) == ["."]
    assert "retrograd demo" in printed
    runtime = " ".join(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    for heavy in ("torch", "playwright", "jupyter", "ipykernel", "nbclient", "mkdocs"):
        assert heavy not in runtime


def test_test_installs_the_test_and_docs_extras_and_runs_everything(tmp_path):
    printed = dry_run("test", tmp_path)
    assert installs(printed) == [".", "'.[test]'", "'.[docs]'"]
    assert re.search(r"-m pytest -n 2\b", printed) and "not slow" not in printed
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_test_deep_runs_everything_with_300_examples_per_property(tmp_path):
    from hypothesis import settings

    printed = dry_run("test-deep", tmp_path)
    assert "HYPOTHESIS_PROFILE=deep" in printed and "not slow" not in printed
    assert settings.get_profile("deep").max_examples == 300
    assert settings.get_profile("ci").max_examples == 100  # what `make test` draws


def test_check_leaves_out_the_slow_tests(tmp_path):
    assert '-m "not slow"' in dry_run("check", tmp_path)


def test_lab_starts_jupyterlab_as_root_and_installs_only_once(tmp_path):
    printed = dry_run("lab", tmp_path)
    assert installs(printed) == [".", "'.[lab]'"]
    command = next(line for line in printed.splitlines() if "jupyter lab" in line)
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    assert command.endswith("notebooks/")
    for stamp in (".installed", ".installed-lab"):
        (tmp_path / stamp).touch()  # newer than pyproject.toml: nothing to install
    assert installs(dry_run("lab", tmp_path)) == []


def test_docs_builds_the_site_strictly(tmp_path):
    printed = dry_run("docs", tmp_path)
    assert installs(printed) == [".", "'.[docs]'"] and "mkdocs build --strict" in printed
