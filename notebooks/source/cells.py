"""The two kinds of cell a course notebook is made of.

A notebook is written once: its code cells are shared by the French and the
English version, its text cells carry both languages. ``build.py`` turns one
``Notebook`` into ``fr/<fr_name>.ipynb`` and ``en/<en_name>.ipynb``.

Exercises. A code cell made with ``exercise(solution, student)`` shows the
solution in the full notebook and ``student`` (the cell the student
completes) in the exercise version, which ``build.py`` writes to
``fr/exercises/`` and ``en/exercises/`` under the same file name. A notebook
with no exercise cell has no exercise version. A text made with
``answer(fr, en)`` (the answer to a question of the statement) shows in the
full notebook only; the exercise version has, in its place, a cell where the
student writes an answer.

Language. In a code cell, the token ``@lang@`` stands for the notebook's
language (``fr`` or ``en``): ``set_language("@lang@")`` makes the library
print and draw in French in the French notebook.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

LANGUAGES = ("fr", "en")
LANGUAGE_TOKEN = "@lang@"


# What the exercise version shows in place of an ``answer`` text.
ANSWER_PROMPT = {"fr": "**Votre réponse\u00a0:**", "en": "**Your answer:**"}


@dataclass(frozen=True)
class Text:
    """A markdown cell, in French and in English; an ``answer`` is replaced by
    ``ANSWER_PROMPT`` in the exercise version."""

    fr: str
    en: str
    answer: bool = False

    def markdown(self, language: str, exercise: bool = False) -> str:
        """The cell's text in ``language``, in the exercise version or the full one."""
        if exercise and self.answer:
            return ANSWER_PROMPT[language]
        return self.fr if language == "fr" else self.en


@dataclass(frozen=True)
class Code:
    """A code cell, the same in every language; ``student`` is the cell the
    exercise version shows instead, or None if both versions show ``source``."""

    source: str
    student: str | None = None

    def text(self, language: str, exercise: bool = False) -> str:
        """The cell's code in ``language``, in the exercise version or the full one."""
        source = self.student if exercise and self.student is not None else self.source
        return source.replace(LANGUAGE_TOKEN, language)


@dataclass(frozen=True)
class Notebook:
    """One notebook of the course: its file names and its cells, in order."""

    number: int
    fr_name: str
    en_name: str
    cells: tuple

    def name(self, language: str) -> str:
        return f"{self.number:02d}_{self.fr_name if language == 'fr' else self.en_name}"

    @property
    def has_exercises(self) -> bool:
        return any(isinstance(c, Code) and c.student is not None for c in self.cells)


def text(fr: str, en: str) -> Text:
    return Text(french_spacing(_clean(fr)), _clean(en))


def answer(fr: str, en: str) -> Text:
    """The answer to a question of the statement: in the full notebook only."""
    return Text(french_spacing(_clean(fr)), _clean(en), answer=True)


def code(source: str) -> Code:
    return Code(_clean(source))


def exercise(solution: str, student: str) -> Code:
    """A code cell the student writes: ``solution`` in the full notebook,
    ``student`` (what to complete) in the exercise version."""
    return Code(_clean(solution), _clean(student))


# Code and formulas, where the spaces are the author's: fenced blocks, `inline code`,
# $$display$$ and $inline$ mathematics.
VERBATIM = re.compile(r"(```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$)", re.S)


def french_spacing(markdown: str) -> str:
    r"""French typography in a markdown text: the space before : ; ? ! and the spaces
    inside « » become non-breaking, so that a line never starts with the sign. Code
    and formulas are left as written.

    >>> french_spacing("Le plan : « `a : b` » ?")
    'Le plan\xa0: «\xa0`a : b`\xa0»\xa0?'
    """
    parts = VERBATIM.split(markdown)
    for k in range(0, len(parts), 2):  # the even parts are prose
        prose = re.sub(r" ([:;?!])", "\u00a0\\1", parts[k])
        parts[k] = prose.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    return "".join(parts)


def _clean(s: str) -> str:
    return textwrap.dedent(s).strip("\n").rstrip()
