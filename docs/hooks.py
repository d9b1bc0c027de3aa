"""MkDocs hooks for the course site (`make docs`).

The site is built from what the repository already holds, so that nothing is
written twice: the home page is the README, the course is the stored notebooks
of notebooks/fr and notebooks/en, and the API reference has one page per public
module of src/retrograd, found here, so that a new or split module gets its page
without editing mkdocs.yml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import mathjax
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "retrograd"
COURSE = {"fr": "Cours (français)", "en": "Course (English)"}


def modules() -> list[str]:
    """The public modules of the package, in alphabetical order."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(part.startswith("_") for part in parts):
            names.append(".".join(parts))
    return names


def notebooks(language: str) -> list[Path]:
    return sorted((ROOT / "notebooks" / language).glob("*.ipynb"))


def on_config(config):
    config.nav = [
        {"Home": "index.md"},
        *({title: [f"notebooks/{lang}/{p.name}" for p in notebooks(lang)]}
          for lang, title in COURSE.items()),
        {"API reference": [{name: f"api/{name}.md"} for name in modules()]},
    ]
    return config


# Before mkdocs-jupyter's own on_files, which turns each .ipynb file into a page.
@event_priority(100)
def on_files(files, config):
    for lang in COURSE:
        for path in notebooks(lang):
            files.append(File(path.relative_to(ROOT).as_posix(), src_dir=str(ROOT),
                              dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))
    for name in modules():
        files.append(File.generated(config, f"api/{name}.md", content=f"# {name}\n\n::: {name}\n"))
    return files


# The notebook pages load MathJax 2 from a CDN; they get MathJax 3 from the
# django-static-mathjax package instead, copied into the site by on_post_build.
MATHJAX_START, MATHJAX_END = "<!-- Load mathjax -->", "<!-- End of mathjax configuration -->"
MATHJAX = r"""<script>
window.MathJax = {tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], processEscapes: true}};
</script>
<script src="ROOT/javascripts/mathjax/tex-mml-chtml.js"></script>
"""


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    start, end = output.find(MATHJAX_START), output.find(MATHJAX_END)
    if start < 0 or end < start:
        raise ValueError(f"{page.file.src_uri}: no MathJax block found to replace; "
                         "see docs/hooks.py")
    root = "/".join([".."] * page.url.count("/")) or "."
    return output[:start] + MATHJAX.replace("ROOT", root) + output[end + len(MATHJAX_END):]


def on_post_build(config):
    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    shutil.copytree(es5, Path(config.site_dir) / "javascripts" / "mathjax", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("sre", "*svg*", "*-full*"))
