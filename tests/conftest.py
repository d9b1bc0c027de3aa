"""Shared test settings.

How many examples each property test draws: `make test` (CI) draws 100 for each
property, and for each case of a parametrized one; `make test-deep` draws 300;
`make check`, the quick edit loop, 10. HYPOTHESIS_PROFILE chooses: ci (the default),
deep or check.

How a session runs on two workers (`make test`): the slow tests go first, so that the
quick ones fill the gaps at the end instead of one worker waiting for the other's long
test, and first of all those that mostly wait (a time limit running out), while the
course site builds: it starts building in another process as the session begins, and the
tests that read it come last, with the browser tests, for which each worker starts one
browser (Playwright's event loop then stays in the worker's thread: nothing else runs
after them).

And the cycle collector keeps out of the way. The objects every test module imports
(PyTorch, scikit-learn, matplotlib, Jupyter's client: about 300,000) are frozen once
collected, and automatic collections pause during each test's body. Otherwise the full
passes that the scalar engine's many nodes set off scan those objects again and again:
micrograd's demo through `fit` took twice as long, and micrograd's own steps spend nine
tenths of their time there. Cyclic garbage a test leaves is collected after it, and
explicit gc.collect() calls still work.
"""

import gc
import importlib.util
import os
import subprocess
import sys

import pytest
from hypothesis import settings

import helpers

settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=300, deadline=None, print_blob=True)
settings.register_profile("check", max_examples=10, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items):
    def rank(item):  # waiting first, then slow; the browser's and the site's users last
        if {"browser", "site"} & set(getattr(item, "fixturenames", ())):
            return 3
        if item.get_closest_marker("waits"):
            return 0
        return 1 if item.get_closest_marker("slow") else 2
    items.sort(key=rank)  # a stable sort: each group keeps its order


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    enabled = gc.isenabled()
    gc.disable()
    try:
        return (yield)
    finally:
        if enabled:
            gc.enable()


@pytest.fixture(scope="session", autouse=True)
def site_builder(request, tmp_path_factory):
    """A process that builds the course site while the session runs, if a test reads it
    (the `site` fixture waits for it, and builds the site itself if this build failed)."""
    readers = [item for item in request.session.items
               if "site" in getattr(item, "fixturenames", ())]
    if not readers or importlib.util.find_spec("mkdocs") is None:
        yield None
        return
    builder = subprocess.Popen([sys.executable, helpers.__file__,
                                str(helpers.session_folder(tmp_path_factory))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield builder
    builder.wait()


@pytest.fixture(scope="session")
def shared_browser():
    with helpers.chromium() as b:
        yield b


@pytest.fixture
def browser(shared_browser):
    """The worker's headless Chromium, launched once (a launch costs about a second); the
    pages a test opens are closed after it."""
    yield shared_browser
    for context in shared_browser.contexts:
        context.close()
