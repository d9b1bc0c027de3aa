"""Helpers shared by several test files: the lessons' example graph, headless Chromium,
and folders built once per test session."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from retrograd import Value

ROOT = Path(__file__).resolve().parents[1]

# The system's Chromium (Debian's package installs /usr/bin/chromium; Fedora's is
# chromium-browser), driven through Playwright: no browser download.
CHROMIUM = (os.environ.get("RETROGRAD_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot is not installed (`make system-deps` installs it)")
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f"Chromium is not installed ({CHROMIUM}); `make system-deps` installs it or says how")


def at_least(n: int) -> int:
    """Examples for a property that every full run checks on ``n`` cases at least: the
    profile's count when it is larger, and the quick profile's own (``make check``).
    Called where a test module is imported, once the profile is loaded."""
    from hypothesis import settings

    drawn = settings.default.max_examples
    return drawn if drawn < 100 else max(drawn, n)


def lesson_values() -> dict[str, Value]:
    """The lessons' L = (a*b + c) * f, each Value labelled with its name, by name."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return {"a": a, "b": b, "c": c, "e": e, "d": d, "f": f, "L": L}


def lesson_graph() -> Value:
    """The root L of the lessons' graph."""
    return lesson_values()["L"]


@contextlib.contextmanager
def chromium():
    """A headless Chromium browser (Playwright), closed on exit."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test session's temporary folder, the same for all its xdist workers."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root  # above each worker's


def build_once(root: Path, name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``root / name``, filled by ``build(folder)`` unless it already was: the
    first process to ask builds it, the others wait for it."""
    folder, done = root / name, root / f"{name}.built"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def once_per_session(tmp_path_factory: pytest.TempPathFactory, name: str,
                     build: Callable[[Path], None]) -> Path:
    """``build_once`` in the session's folder: built once per test session and shared by
    its xdist workers (a session-scoped fixture would be built once per worker)."""
    return build_once(session_folder(tmp_path_factory), name, build)


def build_site(out: Path) -> None:
    """The course site, as `make docs` builds it (strict mode), into ``out``."""
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                       cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert r.returncode == 0, r.stderr[-4000:]


if __name__ == "__main__":  # python tests/helpers.py FOLDER: the site, built there once
    build_once(Path(sys.argv[1]), "site", build_site)
