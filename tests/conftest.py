"""Shared test settings.

How many examples each property test draws: `make test` (CI) draws 100 for each
property, and for each case of a parametrized one; `make test-deep` draws 300;
`make check`, the quick edit loop, 10. HYPOTHESIS_PROFILE chooses: ci (the default),
deep or check.

How a session runs on two workers (`make test`): the slow tests go first, so that the
quick ones fill the gaps at the end instead of one worker waiting for the other's long
test; the course site starts building in the background as the session begins, and the
tests that read it come last; each worker starts one browser for its browser tests.

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
import threading

import pytest
from hypothesis import settings

from helpers import build_site, chromium, once_per_session

settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=300, deadline=None, print_blob=True)
settings.register_profile("check", max_examples=10, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items):
    def rank(item):  # slow first, the site's readers last: it is built meanwhile
        return 2 if "site" in item.fixturenames else item.get_closest_marker("slow") is None
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
def site_in_background(request, tmp_path_factory):
    """Start building the site if a test of this session reads it (the `site` fixture
    waits for the build; if this one fails, that fixture builds again and reports why)."""
    if (importlib.util.find_spec("mkdocs") is None
            or not any("site" in item.fixturenames for item in request.session.items)):
        yield
        return
    tmp_path_factory.getbasetemp()  # made here, not in two threads at once
    builder = threading.Thread(target=build_quietly, args=(tmp_path_factory,), daemon=True)
    builder.start()
    yield
    builder.join()


def build_quietly(tmp_path_factory):
    try:
        once_per_session(tmp_path_factory, "site", build_site)
    except Exception:  # the `site` fixture builds again and reports the failure
        pass


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for all the browser tests a worker runs (each opens its own
    pages): a launch costs about a second."""
    with chromium() as b:
        yield b
