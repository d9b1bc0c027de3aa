"""The course site (`make docs`): it builds in strict mode (no broken link or
reference), holds the course in both languages, the API reference and the
README, and works from the file system with no network: nothing is loaded from
another host, search runs, formulas are typeset."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import build_site, needs_chromium, once_per_session

ROOT = Path(__file__).resolve().parents[1]
# One build for the whole session, shared by the xdist workers (helpers.once_per_session)
# and started in another process when the session begins (conftest.py).
pytestmark = pytest.mark.slow

# What a page loads by itself (links a reader may follow are <a href> and do not count).
RESOURCE = re.compile(r'<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)="([^"]*)"')


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_builder) -> Path:
    pytest.importorskip("mkdocs", reason="the site needs the docs extra (`make docs` installs it)")
    if site_builder is not None:
        site_builder.wait()  # started as the session began (conftest.py)
    return once_per_session(tmp_path_factory, "site", build_site)


def text_of(page: Path) -> str:
    words = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    return " ".join(words.split())


def first_heading(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"])
    return " ".join(source.splitlines()[0].lstrip("# ").split())  # as text_of reads a page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_notebook_is_a_page_with_its_outputs(site, language):
    notebooks = sorted((ROOT / "notebooks" / language).glob("*.ipynb"))
    assert len(notebooks) == 6
    for notebook in notebooks:
        page = site / "notebooks" / language / f"{notebook.stem}.html"
        text = text_of(page)
        assert first_heading(notebook) in text, page
    # a stored output: the lesson's L = (a*b + c) * f backward gives a.grad == 6.0
    assert "jp-OutputArea" in (site / "notebooks" / language / f"{notebooks[0].stem}.html").read_text()


def test_the_api_reference_comes_from_the_docstrings(site):
    from retrograd import engine, optim

    for module, obj in [("retrograd.engine", engine.Value.backward), ("retrograd.optim", optim.Adam)]:
        # compared without spaces: the page's markup splits "(``x``)" into "( x )"
        first_line = "".join(obj.__doc__.strip().splitlines()[0].replace("`", "").split())
        assert first_line in "".join(text_of(site / "api" / f"{module}.html").split()), module
    # doctest examples are shown as code, not as nested quotes
    assert "<blockquote>" not in (site / "api" / "retrograd.optim.html").read_text()


def test_the_home_page_is_the_readme(site):
    text = text_of(site / "index.html")
    for line in ("make demo", "make test", "make docs", "make check", "make lab"):
        assert line in text
    # nothing of the docs folder's Python: the hooks, nor the bytecode Python caches for them
    assert [p.name for p in site.rglob("*.py*")] == []


def test_no_page_loads_anything_from_another_host(site):
    checked = 0
    for page in site.rglob("*.html"):
        for url in RESOURCE.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(html.unescape(url))
            if parts.scheme == "data":  # a picture stored in the page itself
                continue
            assert not parts.scheme and not parts.netloc, f"{page.relative_to(site)} loads {url}"
            if parts.path and page.name != "404.html":  # served from the site's root
                target = (page.parent / unquote(parts.path)).resolve()
                assert target.is_file(), f"{page.relative_to(site)} loads missing {url}"
                checked += 1
    assert checked > 100
    for sheet in site.rglob("*.css"):
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", sheet.read_text()), sheet


@needs_chromium
def test_search_and_formulas_work_from_the_file_system(site, browser):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("s")
    page.locator("input.md-search__input").press_sequentially("rétropropagation")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    assert "notebooks/fr/" in page.locator(".md-search-result__item a").first.get_attribute("href")

    page.goto((site / "notebooks" / "en" / "01_derivatives_to_backprop.html").as_uri())
    page.wait_for_selector("mjx-container", timeout=30_000)
    assert page.locator("mjx-container").count() > 20
    page.close()
    assert errors == []
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
